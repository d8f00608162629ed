package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/didstock/didstock/store"
)

// TestGroupCommit runs many write transactions at once on SQLite, every
// third failing after it wrote, one panicking: each caller gets its own
// outcome, the failed ones leave nothing behind, and the others all land,
// some of them sharing a commit.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "group.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Exec(ctx, `CREATE TABLE group_test (n INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	const n = 300
	errFail := errors.New("fails on purpose")
	results := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO group_test (n) VALUES (?)`, i); err != nil {
					return err
				}
				switch {
				case i == 7:
					panic("on purpose")
				case i%3 == 0:
					return fmt.Errorf("%d: %w", i, errFail)
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i, err := range results {
		switch {
		case i == 7 && err == nil:
			t.Errorf("%d: the panicking transaction succeeded", i)
		case i%3 == 0 && !errors.Is(err, errFail):
			t.Errorf("%d: err = %v, want its own failure", i, err)
		case i%3 != 0 && i != 7 && err != nil:
			t.Errorf("%d: err = %v", i, err)
		}
	}
	var rows, bad int
	if err := db.WritePool().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN n % 3 = 0 OR n = 7 THEN 1 END) FROM group_test`).Scan(&rows, &bad); err != nil {
		t.Fatal(err)
	}
	if want := n - n/3 - 1; rows != want || bad != 0 {
		t.Errorf("%d rows (%d of failed transactions), want %d and 0", rows, bad, want)
	}
	if db.GroupedCommits() == 0 {
		t.Error("no transactions shared a commit")
	}
}
