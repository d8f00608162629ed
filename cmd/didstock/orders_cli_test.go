package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

func TestOrdersAndDIDsCommands(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	key := env.DemoKey
	bought := buyJSON(t, env, key, "--country", "US", "--city", "Los Angeles", "--channels", "2")
	number := bought.Numbers[0]

	t.Run("orders list", func(t *testing.T) {
		r := runCLI(t, env, key, "orders", "list").mustSucceed(t)
		for _, want := range []string{"REFERENCE", bought.Reference, "completed", "10.00", "1 of 1 orders"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("orders list lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("orders show by reference, flags after it", func(t *testing.T) {
		r := runCLI(t, env, key, "orders", "show", bought.Reference, "--json").mustSucceed(t)
		var o struct {
			ID, Reference, Status, Amount string
			Numbers                       []string
			Items                         []struct{ Qty int }
		}
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		if o.ID != bought.OrderID || o.Status != "completed" || len(o.Numbers) != 1 || o.Numbers[0] != number || len(o.Items) != 1 {
			t.Errorf("order = %+v, want the bought one with number %s", o, number)
		}
	})
	t.Run("orders show by id as text", func(t *testing.T) {
		r := runCLI(t, env, key, "orders", "show", bought.OrderID).mustSucceed(t)
		for _, want := range []string{"Order", bought.Reference, "Items:", "Numbers:", number} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("orders show lacks %q:\n%s", want, r.stdout)
			}
		}
	})
	t.Run("dids list and show", func(t *testing.T) {
		r := runCLI(t, env, key, "dids", "list", "--order", bought.Reference).mustSucceed(t)
		if !strings.Contains(r.stdout, number) || !strings.Contains(r.stdout, "active") {
			t.Errorf("dids list:\n%s", r.stdout)
		}
		r = runCLI(t, env, key, "dids", "show", "+"+number).mustSucceed(t)
		for _, want := range []string{number, "Channels included  2", bought.Reference, "Los Angeles"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("dids show lacks %q:\n%s", want, r.stdout)
			}
		}
		r = runCLI(t, env, key, "dids", "show", bought.DIDIDs[0], "--json").mustSucceed(t)
		var d struct {
			Number   string `json:"number"`
			Channels int    `json:"channels_included_count"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || d.Number != number || d.Channels != 2 {
			t.Errorf("dids show --json = %+v (%v)", d, err)
		}
	})
	t.Run("unknown ids", func(t *testing.T) {
		runCLI(t, env, key, "orders", "show", "NOPE-000").mustFail(t, `no order with id or reference "NOPE-000"`)
		runCLI(t, env, key, "dids", "show", "19999999999").mustFail(t, `no DID with id or number "19999999999"`)
		runCLI(t, env, key, "orders", "show").mustFail(t, "want one order id or reference")
	})
	t.Run("a completed order cannot be canceled", func(t *testing.T) {
		runCLI(t, env, key, "orders", "cancel", bought.Reference).mustFail(t, "is completed; only pending")
	})
}

// TestBackOrderWaitAndCancel buys more numbers than a group has: the order
// waits for stock, buy says so and exits non-zero after --wait, and the
// pending order can then be canceled. With --no-back-order nothing is placed.
func TestBackOrderWaitAndCancel(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	key := env.DemoKey
	leeds := []string{"buy", "--yes", "--country", "GB", "--city", "Leeds", "--channels", "0", "--qty", "100"}

	runCLI(t, env, key, append(leeds, "--no-back-order")...).
		mustFail(t, "step 3 of 5", "too few numbers in stock: 100 wanted")

	r := runCLI(t, env, key, append(leeds, "--json", "--wait", "1s")...)
	r.mustFail(t, "still pending after 1s", "didstock orders show")
	var res buyResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("buy --json printed no result for the pending order: %v\n%s", err, r.stdout)
	}
	if res.Status != "pending" || res.Reference == "" {
		t.Fatalf("result = %+v, want a pending order", res)
	}
	runCLI(t, env, key, "orders", "list", "--status", "pending").mustSucceed(t)
	c := runCLI(t, env, key, "orders", "cancel", res.Reference).mustSucceed(t)
	if !strings.Contains(c.stdout, "Order "+res.Reference+" is canceled.") {
		t.Errorf("cancel said:\n%s", c.stdout)
	}
}
