package mrz

import "strings"

// Name is the holder's name as the MRZ spells it (Doc 9303 part 3, 4.6):
// the primary identifier (usually the family name), then "<<", then the
// secondary identifiers (given names), each "<" standing for a space.
type Name struct {
	Primary   string `json:"primary"`
	Secondary string `json:"secondary"`
	// Truncated: the name fills its field to the last character, so the
	// issuer may have cut it; a screening match should allow for the rest.
	Truncated bool `json:"truncated,omitempty"`
}

// Full returns the name in reading order, secondary identifiers first.
func (n Name) Full() string {
	switch {
	case n.Secondary == "":
		return n.Primary
	case n.Primary == "":
		return n.Secondary
	}
	return n.Secondary + " " + n.Primary
}

func parseName(field string) Name {
	n := Name{Truncated: field != "" && field[len(field)-1] != '<'}
	primary, secondary, _ := strings.Cut(field, "<<")
	n.Primary = spaced(primary)
	n.Secondary = spaced(secondary)
	return n
}

// spaced turns fillers into single spaces.
func spaced(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
}
