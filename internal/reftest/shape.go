package reftest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Kind is a set of JSON kinds. A set rather than a single value because a
// merged shape may see a field as null in one example and as a string in
// another.
type Kind uint8

// JSON kinds.
const (
	KindNull Kind = 1 << iota
	KindString
	KindNumber
	KindBool
	KindArray
	KindObject
)

var kindNames = []struct {
	k    Kind
	name string
}{
	{KindString, "string"}, {KindNumber, "number"}, {KindBool, "bool"},
	{KindArray, "array"}, {KindObject, "object"}, {KindNull, "null"},
}

func (k Kind) String() string {
	var parts []string
	for _, kn := range kindNames {
		if k&kn.k != 0 {
			parts = append(parts, kn.name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "|")
}

// Compatible reports whether two observed kinds can describe the same
// field: null matches anything, since a nullable field is null in some
// documents and set in others.
func (k Kind) Compatible(other Kind) bool {
	if k&KindNull != 0 || other&KindNull != 0 {
		return true
	}
	return k&other != 0
}

func kindOf(v any) Kind {
	switch v.(type) {
	case nil:
		return KindNull
	case string:
		return KindString
	case json.Number, float64:
		return KindNumber
	case bool:
		return KindBool
	case []any:
		return KindArray
	case map[string]any:
		return KindObject
	}
	return 0
}

// Fields maps a key (attribute name, meta key) to its observed kinds.
type Fields map[string]Kind

func (f Fields) add(key string, k Kind) { f[key] |= k }

func (f Fields) merge(o Fields) {
	for key, k := range o {
		f.add(key, k)
	}
}

// Resource is the shape of the resource objects of one type.
//
// Attributes that are arrays of objects (orders' items) also get one entry
// per item key, as "items[<item type>].<key>", and per key of an object
// inside the item, as "items[<item type>].attributes.qty"; <item type> is
// the item's "type" string, or empty.
type Resource struct {
	Attributes    Fields
	Relationships map[string]bool
	Meta          Fields
}

func newResource() *Resource {
	return &Resource{Attributes: Fields{}, Relationships: map[string]bool{}, Meta: Fields{}}
}

// Shape is the structure of a JSON:API document, stripped of values.
type Shape struct {
	Resources map[string]*Resource // by resource type
	Meta      Fields               // top-level meta
	Links     bool                 // top-level links present
	// Errors holds the keys of error objects, with "source.pointer"
	// style entries one level into objects (source, meta).
	Errors Fields
}

func newShape() Shape {
	return Shape{Resources: map[string]*Resource{}, Meta: Fields{}, Errors: Fields{}}
}

// Types returns the resource types in the shape, sorted.
func (s Shape) Types() []string {
	return sortedKeys(s.Resources)
}

// ShapeOf computes the shape of a JSON:API document.
func ShapeOf(doc []byte) (Shape, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil {
		return Shape{}, fmt.Errorf("not a JSON object: %w", err)
	}
	s := newShape()
	for _, r := range resourcesIn(top["data"]) {
		s.addResource(r)
	}
	for _, r := range resourcesIn(top["included"]) {
		s.addResource(r)
	}
	addFields(s.Meta, top["meta"])
	_, s.Links = top["links"].(map[string]any)
	for _, e := range resourcesIn(top["errors"]) {
		addNested(s.Errors, "", e)
	}
	return s, nil
}

// resourcesIn accepts a single object or an array of objects, the two
// forms of primary data.
func resourcesIn(v any) []map[string]any {
	switch x := v.(type) {
	case map[string]any:
		return []map[string]any{x}
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

func (s Shape) addResource(obj map[string]any) {
	typ, _ := obj["type"].(string)
	r, ok := s.Resources[typ]
	if !ok {
		r = newResource()
		s.Resources[typ] = r
	}
	attrs, _ := obj["attributes"].(map[string]any)
	for name, v := range attrs {
		r.Attributes.add(name, kindOf(v))
		addItems(r.Attributes, name, v)
	}
	rels, _ := obj["relationships"].(map[string]any)
	for name := range rels {
		r.Relationships[name] = true
	}
	addFields(r.Meta, obj["meta"])
}

// addItems records the keys of the objects in an array attribute, so that
// embedded items (orders' did_order_items) are compared too.
func addItems(f Fields, name string, v any) {
	arr, ok := v.([]any)
	if !ok {
		return
	}
	for _, e := range arr {
		item, ok := e.(map[string]any)
		if !ok {
			continue
		}
		typ, _ := item["type"].(string)
		addNested(f, name+"["+typ+"]", item)
	}
}

// addNested records obj's keys under prefix, and the keys of its object
// values one level further.
func addNested(f Fields, prefix string, obj map[string]any) {
	for k, v := range obj {
		key := join(prefix, k)
		f.add(key, kindOf(v))
		if sub, ok := v.(map[string]any); ok {
			for k2, v2 := range sub {
				f.add(join(key, k2), kindOf(v2))
			}
		}
	}
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

func addFields(f Fields, v any) {
	m, _ := v.(map[string]any)
	for k, val := range m {
		f.add(k, kindOf(val))
	}
}

// Merge folds o into s: the union of keys, and of kinds per key.
func (s *Shape) Merge(o Shape) {
	for typ, r := range o.Resources {
		mine, ok := s.Resources[typ]
		if !ok {
			mine = newResource()
			s.Resources[typ] = mine
		}
		mine.Attributes.merge(r.Attributes)
		mine.Meta.merge(r.Meta)
		for name := range r.Relationships {
			mine.Relationships[name] = true
		}
	}
	s.Meta.merge(o.Meta)
	s.Errors.merge(o.Errors)
	s.Links = s.Links || o.Links
}

// MergedShape is the union of the shapes of the request's 2xx examples
// with a body. Different examples show different optional fields and
// included types, so the union is the best picture of the endpoint.
func (c *Collection) MergedShape(requestName string) (Shape, error) {
	s := newShape()
	n := 0
	for _, ex := range c.SuccessExamples(requestName) {
		if ex.Body == nil {
			continue
		}
		one, err := ShapeOf(ex.Body)
		if err != nil {
			return Shape{}, fmt.Errorf("%s / %s: %w", requestName, ex.Name, err)
		}
		s.Merge(one)
		n++
	}
	if n == 0 {
		return Shape{}, fmt.Errorf("reftest: no 2xx example with a body for %q in %s", requestName, c.Version)
	}
	return s, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// String renders the shape one key per line, for t.Log when writing a
// conformance test or an Ignore option.
func (s Shape) String() string {
	var b strings.Builder
	for _, typ := range s.Types() {
		r := s.Resources[typ]
		writeFields(&b, typ+" attribute", r.Attributes)
		for _, n := range sortedKeys(r.Relationships) {
			fmt.Fprintf(&b, "%s relationship %s\n", typ, n)
		}
		writeFields(&b, typ+" meta", r.Meta)
	}
	writeFields(&b, "meta", s.Meta)
	writeFields(&b, "error", s.Errors)
	fmt.Fprintf(&b, "links %v\n", s.Links)
	return b.String()
}

func writeFields(b *strings.Builder, label string, f Fields) {
	for _, k := range sortedKeys(f) {
		fmt.Fprintf(b, "%s %s: %v\n", label, k, f[k])
	}
}
