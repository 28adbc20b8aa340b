package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"meridian"
)

// Issue 9 ("Trust"), findings 2 and 12: who takes part in an operation,
// and who sees its figures.

// ncbAgency creates a country's national central bureau.
func ncbAgency(tb testing.TB, m *Main, country string) *meridian.Agency {
	tb.Helper()
	a := &meridian.Agency{Country: country, Kind: meridian.AgencyNCB, Name: "NCB " + country}
	if err := m.DB.CreateAgency(sys(), a); err != nil {
		tb.Fatal(err)
	}
	return a
}

func victimBody(operationID string) map[string]any {
	return map[string]any{"role": "victim", "names": []map[string]any{{"full": "Olena K."}}, "sex": "F", "nationalities": []string{"UA"},
		"victim":       map[string]any{"status": "presumed", "exploitation": []string{"sexual_exploitation"}},
		"operation_id": operationID, "tlp": "AMBER", "release": map[string]any{"scope": "all"}}
}

// participant is the body naming a country or an agency.
func participant(kind, value string) map[string]any {
	return map[string]any{"kind": kind, "value": value}
}

// TestTrustJoinOperation (finding 2): a coordinator of a non-participating
// agency added their own country to an operation through PUT and then read
// its victims; so could an administrator. Now only the lead's coordinators
// invite, the invitee accepts (a country through its NCB, an agency
// itself), the lead removes, and each step is in the participants' history
// and the audit log.
func TestTrustJoinOperation(t *testing.T) {
	m := MustRunMain(t, Config{})
	lead := mustAgency(t, m, "FR", "INTERPOL coordination")
	mk, al, rs := mustAgency(t, m, "MK", "North Macedonia police"), mustAgency(t, m, "AL", "Albania police"), mustAgency(t, m, "RS", "Serbia police")
	coord := &client{t, m.URL, mustToken(t, m, lead, "coord", meridian.RoleCoordinator)}
	leadOfficer := &client{t, m.URL, mustToken(t, m, lead, "lead.officer", meridian.RoleOfficer)}
	mkOfficer := &client{t, m.URL, mustToken(t, m, mk, "officer.mk", meridian.RoleOfficer)}
	mkNCB := &client{t, m.URL, mustToken(t, m, ncbAgency(t, m, "MK"), "ncb.mk", meridian.RoleNCB)}
	alNCB := &client{t, m.URL, mustToken(t, m, ncbAgency(t, m, "AL"), "ncb.al", meridian.RoleNCB)}
	alCoord := &client{t, m.URL, mustToken(t, m, al, "coord.al", meridian.RoleCoordinator)}
	alNCBRoleOnly := &client{t, m.URL, mustToken(t, m, al, "ncb-role.al", meridian.RoleNCB)} // ncb role, police agency
	rsCoord := &client{t, m.URL, mustToken(t, m, rs, "coord.rs", meridian.RoleCoordinator)}
	admin := &client{t, m.URL, mustToken(t, m, al, "admin.al", meridian.RoleAdmin)}

	// The coordinator's agency leads; the countries named are invited only.
	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra trust", "start": "2024-09-29", "end": "2024-10-04",
		"status": "active", "countries": []string{"MK"}}).decode(t, &op)
	if op.LeadAgency != lead.ID || len(op.Countries) != 0 || len(op.Agencies) != 1 || op.Agencies[0] != lead.ID {
		t.Fatalf("created %+v: want led by %s, MK invited, not taking part", op, lead.ID)
	}
	// Administrators do not run operations.
	admin.must(403, "POST", "/api/v1/operations", map[string]any{"name": "Admin's", "start": "2024-09-29", "end": "2024-10-04", "status": "planned"})

	// MK's police cannot accept for the country; MK's NCB does.
	mkOfficer.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "MK"))
	mkNCB.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "MK"))
	mkNCB.must(404, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "MK")) // no open invitation left

	var victim meridian.Person
	mkOfficer.must(201, "POST", "/api/v1/persons", victimBody(op.ID)).decode(t, &victim)
	var rescue meridian.Event
	mkOfficer.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"},
		map[string]any{"count": 3, "sex": "F", "nationality": "UA"})).decode(t, &rescue)
	leadOfficer.must(200, "GET", "/api/v1/persons/"+victim.ID, nil)

	// The attack as reported: Albania's coordinator adds AL by replacing
	// the operation; then an administrator tries the same.
	var full meridian.Operation
	coord.must(200, "GET", "/api/v1/operations/"+op.ID, nil).decode(t, &full)
	put := func(countries []string, agencies []string) map[string]any {
		return map[string]any{"name": full.Name, "start": full.Start, "end": full.End, "status": full.Status,
			"countries": countries, "agencies": agencies, "version": full.Version}
	}
	alCoord.must(403, "PUT", "/api/v1/operations/"+op.ID, put([]string{"MK", "AL"}, full.Agencies))
	admin.must(403, "PUT", "/api/v1/operations/"+op.ID, put([]string{"MK", "AL"}, full.Agencies))
	alCoord.must(404, "GET", "/api/v1/persons/"+victim.ID, nil)
	alCoord.must(404, "GET", "/api/v1/events/"+rescue.ID, nil)
	// Nor run it: only the lead's coordinators activate or close it, and
	// participants who are not the lead do not either.
	for _, c := range []*client{alCoord, admin, mkNCB, leadOfficer} {
		c.must(403, "POST", "/api/v1/operations/"+op.ID+"/close", nil)
	}
	// An outsider does not report into the operation either (its figures
	// are its participants').
	alCoord.must(403, "POST", "/api/v1/events", rescueBody(op.ID, "AL", map[string]any{"scope": "owner"}, map[string]any{"count": 2}))
	// Nor through the new routes: only the lead invites, and one cannot
	// accept an invitation that was never made.
	alCoord.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("country", "AL"))
	alCoord.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("agency", al.ID))
	admin.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("country", "AL"))
	alNCB.must(404, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "AL"))
	// Even the lead cannot change participants or the lead through PUT.
	coord.must(422, "PUT", "/api/v1/operations/"+op.ID, put([]string{"MK", "AL"}, full.Agencies))
	coord.must(422, "PUT", "/api/v1/operations/"+op.ID, put(full.Countries, append(full.Agencies, al.ID)))
	withLead := put(full.Countries, full.Agencies)
	withLead["lead_agency"] = al.ID
	coord.must(422, "PUT", "/api/v1/operations/"+op.ID, withLead)
	// A whole-body round trip that leaves them alone is fine.
	coord.must(200, "PUT", "/api/v1/operations/"+op.ID, put(full.Countries, full.Agencies))

	// The lead invites AL; only AL's NCB accepts for AL: not its police
	// coordinator, not a police officer holding the ncb role, not MK's NCB.
	coord.must(201, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("country", "AL"))
	coord.must(409, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("country", "AL"))
	var inv list[meridian.Participant]
	alNCB.must(200, "GET", "/api/v1/invitations", nil).decode(t, &inv)
	if len(inv.Items) != 1 || inv.Items[0].OperationID != op.ID || inv.Items[0].Value != "AL" {
		t.Fatalf("AL's invitations %+v", inv.Items)
	}
	alCoord.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "AL"))
	alNCBRoleOnly.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "AL"))
	mkNCB.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "AL"))
	alCoord.must(404, "GET", "/api/v1/persons/"+victim.ID, nil) // invited is not taking part
	alNCB.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "AL"))
	alCoord.must(200, "GET", "/api/v1/persons/"+victim.ID, nil)

	// An agency invitation is accepted by that agency, nobody else.
	coord.must(201, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("agency", rs.ID))
	alCoord.must(403, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("agency", rs.ID))
	rsCoord.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("agency", rs.ID))
	rsCoord.must(200, "GET", "/api/v1/events/"+rescue.ID, nil)

	// Removal takes effect at once, in single reads and in lists; the lead
	// itself cannot be removed, and only the lead removes.
	alCoord.must(403, "DELETE", "/api/v1/operations/"+op.ID+"/participants/agency/"+rs.ID, nil)
	coord.must(409, "DELETE", "/api/v1/operations/"+op.ID+"/participants/agency/"+lead.ID, nil)
	coord.must(200, "DELETE", "/api/v1/operations/"+op.ID+"/participants/country/AL", nil)
	alCoord.must(404, "GET", "/api/v1/persons/"+victim.ID, nil)
	alCoord.must(404, "GET", "/api/v1/events/"+rescue.ID, nil)
	if ids := listIDs(t, alCoord.must(200, "GET", "/api/v1/events?operation_id="+op.ID, nil)); len(ids) != 0 {
		t.Fatalf("removed participant lists %v", ids)
	}
	alNCB.must(404, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "AL")) // no way back alone
	alCoord.must(403, "POST", "/api/v1/events", rescueBody(op.ID, "AL", map[string]any{"scope": "owner"}, map[string]any{"count": 2}))

	// The history is visible to participants, with who did what.
	var hist list[meridian.Participant]
	mkOfficer.must(200, "GET", "/api/v1/operations/"+op.ID+"/participants", nil).decode(t, &hist)
	byValue := map[string]meridian.Participant{}
	for _, p := range hist.Items {
		byValue[p.Value] = p
	}
	if p := byValue["AL"]; p.Status != meridian.ParticipantRemoved || p.InvitedByAgency != lead.ID || p.AcceptedBy == "" || p.RemovedByAgency != lead.ID || p.RemovedAt.IsZero() {
		t.Fatalf("AL's history %+v", p)
	}
	if p := byValue["MK"]; p.Status != meridian.ParticipantAccepted || p.AcceptedBy == "" {
		t.Fatalf("MK's history %+v", p)
	}
	if p := byValue[rs.ID]; p.Status != meridian.ParticipantAccepted {
		t.Fatalf("RS police %+v", p)
	}
	// A removed or never-invited agency sees no one's standing but its own.
	alCoord.must(200, "GET", "/api/v1/operations/"+op.ID+"/participants", nil).decode(t, &hist)
	if len(hist.Items) != 1 || hist.Items[0].Value != "AL" {
		t.Fatalf("a removed country sees %+v", hist.Items)
	}
	grCoord := &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "GR", "Hellenic police"), "coord.gr", meridian.RoleCoordinator)}
	grCoord.must(403, "GET", "/api/v1/operations/"+op.ID+"/participants", nil)

	// Every change is audited, under the operation, for the lead to read.
	var entries list[meridian.AuditEntry]
	coord.must(200, "GET", "/api/v1/audit?record_id="+op.ID+"&limit=1000", nil).decode(t, &entries)
	actions := map[string]int{}
	for _, e := range entries.Items {
		actions[e.Action+" "+e.RecordKind]++
	}
	for _, want := range []string{"participant_invite operation_country:MK", "participant_accept operation_country:MK",
		"participant_invite operation_country:AL", "participant_accept operation_country:AL", "participant_remove operation_country:AL",
		"participant_invite operation_agency:" + rs.ID, "participant_accept operation_agency:" + rs.ID} {
		if actions[want] != 1 {
			t.Errorf("audit: %q %d times, want once (%v)", want, actions[want], actions)
		}
	}
}

