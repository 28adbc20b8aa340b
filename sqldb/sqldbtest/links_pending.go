package sqldbtest

import (
	"slices"
	"testing"

	"meridian"
)

// testPendingLinks: PendingLinks gives the other ends of a record's links
// waiting for a judgement, from either end, and PendingLinkPairs every
// such pair once; a judged link is in neither; both are Meridian's only.
func testPendingLinks(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	own := meridian.Release{Scope: meridian.ScopeOwner}
	pA := w.MustCreatePerson(t, w.A, "Arben Hoxha", own)
	pC := w.MustCreatePerson(t, w.C, "Arben Hoxa", own)
	pA2 := w.MustCreatePerson(t, w.A, "A. Hoxha", own)
	pB := w.MustCreatePerson(t, w.B, "Arben Hoxhaj", own)
	if err := db.StoreLinkRun(Sys(), &meridian.LinkRun{ChangeKey: "change:1",
		Proposals: []meridian.LinkProposal{phoneProposal(pA, pC), phoneProposal(pA2, pA), phoneProposal(pB, pC)}}); err != nil {
		t.Fatal(err)
	}
	ls, _, err := db.FindLinks(Sys(), meridian.LinkFilter{RecordID: pA2.ID})
	if err != nil || len(ls) != 1 {
		t.Fatalf("links of A2: %v %v", ls, err)
	}
	anaA := asUser(t, db, w.A, "analyst.a", meridian.RoleAnalyst)
	if _, err := db.JudgeLink(anaA, &meridian.Judgement{LinkID: ls[0].ID, Decision: meridian.LinkRejected, Reason: "no"}); err != nil {
		t.Fatal(err)
	}
	got, err := db.PendingLinks(Sys(), pA.ID)
	if err != nil || !slices.Equal(got, []string{pC.ID}) {
		t.Fatalf("pending links of A: %v %v", got, err)
	}
	got, err = db.PendingLinks(Sys(), pC.ID)
	slices.Sort(got)
	want := []string{pA.ID, pB.ID}
	slices.Sort(want)
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("pending links of C: %v %v", got, err)
	}
	pairs, err := db.PendingLinkPairs(Sys())
	if err != nil || len(pairs) != 2 {
		t.Fatalf("pending pairs %v %v", pairs, err)
	}
	for _, p := range pairs {
		if p[0] >= p[1] || !slices.Contains(p[:], pC.ID) {
			t.Fatalf("pending pair %v", p)
		}
	}
	if _, err := db.PendingLinks(anaA, pA.ID); meridian.KindOf(err) != meridian.EForbidden {
		t.Fatalf("PendingLinks as a user: %v", err)
	}
	if _, err := db.PendingLinkPairs(anaA); meridian.KindOf(err) != meridian.EForbidden {
		t.Fatalf("PendingLinkPairs as a user: %v", err)
	}
}
