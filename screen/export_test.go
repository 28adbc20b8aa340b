package screen

// SearchEveryone is Search with every person a candidate and every
// candidate scored: what candidate generation must not lose.
func (ix *PersonIndex) SearchEveryone(q PersonQuery, threshold float64, limit int) []Match {
	return ix.search(q, threshold, limit, true)
}
