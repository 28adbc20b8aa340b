package link

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"meridian"
	"meridian/screen"
)

// Candidate generation bounds: the work of one proposal is bounded
// whatever the record holds.
const (
	// nameCandidateFloor is the screening score at which a person found
	// by name becomes a candidate: below the link threshold, so that a
	// fuzzy name with a shared key is scored with both.
	nameCandidateFloor = 0.5
	// nameCandidateLimit bounds the persons taken per name searched.
	nameCandidateLimit = 10
	// maxCandidates bounds the candidates scored per proposal.
	maxCandidates = 400
)

// keyHit is one identifier two records share, exactly or (documents)
// within the screening engine's fuzzy rules.
type keyHit struct {
	typ    meridian.KeyType
	agree  string // AgreeExact or AgreeFuzzy
	a, b   string // the proposing record's value, the candidate's
	rule   string // for fuzzy documents: how they differ
	shared int    // records holding the key, when the source says
}

type cand struct {
	id   string
	end  meridian.LinkEnd // when the engine holds no profile: from the key match
	hits []keyHit
}

type candSet struct {
	by    map[string]*cand
	order []string
}

func (cs *candSet) get(id string) *cand {
	c := cs.by[id]
	if c == nil {
		c = &cand{id: id}
		cs.by[id] = c
		cs.order = append(cs.order, id)
	}
	return c
}

func (c *cand) add(h keyHit) {
	for i, x := range c.hits {
		if x.typ == h.typ && x.a == h.a && x.b == h.b {
			if h.agree == meridian.AgreeExact {
				c.hits[i].agree, c.hits[i].rule = h.agree, ""
			}
			c.hits[i].shared = max(c.hits[i].shared, h.shared)
			return
		}
	}
	c.hits = append(c.hits, h)
}

func newDocRef(number, state, kind string) (docRef, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(number) {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || b.Len() > 50 {
		return docRef{}, false
	}
	state = strings.ToUpper(strings.TrimSpace(state))
	if !meridian.IsCountry(state) {
		state = ""
	}
	return docRef{number: number, key: b.String(), state: state, kind: kind}, true
}

// docValue is a document's value as shown in evidence: "AL:AB123" or the
// number alone when the state is unknown.
func (d docRef) value() string {
	if d.state == "" {
		return d.key
	}
	return d.state + ":" + d.key
}

// confusable folds the characters the screening engine reads alike.
func confusable(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'O', 'Q', 'D':
			return '0'
		case 'I', 'L':
			return '1'
		}
		return r
	}, s)
}

func (e *Engine) propose(ctx context.Context, id string) ([]meridian.LinkProposal, error) {
	return e.proposeIn(ctx, id, nil)
}

