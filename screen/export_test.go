package screen

// SearchEveryone is Search with every person a candidate and every
// candidate scored: what candidate generation must not lose.
func (ix *PersonIndex) SearchEveryone(q PersonQuery, threshold float64, limit int) []Match {
	return ix.search(q, threshold, limit, true)
}
func Equivalent(a, b string) bool          { return equivalent(a, b) }
func ThaiKey(s string) string              { return thaiKey(s) }
func EquivalentNames() map[string][]string { equivOnce.Do(loadEquivalents); return equivMap }
