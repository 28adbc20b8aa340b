package screen

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// PersonQuery is what a checking officer knows.
type PersonQuery struct {
	Name        string
	BirthDate   string // "", "1980", "1980-05" or "1980-05-01"
	Sex         string // "M", "F" or ""
	Nationality string // ISO 3166-1 alpha-2
}

// PartMatch tells how one name part was matched. A query part with no
// counterpart in the entry is "extra" (Entry is ""); an entry part the query
// does not have is "missing" (Query is "").
type PartMatch struct {
	Query  string  `json:"query"` // the query's name part (normalised form)
	Entry  string  `json:"entry"` // the entry's part it matched ("" if none)
	How    string  `json:"how"`   // "exact", "transliteration", "phonetic", "typo", "initial", "joined", "split", "missing", "extra", "equivalent"
	Score  float64 `json:"score"`
	Weight float64 `json:"weight"` // how much this part counts (rarer parts weigh more)
}

// Explanation says why a person scored what it did, for the officer who must
// decide whether the hit is the person in front of them.
type Explanation struct {
	Name        string      `json:"name"` // the entry's name (as written) that matched best
	Parts       []PartMatch `json:"parts"`
	NameScore   float64     `json:"name_score"`
	BirthDate   string      `json:"birth_date"`  // "exact", "year", "month", "swapped", "one_year_off", "mismatch", "unknown"
	Sex         string      `json:"sex"`         // "match", "mismatch", "unknown"
	Nationality string      `json:"nationality"` // "match", "mismatch", "unknown"
	Summary     string      `json:"summary"`     // one English sentence
}

// Match is one watchlist person whose score reached the threshold.
type Match struct {
	ID          string      `json:"id"`
	Score       float64     `json:"score"` // 0..1
	Explanation Explanation `json:"explanation"`
}

// DefaultThreshold is the score at or above which a check reports a hit.
//
// It was chosen by measurement: TestThresholdEvaluation (SCREEN_EVAL=1
// prints the sweep) scores about 6,000 labelled pairs drawn from the test
// generator's names, half the same person written another way (other
// script, other romanisation, a typo, reordered, a middle name missing or
// extra, parts joined or split, an initial, a partial or slipped date of
// birth) and half different persons chosen to be hard (namesakes born three
// or more years apart, persons sharing a part, the same family name with
// another given name). F1 is 0.99 from 0.62 to 0.79 and peaks at 0.71-0.76;
// at 0.75, 98.5% of the true pairs and 0.2% of the false ones score at or
// above it. It was measured again on the independent generator's pairs
// (meridian sim watchlist, seeds 3 and 11; meridian screen eval --sweep
// pairs.csv): precision 0.994-0.995 from 0.61 to 0.90, recall 0.95-0.96 at
// 0.75 and falling from 0.77; and on its queries through the index, where
// 0.72 loses precision and 0.78 recall against 0.75. The threshold must
// stay clear above singlePartCap (0.70), the most a single shared part can
// score: at 0.60, 11% of the false pairs match, and the generated pairs
// hide that only because their false pairs always carry another date of
// birth. Above 0.78
// recall falls, first for initials and Arabic-script names with a part
// missing. A screening check prefers a hit an officer clears in seconds to
// a missed wanted person or missing child, so the threshold sits at the low
// end of the plateau that keeps that margin.
const DefaultThreshold = 0.75

// Part-score constants. minMatch is the lowest score at which two parts count
// as the same part; below it they count as different parts.
const (
	minMatch           = 0.8
	strongMatch        = 0.95
	scoreInitial       = 0.6
	joinFactor         = 0.97 // joined or split parts: a little below the same parts written alike
	restPenalty        = 0.3  // share of an unmatched part's weight when nothing on the other side contradicts it
	singlePartCap      = 0.7  // at most this when one part alone matched a longer name
	maxParts           = 8    // name parts compared; the rest of a longer name is ignored
	maxCandidates      = maxParts * maxParts * 2
	translitMinimu     = 0.9
	translitCoarse     = 0.86 // keys equal only after the cross-script merges (Juan, Хуан)
	koreanSurnameScore = 0.9  // two romanisations of one Korean surname (see koreanSurnameGroups)
	hangulConflictCap  = 0.7  // a Korean name with a syllable facing another (see nameScore)
)

type how uint8

const (
	howNone how = iota
	howExact
	howTranslit
	howPhonetic
	howTypo
	howInitial
	howJoined
	howSplit
	howMissing
	howExtra
	howEquivalent // a given name's equivalent in another language (see equivalents.go)
)

var howNames = [...]string{"", "exact", "transliteration", "phonetic", "typo", "initial", "joined", "split", "missing", "extra", "equivalent"}

// side is one name cut into parts, ready to score; it lives on the stack.
type side struct {
	n        int
	script   script
	text     [maxParts]string
	key      [maxParts]string
	w        [maxParts]float64
	particle [maxParts]bool
	initial  [maxParts]bool
	// est is set for a part that is itself a name many bear: in the
	// built-in lists, or borne often in the index (see otherNames)
	est [maxParts]bool
}

// setParts fills s from the parts of a normalised name; weigh gives the weight
// of a non-particle, non-initial part.
func (s *side) setParts(toks []string, keys []string, weigh func(i int) float64) {
	s.n = min(len(toks), maxParts)
	all := true
	for i := 0; i < s.n; i++ {
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		s.text[i], s.key[i] = toks[i], keys[i]
		s.particle[i] = particles[toks[i]] || sunArticle(toks[i], next) || i == 0 && len(toks) >= 3 && titles[toks[i]]
		s.initial[i] = len(toks[i]) == 1 && s.script != scriptHangul // 우, 이: syllables, not initials
		all = all && s.particle[i]
	}
	vietnameseVan(s)
	for i := 0; i < s.n; i++ {
		if all {
			s.particle[i] = false
		}
		switch {
		case s.particle[i]:
			s.w[i] = particleWeight
		case s.initial[i]:
			s.w[i] = initialWeight
		default:
			s.w[i] = weigh(i)
		}
	}
}

// vietnameseFamilies are the commonest Vietnamese family names (nine in
// ten Vietnamese bear one of them).
var vietnameseFamilies = map[string]bool{
	"nguyen": true, "tran": true, "le": true, "pham": true, "hoang": true, "huynh": true,
	"phan": true, "vu": true, "vo": true, "dang": true, "bui": true, "do": true, "ho": true,
	"ngo": true, "duong": true, "ly": true, "trinh": true, "dinh": true, "truong": true,
	// as Cyrillic writes them (Чан, Нгуен, Фам, Хоанг, Хо)
	"chan": true, "nguen": true, "fam": true, "khoang": true, "kho": true,
}

// vietnameseVan makes van a name part, not a particle, in a name that
// also holds a Vietnamese family name: there it is Văn, the middle name
// of most Vietnamese men (Trần Văn Hùng), and facing another middle name
// (Nguyễn Thanh Cường, Nguyễn Văn Cường) it is another name, where the
// Dutch van (Jan van Dijk) is only a particle.
func vietnameseVan(s *side) {
	for i := 1; i < s.n; i++ {
		if !s.particle[i] || s.text[i] != "van" {
			continue
		}
		s.particle[i] = !vietnamese(s)
	}
}

// pairScore is how well query part i matches entry part j.
type pairScore struct {
	score float32
	how   how
}

// partSim scores two single parts that are not initials.
func partSim(a, b, ka, kb string, cross bool) (float64, how) {
	same, crossed := partSims(a, b, ka, kb)
	if cross {
		return float64(crossed.score), crossed.how
	}
	return float64(same.score), same.how
}

// partSims scores two single parts as if written in one script (same) and
// in two (cross): across scripts a phonetic match is a transliteration and
// vowels prove nothing, and a key met only through the cross-script merges
// (Juan, Хуан) scores a little lower than one met strictly; within one
// script a phonetic match needs the strict code and its vowel slots to agree
// (sameVowelSlots), so Jung does not match Hung.
func partSims(a, b, ka, kb string) (same, cross pairScore) {
	if a == b {
		return pairScore{1, howExact}, pairScore{1, howTranslit}
	}
	if ka == kb && ka != "" && skeletonsAgree(a, b) {
		s := 0.6 + 0.35*jaroWinkler(a, b)
		floor := translitMinimu
		if !sameStrictCode(a, b) {
			floor = translitCoarse
		}
		cross = pairScore{float32(max(s, floor)), howTranslit}
		if s >= minMatch && sameVowelSlots(a, b) {
			same = pairScore{float32(s), howPhonetic}
		}
	} else if ka != kb {
		for _, alt := range [...]func(string) string{silentH, thAsS, quietH} {
			if cross = altSim(alt, a, b, kb); cross.score == 0 {
				cross = altSim(alt, b, a, ka)
			}
			if cross.score > 0 {
				break
			}
		}
	}
	if cross.score < koreanSurnameScore && sameKoreanSurname(a, b) {
		// Kim and Gim, Lee and Yi: one surname in two romanisations
		cross = pairScore{koreanSurnameScore, howTranslit}
		if same.score < koreanSurnameScore {
			same = cross
		}
	}
	if t := float32(typoScore(a, b)); t > 0 {
		if t > same.score {
			same = pairScore{t, howTypo}
		}
		if t > cross.score {
			cross = pairScore{t, howTypo}
		}
	}
	if same.score < equivalentScore || cross.score < equivalentScore {
		same, cross = equivalentSims(a, b, same, cross)
	}
	return same, cross
}

