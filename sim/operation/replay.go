package operation

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"meridian"
	"meridian/sim"
	"meridian/watchlist"
)

// Services are what a simulated operation is written through: the same
// services a server calls for its users, so that every report is
// validated, access-controlled, audited and published, and every check
// screened, counted, audited and notified, as in real use.
type Services struct {
	Agencies   meridian.AgencyService
	Users      meridian.UserService
	Operations meridian.OperationService
	Persons    meridian.PersonService
	Events     meridian.EventService
	Checks     meridian.CheckService
	// Manifests ingest passenger messages; nil: a replay sends none.
	Manifests meridian.ManifestService
	// ImportWatchlist stores listed persons and documents as one import
	// owned by the context subject's agency.
	ImportWatchlist func(ctx context.Context, persons []*meridian.WatchPerson, documents []*meridian.WatchDocument) error
}

// World is a plan once stored: the ids Setup (or Attach) found for the
// plan's agencies, users and operation, and the listed persons and
// documents checks may hit.
type World struct {
	Operation *meridian.Operation
	Agencies  []*meridian.Agency
	Users     []*meridian.User
	// Logins are the users given the password.
	Logins    []*meridian.User
	Watchlist int // entries imported

	subjects    []*meridian.Subject // per agency, its reporter
	coordinator *meridian.Subject
	listed      *Listed
}

// SetupOptions tune Setup.
type SetupOptions struct {
	// Password is given to the plan's login users; empty: none.
	Password string
	// MustChange makes that shared password good for one sign-in: each
	// user must choose their own then (the demo's).
	MustChange bool
	// Progress receives a line per stage; nil: none.
	Progress io.Writer
}

func progress(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "sim: "+format+"\n", args...)
	}
}

// Setup stores the plan's world: its agencies, users and operation
// (planned), and the watchlist, imported for a few NCBs. ctx must carry a
// subject that administers agencies and users.
func Setup(ctx context.Context, p *Plan, svc Services, o SetupOptions) (*World, error) {
	w := &World{}
	t0 := time.Now()
	for _, pa := range p.Agencies {
		a := &meridian.Agency{Country: pa.Country, Kind: pa.Kind, Name: pa.Name}
		if err := svc.Agencies.CreateAgency(ctx, a); err != nil {
			return nil, fmt.Errorf("sim: agency %s: %w", pa.Name, err)
		}
		w.Agencies = append(w.Agencies, a)
	}
	for _, pu := range p.Users {
		u, err := createUser(ctx, svc.Users, w.Agencies[pu.Agency].ID, pu, o.Password, o.MustChange)
		if err != nil {
			return nil, err
		}
		w.Users = append(w.Users, u)
		if pu.Login && o.Password != "" {
			w.Logins = append(w.Logins, u)
		}
	}
	w.subjects = subjects(p, w)
	progress(o.Progress, "%d agencies and %d users in %d countries (%s)", len(w.Agencies), len(w.Users), len(p.Operation.Countries), since(t0))
	op := p.Operation
	op.Countries = slices.Clone(op.Countries)
	op.Agencies = w.ids(p.AgencyRefs)
	op.Units = make([]meridian.Unit, len(p.Operation.Units))
	for i, u := range p.Operation.Units {
		op.Units[i] = meridian.Unit{Name: u.Name, Countries: slices.Clone(u.Countries), Agencies: w.ids(p.UnitAgencies[i])}
	}
	op.Deployments = slices.Clone(op.Deployments)
	// The coordinator's agency leads; the countries and agencies it names
	// are invited, and accept. The simulator accepts on their behalf as
	// Meridian itself, rather than as each country's NCB, which a plan
	// need not have.
	invited := struct{ countries, agencies []string }{op.Countries, op.Agencies}
	if err := svc.Operations.CreateOperation(meridian.WithSubject(ctx, w.coordinator), &op); err != nil {
		return nil, fmt.Errorf("sim: create the operation: %w", err)
	}
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	accept := func(kind meridian.ParticipantKind, values []string) error {
		for _, v := range values {
			if kind == meridian.ParticipantAgency && v == op.LeadAgency {
				continue
			}
			if _, err := svc.Operations.AcceptInvitation(sys, op.ID, kind, v); err != nil {
				return fmt.Errorf("sim: %s %s joins the operation: %w", kind, v, err)
			}
		}
		return nil
	}
	if err := accept(meridian.ParticipantCountry, invited.countries); err != nil {
		return nil, err
	}
	if err := accept(meridian.ParticipantAgency, invited.agencies); err != nil {
		return nil, err
	}
	full, err := svc.Operations.FindOperationByID(meridian.WithSubject(ctx, w.coordinator), op.ID)
	if err != nil {
		return nil, fmt.Errorf("sim: read the operation: %w", err)
	}
	w.Operation = full
	t0 = time.Now()
	if err := w.importWatchlist(ctx, p, svc); err != nil {
		return nil, err
	}
	progress(o.Progress, "watchlist of %d entries imported for %d NCBs (%s)", w.Watchlist, len(p.WatchOwners), since(t0))
	return w, nil
}

