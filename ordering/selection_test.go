package ordering_test

import (
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// TestNumberSelectionRequiredToChooseNumbers: an account without the number
// selection tool cannot see available numbers, and so cannot order or
// reserve one by its ID either; it can still buy by quantity.
func TestNumberSelectionRequiredToChooseNumbers(t *testing.T) {
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{NoNumberSelection: true})
		for name, resp := range map[string]*testapp.Response{
			"order by available DID": postOrder(t, env, key, nil, item("sku_id", f.skuA, "available_did_id", f.numbersA[0])),
			"reservation": env.Do(t, testapp.Request{Method: "POST", Path: "/did_reservations", Key: key,
				Body: reservationBody(f.numbersA[0], "x")}),
		} {
			if resp.Status != 403 {
				t.Errorf("%s: status %d, want 403; body %s", name, resp.Status, resp.Body)
			}
		}
		if b := balance(t, env, key); !b.Equal(dec("100")) {
			t.Errorf("balance changed to %s by refused orders", b)
		}
		postOrder(t, env, key, nil, item("sku_id", f.skuA, "qty", 1)).Expect(t, 201)
	})
}