// silentH returns s without an initial h before a vowel, or "": Spanish,
// Portuguese, French and Italian do not sound it and Cyrillic does not
// write it (Hernández, Эрнандес; Hugo, Уго), while Arabic, German and
// English names keep it (Hassan, Хасан), so it is an alternative the key
// cannot make, only a comparison across scripts.
func silentH(s string) string {
	if len(s) > 2 && s[0] == 'h' && isVowel(s[1]) {
		return s[1:]
	}
	return ""
}

// thAsS returns s with its first th read as s, or "": Arabic ث is th in
// Arabic renderings and s in Turkish, Persian, Urdu and West African ones
// (عثمان: Uthman, Osman, Usman, Ousmane), while th elsewhere is t
// (Thomas, Томас), so it too is only an alternative across scripts.
func thAsS(s string) string {
	i := strings.Index(s, "th")
	if i < 0 || len(s) > maxCompareLen {
		return ""
	}
	var b [maxCompareLen]byte
	return string(append(append(append(b[:0], s[:i]...), 's'), s[i+2:]...))
}

// quietH returns s without the h or kh after its first n or l, or "":
// pinyin n-h is нх in Cyrillic (Jianhao, Джианхао), and the key keeps kh
// there because Spanish writes that sound g (Ángel, Анхель).
func quietH(s string) string {
	for i := 1; i+1 < len(s); i++ {
		if s[i-1] != 'n' && s[i-1] != 'l' {
			continue
		}
		n := 0
		switch {
		case s[i] == 'h':
			n = 1
		case s[i] == 'k' && s[i+1] == 'h':
			n = 2
		}
		if n > 0 && len(s) <= maxCompareLen {
			var b [maxCompareLen]byte
			return string(append(append(b[:0], s[:i]...), s[i+n:]...))
		}
	}
	return ""
}

// altSim scores alt(a) against b (of key kb) as a transliteration, at the
// coarse floor: 0 when alt has nothing to offer or does not make their
// keys meet.
func altSim(alt func(string) string, a, b, kb string) pairScore {
	t := alt(a)
	if t == "" || len(t) > maxCompareLen {
		return pairScore{}
	}
	var buf [2 * maxCompareLen]byte
	if string(phoneticKey(buf[:0], t)) != kb || !skeletonsAgree(t, b) {
		return pairScore{}
	}
	return pairScore{float32(max(0.6+0.35*jaroWinkler(t, b), translitCoarse)), howTranslit}
}

// skeletonsAgree reports whether a and b have about as many consonants
// (one more or less; a doubled letter or a digraph such as sh, kh, ts, dzh
// counts once, x twice, j only before a vowel, Yuriy and Jurij; a final h
// after a vowel or n is silent). The phonetic key drops vowels and writes a consonant repeated
// across vowels once, which is how the Arabic skeleton meets its Latin
// renderings (mhmd, Muhammad) but also how a long name collapses onto a
// short one (Rarorala, Rial); a transliteration keeps the consonants.
func skeletonsAgree(a, b string) bool {
	d := consonants(a) - consonants(b)
	return d <= 1 && d >= -1
}

func consonants(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isVowel(c) || c == 'j' && (i+1 == len(s) || !isVowel(s[i+1])) {
			continue // a j not before a vowel is one (Jurij, Yuriy)
		}
		if c == 'k' && i+2 == len(s) && s[i+1] == 'h' && i > 0 && isVowel(s[i-1]) {
			continue // a final kh after a vowel is h (Jammeh, Джаммех)
		}
		if i > 0 {
			switch p := s[i-1]; {
			case p == c:
				continue // doubled
			case c == 'h' && (p == 's' || p == 'c' || p == 'k' || p == 't' || p == 'd' || p == 'g' || p == 'z' || p == 'p' || p == 'x'):
				continue // sh, ch, kh, th, dh, gh, zh, ph, Albanian xh
			case c == 'h' && i == len(s)-1 && (isVowel(p) || p == 'n'):
				continue // silent: Abdullah, Abdulla; Trinh, Чинь
			case (c == 's' || c == 'z') && (p == 't' || p == 'd'), c == 'j' && p == 'd':
				continue // ts, dz, dj
			case c == 'z' && (p == 'h' || p == 's') && i > 1 && (s[i-2] == 'c' || s[i-2] == 't'):
				continue // Palladius chzh, tsz
			}
		}
		if c == 'x' && (i+1 == len(s) || s[i+1] != 'h') {
			n++ // ks
		}
		n++
	}
	return n
}

// typoScore scores two parts by edit distance: one slip in a part of four
// letters or more, two in a part of eight or more.
func typoScore(a, b string) float64 {
	l := max(len(a), len(b))
	if l < 4 || (l <= 5 && a[0] != b[0]) {
		// In a short part another first letter is another name more often
		// than a slip (Hung, Dung; Luong, Duong; Hassan, Jassan).
		return 0
	}
	maxD := 1
	if l >= 8 {
		maxD = 2
	}
	switch d := osaDistance(a, b, maxD); {
	case d > maxD:
		return 0
	case d == 1:
		switch {
		case l >= 6:
			return 0.88
		case l == 5:
			return 0.85
		default:
			return 0.8
		}
	case d == 2:
		return 0.8
	}
	return 0
}

// initialSim scores an initial against a part.
func initialSim(q, e *side, i, j int) (float64, how) {
	if q.initial[i] != e.initial[j] && q.text[i][0] == e.text[j][0] && !q.particle[i] && !e.particle[j] {
		return scoreInitial, howInitial
	}
	return 0, howNone
}

// fillSims scores every pair of parts directly (Compare's way; the index
// looks most of them up instead).
func fillSims(q, e *side, cross bool, sims *[maxParts][maxParts]pairScore) {
	for i := 0; i < q.n; i++ {
		for j := 0; j < e.n; j++ {
			var s float64
			var h how
			switch {
			case q.initial[i] || e.initial[j]:
				if q.text[i] == e.text[j] {
					s, h = 1, howExact
				} else if koreanSurnameOf(q, e, i, j) {
					s, h = koreanSurnameScore, howTranslit // I, Lee
				} else {
					s, h = initialSim(q, e, i, j)
				}
			case q.particle[i] != e.particle[j]:
				if q.text[i] == e.text[j] {
					// van, a particle on one side only (see vietnameseVan)
					s, h = partSim(q.text[i], e.text[j], q.key[i], e.key[j], cross)
				}
			default:
				s, h = partSim(q.text[i], e.text[j], q.key[i], e.key[j], cross)
				if koreanSyllables(q, e, i, j, h) {
					s, h = 0, howNone
				} else if s < koreanSurnameScore && (q.script == scriptHangul || e.script == scriptHangul) && koreanKeyEq(koreanKey(q.text[i]), koreanKey(e.text[j])) {
					// one syllable in two romanisations (Chae, Jae)
					s, h = koreanSurnameScore, howTranslit
				} else if s < 1 && (q.script == scriptKana || e.script == scriptKana) {
					s, h = kanaSim(q.text[i], e.text[j], s, h)
				} else if s < thaiSpelled && (q.script == scriptThai || e.script == scriptThai) {
					s, h = thaiSim(q.text[i], e.text[j], s, h)
				}
			}
			sims[i][j] = pairScore{float32(s), h}
		}
	}
}

// pairing is one matched span: query parts qi..qi+qn-1 with entry parts
// ej..ej+en-1 (one side has a single part unless both do).
type pairing struct {
	qi, qn, ej, en int8
	how            how
	score          float32
}

// nameResult is the outcome of scoring one query name against one entry name.
type nameResult struct {
	score float64
	// single is set when one part alone matched a longer name: the score
	// is then at most singlePartCap, before and after qualify.
	single bool
	// strong is set for a name of at least three parts, each matched well,
	// that together are rare (weights summing to strongWeight, or to
	// veryStrongWeight for veryStrong): a near date does not sink it (see
	// qualify).
	strong strength
	pairs  [maxParts * 2]pairing
	np     int
	qUsed  [maxParts]bool
	eUsed  [maxParts]bool
}

