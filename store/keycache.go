package store

import (
	"sync"
	"time"

	didstock "github.com/didstock/didstock"
)

// keyCacheTTL is how long a resolved API key is trusted without asking the
// database again. Every request authenticates, so the lookup was one query
// on every request; a key rotated or an account disabled by another process
// (the operator commands) stops working within this time. In this process
// such changes clear the cache at once.
const keyCacheTTL = 2 * time.Second

// keyCache maps API key hashes to the account they resolved to. Only hits
// are kept: a wrong key always reaches the database.
type keyCache struct {
	mu      sync.Mutex
	entries map[string]keyCacheEntry
}

type keyCacheEntry struct {
	account didstock.Account
	expires time.Time
}

func (c *keyCache) get(hash string, now time.Time) (*didstock.Account, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	a := e.account // a copy: callers may not change the cached value
	return &a, true
}

func (c *keyCache) put(hash string, a *didstock.Account, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 10_000 {
		c.entries = map[string]keyCacheEntry{} // bounded: start afresh rather than track ages
	}
	c.entries[hash] = keyCacheEntry{account: *a, expires: now.Add(keyCacheTTL)}
}

func (c *keyCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
}
