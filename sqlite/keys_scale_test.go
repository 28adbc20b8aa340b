package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"meridian/sqldb"
	"meridian/sqlite"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"meridian"
	"meridian/sqldb/sqldbtest"
)

// BenchmarkKeysAtScale: the linking engine's exact lookups (what a new
// record's proposals start from) and a new person's store path against a
// store of MERIDIAN_KEYS_PERSONS persons (100,000 unless set) holding ten
// identifiers each in record_keys (a million persons: ten million rows).
// The bulk rows are written by SQL (a recursive CTE) beside one person
// the store wrote, whose access columns they copy; each lookup asks for
// three keys records hold and one none does, as a person with two
// phones, an e-mail and a document does.
//
//	MERIDIAN_KEYS_PERSONS=1000000 go test ./sqlite -run XXX -bench KeysAtScale -benchtime 2000x -timeout 2h
func BenchmarkKeysAtScale(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("MERIDIAN_KEYS_PERSONS")); err == nil && v > 0 {
		n = v
	}
	scaleMu.Lock()
	defer scaleMu.Unlock()
	if scale == nil || scale.n != n {
		scale = fillKeys(b, n)
	}
	db, w := scale.db, scale.w

	types := []meridian.KeyType{meridian.KeyDocument, meridian.KeyEmail, meridian.KeyPhone}
	formats := []string{"AL:V%09d", "v%09d@example.org", "+389%09d"}
	rnd := rand.New(rand.NewPCG(7, 7))
	sys := sqldbtest.Sys()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := rnd.IntN(n)
		keys := make([]meridian.Key, 0, 4)
		for j, t := range types {
			keys = append(keys, meridian.Key{Type: t, Value: fmt.Sprintf(formats[j], x*10+j)})
		}
		keys = append(keys, meridian.Key{Type: meridian.KeyPhone, Value: fmt.Sprintf("+38%011d", i)})
		t := time.Now()
		ms, err := db.FindByKeysForLinking(sys, keys)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		if len(ms) != 3 {
			b.Fatalf("%d matches, want 3", len(ms))
		}
	}
	b.StopTimer()
	reportQuantiles(b, "lookup", lat)

	// A new person with a phone, an e-mail and a document, written with
	// its keys (the commit the linking worker then reads).
	lat = lat[:0]
	for i := 0; i < min(b.N, 500); i++ {
		p := w.NewPerson(fmt.Sprintf("New Person %d", i), meridian.Release{Scope: meridian.ScopeOwner})
		p.Identifiers = []meridian.Identifier{
			{Kind: meridian.IDPhone, Value: fmt.Sprintf("+389701%06d", i)},
			{Kind: meridian.IDEmail, Value: fmt.Sprintf("new%d@example.org", i)},
		}
		t := time.Now()
		if err := db.CreatePerson(sqldbtest.As(w.A), p); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	reportQuantiles(b, "create", lat)
}

// scale keeps the filled store across the benchmark's runs (b.N = 1,
// then the count asked): filling ten million rows takes many minutes.
var (
	scaleMu sync.Mutex
	scale   *scaleStore
)

type scaleStore struct {
	n   int
	dir string
	db  *sqldb.DB
	w   *sqldbtest.World
}

// TestMain removes the benchmark's store, which outlives its runs.
func TestMain(m *testing.M) {
	code := m.Run()
	if scale != nil {
		scale.db.Close()
		os.RemoveAll(scale.dir)
	}
	os.Exit(code)
}

func fillKeys(b *testing.B, n int) *scaleStore {
	dir, err := os.MkdirTemp("", "keys-at-scale")
	if err != nil {
		b.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), dir, sqldbtest.SuiteKey(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	w := sqldbtest.NewWorld(b, db)
	first := w.NewPerson("Seed Person", meridian.Release{Scope: meridian.ScopeOwner})
	if err := db.CreatePerson(sqldbtest.As(w.A), first); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	sqlDB := db.SQL()
	for _, q := range []string{
		`INSERT INTO records (id, kind, owner_agency, owner_country, operation_id, tlp, handling, scope, retention_review, created_at, updated_at, version, body)
		 WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x + 1 < ?)
		 SELECT printf('bulk-%08d', x), r.kind, r.owner_agency, r.owner_country, r.operation_id, r.tlp, r.handling, r.scope, r.retention_review,
		        r.created_at, r.updated_at, r.version, r.body
		 FROM c, (SELECT * FROM records WHERE id = ?) r`,
		`INSERT INTO record_keys (record_id, record_kind, type, value, owner_agency, owner_country, operation_id, scope)
		 WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x + 1 < ? * 10)
		 SELECT printf('bulk-%08d', x / 10), 'person',
		        CASE x % 10 WHEN 0 THEN 'document' WHEN 1 THEN 'email' ELSE 'phone' END,
		        CASE x % 10 WHEN 0 THEN printf('AL:V%09d', x) WHEN 1 THEN printf('v%09d@example.org', x) ELSE printf('+389%09d', x) END,
		        r.owner_agency, r.owner_country, r.operation_id, r.scope
		 FROM c, (SELECT * FROM records WHERE id = ?) r`,
	} {
		if _, err := sqlDB.Exec(q, n, first.ID); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := sqlDB.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var rows int
	if err := sqlDB.QueryRow(`SELECT count(*) FROM record_keys`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	b.Logf("filled %d persons, %d identifiers in %s", n, rows, time.Since(t0).Round(time.Second))

	return &scaleStore{n: n, dir: dir, db: db, w: w}
}

func reportQuantiles(b *testing.B, name string, lat []time.Duration) {
	slices.Sort(lat)
	q := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.5), name+"-p50-ms")
	b.ReportMetric(q(0.95), name+"-p95-ms")
	b.ReportMetric(q(0.99), name+"-p99-ms")
}
