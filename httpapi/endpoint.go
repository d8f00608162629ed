package httpapi

import (
	"context"
	"net/http"
	"strconv"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

// collection describes one read-only resource collection: how to turn query
// filters into a domain filter, how to find and how to render its records.
type collection[F any, T any] struct {
	typ    string
	spec   jsonapi.Spec
	filter func(q *jsonapi.Query) (F, error)
	byID   func(id string) F
	find   func(ctx context.Context, s *Server, f F, opt didstock.ListOptions) ([]T, int, error)
	render func(r *http.Request, v T) *jsonapi.Resource
}

// list serves GET /v3/<type>.
func (c collection[F, T]) list(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := jsonapi.ParseQuery(r.URL.Query(), c.spec)
		if err != nil {
			return err
		}
		f, err := c.filter(q)
		if err != nil {
			return err
		}
		opt := didstock.ListOptions{Page: didstock.Page{Number: q.Page.Number, Size: q.Page.Size}, Sort: sortKeys(q)}
		values, total, err := c.find(r.Context(), s, f, opt)
		if err != nil {
			return err
		}
		doc, err := c.document(s, r, q, values)
		if err != nil {
			return err
		}
		doc.Meta = map[string]any{"total_records": total}
		doc.Links = jsonapi.PageLinks(baseURL(r)+r.URL.Path, r.URL.Query(), q.Page.Number, q.Page.Size, total)
		return respond(w, r, http.StatusOK, doc)
	}
}

// show serves GET /v3/<type>/{id}.
func (c collection[F, T]) show(s *Server) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q, err := jsonapi.ParseQuery(r.URL.Query(), showSpec[c.typ])
		if err != nil {
			return err
		}
		id := r.PathValue("id")
		values, _, err := c.find(r.Context(), s, c.byID(id), byIDs(1))
		if err != nil {
			return err
		}
		if len(values) == 0 {
			return didstock.NotFound(id)
		}
		doc, err := c.document(s, r, q, values)
		if err != nil {
			return err
		}
		doc.Data = doc.Data.([]*jsonapi.Resource)[0]
		return respond(w, r, http.StatusOK, doc)
	}
}

// document renders values as primary data with their includes.
func (c collection[F, T]) document(s *Server, r *http.Request, q *jsonapi.Query, values []T) (*jsonapi.Document, error) {
	data := make([]*jsonapi.Resource, 0, len(values))
	nodes := make([]node, 0, len(values))
	for _, v := range values {
		res := c.render(r, v)
		data = append(data, res)
		nodes = append(nodes, node{res: res, value: v})
	}
	included, err := s.include(r, q, c.typ, nodes)
	if err != nil {
		return nil, err
	}
	return &jsonapi.Document{Data: data, Included: included}, nil
}

func sortKeys(q *jsonapi.Query) []didstock.SortKey {
	var out []didstock.SortKey
	for _, f := range q.Sort {
		out = append(out, didstock.SortKey{Field: f.Field, Desc: f.Desc})
	}
	return out
}

// Filter value helpers: a malformed value is a 400 naming the parameter.

func boolFilter(q *jsonapi.Query, key string) (*bool, error) {
	raw, ok := q.Raw[key]
	if !ok {
		return nil, nil
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		return nil, didstock.BadParam("filter["+key+"]", "filter[%s] must be true or false", key)
	}
	return &b, nil
}

func intFilter(q *jsonapi.Query, key string) (*int, error) {
	raw, ok := q.Raw[key]
	if !ok {
		return nil, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return nil, didstock.BadParam("filter["+key+"]", "filter[%s] must be a whole number", key)
	}
	return &n, nil
}

// textFilter returns the filter value as sent (names may hold commas).
func textFilter(q *jsonapi.Query, key string) *string {
	if raw, ok := q.Raw[key]; ok {
		return &raw
	}
	return nil
}

// listFilter returns the comma-separated values, or nil when absent.
func listFilter(q *jsonapi.Query, key string) []string {
	if vals, ok := q.Filters[key]; ok {
		if vals == nil {
			return []string{}
		}
		return vals
	}
	return nil
}

// digitsFilter accepts only digits, as number filters compare digits.
func digitsFilter(q *jsonapi.Query, key string, maxLen int) (*string, error) {
	raw, ok := q.Raw[key]
	if !ok {
		return nil, nil
	}
	if raw == "" || len(raw) > maxLen {
		return nil, didstock.BadParam("filter["+key+"]", "filter[%s] must be 1 to %d digits", key, maxLen)
	}
	for _, ch := range raw {
		if ch < '0' || ch > '9' {
			return nil, didstock.BadParam("filter["+key+"]", "filter[%s] must hold digits only", key)
		}
	}
	return &raw, nil
}
