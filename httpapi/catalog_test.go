package httpapi_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// relationshipsOf lists the relationships each catalogue type has in
// 2022-05-10 (did_groups' requirement becomes address_requirement later).
var relationshipsOf = map[string][]string{
	"countries":           {"regions"},
	"regions":             {"country"},
	"cities":              {"area", "country", "region"},
	"areas":               {"country"},
	"nanpa_prefixes":      {"country", "region"},
	"did_group_types":     nil,
	"did_groups":          {"city", "country", "did_group_type", "region", "requirement", "stock_keeping_units"},
	"stock_keeping_units": nil,
	"available_dids":      {"did_group"},
}

// TestCatalogReadOnly runs every read-only catalogue test on one server per
// engine: none of them changes the data, so they share it.
func TestCatalogReadOnly(t *testing.T) {
	t.Parallel()
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		t.Run("endpoints", func(t *testing.T) { testEndpoints(t, env) })
		t.Run("filters", func(t *testing.T) { testFilters(t, env) })
		t.Run("bad filter values", func(t *testing.T) { testBadFilterValues(t, env) })
		t.Run("includes", func(t *testing.T) { testIncludes(t, env) })
		t.Run("pagination", func(t *testing.T) { testPagination(t, env) })
		t.Run("sort", func(t *testing.T) { testSort(t, env) })
		t.Run("unsupported parameters", func(t *testing.T) { testUnsupportedParams(t, env) })
		t.Run("not found", func(t *testing.T) { testNotFound(t, env) })
		t.Run("available_dids", func(t *testing.T) { testAvailableDIDs(t, env) })
		t.Run("available_dids filters", func(t *testing.T) { testAvailableFilters(t, env) })
	})
}

// checkResource checks the parts every catalogue resource shares: type,
// id, attributes, and relationships with self/related links and without
// data (nothing was included).
func checkResource(t *testing.T, env *testapp.Env, res map[string]any, typ string) {
	t.Helper()
	if res["type"] != typ || testapp.ID(res) == "" {
		t.Fatalf("resource %v: want type %s and an id", res, typ)
	}
	if _, ok := res["attributes"].(map[string]any); !ok {
		t.Errorf("%s: no attributes", key(res))
	}
	rels, _ := res["relationships"].(map[string]any)
	var names []string
	for name := range rels {
		names = append(names, name)
	}
	slices.Sort(names)
	if want := relationshipsOf[typ]; !slices.Equal(names, want) {
		t.Errorf("%s relationships = %v, want %v", typ, names, want)
	}
	base := strings.TrimSuffix(env.BaseURL, "/v3") + "/v3/" + typ + "/" + testapp.ID(res)
	for _, name := range names {
		r := rel(res, name)
		links, _ := r["links"].(map[string]any)
		if links["self"] != base+"/relationships/"+name || links["related"] != base+"/"+name {
			t.Errorf("%s.%s links = %v", key(res), name, links)
		}
		if _, ok := r["data"]; ok {
			t.Errorf("%s.%s has data although nothing was included", key(res), name)
		}
	}
}

