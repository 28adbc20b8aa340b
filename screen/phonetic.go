package screen

// phoneticKey appends the phonetic key of a normalised name part to dst.
//
// The key is our own, tuned for names across European languages and
// romanised Arabic and Slavic names rather than for English words (Soundex,
// Metaphone): it is the consonant skeleton after the first letter, which is
// what survives between romanisation systems and between Arabic written with
// and without vowels (mhmd, Mohammed, Muhammad, Mehmet all give MHMT). Rules:
//
//   - vowels (a e i o u y) are dropped after the first letter; an initial
//     vowel becomes A; an initial y, j or i before a vowel is the consonant J
//     (Yuriy, Iurii, Jurij; Yusuf, Joseph, Iosif), except before e (Yevgeny is
//     Evgeny, Jelena is Elena);
//   - a code repeated, adjacent or with only vowels between, counts once
//     (Mohammed, Mamdouh: the Arabic skeleton writes a repeated consonant
//     once);
//   - c/k/q are K (c before e, i, y is S); ph/f/v/w are F; kh is H (Khalid,
//     Halid, Mikhail, Mihail); gh is G; th is T; dh is D; dj, dzh, dz are J;
//     zh is Z; ts and tz are S; sh, sch, ch, tch, cz, sz, shch are X (but chr,
//     chl are K); x is KS; a c before a consonant other than r, l, t is S
//     (Cvetkovic, Tsvetkov);
//   - a final -ic or -yc of a longer name is X, so -ic, -ich, -itch, -yc meet;
//   - a final d is T (Turkish Mehmet, Ahmet, Mahmut); a final h after a vowel is
//     silent (Abdullah, Abdulla; Fatimah, Fatima); a j after a vowel and
//     before a consonant or the end is a vowel (Aleksej, Nikolaj).
func phoneticKey(dst []byte, s string) []byte { return phoneticCode(dst, s, false) }

