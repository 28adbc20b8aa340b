package screen

import "strings"

// Thai names are romanised by the Royal Thai General System of
// Transcription (RTGS, Royal Institute, 1999): consonants by their value
// at the start and at the end of a syllable (ก k; จ ch, final t; ร r,
// final n), vowels written before, above, below and after the consonant
// read as one (เ-ีย ia, เ-ือ uea, -ัว ua, เ-า ao, ไ ai), tone marks and
// the silenced letter (under ์) dropped, and the vowels Thai leaves
// unwritten supplied: o between two consonants closing a syllable (สม
// som, คน khon), a after a consonant that opens the next one (สมัย
// samai). Without a dictionary the cut between syllables is a guess, so
// a name read here meets a Latin spelling through thaiKey, which also
// makes the popular spellings of Thai passports meet RTGS (Somchai;
// Prasert, Prasoet; Pornthip, Phonthip; Boonmee, Bunmi).

func isThai(r rune) bool { return r >= 0x0E01 && r <= 0x0E5B }

// thaiCons is a consonant's RTGS value at the start of a syllable and
// at its end ("" for the few never final).
var thaiCons = map[rune][2]string{
	'ก': {"k", "k"}, 'ข': {"kh", "k"}, 'ฃ': {"kh", "k"}, 'ค': {"kh", "k"}, 'ฅ': {"kh", "k"}, 'ฆ': {"kh", "k"},
	'ง': {"ng", "ng"}, 'จ': {"ch", "t"}, 'ฉ': {"ch", "t"}, 'ช': {"ch", "t"}, 'ซ': {"s", "t"}, 'ฌ': {"ch", "t"},
	'ญ': {"y", "n"}, 'ฎ': {"d", "t"}, 'ฏ': {"t", "t"}, 'ฐ': {"th", "t"}, 'ฑ': {"th", "t"}, 'ฒ': {"th", "t"},
	'ณ': {"n", "n"}, 'ด': {"d", "t"}, 'ต': {"t", "t"}, 'ถ': {"th", "t"}, 'ท': {"th", "t"}, 'ธ': {"th", "t"},
	'น': {"n", "n"}, 'บ': {"b", "p"}, 'ป': {"p", "p"}, 'ผ': {"ph", "p"}, 'ฝ': {"f", "p"}, 'พ': {"ph", "p"},
	'ฟ': {"f", "p"}, 'ภ': {"ph", "p"}, 'ม': {"m", "m"}, 'ย': {"y", "i"}, 'ร': {"r", "n"}, 'ล': {"l", "n"},
	'ว': {"w", "o"}, 'ศ': {"s", "t"}, 'ษ': {"s", "t"}, 'ส': {"s", "t"}, 'ห': {"h", ""}, 'ฬ': {"l", "n"},
	'อ': {"", ""}, 'ฮ': {"h", ""},
}

func thaiConsonant(r rune) bool { _, ok := thaiCons[r]; return ok }

// thaiLead are the vowels written before their consonant.
func thaiLead(r rune) bool { return r >= 'เ' && r <= 'ไ' }

func thaiMark(r rune) bool {
	return r >= 0x0E48 && r <= 0x0E4B || r == 0x0E47 || r == 0x0E4D || r == 0x0E4E // tones, shortener, nikhahit, yamakkan
}

// thaiWord romanises the run of Thai letters starting at rs[i] into w and
// returns the index after it.
func thaiWord(w *wordWriter, rs []rune, i int) int {
	j := i
	for j < len(rs) && isThai(rs[j]) && rs[j] != 0x0E2F && rs[j] != 0x0E46 && !(rs[j] >= 0x0E50 && rs[j] <= 0x0E5B) {
		j++
	}
	// Drop tone marks and letters silenced by the thanthakhat (with the
	// letter before it when that one carries no vowel: ศักดิ์ sak).
	var buf [128]rune
	t := buf[:0]
	for k := i; k < j && len(t) < cap(buf); k++ {
		r := rs[k]
		switch {
		case r == 0x0E4C: // thanthakhat: the letter before is silent
			if n := len(t); n > 0 {
				if thaiSilentVowel(t[n-1]) && n > 1 {
					t = t[:n-2]
				} else {
					t = t[:n-1]
				}
			}
			continue
		case thaiMark(r) && r != 0x0E4D:
			continue
		}
		t = append(t, r)
	}
	var out [256]byte
	o := thaiRoman(out[:0], t)
	w.space()
	w.word(string(o))
	w.space()
	if j == i {
		return i + 1
	}
	return j
}

