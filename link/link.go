// Package link is the linking engine: for a new or changed record it finds
// the records that may concern the same person, document or network (by
// typed keys, document numbers within the screening engine's one-edit and
// O/0, I/1 rules, and for persons by the screening engine's matcher), scores
// each pair with all its evidence and returns the proposals that clear the
// threshold. It keeps no store: it reads key matches through Source and
// keeps its own in-memory index of persons and documents (Add,
// AddDocument, Remove, and Propose itself); the caller (the linking worker)
// stores what it proposes. The same engine runs as a batch over a file of
// FollowTheMoney entities (Pairs).
//
// The engine acts as Meridian itself, over every record whoever owns it;
// it shows nobody anything. What it proposes is decided for each reader by
// policy when it is read.
package link

import (
	"context"
	"slices"
	"strconv"
	"sync"

	"meridian"
	"meridian/screen"
)

// Source is what the engine reads. The store implements it for the
// linking worker; the batch mode implements it over a file.
type Source interface {
	// FindByKeysForLinking returns every record holding one of keys.
	FindByKeysForLinking(ctx context.Context, keys []meridian.Key) ([]meridian.KeyMatch, error)
}

// Options tune the engine. Zero values take the defaults.
type Options struct {
	// Threshold is the score a pair must reach to be proposed; default
	// DefaultThreshold.
	Threshold float64
}

// DefaultThreshold is Options.Threshold's default. A pair known only by
// its names and dates is proposed from the screening engine's own
// threshold (screen.DefaultThreshold, 0.75) up: the link score of such a
// pair is the screening score. It was checked on the generator's held-out
// seed (see docs/benchmarks.md, "Linking").
const DefaultThreshold = 0.75

// Engine proposes links. It is safe for concurrent use.
type Engine struct {
	src Source
	opt Options

	persons *screen.PersonIndex
	docs    *screen.DocumentIndex

	mu       sync.RWMutex
	profiles map[string]*profile // record id -> what the engine knows of it
	docEntry map[string]string   // document index entry id -> record id
	held     map[string][]string // person id -> ids of document records it holds
}

// New returns an engine reading src (which may be nil: then only the
// engine's own index is searched).
func New(src Source, opt Options) *Engine {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	return &Engine{
		src: src, opt: opt,
		persons:  screen.NewPersonIndex(),
		docs:     screen.NewDocumentIndex(),
		profiles: map[string]*profile{},
		docEntry: map[string]string{},
		held:     map[string][]string{},
	}
}

// Threshold returns the score a pair must reach to be proposed.
func (e *Engine) Threshold() float64 { return e.opt.Threshold }

// Len returns the number of records (persons and documents) the engine
// indexes.
func (e *Engine) Len() int {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return len(e.profiles)
}

// docRef is a document number a record holds.
type docRef struct {
	number string // as written
	key    string // upper-case Latin letters and digits (exact comparison)
	state  string // issuing state, "" when unknown
	kind   string // passport, id_card... (for the explanation)
}

// profile is what the engine keeps of a record to compare it: for a
// person its names, date of birth, sex, nationalities, keys and document
// numbers; for a document its number and holder.
type profile struct {
	end    meridian.LinkEnd
	role   meridian.PersonRole
	names  []string
	dob    string
	sex    string
	nats   []string
	keys   []meridian.Key // typed keys other than documents
	docs   []docRef
	holder string // for a document record: the person holding it
}

func (p *profile) person() bool { return p.end.Kind == "person" }

// maxNames bounds the names of a record compared with another's.
const maxNames = 4

// Add indexes a person record (replacing an earlier version) so that
// later records are compared with it. The store calls it for every person
// at start; Propose calls it for the record it is given.
func (e *Engine) Add(p *meridian.Person) {
	if p == nil || p.ID == "" {
		return
	}
	pr := personProfile(p)
	e.put(pr)
}

// AddPersons indexes many persons at once, faster than Add (the names are
// normalised on every core): what the store calls at start.
func (e *Engine) AddPersons(ps []*meridian.Person) {
	prs := make([]*profile, 0, len(ps))
	for _, p := range ps {
		if p != nil && p.ID != "" {
			prs = append(prs, personProfile(p))
		}
	}
	e.putAll(prs)
}

// putAll indexes many profiles, the persons' names in one batch.
func (e *Engine) putAll(prs []*profile) {
	entries := make([]screen.PersonEntry, 0, len(prs))
	e.mu.Lock()
	for _, pr := range prs {
		id := pr.end.RecordID
		e.removeLocked(id)
		e.profiles[id] = pr
		for i, d := range pr.docs {
			eid := docEntryID(id, i)
			e.docs.Add(screen.DocumentEntry{ID: eid, Number: d.key, IssuingState: d.state})
			e.docEntry[eid] = id
		}
		if pr.holder != "" {
			e.held[pr.holder] = append(e.held[pr.holder], id)
		}
		if pr.person() && len(pr.names) > 0 {
			entries = append(entries, screen.PersonEntry{ID: id, Names: pr.names, BirthDate: pr.dob, Sex: pr.sex, Nationalities: pr.nats})
		}
	}
	e.mu.Unlock()
	e.persons.AddBatch(entries)
}

