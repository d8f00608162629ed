package store

import (
	"context"
	"fmt"
	"strings"

	didstock "github.com/didstock/didstock"
)

// ImportResult tells what an import added.
type ImportResult struct {
	Numbers int // numbers newly added to stock
	Groups  []string
}

// batchRows is how many rows one multi-row INSERT carries; it keeps the
// statement's placeholders well under SQLite's and PostgreSQL's limits.
const batchRows = 400

// insertRows runs INSERT INTO table (cols) VALUES (…),(…) … ON CONFLICT DO
// NOTHING in batches and returns how many rows were inserted.
func insertRows(ctx context.Context, tx *Tx, table string, cols []string, rows [][]any) (int, error) {
	inserted := 0
	one := "(" + placeholders(len(cols)) + ")"
	for start := 0; start < len(rows); start += batchRows {
		end := min(start+batchRows, len(rows))
		var args []any
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+",", end-start), ",") + " ON CONFLICT DO NOTHING"
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return inserted, fmt.Errorf("insert %s: %w", table, err)
		}
		n, _ := res.RowsAffected()
		inserted += int(n)
	}
	return inserted, nil
}

// ImportInventory loads inv in one transaction and brings the stock counters
// of the touched groups up to date.
func (db *DB) ImportInventory(ctx context.Context, inv *didstock.Inventory) (ImportResult, error) {
	var res ImportResult
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		res, err = importInventory(ctx, tx, inv, db.Now().UnixMicro())
		return err
	})
	return res, err
}

func importInventory(ctx context.Context, tx *Tx, inv *didstock.Inventory, now int64) (ImportResult, error) {
	steps := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"countries", []string{"id", "name", "name_key", "iso", "prefix"}, countryRows(inv.Countries)},
		{"regions", []string{"id", "country_id", "name", "name_key", "iso"}, regionRows(inv.Regions)},
		{"areas", []string{"id", "country_id", "name", "name_key"}, areaRows(inv.Areas)},
		{"cities", []string{"id", "country_id", "region_id", "area_id", "name", "name_key"}, cityRows(inv.Cities)},
		{"nanpa_prefixes", []string{"id", "country_id", "region_id", "npa", "nxx"}, nanpaRows(inv.NanpaPrefixes)},
		{"did_group_types", []string{"id", "name", "name_key"}, typeRows(inv.DIDGroupTypes)},
		{"did_groups", groupCols, groupRows(inv.DIDGroups)},
	}
	for _, s := range steps {
		if _, err := insertRows(ctx, tx, s.table, s.cols, s.rows); err != nil {
			return ImportResult{}, err
		}
	}
	skus, err := skuRows(inv.SKUs)
	if err != nil {
		return ImportResult{}, err
	}
	if _, err := insertRows(ctx, tx, "stock_keeping_units",
		[]string{"id", "did_group_id", "setup_price_micros", "monthly_price_micros", "channels_included_count"}, skus); err != nil {
		return ImportResult{}, err
	}
	return importNumbers(ctx, tx, inv.Numbers, now)
}

var groupCols = []string{"id", "country_id", "region_id", "city_id", "did_group_type_id", "nanpa_prefix_id",
	"prefix", "local_prefix", "area_name", "area_name_key", "features", "is_metered", "allow_additional_channels",
	"service_restrictions", "available_dids_enabled", "needs_registration"}

// importNumbers inserts numbers into stock (their IDs are derived from the
// digits, whatever the inventory says) and adds them to their groups' stock.
func importNumbers(ctx context.Context, tx *Tx, numbers []*didstock.AvailableDID, now int64) (ImportResult, error) {
	var res ImportResult
	if len(numbers) == 0 {
		return res, nil
	}
	imp := newNumberImport(tx.db)
	rows := make([]NumberRow, len(numbers))
	for i, n := range numbers {
		rows[i] = NumberRow{Number: n.Number, GroupID: n.DIDGroupID}
	}
	added, err := imp.insert(ctx, tx, rows, now)
	for seq, n := range added {
		res.Numbers += n
		res.Groups = append(res.Groups, imp.groupOfSeq[seq])
	}
	return res, err
}

// loadGroupSeqs returns the integer key of each of the groups ids that
// exists, by its stored (lower-case) ID.
func loadGroupSeqs(ctx context.Context, tx *Tx, ids []string) (map[string]int64, error) {
	seqs := map[string]int64{}
	for start := 0; start < len(ids); start += batchRows {
		chunk := validIDs(ids[start:min(start+batchRows, len(ids))])
		if len(chunk) == 0 {
			continue
		}
		rows, err := tx.query(ctx, `SELECT id, seq FROM did_groups WHERE id IN (`+placeholders(len(chunk))+`)`, anys(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			var seq int64
			if err := rows.Scan(&id, &seq); err != nil {
				rows.Close()
				return nil, err
			}
			seqs[id] = seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return seqs, nil
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func countryRows(cs []*didstock.Country) [][]any {
	out := make([][]any, len(cs))
	for i, c := range cs {
		out[i] = []any{c.ID, c.Name, NameKey(c.Name), strings.ToUpper(c.ISO), c.Prefix}
	}
	return out
}

func regionRows(rs []*didstock.Region) [][]any {
	out := make([][]any, len(rs))
	for i, r := range rs {
		out[i] = []any{r.ID, r.CountryID, r.Name, NameKey(r.Name), r.ISO}
	}
	return out
}

func areaRows(as []*didstock.Area) [][]any {
	out := make([][]any, len(as))
	for i, a := range as {
		out[i] = []any{a.ID, a.CountryID, a.Name, NameKey(a.Name)}
	}
	return out
}

func cityRows(cs []*didstock.City) [][]any {
	out := make([][]any, len(cs))
	for i, c := range cs {
		out[i] = []any{c.ID, c.CountryID, orNil(c.RegionID), orNil(c.AreaID), c.Name, NameKey(c.Name)}
	}
	return out
}

func nanpaRows(ps []*didstock.NanpaPrefix) [][]any {
	out := make([][]any, len(ps))
	for i, p := range ps {
		out[i] = []any{p.ID, p.CountryID, orNil(p.RegionID), p.NPA, p.NXX}
	}
	return out
}

func typeRows(ts []*didstock.DIDGroupType) [][]any {
	out := make([][]any, len(ts))
	for i, t := range ts {
		out[i] = []any{t.ID, t.Name, NameKey(t.Name)}
	}
	return out
}

func groupRows(gs []*didstock.DIDGroup) [][]any {
	out := make([][]any, len(gs))
	for i, g := range gs {
		var restrictions any
		if g.ServiceRestrictions != nil {
			restrictions = *g.ServiceRestrictions
		}
		out[i] = []any{g.ID, g.CountryID, orNil(g.RegionID), orNil(g.CityID), g.DIDGroupTypeID, orNil(g.NanpaPrefixID),
			g.Prefix, g.LocalPrefix, g.AreaName, NameKey(g.AreaName), joinFeatures(g.Features), g.IsMetered,
			g.AllowAdditionalChannels, restrictions, g.AvailableDIDsEnabled, g.NeedsRegistration}
	}
	return out
}

func skuRows(ss []*didstock.SKU) ([][]any, error) {
	out := make([][]any, len(ss))
	for i, s := range ss {
		setup, err := toMicros(s.SetupPrice)
		if err != nil {
			return nil, err
		}
		monthly, err := toMicros(s.MonthlyPrice)
		if err != nil {
			return nil, err
		}
		out[i] = []any{s.ID, s.DIDGroupID, setup, monthly, s.ChannelsIncludedCount}
	}
	return out, nil
}