// scoreSides matches the parts of q and e (any order) and returns the name
// score in r. sims holds the single-part scores.
//
// The score is the weighted mean of the matched parts' scores, where the
// denominator also counts what speaks against the match: an unmatched query
// part facing an unmatched entry part is a contradiction (Hassan against
// Rahman: siblings share family names, not given names) and both count in
// full; an unmatched part with nothing against it (a
// middle name one side does not know) counts at restPenalty of its weight,
// capped at the mean matched weight so that a rare middle name cannot sink a
// match by itself. Particles never contradict.
//
// A caller that only wants to know whether the score reaches floor above
// singlePartCap gets 0 for a name that matched on a single part, without
// the work of weighing what speaks against it.
func scoreSides(q, e *side, cross bool, sims *[maxParts][maxParts]pairScore, r *nameResult, floor float64) {
	*r = nameResult{}
	type cand struct {
		i, j int8
		s    float32
		w    float32
	}
	var cands [maxParts * maxParts]cand
	nc := 0
	for i := 0; i < q.n; i++ {
		for j := 0; j < e.n; j++ {
			ps := sims[i][j]
			if ps.how == howNone || (ps.score < minMatch && ps.how != howInitial) || otherNames(q, e, i, j, ps.how, ps.score) {
				continue
			}
			cands[nc] = cand{int8(i), int8(j), ps.score, float32(q.w[i] + e.w[j])}
			nc++
		}
	}
	cs := cands[:nc]
	before := func(a, b *cand) bool {
		if a.s != b.s {
			return a.s > b.s
		}
		if a.w != b.w {
			return a.w > b.w
		}
		if a.i != b.i {
			return a.i < b.i
		}
		return a.j < b.j
	}
	for k := 1; k < len(cs); k++ { // insertion sort: a handful of pairs
		for m := k; m > 0 && before(&cs[m], &cs[m-1]); m-- {
			cs[m], cs[m-1] = cs[m-1], cs[m]
		}
	}
	// Near-exact single parts first, then joined and split parts, then the
	// weaker single parts: "al rashid" is "alrashid" joined before "rashid"
	// is taken for a typo of "alrashid".
	take := func(strong bool) {
		for _, c := range cs {
			if r.qUsed[c.i] || r.eUsed[c.j] || (strong && c.s < strongMatch) {
				continue
			}
			r.qUsed[c.i], r.eUsed[c.j] = true, true
			r.pairs[r.np] = pairing{qi: c.i, qn: 1, ej: c.j, en: 1, how: sims[c.i][c.j].how, score: c.s}
			r.np++
		}
	}
	take(true)
	// Joining needs a free part on one side and two on the other.
	freeQ, freeE := 0, 0
	for i := 0; i < q.n; i++ {
		if !r.qUsed[i] {
			freeQ++
		}
	}
	for j := 0; j < e.n; j++ {
		if !r.eUsed[j] {
			freeE++
		}
	}
	if freeQ > 0 && freeE > 0 && freeQ+freeE >= 3 && joinable(q, e, cross, r) {
		joinParts(q, e, cross, r)
	}
	take(false)
	r.score = nameScore(q, e, r, floor)
	r.strong = notStrong
	if r.score >= strongMatch {
		r.strong = strongName(q, r)
	}
	if r.strong == notStrong {
		r.strong = weakName(q, e, r)
	}
}

// thinWeight is the summed weight of two matched parts under which they
// name too many people to stand for a longer name without a date that
// agrees: Fatima al-Hassan in Fatima Ali Mohammed al-Hassan, Ali Hakimi
// in Abdul Ali Hakimi (two parts weighing 3 are borne by about one person
// in 10^5, hundreds in a country).
const thinWeight = 3.0

// thinName: a name matched on exactly two parts (not particles, not
// initials) that together weigh under thinWeight, while parts of either
// name were left unmatched, or one of the two met the other only as a
// loose transliteration: the shared parts are common and the names
// differ in what is left (Ali Hakimi, Abd Ali Hakimi), or may not be the
// same parts at all (Shah, سيسي; Sun Jun, Чан Ван Хунг). See weakName and
// qualify.

// thinPairWeight is the summed weight under which a name of two parts,
// matched in full with nothing left over, is too common for a record
// without a date to confirm when the check gives one: two parts from the
// head of the lists (Ali Ahmad, each borne by about one person in a
// hundred) are borne together by about one in 10^4, thousands in a
// country.
const thinPairWeight = 2.0

// weakName tells how weak a name that is not strong is (see qualify):
//
//   - thin (see thinName), and thinLoose when it is thin because a name
//     part of either side was left unmatched (see unexplained) and one
//     of the two matched parts is only spelled alike (a typo, a phonetic or transliterated
//     spelling, not the same letters): common parts out of a longer name
//     that are not even written the same (Mohammad Islam, Zubair
//     Muhammad Isslam; José García, Jesús Gacría Cruz) name too many
//     people to be a hit on the name alone, whatever the date;
//   - thinPair: exactly two parts, matched in full on both sides, that
//     weigh under thinPairWeight: so common a pair (Ali Ahmad) that a
//     record without a date cannot confirm it when the check gives one
//     (as for thin);
//   - notStrong otherwise.
func weakName(q, e *side, r *nameResult) strength {
	n, w := 0, 0.0
	loose, spelled, allLoose := false, false, true
	for _, p := range r.pairs[:r.np] {
		if p.how == howInitial {
			return notStrong
		}
		real := false
		for t := p.qi; t < p.qi+p.qn; t++ {
			if !q.particle[t] {
				n++
				w += q.w[t]
				real = true
			}
		}
		if real && p.score < translitMinimu {
			loose = true
		}
		if real && (p.score >= translitMinimu || p.how == howTypo) && !e.particle[p.ej] {
			// a typo is a slip of the same letters, not a loose reading
			// (van facing the particle van proves nothing)
			allLoose = false
		}
		if real && p.score < 1 {
			spelled = true
		}
	}
	if n >= 2 && allLoose {
		// no part met better than loosely (Trần Văn Hùng, Sun Weifeng:
		// tran, sun; van hung, veifeng): as thin as two loose parts
		return thin
	}
	if n != 2 {
		return notStrong
	}
	left := false
	// abd left over is not a particle missing: Abd Ali is not Ali
	for i := 0; i < q.n; i++ {
		if !r.qUsed[i] && (!q.particle[i] || q.text[i] == "abd") {
			left = true
		}
	}
	for j := 0; j < e.n; j++ {
		if !r.eUsed[j] && (!e.particle[j] || e.text[j] == "abd") {
			left = true
		}
	}
	if w < thinWeight {
		switch {
		case spelled && unexplained(q, e, r):
			return thinLoose
		case left || loose:
			return thin
		}
	}
	if !left && w < thinPairWeight {
		return thinPair
	}
	return notStrong
}

// unexplained reports whether a part of either name (not a particle, not
// an initial) is left unmatched and is no garbled rendering of a part
// left facing it (see nearSimilarity; Bình and Бинь, read bin, which
// alone would be a particle): a name the other does not have.
func unexplained(q, e *side, r *nameResult) bool {
	return unexplainedOneWay(q, &r.qUsed, e, &r.eUsed) || unexplainedOneWay(e, &r.eUsed, q, &r.qUsed)
}

func unexplainedOneWay(a *side, aUsed *[maxParts]bool, b *side, bUsed *[maxParts]bool) bool {
	for i := 0; i < a.n; i++ {
		if aUsed[i] || a.particle[i] || a.initial[i] {
			continue
		}
		near := false
		for j := 0; j < b.n && !near; j++ {
			near = !bUsed[j] && !b.initial[j] && jaroWinkler(a.text[i], b.text[j]) >= nearSimilarity
		}
		if !near {
			return true
		}
	}
	return false
}

