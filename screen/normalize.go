package screen

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"
)

// maxNameRunes bounds the work one name can cause: no real name is longer, and
// a check must not be slowed down by a pasted document.
const maxNameRunes = 1000

// maxNormalizedBytes bounds the output, since NFKC and transliteration expand
// some characters (U+FDFA is a whole Arabic phrase).
const maxNormalizedBytes = 4 * maxNameRunes

// Normalize returns the comparable form of a name: lower-case ASCII Latin words
// separated by single spaces, after Unicode normalisation and transliteration.
// Apostrophes join (O'Brien, Ja'far), other punctuation separates
// (Jean-Pierre, al-Hassan), a digit typed for a letter before a letter
// is that letter (Dm1try, Petr0v: 0 o, 1 i, 3 e, 4 a, 5 s, 7 t, 8 b),
// other digits and symbols are dropped. It never panics;
// invalid UTF-8 bytes are dropped and only the first 1,000 runes are read.
func Normalize(name string) string {
	return string(appendNormalized(make([]byte, 0, len(name)+8), name))
}

// appendNormalized appends the normalised form of name to dst.
func appendNormalized(dst []byte, name string) []byte {
	start := len(dst)
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		if len(name) > maxNameRunes {
			name = name[:maxNameRunes]
		}
		w := wordWriter{dst: dst, start: start}
		for i := 0; i < len(name); i++ {
			w.ascii(name[i])
		}
		return w.finish()
	}
	return appendNormalizedUnicode(dst, start, name)
}

func appendNormalizedUnicode(dst []byte, start int, name string) []byte {
	// Drop invalid bytes and cap the length before normalising.
	var clean strings.Builder
	clean.Grow(len(name))
	n := 0
	for i := 0; i < len(name) && n < maxNameRunes; {
		r, size := utf8.DecodeRuneInString(name[i:])
		i += size
		if r == utf8.RuneError && size <= 1 {
			continue
		}
		clean.WriteRune(r)
		n++
	}
	s := norm.NFKC.String(clean.String())
	rs := make([]rune, 0, len(s))
	ukrainian := false
	for _, r := range s {
		r = unicode.ToLower(r)
		switch r {
		case 'і', 'ї', 'є', 'ґ':
			ukrainian = true
		}
		rs = append(rs, r)
	}
	w := wordWriter{dst: dst, start: start}
	for i := 0; i < len(rs) && len(w.dst)-start < maxNormalizedBytes; {
		r := rs[i]
		switch {
		case r < utf8.RuneSelf:
			w.ascii(byte(r))
			i++
		case isApostrophe(r) || (r >= 0x0300 && r <= 0x036F) || r == '\u200c' || r == '\u200d' || r == '\u0640':
			i++ // joins: Latin, Greek, Cyrillic diacritics, zero-width joiners, tatweel
		case isThai(r):
			i = thaiWord(&w, rs, i)
		case unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) && !isArabic(r):
			// vowel signs of Indic and other scripts are letters to unidecode
			w.foreign(unidecode.Unidecode(string(r)))
			i++
		case isArabic(r):
			i = arabicWord(&w, rs, i)
		case unicode.Is(unicode.Cyrillic, r):
			w.word(cyrillicLetter(r, ukrainian))
			i++
		case unicode.Is(unicode.Greek, r):
			i = greekLetter(&w, rs, i)
		case isHangul(r):
			i = hangulWord(&w, rs, i)
		case isKana(r) || r == '・':
			i = kanaWord(&w, rs, i)
		case unicode.Is(unicode.Latin, r):
			w.word(latinLetter(r))
			i++
		case unicode.IsLetter(r):
			w.foreign(unidecode.Unidecode(string(r)))
			i++
		default:
			w.space()
			i++
		}
	}
	return w.finish()
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', 'ʼ', 'ʻ', 'ʽ', 'ʾ', 'ʿ', '′', 'ˈ':
		return true
	}
	return false
}

// wordWriter appends lower-case ASCII words separated by single spaces.
type wordWriter struct {
	dst   []byte
	start int
	sep   bool // a separator is pending
	held  byte // the letter a digit typed for one stands for, until a letter follows
}

