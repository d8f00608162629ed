package main

import (
	"strings"
	"testing"
	"time"

	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/internal/testapp"
)

// TestImportFillsBackOrder: an order for more numbers than a group has stays
// pending; an inventory import run by the operator command beside the
// server then brings the stock, and the order completes without waiting for
// the server's periodic back-order run.
func TestImportFillsBackOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		o := newOperator(t, engine)
		env := testapp.StartOn(t, engine, o.dsn, testapp.WithConfig(func(c *app.Config) {
			c.BackOrderInterval = time.Hour // prove the import itself fills it
		}))
		row := "GB,England,Backorderville,,Local,20,voice_in,0.50,1.00,0,,,,,,"
		o.run(t, "inventory", "import", writeCSV(t, csvHeader, row+"442079468001")).mustSucceed(t)

		_, key := env.NewAccount(t, testapp.AccountOptions{Balance: "100"})
		groups := env.Get(t, key, "/did_groups?filter[area_name]=Backorderville&include=stock_keeping_units").Expect(t, 200)
		if len(groups.Data()) != 1 || len(groups.Included()) != 1 {
			t.Fatalf("want one group with one SKU: %s", groups.Body)
		}
		order := env.Do(t, testapp.Request{Method: "POST", Path: "/orders", Key: key, Body: map[string]any{
			"data": map[string]any{"type": "orders", "attributes": map[string]any{
				"allow_back_ordering": true,
				"items": []any{map[string]any{"type": "did_order_items", "attributes": map[string]any{
					"sku_id": testapp.ID(groups.Included()[0]), "qty": 3}}},
			}},
		}}).Expect(t, 201)
		id := testapp.ID(order.Data()[0])
		time.Sleep(300 * time.Millisecond) // its fulfilment job has run and found it short
		if s := orderStatus(t, env, key, id); s != "Pending" {
			t.Fatalf("order status before the import = %s, want Pending", s)
		}

		out := o.run(t, "inventory", "import", writeCSV(t, csvHeader, row+"442079468002", row+"442079468003")).mustSucceed(t).stdout
		mustContain(t, out, "2 new numbers")
		deadline := time.Now().Add(10 * time.Second)
		for orderStatus(t, env, key, id) != "Completed" {
			if time.Now().After(deadline) {
				t.Fatalf("back-order not completed after the import; import said:\n%s", out)
			}
			time.Sleep(50 * time.Millisecond)
		}
		dids := env.Get(t, key, "/dids?filter[order.id]="+id).Expect(t, 200)
		if n := len(dids.Data()); n != 3 {
			t.Fatalf("order has %d DIDs, want 3: %s", n, dids.Body)
		}
	})
}

func orderStatus(t *testing.T, env *testapp.Env, key, id string) string {
	t.Helper()
	resp := env.Get(t, key, "/orders/"+id).Expect(t, 200)
	s, _ := testapp.Attr(resp.Data()[0], "status").(string)
	return strings.TrimSpace(s)
}
