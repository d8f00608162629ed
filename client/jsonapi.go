package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// This file is the package's small JSON:API layer: just enough of the
// specification to read DIDWW documents (primary data as object or array,
// included resources, meta, links, errors) and to follow relationship
// linkage into the included set. It is unexported on purpose; callers get
// typed resources and List values instead.

// document is a JSON:API top-level document.
type document struct {
	Data     json.RawMessage            `json:"data"`
	Included []*resource                `json:"included"`
	Meta     map[string]json.RawMessage `json:"meta"`
	Links    Links                      `json:"links"`
	Errors   []ErrorObject              `json:"errors"`
}

// resource is one resource object.
type resource struct {
	ID            string                   `json:"id"`
	Type          string                   `json:"type"`
	Attributes    json.RawMessage          `json:"attributes"`
	Relationships map[string]*relationship `json:"relationships"`
	Meta          json.RawMessage          `json:"meta"`
}

// relationship keeps its linkage raw because it may be null, one
// identifier or an array of them.
type relationship struct {
	Data json.RawMessage `json:"data"`
}

// identifier is a resource identifier object.
type identifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Links are the top-level pagination links (first, prev, next, last) of a
// list. Absent links are empty strings.
type Links struct {
	Self  string `json:"self,omitempty"`
	First string `json:"first,omitempty"`
	Prev  string `json:"prev,omitempty"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last,omitempty"`
}

// primaryOne returns the single resource of a document whose data is an
// object, checking its type so a wrong endpoint fails loudly.
func (d *document) primaryOne(wantType string) (*resource, error) {
	if isNull(d.Data) {
		return nil, fmt.Errorf("client: response has no data")
	}
	var r resource
	if err := json.Unmarshal(d.Data, &r); err != nil {
		return nil, fmt.Errorf("client: decoding data: %w", err)
	}
	if err := checkType(&r, wantType); err != nil {
		return nil, err
	}
	return &r, nil
}

// primaryMany returns the resources of a document whose data is an array.
func (d *document) primaryMany(wantType string) ([]*resource, error) {
	if isNull(d.Data) {
		return nil, nil
	}
	var rs []*resource
	if err := json.Unmarshal(d.Data, &rs); err != nil {
		return nil, fmt.Errorf("client: decoding data array: %w", err)
	}
	for _, r := range rs {
		if err := checkType(r, wantType); err != nil {
			return nil, err
		}
	}
	return rs, nil
}

func checkType(r *resource, want string) error {
	if r.Type != want {
		return fmt.Errorf("client: expected resource type %q, got %q", want, r.Type)
	}
	return nil
}

// total returns the document's record count. Paginated lists carry
// meta.total_records; available_dids carries meta.total_count instead.
func (d *document) total() (int, bool) {
	for _, key := range []string{"total_records", "total_count"} {
		if n, ok := metaInt(d.Meta, key); ok {
			return n, true
		}
	}
	return 0, false
}

// metaString returns meta[key] as a string, or "" when absent.
func (d *document) metaString(key string) string {
	var s string
	if raw, ok := d.Meta[key]; ok {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}

// metaInt reads an integer meta value, tolerating servers that send it as a
// string.
func metaInt(meta map[string]json.RawMessage, key string) (int, bool) {
	raw, ok := meta[key]
	if !ok || isNull(raw) {
		return 0, false
	}
	var n int
	if err := json.Unmarshal(raw, &n); err == nil {
		return n, true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if n, err := strconv.Atoi(s); err == nil {
			return n, true
		}
	}
	return 0, false
}

// metaAny decodes the meta object into plain Go values, keeping numbers as
// json.Number so that money stays exact.
func metaAny(meta map[string]json.RawMessage) map[string]any {
	if len(meta) == 0 {
		return nil
	}
	out := make(map[string]any, len(meta))
	for k, raw := range meta {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			out[k] = v
		}
	}
	return out
}

func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || bytes.Equal(raw, []byte("null"))
}

// one returns the to-one linkage of relationship name, if any.
func (r *resource) one(name string) (identifier, bool) {
	rel := r.Relationships[name]
	if rel == nil || isNull(rel.Data) {
		return identifier{}, false
	}
	var id identifier
	if json.Unmarshal(rel.Data, &id) != nil || id.ID == "" {
		return identifier{}, false
	}
	return id, true
}

// many returns the to-many linkage of relationship name, if any.
func (r *resource) many(name string) []identifier {
	rel := r.Relationships[name]
	if rel == nil || isNull(rel.Data) {
		return nil
	}
	var ids []identifier
	if json.Unmarshal(rel.Data, &ids) != nil {
		return nil
	}
	return ids
}

// oneID returns the id of a to-one relationship, or "".
func (r *resource) oneID(name string) string {
	id, _ := r.one(name)
	return id.ID
}

// attrs decodes the resource's attributes into v.
func (r *resource) attrs(v any) error {
	return r.unmarshalPart("attributes", r.Attributes, v)
}

// meta decodes the resource-level meta into v.
func (r *resource) meta(v any) error {
	return r.unmarshalPart("meta", r.Meta, v)
}

func (r *resource) unmarshalPart(part string, raw json.RawMessage, v any) error {
	if isNull(raw) {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("client: decoding %s of %s %s: %w", part, r.Type, r.ID, err)
	}
	return nil
}

type resourceKey struct{ typ, id string }

// graph resolves linkage against a document's primary data and included
// resources. It memoises decoded resources by type and id, which both
// shares one *DIDGroup among many available DIDs and stops cycles
// (a country including its regions including their country…).
type graph struct {
	index map[resourceKey]*resource
	done  map[resourceKey]any
}

func newGraph(primary []*resource, included []*resource) *graph {
	g := &graph{index: map[resourceKey]*resource{}, done: map[resourceKey]any{}}
	for _, r := range included {
		g.index[resourceKey{r.Type, r.ID}] = r
	}
	// Primary data may also be the target of linkage from included resources.
	for _, r := range primary {
		g.index[resourceKey{r.Type, r.ID}] = r
	}
	return g
}

// lookup returns the resource an identifier points at, when it was included.
func (g *graph) lookup(id identifier) *resource {
	return g.index[resourceKey{id.Type, id.ID}]
}

// resolve decodes the resource behind a to-one relationship, or returns nil
// when there is no linkage or it was not included.
func resolve[T any](g *graph, r *resource, rel string, decode func(*graph, *resource) (*T, error)) (*T, error) {
	id, ok := r.one(rel)
	if !ok {
		return nil, nil
	}
	target := g.lookup(id)
	if target == nil {
		return nil, nil
	}
	return decode(g, target)
}

// resolveMany decodes the included resources behind a to-many relationship,
// skipping identifiers that were not included.
func resolveMany[T any](g *graph, r *resource, rel string, decode func(*graph, *resource) (*T, error)) ([]*T, error) {
	var out []*T
	for _, id := range r.many(rel) {
		target := g.lookup(id)
		if target == nil {
			continue
		}
		v, err := decode(g, target)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// memo returns the already-decoded value for r, or registers fresh (before
// its relationships are followed) and reports that it must be filled.
func memo[T any](g *graph, r *resource, fresh *T) (v *T, fill bool) {
	key := resourceKey{r.Type, r.ID}
	if prev, ok := g.done[key].(*T); ok {
		return prev, false
	}
	g.done[key] = fresh
	return fresh, true
}