// liveStream is one viewer's stream: its status, the results it brought,
// and whether the server ended it.
type liveStream struct {
	status  int
	results chan meridian.Results
	ended   chan struct{}
}

func watchStream(t *testing.T, c *client, operationID string) *liveStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := nethttp.NewRequestWithContext(ctx, "GET", c.base+"/api/v1/operations/"+operationID+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "text/event-stream")
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	s := &liveStream{status: res.StatusCode, results: make(chan meridian.Results, 100), ended: make(chan struct{})}
	if res.StatusCode != 200 {
		res.Body.Close()
		close(s.ended)
		return s
	}
	go func() {
		defer close(s.ended)
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		var event string
		for sc.Scan() {
			line := sc.Text()
			if e, ok := strings.CutPrefix(line, "event: "); ok {
				event = e
			} else if d, ok := strings.CutPrefix(line, "data: "); ok && event == "results" {
				var r meridian.Results
				if json.Unmarshal([]byte(d), &r) == nil {
					s.results <- r
				}
			}
		}
	}()
	return s
}

// waitResults waits for results satisfying cond; the deadline only keeps
// a broken stream from hanging the test.
func (s *liveStream) waitResults(t *testing.T, what string, cond func(meridian.Results) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case r := <-s.results:
			if cond(r) {
				return
			}
		case <-s.ended:
			t.Fatalf("stream ended before %s", what)
		case <-deadline:
			t.Fatalf("stream: no results with %s", what)
		}
	}
}

