package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"

	"meridian"
	"meridian/analysis"
	"meridian/postgres/pgtest"
)

// trendsBenchStore stores a year and a week of field reports (about 40 a
// day: rescues with victims' routes, forms and methods, migrants,
// arrests, raids, interceptions, in 20 countries), half of them the
// analyst's agency's (North Macedonia), half Albania's, all released to
// the operation's participants, in one operation. The rows are written
// straight into the store's tables (records, their type attribute; the trend
// facts and counts by the store's backfill), as the store writes them, because filing 15,000 reports
// through the API would take the benchmark's whole budget and the read
// path does not depend on how they came. It returns the server, the
// operation, the last day and the analyst's token.
func trendsBenchStore(b *testing.B, cfg Config) (*Main, string, time.Time, string) {
	b.Helper()
	m := MustRunMain(b, cfg)
	mk := mustAgency(b, m, "MK", "MoI Skopje")
	al := mustAgency(b, m, "AL", "State Police Tirana")
	from := time.Date(2023, 9, 28, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 0, analysis.MaxDays-1)
	coord := &client{b, m.URL, mustToken(b, m, mk, "coord", meridian.RoleCoordinator)}
	var op meridian.Operation
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "A year of reports", "status": "planned",
		"start": from.Format("2006-01-02"), "end": to.Format("2006-01-02"), "countries": []string{"MK", "AL"}}).decode(b, &op)
	if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, "AL"); err != nil {
		b.Fatal(err)
	}
	db, d := m.DB.SQL(), m.DB.Dialect()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	rec, err := tx.Prepare(d.Rebind(`INSERT INTO records (id, kind, owner_agency, owner_country, operation_id, tlp, handling, scope,
		retention_review, created_at, updated_at, version, body) VALUES (?, 'event', ?, ?, ?, 'AMBER', 'H0', 'all', '2025-10-01', 0, 0, 1, ?)`))
	if err != nil {
		b.Fatal(err)
	}
	attr, err := tx.Prepare(d.Rebind(`INSERT INTO record_attrs (record_id, name, value) VALUES (?, 'type', ?)`))
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"MK", "AL", "RS", "GR", "BG", "RO", "UA", "MD", "TR", "IT", "ES", "FR", "DE", "NG", "CO", "TH", "KH", "MM", "PH", "VN"}
	n := 0
	for day := range analysis.MaxDays {
		for range 40 {
			ag := []*meridian.Agency{mk, al}[r.IntN(2)]
			e := &meridian.Event{Meta: meridian.Meta{ID: fmt.Sprintf("bench-%08d", n), OwnerAgency: ag.ID, OwnerCountry: ag.Country, OperationID: op.ID,
				TLP: meridian.TLPAmber, Handling: meridian.H0, Release: meridian.Release{Scope: meridian.ScopeAll}},
				OccurredAt: from.AddDate(0, 0, day).Add(time.Duration(r.IntN(86400)) * time.Second),
				Place:      meridian.Place{Country: countries[r.IntN(len(countries))]}}
			n++
			switch x := r.IntN(10); {
			case x < 4:
				e.Type = meridian.EventRescue
				for range 1 + r.IntN(3) {
					e.Victims = append(e.Victims, meridian.VictimGroup{Count: 1 + r.IntN(8),
						Exploitation: []string{meridian.ExploitationTypes[r.IntN(len(meridian.ExploitationTypes))]},
						Recruitment:  []string{meridian.RecruitmentMethods[r.IntN(len(meridian.RecruitmentMethods))]},
						Control:      []string{meridian.MeansOfControl[r.IntN(len(meridian.MeansOfControl))]},
						RecruitedIn:  countries[r.IntN(len(countries))], ExploitedIn: e.Place.Country})
				}
			case x < 6:
				e.Type = meridian.EventMigrants
				e.Migrants = []meridian.MigrantGroup{{Count: 1 + r.IntN(30), Nationality: countries[r.IntN(len(countries))],
					Route: []meridian.RoutePoint{{Country: countries[r.IntN(len(countries))], Role: "origin"}, {Country: "DE", Role: "destination"}}}}
			case x < 8:
				e.Type = meridian.EventArrest
				e.Charges = []meridian.Charge{{Code: meridian.ChargeTHB}}
			case x < 9:
				e.Type = meridian.EventRaid
			default:
				e.Type = meridian.EventInterception
			}
			body, err := json.Marshal(e)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := rec.Exec(e.ID, ag.ID, ag.Country, op.ID, string(body)); err != nil {
				b.Fatal(err)
			}
			if _, err := attr.Exec(e.ID, string(e.Type)); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	// The trend facts, as the store writes those of reports stored before
	// it kept them.
	if _, err := db.Exec(`INSERT INTO store_meta (key, value) VALUES ('trend_facts_backfill', '')`); err != nil {
		b.Fatal(err)
	}
	if err := m.DB.BackfillTrendFacts(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d reports", n)
	return m, op.ID, to, mustToken(b, m, mk, "analyst.mk", meridian.RoleAnalyst)
}

func trendsCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTrendsStore: the trends of a year and a week for a North
// Macedonian analyst who owns half the records (the rest Albania's,
// suppressed below 11 people), read from the store under its scope and
// computed, in process and over HTTP, on SQLite and (with
// MERIDIAN_TEST_POSTGRES) PostgreSQL. The CPU time per op is reported
// beside the wall clock, which on a shared machine counts the waits for a
// core; on PostgreSQL the server's processes' time is reported apart
// (pg-cpu-ms/op).
//
//	go test -run '^$' -bench TrendsStore -benchtime 5x ./cmd/meridian/
func BenchmarkTrendsStore(b *testing.B) {
	stores := []struct {
		name string
		cfg  func() Config
	}{{"sqlite", func() Config { return Config{} }}}
	if os.Getenv(pgtest.Env) != "" {
		stores = append(stores, struct {
			name string
			cfg  func() Config
		}{"postgres", func() Config { return Config{Postgres: pgtest.NewDatabase(b)} }})
	}
	for _, st := range stores {
		cfg := st.cfg()
		m, opID, to, token := trendsBenchStore(b, cfg)
		if cfg.Postgres != "" {
			// As autovacuum would after a bulk load.
			if _, err := m.DB.SQL().Exec(`ANALYZE`); err != nil {
				b.Fatal(err)
			}
		}
		// On PostgreSQL the server's processor time is reported apart.
		pgStart := func() time.Duration { return postgresCPU(cfg.Postgres) }
		pgReport := func(b *testing.B, start time.Duration) {
			if cfg.Postgres != "" {
				b.ReportMetric(float64(postgresCPU(cfg.Postgres)-start)/float64(time.Millisecond)/float64(b.N), "pg-cpu-ms/op")
			}
		}
		subj, err := m.DB.SubjectByToken(context.Background(), token)
		if err != nil {
			b.Fatal(err)
		}
		ctx := meridian.WithSubject(context.Background(), subj)
		q := analysis.Query{OperationID: opID, From: meridian.DateOf(to.AddDate(0, 0, 1-analysis.MaxDays)), To: meridian.DateOf(to)}
		b.Run(st.name+"/in-process", func(b *testing.B) {
			start, pg := trendsCPU(), pgStart()
			for b.Loop() {
				if _, err := analysis.Compute(ctx, m.DB, q, time.Now()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(trendsCPU()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			pgReport(b, pg)
		})
		b.Run(st.name+"/http", func(b *testing.B) {
			req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/analysis/trends?operation=%s&from=%s&to=%s", m.URL, opID, q.From, q.To), nil)
			req.Header.Set("Authorization", "Bearer "+token)
			start, pg := trendsCPU(), pgStart()
			for b.Loop() {
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
			b.ReportMetric(float64(trendsCPU()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			pgReport(b, pg)
		})
	}
}
