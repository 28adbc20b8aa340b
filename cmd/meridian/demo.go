package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"meridian"
	"meridian/auth"
	"meridian/sim/operation"
)

// The demo is the simulated Liberterra II at a fiftieth of its figures,
// loaded on first start and replayed in the background so that a first
// look at Meridian shows a moving picture: its week plays in half an
// hour, reports reaching the live picture and checks hitting listed
// persons as they would in the field.
const (
	demoSeed  = 1
	demoSpeed = 288 // six days in 30 minutes
)

// demoUsers are the accounts a first look logs in with.
var demoUsers = []string{"coordinator", "observer.unodc", "officer.mk", "ncb.al", "border.rs", "prosecutor.mk", "prosecutor.rs", "prosecutor.al"}

// startDemo loads the demo operation into a store that has none and
// replays it in the background until bg ends; a demo interrupted by a
// restart resumes after its last report; a finished one is left as it is.
// A store that holds other operations is not touched.
func (m *Main) startDemo(ctx context.Context, bg context.Context) error {
	sys := meridian.WithSubject(ctx, meridian.SystemSubject)
	plan, err := operation.NewPlan(operation.Demo, demoSeed)
	if err != nil {
		return err
	}
	svc := simServices(m.DB, m.Checks, m.Rules)
	var demo *meridian.Operation
	others := 0
	cursor := ""
	for {
		ops, next, err := m.DB.FindOperations(sys, meridian.OperationFilter{Page: meridian.Page{Limit: 100, Cursor: cursor}})
		if err != nil {
			return err
		}
		for _, o := range ops {
			if o.Name == plan.Operation.Name {
				demo = o
			} else {
				others++
			}
		}
		if next == "" {
			break
		}
		cursor = next
	}
	var w *operation.World
	var opts operation.ReplayOptions
	fresh := false
	switch {
	case demo != nil && demo.Status == meridian.OperationClosed:
		fmt.Fprintf(m.Stdout, "Demo operation %q (%s) has played its week.\n  demo users: %s (password as printed on first start)\n",
			demo.Name, demo.ID, strings.Join(demoUsers, ", "))
		return nil
	case demo != nil:
		if w, err = operation.Attach(sys, plan, svc, demo); err != nil {
			m.Logger.Warn("demo: cannot resume the demo operation", slog.String("err", err.Error()))
			return nil
		}
		last, _, err := m.DB.FindEvents(sys, meridian.EventFilter{OperationID: demo.ID, Newest: true, Page: meridian.Page{Limit: 1}})
		if err != nil {
			return err
		}
		if len(last) > 0 {
			opts.After, _ = plan.LastFiled(last[0])
		}
		fmt.Fprintf(m.Stdout, "Demo operation %q (%s) resumes its week.\n  demo users: %s (password as printed on first start)\n",
			demo.Name, demo.ID, strings.Join(demoUsers, ", "))
	case others > 0:
		fmt.Fprintln(m.Stdout, "The store holds operations already; no demo operation loaded.")
		return nil
	default:
		password := auth.NewPassword()
		if w, err = operation.Setup(sys, plan, svc, operation.SetupOptions{Password: password, MustChange: true}); err != nil {
			return err
		}
		if err := demoWatchlist(sys, m, w); err != nil {
			return err
		}
		fresh = true
		fmt.Fprintf(m.Stdout, "Demo operation %q (%s) loaded; its week plays in 30 minutes.\n  demo users: %s\n  demo password (all of them): %s\n"+
			"  try a check (Check screen): Arben Hoxha or Арбен Хоџа (wanted), Olena Kovalenko (missing), Ελένη Παπαδοπούλου (missing, released to all),\n"+
			"  محمد عبد الله الحسن (suspect), passport MK0012345 (stolen)\n",
			w.Operation.Name, w.Operation.ID, strings.Join(demoUsers, ", "), password)
	}
	opts.Speed = demoSpeed
	if m.DemoSpeed > 0 {
		opts.Speed = m.DemoSpeed
	}
	opts.Passengers = demoPassengers
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.waitDemoIndexed(bg, w)
		if fresh {
			// The networks are planted as the replay starts: the linking
			// worker proposes their links live.
			sctx := meridian.WithSubject(bg, meridian.SystemSubject)
			net, err := plantDemoNetworks(sctx, m, w)
			if err != nil {
				m.Logger.Error("demo: planting the networks failed", slog.String("err", err.Error()))
			} else {
				// The six months after the week, on the networks.
				t0 := time.Now()
				if err := plantDemoFollowup(sctx, m, w, net); err != nil {
					m.Logger.Error("demo: planting the follow-up failed", slog.String("err", err.Error()))
				} else {
					m.Logger.Info("demo: follow-up planted", slog.Duration("took", time.Since(t0)))
				}
			}
		}
		st, err := operation.Replay(bg, plan, w, svc, opts)
		switch {
		case err != nil && bg.Err() != nil:
			m.Logger.Info("demo replay stopped", slog.Int64("reports", st.Reports), slog.Int64("checks", st.Checks))
		case err != nil:
			m.Logger.Error("demo replay failed", slog.String("err", err.Error()))
		default:
			m.Logger.Info("demo operation replayed", slog.Int64("reports", st.Reports), slog.Int64("checks", st.Checks), slog.Int64("hits", st.Hits),
				slog.Int64("manifests", st.Manifests), slog.Int64("alerts", st.Alerts))
		}
	}()
	return nil
}

