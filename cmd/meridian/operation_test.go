package main

import (
	"bufio"
	"context"
	"encoding/json"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/report"
)

// sseClient reads an operation's live stream as one user.
type sseClient struct {
	t       *testing.T
	results chan meridian.Results
	reports chan meridian.FeedItem
}

func openStream(t *testing.T, c *client, operationID string) *sseClient {
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
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	s := &sseClient{t: t, results: make(chan meridian.Results, 100), reports: make(chan meridian.FeedItem, 100)}
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		var event string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data := []byte(strings.TrimPrefix(line, "data: "))
				switch event {
				case "results":
					var r meridian.Results
					if json.Unmarshal(data, &r) == nil {
						s.results <- r
					}
				case "report":
					var it meridian.FeedItem
					if json.Unmarshal(data, &it) == nil {
						s.reports <- it
					}
				}
			}
		}
	}()
	return s
}

// nextResults waits for results satisfying cond; the deadline only keeps
// a broken stream from hanging the test.
func (s *sseClient) nextResults(what string, cond func(meridian.Results) bool) meridian.Results {
	s.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case r := <-s.results:
			if cond(r) {
				return r
			}
		case <-deadline:
			s.t.Fatalf("stream: no results with %s", what)
		}
	}
}

// reportsWithin collects the reports the stream delivers until quiet.
func (s *sseClient) reportsWithin(d time.Duration) []meridian.FeedItem {
	var got []meridian.FeedItem
	timer := time.After(d)
	for {
		select {
		case it := <-s.reports:
			got = append(got, it)
		case <-timer:
			return got
		}
	}
}

func rescueBody(operationID, country string, release map[string]any, victims ...map[string]any) map[string]any {
	return map[string]any{
		"type": "rescue", "operation_id": operationID, "occurred_at": "2024-10-01T14:30:00Z",
		"place": map[string]any{"country": country, "name": "Skopje"}, "release": release, "victims": victims,
	}
}

// TestOperationLive: field reports through the API reach the results and
// the live stream, and each viewer receives only the reports they may
// read (two agencies, owner-only and shared reports).
func TestOperationLive(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "North Macedonia police")
	b := mustAgency(t, m, "AL", "Albania police")
	coord := &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "FR", "INTERPOL"), "coord", meridian.RoleCoordinator, meridian.RoleAnalyst)}
	ca := &client{t, m.URL, mustToken(t, m, a, "officer.mk", meridian.RoleOfficer)}
	cb := &client{t, m.URL, mustToken(t, m, b, "officer.al", meridian.RoleOfficer)}

	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra test", "start": "2024-09-29", "end": "2024-10-04",
		"status": "planned", "countries": []string{"MK", "AL"}}).decode(t, &op)
	// The countries named are invited; here Meridian accepts for them
	// (trust_operations_test.go goes through their NCBs).
	for _, c := range []string{"MK", "AL"} {
		if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, c); err != nil {
			t.Fatal(err)
		}
	}
	// A planned operation takes no reports.
	ca.must(409, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"}, map[string]any{"count": 1}))
	coord.must(200, "POST", "/api/v1/operations/"+op.ID+"/activate", nil)

	sa, sb := openStream(t, ca, op.ID), openStream(t, cb, op.ID)
	first := sa.nextResults("the first results", func(r meridian.Results) bool { return true })
	if first.Totals.Victims != 0 || first.Countries != 2 || len(first.ByDay) != 6 {
		t.Fatalf("first results %+v", first)
	}
	sb.nextResults("the first results", func(r meridian.Results) bool { return true })

	// A shared rescue: both viewers see it and the counter moves.
	var shared meridian.Event
	ca.must(201, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"},
		map[string]any{"count": 32, "sex": "F", "age_band": "18-24", "nationality": "AL", "exploitation": []string{"sexual_exploitation"}})).decode(t, &shared)
	for _, s := range []*sseClient{sa, sb} {
		r := s.nextResults("32 victims", func(r meridian.Results) bool { return r.Totals.Victims == 32 })
		if r.ByDay[2].Victims != 32 {
			t.Fatalf("by day %+v", r.ByDay)
		}
	}
	// An owner-only arrest: its counter moves for everyone (figures name no
	// one), but only the owner's viewer receives the report.
	var private meridian.Event
	ca.must(201, "POST", "/api/v1/events", map[string]any{"type": "arrest", "operation_id": op.ID, "occurred_at": "2024-10-01T15:00:00Z",
		"place": map[string]any{"country": "MK"}, "release": map[string]any{"scope": "owner"},
		"charges": []map[string]any{{"code": "trafficking_in_human_beings", "legal_basis": "art. 418-a"}}}).decode(t, &private)
	sb.nextResults("one arrest", func(r meridian.Results) bool { return r.Totals.Arrests == 1 && r.Totals.ArrestsTHBSOM == 1 })
	sa.nextResults("one arrest", func(r meridian.Results) bool { return r.Totals.Arrests == 1 })

	gotA := sa.reportsWithin(500 * time.Millisecond)
	gotB := sb.reportsWithin(500 * time.Millisecond)
	ids := func(items []meridian.FeedItem) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}
	if !contains(ids(gotA), shared.ID) || !contains(ids(gotA), private.ID) {
		t.Fatalf("owner's viewer got %v, want both reports", ids(gotA))
	}
	if !contains(ids(gotB), shared.ID) || contains(ids(gotB), private.ID) {
		t.Fatalf("other agency's viewer got %v: want the shared report and never the owner-only one", ids(gotB))
	}
	for _, it := range gotA {
		if it.ID == shared.ID && (it.Victims != 32 || it.Country != "MK" || it.Type != meridian.EventRescue) {
			t.Fatalf("feed item %+v", it)
		}
	}

	// The results endpoint agrees with the stream.
	var r meridian.Results
	cb.must(200, "GET", "/api/v1/operations/"+op.ID+"/results", nil).decode(t, &r)
	if r.Totals.Victims != 32 || r.Totals.Arrests != 1 || r.Totals.ArrestsTHBSOM != 1 {
		t.Fatalf("results %+v", r.Totals)
	}
	// Statistics: analysts and coordinators only; 32 shown, nothing under 11.
	cb.must(403, "GET", "/api/v1/operations/"+op.ID+"/statistics", nil)
	var stats list[meridian.StatRow]
	coord.must(200, "GET", "/api/v1/operations/"+op.ID+"/statistics", nil).decode(t, &stats)
	if len(stats.Items) == 0 || stats.Items[0].N != 32 {
		t.Fatalf("statistics %+v", stats.Items)
	}
	// Newest first, for the feed.
	var feed list[meridian.Event]
	ca.must(200, "GET", "/api/v1/events?operation_id="+op.ID+"&order=newest&limit=1", nil).decode(t, &feed)
	if len(feed.Items) != 1 || feed.Items[0].ID != private.ID {
		t.Fatalf("newest first: %+v", feed.Items)
	}

	// The report: HTML under its own strict policy, the statistics as CSV,
	// and the PDF when a browser is installed (CI installs one).
	html := cb.must(200, "GET", "/api/v1/operations/"+op.ID+"/report?format=html", nil)
	if !strings.HasPrefix(html.header.Get("Content-Type"), "text/html") || !strings.Contains(string(html.body), "Liberterra test") ||
		!strings.Contains(html.header.Get("Content-Security-Policy"), "default-src 'none'") {
		t.Fatalf("html report: %s %q", html.header.Get("Content-Type"), html.header.Get("Content-Security-Policy"))
	}
	csv := coord.must(200, "GET", "/api/v1/operations/"+op.ID+"/report?format=csv", nil)
	if !strings.HasPrefix(string(csv.body), "table,nationality,sex,age_band") || !strings.Contains(string(csv.body), ",32") {
		t.Fatalf("csv report:\n%s", csv.body)
	}
	cb.must(403, "GET", "/api/v1/operations/"+op.ID+"/report?format=csv", nil)
	cb.must(422, "GET", "/api/v1/operations/"+op.ID+"/report?format=docx", nil)
	if _, err := report.FindChromium(); err == nil {
		pdf := cb.must(200, "GET", "/api/v1/operations/"+op.ID+"/report?format=pdf", nil)
		if !strings.HasPrefix(string(pdf.body), "%PDF-") {
			t.Fatalf("pdf report starts %q", pdf.body[:min(len(pdf.body), 20)])
		}
	}

	// Closing makes the results final: reports are refused, the operation
	// cannot be reopened.
	coord.must(200, "POST", "/api/v1/operations/"+op.ID+"/close", nil)
	ca.must(409, "POST", "/api/v1/events", rescueBody(op.ID, "MK", map[string]any{"scope": "all"}, map[string]any{"count": 1}))
	coord.must(409, "POST", "/api/v1/operations/"+op.ID+"/activate", nil)
	coord.must(404, "GET", "/api/v1/operations/"+meridian.NewID()+"/stream", nil)
}

