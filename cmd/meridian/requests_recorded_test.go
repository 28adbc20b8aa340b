package main

import (
	"slices"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/postgres/pgtest"
)

// TestRequestStepRecordedLater: a step taken by another channel and
// recorded afterwards gives its time ("at"): its deadlines count from it
// and the receipt signs it beside the time of recording, so that a
// backdated step shows as one. A time in the future, or before the
// request's previous step, is refused naming "at"; a step without one
// keeps the receipts' old form.
func TestRequestStepRecordedLater(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testRequestStepRecordedLater(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testRequestStepRecordedLater(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testRequestStepRecordedLater(t *testing.T, cfg Config) {
	w := newCaseWorld(t, cfg)
	r := w.draft(t, meridian.RequestEIO, eioFields())
	step := func(c *client, status int, action string, at time.Time) response {
		body := map[string]any{"action": action, "version": r.Version}
		if !at.IsZero() {
			body["at"] = at.Format(time.RFC3339)
		}
		resp := c.must(status, "POST", "/api/v1/requests/"+r.ID+"/transitions", body)
		if status == 200 {
			var out struct {
				Request *meridian.Request `json:"request"`
			}
			resp.decode(t, &out)
			r = *out.Request
		}
		return resp
	}
	now := time.Now().UTC().Truncate(time.Second)
	if got := problemFields(t, step(w.rsPro, 422, "send", now.Add(time.Hour))); !slices.Equal(got, []string{"body.at"}) {
		t.Fatalf("a send in the future: %v, want body.at", got)
	}
	sent := now.AddDate(0, 0, -60)
	step(w.rsPro, 200, "send", sent)
	if !r.SentAt.Equal(sent) || !r.Overdue {
		t.Fatalf("sent %s (want %s), overdue %v: the week to acknowledge counts from the send", r.SentAt, sent, r.Overdue)
	}
	if got := problemFields(t, step(w.mkPro, 422, "acknowledge", sent.Add(-time.Hour))); !slices.Equal(got, []string{"body.at"}) {
		t.Fatalf("an acknowledgement before the send: %v, want body.at", got)
	}
	acked := sent.AddDate(0, 0, 10)
	step(w.mkPro, 200, "acknowledge", acked)
	for _, d := range r.Deadlines {
		if d.Kind == meridian.DeadlineAcknowledge && (!d.Met.Equal(acked) || !d.Late) {
			t.Fatalf("the acknowledgement deadline %+v: want met on %s, late", d, acked)
		}
	}
	step(w.mkPro, 200, "accept", time.Time{})
	var rcs []*meridian.Receipt
	w.rsPro.must(200, "GET", "/api/v1/requests/"+r.ID+"/receipts", nil).decode(t, &rcs)
	if len(rcs) != 3 || !rcs[0].At.Equal(sent) || !rcs[1].At.Equal(acked) || !rcs[0].Recorded.After(sent) || !rcs[1].Recorded.After(acked) ||
		!rcs[2].Recorded.IsZero() {
		t.Fatalf("receipts: want the steps' times and, for the first two, when they were recorded: %+v", rcs)
	}
	keys, err := audit.LoadPublicKeys(w.m.Config.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyReceipts(rcs, keys); err != nil {
		t.Fatalf("the receipts do not verify: %v", err)
	}
	// The time of recording is signed: a receipt that hides it fails.
	cp := *rcs[1]
	cp.Recorded = time.Time{}
	if err := audit.VerifyReceipts([]*meridian.Receipt{rcs[0], &cp, rcs[2]}, keys); err == nil {
		t.Fatal("a receipt without its time of recording verifies")
	}
}
