package sim

import (
	"strings"
	"unicode"
)

// Keyboard rows of the layouts names are typed on: a typo hits a
// neighbouring key far more often than a random letter.
var layouts = []string{
	"qwertyuiop", "asdfghjkl", "zxcvbnm",
	"йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю",
	"ςερτυθιοπ", "ασδφγηξκλ", "ζχψωβνμ",
	"ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرلاىةوزظ",
}

var neighbours = func() map[rune][]rune {
	m := map[rune][]rune{}
	add := func(a, b rune) {
		if a != b && !strings.ContainsRune(string(m[a]), b) {
			m[a] = append(m[a], b)
		}
	}
	for block := 0; block < len(layouts); block += 3 {
		rows := [][]rune{[]rune(layouts[block]), []rune(layouts[block+1]), []rune(layouts[block+2])}
		for ri, row := range rows {
			for i, c := range row {
				if i > 0 {
					add(c, row[i-1])
				}
				if i+1 < len(row) {
					add(c, row[i+1])
				}
				for _, rj := range []int{ri - 1, ri + 1} {
					if rj >= 0 && rj < len(rows) && i < len(rows[rj]) {
						add(c, rows[rj][i])
					}
				}
			}
		}
	}
	return m
}()

func neighbour(r *Rand, c rune) rune {
	lc := unicode.ToLower(c)
	ns := neighbours[lc]
	if len(ns) == 0 {
		if f := foldMap[lc]; len(f) == 1 {
			ns = neighbours[rune(f[0])]
		}
	}
	if len(ns) == 0 {
		return c
	}
	n := ns[r.IntN(len(ns))]
	if lc != c {
		n = unicode.ToUpper(n)
	}
	return n
}

// typo makes one or two slips of the hand in s: a neighbouring key, a
// letter left out, typed twice, or two letters swapped. The first letter
// of a word is rarely wrong, and words of one or two letters (initials,
// particles) are left alone.
func typo(r *Rand, s string) string {
	rs := []rune(s)
	edits := 1
	if r.Chance(0.3) {
		edits = 2
	}
	for e := 0; e < edits; e++ {
		var pos []int
		start := -1
		for i := 0; i <= len(rs); i++ {
			if i < len(rs) && unicode.IsLetter(rs[i]) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 && i-start >= 3 {
				from := start + 1
				if r.Chance(0.15) {
					from = start
				}
				for j := from; j < i; j++ {
					pos = append(pos, j)
				}
			}
			start = -1
		}
		if len(pos) == 0 {
			break
		}
		i := pos[r.IntN(len(pos))]
		switch x := r.Float64(); {
		case x < 0.35:
			rs[i] = neighbour(r, rs[i])
		case x < 0.6:
			rs = append(rs[:i], rs[i+1:]...)
		case x < 0.8:
			c := rs[i]
			if r.Chance(0.4) {
				c = neighbour(r, c)
			}
			if unicode.IsUpper(rs[i]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) {
				c = unicode.ToLower(c)
			}
			rs = append(rs[:i+1], append([]rune{c}, rs[i+1:]...)...)
		default:
			if i+1 < len(rs) && unicode.IsLetter(rs[i+1]) {
				a, b := rs[i], rs[i+1]
				if unicode.IsUpper(a) && !unicode.IsUpper(b) {
					a, b = unicode.ToLower(a), unicode.ToUpper(b)
				}
				rs[i], rs[i+1] = b, a
			} else {
				rs[i] = neighbour(r, rs[i])
			}
		}
	}
	return string(rs)
}

// dropDiacritics writes s as keyboards without the marks do: Latin letters
// folded, Greek without tonos, Russian ё as е, Arabic without hamza seats
// and with ة as ه.
func dropDiacritics(s, script string) string {
	switch script {
	case "greek":
		return stripGreekAccents(s)
	case "cyrillic":
		return strings.NewReplacer("ё", "е", "Ё", "Е").Replace(s)
	case "arabic":
		return normalizeArabic(s)
	}
	return foldLatin(s)
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
