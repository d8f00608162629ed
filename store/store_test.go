package store_test

import (
	"context"
	"testing"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/secrets"
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

// TestAccountByKeyFollowsRotationAndDisable: the key cache must not keep a
// revoked key or a disabled account working in the process that changed it.
func TestAccountByKeyFollowsRotationAndDisable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := openTest(t, dsn)
		box, err := secrets.New(make([]byte, 32))
		if err != nil {
			t.Fatal(err)
		}
		db.SetSecrets(box)
		a := &didstock.Account{Name: "k", NumberSelection: true}
		key, err := db.CreateAccount(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AccountByKey(ctx, key); err != nil {
			t.Fatalf("fresh key: %v", err)
		}
		newKey, err := db.RotateKey(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AccountByKey(ctx, key); didstock.ErrorCode(err) != didstock.ENOTFOUND {
			t.Fatalf("old key after rotation: err = %v, want not found", err)
		}
		if _, err := db.AccountByKey(ctx, newKey); err != nil {
			t.Fatalf("new key: %v", err)
		}
		if _, err := db.SetDisabled(ctx, a.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AccountByKey(ctx, newKey); didstock.ErrorCode(err) != didstock.ENOTFOUND {
			t.Fatalf("key of a disabled account: err = %v, want not found", err)
		}
	})
}
