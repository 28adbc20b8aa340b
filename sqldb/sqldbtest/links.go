package sqldbtest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"meridian"
)

// asUser creates a user of agency a with roles and returns a context
// acting as them (a stored user, for what refers to users: subscriptions).
func asUser(tb testing.TB, db interface {
	CreateUser(context.Context, *meridian.User, string) error
}, a *meridian.Agency, name string, roles ...meridian.Role) context.Context {
	tb.Helper()
	u := &meridian.User{AgencyID: a.ID, Username: name, Name: name, Roles: roles}
	if err := db.CreateUser(Sys(), u, ""); err != nil {
		tb.Fatal(err)
	}
	return meridian.WithSubject(context.Background(), &meridian.Subject{UserID: u.ID, Username: name, AgencyID: a.ID,
		Country: a.Country, Roles: roles, Purpose: "test"})
}

func endOf(p *meridian.Person) meridian.LinkEnd {
	return meridian.LinkEnd{RecordID: p.ID, Kind: "person", OwnerAgency: p.OwnerAgency, OwnerCountry: p.OwnerCountry, OperationID: p.OperationID}
}

func phoneProposal(a, b *meridian.Person, extra ...meridian.LinkEvidence) meridian.LinkProposal {
	ev := append([]meridian.LinkEvidence{{Kind: meridian.EvidenceKey, KeyType: meridian.KeyPhone, Agree: meridian.AgreeExact,
		A: "+38970123456", B: "+38970123456", Weight: 1, Text: "both hold the phone"}}, extra...)
	return meridian.LinkProposal{A: endOf(a), B: endOf(b), Score: 0.9, Evidence: ev}
}

