package meridian

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// countryAliases are the names screening clients and lists write for
// countries whose ISO short name reads otherwise ("Russia" for the Russian
// Federation), as yente normalises them.
var countryAliases = map[string]string{
	"russia": "RU", "iran": "IR", "syria": "SY", "north korea": "KP", "dprk": "KP",
	"south korea": "KR", "korea": "KR", "vietnam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE",
	"tanzania": "TZ", "moldova": "MD", "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
	"usa": "US", "united states of america": "US", "us": "US", "czech republic": "CZ", "turkey": "TR",
	"kosovo": "XK", "palestine": "PS", "macedonia": "MK", "ivory coast": "CI", "taiwan": "TW",
	"burma": "MM", "democratic republic of the congo": "CD", "dr congo": "CD", "drc": "CD",
	"republic of the congo": "CG", "swaziland": "SZ", "cape verde": "CV", "micronesia": "FM",
	"brunei": "BN", "vatican": "VA", "holy see": "VA", "east timor": "TL", "the gambia": "GM",
	"the netherlands": "NL", "holland": "NL", "the bahamas": "BS", "st lucia": "LC",
	"soviet union": "SU", "ussr": "SU", "yugoslavia": "YU", "serbia and montenegro": "CS",
}

// countryNames maps folded country names to alpha-2 codes: the ISO short
// names, their part before a comma ("Iran, Islamic Republic of"), and the
// aliases above.
var countryNames = func() map[string]string {
	m := map[string]string{}
	for _, c := range countryList {
		m[foldCountry(c.Name)] = c.Alpha2
		if head, _, ok := strings.Cut(c.Name, ","); ok {
			if k := foldCountry(head); k != "korea" && k != "congo" {
				if _, dup := m[k]; !dup {
					m[k] = c.Alpha2
				}
			}
		}
	}
	for k, v := range countryAliases {
		m[k] = v
	}
	return m
}()

func foldCountry(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(s))) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == '\'', r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// NormalizeCountry reads a country as clients write it: an ISO 3166-1
// alpha-2 or alpha-3 code in any case, or a name ("Russia", "Russian
// Federation", "Côte d'Ivoire"), and returns its alpha-2 code in upper
// case; false for anything else. Codes of former countries (SU, YU, CS)
// and Kosovo's XK are returned as lists write them.
func NormalizeCountry(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if c, ok := LookupCountry(s); ok {
		return c.Alpha2, true
	}
	if c, ok := countryNames[foldCountry(s)]; ok {
		return c, true
	}
	switch u := strings.ToUpper(s); u {
	case "XK", "XKX", "SU", "YU", "CS":
		return u[:2], true
	}
	return "", false
}
