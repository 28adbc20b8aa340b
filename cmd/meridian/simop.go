package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/check"
	"meridian/edifact"
	"meridian/passenger"
	"meridian/sim/operation"
	"meridian/sqldb"
)

// runSimOperation is `meridian sim operation`: it plans an operation at a
// scale, stores its world and replays its week through the real services
// of a store opened in-process; a server running on the same store sees
// the reports and hits through the outbox its relay polls.
func runSimOperation(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sim operation", stderr)
	var sf storeFlags
	sf.register(fs)
	scale := fs.String("scale", "demo", "liberterra2 (the full operation) or demo (a fiftieth)")
	seed := fs.Int64("seed", 1, "random seed: the same seed plans the same operation")
	speed := fs.Float64("speed", 0, "simulated time runs this many times faster than real time (288: the week in 30 minutes); 0: as fast as possible")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the replay to this file")
	if err := parse(fs, args); err != nil {
		return err
	}
	sc, err := operation.ScaleByName(*scale)
	if err != nil {
		return usageError(fmt.Sprintf("--scale: want liberterra2 or demo, got %q", *scale))
	}
	if *speed < 0 {
		return usageError("--speed must not be negative")
	}
	t0 := time.Now()
	plan, err := operation.NewPlan(sc, *seed)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "sim: planned %d reports and %d batches of %d checks in %d countries (%s)\n",
		len(plan.Reports), len(plan.Checks), sc.Checks, sc.Countries, time.Since(t0).Round(time.Millisecond))
	db, err := sf.open(ctx, true, quietLogger())
	if err != nil {
		return err
	}
	defer db.Close()
	checks := check.New(db, quietLogger())
	svc := simServices(db, checks, nil)
	password := auth.NewPassword()
	w, err := operation.Setup(meridian.WithSubject(ctx, cliSubject()), plan, svc, operation.SetupOptions{Password: password, MustChange: true, Progress: stderr})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, w.Operation.ID)
	var logins []string
	for _, u := range w.Logins {
		logins = append(logins, u.Username)
	}
	fmt.Fprintf(stderr, "sim: operation %q (%s); users %s, password %s\n", w.Operation.Name, w.Operation.ID, strings.Join(logins, ", "), password)
	if err := checks.Load(ctx); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return usageError("--cpuprofile: " + err.Error())
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	st, err := operation.Replay(ctx, plan, w, svc, operation.ReplayOptions{Speed: *speed, Progress: stderr})
	fmt.Fprintf(stderr, "sim: replayed %d reports, %d persons arrested, %d checks (%d hits) in %s\n",
		st.Reports, st.Persons, st.Checks, st.Hits, st.Elapsed.Round(time.Millisecond))
	return err
}

// simServices are the store's services and the check service as a
// simulation writes through them: the same calls a server makes, with the
// writes of the simulation taken one at a time in-process (simStore).
//
// Passenger messages are screened with the risk rules given (nil: none).
func simServices(db *sqldb.DB, checks *check.Service, rules passenger.Rules) operation.Services {
	st := &simStore{DB: db, checks: checks}
	manifests := &passenger.Service{Store: st, Checks: checks, Parse: edifact.Parse, Logger: quietLogger()}
	if rules != nil {
		manifests.Rules = rules
	}
	return operation.Services{Agencies: db, Users: db, Operations: db, Persons: st, Events: st, Checks: st, Manifests: manifests,
		ImportWatchlist: func(ctx context.Context, persons []*meridian.WatchPerson, documents []*meridian.WatchDocument) error {
			_, _, err := db.ImportWatchlist(ctx, func(imp *sqldb.Importer) error {
				for _, p := range persons {
					if err := imp.AddPerson(p); err != nil {
						return err
					}
				}
				for _, d := range documents {
					if err := imp.AddDocument(d); err != nil {
						return err
					}
				}
				return nil
			})
			return err
		}}
}

// simStore takes the simulation's writes one at a time. SQLite has one
// writer; writers of one process that collide wait in its busy handler,
// which sleeps 1, 2, 5 ... up to 100 ms instead of waking when the lock is
// free. Profiled, the full replay kept its two cores 55% idle so; with
// the writes queued on a mutex, checks screen in parallel and record one
// after another. A check here is what CheckPersons does (screen, then
// record in the store) with the lock around the second half only.
type simStore struct {
	*sqldb.DB
	checks *check.Service
	mu     sync.Mutex
}

var (
	_ meridian.CheckService  = (*simStore)(nil)
	_ meridian.EventService  = (*simStore)(nil)
	_ meridian.PersonService = (*simStore)(nil)
)

func (s *simStore) CreateEvent(ctx context.Context, e *meridian.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.DB.CreateEvent(ctx, e)
}

func (s *simStore) IngestManifest(ctx context.Context, in *meridian.ManifestIngest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.DB.IngestManifest(ctx, in)
}

func (s *simStore) CreatePerson(ctx context.Context, p *meridian.Person) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.DB.CreatePerson(ctx, p)
}

func (s *simStore) CheckPersons(ctx context.Context, c meridian.CheckContext, qs []meridian.PersonQuery) ([]meridian.CheckResult, error) {
	sc, err := s.checks.ScreenPersons(ctx, c, qs)
	return s.record(ctx, sc, err)
}

func (s *simStore) CheckDocuments(ctx context.Context, c meridian.CheckContext, qs []meridian.DocumentQuery) ([]meridian.CheckResult, error) {
	sc, err := s.checks.ScreenDocuments(ctx, c, qs)
	return s.record(ctx, sc, err)
}

func (s *simStore) record(ctx context.Context, sc *check.Screening, err error) ([]meridian.CheckResult, error) {
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.DB.RecordChecks(ctx, sc.Context, sc.Records); err != nil {
		return nil, err
	}
	return sc.Results, nil
}
