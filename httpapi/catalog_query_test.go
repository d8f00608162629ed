package httpapi_test

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// checkIncluded fails when included repeats a resource or repeats primary
// data, and returns included by "type/id".
func checkIncluded(t *testing.T, r *testapp.Response) map[string]map[string]any {
	t.Helper()
	seen := map[string]map[string]any{}
	for _, res := range r.Data() {
		seen[key(res)] = res
	}
	out := map[string]map[string]any{}
	for _, inc := range r.Included() {
		if _, dup := seen[key(inc)]; dup {
			t.Errorf("included repeats %s", key(inc))
		}
		seen[key(inc)] = inc
		out[key(inc)] = inc
	}
	return out
}

// checkLinkage fails unless every resource's relationship name has data
// and every identifier in it is in included.
func checkLinkage(t *testing.T, resources []map[string]any, name string, included map[string]map[string]any) {
	t.Helper()
	for _, res := range resources {
		pairs, ok := linkage(res, name)
		if !ok {
			t.Errorf("%s.%s: no data although included", key(res), name)
		}
		for _, p := range pairs {
			if included[p] == nil {
				t.Errorf("%s.%s links %s, which is not included", key(res), name, p)
			}
		}
	}
}

func testIncludes(t *testing.T, env *testapp.Env) {
	c := lookup(t, env)
	t.Run("to-one, deduplicated", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/regions", "filter[country.id]", c.us, "include", "country")
		inc := checkIncluded(t, r)
		if len(r.Data()) < 2 || len(inc) != 1 || inc["countries/"+c.us] == nil {
			t.Fatalf("%d US regions included %v, want the US once", len(r.Data()), inc)
		}
		checkLinkage(t, r.Data(), "country", inc)
	})
	t.Run("to-many", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/countries", "filter[iso]", "US", "include", "regions")
		inc := checkIncluded(t, r)
		pairs, _ := linkage(r.Data()[0], "regions")
		if len(pairs) < 3 || len(pairs) != len(inc) {
			t.Fatalf("regions linkage %v, included %d", pairs, len(inc))
		}
	})
	t.Run("several paths", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/cities", "filter[id]", c.nyCity, "include", "country,region,area")
		inc := checkIncluded(t, r)
		for _, name := range []string{"country", "region", "area"} {
			checkLinkage(t, r.Data(), name, inc)
		}
		if len(inc) != 3 {
			t.Errorf("included %d resources, want country, region and area", len(inc))
		}
	})
	t.Run("empty to-one is null", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/did_groups", "filter[is_metered]", "true", "include", "city,region,country,did_group_type",
			"page[size]", "3")
		inc := checkIncluded(t, r)
		for _, g := range r.Data() {
			city := rel(g, "city")
			if d, ok := city["data"]; !ok || d != nil {
				t.Errorf("toll-free group %s: city data = %v (present %v), want null", testapp.ID(g), d, ok)
			}
		}
		checkLinkage(t, r.Data(), "country", inc)
		checkLinkage(t, r.Data(), "did_group_type", inc)
		if len(inc) < 2 {
			t.Errorf("included = %v", inc)
		}
	})
	t.Run("did_groups stock_keeping_units", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/did_groups", "filter[country.id]", c.gb, "include", "stock_keeping_units")
		inc := checkIncluded(t, r)
		checkLinkage(t, r.Data(), "stock_keeping_units", inc)
		if len(inc) != 2*len(r.Data()) {
			t.Errorf("%d groups included %d SKUs, want two each", len(r.Data()), len(inc))
		}
		for _, g := range r.Data() {
			for _, name := range []string{"country", "city", "region"} {
				if _, ok := linkage(g, name); ok {
					t.Errorf("%s has data although not included", name)
				}
			}
		}
	})
	t.Run("nested did_group.stock_keeping_units", func(t *testing.T) {
		for _, incl := range []string{"did_group.stock_keeping_units", "did_group,did_group.stock_keeping_units"} {
			r := get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", c.nyGroup, "include", incl)
			checkNestedSKUs(t, r, c.nyGroup)
		}
		// The reference repeats the parameter: ?include=did_group&include=did_group.stock_keeping_units.
		r := get(t, env, env.DemoKey, "/available_dids?filter%5Bdid_group.id%5D="+c.nyGroup+
			"&include=did_group.stock_keeping_units&include=did_group")
		checkNestedSKUs(t, r, c.nyGroup)
	})
	t.Run("did_group without its SKUs", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/available_dids", "filter[did_group.id]", c.nyGroup, "include", "did_group")
		inc := checkIncluded(t, r)
		g := inc["did_groups/"+c.nyGroup]
		if len(inc) != 1 || g == nil {
			t.Fatalf("included = %v, want the group only", inc)
		}
		if _, ok := linkage(g, "stock_keeping_units"); ok {
			t.Errorf("included group has SKU data although SKUs were not included")
		}
	})
	t.Run("show", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/regions/"+c.ny, "include", "country")
		inc := checkIncluded(t, r)
		checkLinkage(t, r.Data(), "country", inc)
		r = get(t, env, env.DemoKey, "/did_groups/"+c.nyGroup, "include", "stock_keeping_units,country")
		inc = checkIncluded(t, r)
		checkLinkage(t, r.Data(), "stock_keeping_units", inc)
		checkLinkage(t, r.Data(), "country", inc)
		if len(inc) != 3 {
			t.Errorf("included %d, want 2 SKUs and the country", len(inc))
		}
	})
	t.Run("stable order", func(t *testing.T) {
		path := "/did_groups" + query("filter[country.id]", c.us, "include", "stock_keeping_units,country,region,city")
		first := string(get(t, env, env.DemoKey, path).Body)
		for range 3 {
			if again := string(get(t, env, env.DemoKey, path).Body); again != first {
				t.Fatal("the same request answered a different document")
			}
		}
	})
}

