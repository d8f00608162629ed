package store

import (
	"fmt"
	"sync"
	"time"

	didstock "github.com/didstock/didstock"
)

// A sample by a wide filter (a whole country, a region, a group type) reads
// every matching group's stock: thousands of rows, tens of milliseconds, for
// ten numbers. wideGroups keeps such group lists for a second, so that the
// requests of that second draw from the same list. Filters matching at most
// wideFilterGroups groups are never cached: they are cheap, and their
// total_count stays exact.
//
// A list older than wideGroupsTTL is still served while one background read
// replaces it, so that no request waits for the read of a whole country;
// one older than wideGroupsMaxAge is not. So total_count of a wide filter
// lags a sale or an import by about a second (at most wideGroupsMaxAge), and
// a group sold out meanwhile may be drawn (its read then finds fewer
// numbers).
const (
	wideFilterGroups = 256
	wideGroupsTTL    = time.Second
	wideGroupsMaxAge = 5 * time.Second
)

type wideGroups struct {
	mu      sync.Mutex
	entries map[string]wideGroupsEntry
	size    int // groups held in all entries
}

type wideGroupsEntry struct {
	groups     []stockedGroup
	total      int
	read       time.Time // when the list was read
	refreshing bool      // a background read is under way
}

// wideGroupsMax bounds the groups the cache holds over all its lists
// (about 50 bytes each); it is cleared when a new list would pass it.
const wideGroupsMax = 500_000

// get returns the cached list for key when it is young enough to serve,
// and whether the caller should read a new one in the background (it is
// the first to find the list past wideGroupsTTL).
func (c *wideGroups) get(key string, now time.Time) (groups []stockedGroup, total int, ok, refresh bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, found := c.entries[key]
	age := now.Sub(e.read)
	if !found || age > wideGroupsMaxAge {
		return nil, 0, false, false
	}
	if age > wideGroupsTTL && !e.refreshing {
		e.refreshing, refresh = true, true
		c.entries[key] = e
	}
	return e.groups, e.total, true, refresh
}

// put caches a list read at now (a list of few groups is dropped), and
// ends a background read of key.
func (c *wideGroups) put(key string, groups []stockedGroup, total int, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok && e.refreshing {
		e.refreshing = false
		c.entries[key] = e
	}
	if len(groups) <= wideFilterGroups {
		delete(c.entries, key)
		return
	}
	if old, ok := c.entries[key]; ok {
		c.size -= len(old.groups)
	}
	if c.entries == nil || c.size+len(groups) > wideGroupsMax {
		c.entries, c.size = map[string]wideGroupsEntry{}, 0
	}
	c.entries[key] = wideGroupsEntry{groups: groups, total: total, read: now}
	c.size += len(groups)
}

// endRefresh ends a background read of key that failed.
func (c *wideGroups) endRefresh(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.refreshing = false
		c.entries[key] = e
	}
}

// filterKey names the group conditions of f (all of them but the account).
func filterKey(f didstock.AvailableDIDFilter) string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%q|%q|%v", f.CountryID, f.RegionID, f.CityID, f.DIDGroupID, f.DIDGroupTypeID,
		f.NanpaPrefixID, f.DIDGroupFeatures, boolKey(f.DIDGroupNeedsRegistration))
}

func boolKey(b *bool) string {
	if b == nil {
		return "-"
	}
	return fmt.Sprint(*b)
}
