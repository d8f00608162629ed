package store

import "testing"

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