// otherNames reports whether query part i and entry part j, though close in
// spelling, are two different names rather than one written two ways:
//
//   - a typo between two parts that are each a name many people bear and
//     that do not sound alike (Mamadou and Amadou, Pham and Phan, Ramesh
//     and Rakesh, Marija and Marina): a slip that lands on another common
//     name is rarer than the other name itself;
//   - a phonetic match, in one script, of a part of two letters or fewer
//     (Le and Ly, Xu and Xie): so short a part leaves no room for a
//     spelling to differ, so the two are other syllables, other surnames;
//   - a given name and its feminine form, each a name many bear, in one
//     script (Ivan and Ivana, Mario and Maria): another person's name,
//     most often a sister's (Elen and Elena is a letter lost);
//   - a phonetic match, in one script, of two names many bear that
//     differ more than spellings of one name do (score under
//     otherSpelling: Hassan and Hussein, Alina and Elena, José and
//     Jesús; Mohammed and Muhammad, Omar and Umar, Yusuf and Yousef stay
//     above it);
//   - the second half of a compound with abd facing a part that is not
//     one (Allah in Abd Allah, Ali): Abd Allah is one name;
//   - a phonetic match of two names in Arabic script whose consonants
//     differ (علي and الله): that script writes a name's consonants one
//     way, so other consonants are another name (vowel marks, مُحَمَّد
//     and محمد, add only vowels);
//   - a phonetic match of two syllables of up to five letters where
//     either name is Vietnamese (Lan and Linh, Hùng and Hương): the
//     given names are syllables of a closed stock, written in Latin
//     letters one way once the tone marks are dropped, so another
//     spelling is another syllable (a typo still matches).
func otherNames(q, e *side, i, j int, h how, sims float32) bool {
	if h != howExact && h != howInitial && afterAbd(q, i) != afterAbd(e, j) {
		return true
	}
	if h != howExact && h != howTranslit && h != howInitial && q.est[i] && e.est[j] && feminineOf(q.text[i], e.text[j]) {
		return true
	}
	switch h {
	case howTypo:
		return q.est[i] && e.est[j] && q.key[i] != e.key[j]
	case howPhonetic:
		if q.est[i] && e.est[j] && sims < otherSpelling && q.script == e.script {
			return true
		}
		if q.script == scriptArabic && e.script == scriptArabic && skeleton(q.text[i]) != skeleton(e.text[j]) {
			return true
		}
		if max(len(q.text[i]), len(e.text[j])) <= 5 && (vietnamese(q) || vietnamese(e)) && !korean(q, e) && q.script != scriptKana && e.script != scriptKana && !slip(q.text[i], e.text[j]) {
			return true
		}
		// (Korean and Japanese syllables have their own keys: Ko, Koh)
		return min(len(q.text[i]), len(e.text[j])) <= 2 && q.script != scriptHangul && e.script != scriptHangul && q.script != scriptKana && e.script != scriptKana
	}
	return false
}

