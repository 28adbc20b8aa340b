package watchlist_test

import (
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"meridian"
	"meridian/watchlist"
)

// TestReadFtMExport reads an export shaped like a real screening list's:
// persons among companies, sanctions, addresses, links and identity
// documents, in no helpful order. The persons are imported with what the
// other entities say about them; everything else is counted, nothing is
// an error.
func TestReadFtMExport(t *testing.T) {
	f, err := os.Open("testdata/export.ftm.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var persons []*meridian.WatchPerson
	var docs []*meridian.WatchDocument
	rep, errs, err := watchlist.ReadFtMReport(f, meridian.CategorySuspect, func(e watchlist.Entry) error {
		if e.Person != nil {
			persons = append(persons, e.Person)
		} else {
			docs = append(docs, e.Document)
		}
		return validate(e)
	})
	if err != nil || errs != nil {
		t.Fatalf("errors %v, %v", errs, err)
	}
	if len(persons) != 2 || len(docs) != 1 {
		t.Fatalf("%d persons and %d documents, want 2 and 1", len(persons), len(docs))
	}
	dragan, milan := persons[0], persons[1]
	if dragan.Ref != "NK-9c1e2f" || dragan.Category != meridian.CategorySuspect || !slices.Equal(dragan.Nationalities, []string{"RS"}) {
		t.Errorf("Dragan: %+v", dragan)
	}
	wantSanctions := []meridian.WatchSanction{
		{Authority: "Office of Foreign Assets Control", Program: "TCO; US-TCO", StartDate: "2024-01-30",
			Reason: "Leader of a transnational criminal organisation smuggling migrants across the Balkan route"},
		{Authority: "Council of the European Union", Program: "EU smuggling regime", Reason: "Involved in migrant smuggling", StartDate: "2024-07-22"},
	}
	if !slices.Equal(dragan.Sanctions, wantSanctions) {
		t.Errorf("Dragan's sanctions %+v, want %+v", dragan.Sanctions, wantSanctions)
	}
	if !slices.Equal(dragan.Addresses, []string{"Vojvode Mišića 14, 18000 Niš, Serbia"}) {
		t.Errorf("Dragan's addresses %q", dragan.Addresses)
	}
	// The passport he holds is his document, not a stolen one.
	wantDocs := []meridian.DocRef{{Number: "009812345", Type: "passport"}, {Number: "012345678", IssuingState: "RS", Type: "passport"}}
	if !slices.Equal(dragan.Documents, wantDocs) {
		t.Errorf("Dragan's documents %+v, want %+v", dragan.Documents, wantDocs)
	}
	// Milan's national ID is both his idNumber and an Identification: once.
	if milan.Ref != "NK-3b7d00" || len(milan.Documents) != 1 || milan.Documents[0].Number != "1502981730011" ||
		!slices.Equal(milan.Addresses, []string{"Bulevar Nemanjića 3, Niš"}) || !slices.Equal(milan.Nationalities, []string{"RS"}) || milan.Sanctions != nil {
		t.Errorf("Milan: %+v", milan)
	}
	if d := docs[0]; d.Ref != "interpol-sltd-4411" || d.Status != "stolen" || d.Number != "P7712093" || d.IssuingState != "MD" {
		t.Errorf("listed document %+v", d)
	}
	got := map[string]int{}
	for _, tl := range rep.Skipped {
		got[strings.SplitN(tl.What, ":", 2)[0]+"@"+strconv.Itoa(tl.FirstLine)] += tl.Count
	}
	want := map[string]int{"Person nationality@2": 2, "Company@6": 1, "Sanction@7": 1, "Ownership@8": 1, "Directorship@9": 1,
		"Family@10": 1, "Passport@14": 1, "CryptoWallet@15": 1}
	if !maps.Equal(got, want) {
		t.Errorf("skipped %v, want %v", got, want)
	}
	att := map[string]int{}
	for _, tl := range rep.Attached {
		att[strings.SplitN(tl.What, ":", 2)[0]] += tl.Count
	}
	if want := map[string]int{"Sanction": 2, "Address": 1, "Passport": 1, "Identification": 1}; !maps.Equal(att, want) {
		t.Errorf("attached %v, want %v", att, want)
	}
}

// TestReadFtMOrder: references resolve whichever line comes first, also
// from a reader that cannot seek.
func TestReadFtMOrder(t *testing.T) {
	lines := []string{
		`{"id":"s1","schema":"Sanction","properties":{"entity":["p1"],"program":["P"]}}`,
		`{"id":"p1","schema":"Person","properties":{"name":["Ana Lima"],"addressEntity":["a1"]}}`,
		`{"id":"a1","schema":"Address","properties":{"street":["Rua A 1"],"city":["Porto"],"country":["pt"]}}`,
		`{"id":"d1","schema":"Passport","properties":{"holder":["p1"],"number":["PT1"],"country":["pt"]}}`,
	}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {1, 3, 0, 2}} {
		var in []string
		for _, i := range order {
			in = append(in, lines[i])
		}
		var p *meridian.WatchPerson
		_, errs, err := watchlist.ReadFtMReport(onlyReader{strings.NewReader(strings.Join(in, "\n"))}, "wanted", func(e watchlist.Entry) error {
			p = e.Person
			return validate(e)
		})
		if err != nil || errs != nil || p == nil {
			t.Fatalf("order %v: %v %v", order, errs, err)
		}
		if len(p.Sanctions) != 1 || !slices.Equal(p.Addresses, []string{"Rua A 1, Porto, pt"}) || len(p.Documents) != 1 {
			t.Errorf("order %v: %+v", order, p)
		}
	}
}

type onlyReader struct{ r *strings.Reader }

func (o onlyReader) Read(b []byte) (int, error) { return o.r.Read(b) }
