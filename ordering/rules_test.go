package ordering_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/internal/testapp"
)

// TestOrderValidation sends each kind of bad order and checks the 422
// pointer, and that nothing was charged or taken from stock.
func TestOrderValidation(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{})
		_, other := env.NewAccount(t, testapp.AccountOptions{})
		foreign := env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: other,
			Body: reservationBody(f.numbersA[3], "")}).Expect(t, 201)
		missing := uuid.NewString()
		p := "/data/attributes/items/0/"
		cases := []struct {
			name    string
			attrs   map[string]any
			item    map[string]any
			pointer string
		}{
			{"no sku", nil, item("qty", 1), p + "sku_id"},
			{"unknown sku", nil, item("sku_id", missing, "qty", 1), p + "sku_id"},
			{"malformed sku", nil, item("sku_id", "nope", "qty", 1), p + "sku_id"},
			{"qty zero", nil, item("sku_id", f.skuA, "qty", 0), p + "qty"},
			{"qty not a number", nil, item("sku_id", f.skuA, "qty", "two"), p + "qty"},
			{"nothing to take", nil, item("sku_id", f.skuA), "/data/attributes/items/0"},
			{"qty and did", nil, item("sku_id", f.skuA, "qty", 1, "available_did_id", f.numbersA[0]), "/data/attributes/items/0"},
			{"did and reservation", nil, item("sku_id", f.skuA, "available_did_id", f.numbersA[0], "did_reservation_id", missing), "/data/attributes/items/0"},
			{"unknown did", nil, item("sku_id", f.skuA, "available_did_id", missing), p + "available_did_id"},
			{"sku of another group", nil, item("sku_id", f.skuB, "available_did_id", f.numbersA[0]), p + "sku_id"},
			{"number reserved by another", nil, item("sku_id", f.skuA, "available_did_id", f.numbersA[3]), p + "available_did_id"},
			{"another's reservation", nil, item("sku_id", f.skuA, "did_reservation_id", testapp.ID(foreign.Data()[0])), p + "did_reservation_id"},
			{"unknown reservation", nil, item("sku_id", f.skuA, "did_reservation_id", missing), p + "did_reservation_id"},
			{"unknown prefix", nil, item("sku_id", f.skuB, "nanpa_prefix_id", missing), p + "nanpa_prefix_id"},
			{"billing cycles too many", nil, item("sku_id", f.skuA, "qty", 1, "billing_cycles_count", 1000), p + "billing_cycles_count"},
			{"billing cycles negative", nil, item("sku_id", f.skuA, "qty", 1, "billing_cycles_count", -1), p + "billing_cycles_count"},
			{"short stock, no back-order", map[string]any{"allow_back_ordering": false}, item("sku_id", f.skuA, "qty", 5), p + "qty"},
			{"empty group, no back-order", map[string]any{"allow_back_ordering": false}, item("sku_id", f.skuE, "qty", 1), p + "qty"},
			{"private callback", map[string]any{"callback_url": "http://127.0.0.1/cb"}, item("sku_id", f.skuA, "qty", 1), "/data/attributes/callback_url"},
			{"bad callback url", map[string]any{"callback_url": "ftp://example.com/cb"}, item("sku_id", f.skuA, "qty", 1), "/data/attributes/callback_url"},
			{"bad callback method", map[string]any{"callback_url": "https://example.com/cb", "callback_method": "put"}, item("sku_id", f.skuA, "qty", 1), "/data/attributes/callback_method"},
			{"back-ordering not a bool", map[string]any{"allow_back_ordering": "yes"}, item("sku_id", f.skuA, "qty", 1), "/data/attributes/allow_back_ordering"},
			{"wrong item type", nil, map[string]any{"type": "capacity_order_items", "attributes": map[string]any{"sku_id": f.skuA, "qty": 1}}, p + "type"},
		}
		before, stockA := balance(t, env, key), stock(t, env, key, f.groupA)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				expectInvalid(t, postOrder(t, env, key, c.attrs, c.item), c.pointer)
			})
		}
		expectInvalid(t, postOrder(t, env, key, nil), "/data/attributes/items")
		for _, body := range []string{`{`, `{"data":{"type":"orders","attributes":{"items":"x"}}}`, `{"data":{"type":"dids"}}`, `[]`} {
			r := env.Do(t, testapp.Request{Method: "POST", Path: "/orders", Key: key, Body: body})
			if r.Status != 422 {
				t.Errorf("body %s: status %d, want 422", body, r.Status)
			}
		}
		if got := balance(t, env, key); !got.Equal(before) {
			t.Errorf("balance changed by refused orders: %s → %s", before, got)
		}
		if got := stock(t, env, key, f.groupA); got != stockA {
			t.Errorf("stock changed by refused orders: %d → %d", stockA, got)
		}
		if n := len(env.Get(t, key, "/orders").Expect(t, 200).Data()); n != 0 {
			t.Errorf("refused orders were stored: %d", n)
		}
	})
}