// skeleton is s without its vowels and with a doubled letter written
// once (muhammad, mhmd: mhmd).
func skeleton(s string) string {
	var b [maxCompareLen]byte
	out := b[:0]
	for i := 0; i < len(s) && len(out) < len(b); i++ {
		if isVowel(s[i]) || len(out) > 0 && out[len(out)-1] == s[i] {
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// slip reports whether a and b differ by two adjacent letters swapped
// (Thị, Tịh) or one letter doubled (Phạm, Phạạm): typing slips, not
// another spelling.
func slip(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		for k := 0; k+1 < len(a); k++ {
			if a[k] != b[k] {
				return a[k] == b[k+1] && a[k+1] == b[k] && a[k+2:] == b[k+2:]
			}
		}
	case 1:
		for k := 0; k < len(b); k++ {
			if k == len(a) || a[k] != b[k] {
				return b[:k]+b[k+1:] == a && (k > 0 && b[k-1] == b[k] || k+1 < len(b) && b[k+1] == b[k])
			}
		}
	}
	return false
}

// otherSpelling is the phonetic score (0.6 + 0.35 of the Jaro-Winkler
// similarity, 0.8 of it) under which two names many bear are other names
// (see otherNames).
const otherSpelling = 0.88

// afterAbd reports whether part i follows abd (Abd Allah, Abd al-Rahman).
func afterAbd(s *side, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if s.text[k] == "abd" {
			return true
		}
		if !s.particle[k] {
			return false
		}
	}
	return false
}

// vietnamese reports whether a name holds a Vietnamese family name, and
// is not read from Hangul or kana (Ho and Do are Korean syllables too).
func vietnamese(s *side) bool {
	if s.script == scriptHangul || s.script == scriptKana {
		return false
	}
	for i := 0; i < s.n; i++ {
		if vietnameseFamilies[s.text[i]] {
			return true
		}
	}
	return false
}

// feminineOf reports whether one part is the other's feminine form as
// Slavic, Romance and Germanic given names make it: an a added (Ivan,
// Ivana; Daniel, Daniela) or written for a final o (Mario, Maria); or as
// Hindi makes it, an i added (Kumar, Kumari), which is also how Arabic
// and Persian make a family name of a given name (Ahmad, Ahmadi).
func feminineOf(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 3 {
		return false
	}
	if len(b) == len(a)+1 && b[len(b)-1] == 'i' && b[:len(a)] == a && !isVowel(a[len(a)-1]) {
		// Kumar, Kumari (Hindi feminine); Ahmad, Ahmadi and Abbas,
		// Abbasi (an Arabic or Persian family name from a given name)
		return true
	}
	if b[len(b)-1] != 'a' {
		return false
	}
	switch {
	case len(b) == len(a)+1:
		return b[:len(a)] == a && !isVowel(a[len(a)-1]) // not Mari, Maria: a letter lost across a boundary
	case len(b) == len(a):
		return a[len(a)-1] == 'o' && a[:len(a)-1] == b[:len(b)-1]
	}
	return false
}

// strongWeight is the summed weight of matched parts from which a name of
// three parts or more is rare enough to outweigh a near date; common names
// (Maria Rivera Pérez, Mohamed Ali Hassan: parts of the head of the lists)
// stay below. A part's weight is the decimal digits of its rarity less
// one, so three parts weighing 4 together are borne by about one person
// in 10^7: in a million travellers, one such namesake in ten checks,
// before the near date is also required to agree. Two parts are not
// enough whatever their weight: a two-part name is shared too often for a
// date that disagrees to be the list's approximation.
//
// veryStrongWeight (one in 10^9) also outweighs a year alone three years
// away: a list's "about 1953" against a document's 1956.
//
// slipWeight (about one in 10^6.5: three parts, not all from the head of
// the lists; Juan Lopez Lopez and Mohamed Ali Hassan weigh 3) is enough
// for a slip of a full date (a day off, one digit of the day or month
// off, the year a few years off on the same day and month): a namesake's
// date lands that near by chance about once in 1,600 (some 14 such dates
// in a year, of 60 years), more rarely than a year alone agrees (once in
// 60), which costs a name nothing.
const (
	slipWeight       = 3.5
	strongWeight     = 4.0
	veryStrongWeight = 6.0
)

// strength is how rare a fully matched name is (see strongWeight).
type strength uint8

const (
	thinLoose strength = iota // see weakName
	thin                      // see thinName
	thinPair                  // see weakName
	notStrong
	fair // from slipWeight: enough for a slip of a full date
	strong
	veryStrong
)

// strongName reports whether the parts of q that matched (not particles,
// not initials) number three or more, all well, and how much they weigh.
func strongName(q *side, r *nameResult) strength {
	n, w := 0, 0.0
	for _, p := range r.pairs[:r.np] {
		if p.score < strongMatch || p.how == howInitial {
			continue
		}
		for t := p.qi; t < p.qi+p.qn; t++ {
			if !q.particle[t] && !q.initial[t] {
				n++
				w += q.w[t]
			}
		}
	}
	switch {
	case n < 3 || w < slipWeight || !rotation(r):
		return notStrong
	case w < strongWeight:
		return fair
	case w < veryStrongWeight:
		return strong
	}
	return veryStrong
}

// rotation reports whether the matched parts keep their order on both
// sides, up to a rotation (a family name moved from last to first:
// Amit Verma, VERMA Amit): Fadumo Abdullahi Mohamed and Fadumo Mohamed
// Abdullahi name a father and a grandfather the other way round, which
// is not a name's rare pattern repeated but another lineage, so such a
// name is never strong (a near date does not lift it).
func rotation(r *nameResult) bool {
	var ej [maxParts * 2]int8
	n := 0
	for qi := int8(0); qi < maxParts; qi++ {
		for k := 0; k < r.np; k++ {
			if r.pairs[k].qi == qi {
				ej[n] = r.pairs[k].ej
				n++
			}
		}
	}
	descents := 0
	for k := 1; k < n; k++ {
		if ej[k] < ej[k-1] {
			descents++
		}
	}
	return descents == 0 || descents == 1 && ej[n-1] < ej[0]
}

// joinable reports whether a free part on one side might be two or three
// adjacent free parts of the other written together: same first letter (or
// both vowels), lengths within two.
func joinable(q, e *side, cross bool, r *nameResult) bool {
	return joinableOneWay(q, &r.qUsed, e, &r.eUsed, cross) || joinableOneWay(e, &r.eUsed, q, &r.qUsed, cross)
}

// joinSlack is how many letters the parts written apart may have fewer than
// the part written together: two, or across scripts, where Arabic writes no
// short vowels (الحسن, al hsn, Alhassan), half the joined part.
//
// Korean syllables written together by a passport's spelling (Joonwoo)
// are longer than their Revised Romanisation (jun u) in the same way.
func joinSlack(one int, cross bool) int {
	if cross {
		return max(2, one/2)
	}
	return 2
}

func joinableOneWay(one *side, oneUsed *[maxParts]bool, many *side, manyUsed *[maxParts]bool, cross bool) bool {
	for i := 0; i < one.n; i++ {
		if oneUsed[i] || one.initial[i] || one.particle[i] || len(one.text[i]) < 4 {
			continue
		}
		for j := 0; j+1 < many.n; j++ {
			if manyUsed[j] || manyUsed[j+1] {
				continue
			}
			if !joinStart(one, many, one.text[i], many.text[j]) {
				continue
			}
			total := len(many.text[j]) + len(many.text[j+1])
			for k := 0; k < 2; k++ {
				if d := total - len(one.text[i]); d >= -joinSlack(len(one.text[i]), cross || korean(one, many)) && d <= 2 {
					return true
				}
				if j+2+k >= many.n+1 || j+2 >= many.n || manyUsed[j+2] {
					break
				}
				total += len(many.text[j+2])
			}
		}
	}
	return false
}

// korean reports whether one of two names is written in Hangul.
func korean(a, b *side) bool { return a.script == scriptHangul || b.script == scriptHangul }

// joinStart reports whether a part written together (a) and the first of
// the parts written apart (b) may begin the same name: the same first
// letter, both vowels, or for a Korean name the same consonant in either
// romanisation (Kyungmi, gyeong mi).
func joinStart(one, many *side, a, b string) bool {
	if c, f := a[0], b[0]; c == f || isVowel(c) && isVowel(f) {
		return true
	}
	if !korean(one, many) {
		return false
	}
	return koreanKey(a[:min(len(a), 3)])[0] == koreanKey(b[:min(len(b), 3)])[0]
}

// joinParts matches a free part on one side with two or three adjacent free
// parts on the other written together (Abdulrahman, Abdul Rahman).
func joinParts(q, e *side, cross bool, r *nameResult) {
	var buf [3 * maxCompareLen]byte
	try := func(one *side, oi int, oneUsed *[maxParts]bool, many *side, manyUsed *[maxParts]bool, qOne bool) {
		if oneUsed[oi] || one.initial[oi] || one.particle[oi] || len(one.text[oi]) < 4 {
			return
		}
		best, bestK, bestJ := 0.0, 0, 0
		for k := 2; k <= 3; k++ {
			for j := 0; j+k <= many.n; j++ {
				if !joinStart(one, many, one.text[oi], many.text[j]) || many.particle[j+k-1] || afterAbd(one, oi) != afterAbd(many, j) {
					// an article is joined to the part after it (al rashid,
					// alrashid), never to the part before (ali al)
					continue
				}
				total := 0
				ok := true
				for t := j; t < j+k; t++ {
					if manyUsed[t] || many.initial[t] {
						ok = false
						break
					}
					total += len(many.text[t])
				}
				if !ok || total > len(buf) || total < len(one.text[oi])-joinSlack(len(one.text[oi]), cross || korean(one, many)) || total > len(one.text[oi])+2 {
					continue
				}
				joined := buf[:0]
				for t := j; t < j+k; t++ {
					joined = append(joined, many.text[t]...)
				}
				js := string(joined)
				kor := korean(one, many)
				sameKorean := kor && koreanKeyEq(koreanKey(one.text[oi]), koreanKey(js))
				if d := len(js) - len(one.text[oi]); (d > 2 || d < -2) && !sameKorean && !skeletonsAgree(one.text[oi], js) {
					continue // neither a typo nor a transliteration (see partSims)
				}
				var kb [2 * maxCompareLen]byte
				jk := string(phoneticKey(kb[:0], js))
				s, _ := partSim(one.text[oi], js, one.key[oi], jk, cross)
				if s < 1 && !kor && (vietnamese(one) || vietnamese(many)) {
					continue // Vietnamese syllables join only as written (Thị Yến is not Tuấn)
				}
				if s < 1 && kor {
					if !sameKorean {
						continue // Korean syllables join only as the same syllables (see koreanKey)
					}
					// the same syllables in two romanisations (Kyungmi, 경미)
					s = max(s, koreanSurnameScore)
				}
				if s*joinFactor > best {
					best, bestK, bestJ = s*joinFactor, k, j
				}
			}
		}
		if best < minMatch {
			return
		}
		oneUsed[oi] = true
		for t := bestJ; t < bestJ+bestK; t++ {
			manyUsed[t] = true
		}
		p := pairing{score: float32(best)}
		if qOne {
			p.qi, p.qn, p.ej, p.en, p.how = int8(oi), 1, int8(bestJ), int8(bestK), howJoined
		} else {
			p.qi, p.qn, p.ej, p.en, p.how = int8(bestJ), int8(bestK), int8(oi), 1, howSplit
		}
		r.pairs[r.np] = p
		r.np++
	}
	if r.np >= len(r.pairs)-1 {
		return
	}
	freeQ, freeE := 0, 0
	for i := 0; i < q.n; i++ {
		if !r.qUsed[i] {
			freeQ++
		}
	}
	for j := 0; j < e.n; j++ {
		if !r.eUsed[j] {
			freeE++
		}
	}
	if freeQ == 0 || freeE == 0 || freeQ+freeE < 3 {
		return
	}
	for i := 0; i < q.n && r.np < len(r.pairs); i++ {
		try(q, i, &r.qUsed, e, &r.eUsed, true)
	}
	for j := 0; j < e.n && r.np < len(r.pairs); j++ {
		try(e, j, &r.eUsed, q, &r.qUsed, false)
	}
}

func nameScore(q, e *side, r *nameResult, floor float64) float64 {
	var num, den float64
	matchedParts := 0
	for k := 0; k < r.np; k++ {
		p := &r.pairs[k]
		var wq, we float64
		particle := true
		for t := p.qi; t < p.qi+p.qn; t++ {
			wq = max(wq, q.w[t])
			particle = particle && q.particle[t]
		}
		for t := p.ej; t < p.ej+p.en; t++ {
			we = max(we, e.w[t])
		}
		w := (wq + we) / 2
		num += float64(p.score) * w
		den += w
		if !particle {
			matchedParts += int(max(p.qn, p.en))
		}
	}
	if matchedParts == 0 || den == 0 {
		return 0
	}
	if matchedParts == 1 && floor > singlePartCap && (realParts(q) >= 2 || realParts(e) >= 2) {
		return 0 // capped at singlePartCap below, so under floor
	}
	meanW := den / float64(r.np)
	hangul := q.script == scriptHangul || e.script == scriptHangul
	var uq, ue [maxParts]float64
	var uqInit, ueInit [maxParts]bool
	var near [maxParts]bool // entry part j is near an unmatched query part
	nq, ne := 0, 0
	realQ, realE := 0, 0
	for j := 0; j < e.n; j++ {
		if !e.particle[j] {
			realE++
		}
	}
	for i := 0; i < q.n; i++ {
		if q.particle[i] {
			continue
		}
		realQ++
		if r.qUsed[i] {
			continue
		}
		if j := nearPart(q, e, i, r, &near); j >= 0 && !hangul {
			// a garbled rendering of the same part: unknown, not against
			near[j] = true
			den += restPenalty * (min(q.w[i], meanW) + min(e.w[j], meanW))
			continue
		}
		uq[nq], uqInit[nq] = q.w[i], q.initial[i]
		nq++
	}
	for j := 0; j < e.n; j++ {
		if !e.particle[j] && !r.eUsed[j] && !near[j] {
			ue[ne], ueInit[ne] = e.w[j], e.initial[j]
			ne++
		}
	}
	if nq > 0 && ne > 0 {
		// An unmatched initial facing an unmatched name part of the
		// other side weighs as that part: F. facing Ahmed (F. Abdi
		// Abdullahi, Abdi Ahmed Abdullahi) is another given name, as
		// strong a contradiction as one written in full, not a part
		// one side leaves out.
		var fq, fe float64
		for k := 0; k < nq; k++ {
			if !uqInit[k] {
				fq = max(fq, uq[k])
			}
		}
		for k := 0; k < ne; k++ {
			if !ueInit[k] {
				fe = max(fe, ue[k])
			}
		}
		for k := 0; k < nq; k++ {
			if uqInit[k] {
				uq[k] = max(uq[k], fe)
			}
		}
		for k := 0; k < ne; k++ {
			if ueInit[k] {
				ue[k] = max(ue[k], fq)
			}
		}
	}
	sortDesc(uq[:nq])
	sortDesc(ue[:ne])
	c := min(nq, ne)
	for k := 0; k < c; k++ {
		den += uq[k] + ue[k]
	}
	for k := c; k < nq; k++ {
		den += restPenalty * min(uq[k], meanW)
	}
	for k := c; k < ne; k++ {
		den += restPenalty * min(ue[k], meanW)
	}
	s := num / den
	if hangul && koreanOrderCrossed(q, e, r) {
		// 박주우 is Park Ju-u, not U-ju Pak: a given name's syllables
		// are read in their order
		s = min(s, hangulConflictCap)
	}
	if hangul && c > 0 {
		// A Korean given name is its syllables: one that faces another
		// syllable (성정, Seong-yeong) is another name, not a rendering
		// garbled or a part left out.
		s = min(s, hangulConflictCap)
	}
	if matchedParts == 1 && (realQ >= 2 || realE >= 2) {
		s = min(s, singlePartCap)
		r.single = true
	}
	if initialsAstray(q, e, r) {
		s = min(s, singlePartCap)
	}
	return s
}

// initialsAstray reports whether initials matched in a way that their
// names would not be written: two initials crossing (C.D. against David
// Chinedu: initials keep the order of the names they stand for, inverted
// forms included, which move only the family name), or a name matched in
// full on one part alone, with initials, while a part or an initial of
// either side stands for nothing on the other (J.D. Clark, Jennifer
// Clark; M. Ramos Reyes, Maria Reyes: a family name and a first letter,
// and a name the other does not have).
func initialsAstray(q, e *side, r *nameResult) bool {
	full, inits := 0, 0
	for a := 0; a < r.np; a++ {
		p := &r.pairs[a]
		if p.how != howInitial {
			if !q.particle[p.qi] {
				full++
			}
			continue
		}
		inits++
		for b := 0; b < r.np; b++ {
			o := &r.pairs[b]
			if o.how == howInitial && o.qi > p.qi && o.ej < p.ej && q.text[o.qi][0] != q.text[p.qi][0] {
				return true
			}
		}
	}
	if inits == 0 || full != 1 {
		return false
	}
	for i := 0; i < q.n; i++ {
		if !r.qUsed[i] && !q.particle[i] {
			return true
		}
	}
	for j := 0; j < e.n; j++ {
		if !r.eUsed[j] && !e.particle[j] {
			return true
		}
	}
	return false
}

// koreanOrderCrossed reports whether two parts of a Korean given name
// matched out of order: the Hangul side's surname (its first part) may
// move, its syllables may not.
func koreanOrderCrossed(q, e *side, r *nameResult) bool {
	h := q
	if e.script == scriptHangul {
		h = e
	}
	for k := 1; k < h.n; k++ {
		if koreanKeyEq(koreanKey(h.text[0]), koreanKey(h.text[k])) {
			return false // 윤윤은: which yoon is the surname is not known
		}
	}
	for a := 0; a < r.np; a++ {
		p := &r.pairs[a]
		if q.script == scriptHangul && p.qi == 0 || e.script == scriptHangul && p.ej == 0 {
			continue
		}
		for b := 0; b < r.np; b++ {
			o := &r.pairs[b]
			if q.script == scriptHangul && o.qi == 0 || e.script == scriptHangul && o.ej == 0 {
				continue
			}
			if o.qi > p.qi && o.ej < p.ej && q.text[o.qi] != q.text[p.qi] {
				return true // (권경경, Kyŏng-gyŏng: the same syllable twice)
			}
		}
	}
	return false
}

// realParts counts the parts of s that are not particles.
func realParts(s *side) int {
	n := 0
	for i := 0; i < s.n; i++ {
		if !s.particle[i] {
			n++
		}
	}
	return n
}

// nearSimilarity is the Jaro-Winkler similarity at or above which an
// unmatched part facing an unmatched part is taken for a rendering too
// garbled to match (Mensah, Memszh; Girard, Girdr; François, Франсуас)
// rather than for another name: it then counts as unknown on both sides.
const nearSimilarity = 0.85

// nearPart returns the free entry part nearest to free query part i if it is
// near enough, else -1. Initials are never near.
func nearPart(q, e *side, i int, r *nameResult, taken *[maxParts]bool) int {
	if q.initial[i] {
		return -1
	}
	best, bj := nearSimilarity, -1
	for j := 0; j < e.n; j++ {
		if r.eUsed[j] || taken[j] || e.particle[j] || e.initial[j] || q.est[i] && e.est[j] && min(len(q.text[i]), len(e.text[j])) <= 4 {
			// two short names many bear, left unmatched (Pham, Phan:
			// see otherNames), are two names, not one garbled: a
			// letter is much of so short a name
			continue
		}
		s := jaroWinkler(q.text[i], e.text[j])
		if slip(q.text[i], e.text[j]) {
			s = max(s, nearSimilarity) // Văn, Vnă: too short for a typo, still a slip
		}
		if s >= best {
			best, bj = s, j
		}
	}
	return bj
}

func sortDesc(f []float64) {
	for k := 1; k < len(f); k++ {
		for m := k; m > 0 && f[m] > f[m-1]; m-- {
			f[m], f[m-1] = f[m-1], f[m]
		}
	}
}

// parsedName is a name normalised and cut into parts.
type parsedName struct {
	raw    string
	script script
	toks   []string
	keys   []string
}

func parseName(raw string) parsedName {
	p := parsedName{raw: raw, script: scriptOf(raw)}
	p.toks = strings.Fields(Normalize(raw))
	if len(p.toks) > maxParts {
		p.toks = p.toks[:maxParts]
	}
	p.keys = make([]string, len(p.toks))
	for i, t := range p.toks {
		p.keys[i] = string(phoneticKey(nil, t))
	}
	return p
}

func (p *parsedName) side(s *side) {
	s.script = p.script
	s.setParts(p.toks, p.keys, func(i int) float64 { return weightOf(builtinFrequency(p.keys[i])) })
	for i := 0; i < s.n; i++ {
		s.est[i] = builtinNames[p.toks[i]]
	}
}

// crossScript reports whether two names must be compared as transliterations
// of each other: written in different scripts. Two names in Arabic script
// are compared as one script: the cross-script merges of the phonetic key
// (ج, خ and غ meet there) would make Khalil Jalil and Ghassan Hassan, and
// Arabic with and without vowel marks still meets (sameVowelSlots).
//
// Hangul is compared as the Latin it is romanised to: the cross-script
// merges (h and j, ch and s) would join Korean syllables that differ.
//
// Kana is too: Hepburn writes it exactly, and the merges would join
// Hanako and Junko.
func crossScript(a, b script) bool {
	if a == scriptHangul || a == scriptKana {
		a = scriptLatin
	}
	if b == scriptHangul || b == scriptKana {
		b = scriptLatin
	}
	return a != b
}

// scriptBits is the bit of a script in a token's scripts: Hangul's and
// Latin's for Hangul, which is compared as Latin (see crossScript).
func scriptBits(s script) uint8 {
	if s == scriptHangul || s == scriptKana {
		return 1<<s | 1<<scriptLatin
	}
	if s == scriptThai {
		return 1 << scriptOther // a token's scripts has eight bits
	}
	return 1 << s
}

// koreanSurnameOf reports whether parts i and j, one name in Hangul, are
// spellings of one Korean surname, one of them a single letter (I, O)
// that would otherwise be read as an initial.
func koreanSurnameOf(q, e *side, i, j int) bool {
	return (q.script == scriptHangul || e.script == scriptHangul) && sameKoreanSurname(q.text[i], e.text[j])
}

// koreanSyllables reports whether a match of parts i and j must be
// dropped because one name is Korean in Hangul and the two parts are not
// the same syllables however romanised: a Korean given name is a few
// syllables from a small stock, so a letter apart (Yeong, Jeong; Min,
// Mun) is another name, not a slip. Exact parts and the spellings of one
// surname (koreanSurnameGroups) stand.
func koreanSyllables(q, e *side, i, j int, h how) bool {
	if q.script != scriptHangul && e.script != scriptHangul {
		return false
	}
	switch h {
	case howNone, howExact, howInitial:
		return false
	}
	a, b := q.text[i], e.text[j]
	return a != b && !sameKoreanSurname(a, b) && !koreanKeyEq(koreanKey(a), koreanKey(b))
}

// koreanKeyEq reports whether two Korean keys are one: the same, but
// that the W of a first "you" meets the U of yu and yoo and the o of yeo.
func koreanKeyEq(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if c, d := a[i], b[i]; c != d && !(c == 'W' && (d == 'U' || d == 'o')) && !(d == 'W' && (c == 'U' || c == 'o')) {
			return false
		}
	}
	return true
}