// demoPassengers are the passenger messages the demo sends: every flight
// into the countries of its users who read alerts (the coordinator's
// France, the border officer's Serbia, the NCB's Albania, the officer's
// North Macedonia), a flight more into each at the start of the week so
// that their alert queues fill from the first minutes, and a tenth of
// the other flights. Listed persons of demoWatchlist travel on them.
var demoPassengers = operation.PassengerOptions{
	Countries: []string{"RS", "AL", "MK", "FR"},
	Share:     0.1,
	Opening:   3 * time.Hour,
	Planted: []meridian.Traveller{
		{Family: "HOXHA", Given: "ARBEN", BirthDate: "1979-03-14", Sex: "M", Nationality: "AL", Residence: "AL",
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "BA1234567", IssuingState: "AL", ExpiresOn: "2029-05-01"}}},
		{Family: "KOVALENKO", Given: "OLENA", BirthDate: "2003-06-11", Sex: "F", Nationality: "UA", Residence: "UA",
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "FA482913", IssuingState: "UA", ExpiresOn: "2031-02-10"}}},
		{Family: "AL HASSAN", Given: "MOHAMMED ABDULLAH", BirthDate: "1985-01-20", Sex: "M", Nationality: "SY", Residence: "TR",
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "N01928374", IssuingState: "SY", ExpiresOn: "2027-09-30"}}},
		{Family: "PETROVSKI", Given: "GORAN", BirthDate: "1971-11-02", Sex: "M", Nationality: "MK", Residence: "MK",
			Documents: []meridian.TravelDoc{{Type: "passport", Code: "P", Number: "MK0012345", IssuingState: "MK", ExpiresOn: "2030-01-01"}}},
	},
}

