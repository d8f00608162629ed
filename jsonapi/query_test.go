package jsonapi_test

import (
	"errors"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/didstock/didstock/jsonapi"
)

var testSpec = jsonapi.Spec{
	Filters:   []string{"name", "country.id", "is_available"},
	Sorts:     []string{"name", "country.name"},
	Includes:  []string{"country", "did_group.stock_keeping_units"},
	Paginated: true,
}

func mustValues(t *testing.T, raw string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("parse %q: %v", raw, err)
	}
	return v
}

func TestParseQueryAccepts(t *testing.T) {
	tests := []struct {
		name  string
		query string
		spec  jsonapi.Spec
		check func(t *testing.T, q *jsonapi.Query)
	}{
		{"defaults", "", testSpec, func(t *testing.T, q *jsonapi.Query) {
			if q.Page.Number != 1 || q.Page.Size != 50 || q.PageGiven {
				t.Errorf("page = %+v given %v, want 1/50 not given", q.Page, q.PageGiven)
			}
		}},
		{"spec default size", "", jsonapi.Spec{Paginated: true, DefaultPageSize: 20}, func(t *testing.T, q *jsonapi.Query) {
			if q.Page.Size != 20 {
				t.Errorf("size = %d, want 20", q.Page.Size)
			}
		}},
		{"page", "page[number]=3&page[size]=100", testSpec, func(t *testing.T, q *jsonapi.Query) {
			if q.Page.Number != 3 || q.Page.Size != 100 || !q.PageGiven {
				t.Errorf("page = %+v given %v", q.Page, q.PageGiven)
			}
		}},
		{"filter list split and raw kept", "filter[name]=a, b,,c", testSpec, func(t *testing.T, q *jsonapi.Query) {
			if want := []string{"a", "b", "c"}; !reflect.DeepEqual(q.Filters["name"], want) {
				t.Errorf("filters = %v, want %v", q.Filters["name"], want)
			}
			if q.Raw["name"] != "a, b,,c" {
				t.Errorf("raw = %q", q.Raw["name"])
			}
		}},
		{"empty filter value", "filter[name]=", testSpec, func(t *testing.T, q *jsonapi.Query) {
			if v, ok := q.Filters["name"]; !ok || len(v) != 0 {
				t.Errorf("filters[name] = %v, %v; want present and empty", v, ok)
			}
		}},
		{"sort asc and desc", "sort=name,-country.name", testSpec, func(t *testing.T, q *jsonapi.Query) {
			want := []jsonapi.SortField{{Field: "name"}, {Field: "country.name", Desc: true}}
			if !reflect.DeepEqual(q.Sort, want) {
				t.Errorf("sort = %v, want %v", q.Sort, want)
			}
		}},
		{"include prefix, nested, deduplicated", "include=did_group,did_group.stock_keeping_units,did_group", testSpec, func(t *testing.T, q *jsonapi.Query) {
			want := [][]string{{"did_group"}, {"did_group", "stock_keeping_units"}}
			if !reflect.DeepEqual(q.Include, want) {
				t.Errorf("include = %v, want %v", q.Include, want)
			}
			if !q.Includes("did_group") || !q.Includes("did_group.stock_keeping_units") || q.Includes("country") {
				t.Errorf("Includes answers wrong for %v", q.Include)
			}
		}},
		{"repeated include parameters add up", "include=did_group.stock_keeping_units&include=country", testSpec, func(t *testing.T, q *jsonapi.Query) {
			if !q.Includes("did_group.stock_keeping_units") || !q.Includes("country") {
				t.Errorf("include = %v, want both paths", q.Include)
			}
		}},
		{"other parameters ignored", "fields[countries]=name&_=123", testSpec, func(t *testing.T, q *jsonapi.Query) {
			if len(q.Filters) != 0 || q.Sort != nil || q.Include != nil {
				t.Errorf("query = %+v, want nothing parsed", q)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := jsonapi.ParseQuery(mustValues(t, tt.query), tt.spec)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.query, err)
			}
			tt.check(t, q)
		})
	}
}

