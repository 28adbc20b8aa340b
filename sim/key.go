package sim

import (
	"unicode"
)

// Coarse keys for finding the watchlist persons a non-matching query could
// be taken for: two names share a key when their words, stripped of
// vowels and particles and with similar consonants merged, are the same
// in any order (Mohammed, Muhammad and Mohamed all give "mt"; Đorđević
// and Djordjevic "trtfk"). The key is deliberately loose: a false
// namesake only constrains the query's date of birth, a missed one could
// mislabel it.

var keyParticles = map[string]bool{
	"al": true, "el": true, "ad": true, "ar": true, "as": true, "an": true, "bin": true, "ibn": true, "ben": true, "bint": true,
	"de": true, "da": true, "do": true, "dos": true, "das": true, "del": true, "della": true, "di": true, "la": true, "le": true,
	"van": true, "von": true, "der": true, "den": true, "y": true, "e": true, "dela": true,
}

func consonantClass(c byte) byte {
	switch c {
	case 'b', 'p':
		return 'b'
	case 'c', 'k', 'q', 'g':
		return 'k'
	case 'd', 't':
		return 't'
	case 'f', 'v', 'w':
		return 'f'
	case 's', 'z', 'x':
		return 's'
	case 'l', 'm', 'n', 'r':
		return c
	}
	return 0 // vowels, h, j, y
}

// appendWordKey appends the key of one lower-case ASCII word. Digraphs
// read as one sound count as one letter (shch, sch, sh → s; tsch, ts, ch →
// c; dzh → j; dj, gj → d; kh → k; zh → z; ph → f; th → t; ck → k).
func appendWordKey(dst, w []byte) []byte {
	if len(w) == 0 || keyParticles[string(w)] {
		return dst
	}
	has := func(i int, p string) bool { return len(w)-i >= len(p) && string(w[i:i+len(p)]) == p }
	start := len(dst)
	for i := 0; i < len(w); {
		c, n := w[i], 1
		switch c {
		case 's':
			switch {
			case has(i, "shch"):
				n = 4
			case has(i, "sch"):
				n = 3
			case has(i, "sh"):
				n = 2
			}
		case 't':
			switch {
			case has(i, "tsch"):
				c, n = 'c', 4
			case has(i, "th"):
				n = 2
			case has(i, "ts"):
				c, n = 'c', 2
			}
		case 'd':
			switch {
			case has(i, "dzh"):
				c, n = 'j', 3
			case has(i, "dj"):
				n = 2
			}
		case 'g':
			if has(i, "gj") {
				c, n = 'd', 2
			}
		case 'k', 'z', 'p':
			if has(i+1, "h") {
				n = 2
				if c == 'p' {
					c = 'f'
				}
			}
		case 'c':
			switch {
			case has(i, "ch"):
				n = 2
			case has(i, "ck"):
				c, n = 'k', 2
			}
		}
		k := consonantClass(c)
		switch {
		case len(dst) == start:
			if k == 0 {
				k = 'a'
			}
			dst = append(dst, k)
		case k != 0 && k != dst[len(dst)-1]:
			dst = append(dst, k)
		}
		i += n
	}
	return dst
}

// keyBuf computes name keys without allocating, for the pass over every
// watchlist person.
type keyBuf struct {
	low   []byte   // the name in lower-case ASCII, other characters as spaces
	words []byte   // word keys back to back
	spans [][2]int // each word key in words, sorted
	full  []byte   // the key of the whole name
	part  [][]byte // for three words or more, the keys with one word left out
}

func (kb *keyBuf) compute(s string) {
	kb.low = kb.low[:0]
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			kb.low = append(kb.low, byte(r))
		case r >= 'A' && r <= 'Z':
			kb.low = append(kb.low, byte(r)+'a'-'A')
		case r < 0x80:
			kb.low = append(kb.low, ' ')
		default:
			f, ok := foldMap[r]
			if !ok {
				kb.low = append(kb.low, ' ')
				continue
			}
			for i := 0; i < len(f); i++ {
				c := f[i]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				kb.low = append(kb.low, c)
			}
		}
	}
	kb.words, kb.spans = kb.words[:0], kb.spans[:0]
	for i := 0; i < len(kb.low); {
		if kb.low[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(kb.low) && kb.low[j] != ' ' {
			j++
		}
		at := len(kb.words)
		kb.words = appendWordKey(kb.words, kb.low[i:j])
		if len(kb.words) > at {
			kb.spans = append(kb.spans, [2]int{at, len(kb.words)})
		}
		i = j
	}
	word := func(i int) []byte { return kb.words[kb.spans[i][0]:kb.spans[i][1]] }
	for i := 1; i < len(kb.spans); i++ {
		for j := i; j > 0 && string(word(j)) < string(word(j-1)); j-- {
			kb.spans[j], kb.spans[j-1] = kb.spans[j-1], kb.spans[j]
		}
	}
	join := func(dst []byte, skip int) []byte {
		dst = dst[:0]
		for i := range kb.spans {
			if i == skip {
				continue
			}
			if len(dst) > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, word(i)...)
		}
		return dst
	}
	kb.full = join(kb.full, -1)
	n := len(kb.spans)
	if n < 3 {
		kb.part = kb.part[:0]
		return
	}
	for len(kb.part) < n {
		kb.part = append(kb.part, nil)
	}
	kb.part = kb.part[:n]
	for i := range n {
		kb.part[i] = join(kb.part[i], i)
	}
}

// nameKeys returns the key of the whole name and, for names of three
// words or more, the keys of the name with one word left out.
func nameKeys(s string) (full string, partial []string) {
	var kb keyBuf
	kb.compute(stripMarks(s))
	for _, p := range kb.part {
		partial = append(partial, string(p))
	}
	return string(kb.full), partial
}

// WordKeys holds the coarse keys of a name's words, sorted, so that two
// names can be compared by the keys they share whatever their order. Its
// buffers are reused: each goroutine keeps its own.
type WordKeys struct{ kb keyBuf }

// Set computes the keys of name's words (any script; its Latin words
// count).
func (k *WordKeys) Set(name string) { k.kb.compute(stripMarks(name)) }

// Len returns how many word keys the name has.
func (k *WordKeys) Len() int { return len(k.kb.spans) }

// Word returns the i-th word key, valid until the next Set.
func (k *WordKeys) Word(i int) []byte { return k.kb.words[k.kb.spans[i][0]:k.kb.spans[i][1]] }

// isLatinText reports whether the letters of s are all Latin.
func isLatinText(s string) bool {
	for _, r := range s {
		if r >= 0x370 && r < 0x1E00 && unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
