// Package passenger ingests airline passenger messages: it parses them,
// screens every traveller as a person and by their documents, applies the
// risk rules, and stores the message, its checks, the alerts for the
// destination and the flight counted as monitored in one transaction, so
// that a rejected message leaves nothing behind.
package passenger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"meridian"
	"meridian/check"
)

// Parser reads an interchange into its messages; an error rejects it all.
type Parser func(r io.Reader) ([]*meridian.Manifest, error)

// Rules evaluates the risk rules in force on a manifest (rules.Screener):
// a hit per rule and traveller, the traveller counted as in
// Manifest.AllTravellers.
type Rules interface {
	Evaluate(ctx context.Context, m *meridian.Manifest) ([]meridian.RuleHit, error)
}

// Store is what an ingest asks of the store (sqldb.DB): whether a message
// was stored already, storing one whole, and reading them back.
type Store interface {
	// FindIngested returns the message the caller's agency stored under
	// key, or nil; EConflict when it was stored with other content.
	FindIngested(ctx context.Context, key meridian.IngestKey) (*meridian.Ingested, error)
	// IngestManifest stores a screened message, its checks, alerts and
	// flight in one transaction.
	IngestManifest(ctx context.Context, in *meridian.ManifestIngest) error
	FindManifests(ctx context.Context, operationID string, p meridian.Page) ([]*meridian.ManifestInfo, string, error)
	FindManifestByID(ctx context.Context, id string) (*meridian.StoredManifest, error)
}

// Screener answers checks without recording them (check.Service): the
// ingest records them with the message.
type Screener interface {
	ScreenPersons(ctx context.Context, c meridian.CheckContext, qs []meridian.PersonQuery) (*check.Screening, error)
	ScreenDocuments(ctx context.Context, c meridian.CheckContext, qs []meridian.DocumentQuery) (*check.Screening, error)
}

// Service ingests passenger messages. Set the fields; Rules may be nil.
type Service struct {
	Store  Store
	Checks Screener
	Parse  Parser
	Rules  Rules
	Logger *slog.Logger
}

var _ meridian.ManifestService = (*Service)(nil)

// IngestManifests parses r, then screens and stores each message it
// holds. A message that cannot be read rejects the whole interchange
// before anything is stored.
//
// An interchange sent again (the same sender, interchange control
// reference and place in it, and the same content) is answered with the
// manifest already stored, marked Duplicate, and nothing is screened or
// stored again. Other content under a reference the agency already used
// is EConflict, for the whole interchange, before anything is stored: an
// airline sends a corrected list under a new reference.
func (s *Service) IngestManifests(ctx context.Context, r io.Reader, opt meridian.IngestOptions) ([]*meridian.IngestResult, error) {
	ms, opt, err := s.parse(ctx, r, opt)
	if err != nil {
		return nil, err
	}
	keys := Keys(ms)
	out := make([]*meridian.IngestResult, len(ms))
	var screened []*Screened
	var at []int
	for i, m := range ms {
		var ex *meridian.Ingested
		if keys[i].Interchange != "" {
			if ex, err = s.Store.FindIngested(ctx, keys[i]); err != nil {
				return nil, err
			}
		}
		if ex != nil {
			out[i] = repeated(ex)
			continue
		}
		sc, err := s.screen(ctx, m, opt)
		if err != nil {
			return nil, err
		}
		sc.Ingest.Key = keys[i]
		screened, at = append(screened, sc), append(at, i)
	}
	for j, sc := range screened {
		res, err := s.store(ctx, sc)
		if err != nil {
			return compact(out), err
		}
		out[at[j]] = res
	}
	return out, nil
}

