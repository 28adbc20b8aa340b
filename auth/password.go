package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MinPasswordChars is the shortest password accepted, counted in
// characters (NIST SP 800-63B: at least 8, we ask 12), not bytes: six
// accented letters are six characters whatever UTF-8 makes of them.
const MinPasswordChars = 12

// MaxPasswordBytes bounds what is hashed, so that a password is no way to
// make the server spend unbounded memory and time.
const MaxPasswordBytes = 1024

// commonPasswords is the 30,000 most frequent passwords of zxcvbn's list
// (see commonpasswords.README.md), lowercase, one a line.
//
//go:embed commonpasswords.txt
var commonPasswords string

var (
	commonOnce sync.Once
	commonSet  map[string]struct{}
)

// IsCommonPassword reports whether pw, compared without case, is on the
// list of common passwords shipped with the binary.
func IsCommonPassword(pw string) bool {
	commonOnce.Do(func() {
		lines := strings.Split(commonPasswords, "\n")
		commonSet = make(map[string]struct{}, len(lines))
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				commonSet[l] = struct{}{}
			}
		}
	})
	_, ok := commonSet[strings.ToLower(pw)]
	return ok
}

// CommonPasswordCount is how many passwords the list holds.
func CommonPasswordCount() int {
	IsCommonPassword("")
	return len(commonSet)
}

// CheckNewPassword applies NIST SP 800-63B's rules to a password a user
// chooses: at least MinPasswordChars characters after Unicode
// normalisation, not on the common-password list, not a run of a few
// repeated characters, not made of the username. It returns the reason
// for a refusal, safe to show, or "".
func CheckNewPassword(pw, username string) string {
	if len(pw) > MaxPasswordBytes {
		return "longer than 1024 bytes"
	}
	if !utf8.ValidString(pw) {
		return "not valid UTF-8"
	}
	n := norm.NFC.String(pw)
	if utf8.RuneCountInString(n) < MinPasswordChars {
		return "must be at least 12 characters"
	}
	if strings.TrimFunc(n, unicode.IsSpace) == "" {
		return "must not be only spaces"
	}
	distinct := map[rune]bool{}
	for _, r := range strings.ToLower(n) {
		distinct[r] = true
	}
	if len(distinct) < 5 {
		return "too repetitive: use at least 5 different characters"
	}
	lower := strings.ToLower(n)
	if IsCommonPassword(lower) || IsCommonPassword(strings.TrimRightFunc(lower, unicode.IsDigit)) {
		return "is one of the most common passwords"
	}
	if u := strings.ToLower(username); len(u) >= 2 {
		rest := lower
		for _, part := range append([]string{u}, strings.FieldsFunc(u, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })...) {
			if len([]rune(part)) >= 3 || part == u {
				rest = strings.ReplaceAll(rest, part, "")
			}
		}
		rest = strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
		if utf8.RuneCountInString(rest) < 6 {
			return "must not be made of the username"
		}
	}
	return ""
}
