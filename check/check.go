// Package check is Meridian's screening service: it answers person and
// document checks from the in-memory indexes of package screen, decides
// with package policy what the checker may see of each record hit (the
// details, or only "hit: contact the owner"), and has the store count and
// audit every check and put every hit in the owner's inbox. Each instance
// keeps its own indexes, built from the store at start and kept current
// from the event bus.
package check

import (
	"context"
	"encoding/json"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"meridian"
	"meridian/policy"
	"meridian/screen"
)

// Store is what the check service asks of the store: the watchlist to
// index, the records hit with who may read them, and the recording of the
// checks made (sqldb.DB).
type Store interface {
	// ScanWatchlist streams the bodies of one kind of watchlist entry, of
	// one import ("" for all), each with the import it came with.
	ScanWatchlist(ctx context.Context, kind, importID string, fn func(importID string, body []byte) error) error
	// LoadRecords returns records by id, unaudited: the caller decides
	// access and the store audits what is shown when the checks are
	// recorded.
	LoadRecords(ctx context.Context, ids []string) (map[string]meridian.RawRecord, error)
	FindAgencyByID(ctx context.Context, id string) (*meridian.Agency, error)
	OperationExists(ctx context.Context, id string) (bool, error)
	Participation(ctx context.Context, operationID string) (meridian.Participation, error)
	// RecordChecks counts and audits a batch of checks and notifies the
	// owners of the records hit, in one transaction.
	RecordChecks(ctx context.Context, c meridian.CheckContext, recs []meridian.CheckRecord) error
}

// Service implements meridian.CheckService.
type Service struct {
	db        Store
	log       *slog.Logger
	persons   *screen.PersonIndex
	documents *screen.DocumentIndex
	// Threshold is the score from which a person is a hit.
	Threshold float64
	// Limit is the most hits one check returns.
	Limit int

	// Hold, when set, is called by Start before it builds the indexes
	// and the build waits for it to return: tests hold the build with it
	// to observe a server that is not ready yet.
	Hold func(ctx context.Context) error

	// loading is what /readyz reports as still loading while Start
	// builds the indexes; nil once they are built. A service that Start
	// never ran on (Load called directly, or nothing) is ready.
	loading atomic.Pointer[string]
	built   chan struct{} // closed when the build that Start began is done

	mu       sync.RWMutex
	agencies map[string]string // id -> name
	docs     docMap            // document index entries <-> listed persons
	// imported counts, for each import, the entries the build from the
	// whole store loaded: an import's change that arrives after the
	// build began names an import the build may already hold whole.
	imported map[string]int
}

var _ meridian.CheckService = (*Service)(nil)

// New returns a service with empty indexes; Load fills them.
func New(db Store, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{db: db, log: logger, persons: screen.NewPersonIndex(), documents: screen.NewDocumentIndex(),
		Threshold: screen.DefaultThreshold, Limit: 10,
		agencies: map[string]string{},
		docs:     newDocMap()}
}

// Persons returns the person index (for benchmarks and tests).
func (s *Service) Persons() *screen.PersonIndex { return s.persons }

// Documents returns the document index.
func (s *Service) Documents() *screen.DocumentIndex { return s.documents }

func personEntry(w *meridian.WatchPerson) screen.PersonEntry {
	e := screen.PersonEntry{ID: w.ID, BirthDate: string(w.BirthDate), Sex: string(w.Sex), Nationalities: w.Nationalities}
	for _, n := range w.Names {
		e.Names = append(e.Names, n.Full)
	}
	return e
}

func documentEntry(w *meridian.WatchDocument) screen.DocumentEntry {
	return screen.DocumentEntry{ID: w.ID, Number: w.Number, IssuingState: w.IssuingState, Type: string(w.Type)}
}

func (s *Service) addPerson(w *meridian.WatchPerson) {
	s.persons.Add(personEntry(w))
	for _, d := range s.personDocuments(w) {
		s.documents.Add(d)
	}
}

