package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/demo"
	"github.com/didstock/didstock/internal/testapp"
)

// demoInventory is the seeded inventory, for knowing which numbers exist
// without asking the API under test.
var demoInventory = demo.Build()

func testAvailableDIDs(t *testing.T, env *testapp.Env) {
	c := lookup(t, env)
	t.Run("at most ten, total_count = all matches, no links", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/available_dids")
		if n := len(r.Data()); n != 10 {
			t.Errorf("%d numbers, want 10", n)
		}
		if got, want := total(t, r, "total_count"), selectableStock(); got != want {
			t.Errorf("total_count = %d, want %d (stock of groups with number selection)", got, want)
		}
		if r.Doc["links"] != nil || r.Meta()["total_records"] != nil || r.Meta()["api_version"] != "2022-05-10" {
			t.Errorf("links %v meta %v: want no pagination", r.Doc["links"], r.Meta())
		}
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q, want no-store", cc)
		}
	})
	t.Run("group total_count matches its stock", func(t *testing.T) {
		g := one(t, env, "/did_groups", "filter[id]", c.nyGroup)
		r := get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", c.nyGroup, "include", "did_group")
		if got, want := total(t, r, "total_count"), int(meta(g)["total_count"].(float64)); got != want || want == 0 {
			t.Errorf("total_count = %d, group meta.total_count = %d", got, want)
		}
		for _, d := range r.Data() {
			if pairs, _ := linkage(d, "did_group"); len(pairs) != 1 || pairs[0] != "did_groups/"+c.nyGroup {
				t.Errorf("%s belongs to %v", testapp.Attr(d, "number"), pairs)
			}
			if n := testapp.Attr(d, "number").(string); !strings.HasPrefix(n, "1212461") {
				t.Errorf("number %s is not in 212-461", n)
			}
		}
	})
	t.Run("random sample", func(t *testing.T) {
		seen := map[string]bool{}
		for range 5 {
			for _, id := range ids(get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", c.nyGroup).Data()) {
				seen[id] = true
			}
		}
		if len(seen) <= 10 {
			t.Errorf("five samples of a group of 30+ numbers gave only %d distinct numbers", len(seen))
		}
	})
	t.Run("groups without number selection show nothing", func(t *testing.T) {
		for _, g := range demoInventory.DIDGroups {
			if g.AvailableDIDsEnabled {
				continue
			}
			r := get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", g.ID)
			if len(r.Data()) != 0 || total(t, r, "total_count") != 0 {
				t.Fatalf("group %s (%s) without number selection shows %d numbers", g.ID, g.AreaName, len(r.Data()))
			}
			// Its numbers exist (the group sells them at random) but are not browsable.
			for _, n := range demoInventory.Numbers {
				if n.DIDGroupID == g.ID {
					env.Get(t, env.DemoKey, "/available_dids/"+n.ID).Expect(t, 404)
					break
				}
			}
		}
	})
	t.Run("show with includes", func(t *testing.T) {
		d := get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", c.nyGroup).Data()[0]
		r := get(t, env, env.DemoKey, "/available_dids/"+testapp.ID(d), "include", "did_group.stock_keeping_units")
		checkNestedSKUs(t, r, c.nyGroup)
	})
	t.Run("403 without number selection, other endpoints work", func(t *testing.T) {
		_, key := env.NewAccount(t, testapp.AccountOptions{NoNumberSelection: true})
		d := get(t, env, env.DemoKey, "/available_dids").Data()[0]
		for _, p := range []string{"/available_dids", "/available_dids/" + testapp.ID(d), "/available_dids?filter%5Bfoo%5D=1"} {
			r := env.Get(t, key, p)
			expectError(t, r, 403, "")
			if e := r.Errors()[0]; !strings.Contains(e["detail"].(string), "not enabled for this account") || e["code"] != "403" {
				t.Errorf("403 error = %v", e)
			}
		}
		for _, p := range []string{"/countries", "/regions", "/cities", "/areas", "/nanpa_prefixes", "/did_group_types",
			"/did_groups", "/did_groups/" + c.nyGroup} {
			env.Get(t, key, p).Expect(t, 200)
		}
	})
}

// selectableStock counts the demo numbers in groups with number selection.
func selectableStock() int {
	enabled := map[string]bool{}
	for _, g := range demoInventory.DIDGroups {
		enabled[g.ID] = g.AvailableDIDsEnabled
	}
	n := 0
	for _, d := range demoInventory.Numbers {
		if enabled[d.DIDGroupID] {
			n++
		}
	}
	return n
}

