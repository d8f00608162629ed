package ordering_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/didstock/didstock/internal/testapp"
)

var referenceRE = regexp.MustCompile(`^[A-Z]{3}-[0-9]{6}$`)

// TestOrderVariants buys by qty, by available DID, by NPA-NXX prefix and by
// reservation, and checks each completes with the right amount, DIDs and
// stock on both engines.
func TestOrderVariants(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{Balance: "100", APIVersion: "2026-04-16"})
		resv := env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: key, Body: reservationBody(f.numbersA[4], "mine")}).
			Expect(t, 201)
		cases := []struct {
			name     string
			item     map[string]any
			amount   string
			dids     int
			group    string
			stockOut int // numbers leaving the group's stock at creation
		}{
			{"available did", item("sku_id", f.skuA, "available_did_id", f.numbersA[0]), "2.0", 1, f.groupA, 1},
			{"qty", item("sku_id", f.skuA, "qty", 2), "4.0", 2, f.groupA, 2},
			{"npa-nxx", item("sku_id", f.skuB, "nanpa_prefix_id", f.prefixP, "qty", 2), "2.5", 2, f.groupB, 2},
			{"npa-nxx default qty", item("sku_id", f.skuB, "nanpa_prefix_id", f.prefixP), "1.25", 1, f.groupB, 1},
			{"reservation", item("sku_id", f.skuA, "did_reservation_id", testapp.ID(resv.Data()[0])), "2.0", 1, f.groupA, 0},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before, stockBefore := balance(t, env, key), stock(t, env, key, c.group)
				started := time.Now()
				r := postOrder(t, env, key, nil, c.item).Expect(t, 201)
				o := r.Data()[0]
				if got := testapp.Attr(o, "amount"); got != c.amount {
					t.Errorf("amount = %v, want %s", got, c.amount)
				}
				if got := testapp.Attr(o, "status"); got != "pending" {
					t.Errorf("status = %v, want pending", got)
				}
				if ref, _ := testapp.Attr(o, "reference").(string); !referenceRE.MatchString(ref) {
					t.Errorf("reference = %q", ref)
				}
				if got := balance(t, env, key); !got.Equal(before.Sub(dec(c.amount))) {
					t.Errorf("balance = %s, want %s - %s", got, before, c.amount)
				}
				if got := stock(t, env, key, c.group); got != stockBefore-c.stockOut {
					t.Errorf("stock = %d, want %d", got, stockBefore-c.stockOut)
				}
				done := waitStatus(t, env, key, testapp.ID(o), "completed")
				t.Logf("%s: POST to completed in %v", env.Engine, time.Since(started).Round(time.Millisecond))
				items := testapp.Attr(done, "items").([]any)
				ia := items[0].(map[string]any)["attributes"].(map[string]any)
				if ia["billed_from"] == nil || ia["billed_to"] == nil || ia["did_group_id"] != c.group {
					t.Errorf("item attributes after completion: %v", ia)
				}
				got := env.Get(t, key, "/dids?filter%5Border.id%5D="+testapp.ID(o)).Expect(t, 200).Data()
				if len(got) != c.dids {
					t.Fatalf("dids of order = %d, want %d", len(got), c.dids)
				}
			})
		}
		// The DIDs carry the SKU's channels; the account's history shows them assigned.
		all := env.Get(t, key, "/dids?filter%5Bdid_group.id%5D="+f.groupA).Expect(t, 200).Data()
		for _, d := range all {
			if testapp.Attr(d, "channels_included_count") != float64(2) {
				t.Errorf("channels_included_count = %v, want 2", testapp.Attr(d, "channels_included_count"))
			}
		}
		h := env.Get(t, key, "/did_history?filter%5Baction%5D=assigned").Expect(t, 200)
		if n := len(h.Data()); n != 7 {
			t.Errorf("assigned history entries = %d, want 7", n)
		}
	})
}

// TestFulfilIdempotent runs the fulfilment of a completed order again: it
// must not create DIDs twice nor change anything.
func TestFulfilIdempotent(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{})
		o := postOrder(t, env, key, nil, item("sku_id", f.skuA, "qty", 2)).Expect(t, 201).Data()[0]
		waitStatus(t, env, key, testapp.ID(o), "Completed")
		for i := 0; i < 2; i++ {
			status, err := env.App.DB.FulfilOrder(context.Background(), testapp.ID(o))
			if err != nil || status != "completed" {
				t.Fatalf("FulfilOrder again = %q, %v", status, err)
			}
		}
		if n := len(env.Get(t, key, "/dids").Expect(t, 200).Data()); n != 2 {
			t.Errorf("dids = %d, want 2", n)
		}
	})
}