// phoneticCode appends the phonetic key of s; with slots, a '.' marks each run
// of vowels between two consonant codes (see sameVowelSlots).
func phoneticCode(dst []byte, s string, slots bool) []byte {
	n := len(s)
	start := len(dst)
	sawVowel := false
	if n == 0 {
		return dst
	}
	i := 0
	var last byte
	c := s[0]
	switch {
	case (c == 'y' || c == 'j' || c == 'i') && n > 1 && isVowel(s[1]):
		if s[1] == 'e' {
			dst = append(dst, 'A')
			i = 1
			for i < n && isVowel(s[i]) {
				i++
			}
		} else {
			dst = append(dst, 'J')
			last = 'J'
			i = 1
		}
	case isVowel(c):
		dst = append(dst, 'A')
		for i < n && isVowel(s[i]) {
			i++
		}
	}
	for i < n {
		c := s[i]
		if i > 0 && c == s[i-1] && !isVowel(c) {
			i++
			continue
		}
		if isVowel(c) {
			sawVowel = true
			i++
			continue
		}
		code, adv := consonantCode(s, i)
		i += adv
		switch code {
		case 0:
			continue
		case 'V': // vowel-like: a j after a vowel
			sawVowel = true
			continue
		}
		if code == last || (code == 'x' && last == 'K') {
			// the same sound again, with or without a vowel between: the
			// vowel-less Arabic skeleton writes it once (ممدوح, Mamdouh)
			if code == 'x' {
				dst = append(dst, 'S')
				last = 'S'
			}
			sawVowel = false
			continue
		}
		if slots && sawVowel && len(dst) > start {
			dst = append(dst, '.')
		}
		sawVowel = false
		if code == 'x' { // x: KS
			dst = append(dst, 'K', 'S')
			last = 'S'
			continue
		}
		dst = append(dst, code)
		last = code
	}
	return dst
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// consonantCode returns the code of the consonant (or digraph) at s[i] and
// how many letters it takes.
func consonantCode(s string, i int) (byte, int) {
	n := len(s)
	at := func(k int) byte {
		if i+k < n {
			return s[i+k]
		}
		return 0
	}
	c, c1, c2 := s[i], at(1), at(2)
	final := i == n-1
	switch c {
	case 's':
		switch {
		case c1 == 'h' && c2 == 'c' && at(3) == 'h':
			return 'X', 4
		case c1 == 'c' && c2 == 'h':
			return 'X', 3
		case c1 == 'h', c1 == 'z':
			return 'X', 2
		}
		return 'S', 1
	case 't':
		switch {
		case c1 == 's' && c2 == 'c' && at(3) == 'h':
			return 'X', 4
		case c1 == 'c' && c2 == 'h':
			return 'X', 3
		case c1 == 'h':
			return 'T', 2
		case c1 == 's', c1 == 'z':
			return 'S', 2
		}
		return 'T', 1
	case 'c':
		switch {
		case c1 == 'h' && (c2 == 'r' || c2 == 'l'):
			return 'K', 2
		case c1 == 'h', c1 == 'z':
			return 'X', 2
		case c1 == 'k', c1 == 'q':
			return 'K', 2
		case final && n >= 5 && (s[i-1] == 'i' || s[i-1] == 'y'):
			return 'X', 1
		case c1 == 'e', c1 == 'i', c1 == 'y':
			return 'S', 1
		case c1 != 0 && !isVowel(c1) && c1 != 'r' && c1 != 'l' && c1 != 't':
			return 'S', 1 // Slavic c is ts: Cvetkovic, Tsvetkov
		}
		return 'K', 1
	case 'k':
		if c1 == 'h' {
			return 'H', 2
		}
		return 'K', 1
	case 'q':
		return 'K', 1
	case 'g':
		if c1 == 'h' {
			return 'G', 2
		}
		return 'G', 1
	case 'p':
		if c1 == 'h' {
			return 'F', 2
		}
		return 'P', 1
	case 'f', 'v', 'w':
		return 'F', 1
	case 'd':
		switch {
		case c1 == 'z' && c2 == 'h':
			return 'J', 3
		case c1 == 'j', c1 == 'z':
			return 'J', 2
		case c1 == 'h':
			return 'D', 2
		case final:
			return 'T', 1
		}
		return 'D', 1
	case 'z':
		if c1 == 'h' {
			return 'Z', 2
		}
		return 'Z', 1
	case 'j':
		if i > 0 && isVowel(s[i-1]) && (c1 == 0 || !isVowel(c1)) && c1 != 'j' {
			return 'V', 1
		}
		return 'J', 1
	case 'h':
		if final && i > 0 && isVowel(s[i-1]) {
			return 0, 1
		}
		return 'H', 1
	case 'x':
		return 'x', 1
	case 'b':
		return 'B', 1
	case 'l':
		return 'L', 1
	case 'm':
		return 'M', 1
	case 'n':
		return 'N', 1
	case 'r':
		return 'R', 1
	}
	return 0, 1
}

// sameVowelSlots reports whether a and b have vowels between the same
// consonants, ignoring which vowels: Mohammed and Muhammad do (M-H-M-D with a
// vowel in every gap), Mohammed and Mahmoud do not (no vowel between H and
// M), though their phonetic keys are equal. A vowel before a final r is
// optional (Petr, Peter; Aleksandr, Alexander). Used only within one script:
// Arabic written without vowels has no slots to compare.
func sameVowelSlots(a, b string) bool {
	if len(a) > maxCompareLen || len(b) > maxCompareLen {
		return false
	}
	var ba, bb [3 * maxCompareLen]byte
	return string(vowelSlots(ba[:0], a)) == string(vowelSlots(bb[:0], b))
}

func vowelSlots(dst []byte, s string) []byte {
	dst = phoneticCode(dst, s, true)
	if n := len(dst); n >= 3 && dst[n-1] == 'R' && dst[n-2] == '.' {
		dst[n-2] = 'R'
		dst = dst[:n-1]
	}
	return dst
}
