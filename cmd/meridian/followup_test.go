package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"meridian"
	"meridian/postgres/pgtest"
)

// followupWorld is caseWorld with an operation (RS and MK taking part) and
// a case in it listing a suspect and a victim.
type followupWorld struct {
	*caseWorld
	opID             string
	kase             string
	suspect, victim  string
	outsiderPersonMK string
}

func newFollowupWorld(t *testing.T, cfg Config) *followupWorld {
	t.Helper()
	w := &followupWorld{caseWorld: newCaseWorld(t, cfg)}
	m := w.m
	coord := &client{t, m.URL, mustToken(t, m, mustAgency(t, m, "FR", "INTERPOL"), "coord", meridian.RoleCoordinator)}
	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Vardar follow-up", "start": "2025-09-29", "end": "2025-10-04",
		"status": "planned", "countries": []string{"RS", "MK"}}).decode(t, &op)
	for _, c := range []string{"RS", "MK"} {
		if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, c); err != nil {
			t.Fatal(err)
		}
	}
	coord.must(200, "POST", "/api/v1/operations/"+op.ID+"/activate", nil)
	w.opID = op.ID
	var s, v, o meridian.Person
	w.rsPro.must(201, "POST", "/api/v1/persons", personBody("Dragan Ilic", map[string]any{"scope": "listed", "countries": []string{"MK"}})).decode(t, &s)
	vb := personBody("Ana Petrova", map[string]any{"scope": "listed", "countries": []string{"MK"}})
	vb["role"], vb["sex"] = "victim", "F"
	w.rsPro.must(201, "POST", "/api/v1/persons", vb).decode(t, &v)
	w.mkPro.must(201, "POST", "/api/v1/persons", personBody("Other Suspect", nil)).decode(t, &o)
	w.suspect, w.victim, w.outsiderPersonMK = s.ID, v.ID, o.ID
	w.kase = w.opCase(t, w.rsPro, "Vardar ring", s.ID, v.ID)
	w.rsPro.must(200, "PUT", "/api/v1/cases/"+w.kase+"/participants/"+w.mk.ID, map[string]any{"role": "prosecuting"})
	w.rsPro.must(200, "PUT", "/api/v1/cases/"+w.kase+"/participants/"+w.fr.ID, map[string]any{"role": "observer"})
	return w
}

func (w *followupWorld) opCase(t *testing.T, c *client, title string, records ...string) string {
	t.Helper()
	var k meridian.Case
	c.must(201, "POST", "/api/v1/cases", map[string]any{"title": title, "operation_id": w.opID, "countries": []string{"RS", "MK"},
		"records": records}).decode(t, &k)
	return k.ID
}