// proposeIn is propose within a relink (run nil outside one): the name
// searches and namesake counts are taken from the run's memos, and a pair
// the run has already proposed from its other record is not scored again.
func (e *Engine) proposeIn(ctx context.Context, id string, run *relinkWorker) ([]meridian.LinkProposal, error) {
	e.mu.RLock()
	self := e.profiles[id]
	if self == nil {
		e.mu.RUnlock()
		return nil, nil
	}
	// The documents a person holds count as the person's.
	type ownDoc struct {
		ref   docRef
		recID string // the document record, or the person for its own numbers
	}
	var docs []ownDoc
	for _, d := range self.docs {
		docs = append(docs, ownDoc{d, id})
	}
	own := map[string]bool{id: true}
	if self.person() {
		for _, did := range e.held[id] {
			own[did] = true
			if dp := e.profiles[did]; dp != nil {
				for _, d := range dp.docs {
					docs = append(docs, ownDoc{d, did})
				}
			}
		}
	}
	e.mu.RUnlock()

	cs := &candSet{by: map[string]*cand{}}
	// resolve turns a record holding a key into the candidate: for a
	// person, a document record stands for its holder; a document without
	// a known holder is left to the document's own proposals.
	resolve := func(rid string) (string, bool) {
		if own[rid] {
			return "", false
		}
		if !self.person() {
			return rid, true
		}
		e.mu.RLock()
		p := e.profiles[rid]
		e.mu.RUnlock()
		if p == nil || p.person() {
			return rid, true
		}
		if p.holder == "" || own[p.holder] {
			return "", false
		}
		return p.holder, true
	}

	// 1. Typed keys, exactly, through the source.
	if e.src != nil {
		keys := slices.Clone(self.keys)
		for _, d := range docs {
			if d.ref.state != "" {
				keys = append(keys, meridian.Key{Type: meridian.KeyDocument, Value: d.ref.value()})
			}
		}
		if len(keys) > meridian.MaxKeysPerLookup {
			keys = keys[:meridian.MaxKeysPerLookup]
		}
		if len(keys) > 0 {
			ms, err := e.src.FindByKeysForLinking(ctx, keys)
			if err != nil {
				return nil, err
			}
			shared := map[meridian.Key]int{}
			for _, m := range ms {
				shared[m.Key]++
			}
			for _, m := range ms {
				rid, ok := resolve(m.RecordID)
				if !ok {
					continue
				}
				c := cs.get(rid)
				if c.end.RecordID == "" && rid == m.RecordID {
					c.end = meridian.LinkEnd{RecordID: m.RecordID, Kind: m.RecordKind, OwnerAgency: m.OwnerAgency,
						OwnerCountry: m.OwnerCountry, OperationID: m.OperationID}
				}
				c.add(keyHit{typ: m.Key.Type, agree: meridian.AgreeExact, a: m.Key.Value, b: m.Key.Value, shared: shared[m.Key]})
			}
		}
	}

	// 2. Document numbers, exactly and within one edit or O/0, I/1, in
	// the engine's own document index.
	for _, d := range docs {
		for _, m := range e.docs.Search(d.ref.key, d.ref.state) {
			e.mu.RLock()
			rid := e.docEntry[m.ID]
			holder := e.profiles[rid]
			e.mu.RUnlock()
			if holder == nil {
				continue
			}
			var other docRef
			for i, od := range holder.docs {
				if docEntryID(rid, i) == m.ID {
					other = od
				}
			}
			if d.ref.state != "" && other.state != "" && d.ref.state != other.state {
				continue // one number in two states' series: a coincidence
			}
			cid, ok := resolve(rid)
			if !ok {
				continue
			}
			h := keyHit{typ: meridian.KeyDocument, agree: meridian.AgreeExact, a: d.ref.value(), b: other.value()}
			if d.ref.state == "" || other.state == "" {
				// compare numbers alone when a state is unknown
				h.a, h.b = d.ref.key, other.key
			}
			switch {
			case d.ref.key == other.key:
			case confusable(d.ref.key) == confusable(other.key):
				h.agree, h.rule = meridian.AgreeFuzzy, "the numbers differ only by characters read alike (O/0, I/1)"
			default:
				h.agree, h.rule = meridian.AgreeFuzzy, "the numbers differ by one character (one edit: a letter or digit changed, added, dropped or two swapped)"
			}
			cs.get(cid).add(h)
		}
	}

	// 3. Persons by name, date of birth, sex and nationality through the
	// screening engine's matcher.
	if self.person() {
		nat := ""
		if len(self.nats) > 0 {
			nat = self.nats[0]
		}
		searched := map[string]bool{}
		for i, n := range self.names {
			if i == maxNames {
				break
			}
			// "Ana Pop" and "ANA POP" are one search.
			if k := screen.Normalize(n); searched[k] {
				continue
			} else {
				searched[k] = true
			}
			for _, mid := range e.nameCandidates(screen.PersonQuery{Name: n, BirthDate: self.dob, Sex: self.sex, Nationality: nat}, run) {
				if !own[mid] {
					cs.get(mid)
				}
			}
		}
	}

	var out []meridian.LinkProposal
	for i, cid := range cs.order {
		if i == maxCandidates {
			break
		}
		c := cs.by[cid]
		if run != nil && run.proposed(id, cid) {
			continue // proposed from the other record: scored alike
		}
		e.mu.RLock()
		other := e.profiles[cid]
		e.mu.RUnlock()
		// Scored first without the evidence's text (most candidates fall
		// short), then again with it for the few proposed.
		p, ok := e.score(self, other, c, false, run)
		if !ok || p.Score < e.opt.Threshold {
			continue
		}
		p, _ = e.score(self, other, c, true, run)
		p.Normalize()
		out = append(out, p)
	}
	sortProposals(out)
	return out, nil
}

// keyWeight says how much a shared key of a type counts: net is the
// strength of the network link it makes alone (a score in [0, 1]); same is
// what it adds to the log-odds that two persons whose names and dates
// agree are one person.
type keyWeight struct {
	net, same float64
}

// keyWeights. A document is held by one person (unless it is forged and
// reused, which is itself a link); an e-mail, an account or an online
// handle by one person or a few; a phone is lent and shared in a family or
// a network; a vehicle and an address by a household, a shelter, a
// building: alone they are not proposed (their net strength is below the
// default threshold) but add to other evidence.
var keyWeights = map[meridian.KeyType]keyWeight{
	meridian.KeyDocument:      {net: 0.95, same: 3.0},
	meridian.KeyEmail:         {net: 0.85, same: 1.5},
	meridian.KeyIBAN:          {net: 0.9, same: 1.5},
	meridian.KeyBankAccount:   {net: 0.85, same: 1.3},
	meridian.KeyOnlineAccount: {net: 0.85, same: 1.5},
	meridian.KeyPhone:         {net: 0.8, same: 1.2},
	meridian.KeyPlate:         {net: 0.6, same: 0.5},
	meridian.KeyAddress:       {net: 0.45, same: 0.5},
}

