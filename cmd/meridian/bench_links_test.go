package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"meridian"
	"meridian/audit"
	"meridian/link"
	"meridian/sim"
	"meridian/sqldb/sqldbtest"
	"meridian/sqlite"
)

// Issue 12's target: "A new record's proposals are stored and notified
// p95 <= 50 ms after its commit against 1,000,000 existing persons and
// 10,000,000 identifiers." TestBenchLinks measures it through the real
// path: a serving instance (the relay, the bus, the durable linking worker
// with its engine's index of every person, the store's StoreLinkRun and
// its notifications), on SQLite:
//
//	go test ./cmd/meridian -run '^TestBenchLinks$' -count=1 -v -timeout 3h \
//	    -args -links.persons=1000000 -links.data=/var/tmp/links-1m -links.n=300
//
// The store is filled once (and kept in -links.data when given, so that
// a second run starts at once) with -links.persons person records of the
// link generator (seed 11, as the engine's benchmarks), each with ten
// identifiers in its body and in record_keys (its own phones, e-mails and
// documents, then phones of its own up to ten): a million persons hold
// ten million identifiers. The rows are written by SQL as the store
// writes a person (records, record_attrs, record_keys; no ANALYZE, which
// the store never runs), in large transactions, beside
// one person the store wrote whose access columns they copy. Then the
// instance starts (the linking index loads every person), and one at a
// time -links.n new persons are created in the store, each sharing a
// phone with a person of the store (a network link by phone, owner
// agencies told); the latency is from the commit's return to the owner's
// notification's change arriving on the bus (what the live inbox reads),
// and to the proposal's row. It reports p50/p95/p99 and the processor
// time of the process; it asserts only that every record was proposed
// and notified (no test asserts a wall-clock time). It runs only when
// asked for with -links.persons.
var (
	benchLinksPersons = flag.Int("links.persons", 0, "TestBenchLinks: persons in the store (0: do not run the benchmark)")
	benchLinksN       = flag.Int("links.n", 200, "TestBenchLinks: new persons created and timed")
	benchLinksData    = flag.String("links.data", "", "TestBenchLinks: data directory kept between runs (default: a temporary one)")
)

func TestBenchLinks(t *testing.T) {
	if *benchLinksPersons <= 0 {
		t.Skip("a benchmark: run it with -args -links.persons=1000000 (see its comment)")
	}
	n := *benchLinksPersons
	dir := *benchLinksData
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	phones := fillLinkStore(t, dir, n)

	cpu0, t0 := processCPU(), time.Now()
	m := MustRunMain(t, Config{Data: dir})
	select {
	case <-m.LinkIndex.Built():
	case <-time.After(2 * time.Hour):
		t.Fatal("the linking index was not built")
	}
	t.Logf("instance up, linking index of %d records built in %s (%s of processor time)", m.LinkIndex.Engine.Len(),
		time.Since(t0).Round(time.Millisecond), (processCPU() - cpu0).Round(time.Millisecond))

	// The owners' notifications, as the live inbox hears them.
	type heard struct {
		id string // the notification's
		at time.Time
	}
	notes := make(chan heard, 1024)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := m.Bus.Subscribe(ctx, meridian.ChangeSubjectPrefix+meridian.NoticeChangeKind+".>", func(c *meridian.Change) {
		select {
		case notes <- heard{c.RecordID, time.Now()}:
		default:
		}
	}); err != nil {
		t.Fatal(err)
	}
	var a, b *meridian.Agency
	ags, _, err := m.DB.FindAgencies(sys(), meridian.AgencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ag := range ags {
		switch ag.Name {
		case "Agency A":
			a = ag
		case "Agency B":
			b = ag
		}
	}
	if a == nil || b == nil {
		t.Fatal("the filled store has no agencies A and B")
	}
	op := ""
	if ops, _, err := m.DB.FindOperations(sys(), meridian.OperationFilter{}); err == nil && len(ops) > 0 {
		op = ops[0].ID
	}
	sdb := m.DB.SQL()
	var toNotice, toStored []time.Duration
	cpu1 := processCPU()
	for i := 0; i < *benchLinksN; i++ {
		p := &meridian.Person{Role: meridian.RoleSuspect, Names: []meridian.Name{{Full: fmt.Sprintf("Benchmark Newcomer %d", i)}},
			BirthDate: "1991-02-03", Sex: "M", Nationalities: []string{"AL"},
			Identifiers: []meridian.Identifier{{Kind: meridian.IDPhone, Value: phones[(i*7919)%len(phones)]}}}
		p.Meta = meridian.Meta{OperationID: op, TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeOwner}}
		if err := m.DB.CreatePerson(sqldbtest.As(b), p); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		// The first notice of a link of this record (others may be of
		// the record before: each proposal tells both owners).
	wait:
		for {
			select {
			case h := <-notes:
				var n int
				if err := sdb.QueryRow(`SELECT COUNT(*) FROM notifications n JOIN links l ON l.id = n.link_id
					WHERE n.id = ? AND (l.a_id = ? OR l.b_id = ?)`, h.id, p.ID, p.ID).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					toNotice = append(toNotice, h.at.Sub(start))
					break wait
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("record %d: no notification within 30 s", i)
			}
		}
		var created int64
		if err := sdb.QueryRow(`SELECT MIN(created_at) FROM links WHERE a_id = ? OR b_id = ?`, p.ID, p.ID).Scan(&created); err != nil {
			t.Fatalf("record %d: no proposal stored: %v", i, err)
		}
		toStored = append(toStored, time.UnixMicro(created).Sub(start))
	}
	cpu := processCPU() - cpu1
	q := func(lat []time.Duration, f float64) time.Duration {
		s := slices.Clone(lat)
		slices.Sort(s)
		return s[int(f*float64(len(s)-1))].Round(10 * time.Microsecond)
	}
	t.Logf("%d new persons against %d persons: commit -> notice on the bus p50 %s p95 %s p99 %s max %s; commit -> proposal row p50 %s p95 %s p99 %s; %s of processor time a record",
		len(toNotice), n, q(toNotice, 0.5), q(toNotice, 0.95), q(toNotice, 0.99), q(toNotice, 1),
		q(toStored, 0.5), q(toStored, 0.95), q(toStored, 0.99), (cpu / time.Duration(len(toNotice))).Round(10*time.Microsecond))
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		t.Logf("load average: %s", strings.TrimSpace(string(l)))
	}
}

