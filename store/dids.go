package store

import (
	"context"
	"database/sql"
	"strconv"

	didstock "github.com/didstock/didstock"
)

const didColumns = `d.id, d.account_id, d.order_id, d.did_group_id, d.number, d.description, d.blocked, d.terminated,
	d.awaiting_registration, d.capacity_limit, d.channels_included_count, d.billing_cycles_count, d.emergency_enabled,
	d.created_at, d.expires_at`

var didSorts = sortable{"created_at": "d.created_at", "number": "d.number", "expires_at": "d.expires_at"}

// DIDSortFields lists the sort fields FindDIDs accepts.
func DIDSortFields() []string { return didSorts.fields() }

// FindDIDs lists the account's DIDs.
func (db *DB) FindDIDs(ctx context.Context, f didstock.DIDFilter, opt didstock.ListOptions) ([]*didstock.DID, int, error) {
	var w where
	w.add("d.account_id = ?", f.AccountID)
	w.inIDs("d.id", f.IDs)
	w.in("d.number", f.Number)
	w.eq("d.description", f.Description)
	w.flag("d.blocked", f.Blocked)
	w.flag("d.terminated", f.Terminated)
	w.flag("d.awaiting_registration", f.AwaitingRegistration)
	w.flag("d.emergency_enabled", f.EmergencyEnabled)
	if f.BillingCyclesCount != nil {
		var cycles []any
		for _, v := range f.BillingCyclesCount {
			if n, err := strconv.Atoi(v); err == nil {
				cycles = append(cycles, n)
			}
		}
		if len(cycles) == 0 {
			w.add("1 = 0")
		} else {
			w.add("d.billing_cycles_count IN ("+placeholders(len(cycles))+")", cycles...)
		}
	}
	w.inIDs("d.did_group_id", f.DIDGroupID)
	w.inIDs("d.order_id", f.OrderID)
	if f.CountryID != nil || f.RegionID != nil || f.CityID != nil || len(f.DIDGroupFeatures) > 0 {
		var g where
		g.inIDs("g.country_id", f.CountryID)
		g.inIDs("g.region_id", f.RegionID)
		g.inIDs("g.city_id", f.CityID)
		g.features("g.features", f.DIDGroupFeatures)
		w.add("d.did_group_id IN (SELECT g.id FROM did_groups g"+g.sql()+")", g.args...)
	}
	if f.OrderReference != nil {
		var o where
		o.in("o.reference", upper(f.OrderReference))
		if len(f.OrderReference) == 0 {
			o.add("1 = 0")
		}
		w.add("d.order_id IN (SELECT o.id FROM orders o"+o.sql()+")", o.args...)
	}
	q := listQuery{
		selectFrom: `SELECT ` + didColumns + ` FROM dids d`, countFrom: `SELECT COUNT(*) FROM dids d`,
		where: w, sorts: didSorts, dflt: []didstock.SortKey{{Field: "created_at"}}, idCol: "d.id",
	}
	return list(ctx, db, q, opt, scanDID)
}

func scanDID(r *sql.Rows) (*didstock.DID, error) {
	d := &didstock.DID{}
	var desc sql.NullString
	var capLimit, cycles, expires sql.NullInt64
	var created int64
	if err := r.Scan(&d.ID, &d.AccountID, &d.OrderID, &d.DIDGroupID, &d.Number, &desc, &d.Blocked, &d.Terminated,
		&d.AwaitingRegistration, &capLimit, &d.ChannelsIncludedCount, &cycles, &d.EmergencyEnabled, &created, &expires); err != nil {
		return nil, err
	}
	d.Description, d.CapacityLimit, d.BillingCyclesCount = strPtr(desc), intPtr(capLimit), intPtr(cycles)
	d.CreatedAt, d.ExpiresAt = fromMicro(created), timePtr(expires)
	return d, nil
}