func checkNestedSKUs(t *testing.T, r *testapp.Response, groupID string) {
	t.Helper()
	inc := checkIncluded(t, r)
	checkLinkage(t, r.Data(), "did_group", inc)
	g := inc["did_groups/"+groupID]
	if g == nil {
		t.Fatalf("group %s not included: %v", groupID, inc)
	}
	checkLinkage(t, []map[string]any{g}, "stock_keeping_units", inc)
	channels := map[float64]bool{}
	for k, res := range inc {
		if strings.HasPrefix(k, "stock_keeping_units/") {
			channels[testapp.Attr(res, "channels_included_count").(float64)] = true
		}
	}
	if len(inc) != 3 || !channels[0] || !channels[2] {
		t.Errorf("included %d resources with channels %v, want the group and SKUs of 0 and 2 channels", len(inc), channels)
	}
}

func testPagination(t *testing.T, env *testapp.Env) {
	t.Run("default size 50 and links", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/countries")
		n := total(t, r, "total_records")
		if len(r.Data()) != 50 || n < 200 {
			t.Fatalf("%d countries of %d, want 50 of all", len(r.Data()), n)
		}
		links, _ := r.Doc["links"].(map[string]any)
		want := []string{"first", "last", "next"}
		if got := slices.Sorted(maps.Keys(links)); !slices.Equal(got, want) {
			t.Errorf("links = %v, want %v", links, want)
		}
		last := (n + 49) / 50
		if !strings.Contains(links["last"].(string), "page%5Bnumber%5D="+itoa(last)+"&page%5Bsize%5D=50") {
			t.Errorf("last = %v, want page %d", links["last"], last)
		}
	})
	t.Run("walk every page by next", func(t *testing.T) {
		seen := map[string]bool{}
		path := "/countries" + query("page[size]", "100")
		pages, n := 0, 0
		for path != "" {
			r := get(t, env, env.DemoKey, path)
			n = total(t, r, "total_records")
			for _, id := range ids(r.Data()) {
				if seen[id] {
					t.Fatalf("country %s on two pages", id)
				}
				seen[id] = true
			}
			pages++
			links := r.Doc["links"].(map[string]any)
			if pages > 1 && links["prev"] == nil {
				t.Errorf("page %d has no prev link", pages)
			}
			next, _ := links["next"].(string)
			path = ""
			if next != "" {
				path = relative(t, env, next)
			}
		}
		if len(seen) != n || pages != (n+99)/100 {
			t.Errorf("walked %d countries on %d pages, total_records %d", len(seen), pages, n)
		}
	})
	t.Run("links keep filters and sort", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/cities", "filter[is_available]", "true", "sort", "-name", "page[size]", "10", "page[number]", "2")
		links := r.Doc["links"].(map[string]any)
		for name, l := range links {
			s := l.(string)
			if !strings.Contains(s, "filter%5Bis_available%5D=true") || !strings.Contains(s, "sort=-name") ||
				!strings.Contains(s, "page%5Bsize%5D=10") {
				t.Errorf("%s = %s lost the request's parameters", name, s)
			}
		}
		if !strings.Contains(links["prev"].(string), "page%5Bnumber%5D=1&") {
			t.Errorf("prev = %v", links["prev"])
		}
		// The next page continues where this one stopped.
		here := get(t, env, env.DemoKey, "/cities", "filter[is_available]", "true", "sort", "-name", "page[size]", "20")
		if want := ids(here.Data())[10:]; !slices.Equal(ids(r.Data()), want) {
			t.Errorf("page 2 of 10 = %v, want %v", ids(r.Data()), want)
		}
	})
	t.Run("past the last page", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/did_group_types", "page[number]", "5")
		if len(r.Data()) != 0 || total(t, r, "total_records") != 6 {
			t.Fatalf("page 5: %d types, total %v", len(r.Data()), r.Meta()["total_records"])
		}
		links := r.Doc["links"].(map[string]any)
		if links["next"] != nil || links["prev"] == nil {
			t.Errorf("links = %v, want prev and no next", links)
		}
	})
	t.Run("size 100 and 1", func(t *testing.T) {
		if n := len(get(t, env, env.DemoKey, "/countries", "page[size]", "100").Data()); n != 100 {
			t.Errorf("page[size]=100 gave %d", n)
		}
		if n := len(get(t, env, env.DemoKey, "/countries", "page[size]", "1", "page[number]", "3").Data()); n != 1 {
			t.Errorf("page[size]=1 gave %d", n)
		}
	})
	t.Run("empty list", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/countries", "filter[iso]", "XX")
		if r.Doc["data"] == nil || len(r.Data()) != 0 || total(t, r, "total_records") != 0 {
			t.Fatalf("body = %s, want data [] and total_records 0", r.Body)
		}
	})
}

