package meridian

import (
	"unicode"
	"unicode/utf8"
)

// validText reports whether s is valid UTF-8 free of control characters
// other than tab and newline: what a name or free text may hold.
func validText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' {
			return false
		}
	}
	return true
}
