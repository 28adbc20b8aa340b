package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"meridian"
	"meridian/report"
)

// TestRefusedInput: input that encoding/json or a lax check would accept
// but no one meant is refused with the field it concerns, on every kind
// and every route that takes a body (issue 9, finding 13).
func TestRefusedInput(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer", meridian.RoleOfficer, meridian.RoleNCB)}
	op := &meridian.Operation{Name: "Dates", Start: "2024-09-29", End: "2024-10-04", Status: meridian.OperationActive, Countries: []string{"MK"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	// One valid body of each kind of record (each carries a retention
	// review date).
	kinds := []struct {
		path string
		body map[string]any
	}{
		{"/api/v1/persons", map[string]any{"role": "suspect", "names": []map[string]any{{"full": "Valid Name"}}}},
		{"/api/v1/documents", map[string]any{"type": "passport", "number": "AB123456", "issuing_state": "MK"}},
		{"/api/v1/events", map[string]any{"type": "raid", "operation_id": op.ID, "occurred_at": "2024-10-01T05:00:00Z", "place": map[string]any{"country": "MK"}}},
		{"/api/v1/cases", map[string]any{"title": "A case"}},
		{"/api/v1/watchlist/persons", map[string]any{"category": "wanted", "names": []map[string]any{{"full": "Listed Person"}}}},
		{"/api/v1/watchlist/documents", map[string]any{"number": "XY987654", "issuing_state": "AL", "status": "stolen"}},
	}
	with := func(b map[string]any, k string, v any) map[string]any {
		b = maps.Clone(b)
		b[k] = v
		return b
	}
	t.Run("ImpossibleRetentionDate", func(t *testing.T) {
		for _, k := range kinds {
			for _, d := range []string{"2026-13-45", "2026-02-30", "2025-02-29", "2026-04-31", "2026-00-10", "2026-01-00", "0000-01-01", "9999-12-31"} {
				r := c.do("POST", k.path, with(k.body, "retention_review", d))
				mustProblem(t, r, 422, "body.retention_review")
			}
			// A leap day that exists is a date like any other.
			var rec struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			c.must(201, "POST", k.path, with(k.body, "retention_review", "2028-02-29")).decode(t, &rec)
			// Nor may an update bring one in.
			upd := with(k.body, "retention_review", "2026-13-45")
			upd["version"] = rec.Version
			mustProblem(t, c.do("PUT", k.path+"/"+rec.ID, upd), 422, "body.retention_review")
		}
	})
	t.Run("DuplicateKeys", func(t *testing.T) {
		for _, tc := range []struct{ name, path, body, where string }{
			{"TopLevel", "/api/v1/persons", `{"role":"victim","names":[{"full":"A"}],"role":"suspect"}`, "body.role"},
			{"ButForCase", "/api/v1/persons", `{"role":"victim","names":[{"full":"A"}],"ROLE":"suspect"}`, "body.ROLE"},
			{"Nested", "/api/v1/persons", `{"role":"suspect","names":[{"full":"A"},{"full":"B","full":"C"}]}`, "body.names[1].full"},
			{"Escaped", "/api/v1/persons", `{"role":"suspect","names":[{"full":"A"}],"r\u006fle":"victim"}`, "body.role"},
			{"Deep", "/api/v1/events", `{"type":"rescue","operation_id":"` + op.ID + `","occurred_at":"2024-10-01T05:00:00Z","place":{"country":"MK"},` +
				`"victims":[{"count":1,"sex":"F","sex":"M"}]}`, "body.victims[0].sex"},
			{"Release", "/api/v1/cases", `{"title":"x","release":{"scope":"owner","scope":"all"}}`, "body.release.scope"},
			{"Check", "/api/v1/checks/persons", `{"name":"A","name":"B"}`, "body.name"},
			{"Login", "/api/v1/login", `{"username":"a","username":"b","password":"c"}`, "body.username"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				mustProblem(t, c.do("POST", tc.path, tc.body), 400, tc.where)
			})
		}
	})
	t.Run("LoneSurrogate", func(t *testing.T) {
		for _, tc := range []struct{ name, body, where string }{
			{"High", `{"role":"suspect","names":[{"full":"Iv\ud800an"}]}`, "body.names[0].full"},
			{"HighAtEnd", `{"role":"suspect","names":[{"full":"Ivan\uD800"}]}`, "body.names[0].full"},
			{"Low", `{"role":"suspect","names":[{"full":"Ivan"}],"notes":"\udc00"}`, "body.notes"},
			{"HighThenLetter", `{"role":"suspect","names":[{"full":"\ud800\u0041"}]}`, "body.names[0].full"},
			{"HighThenHigh", `{"role":"suspect","names":[{"full":"\ud800\ud800"}]}`, "body.names[0].full"},
			{"InKey", `{"role":"suspect","names":[{"full":"Ivan"}],"\ud800":1}`, "body"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				mustProblem(t, c.do("POST", "/api/v1/persons", tc.body), 400, tc.where)
			})
		}
		// A pair is one character, written as the sender meant.
		var p meridian.Person
		c.must(201, "POST", "/api/v1/persons", `{"role":"suspect","names":[{"full":"Ivan \ud83d\ude00"}]}`).decode(t, &p)
		if p.PrimaryName() != "Ivan \U0001F600" {
			t.Fatalf("name %q", p.PrimaryName())
		}
	})
}