// sortCase lists a path sorted by sort and the attribute values (lowered)
// that must come out ordered.
type sortCase struct {
	path, sort string
	value      func(res map[string]any) string
	desc       bool
	params     []string
}

func lowerAttr(name string) func(map[string]any) string {
	return func(res map[string]any) string { return strings.ToLower(testapp.Attr(res, name).(string)) }
}

func testSort(t *testing.T, env *testapp.Env) {
	c := lookup(t, env)
	cases := []sortCase{
		{"/countries", "name", lowerAttr("name"), false, nil},
		{"/countries", "-name", lowerAttr("name"), true, nil},
		{"/countries", "iso", lowerAttr("iso"), false, nil},
		{"/countries", "-iso", lowerAttr("iso"), true, nil},
		{"/countries", "prefix", lowerAttr("prefix"), false, nil},
		{"/regions", "-name", lowerAttr("name"), true, []string{"filter[country.id]", c.us}},
		{"/cities", "-name", lowerAttr("name"), true, nil},
		{"/areas", "name", lowerAttr("name"), false, nil},
		{"/nanpa_prefixes", "-npa", lowerAttr("npa"), true, nil},
		{"/nanpa_prefixes", "nxx", lowerAttr("nxx"), false, nil},
		{"/did_group_types", "-name", lowerAttr("name"), true, nil},
		{"/did_groups", "-area_name", lowerAttr("area_name"), true, nil},
		{"/did_groups", "prefix", lowerAttr("prefix"), false, []string{"filter[country.id]", c.gb}},
	}
	for _, tc := range cases {
		t.Run(tc.path+" "+tc.sort, func(t *testing.T) {
			r := get(t, env, env.DemoKey, tc.path, append([]string{"sort", tc.sort, "page[size]", "100"}, tc.params...)...)
			vals := make([]string, 0, len(r.Data()))
			for _, res := range r.Data() {
				vals = append(vals, tc.value(res))
			}
			sorted := slices.IsSortedFunc(vals, func(a, b string) int {
				if tc.desc {
					return cmp.Compare(b, a)
				}
				return cmp.Compare(a, b)
			})
			if len(vals) < 2 || !sorted {
				t.Errorf("sort=%s gave %v", tc.sort, vals)
			}
		})
	}
	t.Run("npa then -nxx", func(t *testing.T) {
		r := get(t, env, env.DemoKey, "/nanpa_prefixes", "sort", "npa,-nxx", "filter[npa]", "212")
		var nxx []string
		for _, res := range r.Data() {
			nxx = append(nxx, testapp.Attr(res, "nxx").(string))
		}
		if !slices.Equal(nxx, []string{"729", "461", "380", "324"}) {
			t.Errorf("212 by -nxx = %v", nxx)
		}
	})
	t.Run("relationship fields", func(t *testing.T) {
		for _, s := range []string{"country.name", "-country.name", "city.name", "-city.name"} {
			r := get(t, env, env.DemoKey, "/did_groups", "sort", s+",prefix", "page[size]", "100", "include", "country,city")
			names := make([]string, 0, 100)
			for _, g := range r.Data() {
				name := ""
				if pairs, _ := linkage(g, strings.TrimPrefix(strings.Split(s, ".")[0], "-")); len(pairs) == 1 {
					for _, inc := range r.Included() {
						if key(inc) == pairs[0] {
							name = strings.ToLower(testapp.Attr(inc, "name").(string))
						}
					}
				}
				names = append(names, name)
			}
			desc := strings.HasPrefix(s, "-")
			if !slices.IsSortedFunc(names, func(a, b string) int {
				if desc {
					return cmp.Compare(b, a)
				}
				return cmp.Compare(a, b)
			}) {
				t.Errorf("sort=%s gave %v", s, names)
			}
		}
	})
	t.Run("default order is by name and stable", func(t *testing.T) {
		first := ids(get(t, env, env.DemoKey, "/cities", "page[size]", "100").Data())
		again := ids(get(t, env, env.DemoKey, "/cities", "page[size]", "100").Data())
		byName := ids(get(t, env, env.DemoKey, "/cities", "page[size]", "100", "sort", "name").Data())
		if !slices.Equal(first, again) || !slices.Equal(first, byName) {
			t.Errorf("default order differs between requests or from sort=name")
		}
		// Many groups share an area name; pages must still not overlap.
		a := ids(get(t, env, env.DemoKey, "/did_groups", "page[size]", "7", "sort", "area_name").Data())
		b := ids(get(t, env, env.DemoKey, "/did_groups", "page[size]", "7", "page[number]", "2", "sort", "area_name").Data())
		whole := ids(get(t, env, env.DemoKey, "/did_groups", "page[size]", "14", "sort", "area_name").Data())
		if !slices.Equal(append(a, b...), whole) {
			t.Errorf("pages of 7 %v + %v differ from one page of 14 %v", a, b, whole)
		}
	})
}