// UpdateDID applies a customer's changes to one of its DIDs and records
// them in the DID's history.
func (db *DB) UpdateDID(ctx context.Context, accountID, id string, u didstock.DIDUpdate) (*didstock.DID, error) {
	if !isUUID(id) {
		return nil, didstock.NotFound(id)
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT `+didColumns+` FROM dids d WHERE d.id = ? AND d.account_id = ?`+db.forUpdate(), id, accountID)
		if err != nil {
			return err
		}
		var d *didstock.DID
		if rows.Next() {
			d, err = scanDID(rows)
		}
		rows.Close()
		if err != nil {
			return err
		}
		if d == nil {
			return didstock.NotFound(id)
		}
		return db.applyDIDUpdate(ctx, tx, d, u)
	})
	if err != nil {
		return nil, err
	}
	dids, _, err := db.FindDIDs(ctx, didstock.DIDFilter{AccountID: accountID, IDs: []string{id}}, didstock.ListOptions{})
	if err != nil {
		return nil, err
	}
	if len(dids) == 0 {
		return nil, didstock.NotFound(id)
	}
	return dids[0], nil
}

func (db *DB) applyDIDUpdate(ctx context.Context, tx *Tx, d *didstock.DID, u didstock.DIDUpdate) error {
	desc, cycles, capLimit, terminated := d.Description, d.BillingCyclesCount, d.CapacityLimit, d.Terminated
	if u.ClearDescription {
		desc = nil
	} else if u.Description != nil {
		desc = u.Description
	}
	if u.SetBillingCycles {
		cycles = u.BillingCyclesCount
	}
	if u.SetCapacityLimit {
		capLimit = u.CapacityLimit
	}
	if u.Terminated != nil {
		terminated = *u.Terminated
	}
	changed := !eqStr(desc, d.Description) || !eqInt(cycles, d.BillingCyclesCount) || !eqInt(capLimit, d.CapacityLimit)
	if !changed && terminated == d.Terminated {
		return nil
	}
	if _, err := tx.exec(ctx, `UPDATE dids SET description = ?, billing_cycles_count = ?, capacity_limit = ?, terminated = ? WHERE id = ?`,
		ptrValue(desc), intPtrValue(cycles), intPtrValue(capLimit), terminated, d.ID); err != nil {
		return err
	}
	now := db.Now()
	if changed {
		if err := addHistory(ctx, tx, d.AccountID, d.Number, didstock.HistoryChanged, now); err != nil {
			return err
		}
	}
	switch {
	case terminated && !d.Terminated:
		return addHistory(ctx, tx, d.AccountID, d.Number, didstock.HistoryTerminated, now)
	case !terminated && d.Terminated:
		return addHistory(ctx, tx, d.AccountID, d.Number, didstock.HistoryRestored, now)
	}
	return nil
}

func eqStr(a, b *string) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
func eqInt(a, b *int) bool    { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

// FindDIDHistory lists the account's DID history, newest first by default.
func (db *DB) FindDIDHistory(ctx context.Context, f didstock.DIDHistoryFilter, opt didstock.ListOptions) ([]*didstock.DIDHistory, int, error) {
	var w where
	w.add("h.account_id = ?", f.AccountID)
	w.inIDs("h.id", f.IDs)
	w.in("h.action", f.Action)
	w.in("h.method", f.Method)
	w.in("h.did_number", f.DIDNumber)
	if f.CreatedAtGTE != nil {
		w.add("h.created_at >= ?", f.CreatedAtGTE.UnixMicro())
	}
	if f.CreatedAtLTE != nil {
		w.add("h.created_at <= ?", f.CreatedAtLTE.UnixMicro())
	}
	q := listQuery{
		selectFrom: `SELECT h.id, h.account_id, h.did_number, h.action, h.method, h.created_at FROM did_history h`,
		countFrom:  `SELECT COUNT(*) FROM did_history h`,
		where:      w, sorts: sortable{"created_at": "h.created_at"},
		dflt: []didstock.SortKey{{Field: "created_at"}}, idCol: "h.id",
	}
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.DIDHistory, error) {
		h := &didstock.DIDHistory{}
		var created int64
		err := r.Scan(&h.ID, &h.AccountID, &h.DIDNumber, &h.Action, &h.Method, &created)
		h.CreatedAt = fromMicro(created)
		return h, err
	})
}
