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
// A cached list's stock counts are at most wideGroupsTTL old: total_count
// of a wide filter may lag a sale or an import by that long, and a group
// sold out meanwhile may be drawn (its read then finds fewer numbers).
const (
	wideFilterGroups = 256
	wideGroupsTTL    = time.Second
)

type wideGroups struct {
	mu      sync.Mutex
	entries map[string]wideGroupsEntry
	size    int // groups held in all entries
}

type wideGroupsEntry struct {
	groups  []stockedGroup
	total   int
	expires time.Time
}

// wideGroupsMax bounds the groups the cache holds over all its lists
// (about 50 bytes each); it is cleared when a new list would pass it.
const wideGroupsMax = 500_000

func (c *wideGroups) get(key string, now time.Time) ([]stockedGroup, int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, 0, false
	}
	return e.groups, e.total, true
}

func (c *wideGroups) put(key string, groups []stockedGroup, total int, now time.Time) {
	if len(groups) <= wideFilterGroups {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.entries[key]; ok {
		c.size -= len(old.groups)
	}
	if c.entries == nil || c.size+len(groups) > wideGroupsMax {
		c.entries, c.size = map[string]wideGroupsEntry{}, 0
	}
	c.entries[key] = wideGroupsEntry{groups: groups, total: total, expires: now.Add(wideGroupsTTL)}
	c.size += len(groups)
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