// fuzzyDocWeight: a document number one edit or a confusable character
// away is a typing slip as often as another document of the same series.
var fuzzyDocWeight = keyWeight{net: 0.6, same: 1.5}

// A name must agree this well (the screening engine's name score, before
// dates) for shared keys to count towards one person.
const nameCompatible = 0.45

// commonKey is how many records may hold a key before it proves less.
const commonKey = 16

func (h keyHit) weight() keyWeight {
	w := keyWeights[h.typ]
	if h.agree == meridian.AgreeFuzzy {
		w = fuzzyDocWeight
	}
	if h.shared > commonKey {
		// A key many records hold (a hotline, a shelter) proves less; a
		// recruiter's phone in the records of a dozen victims does not.
		f := 1 / (1 + math.Log2(float64(h.shared)/commonKey))
		w.net *= f
		w.same *= f
	}
	return w
}

func logit(p float64) float64 {
	p = min(0.999, max(0.001, p))
	return math.Log(p / (1 - p))
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// comparison is how two persons' names, dates, sexes and nationalities
// compare.
type comparison struct {
	score     float64 // the screening score, nationality applied
	nameScore float64
	nameA     string
	nameB     string
	ex        screen.Explanation
	natAgree  string // "", exact or disagree
	natA      string
	natB      string
}

// comparePersons compares a and b (a's id sorts first, so that the
// comparison does not depend on which record came first).
func comparePersons(a, b *profile) comparison {
	var best comparison
	best.score = -1
	for i, na := range a.names {
		if i == maxNames {
			break
		}
		for j, nb := range b.names {
			if j == maxNames {
				break
			}
			s, ex := compareNames(na, nb, a, b)
			if s > best.score || s == best.score && ex.NameScore > best.nameScore {
				best = comparison{score: s, nameScore: ex.NameScore, nameA: na, nameB: nb, ex: ex}
			}
		}
	}
	if best.score < 0 {
		best = comparison{}
	}
	if len(a.nats) > 0 && len(b.nats) > 0 {
		best.natAgree = meridian.AgreeDisagree
		best.natA, best.natB = strings.Join(a.nats, " "), strings.Join(b.nats, " ")
		for _, n := range a.nats {
			if slices.ContainsFunc(b.nats, func(m string) bool { return strings.EqualFold(n, m) }) {
				best.natAgree, best.natA, best.natB = meridian.AgreeExact, strings.ToUpper(n), strings.ToUpper(n)
				break
			}
		}
		if best.natAgree == meridian.AgreeDisagree {
			best.score *= 0.95 // as the screening engine weighs a nationality mismatch
		}
	}
	return best
}

// score weighs every piece of evidence between self and a candidate. With
// explain false it leaves the proposal's evidence empty: the score is the
// same, without the cost of writing why.
func (e *Engine) score(self, other *profile, c *cand, explain bool, run *relinkWorker) (meridian.LinkProposal, bool) {
	a, b := self, other
	var endB meridian.LinkEnd
	if other != nil {
		endB = other.end
	} else {
		endB = c.end
		if endB.RecordID == "" {
			return meridian.LinkProposal{}, false
		}
	}
	p := meridian.LinkProposal{A: self.end, B: endB}
	hits := slices.Clone(c.hits)
	// Compare from the record whose id sorts first, so that a pair is
	// scored alike whichever record arrived first.
	swapped := other != nil && other.end.RecordID < self.end.RecordID
	if swapped {
		a, b = other, self
		p.A, p.B = p.B, p.A
		for i := range hits {
			hits[i].a, hits[i].b = hits[i].b, hits[i].a
		}
	}
	net := 0.0  // 1 - product of (1 - net strength)
	same := 0.0 // log-odds added by shared keys
	keep := 1.0
	for _, h := range hits {
		w := h.weight()
		keep *= 1 - w.net
		same += w.same
		if explain {
			p.Evidence = append(p.Evidence, meridian.LinkEvidence{Kind: meridian.EvidenceKey, KeyType: h.typ, Agree: h.agree,
				A: h.a, B: h.b, Weight: round3(w.net), Text: keyText(h)})
		}
	}
	net = 1 - keep

	persons := a != nil && b != nil && a.person() && b.person()
	if !persons {
		// A document with a document, or a record the engine holds no
		// profile of: only the shared identifiers speak.
		if len(hits) == 0 {
			return p, false
		}
		p.Score = round3(net)
		p.Relation = meridian.RelationNetwork
		if a != nil && b != nil && !a.person() && !b.person() {
			p.Relation = meridian.RelationSameDocument
		}
		if other == nil {
			p.Evidence = append(p.Evidence, meridian.LinkEvidence{Kind: meridian.EvidenceName, Agree: meridian.AgreeDisagree,
				Text: "the other record is not in the engine's index: only the shared identifiers were compared"})
		}
		return p, true
	}

	cmp := comparePersons(a, b)
	if explain {
		p.Evidence = append(p.Evidence, personEvidence(a, b, cmp)...)
	}
	dob := cmp.ex.BirthDate
	dobClash := dob == "mismatch" || dob == "near" && cmp.nameScore < 0.9
	compatible := cmp.nameScore >= nameCompatible && !dobClash
	if !compatible && dob == "exact" && len(a.dob) == 10 && a.dob[5:] != "01-01" && strongHit(hits) {
		// A full date of birth and a document, phone or e-mail shared:
		// one person whose name was written badly, not two who happen
		// to share both.
		compatible = true
	}
	sameScore := cmp.score
	if dob == "near" && len(a.dob) == 10 && len(b.dob) == 10 && a.dob[:7] == b.dob[:7] && cmp.nameScore >= 0.95 {
		// The same name, born the same month a day apart or with a digit
		// of the day mistyped: a slip, as the screening engine reads it
		// for a strong name.
		sameScore = max(sameScore, cmp.nameScore*0.85)
	}
	if dob == "exact" && cmp.ex.Sex != "mismatch" && dateBacked(a, cmp) {
		// A full date of birth that agrees, a long part that agrees, and
		// every other part alike in letters: one person whose name was
		// written with slips or in another script.
		sameScore = max(sameScore, dateBackedScore)
	}
	if dob == "unknown" && len(hits) == 0 {
		// Without a date on both sides only the name speaks, and the
		// more persons bear it, the less it proves.
		f := undatedFactor
		if cmp.natAgree == meridian.AgreeExact && cmp.ex.Sex == "match" {
			f = undatedCorroborated
		}
		sameScore *= f
		if sameScore >= e.opt.Threshold {
			sameScore *= math.Pow(namesakeFactor, float64(e.namesakes(a, b, run)))
		}
	}
	if dob == "year" && len(hits) == 0 && sameScore < e.opt.Threshold && cmp.nameScore >= yearNameMin &&
		cmp.natAgree == meridian.AgreeExact && cmp.ex.Sex == "match" {
		// A year alone that agrees with a full date tells no less than no
		// date at all: such a pair scores at least as it would undated
		// (the screening engine caps a common name with a year alone,
		// for a namesake of that year is as likely; here the index says
		// whether one exists), less for each bearer of the name born
		// that year on another day.
		if y := cmp.nameScore * undatedCorroborated; y >= e.opt.Threshold {
			sameScore = max(sameScore, y*math.Pow(namesakeFactor, float64(e.sameYearNamesakes(a, b, run))))
		}
	}
	if cmp.natAgree == meridian.AgreeDisagree && len(hits) == 0 && !(dob == "exact" && len(a.dob) == 10) {
		// Both records state a nationality and none is shared, and no
		// identifier and no full date of birth ties them: two persons of
		// one name more often than one person recorded as two
		// nationals (records of one person state the same nationality
		// but for dual nationals, and those a full date still joins).
		sameScore = logistic(logit(sameScore) - natDisagreeOdds)
	}
	if docsDiffer(a, b, hits) {
		// Both records carry document numbers and none agrees: a person
		// may hold two passports, but two persons hold two more often.
		sameScore *= docsDifferFactor
		if explain {
			p.Evidence = append(p.Evidence, meridian.LinkEvidence{Kind: meridian.EvidenceKey, KeyType: meridian.KeyDocument,
				Agree: meridian.AgreeDisagree, A: docList(a), B: docList(b), Weight: -0.1,
				Text: "the records carry different document numbers (" + docList(a) + "; " + docList(b) + ")"})
		}
	}
	if compatible && len(hits) > 0 {
		sameScore = logistic(logit(sameScore) + same)
	}
	switch {
	case sameScore >= e.opt.Threshold && (compatible || len(hits) == 0):
		p.Score = round3(sameScore)
		p.Relation = meridian.RelationSamePerson
	case len(hits) > 0:
		p.Score = round3(net)
		p.Relation = meridian.RelationNetwork
		if !explain {
			break
		}
		why := "the names differ"
		switch {
		case dobClash && cmp.nameScore >= nameCompatible:
			why = "the names agree but the dates of birth differ"
		case compatible:
			why = "the names agree only weakly"
		}
		p.Evidence = append(p.Evidence, meridian.LinkEvidence{Kind: meridian.EvidenceName, Agree: meridian.AgreeDisagree,
			A: "", B: "", Weight: 0,
			Text: "network link, not the same person: " + why + "; the shared identifiers tie two persons (" +
				roleOf(a) + " and " + roleOf(b) + "), such as a recruiter and a victim using one phone"})
	default:
		p.Score = round3(sameScore)
		p.Relation = meridian.RelationSamePerson
	}
	return p, true
}

// namesakeFactor is what each other person bearing the same name costs a
// pair known only by its names.
const namesakeFactor = 0.85

// undatedFactor is what a pair known only by its names costs when a date
// of birth is missing on one side: the name must be near exact.
const undatedFactor = 0.82

// undatedCorroborated is undatedFactor when a nationality is shared and
// the sexes agree.
const undatedCorroborated = 0.86

// yearNameMin is how well the names of a pair whose dates agree on the
// year alone must agree for the pair to score at least as if undated.
const yearNameMin = 0.9

// natDisagreeOdds is what two stated nationalities that differ take off
// the log-odds of a pair tied by neither an identifier nor a full date of
// birth: a likelihood ratio of about 1 in 7.
const natDisagreeOdds = 2.0

// docsDifferFactor is what two different document numbers cost.
const docsDifferFactor = 0.8

func docsDiffer(a, b *profile, hits []keyHit) bool {
	if len(a.docs) == 0 || len(b.docs) == 0 {
		return false
	}
	for _, h := range hits {
		if h.typ == meridian.KeyDocument {
			return false
		}
	}
	return true
}

func docList(p *profile) string {
	var s []string
	for _, d := range p.docs {
		s = append(s, d.value())
	}
	return strings.Join(s, " ")
}

// strongHit reports whether a document, phone, e-mail, account or online
// handle is shared exactly.
func strongHit(hits []keyHit) bool {
	for _, h := range hits {
		if h.agree == meridian.AgreeExact && h.typ != meridian.KeyAddress && h.typ != meridian.KeyPlate && h.shared <= commonKey {
			return true
		}
	}
	return false
}

// namesakes counts the other persons in the index (neither a nor b) who
// bear a's first name and were born in another year than the one date of
// birth a and b know: persons proven to be others of that name.
func (e *Engine) namesakes(a, b *profile, run *relinkWorker) int {
	if len(a.names) == 0 {
		return 0
	}
	dob := a.dob
	if dob == "" {
		dob = b.dob
	}
	if dob == "" {
		return 0
	}
	// The record without a date of birth, which the bearers rival for.
	undated := a
	if a.dob != "" {
		undated = b
	}
	n := 0
	var dates []string
	for _, mid := range e.bearers(a.names[0], run) {
		if mid == a.end.RecordID || mid == b.end.RecordID {
			continue
		}
		e.mu.RLock()
		o := e.profiles[mid]
		e.mu.RUnlock()
		// Only a bearer whose date of birth clearly differs is proven
		// another person: one a year off on the same day, or with day and
		// month swapped, may be this person's record with a slipped date.
		if o == nil || len(o.dob) < 4 || o.dob[:4] == dob[:4] || !datesDiffer(o.dob, dob) {
			continue
		}
		// A bearer the undated record cannot be (another sex, another
		// stated nationality) is no rival for it; and records of one
		// name and one date of birth are one other person, counted once.
		if !mayBeSame(undated, o) || slices.Contains(dates, o.dob) {
			continue
		}
		dates = append(dates, o.dob)
		n++
	}
	return n
}

// sameYearNamesakes counts, for a pair whose dates agree on the year
// alone (one full date, one year), the other persons bearing a's first
// name whom the record with the year alone may be: born that year on
// another day, of a sex and nationality it does not contradict. Records
// of one date count once.
func (e *Engine) sameYearNamesakes(a, b *profile, run *relinkWorker) int {
	full, vague := a, b
	if len(a.dob) < len(b.dob) {
		full, vague = b, a
	}
	if len(full.dob) != 10 || len(vague.dob) != 4 || len(a.names) == 0 {
		return 0
	}
	n := 0
	var dates []string
	for _, mid := range e.bearers(a.names[0], run) {
		if mid == a.end.RecordID || mid == b.end.RecordID {
			continue
		}
		e.mu.RLock()
		o := e.profiles[mid]
		e.mu.RUnlock()
		if o == nil || len(o.dob) != 10 || o.dob[:4] != vague.dob || o.dob == full.dob || !datesDiffer(o.dob, full.dob) {
			continue
		}
		if !mayBeSame(vague, o) || slices.Contains(dates, o.dob) {
			continue
		}
		dates = append(dates, o.dob)
		n++
	}
	return n
}

// mayBeSame reports whether nothing two records state tells them apart
// by sex or nationality: the sexes do not differ, and when both state
// nationalities one is shared.
func mayBeSame(x, y *profile) bool {
	if x.sex != "" && y.sex != "" && !strings.EqualFold(x.sex, y.sex) {
		return false
	}
	if len(x.nats) == 0 || len(y.nats) == 0 {
		return true
	}
	for _, n := range x.nats {
		if slices.ContainsFunc(y.nats, func(m string) bool { return strings.EqualFold(n, m) }) {
			return true
		}
	}
	return false
}

// datesDiffer reports whether two dates of birth clearly differ, as the
// screening engine relates them (not a slip: one year off on the same day,
// day and month swapped, a digit).
func datesDiffer(x, y string) bool {
	_, ex := screen.Compare(screen.PersonQuery{Name: "x", BirthDate: x}, screen.PersonQuery{Name: "x", BirthDate: y})
	return ex.BirthDate == "mismatch"
}

func roleOf(p *profile) string {
	if p.role == "" {
		return "a person"
	}
	return "a " + strings.ReplaceAll(string(p.role), "_", " ")
}

func keyText(h keyHit) string {
	name := strings.ReplaceAll(string(h.typ), "_", " ")
	var s string
	if h.agree == meridian.AgreeExact {
		s = fmt.Sprintf("both records hold the %s %s", name, h.a)
	} else {
		s = fmt.Sprintf("%s %s and %s: %s", name, h.a, h.b, h.rule)
	}
	if h.shared > commonKey {
		s += fmt.Sprintf(" (held by %d records: it proves less)", h.shared)
	}
	return s
}

// personEvidence writes the name, date, sex and nationality evidence.
func personEvidence(a, b *profile, c comparison) []meridian.LinkEvidence {
	var ev []meridian.LinkEvidence
	if c.nameA != "" {
		agree := meridian.AgreeFuzzy
		switch {
		case c.nameScore >= 0.999:
			agree = meridian.AgreeExact
		case c.nameScore < nameCompatible:
			agree = meridian.AgreeDisagree
		}
		var parts []string
		missing := 0
		for _, pm := range c.ex.Parts {
			switch pm.How {
			case "missing", "extra":
				missing++
			default:
				parts = append(parts, fmt.Sprintf("%s=%s (%s)", pm.Query, pm.Entry, pm.How))
			}
		}
		t := fmt.Sprintf("names %q and %q", c.nameA, c.nameB)
		if len(parts) > 0 {
			t += " agree on " + strings.Join(parts, ", ")
		} else {
			t += " share no part"
		}
		if missing > 0 {
			t += fmt.Sprintf("; %d part(s) on one side only", missing)
		}
		t += fmt.Sprintf("; name score %.2f", c.nameScore)
		ev = append(ev, meridian.LinkEvidence{Kind: meridian.EvidenceName, Agree: agree, A: c.nameA, B: c.nameB,
			Weight: round3(c.nameScore), Text: t})
	}
	if a.dob != "" && b.dob != "" {
		agree, t := meridian.AgreeFuzzy, ""
		w := 0.0
		switch c.ex.BirthDate {
		case "exact":
			agree, t, w = meridian.AgreeExact, "the dates of birth are the same", 0.5
		case "month":
			t, w = "the dates of birth agree to the month", 0.1
		case "year":
			t = "the dates of birth agree on the year (one is partial)"
		case "swapped":
			t = "the dates of birth agree with day and month swapped"
		case "one_year_off":
			t, w = "the dates of birth are one year apart, a slip of a date that otherwise agrees", -0.05
		case "near":
			agree, t, w = meridian.AgreeDisagree, "the dates of birth differ by a digit or a few years", -0.2
		default:
			agree, t, w = meridian.AgreeDisagree, "the dates of birth differ", -0.4
		}
		ev = append(ev, meridian.LinkEvidence{Kind: meridian.EvidenceBirthDate, Agree: agree, A: a.dob, B: b.dob,
			Weight: w, Text: fmt.Sprintf("%s (%s, %s)", t, a.dob, b.dob)})
	}
	switch c.ex.Sex {
	case "match":
		ev = append(ev, meridian.LinkEvidence{Kind: meridian.EvidenceSex, Agree: meridian.AgreeExact, A: a.sex, B: b.sex,
			Text: "the same sex (" + a.sex + ")"})
	case "mismatch":
		ev = append(ev, meridian.LinkEvidence{Kind: meridian.EvidenceSex, Agree: meridian.AgreeDisagree, A: a.sex, B: b.sex,
			Weight: -0.1, Text: "the sexes differ (" + a.sex + ", " + b.sex + ")"})
	}
	switch c.natAgree {
	case meridian.AgreeExact:
		ev = append(ev, meridian.LinkEvidence{Kind: meridian.EvidenceNationality, Agree: meridian.AgreeExact, A: c.natA, B: c.natB,
			Text: "a nationality is shared (" + c.natA + ")"})
	case meridian.AgreeDisagree:
		ev = append(ev, meridian.LinkEvidence{Kind: meridian.EvidenceNationality, Agree: meridian.AgreeDisagree, A: c.natA, B: c.natB,
			Weight: -0.05, Text: "no nationality is shared (" + c.natA + "; " + c.natB + ")"})
	}
	return ev
}

// Explain joins a proposal's evidence into one line of English: what the
// pair is, then every piece of evidence.
func Explain(p *meridian.LinkProposal) string {
	var b strings.Builder
	switch p.Relation {
	case meridian.RelationSamePerson:
		b.WriteString("same person")
	case meridian.RelationSameDocument:
		b.WriteString("same document")
	case meridian.RelationNetwork:
		b.WriteString("network link")
	default:
		b.WriteString("link")
	}
	for i, e := range p.Evidence {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(e.Text)
	}
	return b.String()
}

// Second look. The screening engine reads a part with two slips (Majid,
// Maged; Osagie, Osgae) as another part: at a border a name is typed from
// a passport, and two parts that disagree are two persons. Records written
// by hand in several countries slip more often, and there a date of birth
// and the other parts still speak: a part of one name left unmatched is
// compared with the other name's unmatched part by Jaro-Winkler, and at
// secondLookMin they are read as one part, the pair scored again and the
// score lowered by secondLookFactor for each part so read.
const (
	secondLookMin    = 0.84
	secondLookFactor = 0.93
)

// compareNames compares two names with the dates and sexes of a and b,
// with the second look.
func compareNames(na, nb string, a, b *profile) (float64, screen.Explanation) {
	qa := screen.PersonQuery{Name: na, BirthDate: a.dob, Sex: a.sex}
	qb := screen.PersonQuery{Name: nb, BirthDate: b.dob, Sex: b.sex}
	// One date of birth only: the screening engine weighs a date its
	// query gives and the entry lacks (a thin name, two common parts of
	// longer names, is then capped under its threshold), which would
	// score a pair by which of its records sorts first. Neither record is
	// the query here: the pair is compared as the screening engine
	// compares the dated record with the undated one, whichever sorts
	// first.
	var s float64
	var ex screen.Explanation
	switch {
	case a.dob == "" && b.dob != "":
		s, ex = screen.Compare(qb, qa)
		ex.Parts = slices.Clone(ex.Parts)
		for i := range ex.Parts {
			pm := &ex.Parts[i]
			pm.Query, pm.Entry = pm.Entry, pm.Query
			switch pm.How {
			case "extra":
				pm.How = "missing"
			case "missing":
				pm.How = "extra"
			}
		}
	default:
		s, ex = screen.Compare(qa, qb)
	}
	if !datesBack(a.dob, b.dob, ex.BirthDate) {
		// Only a date of birth that agrees lets a slipped part count.
		return s, ex
	}
	exactDate := len(a.dob) == 10 && a.dob == b.dob
	var extra, missing []string
	for _, pm := range ex.Parts {
		switch pm.How {
		case "extra":
			extra = append(extra, pm.Query)
		case "missing":
			missing = append(missing, pm.Entry)
		}
	}
	if len(extra) == 0 || len(missing) == 0 {
		return s, ex
	}
	// Pair the unmatched parts greedily, best first.
	type pairing struct {
		x, m string
		jw   float64
	}
	var ps []pairing
	for _, x := range extra {
		for _, m := range missing {
			if jw, ok := slipped(x, m); ok && (exactDate || osa(x, m) <= 1) {
				ps = append(ps, pairing{x, m, jw})
			}
		}
	}
	if len(ps) == 0 {
		return s, ex
	}
	slices.SortStableFunc(ps, func(p, q pairing) int {
		switch {
		case p.jw > q.jw:
			return -1
		case p.jw < q.jw:
			return 1
		}
		return 0
	})
	usedX, usedM := map[string]bool{}, map[string]bool{}
	toks := strings.Fields(screen.Normalize(na))
	var read []pairing
	for _, p := range ps {
		if usedX[p.x] || usedM[p.m] {
			continue
		}
		usedX[p.x], usedM[p.m] = true, true
		for i, t := range toks {
			if t == p.x {
				toks[i] = p.m
			}
		}
		read = append(read, p)
	}
	qa.Name = strings.Join(toks, " ")
	s2, ex2 := screen.Compare(qa, qb)
	s2 *= math.Pow(secondLookFactor, float64(len(read)))
	ex2.NameScore *= math.Pow(secondLookFactor, float64(len(read)))
	if s2 <= s {
		return s, ex
	}
	// Tell the parts as they were written and how they were read.
	for i, pm := range ex2.Parts {
		for _, p := range read {
			if pm.Query == p.m && pm.Entry == p.m {
				ex2.Parts[i].Query = p.x
				ex2.Parts[i].How = fmt.Sprintf("similar spelling, Jaro-Winkler %.2f", p.jw)
			}
		}
	}
	return s2, ex2
}

// datesBack reports whether two dates of birth agree well enough for a
// slipped name part to count (rel is how the screening engine relates
// them): full dates that are equal; or, for a part one edit away only, a
// year alone against a full date of that year, or full dates one year
// apart on the same day (a slip of the year), as records typed in
// several countries write them.
func datesBack(x, y, rel string) bool {
	if len(x) == 10 && x == y {
		return true
	}
	return rel == "year" && (len(x) == 10 || len(y) == 10) || rel == "one_year_off"
}

// slipped reports whether two name parts, as the screening engine
// normalises them, may be one part written with slips, and their
// Jaro-Winkler similarity: at secondLookMin, or within one edit (a part of
// three letters or more) or two edits (five letters or more, the first
// letter kept): a typist's slips, or a transliteration and a slip, as
// records written by hand show them. Only ever asked when the full dates
// of birth agree.
func slipped(x, m string) (float64, bool) {
	lx, lm := len([]rune(x)), len([]rune(m))
	if lx < 3 || lm < 3 {
		return 0, false
	}
	jw := screen.JaroWinkler(x, m)
	switch d := osa(x, m); {
	case lx >= 4 && lm >= 4 && jw >= secondLookMin:
	case d <= 1:
	case d <= 2 && lx >= 4 && lm >= 4 && []rune(x)[0] == []rune(m)[0]:
	default:
		return jw, false
	}
	return jw, true
}

// osa is the optimal string alignment distance of two short strings (a
// transposition counts once).
func osa(a, b string) int {
	x, y := []rune(a), []rune(b)
	if len(x) > 48 || len(y) > 48 {
		return 99
	}
	var rows [3][50]int
	prev2, prev, cur := rows[0][:len(y)+1], rows[1][:len(y)+1], rows[2][:len(y)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := 1
			if x[i-1] == y[j-1] {
				c = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

// dateBackedScore is the score of a pair whose full dates of birth agree
// and whose names agree as dateBacked says: just above the threshold, for
// an analyst to look at.
const dateBackedScore = 0.76

// dateBacked reports whether a's full date of birth (compared equal)
// backs a weak name agreement: the date is no placeholder (1 January), a
// part of four letters or more agrees (exactly, by transliteration or
// sound), and each part left on one side only pairs with a part left on
// the other that begins alike or is alike in letters (Jaro-Winkler 0.7).
// Twins share a date and a family name, but rarely given names alike.
func dateBacked(a *profile, c comparison) bool {
	if len(a.dob) != 10 || a.dob[5:] == "01-01" {
		return false
	}
	long := false
	var extra, missing []string
	for _, pm := range c.ex.Parts {
		switch pm.How {
		case "extra":
			extra = append(extra, pm.Query)
		case "missing":
			missing = append(missing, pm.Entry)
		default:
			if len([]rune(pm.Query)) >= 4 && len([]rune(pm.Entry)) >= 4 {
				long = true
			}
		}
	}
	if !long || len(extra) == 0 || len(extra) != len(missing) {
		return false
	}
	used := make([]bool, len(missing))
	for _, x := range extra {
		ok := false
		for i, m := range missing {
			if used[i] {
				continue
			}
			if screen.JaroWinkler(x, m) >= 0.7 || osa(x, m) <= 2 || alikeSkeleton(x, m) {
				used[i], ok = true, true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// alikeSkeleton reports whether two parts romanised from different
// scripts have consonant skeletons at most one edit apart (Zhoan and Joao,
// Tewelde and Tywyldy): romanisations differ most in vowels and in how a
// sound is spelt (zh, j; kh, h; w, v).
func alikeSkeleton(x, m string) bool {
	sx, sm := skeleton(x), skeleton(m)
	return len(sx) >= 2 && len(sm) >= 2 && sx[0] == sm[0] && osa(sx, sm) <= 1
}

var skeletonFold = strings.NewReplacer("zh", "j", "dzh", "j", "dj", "j", "kh", "h", "ph", "f", "ck", "k", "w", "v", "q", "k", "c", "k", "x", "ks")

func skeleton(s string) string {
	s = skeletonFold.Replace(s)
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i > 0 && strings.IndexByte("aeiouy", c) >= 0 {
			continue
		}
		if n := len(b); n > 0 && b[n-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}