func TestParseQueryRefuses(t *testing.T) {
	unpaginated := testSpec
	unpaginated.Paginated = false
	unpaginated.Sorts = nil
	tests := []struct {
		query, param string
		spec         jsonapi.Spec
	}{
		{"filter[foo]=1", "filter[foo]", testSpec},
		{"filter=1", "filter", testSpec},
		{"filterx[name]=1", "filterx[name]", testSpec},
		{"include=regions", "include", testSpec},
		{"include=country.regions", "include", testSpec},
		{"include=did_group.", "include", testSpec},
		{"sort=iso", "sort", testSpec},
		{"sort=-iso", "sort", testSpec},
		{"sort=name", "sort", unpaginated},
		{"page[number]=0", "page[number]", testSpec},
		{"page[number]=-1", "page[number]", testSpec},
		{"page[number]=x", "page[number]", testSpec},
		{"page[size]=101", "page[size]", testSpec},
		{"page[size]=0", "page[size]", testSpec},
		{"page[size]=1.5", "page[size]", testSpec},
		{"page[offset]=1", "page[offset]", testSpec},
		{"page[size]=10", "page[size]", unpaginated},
		{"page[number]=1", "page[number]", unpaginated},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := jsonapi.ParseQuery(mustValues(t, tt.query), tt.spec)
			var pe *jsonapi.ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseQuery(%q) = %v, want a *ParamError", tt.query, err)
			}
			if pe.Parameter != tt.param || pe.Message == "" {
				t.Errorf("parameter = %q (message %q), want %q", pe.Parameter, pe.Message, tt.param)
			}
		})
	}
}

func TestParseQueryMaxPageSize(t *testing.T) {
	spec := jsonapi.Spec{Paginated: true, MaxPageSize: 10}
	if _, err := jsonapi.ParseQuery(url.Values{"page[size]": {"10"}}, spec); err != nil {
		t.Errorf("size 10: %v", err)
	}
	if _, err := jsonapi.ParseQuery(url.Values{"page[size]": {"11"}}, spec); err == nil {
		t.Errorf("size 11 accepted with MaxPageSize 10")
	}
	// A hand-built url.Values may hold a key with no value.
	if _, err := jsonapi.ParseQuery(url.Values{"page[size]": {}}, spec); err != nil {
		t.Errorf("key without values: %v", err)
	}
}

func TestPageLinks(t *testing.T) {
	const base = "https://h/v3/countries"
	tests := []struct {
		name                string
		number, size, total int
		want                map[string]int // link name -> page number
	}{
		{"empty list", 1, 50, 0, map[string]int{"first": 1, "last": 1}},
		{"one page", 1, 50, 50, map[string]int{"first": 1, "last": 1}},
		{"first of three", 1, 10, 21, map[string]int{"first": 1, "next": 2, "last": 3}},
		{"middle", 2, 10, 30, map[string]int{"first": 1, "prev": 1, "next": 3, "last": 3}},
		{"last", 3, 10, 30, map[string]int{"first": 1, "prev": 2, "last": 3}},
		{"past the end", 9, 10, 30, map[string]int{"first": 1, "prev": 3, "last": 3}},
		{"zero size does not divide by zero", 1, 0, 3, map[string]int{"first": 1, "next": 2, "last": 3}},
	}
	values := url.Values{"filter[iso]": {"US"}, "page[number]": {"7"}, "page[size]": {"99"}, "sort": {"-name"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			links := jsonapi.PageLinks(base, values, tt.number, tt.size, tt.total)
			if len(links) != len(tt.want) {
				t.Errorf("links = %v, want keys of %v", links, tt.want)
			}
			for name, page := range tt.want {
				u, err := url.Parse(links[name])
				if err != nil || !strings.HasPrefix(links[name], base+"?") {
					t.Fatalf("%s = %q, want a URL at %s", name, links[name], base)
				}
				q := u.Query()
				if q.Get("page[number]") != itoa(page) || q.Get("page[size]") != itoa(max(tt.size, 1)) {
					t.Errorf("%s = %q, want page %d size %d", name, links[name], page, tt.size)
				}
				if q.Get("filter[iso]") != "US" || q.Get("sort") != "-name" || len(q["page[number]"]) != 1 {
					t.Errorf("%s = %q does not keep the other parameters once", name, links[name])
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