func since(t time.Time) string { return time.Since(t).Round(time.Millisecond).String() }

// createUser creates a plan's user; when its username is taken (the
// store holds another simulation), it tries the name with a suffix.
func createUser(ctx context.Context, us meridian.UserService, agency string, pu PlanUser, password string, mustChange bool) (*meridian.User, error) {
	if !pu.Login {
		password = ""
	}
	for n := 1; n <= 100; n++ {
		u := &meridian.User{AgencyID: agency, Username: pu.Username, Name: pu.Name, Roles: slices.Clone(pu.Roles), MustChangePassword: mustChange}
		if n > 1 {
			u.Username += "-" + strconv.Itoa(n)
		}
		err := us.CreateUser(ctx, u, password)
		if err == nil {
			return u, nil
		}
		if meridian.KindOf(err) != meridian.EConflict {
			return nil, fmt.Errorf("sim: user %s: %w", u.Username, err)
		}
	}
	return nil, fmt.Errorf("sim: user %s: a hundred usernames taken", pu.Username)
}

func (w *World) ids(refs []int) []string {
	out := make([]string, len(refs))
	for i, a := range refs {
		out[i] = w.Agencies[a].ID
	}
	return out
}

// subjects are the callers the replay acts as: each agency's reporter.
func subjects(p *Plan, w *World) []*meridian.Subject {
	purpose := "simulation of operation " + p.Operation.Name
	subj := func(u *meridian.User, country string) *meridian.Subject {
		return &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: u.AgencyID, Country: country,
			Roles: slices.Clone(u.Roles), Purpose: purpose, Addr: "sim"}
	}
	out := make([]*meridian.Subject, len(p.Agencies))
	for i, pa := range p.Agencies {
		out[i] = subj(w.Users[p.Reporter[i]], pa.Country)
	}
	w.coordinator = subj(w.Users[p.Coordinator], p.Agencies[p.Users[p.Coordinator].Agency].Country)
	return out
}

