package store_test

import (
	"context"
	"testing"

	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/store"
)

// openTest opens a fresh database of the engine for one test.
func openTest(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigratesAndReopens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := openTest(t, dsn)
		if err := db.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
		db.Close()
		// A second open finds the schema current and changes nothing.
		openTest(t, dsn)
	})
}
