package screen

// maxCompareLen bounds the letters of a part that the edit distances look at:
// no real name part is longer, and the work per pair stays constant.
const maxCompareLen = 48

// osaDistance returns the optimal string alignment (restricted
// Damerau-Levenshtein) distance between a and b, or max+1 when it exceeds
// max. Transpositions count once: the commonest typing slip in names. Only
// the band of width max around the diagonal is computed, after the common
// prefix and suffix are cut.
func osaDistance(a, b string, max int) int {
	if len(a) > maxCompareLen {
		a = a[:maxCompareLen]
	}
	if len(b) > maxCompareLen {
		b = b[:maxCompareLen]
	}
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	la, lb := len(a), len(b)
	if d := la - lb; d > max || -d > max {
		return max + 1
	}
	if la == 0 || lb == 0 {
		return la + lb
	}
	const inf = 200
	var rows [3][maxCompareLen + 2]uint8
	prev2, prev, cur := rows[0][:lb+2], rows[1][:lb+2], rows[2][:lb+2]
	for j := range prev {
		prev[j], prev2[j], cur[j] = inf, inf, inf
		if j <= max {
			prev[j] = uint8(j)
		}
	}
	for i := 1; i <= la; i++ {
		lo, hi := i-max, i+max
		if lo < 1 {
			lo = 1
		}
		if hi > lb {
			hi = lb
		}
		if lo == 1 && i <= max {
			cur[0] = uint8(i)
		} else {
			cur[lo-1] = inf
		}
		cur[hi+1] = inf
		rowMin := uint8(inf)
		if lo == 1 {
			rowMin = cur[0]
		}
		ai := a[i-1]
		for j := lo; j <= hi; j++ {
			v := prev[j-1]
			if ai != b[j-1] {
				v++
			}
			if x := prev[j] + 1; x < v {
				v = x
			}
			if x := cur[j-1] + 1; x < v {
				v = x
			}
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] {
				if x := prev2[j-2] + 1; x < v {
					v = x
				}
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if int(rowMin) > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if int(prev[lb]) > max {
		return max + 1
	}
	return int(prev[lb])
}

// JaroWinkler is the Jaro-Winkler similarity of two strings (bytes,
// the first 48 of each) that the matcher uses, for the linking engine.
func JaroWinkler(a, b string) float64 { return jaroWinkler(a, b) }

// jaroWinkler returns the Jaro-Winkler similarity of a and b in 0..1.
func jaroWinkler(a, b string) float64 {
	if len(a) > maxCompareLen {
		a = a[:maxCompareLen]
	}
	if len(b) > maxCompareLen {
		b = b[:maxCompareLen]
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		if la == lb {
			return 1
		}
		return 0
	}
	window := max(la, lb)/2 - 1
	if window < 0 {
		window = 0
	}
	var ma, mb [maxCompareLen]bool
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	prefix := 0
	for prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}
