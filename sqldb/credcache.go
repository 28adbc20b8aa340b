package sqldb

import (
	"slices"
	"sync/atomic"
	"time"

	"meridian"
	"meridian/auth"
)

// Credential changes: every change that ends or alters a credential
// (logout, a token revoked, an account disabled or re-enabled, its roles
// changed, its password changed or reset) publishes
// meridian.change.credential.revoked, in the same transaction, with the
// user's id as its record. It carries no token, no hash and no Meta, so it
// is released to no one: it exists for every instance's credential cache.
const (
	CredentialKind    = "credential"
	CredentialRevoked = "revoked"
)

// CredentialFilter is the bus filter of credential changes.
const CredentialFilter = meridian.ChangeSubjectPrefix + CredentialKind + ".>"

// Credential cache bounds: a safety net should an eviction be lost. See
// docs/security.md, Identity.
const (
	CredentialCacheSize = 10000
	CredentialCacheTTL  = 30 * time.Second
)

type credCache struct {
	cache   *auth.Cache[meridian.Subject]
	trusted atomic.Pointer[func() bool]
	lookups atomic.Int64
}

func newCredCache() *credCache {
	return &credCache{cache: auth.NewCache[meridian.Subject](CredentialCacheSize, CredentialCacheTTL)}
}

// TrustCredentialCache turns the cache of verified credentials on, for as
// long as live reports true: the instance's subscription to credential
// changes (CredentialFilter, evicting with EvictCredentials) is in place
// and its bus connected. While live reports false the cache is emptied
// and bypassed, since evictions may be missed; when it reports true again
// the cache starts empty, so nothing cached before an outage outlives a
// revocation made during it. nil turns the cache off (the default: a store
// without a bus subscription checks every credential in the database).
func (s *DB) TrustCredentialCache(live func() bool) {
	if live == nil {
		s.creds.trusted.Store(nil)
		s.creds.cache.Clear()
		return
	}
	s.creds.trusted.Store(&live)
}

// EvictCredentials drops the cached credentials a credential change
// names: every credential of its user.
func (s *DB) EvictCredentials(c *meridian.Change) {
	if c == nil || c.Kind != CredentialKind || c.RecordID == "" {
		return
	}
	s.creds.cache.EvictUser(c.RecordID)
}

// CredentialEvictions counts the evictions of this instance's cache (a
// user's credentials, or everything), for tests that wait for a change
// made elsewhere to arrive.
func (s *DB) CredentialEvictions() uint64 { return s.creds.cache.Gen() }

// CredentialLookups counts the credentials looked up in the database
// rather than the cache, for tests.
func (s *DB) CredentialLookups() int64 { return s.creds.lookups.Load() }

// cachedCredentials reports whether the cache may be used now; when it may
// not, it empties it.
func (s *DB) cachedCredentials() bool {
	if f := s.creds.trusted.Load(); f != nil && (*f)() {
		return true
	}
	if s.creds.cache.Len() > 0 {
		s.creds.cache.Clear()
	}
	return false
}

// publishCredential buffers the change that evicts userID's cached
// credentials on every instance.
func (tx *Tx) publishCredential(userID string) {
	tx.publish(CredentialKind, CredentialRevoked, userID, nil, nil)
}

// evictLocal evicts, on this instance and at once, what the transaction's
// credential changes name; the bus brings them to the others.
func (s *DB) evictLocal(changes []*meridian.Change) {
	for _, c := range changes {
		s.EvictCredentials(c)
	}
}

func cloneSubject(v meridian.Subject) *meridian.Subject {
	v.Roles = slices.Clone(v.Roles)
	return &v
}