// TestVictimNeverSuspect: no path through the API makes a victim record a
// suspect or names a victim as a suspect or arrested, and no rescue links
// a suspect (issue 9, finding 4; non-punishment principle).
func TestVictimNeverSuspect(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "Agency A")
	c := &client{t, m.URL, mustToken(t, m, a, "officer", meridian.RoleOfficer)}
	person := func(role string, extra map[string]any) meridian.Person {
		b := map[string]any{"role": role, "names": []map[string]any{{"full": "Person " + role}}, "sex": "F", "nationalities": []string{"NG"}}
		maps.Copy(b, extra)
		var p meridian.Person
		c.must(201, "POST", "/api/v1/persons", b).decode(t, &p)
		return p
	}
	victimDetails := map[string]any{"victim": map[string]any{"status": "presumed", "exploitation": []string{"forced_criminality"}}}
	event := func(typ string, persons []map[string]any, extra map[string]any) map[string]any {
		b := map[string]any{"type": typ, "occurred_at": "2024-10-01T05:00:00Z", "place": map[string]any{"country": "MK"}, "persons": persons}
		if typ == "arrest" {
			b["charges"] = []map[string]any{{"code": "document_fraud"}}
		}
		if typ == "rescue" && extra["victims"] == nil {
			b["victims"] = []map[string]any{{"count": 3, "sex": "F"}}
		}
		if typ == "migrants" {
			b["migrants"] = []map[string]any{{"count": 3, "nationality": "SY"}}
		}
		maps.Copy(b, extra)
		return b
	}
	named := func(id, role string) []map[string]any { return []map[string]any{{"person_id": id, "role": role}} }
	update := func(p meridian.Person, role string, extra map[string]any) response {
		b := map[string]any{"version": p.Version, "role": role, "names": []map[string]any{{"full": p.PrimaryName()}}}
		maps.Copy(b, extra)
		return c.do("PUT", "/api/v1/persons/"+p.ID, b)
	}

	victim := person("victim", victimDetails)
	suspect := person("suspect", map[string]any{"suspect": map[string]any{"process_roles": []string{"recruiter"}}})
	witness := person("witness", nil)
	var rescue meridian.Event
	c.must(201, "POST", "/api/v1/events", event("rescue", named(victim.ID, "victim"),
		map[string]any{"victims": []map[string]any{{"count": 1, "sex": "F", "person_id": victim.ID}}})).decode(t, &rescue)

	t.Run("VictimRoleNeverChanges", func(t *testing.T) {
		for _, role := range []string{"suspect", "witness", "irregular_migrant"} {
			mustProblem(t, update(victim, role, nil), 422, "body.role")
		}
		// Also a victim no event names yet.
		fresh := person("victim", victimDetails)
		mustProblem(t, update(fresh, "suspect", map[string]any{"suspect": map[string]any{"process_roles": []string{"exploiter"}}}), 422, "body.role")
		// Its details stay: a refused change dropped nothing.
		var got meridian.Person
		c.must(200, "GET", "/api/v1/persons/"+fresh.ID, nil).decode(t, &got)
		if got.Role != meridian.RoleVictim || got.Victim == nil || got.Victim.Exploitation[0] != "forced_criminality" {
			t.Fatalf("victim record now %+v", got)
		}
	})
	t.Run("NoEventNamesVictimSuspectOrArrested", func(t *testing.T) {
		for _, typ := range []string{"arrest", "raid", "interception", "migrants", "rescue"} {
			mustProblem(t, c.do("POST", "/api/v1/events", event(typ, named(victim.ID, "suspect"), nil)), 422, "body.persons[0].role")
		}
		// An arrest names whom it arrests, whatever the role it gives.
		mustProblem(t, c.do("POST", "/api/v1/events", event("arrest", named(victim.ID, "witness"), nil)), 422, "body.persons[0].role")
		// Nor can an update bring the victim into a report: a raid naming
		// the suspect, changed to name the victim as one, or the rescue
		// turned into an arrest.
		var raid meridian.Event
		c.must(201, "POST", "/api/v1/events", event("raid", named(suspect.ID, "suspect"), nil)).decode(t, &raid)
		upd := event("raid", append(named(suspect.ID, "suspect"), named(victim.ID, "suspect")...), map[string]any{"version": raid.Version})
		mustProblem(t, c.do("PUT", "/api/v1/events/"+raid.ID, upd), 422, "body.persons[1].role")
		upd = event("arrest", named(victim.ID, "witness"), map[string]any{"version": rescue.Version})
		mustProblem(t, c.do("PUT", "/api/v1/events/"+rescue.ID, upd), 422, "body.persons[0].role")
	})
	t.Run("RescueNeverNamesSuspect", func(t *testing.T) {
		for _, p := range []meridian.Person{suspect, witness} {
			link := map[string]any{"victims": []map[string]any{{"count": 1, "sex": "F", "person_id": p.ID}}}
			mustProblem(t, c.do("POST", "/api/v1/events", event("rescue", nil, link)), 422, "body.victims[0].person_id")
			mustProblem(t, c.do("POST", "/api/v1/events", event("rescue", named(p.ID, "victim"), nil)), 422, "body.persons[0].role")
			mustProblem(t, c.do("POST", "/api/v1/events", event("raid", named(p.ID, "victim"), nil)), 422, "body.persons[0].role")
		}
	})
	t.Run("SuspectNeverBecomesVictim", func(t *testing.T) {
		mustProblem(t, update(suspect, "victim", victimDetails), 422, "body.role")
		// A witness an event names as a suspect may not either.
		w := person("witness", nil)
		c.must(201, "POST", "/api/v1/events", event("raid", named(w.ID, "suspect"), nil))
		mustProblem(t, update(w, "victim", victimDetails), 422, "body.role")
		// A witness no event names a suspect may be recognised as a
		// victim; from then on the record stays a victim's.
		w2 := person("witness", nil)
		var now meridian.Person
		update(w2, "victim", victimDetails).decode(t, &now)
		if now.Role != meridian.RoleVictim {
			t.Fatalf("witness not recognised as a victim: %+v", now)
		}
		mustProblem(t, update(now, "witness", nil), 422, "body.role")
	})
	t.Run("NoDeleteAndRecreate", func(t *testing.T) {
		// The rescued victim's record is linked from the rescue: it cannot
		// be deleted (and recreated as a suspect) while the rescue stands.
		mustProblem(t, c.do("DELETE", "/api/v1/persons/"+victim.ID, nil), 409, "")
	})
	t.Run("ListedVictimStaysProtected", func(t *testing.T) {
		// The watchlist's victims and missing persons, the same class: a
		// check on them must never answer "wanted".
		for _, cat := range []string{"victim", "missing"} {
			var w struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			body := map[string]any{"category": cat, "names": []map[string]any{{"full": "Listed " + cat}}}
			c.must(201, "POST", "/api/v1/watchlist/persons", body).decode(t, &w)
			for _, to := range []string{"wanted", "suspect"} {
				upd := maps.Clone(body)
				upd["category"], upd["version"] = to, w.Version
				mustProblem(t, c.do("PUT", "/api/v1/watchlist/persons/"+w.ID, upd), 422, "body.category")
			}
		}
	})
	t.Run("CaseLinksBoth", func(t *testing.T) {
		// A case links records without giving anyone a role.
		c.must(201, "POST", "/api/v1/cases", map[string]any{"title": "Scam compound", "records": []string{victim.ID, suspect.ID}})
		var got meridian.Person
		c.must(200, "GET", "/api/v1/persons/"+victim.ID, nil).decode(t, &got)
		if got.Role != meridian.RoleVictim || got.Version != victim.Version {
			t.Fatalf("victim record changed: %+v", got)
		}
	})
}

