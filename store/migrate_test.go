package store_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/store"
)

// TestMigrationKeysNumbersByDigits builds a database of schema version 2
// (numbers keyed by UUID) holding a number in stock, one reserved and one
// sold, and checks that migration 3 keeps each with its reservation,
// allocation and DID, under the new keys.
func TestMigrationKeysNumbersByDigits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		old, err := store.OpenAt(ctx, dsn, 2)
		if err != nil {
			t.Fatal(err)
		}
		group := bulkCatalog(t, old, 1)[0]
		account, sku, order, item := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
		inStock, reserved, sold := uuid.NewString(), uuid.NewString(), uuid.NewString()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO accounts (id, name, balance_micros, api_version, created_at) VALUES (?, 'a', 0, '2026-04-16', 1)`, []any{account}},
			{`INSERT INTO stock_keeping_units (id, did_group_id, setup_price_micros, monthly_price_micros, channels_included_count)
				VALUES (?, ?, 0, 1000000, 2)`, []any{sku, group}},
			{`INSERT INTO numbers (id, number, did_group_id, country_id, did_group_type_id, status, rnd, created_at)
				SELECT ?, '12015550001', id, country_id, did_group_type_id, 'available', 1, 1 FROM did_groups WHERE id = ?`, []any{inStock, group}},
			{`INSERT INTO numbers (id, number, did_group_id, country_id, did_group_type_id, status, rnd, created_at)
				SELECT ?, '12015550002', id, country_id, did_group_type_id, 'reserved', 2, 1 FROM did_groups WHERE id = ?`, []any{reserved, group}},
			{`INSERT INTO numbers (id, number, did_group_id, country_id, did_group_type_id, status, rnd, created_at)
				SELECT ?, '12015550003', id, country_id, did_group_type_id, 'sold', 3, 1 FROM did_groups WHERE id = ?`, []any{sold, group}},
			{`UPDATE did_groups SET stock_count = 1 WHERE id = ?`, []any{group}},
			{`INSERT INTO did_reservations (id, account_id, number_id, created_at, expires_at) VALUES (?, ?, ?, 1, 4102444800000000)`,
				[]any{uuid.NewString(), account, reserved}},
			{`INSERT INTO orders (id, account_id, reference, amount_micros, status, description, allow_back_ordering, created_at)
				VALUES (?, ?, 'REF1', 1000000, 'completed', 'DID', FALSE, 1)`, []any{order, account}},
			{`INSERT INTO order_items (id, order_id, position, sku_id, did_group_id, qty, setup_price_micros, monthly_price_micros)
				VALUES (?, ?, 0, ?, ?, 1, 0, 1000000)`, []any{item, order, sku, group}},
			{`INSERT INTO allocations (order_item_id, number_id) VALUES (?, ?)`, []any{item, sold}},
			{`INSERT INTO dids (id, account_id, order_id, number_id, did_group_id, number, channels_included_count, created_at)
				VALUES (?, ?, ?, ?, ?, '12015550003', 2, 1)`, []any{uuid.NewString(), account, order, sold, group}},
		} {
			if err := old.Exec(ctx, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
		old.Close()

		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("migrate to 3: %v", err)
		}
		defer db.Close()
		got, total, err := db.SampleAvailableDIDs(ctx, didstock.AvailableDIDFilter{DIDGroupID: []string{group}})
		if err != nil || total != 1 || len(got) != 1 || got[0].Number != "12015550001" || got[0].ID != store.NumberID("12015550001") {
			t.Fatalf("in stock after the migration: %+v, total %d, err %v", got, total, err)
		}
		rs, _, err := db.FindReservations(ctx, didstock.DIDReservationFilter{AccountID: account}, didstock.ListOptions{})
		if err != nil || len(rs) != 1 || rs[0].AvailableDIDID != store.NumberID("12015550002") || rs[0].Number != "12015550002" {
			t.Fatalf("reservation after the migration: %+v, err %v", rs, err)
		}
		if _, err := db.FindAvailableDID(ctx, store.NumberID("12015550002"), account); err != nil {
			t.Errorf("the reserved number, seen by its holder: %v", err)
		}
		dids, _, err := db.FindDIDs(ctx, didstock.DIDFilter{AccountID: account}, didstock.ListOptions{})
		if err != nil || len(dids) != 1 || dids[0].Number != "12015550003" {
			t.Fatalf("DIDs after the migration: %+v, err %v", dids, err)
		}
		// The sold number is still held: its allocation moved to the new key.
		if err := db.Exec(ctx, `INSERT INTO allocations (order_item_id, number_id) VALUES (?, 12015550003)`, item); err == nil {
			t.Error("a second live allocation of the sold number was accepted")
		}
	})
}