// koreanKey writes a romanised Korean syllable or run of syllables so that
// its romanisations meet: RR, McCune-Reischauer without its marks, and the
// spellings passports use (Yeong, Yŏng, Young; Cheol, Ch'ŏl, Chul; Hui,
// Hŭi, Hee; Jae, Chae). The vowels 어 오 우 으 (eo, o, u, eu, oo) are one,
// as are 의 and 이 (ui, ee, i) and 애 and 에 (ae, e); initial consonants
// lose voicing (g k, d t, b p, j ch) as the two systems write them
// differently; sh is s, r is l.
func koreanKey(s string) string {
	var b [48]byte
	out := b[:0]
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case i == 0 && strings.HasPrefix(rest, "yu"):
			// 유, 윤 (Yu, Yoon) first are not 여, 연 (Yeo, Yŏn): where
			// a consonant comes first, passports write 여 yu (Hyun,
			// Kyung), so only a name's first y tells them apart
			out, i = append(out, 'y', 'U'), i+2
		case i == 0 && strings.HasPrefix(rest, "yoo"):
			out, i = append(out, 'y', 'U'), i+3
		case i == 0 && strings.HasPrefix(rest, "you"):
			// Youn is written for 윤 and for 연: either (koreanKeyEq)
			out, i = append(out, 'y', 'W'), i+3
		case strings.HasPrefix(rest, "woo"):
			out, i = append(out, 'o'), i+3 // 우: u, woo
		case strings.HasPrefix(rest, "yeo") || strings.HasPrefix(rest, "you"):
			out, i = append(out, 'y', 'o'), i+3
		case strings.HasPrefix(rest, "eo") || strings.HasPrefix(rest, "oo") || strings.HasPrefix(rest, "eu") || strings.HasPrefix(rest, "ou"):
			out, i = append(out, 'o'), i+2
		case strings.HasPrefix(rest, "ui") || strings.HasPrefix(rest, "ee"):
			out, i = append(out, 'i'), i+2
		case strings.HasPrefix(rest, "ae"):
			out, i = append(out, 'e'), i+2
		case strings.HasPrefix(rest, "ch") || strings.HasPrefix(rest, "sh"):
			c := byte('c')
			if rest[0] == 's' {
				c = 's'
			}
			out, i = append(out, c), i+2
		default:
			c := rest[0]
			switch c {
			case 'u':
				c = 'o'
			case 'g':
				// ng ending a syllable stays; a g beginning one (before a
				// vowel, y or w) is k, after n too (Jingyeong, Jinkyung)
				if len(out) == 0 || out[len(out)-1] != 'n' || len(rest) > 1 && strings.IndexByte("aeiouyw", rest[1]) >= 0 {
					c = 'k'
				}
			case 'd':
				c = 't'
			case 'b':
				c = 'p'
			case 'j':
				c = 'c'
			case 'r':
				c = 'l'
			}
			out, i = append(out, c), i+1
		}
	}
	return string(out)
}