// TestInsufficientBalance refuses an order costing more than balance +
// credit with the reference's 400 document and changes nothing.
func TestInsufficientBalance(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{Balance: "1.4", Credit: "0.5"})
		stockA := stock(t, env, key, f.groupA)
		r := postOrder(t, env, key, nil, item("sku_id", f.skuA, "qty", 1))
		if r.Status != 400 {
			t.Fatalf("status = %d, want 400; %s", r.Status, r.Body)
		}
		e := r.Errors()[0]
		m, _ := e["meta"].(map[string]any)
		if e["title"] != "Insufficient balance" || e["code"] != "400" || m["available_balance"] != "1.9" || m["total_cost"] != "2.0" {
			t.Errorf("error = %v", e)
		}
		if got := balance(t, env, key); !got.Equal(dec("1.4")) {
			t.Errorf("balance = %s, want 1.4", got)
		}
		if got := stock(t, env, key, f.groupA); got != stockA {
			t.Errorf("stock = %d, want %d", got, stockA)
		}
		// Credit counts: 1.5 + 0.5 = 2.0 is exactly enough.
		_, rich := env.NewAccount(t, testapp.AccountOptions{Balance: "1.5", Credit: "0.5"})
		o := postOrder(t, env, rich, nil, item("sku_id", f.skuA, "qty", 1)).Expect(t, 201).Data()[0]
		waitStatus(t, env, rich, testapp.ID(o), "completed")
		res := env.Get(t, rich, "/balance").Expect(t, 200).Data()[0]
		if testapp.Attr(res, "balance") != "-0.50" || testapp.Attr(res, "credit") != "0.50" || testapp.Attr(res, "total_balance") != "0.00" {
			t.Errorf("balance after spending credit: %v", res["attributes"])
		}
	})
}

// TestBackOrder leaves a short order pending with its money held, and
// completes it when stock arrives, by import or by another order's cancel.
func TestBackOrder(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		ctx := context.Background()
		_, key := env.NewAccount(t, testapp.AccountOptions{})
		// Six of group A's five: five are taken now, one more is owed.
		o := postOrder(t, env, key, nil, item("sku_id", f.skuA, "qty", 6)).Expect(t, 201).Data()[0]
		stays(t, env, key, testapp.ID(o), "pending", 300*time.Millisecond)
		if got := balance(t, env, key); !got.Equal(dec("88")) {
			t.Errorf("balance = %s, want 88 (12 held)", got)
		}
		if got := stock(t, env, key, f.groupA); got != 0 {
			t.Errorf("stock = %d, want 0", got)
		}
		more := newFixture()
		more.groupA, more.skuA, more.groupB, more.skuB, more.groupE, more.skuE = f.groupA, f.skuA, f.groupB, f.skuB, f.groupE, f.skuE
		more.country, more.region, more.gtype, more.prefixP, more.prefixQ = f.country, f.region, f.gtype, f.prefixP, f.prefixQ
		if _, err := env.App.DB.ImportInventory(ctx, more.inventory(2, 0, "7")); err != nil {
			t.Fatal(err)
		}
		if _, err := env.App.DB.WakeBackOrders(ctx); err != nil {
			t.Fatal(err)
		}
		waitStatus(t, env, key, testapp.ID(o), "completed")
		if n := len(env.Get(t, key, "/dids").Expect(t, 200).Data()); n != 6 {
			t.Errorf("dids = %d, want 6", n)
		}
		if got := stock(t, env, key, f.groupA); got != 1 {
			t.Errorf("stock = %d, want 1", got)
		}

		// A back-order in group B completes when another order there is
		// canceled: the rival's back-order holds all three numbers.
		_, rival := env.NewAccount(t, testapp.AccountOptions{})
		held := testapp.ID(postOrder(t, env, rival, nil, item("sku_id", f.skuB, "qty", 4)).Expect(t, 201).Data()[0])
		waiting := postOrder(t, env, key, nil, item("sku_id", f.skuB, "qty", 1)).Expect(t, 201).Data()[0]
		stays(t, env, key, testapp.ID(waiting), "pending", 200*time.Millisecond)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/" + held, Key: rival}).Expect(t, 204)
		waitStatus(t, env, key, testapp.ID(waiting), "completed")
	})
}

// TestCancel refunds a pending back-order and returns its numbers; a
// completed or foreign order cannot be canceled.
func TestCancel(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{})
		_, other := env.NewAccount(t, testapp.AccountOptions{})
		o := postOrder(t, env, key, nil, item("sku_id", f.skuA, "qty", 7)).Expect(t, 201).Data()[0]
		id := testapp.ID(o)
		stays(t, env, key, id, "pending", 100*time.Millisecond)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/" + id, Key: other}).Expect(t, 404)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/" + uuid.NewString(), Key: key}).Expect(t, 404)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/not-a-uuid", Key: key}).Expect(t, 404)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/" + id, Key: key}).Expect(t, 204)
		if got := balance(t, env, key); !got.Equal(dec("100")) {
			t.Errorf("balance after cancel = %s, want 100", got)
		}
		if got := stock(t, env, key, f.groupA); got != 5 {
			t.Errorf("stock after cancel = %d, want 5", got)
		}
		if s := testapp.Attr(env.Get(t, key, "/orders/"+id).Expect(t, 200).Data()[0], "status"); s != "Canceled" {
			t.Errorf("status = %v, want Canceled", s)
		}
		expectInvalid(t, env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/" + id, Key: key}), "/data/attributes/status")
		done := postOrder(t, env, key, nil, item("sku_id", f.skuA, "qty", 1)).Expect(t, 201).Data()[0]
		waitStatus(t, env, key, testapp.ID(done), "completed")
		expectInvalid(t, env.Do(t, testapp.Request{Method: "DELETE", Path: "/orders/" + testapp.ID(done), Key: key}), "/data/attributes/status")
	})
}