// TestSuppressionAttack is the attack of issue 9, finding 7: a user who
// may read an operation's statistics and results gathers every figure
// they publish, writes down every linear relation between them, and for
// each suppressed cell works out the least and the most it can be. No
// suppressed cell may come out exact. The operation is generated with
// many small cells, among them one boy of 12-17 of one nationality.
func TestSuppressionAttack(t *testing.T) {
	m := MustRunMain(t, Config{})
	a := mustAgency(t, m, "MK", "North Macedonia police")
	b := mustAgency(t, m, "AL", "Albania police")
	officer := &client{t, m.URL, mustToken(t, m, a, "officer.mk", meridian.RoleOfficer)}
	attacker := &client{t, m.URL, mustToken(t, m, b, "analyst.al", meridian.RoleAnalyst, meridian.RoleObserver)}
	six := []string{"NG", "VN", "UA", "AL", "SY", "ER"}
	for _, tc := range []struct {
		seed    uint64
		rescues int
		nats    []string
	}{{9, 30, six}, {1, 8, six}, {2, 60, six}, {3, 5, []string{"ER"}}} {
		t.Run(fmt.Sprint(tc.seed), func(t *testing.T) { suppressionAttack(t, m, officer, attacker, tc.seed, tc.rescues, tc.nats) })
	}
}