// thaiSilentVowel: a vowel sign under a silenced letter goes with it
// (สวัสดิ์: the ิ and ด).
func thaiSilentVowel(r rune) bool { return r == 'ิ' || r == 'ุ' }

// thaiRoman romanises letters without tone marks, syllable by syllable.
func thaiRoman(dst []byte, t []rune) []byte {
	n := len(t)
	at := func(k int) rune {
		if k >= 0 && k < n {
			return t[k]
		}
		return 0
	}
	for k := 0; k < n; {
		r := t[k]
		lead := rune(0)
		if thaiLead(r) {
			lead = r
			k++
			r = at(k)
		}
		if r == 'ฤ' {
			dst = append(dst, "rue"...)
			k++
			continue
		}
		if !thaiConsonant(r) {
			// a vowel sign out of place, or another sign: read alone
			dst = append(dst, thaiVowelAlone(r)...)
			k++
			continue
		}
		// Initial consonant, with a cluster (ปร pr, กล kl, กว kw) or a
		// leading ห or อ that only sets the tone (หญิง ying, อยู่ yu).
		k++
		init := thaiCons[r][0]
		if c := at(k); c == 'ร' && (r == 'ส' || r == 'ศ' || r == 'ซ' || r == 'ท') && thaiVowelAfter(t, k+1, lead) {
			k++ // สร, ศร, ซร: s (ศรี si); ทร: s (ทราย sai)
			if r == 'ท' {
				init = "s"
			}
		} else if (r == 'ห' && thaiSonorant(at(k)) || r == 'อ' && at(k) == 'ย') && thaiVowelAfter(t, k+1, lead) {
			init = thaiCons[at(k)][0]
			k++
		} else if c := at(k); (c == 'ร' || c == 'ล' || c == 'ว' && lead == 0 && k+1 < n && at(k+1) != 'ง' && at(k+1) != 'น') && thaiCluster(r) && thaiVowelAfter(t, k+1, lead) {
			init += thaiCons[c][0]
			k++
		}
		dst = append(dst, init...)
		// The vowel.
		v, used := thaiVowel(t, k, lead)
		k += used
		// The final consonant, when the next letter is one not followed
		// by a vowel of its own (a following vowel makes it the next
		// syllable's initial).
		fin := ""
		hanakat := v == "a" && used == 1 && at(k-1) == 'ั'
		closed := hanakat || lead != 0 // ั and the leading vowels close on the next consonant
		open := lead == 'ไ' || lead == 'ใ' || used > 0 && (at(k-1) == 'ี' || at(k-1) == 'ู' || at(k-1) == 'ื' || at(k-1) == 'ำ')
		if open && thaiConsonant(at(k)) && k+1 < n && thaiConsonant(at(k+1)) && thaiOpensSyllable(t, k+1) {
			closed = false // ศรีสวัสดิ์ si-sa-wat: a long vowel before a consonant that opens with a
		}
		if c := at(k); v == "" && c == 'อ' && !thaiOpensSyllable(t, k) {
			v = "o" // -อ: o (พอ pho; ทอง thong)
			k++
			if c2 := at(k); thaiConsonant(c2) && thaiCloses(t, k) {
				fin = thaiCons[c2][1]
				k++
			}
		} else if v == "" && c == 'ว' && thaiConsonant(at(k+1)) && !thaiOpensSyllable(t, k) && !thaiOpensSyllable(t, k+1) {
			v, fin = "ua", thaiCons[at(k+1)][1] // -ว-: ua (ดวง duang)
			k += 2
		} else if thaiConsonant(c) && (closed && !thaiOpensSyllable(t, k) || !closed && !(open && k+1 < n && thaiConsonant(at(k+1)) && thaiOpensSyllable(t, k+1)) && thaiCloses(t, k)) {
			if c == 'ร' && at(k+1) == 'ร' && v == "" {
				// รร: an (สรรพ, กรรม), or a before the next consonant
				v, fin = "a", "n"
				k += 2
				if thaiConsonant(at(k)) && !thaiOpensSyllable(t, k) {
					v, fin = "a", thaiCons[at(k)][1]
					k++
				}
			} else {
				fin = thaiCons[c][1]
				k++
				if v == "" {
					v = "o" // a closed syllable without a written vowel: som
				}
				if lead != 0 && at(k) == 'ร' && k == n-1 {
					k++ // เพชร phet: a final ร after a closed syllable is silent
				} else if c2 := at(k); hanakat && !thaiSonorant(c) && c != 'น' && thaiConsonant(c2) && !thaiOpensSyllable(t, k) && k+1 < n {
					// a consonant closing one syllable and opening the
					// next (ณัฐพงศ์ nat-tha-phong, รัตนกุล rat-ta-na-kun)
					dst = append(dst, v...)
					dst = append(dst, fin...)
					dst = append(dst, thaiCons[c][0]...)
					v, fin = "a", ""
				}
			}
		}
		if v == "" {
			v = "a" // an open syllable without a written vowel: sa-
		}
		dst = append(dst, v...)
		dst = append(dst, fin...)
	}
	return dst
}

