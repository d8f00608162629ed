package store

import (
	"context"
	"database/sql"
	"math/rand/v2"

	didstock "github.com/didstock/didstock"
)

// rndSpace bounds the random sampling key of numbers. It stays below 2^53 so
// that any client or tool reading it as a float still sees it exactly.
const rndSpace = 1 << 52

func newRnd() int64 { return rand.Int64N(rndSpace) }

// SampleAvailableDIDs returns up to didstock.SampleSize numbers in stock
// matching f, starting at a random point of an index ordered by the random
// key rnd and wrapping around once: two index range scans of at most ten
// rows each, whatever the size of the inventory.
func (db *DB) SampleAvailableDIDs(ctx context.Context, f didstock.AvailableDIDFilter) ([]*didstock.AvailableDID, int, error) {
	w := db.availableWhere(f)
	start := newRnd()
	out, err := db.sampleFrom(ctx, w, "n.rnd >= ?", start, didstock.SampleSize)
	if err != nil {
		return nil, 0, err
	}
	if len(out) < didstock.SampleSize {
		more, err := db.sampleFrom(ctx, w, "n.rnd < ?", start, didstock.SampleSize-len(out))
		if err != nil {
			return nil, 0, err
		}
		out = append(out, more...)
	}
	total, err := db.countAvailable(ctx, f, w)
	return out, total, err
}

func (db *DB) sampleFrom(ctx context.Context, w where, cond string, start int64, limit int) ([]*didstock.AvailableDID, error) {
	w.add(cond, start)
	args := append(w.args, limit)
	rows, err := db.query(ctx, `SELECT n.id, n.number, n.did_group_id, n.nanpa_prefix_id FROM numbers n`+
		w.sql()+` ORDER BY n.rnd LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*didstock.AvailableDID
	for rows.Next() {
		d, err := scanAvailable(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, db.dialect.interpret(rows.Err())
}

// availableWhere selects numbers in stock in groups that allow number
// selection. Every condition is on a column of numbers, or on its group by
// primary key, so the planner can walk one partial index ordered by rnd.
func (db *DB) availableWhere(f didstock.AvailableDIDFilter) where {
	var w where
	w.add("n.status = 'available'")
	w.inIDs("n.id", f.IDs)
	w.inIDs("n.did_group_id", f.DIDGroupID)
	w.inIDs("n.country_id", f.CountryID)
	w.inIDs("n.region_id", f.RegionID)
	w.inIDs("n.city_id", f.CityID)
	w.inIDs("n.did_group_type_id", f.DIDGroupTypeID)
	w.inIDs("n.nanpa_prefix_id", f.NanpaPrefixID)
	if f.NumberContains != nil {
		db.numberContains(&w, *f.NumberContains)
	}
	// A correlated EXISTS looks up the group of each row the index walk
	// reaches (a primary-key probe, ten or so per request). "did_group_id IN
	// (SELECT … FROM did_groups)" made SQLite scan every group per query.
	g := groupWhere(f)
	g.add("g.id = n.did_group_id")
	w.add(`EXISTS (SELECT 1 FROM did_groups g`+g.sql()+`)`, g.args...)
	return w
}

// numberContains matches numbers holding digits anywhere. From three
// digits on, the trigram index of migration 0002 answers it: on PostgreSQL
// pg_trgm serves LIKE on the numbers table itself; on SQLite the FTS5
// trigram table is asked for the matching rowids. Shorter searches match
// most numbers, so the walk along rnd finds ten quickly without an index.
func (db *DB) numberContains(w *where, digits string) {
	pattern := "%" + digits + "%"
	if len(digits) >= 3 && db.dialect.name() == "sqlite" {
		w.add("n.rowid IN (SELECT rowid FROM numbers_trigram WHERE number LIKE ?)", pattern)
		return
	}
	w.add("n.number LIKE ?", pattern)
}

// groupWhere holds the conditions on the number's group.
func groupWhere(f didstock.AvailableDIDFilter) where {
	var g where
	g.add("g.available_dids_enabled = TRUE")
	g.features("g.features", f.DIDGroupFeatures)
	g.flag("g.needs_registration", f.DIDGroupNeedsRegistration)
	return g
}

// countAvailable counts all matches. When every condition is a property of
// the group, the count is a sum of the groups' stock counters (at most one
// row per group); otherwise it counts the matching numbers.
func (db *DB) countAvailable(ctx context.Context, f didstock.AvailableDIDFilter, w where) (int, error) {
	var total int
	if f.NumberContains != nil || f.NanpaPrefixID != nil || f.IDs != nil {
		err := db.queryRow(ctx, `SELECT COUNT(*) FROM numbers n`+w.sql(), w.args...).Scan(&total)
		return total, db.dialect.interpret(err)
	}
	g := groupWhere(f)
	g.inIDs("g.id", f.DIDGroupID)
	g.inIDs("g.country_id", f.CountryID)
	g.inIDs("g.region_id", f.RegionID)
	g.inIDs("g.city_id", f.CityID)
	g.inIDs("g.did_group_type_id", f.DIDGroupTypeID)
	err := db.queryRow(ctx, `SELECT COALESCE(SUM(g.stock_count), 0) FROM did_groups g`+g.sql(), g.args...).Scan(&total)
	return total, db.dialect.interpret(err)
}

// FindAvailableDID returns a number in stock, or one reserved by accountID
// (its owner still sees it); other accounts get not found. As in the list,
// only groups with available_dids_enabled show their numbers: the others
// sell random numbers, whose IDs must not be browsable one by one.
func (db *DB) FindAvailableDID(ctx context.Context, id, accountID string) (*didstock.AvailableDID, error) {
	if len(validIDs([]string{id})) == 0 {
		return nil, didstock.NotFound(id)
	}
	rows, err := db.query(ctx, `SELECT n.id, n.number, n.did_group_id, n.nanpa_prefix_id FROM numbers n
		WHERE n.id = ? AND EXISTS (SELECT 1 FROM did_groups g WHERE g.id = n.did_group_id AND g.available_dids_enabled = TRUE)
		AND (n.status = 'available' OR (n.status = 'reserved' AND EXISTS (
			SELECT 1 FROM did_reservations r WHERE r.number_id = n.id AND r.ended_at IS NULL AND r.account_id = ?)))`,
		id, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, err
		}
		return nil, didstock.NotFound(id)
	}
	return scanAvailable(rows)
}

func scanAvailable(r *sql.Rows) (*didstock.AvailableDID, error) {
	d := &didstock.AvailableDID{}
	var nanpa sql.NullString
	err := r.Scan(&d.ID, &d.Number, &d.DIDGroupID, &nanpa)
	d.NanpaPrefixID = nanpa.String
	return d, err
}
