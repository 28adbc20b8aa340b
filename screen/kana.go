package screen

// Japanese names in kana (hiragana or katakana) are romanised as
// Japanese passports write them: modified Hepburn with long vowels left
// unmarked (さとう, サトウ: sato; おおの: ono; ゆうき: yuki), small ゃゅょ
// joined to the syllable before (しょう: sho), っ doubling the next
// consonant (はっとり: hattori), small vowels of loanwords replacing the
// vowel before (ティ: ti). Kanji are not read here: a name's reading
// depends on the person, and no open reading table for names is shipped.

// isKana reports whether r is hiragana, katakana or the prolonged sound
// mark.
func isKana(r rune) bool { return r >= 0x3041 && r <= 0x3096 || r >= 0x30A1 && r <= 0x30FC }

// kanaRomaji is the Hepburn romanisation of each katakana (hiragana is
// read as katakana); ッ, ー and ・ are handled apart.
var kanaRomaji = func() map[rune]string {
	m := map[rune]string{}
	rows := []struct {
		first rune
		s     []string
	}{
		{'ァ', []string{"a", "a", "i", "i", "u", "u", "e", "e", "o", "o"}},
		{'カ', []string{"ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go"}},
		{'サ', []string{"sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo"}},
		{'タ', []string{"ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do"}},
		{'ナ', []string{"na", "ni", "nu", "ne", "no"}},
		{'ハ', []string{"ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po"}},
		{'マ', []string{"ma", "mi", "mu", "me", "mo"}},
		{'ャ', []string{"ya", "ya", "yu", "yu", "yo", "yo"}},
		{'ラ', []string{"ra", "ri", "ru", "re", "ro"}},
		{'ヮ', []string{"wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke"}},
	}
	for _, row := range rows {
		for i, s := range row.s {
			m[row.first+rune(i)] = s
		}
	}
	return m
}()

func kanaSmall(r rune) byte {
	switch r {
	case 'ャ':
		return 'a'
	case 'ュ':
		return 'u'
	case 'ョ':
		return 'o'
	}
	return 0
}

// kanaWord romanises the run of kana starting at rs[i] into w and returns
// the index after it.
func kanaWord(w *wordWriter, rs []rune, i int) int {
	var buf [64]byte
	out := buf[:0]
	double := false
	flush := func() {
		for _, c := range out {
			w.letter(c)
		}
		out = out[:0]
	}
	for ; i < len(rs) && isKana(rs[i]); i++ {
		r := rs[i]
		if r >= 0x3041 && r <= 0x3096 {
			r += 0x60 // hiragana to katakana
		}
		switch {
		case r == 'ー':
			continue // a long vowel: passports leave it unmarked
		case r == 'ッ':
			double = true
			continue
		case r == '・':
			flush()
			w.space()
			continue
		}
		if v := kanaSmall(r); v != 0 && len(out) > 0 && out[len(out)-1] == 'i' {
			// きゃ kya, しゃ sha, ちゃ cha, じゃ ja
			out = out[:len(out)-1]
			if n := len(out); n == 0 || !(out[n-1] == 'h' || out[n-1] == 'j') {
				out = append(out, 'y')
			}
			out = append(out, v)
			continue
		}
		s := kanaRomaji[r]
		if s == "" {
			continue
		}
		if len(s) == 1 && isVowel(s[0]) && isSmallVowel(r) && len(out) > 0 && isVowel(out[len(out)-1]) {
			// ティ ti, ファ fa, ウィ wi
			out = append(out[:len(out)-1], s[0])
			continue
		}
		if n := len(out); n > 0 && len(s) == 1 && (s == "u" && (out[n-1] == 'o' || out[n-1] == 'u') || s == "o" && out[n-1] == 'o') &&
			!(i+1 < len(rs) && kanaVowel(rs[i+1])) {
			continue // ou, uu, oo: a long vowel, unmarked (but Inoue)
		}
		if double && !isVowel(s[0]) && s[0] != 'n' {
			if s[0] == 'c' {
				out = append(out, 't') // っち tchi
			} else {
				out = append(out, s[0])
			}
		}
		double = false
		if len(out)+len(s) > len(buf) {
			flush()
		}
		out = append(out, s...)
	}
	flush()
	return i
}

// kanaVowel reports whether r is a kana of a vowel alone.
func kanaVowel(r rune) bool {
	if r >= 0x3041 && r <= 0x3096 {
		r += 0x60
	}
	return r >= 'ァ' && r <= 'オ'
}

func isSmallVowel(r rune) bool {
	switch r {
	case 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ':
		return true
	}
	return false
}

// kanaSpelled is the score of a name part read from kana against a
// spelling of the same kana with its long vowels written (Satou, Satoh,
// Yuuko): a spelling passports allow, not a typo.
const kanaSpelled = 0.95

// kanaSim scores a part read from kana against a Latin part that is not
// the same: the same when only the writing of long vowels differs, else
// another name. Japanese given names a letter apart (Yoko, Yuko; Keiko,
// Kyoko) are other names, as Korean syllables are, so the typo and
// phonetic similarity (s, h) that would join them do not count.
func kanaSim(a, b string, s float64, h how) (float64, how) {
	if kanaKey(a) == kanaKey(b) {
		return max(s, kanaSpelled), howTranslit
	}
	return 0, howNone
}

// kanaKey writes a Hepburn spelling with its long vowels unmarked, as
// kanaWord does: ou, oo and oh (before a consonant or at the end) are o,
// uu is u; ou before a vowel stays (Inoue).
func kanaKey(s string) string {
	var b [2 * maxCompareLen]byte
	out := b[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if n := len(out); n > 0 {
			prev := out[n-1]
			next := byte(0)
			if i+1 < len(s) {
				next = s[i+1]
			}
			if prev == 'o' && (c == 'u' || c == 'o') && !isVowel(next) ||
				prev == 'o' && c == 'h' && !isVowel(next) ||
				prev == 'u' && c == 'u' && !isVowel(next) {
				continue
			}
		}
		if len(out) < cap(out) {
			out = append(out, c)
		}
	}
	return string(out)
}