// TestReservations covers the lifecycle: hold, invisible and refused to
// others, cap with available_count, order by reservation, delete, expiry.
func TestReservations(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{APIVersion: "2026-04-16"})
		_, other := env.NewAccount(t, testapp.AccountOptions{})
		r := env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations?include=available_did", Key: key,
			Body: reservationBody(f.numbersA[0], "hold")}).Expect(t, 201)
		res := r.Data()[0]
		id := testapp.ID(res)
		if testapp.Attr(res, "expires_at") == nil || testapp.Attr(res, "description") != "hold" || len(r.Included()) != 1 {
			t.Errorf("reservation = %s", r.Body)
		}
		if availableIDs(t, env, other, f.groupA)[f.numbersA[0]] {
			t.Error("reserved number still visible to another account")
		}
		env.Get(t, other, "/available_dids/"+f.numbersA[0]).Expect(t, 404)
		env.Get(t, other, "/did_reservations/"+id).Expect(t, 404)
		expectInvalid(t, env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: other,
			Body: reservationBody(f.numbersA[0], "")}), "/data/relationships/available_did")
		expectInvalid(t, env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: other,
			Body: reservationBody(uuid.NewString(), "")}), "/data/relationships/available_did")
		if stock(t, env, key, f.groupA) != 4 {
			t.Errorf("stock = %d, want 4", stock(t, env, key, f.groupA))
		}
		show := env.Get(t, key, "/did_reservations/"+id+"?include=available_did").Expect(t, 200)
		if show.Meta()["available_count"] != float64(2) {
			t.Errorf("available_count = %v, want 2 (cap 3)", show.Meta()["available_count"])
		}
		// Cap: three live reservations, the fourth is refused.
		for _, n := range f.numbersA[1:3] {
			env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: key, Body: reservationBody(n, "")}).Expect(t, 201)
		}
		expectInvalid(t, env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: key,
			Body: reservationBody(f.numbersA[3], "")}), "/data/relationships/available_did")
		list := env.Get(t, key, "/did_reservations").Expect(t, 200)
		if len(list.Data()) != 3 || list.Meta()["available_count"] != float64(0) {
			t.Errorf("list: %d reservations, available_count %v", len(list.Data()), list.Meta()["available_count"])
		}
		// Delete releases the number at once.
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/did_reservations/" + id, Key: other}).Expect(t, 404)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/did_reservations/" + id, Key: key}).Expect(t, 204)
		env.Do(t, testapp.Request{Method: "DELETE", Path: "/did_reservations/" + id, Key: key}).Expect(t, 404)
		if !availableIDs(t, env, other, f.groupA)[f.numbersA[0]] {
			t.Error("released number not back in stock")
		}
		// Expiry: the other two lapse on their own within the tiny TTL.
		deadline := time.Now().Add(5 * time.Second)
		for stock(t, env, key, f.groupA) != 5 {
			if time.Now().After(deadline) {
				t.Fatalf("reservations did not lapse: stock %d", stock(t, env, key, f.groupA))
			}
			time.Sleep(50 * time.Millisecond)
		}
		if n := len(env.Get(t, key, "/did_reservations").Expect(t, 200).Data()); n != 0 {
			t.Errorf("live reservations after expiry = %d", n)
		}
	}, func(c *app.Config) { c.MaxReservations = 3; c.ReservationTTL = 1500 * time.Millisecond })
}

// TestReservationVersions spells the expiry attribute per version.
func TestReservationVersions(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{})
		res := env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: key,
			Body: reservationBody(f.numbersA[0], "")}).Expect(t, 201).Data()[0]
		if testapp.Attr(res, "expire_at") == nil || testapp.Attr(res, "expires_at") != nil {
			t.Errorf("2022-05-10 attributes: %v", res["attributes"])
		}
		r := env.Do(t, testapp.Request{Path: "/did_reservations/" + testapp.ID(res), Key: key, Version: "2026-04-16"}).Expect(t, 200)
		if testapp.Attr(r.Data()[0], "expires_at") == nil || testapp.Attr(r.Data()[0], "expire_at") != nil {
			t.Errorf("2026-04-16 attributes: %v", r.Data()[0]["attributes"])
		}
		// The owner orders it by reservation.
		o := postOrder(t, env, key, nil, item("sku_id", f.skuA, "did_reservation_id", testapp.ID(res))).Expect(t, 201).Data()[0]
		waitStatus(t, env, key, testapp.ID(o), "Completed")
		env.Get(t, key, "/did_reservations/"+testapp.ID(res)).Expect(t, 404)
	})
}
