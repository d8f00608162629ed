package store_test

import (
	"context"
	"iter"
	"strconv"
	"strings"
	"testing"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/store"
)

// TestNumberContainsCountsUpToTheCap: a search for digits that 1,100
// numbers share reports total_count 1000 ("1,000 or more") and a sample of
// ten of them; a search that fewer match counts them exactly.
func TestNumberContainsCountsUpToTheCap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := openTest(t, dsn)
		groups := bulkCatalog(t, db, 1)
		var src iter.Seq2[[]store.NumberRow, error] = func(yield func([]store.NumberRow, error) bool) {
			var rows []store.NumberRow
			for i := range 1100 {
				rows = append(rows, store.NumberRow{Number: "1201777" + strconv.Itoa(1000+i), GroupID: groups[0]})
			}
			yield(rows, nil)
		}
		if _, err := db.ImportNumbers(ctx, src, store.ImportNumbersOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			digits string
			total  int
		}{
			{"777", 1000},  // all 1,100: capped
			{"77720", 100}, // 12017772000-12017772099
			{"7772099", 1}, // one number
			{"5550000", 0}, // none
		} {
			got, total, err := db.SampleAvailableDIDs(ctx, didstock.AvailableDIDFilter{NumberContains: &tt.digits})
			if err != nil {
				t.Fatal(err)
			}
			if total != tt.total || len(got) != min(tt.total, didstock.SampleSize) {
				t.Errorf("%s: total %d, %d numbers; want %d and %d", tt.digits, total, len(got), tt.total, min(tt.total, didstock.SampleSize))
			}
			for _, n := range got {
				if !strings.Contains(n.Number, tt.digits) || n.ID != store.NumberID(n.Number) {
					t.Errorf("%s: got %s (%s)", tt.digits, n.Number, n.ID)
				}
			}
		}
	})
}
