package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/store"
)

// BenchmarkSampleByGroup measures one available_dids sample of a group, in
// process, on SQLite (go test ./store -run - -bench Sample).
func BenchmarkSampleByGroup(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	groups := bulkCatalog(b, db, 100)
	if _, err := db.ImportNumbers(ctx, numberRows(groups, 100_000), store.ImportNumbersOptions{}); err != nil {
		b.Fatal(err)
	}
	f := didstock.AvailableDIDFilter{DIDGroupID: groups[:1]}
	b.ResetTimer()
	for b.Loop() {
		if got, _, err := db.SampleAvailableDIDs(ctx, f); err != nil || len(got) != didstock.SampleSize {
			b.Fatalf("%d numbers, %v", len(got), err)
		}
	}
}

// BenchmarkSampleOnFile samples random groups of the database file named by
// DIDSTOCK_BENCH_DB (e.g. one the bench harness loaded).
func BenchmarkSampleOnFile(b *testing.B) {
	path := os.Getenv("DIDSTOCK_BENCH_DB")
	if path == "" {
		b.Skip("DIDSTOCK_BENCH_DB not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	groups, _, err := db.FindDIDGroups(ctx, didstock.DIDGroupFilter{IsAvailable: ptr(true)}, didstock.ListOptions{Page: didstock.Page{Number: 1, Size: 100}})
	if err != nil || len(groups) == 0 {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		f := didstock.AvailableDIDFilter{DIDGroupID: []string{groups[i%len(groups)].ID}}
		if _, _, err := db.SampleAvailableDIDs(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

func ptr[T any](v T) *T { return &v }