// TestBadReports: a report with missing or impossible values, a date
// outside the operation, an unknown country or a body too large is
// refused with a message naming the field, and nothing is stored.
func TestBadReports(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "North Macedonia police")
	ca := &client{t, m.URL, mustToken(t, m, a, "officer.mk", meridian.RoleOfficer)}
	op := &meridian.Operation{Name: "Bad reports", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	all := map[string]any{"scope": "all"}
	with := func(k string, v any) map[string]any {
		b := rescueBody(op.ID, "MK", all, map[string]any{"count": 2, "sex": "F"})
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	records, counts := countRows(t, m, "records"), countRows(t, m, "operation_counts")
	for _, tc := range []struct {
		name     string
		body     any
		status   int
		location string
	}{
		{"MissingType", with("type", nil), 422, "body.type"},
		{"MissingVictims", with("victims", nil), 422, "body.victims"},
		{"Age300", rescueBody(op.ID, "MK", all, map[string]any{"count": 1, "age": 300}), 422, "body.victims[0].age"},
		{"ZeroVictims", rescueBody(op.ID, "MK", all, map[string]any{"count": 0}), 422, "body.victims[0].count"},
		{"UnknownNationality", rescueBody(op.ID, "MK", all, map[string]any{"count": 1, "nationality": "QQ"}), 422, "body.victims[0].nationality"},
		{"OutsideOperation", with("occurred_at", "2024-10-09T10:00:00Z"), 422, "body.occurred_at"},
		{"UnknownCountry", with("place", map[string]any{"country": "XZ"}), 422, "body.place.country"},
		{"UnknownExploitation", rescueBody(op.ID, "MK", all, map[string]any{"count": 1, "exploitation": []string{"fun"}}), 422, "body.victims[0].exploitation[0]"},
		{"BadFlight", map[string]any{"type": "flight", "operation_id": op.ID, "occurred_at": "2024-10-01T10:00:00Z", "place": map[string]any{"country": "MK"},
			"flight": map[string]any{"carrier": "TK", "number": "18830", "from": "IST", "to": "SKP", "from_country": "TR"}}, 422, "body.flight.number"},
		{"TooLarge", with("summary", strings.Repeat("x", 2<<20)), 413, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ca.do("POST", "/api/v1/events", tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.location != "" {
				mustProblem(t, r, tc.status, tc.location)
			}
		})
	}
	if countRows(t, m, "records") != records || countRows(t, m, "operation_counts") != counts {
		t.Fatal("a refused report left something behind")
	}
}