// Compare scores two persons directly, without an index: the name parts are
// weighed by a built-in table of common name parts. It is symmetric but for
// the labels "joined"/"split" and "missing"/"extra", which are told from a's
// side.
func Compare(a, b PersonQuery) (float64, Explanation) {
	pa, pb := parseName(a.Name), parseName(b.Name)
	var qa, qb side
	pa.side(&qa)
	pb.side(&qb)
	cross := crossScript(pa.script, pb.script)
	var sims [maxParts][maxParts]pairScore
	fillSims(&qa, &qb, cross, &sims)
	var r nameResult
	scoreSides(&qa, &qb, cross, &sims, &r, 0)
	var nats []uint16
	if c, ok := natCode(b.Nationality); ok {
		nats = []uint16{c}
	}
	qc, _ := natCode(a.Nationality)
	q := qualify(r.score, r.single, r.strong, parseDate(a.BirthDate), parseDate(b.BirthDate), normSex(a.Sex), normSex(b.Sex), qc, nats)
	ex := explain(b.Name, &qa, &qb, &r, q)
	return q.score, ex
}

// qualified is the name score after date of birth, sex and nationality.
type qualified struct {
	score       float64
	dob         dobRelation
	sex, nation agreement
}

// evidence orders the qualifiers of equal scores, strongest first: how the
// dates of birth agree, then sex, then nationality.
func (q qualified) evidence() int {
	var d int
	switch q.dob {
	case dobExact:
		d = 7
	case dobSwappedRel:
		d = 6
	case dobMonth:
		d = 5
	case dobYear:
		d = 4
	case dobOneYearOffRel:
		d = 3
	case dobUnknown:
		d = 2
	case dobNearRel, dobApproxRel, dobSlipRel:
		d = 1
	}
	e := d * 4
	if q.sex == agrees {
		e += 2
	}
	if q.nation == agrees {
		e++
	}
	return e
}

// agreement is how an attribute known on both sides compares.
type agreement uint8

const (
	unknown agreement = iota
	agrees
	disagrees
)

var agreementNames = [...]string{"unknown", "match", "mismatch"}

// Qualifier factors. A date of birth that agrees exactly halves the distance
// to a perfect score: two persons rarely share both a similar name and a
// birthday (about one pair in 20,000 share a birthday), so a name half
// matched with the same full date deserves a look, while a single shared
// part never does (see qualify). A clear mismatch cuts the score so that
// namesakes born on other days do not match. A record without a date, when
// the check gives one, costs a little: the same name with a date that
// agrees must come first, and the record proves less. Day and month
// swapped, or the year off by one, are slips of a date that otherwise
// agrees, which a different person rarely shares: they cost the name
// nothing (swapped) or little, so that such a record is not ranked below a
// namesake whose date is unknown (measured on the generator's date-slip
// queries). Sex and nationality only ever lower the score: documents get
// them wrong and people hold several nationalities, so their agreement
// proves little.
const (
	dobExactLift  = 0.5
	dobMissing    = 0.97
	dobMonthLift  = 0.05
	dobSwapped    = 1.0
	dobOneYearOff = 0.95
	dobMismatch   = 0.6
	dobNearStrong = 0.9
	// dobYearOffApprox is a year alone one year off, for a name that is
	// not strong: a namesake as often as the same person, so no hit on
	// the name alone (Filmon Dawit, 2000-07-31, against the one listed
	// as born 2001).
	dobYearOffApprox = 0.7
	// thinCap is the most a thin name (see thinName) scores without a
	// date that agrees better than the year: under the threshold.
	thinCap        = 0.7
	sexMismatch    = 0.9
	nationMismatch = 0.95
)

// A near date (dobNearRel) is a mismatch but for a strong name (see
// nameResult.strong): a rare name of several parts matched in full is
// seldom another person's, so its date one digit or a few years off is
// the list's approximation or a slip (0.9); a common name with a date
// that differs is a namesake.
//
// qualify applies date of birth, sex and nationality to a name score. The
// index and Compare both use it, so that a check and `screen compare` agree
// to the last digit.
//
// A name that matched on a single part stays at most singlePartCap however
// well the rest agrees: one shared part is never a hit (see
// DefaultThreshold), and a check generates no candidate from one alone.
func qualify(name float64, single bool, st strength, qd, ed date, qsex, esex byte, qnat uint16, enats []uint16) qualified {
	q := qualified{score: name, dob: relateDates(qd, ed)}
	switch q.dob {
	case dobUnknown:
		if qd != 0 && ed == 0 {
			q.score *= dobMissing
		}
		if st <= thinPair && qd != 0 || st == thinLoose {
			// the check gives a date the record cannot confirm: a
			// common pair of parts out of a longer name is not enough
			// (see thinName); a check without a date asks for the
			// name's namesakes
			q.score = min(q.score, thinCap)
		}
	case dobYear:
		if st <= thin {
			q.score = min(q.score, thinCap)
		}
	case dobExact:
		q.score += dobExactLift * (1 - q.score)
	case dobMonth:
		q.score += dobMonthLift * (1 - q.score)
	case dobSwappedRel:
		q.score *= dobSwapped
	case dobOneYearOffRel:
		if (qd%10000 == 0 || ed%10000 == 0) && !(st >= strong && name >= strongMatch) {
			// a year alone (or a first of January) against the year
			// before or after is no slip of a date that agrees: only a
			// strong name keeps the slip's factor
			q.score *= dobYearOffApprox
		} else {
			q.score *= dobOneYearOff
		}
	case dobMismatchRel:
		q.score *= dobMismatch
	case dobSlipRel:
		if st >= fair && name >= strongMatch {
			q.score *= dobNearStrong
		} else {
			q.score *= dobMismatch
		}
	case dobNearRel:
		if st >= strong && name >= strongMatch {
			q.score *= dobNearStrong
		} else {
			q.score *= dobMismatch
		}
	case dobApproxRel:
		if st >= veryStrong && name >= strongMatch {
			q.score *= dobNearStrong
		} else {
			q.score *= dobMismatch
		}
	}
	if qsex != 0 && esex != 0 {
		q.sex = agrees
		if qsex != esex {
			q.sex = disagrees
			q.score *= sexMismatch
		}
	}
	if qnat != 0 && len(enats) > 0 {
		q.nation = disagrees
		if slices.Contains(enats, qnat) {
			q.nation = agrees
		} else {
			q.score *= nationMismatch
		}
	}
	q.score = min(1, max(0, q.score))
	if single {
		q.score = min(q.score, singlePartCap)
	}
	return q
}

