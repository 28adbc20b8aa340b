package sim

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Latin letters with diacritics, grouped by the letter they fold to. The
// standard library has no Unicode decomposition, so the table is written
// out: Latin-1, Latin Extended-A and B as far as names use them, and the
// Vietnamese letters of Latin Extended Additional.
var foldGroups = [...]struct{ base, forms string }{
	{"A", "ÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ"},
	{"a", "àáâãäåāăąǎạảấầẩẫậắằẳẵặ"},
	{"C", "ÇĆĈĊČ"}, {"c", "çćĉċč"},
	{"D", "ĎĐÐ"}, {"d", "ďđð"},
	{"E", "ÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ"},
	{"e", "èéêëēĕėęěẹẻẽếềểễệ"},
	{"G", "ĜĞĠĢǴ"}, {"g", "ĝğġģǵ"},
	{"H", "ĤĦ"}, {"h", "ĥħ"},
	{"I", "ÌÍÎÏĨĪĬĮİỈỊ"}, {"i", "ìíîïĩīĭįıỉị"},
	{"J", "Ĵ"}, {"j", "ĵ"},
	{"K", "ĶḰ"}, {"k", "ķḱ"},
	{"L", "ĹĻĽĿŁ"}, {"l", "ĺļľŀł"},
	{"N", "ÑŃŅŇ"}, {"n", "ñńņň"},
	{"O", "ÒÓÔÕÖØŌŎŐƠỌỎỐỒỔỖỘỚỜỞỠỢ"},
	{"o", "òóôõöøōŏőơọỏốồổỗộớờởỡợ"},
	{"R", "ŔŖŘ"}, {"r", "ŕŗř"},
	{"S", "ŚŜŞŠȘ"}, {"s", "śŝşšș"},
	{"T", "ŢŤŦȚ"}, {"t", "ţťŧț"},
	{"U", "ÙÚÛÜŨŪŬŮŰŲƯỤỦỨỪỬỮỰ"},
	{"u", "ùúûüũūŭůűųưụủứừửữự"},
	{"W", "Ŵ"}, {"w", "ŵ"},
	{"Y", "ÝŶŸỲỴỶỸ"}, {"y", "ýÿŷỳỵỷỹ"},
	{"Z", "ŹŻŽẐ"}, {"z", "źżžẑ"},
	{"SS", "ẞ"}, {"ss", "ß"},
	{"AE", "Æ"}, {"ae", "æ"},
	{"OE", "Œ"}, {"oe", "œ"},
	{"TH", "Þ"}, {"th", "þ"},
}

var foldMap = func() map[rune]string {
	m := make(map[rune]string, 400)
	for _, g := range foldGroups {
		for _, r := range g.forms {
			m[r] = g.base
		}
	}
	return m
}()

// isASCII reports whether s needs no folding.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldLatin drops diacritics, keeping case: "Đorđević" → "Dordevic",
// "Nguyễn" → "Nguyen". Letters of other scripts pass through.
func foldLatin(s string) string { return foldExcept(s, "") }

// foldExcept folds like foldLatin but keeps the letters in keep, which a
// transliteration table handles itself.
func foldExcept(s, keep string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf || (keep != "" && strings.ContainsRune(keep, r)) {
			b.WriteRune(r)
			continue
		}
		if f, ok := foldMap[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// icaoLatin writes a Latin name as the machine-readable zone of a passport
// would (ICAO Doc 9303 part 3): upper case, diacritics dropped, with the
// recommended spellings for Ä Ö Ü Å Æ Ø ß Þ when umlautE is set (German,
// Scandinavian issuers use them; Turkey and the Balkans write plain
// letters). Hyphens become spaces and apostrophes disappear: "O'Brien" →
// "OBRIEN", "Jean-Pierre" → "JEAN PIERRE".
func icaoLatin(s string, umlautE bool) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range s {
		switch r {
		case '-':
			b.WriteByte(' ')
			continue
		case '\'', '’', '.':
			continue
		}
		if umlautE {
			switch r {
			case 'Ä', 'ä', 'Æ', 'æ':
				b.WriteString("AE")
				continue
			case 'Ö', 'ö', 'Ø', 'ø', 'Œ', 'œ':
				b.WriteString("OE")
				continue
			case 'Ü', 'ü':
				b.WriteString("UE")
				continue
			case 'Å', 'å':
				b.WriteString("AA")
				continue
			}
		}
		if r < utf8.RuneSelf {
			b.WriteRune(unicode.ToUpper(r))
			continue
		}
		if f, ok := foldMap[r]; ok {
			b.WriteString(strings.ToUpper(f))
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// titleWord upper-cases the first letter of s.
func titleWord(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
