package store

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/google/uuid"

	didstock "github.com/didstock/didstock"
)

// NumberRow is one number to put in stock: E.164 digits without '+', the
// DID group it is sold in, and optionally its NANPA prefix (default: the
// group's).
type NumberRow struct {
	Number        string
	GroupID       string
	NanpaPrefixID string
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

// numberNamespace roots the number IDs: an ID derived from the number keeps
// re-imports idempotent and the same file gives the same IDs everywhere.
var numberNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/didstock/didstock/numbers"))

// NumberID is the ID a number gets when imported.
func NumberID(number string) string {
	return uuid.NewSHA1(numberNamespace, []byte(number)).String()
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
	imp := &numberImport{db: db, places: map[string]groupPlace{}, touched: map[string]bool{}}
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
	db      *DB
	places  map[string]groupPlace // groups seen so far and their location
	touched map[string]bool
	res     ImportNumbersResult
}

func (imp *numberImport) result() ImportNumbersResult {
	res := imp.res
	res.Groups = nil
	for id := range imp.touched {
		res.Groups = append(res.Groups, id)
	}
	return res
}

// commit inserts rows in one transaction and brings the stock counters of
// their groups up to date in the same transaction.
func (imp *numberImport) commit(ctx context.Context, rows []NumberRow) error {
	if len(rows) == 0 {
		return nil
	}
	now := imp.db.Now().UnixMicro()
	step := func(tx *Tx) error {
		groups, err := imp.loadPlaces(ctx, tx, rows)
		if err != nil {
			return err
		}
		var added int
		if imp.db.dialect.name() == "postgres" {
			added, err = insertNumbersPostgres(ctx, tx, rows, now)
		} else {
			added, err = imp.insertNumbersSQLite(ctx, tx, rows, now, groups)
		}
		if err != nil {
			return err
		}
		imp.res.Read += len(rows)
		imp.res.Added += added
		for _, g := range groups {
			imp.touched[g] = true
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

// loadPlaces makes sure every group of rows is known, loading the location
// of groups not seen before, and returns the distinct groups of rows.
func (imp *numberImport) loadPlaces(ctx context.Context, tx *Tx, rows []NumberRow) ([]string, error) {
	seen := map[string]bool{}
	var groups, missing []string
	for _, r := range rows {
		if seen[r.GroupID] {
			continue
		}
		seen[r.GroupID] = true
		groups = append(groups, r.GroupID)
		if _, ok := imp.places[r.GroupID]; !ok {
			missing = append(missing, r.GroupID)
		}
	}
	if len(missing) > 0 {
		stubs := make([]*didstock.AvailableDID, len(missing))
		for i, id := range missing {
			stubs[i] = &didstock.AvailableDID{DIDGroupID: id}
		}
		places, err := loadGroupPlaces(ctx, tx, stubs)
		if err != nil {
			return nil, err
		}
		for _, id := range missing {
			p, ok := places[strings.ToLower(id)]
			if !ok {
				return nil, didstock.Errorf(didstock.EINVALID, "unknown DID group %s", id)
			}
			imp.places[id] = p
		}
	}
	return groups, nil
}

// sqliteBatch is how many numbers one SQLite INSERT carries: 10 columns
// each, well under SQLite's 32,766 variables, and large enough that the
// statement overhead vanishes next to the index work.
const sqliteBatch = 1000

var numberCols = []string{"id", "number", "did_group_id", "country_id", "region_id", "city_id",
	"did_group_type_id", "nanpa_prefix_id", "rnd", "created_at"}

// insertNumbersSQLite inserts rows with one prepared multi-row statement
// reused for every full batch, then recounts the groups' stock. Recounting
// is exact here because SQLite has a single writer: nothing can sell a
// number between the insert and the count.
func (imp *numberImport) insertNumbersSQLite(ctx context.Context, tx *Tx, rows []NumberRow, now int64, groups []string) (int, error) {
	one := "(" + placeholders(len(numberCols)) + ")"
	// OR IGNORE rather than ON CONFLICT DO NOTHING: it also covers NOT NULL,
	// so no row can abort the statement and SQLite needs no statement journal.
	head := "INSERT OR IGNORE INTO numbers (" + strings.Join(numberCols, ", ") + ") VALUES "
	stmtFor := func(n int) string {
		return head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
	}
	full, err := tx.PrepareContext(ctx, stmtFor(sqliteBatch))
	if err != nil {
		return 0, err
	}
	defer full.Close()
	added := 0
	args := make([]any, 0, sqliteBatch*len(numberCols))
	for start := 0; start < len(rows); start += sqliteBatch {
		chunk := rows[start:min(start+sqliteBatch, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			p := imp.places[r.GroupID]
			nanpa := p.nanpa
			if r.NanpaPrefixID != "" {
				nanpa = r.NanpaPrefixID
			}
			args = append(args, NumberID(r.Number), r.Number, p.id, p.country, p.region, p.city, p.typ, nanpa, newRnd(), now)
		}
		var n int64
		if len(chunk) == sqliteBatch {
			res, err := full.ExecContext(ctx, args...)
			if err != nil {
				return added, fmt.Errorf("insert numbers: %w", err)
			}
			n, _ = res.RowsAffected()
		} else {
			res, err := tx.exec(ctx, stmtFor(len(chunk)), args...)
			if err != nil {
				return added, fmt.Errorf("insert numbers: %w", err)
			}
			n, _ = res.RowsAffected()
		}
		added += int(n)
	}
	if added == 0 {
		return 0, nil
	}
	return added, recountStock(ctx, tx, groupIDs(imp.places, groups))
}

// groupIDs maps the caller's group IDs to the stored (lower-case) ones.
func groupIDs(places map[string]groupPlace, groups []string) []string {
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = places[g].id.(string)
	}
	return out
}

// insertNumbersPostgres sends rows as arrays in one statement that inserts
// the new numbers, copying the group's location, and adds what it inserted
// to each group's stock_count. Adding (rather than recounting) keeps the
// counter exact while orders sell numbers of the same groups concurrently.
func insertNumbersPostgres(ctx context.Context, tx *Tx, rows []NumberRow, now int64) (int, error) {
	ids := make([]string, len(rows))
	numbers := make([]string, len(rows))
	groups := make([]string, len(rows))
	nanpas := make([]*string, len(rows))
	rnds := make([]int64, len(rows))
	for i, r := range rows {
		ids[i], numbers[i], groups[i], rnds[i] = NumberID(r.Number), r.Number, r.GroupID, newRnd()
		if r.NanpaPrefixID != "" {
			nanpas[i] = &rows[i].NanpaPrefixID
		}
	}
	var added int
	err := tx.queryRow(ctx, `WITH src AS (
			SELECT * FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::bigint[]) AS s(id, number, group_id, nanpa_id, rnd)
		), ins AS (
			INSERT INTO numbers (id, number, did_group_id, country_id, region_id, city_id, did_group_type_id, nanpa_prefix_id, rnd, created_at)
			SELECT s.id, s.number, g.id, g.country_id, g.region_id, g.city_id, g.did_group_type_id,
				COALESCE(s.nanpa_id, g.nanpa_prefix_id), s.rnd, ?
			FROM src s JOIN did_groups g ON g.id = s.group_id
			ON CONFLICT DO NOTHING
			RETURNING did_group_id
		), counts AS (
			SELECT did_group_id, COUNT(*) AS n FROM ins GROUP BY did_group_id
		), upd AS (
			UPDATE did_groups g SET stock_count = g.stock_count + c.n FROM counts c WHERE g.id = c.did_group_id
		)
		SELECT COALESCE(SUM(n), 0) FROM counts`,
		ids, numbers, groups, nanpas, rnds, now).Scan(&added)
	if err != nil {
		return 0, fmt.Errorf("insert numbers: %w", err)
	}
	return added, nil
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
