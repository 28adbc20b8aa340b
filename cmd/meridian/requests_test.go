package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	mhttp "meridian/http"
	"meridian/postgres/pgtest"
)

// eioFields is a whole EIO (annex A's mandatory sections).
func eioFields() map[string]string {
	return map[string]string{
		"issuing_authority": "Higher Public Prosecutor's Office, Belgrade", "contact": "J. Jovanovic, +381 11 000 000",
		"investigative_measures": "Hearing of a witness; bank records of account MK07 2501 2000 0058 984",
		"proceedings_type":       "criminal proceedings", "facts": "Recruitment of victims in Serbia for exploitation in North Macedonia.",
		"offence": "trafficking in human beings", "applicable_law": "Criminal Code art. 388",
	}
}

// caseWorld is a Serbian-led case with North Macedonia prosecuting, France
// observing, and Germany outside it.
type caseWorld struct {
	m                  *Main
	rs, mk, fr, de     *meridian.Agency
	rsPro, mkPro       *client
	frObs, deAna, rsAd *client
	caseID             string
}

func newCaseWorld(t *testing.T, cfg Config) *caseWorld {
	t.Helper()
	return newCaseWorldOn(t, MustRunMain(t, cfg))
}

func newCaseWorldOn(t *testing.T, m *Main) *caseWorld {
	t.Helper()
	w := &caseWorld{m: m}
	w.rs = mustAgency(t, m, "RS", "Serbian Prosecution")
	w.mk = mustAgency(t, m, "MK", "Macedonian Prosecution")
	w.fr = mustAgency(t, m, "FR", "French Police")
	w.de = mustAgency(t, m, "DE", "German Police")
	w.rsPro = &client{t, m.URL, mustToken(t, m, w.rs, "pro.rs", meridian.RoleProsecutor)}
	w.mkPro = &client{t, m.URL, mustToken(t, m, w.mk, "pro.mk", meridian.RoleProsecutor)}
	w.frObs = &client{t, m.URL, mustToken(t, m, w.fr, "off.fr", meridian.RoleOfficer)}
	w.deAna = &client{t, m.URL, mustToken(t, m, w.de, "ana.de", meridian.RoleAnalyst)}
	var c meridian.Case
	w.rsPro.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Operation Vardar", "countries": []string{"RS", "MK"}}).decode(t, &c)
	w.caseID = c.ID
	w.rsPro.must(200, "PUT", "/api/v1/cases/"+c.ID+"/participants/"+w.mk.ID, map[string]any{"role": "prosecuting"})
	w.rsPro.must(200, "PUT", "/api/v1/cases/"+c.ID+"/participants/"+w.fr.ID, map[string]any{"role": "observer"})
	return w
}

func (w *caseWorld) draft(t *testing.T, typ string, fields map[string]string) meridian.Request {
	t.Helper()
	var r meridian.Request
	w.rsPro.must(201, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": typ, "title": "EIO to Skopje",
		"to_agency_id": w.mk.ID, "fields": fields}).decode(t, &r)
	return r
}

func transit(t *testing.T, c *client, status int, r *meridian.Request, action, reason string) mhttp.TransitOutput {
	t.Helper()
	var out mhttp.TransitOutput
	resp := c.must(status, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": action, "reason": reason, "version": r.Version})
	if status == 200 {
		resp.decode(t, &out)
		*r = *out.Request
	}
	return out
}

// problemFields returns the field locations a problem names.
func problemFields(t *testing.T, r response) []string {
	t.Helper()
	var p struct {
		Detail string `json:"detail"`
		Errors []struct {
			Location string `json:"location"`
			Message  string `json:"message"`
		} `json:"errors"`
	}
	r.decode(t, &p)
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Location)
	}
	slices.Sort(out)
	return out
}

