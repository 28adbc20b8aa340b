package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"meridian"
	"meridian/analysis"
	"meridian/postgres/pgtest"
	"meridian/sim/operation"
)

// routesBenchStore stores the simulated Liberterra II week's rescue,
// migrants and interception reports (operation.NewPlan at full scale), repeated
// weeks times a week apart, in one operation of ten agencies whose
// reports go to every participant (one in ten to their owner only). The
// rows are written straight into records and route_cells, as the store
// would, because filing 150,000 reports through the API would take the
// benchmark's whole budget and the read path does not depend on how they
// came; then the store sums them into route_totals as when it opens after
// migration 0027. It returns the server, the operation and a North
// Macedonian analyst's token.
func routesBenchStore(b *testing.B, cfg Config, weeks int) (*Main, string, string) {
	b.Helper()
	cfg.UserRate = 1e6
	m := MustRunMain(b, cfg)
	countries := []string{"MK", "AL", "GR", "IT", "DE", "RS", "FR", "ES", "NL", "UA"}
	var ags []*meridian.Agency
	for _, c := range countries {
		ags = append(ags, mustAgency(b, m, c, "Police "+c))
	}
	coord := &client{b, m.URL, mustToken(b, m, ags[0], "coord", meridian.RoleCoordinator)}
	var op meridian.Operation
	end := time.Date(2024, 10, 4, 0, 0, 0, 0, time.UTC)
	coord.must(201, "POST", "/api/v1/operations", map[string]any{"name": "Liberterra II and a year", "status": "planned",
		"start": end.AddDate(0, 0, -7*weeks).Format("2006-01-02"), "end": end.Format("2006-01-02"), "countries": countries}).decode(b, &op)
	for _, c := range countries[1:] {
		if _, err := m.DB.AcceptInvitation(sys(), op.ID, meridian.ParticipantCountry, c); err != nil {
			b.Fatal(err)
		}
	}
	p, err := operation.NewPlan(operation.Liberterra2, 1)
	if err != nil {
		b.Fatal(err)
	}
	db := m.DB.SQL()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	// Many rows per statement: a round trip per row to PostgreSQL would
	// take the benchmark's budget.
	type batch struct {
		head, row string
		args      []any
		rows      int
		first     *batch // flushed before: the records of the cells
	}
	var flush func(bt *batch)
	flush = func(bt *batch) {
		if bt.first != nil {
			flush(bt.first)
		}
		if bt.rows == 0 {
			return
		}
		q := bt.head + strings.Repeat(bt.row+",", bt.rows-1) + bt.row
		if _, err := tx.Exec(m.DB.Dialect().Rebind(q), bt.args...); err != nil {
			b.Fatal(err)
		}
		bt.args, bt.rows = bt.args[:0], 0
	}
	add := func(bt *batch, args ...any) {
		bt.args = append(bt.args, args...)
		if bt.rows++; bt.rows == 400 {
			flush(bt)
		}
	}
	rec := &batch{head: `INSERT INTO records (id, kind, owner_agency, owner_country, operation_id, tlp, handling, scope,
		retention_review, created_at, updated_at, version, body) VALUES `, row: `(?, 'event', ?, ?, ?, 'AMBER', 'H0', ?, '2025-10-01', 0, 0, 1, '{}')`}
	cell := &batch{head: `INSERT INTO route_cells (record_id, operation_id, kind, occurred_at, nationality, origin, transit,
		destination, sex, age_band, exploitation, n) VALUES `, row: `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, first: rec}
	n, cells := 0, 0
	for w := range weeks {
		for i := range p.Reports {
			e := &p.Reports[i].Event
			cs := e.RouteCells()
			if len(cs) == 0 {
				continue
			}
			a := n % len(ags)
			scope := "all"
			if n%10 == 9 {
				scope = "owner"
			}
			id := fmt.Sprintf("bench-%08d", n)
			n++
			add(rec, id, ags[a].ID, ags[a].Country, op.ID, scope)
			for _, c := range cs {
				ex := ""
				for _, x := range c.Exploitation {
					ex += "|" + x
				}
				if ex != "" {
					ex += "|"
				}
				at := c.At.AddDate(0, 0, -7*w).UnixMicro()
				add(cell, id, op.ID, c.Kind, at, c.Nationality, c.Origin, c.Transit, c.Destination, c.Sex, c.AgeBand, ex, c.N)
				cells++
			}
		}
	}
	flush(cell)
	if _, err := tx.Exec(`INSERT INTO store_meta (key, value) VALUES ('route_totals_backfill', '')`); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := m.DB.BackfillRouteTotals(context.Background()); err != nil {
		b.Fatal(err)
	}
	if cfg.Postgres != "" {
		// As autovacuum would soon after such a load: without statistics
		// the planner scans every cell for a period.
		if _, err := db.Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d reports, %d route cells", n, cells)
	return m, op.ID, mustToken(b, m, ags[0], "analyst.mk", meridian.RoleAnalyst)
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// postgresCPU is the processor time of the PostgreSQL server processes
// serving the database of url, read from /proc (the test server runs on
// this machine; its backends are titled "postgres: USER DB ..."); 0 when
// none is found. A backend that exits takes its time with it.
func postgresCPU(url string) time.Duration {
	db := url[strings.LastIndex(url, "/")+1:]
	if i := strings.IndexByte(db, '?'); i >= 0 {
		db = db[:i]
	}
	var total time.Duration
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		cmd, err := os.ReadFile("/proc/" + d.Name() + "/cmdline")
		if err != nil || !strings.HasPrefix(string(cmd), "postgres: ") || !strings.Contains(string(cmd), " "+db+" ") {
			continue
		}
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		total += time.Duration(u+st) * 10 * time.Millisecond // USER_HZ = 100
	}
	return total
}

// BenchmarkRoutesStore: the routes of an operation for one analyst, read
// from the store under its scope and computed, in process and over HTTP,
// for the Liberterra II week and for a year of such weeks. The CPU time
// per op is reported beside the wall clock, which on a shared machine
// counts the waits for a core.
//
//	go test -run '^$' -bench RoutesStore -benchtime 5x ./cmd/meridian/
//
// on SQLite, and on PostgreSQL too when MERIDIAN_TEST_POSTGRES is set.
func BenchmarkRoutesStore(b *testing.B) {
	type engine struct {
		name string
		cfg  func() Config
	}
	engines := []engine{{"sqlite", func() Config { return Config{} }}}
	if pgtest.URL() != "" {
		engines = append(engines, engine{"postgres", func() Config { return Config{Postgres: pgtest.NewDatabase(b)} }})
	}
	for _, e := range engines {
		for _, bc := range []struct {
			name  string
			weeks int
		}{{"week", 1}, {"year", 52}} {
			if !strings.HasPrefix(e.name+"/"+bc.name+"/", routesBenchOnly) {
				continue
			}
			routesBench(b, e.name+"/"+bc.name, e.cfg(), bc.weeks)
		}
	}
}

// routesBenchOnly, when set (-routes.only sqlite/year/), builds only the
// stores whose name starts with it: each takes a minute to fill.
var routesBenchOnly = ""

func init() {
	flag.StringVar(&routesBenchOnly, "routes.only", "", "BenchmarkRoutesStore: only the stores whose engine/size/ starts with this")
}

// routesBench measures one store: the whole operation, in process and
// over HTTP, and its last week as a period (cells read one by one).
func routesBench(b *testing.B, name string, cfg Config, weeks int) {
	m, opID, token := routesBenchStore(b, cfg, weeks)
	subj, err := m.DB.SubjectByToken(context.Background(), token)
	if err != nil {
		b.Fatal(err)
	}
	ctx := meridian.WithSubject(context.Background(), subj)
	svc := &analysis.RouteService{Store: m.DB}
	// On PostgreSQL the server's processor time is reported apart.
	report := func(b *testing.B, run func()) {
		start, pg := processCPU(), postgresCPU(cfg.Postgres)
		for b.Loop() {
			run()
		}
		b.ReportMetric(float64(processCPU()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		if cfg.Postgres != "" {
			b.ReportMetric(float64(postgresCPU(cfg.Postgres)-pg)/float64(time.Millisecond)/float64(b.N), "pg-cpu-ms/op")
		}
	}
	b.Run(name+"/in-process", func(b *testing.B) {
		report(b, func() {
			if _, err := svc.Routes(ctx, meridian.RouteFilter{OperationID: opID}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run(name+"/in-process-last-week", func(b *testing.B) {
		end := time.Date(2024, 10, 4, 0, 0, 0, 0, time.UTC)
		f := meridian.RouteFilter{OperationID: opID, From: end.AddDate(0, 0, -7), To: end}
		report(b, func() {
			if _, err := svc.Routes(ctx, f); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run(name+"/http", func(b *testing.B) {
		req, _ := http.NewRequest("GET", m.URL+"/api/v1/analysis/routes?operation_id="+opID, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		report(b, func() {
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("status %d", res.StatusCode)
			}
		})
	})
}
