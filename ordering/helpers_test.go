package ordering_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/internal/testapp"
	"github.com/didstock/didstock/store"
)

// fixture is a small inventory of known shape loaded into a fresh didstock:
//
//	group A: 5 numbers, SKU A (setup 1.5, monthly 0.5, 2 channels)
//	group B: 3 numbers, SKU B (setup 0, monthly 1.25), NPA-NXX prefix P (2 of them) and Q (1)
//	group E: no stock, SKU E (setup 1, monthly 1)
type fixture struct {
	groupA, groupB, groupE string
	skuA, skuB, skuE       string
	prefixP, prefixQ       string
	numbersA, numbersB     []string // available DID IDs
	country, region, gtype string
}

func newFixture() *fixture {
	f := &fixture{}
	for _, p := range []*string{&f.groupA, &f.groupB, &f.groupE, &f.skuA, &f.skuB, &f.skuE, &f.prefixP, &f.prefixQ,
		&f.country, &f.region, &f.gtype} {
		*p = uuid.NewString()
	}
	return f
}

func (f *fixture) inventory(numbersA, numbersB int, digits string) *didstock.Inventory {
	inv := &didstock.Inventory{
		Countries:     []*didstock.Country{{ID: f.country, Name: "Testland", ISO: "TL", Prefix: "999"}},
		Regions:       []*didstock.Region{{ID: f.region, Name: "North", CountryID: f.country}},
		DIDGroupTypes: []*didstock.DIDGroupType{{ID: f.gtype, Name: "Local"}},
		NanpaPrefixes: []*didstock.NanpaPrefix{
			{ID: f.prefixP, NPA: "201", NXX: "555", CountryID: f.country, RegionID: f.region},
			{ID: f.prefixQ, NPA: "201", NXX: "556", CountryID: f.country, RegionID: f.region},
		},
		DIDGroups: []*didstock.DIDGroup{
			{ID: f.groupA, CountryID: f.country, RegionID: f.region, DIDGroupTypeID: f.gtype, Prefix: "21", AreaName: "Alpha",
				Features: []string{"voice_in"}, AvailableDIDsEnabled: true},
			{ID: f.groupB, CountryID: f.country, RegionID: f.region, DIDGroupTypeID: f.gtype, NanpaPrefixID: f.prefixP, Prefix: "201", AreaName: "Beta",
				Features: []string{"voice_in"}, AvailableDIDsEnabled: true},
			{ID: f.groupE, CountryID: f.country, DIDGroupTypeID: f.gtype, Prefix: "22", AreaName: "Empty",
				Features: []string{"voice_in"}, AvailableDIDsEnabled: true},
		},
		SKUs: []*didstock.SKU{
			{ID: f.skuA, DIDGroupID: f.groupA, SetupPrice: dec("1.5"), MonthlyPrice: dec("0.5"), ChannelsIncludedCount: 2},
			{ID: f.skuB, DIDGroupID: f.groupB, SetupPrice: dec("0"), MonthlyPrice: dec("1.25"), ChannelsIncludedCount: 0},
			{ID: f.skuE, DIDGroupID: f.groupE, SetupPrice: dec("1"), MonthlyPrice: dec("1"), ChannelsIncludedCount: 1},
		},
	}
	for i := 0; i < numbersA; i++ {
		n := &didstock.AvailableDID{Number: fmt.Sprintf("99921%s%04d", digits, i), DIDGroupID: f.groupA}
		f.numbersA = append(f.numbersA, store.NumberID(n.Number))
		inv.Numbers = append(inv.Numbers, n)
	}
	for i := 0; i < numbersB; i++ {
		n := &didstock.AvailableDID{Number: fmt.Sprintf("1201555%s%03d", digits, i), DIDGroupID: f.groupB}
		f.numbersB = append(f.numbersB, store.NumberID(n.Number))
		inv.Numbers = append(inv.Numbers, n)
	}
	return inv
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// fastJobs makes the job queue and sweeps quick enough for tests.
func fastJobs(c *app.Config) {
	c.NoDemo = true
	c.JobPollInterval = 20 * time.Millisecond
	c.ReservationSweepInterval = 100 * time.Millisecond
	c.BackOrderInterval = time.Hour // tests wake back-orders explicitly
	c.CallbackTimeScale = 0.0001    // 1 min → 6 ms
}

// each runs fn on both engines with the fixture loaded.
func each(t *testing.T, fn func(t *testing.T, env *testapp.Env, f *fixture), opts ...func(*app.Config)) {
	t.Helper()
	all := append([]testapp.Option{testapp.WithConfig(fastJobs)}, wrap(opts)...)
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		f := newFixture()
		if _, err := env.App.DB.ImportInventory(context.Background(), f.inventory(5, 3, "0")); err != nil {
			t.Fatalf("import fixture: %v", err)
		}
		fn(t, env, f)
	}, all...)
}