// digitLetters are the letters digits are typed for (Dm1try, Petr0v): a
// digit followed by a letter is read as its letter, any other digit
// separates.
var digitLetters = [10]byte{'o', 'i', 0, 'e', 'a', 's', 0, 't', 'b', 0}

func (w *wordWriter) ascii(c byte) {
	switch {
	case c >= 'a' && c <= 'z':
		w.letter(c)
	case c >= 'A' && c <= 'Z':
		w.letter(c + 'a' - 'A')
	case c == '\'' || c == '`':
		// apostrophes join
	case c >= '0' && c <= '9' && digitLetters[c-'0'] != 0 && w.held == 0:
		w.held = digitLetters[c-'0']
	default:
		w.space()
	}
}

func (w *wordWriter) letter(c byte) {
	if h := w.held; h != 0 {
		w.held = 0
		w.letter(h)
	}
	space := w.sep && len(w.dst) > w.start
	if n := len(w.dst) - w.start; n >= maxNormalizedBytes || (space && n+1 >= maxNormalizedBytes) {
		return
	}
	if space {
		w.dst = append(w.dst, ' ')
	}
	w.sep = false
	w.dst = append(w.dst, c)
}

// word appends letters already in normalised form ("" drops the rune).
func (w *wordWriter) word(s string) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			w.space()
		} else {
			w.letter(s[i])
		}
	}
}

// foreign appends unidecode output, which may hold capitals, spaces and
// punctuation.
func (w *wordWriter) foreign(s string) {
	for i := 0; i < len(s); i++ {
		w.ascii(s[i])
	}
}

func (w *wordWriter) space() { w.sep, w.held = true, 0 }

func (w *wordWriter) finish() []byte { w.held = 0; return w.dst }

// Script reports the dominant script of a name: "latin", "cyrillic", "greek",
// "arabic", "hangul", "kana", "thai", "other", or "" when it has no letters.
func Script(name string) string {
	return scriptNames[scriptOf(name)]
}

type script uint8

const (
	scriptNone script = iota
	scriptLatin
	scriptCyrillic
	scriptGreek
	scriptArabic
	scriptOther
	// scriptHangul is Korean, romanised syllable by syllable (hangulWord)
	// and compared as Latin (see crossScript), with its short syllables
	// held to stricter matching (koreanSyllables).
	scriptHangul
	// scriptKana is Japanese kana, romanised by Hepburn (kanaWord) and
	// compared as Latin as Hangul is.
	scriptKana
	// scriptThai is Thai, romanised by RTGS (thaiWord) and compared across
	// scripts, its parts meeting the popular spellings through thaiKey.
	scriptThai
)

var scriptNames = [...]string{"", "latin", "cyrillic", "greek", "arabic", "other", "hangul", "kana", "thai"}

func scriptOf(name string) script {
	var counts [scriptThai + 1]int
	n := 0
	for _, r := range name {
		if n++; n > maxNameRunes {
			break
		}
		switch {
		case r < utf8.RuneSelf:
			if (r|0x20) >= 'a' && (r|0x20) <= 'z' {
				counts[scriptLatin]++
			}
		case !unicode.IsLetter(r):
		case isArabic(r):
			counts[scriptArabic]++
		case unicode.Is(unicode.Cyrillic, r):
			counts[scriptCyrillic]++
		case unicode.Is(unicode.Greek, r):
			counts[scriptGreek]++
		case unicode.Is(unicode.Latin, r):
			counts[scriptLatin]++
		case isHangul(r):
			counts[scriptHangul]++
		case isKana(r):
			counts[scriptKana]++
		case isThai(r):
			counts[scriptThai]++
		default:
			counts[scriptOther]++
		}
	}
	best := scriptNone
	for s := scriptLatin; s <= scriptThai; s++ {
		if counts[s] > counts[best] {
			best = s
		}
	}
	return best
}

// latinLetter folds a lower-case Latin letter with diacritics to ASCII.
func latinLetter(r rune) string {
	if int(r) < len(latinTable) {
		return latinTable[r]
	}
	if r >= 0x1E00 && r <= 0x1EFF {
		return latinExtTable[r-0x1E00]
	}
	return latinFallback(r)
}

