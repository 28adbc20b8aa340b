package check_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"meridian"
	"meridian/check"
	mnats "meridian/nats"
	"meridian/sqldb"
	"meridian/sqldb/sqldbtest"
)

// scanCounter is the store, counting the scans of one import.
type scanCounter struct {
	*sqldb.DB
	importScans atomic.Int32
}

func (s *scanCounter) ScanWatchlist(ctx context.Context, kind, importID string, fn func(string, []byte) error) error {
	if importID != "" && kind == "watch_person" {
		s.importScans.Add(1)
	}
	return s.DB.ScanWatchlist(ctx, kind, importID, fn)
}

func importPersons(t *testing.T, db *sqldb.DB, a *meridian.Agency, names ...string) {
	t.Helper()
	_, _, err := db.ImportWatchlist(sqldbtest.As(a, meridian.RoleOfficer), func(imp *sqldb.Importer) error {
		for _, n := range names {
			w := &meridian.WatchPerson{Category: meridian.CategoryWanted, Names: []meridian.Name{{Full: n}}, BirthDate: "1975-02-14"}
			if err := imp.AddPerson(w); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportLoadedOnce: an import made while no server ran reaches the
// bus after the server's build from the whole store has loaded it; the
// service does not load it again (at a million entries that held the
// indexes' locks for minutes after /readyz said ready, issue 10). An
// import made afterwards is loaded.
func TestImportLoadedOnce(t *testing.T) {
	db := MustOpenDB(t)
	w := sqldbtest.NewWorld(t, db)
	importPersons(t, db, w.A, "Dragan Petrović", "Ivana Kovačević") // the outbox holds its change

	emb, err := mnats.StartEmbedded(t.TempDir(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Shutdown)
	bus, err := mnats.Connect(context.Background(), "", emb, mnats.Options{Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)

	store := &scanCounter{DB: db}
	svc := check.New(store, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := svc.Start(ctx, bus); err != nil {
		t.Fatal(err)
	}
	select {
	case <-svc.Built():
	case <-time.After(10 * time.Second):
		t.Fatal("the indexes were not built")
	}
	if n := svc.Persons().Len(); n != 2 {
		t.Fatalf("built with %d persons, want 2", n)
	}
	relay := func() {
		t.Helper()
		for {
			n, err := db.RelayOnce(ctx, bus, 500)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				return
			}
		}
	}
	relay() // the first import's change, after the build
	importPersons(t, db, w.A, "Artan Krasniqi")
	relay()
	deadline := time.Now().Add(10 * time.Second)
	for svc.Persons().Len() != 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the second import was not loaded: %d persons", svc.Persons().Len())
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Changes apply in order: the first import's was handled before the
	// second's loaded it.
	if n := store.importScans.Load(); n != 1 {
		t.Fatalf("imports scanned %d times after the build, want 1 (the new one only)", n)
	}
}