func testEndpoints(t *testing.T, env *testapp.Env) {
	attrs := map[string][]string{
		"countries":       {"iso", "name", "prefix"},
		"regions":         {"name"},
		"cities":          {"name"},
		"areas":           {"name"},
		"nanpa_prefixes":  {"npa", "nxx"},
		"did_group_types": {"name"},
		"did_groups":      {"allow_additional_channels", "area_name", "features", "is_metered", "local_prefix", "prefix"},
	}
	for typ, want := range attrs {
		t.Run(typ, func(t *testing.T) {
			list := get(t, env, env.DemoKey, "/"+typ)
			data := list.Data()
			if len(data) == 0 || total(t, list, "total_records") < len(data) {
				t.Fatalf("list: %d resources, total_records %v", len(data), list.Meta()["total_records"])
			}
			if list.Meta()["api_version"] != "2022-05-10" {
				t.Errorf("meta = %v, want api_version 2022-05-10", list.Meta())
			}
			for _, res := range data {
				checkResource(t, env, res, typ)
				got := slices.Sorted(maps.Keys(res["attributes"].(map[string]any)))
				if !slices.Equal(got, want) {
					t.Fatalf("%s attributes = %v, want %v", key(res), got, want)
				}
			}
			show := get(t, env, env.DemoKey, "/"+typ+"/"+testapp.ID(data[0]))
			res, ok := show.Doc["data"].(map[string]any)
			if !ok || testapp.ID(res) != testapp.ID(data[0]) {
				t.Fatalf("show: data = %v, want the object %s", show.Doc["data"], testapp.ID(data[0]))
			}
			checkResource(t, env, res, typ)
			if show.Meta()["api_version"] != "2022-05-10" || len(show.Meta()) != 1 || show.Doc["links"] != nil {
				t.Errorf("show: meta %v links %v, want api_version only", show.Meta(), show.Doc["links"])
			}
		})
	}
	t.Run("stock_keeping_units", func(t *testing.T) {
		groups := get(t, env, env.DemoKey, "/did_groups", "include", "stock_keeping_units", "page[size]", "5")
		for _, inc := range groups.Included() {
			show := get(t, env, env.DemoKey, "/stock_keeping_units/"+testapp.ID(inc))
			res := show.Data()[0]
			checkResource(t, env, res, "stock_keeping_units")
			a := res["attributes"].(map[string]any)
			if _, ok := a["setup_price"].(string); !ok {
				t.Errorf("setup_price %v is not a string", a["setup_price"])
			}
			if _, ok := a["monthly_price"].(string); !ok || !strings.Contains(a["monthly_price"].(string), ".") {
				t.Errorf("monthly_price %v is not a decimal string", a["monthly_price"])
			}
			if _, ok := a["channels_included_count"].(float64); !ok {
				t.Errorf("channels_included_count %v is not a number", a["channels_included_count"])
			}
		}
		if len(groups.Included()) != 10 {
			t.Errorf("5 groups included %d SKUs, want 10", len(groups.Included()))
		}
	})
	t.Run("available_dids", func(t *testing.T) {
		sample := get(t, env, env.DemoKey, "/available_dids").Data()
		if len(sample) == 0 {
			t.Fatal("no available DIDs")
		}
		checkResource(t, env, sample[0], "available_dids")
		show := get(t, env, env.DemoKey, "/available_dids/"+testapp.ID(sample[0]))
		if testapp.Attr(show.Data()[0], "number") != testapp.Attr(sample[0], "number") {
			t.Errorf("show = %v, want %v", show.Data()[0], sample[0])
		}
	})
}

// ctx holds the demo IDs the filter tables refer to, looked up over HTTP.
type ctx struct {
	us, gb, ny, nyCity, la, london, nyArea, local, tollFree, nanpa212461, nyGroup string
}

func lookup(t *testing.T, env *testapp.Env) ctx {
	t.Helper()
	var c ctx
	c.us = testapp.ID(one(t, env, "/countries", "filter[iso]", "US"))
	c.gb = testapp.ID(one(t, env, "/countries", "filter[iso]", "GB"))
	c.ny = testapp.ID(one(t, env, "/regions", "filter[name]", "New York", "filter[country.id]", c.us))
	c.nyCity = testapp.ID(one(t, env, "/cities", "filter[name]", "New York"))
	c.la = testapp.ID(one(t, env, "/cities", "filter[name]", "Los Angeles"))
	c.london = testapp.ID(one(t, env, "/cities", "filter[name]", "London", "filter[country.id]", c.gb))
	c.nyArea = testapp.ID(one(t, env, "/areas", "filter[name]", "New York (212)"))
	c.local = testapp.ID(one(t, env, "/did_group_types", "filter[name]", "Local"))
	c.tollFree = testapp.ID(one(t, env, "/did_group_types", "filter[name]", "Toll-free"))
	c.nanpa212461 = testapp.ID(one(t, env, "/nanpa_prefixes", "filter[npanxx]", "212461"))
	c.nyGroup = testapp.ID(one(t, env, "/did_groups", "filter[nanpa_prefix.id]", c.nanpa212461))
	return c
}

// filterCase is one list request and what each returned resource must
// satisfy; count is the exact number expected, or -1 for "at least one".
type filterCase struct {
	name   string
	path   string
	params []string
	count  int
	each   func(res map[string]any) bool
}

func attrIs(name string, want any) func(map[string]any) bool {
	return func(res map[string]any) bool { return testapp.Attr(res, name) == want }
}

func metaIs(name string, want any) func(map[string]any) bool {
	return func(res map[string]any) bool { return meta(res)[name] == want }
}

func hasFeature(f string) func(map[string]any) bool {
	return func(res map[string]any) bool {
		fs, _ := testapp.Attr(res, "features").([]any)
		return slices.Contains(fs, any(f))
	}
}

func idIs(id string) func(map[string]any) bool {
	return func(res map[string]any) bool { return testapp.ID(res) == id }
}

