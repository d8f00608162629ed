package jsonapi

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Spec says which query parameters an endpoint supports.
type Spec struct {
	Filters   []string // filter keys, e.g. "country.id"
	Sorts     []string // sortable fields; empty means sort is not supported
	Includes  []string // include paths, e.g. "did_group.stock_keeping_units"; prefixes are implied
	Paginated bool
	// MaxPageSize bounds page[size]; 0 means the default of 100.
	MaxPageSize int
	// DefaultPageSize applies when page[size] is absent; 0 means 50.
	DefaultPageSize int
}

// SortField is one field of the sort parameter.
type SortField struct {
	Field string
	Desc  bool
}

// Query is a parsed, validated query string.
type Query struct {
	Filters map[string][]string // comma-separated values split
	Raw     map[string]string   // filter values as sent, for names that may hold commas
	Include [][]string          // each path split on dots, deduplicated
	Sort    []SortField
	Page    struct{ Number, Size int }
	// PageGiven reports whether the client sent any page parameter.
	PageGiven bool
}

// ParamError is a query parameter the endpoint does not support or a value it
// cannot take.
type ParamError struct {
	Parameter string
	Message   string
}

func (e *ParamError) Error() string { return e.Message }

// ParseQuery parses the query string of a request against spec.
func ParseQuery(values url.Values, spec Spec) (*Query, error) {
	q := &Query{Filters: map[string][]string{}, Raw: map[string]string{}}
	q.Page.Number = 1
	q.Page.Size = spec.DefaultPageSize
	if q.Page.Size == 0 {
		q.Page.Size = 50
	}
	for key, vals := range values {
		if err := q.parseParam(key, vals, spec); err != nil {
			return nil, err
		}
	}
	return q, nil
}

func (q *Query) parseParam(key string, vals []string, spec Spec) error {
	if len(vals) == 0 {
		return nil // url.Values built by hand may hold a key without values
	}
	last := vals[len(vals)-1]
	switch {
	case strings.HasPrefix(key, "filter[") && strings.HasSuffix(key, "]"):
		name := key[len("filter[") : len(key)-1]
		if !contains(spec.Filters, name) {
			return &ParamError{Parameter: key, Message: fmt.Sprintf("%s is not a supported filter", name)}
		}
		q.Filters[name] = splitList(last)
		q.Raw[name] = last
	case key == "include":
		// Repeated include parameters add up, as in the reference's
		// ?include=did_group&include=did_group.stock_keeping_units.
		return q.parseInclude(strings.Join(vals, ","), spec)
	case key == "sort":
		return q.parseSort(last, spec)
	case key == "page[number]" || key == "page[size]":
		return q.parsePage(key, last, spec)
	case strings.HasPrefix(key, "filter") || strings.HasPrefix(key, "page"):
		return &ParamError{Parameter: key, Message: fmt.Sprintf("%s is not a supported parameter", key)}
	}
	// Other parameters (fields[…], cache busters) are ignored, as JSON:API allows.
	return nil
}

func (q *Query) parseInclude(v string, spec Spec) error {
	seen := map[string]bool{}
	for _, path := range splitList(v) {
		if !includeAllowed(spec.Includes, path) {
			return &ParamError{Parameter: "include", Message: fmt.Sprintf("%s is not a supported include path", path)}
		}
		if !seen[path] {
			seen[path] = true
			q.Include = append(q.Include, strings.Split(path, "."))
		}
	}
	return nil
}

func (q *Query) parseSort(v string, spec Spec) error {
	for _, f := range splitList(v) {
		desc := strings.HasPrefix(f, "-")
		name := strings.TrimPrefix(f, "-")
		if !contains(spec.Sorts, name) {
			return &ParamError{Parameter: "sort", Message: fmt.Sprintf("%s is not a supported sort field", name)}
		}
		q.Sort = append(q.Sort, SortField{Field: name, Desc: desc})
	}
	return nil
}

func (q *Query) parsePage(key, v string, spec Spec) error {
	if !spec.Paginated {
		return &ParamError{Parameter: key, Message: "this endpoint is not paginated"}
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return &ParamError{Parameter: key, Message: fmt.Sprintf("%s must be a positive whole number", key)}
	}
	max := spec.MaxPageSize
	if max == 0 {
		max = 100
	}
	if key == "page[size]" {
		if n > max {
			return &ParamError{Parameter: key, Message: fmt.Sprintf("page[size] must be at most %d", max)}
		}
		q.Page.Size = n
	} else {
		q.Page.Number = n
	}
	q.PageGiven = true
	return nil
}

// Includes reports whether path (dotted) was requested, directly or as the
// prefix of a longer path.
func (q *Query) Includes(path string) bool {
	for _, p := range q.Include {
		joined := strings.Join(p, ".")
		if joined == path || strings.HasPrefix(joined, path+".") {
			return true
		}
	}
	return false
}

// includeAllowed accepts a path listed in allowed or a prefix of one.
func includeAllowed(allowed []string, path string) bool {
	for _, a := range allowed {
		if a == path || strings.HasPrefix(a, path+".") {
			return true
		}
	}
	return false
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// PageLinks returns the first/prev/next/last links of a paginated list at
// base (scheme, host and path) with the request's other query parameters kept.
func PageLinks(base string, values url.Values, number, size, total int) map[string]string {
	size = max(size, 1) // a zero size would divide by zero; ParseQuery never yields one
	last := (total + size - 1) / size
	if last < 1 {
		last = 1
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range values {
			if k != "page[number]" && k != "page[size]" {
				v[k] = vs
			}
		}
		v.Set("page[number]", strconv.Itoa(n))
		v.Set("page[size]", strconv.Itoa(size))
		return base + "?" + v.Encode()
	}
	links := map[string]string{"first": link(1), "last": link(last)}
	if number > 1 {
		links["prev"] = link(min(number-1, last))
	}
	if number < last {
		links["next"] = link(number + 1)
	}
	return links
}
