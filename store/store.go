// Package store keeps didstock's data in SQLite (one embedded file, the
// default) or PostgreSQL (for several stateless replicas). One implementation
// serves both engines: the SQL is written once with ? placeholders and the
// few dialect differences live in dialect.go. Migrations are embedded and
// numbered per dialect, kept in step.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/didstock/didstock/secrets"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// DB is an open didstock database.
type DB struct {
	dialect dialect
	// write is the pool for transactions that change data. On SQLite it has a
	// single connection, so writers queue in Go instead of spinning on
	// SQLITE_BUSY; readers use read, which WAL lets run beside the writer.
	write *sql.DB
	read  *sql.DB
	// readStmts prepares the read pool's queries once (SQLite only).
	readStmts *stmtCache
	// Now returns the current time; tests may replace it.
	Now func() time.Time
	box *secrets.Box
	// jobs and ordering serve the ordering surface (orders.go, jobs.go).
	jobs     atomic.Pointer[JobQueue]
	ordering OrderingConfig
	keys     keyCache
	wide     wideGroups // group lists of wide available_dids filters
	// group commits SQLite write transactions together (groupcommit.go);
	// nil on PostgreSQL.
	group *groupCommit
	// stopCheckpoints stops the SQLite WAL checkpointer; nil on PostgreSQL.
	stopCheckpoints func()
}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL,
// or else a SQLite file path (optionally prefixed with sqlite:// or file:).
// It applies pending migrations before returning.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return openAt(ctx, dsn, 0)
}

// openAt is Open migrating only up to schema version upTo (0: the latest);
// tests use it to build a database of an earlier version.
func openAt(ctx context.Context, dsn string, upTo int) (*DB, error) {
	var db *DB
	var err error
	if IsPostgres(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Exclusive(ctx, func() error { return db.migrate(ctx, upTo) }); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openPostgres(dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(32)
	pool.SetMaxIdleConns(32)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{dialect: postgresDialect{}, write: pool, read: pool, Now: utcNow, ordering: DefaultOrderingConfig()}, nil
}

// sqlitePragmas are set on every connection: busy_timeout first so that the
// others wait for a lock instead of failing; WAL so readers run beside the
// writer; synchronous FULL so a committed order survives a power cut, not
// only a crash; foreign keys on.
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"foreign_keys(1)",
}

func openSQLite(dsn string) (*DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction, so
	// two processes on one file never deadlock upgrading read locks.
	// The writer never checkpoints the WAL itself: a checkpoint copies the
	// WAL into the database and syncs it, and done by the commit that
	// crosses the threshold it stalled that commit (and every transaction
	// queued behind it) for tens of milliseconds. checkpointer does it in
	// the background instead (checkpoint.go).
	writeDSN := "file:" + path + "?" + q.Encode() + "&_pragma=wal_autocheckpoint(0)&_txlock=immediate"
	readDSN := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", writeDSN)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	db := &DB{dialect: sqliteDialect{}, write: write, read: read, readStmts: newStmtCache(read), Now: utcNow,
		ordering: DefaultOrderingConfig()}
	db.group = startGroupCommit(db)
	db.stopCheckpoints = startCheckpointer(db)
	return db, nil
}

func utcNow() time.Time { return time.Now().UTC() }

// fromMicro converts stored Unix microseconds to a UTC time.
func fromMicro(us int64) time.Time { return time.UnixMicro(us).UTC() }

// Close closes the pools.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	if db.stopCheckpoints != nil {
		db.stopCheckpoints()
	}
	db.readStmts.close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// exclusiveLockKey is the PostgreSQL advisory lock that serialises start-up
// work (migrations, first-start seeding) across replicas.
const exclusiveLockKey = 716_2026

// Exclusive runs fn while holding a lock that other didstock processes on
// the same database also take for start-up work, so that two replicas
// starting at once do not both migrate or both seed. On PostgreSQL it is a
// session advisory lock; on SQLite, start-up writes already run in
// BEGIN IMMEDIATE transactions, so fn simply runs.
func (db *DB) Exclusive(ctx context.Context, fn func() error) error {
	if db.dialect.name() != "postgres" {
		return fn()
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("exclusive: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, exclusiveLockKey); err != nil {
		return fmt.Errorf("exclusive: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, exclusiveLockKey)
	return fn()
}

// Engine names the engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name() }

// WritePool returns the pool that writes go through; the job queue shares it
// so that jobs are enqueued in the same transactions as the rows they serve.
func (db *DB) WritePool() *sql.DB { return db.write }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a write transaction with the dialect's placeholders applied.
type Tx struct {
	*sql.Tx
	db *DB
}

// exec, query and queryRow rewrite ? placeholders for the dialect.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, tx.db.dialect.rebind(q), args...)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(ctx, tx.db.dialect.rebind(q), args...)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.QueryRowContext(ctx, tx.db.dialect.rebind(q), args...)
}

// InTx runs fn in a write transaction, committing when fn returns nil.
// A transaction that fails on a serialization or lock conflict is retried a
// few times, since another replica or process may have raced it.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if db.group != nil {
			err = db.group.inTx(ctx, fn)
		} else {
			err = db.inTxOnce(ctx, fn)
		}
		if err == nil || !db.dialect.isRetryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return err
}

func (db *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.dialect.interpret(err)
	}
	tx := &Tx{Tx: sqlTx, db: db}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return db.dialect.interpret(err)
	}
	return db.dialect.interpret(sqlTx.Commit())
}

// query and queryRow read from the read pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = db.dialect.rebind(q)
	st, err := db.readStmts.get(ctx, q)
	if err != nil {
		return nil, db.dialect.interpret(err)
	}
	var rows *sql.Rows
	if st != nil {
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = db.read.QueryContext(ctx, q, args...)
	}
	return rows, db.dialect.interpret(err)
}

func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = db.dialect.rebind(q)
	if st, err := db.readStmts.get(ctx, q); err == nil && st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, q, args...)
}
