package ordering_test

import (
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// TestMalformedBodies: every write endpoint answers a malformed document
// with a JSON:API error (4xx, never 500) and changes nothing.
func TestMalformedBodies(t *testing.T) {
	bodies := []string{
		``,
		`not json`,
		`[1, 2]`,
		`{"data": null}`,
		`{"data": "x"}`,
		`{"data": {"type": "wrong"}}`,
		`{"data": {"type": "orders", "attributes": {"items": "x"}}}`,
		`{"data": {"type": "orders", "attributes": {"items": [{"type": "did_order_items", "attributes": {"qty": 1e30}}]}}}`,
		`{"data": {"type": "did_reservations", "relationships": {"available_did": {"data": 7}}}}`,
		`{"data": {"type": "dids", "attributes": {"terminated": "yes"}}}`,
		`{"data": {}} {"data": {}}`,
	}
	each(t, func(t *testing.T, env *testapp.Env, f *fixture) {
		_, key := env.NewAccount(t, testapp.AccountOptions{})
		endpoints := []struct{ method, path string }{
			{"POST", "/orders"}, {"POST", "/did_reservations"},
			{"PATCH", "/orders/00000000-0000-4000-8000-000000000000"},
			{"PATCH", "/dids/00000000-0000-4000-8000-000000000000"},
		}
		for _, ep := range endpoints {
			for _, body := range bodies {
				resp := env.Do(t, testapp.Request{Method: ep.method, Path: ep.path, Key: key, Body: body})
				if resp.Status < 400 || resp.Status >= 500 || len(resp.Errors()) == 0 {
					t.Errorf("%s %s with %q: status %d, body %s", ep.method, ep.path, body, resp.Status, resp.Body)
				}
			}
		}
		if b := balance(t, env, key); !b.Equal(dec("100")) {
			t.Errorf("balance %s after malformed requests, want 100", b)
		}
		if n := len(env.Get(t, key, "/orders").Expect(t, 200).Data()); n != 0 {
			t.Errorf("%d orders after malformed requests", n)
		}
	})
}