func suppressionAttack(t *testing.T, m *Main, officer, attacker *client, seed uint64, rescues int, nats []string) {
	op := &meridian.Operation{Name: fmt.Sprintf("Many small cells %d", seed), Start: "2024-09-29", End: "2024-10-04",
		Status: meridian.OperationActive, Countries: []string{"MK", "AL"}}
	if err := m.DB.CreateOperation(sys(), op); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	truth := map[string]int64{} // what the attacker is after, to check the attack's arithmetic
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	count := func() int {
		if rng.IntN(2) == 0 {
			return 1 + rng.IntN(4)
		}
		return 8 + rng.IntN(15)
	}
	all := map[string]any{"scope": "all"}
	for i := range rescues {
		var groups []map[string]any
		for range 1 + rng.IntN(3) {
			g := map[string]any{"count": count(), "sex": pick("F", "M"), "age_band": pick("12-17", "18-24", "25-34", "35-44"),
				"nationality": pick(nats...)}
			// One type or none, so that the relation between the two
			// victim tables holds exactly: the strongest attacker.
			if x := pick("sexual_exploitation", "forced_labour", "forced_criminality", "online_fraud", "domestic_servitude", ""); x != "" {
				g["exploitation"] = []string{x}
			}
			groups = append(groups, g)
		}
		if i == 0 { // the finding's cell: one boy, 12-17, of one nationality
			groups = append(groups, map[string]any{"count": 1, "sex": "M", "age_band": "12-17", "nationality": "ER", "exploitation": []string{"forced_criminality"}})
		}
		for _, g := range groups {
			x := "unknown"
			if xs, ok := g["exploitation"].([]string); ok {
				x = xs[0]
			}
			n := int64(g["count"].(int))
			truth[cellName(meridian.StatRow{Table: "victims_by_profile", Nationality: g["nationality"].(string), Sex: g["sex"].(string), AgeBand: g["age_band"].(string)})] += n
			truth[cellName(meridian.StatRow{Table: "victims_by_exploitation", Nationality: g["nationality"].(string), Exploitation: x})] += n
		}
		officer.must(201, "POST", "/api/v1/events", rescueBody(op.ID, pick("MK", "AL"), all, groups...))
	}
	for range 2 + rescues/3 {
		var groups []map[string]any
		for range 1 + rng.IntN(2) {
			groups = append(groups, map[string]any{"count": count(), "nationality": pick("SY", "AF", "IQ", "MA"),
				"route": []map[string]any{{"country": pick("SY", "AF", "TR"), "role": "origin"}, {"country": pick("DE", "AT", "SE"), "role": "destination"}}})
		}
		for _, g := range groups {
			n, route := int64(g["count"].(int)), g["route"].([]map[string]any)
			truth[cellName(meridian.StatRow{Table: "migrants_by_nationality", Nationality: g["nationality"].(string)})] += n
			truth[cellName(meridian.StatRow{Table: "migrants_by_route", Origin: route[0]["country"].(string), Destination: route[1]["country"].(string)})] += n
		}
		officer.must(201, "POST", "/api/v1/events", map[string]any{"type": "migrants", "operation_id": op.ID, "occurred_at": "2024-10-02T10:00:00Z",
			"place": map[string]any{"country": pick("MK", "AL")}, "release": all, "migrants": groups})
	}

	// Everything the attacker can fetch.
	var stats list[meridian.StatRow]
	attacker.must(200, "GET", "/api/v1/operations/"+op.ID+"/statistics", nil).decode(t, &stats)
	var res meridian.Results
	attacker.must(200, "GET", "/api/v1/operations/"+op.ID+"/results", nil).decode(t, &res)
	csvBody := attacker.must(200, "GET", "/api/v1/operations/"+op.ID+"/report?format=csv", nil).body
	recs, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != len(stats.Items) {
		t.Fatalf("CSV has %d cells, JSON %d", len(recs)-1, len(stats.Items))
	}
	for i, r := range stats.Items {
		want := strconv.FormatInt(r.N, 10)
		if r.Suppressed {
			want = report.SuppressedCell
		}
		if got := recs[i+1][7]; got != want {
			t.Fatalf("CSV cell %v is %q, JSON says %+v", recs[i+1], got, r)
		}
	}
	// Views by country add nothing the totals do not: they sum to them.
	var byCountry meridian.Figures
	for _, c := range op.Countries {
		var rc meridian.Results
		attacker.must(200, "GET", "/api/v1/operations/"+op.ID+"/results?country="+c, nil).decode(t, &rc)
		byCountry.Add(rc.Totals)
	}
	if byCountry.Victims != res.Totals.Victims || byCountry.Migrants != res.Totals.Migrants {
		t.Fatalf("country views sum to %+v, totals %+v", byCountry, res.Totals)
	}

	sys := attackSystem(stats.Items, res)
	hidden := 0
	for _, r := range stats.Items {
		if r.N > 0 && r.N < meridian.Suppression {
			t.Fatalf("cell under %d shown: %+v", meridian.Suppression, r)
		}
		if r.Suppressed {
			hidden++
		}
	}
	boy := slices.IndexFunc(stats.Items, func(r meridian.StatRow) bool {
		return r.Table == "victims_by_profile" && r.Nationality == "ER" && r.Sex == "M" && r.AgeBand == "12-17"
	})
	boyCell := cellName(meridian.StatRow{Table: "victims_by_profile", Nationality: "ER", Sex: "M", AgeBand: "12-17"})
	if truth[boyCell] < meridian.Suppression && (boy < 0 || !stats.Items[boy].Suppressed) {
		t.Fatalf("the cell of one boy is not suppressed: %+v", stats.Items)
	}
	if hidden < 10 {
		t.Fatalf("only %d suppressed cells: the operation does not exercise suppression", hidden)
	}
	narrowest := math.Inf(1)
	for j, name := range sys.names {
		lo, hi := sys.bounds(j)
		if hi-lo < 0.5 {
			t.Errorf("suppressed cell %s is exactly %.0f from what the attacker sees", name, lo)
		}
		if n := float64(truth[name]); n < lo-1e-6 || n > hi+1e-6 {
			t.Fatalf("the attack is wrong: %s counts %.0f, outside [%.0f, %.0f]", name, n, lo, hi)
		}
		narrowest = min(narrowest, hi-lo)
	}
	t.Logf("%d cells, %d suppressed, %d relations; narrowest interval of a suppressed cell: %.0f", len(stats.Items), len(sys.names), len(sys.a), narrowest)
}