// relatedTo checks a relationship's linkage, which requires the request to
// include that relationship.
func relatedTo(name, id string) func(map[string]any) bool {
	return func(res map[string]any) bool {
		pairs, _ := linkage(res, name)
		return len(pairs) == 1 && strings.HasSuffix(pairs[0], "/"+id)
	}
}

func testFilters(t *testing.T, env *testapp.Env) {
	c := lookup(t, env)
	all := -1
	cases := []filterCase{
		{"countries iso", "/countries", []string{"filter[iso]", "US,gb"}, 2, nil},
		{"countries id", "/countries", []string{"filter[id]", c.us}, 1, idIs(c.us)},
		{"countries name case-insensitive", "/countries", []string{"filter[name]", "united KINGDOM"}, 1, idIs(c.gb)},
		{"countries prefix", "/countries", []string{"filter[prefix]", "44"}, all, attrIs("prefix", "44")},
		{"countries is_available", "/countries", []string{"filter[is_available]", "true", "page[size]", "100"}, 15, nil},
		{"countries not available", "/countries", []string{"filter[is_available]", "false", "filter[iso]", "US,VA"}, 1, attrIs("iso", "VA")},
		{"regions country.id", "/regions", []string{"filter[country.id]", c.us, "include", "country"}, all, relatedTo("country", c.us)},
		{"regions name lower case", "/regions", []string{"filter[name]", "new york"}, 1, idIs(c.ny)},
		{"regions iso", "/regions", []string{"filter[iso]", "us-ny"}, 1, idIs(c.ny)},
		{"regions id", "/regions", []string{"filter[id]", c.ny}, 1, idIs(c.ny)},
		{"cities name", "/cities", []string{"filter[name]", "LOS ANGELES"}, 1, idIs(c.la)},
		{"cities country.id", "/cities", []string{"filter[country.id]", c.gb, "include", "country"}, all, relatedTo("country", c.gb)},
		{"cities region.id", "/cities", []string{"filter[region.id]", c.ny, "include", "region"}, 2, relatedTo("region", c.ny)},
		{"cities area.id", "/cities", []string{"filter[area.id]", c.nyArea}, 1, idIs(c.nyCity)},
		{"cities is_available", "/cities", []string{"filter[is_available]", "true", "filter[id]", c.la}, 1, idIs(c.la)},
		{"cities not available", "/cities", []string{"filter[is_available]", "false", "filter[id]", c.la}, 0, nil},
		{"areas country.id", "/areas", []string{"filter[country.id]", c.us, "include", "country"}, all, relatedTo("country", c.us)},
		{"areas name", "/areas", []string{"filter[name]", "new york (212)"}, 1, idIs(c.nyArea)},
		{"areas id", "/areas", []string{"filter[id]", c.nyArea}, 1, idIs(c.nyArea)},
		{"nanpa npanxx", "/nanpa_prefixes", []string{"filter[npanxx]", "212461"}, 1, idIs(c.nanpa212461)},
		{"nanpa npa", "/nanpa_prefixes", []string{"filter[npa]", "212"}, 4, attrIs("npa", "212")},
		{"nanpa nxx", "/nanpa_prefixes", []string{"filter[nxx]", "461"}, 2, attrIs("nxx", "461")},
		{"nanpa country.id", "/nanpa_prefixes", []string{"filter[country.id]", c.us, "include", "country"}, all, relatedTo("country", c.us)},
		{"nanpa region.id", "/nanpa_prefixes", []string{"filter[region.id]", c.ny, "include", "region"}, 6, relatedTo("region", c.ny)},
		{"nanpa did_group.is_available", "/nanpa_prefixes", []string{"filter[did_group.is_available]", "true", "filter[npanxx]", "212461"}, 1, nil},
		{"nanpa did_group not available", "/nanpa_prefixes", []string{"filter[did_group.is_available]", "false", "filter[npanxx]", "212461"}, 0, nil},
		{"nanpa did_group.features", "/nanpa_prefixes", []string{"filter[did_group.features]", "sms_out,voice_in", "filter[npa]", "212"}, 4, nil},
		{"nanpa id", "/nanpa_prefixes", []string{"filter[id]", c.nanpa212461}, 1, idIs(c.nanpa212461)},
		{"did_group_types name", "/did_group_types", []string{"filter[name]", "toll-free"}, 1, idIs(c.tollFree)},
		{"did_group_types all six", "/did_group_types", nil, 6, nil},
		{"did_groups country.id", "/did_groups", []string{"filter[country.id]", c.gb, "include", "country"}, all, relatedTo("country", c.gb)},
		{"did_groups region.id", "/did_groups", []string{"filter[region.id]", c.ny, "include", "region"}, all, relatedTo("region", c.ny)},
		{"did_groups city.id", "/did_groups", []string{"filter[city.id]", c.la, "include", "city"}, all, relatedTo("city", c.la)},
		{"did_groups did_group_type.id", "/did_groups", []string{"filter[did_group_type.id]", c.tollFree, "include", "did_group_type"}, all, relatedTo("did_group_type", c.tollFree)},
		{"did_groups nanpa_prefix.id", "/did_groups", []string{"filter[nanpa_prefix.id]", c.nanpa212461}, 1, idIs(c.nyGroup)},
		{"did_groups nanpa_prefix.npanxx", "/did_groups", []string{"filter[nanpa_prefix.npanxx]", "212461"}, 1, idIs(c.nyGroup)},
		{"did_groups area_name", "/did_groups", []string{"filter[area_name]", "los angeles"}, 3, attrIs("area_name", "Los Angeles")},
		{"did_groups prefix", "/did_groups", []string{"filter[prefix]", "20", "filter[country.id]", c.gb}, all, attrIs("prefix", "20")},
		{"did_groups features all of", "/did_groups", []string{"filter[features]", "sms_in,sms_out"}, all, func(r map[string]any) bool { return hasFeature("sms_in")(r) && hasFeature("sms_out")(r) }},
		{"did_groups is_available", "/did_groups", []string{"filter[is_available]", "true", "filter[id]", c.nyGroup}, 1, metaIs("is_available", true)},
		{"did_groups not available", "/did_groups", []string{"filter[is_available]", "false"}, 0, nil},
		{"did_groups is_metered", "/did_groups", []string{"filter[is_metered]", "true", "include", "did_group_type"}, all, relatedTo("did_group_type", c.tollFree)},
		{"did_groups allow_additional_channels", "/did_groups", []string{"filter[allow_additional_channels]", "false"}, 0, nil},
		{"did_groups available_dids_enabled", "/did_groups", []string{"filter[available_dids_enabled]", "false"}, all, metaIs("available_dids_enabled", false)},
		{"did_groups needs_registration", "/did_groups", []string{"filter[needs_registration]", "true"}, all, metaIs("needs_registration", true)},
		{"did_groups total_count_gteq", "/did_groups", []string{"filter[meta.total_count_gteq]", "80"}, all, func(r map[string]any) bool { return meta(r)["total_count"].(float64) >= 80 }},
		{"did_groups total_count_gteq none", "/did_groups", []string{"filter[meta.total_count_gteq]", "100000"}, 0, nil},
		{"did_groups id", "/did_groups", []string{"filter[id]", c.nyGroup}, 1, idIs(c.nyGroup)},
		{"non-UUID ids match nothing", "/did_groups", []string{"filter[country.id]", "US"}, 0, nil},
		{"filters combine", "/did_groups", []string{"filter[country.id]", c.us, "filter[city.id]", c.la, "filter[available_dids_enabled]", "true"}, 3, attrIs("area_name", "Los Angeles")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, env, env.DemoKey, tc.path, tc.params...)
			data := r.Data()
			switch {
			case tc.count >= 0 && len(data) != tc.count:
				t.Fatalf("%d resources (%v), want %d", len(data), ids(data), tc.count)
			case tc.count < 0 && len(data) == 0:
				t.Fatalf("no resources, want some")
			}
			if total(t, r, "total_records") != len(data) && len(data) < 50 {
				t.Errorf("total_records %v for %d resources", r.Meta()["total_records"], len(data))
			}
			for _, res := range data {
				if tc.each != nil && !tc.each(res) {
					t.Errorf("resource does not match the filter: %v", res)
				}
			}
		})
	}
}

