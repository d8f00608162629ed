package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	didstock "github.com/didstock/didstock"
)

// NumberRow is one number to put in stock: E.164 digits without '+' and the
// DID group it is sold in (which gives it its place and NANPA prefix).
type NumberRow struct {
	Number  string
	GroupID string
}

// ImportNumbersOptions tune ImportNumbers.
type ImportNumbersOptions struct {
	// CommitEvery is how many numbers one transaction carries (default
	// 50,000). The import commits in steps so that a server on the same
	// SQLite file is never locked out of writing for more than a fraction of
	// a second; each step keeps stock_count exact, and re-running an
	// interrupted import finishes it, since numbers already present are
	// skipped.
	CommitEvery int
	// Progress, when set, is called after each commit with the numbers read
	// from the source so far and how many of them were new.
	Progress func(read, added int)
}

// ImportNumbersResult tells what ImportNumbers did.
type ImportNumbersResult struct {
	Read   int      // numbers taken from the source
	Added  int      // of those, numbers newly put in stock
	Groups []string // groups that gained numbers
}

const defaultCommitEvery = 50_000

// ImportNumbers streams numbers into stock: src yields batches (of any
// size) until it is exhausted or yields an error. Numbers already in the
// database, in any status, are left as they are, so importing twice changes
// nothing. Every group must exist already (see ImportInventory); a number of
// an unknown group fails the import. src is never called while a
// transaction is open, so it may itself write (e.g. create groups).
func (db *DB) ImportNumbers(ctx context.Context, src iter.Seq2[[]NumberRow, error], opt ImportNumbersOptions) (ImportNumbersResult, error) {
	if opt.CommitEvery <= 0 {
		opt.CommitEvery = defaultCommitEvery
	}
	imp := newNumberImport(db)
	restore, err := db.bulkSession(ctx)
	if err != nil {
		return ImportNumbersResult{}, err
	}
	defer restore()
	var pending []NumberRow
	flush := func() error {
		if err := imp.commit(ctx, pending); err != nil {
			return err
		}
		pending = pending[:0]
		if opt.Progress != nil {
			opt.Progress(imp.res.Read, imp.res.Added)
		}
		return nil
	}
	for batch, err := range src {
		if err != nil {
			return imp.result(), err
		}
		pending = append(pending, batch...)
		if len(pending) >= opt.CommitEvery {
			if err := flush(); err != nil {
				return imp.result(), err
			}
		}
	}
	if len(pending) > 0 || imp.res.Read == 0 {
		if err := flush(); err != nil {
			return imp.result(), err
		}
	}
	return imp.result(), nil
}

// numberImport is the state of one ImportNumbers call.
type numberImport struct {
	db         *DB
	seqs       map[string]int64 // groups seen so far (as the caller spells their IDs) and their keys
	groupOfSeq map[int64]string // the stored ID of each
	touched    map[string]bool  // groups that gained numbers
	res        ImportNumbersResult
}

func newNumberImport(db *DB) *numberImport {
	return &numberImport{db: db, seqs: map[string]int64{}, groupOfSeq: map[int64]string{}, touched: map[string]bool{}}
}

func (imp *numberImport) result() ImportNumbersResult {
	res := imp.res
	res.Groups = nil
	for id := range imp.touched {
		res.Groups = append(res.Groups, id)
	}
	return res
}

// commit inserts rows in one transaction and adds what it inserted to the
// stock counters of their groups in the same transaction. Adding (rather
// than recounting) keeps the counter exact while orders sell numbers of the
// same groups concurrently.
func (imp *numberImport) commit(ctx context.Context, rows []NumberRow) error {
	if len(rows) == 0 {
		return nil
	}
	now := imp.db.Now().UnixMicro()
	step := func(tx *Tx) error {
		added, err := imp.insert(ctx, tx, rows, now)
		if err != nil {
			return err
		}
		imp.res.Read += len(rows)
		for seq, n := range added {
			imp.res.Added += n
			imp.touched[imp.groupOfSeq[seq]] = true
		}
		return nil
	}
	if imp.db.dialect.name() == "postgres" {
		return imp.db.InTx(ctx, step)
	}
	return imp.db.inBulkTxSQLite(ctx, step)
}

// inBulkTxSQLite runs fn in a transaction on a pinned write connection with
// foreign keys off. With them on, every multi-row INSERT keeps a statement
// journal (a copy of each page it touches, to undo a half-done statement),
// which doubles the cost of a bulk load. The import checks itself that each
// number's group exists (loadPlaces), the only reference it writes. The
// connection is pinned so that no other statement ever runs without them.
func (db *DB) inBulkTxSQLite(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.dialect.interpret(err)
	}
	if err := fn(&Tx{Tx: sqlTx, db: db}); err != nil {
		_ = sqlTx.Rollback()
		return db.dialect.interpret(err)
	}
	return db.dialect.interpret(sqlTx.Commit())
}