// attack is the attacker's system over the suppressed cells x >= 0:
// a x = b, from every relation between published figures.
type attack struct {
	names []string
	a     [][]float64
	b     []float64
}

func attackSystem(rows []meridian.StatRow, res meridian.Results) *attack {
	s := &attack{}
	col := map[int]int{}
	for i, r := range rows {
		if r.Suppressed {
			col[i] = len(s.names)
			s.names = append(s.names, cellName(r))
		}
	}
	// relation adds sum(sign(row) * row) = rhs over the rows it selects.
	relation := func(rhs int64, sign func(r meridian.StatRow) float64) {
		a := make([]float64, len(s.names))
		for i, r := range rows {
			f := sign(r)
			if f == 0 {
				continue
			}
			if k, ok := col[i]; ok {
				a[k] += f
			} else {
				rhs -= int64(f) * r.N
			}
		}
		s.a, s.b = append(s.a, a), append(s.b, float64(rhs))
	}
	is := func(table string) func(r meridian.StatRow) float64 {
		return func(r meridian.StatRow) float64 {
			if r.Table == table {
				return 1
			}
			return 0
		}
	}
	relation(res.Totals.Victims, is("victims_by_profile"))
	relation(res.Totals.Migrants, is("migrants_by_nationality"))
	relation(res.Totals.Migrants, is("migrants_by_route"))
	types := map[string]int64{}
	for _, x := range res.Exploitation {
		types[x.Key] = x.N
	}
	for _, r := range rows {
		if r.Table == "victims_by_exploitation" && r.Exploitation != "unknown" {
			if _, ok := types[r.Exploitation]; !ok {
				types[r.Exploitation] = 0
			}
		}
	}
	for x, n := range types {
		relation(n, func(r meridian.StatRow) float64 {
			if r.Table == "victims_by_exploitation" && r.Exploitation == x {
				return 1
			}
			return 0
		})
	}
	nats := map[string]bool{}
	for _, r := range rows {
		if strings.HasPrefix(r.Table, "victims_") {
			nats[r.Nationality] = true
		}
	}
	for n := range nats {
		relation(0, func(r meridian.StatRow) float64 {
			switch {
			case r.Nationality != n:
				return 0
			case r.Table == "victims_by_exploitation":
				return 1
			case r.Table == "victims_by_profile":
				return -1
			}
			return 0
		})
	}
	return s
}