// thaiCluster reports whether r begins the clusters of RTGS (pr, kl, khw).
func thaiCluster(r rune) bool {
	switch r {
	case 'ก', 'ข', 'ค', 'ต', 'ป', 'พ', 'ผ', 'บ', 'ด', 'ท', 'ฟ':
		return true
	}
	return false
}

func thaiSonorant(r rune) bool {
	switch r {
	case 'ง', 'ญ', 'น', 'ม', 'ย', 'ร', 'ล', 'ว':
		return true
	}
	return false
}

// thaiVowelAfter reports whether a vowel is written at t[k] (or before,
// as lead): the cluster or silent ห has a vowel to carry.
func thaiVowelAfter(t []rune, k int, lead rune) bool {
	if lead != 0 {
		return true
	}
	if k >= len(t) {
		return false
	}
	return !thaiConsonant(t[k]) || t[k] == 'อ' || t[k] == 'ว'
}

// thaiCloses reports whether the consonant at t[k], after a syllable's
// initial and written vowel (if any), closes that syllable. Bare
// consonants (no vowel of their own) before one that opens a syllable:
// the first closes (จินตนา chin-ta-na, สมชาย som-chai). Bare consonants
// to the end of the word pair from the end, each pair a syllable with
// an unwritten o (สมพงษ์ som-phong; ณรงค์ na-rong, ธนากร tha-na-kon), so
// the first closes when they are odd in number.
func thaiCloses(t []rune, k int) bool {
	if thaiOpensSyllable(t, k) {
		return false
	}
	m := 0
	j := k
	for ; j < len(t) && thaiConsonant(t[j]) && !thaiOpensSyllable(t, j); j++ {
		m++
	}
	if j < len(t) {
		return true
	}
	return m%2 == 1
}

// thaiOpensSyllable reports whether the consonant at t[k] opens a
// syllable: a vowel sign follows it, or a second consonant it is read
// with (a cluster, ปร pr; a leading ห, หญ y; a silent ร, ศร s) and then a
// vowel sign.
func thaiOpensSyllable(t []rune, k int) bool {
	if k+1 >= len(t) {
		return false
	}
	next := t[k+1]
	switch {
	case thaiLead(next) || next == 'ฤ':
		return false
	case next == 'อ':
		// อ after a consonant is its vowel o (ทอง thong), unless a vowel
		// sign follows it and makes it the next syllable's initial
		return k+2 >= len(t) || thaiConsonant(t[k+2]) || thaiLead(t[k+2])
	case thaiConsonant(next):
		return k+2 < len(t) && !thaiConsonant(t[k+2]) && !thaiLead(t[k+2]) && t[k+2] != 'ฤ' && thaiPair(t[k], next)
	}
	return true // a vowel sign after it
}

