package screen

// phoneticKey appends the phonetic key of a normalised name part to dst.
//
// The key is our own, tuned for names across European languages and
// romanised Arabic and Slavic names rather than for English words (Soundex,
// Metaphone): it is the consonant skeleton after the first letter, which is
// what survives between romanisation systems and between Arabic written with
// and without vowels (mhmd, Mohammed, Muhammad, Mehmet all give one key).
// It is built in two layers. The strict code (strictCode) follows these
// rules:
//
//   - vowels (a e i o u y) are dropped after the first letter; an initial
//     vowel, or an initial ii (Arabic إي: إيريك, Eric), becomes A; an initial
//     y, j or i before a vowel is the consonant J (Yuriy, Iurii, Jurij; Yusuf,
//     Joseph, Iosif), except y and i before e (Yevgeny is Evgeny; but
//     Jennifer is Дженнифер);
//   - a code repeated, adjacent or with only vowels between, counts once
//     (Mohammed, Mamdouh: the Arabic skeleton writes a repeated consonant
//     once);
//   - c/k/q are K (c before e, i, y is S); kj is K and gj is G (Macedonian
//     ќ, ѓ; Albanian q, gj); ph/f/v/w are F; kh is H (Khalid, Halid, Mikhail,
//     Mihail); gh is G; th is T, and so is tkh (Cyrillic тх for Vietnamese
//     th); dh is D; dj, dzh, dz and Albanian xh are J; zh is Z; ts and tz are
//     S; sh, sch, ch, tch, tsh (Arabic تش), cz, sz, shch are X (but chr, chl
//     are K); x is KS; a c before a consonant other than r, l, t is S
//     (Cvetkovic, Tsvetkov);
//   - a final -ic or -yc of a longer name is X, so -ic, -ich, -itch, -yc meet;
//   - a final d is T (Turkish Mehmet, Ahmet, Mahmut); a final h after a vowel,
//     or after a vowel and n, is silent (Abdullah, Abdulla; Fatimah, Fatima;
//     Vietnamese Bình, Бинь); a j after a vowel and before a consonant or
//     the end is a vowel (Aleksej, Nikolaj).
//
// The key then merges what scripts disagree on, because it is what finds
// transliterations (and the index looks candidates up by it):
//
//   - the sounds that one language writes j, another h, g or zh and
//     Cyrillic х, г, дж or ж all code G: the codes G, H, J and zh (Juan,
//     Хуан; Giuseppe, Джузеппе; Sergio, Серхио; Halyna, Галина; João, Жоан);
//   - S, Z and X all code S: Latin writes without háček or cedilla what
//     Cyrillic writes ш or ч (Chávez, Чавес; Şahin, Sahin, Шахин; Francesca,
//     Франческа; Ševčenko, Sevcenko);
//   - P is B: Arabic script has no p (Gupta, غوبتا);
//   - h after l or n, and a final kh after a vowel, are silent
//     (Carvalho, Карвальо; Jammeh, Джаммех);
//   - v or w right after k or q is silent: kv, kw and qu meet (Quang,
//     Кванг; Chukwuemeka, تشوكوميكا, where Arabic writes w as u);
//   - an initial tr, x or ks before a vowel is S: Vietnamese and pinyin,
//     which Cyrillic writes Ч, С or Кс (Trần, Чан; Xuân, Суан; Xiao, Ксиао;
//     Xenia, Ксения);
//   - an initial chzh or tsz before a vowel is G and a final ng after a
//     vowel is n: Russian writes pinyin that way (Palladius: Zhang, Чжан;
//     Jiang, Цзян; Huang, Хуан).
//
// Within one script those merges are too coarse (Jung is not Hung), so a
// phonetic match there also needs equal vowel slots of the strict code
// (sameVowelSlots), and across scripts a match on the key alone scores
// translitCoarse rather than translitMinimu unless the strict codes agree.
func phoneticKey(dst []byte, s string) []byte { return phoneticCode(dst, s, false, true) }

// strictCode appends the phonetic code of s without the cross-script merges.
func strictCode(dst []byte, s string) []byte { return phoneticCode(dst, s, false, false) }

