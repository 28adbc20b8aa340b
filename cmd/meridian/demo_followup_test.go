package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
)

// TestDemoFollowup: the demo plants six months of follow-up on its
// networks as its replay starts. Each demo prosecutor has incoming
// requests to work, some overdue and one sent today still in time; the
// follow-up of the demo operation counts prosecutions, convictions and
// requests answered, refused and overdue in figures large enough to be
// published; the follow-up report has them; the receipts of a request
// recorded after the fact verify and say when they were recorded.
func TestDemoFollowup(t *testing.T) {
	if testing.Short() {
		t.Skip("replays the demo operation")
	}
	m, tokens := runDemo(t)
	as := func(user string) *client { return &client{t, m.URL, tokens[user]} }
	var ops list[meridian.Operation]
	as("prosecutor.mk").must(200, "GET", "/api/v1/operations", nil).decode(t, &ops)
	opID := ""
	for _, o := range ops.Items {
		if o.Name == "Liberterra II (demo)" {
			opID = o.ID
		}
	}
	if opID == "" {
		t.Fatalf("no demo operation among %d", len(ops.Items))
	}
	var fu meridian.Followup
	deadline := time.Now().Add(3 * time.Minute)
	for {
		as("observer.unodc").must(200, "GET", "/api/v1/followup?operation_id="+opID, nil).decode(t, &fu)
		if fu.Total.Cases >= 17 && fu.Total.Sent >= 30 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the follow-up is not planted within 3 minutes: %+v", fu)
		}
		time.Sleep(250 * time.Millisecond)
	}
	for _, u := range []string{"prosecutor.mk", "prosecutor.rs"} {
		var in, overdue list[meridian.Request]
		as(u).must(200, "GET", "/api/v1/requests?direction=in&limit=100", nil).decode(t, &in)
		as(u).must(200, "GET", "/api/v1/requests?direction=in&overdue=true&limit=100", nil).decode(t, &overdue)
		waiting, fresh := 0, 0
		for _, r := range in.Items {
			if r.State == meridian.RequestSent || r.State == meridian.RequestAcknowledged || r.State == meridian.RequestAccepted {
				waiting++
				if !r.Overdue {
					fresh++
				}
			}
		}
		if len(overdue.Items) == 0 || waiting < 2 || fresh == 0 {
			t.Errorf("%s: %d incoming, %d overdue, %d waiting, %d in time: want overdue ones and one in time", u, len(in.Items), len(overdue.Items), waiting, fresh)
		}
	}
	// The figures: for the UNODC observer, who leads none of the cases,
	// they are published when 11 or more.
	for _, u := range []string{"observer.unodc", "prosecutor.mk"} {
		as(u).must(200, "GET", "/api/v1/followup?operation_id="+opID, nil).decode(t, &fu)
		tot := fu.Total
		if tot.Cases < 17 || tot.Prosecuted < 11 || tot.Convicted < 11 || tot.Sent < 11 || tot.Answered < 11 || tot.Overdue < 11 {
			t.Errorf("%s's follow-up: %+v", u, tot)
		}
	}
	// The North Macedonian case went to judgment and appeal: its lead
	// reads the stages, the convictions with their sentences, the victims
	// assisted, the assets seized and today's messages.
	var mkCases list[meridian.Case]
	as("prosecutor.mk").must(200, "GET", "/api/v1/cases?operation_id="+opID+"&limit=100", nil).decode(t, &mkCases)
	mkCase := ""
	for _, c := range mkCases.Items {
		if strings.HasPrefix(c.Title, "Stojanovski network") {
			mkCase = c.ID
		}
	}
	if mkCase == "" {
		t.Fatalf("prosecutor.mk does not find the Stojanovski case among %d", len(mkCases.Items))
	}
	var stages []meridian.CaseStage
	as("prosecutor.mk").must(200, "GET", "/api/v1/cases/"+mkCase+"/stages", nil).decode(t, &stages)
	if len(stages) != 4 || stages[3].Stage != meridian.StageAppeal {
		t.Errorf("the Stojanovski case's stages: %+v", stages)
	}
	var outcomes []meridian.Outcome
	as("prosecutor.mk").must(200, "GET", "/api/v1/cases/"+mkCase+"/outcomes", nil).decode(t, &outcomes)
	kinds := map[string]int{}
	for _, o := range outcomes {
		kinds[o.Kind]++
		if o.Kind == meridian.OutcomeConviction && (o.SentenceMonths == 0 || o.PersonID == "") {
			t.Errorf("a conviction without its sentence or person: %+v", o)
		}
	}
	if kinds[meridian.OutcomeCharge] == 0 || kinds[meridian.OutcomeIndictment] == 0 || kinds[meridian.OutcomeConviction] != 2 ||
		kinds[meridian.OutcomeAssisted] == 0 || kinds[meridian.OutcomeSeized] == 0 {
		t.Errorf("the Stojanovski case's outcomes: %v", kinds)
	}
	var msgs list[meridian.CaseMessage]
	as("prosecutor.mk").must(200, "GET", "/api/v1/cases/"+mkCase+"/messages", nil).decode(t, &msgs)
	if len(msgs.Items) < 2 {
		t.Errorf("the Stojanovski case has %d messages", len(msgs.Items))
	}
	// The Serbian route's requests: of several types, one refused, one
	// answered late, its EIO sent in the week after the operation.
	var cases list[meridian.Case]
	as("prosecutor.rs").must(200, "GET", "/api/v1/cases?operation_id="+opID+"&limit=100", nil).decode(t, &cases)
	var route *meridian.Case
	for i, c := range cases.Items {
		if strings.HasPrefix(c.Title, "Krasniqi recruitment ring") {
			route = &cases.Items[i]
		}
	}
	if route == nil {
		t.Fatalf("prosecutor.rs does not find its case among %d", len(cases.Items))
	}
	var reqs list[meridian.Request]
	as("prosecutor.rs").must(200, "GET", "/api/v1/requests?case_id="+route.ID+"&limit=100", nil).decode(t, &reqs)
	types, refused, late := map[string]bool{}, 0, 0
	var recorded *meridian.Request
	for i, r := range reqs.Items {
		types[r.Type] = true
		if r.State == meridian.RequestRefused {
			refused++
		}
		for _, d := range r.Deadlines {
			if d.Late && !d.Met.IsZero() {
				late++
			}
		}
		if r.Type == meridian.RequestEIO {
			recorded = &reqs.Items[i]
		}
	}
	if len(types) < 4 || refused == 0 || late == 0 || recorded == nil {
		t.Fatalf("the Serbian route's requests: types %v, %d refused, %d answered late", types, refused, late)
	}
	if recorded.SentAt.After(time.Date(2024, 10, 10, 0, 0, 0, 0, time.UTC)) || recorded.State != meridian.RequestExecuted {
		t.Fatalf("the EIO of the Serbian route: sent %s, %s", recorded.SentAt, recorded.State)
	}
	var rcs []meridian.Receipt
	as("prosecutor.rs").must(200, "GET", "/api/v1/requests/"+recorded.ID+"/receipts", nil).decode(t, &rcs)
	keys, err := audit.LoadPublicKeys(m.Config.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rcs) < 5 {
		t.Fatalf("%d receipts", len(rcs))
	}
	for i := range rcs {
		if rcs[i].Recorded.IsZero() || !rcs[i].At.Before(rcs[i].Recorded) {
			t.Errorf("receipt %d: at %s, recorded %s: want both, the step earlier", rcs[i].Step, rcs[i].At, rcs[i].Recorded)
		}
		if err := audit.VerifyReceipt(&rcs[i], keys); err != nil {
			t.Errorf("receipt %d: %v", rcs[i].Step, err)
		}
	}
	// The follow-up report, which leaves Meridian, has figures.
	out, stderr, code := cli(t, "", "report", "followup", "--data", m.Config.Data, "--operation", opID)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var rep meridian.Followup
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Total.Cases < 17 || rep.Total.Prosecuted < 11 || rep.Total.Convicted < 11 || rep.Total.Sent < 11 || rep.Total.Overdue < 11 {
		t.Fatalf("the follow-up report: %+v", rep.Total)
	}
}
