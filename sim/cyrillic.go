package sim

import (
	"strings"
	"unicode"
)

// A cyrScheme romanises one Cyrillic language in one real-world convention.
// The letter table covers U+0400 to U+04FF (lower case); what depends on
// the neighbours (е after a vowel, й after и, ия at the end of a word) is
// in flags, written out in translit below.
type cyrScheme struct {
	id      string
	upper   bool // passports print the name in capitals
	letters [256]string
	initial map[rune]string // at the start of a word
	afterV  map[rune]string // after a vowel, ъ or ь
	dropIY  bool            // й after и is silent: Юрий → Juri, Iouri
	ksX     bool            // кс → x: Александр → Alexander
	ssV     bool            // с between vowels → ss: Василий → Wassili
	guFront bool            // г before е, и, ы → gu: Сергей → Sergueï
	zgh     bool            // зг → zgh (Ukrainian national system)
	iaEnd   bool            // ия at the end of a word → ia (Bulgarian)
}

func letters(pairs string) [256]string {
	var t [256]string
	for _, f := range strings.Fields(pairs) {
		k, v, _ := strings.Cut(f, ":")
		r := []rune(k)[0]
		t[r-0x400] = v
	}
	return t
}

func runeMap(pairs string) map[rune]string {
	m := map[rune]string{}
	for _, f := range strings.Fields(pairs) {
		k, v, _ := strings.Cut(f, ":")
		m[[]rune(k)[0]] = v
	}
	return m
}

func with(base [256]string, pairs string) [256]string {
	o := letters(pairs)
	for i, v := range o {
		if v != "" {
			base[i] = v
		}
	}
	return base
}

const ruCommon = "а:a б:b в:v г:g д:d е:e з:z и:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f"

// Russian. BGN/PCGN (1947), ISO 9:1995, ICAO Doc 9303 as Russian passports
// print names since 2013, the older MVD passport system (1997-2010), and the
// German (Duden) and French usages that foreign documents and police
// records follow.
var (
	ruBGN = &cyrScheme{id: "bgn", letters: letters(ruCommon + " ё:ë ж:zh й:y х:kh ц:ts ч:ch ш:sh щ:shch ы:y э:e ю:yu я:ya"),
		initial: runeMap("е:ye ё:yë"), afterV: runeMap("е:ye ё:yë")}
	ruISO9 = &cyrScheme{id: "iso9", letters: letters(ruCommon + " ё:ë ж:ž й:j х:h ц:c ч:č ш:š щ:ŝ ы:y э:è ю:û я:â")}
	ruICAO = &cyrScheme{id: "icao", upper: true, letters: letters(ruCommon + " ё:e ж:zh й:i х:kh ц:ts ч:ch ш:sh щ:shch ъ:ie ы:y э:e ю:iu я:ia")}
	ruMVD  = &cyrScheme{id: "mvd", upper: true, letters: letters(ruCommon + " ё:e ж:zh й:y х:kh ц:ts ч:ch ш:sh щ:shch ы:y э:e ю:yu я:ya")}
	ruDE   = &cyrScheme{id: "german", letters: letters(ruCommon + " в:w ё:jo ж:sch з:s й:i с:s х:ch ц:z ч:tsch ш:sch щ:schtsch ы:y э:e ю:ju я:ja"),
		initial: runeMap("е:je"), afterV: runeMap("е:je"), dropIY: true, ksX: true, ssV: true}
	ruFR = &cyrScheme{id: "french", letters: letters(ruCommon + " ё:io ж:j й:ï у:ou х:kh ц:ts ч:tch ш:ch щ:chtch ы:y э:e ю:iou я:ia"),
		dropIY: true, ssV: true, guFront: true}
)

// Ukrainian: the national system of 2010 (passports print it in capitals),
// the transliteration of Ukrainian passports before it, BGN/PCGN (1965)
// and ISO 9.
const ukCommon = "а:a б:b в:v д:d е:e ж:zh з:z и:y і:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:kh ц:ts ч:ch ш:sh щ:shch"

var (
	ukKMU = &cyrScheme{id: "kmu2010", letters: letters(ukCommon + " г:h ґ:g є:ie ї:i й:i ю:iu я:ia"),
		initial: runeMap("є:ye ї:yi й:y ю:yu я:ya"), zgh: true}
	ukICAO = &cyrScheme{id: "icao", upper: true, letters: ukKMU.letters, initial: ukKMU.initial, zgh: true}
	ukOld  = &cyrScheme{id: "legacy", upper: true, letters: letters(ukCommon + " г:g ґ:g є:ye ї:yi й:y ю:yu я:ya")}
	ukBGN  = &cyrScheme{id: "bgn", letters: letters(ukCommon + " г:h ґ:g є:ye ї:yi й:y ю:yu я:ya")}
	ukISO9 = &cyrScheme{id: "iso9", letters: letters("а:a б:b в:v г:g ґ:g д:d е:e є:ê ж:ž з:z и:i і:ì ї:ï й:j к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f х:h ц:c ч:č ш:š щ:ŝ ю:û я:â")}
)

// Bulgarian: the Streamlined System (official since 2009, passports),
// BGN/PCGN 1952, ISO 9 and the German usage.
const bgCommon = "а:a б:b в:v г:g д:d е:e з:z и:i к:k л:l м:m н:n о:o п:p р:r с:s т:t у:u ф:f"

