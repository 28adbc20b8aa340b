package auth_test

import (
	"strings"
	"testing"

	"meridian/auth"
)

func TestCheckNewPassword(t *testing.T) {
	if n := auth.CommonPasswordCount(); n < 10000 {
		t.Fatalf("common-password list holds %d entries, want at least 10,000", n)
	}
	for _, tc := range []struct{ name, pw, user string }{
		{"Common", "password1234", "x.y"},
		{"CommonUpper", "PASSWORD1234", "x.y"},
		{"Spaces", strings.Repeat(" ", 12), "x.y"},
		{"AccentedBytes", "éàèùâê", "x.y"},
		{"Short", "abcdefghijk", "x.y"},
		{"Repeated", "abababababab", "x.y"},
		{"Username", "ana.petrova2024", "ana.petrova"},
		{"UsernameTwice", "ana.petrovaana.petrova", "ana.petrova"},
		{"UsernameParts", "petrova.ana!!", "ana.petrova"},
	} {
		t.Run("Err"+tc.name, func(t *testing.T) {
			if auth.CheckNewPassword(tc.pw, tc.user) == "" {
				t.Fatalf("%q accepted", tc.pw)
			}
		})
	}
	for _, pw := range []string{"correct horse battery", "a long enough password", "éàèùâêîôûëïü", "ana likes green tea"} {
		if why := auth.CheckNewPassword(pw, "ana.petrova"); why != "" {
			t.Errorf("%q refused: %s", pw, why)
		}
	}
}