// personDocuments returns index entries for the documents a listed person
// holds, so that document checks find the person too. The document index
// keys entries by UUID, so each gets an id of its own, mapped back to the
// person.
func (s *Service) personDocuments(w *meridian.WatchPerson) []screen.DocumentEntry {
	s.mu.Lock()
	old := s.docs.remove(w.ID)
	ids := s.docs.add(w.ID, len(w.Documents))
	s.mu.Unlock()
	// A person indexed again (an import seen at start and then on the
	// bus) keeps one set of document entries: the old ones leave the
	// index before the caller adds the new (which may have the same ids).
	for _, d := range old {
		s.documents.Remove(d)
	}
	out := make([]screen.DocumentEntry, 0, len(w.Documents))
	for i, d := range w.Documents {
		out = append(out, screen.DocumentEntry{ID: ids[i], Number: d.Number, IssuingState: d.IssuingState, Type: string(d.Type)})
	}
	return out
}

func (s *Service) removePerson(id string) {
	s.persons.Remove(id)
	s.mu.Lock()
	docs := s.docs.remove(id)
	s.mu.Unlock()
	for _, d := range docs {
		s.documents.Remove(d)
	}
}

// recordOf returns the record a document index entry stands for.
func (s *Service) recordOf(entryID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if p, ok := s.docs.person(entryID); ok {
		return p
	}
	return entryID
}

func itoa(i int) string { return strconv.Itoa(i) }

// Load builds the indexes from every watchlist entry in the store.
func (s *Service) Load(ctx context.Context) error {
	if err := s.load(ctx, ""); err != nil {
		return err
	}
	s.log.Info("screening index loaded", slog.Int("persons", s.persons.Len()), slog.Int("documents", s.documents.Len()))
	return nil
}

