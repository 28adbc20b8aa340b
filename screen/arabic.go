package screen

// Arabic script is written without short vowels, so no romanisation can be
// recovered letter by letter: محمد is Mohammed, Muhammad, Mohamed and Mehmet.
// We write the consonant skeleton with the long vowels (ا a, و u, ي i) and the
// usual Latin letters for the consonants (خ kh, ش sh, ث th, ذ dh, غ gh, ق q),
// and leave it to the phonetic key, which ignores vowels after the first
// letter, to meet the Latin renderings. The article ال is written as a word of
// its own, "al", so that the particle rules can weigh it down; the
// abd-compounds written joined (عبدالله) are split the same way.

func isArabic(r rune) bool {
	return (r >= 0x0600 && r <= 0x06FF) || (r >= 0x0750 && r <= 0x077F) ||
		(r >= 0x08A0 && r <= 0x08FF) || (r >= 0xFB50 && r <= 0xFDFF) ||
		(r >= 0xFE70 && r <= 0xFEFF)
}

const (
	arFatha   = '\u064E'
	arDamma   = '\u064F'
	arKasra   = '\u0650'
	arShadda  = '\u0651'
	arSupAlef = '\u0670'
)

func isArabicLetter(r rune) bool {
	return isArabic(r) && r != 0x0640 && !(r >= 0x064B && r <= 0x065F) && r != arSupAlef &&
		!(r >= 0x0660 && r <= 0x0669) && !(r >= 0x06F0 && r <= 0x06F9) && !(r >= 0x0600 && r <= 0x061F)
}

// arabicWord writes the Arabic word starting at rs[i] and returns the index
// after it.
func arabicWord(w *wordWriter, rs []rune, i int) int {
	var letters [64]rune
	var marks [64]rune  // the vowel mark after each letter, if any
	var double [64]bool // a shadda after the letter
	n := 0
	j := i
	for ; j < len(rs) && isArabic(rs[j]); j++ {
		r := rs[j]
		switch {
		case isArabicLetter(r):
			if n < len(letters) {
				letters[n], marks[n], double[n] = r, 0, false
				n++
			}
		case r == arShadda:
			if n > 0 {
				double[n-1] = true
			}
		case r == arFatha || r == arDamma || r == arKasra || r == arSupAlef:
			if n > 0 {
				marks[n-1] = r
			}
		case r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9, r >= 0x0600 && r <= 0x061F:
			// digits, punctuation: separators
			if n > 0 {
				writeArabic(w, letters[:n], marks[:n], double[:n])
				n = 0
			}
			w.space()
		}
	}
	if n > 0 {
		writeArabic(w, letters[:n], marks[:n], double[:n])
	}
	w.space()
	return j
}

var (
	wordAllah    = []rune("الله")
	prefixAbd    = []rune("عبد")
	prefixArticl = []rune("ال")
)

func hasPrefix(s, p []rune) bool {
	if len(s) < len(p) {
		return false
	}
	for i := range p {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}

func equalRunes(a, b []rune) bool { return len(a) == len(b) && hasPrefix(a, b) }

// writeArabic writes one word, splitting the article and abd-compounds.
func writeArabic(w *wordWriter, ls, ms []rune, dd []bool) {
	for {
		switch {
		case equalRunes(ls, wordAllah):
			w.space()
			w.word("allah")
			w.space()
			return
		case len(ls) >= 5 && hasPrefix(ls, prefixAbd) && hasPrefix(ls[3:], prefixArticl):
			w.space()
			w.word("abd")
			w.space()
			ls, ms, dd = ls[3:], ms[3:], dd[3:]
			continue
		case len(ls) >= 4 && hasPrefix(ls, prefixArticl) && ls[2] != 'ل':
			w.space()
			w.word("al")
			w.space()
			ls, ms, dd = ls[2:], ms[2:], dd[2:]
			continue
		}
		break
	}
	w.space()
	for k, r := range ls {
		var prev, next rune
		if k > 0 {
			prev = ls[k-1]
		}
		if k+1 < len(ls) {
			next = ls[k+1]
		}
		vowelNext := next == 'ا' || next == 'ى' || next == 'ة' || next == 'أ' || next == 'آ' ||
			ms[k] == arFatha || ms[k] == arKasra || ms[k] == arDamma
		switch r {
		case 'ا', 'ٱ', 'آ', 'أ':
			w.word("a")
		case 'إ':
			w.word("i")
		case 'ء':
		case 'ؤ':
			w.word("u")
		case 'ئ':
			w.word("i")
		case 'و':
			// A waw doubled is w then ū (داوود Dawud, طاووس Tawus): in
			// foreign names too (نووسو Nwosu, تيوولدي Tewolde).
			if k == 0 || vowelNext || prev == 'ا' || next == 'و' && prev != 'و' {
				w.word("w")
			} else {
				w.word("u")
			}
		case 'ي', 'ی', 'ې':
			if k == 0 || vowelNext || prev == 'ا' {
				w.word("y")
			} else {
				w.word("i")
			}
		case 'ع':
			if k == 0 {
				w.word("a")
			}
		case 'ة', 'ۀ':
			if k == len(ls)-1 {
				w.word("a")
			} else {
				w.word("t")
			}
		case 'ى':
			w.word("a")
		default:
			s, ok := arabicTable[r]
			if !ok {
				s = latinFallback(r)
			}
			w.word(s)
			if dd[k] {
				w.word(s)
			}
		}
		switch ms[k] {
		case arFatha, arSupAlef:
			w.word("a")
		case arDamma:
			w.word("u")
		case arKasra:
			w.word("i")
		}
	}
	w.space()
}

var arabicTable = map[rune]string{
	'ب': "b", 'ت': "t", 'ث': "th", 'ج': "j", 'ح': "h", 'خ': "kh", 'د': "d",
	'ذ': "dh", 'ر': "r", 'ز': "z", 'س': "s", 'ش': "sh", 'ص': "s", 'ض': "d",
	'ط': "t", 'ظ': "z", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ل': "l",
	'م': "m", 'ن': "n", 'ه': "h",
	// Persian, Urdu, Pashto, Kurdish
	'پ': "p", 'چ': "ch", 'ژ': "zh", 'گ': "g", 'ک': "k", 'ڤ': "v", 'ٹ': "t",
	'ڈ': "d", 'ڑ': "r", 'ں': "n", 'ہ': "h", 'ھ': "h", 'ے': "e", 'ە': "e",
	'ڭ': "ng", 'ۆ': "o", 'ێ': "e",
}
