package app_test

import (
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// TestSeedFlowSteps1to4 walks the brief's read steps against a fresh server
// on each engine: country by ISO, city by name, a DID group with number
// selection, then available numbers with their SKUs.
func TestSeedFlowSteps1to4(t *testing.T) {
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		key := env.DemoKey
		us := env.Get(t, key, "/countries?filter%5Biso%5D=US").Expect(t, 200).Data()
		if len(us) != 1 || testapp.Attr(us[0], "name") != "United States" {
			t.Fatalf("countries: %v", us)
		}
		la := env.Get(t, key, "/cities?filter%5Bcountry.id%5D="+testapp.ID(us[0])+"&filter%5Bname%5D=Los+Angeles").Expect(t, 200).Data()
		if len(la) != 1 || testapp.Attr(la[0], "name") != "Los Angeles" {
			t.Fatalf("cities: %v", la)
		}
		groups := env.Get(t, key, "/did_groups?filter%5Bcountry.id%5D="+testapp.ID(us[0])+"&filter%5Bcity.id%5D="+testapp.ID(la[0])+"&filter%5Bavailable_dids_enabled%5D=true").Expect(t, 200).Data()
		if len(groups) == 0 || testapp.Attr(groups[0], "area_name") != "Los Angeles" {
			t.Fatalf("did_groups: %v", groups)
		}
		if meta := groups[0]["meta"].(map[string]any); meta["available_dids_enabled"] != true {
			t.Fatalf("group meta: %v", meta)
		}
		avail := env.Get(t, key, "/available_dids?include=did_group.stock_keeping_units&filter%5Bdid_group.id%5D="+testapp.ID(groups[0])).Expect(t, 200)
		if n := len(avail.Data()); n == 0 || n > 10 {
			t.Fatalf("available_dids returned %d numbers", n)
		}
		channels := map[float64]bool{}
		for _, inc := range avail.Included() {
			if inc["type"] == "stock_keeping_units" {
				channels[testapp.Attr(inc, "channels_included_count").(float64)] = true
			}
		}
		if !channels[0] || !channels[2] {
			t.Fatalf("SKUs with 0 and 2 channels expected, got %v", channels)
		}
	})
}
