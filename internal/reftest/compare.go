package reftest

import (
	"fmt"
	"strings"
	"testing"
)

// Option adjusts a comparison, mostly to waive documented deviations.
type Option func(*config)

type config struct {
	attrs, rels, resMeta map[string]map[string]bool // type ("*" = any) -> names
	meta, errs           map[string]bool
	only                 map[string]bool
	ignoreLinks          bool
	// lenient restricts "missing in didstock" to containers (resource types,
	// item types) that got actually has; see CompareWithEndpoint.
	lenient bool
}

func newConfig(opts []Option) *config {
	c := &config{
		attrs: map[string]map[string]bool{}, rels: map[string]map[string]bool{},
		resMeta: map[string]map[string]bool{}, meta: map[string]bool{}, errs: map[string]bool{},
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

func addNames(m map[string]map[string]bool, typ string, names []string) {
	if m[typ] == nil {
		m[typ] = map[string]bool{}
	}
	for _, n := range names {
		m[typ][n] = true
	}
}

// IgnoreAttrs waives differences in these attributes of resource type typ
// ("*" for every type). Naming an array attribute ("items") also waives its
// item keys ("items[did_order_items].attributes.qty").
func IgnoreAttrs(typ string, names ...string) Option {
	return func(c *config) { addNames(c.attrs, typ, names) }
}

// IgnoreRelationships waives differences in these relationships of typ
// ("*" for every type).
func IgnoreRelationships(typ string, names ...string) Option {
	return func(c *config) { addNames(c.rels, typ, names) }
}

// IgnoreResourceMeta waives differences in these resource meta keys of typ
// ("*" for every type).
func IgnoreResourceMeta(typ string, keys ...string) Option {
	return func(c *config) { addNames(c.resMeta, typ, keys) }
}

// IgnoreMeta waives differences in these top-level meta keys.
func IgnoreMeta(keys ...string) Option {
	return func(c *config) {
		for _, k := range keys {
			c.meta[k] = true
		}
	}
}

// IgnoreErrorFields waives differences in these error object keys
// ("source.pointer", "meta").
func IgnoreErrorFields(keys ...string) Option {
	return func(c *config) {
		for _, k := range keys {
			c.errs[k] = true
		}
	}
}

// IgnoreLinks waives a difference in the presence of top-level links.
func IgnoreLinks() Option { return func(c *config) { c.ignoreLinks = true } }

// OnlyTypes restricts the resource comparison to these types; top-level
// meta, links and errors are still compared.
func OnlyTypes(types ...string) Option {
	return func(c *config) {
		if c.only == nil {
			c.only = map[string]bool{}
		}
		for _, t := range types {
			c.only[t] = true
		}
	}
}

// ignored reports whether name (or the array attribute it belongs to) is
// waived for typ.
func ignored(m map[string]map[string]bool, typ, name string) bool {
	for _, set := range []map[string]bool{m[typ], m["*"]} {
		if set[name] || set[base(name)] {
			return true
		}
	}
	return false
}

// base strips item and nested suffixes: "items[x].attributes.qty" -> "items".
func base(name string) string {
	if i := strings.IndexAny(name, "[."); i >= 0 {
		return name[:i]
	}
	return name
}

func (c *config) wantType(typ string) bool { return c.only == nil || c.only[typ] }

// CompareShape reports, with t.Errorf, every shape difference between the
// reference document want and didstock's document got.
func CompareShape(t testing.TB, want, got []byte, opts ...Option) {
	t.Helper()
	ws, err := ShapeOf(want)
	if err != nil {
		t.Errorf("reftest: reference document: %v", err)
		return
	}
	report(t, "reftest: ", ws, got, opts)
}

// CompareWithEndpoint compares got with the merged shape of all 2xx
// examples of requestName in c. Because no single example shows every
// optional field or included type, only types (and order item types) that
// got contains are checked for missing keys; extra keys and extra types in
// got are always reported.
func CompareWithEndpoint(t testing.TB, c *Collection, requestName string, got []byte, opts ...Option) {
	t.Helper()
	ws, err := c.MergedShape(requestName)
	if err != nil {
		t.Errorf("reftest: %v", err)
		return
	}
	opts = append(opts, func(c *config) { c.lenient = true })
	report(t, fmt.Sprintf("reftest (%s %q): ", c.Version, requestName), ws, got, opts)
}

func report(t testing.TB, prefix string, want Shape, got []byte, opts []Option) {
	t.Helper()
	gs, err := ShapeOf(got)
	if err != nil {
		t.Errorf("%sdidstock document: %v", prefix, err)
		return
	}
	for _, d := range Diff(want, gs, opts...) {
		t.Errorf("%s%s", prefix, d)
	}
}

// Diff lists the differences between a reference shape and didstock's
// shape, sorted by section; empty when they agree.
func Diff(want, got Shape, opts ...Option) []string {
	c := newConfig(opts)
	var out []string
	out = append(out, c.diffTypes(want, got)...)
	for _, typ := range unionKeys(want.Resources, got.Resources) {
		w, g := want.Resources[typ], got.Resources[typ]
		if w == nil || g == nil || !c.wantType(typ) {
			continue
		}
		out = append(out, c.diffResource(typ, w, g)...)
	}
	out = append(out, c.diffFields("top-level meta", want.Meta, got.Meta, func(k string) bool { return c.meta[k] })...)
	out = append(out, c.diffFields("error object", want.Errors, got.Errors, func(k string) bool { return c.errs[k] || c.errs[base(k)] })...)
	if want.Links != got.Links && !c.ignoreLinks {
		out = append(out, fmt.Sprintf("top-level links: present in reference %v, in didstock %v", want.Links, got.Links))
	}
	return out
}

// diffTypes reports resource types present on one side only. Types missing
// from got are not reported in lenient mode: an endpoint's examples include
// types (via ?include=) that a given didstock response need not.
func (c *config) diffTypes(want, got Shape) []string {
	var out []string
	for _, typ := range unionKeys(want.Resources, got.Resources) {
		if !c.wantType(typ) {
			continue
		}
		_, inW := want.Resources[typ]
		_, inG := got.Resources[typ]
		switch {
		case inW && !inG && !c.lenient:
			out = append(out, fmt.Sprintf("resource type %q: present in reference, missing in didstock", typ))
		case inG && !inW:
			out = append(out, fmt.Sprintf("resource type %q: present in didstock, absent from reference", typ))
		}
	}
	return out
}

func (c *config) diffResource(typ string, w, g *Resource) []string {
	var out []string
	out = append(out, c.diffFields(typ+": attribute", w.Attributes, g.Attributes,
		func(k string) bool { return ignored(c.attrs, typ, k) })...)
	out = append(out, c.diffFields(typ+": relationship", kindless(w.Relationships), kindless(g.Relationships),
		func(k string) bool { return ignored(c.rels, typ, k) })...)
	out = append(out, c.diffFields(typ+": meta", w.Meta, g.Meta,
		func(k string) bool { return ignored(c.resMeta, typ, k) })...)
	return out
}

// kindless turns a name set into Fields whose kinds always agree, so
// relationships go through the same diff as attributes.
func kindless(names map[string]bool) Fields {
	f := Fields{}
	for n := range names {
		f[n] = KindNull
	}
	return f
}

func (c *config) diffFields(label string, want, got Fields, skip func(string) bool) []string {
	var out []string
	for _, k := range unionKeys(want, got) {
		if skip(k) {
			continue
		}
		wk, inW := want[k]
		gk, inG := got[k]
		switch {
		case inW && !inG:
			if !c.lenient || containerPresent(k, got) {
				out = append(out, fmt.Sprintf("%s %q: present in reference, missing in didstock", label, k))
			}
		case inG && !inW:
			out = append(out, fmt.Sprintf("%s %q: present in didstock, absent from reference", label, k))
		case !wk.Compatible(gk):
			out = append(out, fmt.Sprintf("%s %q: kind %s in reference, %s in didstock", label, k, wk, gk))
		}
	}
	return out
}

// containerPresent reports whether got has any key of the same array item
// type as k ("items[did_order_items]."); keys outside items always count as
// present, their container being the resource itself.
func containerPresent(k string, got Fields) bool {
	i := strings.Index(k, "]")
	if i < 0 {
		return true
	}
	prefix := k[:i+1] + "."
	for g := range got {
		if strings.HasPrefix(g, prefix) {
			return true
		}
	}
	return false
}

func unionKeys[V1, V2 any](a map[string]V1, b map[string]V2) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	return sortedKeys(seen)
}