// coarseCode maps a strict consonant code to its key code.
func coarseCode(c byte) byte {
	switch c {
	case 'H', 'J':
		return 'G'
	case 'Z', 'X':
		return 'S' // Chávez, Чавес; Şahin, Sahin, Шахин; Francesca, Франческа
	case 'P':
		return 'B' // Arabic script has no p (Gupta, غوبتا)
	}
	return c
}

// phoneticCode appends the phonetic key of s; with slots, a '.' marks each run
// of vowels between two consonant codes (see sameVowelSlots); with coarse,
// the cross-script merges apply.
func phoneticCode(dst []byte, s string, slots, coarse bool) []byte {
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
	case c == 'i' && n > 1 && s[1] == 'i':
		// Arabic إي: a long initial i, not a consonant (إيريك, Eric)
		dst = append(dst, 'A')
		for i < n && isVowel(s[i]) {
			i++
		}
	case (c == 'y' || c == 'j' || c == 'i') && n > 1 && isVowel(s[1]):
		if s[1] == 'e' && c != 'j' && !(c == 'y' && n > 2 && s[2] == 'o') {
			// Yevgeny, Evgeny; but a Korean yeo (Yeong, Young) is y
			dst = append(dst, 'A')
			i = 1
			for i < n && isVowel(s[i]) {
				i++
			}
		} else {
			code := byte('J')
			if coarse {
				code = coarseCode(code)
			}
			dst = append(dst, code)
			last = code
			i = 1
		}
	case isVowel(c):
		dst = append(dst, 'A')
		for i < n && isVowel(s[i]) {
			i++
		}
	case coarse && sibilantOnset(s) > 0:
		dst = append(dst, 'S')
		last = 'S'
		i = sibilantOnset(s)
	case coarse && affricateOnset(s) > 0:
		dst = append(dst, 'G')
		last = 'G'
		i = affricateOnset(s)
	}
	for i < n {
		c := s[i]
		if i > 0 && c == s[i-1] && !isVowel(c) {
			// A doubled letter counts once, unless it starts a digraph:
			// the th of Phetthong is th.
			if _, adv := consonantCode(s, i); adv == 1 {
				i++
				continue
			}
		}
		if isVowel(c) {
			sawVowel = true
			i++
			continue
		}
		code, adv := consonantCode(s, i)
		at := i
		i += adv
		switch code {
		case 0:
			continue
		case 'V': // vowel-like: a j after a vowel
			sawVowel = true
			continue
		}
		if coarse {
			switch {
			case code == 'Z' && adv == 2:
				code = 'G' // zh: Ж for Portuguese and French j (João, Жоан)
			case code == 'H' && at > 0 && (s[at-1] == 'l' || s[at-1] == 'n') && (adv == 1 || i == n):
				// Portuguese lh, nh are ль, нь (Carvalho, Карвальо); but n-kh
				// is Spanish ng (Ángel, Анхель), and pinyin n-h нх
				// (Jianhao, Цзяньхао) is left to partSims (see quietH)
				continue
			case code == 'F' && at > 0 && (s[at-1] == 'k' || s[at-1] == 'q') && (s[at] == 'v' || s[at] == 'w'):
				// kv, kw and qu meet: Vietnamese Quang is Кванг, Igbo
				// Chukwuemeka is تشوكوميكا, where Arabic writes w as u
				continue
			case code == 'H' && adv == 2 && i == n && at > 0 && isVowel(s[at-1]):
				// a final kh is a final h (Jammeh, Джаммех)
				continue
			case code == 'G' && s[at] == 'g' && i == n && at > 1 && s[at-1] == 'n' && isVowel(s[at-2]):
				// a final ng is n: Russian writes pinyin ng as н (Zhang,
				// Чжан; Huang, Хуан), Arabic ng as نغ (Blessing, بليسينغ)
				continue
			default:
				code = coarseCode(code)
			}
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

// sibilantOnset returns the length of an initial tr, x or ks before a
// vowel, which one script or the other writes as a sibilant in Vietnamese,
// Chinese and Greek names (Trần, Чан; Xuân, Суан; pinyin Xiao, Сяо, Ксиао;
// Xenia, Ксения), else 0.
func sibilantOnset(s string) int {
	switch {
	case len(s) > 2 && (s[0] == 't' && s[1] == 'r' || s[0] == 'k' && s[1] == 's') && isVowel(s[2]):
		return 2
	case len(s) > 1 && s[0] == 'x' && isVowel(s[1]):
		return 1
	}
	return 0
}

// affricateOnset returns the length of an initial chzh or tsz before a
// vowel, which Russian writes for pinyin zh and j or z (Palladius: Zhang,
// Чжан; Zhou, Чжоу; Jiang, Цзян), else 0.
func affricateOnset(s string) int {
	switch {
	case len(s) > 4 && s[:4] == "chzh" && isVowel(s[4]):
		return 4
	case len(s) > 3 && s[:3] == "tsz" && isVowel(s[3]):
		return 3
	}
	return 0
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
		case c1 == 'c' && c2 == 'h', c1 == 's' && c2 == 'h':
			return 'X', 3 // tsh: Arabic تش for ch (Michael, ميتشايل)
		case c1 == 'h':
			return 'T', 2
		case c1 == 'k' && c2 == 'h':
			return 'T', 3 // Cyrillic тх for Vietnamese th (Thanh, Тхань)
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
		switch c1 {
		case 'h':
			return 'H', 2
		case 'j':
			return 'K', 2 // Macedonian ќ is kj, Albanian q (Qerimi, Ќерими)
		}
		return 'K', 1
	case 'q':
		return 'K', 1
	case 'g':
		switch c1 {
		case 'h':
			return 'G', 2
		case 'j':
			return 'G', 2 // Macedonian ѓ is gj, as Albanian writes it (Gjorgji)
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
			// a j after a vowel and before a consonant or the end is y
			// (Aleksej, Nikolaj); before a vowel it is a consonant in
			// too many languages (Khadija, Sajid, Alejandro)
			return 'V', 1
		}
		return 'J', 1
	case 'h':
		if final && i > 0 && (isVowel(s[i-1]) || (s[i-1] == 'n' && i > 1 && isVowel(s[i-2]))) {
			// Abdullah, Abdulla; Vietnamese -nh, Cyrillic -нь (Binh, Бинь)
			return 0, 1
		}
		return 'H', 1
	case 'x':
		if c1 == 'h' {
			return 'J', 2 // Albanian xh is dzh (Hoxha, Ходжа, Хоџа; Rexhepi, Реџепи)
		}
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
// optional (Petr, Peter; Aleksandr, Alexander). Used only within one script.
// A part with no vowel after its first letter (Arabic written without
// vowels: محمد, mhmd) has no slots to compare, so only the strict codes must
// agree (مُحَمَّد, muhammad).
func sameVowelSlots(a, b string) bool {
	if len(a) > maxCompareLen || len(b) > maxCompareLen {
		return false
	}
	var ba, bb [3 * maxCompareLen]byte
	if noVowels(a) || noVowels(b) {
		return string(strictCode(ba[:0], a)) == string(strictCode(bb[:0], b))
	}
	return string(vowelSlots(ba[:0], a)) == string(vowelSlots(bb[:0], b))
}

// noVowels reports whether s has no vowel after its first letter.
func noVowels(s string) bool {
	for i := 1; i < len(s); i++ {
		if isVowel(s[i]) {
			return false
		}
	}
	return len(s) > 1
}

// sameStrictCode reports whether a and b have the same phonetic code before
// the cross-script merges of the key.
func sameStrictCode(a, b string) bool {
	if len(a) > maxCompareLen || len(b) > maxCompareLen {
		return false
	}
	var ba, bb [3 * maxCompareLen]byte
	return string(strictCode(ba[:0], a)) == string(strictCode(bb[:0], b))
}

func vowelSlots(dst []byte, s string) []byte {
	dst = phoneticCode(dst, s, true, false)
	if n := len(dst); n >= 3 && dst[n-1] == 'R' && dst[n-2] == '.' {
		dst[n-2] = 'R'
		dst = dst[:n-1]
	}
	return dst
}