// TestFollowupStagesOutcomes: those who act in a case move its stage and
// record outcomes; an observer may not; an outsider learns nothing (404
// as for a missing case); a victim is never recorded as charged or
// convicted; every refusal names the field.
func TestFollowupStagesOutcomes(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testFollowupStagesOutcomes(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testFollowupStagesOutcomes(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testFollowupStagesOutcomes(t *testing.T, cfg Config) {
	w := newFollowupWorld(t, cfg)
	base := "/api/v1/cases/" + w.kase
	var stages []meridian.CaseStage
	w.mkPro.must(200, "GET", base+"/stages", nil).decode(t, &stages)
	if len(stages) != 0 {
		t.Fatalf("a new case has stage changes %+v", stages)
	}
	// The prosecuting participant moves the case to prosecution.
	var st meridian.CaseStage
	w.mkPro.must(201, "POST", base+"/stages", map[string]any{"stage": "prosecution", "date": "2026-01-10"}).decode(t, &st)
	if st.Stage != "prosecution" || st.AgencyID != w.mk.ID || st.ChangedBy != "pro.mk" {
		t.Fatalf("stage change %+v", st)
	}
	w.mkPro.must(409, "POST", base+"/stages", map[string]any{"stage": "prosecution", "date": "2026-01-11"})
	if got := problemFields(t, w.rsPro.must(422, "POST", base+"/stages", map[string]any{"stage": "trial", "date": "2025-12-01"})); !slices.Equal(got, []string{"body.date"}) {
		t.Fatalf("a date before the last change names %v", got)
	}
	if got := problemFields(t, w.rsPro.must(422, "POST", base+"/stages", map[string]any{"stage": "sentencing", "date": "2026-01-02"})); !slices.Equal(got, []string{"body.stage"}) {
		t.Fatalf("a bad stage names %v", got)
	}
	if got := problemFields(t, w.rsPro.must(422, "POST", base+"/stages", map[string]any{"stage": "trial", "date": "2026-01"})); !slices.Equal(got, []string{"body.date"}) {
		t.Fatalf("a partial date names %v", got)
	}
	if got := problemFields(t, w.rsPro.must(422, "POST", base+"/stages", map[string]any{"stage": "trial", "date": "2999-01-01"})); !slices.Equal(got, []string{"body.date"}) {
		t.Fatalf("a future date names %v", got)
	}
	// The observer reads but does not act; the outsider learns nothing.
	w.frObs.must(200, "GET", base+"/stages", nil)
	w.frObs.must(403, "POST", base+"/stages", map[string]any{"stage": "trial", "date": "2026-02-01"})
	missing := "/api/v1/cases/" + meridian.NewID()
	for _, p := range []string{base, missing} {
		w.deAna.must(404, "GET", p+"/stages", nil)
		w.deAna.must(404, "GET", p+"/outcomes", nil)
		w.deAna.must(404, "POST", p+"/stages", map[string]any{"stage": "trial", "date": "2026-02-01"})
		w.deAna.must(404, "POST", p+"/outcomes", map[string]any{"kind": "charge", "date": "2026-01-12", "person_id": w.suspect, "legal_basis": "art. 388"})
	}

	// Outcomes: a victim is never charged or convicted, named in the field.
	for _, kind := range []string{"charge", "indictment", "conviction", "acquittal"} {
		body := map[string]any{"kind": kind, "date": "2026-01-12", "person_id": w.victim, "legal_basis": "Criminal Code art. 388"}
		if got := problemFields(t, w.mkPro.must(422, "POST", base+"/outcomes", body)); !slices.Equal(got, []string{"body.person_id"}) {
			t.Fatalf("%s of a victim names %v", kind, got)
		}
	}
	// A person the case does not list, and missing fields, are named.
	if got := problemFields(t, w.mkPro.must(422, "POST", base+"/outcomes", map[string]any{"kind": "charge", "date": "2026-01-12",
		"person_id": w.outsiderPersonMK, "legal_basis": "art. 388"})); !slices.Equal(got, []string{"body.person_id"}) {
		t.Fatalf("a person outside the case names %v", got)
	}
	if got := problemFields(t, w.mkPro.must(422, "POST", base+"/outcomes", map[string]any{"kind": "charge", "date": "2026-01-12"})); !slices.Equal(got, []string{"body.legal_basis", "body.person_id"}) {
		t.Fatalf("an empty charge names %v", got)
	}
	if got := problemFields(t, w.mkPro.must(422, "POST", base+"/outcomes", map[string]any{"kind": "assets_seized", "date": "2026-01-12", "asset_kind": "cash", "value": 9000})); !slices.Equal(got, []string{"body.currency"}) {
		t.Fatalf("seized assets without a currency name %v", got)
	}
	w.frObs.must(403, "POST", base+"/outcomes", map[string]any{"kind": "victims_assisted", "date": "2026-01-12", "service": "shelter", "count": 2})

	w.mkPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "charge", "date": "2026-01-12", "person_id": w.suspect, "legal_basis": "Criminal Code art. 418"})
	var conv meridian.Outcome
	w.mkPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "conviction", "date": "2026-06-02", "person_id": w.suspect,
		"sentence_months": 48, "fine": 5000, "currency": "EUR"}).decode(t, &conv)
	if conv.SentenceMonths != 48 || conv.Fine != 5000 || conv.AgencyID != w.mk.ID {
		t.Fatalf("conviction %+v", conv)
	}
	w.rsPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "victims_assisted", "date": "2026-01-05", "service": "shelter", "count": 3})
	w.rsPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "assets_seized", "date": "2026-01-06", "asset_kind": "cash", "value": 9000, "currency": "EUR"})
	var outs []meridian.Outcome
	w.frObs.must(200, "GET", base+"/outcomes", nil).decode(t, &outs)
	var kinds []string
	for _, o := range outs {
		kinds = append(kinds, o.Kind)
	}
	if !slices.Equal(kinds, []string{"victims_assisted", "assets_seized", "charge", "conviction"}) {
		t.Fatalf("outcomes by date %v", kinds)
	}
	// The suspect's record is released to North Macedonia only: the
	// French observer reads that someone was convicted, not whom.
	if o := outs[3]; o.PersonID != "" || !o.PersonHidden {
		t.Fatalf("the observer reads the suspect of a conviction: %+v", o)
	}
	var mine []meridian.Outcome
	w.mkPro.must(200, "GET", base+"/outcomes", nil).decode(t, &mine)
	if o := mine[3]; o.PersonID != w.suspect || o.PersonHidden {
		t.Fatalf("the prosecutor does not read the suspect convicted: %+v", o)
	}

	// Outcomes are the case's judicial record: it is closed, not deleted.
	if r := w.rsPro.must(409, "DELETE", base, nil); !strings.Contains(string(r.body), "outcomes") {
		t.Fatalf("deleting a case with outcomes: %s", r.body)
	}

	// Every change is in the audit log under the case.
	entries, _, err := w.m.DB.FindAuditEntries(sys(), meridian.AuditFilter{RecordID: w.kase})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range entries {
		seen[e.Action+" "+e.RecordKind]++
	}
	if seen["update case_stage"] != 1 || seen["create case_outcome"] != 4 {
		t.Fatalf("audit of the case %v", seen)
	}
}