// insert puts rows in stock within tx: it looks up their groups, inserts
// the numbers not present yet and adds them to their groups' stock counters.
// It returns how many it inserted per group (by seq).
func (imp *numberImport) insert(ctx context.Context, tx *Tx, rows []NumberRow, now int64) (map[int64]int, error) {
	if err := imp.loadPlaces(ctx, tx, rows); err != nil {
		return nil, err
	}
	added, err := imp.insertNumbers(ctx, tx, rows, now)
	if err != nil {
		return nil, err
	}
	return added, addStock(ctx, tx, added)
}

// loadPlaces makes sure the integer key of every group of rows is known.
func (imp *numberImport) loadPlaces(ctx context.Context, tx *Tx, rows []NumberRow) error {
	var missing []string
	for _, r := range rows {
		if _, ok := imp.seqs[r.GroupID]; !ok && !slices.Contains(missing, r.GroupID) {
			missing = append(missing, r.GroupID)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	seqs, err := loadGroupSeqs(ctx, tx, missing)
	if err != nil {
		return err
	}
	for _, id := range missing {
		seq, ok := seqs[strings.ToLower(id)]
		if !ok {
			return didstock.Errorf(didstock.EINVALID, "unknown DID group %s", id)
		}
		imp.seqs[id] = seq
		imp.groupOfSeq[seq] = strings.ToLower(id)
	}
	return nil
}

// numberInsertBatch is how many numbers one INSERT carries: four values
// each, well under both engines' limits on placeholders, and large enough
// that the statement overhead vanishes next to the index work.
const numberInsertBatch = 8000

// insertNumbers inserts rows, skipping numbers already present, and returns
// how many it inserted per group (by seq).
func (imp *numberImport) insertNumbers(ctx context.Context, tx *Tx, rows []NumberRow, now int64) (map[int64]int, error) {
	added := map[int64]int{}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, numberInsertBatch*4)
	for start := 0; start < len(rows); start += numberInsertBatch {
		chunk := rows[start:min(start+numberInsertBatch, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			key, ok := numberKey(r.Number)
			if !ok {
				return nil, didstock.Errorf(didstock.EINVALID, "%q is not an E.164 number", r.Number)
			}
			args = append(args, key, imp.seqs[r.GroupID], newRnd(), now)
		}
		var rs *sql.Rows
		var err error
		if len(chunk) == numberInsertBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, tx.db.dialect.rebind(insertNumbersSQL(numberInsertBatch))); err != nil {
					return nil, err
				}
			}
			rs, err = full.QueryContext(ctx, args...)
		} else {
			rs, err = tx.query(ctx, insertNumbersSQL(len(chunk)), args...)
		}
		if err != nil {
			return nil, fmt.Errorf("insert numbers: %w", err)
		}
		if err := countByGroup(rs, added); err != nil {
			return nil, fmt.Errorf("insert numbers: %w", err)
		}
	}
	return added, nil
}

// insertNumbersSQL inserts n numbers and returns the group of each one
// inserted. ON CONFLICT DO NOTHING skips numbers already in the database.
func insertNumbersSQL(n int) string {
	return "INSERT INTO numbers (id, group_seq, rnd, created_at) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?),", n), ",") +
		" ON CONFLICT DO NOTHING RETURNING group_seq"
}

func countByGroup(rs *sql.Rows, added map[int64]int) error {
	defer rs.Close()
	for rs.Next() {
		var seq int64
		if err := rs.Scan(&seq); err != nil {
			return err
		}
		added[seq]++
	}
	return rs.Err()
}

// addStock adds to the stock counters of groups (by seq), in seq order so
// that concurrent writers lock the counters in the same order.
func addStock(ctx context.Context, tx *Tx, added map[int64]int) error {
	seqs := slices.Sorted(maps.Keys(added))
	for _, seq := range seqs {
		if _, err := tx.exec(ctx, `UPDATE did_groups SET stock_count = stock_count + ? WHERE seq = ?`, added[seq], seq); err != nil {
			return err
		}
	}
	return nil
}

// bulkSession prepares the write connection for a bulk load and returns a
// function that undoes it. On SQLite it enlarges the page cache: the
// numbers indexes are keyed by random values, and with the default 2 MB
// cache every insert would evict and re-read index pages.
func (db *DB) bulkSession(ctx context.Context) (func(), error) {
	if db.dialect.name() != "sqlite" {
		return func() {}, nil
	}
	set := func(ctx context.Context, kib int) error {
		_, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", kib))
		return err
	}
	if err := set(ctx, 256*1024); err != nil {
		return nil, err
	}
	return func() { _ = set(context.WithoutCancel(ctx), 2000) }, nil
}