// TestTrustLiveTotals (finding 12): a non-participant watching an
// operation saw a country's victims rise by 2 for an owner-only rescue. A
// non-participant now sees the name and period only: no figures, no
// stream, no report, no check counts; a participant removed while watching
// is cut off.
func TestTrustLiveTotals(t *testing.T) {
	m := MustRunMain(t, Config{})
	lead := mustAgency(t, m, "FR", "INTERPOL coordination")
	mk, al := mustAgency(t, m, "MK", "North Macedonia police"), mustAgency(t, m, "AL", "Albania police")
	coord := &client{t, m.URL, mustToken(t, m, lead, "coord", meridian.RoleCoordinator)}
	mkNCB := &client{t, m.URL, mustToken(t, m, ncbAgency(t, m, "MK"), "ncb.mk", meridian.RoleNCB)}
	mkOfficer := &client{t, m.URL, mustToken(t, m, mk, "officer.mk", meridian.RoleOfficer)}
	alOfficer := &client{t, m.URL, mustToken(t, m, al, "officer.al", meridian.RoleOfficer)}
	alCoord := &client{t, m.URL, mustToken(t, m, al, "coord.al", meridian.RoleCoordinator, meridian.RoleAnalyst)}

	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra live", "description": "SEE corridor",
		"start": "2024-09-29", "end": "2024-10-04", "status": "active", "countries": []string{"MK"},
		"deployments": []map[string]any{{"name": "Tabanovce", "kind": "border_point", "country": "MK", "start": "2024-09-29", "end": "2024-10-04"}}}).decode(t, &op)
	mkNCB.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "MK"))

	// The non-participant sees the name and period, nothing else.
	for _, path := range []string{"/api/v1/operations/" + op.ID, "/api/v1/operations"} {
		raw := alOfficer.must(200, "GET", path, nil).body
		var one map[string]any
		if path == "/api/v1/operations" {
			var l list[map[string]any]
			if err := json.Unmarshal(raw, &l); err != nil || len(l.Items) != 1 {
				t.Fatalf("list %s %v", raw, err)
			}
			one = l.Items[0]
		} else if err := json.Unmarshal(raw, &one); err != nil {
			t.Fatal(err)
		}
		var keys []string
		for k := range one {
			keys = append(keys, k)
		}
		if len(one) != 5 || one["name"] != "Liberterra live" || one["start"] != "2024-09-29" || one["end"] != "2024-10-04" || one["summary"] != true || one["id"] != op.ID {
			t.Fatalf("%s shows a non-participant %v (keys %v): want id, name, start, end, summary", path, one, keys)
		}
	}
	var seen meridian.Operation
	mkOfficer.must(200, "GET", "/api/v1/operations/"+op.ID, nil).decode(t, &seen)
	if seen.Summary || len(seen.Deployments) != 1 || len(seen.Countries) != 1 {
		t.Fatalf("a participant sees %+v", seen)
	}

	// The attack: watch while MK files an owner-only rescue of 2.
	if s := watchStream(t, alOfficer, op.ID); s.status != 403 {
		t.Fatalf("a non-participant's stream: %d, want 403", s.status)
	}
	for _, path := range []string{"/results", "/results?country=MK", "/statistics", "/report?format=html", "/report?format=csv"} {
		alCoord.must(403, "GET", "/api/v1/operations/"+op.ID+path, nil)
	}
	alCoord.must(403, "GET", "/api/v1/checks/counts?operation_id="+op.ID, nil)

	viewer := watchStream(t, mkOfficer, op.ID)
	if viewer.status != 200 {
		t.Fatalf("a participant's stream: %d", viewer.status)
	}
	viewer.waitResults(t, "the first results", func(meridian.Results) bool { return true })
	mkOfficer.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "owner"}, map[string]any{"count": 2, "sex": "F"}))
	viewer.waitResults(t, "2 victims", func(r meridian.Results) bool { return r.Totals.Victims == 2 })

	// A participant removed while watching is cut off, and cannot come back.
	coord.must(201, "POST", "/api/v1/operations/"+op.ID+"/participants", participant("agency", al.ID))
	alCoord.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("agency", al.ID))
	alCoord.must(200, "GET", "/api/v1/operations/"+op.ID+"/results", nil)
	watching := watchStream(t, alOfficer, op.ID)
	if watching.status != 200 {
		t.Fatalf("an accepted participant's stream: %d", watching.status)
	}
	watching.waitResults(t, "the first results", func(r meridian.Results) bool { return r.Totals.Victims == 2 })
	coord.must(200, "DELETE", "/api/v1/operations/"+op.ID+"/participants/agency/"+al.ID, nil)
	alCoord.must(403, "GET", "/api/v1/operations/"+op.ID+"/results", nil)
	select {
	case <-watching.ended:
	case <-time.After(10 * time.Second):
		t.Fatal("a removed participant's stream stays open")
	}
	if s := watchStream(t, alOfficer, op.ID); s.status != 403 {
		t.Fatalf("a removed participant's stream: %d, want 403", s.status)
	}
	mkOfficer.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "owner"}, map[string]any{"count": 1, "sex": "M"}))
	viewer.waitResults(t, "3 victims", func(r meridian.Results) bool { return r.Totals.Victims == 3 })
}

