package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	didstock "github.com/didstock/didstock"
)

// rndSpace bounds the random sampling key of numbers. It stays below 2^53 so
// that any client or tool reading it as a float still sees it exactly.
const rndSpace = 1 << 52

func newRnd() int64 { return rand.Int64N(rndSpace) }

// SampleAvailableDIDs returns up to didstock.SampleSize numbers in stock
// matching f, drawn uniformly, and the count of all matches.
//
// Every filter but the number itself is a property of the number's group,
// and each group keeps its stock count, so a sample needs no index on the
// numbers but one ordered by a random key within each group: read the
// matching groups and their stock (which sums to the total), draw which
// groups the sample's numbers fall in, weighted by stock, and read that many
// numbers of each from a random point of its index. Filters on the number
// (IDs, number_contains) read the matching numbers instead.
func (db *DB) SampleAvailableDIDs(ctx context.Context, f didstock.AvailableDIDFilter) ([]*didstock.AvailableDID, int, error) {
	if f.IDs != nil || f.NumberContains != nil {
		return db.sampleMatching(ctx, f)
	}
	groups, total, err := db.stockedGroups(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out, err := db.sampleGroups(ctx, groups, drawFromGroups(groups, total, didstock.SampleSize))
	return out, total, err
}

// stockedGroup is a group with numbers in stock that matches a filter.
type stockedGroup struct {
	seq       int64
	id, nanpa string
	stock     int
	end       int // the stock of this group and all before it in the list
}

// stockedGroups returns the groups matching f that have numbers in stock,
// with their stock and its sum; those of wide filters may come from the
// cache of the last second (groupcache.go).
func (db *DB) stockedGroups(ctx context.Context, f didstock.AvailableDIDFilter) ([]stockedGroup, int, error) {
	key, now := filterKey(f), db.Now()
	if groups, total, ok, refresh := db.wide.get(key, now); ok {
		if refresh {
			go db.refreshStockedGroups(key, f)
		}
		return groups, total, nil
	}
	groups, total, err := db.readStockedGroups(ctx, f)
	if err == nil {
		db.wide.put(key, groups, total, now)
	}
	return groups, total, err
}

// refreshStockedGroups reads a wide filter's group list anew for the cache.
// A failed read leaves the old list to age out (wideGroupsMaxAge).
func (db *DB) refreshStockedGroups(key string, f didstock.AvailableDIDFilter) {
	ctx, cancel := context.WithTimeout(context.Background(), wideGroupsMaxAge)
	defer cancel()
	now := db.Now()
	groups, total, err := db.readStockedGroups(ctx, f)
	if err != nil {
		db.wide.endRefresh(key)
		return
	}
	db.wide.put(key, groups, total, now)
}

func (db *DB) readStockedGroups(ctx context.Context, f didstock.AvailableDIDFilter) ([]stockedGroup, int, error) {
	g := availableGroupWhere(f)
	g.add("g.stock_count > 0")
	rows, err := db.query(ctx, `SELECT g.seq, g.id, g.nanpa_prefix_id, g.stock_count FROM did_groups g`+g.sql(), g.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []stockedGroup
	total := 0
	for rows.Next() {
		var sg stockedGroup
		var nanpa sql.NullString
		if err := rows.Scan(&sg.seq, &sg.id, &nanpa, &sg.stock); err != nil {
			return nil, 0, err
		}
		sg.nanpa = nanpa.String
		total += sg.stock
		sg.end = total
		out = append(out, sg)
	}
	return out, total, db.dialect.interpret(rows.Err())
}

// drawFromGroups picks min(n, total) distinct positions among the total
// numbers in stock of groups, uniformly, and returns how many fall in each
// group (by index into groups).
func drawFromGroups(groups []stockedGroup, total, n int) map[int]int {
	n = min(n, total)
	picked := make(map[int]bool, n)
	counts := map[int]int{}
	for len(picked) < n {
		p := rand.IntN(total)
		if picked[p] {
			continue
		}
		picked[p] = true
		gi, _ := slices.BinarySearchFunc(groups, p, func(g stockedGroup, p int) int { return cmp.Compare(g.end, p+1) })
		counts[gi]++
	}
	return counts
}

// sampleGroups reads counts[i] numbers of groups[i] from a random point of
// the group's rnd index, wrapping around: one statement of two index range
// scans per group drawn, whatever the size of the inventory.
func (db *DB) sampleGroups(ctx context.Context, groups []stockedGroup, counts map[int]int) ([]*didstock.AvailableDID, error) {
	if len(counts) == 0 {
		return nil, nil
	}
	type draw struct {
		group *stockedGroup
		n     int
		start int64
	}
	draws := map[int64]*draw{}
	var parts []string
	var args []any
	for gi, n := range counts {
		d := &draw{group: &groups[gi], n: n, start: newRnd()}
		draws[d.group.seq] = d
		// The limit is a constant, the most any group gives, and the surplus
		// is dropped below: SQLite plans with the value bound to LIMIT and so
		// re-prepares the statement whenever that value changes.
		for _, cond := range []string{"rnd >= ?", "rnd < ?"} {
			parts = append(parts, `SELECT * FROM (SELECT id, group_seq, rnd FROM numbers
				WHERE group_seq = ? AND status = 'available' AND `+cond+` ORDER BY rnd LIMIT `+strconv.Itoa(didstock.SampleSize)+`) AS p`+strconv.Itoa(len(parts)))
			args = append(args, d.group.seq, d.start)
		}
	}
	found, err := db.readSampled(ctx, strings.Join(parts, " UNION ALL "), args, false)
	if err != nil {
		return nil, err
	}
	// Per group, the numbers after its start come first, then those before.
	after := func(s sampled) bool { return s.rnd >= draws[s.seq].start }
	slices.SortFunc(found, func(a, b sampled) int {
		switch {
		case a.seq != b.seq:
			return cmp.Compare(a.seq, b.seq)
		case after(a) != after(b):
			if after(a) {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.rnd, b.rnd)
	})
	var out []sampled
	for _, s := range found {
		if d := draws[s.seq]; d.n > 0 {
			d.n--
			s.group, s.nanpa = d.group.id, d.group.nanpa
			out = append(out, s)
		}
	}
	return shuffled(out), nil
}

// sampled is a number read for a sample.
type sampled struct {
	key, seq, rnd int64
	group, nanpa  string
}

// readSampled runs q and reads each row's key, group seq and rnd, and with
// withGroup the group's ID and NANPA prefix after them.
func (db *DB) readSampled(ctx context.Context, q string, args []any, withGroup bool) ([]sampled, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sampled
	for rows.Next() {
		var s sampled
		var nanpa sql.NullString
		dest := []any{&s.key, &s.seq, &s.rnd}
		if withGroup {
			dest = append(dest, &s.group, &nanpa)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		s.nanpa = nanpa.String
		out = append(out, s)
	}
	return out, db.dialect.interpret(rows.Err())
}

// shuffled orders a sample by its random keys, so the answer does not
// group numbers by group.
func shuffled(s []sampled) []*didstock.AvailableDID {
	slices.SortFunc(s, byRnd)
	return availableDIDs(s)
}

func byRnd(a, b sampled) int { return cmp.Compare(a.rnd, b.rnd) }

// availableDIDs turns numbers read into the domain's available DIDs.
func availableDIDs(s []sampled) []*didstock.AvailableDID {
	out := make([]*didstock.AvailableDID, len(s))
	for i, n := range s {
		out[i] = &didstock.AvailableDID{ID: numberIDOf(n.key), Number: strconv.FormatInt(n.key, 10),
			DIDGroupID: n.group, NanpaPrefixID: n.nanpa}
	}
	return out
}

// containsCountCap bounds the work of a number_contains search: it reads at
// most this many matches (plus one, to know there are more) and reports
// total_count = containsCountCap when there are at least that many. Digits
// common to much of the stock would otherwise read every match to count
// them: seconds at a million numbers (docs/decisions.md).
const containsCountCap = 1000

// numberKeySpace is one more than the largest number key (15 digits).
const numberKeySpace = 1_000_000_000_000_000

// sampleMatching answers filters on the numbers themselves (IDs,
// number_contains). It reads the matches in key order from a random key on,
// wrapping around once, at most containsCountCap+1 of them, through the
// trigram index of the digits for number_contains; counts them, and keeps a
// random SampleSize. When there are more than containsCountCap matches the
// sample comes from those after the random start rather than from all.
func (db *DB) sampleMatching(ctx context.Context, f didstock.AvailableDIDFilter) ([]*didstock.AvailableDID, int, error) {
	w := availableGroupWhere(f)
	w.add("n.status = 'available'")
	if f.IDs != nil {
		keys := numberKeysOfIDs(f.IDs)
		if len(keys) == 0 {
			return nil, 0, nil
		}
		w.add("n.id IN ("+placeholders(len(keys))+")", keys...)
	}
	from, key := `numbers n`, "n.id"
	if f.NumberContains != nil {
		from, key = db.numberContains(&w, *f.NumberContains)
	}
	q := `SELECT n.id, n.group_seq, n.rnd, g.id, g.nanpa_prefix_id FROM ` + from + ` JOIN did_groups g ON g.seq = n.group_seq`
	start := rand.Int64N(numberKeySpace)
	found, err := db.scanMatches(ctx, q, w, key, ">=", start, containsCountCap+1)
	if err != nil {
		return nil, 0, err
	}
	if len(found) <= containsCountCap {
		more, err := db.scanMatches(ctx, q, w, key, "<", start, containsCountCap+1-len(found))
		if err != nil {
			return nil, 0, err
		}
		found = append(found, more...)
	}
	total := min(len(found), containsCountCap)
	// A random SampleSize of what was read: the smallest random keys.
	slices.SortFunc(found, byRnd)
	return availableDIDs(found[:min(len(found), didstock.SampleSize)]), total, nil
}

// scanMatches runs the matching query q with w and the number's key (column
// keyCol) compared (op) to key, in key order, reading at most limit rows.
func (db *DB) scanMatches(ctx context.Context, q string, w where, keyCol, op string, key int64, limit int) ([]sampled, error) {
	w.add(keyCol+" "+op+" ?", key)
	return db.readSampled(ctx, q+w.sql()+` ORDER BY `+keyCol+` LIMIT `+strconv.Itoa(limit), w.args, true)
}

func numberKeysOfIDs(ids []string) []any {
	var keys []any
	for _, id := range ids {
		if k, ok := numberKeyOfID(id); ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// numberContains matches numbers holding digits anywhere and returns the
// FROM clause to read them with and the column of their key to order by.
// From three digits on, the trigram index of the digits answers it: on
// PostgreSQL pg_trgm serves LIKE on the numbers table itself; on SQLite the
// FTS5 table drives the query, in rowid (key) order, and each candidate is
// checked against the number.
func (db *DB) numberContains(w *where, digits string) (from, keyCol string) {
	w.add("n.number LIKE ?", "%"+digits+"%")
	if len(digits) >= 3 && db.dialect.name() == "sqlite" {
		w.add("t.numbers_trigram MATCH ?", trigramQuery(digits))
		return `numbers_trigram t JOIN numbers n ON n.id = t.rowid`, "t.rowid"
	}
	return `numbers n`, "n.id"
}

// trigramQuery is the FTS5 query for numbers holding every trigram of
// digits: "123" AND "234" for 1234. The index keeps no positions
// (detail=none), so it cannot match the digits as a phrase; the LIKE on
// the number itself removes the numbers whose trigrams are not adjacent.
// (A LIKE on the FTS5 table would do both, but reads each candidate's
// digits back through the table: a quarter of the time of a search.)
func trigramQuery(digits string) string {
	var terms []string
	for i := 0; i+3 <= len(digits); i++ {
		if t := `"` + digits[i:i+3] + `"`; !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	return strings.Join(terms, " AND ")
}

// availableGroupWhere holds the conditions of f on the number's group g:
// number selection enabled, and every filter but the number's own.
func availableGroupWhere(f didstock.AvailableDIDFilter) where {
	var g where
	g.add("g.available_dids_enabled = TRUE")
	g.features("g.features", f.DIDGroupFeatures)
	g.flag("g.needs_registration", f.DIDGroupNeedsRegistration)
	g.inIDs("g.id", f.DIDGroupID)
	g.inIDs("g.country_id", f.CountryID)
	g.inIDs("g.region_id", f.RegionID)
	g.inIDs("g.city_id", f.CityID)
	g.inIDs("g.did_group_type_id", f.DIDGroupTypeID)
	g.inIDs("g.nanpa_prefix_id", f.NanpaPrefixID)
	return g
}

// FindAvailableDID returns a number in stock, or one reserved by accountID
// (its owner still sees it); other accounts get not found. As in the list,
// only groups with available_dids_enabled show their numbers: the others
// sell random numbers, whose IDs must not be browsable one by one.
func (db *DB) FindAvailableDID(ctx context.Context, id, accountID string) (*didstock.AvailableDID, error) {
	key, ok := numberKeyOfID(id)
	if !ok {
		return nil, didstock.NotFound(id)
	}
	var s sampled
	var nanpa sql.NullString
	err := db.queryRow(ctx, `SELECT n.id, g.id, g.nanpa_prefix_id FROM numbers n JOIN did_groups g ON g.seq = n.group_seq
		WHERE n.id = ? AND g.available_dids_enabled = TRUE
		AND (n.status = 'available' OR (n.status = 'reserved' AND EXISTS (
			SELECT 1 FROM did_reservations r WHERE r.number_id = n.id AND r.ended_at IS NULL AND r.account_id = ?)))`,
		key, accountID).Scan(&s.key, &s.group, &nanpa)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, didstock.NotFound(id)
	} else if err != nil {
		return nil, db.dialect.interpret(err)
	}
	s.nanpa = nanpa.String
	return availableDIDs([]sampled{s})[0], nil
}