// thaiPair reports whether a and b are read as one initial: a cluster
// (ปร, กล, กว), a leading ห or อ that only sets the tone, or a silent ร.
func thaiPair(a, b rune) bool {
	switch {
	case (b == 'ร' || b == 'ล' || b == 'ว') && thaiCluster(a):
		return true
	case b == 'ร' && (a == 'ส' || a == 'ศ' || a == 'ซ' || a == 'ท'):
		return true
	case a == 'ห' && thaiSonorant(b), a == 'อ' && b == 'ย':
		return true
	}
	return false
}

// thaiVowel reads the vowel written at t[k] (and the leading one) and
// returns it with the number of letters read.
func thaiVowel(t []rune, k int, lead rune) (string, int) {
	at := func(i int) rune {
		if i >= 0 && i < len(t) {
			return t[i]
		}
		return 0
	}
	c := at(k)
	switch lead {
	case 'เ':
		switch {
		case c == 'ี' && at(k+1) == 'ย':
			return "ia", 2
		case c == 'ื' && at(k+1) == 'อ':
			return "uea", 2
		case c == 'า' && at(k+1) == 'ะ':
			return "o", 2
		case c == 'า':
			return "ao", 1
		case c == 'อ':
			return "oe", 1
		case c == 'ิ':
			return "oe", 1
		case c == 'ะ':
			return "e", 1
		}
		return "e", 0
	case 'แ':
		if c == 'ะ' {
			return "ae", 1
		}
		return "ae", 0
	case 'โ':
		if c == 'ะ' {
			return "o", 1
		}
		return "o", 0
	case 'ใ', 'ไ':
		return "ai", 0
	}
	switch c {
	case 'ะ', 'า':
		if c == 'า' && at(k+1) == 'ะ' {
			return "a", 2
		}
		return "a", 1
	case 'ั':
		if at(k+1) == 'ว' {
			return "ua", 2
		}
		if at(k+1) == 'ะ' {
			return "a", 2
		}
		return "a", 1
	case 'ำ':
		return "am", 1
	case 'ิ', 'ี':
		return "i", 1
	case 'ึ', 'ื':
		if c == 'ื' && at(k+1) == 'อ' && !thaiOpensSyllable(t, k+1) {
			return "ue", 2
		}
		return "ue", 1
	case 'ุ', 'ู':
		return "u", 1
	case 0x0E4D: // nikhahit: am
		return "am", 1
	}
	return "", 0
}

// thaiVowelAlone reads a vowel sign met without its consonant.
func thaiVowelAlone(r rune) string {
	switch r {
	case 'ะ', 'ั', 'า':
		return "a"
	case 'ำ':
		return "am"
	case 'ิ', 'ี':
		return "i"
	case 'ึ', 'ื':
		return "ue"
	case 'ุ', 'ู':
		return "u"
	case 'เ':
		return "e"
	case 'แ':
		return "ae"
	case 'โ':
		return "o"
	case 'ใ', 'ไ':
		return "ai"
	case 'ฦ':
		return "lue"
	}
	return ""
}

