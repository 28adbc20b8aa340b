package meridian_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"meridian"
)

// Every normaliser, on any input, either refuses it with a message or
// returns valid UTF-8 of bounded length that is its own normal form: the
// key of a key is itself, so that a key stored and a key looked up agree.
// The seed corpus is in testdata/fuzz/<name>.

func checkKey(t *testing.T, typ meridian.KeyType, out, msg string) {
	t.Helper()
	if msg != "" {
		if out != "" {
			t.Fatalf("refused with %q but returned %q", msg, out)
		}
		return
	}
	if out == "" || !utf8.ValidString(out) || len(out) > 600 {
		t.Fatalf("bad key value %q", out)
	}
	k, m := meridian.ParseKey(typ, out)
	if m != "" {
		t.Fatalf("key %q does not parse as %s: %s", out, typ, m)
	}
	if k.Value != out {
		t.Fatalf("not stable: %q normalises to %q", out, k.Value)
	}
}

func FuzzDocumentKey(f *testing.F) {
	f.Fuzz(func(t *testing.T, number, state string) {
		out, msg := meridian.NormalizeDocumentKey(number, state)
		checkKey(t, meridian.KeyDocument, out, msg)
		if msg == "" && !strings.HasPrefix(out, state+":") {
			t.Fatalf("state lost: %q", out)
		}
	})
}

func FuzzPhone(f *testing.F) {
	f.Fuzz(func(t *testing.T, v string) {
		out, msg := meridian.NormalizePhone(v)
		if msg != "" {
			out = ""
		}
		checkKey(t, meridian.KeyPhone, out, msg)
		if msg == "" && (out[0] != '+' || strings.Trim(out[1:], "0123456789") != "") {
			t.Fatalf("not E.164: %q", out)
		}
	})
}

func FuzzEmail(f *testing.F) {
	f.Fuzz(func(t *testing.T, v string) {
		out, msg := meridian.NormalizeEmail(v)
		checkKey(t, meridian.KeyEmail, out, msg)
		if msg == "" && strings.Count(out, "@") != 1 {
			t.Fatalf("not one @: %q", out)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	f.Fuzz(func(t *testing.T, v string) {
		out, msg := meridian.NormalizeIBAN(v)
		checkKey(t, meridian.KeyIBAN, out, msg)
		if msg == "" && len(out) >= 5 {
			// One digit changed never passes the modulo 97 check.
			b := []byte(out)
			i := 2 + len(out)%(len(out)-2)
			if b[i] >= '0' && b[i] <= '9' {
				b[i] = '0' + (b[i]-'0'+1)%10
				if _, m := meridian.NormalizeIBAN(string(b)); m == "" {
					t.Fatalf("%q passes with digit %d changed", out, i)
				}
			}
		}
	})
}

func FuzzBankAccount(f *testing.F) {
	f.Fuzz(func(t *testing.T, number, country string) {
		k, msg := meridian.BankAccountKey(number, country)
		if msg != "" {
			return
		}
		checkKey(t, k.Type, k.Value, "")
	})
}

func FuzzPlate(f *testing.F) {
	f.Fuzz(func(t *testing.T, plate, country string) {
		out, msg := meridian.NormalizePlate(plate, country)
		checkKey(t, meridian.KeyPlate, out, msg)
	})
}

func FuzzOnlineAccount(f *testing.F) {
	f.Fuzz(func(t *testing.T, handle, platform string) {
		out, msg := meridian.NormalizeOnlineAccount(handle, platform)
		checkKey(t, meridian.KeyOnlineAccount, out, msg)
	})
}

func FuzzAddress(f *testing.F) {
	f.Fuzz(func(t *testing.T, addr, country string) {
		out, msg := meridian.NormalizeAddress(addr, country)
		checkKey(t, meridian.KeyAddress, out, msg)
		if msg == "" && (strings.Contains(out, "  ") || strings.HasSuffix(out, " ")) {
			t.Fatalf("spaces not collapsed: %q", out)
		}
	})
}

func FuzzParseKey(f *testing.F) {
	f.Fuzz(func(t *testing.T, typ, v string) {
		k, msg := meridian.ParseKey(meridian.KeyType(typ), v)
		if msg != "" {
			return
		}
		checkKey(t, k.Type, k.Value, "")
	})
}