// watchlistFiles generates the plan's watchlist into a scratch directory
// with the sim watchlist generator, as `meridian sim watchlist` does.
func watchlistFiles(p *Plan) (sim.WatchlistFiles, func(), error) {
	dir, err := os.MkdirTemp("", "meridian-sim-")
	if err != nil {
		return sim.WatchlistFiles{}, nil, fmt.Errorf("sim: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	queries := max(min(p.Scale.WatchPersons, 4000), 1)
	files, err := sim.WriteWatchlist(dir, sim.WatchlistOptions{Persons: p.Scale.WatchPersons, Documents: p.Scale.WatchDocuments,
		Seed: p.Seed, Queries: queries})
	if err != nil {
		cleanup()
		return sim.WatchlistFiles{}, nil, err
	}
	return files, cleanup, nil
}

// importWatchlist imports the generated watchlist, each entry owned by
// one of the plan's NCBs and released as owners release them: mostly to
// the operation's participants, some to the owner's region, some to no
// one (a check then learns only "hit: contact the owner").
func (w *World) importWatchlist(ctx context.Context, p *Plan, svc Services) error {
	files, cleanup, err := watchlistFiles(p)
	if err != nil {
		return err
	}
	defer cleanup()
	type share struct {
		persons   []*meridian.WatchPerson
		documents []*meridian.WatchDocument
	}
	shares := make([]share, len(p.WatchOwners))
	r := sim.NewRand(p.Seed, streamWorld+50)
	mark := func(m *meridian.Meta, owner int) {
		m.OperationID, m.TLP, m.Handling = w.Operation.ID, meridian.TLPAmber, meridian.H0
		switch x := r.Float64(); {
		case x < 0.7:
			m.Release.Scope = meridian.ScopeAll
		case x < 0.85:
			unit := p.Agencies[p.WatchOwners[owner]].Unit
			m.Release = meridian.Release{Scope: meridian.ScopeListed, Countries: slices.Clone(p.Operation.Units[unit].Countries)}
		default:
			m.Release.Scope = meridian.ScopeOwner
		}
	}
	w.listed, err = readWatchlist(files, p, func(i int, e watchlist.Entry) {
		owner := i % len(p.WatchOwners)
		switch {
		case e.Person != nil:
			mark(&e.Person.Meta, owner)
			shares[owner].persons = append(shares[owner].persons, e.Person)
		case e.Document != nil:
			mark(&e.Document.Meta, owner)
			shares[owner].documents = append(shares[owner].documents, e.Document)
		}
	})
	if err != nil {
		return err
	}
	for i, s := range shares {
		if len(s.persons)+len(s.documents) == 0 {
			continue
		}
		if err := svc.ImportWatchlist(meridian.WithSubject(ctx, w.subjects[p.WatchOwners[i]]), s.persons, s.documents); err != nil {
			return fmt.Errorf("sim: import the watchlist of %s: %w", p.Agencies[p.WatchOwners[i]].Name, err)
		}
		w.Watchlist += len(s.persons) + len(s.documents)
	}
	return nil
}

// readWatchlist reads the generated watchlist, calling fn with each entry
// and its index, and returns what checks know of it: every listed name, a
// sample of its document numbers, and the generated queries that should
// hit a listed person.
func readWatchlist(files sim.WatchlistFiles, p *Plan, fn func(i int, e watchlist.Entry)) (*Listed, error) {
	f, err := os.Open(files.Watchlist)
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	defer f.Close()
	l := NewListed(p.Scale.HitShare)
	r := sim.NewRand(p.Seed, streamWorld+51)
	i, n := 0, 0
	add := func(number, state string, typ meridian.DocumentType) {
		n++
		l.Documents = sample(r, l.Documents, meridian.DocumentQuery{Number: number, IssuingState: state, Type: string(typ)}, n)
	}
	lineErrs, err := watchlist.ReadCSV(f, meridian.CategorySuspect, func(e watchlist.Entry) error {
		switch {
		case e.Person != nil:
			for _, nm := range e.Person.Names {
				l.AddName(nm.Full)
			}
			for _, d := range e.Person.Documents {
				add(d.Number, d.IssuingState, d.Type)
			}
		case e.Document != nil:
			add(e.Document.Number, e.Document.IssuingState, e.Document.Type)
		}
		fn(i, e)
		i++
		return nil
	})
	if err == nil && len(lineErrs) > 0 {
		err = lineErrs[0]
	}
	if err != nil {
		return nil, fmt.Errorf("sim: read the generated watchlist: %w", err)
	}
	l.Persons, err = hitQueries(files.Queries)
	return l, err
}

// sample keeps a uniform sample of at most 5,000 of the n items seen
// (reservoir sampling).
func sample[T any](r *sim.Rand, xs []T, x T, n int) []T {
	const size = 5000
	if len(xs) < size {
		return append(xs, x)
	}
	if j := r.IntN(n); j < size {
		xs[j] = x
	}
	return xs
}

// hitQueries reads the generated queries that should hit a listed
// person: variants of listed names as a checker would type them.
func hitQueries(path string) ([]meridian.PersonQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("sim: read %s: %w", path, err)
	}
	var out []meridian.PersonQuery
	for _, row := range rows[1:] {
		// query_id, name, birth_date, sex, nationality, expected_ref, variant
		if row[5] == "" {
			continue
		}
		out = append(out, meridian.PersonQuery{Name: row[1], BirthDate: meridian.Date(row[2]), Sex: meridian.Sex(row[3]), Nationality: row[4]})
	}
	return out, nil
}

// Attach finds the world of a plan stored earlier (a demo resumed after a
// restart): its operation, and the agencies and users by name. The
// watchlist is not imported again; its hit queries are drawn again from
// the seed.
func Attach(ctx context.Context, p *Plan, svc Services, op *meridian.Operation) (*World, error) {
	w := &World{Operation: op}
	byName := map[[3]string]*meridian.Agency{}
	cursor := ""
	for {
		as, next, err := svc.Agencies.FindAgencies(ctx, meridian.AgencyFilter{Page: meridian.Page{Limit: 500, Cursor: cursor}})
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			k := [3]string{a.Country, string(a.Kind), a.Name}
			if byName[k] == nil {
				byName[k] = a
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	for _, pa := range p.Agencies {
		a := byName[[3]string{pa.Country, string(pa.Kind), pa.Name}]
		if a == nil {
			return nil, meridian.Errorf(meridian.ENotFound, "sim.Attach", "agency %q of the plan is not in the store", pa.Name)
		}
		w.Agencies = append(w.Agencies, a)
	}
	w.Users = make([]*meridian.User, len(p.Users))
	for i, a := range w.Agencies {
		us, _, err := svc.Users.FindUsers(ctx, meridian.UserFilter{AgencyID: a.ID, Page: meridian.Page{Limit: 100}})
		if err != nil {
			return nil, err
		}
		for j, pu := range p.Users {
			if pu.Agency != i {
				continue
			}
			for _, u := range us {
				if u.Username == pu.Username || len(u.Username) > len(pu.Username) && u.Username[:len(pu.Username)+1] == pu.Username+"-" {
					w.Users[j] = u
				}
			}
			if w.Users[j] == nil {
				return nil, meridian.Errorf(meridian.ENotFound, "sim.Attach", "user %q of the plan is not in the store", pu.Username)
			}
		}
	}
	w.subjects = subjects(p, w)
	files, cleanup, err := watchlistFiles(p)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	w.listed, err = readWatchlist(files, p, func(int, watchlist.Entry) {})
	return w, err
}

// ReplayOptions tune Replay.
type ReplayOptions struct {
	// Speed is how many times faster than real time the week plays: 288
	// plays it in half an hour; 0 as fast as the store goes.
	Speed float64
	// After resumes a replay: reports filed and checks made up to this
	// simulated time are taken as done.
	After time.Time
	// Workers make checks in parallel; 0: one per CPU.
	Workers int
	// Progress receives a line every ProgressEvery (default 10 s).
	Progress      io.Writer
	ProgressEvery time.Duration
	// Clock paces the replay; nil: the wall clock.
	Clock Clock
	// Passengers sends the passenger messages of the flights (through
	// Services.Manifests); the zero value sends none.
	Passengers PassengerOptions
}

// Clock is the time a replay is paced by.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or returns ctx's error when ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Stats are what a replay did.
type Stats struct {
	Reports int64
	Persons int64 // persons created for arrests
	Checks  int64
	Hits    int64 // checks that hit a listed record
	Elapsed time.Duration
	// Manifests are the passenger messages sent, Alerts what they raised.
	Manifests int64
	Alerts    int64
	Resumed   bool
	SimUntil  time.Time
}

// Replay activates the operation, files the plan's reports in order and
// makes its checks, each at its simulated time scaled by Speed, then
// closes the operation. Checks go to workers; reports are filed in order
// by the caller's goroutine. The first error stops the replay.
func Replay(ctx context.Context, p *Plan, w *World, svc Services, o ReplayOptions) (Stats, error) {
	var st Stats
	t0 := time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if err := setStatus(ctx, svc, w, meridian.OperationActive); err != nil {
		return st, err
	}
	st.Resumed = !o.After.IsZero()
	pax := w.passengers(p, svc, o.Passengers)
	if !st.Resumed {
		if err := pax.opening(ctx); err != nil {
			return st, err
		}
	}
	simStart := p.Start()
	if st.Resumed {
		simStart = o.After
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var checks, hits, reports, persons atomic.Int64
	var simNow atomic.Int64
	simNow.Store(simStart.UnixMicro())
	jobs := make(chan *CheckBatch, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				if ctx.Err() != nil {
					continue
				}
				n, h, err := w.check(ctx, p, svc, b)
				if err != nil {
					cancel(err)
					continue
				}
				checks.Add(n)
				hits.Add(h)
			}
		}()
	}
	stopProgress := make(chan struct{})
	var progressDone sync.WaitGroup
	if o.Progress != nil {
		every := o.ProgressEvery
		if every <= 0 {
			every = 10 * time.Second
		}
		progressDone.Add(1)
		go func() {
			defer progressDone.Done()
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-stopProgress:
					return
				case <-t.C:
					el := time.Since(t0).Seconds()
					progress(o.Progress, "%s  %d reports, %d checks (%.0f/s), %d hits",
						time.UnixMicro(simNow.Load()).UTC().Format("Mon 2 Jan 15:04"), reports.Load(), checks.Load(),
						float64(checks.Load())/el, hits.Load())
				}
			}
		}()
	}
	clock := o.Clock
	if clock == nil {
		clock = wallClock{}
	}
	wallStart := clock.Now()
	wait := func(t time.Time) error {
		simNow.Store(t.UnixMicro())
		if o.Speed <= 0 {
			return ctx.Err()
		}
		due := wallStart.Add(time.Duration(float64(t.Sub(simStart)) / o.Speed))
		if d := due.Sub(clock.Now()); d > 0 {
			if err := clock.Sleep(ctx, d); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	err := func() error {
		i, j := 0, 0
		for i < len(p.Reports) || j < len(p.Checks) {
			if j >= len(p.Checks) || i < len(p.Reports) && !p.Reports[i].At.After(p.Checks[j].At) {
				rep := &p.Reports[i]
				i++
				if !rep.At.After(o.After) {
					continue
				}
				if err := wait(rep.At); err != nil {
					return err
				}
				if err := w.file(ctx, svc, rep); err != nil {
					return err
				}
				if err := pax.flight(ctx, rep); err != nil {
					return err
				}
				reports.Add(1)
				if rep.Suspect != nil {
					persons.Add(1)
				}
				continue
			}
			b := &p.Checks[j]
			j++
			if !b.At.After(o.After) {
				continue
			}
			if err := wait(b.At); err != nil {
				return err
			}
			select {
			case jobs <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}()
	close(jobs)
	wg.Wait()
	close(stopProgress)
	progressDone.Wait()
	st.Reports, st.Persons, st.Checks, st.Hits = reports.Load(), persons.Load(), checks.Load(), hits.Load()
	if pax != nil {
		st.Manifests, st.Alerts = int64(pax.sent), int64(pax.alerts)
	}
	st.Elapsed = time.Since(t0)
	st.SimUntil = time.UnixMicro(simNow.Load()).UTC()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	if err != nil {
		return st, err
	}
	if err := setStatus(ctx, svc, w, meridian.OperationClosed); err != nil {
		return st, err
	}
	return st, nil
}

// setStatus moves the operation to status, as its coordinator.
func setStatus(ctx context.Context, svc Services, w *World, status meridian.OperationStatus) error {
	cctx := meridian.WithSubject(ctx, w.coordinator)
	op, err := svc.Operations.FindOperationByID(cctx, w.Operation.ID)
	if err != nil {
		return fmt.Errorf("sim: find the operation: %w", err)
	}
	if op.Status == status {
		return nil
	}
	op.Status = status
	if err := svc.Operations.UpdateOperation(cctx, op); err != nil {
		return fmt.Errorf("sim: set the operation %s: %w", status, err)
	}
	w.Operation = op
	return nil
}

// file stores one report as its agency's reporter, with the suspect an
// arrest names created first.
func (w *World) file(ctx context.Context, svc Services, rep *Report) error {
	ctx = meridian.WithSubject(ctx, w.subjects[rep.Agency])
	e := rep.Event
	e.OperationID = w.Operation.ID
	if len(rep.ReleaseAgencies) > 0 {
		e.Release.Agencies = w.ids(rep.ReleaseAgencies)
	}
	if rep.Suspect != nil {
		sp := *rep.Suspect
		sp.Names = slices.Clone(sp.Names)
		sp.OperationID = w.Operation.ID
		if err := svc.Persons.CreatePerson(ctx, &sp); err != nil {
			return fmt.Errorf("sim: the suspect of an arrest in %s at %s: %w", e.Place.Country, e.OccurredAt.Format(time.RFC3339), err)
		}
		e.Persons = []meridian.Involved{{PersonID: sp.ID, Role: meridian.RoleSuspect}}
	}
	if err := svc.Events.CreateEvent(ctx, &e); err != nil {
		return fmt.Errorf("sim: %s report in %s at %s: %w", e.Type, e.Place.Country, e.OccurredAt.Format(time.RFC3339), err)
	}
	return nil
}

// check makes one batch of checks as its agency's reporter and returns
// how many were made and how many hit.
func (w *World) check(ctx context.Context, p *Plan, svc Services, b *CheckBatch) (int64, int64, error) {
	ctx = meridian.WithSubject(ctx, w.subjects[b.Agency])
	persons, docs := b.Queries(w.listed)
	// The checks count on the simulated day they were made, as checks
	// made offline do.
	cc := meridian.CheckContext{OperationID: w.Operation.ID, PlaceKind: b.PlaceKind, Place: b.Place, Country: b.Country,
		Reason: "Operation " + p.Operation.Name + ": " + b.PlaceKind + " checks", At: b.At}
	var n, hits int64
	for len(persons) > 0 {
		batch := persons[:min(len(persons), meridian.MaxBatch)]
		persons = persons[len(batch):]
		res, err := svc.Checks.CheckPersons(ctx, cc, batch)
		if err != nil {
			return n, hits, fmt.Errorf("sim: person checks of %s at %s: %w", w.Agencies[b.Agency].Name, b.At.Format(time.RFC3339), err)
		}
		n += int64(len(batch))
		for _, r := range res {
			if r.Hit {
				hits++
			}
		}
	}
	for len(docs) > 0 {
		batch := docs[:min(len(docs), meridian.MaxBatch)]
		docs = docs[len(batch):]
		res, err := svc.Checks.CheckDocuments(ctx, cc, batch)
		if err != nil {
			return n, hits, fmt.Errorf("sim: document checks of %s at %s: %w", w.Agencies[b.Agency].Name, b.At.Format(time.RFC3339), err)
		}
		n += int64(len(batch))
		for _, r := range res {
			if r.Hit {
				hits++
			}
		}
	}
	return n, hits, nil
}

// LastFiled returns the filing time of the plan's report that matches e
// (a stored report of the plan's operation), for resuming after it.
func (p *Plan) LastFiled(e *meridian.Event) (time.Time, bool) {
	for i := range p.Reports {
		x := &p.Reports[i].Event
		if x.Type == e.Type && x.OccurredAt.Equal(e.OccurredAt) && x.Place.Country == e.Place.Country && x.Place.Name == e.Place.Name {
			return p.Reports[i].At, true
		}
	}
	return time.Time{}, false
}
