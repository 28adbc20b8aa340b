package auth

import (
	"container/list"
	"sync"
	"time"
)

// Cache holds verified credentials for one instance, so that a request
// need not look its credential up in the store. It is keyed on the
// token's hash (HashToken), never on the token; a value is whatever the
// store verified (the subject, with its roles, agency and must-change
// flag), for the owner of the credential. It is bounded in size (least
// recently used entries go first) and in time (TTL, a safety net should
// an eviction be lost), and an entry never outlives its credential.
//
// Evictions bump a generation: a lookup that began before an eviction
// and stores its result after it is dropped (Put with the generation Gen
// returned before the lookup), so a credential ended while it was being
// read is not cached.
type Cache[V any] struct {
	Size int
	TTL  time.Duration

	mu    sync.Mutex
	gen   uint64
	ll    *list.List // front: most recently used
	items map[string]*list.Element
}

type cacheEntry[V any] struct {
	key     string
	user    string
	v       V
	expires time.Time // the earlier of the credential's expiry and now+TTL
}

// NewCache returns a cache of at most size entries, each trusted for ttl.
func NewCache[V any](size int, ttl time.Duration) *Cache[V] {
	return &Cache[V]{Size: size, TTL: ttl, ll: list.New(), items: map[string]*list.Element{}}
}

// Gen returns the current generation, to pass to Put after a lookup.
func (c *Cache[V]) Gen() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Get returns the value cached under hash, if it is still trusted at now.
func (c *Cache[V]) Get(hash string, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	el, ok := c.items[hash]
	if !ok {
		return zero, false
	}
	e := el.Value.(*cacheEntry[V])
	if !now.Before(e.expires) {
		c.remove(el)
		return zero, false
	}
	c.ll.MoveToFront(el)
	return e.v, true
}

// Put caches v under hash for the credential of user that expires at
// credExpiry (zero: never), unless an eviction happened since gen.
func (c *Cache[V]) Put(gen uint64, hash, user string, v V, credExpiry, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.Size <= 0 || c.TTL <= 0 {
		return
	}
	exp := now.Add(c.TTL)
	if !credExpiry.IsZero() && credExpiry.Before(exp) {
		exp = credExpiry
	}
	if el, ok := c.items[hash]; ok {
		c.remove(el)
	}
	c.items[hash] = c.ll.PushFront(&cacheEntry[V]{key: hash, user: user, v: v, expires: exp})
	for c.ll.Len() > c.Size {
		c.remove(c.ll.Back())
	}
}

// EvictUser drops every credential of user.
func (c *Cache[V]) EvictUser(user string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for el := c.ll.Front(); el != nil; {
		next := el.Next()
		if el.Value.(*cacheEntry[V]).user == user {
			c.remove(el)
		}
		el = next
	}
}

// Clear drops everything.
func (c *Cache[V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.ll.Init()
	clear(c.items)
}

// Len returns how many entries the cache holds.
func (c *Cache[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

func (c *Cache[V]) remove(el *list.Element) {
	c.ll.Remove(el)
	delete(c.items, el.Value.(*cacheEntry[V]).key)
}
