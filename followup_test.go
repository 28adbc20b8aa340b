package meridian_test

import (
	"slices"
	"testing"

	"meridian"
)

// TestSuppressFollowup: a country's figure under 11 is hidden, and so is
// the smallest other one of the same figure, since the total is published
// and would give the first away; a small total hides its whole column.
func TestSuppressFollowup(t *testing.T) {
	f := &meridian.Followup{ByCountry: []*meridian.FollowupRow{
		{Country: "MK", Cases: 3, Prosecuted: 1},
		{Country: "RS", Cases: 12, Prosecuted: 2},
		{Country: "TR", Cases: 20, Prosecuted: 4},
	}}
	for _, s := range meridian.CaseStages {
		f.ByStage = append(f.ByStage, meridian.StageCount{Stage: s})
	}
	f.ByStage[0].Cases, f.ByStage[1].Cases = 28, 7
	meridian.TotalFollowup(f)
	meridian.SuppressFollowup(f)
	if f.Total.Cases != 35 || slices.Contains(f.Total.Hidden, "cases") {
		t.Fatalf("a published total hidden: %+v", f.Total)
	}
	mk, rs, tr := f.ByCountry[0], f.ByCountry[1], f.ByCountry[2]
	if mk.Cases != 0 || !slices.Contains(mk.Hidden, "cases") || rs.Cases != 0 || !slices.Contains(rs.Hidden, "cases") || tr.Cases != 20 {
		t.Fatalf("cases by country: %+v %+v %+v", mk, rs, tr)
	}
	if f.Total.Prosecuted != 0 || !slices.Contains(f.Total.Hidden, "prosecuted") || tr.Prosecuted != 0 {
		t.Fatalf("a small total shown: %+v %+v", f.Total, tr)
	}
	// 7 is small, and 28 would give it away from the total: both hidden;
	// the zeros count no one and are shown.
	if !f.ByStage[0].Suppressed || f.ByStage[0].Cases != 0 || !f.ByStage[1].Suppressed || f.ByStage[2].Suppressed {
		t.Fatalf("stages: %+v", f.ByStage)
	}
}
