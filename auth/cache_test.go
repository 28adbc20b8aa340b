package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestCacheTTL(t *testing.T) {
	c := NewCache[string](10, 30*time.Second)
	now := time.Unix(1000, 0)
	c.Put(c.Gen(), "h", "u", "subject", time.Time{}, now)
	if v, ok := c.Get("h", now.Add(29*time.Second)); !ok || v != "subject" {
		t.Fatal("entry missing within its TTL")
	}
	if _, ok := c.Get("h", now.Add(30*time.Second)); ok {
		t.Fatal("entry trusted past its TTL")
	}
	// A credential expiring sooner than the TTL leaves the cache with it.
	c.Put(c.Gen(), "h", "u", "subject", now.Add(time.Second), now)
	if _, ok := c.Get("h", now.Add(time.Second)); ok {
		t.Fatal("entry outlives its credential")
	}
}

func TestCacheBounded(t *testing.T) {
	c := NewCache[int](3, time.Minute)
	now := time.Unix(1000, 0)
	for i := range 10 {
		c.Put(c.Gen(), fmt.Sprint(i), "u", i, time.Time{}, now)
		if i == 5 {
			c.Get("3", now) // used: kept over 4
		}
	}
	if c.Len() != 3 {
		t.Fatalf("%d entries, want 3", c.Len())
	}
	if _, ok := c.Get("9", now); !ok {
		t.Fatal("the newest entry is gone")
	}
	if _, ok := c.Get("0", now); ok {
		t.Fatal("the oldest entry stayed")
	}
}

func TestCacheEvictUser(t *testing.T) {
	c := NewCache[int](10, time.Minute)
	now := time.Unix(1000, 0)
	c.Put(c.Gen(), "a1", "a", 1, time.Time{}, now)
	c.Put(c.Gen(), "a2", "a", 2, time.Time{}, now)
	c.Put(c.Gen(), "b1", "b", 3, time.Time{}, now)
	gen := c.Gen() // a lookup begins
	c.EvictUser("a")
	if _, ok := c.Get("a1", now); ok {
		t.Fatal("evicted user's credential still cached")
	}
	if _, ok := c.Get("a2", now); ok {
		t.Fatal("evicted user's credential still cached")
	}
	if _, ok := c.Get("b1", now); !ok {
		t.Fatal("another user's credential evicted")
	}
	// The lookup that began before the eviction finishes: not cached.
	c.Put(gen, "a1", "a", 1, time.Time{}, now)
	if _, ok := c.Get("a1", now); ok {
		t.Fatal("a lookup older than the eviction was cached")
	}
}
