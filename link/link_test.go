package link_test

import (
	"context"
	"strings"
	"testing"

	"meridian"
	"meridian/link"
)

func ftm(t *testing.T, lines ...string) []link.Record {
	t.Helper()
	recs, err := link.ReadFtM(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func pairs(t *testing.T, lines ...string) []meridian.LinkProposal {
	t.Helper()
	ps, err := link.Pairs(context.Background(), ftm(t, lines...), link.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func find(ps []meridian.LinkProposal, a, b string) *meridian.LinkProposal {
	for i := range ps {
		if ps[i].A.RecordID == a && ps[i].B.RecordID == b || ps[i].A.RecordID == b && ps[i].B.RecordID == a {
			return &ps[i]
		}
	}
	return nil
}

// TestSharedPassportFuzzyName: a fuzzy name alone is not proposed, a
// shared passport with it is, as the same person, scoring more than the
// name alone.
func TestSharedPassportFuzzyName(t *testing.T) {
	a := `{"id":"a","schema":"Person","properties":{"name":["Ivana Jankovic"],"nationality":["rs"]%s}}`
	b := `{"id":"b","schema":"Person","properties":{"firstName":["Ivna"],"lastName":["Jnakovich"]%s}}`
	if p := find(pairs(t, strings.Replace(a, "%s", "", 1), strings.Replace(b, "%s", "", 1)), "a", "b"); p != nil {
		t.Fatalf("fuzzy name alone proposed: %.3f %s", p.Score, link.Explain(p))
	}
	ps := pairs(t, strings.Replace(a, "%s", `,"passportNumber":["012345678"]`, 1),
		strings.Replace(b, "%s", `,"passportNumber":["O12345678"]`, 1))
	p := find(ps, "a", "b")
	if p == nil {
		t.Fatal("shared passport with a fuzzy name not proposed")
	}
	if p.Relation != meridian.RelationSamePerson || p.Score < link.DefaultThreshold {
		t.Fatalf("got %s %.3f: %s", p.Relation, p.Score, link.Explain(p))
	}
	var doc, name bool
	for _, e := range p.Evidence {
		doc = doc || e.Kind == meridian.EvidenceKey && e.KeyType == meridian.KeyDocument && e.Agree == meridian.AgreeFuzzy &&
			strings.Contains(e.Text, "O/0")
		name = name || e.Kind == meridian.EvidenceName && e.Agree == meridian.AgreeFuzzy
	}
	if !doc || !name {
		t.Fatalf("evidence lacks the O/0 document or the fuzzy name: %s", link.Explain(p))
	}
}

// TestCommonNameOtherDate: namesakes born years apart are not linked.
func TestCommonNameOtherDate(t *testing.T) {
	ps := pairs(t,
		`{"id":"a","schema":"Person","properties":{"name":["Mohammed Ali"],"birthDate":["1980-01-05"],"gender":["male"]}}`,
		`{"id":"b","schema":"Person","properties":{"name":["Mohammed Ali"],"birthDate":["1992-07-19"],"gender":["male"]}}`)
	if p := find(ps, "a", "b"); p != nil {
		t.Fatalf("namesakes proposed: %.3f %s", p.Score, link.Explain(p))
	}
}

// TestCrossScript: a Cyrillic and a Latin record of one person are found
// through the name index, with no key in common.
func TestCrossScript(t *testing.T) {
	ps := pairs(t,
		`{"id":"a","schema":"Person","properties":{"name":["Олена Карпенко"],"birthDate":["1985-03-02"],"nationality":["ua"]}}`,
		`{"id":"x","schema":"Person","properties":{"name":["Maria Ivanova"],"birthDate":["1985-03-02"]}}`,
		`{"id":"b","schema":"Person","properties":{"firstName":["Olena"],"lastName":["Karpenko"],"birthDate":["1985-03-02"],"gender":["female"]}}`)
	p := find(ps, "a", "b")
	if p == nil || p.Relation != meridian.RelationSamePerson {
		t.Fatalf("cross-script pair not found: %v", ps)
	}
	if len(ps) != 1 {
		t.Fatalf("want one proposal, got %d", len(ps))
	}
}

// TestSharedPhoneIsNetwork: a suspect and a victim sharing a phone are
// proposed as a network link, and the explanation says they are not one
// person.
func TestSharedPhoneIsNetwork(t *testing.T) {
	ps := pairs(t,
		`{"id":"s","schema":"Person","properties":{"name":["Arben Hoxha"],"birthDate":["1979-02-11"],"gender":["male"],"phone":["+355 69 123 4567"]}}`,
		`{"id":"v","schema":"Person","properties":{"name":["Daria Kovalenko"],"birthDate":["2001-06-30"],"gender":["female"],"phone":["0035569 1234567"]}}`)
	p := find(ps, "s", "v")
	if p == nil || p.Relation != meridian.RelationNetwork {
		t.Fatalf("shared phone not proposed as a network link: %v", ps)
	}
	if x := link.Explain(p); !strings.Contains(x, "not the same person") || !strings.Contains(x, "+355691234567") {
		t.Fatalf("explanation: %s", x)
	}
}

// store is a Source over KeyMatches, as the store answers.
type store struct{ ms []meridian.KeyMatch }

func (s *store) FindByKeysForLinking(_ context.Context, keys []meridian.Key) ([]meridian.KeyMatch, error) {
	var out []meridian.KeyMatch
	for _, m := range s.ms {
		for _, k := range keys {
			if m.Key == k {
				out = append(out, m)
			}
		}
	}
	return out, nil
}

// TestDigestStable: the digest of a pair's evidence does not depend on
// which record arrived first nor on proposing again; it changes when new
// agreeing evidence appears (a rejected pair may then be proposed again).
func TestDigestStable(t *testing.T) {
	mk := func(id, name, dob string, phones ...string) *meridian.Person {
		p := &meridian.Person{Meta: meridian.Meta{ID: id, OwnerAgency: "ag-" + id, OwnerCountry: "RS"}, Role: meridian.RoleSuspect,
			Names: []meridian.Name{{Full: name}}, BirthDate: meridian.Date(dob), Sex: "M", Nationalities: []string{"RS"}}
		for _, ph := range phones {
			p.Identifiers = append(p.Identifiers, meridian.Identifier{Kind: meridian.IDPhone, Value: ph})
		}
		return p
	}
	a := mk("a1", "Dragan Petrović", "1975-04-12")
	b := mk("b2", "Драган Петровић", "1975-04-12")
	digest := func(first, second *meridian.Person, src link.Source) (string, float64) {
		e := link.New(src, link.Options{})
		ctx := context.Background()
		if _, err := e.Propose(ctx, first); err != nil {
			t.Fatal(err)
		}
		ps, err := e.Propose(ctx, second)
		if err != nil || len(ps) != 1 {
			t.Fatalf("want one proposal, got %v %v", ps, err)
		}
		again, _ := e.Propose(ctx, second)
		if len(again) != 1 || again[0].EvidenceDigest() != ps[0].EvidenceDigest() {
			t.Fatalf("proposing again changed the digest")
		}
		if ps[0].A.RecordID != "a1" {
			t.Fatalf("not normalised: %s", ps[0].A.RecordID)
		}
		return ps[0].EvidenceDigest(), ps[0].Score
	}
	d1, s1 := digest(a, b, nil)
	d2, s2 := digest(b, a, nil)
	if d1 != d2 || s1 != s2 {
		t.Fatalf("order changed the pair: %s %v / %s %v", d1, s1, d2, s2)
	}
	// A shared phone is new agreeing evidence: a new digest.
	ph := meridian.Key{Type: meridian.KeyPhone, Value: "+381641234567"}
	a3, b3 := mk("a1", "Dragan Petrović", "1975-04-12", "+381641234567"), mk("b2", "Драган Петровић", "1975-04-12", "+381641234567")
	src := &store{ms: []meridian.KeyMatch{{Key: ph, RecordID: "a1", RecordKind: "person"}, {Key: ph, RecordID: "b2", RecordKind: "person"}}}
	d3, s3 := digest(a3, b3, src)
	if d3 == d1 || s3 < s1 {
		t.Fatalf("a shared phone left the digest as it was (%v) or lowered the score (%v < %v)", d3 == d1, s3, s1)
	}
}

// TestStoreDocuments: in the store, documents are records of their own
// naming their holder; a document one edit from another ties the two
// holders, and Remove forgets a record.
func TestStoreDocuments(t *testing.T) {
	ctx := context.Background()
	e := link.New(&store{}, link.Options{})
	pa := &meridian.Person{Meta: meridian.Meta{ID: "pa"}, Role: meridian.RoleVictim, Names: []meridian.Name{{Full: "Svetlana Morozova"}}, Sex: "F"}
	pb := &meridian.Person{Meta: meridian.Meta{ID: "pb"}, Role: meridian.RoleVictim, Names: []meridian.Name{{Full: "Swetlana Morosowa"}}, Sex: "F"}
	e.Add(pa)
	if _, err := e.Propose(ctx, pb); err != nil {
		t.Fatal(err)
	}
	e.AddDocument(&meridian.Document{Meta: meridian.Meta{ID: "da"}, Type: "passport", Number: "753124689", IssuingState: "RU", PersonID: "pa"})
	ps, err := e.Propose(ctx, &meridian.Document{Meta: meridian.Meta{ID: "db"}, Type: "passport", Number: "753124698", IssuingState: "RU", PersonID: "pb"})
	if err != nil {
		t.Fatal(err)
	}
	p := find(ps, "pa", "pb")
	if p == nil || p.Relation != meridian.RelationSamePerson {
		t.Fatalf("holders of documents one edit apart not proposed: %v", ps)
	}
	if !strings.Contains(link.Explain(p), "one edit") {
		t.Fatalf("explanation: %s", link.Explain(p))
	}
	if !e.Remove("pa") || e.Remove("pa") {
		t.Fatal("Remove")
	}
	ps, _ = e.Propose(ctx, pb)
	if find(ps, "pa", "pb") != nil {
		t.Fatal("a removed person is still proposed")
	}
}

// TestReadFtMErrors: a malformed line is an error naming it.
func TestReadFtMErrors(t *testing.T) {
	good := `{"id":"a","schema":"Person","properties":{"name":["A B"]}}`
	for _, tc := range []struct{ in, want string }{
		{good + "\n{not json", "line 2: not a FollowTheMoney entity"},
		{good + "\n" + `{"schema":"Person","properties":{}}`, "line 2: id: required"},
		{good + "\n" + good, `line 2: id: id "a" is also on line 1`},
		{good + "\n\n" + `{"id":"b","schema":"Person","properties":"none"}`, "line 3: not a FollowTheMoney entity"},
		{`{"id":"b","schema":"Person","properties":{"name":[1]}}`, "line 1: properties.name: want a list of strings"},
	} {
		_, err := link.ReadFtM(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.in, err, tc.want)
		}
	}
	recs, err := link.ReadFtM(strings.NewReader(good + "\n" + `{"id":"p","schema":"Passport","properties":{}}` + "\n"))
	if err != nil || len(recs) != 1 {
		t.Fatalf("other schemas: %v %v", recs, err)
	}
	// A date that is no date is left out and said, the line kept.
	recs, err = link.ReadFtM(strings.NewReader(good + "\n" + `{"id":"b","schema":"Person","properties":{"name":["C D"],"birthDate":["2002-02-29","31/12/1990"]}}`))
	if err != nil || len(recs) != 2 || recs[1].Person.BirthDate != "1990-12-31" ||
		len(recs[1].Skipped) != 1 || !strings.Contains(recs[1].Skipped[0], "line 2: properties.birthDate") {
		t.Fatalf("unreadable date: %+v %v", recs, err)
	}
}

// TestForgedDocumentIsNetwork: one passport number carried by two women
// of other names and dates (a forged document reused) is a network link,
// not one person; an address alone links nobody.
func TestForgedDocumentIsNetwork(t *testing.T) {
	ps := pairs(t,
		`{"id":"v1","schema":"Person","properties":{"name":["Olena Shevchenko"],"birthDate":["1999-04-02"],"passportNumber":["FX1234567"],"address":["Partizanska 12, Bitola"]}}`,
		`{"id":"v2","schema":"Person","properties":{"name":["Yuliia Bondarenko"],"birthDate":["2002-11-19"],"passportNumber":["FX1234567"]}}`,
		`{"id":"v3","schema":"Person","properties":{"name":["Natalia Kravets"],"birthDate":["1997-01-23"],"address":["Partizanska 12, Bitola"]}}`)
	p := find(ps, "v1", "v2")
	if p == nil || p.Relation != meridian.RelationNetwork || !strings.Contains(link.Explain(p), "not the same person") {
		t.Fatalf("reused passport: %v", ps)
	}
	if p := find(ps, "v1", "v3"); p != nil {
		t.Fatalf("an address alone proposed: %s", link.Explain(p))
	}
}

// TestFtMIDsAndCaption: ids are kept as written (CSV quotes what needs
// it) and a caption names a person without name properties.
func TestFtMIDsAndCaption(t *testing.T) {
	recs := ftm(t, `{"id":"rec-1, \"dup\"","schema":"Person","caption":"Anna Smith","properties":{"birthDate":["1970-02-03"]}}`)
	if recs[0].Person.ID != `rec-1, "dup"` || len(recs[0].Person.Names) != 1 || recs[0].Person.Names[0].Full != "Anna Smith" {
		t.Fatalf("%+v", recs[0].Person)
	}
	var b strings.Builder
	p := meridian.LinkProposal{A: meridian.LinkEnd{RecordID: recs[0].Person.ID}, B: meridian.LinkEnd{RecordID: "x"}, Score: 0.9}
	if err := link.WritePairs(&b, []meridian.LinkProposal{p}); err != nil || !strings.HasPrefix(b.String(), `"rec-1, ""dup""",x,0.900,`) {
		t.Fatalf("%q %v", b.String(), err)
	}
}

// TestConcurrent: proposals, additions and removals from several
// goroutines at once (run with -race).
func TestConcurrent(t *testing.T) {
	e := link.New(&store{}, link.Options{})
	ctx := context.Background()
	names := []string{"Ana Popescu", "Анна Попеску", "Ion Rusu", "Maria Ionescu", "Elena Popa", "Mihai Stan"}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			for i := 0; i < 60; i++ {
				id := string(rune('a'+g)) + strings.Repeat("x", i%7)
				p := &meridian.Person{Meta: meridian.Meta{ID: id}, Names: []meridian.Name{{Full: names[(g+i)%len(names)]}}, BirthDate: "1990-01-02"}
				if _, err := e.Propose(ctx, p); err != nil {
					t.Error(err)
				}
				if i%5 == 0 {
					e.Remove(id)
				}
				e.AddDocument(&meridian.Document{Meta: meridian.Meta{ID: "d" + id}, Number: "AB12345" + id[:1], IssuingState: "RO", PersonID: id})
			}
			done <- true
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	if e.Len() == 0 {
		t.Fatal("nothing indexed")
	}
}
