package store_test

import (
	"context"
	"fmt"
	"github.com/google/uuid"
	"iter"
	"os"
	"strconv"
	"testing"
	"time"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/store"
)

// bulkCatalog is a small catalogue for number imports: one country, one
// type and groups groups, with deterministic IDs.
func bulkCatalog(t testing.TB, db *store.DB, groups int) []string {
	t.Helper()
	inv := &didstock.Inventory{
		Countries:     []*didstock.Country{{ID: tid("country"), Name: "United States", ISO: "US", Prefix: "1"}},
		DIDGroupTypes: []*didstock.DIDGroupType{{ID: tid("type"), Name: "Local"}},
	}
	var ids []string
	for i := range groups {
		g := &didstock.DIDGroup{ID: tid("group", i), CountryID: tid("country"), DIDGroupTypeID: tid("type"),
			Prefix: strconv.Itoa(200 + i), AreaName: "Area " + strconv.Itoa(i), Features: []string{"voice_in"},
			AllowAdditionalChannels: true, AvailableDIDsEnabled: true}
		inv.DIDGroups = append(inv.DIDGroups, g)
		ids = append(ids, g.ID)
	}
	if _, err := db.ImportInventory(context.Background(), inv); err != nil {
		t.Fatalf("catalogue: %v", err)
	}
	return ids
}

// tid is a deterministic test UUID.
func tid(kind string, n ...int) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprint("test:", kind, n))).String()
}

// numberRows yields n numbers spread over groups, in batches of 4096.
func numberRows(groups []string, n int) iter.Seq2[[]store.NumberRow, error] {
	return func(yield func([]store.NumberRow, error) bool) {
		batch := make([]store.NumberRow, 0, 4096)
		for i := range n {
			batch = append(batch, store.NumberRow{Number: strconv.Itoa(12000000000 + i), GroupID: groups[i%len(groups)]})
			if len(batch) == cap(batch) || i == n-1 {
				if !yield(batch, nil) {
					return
				}
				batch = make([]store.NumberRow, 0, 4096)
			}
		}
	}
}

// TestImportNumbersBulk times a bulk import of DIDSTOCK_BULK_N numbers
// (default 20,000) and checks stock counts and idempotence.
func TestImportNumbersBulk(t *testing.T) {
	n := 20_000
	if v := os.Getenv("DIDSTOCK_BULK_N"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := openTest(t, dsn)
		groups := bulkCatalog(t, db, 100)
		start := time.Now()
		res, err := db.ImportNumbers(ctx, numberRows(groups, n), store.ImportNumbersOptions{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: imported %d numbers in %v", db.Engine(), res.Added, time.Since(start).Round(time.Millisecond))
		if res.Added != n || res.Read != n || len(res.Groups) != len(groups) {
			t.Fatalf("result %+v, want %d added in %d groups", res, n, len(groups))
		}
		assertStock(t, db, groups, n)
		again, err := db.ImportNumbers(ctx, numberRows(groups, n), store.ImportNumbersOptions{})
		if err != nil || again.Added != 0 || again.Read != n {
			t.Fatalf("second import: %+v, %v; want 0 added", again, err)
		}
		assertStock(t, db, groups, n)
	})
}

// assertStock checks that the groups' stock counters add up to want.
func assertStock(t *testing.T, db *store.DB, groups []string, want int) {
	t.Helper()
	gs, _, err := db.FindDIDGroups(context.Background(), didstock.DIDGroupFilter{IDs: groups},
		didstock.ListOptions{Page: didstock.Page{Number: 1, Size: len(groups)}})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, g := range gs {
		total += g.StockCount
	}
	if total != want {
		t.Fatalf("stock_count adds up to %d, want %d", total, want)
	}
}

// TestWithdrawKeepsStockInStep withdraws by number and by group and checks
// the refusals and the stock counters on both engines.
func TestWithdrawKeepsStockInStep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := openTest(t, dsn)
		groups := bulkCatalog(t, db, 2)
		if _, err := db.ImportNumbers(ctx, numberRows(groups, 10), store.ImportNumbersOptions{}); err != nil {
			t.Fatal(err)
		}
		// Numbers 12000000000… alternate between the two groups.
		res, err := db.Withdraw(ctx, []string{"12000000000", "12000000002", "19999999999"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Withdrawn) != 2 || len(res.Refused) != 1 || res.Refused[0].Reason != "not in the inventory" {
			t.Fatalf("withdraw: %+v", res)
		}
		assertStock(t, db, groups, 8)
		res, err = db.Withdraw(ctx, []string{"12000000000"}, groups[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Withdrawn) != 5 || len(res.Refused) != 1 || res.Refused[0].Reason != "already withdrawn" {
			t.Fatalf("withdraw group: %+v", res)
		}
		assertStock(t, db, groups, 3)
		// Re-importing does not bring withdrawn numbers back.
		if r, err := db.ImportNumbers(ctx, numberRows(groups, 10), store.ImportNumbersOptions{}); err != nil || r.Added != 0 {
			t.Fatalf("re-import: %+v, %v", r, err)
		}
		assertStock(t, db, groups, 3)
		lines, err := db.StockStats(ctx)
		if err != nil || len(lines) != 1 || lines[0].InStock != 3 || lines[0].Groups != 2 {
			t.Fatalf("stats: %+v, %v", lines, err)
		}
	})
}
