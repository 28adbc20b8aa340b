package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"meridian/edifact"
)

const gtasDir = "../../shared/testdata/gtas/gtas-loader"

// TestGTASMessages screens every real message of the GTAS fixtures that
// the edifact package reads with the default rules: every traveller is
// evaluated, no rule fails on any of them whatever the message leaves
// out, and the two patterns the fixtures happen to hold are found: an
// infant booked with an adult of another family name, and a one-way
// journey from Windhoek through Addis Ababa.
func TestGTASMessages(t *testing.T) {
	found := map[string][]string{}
	screened := 0
	e := defaultEngine(t)
	files, _ := filepath.Glob(filepath.Join(gtasDir, "*", "*"))
	if len(files) < 15 {
		t.Fatalf("%d GTAS files under %s", len(files), gtasDir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := edifact.Parse(bytes.NewReader(data))
			if err != nil { // the edifact package's tests say which fixtures it rejects and why
				t.Logf("not read: %v", err)
				return
			}
			for _, m := range ms {
				res := e.Screen(m)
				if res.Travellers != len(m.AllTravellers()) || len(res.Warnings) > 0 {
					t.Fatalf("travellers %d, warnings %v", res.Travellers, res.Warnings)
				}
				screened += res.Travellers
				for _, h := range res.Hits {
					t.Logf("%s: traveller %d: %s: %s", m.Flights[0].Designator(), h.Traveller, h.Name, h.Reason)
					found[filepath.Base(f)] = append(found[filepath.Base(f)], h.Name)
				}
			}
		})
	}
	if screened < 300 {
		t.Fatalf("only %d travellers screened", screened)
	}
	if got := found["adult_and_infant.edi"]; len(got) != 2 || got[0] != ruleMinor || got[1] != ruleMinor {
		t.Errorf("adult_and_infant.edi: %v", got)
	}
	if got := found["pnrMessageExample.txt"]; len(got) == 0 || !slices.Contains(got, ruleHub) {
		t.Errorf("pnrMessageExample.txt: %v", got)
	}
}