// AddDocument indexes a document record: its number is compared with
// every other record's (exactly and within one edit), and when it names
// its holder (PersonID) the number counts as the holder's in person
// comparisons. The store calls it for every document at start.
func (e *Engine) AddDocument(d *meridian.Document) {
	if d == nil || d.ID == "" {
		return
	}
	pr := &profile{end: endOf(d), holder: d.PersonID}
	if ref, ok := newDocRef(d.Number, d.IssuingState, string(d.Type)); ok {
		pr.docs = []docRef{ref}
	}
	e.put(pr)
}

// Remove forgets a record (a person or a document) and reports whether the
// engine held it.
func (e *Engine) Remove(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.removeLocked(id)
}

func (e *Engine) removeLocked(id string) bool {
	old, ok := e.profiles[id]
	if !ok {
		return false
	}
	delete(e.profiles, id)
	for i := range old.docs {
		eid := docEntryID(id, i)
		e.docs.Remove(eid)
		delete(e.docEntry, eid)
	}
	if old.person() {
		e.persons.Remove(id)
	}
	if old.holder != "" {
		hs := slices.DeleteFunc(slices.Clone(e.held[old.holder]), func(x string) bool { return x == id })
		if len(hs) == 0 {
			delete(e.held, old.holder)
		} else {
			e.held[old.holder] = hs
		}
	}
	return true
}

func docEntryID(id string, i int) string { return id + "#" + strconv.Itoa(i) }

// put indexes pr, replacing the record's earlier version.
func (e *Engine) put(pr *profile) {
	id := pr.end.RecordID
	e.mu.Lock()
	defer e.mu.Unlock()
	e.removeLocked(id)
	e.profiles[id] = pr
	for i, d := range pr.docs {
		eid := docEntryID(id, i)
		e.docs.Add(screen.DocumentEntry{ID: eid, Number: d.key, IssuingState: d.state})
		e.docEntry[eid] = id
	}
	if pr.holder != "" {
		e.held[pr.holder] = append(e.held[pr.holder], id)
	}
	if pr.person() && len(pr.names) > 0 {
		e.persons.Add(screen.PersonEntry{ID: id, Names: pr.names, BirthDate: pr.dob, Sex: pr.sex, Nationalities: pr.nats})
	}
}

func personProfile(p *meridian.Person) *profile {
	pr := &profile{end: endOf(p), role: p.Role, dob: string(p.BirthDate), sex: string(p.Sex),
		nats: slices.Clone(p.Nationalities), keys: p.Keys()}
	for _, n := range p.Names {
		full := n.Full
		if full == "" {
			full = joinName(n.Given, n.Family)
		}
		if full != "" && !slices.Contains(pr.names, full) {
			pr.names = append(pr.names, full)
		}
	}
	return pr
}

func joinName(given, family string) string {
	switch {
	case given == "":
		return family
	case family == "":
		return given
	}
	return given + " " + family
}

// Propose returns the proposals for rec, a *meridian.Person or
// *meridian.Document (other kinds yield none), each normalised
// (LinkProposal.Normalize), best first. A record is never proposed with
// itself. Propose indexes rec (as Add or AddDocument), so that the
// records that come after it are compared with it; a document that names
// its holder also proposes the holder's links anew, with the document's
// number as the holder's evidence.
func (e *Engine) Propose(ctx context.Context, rec meridian.Keyed) ([]meridian.LinkProposal, error) {
	switch r := rec.(type) {
	case *meridian.Person:
		if r == nil || r.ID == "" {
			return nil, nil
		}
		e.Add(r)
		return e.propose(ctx, r.ID)
	case *meridian.Document:
		if r == nil || r.ID == "" {
			return nil, nil
		}
		e.AddDocument(r)
		out, err := e.propose(ctx, r.ID)
		if err != nil || r.PersonID == "" {
			return out, err
		}
		e.mu.RLock()
		_, known := e.profiles[r.PersonID]
		e.mu.RUnlock()
		if !known {
			return out, nil
		}
		more, err := e.propose(ctx, r.PersonID)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
		sortProposals(out)
		return out, nil
	}
	return nil, nil
}

func sortProposals(ps []meridian.LinkProposal) {
	slices.SortStableFunc(ps, func(x, y meridian.LinkProposal) int {
		switch {
		case x.Score > y.Score:
			return -1
		case x.Score < y.Score:
			return 1
		}
		if x.A.RecordID != y.A.RecordID {
			if x.A.RecordID < y.A.RecordID {
				return -1
			}
			return 1
		}
		if x.B.RecordID < y.B.RecordID {
			return -1
		} else if x.B.RecordID > y.B.RecordID {
			return 1
		}
		return 0
	})
}

func endOf(rec meridian.Keyed) meridian.LinkEnd {
	switch r := rec.(type) {
	case *meridian.Person:
		return meridian.LinkEnd{RecordID: r.ID, Kind: "person", OwnerAgency: r.OwnerAgency,
			OwnerCountry: r.OwnerCountry, OperationID: r.OperationID}
	case *meridian.Document:
		return meridian.LinkEnd{RecordID: r.ID, Kind: "document", OwnerAgency: r.OwnerAgency,
			OwnerCountry: r.OwnerCountry, OperationID: r.OperationID}
	}
	return meridian.LinkEnd{}
}