func testBadFilterValues(t *testing.T, env *testapp.Env) {
	cases := []struct{ path, param, value string }{
		{"/countries", "filter[is_available]", "maybe"},
		{"/cities", "filter[is_available]", "1x"},
		{"/nanpa_prefixes", "filter[did_group.is_available]", "yes"},
		{"/did_groups", "filter[is_metered]", "x"},
		{"/did_groups", "filter[allow_additional_channels]", ""},
		{"/did_groups", "filter[available_dids_enabled]", "on"},
		{"/did_groups", "filter[needs_registration]", "2"},
		{"/did_groups", "filter[is_available]", "no"},
		{"/did_groups", "filter[meta.total_count_gteq]", "many"},
		{"/did_groups", "filter[meta.total_count_gteq]", "-1"},
		{"/available_dids", "filter[number_contains]", "12a"},
		{"/available_dids", "filter[number_contains]", ""},
		{"/available_dids", "filter[number_contains]", "1234567890123456"},
		{"/available_dids", "filter[did_group.needs_registration]", "x"},
	}
	for _, tc := range cases {
		t.Run(tc.path+" "+tc.param+"="+tc.value, func(t *testing.T) {
			expectError(t, env.Get(t, env.DemoKey, tc.path+query(tc.param, tc.value)), 400, tc.param)
		})
	}
}

