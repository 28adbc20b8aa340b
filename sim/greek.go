package sim

import (
	"strings"
	"unicode"
)

// Greek romanisation conventions: ELOT 743 (the national standard, also
// ISO 843 type 2 and what Greek passports print, in capitals), BGN/PCGN
// 1962 (older British and US records: "Yeóryios", "Dhimitrios"), ISO 843
// type 1, nearly letter for letter ("Geōrgios", "Iōannīs", "Eugenia"),
// and the everyday phonetic spelling ("Ekaterini", "Vasilios").
const (
	grELOT   = "elot743"
	grICAO   = "icao"
	grBGN    = "bgn1962"
	grISO    = "iso843"
	grCommon = "common"
)

var greekConvs = []string{grICAO, grELOT, grBGN, grISO, grCommon}

type grLetter struct {
	r         rune // base lower-case letter, final sigma folded
	up        bool
	diaeresis bool // ϊ ϋ: no diphthong with the letter before
}

var grBase = map[rune]rune{
	'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ό': 'ο', 'ύ': 'υ', 'ώ': 'ω', 'ς': 'σ',
	'ϊ': 'ι', 'ΐ': 'ι', 'ϋ': 'υ', 'ΰ': 'υ',
}

func grLetters(s string) []grLetter {
	out := make([]grLetter, 0, len(s)/2)
	for _, r := range s {
		l := unicode.ToLower(r)
		g := grLetter{r: l, up: l != r}
		if b, ok := grBase[l]; ok {
			g.r = b
			g.diaeresis = l == 'ϊ' || l == 'ΐ' || l == 'ϋ' || l == 'ΰ'
		}
		out = append(out, g)
	}
	return out
}

func isGrVowel(r rune) bool { return strings.ContainsRune("αεηιουω", r) }

// voiced letters after which αυ, ευ read av, ev rather than af, ef.
func isGrVoiced(r rune) bool { return strings.ContainsRune("αεηιουωβγδζλμνρ", r) }

var grSingle = map[string]map[rune]string{
	grELOT: {'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m",
		'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o"},
	grBGN: {'α': "a", 'β': "v", 'γ': "g", 'δ': "dh", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m",
		'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'υ': "i", 'φ': "f", 'χ': "kh", 'ψ': "ps", 'ω': "o"},
	grISO: {'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "ī", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m",
		'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "ō"},
	grCommon: {'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k", 'λ': "l", 'μ': "m",
		'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'τ': "t", 'υ': "i", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o"},
}

// greekToLatin romanises s in convention conv.
func greekToLatin(s, conv string) string {
	upper := conv == grICAO
	if upper {
		conv = grELOT
	}
	single := grSingle[conv]
	ls := grLetters(s)
	var b strings.Builder
	b.Grow(len(s))
	at := func(i int) rune {
		if i < 0 || i >= len(ls) {
			return 0
		}
		return ls[i].r
	}
	plain := func(i int) bool { return i < len(ls) && !ls[i].diaeresis }
	wordStart := func(i int) bool { return i == 0 || !unicode.IsLetter(at(i-1)) }
	wordEnd := func(i int) bool { return i+1 >= len(ls) || !unicode.IsLetter(at(i+1)) }
	for i := 0; i < len(ls); i++ {
		c, n := at(i), at(i+1)
		var out string
		used := 1
		switch {
		case single[c] == "" && !isGrVowel(c):
			b.WriteRune(s2r(ls[i]))
			continue
		case conv == grISO:
			switch {
			case (c == 'α' || c == 'ε' || c == 'η' || c == 'ο') && n == 'υ' && plain(i+1):
				out, used = single[c]+"u", 2
			default:
				out = single[c]
			}
		case (c == 'α' || c == 'ε' || c == 'η') && n == 'υ' && plain(i+1):
			v := "v"
			if !isGrVoiced(at(i+2)) || wordEnd(i+1) {
				v = "f"
			}
			out, used = single[c]+v, 2
		case c == 'ο' && n == 'υ' && plain(i+1):
			out, used = "ou", 2
		case conv == grCommon && (c == 'ε' || c == 'ο') && n == 'ι' && plain(i+1):
			out, used = "i", 2
		case conv == grCommon && c == 'α' && n == 'ι' && plain(i+1):
			out, used = "e", 2
		case (c == 'α' || c == 'ε' || c == 'ο' || c == 'υ') && n == 'ι' && plain(i+1):
			out, used = single[c]+"i", 2
			if c == 'υ' {
				out = "yi"
			}
		case c == 'μ' && n == 'π':
			switch {
			case wordStart(i):
				out = "b"
			case conv == grBGN:
				out = "mb"
			case conv == grELOT && wordEnd(i+1):
				out = "b"
			default:
				out = "mp"
			}
			used = 2
		case c == 'ν' && n == 'τ':
			switch {
			case wordStart(i):
				out = "d"
			case conv == grBGN:
				out = "nd"
			default:
				out = "nt"
			}
			used = 2
		case c == 'γ' && n == 'γ':
			out, used = "ng", 2
		case c == 'γ' && n == 'κ':
			switch {
			case wordStart(i):
				out = "g"
			case conv == grBGN:
				out = "ng"
			default:
				out = "gk"
			}
			used = 2
		case c == 'γ' && (n == 'ξ' || n == 'χ'):
			out, used = "n"+single[n], 2
		case conv == grBGN && c == 'γ' && (n == 'ε' || n == 'η' || n == 'ι' || n == 'υ' ||
			((n == 'α' || n == 'ε' || n == 'ο') && at(i+2) == 'ι')):
			out = "y"
		default:
			out = single[c]
		}
		if ls[i].up {
			out = titleWord(out)
			// A capital digraph in an all-capital word stays all capital.
			if used == 2 && i+1 < len(ls) && ls[i+1].up {
				out = strings.ToUpper(out)
			}
		}
		b.WriteString(out)
		i += used - 1
	}
	if upper {
		return strings.ToUpper(b.String())
	}
	return b.String()
}

func s2r(l grLetter) rune {
	if l.up {
		return unicode.ToUpper(l.r)
	}
	return l.r
}

// stripGreekAccents drops the tonos and dialytika, as typing without them
// does: Γεώργιος → Γεωργιος.
func stripGreekAccents(s string) string {
	var b strings.Builder
	for _, r := range s {
		l := unicode.ToLower(r)
		if base, ok := grBase[l]; ok && l != 'ς' {
			if l != r {
				base = unicode.ToUpper(base)
			}
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}
