package httpapi_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

// query renders key/value pairs as an encoded query string, the way clients
// send brackets and spaces (filter%5Bname%5D=new+york).
func query(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return "?" + v.Encode()
}

// get fetches path with the query pairs kv and expects status 200.
func get(t *testing.T, env *testapp.Env, key, path string, kv ...string) *testapp.Response {
	t.Helper()
	return env.Get(t, key, path+query(kv...)).Expect(t, 200)
}

// one fetches a list that must hold exactly one resource and returns it.
func one(t *testing.T, env *testapp.Env, path string, kv ...string) map[string]any {
	t.Helper()
	data := get(t, env, env.DemoKey, path, kv...).Data()
	if len(data) != 1 {
		t.Fatalf("GET %s%s: %d resources, want 1", path, query(kv...), len(data))
	}
	return data[0]
}

// ids lists the ids of resources.
func ids(res []map[string]any) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = testapp.ID(r)
	}
	return out
}

// meta returns the resource meta of a resource object.
func meta(res map[string]any) map[string]any {
	m, _ := res["meta"].(map[string]any)
	return m
}

// rel returns relationship name of a resource object, or nil.
func rel(res map[string]any, name string) map[string]any {
	rels, _ := res["relationships"].(map[string]any)
	r, _ := rels[name].(map[string]any)
	return r
}

// linkage returns the (type, id) pairs of a relationship's data; ok is
// false when the relationship has no data member at all.
func linkage(res map[string]any, name string) (pairs []string, ok bool) {
	r := rel(res, name)
	data, ok := r["data"]
	if !ok {
		return nil, false
	}
	switch d := data.(type) {
	case map[string]any:
		pairs = append(pairs, d["type"].(string)+"/"+d["id"].(string))
	case []any:
		for _, x := range d {
			m := x.(map[string]any)
			pairs = append(pairs, m["type"].(string)+"/"+m["id"].(string))
		}
	}
	return pairs, true
}

// key of a resource object: "type/id".
func key(res map[string]any) string { return res["type"].(string) + "/" + testapp.ID(res) }

// expectError checks an error answer: status, code, and the parameter it
// names (when param is not empty).
func expectError(t *testing.T, r *testapp.Response, status int, param string) {
	t.Helper()
	r.Expect(t, status)
	errs := r.Errors()
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one", errs)
	}
	e := errs[0]
	if e["status"] != itoa(status) || e["code"] == nil || e["title"] == nil {
		t.Errorf("error object %v: want status %d, a code and a title", e, status)
	}
	if param != "" {
		src, _ := e["source"].(map[string]any)
		if src["parameter"] != param {
			t.Errorf("source = %v, want parameter %q", e["source"], param)
		}
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/vnd.api+json" {
		t.Errorf("Content-Type = %q", ct)
	}
}

// notFoundBody is the reference's 404 document for id, byte for byte.
func notFoundBody(id string) string {
	return `{"errors":[{"title":"Record not found","detail":"The record identified by ` + id +
		` could not be found.","code":"404","status":"404"}]}`
}

// unauthorizedBody is the reference's 401 document, byte for byte.
const unauthorizedBody = `{"errors":[{"title":"Unauthorized","detail":"Authorization failed","code":"401","status":"401"}]}`

func itoa(n int) string { return strconv.Itoa(n) }

// total returns meta.total_records (lists) as an int.
func total(t *testing.T, r *testapp.Response, name string) int {
	t.Helper()
	n, ok := r.Meta()[name].(float64)
	if !ok {
		t.Fatalf("meta.%s missing in %v", name, r.Meta())
	}
	return int(n)
}

// relative turns an absolute link of the server into a path for env.Get.
func relative(t *testing.T, env *testapp.Env, link string) string {
	t.Helper()
	p, ok := strings.CutPrefix(link, env.BaseURL)
	if !ok {
		t.Fatalf("link %q is not under %s", link, env.BaseURL)
	}
	return p
}