// demoWatchlist adds a few listed persons and a stolen passport a new
// user can try checks on, owned by the Albanian and North Macedonian
// agencies.
func demoWatchlist(ctx context.Context, m *Main, w *operation.World) error {
	as := func(username string) (context.Context, error) {
		for _, u := range w.Users {
			if u.Username == username {
				a, err := m.DB.FindAgencyByID(ctx, u.AgencyID)
				if err != nil {
					return nil, err
				}
				return meridian.WithSubject(ctx, &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: a.ID,
					Country: a.Country, Roles: u.Roles, Purpose: "demo", Addr: "demo"}), nil
			}
		}
		return nil, fmt.Errorf("demo: no user %s", username)
	}
	al, err := as("ncb.al")
	if err != nil {
		return err
	}
	op := w.Operation.ID
	for _, p := range []*meridian.WatchPerson{
		{Category: meridian.CategoryWanted, Names: []meridian.Name{{Full: "Arben Hoxha"}, {Full: "Арбен Хоџа"}}, BirthDate: "1979-03", Sex: "M", Nationalities: []string{"AL"},
			Documents: []meridian.DocRef{{Number: "BA1234567", IssuingState: "AL", Type: "passport"}}},
		{Category: meridian.CategoryMissing, Names: []meridian.Name{{Full: "Olena Kovalenko"}, {Full: "Олена Коваленко"}}, BirthDate: "2003-06-11", Sex: "F", Nationalities: []string{"UA"}},
		{Category: meridian.CategorySuspect, Names: []meridian.Name{{Full: "محمد عبد الله الحسن"}, {Full: "Mohammed Abdullah Al-Hassan"}}, BirthDate: "1985", Sex: "M", Nationalities: []string{"SY"}},
		// Released to every participant: a check shows the record itself.
		{Category: meridian.CategoryMissing, Names: []meridian.Name{{Full: "Ελένη Παπαδοπούλου"}, {Full: "Eleni Papadopoulou"}}, BirthDate: "2006-02-17", Sex: "F", Nationalities: []string{"GR"}},
	} {
		p.Meta = meridian.Meta{OperationID: op, TLP: meridian.TLPAmber, Release: meridian.Release{Scope: meridian.ScopeOwner}}
		if p.Nationalities[0] == "GR" {
			p.Meta.Release.Scope = meridian.ScopeAll
		}
		if err := m.DB.CreateWatchPerson(al, p); err != nil {
			return err
		}
	}
	mk, err := as("officer.mk")
	if err != nil {
		return err
	}
	stolen := &meridian.WatchDocument{Number: "MK0012345", IssuingState: "MK", Type: "passport", Status: "stolen"}
	stolen.Meta = meridian.Meta{OperationID: op, Release: meridian.Release{Scope: meridian.ScopeAll}}
	return m.DB.CreateWatchDocument(mk, stolen)
}

// waitDemoIndexed waits, for at most a minute, until the screening index
// holds demoWatchlist (it learns of new entries through the bus), so that
// the listed travellers of the first passenger messages hit.
func (m *Main) waitDemoIndexed(ctx context.Context, w *operation.World) {
	var subj *meridian.Subject
	for _, u := range w.Users {
		if u.Username == "border.rs" {
			if a, err := m.DB.FindAgencyByID(meridian.WithSubject(ctx, meridian.SystemSubject), u.AgencyID); err == nil {
				subj = &meridian.Subject{UserID: u.ID, Username: u.Username, AgencyID: a.ID, Country: a.Country, Roles: u.Roles, Purpose: "demo", Addr: "demo"}
			}
		}
	}
	if subj == nil {
		return
	}
	sctx := meridian.WithSubject(ctx, subj)
	cc := meridian.CheckContext{OperationID: w.Operation.ID, PlaceKind: "flight", Country: subj.Country, Reason: "demo: is the watchlist indexed"}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline) && ctx.Err() == nil; time.Sleep(200 * time.Millisecond) {
		ps, err := m.Checks.ScreenPersons(sctx, cc, []meridian.PersonQuery{{Name: "Arben Hoxha", BirthDate: "1979-03"}})
		if err != nil || len(ps.Results) == 0 || !ps.Results[0].Hit {
			continue
		}
		ds, err := m.Checks.ScreenDocuments(sctx, cc, []meridian.DocumentQuery{{Number: "MK0012345", IssuingState: "MK"}})
		if err == nil && len(ds.Results) > 0 && ds.Results[0].Hit {
			return
		}
	}
}
