package store

import (
	"testing"
	"time"
)

// TestDrawFromGroups checks that a draw takes min(n, total) numbers, never
// more from a group than it holds, and reaches every group over many draws.
func TestDrawFromGroups(t *testing.T) {
	tests := []struct {
		name   string
		stocks []int
		n      int
	}{
		{"one group, more than a sample", []int{50}, 10},
		{"one group, less than a sample", []int{3}, 10},
		{"many small groups", []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 10},
		{"skewed", []int{1, 1000, 2, 7}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var groups []stockedGroup
			total := 0
			for i, s := range tt.stocks {
				total += s
				groups = append(groups, stockedGroup{seq: int64(i), stock: s, end: total})
			}
			seen := map[int]bool{}
			for range 2000 {
				counts := drawFromGroups(groups, total, tt.n)
				sum := 0
				for gi, c := range counts {
					if c > groups[gi].stock {
						t.Fatalf("%d drawn from group %d of stock %d", c, gi, groups[gi].stock)
					}
					sum += c
					seen[gi] = true
				}
				if sum != min(tt.n, total) {
					t.Fatalf("drew %d, want %d", sum, min(tt.n, total))
				}
			}
			if len(seen) != len(groups) {
				t.Errorf("%d of %d groups ever drawn", len(seen), len(groups))
			}
		})
	}
}

// TestWideGroupsCache checks the ages at which a cached group list is
// served, refreshed in the background (by one caller only), and dropped.
func TestWideGroupsCache(t *testing.T) {
	var c wideGroups
	t0 := time.Unix(1_000_000, 0)
	big := make([]stockedGroup, wideFilterGroups+1)
	c.put("few", big[:wideFilterGroups], 1, t0)
	if _, _, ok, _ := c.get("few", t0); ok {
		t.Error("a list of few groups was cached")
	}
	c.put("k", big, 7, t0)
	steps := []struct {
		at          time.Duration
		ok, refresh bool
	}{
		{500 * time.Millisecond, true, false},
		{1500 * time.Millisecond, true, true},  // the first to find it old refreshes it
		{1600 * time.Millisecond, true, false}, // the others are served meanwhile
		{wideGroupsMaxAge + time.Second, false, false},
	}
	for _, s := range steps {
		_, total, ok, refresh := c.get("k", t0.Add(s.at))
		if ok != s.ok || refresh != s.refresh || (ok && total != 7) {
			t.Errorf("at %v: ok %v refresh %v total %d, want ok %v refresh %v", s.at, ok, refresh, total, s.ok, s.refresh)
		}
	}
	c.put("k", big, 8, t0.Add(2*time.Second))
	if _, total, ok, refresh := c.get("k", t0.Add(3500*time.Millisecond)); !ok || !refresh || total != 8 {
		t.Errorf("after a refresh: ok %v refresh %v total %d", ok, refresh, total)
	}
}