func cellName(r meridian.StatRow) string {
	return fmt.Sprintf("%s/%s/%s/%s/%s/%s/%s", r.Table, r.Nationality, r.Sex, r.AgeBand, r.Exploitation, r.Origin, r.Destination)
}

// bounds is the least and the most suppressed cell j can be.
func (s *attack) bounds(j int) (lo, hi float64) {
	c := make([]float64, len(s.names))
	c[j] = 1
	hi, ok := lpMax(s.a, s.b, c)
	if !ok {
		hi = math.Inf(1)
	}
	c[j] = -1
	lo, _ = lpMax(s.a, s.b, c)
	return -lo, hi
}

// lpMax maximises c.x over a x = b, x >= 0 with gonum's simplex: a solver
// written apart from the one meridian.Suppress uses, so that the attack
// cannot share a defect with the defence. ok is false when unbounded. It
// panics on an infeasible system: the published figures contradict each
// other.
func lpMax(a [][]float64, b, c []float64) (float64, bool) {
	a, b = independentRows(a, b)
	// A cell in no relation may be anything from 0 up; gonum refuses a
	// column of zeros, so such cells leave the program.
	var cols []int
	for j := range c {
		if slices.ContainsFunc(a, func(row []float64) bool { return row[j] != 0 }) {
			cols = append(cols, j)
		} else if c[j] > 0 {
			return 0, false
		}
	}
	if len(a) == 0 || len(cols) == 0 {
		if slices.ContainsFunc(c, func(x float64) bool { return x > 0 }) {
			return 0, false
		}
		return 0, true
	}
	m := mat.NewDense(len(a), len(cols), nil)
	cost := make([]float64, len(cols))
	for k, j := range cols {
		cost[k] = -c[j]
		for i := range a {
			m.Set(i, k, a[i][j])
		}
	}
	f, _, err := lp.Simplex(cost, m, b, 1e-9, nil)
	switch {
	case errors.Is(err, lp.ErrUnbounded):
		return 0, false
	case err != nil:
		panic(fmt.Sprintf("the published figures contradict each other: %v", err))
	}
	return -f, true
}

// independentRows reduces a x = b to linearly independent rows (Gaussian
// elimination with partial pivoting), as gonum's simplex wants.
func independentRows(a [][]float64, b []float64) ([][]float64, []float64) {
	const eps = 1e-9
	if len(a) == 0 {
		return nil, nil
	}
	t := make([][]float64, len(a))
	for i := range a {
		t[i] = append(slices.Clone(a[i]), b[i])
	}
	n := len(a[0])
	r := 0
	for j := 0; j < n && r < len(t); j++ {
		p := r
		for i := r + 1; i < len(t); i++ {
			if math.Abs(t[i][j]) > math.Abs(t[p][j]) {
				p = i
			}
		}
		if math.Abs(t[p][j]) <= eps {
			continue
		}
		t[r], t[p] = t[p], t[r]
		for i := r + 1; i < len(t); i++ {
			if f := t[i][j] / t[r][j]; f != 0 {
				for k := j; k <= n; k++ {
					t[i][k] -= f * t[r][k]
				}
			}
		}
		r++
	}
	for i := r; i < len(t); i++ {
		if math.Abs(t[i][n]) > 1e-6 {
			panic("the published figures contradict each other")
		}
	}
	out, rhs := make([][]float64, r), make([]float64, r)
	for i := range r {
		out[i], rhs[i] = t[i][:n], t[i][n]
	}
	return out, rhs
}
