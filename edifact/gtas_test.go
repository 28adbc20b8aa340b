package edifact_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"meridian"
	"meridian/edifact"
)

// gtasDir holds the real PAXLST and PNRGOV messages of the GTAS fixtures
// (see its README), beside the repository.
const gtasDir = "../../shared/testdata/gtas/gtas-loader"

// counts is what one manifest of a file holds: its kind, flights,
// PAXLST travellers, bookings and the travellers of the bookings.
type counts struct {
	kind                                         meridian.ManifestKind
	flights, travellers, bookings, pnrTravellers int
}

// TestGTAS reads every file of the GTAS fixtures as its README says: the
// well-formed ones whole, with wrong counts, mismatched references and
// trailing junk reported as warnings; infant.edi, whose UNA gives a
// typographic apostrophe (U+2019) for the terminator while its segments
// end with a plain one, read with a warning; codeshare.edi (a
// five-character UNA, ambiguous) rejected, naming the segment and byte
// offset. A file added to the fixtures fails the test until it is
// described here.
func TestGTAS(t *testing.T) {
	want := map[string]struct {
		err       string
		manifests []counts
		warnings  []string
	}{
		"apis-messages/Test1.txt":                    {"", []counts{{"paxlst", 1, 8, 0, 0}}, []string{"segment 108 at byte 1783: CNT 41 count given as a separate element, read as CNT+41:8", "segment 109 at byte 1792: UNT counts \"0000152\" segments, the message has 107", "segment 110 at byte 1815: UNE reference \"1402010600\" differs from the UNG reference \"1403010600\"", "segment 111 at byte 1832: UNZ reference \"1402010600\" differs from the UNB reference \"1403010600\""}},
		"apis-messages/Test3.txt":                    {"", []counts{{"paxlst", 1, 260, 0, 0}}, []string{"segment 3133 at byte 47129: CNT 41 declares 206 crew members, the message lists 0", "segment 3134 at byte 47140: UNT counts \"099\" segments, the message has 3131"}},
		"apis-messages/airline2.edi":                 {"", []counts{{"paxlst", 1, 10, 0, 0}}, []string{"segment 113 at byte 2020: CNT 42 declares 136 passengers, the message lists 10", "segment 114 at byte 2033: UNT counts \"121\" segments, the message has 111", "segment 114 at byte 2033: UNT reference \"140211180 0\" differs from the UNH reference \"1402111800\""}},
		"apis-messages/multiple_flight_leg_apis.txt": {"", []counts{{"paxlst", 3, 2, 0, 0}}, []string{"segment 52 at byte 970: 7 bytes after UNZ ignored: they do not begin an interchange"}},
		"pnr-messages/2_pnrs_basic.edi":              {"", []counts{{"pnrgov", 1, 0, 2, 4}}, []string{"segment 136 at byte 4148: UNT counts \"135\" segments, the message has 134"}},
		"pnr-messages/3_pnrs.edi":                    {"", []counts{{"pnrgov", 1, 0, 3, 13}}, []string{}},
		"pnr-messages/adult_and_infant.edi":          {"", []counts{{"pnrgov", 1, 0, 1, 2}}, []string{}},
		"pnr-messages/codeshare.edi":                 {"edifact: segment 1 (UNA) at byte 0: malformed service string advice \"UNA:+\\\\*'\\n\": service character 6 (segment terminator) is a line break: the advice has fewer than 6 characters", []counts{}, []string{}},
		"pnr-messages/infant.edi":                    {"", []counts{{"pnrgov", 1, 0, 1, 2}}, []string{"segment 1 at byte 0: the service string advice gives U+2019 as segment terminator; read as the apostrophe (')", "segment 84 at byte 5411: UNT counts \"85\" segments, the message has 82"}},
		"pnr-messages/multiple_flight_leg_pnr.txt":   {"", []counts{{"pnrgov", 1, 0, 1, 2}}, []string{"segment 6 at byte 137: EQN declares 2 bookings, the message holds 1", "segment 84 at byte 2186: UNT counts \"66\" segments, the message has 83", "segment 84 at byte 2186: UNT reference \"\" differs from the UNH reference \"1\"", "segment 85 at byte 2194: UNZ reference \"5680039905\" differs from the UNB reference \"420825999405\""}},
		"pnr-messages/no_pnr_history.edi":            {"", []counts{{"pnrgov", 1, 0, 3, 4}}, []string{}},
		"pnr-messages/pnr1.txt":                      {"", []counts{{"pnrgov", 1, 0, 1, 2}}, []string{"segment 6 at byte 134: EQN declares 2 bookings, the message holds 1", "segment 87 at byte 2561: UNT counts \"135\" segments, the message has 86"}},
		"pnr-messages/pnr2.txt":                      {"", []counts{{"pnrgov", 1, 0, 1, 2}}, []string{"segment 6 at byte 134: EQN declares 2 bookings, the message holds 1", "segment 55 at byte 1719: UNT counts \"135\" segments, the message has 54"}},
		"pnr-messages/pnr3.txt":                      {"", []counts{{"pnrgov", 1, 0, 1, 4}}, []string{"segment 6 at byte 137: EQN declares 4 bookings, the message holds 1", "segment 110 at byte 3164: UNT counts \"65\" segments, the message has 109", "segment 110 at byte 3164: UNT reference \"\" differs from the UNH reference \"1\"", "segment 111 at byte 3172: UNZ reference \"5025243120\" differs from the UNB reference \"468556394204\""}},
		"pnr-messages/pnr4.txt":                      {"", []counts{{"pnrgov", 1, 0, 1, 1}}, []string{"segment 44 at byte 1280: UNT reference \"\" differs from the UNH reference \"1\"", "segment 45 at byte 1288: UNZ reference \"0223119803\" differs from the UNB reference \"022311980304\""}},
		"pnr-messages/pnrMessageExample.txt":         {"", []counts{{"pnrgov", 1, 0, 1, 5}}, []string{"segment 135 at byte 4175: UNT counts \"50\" segments, the message has 134", "segment 135 at byte 4175: UNT reference \"\" differs from the UNH reference \"1\"", "segment 136 at byte 4183: UNZ reference \"1636445384\" differs from the UNB reference \"491873609401\""}},
		"pnr-messages/pnr_split.edi":                 {"", []counts{{"pnrgov", 1, 0, 2, 3}}, []string{}},
	}
	seen := 0
	err := filepath.WalkDir(gtasDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := filepath.Base(filepath.Dir(path)) + "/" + d.Name()
		seen++
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("%s is not described in TestGTAS", name)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			ms, err := edifact.Parse(f)
			if w.err != "" {
				checkErr(t, err, w.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []counts
			var warns []string
			for _, m := range ms {
				n := 0
				for _, b := range m.Bookings {
					n += len(b.Travellers)
				}
				got = append(got, counts{m.Kind, len(m.Flights), len(m.Travellers), len(m.Bookings), n})
				for _, x := range m.Warnings {
					warns = append(warns, x.String())
				}
			}
			if len(got) != len(w.manifests) {
				t.Fatalf("%d manifests, want %d", len(got), len(w.manifests))
			}
			for i := range got {
				if got[i] != w.manifests[i] {
					t.Errorf("manifest %d: %+v, want %+v", i, got[i], w.manifests[i])
				}
			}
			if strings.Join(warns, "\n") != strings.Join(w.warnings, "\n") {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warns, "\n"), strings.Join(w.warnings, "\n"))
			}
		})
		return nil
	})
	if err != nil {
		t.Fatalf("the GTAS fixtures belong beside the repository: %v", err)
	}
	if seen != len(want) {
		t.Errorf("read %d files, want %d", seen, len(want))
	}
}