// compact drops the results of messages not stored.
func compact(rs []*meridian.IngestResult) []*meridian.IngestResult {
	var out []*meridian.IngestResult
	for _, r := range rs {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// repeated answers a message already stored.
func repeated(ex *meridian.Ingested) *meridian.IngestResult {
	return &meridian.IngestResult{ManifestInfo: ex.Info, AlertIDs: ex.AlertIDs, Duplicate: true}
}

// Keys identifies each message of a parsed upload by its interchange: the
// sender, the control reference, the message's place among that
// interchange's messages, and a digest of the message as parsed (so that
// a resend differing only in line breaks is the same message).
func Keys(ms []*meridian.Manifest) []meridian.IngestKey {
	out := make([]meridian.IngestKey, len(ms))
	seq := map[[2]string]int{}
	for i, m := range ms {
		ic := [2]string{m.Sender, m.Interchange}
		body, _ := json.Marshal(m)
		sum := sha256.Sum256(body)
		out[i] = meridian.IngestKey{Sender: m.Sender, Interchange: m.Interchange, Seq: seq[ic], Digest: hex.EncodeToString(sum[:])}
		seq[ic]++
	}
	return out
}

// Screened is one message parsed and screened, ready to store.
type Screened struct {
	Ingest    *meridian.ManifestIngest
	Persons   int // travellers screened by name
	Documents int // documents checked
}

// Screen parses r and screens each message it holds, storing nothing: the
// part of an ingest that must be fast, before the flight lands.
func (s *Service) Screen(ctx context.Context, r io.Reader, opt meridian.IngestOptions) ([]*Screened, error) {
	ms, opt, err := s.parse(ctx, r, opt)
	if err != nil {
		return nil, err
	}
	out := make([]*Screened, 0, len(ms))
	for _, m := range ms {
		sc, err := s.screen(ctx, m, opt)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// parse checks the options and reads the interchange's messages.
func (s *Service) parse(ctx context.Context, r io.Reader, opt meridian.IngestOptions) ([]*meridian.Manifest, meridian.IngestOptions, error) {
	const op = "passenger.Ingest"
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, opt, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if opt.Country == "" {
		opt.Country = subj.Country
	}
	f := meridian.Fields{Op: op}
	if opt.Country != "" && !meridian.IsCountry(opt.Country) {
		f.Add("country", "unknown ISO 3166-1 alpha-2 country code %q", opt.Country)
	}
	if opt.OperationID != "" && !meridian.IsID(opt.OperationID) {
		f.Add("operation_id", "malformed id %q", opt.OperationID)
	}
	if err := f.Err(); err != nil {
		return nil, opt, err
	}
	ms, err := s.Parse(r)
	if err != nil {
		return nil, opt, err
	}
	if len(ms) == 0 {
		return nil, opt, meridian.Invalidf(op, "", "the interchange holds no PAXLST or PNRGOV message")
	}
	for i, m := range ms {
		if len(m.Flights) == 0 {
			return nil, opt, meridian.Invalidf(op, "", "message %d (%s) names no flight", i+1, m.Reference)
		}
	}
	return ms, opt, nil
}

// store writes a screened message and says what it did.
func (s *Service) store(ctx context.Context, sc *Screened) (*meridian.IngestResult, error) {
	in := sc.Ingest
	if err := s.Store.IngestManifest(ctx, in); err != nil {
		return nil, err
	}
	if in.Existing != nil {
		// Stored meanwhile by another upload of the same interchange.
		return repeated(in.Existing), nil
	}
	res := &meridian.IngestResult{ManifestInfo: in.Info, Screened: sc.Persons, Checks: sc.Persons + sc.Documents}
	for _, a := range in.Alerts {
		res.AlertIDs = append(res.AlertIDs, a.ID)
	}
	if in.Flight != nil {
		res.FlightID = in.Flight.ID
	}
	for _, w := range in.Manifest.Warnings {
		res.Warnings = append(res.Warnings, w.String())
	}
	return res, nil
}

// FindManifests lists the manifests the caller may read.
func (s *Service) FindManifests(ctx context.Context, operationID string, p meridian.Page) ([]*meridian.ManifestInfo, string, error) {
	return s.Store.FindManifests(ctx, operationID, p)
}

// FindManifestByID returns a manifest the caller may read.
func (s *Service) FindManifestByID(ctx context.Context, id string) (*meridian.StoredManifest, error) {
	return s.Store.FindManifestByID(ctx, id)
}

// screenable keeps of a traveller what a check accepts: a value the
// message garbled is left out of the query rather than failing it.
func screenable(t *meridian.Traveller) (meridian.PersonQuery, bool) {
	q := meridian.PersonQuery{Name: strings.TrimSpace(t.Name())}
	if q.Name == "" || len(q.Name) > meridian.MaxNameLength {
		return q, false
	}
	if d, ok := meridian.ParseDate(string(t.BirthDate)); ok {
		q.BirthDate = d
	}
	switch t.Sex {
	case "M", "F", "X", "U":
		q.Sex = t.Sex
	}
	if meridian.IsCountry(t.Nationality) {
		q.Nationality = t.Nationality
	}
	return q, true
}

func (s *Service) screen(ctx context.Context, m *meridian.Manifest, opt meridian.IngestOptions) (*Screened, error) {
	leg := m.Arrival()
	country := leg.Arrival.Country
	if !meridian.IsCountry(country) {
		country = opt.Country
	}
	day := leg.Arrival.Time.Date()
	if day == "" {
		day = leg.Departure.Time.Date()
	}
	info := meridian.ManifestInfo{Kind: m.Kind, OperationID: opt.OperationID, Country: country, Flight: leg.Designator(), FlightDate: day}
	travellers := m.AllTravellers()
	info.Travellers = len(travellers)
	cc := meridian.CheckContext{OperationID: opt.OperationID, PlaceKind: "flight", Country: country,
		Place: strings.TrimSpace(info.Flight + " " + string(day)), Reason: "advance passenger screening"}
	// A message for a flight already flown (sent late, or replayed) counts
	// its checks on the flight's day; a live one on today.
	if dep := leg.Departure.Time.Time(); !dep.IsZero() && dep.Before(time.Now().Add(-24*time.Hour)) {
		cc.At = dep
	}

	// Who to check: each traveller by name, and each of their documents.
	var pq []meridian.PersonQuery
	var pOf []int
	var dq []meridian.DocumentQuery
	var dOf []int
	for i, t := range travellers {
		if q, ok := screenable(t); ok {
			pq, pOf = append(pq, q), append(pOf, i)
		}
		for _, d := range t.Documents {
			if meridian.NormalizeDocumentNumber(d.Number) == "" || len(d.Number) > 100 {
				continue
			}
			q := meridian.DocumentQuery{Number: d.Number}
			if meridian.IsCountry(d.IssuingState) {
				q.IssuingState = d.IssuingState
			}
			dq, dOf = append(dq, q), append(dOf, i)
		}
	}
	in := &meridian.ManifestIngest{Info: info, Manifest: m}
	hits := map[int][]meridian.CheckHit{}
	screen := func(n int, run func(lo, hi int) (*check.Screening, error), of []int) error {
		scs, err := batches(n, run)
		if err != nil {
			return err
		}
		k := 0
		for _, sc := range scs {
			in.Checks = append(in.Checks, meridian.CheckBatch{Context: sc.Context, Records: sc.Records})
			for j, r := range sc.Results {
				hits[of[k]] = append(hits[of[k]], storedHits(r, sc.Records[j])...)
				k++
			}
		}
		return nil
	}
	if err := screen(len(pq), func(lo, hi int) (*check.Screening, error) { return s.Checks.ScreenPersons(ctx, cc, pq[lo:hi]) }, pOf); err != nil {
		return nil, err
	}
	if err := screen(len(dq), func(lo, hi int) (*check.Screening, error) { return s.Checks.ScreenDocuments(ctx, cc, dq[lo:hi]) }, dOf); err != nil {
		return nil, err
	}
	var flags []meridian.RuleHit
	if s.Rules != nil {
		var err error
		if flags, err = s.Rules.Evaluate(ctx, m); err != nil {
			return nil, err
		}
	}
	in.Alerts = alerts(m, travellers, info, hits, flags)
	if opt.OperationID != "" {
		in.Flight = flightEvent(m, leg, country, len(travellers))
	}
	return &Screened{Ingest: in, Persons: len(pq), Documents: len(dq)}, nil
}

// batches runs the checks of n queries in batches the check service
// takes, on both cores: screening is the cost of an ingest.
func batches(n int, run func(lo, hi int) (*check.Screening, error)) ([]*check.Screening, error) {
	const size = 64
	parts := (n + size - 1) / size
	out := make([]*check.Screening, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[p], errs[p] = run(p*size, min((p+1)*size, n))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// storedHits are the hits of one check as an alert stores them: each
// with the record hit, its score, category and explanation, whatever the
// ingesting agency may read. The store decides what each reader of the
// alert is shown of them (sqldb showAlerts); none of it leaves the store
// otherwise.
func storedHits(r meridian.CheckResult, rec meridian.CheckRecord) []meridian.CheckHit {
	names := map[string]string{}
	for _, h := range r.Hits {
		names[h.Ref] = h.OwnerAgencyName
	}
	out := make([]meridian.CheckHit, 0, len(rec.Hits))
	for _, h := range rec.Hits {
		out = append(out, meridian.CheckHit{Ref: h.Ref, Restricted: h.Restricted, OwnerAgency: h.OwnerAgency, OwnerAgencyName: names[h.Ref],
			RecordID: h.RecordID, RecordKind: h.RecordKind, Score: h.Score, Category: h.Category, Explanation: h.Explanation})
	}
	return out
}

// alerts turns hits and flags into one alert per traveller flagged.
func alerts(m *meridian.Manifest, ts []*meridian.Traveller, info meridian.ManifestInfo, hits map[int][]meridian.CheckHit, flags []meridian.RuleHit) []*meridian.Alert {
	reasons := map[int][]meridian.AlertReason{}
	for i, hs := range hits {
		for _, h := range hs {
			// A person to protect is not one to stop; and a hit the agency
			// may not read says nothing of what it is, so it asks for a
			// call to the owner before anyone acts, not for a stop.
			sev := meridian.SeverityHigh
			if h.Restricted || meridian.Protected(h.Category) {
				sev = meridian.SeverityMedium
			}
			reasons[i] = append(reasons[i], meridian.AlertReason{Kind: "watchlist", Severity: sev,
				Text: meridian.HitMessage(h.OwnerAgencyName, h.Ref, h.Category, !h.Restricted), Hit: &h})
		}
	}
	for _, f := range flags {
		if f.Traveller < 0 || f.Traveller >= len(ts) {
			continue
		}
		rule := meridian.RuleRef{ID: f.RuleID, Version: f.Version, Name: f.Name}
		reasons[f.Traveller] = append(reasons[f.Traveller], meridian.AlertReason{Kind: "rule", Severity: f.Severity,
			Text: f.Name + ": " + f.Reason, Rule: &rule})
	}
	idx := make([]int, 0, len(reasons))
	for i := range reasons {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var out []*meridian.Alert
	for _, i := range idx {
		a := &meridian.Alert{OperationID: info.OperationID, Country: info.Country, Flight: info.Flight, FlightDate: info.FlightDate,
			Arrival: m.Arrival().Arrival.Airport, Reasons: reasons[i], Traveller: meridian.TravellerOf(ts[i], i)}
		for _, r := range a.Reasons {
			a.Severity = max(a.Severity, r.Severity)
		}
		out = append(out, a)
	}
	return out
}

// flightEvent is the flight counted as monitored in the operation,
// released to all its participants: it names no one.
func flightEvent(m *meridian.Manifest, leg *meridian.Leg, country string, passengers int) *meridian.Event {
	at := leg.Arrival.Time.Time()
	if at.IsZero() {
		at = leg.Departure.Time.Time()
	}
	if at.IsZero() {
		at = time.Now().UTC()
	}
	fl := &meridian.Flight{Carrier: leg.Carrier, Number: leg.Number, From: leg.Departure.Airport, To: leg.Arrival.Airport,
		FromCountry: leg.Departure.Country, Departure: leg.Departure.Time.Time(), Passengers: min(passengers, 1000)}
	if !meridian.IsCountry(fl.FromCountry) {
		fl.FromCountry = ""
	}
	e := &meridian.Event{Type: meridian.EventFlight, OccurredAt: at, Place: meridian.Place{Country: country, Name: leg.Arrival.Airport},
		Flight: fl, Summary: string(m.Kind) + " message " + m.Reference}
	e.Meta = meridian.Meta{TLP: meridian.TLPGreen, Release: meridian.Release{Scope: meridian.ScopeAll}}
	return e
}
