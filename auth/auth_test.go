package auth_test

import (
	"strings"
	"testing"
	"time"

	"meridian/auth"
)

func TestPassword(t *testing.T) {
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash format: %s", h)
	}
	t.Run("OK", func(t *testing.T) {
		if !auth.CheckPassword(h, "correct horse battery") {
			t.Fatal("right password refused")
		}
	})
	t.Run("Wrong", func(t *testing.T) {
		if auth.CheckPassword(h, "correct horse batterz") {
			t.Fatal("wrong password accepted")
		}
	})
	t.Run("Salted", func(t *testing.T) {
		h2, _ := auth.HashPassword("correct horse battery")
		if h2 == h {
			t.Fatal("two hashes of one password are equal: no salt")
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=999999999,t=1,p=1$AA$AA"} {
			if auth.CheckPassword(bad, "x") {
				t.Fatalf("malformed hash %q accepted", bad)
			}
		}
	})
}

func TestToken(t *testing.T) {
	tok, hash := auth.NewToken(auth.APIPrefix)
	if !strings.HasPrefix(tok, auth.APIPrefix) || len(tok) < 40 {
		t.Fatalf("token %q", tok)
	}
	if auth.HashToken(tok) != hash || strings.Contains(hash, tok) {
		t.Fatal("hash does not match or holds the token")
	}
	tok2, _ := auth.NewToken(auth.APIPrefix)
	if tok2 == tok {
		t.Fatal("tokens repeat")
	}
}

func TestLockFor(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{0, 0}, {4, 0}, {5, time.Second}, {6, 2 * time.Second}, {10, 32 * time.Second}, {40, auth.MaxLock}} {
		if got := auth.LockFor(tc.n); got != tc.want {
			t.Errorf("LockFor(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := &auth.Limiter{Burst: 3, Every: time.Second}
	now := time.Unix(1000, 0)
	for i := range 3 {
		if _, err := l.Allow("a", now); err != nil {
			t.Fatalf("attempt %d refused", i)
		}
	}
	wait, err := l.Allow("a", now)
	if err == nil || wait <= 0 {
		t.Fatal("fourth attempt allowed")
	}
	if _, err := l.Allow("b", now); err != nil {
		t.Fatal("other address throttled")
	}
	if _, err := l.Allow("a", now.Add(time.Second)); err != nil {
		t.Fatal("not refilled after a second")
	}
}

// BenchmarkCheckPassword is the cost of one sign-in (and of one guess).
func BenchmarkCheckPassword(b *testing.B) {
	h, _ := auth.HashPassword("correct horse battery")
	for b.Loop() {
		if !auth.CheckPassword(h, "correct horse battery") {
			b.Fatal("refused")
		}
	}
}