// natCode packs an ISO 3166-1 alpha-2 code into two upper-case bytes; ok
// is false for anything else.
func natCode(s string) (uint16, bool) {
	if len(s) != 2 {
		return 0, false
	}
	return uint16(upper(s[0]))<<8 | uint16(upper(s[1])), true
}

func normSex(s string) byte {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "M", "MALE":
		return 'M'
	case "F", "FEMALE":
		return 'F'
	}
	return 0
}

// date is a date of birth as y*10000 + m*100 + d; 0 is unknown, m = 0 a year
// alone, d = 0 a year and month.
type date uint32

// parseDate reads "1980", "1980-05" or "1980-05-01". A first of January is
// read as the year alone: it is what registrations write when only the year
// is known, above all for migrants.
func parseDate(s string) date {
	s = strings.TrimSpace(s)
	num := func(t string) int {
		if t == "" {
			return -1
		}
		n := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			n = n*10 + int(t[i]-'0')
		}
		return n
	}
	var y, m, d int
	switch len(s) {
	case 4:
		y = num(s)
	case 7:
		if s[4] != '-' {
			return 0
		}
		y, m = num(s[:4]), num(s[5:])
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return 0
		}
		y, m, d = num(s[:4]), num(s[5:7]), num(s[8:])
	default:
		return 0
	}
	if y < 1800 || y > 2200 || m < 0 || m > 12 || d < 0 || d > 31 || (len(s) >= 7 && m == 0) || (len(s) == 10 && d == 0) {
		return 0
	}
	if m == 1 && d == 1 {
		m, d = 0, 0
	}
	return date(y*10000 + m*100 + d)
}

func (d date) parts() (y, m, dd int) { return int(d) / 10000, int(d) / 100 % 100, int(d) % 100 }

func (d date) year() int { return int(d) / 10000 }

// dobRelation is how two dates of birth compare.
type dobRelation uint8

const (
	dobUnknown dobRelation = iota
	dobExact
	dobMonth // same year and month, a day unknown
	dobYear  // same year, month unknown
	dobSwappedRel
	dobOneYearOffRel
	dobMismatchRel
	// dobNearRel is a date that disagrees a little more than a slip: the
	// day one off or one digit off, the month one digit off, the year up
	// to nearYears away on the same day, or up to nearYearsApprox against
	// a year alone (watchlists write approximate dates). It weighs
	// against the name's strength (see qualify).
	dobNearRel
	// dobApproxRel is a year alone (or a month) nearYears away: near only
	// for a very strong name (see qualify).
	dobApproxRel
	// dobSlipRel is a full date near the other (a day or a digit off, the
	// year up to nearYears off on the same day and month): near for a
	// fair name already (see slipWeight).
	dobSlipRel
)

// nearYears is how many years apart a near full date may be on the same
// day and month (a slip of the year's digits: 1979, 1982);
// nearYearsApprox how many when one date is a year or a month alone (an
// approximation: three years apart, it is as often a namesake).
const (
	nearYears       = 3
	nearYearsApprox = 2
)

var dobNames = [...]string{"unknown", "exact", "month", "year", "swapped", "one_year_off", "mismatch", "near", "near", "near"}

func relateDates(a, b date) dobRelation {
	if a == 0 || b == 0 {
		return dobUnknown
	}
	ya, ma, da := a.parts()
	yb, mb, db := b.parts()
	dy := ya - yb
	if dy < 0 {
		dy = -dy
	}
	switch {
	case ma == 0 || mb == 0:
		switch {
		case dy == 0:
			return dobYear
		case dy == 1:
			return dobOneYearOffRel
		case dy <= nearYearsApprox:
			return dobNearRel
		case dy <= nearYears:
			return dobApproxRel
		}
		return dobMismatchRel
	case da == 0 || db == 0:
		switch {
		case dy == 0 && ma == mb:
			return dobMonth
		case dy == 1 && ma == mb:
			return dobOneYearOffRel
		case dy <= nearYearsApprox && ma == mb, dy == 0 && oneDigitOff(ma, mb):
			return dobNearRel
		case dy <= nearYears && ma == mb:
			return dobApproxRel
		}
		return dobMismatchRel
	}
	switch {
	case a == b:
		return dobExact
	case dy == 0 && ma == db && da == mb:
		return dobSwappedRel
	case dy == 1 && ma == mb && da == db:
		return dobOneYearOffRel
	case dy <= nearYears && ma == mb && da == db,
		dy == 0 && ma == mb && (da-db == 1 || db-da == 1 || oneDigitOff(da, db)),
		dy == 0 && da == db && oneDigitOff(ma, mb):
		return dobSlipRel
	}
	return dobMismatchRel
}

// oneDigitOff reports whether two numbers below 100, written with two
// digits, differ in exactly one of them (14 and 19, 14 and 24).
func oneDigitOff(a, b int) bool {
	return (a/10 == b/10) != (a%10 == b%10)
}

// explain writes the explanation of one scored name.
func explain(entryName string, q, e *side, r *nameResult, qd qualified) Explanation {
	ex := Explanation{
		Name:        entryName,
		NameScore:   round3(r.score),
		BirthDate:   dobNames[qd.dob],
		Sex:         agreementNames[qd.sex],
		Nationality: agreementNames[qd.nation],
	}
	ex.Parts = make([]PartMatch, 0, q.n+e.n)
	join := func(s *side, i, n int8) string {
		if n == 1 {
			return s.text[i]
		}
		return strings.Join(s.text[i:i+n], " ")
	}
	pairs := r.pairs[:r.np]
	slices.SortFunc(pairs, func(a, b pairing) int { return cmp.Compare(a.qi, b.qi) })
	matched := 0
	for _, p := range pairs {
		wq, we := 0.0, 0.0
		for t := p.qi; t < p.qi+p.qn; t++ {
			wq = max(wq, q.w[t])
		}
		for t := p.ej; t < p.ej+p.en; t++ {
			we = max(we, e.w[t])
		}
		ex.Parts = append(ex.Parts, PartMatch{
			Query: join(q, p.qi, p.qn), Entry: join(e, p.ej, p.en),
			How: howNames[p.how], Score: round3(float64(p.score)), Weight: round3((wq + we) / 2),
		})
		matched++
	}
	for i := 0; i < q.n; i++ {
		if !r.qUsed[i] {
			ex.Parts = append(ex.Parts, PartMatch{Query: q.text[i], How: howNames[howExtra], Weight: round3(q.w[i])})
		}
	}
	for j := 0; j < e.n; j++ {
		if !r.eUsed[j] {
			ex.Parts = append(ex.Parts, PartMatch{Entry: e.text[j], How: howNames[howMissing], Weight: round3(e.w[j])})
		}
	}
	// The summary is appended by hand rather than with fmt: a check
	// explains up to ten hits, and formatting was a tenth of its time.
	b := make([]byte, 0, 160+len(entryName))
	if matched == 0 {
		b = append(b, "No name part matched "...)
		b = strconv.AppendQuote(b, entryName)
	} else {
		b = append(b, "Name "...)
		b = strconv.AppendQuote(b, entryName)
		b = append(b, " matched on "...)
		b = strconv.AppendInt(b, int64(matched), 10)
		b = append(b, " of "...)
		b = strconv.AppendInt(b, int64(q.n), 10)
		b = append(b, " query parts ("...)
		for k, p := range ex.Parts[:matched] {
			if k > 0 {
				b = append(b, ", "...)
			}
			b = append(append(append(b, p.Query...), ": "...), p.How...)
		}
		b = append(b, ')')
	}
	extra, missing := 0, 0
	for _, p := range ex.Parts[matched:] {
		if p.How == "extra" {
			extra++
		} else {
			missing++
		}
	}
	if extra > 0 {
		b = append(strconv.AppendInt(append(b, ", "...), int64(extra), 10), " query part(s) not in the record"...)
	}
	if missing > 0 {
		b = append(strconv.AppendInt(append(b, ", "...), int64(missing), 10), " record part(s) not in the query"...)
	}
	b = append(b, "; date of birth "...)
	b = append(b, strings.ReplaceAll(ex.BirthDate, "_", " ")...)
	b = append(append(append(b, ", sex "...), ex.Sex...), ", nationality "...)
	b = append(append(b, ex.Nationality...), '.')
	ex.Summary = string(b)
	return ex
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}