var (
	bgStreamlined = &cyrScheme{id: "streamlined", letters: letters(bgCommon + " ж:zh й:y х:h ц:ts ч:ch ш:sh щ:sht ъ:a ь:y ю:yu я:ya"), iaEnd: true}
	bgICAO        = &cyrScheme{id: "icao", upper: true, letters: bgStreamlined.letters, iaEnd: true}
	bgBGN         = &cyrScheme{id: "bgn", letters: letters(bgCommon + " ж:zh й:y х:kh ц:ts ч:ch ш:sh щ:sht ъ:ŭ ю:yu я:ya")}
	bgISO9        = &cyrScheme{id: "iso9", letters: letters(bgCommon + " ж:ž й:j х:h ц:c ч:č ш:š щ:ŝ ъ:ǎ ю:û я:â")}
	bgDE          = &cyrScheme{id: "german", letters: letters(bgCommon + " в:w ж:sch з:s й:j х:ch ц:z ч:tsch ш:sch щ:scht ъ:a ю:ju я:ja"), ssV: true}
)

// Serbian: Cyrillic and Latin (Gaj) are two official alphabets of one
// language, letter for letter; foreign records also write đ as "dj" and
// drop the other marks, or spell the sounds the English way.
const srGaj = "а:a б:b в:v г:g д:d ђ:đ е:e ж:ž з:z и:i ј:j к:k л:l љ:lj м:m н:n њ:nj о:o п:p р:r с:s т:t ћ:ć у:u ф:f х:h ц:c ч:č џ:dž ш:š"

var (
	srLatin   = &cyrScheme{id: "gaj", letters: letters(srGaj)}
	srASCII   = &cyrScheme{id: "ascii", letters: with(letters(srGaj), "ђ:dj ж:z ћ:c ч:c џ:dz ш:s")}
	srICAO    = &cyrScheme{id: "icao", upper: true, letters: srASCII.letters}
	srEnglish = &cyrScheme{id: "english", letters: with(letters(srGaj), "ђ:dj ж:zh ћ:ch ч:ch џ:dzh ш:sh")}
)

// Macedonian: the official romanisation (2008, passports), the Latin with
// diacritics of ISO 9 and BGN/PCGN 2013, and the Serbian-style Latin that
// Macedonians' documents from Serbia show.
const mkCommon = "а:a б:b в:v г:g д:d е:e з:z и:i ј:j к:k л:l љ:lj м:m н:n њ:nj о:o п:p р:r с:s т:t у:u ф:f х:h ц:c"

var (
	mkOfficial = &cyrScheme{id: "official", letters: letters(mkCommon + " ѓ:gj ж:zh ѕ:dz ќ:kj ч:ch џ:dzh ш:sh")}
	mkICAO     = &cyrScheme{id: "icao", upper: true, letters: mkOfficial.letters}
	mkISO      = &cyrScheme{id: "iso9", letters: letters(mkCommon + " ѓ:ǵ ж:ž ѕ:dz ќ:ḱ ч:č џ:dž ш:š")}
	mkSerbian  = &cyrScheme{id: "serbian", letters: letters(mkCommon + " ѓ:đ ж:ž ѕ:dz ќ:ć ч:č џ:dž ш:š")}
)

var cyrSchemes = map[string][]*cyrScheme{
	"ru": {ruICAO, ruMVD, ruBGN, ruISO9, ruDE, ruFR},
	"uk": {ukICAO, ukKMU, ukOld, ukBGN, ukISO9},
	"bg": {bgStreamlined, bgICAO, bgBGN, bgISO9, bgDE},
	"sr": {srLatin, srICAO, srASCII, srEnglish},
	"mk": {mkOfficial, mkICAO, mkISO, mkSerbian},
}

func isCyrVowel(r rune) bool {
	switch r {
	case 'а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'і', 'ї', 'є':
		return true
	}
	return false
}

func isLetterAt(rs []rune, i int) bool { return i >= 0 && i < len(rs) && unicode.IsLetter(rs[i]) }

// translit romanises s. Letters of other scripts pass through.
func (sc *cyrScheme) translit(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lr := unicode.ToLower(r)
		if lr < 0x400 || lr > 0x4ff {
			if r != '\'' && r != 'ʼ' && r != '’' {
				b.WriteRune(r)
			}
			continue
		}
		up := lr != r
		var prev, next rune
		if i > 0 {
			prev = unicode.ToLower(rs[i-1])
		}
		if i+1 < len(rs) {
			next = unicode.ToLower(rs[i+1])
		}
		out := sc.letters[lr-0x400]
		switch {
		case !isLetterAt(rs, i-1) && sc.initial[lr] != "":
			out = sc.initial[lr]
		case (isCyrVowel(prev) || prev == 'ъ' || prev == 'ь') && sc.afterV[lr] != "":
			out = sc.afterV[lr]
		}
		switch {
		case sc.dropIY && lr == 'й' && (prev == 'и' || prev == 'ы'):
			out = ""
		case sc.dropIY && lr == 'й' && !isLetterAt(rs, i+1):
			if sc.id == "french" {
				out = "ï"
			} else {
				out = "i"
			}
		case sc.ksX && lr == 'к' && next == 'с':
			out = "x"
			i++
		case sc.ssV && lr == 'с' && isCyrVowel(prev) && isCyrVowel(next):
			out = "ss"
		case sc.guFront && lr == 'г' && (next == 'е' || next == 'и' || next == 'ы'):
			out = "gu"
		case sc.zgh && lr == 'г' && prev == 'з':
			out = "gh"
		case sc.iaEnd && lr == 'я' && prev == 'и' && !isLetterAt(rs, i+1):
			out = "a"
		}
		if out == "" {
			continue
		}
		if up {
			out = titleWord(out)
		}
		b.WriteString(out)
	}
	if sc.upper {
		return strings.ToUpper(b.String())
	}
	return b.String()
}