func wrap(opts []func(*app.Config)) []testapp.Option {
	out := make([]testapp.Option, 0, len(opts))
	for _, o := range opts {
		out = append(out, testapp.WithConfig(o))
	}
	return out
}

// item builds a did_order_items entry from attribute pairs.
func item(kv ...any) map[string]any {
	attrs := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		attrs[kv[i].(string)] = kv[i+1]
	}
	return map[string]any{"type": "did_order_items", "attributes": attrs}
}

// orderBody builds a POST /v3/orders document.
func orderBody(attrs map[string]any, items ...map[string]any) map[string]any {
	a := map[string]any{"items": items}
	for k, v := range attrs {
		a[k] = v
	}
	return map[string]any{"data": map[string]any{"type": "orders", "attributes": a}}
}

func postOrder(t *testing.T, env *testapp.Env, key string, attrs map[string]any, items ...map[string]any) *testapp.Response {
	t.Helper()
	return env.Do(t, testapp.Request{Method: "POST", Path: "/orders", Key: key, Body: orderBody(attrs, items...)})
}

// waitStatus polls the order until it has the wanted status (any casing).
func waitStatus(t *testing.T, env *testapp.Env, key, id, want string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last any
	for time.Now().Before(deadline) {
		r := env.Get(t, key, "/orders/"+id).Expect(t, 200)
		res := r.Data()[0]
		last = testapp.Attr(res, "status")
		if s, _ := last.(string); equalFold(s, want) {
			return res
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("order %s status = %v, want %s within 10s", id, last, want)
	return nil
}

// stays asserts that the order keeps status for a while (back-orders).
func stays(t *testing.T, env *testapp.Env, key, id, want string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		res := env.Get(t, key, "/orders/"+id).Expect(t, 200).Data()[0]
		if s, _ := testapp.Attr(res, "status").(string); !equalFold(s, want) {
			t.Fatalf("order %s status = %s, want it to stay %s", id, s, want)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func equalFold(a, b string) bool { return len(a) == len(b) && (a == b || lower(a) == lower(b)) }

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// balance returns the account's balance attribute as a decimal.
func balance(t *testing.T, env *testapp.Env, key string) decimal.Decimal {
	t.Helper()
	res := env.Get(t, key, "/balance").Expect(t, 200).Data()[0]
	return dec(testapp.Attr(res, "balance").(string))
}

// stock returns the group's meta.total_count as the catalogue shows it.
func stock(t *testing.T, env *testapp.Env, key, groupID string) int {
	t.Helper()
	res := env.Get(t, key, "/did_groups/"+groupID).Expect(t, 200).Data()[0]
	m, _ := res["meta"].(map[string]any)
	n, _ := m["total_count"].(float64)
	return int(n)
}

// availableIDs lists the available DIDs of a group that key can see.
func availableIDs(t *testing.T, env *testapp.Env, key, groupID string) map[string]bool {
	t.Helper()
	r := env.Get(t, key, "/available_dids?filter%5Bdid_group.id%5D="+groupID).Expect(t, 200)
	out := map[string]bool{}
	for _, d := range r.Data() {
		out[testapp.ID(d)] = true
	}
	return out
}

// expectInvalid checks a 422 validation error pointing at pointer.
func expectInvalid(t *testing.T, r *testapp.Response, pointer string) {
	t.Helper()
	if r.Status != 422 {
		t.Fatalf("status = %d, want 422; body %s", r.Status, r.Body)
	}
	errs := r.Errors()
	if len(errs) != 1 {
		t.Fatalf("want one error, got %s", r.Body)
	}
	if errs[0]["code"] != "100" || errs[0]["status"] != "422" {
		t.Errorf("code/status = %v/%v, want 100/422", errs[0]["code"], errs[0]["status"])
	}
	src, _ := errs[0]["source"].(map[string]any)
	if src["pointer"] != pointer {
		t.Errorf("source.pointer = %v, want %s; body %s", src["pointer"], pointer, r.Body)
	}
}

func reservationBody(availableDID, description string) map[string]any {
	return map[string]any{"data": map[string]any{
		"type":          "did_reservations",
		"attributes":    map[string]any{"description": description},
		"relationships": map[string]any{"available_did": map[string]any{"data": map[string]any{"type": "available_dids", "id": availableDID}}},
	}}
}