func testAvailableFilters(t *testing.T, env *testapp.Env) {
	c := lookup(t, env)
	some := get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", c.nyGroup).Data()[0]
	// Each case's numbers must all lie in groups the check accepts; groups
	// are looked up by including did_group.
	cases := []struct {
		name   string
		params []string
		group  func(g map[string]any) bool
		number func(n string) bool
		exact  int // expected total_count, or -1 for "some"
	}{
		{"country.id", []string{"filter[country.id]", c.gb}, nil, func(n string) bool { return strings.HasPrefix(n, "44") }, -1},
		{"region.id", []string{"filter[region.id]", c.ny}, nil, func(n string) bool { return strings.HasPrefix(n, "1212") || strings.HasPrefix(n, "1716") }, -1},
		{"city.id", []string{"filter[city.id]", c.la}, metaIs("available_dids_enabled", true), func(n string) bool { return strings.HasPrefix(n, "1213") }, -1},
		{"did_group_type.id", []string{"filter[did_group_type.id]", c.tollFree}, attrIs("is_metered", true), nil, -1},
		{"nanpa_prefix.id", []string{"filter[nanpa_prefix.id]", c.nanpa212461}, idIs(c.nyGroup), nil, -1},
		{"did_group.features", []string{"filter[did_group.features]", "sms_out"}, hasFeature("sms_out"), nil, -1},
		{"did_group.needs_registration", []string{"filter[did_group.needs_registration]", "true"}, metaIs("needs_registration", true), nil, -1},
		{"number_contains", []string{"filter[number_contains]", "212461"}, idIs(c.nyGroup), func(n string) bool { return strings.Contains(n, "212461") }, -1},
		{"number_contains and group", []string{"filter[number_contains]", testapp.Attr(some, "number").(string), "filter[did_group.id]", c.nyGroup}, nil, nil, 1},
		{"id", []string{"filter[id]", testapp.ID(some)}, idIs(c.nyGroup), nil, 1},
		{"no match", []string{"filter[number_contains]", "000000000000000"}, nil, nil, 0},
		{"non-UUID id", []string{"filter[did_group.id]", "x"}, nil, nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, env, env.DemoKey, "/available_dids", append(tc.params, "include", "did_group")...)
			n := total(t, r, "total_count")
			switch {
			case tc.exact >= 0 && n != tc.exact:
				t.Fatalf("total_count = %d, want %d", n, tc.exact)
			case tc.exact < 0 && n == 0:
				t.Fatal("no matches")
			case len(r.Data()) != min(n, 10):
				t.Fatalf("%d numbers for total_count %d", len(r.Data()), n)
			}
			groups := checkIncluded(t, r)
			for _, d := range r.Data() {
				num := testapp.Attr(d, "number").(string)
				if tc.number != nil && !tc.number(num) {
					t.Errorf("number %s does not match", num)
				}
				pairs, _ := linkage(d, "did_group")
				g := groups[pairs[0]]
				if meta(g)["available_dids_enabled"] != true {
					t.Errorf("number %s is in a group without number selection", num)
				}
				if tc.group != nil && !tc.group(g) {
					t.Errorf("number %s is in group %v", num, g)
				}
			}
		})
	}
}

// TestLiveStock changes the inventory, so it runs on servers of its own: a
// DID group's meta.total_count and is_available, the is_available filters
// and available_dids follow the stock as it changes.
func TestLiveStock(t *testing.T) {
	t.Parallel()
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		aq := one(t, env, "/countries", "filter[iso]", "VA") // no demo groups
		local := one(t, env, "/did_group_types", "filter[name]", "Local")
		g := &didstock.DIDGroup{ID: uuid.NewString(), CountryID: testapp.ID(aq), DIDGroupTypeID: testapp.ID(local),
			Prefix: "8", AreaName: "McMurdo", Features: []string{"voice_in"}, AllowAdditionalChannels: true,
			AvailableDIDsEnabled: true}
		importInventory(t, env, &didstock.Inventory{DIDGroups: []*didstock.DIDGroup{g}})

		groupMeta := func() map[string]any { return meta(one(t, env, "/did_groups", "filter[id]", g.ID)) }
		if m := groupMeta(); m["total_count"] != 0.0 || m["is_available"] != false {
			t.Fatalf("empty group meta = %v", m)
		}
		if n := len(get(t, env, env.DemoKey, "/countries", "filter[iso]", "VA", "filter[is_available]", "true").Data()); n != 0 {
			t.Fatal("a country whose only group is empty is available")
		}
		if n := len(get(t, env, env.DemoKey, "/did_groups", "filter[id]", g.ID, "filter[is_available]", "false").Data()); n != 1 {
			t.Fatal("filter[is_available]=false misses the empty group")
		}

		var numbers []*didstock.AvailableDID
		for i := range 12 {
			numbers = append(numbers, &didstock.AvailableDID{ID: uuid.NewString(), Number: "3906698" + itoa(10000+i), DIDGroupID: g.ID})
		}
		importInventory(t, env, &didstock.Inventory{Numbers: numbers})
		if m := groupMeta(); m["total_count"] != 12.0 || m["is_available"] != true {
			t.Fatalf("stocked group meta = %v, want 12 and available", m)
		}
		one(t, env, "/countries", "filter[iso]", "VA", "filter[is_available]", "true")
		r := get(t, env, env.DemoKey, "/available_dids", "filter[country.id]", testapp.ID(aq))
		if len(r.Data()) != 10 || total(t, r, "total_count") != 12 {
			t.Errorf("available_dids: %d numbers, total_count %v; want 10 of 12", len(r.Data()), r.Meta()["total_count"])
		}
	})
}

func importInventory(t *testing.T, env *testapp.Env, inv *didstock.Inventory) {
	t.Helper()
	if _, err := env.App.DB.ImportInventory(context.Background(), inv); err != nil {
		t.Fatalf("import: %v", err)
	}
}
