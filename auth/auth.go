// Package auth holds the credential primitives: argon2id password hashes,
// random API and session tokens kept only as hashes, and login throttling.
// The store keeps the hashes; nothing here touches a database.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, one
// lane), which keeps a login under ~50 ms on a small machine.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// HashPassword returns the PHC-format argon2id hash of pw.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash, in constant
// time with respect to the key.
func CheckPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<21 || t > 16 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// DummyCheck spends the time of a password check, so that an unknown
// username takes as long to refuse as a wrong password.
func DummyCheck(pw string) {
	argon2.IDKey([]byte(pw), make([]byte, saltLen), argonTime, argonMemory, argonThreads, argonKeyLen)
}

// Token prefixes tell a session token from an API token at a glance (and
// to secret scanners).
const (
	SessionPrefix = "mrs_"
	APIPrefix     = "mrt_"
)

// NewToken returns a random token with the prefix and the hash to store.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the stored form of a token. Tokens are 256 random
// bits, so a plain SHA-256 suffices: there is nothing to brute-force.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// NewPassword returns a random 20-character password for one-time use.
func NewPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Sign-in lockout: after FreeFailures consecutive failures of one address
// on one username (FreeAccountFailures of all addresses on one username)
// the pair (the username) is locked for a time that doubles with each
// further failure, up to MaxLock.
const (
	FreeFailures        = 5
	FreeAccountFailures = 20
	MaxLock             = 15 * time.Minute
)

// LockFor returns how long an address with n consecutive failures on a
// username stays locked after the last one.
func LockFor(n int) time.Duration { return LockAfter(n, FreeFailures) }

// LockAfter returns how long a lock lasts after n consecutive failures
// when the first free ones cost nothing.
func LockAfter(n, free int) time.Duration {
	if n < free {
		return 0
	}
	d := time.Second << min(n-free, 20)
	return min(d, MaxLock)
}

// ErrThrottled is returned by Limiter.Allow when an address has made too
// many attempts.
var ErrThrottled = errors.New("too many attempts")

// Limiter throttles login attempts per client address within one
// instance: Burst attempts, refilled at one per Every. The per-account
// lockout in the store is what holds across instances.
type Limiter struct {
	Burst int
	Every time.Duration

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// Allow takes one attempt for addr, or returns how long to wait.
func (l *Limiter) Allow(addr string, now time.Time) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	if now.Sub(l.sweep) > 10*time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.at) > time.Duration(l.Burst)*l.Every {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b, ok := l.buckets[addr]
	if !ok {
		b = &bucket{tokens: float64(l.Burst), at: now}
		l.buckets[addr] = b
	}
	b.tokens = min(float64(l.Burst), b.tokens+float64(now.Sub(b.at))/float64(l.Every))
	b.at = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) * float64(l.Every)), ErrThrottled
	}
	b.tokens--
	return 0, nil
}