// thaiKey writes a romanised Thai part so that RTGS and the spellings
// Thai passports and people use meet: aspirates unmarked (ph p, th t, kh
// k), ch and j one, a vowel's r and h silent (Pornthip, Phonthip;
// Prasert, Prasoet), oo u and ee i (Boonmee, Bunmi), oe e, w and o after
// a vowel one (Kaew, Kaeo), doubled consonants single (Natthaphong,
// Nattapong), sr s (Sri, Si).
func thaiKey(s string) string {
	var b [2 * maxCompareLen]byte
	out := b[:0]
	for i := 0; i < len(s) && len(out) < cap(out); i++ {
		c := s[i]
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		prev := byte(0)
		if n := len(out); n > 0 {
			prev = out[n-1]
		}
		switch {
		case c == 'h' && (prev == 'p' || prev == 't' || prev == 'k' || prev == 'c'):
			continue
		case c == 'j':
			c = 'c'
		case (c == 'r' || c == 'h') && isVowel(prev) && !isVowel(next):
			continue
		case c == 'r' && prev == 's' && next == 'i':
			continue // Sri, Si
		case c == 'o' && prev == 'o', c == 'e' && prev == 'e':
			if c == 'o' {
				out[len(out)-1] = 'u'
			} else {
				out[len(out)-1] = 'i'
			}
			continue
		case c == 'e' && prev == 'o' && !isVowel(next):
			out[len(out)-1] = 'e' // oe: prasoet, prasert
			continue
		case c == 'w' && isVowel(prev) && !isVowel(next):
			c = 'o'
		case c == 'y' && isVowel(prev) && !isVowel(next):
			c = 'i'
		case c == prev && !isVowel(c):
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// thaiSpelled is the score of a part read from Thai against another
// spelling of it (RTGS against a passport's popular one).
const thaiSpelled = 0.9

// thaiSim scores a part romanised from Thai against a Latin part: at
// least thaiSpelled when thaiKey makes them one, else what other matching
// gave.
func thaiSim(a, b string, s float64, h how) (float64, how) {
	if len(a) <= maxCompareLen && len(b) <= maxCompareLen && thaiKey(a) == thaiKey(b) {
		return max(s, thaiSpelled), howTranslit
	}
	return s, h
}

// thaiSpellings returns the popular spellings of an RTGS part that an
// index can look up (prasoet: prasert; phonthip: pornthip; bunmi:
// boonmee), at most 32, the part itself not among them.
func thaiSpellings(s string) []string {
	if len(s) > maxCompareLen {
		return nil
	}
	alts := []struct{ from, to string }{
		{"ph", "p"}, {"oe", "er"}, {"on", "orn"}, {"u", "oo"}, {"ch", "j"}, {"ao", "aw"}, {"eo", "ew"}, {"i", "ee"}, {"th", "t"}, {"kh", "k"},
	}
	out := []string{s}
	for _, a := range alts {
		if !strings.Contains(s, a.from) {
			continue
		}
		n := len(out)
		for _, o := range out[:n] {
			if len(out) >= 32 {
				break
			}
			if a.from == "i" {
				if strings.HasSuffix(o, "i") && !strings.HasSuffix(o, "ai") {
					out = append(out, o[:len(o)-1]+"ee") // bunmi: bunmee
				}
				continue
			}
			if a.from == "on" && !strings.HasSuffix(o, "on") && !strings.Contains(o, "ont") && !strings.Contains(o, "onth") {
				continue
			}
			out = append(out, strings.Replace(o, a.from, a.to, -1))
		}
	}
	if len(s) > 2 && strings.HasPrefix(s, "si") && len(out) < 32 {
		for _, o := range out[:len(out)] {
			if len(out) >= 32 {
				break
			}
			out = append(out, "sr"+o[1:]) // Si, Sri
		}
	}
	return out[1:]
}

// thaiTokens adds the indexed tokens spelt as a Thai part's popular
// spellings to its matches.
func (ix *PersonIndex) thaiTokens(sc *searchScratch, t, k string) {
	for _, sp := range thaiSpellings(t) {
		if id, ok := ix.tokID[sp]; ok {
			tk := &ix.toks[id]
			same, cross := partSims(t, sp, k, tk.keyText)
			if f, h := thaiSim(t, sp, float64(cross.score), cross.how); f > float64(cross.score) {
				cross = pairScore{float32(f), h}
			}
			sc.addFound(id)(same, cross)
		}
	}
}