// fillLinkStore fills dir's store with n persons of ten identifiers each,
// unless it holds them already, and returns a phone of each of some of
// them (what the new persons share).
func fillLinkStore(t *testing.T, dir string, n int) []string {
	t.Helper()
	key, err := audit.LoadOrCreateKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dir, key, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sqlDB := db.SQL()
	var have int
	if err := sqlDB.QueryRow(`SELECT COUNT(*) FROM records WHERE kind = 'person' AND id LIKE 'bulk-%'`).Scan(&have); err != nil {
		t.Fatal(err)
	}
	if have == n {
		t.Logf("the store holds %d persons already", n)
		return samplePhones(t, sqlDB)
	}
	if have != 0 {
		t.Fatalf("the store in %s holds %d persons, not %d: give another -links.data", dir, have, n)
	}
	t0, cpu0 := time.Now(), processCPU()
	w := sqldbtest.NewWorld(t, db)
	seed := w.NewPerson("Seed Person", meridian.Release{Scope: meridian.ScopeOwner})
	if err := db.CreatePerson(sqldbtest.As(w.A), seed); err != nil {
		t.Fatal(err)
	}
	// The generator's persons make 1.87 records each.
	ents, _ := sim.GenerateLinks(sim.LinksOptions{Persons: n*100/186 + 1000, Seed: 11})
	recs, err := link.ReadFtM(strings.NewReader(strings.Join(ents, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	ents = nil
	if len(recs) < n {
		t.Fatalf("the generator made %d records, not %d", len(recs), n)
	}
	recs = recs[:n]
	t.Logf("generated %d persons in %s", n, time.Since(t0).Round(time.Second))

	const chunk = 20000
	ids := 0
	for lo := 0; lo < n; lo += chunk {
		tx, err := sqlDB.Begin()
		if err != nil {
			t.Fatal(err)
		}
		insRec, err := tx.Prepare(`INSERT INTO records (id, kind, owner_agency, owner_country, operation_id, tlp, handling, scope, retention_review, created_at, updated_at, version, body)
			SELECT ?, r.kind, r.owner_agency, r.owner_country, r.operation_id, r.tlp, r.handling, r.scope, r.retention_review, r.created_at, r.updated_at, r.version, ?
			FROM records r WHERE r.id = ?`)
		if err != nil {
			t.Fatal(err)
		}
		insKey, err := tx.Prepare(`INSERT INTO record_keys (record_id, record_kind, type, value, owner_agency, owner_country, operation_id, scope)
			SELECT ?, 'person', ?, ?, r.owner_agency, r.owner_country, r.operation_id, r.scope FROM records r WHERE r.id = ?`)
		if err != nil {
			t.Fatal(err)
		}
		insAttr, err := tx.Prepare(`INSERT INTO record_attrs (record_id, name, value) VALUES (?, 'role', ?)`)
		if err != nil {
			t.Fatal(err)
		}
		for i := lo; i < min(lo+chunk, n); i++ {
			p := recs[i].Person
			p.Meta = seed.Meta
			if p.Role == "" {
				p.Role = seed.Role
			}
			p.ID = fmt.Sprintf("bulk-%08d", i)
			for j := 0; len(p.Keys()) < 10; j++ {
				p.Identifiers = append(p.Identifiers, meridian.Identifier{Kind: meridian.IDPhone, Value: fmt.Sprintf("+3897%08d%d", i, j)})
			}
			body, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := insRec.Exec(p.ID, string(body), seed.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := insAttr.Exec(p.ID, string(p.Role)); err != nil {
				t.Fatal(err)
			}
			for _, k := range p.Keys() {
				if _, err := insKey.Exec(p.ID, string(k.Type), k.Value, seed.ID); err != nil {
					t.Fatal(err)
				}
				ids++
			}
		}
		insRec.Close()
		insKey.Close()
		insAttr.Close()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if lo%(10*chunk) == 0 {
			t.Logf("%d persons, %d identifiers written (%s)", lo+chunk, ids, time.Since(t0).Round(time.Second))
		}
	}
	t.Logf("filled %d persons and %d identifiers in %s (%s of processor time)", n, ids, time.Since(t0).Round(time.Second),
		(processCPU() - cpu0).Round(time.Second))
	if fi, err := os.Stat(filepath.Join(dir, "meridian.db")); err == nil {
		t.Logf("store %d MB", fi.Size()>>20)
	}
	return samplePhones(t, sqlDB)
}

// samplePhones returns phones of persons of the store that no other holds.
func samplePhones(t *testing.T, sqlDB *sql.DB) []string {
	t.Helper()
	rows, err := sqlDB.Query(`SELECT value FROM record_keys WHERE type = 'phone' AND record_id LIKE 'bulk-%' AND value LIKE '+3897%' LIMIT 5000`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		t.Fatal("no phone to share")
	}
	return out
}
