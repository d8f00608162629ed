package client

import (
	"maps"
	"net/url"
	"strconv"
	"strings"
)

// Query selects, includes, sorts and pages a list. The zero value asks for
// the server's defaults.
//
//	q := client.Query{}.Filter("country.id", id).Filter("name", "Los Angeles")
type Query struct {
	// Filters become filter[KEY]=VALUE; comma-separate values to match any.
	Filters map[string]string
	// Include names related resources to embed, e.g. "did_group.stock_keeping_units".
	Include []string
	// Sort lists fields, "-" first for descending, e.g. "-created_at".
	Sort []string
	// PageNumber (from 1) and PageSize (at most 100 at the reference); 0 omits them.
	PageNumber int
	PageSize   int
}

// Filter returns a copy of q with filter[key]=value added. It copies the
// map so that a base query can be shared and extended safely.
func (q Query) Filter(key, value string) Query {
	f := maps.Clone(q.Filters)
	if f == nil {
		f = map[string]string{}
	}
	f[key] = value
	q.Filters = f
	return q
}

// WithInclude returns a copy of q that also includes the given paths.
func (q Query) WithInclude(paths ...string) Query {
	q.Include = append(append([]string(nil), q.Include...), paths...)
	return q
}

// Values returns the query as URL parameters.
func (q Query) Values() url.Values {
	v := url.Values{}
	for k, val := range q.Filters {
		v.Set("filter["+k+"]", val)
	}
	setList(v, "include", q.Include)
	setList(v, "sort", q.Sort)
	if q.PageNumber > 0 {
		v.Set("page[number]", strconv.Itoa(q.PageNumber))
	}
	if q.PageSize > 0 {
		v.Set("page[size]", strconv.Itoa(q.PageSize))
	}
	return v
}

// Encode returns the query string, e.g. "filter%5Biso%5D=US". Keys are
// sorted so requests are reproducible; brackets are escaped as in the
// reference's own examples, while commas are left readable (they are legal
// in a query and mean the same either way).
func (q Query) Encode() string {
	return strings.ReplaceAll(q.Values().Encode(), "%2C", ",")
}

func setList(v url.Values, key string, items []string) {
	var kept []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			kept = append(kept, it)
		}
	}
	if len(kept) > 0 {
		v.Set(key, strings.Join(kept, ","))
	}
}

// includeQuery is the query of a single-resource GET.
func includeQuery(include []string) Query { return Query{Include: include} }
