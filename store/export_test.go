package store

import "context"

// OpenAt opens dsn migrated only up to schema version upTo.
func OpenAt(ctx context.Context, dsn string, upTo int) (*DB, error) { return openAt(ctx, dsn, upTo) }

// Exec runs a statement on the write pool, for tests that build rows of an
// earlier schema by hand.
func (db *DB) Exec(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.dialect.rebind(q), args...)
	return err
}

// GroupedCommits is how many transactions shared a commit (SQLite).
func (db *DB) GroupedCommits() int64 { return db.group.grouped.Load() }
