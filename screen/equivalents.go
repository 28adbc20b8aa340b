package screen

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// Given names have equivalents across languages that no spelling rule
// makes meet: Ioannis, John, Juan, Giovanni and Yahya; Joseph, Giuseppe
// and Yusuf; William and Bill; Margaret and Peggy. equivalents.txt holds
// them, generated from open data (WikDict's Wiktionary translations of
// given names and Text::Names' English nicknames; see
// equivalents.README.md for the sources, their licences and the command),
// in the normalised form (Greek Γεώργιος is georgios, which meets
// george). A part meets its equivalent at equivalentScore: enough to
// count as the same part, less than a spelling of it, so that a name
// matched through an equivalent needs the rest of the name, and the date,
// to hit.

//go:embed equivalents.txt
var equivalentsText string

// equivalentScore is the score of a name part against an equivalent
// of it in another language (Juan, John).
const equivalentScore = 0.85

var (
	equivOnce sync.Once
	equivMap  map[string][]string // sorted equivalents of each name
)

func loadEquivalents() {
	m := make(map[string][]string, 6000)
	for line := range strings.Lines(equivalentsText) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, ok := strings.Cut(line, "\t")
		if !ok || name == "" {
			continue
		}
		es := strings.Fields(rest)
		slices.Sort(es)
		m[name] = es
	}
	equivMap = m
}

// equivalentsOf returns the equivalents of a normalised name part, sorted;
// nil for a part with none.
func equivalentsOf(s string) []string {
	equivOnce.Do(loadEquivalents)
	return equivMap[s]
}

// equivalent reports whether two normalised name parts are equivalents
// of each other in the table (never a part and itself).
func equivalent(a, b string) bool {
	if a == b || len(a) < 2 || len(b) < 2 {
		return false
	}
	_, ok := slices.BinarySearch(equivalentsOf(a), b)
	return ok
}

// equivalentSims lifts the scores of two parts that are equivalents to
// equivalentScore, within one script and across scripts.
func equivalentSims(a, b string, same, cross pairScore) (pairScore, pairScore) {
	if !equivalent(a, b) {
		return same, cross
	}
	e := pairScore{equivalentScore, howEquivalent}
	if same.score < equivalentScore {
		same = e
	}
	if cross.score < equivalentScore {
		cross = e
	}
	return same, cross
}

// equivalentTokens adds the indexed tokens that are equivalents of query
// part t (of phonetic key k) to the part's matches, so that a John finds
// the Ioannis and the Juan of the list as candidates.
func (ix *PersonIndex) equivalentTokens(sc *searchScratch, t, k string) {
	for _, e := range equivalentsOf(t) {
		if id, ok := ix.tokID[e]; ok {
			sc.addFound(id)(partSims(t, e, k, ix.toks[id].keyText))
		}
	}
}