func testLinks(t *testing.T, open Opener) {
	db := open(t)
	w := NewWorld(t, db)
	own := meridian.Release{Scope: meridian.ScopeOwner}
	pA := w.MustCreatePerson(t, w.A, "Arben Hoxha", own)
	pC := w.MustCreatePerson(t, w.C, "Arben Hoxa", own)
	pA2 := w.MustCreatePerson(t, w.A, "A. Hoxha", own)
	anaA := asUser(t, db, w.A, "analyst.a", meridian.RoleAnalyst)
	offA := asUser(t, db, w.A, "officer.a", meridian.RoleOfficer)
	anaB := asUser(t, db, w.B, "analyst.b", meridian.RoleAnalyst)
	anaC := asUser(t, db, w.C, "analyst.c", meridian.RoleAnalyst)
	kind := meridian.KindOf

	if err := db.Subscribe(anaA, &meridian.Subscription{TargetKind: meridian.SubscribeRecord, TargetID: pA.ID}); err != nil {
		t.Fatal(err)
	}
	if err := db.Subscribe(anaB, &meridian.Subscription{TargetKind: meridian.SubscribeRecord, TargetID: pA.ID}); kind(err) != meridian.ENotFound {
		t.Fatalf("subscribing to an unreadable record: %v", err)
	}

	run := func(key string, ps ...meridian.LinkProposal) {
		t.Helper()
		if err := db.StoreLinkRun(Sys(), &meridian.LinkRun{ChangeKey: key, Proposals: ps}); err != nil {
			t.Fatal(err)
		}
	}
	run("change:1", phoneProposal(pC, pA))
	notes := Count(t, db, "notifications")
	run("change:1", phoneProposal(pC, pA)) // delivered again
	if Count(t, db, "links") != 1 || Count(t, db, "notifications") != notes || Count(t, db, "link_runs") != 1 {
		t.Fatal("a change delivered twice was stored twice")
	}

	t.Run("OnlyMeridianStores", func(t *testing.T) {
		if err := db.StoreLinkRun(anaA, &meridian.LinkRun{ChangeKey: "x"}); kind(err) != meridian.EForbidden {
			t.Fatalf("StoreLinkRun as a user: %v", err)
		}
		if _, err := db.RecordForLinking(anaA, pC.ID); kind(err) != meridian.EForbidden {
			t.Fatalf("RecordForLinking as a user: %v", err)
		}
	})

	var id string
	t.Run("Views", func(t *testing.T) {
		ls, _, err := db.FindLinks(Sys(), meridian.LinkFilter{})
		if err != nil || len(ls) != 1 {
			t.Fatalf("system: %v %v", ls, err)
		}
		id = ls[0].ID
		if ls[0].A.RecordID != min(pA.ID, pC.ID) || ls[0].State != meridian.LinkProposed || len(ls[0].Evidence) != 1 {
			t.Fatalf("stored %+v", ls[0])
		}
		l, err := db.FindLinkByID(anaA, id)
		if err != nil || !l.Restricted || l.A.RecordID != pA.ID || l.B.RecordID != "" || l.Score != 0 || len(l.Evidence) != 0 ||
			!strings.Contains(l.Message, "Agency C") || !meridian.IsLinkRef(l.Ref) || l.ID != l.Ref || strings.Contains(l.Message, id) {
			t.Fatalf("reader of one end: %+v %v", l, err)
		}
		// The reference finds the link, for a reader of an end.
		if byRef, err := db.FindLinkByID(anaA, l.Ref); err != nil || byRef.Ref != l.Ref {
			t.Fatalf("by reference: %+v %v", byRef, err)
		}
		if ls, _, err := db.FindLinks(Sys(), meridian.LinkFilter{Ref: l.Ref}); err != nil || len(ls) != 1 || ls[0].ID != id {
			t.Fatalf("listed by reference: %+v %v", ls, err)
		}
		if _, err := db.FindLinkByID(anaB, l.Ref); kind(err) != meridian.ENotFound {
			t.Fatalf("reader of neither end, by reference: %v", err)
		}
		if _, err := db.FindLinkByID(anaB, id); kind(err) != meridian.ENotFound {
			t.Fatalf("reader of neither end: %v", err)
		}
		if ls, _, err := db.FindLinks(anaB, meridian.LinkFilter{}); err != nil || len(ls) != 0 {
			t.Fatalf("reader of neither lists %v %v", ls, err)
		}
		if ls, _, err := db.FindLinks(anaA, meridian.LinkFilter{State: meridian.LinkProposed}); err != nil || len(ls) != 0 {
			t.Fatalf("a state filter lists a restricted link: %v %v", ls, err)
		}
		if ls, _, err := db.FindLinks(anaA, meridian.LinkFilter{RecordID: pC.ID}); err != nil || len(ls) != 0 {
			t.Fatalf("a filter on the unreadable end lists it: %v %v", ls, err)
		}
		if _, err := db.JudgeLink(anaA, &meridian.Judgement{LinkID: id, Decision: meridian.LinkConfirmed}); kind(err) != meridian.EForbidden {
			t.Fatalf("judging with one end readable: %v", err)
		}
		if _, err := db.FindJudgements(anaB, id); kind(err) != meridian.ENotFound {
			t.Fatalf("judgements, neither end: %v", err)
		}
		// C is told that A was shown its record's link.
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM notifications WHERE kind = 'link_shown' AND agency_id = '` + w.C.ID + `'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("owner notified %d times (%v)", n, err)
		}
		// The subscriber of A's record was told of the proposal; B was not.
		// A reads one end: its inbox names the link by its reference.
		ns, _, err := db.FindNotifications(anaA, meridian.NotificationFilter{})
		if err != nil || !slices.ContainsFunc(ns, func(n *meridian.Notification) bool {
			return n.Kind == meridian.NoticeLinkProposed && n.LinkID == l.Ref && n.TargetID == pA.ID
		}) {
			t.Fatalf("subscriber's inbox %+v %v", ns, err)
		}
		if ns, _, err := db.FindNotifications(anaB, meridian.NotificationFilter{}); err != nil || len(ns) != 0 {
			t.Fatalf("B's inbox %+v %v", ns, err)
		}
		if err := db.MarkNotificationRead(anaB, ns0(db, t, anaA)); kind(err) != meridian.ENotFound {
			t.Fatalf("marking another's notification: %v", err)
		}
	})

	// C releases its record to A: A's analyst now reads both ends.
	pC.Release = meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{w.A.ID}}
	if err := db.UpdatePerson(As(w.C), pC); err != nil {
		t.Fatal(err)
	}

	t.Run("JudgeAndCluster", func(t *testing.T) {
		if _, err := db.JudgeLink(offA, &meridian.Judgement{LinkID: id, Decision: meridian.LinkConfirmed}); kind(err) != meridian.EForbidden {
			t.Fatalf("an officer judges: %v", err)
		}
		if _, err := db.JudgeLink(anaA, &meridian.Judgement{LinkID: id, Decision: "maybe"}); kind(err) != meridian.EInvalid {
			t.Fatalf("an unknown decision: %v", err)
		}
		l, err := db.JudgeLink(anaA, &meridian.Judgement{LinkID: id, Decision: meridian.LinkConfirmed, Reason: "same phone"})
		if err != nil || l.State != meridian.LinkConfirmed || l.ClusterID == "" || l.Restricted {
			t.Fatalf("confirmed: %+v %v", l, err)
		}
		// pC and pA2 are confirmed too: the cluster is transitive.
		run("change:2", phoneProposal(pC, pA2))
		ls, _, err := db.FindLinks(anaA, meridian.LinkFilter{RecordID: pA2.ID})
		if err != nil || len(ls) != 1 {
			t.Fatalf("second link %v %v", ls, err)
		}
		if _, err := db.JudgeLink(anaA, &meridian.Judgement{LinkID: ls[0].ID, Decision: meridian.LinkConfirmed}); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindClusterOf(anaA, pA.ID)
		if err != nil || len(c.Records) != 3 || len(c.Links) != 2 || !slices.Equal(c.Countries, []string{"MK", "RS"}) {
			t.Fatalf("cluster %+v %v", c, err)
		}
		// C may read only its own record: its cluster is itself alone.
		if c, err := db.FindClusterOf(anaC, pC.ID); err != nil || len(c.Records) != 1 || c.ID != "" {
			t.Fatalf("C's view of the cluster %+v %v", c, err)
		}
		if _, err := db.FindClusterOf(anaB, pA.ID); kind(err) != meridian.ENotFound {
			t.Fatalf("B's cluster of A's record: %v", err)
		}
		// Revoking pA-pC splits the cluster: pA alone, pC with pA2.
		if _, err := db.JudgeLink(anaA, &meridian.Judgement{LinkID: id, Decision: meridian.LinkRejected, Reason: "two men"}); err != nil {
			t.Fatal(err)
		}
		if c, err := db.FindClusterOf(anaA, pA.ID); err != nil || len(c.Records) != 1 {
			t.Fatalf("after the revocation, pA's cluster %+v %v", c, err)
		}
		if c, err := db.FindClusterOf(anaA, pC.ID); err != nil || !slices.Equal(c.Records, sorted(pC.ID, pA2.ID)) {
			t.Fatalf("after the revocation, pC's cluster %+v %v", c, err)
		}
		js, err := db.FindJudgements(anaA, id)
		if err != nil || len(js) != 2 || js[0].Decision != meridian.LinkConfirmed || js[1].Decision != meridian.LinkRejected || js[1].Reason != "two men" {
			t.Fatalf("judgements %+v %v", js, err)
		}
	})

	t.Run("RejectedStaysRejected", func(t *testing.T) {
		run("change:3", phoneProposal(pA, pC))
		if l, err := db.FindLinkByID(anaA, id); err != nil || l.State != meridian.LinkRejected {
			t.Fatalf("proposed again on the same evidence: %+v %v", l, err)
		}
		// Other evidence proposes it again.
		run("change:4", phoneProposal(pA, pC, meridian.LinkEvidence{Kind: meridian.EvidenceBirthDate, Agree: meridian.AgreeExact,
			A: "1980-05-01", B: "1980-05-01", Weight: 0.3, Text: "same date of birth"}))
		if l, err := db.FindLinkByID(anaA, id); err != nil || l.State != meridian.LinkProposed || len(l.Evidence) != 2 {
			t.Fatalf("not proposed again on new evidence: %+v %v", l, err)
		}
	})

	t.Run("OperationSubscriptionTellsOnlyOfReadableEnds", func(t *testing.T) {
		if err := db.Subscribe(anaB, &meridian.Subscription{TargetKind: meridian.SubscribeOperation, TargetID: w.Operation.ID}); err != nil {
			t.Fatal(err) // B's country takes part
		}
		if err := db.Subscribe(anaC, &meridian.Subscription{TargetKind: meridian.SubscribeOperation, TargetID: w.Operation.ID}); kind(err) != meridian.ENotFound {
			t.Fatalf("C, who does not take part, follows the operation: %v", err)
		}
		// B's own record outside the operation, linked to A's record in it,
		// which B may not read: B's subscription to the operation matched
		// A's end only, so it tells B nothing.
		pB := w.NewPerson("Besnik Hoxha", own)
		pB.OperationID = ""
		if err := db.CreatePerson(As(w.B), pB); err != nil {
			t.Fatal(err)
		}
		run("change:op1", phoneProposal(pA2, pB))
		ns, _, err := db.FindNotifications(anaB, meridian.NotificationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.TargetKind == meridian.SubscribeOperation {
				t.Fatalf("B told through the operation of an end it may not read: %+v", n)
			}
		}
		if !slices.ContainsFunc(ns, func(n *meridian.Notification) bool { return n.Agency && n.Kind == meridian.NoticeLinkProposed }) {
			t.Fatalf("B, owner of an end, not told: %+v", ns)
		}
		// A's record released to B: B reads the end in the operation now.
		pA3 := w.NewPerson("Arben Hoxha III", meridian.Release{Scope: meridian.ScopeListed, Agencies: []string{w.B.ID}})
		if err := db.CreatePerson(As(w.A), pA3); err != nil {
			t.Fatal(err)
		}
		run("change:op2", phoneProposal(pA3, pB))
		ns, _, err = db.FindNotifications(anaB, meridian.NotificationFilter{Unread: true})
		if err != nil || !slices.ContainsFunc(ns, func(n *meridian.Notification) bool { return n.TargetKind == meridian.SubscribeOperation }) {
			t.Fatalf("B not told through the operation of an end it may read: %+v %v", ns, err)
		}
		for _, n := range ns {
			if err := db.MarkNotificationRead(anaB, n.ID); err != nil {
				t.Fatal(err)
			}
		}
		if ns, _, err := db.FindNotifications(anaB, meridian.NotificationFilter{Unread: true}); err != nil || len(ns) != 0 {
			t.Fatalf("unread after marking: %+v %v", ns, err)
		}
	})

	t.Run("EventNames", func(t *testing.T) {
		ev := &meridian.Event{Type: meridian.EventRaid, OccurredAt: time.Date(2024, 10, 1, 5, 0, 0, 0, time.UTC),
			Place: meridian.Place{Country: "MK"}, Persons: []meridian.Involved{{PersonID: pA.ID, Role: meridian.RoleSuspect}}}
		ev.Meta = meridian.Meta{OperationID: w.Operation.ID, Release: own}
		if err := db.CreateEvent(As(w.A), ev); err != nil {
			t.Fatal(err)
		}
		named := meridian.LinkProposal{A: meridian.LinkEnd{RecordID: ev.ID, Kind: "event", OwnerAgency: w.A.ID, OwnerCountry: "MK"},
			B: endOf(pA), Score: 1, Evidence: []meridian.LinkEvidence{{Kind: meridian.EvidenceEvent, Agree: meridian.AgreeExact,
				A: "raid", B: "suspect", Weight: 1, Text: "named"}}}
		if err := db.StoreLinkRun(Sys(), &meridian.LinkRun{ChangeKey: "change:ev1", RecordID: ev.ID, Event: true,
			Named: []meridian.LinkProposal{named}}); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindClusterOf(anaA, pA.ID)
		if err != nil || !slices.Equal(c.Records, sorted(pA.ID, ev.ID)) {
			t.Fatalf("the event and the person it names: %+v %v", c, err)
		}
		js, err := db.FindJudgements(anaA, c.Links[0])
		if err != nil || len(js) != 1 || js[0].By != "meridian" {
			t.Fatalf("judgements of an event link %+v %v", js, err)
		}
		// The report no longer names the person: the link is revoked.
		if err := db.StoreLinkRun(Sys(), &meridian.LinkRun{ChangeKey: "change:ev2", RecordID: ev.ID, Event: true}); err != nil {
			t.Fatal(err)
		}
		if c, err := db.FindClusterOf(anaA, pA.ID); err != nil || len(c.Records) != 1 {
			t.Fatalf("after the report stopped naming the person: %+v %v", c, err)
		}
		// And named again, confirmed again.
		if err := db.StoreLinkRun(Sys(), &meridian.LinkRun{ChangeKey: "change:ev3", RecordID: ev.ID, Event: true,
			Named: []meridian.LinkProposal{named}}); err != nil {
			t.Fatal(err)
		}
		if c, err := db.FindClusterOf(anaA, pA.ID); err != nil || len(c.Records) != 2 {
			t.Fatalf("named again: %+v %v", c, err)
		}
	})

	t.Run("CaseFromCluster", func(t *testing.T) {
		c := &meridian.Case{Title: "Hoxha network"}
		if err := db.CreateCaseFromCluster(anaA, pC.ID, c); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(c.Records, sorted(pC.ID, pA2.ID)) || !slices.Contains(c.Countries, "RS") || !slices.Contains(c.Origins, "AL") {
			t.Fatalf("case %+v", c)
		}
		g, err := db.FindCaseGraph(anaA, c.ID)
		if err != nil || len(g.Records) != 2 || len(g.Links) != 1 {
			t.Fatalf("graph %+v %v", g, err)
		}
		if _, err := db.FindCaseGraph(anaB, c.ID); kind(err) != meridian.ENotFound {
			t.Fatalf("B's graph of A's case: %v", err)
		}
		if _, err := db.AddCaseRecords(anaA, c.ID, []string{pA.ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddCaseRecords(anaC, c.ID, []string{pC.ID}); kind(err) != meridian.ENotFound {
			t.Fatalf("C adds to A's case: %v", err)
		}
	})
}

func ns0(db interface {
	FindNotifications(context.Context, meridian.NotificationFilter) ([]*meridian.Notification, string, error)
}, t *testing.T, ctx context.Context) string {
	t.Helper()
	ns, _, err := db.FindNotifications(ctx, meridian.NotificationFilter{})
	if err != nil || len(ns) == 0 {
		t.Fatalf("inbox %v %v", ns, err)
	}
	return ns[0].ID
}
