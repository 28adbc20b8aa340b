package meridian_test

import (
	"slices"
	"testing"

	"meridian"
)

// TestSuppressFollowupRegions: the regions' rows are the sums of their
// countries, and suppression holds across both tables: a region shown
// beside exactly one hidden country of it would give that country away
// (the region less its shown countries), and so would one hidden region
// beside a published total.
func TestSuppressFollowupRegions(t *testing.T) {
	f := &meridian.Followup{ByCountry: []*meridian.FollowupRow{
		{Country: "DE", Cases: 15, Sent: 30},
		{Country: "FR", Cases: 20, Sent: 12},
		{Country: "MK", Cases: 3, Sent: 14},
		{Country: "RS", Cases: 12, Sent: 2},
		{Country: "TR", Cases: 25, Sent: 40},
	}}
	for _, s := range meridian.CaseStages {
		f.ByStage = append(f.ByStage, meridian.StageCount{Stage: s, Cases: 15})
	}
	meridian.TotalFollowup(f)
	var regions []string
	for _, r := range f.ByRegion {
		regions = append(regions, r.Region)
	}
	if !slices.Equal(regions, []string{"Southern Europe", "Western Asia", "Western Europe"}) || f.ByRegion[0].Cases != 15 || f.ByRegion[2].Sent != 42 {
		t.Fatalf("regions %v: %+v", regions, f.ByRegion)
	}
	meridian.SuppressFollowup(f)
	for _, m := range []string{"cases", "requests_sent"} {
		hiddenRegions := 0
		for _, reg := range f.ByRegion {
			hiddenIn := 0
			for _, c := range f.ByCountry {
				if c.Region == reg.Region && slices.Contains(c.Hidden, m) {
					hiddenIn++
				}
			}
			if !slices.Contains(reg.Hidden, m) && hiddenIn == 1 {
				t.Errorf("%s: region %s shown beside one hidden country", m, reg.Region)
			}
			if slices.Contains(reg.Hidden, m) {
				hiddenRegions++
			}
		}
		if hiddenRegions == 1 && !slices.Contains(f.Total.Hidden, m) {
			t.Errorf("%s: one region hidden beside the total", m)
		}
	}
	// The small figures (MK's 3 cases, RS's 2 requests) stay hidden
	// whatever the regions show.
	if mk, rs := f.ByCountry[2], f.ByCountry[3]; !slices.Contains(mk.Hidden, "cases") || !slices.Contains(rs.Hidden, "requests_sent") {
		t.Fatalf("small figures shown: %+v %+v", mk, rs)
	}
	if f.ByCountry[0].Cases != 15 || f.ByCountry[4].Cases != 25 {
		t.Fatalf("large countries hidden: %+v %+v", f.ByCountry[0], f.ByCountry[4])
	}
}