func testUnsupportedParams(t *testing.T, env *testapp.Env) {
	cases := []struct {
		path  string
		kv    []string
		param string
	}{
		{"/countries", []string{"filter[foo]", "1"}, "filter[foo]"},
		{"/countries", []string{"filter[country.id]", "1"}, "filter[country.id]"},
		{"/regions", []string{"filter[prefix]", "1"}, "filter[prefix]"},
		{"/did_group_types", []string{"filter[country.id]", "x"}, "filter[country.id]"},
		{"/countries", []string{"include", "cities"}, "include"},
		{"/regions", []string{"include", "country.regions"}, "include"},
		{"/did_group_types", []string{"include", "country"}, "include"},
		{"/did_groups", []string{"include", "stock_keeping_units.did_group"}, "include"},
		{"/countries", []string{"sort", "population"}, "sort"},
		{"/regions", []string{"sort", "-country.name"}, "sort"},
		{"/did_groups", []string{"sort", "name"}, "sort"},
		{"/countries", []string{"page[number]", "0"}, "page[number]"},
		{"/countries", []string{"page[number]", "one"}, "page[number]"},
		{"/countries", []string{"page[size]", "101"}, "page[size]"},
		{"/countries", []string{"page[size]", "-5"}, "page[size]"},
		{"/countries", []string{"page[offset]", "5"}, "page[offset]"},
		{"/available_dids", []string{"page[size]", "5"}, "page[size]"},
		{"/available_dids", []string{"page[number]", "2"}, "page[number]"},
		{"/available_dids", []string{"sort", "number"}, "sort"},
		{"/available_dids", []string{"sort", "-number"}, "sort"},
		{"/available_dids", []string{"include", "did_group.regions"}, "include"},
		{"/available_dids", []string{"filter[number]", "1"}, "filter[number]"},
	}
	for _, tc := range cases {
		t.Run(tc.path+query(tc.kv...), func(t *testing.T) {
			r := env.Get(t, env.DemoKey, tc.path+query(tc.kv...))
			expectError(t, r, 400, tc.param)
			if r.Meta()["api_version"] != "2022-05-10" {
				t.Errorf("400 meta = %v, want api_version", r.Meta())
			}
		})
	}
	t.Run("show refuses list parameters", func(t *testing.T) {
		c := testapp.ID(one(t, env, "/countries", "filter[iso]", "US"))
		expectError(t, env.Get(t, env.DemoKey, "/countries/"+c+query("filter[iso]", "US")), 400, "filter[iso]")
		expectError(t, env.Get(t, env.DemoKey, "/countries/"+c+query("page[size]", "1")), 400, "page[size]")
		expectError(t, env.Get(t, env.DemoKey, "/countries/"+c+query("include", "country")), 400, "include")
	})
	t.Run("other parameters are ignored", func(t *testing.T) {
		get(t, env, env.DemoKey, "/countries", "fields[countries]", "name", "_", "123")
	})
}

func testNotFound(t *testing.T, env *testapp.Env) {
	const missing = "00000000-0000-4000-8000-000000000000"
	paths := []string{"countries", "regions", "cities", "areas", "nanpa_prefixes", "did_group_types",
		"did_groups", "stock_keeping_units", "available_dids"}
	for _, p := range paths {
		for _, id := range []string{missing, "not-a-uuid", "12345", strings.ToUpper(missing)[:35]} {
			t.Run(p+"/"+id, func(t *testing.T) {
				r := env.Get(t, env.DemoKey, "/"+p+"/"+id).Expect(t, 404)
				if string(r.Body) != notFoundBody(id) {
					t.Errorf("body = %s\nwant   %s", r.Body, notFoundBody(id))
				}
			})
		}
	}
	t.Run("unknown route", func(t *testing.T) {
		expectError(t, env.Get(t, env.DemoKey, "/stock_keeping_units"), 404, "")
		expectError(t, env.Get(t, env.DemoKey, "/nothing/here"), 404, "")
	})
}