// load streams the watchlist entries of one import ("" for all) from the
// store into the indexes, in batches. Loading all, it counts the entries
// of each import it loaded.
func (s *Service) load(ctx context.Context, importID string) error {
	var ps []screen.PersonEntry
	var ds []screen.DocumentEntry
	counts := map[string]int{}
	count := func(imp string) {
		if importID == "" && imp != "" {
			counts[imp]++
		}
	}
	err := s.db.ScanWatchlist(ctx, "watch_person", importID, func(imp string, body []byte) error {
		count(imp)
		var w meridian.WatchPerson
		if err := json.Unmarshal(body, &w); err != nil {
			return err
		}
		ps = append(ps, personEntry(&w))
		ds = append(ds, s.personDocuments(&w)...)
		if len(ps) >= 50000 {
			s.persons.AddBatch(ps)
			ps = ps[:0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.persons.AddBatch(ps)
	err = s.db.ScanWatchlist(ctx, "watch_document", importID, func(imp string, body []byte) error {
		count(imp)
		var w meridian.WatchDocument
		if err := json.Unmarshal(body, &w); err != nil {
			return err
		}
		ds = append(ds, documentEntry(&w))
		if len(ds) >= 200000 {
			s.documents.AddBatch(ds)
			ds = ds[:0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.documents.AddBatch(ds)
	if importID == "" {
		s.mu.Lock()
		s.imported = counts
		s.mu.Unlock()
	}
	return nil
}

// holdsImport reports whether the build from the whole store loaded every
// entry of the import that c announces, so that loading it again would
// only replace each entry with itself. That is the case of an import made
// while no server ran (meridian import watchlist): its change reaches the
// bus after the server started, during or after the build, and loading a
// million entries again would hold the indexes' locks for minutes.
func (s *Service) holdsImport(c *meridian.Change) bool {
	var body struct {
		Entries int `json:"entries"`
	}
	if json.Unmarshal(c.Data, &body) != nil || body.Entries <= 0 {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.imported[c.RecordID] == body.Entries
}

// notReady is what Ready reports while the indexes are being built.
const notReady = "the screening indexes are still loading"

// Ready returns nil once the indexes are built, and until then an
// EUnavailable error whose message (safe to show) says what is still
// loading. Checks are refused until then: a check against a half-built
// index would answer "no hit" for a listed person.
func (s *Service) Ready() error {
	if p := s.loading.Load(); p != nil {
		return meridian.Errorf(meridian.EUnavailable, "check.Ready", "%s", *p)
	}
	return nil
}

// Built is closed once the build Start began is done (never, if Start
// was not called).
func (s *Service) Built() <-chan struct{} {
	return s.builtChan()
}

func (s *Service) builtChan() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.built == nil {
		s.built = make(chan struct{})
	}
	return s.built
}

// Start subscribes to the bus and returns; in the background it builds
// the indexes from the store, then applies the changes that arrived
// meanwhile, so that nothing committed during the build is missed; from
// then on changes apply as they come. Until the build is done Ready
// reports it and checks are refused. A build that fails (the store is
// unreachable) is retried until ctx ends.
func (s *Service) Start(ctx context.Context, bus meridian.Bus) error {
	msg := notReady
	s.loading.Store(&msg)
	built := s.builtChan()
	err := meridian.LoadThenFollow(ctx, bus, []string{meridian.ChangeSubjectPrefix + ">"}, s.build,
		func(c *meridian.Change) { s.apply(ctx, c) },
		func() {
			s.loading.Store(nil)
			close(built)
		})
	if err != nil {
		s.loading.Store(nil)
	}
	return err
}

// build loads the indexes, retrying with a growing delay while the store
// fails; false when ctx ended first.
func (s *Service) build(ctx context.Context) bool {
	if s.Hold != nil {
		if err := s.Hold(ctx); err != nil {
			return false
		}
	}
	delay := 500 * time.Millisecond
	for {
		err := s.Load(ctx)
		if err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		s.log.Error("screening: building the indexes failed; retrying", slog.String("err", err.Error()), slog.Duration("in", delay))
		msg := notReady + " (the last attempt failed; retrying)"
		s.loading.Store(&msg)
		// What a failed attempt added is dropped: the retry loads all.
		s.persons, s.documents = screen.NewPersonIndex(), screen.NewDocumentIndex()
		s.mu.Lock()
		s.docs = newDocMap()
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return false
		case <-time.After(delay):
		}
		delay = min(2*delay, 30*time.Second)
	}
}

func (s *Service) apply(ctx context.Context, c *meridian.Change) {
	switch c.Kind {
	case "watch_person":
		var w meridian.WatchPerson
		if c.Action != meridian.ChangeDeleted {
			if err := json.Unmarshal(c.Data, &w); err != nil {
				s.log.Error("screening: undecodable change", slog.String("record", c.RecordID), slog.String("err", err.Error()))
				return
			}
		}
		s.removePerson(c.RecordID)
		if c.Action != meridian.ChangeDeleted {
			s.addPerson(&w)
		}
	case "watch_document":
		s.documents.Remove(c.RecordID)
		if c.Action != meridian.ChangeDeleted {
			var w meridian.WatchDocument
			if err := json.Unmarshal(c.Data, &w); err != nil {
				s.log.Error("screening: undecodable change", slog.String("record", c.RecordID), slog.String("err", err.Error()))
				return
			}
			s.documents.Add(documentEntry(&w))
		}
	case "watchlist":
		if s.holdsImport(c) {
			s.log.Info("screening: import already loaded", slog.String("import", c.RecordID))
			return
		}
		if err := s.load(ctx, c.RecordID); err != nil {
			s.log.Error("screening: loading an import failed", slog.String("import", c.RecordID), slog.String("err", err.Error()))
		}
	}
}

func (s *Service) agencyName(ctx context.Context, id string) string {
	s.mu.RLock()
	n, ok := s.agencies[id]
	s.mu.RUnlock()
	if ok {
		return n
	}
	a, err := s.db.FindAgencyByID(meridian.WithSubject(ctx, meridian.SystemSubject), id)
	if err != nil {
		return "the owner agency"
	}
	s.mu.Lock()
	s.agencies[id] = a.Name
	s.mu.Unlock()
	return a.Name
}

// participants reads an operation's participants at the moment of the
// check, not from a cache: a participant removed a moment ago must not see
// a record released to "all" through a check either. Only hits on records
// released to all participants ask.
func (s *Service) participants(ctx context.Context, meta *meridian.Meta) meridian.Participation {
	if meta.OperationID == "" || meta.Release.Scope != meridian.ScopeAll {
		return meridian.Participation{}
	}
	p, err := s.db.Participation(ctx, meta.OperationID)
	if err != nil {
		return meridian.Participation{}
	}
	return p
}

// found is one index hit before the access decision.
type found struct {
	recordID string
	score    float64
	expl     *meridian.MatchExplanation
}

// candidates are one check's index hits. mine are searched with the
// checker's threshold and limit and give the hits the checker may read;
// fixed are searched with the service's own threshold and limit, whatever
// the checker asked, and alone give the hits the checker may not read, so
// that nothing the checker sets changes whether a hidden record is hit.
type candidates struct {
	mine, fixed []found
	mineLimit   int  // the limit mine were searched with
	grow        bool // mine may be cut by the limit: search again if too few are readable
}

// maxSearch bounds how far a search grows to find enough hits the checker
// may read, or every hidden hit at the service's threshold.
const maxSearch = 400

func (s *Service) begin(ctx context.Context, op string, c *meridian.CheckContext, n int) (*meridian.Subject, *meridian.Fields, error) {
	subj := meridian.SubjectFrom(ctx)
	if subj == nil {
		return nil, nil, meridian.Errorf(meridian.EUnauthenticated, op, "not signed in")
	}
	if !policy.MayRead(subj) || (!subj.System && subj.AgencyID == "") {
		return nil, nil, meridian.Errorf(meridian.EForbidden, op, "your roles do not allow checks")
	}
	f := &meridian.Fields{Op: op}
	c.Validate(f, subj)
	switch {
	case n == 0:
		f.Add("checks", "at least one check is required")
	case n > meridian.MaxBatch:
		f.Add("checks", "at most %d checks per request, got %d", meridian.MaxBatch, n)
	}
	if c.OperationID != "" && meridian.IsID(c.OperationID) {
		// A check tagged with an operation counts in its figures: only
		// its participants may tag one. An unknown operation and one the
		// checker takes no part in are refused alike. Only the
		// participants are read: decoding a large operation once per
		// batch cost an eighth of a replayed operation's CPU.
		p, err := s.db.Participation(ctx, c.OperationID)
		if err != nil {
			return nil, nil, err
		}
		ok := policy.TakesPart(subj, p)
		if ok && subj.System {
			if ok, err = s.db.OperationExists(ctx, c.OperationID); err != nil {
				return nil, nil, err
			}
		}
		if !ok {
			f.Add("operation_id", "%q is not an operation you take part in", c.OperationID)
		}
	}
	return subj, f, nil
}

// access decides, once per record of a batch, whether the checker may
// read it, and keeps what the hit shows.
type access struct {
	s    *Service
	ctx  context.Context
	subj *meridian.Subject
	recs map[string]meridian.RawRecord
	meta map[string]*recordMeta
}

type recordMeta struct {
	meridian.Meta
	Category string `json:"category"`
	readable bool
	// person is the listed person decoded once, for the hits that show
	// it (decoding the body twice was a tenth of a batch's samples,
	// issue 10).
	person *meridian.WatchPerson
}

// load fetches the records of ids not yet loaded.
func (a *access) load(ids []string) error {
	var missing []string
	for _, id := range ids {
		if _, ok := a.recs[id]; !ok {
			missing = append(missing, id)
			a.recs[id] = meridian.RawRecord{} // asked for: absent stays absent
		}
	}
	if len(missing) == 0 {
		return nil
	}
	got, err := a.s.db.LoadRecords(a.ctx, missing)
	if err != nil {
		return err
	}
	for id, r := range got {
		a.recs[id] = r
	}
	return nil
}

// of returns what the access decision needs of a record, or nil for a
// record deleted since the index saw it.
func (a *access) of(id string) *recordMeta {
	if m, ok := a.meta[id]; ok {
		return m
	}
	var m *recordMeta
	if raw := a.recs[id]; raw.Kind != "" {
		m = &recordMeta{}
		if raw.Kind == "watch_person" {
			w := &meridian.WatchPerson{}
			if json.Unmarshal(raw.Body, w) == nil {
				m.Meta, m.Category, m.person = w.Meta, w.Category, w
			}
		}
		// Other kinds, and a person whose body does not decode whole
		// (the hit stands on its access fields alone, as before).
		if m.person == nil && json.Unmarshal(raw.Body, m) != nil {
			m = nil
		} else {
			m.readable = policy.CanRead(a.subj, &m.Meta, a.s.participants(a.ctx, &m.Meta))
		}
	}
	a.meta[id] = m
	return m
}

// readable counts the hits of fs the checker may read at threshold t.
func (a *access) readable(fs []found, t float64) int {
	n := 0
	for _, f := range fs {
		if m := a.of(f.recordID); m != nil && m.readable && f.score >= t {
			n++
		}
	}
	return n
}

// resolve turns one check's index hits into what the checker may see, and
// the records the store must account for: the hits the checker may read,
// at the checker's threshold and limit, best first; then the hidden ones,
// decided at the service's threshold, without a score, in an order that
// owes nothing to their score.
func (a *access) resolve(kind, query string, c candidates, threshold float64, limit int) (meridian.CheckResult, meridian.CheckRecord) {
	res := meridian.CheckResult{Hits: []meridian.CheckHit{}}
	rec := meridian.CheckRecord{Kind: kind, Query: query}
	seen := map[string]bool{}
	for _, f := range c.mine {
		m := a.of(f.recordID)
		if m == nil || !m.readable || seen[f.recordID] || f.score < threshold || len(res.Hits) == limit {
			continue
		}
		seen[f.recordID] = true
		raw := a.recs[f.recordID]
		ref := meridian.NewID()
		owner := a.s.agencyName(a.ctx, m.OwnerAgency)
		h := meridian.CheckHit{Ref: ref, OwnerAgency: m.OwnerAgency, OwnerAgencyName: owner,
			Message:  meridian.HitMessage(owner, ref, m.Category, true),
			RecordID: f.recordID, RecordKind: raw.Kind, Score: f.score, Category: m.Category, Explanation: f.expl}
		switch raw.Kind {
		case "watch_person":
			var w meridian.WatchPerson
			if m.person != nil {
				w = *m.person
			} else {
				json.Unmarshal(raw.Body, &w)
			}
			h.Person = &w
		case "watch_document":
			var w meridian.WatchDocument
			json.Unmarshal(raw.Body, &w)
			h.Document = &w
		}
		res.Hits = append(res.Hits, h)
		rec.Hits = append(rec.Hits, meridian.CheckedHit{Ref: ref, RecordID: f.recordID, RecordKind: raw.Kind,
			OwnerAgency: m.OwnerAgency, Score: f.score, Category: m.Category, Explanation: f.expl})
	}
	type hidden struct {
		f     found
		m     *recordMeta
		owner string
	}
	var hs []hidden
	for _, f := range c.fixed {
		m := a.of(f.recordID)
		if m == nil || m.readable || seen[f.recordID] {
			continue
		}
		seen[f.recordID] = true
		hs = append(hs, hidden{f, m, a.s.agencyName(a.ctx, m.OwnerAgency)})
	}
	sort.Slice(hs, func(i, j int) bool {
		if hs[i].owner != hs[j].owner {
			return hs[i].owner < hs[j].owner
		}
		return hs[i].f.recordID < hs[j].f.recordID
	})
	for _, x := range hs {
		ref := meridian.NewID()
		res.Hits = append(res.Hits, meridian.CheckHit{Ref: ref, Restricted: true, OwnerAgency: x.m.OwnerAgency,
			OwnerAgencyName: x.owner, Message: meridian.HitMessage(x.owner, ref, "", false)})
		rec.Hits = append(rec.Hits, meridian.CheckedHit{Ref: ref, RecordID: x.f.recordID, RecordKind: a.recs[x.f.recordID].Kind,
			OwnerAgency: x.m.OwnerAgency, Score: x.f.score, Restricted: true, Category: x.m.Category, Explanation: x.f.expl})
	}
	res.Hit = len(res.Hits) > 0
	return res, rec
}

func explanation(e screen.Explanation) *meridian.MatchExplanation {
	m := &meridian.MatchExplanation{Name: e.Name, NameScore: e.NameScore, BirthDate: e.BirthDate, Sex: e.Sex,
		Nationality: e.Nationality, Summary: e.Summary}
	for _, p := range e.Parts {
		m.Parts = append(m.Parts, meridian.MatchPart{Query: p.Query, Entry: p.Entry, How: p.How, Score: p.Score, Weight: p.Weight})
	}
	return m
}

// Screening is a batch of checks answered but not yet recorded: its
// results, and what the store must count, audit and notify of it. It lets
// a caller record the checks in the same transaction as what they were
// made for (a manifest), so that a rejected message leaves no count.
type Screening struct {
	Context meridian.CheckContext
	Results []meridian.CheckResult
	Records []meridian.CheckRecord
}

// CheckPersons screens a batch of people and records the checks.
func (s *Service) CheckPersons(ctx context.Context, c meridian.CheckContext, qs []meridian.PersonQuery) ([]meridian.CheckResult, error) {
	sc, err := s.ScreenPersons(ctx, c, qs)
	return s.record(ctx, sc, err)
}

// CheckDocuments screens a batch of documents and records the checks.
func (s *Service) CheckDocuments(ctx context.Context, c meridian.CheckContext, qs []meridian.DocumentQuery) ([]meridian.CheckResult, error) {
	sc, err := s.ScreenDocuments(ctx, c, qs)
	return s.record(ctx, sc, err)
}

func (s *Service) record(ctx context.Context, sc *Screening, err error) ([]meridian.CheckResult, error) {
	if err != nil {
		return nil, err
	}
	if err := s.db.RecordChecks(ctx, sc.Context, sc.Records); err != nil {
		return nil, err
	}
	return sc.Results, nil
}

// ScreenPersons answers a batch of person checks without recording them;
// the caller records sc.Records with the store.
func (s *Service) ScreenPersons(ctx context.Context, c meridian.CheckContext, qs []meridian.PersonQuery) (*Screening, error) {
	const op = "check.CheckPersons"
	if err := s.Ready(); err != nil {
		return nil, err
	}
	subj, f, err := s.begin(ctx, op, &c, len(qs))
	if err != nil {
		return nil, err
	}
	for i := range qs {
		qs[i].Validate(f, "checks["+itoa(i)+"].")
		if strings.TrimSpace(qs[i].Name) == "" {
			f.Add("checks["+itoa(i)+"].name", "is required")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	threshold, limit := s.Threshold, s.Limit
	if c.Threshold != 0 {
		threshold = c.Threshold
	}
	if c.Limit != 0 {
		limit = c.Limit
	}
	search := func(q meridian.PersonQuery, t float64, n int) []found {
		var out []found
		for _, m := range s.persons.Search(screen.PersonQuery{Name: q.Name, BirthDate: string(q.BirthDate), Sex: string(q.Sex), Nationality: q.Nationality}, t, n) {
			out = append(out, found{recordID: m.ID, score: m.Score, expl: explanation(m.Explanation)})
		}
		return out
	}
	all := make([]candidates, len(qs))
	var ids []string
	for i, q := range qs {
		// Every hit at the service's threshold, however many records
		// score above it: a hidden record is hit or not by its own score.
		n := s.Limit
		fixed := search(q, s.Threshold, n)
		for len(fixed) == n && n < maxSearch {
			n = min(2*n, maxSearch)
			fixed = search(q, s.Threshold, n)
		}
		cs := candidates{fixed: fixed, mine: fixed, mineLimit: n}
		if threshold != s.Threshold || limit > n {
			// Room for as many hidden hits as the service's limit, so
			// that a few of them do not cost a second search: its time
			// would tell that hidden records scored above the threshold.
			cs.mineLimit = min(limit+s.Limit, maxSearch)
			cs.mine = search(q, threshold, cs.mineLimit)
		}
		cs.grow = len(cs.mine) == cs.mineLimit
		all[i] = cs
		for _, x := range cs.fixed {
			ids = append(ids, x.recordID)
		}
		for _, x := range cs.mine {
			ids = append(ids, x.recordID)
		}
	}
	a, err := s.access(ctx, subj, ids)
	if err != nil {
		return nil, err
	}
	// Hidden hits must not take the place of hits the checker may read:
	// where they did, search further.
	for i := range all {
		cs := &all[i]
		for cs.grow && a.readable(cs.mine, threshold) < limit && cs.mineLimit < maxSearch {
			cs.mineLimit = min(2*cs.mineLimit, maxSearch)
			cs.mine = search(qs[i], threshold, cs.mineLimit)
			cs.grow = len(cs.mine) == cs.mineLimit
			more := make([]string, len(cs.mine))
			for j, x := range cs.mine {
				more[j] = x.recordID
			}
			if err := a.load(more); err != nil {
				return nil, err
			}
		}
	}
	return a.finish(c, "person", all, threshold, limit, func(i int) string {
		q := qs[i]
		parts := []string{q.Name}
		for _, x := range []string{string(q.BirthDate), string(q.Sex), q.Nationality} {
			if x != "" {
				parts = append(parts, x)
			}
		}
		return strings.Join(parts, " / ")
	})
}

// ScreenDocuments answers a batch of document checks without recording
// them.
func (s *Service) ScreenDocuments(ctx context.Context, c meridian.CheckContext, qs []meridian.DocumentQuery) (*Screening, error) {
	const op = "check.CheckDocuments"
	if err := s.Ready(); err != nil {
		return nil, err
	}
	subj, f, err := s.begin(ctx, op, &c, len(qs))
	if err != nil {
		return nil, err
	}
	for i := range qs {
		qs[i].Validate(f, "checks["+itoa(i)+"].")
		if meridian.NormalizeDocumentNumber(qs[i].Number) == "" {
			f.Add("checks["+itoa(i)+"].number", "is required: letters or digits")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	all := make([]candidates, len(qs))
	var ids []string
	for i, q := range qs {
		var fs []found
		for _, m := range s.documents.Search(q.Number, q.IssuingState) {
			id := s.recordOf(m.ID)
			fs = append(fs, found{recordID: id, score: m.Score, expl: &meridian.MatchExplanation{
				Document: m.Kind, Summary: "document number " + m.Number + " (" + m.IssuingState + "): " + strings.ReplaceAll(m.Kind, "_", " ") + " match"}})
			ids = append(ids, id)
		}
		// Best first; a document search has no threshold or limit.
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].score > fs[j].score })
		all[i] = candidates{mine: fs, fixed: fs}
	}
	a, err := s.access(ctx, subj, ids)
	if err != nil {
		return nil, err
	}
	return a.finish(c, "document", all, 0, -1, func(i int) string {
		return strings.TrimSpace(qs[i].Number + " " + qs[i].IssuingState)
	})
}

// access loads the records of a batch's hits for the access decisions.
func (s *Service) access(ctx context.Context, subj *meridian.Subject, ids []string) (*access, error) {
	a := &access{s: s, ctx: ctx, subj: subj, recs: map[string]meridian.RawRecord{}, meta: map[string]*recordMeta{}}
	return a, a.load(ids)
}

func (a *access) finish(c meridian.CheckContext, kind string, all []candidates, threshold float64, limit int, query func(int) string) (*Screening, error) {
	sc := &Screening{Context: c, Results: make([]meridian.CheckResult, len(all)), Records: make([]meridian.CheckRecord, len(all))}
	for i, cs := range all {
		sc.Results[i], sc.Records[i] = a.resolve(kind, query(i), cs, threshold, limit)
	}
	return sc, nil
}