// TestFollowupFigures: the follow-up figures of an operation are what the
// stored cases say for the lead of every case counted; a participant that
// does not lead them all gets small cells suppressed; an outsider gets
// nothing of cases it cannot read.
func TestFollowupFigures(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) { testFollowupFigures(t, Config{}) })
	t.Run("PostgreSQL", func(t *testing.T) { testFollowupFigures(t, Config{Postgres: pgtest.NewDatabase(t)}) })
}

func testFollowupFigures(t *testing.T, cfg Config) {
	w := newFollowupWorld(t, cfg)
	base := "/api/v1/cases/" + w.kase
	w.mkPro.must(201, "POST", base+"/stages", map[string]any{"stage": "prosecution", "date": "2026-01-10"})
	w.mkPro.must(201, "POST", base+"/stages", map[string]any{"stage": "judgment", "date": "2026-06-02"})
	w.mkPro.must(201, "POST", base+"/outcomes", map[string]any{"kind": "conviction", "date": "2026-06-02", "person_id": w.suspect, "sentence_months": 30})
	w.opCase(t, w.rsPro, "Vardar drivers")
	mkCase := w.opCase(t, w.mkPro, "Skopje flats")
	w.mkPro.must(201, "POST", "/api/v1/cases/"+mkCase+"/stages", map[string]any{"stage": "trial", "date": "2026-03-01"})
	// Two requests from Serbia in the shared case: one refused.
	for i, action := range []string{"accept", "refuse"} {
		var r meridian.Request
		w.rsPro.must(201, "POST", "/api/v1/requests", map[string]any{"case_id": w.kase, "type": meridian.RequestEIO, "title": fmt.Sprint("EIO ", i),
			"to_agency_id": w.mk.ID, "fields": eioFields()}).decode(t, &r)
		transit(t, w.rsPro, 200, &r, "send", "")
		transit(t, w.mkPro, 200, &r, "acknowledge", "")
		transit(t, w.mkPro, 200, &r, action, "grounds")
	}
	// A case outside the operation is not counted.
	w.rsPro.must(201, "POST", "/api/v1/cases/"+w.caseID+"/stages", map[string]any{"stage": "trial", "date": "2026-03-01"})

	get := func(c *client) meridian.Followup {
		var f meridian.Followup
		c.must(200, "GET", "/api/v1/followup?operation_id="+w.opID, nil).decode(t, &f)
		return f
	}
	// What the stored cases say, read case by case through the API.
	want := func(c *client) meridian.Followup {
		var list struct {
			Items []meridian.Case `json:"items"`
		}
		c.must(200, "GET", "/api/v1/cases?operation_id="+w.opID, nil).decode(t, &list)
		f := meridian.Followup{OperationID: w.opID, ByCountry: []*meridian.FollowupRow{}}
		rows := map[string]*meridian.FollowupRow{}
		row := func(cc string) *meridian.FollowupRow {
			if rows[cc] == nil {
				rows[cc] = &meridian.FollowupRow{Country: cc}
				f.ByCountry = append(f.ByCountry, rows[cc])
			}
			return rows[cc]
		}
		stages := map[string]int{}
		for _, k := range list.Items {
			var sts []meridian.CaseStage
			c.must(200, "GET", "/api/v1/cases/"+k.ID+"/stages", nil).decode(t, &sts)
			stage := "investigation"
			if len(sts) > 0 {
				stage = sts[len(sts)-1].Stage
			}
			stages[stage]++
			r := row(k.OwnerCountry)
			r.Cases++
			if meridian.Prosecuted(stage) {
				r.Prosecuted++
			}
			var outs []meridian.Outcome
			c.must(200, "GET", "/api/v1/cases/"+k.ID+"/outcomes", nil).decode(t, &outs)
			if slices.ContainsFunc(outs, func(o meridian.Outcome) bool { return o.Kind == "conviction" }) {
				r.Convicted++
			}
			var reqs struct {
				Items []meridian.Request `json:"items"`
			}
			c.must(200, "GET", "/api/v1/requests?case_id="+k.ID, nil).decode(t, &reqs)
			for _, q := range reqs.Items {
				if q.State == meridian.RequestDraft {
					continue
				}
				r := row(q.From.Country)
				r.Sent++
				switch q.State {
				case meridian.RequestAccepted, meridian.RequestPartial, meridian.RequestExecuted:
					r.Answered++
				case meridian.RequestRefused:
					r.Answered++
					r.Refused++
				}
			}
		}
		for _, s := range meridian.CaseStages {
			f.ByStage = append(f.ByStage, meridian.StageCount{Stage: s, Cases: stages[s]})
		}
		slices.SortFunc(f.ByCountry, func(a, b *meridian.FollowupRow) int { return cmpString(a.Country, b.Country) })
		meridian.TotalFollowup(&f)
		return f
	}
	got, exp := get(w.rsPro), want(w.rsPro)
	if g, e := mustJSON(t, got), mustJSON(t, exp); g != e {
		t.Fatalf("the lead's figures\n%s\nwant what the cases say\n%s", g, e)
	}
	if got.Total.Cases != 2 || got.Total.Prosecuted != 1 || got.Total.Convicted != 1 || got.Total.Sent != 2 || got.Total.Refused != 1 || got.Suppressed {
		t.Fatalf("the lead's figures %+v", got)
	}
	// The Macedonian prosecutor reads the shared case and its own, leads
	// one only: every figure under 11 is suppressed.
	mk := get(w.mkPro)
	if !mk.Suppressed || mk.Total.Cases != 0 || !slices.Contains(mk.Total.Hidden, "cases") || len(mk.ByCountry) != 2 {
		t.Fatalf("the participant's figures %+v", mk)
	}
	for _, r := range append(mk.ByCountry, &mk.Total) {
		if r.Cases+r.Prosecuted+r.Convicted+r.Sent+r.Answered+r.Refused+r.Overdue != 0 || !slices.Contains(r.Hidden, "cases") {
			t.Fatalf("a small figure shown to a participant: %+v", r)
		}
	}
	for _, s := range mk.ByStage {
		if s.Cases != 0 {
			t.Fatalf("a small stage shown to a participant: %+v", mk.ByStage)
		}
	}
	// The outsider and an unknown operation: nothing.
	de := get(w.deAna)
	if !reflect.DeepEqual(de.Total, meridian.FollowupRow{}) || len(de.ByCountry) != 0 || de.Suppressed {
		t.Fatalf("an outsider's figures %+v %+v", de, de.ByCountry)
	}
	var none meridian.Followup
	w.rsPro.must(200, "GET", "/api/v1/followup?operation_id="+meridian.NewID(), nil).decode(t, &none)
	if !reflect.DeepEqual(none.Total, meridian.FollowupRow{}) || len(none.ByCountry) != 0 {
		t.Fatalf("an unknown operation's figures %+v", none)
	}
	if got := problemFields(t, w.rsPro.must(422, "GET", "/api/v1/followup?operation_id=x", nil)); !slices.Equal(got, []string{"query.operation_id"}) {
		t.Fatalf("a malformed operation names %v", got)
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
