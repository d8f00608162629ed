package httpapi

import (
	"context"
	"maps"
	"net/http"
	"slices"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

// node is a rendered resource together with the domain value it came from,
// so that include paths can follow its relationships.
type node struct {
	res   *jsonapi.Resource
	value any
}

// relation fetches the resources related to a set of owners.
type relation struct {
	toMany bool
	// fetch returns, for each owner ID, the related nodes.
	fetch func(ctx context.Context, s *Server, r *http.Request, owners []node) (map[string][]node, error)
}

// includer gathers included resources without duplicates.
type includer struct {
	r        *http.Request
	s        *Server
	included []*jsonapi.Resource
	seen     map[string]*jsonapi.Resource
}

// include resolves every include path of q below the primary nodes of type
// typ and returns the deduplicated included resources.
func (s *Server) include(r *http.Request, q *jsonapi.Query, typ string, primary []node) ([]*jsonapi.Resource, error) {
	if len(q.Include) == 0 || len(primary) == 0 {
		return nil, nil
	}
	inc := &includer{r: r, s: s, seen: map[string]*jsonapi.Resource{}}
	for _, n := range primary {
		inc.seen[n.res.Type+"/"+n.res.ID] = n.res
	}
	tree := includeTree(q.Include)
	if err := inc.walk(r.Context(), typ, primary, tree); err != nil {
		return nil, err
	}
	return inc.included, nil
}

type pathTree map[string]pathTree

func includeTree(paths [][]string) pathTree {
	root := pathTree{}
	for _, p := range paths {
		t := root
		for _, seg := range p {
			if t[seg] == nil {
				t[seg] = pathTree{}
			}
			t = t[seg]
		}
	}
	return root
}

// walk follows the paths of tree in name order, so that included comes out
// in the same order for the same request.
func (inc *includer) walk(ctx context.Context, typ string, owners []node, tree pathTree) error {
	for _, name := range slices.Sorted(maps.Keys(tree)) {
		sub := tree[name]
		rel, ok := relations[typ][name]
		if !ok {
			continue // the query parser already refused unknown paths
		}
		related, err := rel.fetch(ctx, inc.s, inc.r, owners)
		if err != nil {
			return err
		}
		var next []node
		for _, o := range owners {
			next = append(next, inc.link(o, name, rel.toMany, related[o.res.ID])...)
		}
		if len(next) > 0 && len(sub) > 0 {
			if err := inc.walk(ctx, next[0].res.Type, next, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

// link sets the owner's relationship linkage and adds the related resources
// to included once each; it returns the newly added nodes for deeper paths.
func (inc *includer) link(owner node, name string, toMany bool, related []node) []node {
	rel := owner.res.Relationships[name]
	if rel == nil {
		return nil
	}
	ids := []jsonapi.Identifier{}
	var added []node
	for _, n := range related {
		ids = append(ids, jsonapi.Identifier{Type: n.res.Type, ID: n.res.ID})
		key := n.res.Type + "/" + n.res.ID
		if _, dup := inc.seen[key]; !dup {
			inc.seen[key] = n.res
			inc.included = append(inc.included, n.res)
			added = append(added, n)
		}
	}
	if toMany {
		rel.Data = ids
	} else if len(ids) > 0 {
		rel.Data = ids[0]
	} else {
		rel.Data = jsonapi.Null
	}
	return added
}

// toOne builds a to-one relation from a foreign key getter and a finder by IDs.
func toOne[T any](fk func(owner any) string, find func(ctx context.Context, s *Server, ids []string) ([]T, error),
	id func(T) string, render func(*http.Request, T) *jsonapi.Resource) relation {
	return relation{fetch: func(ctx context.Context, s *Server, r *http.Request, owners []node) (map[string][]node, error) {
		var ids []string
		for _, o := range owners {
			if k := fk(o.value); k != "" {
				ids = append(ids, k)
			}
		}
		out := map[string][]node{}
		if len(ids) == 0 {
			return out, nil
		}
		found, err := find(ctx, s, unique(ids))
		if err != nil {
			return nil, err
		}
		byID := map[string]node{}
		for _, t := range found {
			byID[id(t)] = node{res: render(r, t), value: t}
		}
		for _, o := range owners {
			if n, ok := byID[fk(o.value)]; ok {
				out[o.res.ID] = []node{n}
			}
		}
		return out, nil
	}}
}

func unique(ids []string) []string {
	seen := map[string]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// byIDs is the list options that fetch n records by ID in one page.
func byIDs(n int) didstock.ListOptions {
	return didstock.ListOptions{Page: didstock.Page{Number: 1, Size: max(n, 1)}}
}