var latinSpecial = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d",
	'þ': "th", 'ł': "l", 'ı': "i", 'ŋ': "ng", 'ħ': "h", 'ŧ': "t", 'ſ': "s",
	'ĳ': "ij", 'ƒ': "f", 'ɨ': "i", 'ə': "e", 'ɛ': "e", 'ɔ': "o", 'ʃ': "sh",
	'ʒ': "zh", 'ƴ': "y", 'ɓ': "b", 'ɗ': "d", 'ƙ': "k",
}

var latinTable [0x300]string
var latinExtTable [0x100]string

func init() {
	for r := rune(0x80); r < 0x300; r++ {
		latinTable[r] = latinFallback(r)
	}
	for r := rune(0x1E00); r <= 0x1EFF; r++ {
		latinExtTable[r-0x1E00] = latinFallback(r)
	}
}

func latinFallback(r rune) string {
	if s, ok := latinSpecial[r]; ok {
		return s
	}
	if d := norm.NFD.String(string(r)); d != "" && d[0] < utf8.RuneSelf {
		c := d[0] | 0x20
		if c >= 'a' && c <= 'z' {
			return string(c)
		}
	}
	var b []byte
	for _, c := range []byte(unidecode.Unidecode(string(r))) {
		c |= 0x20
		if c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	return string(b)
}

// cyrillicLetter transliterates one lower-case Cyrillic letter, close to
// BGN/PCGN for Russian and to the national systems for the other languages;
// the phonetic key makes the other conventions meet it. In a name written
// with Ukrainian letters, г is h and и is y.
func cyrillicLetter(r rune, ukrainian bool) string {
	if ukrainian {
		switch r {
		case 'г':
			return "h"
		case 'и':
			return "y"
		}
	}
	if s, ok := cyrillicTable[r]; ok {
		return s
	}
	return latinFallback(r)
}

var cyrillicTable = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e",
	'ж': "zh", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian and Belarusian
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
	// Serbian and Macedonian
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz",
	'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
}

// greekLetter transliterates the Greek letter at rs[i] (ELOT 743, as Greek
// passports do) and returns the index of the next rune; digraphs need
// lookahead.
func greekLetter(w *wordWriter, rs []rune, i int) int {
	r := greekBase(rs[i])
	var next rune
	if i+1 < len(rs) {
		next = greekBase(rs[i+1])
	}
	initial := i == 0 || !unicode.IsLetter(rs[i-1])
	switch {
	case r == 'μ' && next == 'π':
		w.word(pick(initial, "b", "mp"))
		return i + 2
	case r == 'ν' && next == 'τ':
		w.word(pick(initial, "d", "nt"))
		return i + 2
	case r == 'γ' && next == 'γ':
		w.word("ng")
		return i + 2
	case r == 'γ' && (next == 'ξ' || next == 'χ'):
		w.word("n")
		return i + 1
	case r == 'γ' && next == 'κ':
		w.word(pick(initial, "g", "gk"))
		return i + 2
	case r == 'ο' && next == 'υ':
		w.word("ou")
		return i + 2
	case (r == 'α' || r == 'ε' || r == 'η') && next == 'υ':
		w.word(greekTable[r])
		w.word("v")
		return i + 2
	}
	if s, ok := greekTable[r]; ok {
		w.word(s)
	} else {
		w.word(latinFallback(rs[i]))
	}
	return i + 1
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func greekBase(r rune) rune {
	switch r {
	case 'ά':
		return 'α'
	case 'έ':
		return 'ε'
	case 'ή':
		return 'η'
	case 'ί', 'ϊ', 'ΐ':
		return 'ι'
	case 'ό':
		return 'ο'
	case 'ύ', 'ϋ', 'ΰ':
		return 'υ'
	case 'ώ':
		return 'ω'
	case 'ς':
		return 'σ'
	}
	return r
}

var greekTable = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i",
	'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x",
	'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'υ': "y", 'φ': "f",
	'χ': "ch", 'ψ': "ps", 'ω': "o",
}