// TestTrustOperationMatrix: every role of an agency that takes part, is
// invited but has not accepted, was removed, or was never invited, against
// everything an operation exposes: the operation, its participants, its
// results, statistics, report, live stream and check counts, and a record
// released to "all" its participants.
func TestTrustOperationMatrix(t *testing.T) {
	m := MustRunMain(t, Config{})
	lead := mustAgency(t, m, "FR", "INTERPOL coordination")
	coord := &client{t, m.URL, mustToken(t, m, lead, "coord", meridian.RoleCoordinator)}
	mkNCB := &client{t, m.URL, mustToken(t, m, ncbAgency(t, m, "MK"), "ncb.mk", meridian.RoleNCB)}
	standings := []struct {
		name   string
		agency *meridian.Agency
	}{
		{"participant", mustAgency(t, m, "MK", "North Macedonia police")},
		{"invited", mustAgency(t, m, "AL", "Albania police")},
		{"removed", mustAgency(t, m, "RS", "Serbia police")},
		{"outsider", mustAgency(t, m, "GR", "Hellenic police")},
	}
	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Matrix", "start": "2024-09-29", "end": "2024-10-04",
		"status": "active", "countries": []string{"MK"}, "agencies": []string{standings[1].agency.ID, standings[2].agency.ID}}).decode(t, &op)
	mkNCB.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("country", "MK"))
	rsCoord := &client{t, m.URL, mustToken(t, m, standings[2].agency, "coord.rs.accepts", meridian.RoleCoordinator)}
	rsCoord.must(200, "POST", "/api/v1/operations/"+op.ID+"/participants/accept", participant("agency", standings[2].agency.ID))
	owner := &client{t, m.URL, mustToken(t, m, standings[0].agency, "owner.mk", meridian.RoleOfficer)}
	var shared meridian.Event
	owner.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"},
		map[string]any{"count": 12, "sex": "F", "age_band": "18-24", "nationality": "AL"})).decode(t, &shared)
	rsCoord.must(200, "GET", "/api/v1/events/"+shared.ID, nil) // it could read, before its removal
	coord.must(200, "DELETE", "/api/v1/operations/"+op.ID+"/participants/agency/"+standings[2].agency.ID, nil)

	statRoles := map[meridian.Role]bool{meridian.RoleCoordinator: true, meridian.RoleAnalyst: true, meridian.RoleObserver: true}
	code := func(ok bool, no int) int {
		if ok {
			return 200
		}
		return no
	}
	for _, st := range standings {
		for _, role := range meridian.Roles {
			t.Run(st.name+"/"+string(role), func(t *testing.T) {
				c := &client{t, m.URL, mustToken(t, m, st.agency, fmt.Sprintf("%s.%s", st.name, role), role)}
				in := st.name == "participant" && role != meridian.RoleAdmin // takes part, with a working role
				var o map[string]any
				c.must(200, "GET", "/api/v1/operations/"+op.ID, nil).decode(t, &o)
				if _, full := o["countries"]; full != in || (o["summary"] == true) == in {
					t.Errorf("operation %v: whole view %v, want %v", o, full, in)
				}
				checks := []struct {
					path string
					want int
				}{
					{"/api/v1/operations/" + op.ID + "/results", code(in, 403)},
					{"/api/v1/operations/" + op.ID + "/results?country=MK", code(in, 403)},
					{"/api/v1/operations/" + op.ID + "/statistics", code(in && statRoles[role], 403)},
					{"/api/v1/operations/" + op.ID + "/report?format=html", code(in, 403)},
					{"/api/v1/operations/" + op.ID + "/report?format=csv", code(in && statRoles[role], 403)},
					{"/api/v1/checks/counts?operation_id=" + op.ID, code(in, 403)},
					{"/api/v1/events/" + shared.ID, code(in, 404)},
					{"/api/v1/operations/" + op.ID + "/participants", code(st.name != "outsider", 403)},
				}
				for _, ch := range checks {
					if r := c.do("GET", ch.path, nil); r.status != ch.want {
						t.Errorf("GET %s: %d, want %d: %s", ch.path, r.status, ch.want, r.body)
					}
				}
				if s := watchStream(t, c, op.ID); s.status != code(in, 403) {
					t.Errorf("stream: %d, want %d", s.status, code(in, 403))
				}
				if ids := listIDs(t, c.must(200, "GET", "/api/v1/events?operation_id="+op.ID, nil)); contains(ids, shared.ID) != in {
					t.Errorf("events list %v: shared report listed %v, want %v", ids, contains(ids, shared.ID), in)
				}
			})
		}
	}
}