// TestRequestEIO: a Serbian prosecutor sends an EIO to North Macedonia
// inside a case: incomplete, it is refused naming every missing field;
// the Macedonian prosecutor acknowledges, accepts and executes it; steps
// the state does not allow are 409 naming the state; every step has a
// receipt that verifies offline with audit.pub, and a tampered one fails.
func TestRequestEIO(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testRequestEIO(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testRequestEIO(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testRequestEIO(t *testing.T, cfg Config) {
	w := newCaseWorld(t, cfg)
	r := w.draft(t, meridian.RequestEIO, map[string]string{"facts": "only the facts"})

	// Incomplete: every missing mandatory field named, nothing changed.
	got := problemFields(t, w.rsPro.must(422, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": "send", "version": r.Version}))
	want := []string{"body.fields.applicable_law", "body.fields.contact", "body.fields.investigative_measures", "body.fields.issuing_authority",
		"body.fields.offence", "body.fields.proceedings_type"}
	if !slices.Equal(got, want) {
		t.Fatalf("missing fields named %v, want %v", got, want)
	}
	// The requested agency does not see a draft.
	w.mkPro.must(404, "GET", "/api/v1/requests/"+r.ID, nil)

	var upd meridian.Request
	w.rsPro.must(200, "PUT", "/api/v1/requests/"+r.ID, map[string]any{"case_id": w.caseID, "type": "eio", "title": "EIO to Skopje",
		"to_agency_id": w.mk.ID, "fields": eioFields(), "version": r.Version}).decode(t, &upd)
	r = upd
	// Not the requested agency's step, nor the requesting one's.
	w.mkPro.must(404, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": "acknowledge", "version": r.Version})
	transit(t, w.rsPro, 200, &r, "send", "")
	if r.State != meridian.RequestSent || len(r.Deadlines) != 2 {
		t.Fatalf("after send: %s, deadlines %+v", r.State, r.Deadlines)
	}
	transit(t, w.rsPro, 403, &r, "acknowledge", "")
	// Execute before a decision: 409 naming the state.
	resp := w.mkPro.must(409, "POST", "/api/v1/requests/"+r.ID+"/transitions", map[string]any{"action": "execute", "version": r.Version})
	if !strings.Contains(string(resp.body), "that is sent") {
		t.Fatalf("the conflict does not name the state: %s", resp.body)
	}
	// A draft's edit once sent: 409.
	w.rsPro.must(409, "PUT", "/api/v1/requests/"+r.ID, map[string]any{"case_id": w.caseID, "type": "eio", "title": "x",
		"to_agency_id": w.mk.ID, "fields": eioFields(), "version": r.Version})
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	transit(t, w.mkPro, 422, &r, "refuse", "") // a refusal gives its grounds
	transit(t, w.mkPro, 200, &r, "accept", "")
	transit(t, w.mkPro, 200, &r, "execute", "")
	if r.State != meridian.RequestExecuted {
		t.Fatalf("state %s", r.State)
	}

	// Receipts: four steps, chained, verifying offline.
	var rcs []*meridian.Receipt
	w.mkPro.must(200, "GET", "/api/v1/requests/"+r.ID+"/receipts", nil).decode(t, &rcs)
	if len(rcs) != 4 || rcs[0].Action != "send" || rcs[3].To != "executed" || rcs[1].AgencyID != w.mk.ID {
		t.Fatalf("receipts %+v", rcs)
	}
	keys, err := audit.LoadPublicKeys(w.m.Config.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyReceipts(rcs, keys); err != nil {
		t.Fatalf("the receipts do not verify: %v", err)
	}
	var content meridian.Request
	if err := json.Unmarshal([]byte(rcs[3].Content), &content); err != nil || content.State != "executed" || content.Fields["offence"] == "" {
		t.Fatalf("the last receipt's content %s (%v)", rcs[3].Content, err)
	}
	var key mhttp.ReceiptKey
	w.deAna.must(200, "GET", "/api/v1/receipt-key", nil).decode(t, &key)
	if key.KeyID != rcs[0].KeyID || !strings.HasPrefix(key.Verifier, "meridian/audit+") {
		t.Fatalf("receipt key %+v", key)
	}
	for name, tamper := range map[string]func(rc *meridian.Receipt){
		"content": func(rc *meridian.Receipt) { rc.Content = strings.Replace(rc.Content, "witness", "witnesses", 1) },
		"digest":  func(rc *meridian.Receipt) { rc.Digest = audit.Digest([]byte(rc.Content + " ")) },
		"action":  func(rc *meridian.Receipt) { rc.Action = "refuse" },
		"note":    func(rc *meridian.Receipt) { rc.Note = strings.Replace(rc.Note, "step 2", "step 3", 1) },
		"order":   func(rc *meridian.Receipt) { rc.Previous = "-" },
	} {
		cp := make([]*meridian.Receipt, len(rcs))
		for i, rc := range rcs {
			c := *rc
			cp[i] = &c
		}
		tamper(cp[1])
		if err := audit.VerifyReceipts(cp, keys); err == nil {
			t.Errorf("a receipt with its %s changed verifies", name)
		}
	}
	// The requesting side heard of each step in its inbox.
	var inbox list[meridian.Notification]
	w.rsPro.must(200, "GET", "/api/v1/notifications", nil).decode(t, &inbox)
	n := 0
	for _, x := range inbox.Items {
		if x.RequestID == r.ID && x.Kind == meridian.NoticeRequestChanged {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("Serbia was told of %d steps, want 3: %+v", n, inbox.Items)
	}
}

// TestRequestAccessMatrix: who reads and acts on a case, its participants
// and its requests. An agency outside the case learns nothing, not even
// that it exists; an observer reads the case and nothing else.
func TestRequestAccessMatrix(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testRequestAccessMatrix(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testRequestAccessMatrix(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testRequestAccessMatrix(t *testing.T, cfg Config) {
	w := newCaseWorld(t, cfg)
	r := w.draft(t, meridian.RequestEIO, eioFields())
	transit(t, w.rsPro, 200, &r, "send", "")
	admin := &client{t, w.m.URL, mustToken(t, w.m, w.rs, "admin.rs", meridian.RoleAdmin)}
	reads := func(c *client) []int {
		return []int{
			c.do("GET", "/api/v1/cases/"+w.caseID, nil).status,
			c.do("GET", "/api/v1/cases/"+w.caseID+"/participants", nil).status,
			c.do("GET", "/api/v1/cases/"+w.caseID+"/assignments", nil).status,
			c.do("GET", "/api/v1/cases/"+w.caseID+"/access", nil).status,
			c.do("GET", "/api/v1/requests/"+r.ID, nil).status,
			c.do("GET", "/api/v1/requests/"+r.ID+"/receipts", nil).status,
		}
	}
	for _, tc := range []struct {
		name string
		c    *client
		want []int
	}{
		{"lead", w.rsPro, []int{200, 200, 200, 200, 200, 200}},
		{"requested", w.mkPro, []int{200, 200, 200, 200, 200, 200}},
		{"observer", w.frObs, []int{200, 200, 200, 200, 404, 404}},
		{"outsider", w.deAna, []int{404, 404, 404, 404, 404, 404}},
		{"administrator", admin, []int{404, 404, 404, 404, 404, 404}},
	} {
		if got := reads(tc.c); !slices.Equal(got, tc.want) {
			t.Errorf("%s reads %v, want %v", tc.name, got, tc.want)
		}
	}
	// Lists: the outsider's are empty.
	for _, path := range []string{"/api/v1/cases", "/api/v1/requests", "/api/v1/requests?case_id=" + w.caseID} {
		if ids := listIDs(t, w.deAna.must(200, "GET", path, nil)); len(ids) != 0 {
			t.Errorf("the outsider lists %v at %s", ids, path)
		}
	}
	if ids := listIDs(t, w.frObs.must(200, "GET", "/api/v1/requests", nil)); len(ids) != 0 {
		t.Errorf("the observer lists requests %v between two others", ids)
	}
	if ids := listIDs(t, w.mkPro.must(200, "GET", "/api/v1/requests?direction=in", nil)); !slices.Equal(ids, []string{r.ID}) {
		t.Errorf("the requested agency's inbox %v", ids)
	}
	// Writes: the outsider 404, the observer and the participant 403 on
	// what is the lead's, the observer 403 on acting.
	w.deAna.must(404, "PUT", "/api/v1/cases/"+w.caseID+"/participants/"+w.de.ID, map[string]any{"role": "supporting"})
	w.mkPro.must(403, "PUT", "/api/v1/cases/"+w.caseID+"/participants/"+w.de.ID, map[string]any{"role": "supporting"})
	w.frObs.must(403, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.rs.ID})
	w.deAna.must(404, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x", "to_agency_id": w.rs.ID})
	// A request to an observer or an outsider is refused on the field.
	if got := problemFields(t, w.rsPro.must(422, "POST", "/api/v1/requests", map[string]any{"case_id": w.caseID, "type": "eio", "title": "x",
		"to_agency_id": w.fr.ID})); !slices.Equal(got, []string{"body.to.agency_id"}) {
		t.Errorf("a request to an observer: %v", got)
	}
	// The participant names its own users, not the lead's.
	mkID := userID(t, w.m, "pro.mk")
	rsID := userID(t, w.m, "pro.rs")
	w.mkPro.must(200, "PUT", "/api/v1/cases/"+w.caseID+"/assignments/"+mkID, map[string]any{"role": "prosecutor"})
	w.mkPro.must(403, "PUT", "/api/v1/cases/"+w.caseID+"/assignments/"+rsID, map[string]any{"role": "prosecutor"})
	w.rsPro.must(200, "PUT", "/api/v1/cases/"+w.caseID+"/assignments/"+rsID, map[string]any{"role": "case_officer"})
	// The tally counts the requests of the cases one reads, and nothing
	// of the others'.
	as := func(a *meridian.Agency) context.Context {
		return meridian.WithSubject(context.Background(), &meridian.Subject{UserID: "tally", AgencyID: a.ID, Country: a.Country,
			Roles: []meridian.Role{meridian.RoleAnalyst}})
	}
	for _, tc := range []struct {
		a    *meridian.Agency
		rows int
	}{{w.rs, 1}, {w.fr, 1}, {w.de, 0}} {
		tally, err := w.m.DB.RequestTally(as(tc.a), []string{w.caseID})
		if err != nil || len(tally) != tc.rows {
			t.Errorf("%s's tally %+v (%v), want %d rows", tc.a.Country, tally, err, tc.rows)
		}
	}
	// Removing a party to an open request is refused; once it is closed,
	// the agency leaves and reads the case no more.
	w.rsPro.must(409, "DELETE", "/api/v1/cases/"+w.caseID+"/participants/"+w.mk.ID, nil)
	transit(t, w.rsPro, 200, &r, "withdraw", "no longer needed")
	w.rsPro.must(204, "DELETE", "/api/v1/cases/"+w.caseID+"/participants/"+w.mk.ID, nil)
	if got := reads(w.mkPro); !slices.Equal(got, []int{404, 404, 404, 404, 404, 404}) {
		t.Errorf("a removed participant reads %v", got)
	}
	// Every read and change above is in the audit log.
	entries, _, err := w.m.DB.FindAuditEntries(sys(), meridian.AuditFilter{RecordID: w.caseID})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, e := range entries {
		kinds[e.RecordKind+":"+e.Action] = true
	}
	for _, k := range []string{"case_participant:update", "case_participant:delete", "case_participants:read", "case_assignment:update", "case_assignments:read"} {
		if !kinds[k] {
			t.Errorf("no audit entry %s on the case (have %v)", k, kinds)
		}
	}
}

func userID(t *testing.T, m *Main, username string) string {
	t.Helper()
	us, _, err := m.DB.FindUsers(sys(), meridian.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if u.Username == username {
			return u.ID
		}
	}
	t.Fatalf("no user %s", username)
	return ""
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestRequestRemindersAcrossRestart: deadlines from the EIO defaults on a
// fake clock; the reminder before the acknowledgement's deadline and the
// overdue notice each reach the requested agency once, across a restart
// of the server and repeated sweeps; the overdue list shows the request.
func TestRequestRemindersAcrossRestart(t *testing.T) {
	data := t.TempDir()
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	w := newCaseWorld(t, Config{Data: data})
	w.m.DB.SetClock(clock.Now)
	mkID := userID(t, w.m, "pro.mk")
	w.mkPro.must(200, "PUT", "/api/v1/cases/"+w.caseID+"/assignments/"+mkID, map[string]any{"role": "prosecutor"})
	r := w.draft(t, meridian.RequestEIO, eioFields())
	transit(t, w.rsPro, 200, &r, "send", "")
	for _, d := range r.Deadlines {
		want := map[string]time.Duration{"acknowledge": 7 * 24 * time.Hour, "decide": 30 * 24 * time.Hour}[d.Kind]
		if d.Due.Sub(r.SentAt) != want {
			t.Fatalf("deadline %s due %s after sending, want %s", d.Kind, d.Due.Sub(r.SentAt), want)
		}
	}
	count := func(m *Main, kind string) int {
		t.Helper()
		n := 0
		for _, c := range []*client{w.mkPro, w.rsPro} {
			c.base = m.URL
			var inbox list[meridian.Notification]
			c.must(200, "GET", "/api/v1/notifications?limit=100", nil).decode(t, &inbox)
			for _, x := range inbox.Items {
				if x.RequestID == r.ID && x.Kind == kind && x.Detail == "acknowledge" {
					n++
				}
			}
		}
		return n
	}
	// A sweep queues what fell due; the durable worker delivers it.
	sweep := func(m *Main) {
		t.Helper()
		if _, err := m.DB.QueueRequestReminders(sys(), 0); err != nil {
			t.Fatal(err)
		}
	}
	settle := func(m *Main, kind string, want int) {
		t.Helper()
		// A change the stopped server had fetched and not settled is
		// handed out again after its acknowledgement wait (30 s).
		eventuallyWithin(t, time.Minute, fmt.Sprintf("%d %s notices", want, kind), func() bool { return count(m, kind) >= want })
		// Let the worker finish anything else in hand, then count again.
		eventually(t, "the reminders worker idle", func() bool {
			ws, err := m.Workers.FindWorkers(sys())
			if err != nil {
				return false
			}
			for _, x := range ws {
				if x.Name == "reminders" {
					return x.Pending == 0 && x.InFlight == 0
				}
			}
			return false
		})
		if n := count(m, kind); n != want {
			t.Fatalf("%d %s notices, want %d", n, kind, want)
		}
	}
	sweep(w.m)
	if n := count(w.m, meridian.NoticeRequestReminder); n != 0 {
		t.Fatalf("a reminder before its time: %d", n)
	}
	// Two days before the week is out: the reminder (48 h before).
	clock.Add(5*24*time.Hour + time.Minute)
	sweep(w.m)
	sweep(w.m)
	// The prosecutor's and the agency's inbox.
	settle(w.m, meridian.NoticeRequestReminder, 2)
	// Restart: nothing sent twice, nothing lost; a reminder queued but
	// not yet delivered when the server stops is delivered after.
	clock.Add(2 * 24 * time.Hour)
	if _, err := w.m.DB.QueueRequestReminders(sys(), 0); err != nil {
		t.Fatal(err)
	}
	w.m.Close()
	m2 := MustRunMain(t, Config{Data: data})
	m2.DB.SetClock(clock.Now)
	sweep(m2)
	sweep(m2)
	// The requested agency (prosecutor and agency) and the requesting one.
	settle(m2, meridian.NoticeRequestOverdue, 3)
	settle(m2, meridian.NoticeRequestReminder, 2)
	// The worker handed the same change again (at least once) delivers
	// nothing more.
	for range 2 {
		if err := m2.DB.DeliverRequestReminder(sys(), &meridian.ReminderDue{Notice: meridian.NoticeRequestOverdue, RequestID: r.ID,
			Deadline: "acknowledge", Due: r.Deadlines[0].Due, Party: w.mk.ID}); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(m2, meridian.NoticeRequestOverdue); n != 3 {
		t.Fatalf("a redelivered reminder doubled the notices: %d", n)
	}
	if ids := listIDs(t, w.rsPro.must(200, "GET", "/api/v1/requests?overdue=true", nil)); !slices.Equal(ids, []string{r.ID}) {
		t.Fatalf("the overdue list %v", ids)
	}
	tally, err := m2.DB.RequestTally(sys(), []string{w.caseID})
	if err != nil || len(tally) != 1 || tally[0].Sent != 1 || tally[0].Overdue != 1 || tally[0].FromCountry != "RS" || tally[0].ToCountry != "MK" {
		t.Fatalf("tally %+v (%v)", tally, err)
	}
	// Acknowledged late: the deadline is met, and late; no more overdue.
	r.Version++ // unchanged since send; re-read to be sure
	w.mkPro.must(200, "GET", "/api/v1/requests/"+r.ID, nil).decode(t, &r)
	transit(t, w.mkPro, 200, &r, "acknowledge", "")
	for _, d := range r.Deadlines {
		if d.Kind == "acknowledge" && (!d.Late || d.Met.IsZero()) {
			t.Fatalf("the late acknowledgement %+v", d)
		}
	}
	if ids := listIDs(t, w.rsPro.must(200, "GET", "/api/v1/requests?overdue=true", nil)); len(ids) != 0 {
		t.Fatalf("still overdue: %v", ids)
	}
}
