// Package reftest lets conformance tests compare didstock's JSON:API
// documents with the example responses of the reference DIDWW API v3
// Postman collections.
//
// The collections live outside the repository (in ../shared/reference next
// to the clone) and may not be copied into it, so everything here degrades to
// t.Skip when the folder is absent: a user's fresh clone must still pass
// `go test ./...`.
//
// Comparisons are about shape, never values: resource types, attribute
// names and JSON kinds, relationship names, meta keys and top-level links.
package reftest

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// EnvDir names the environment variable that overrides where the reference
// folder is, for layouts where it is not beside an ancestor of the working
// directory.
const EnvDir = "DIDSTOCK_REFERENCE_DIR"

// Versions in scope, as used in the collection file names.
const (
	V20220510 = "2022-05-10"
	V20260416 = "2026-04-16"
)

// Dir locates the reference folder. EnvDir wins when set; otherwise it walks
// up from the working directory and returns the first
// <ancestor>/shared/reference that is a directory, which finds both
// /work/shared/reference from /work/main/... and <clone>/../shared/reference
// in CI.
func Dir() (string, bool) {
	if d := os.Getenv(EnvDir); d != "" {
		return d, isDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if cand := filepath.Join(d, "shared", "reference"); isDir(cand) {
			return cand, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// CollectionFile returns the path of the collection for version inside dir.
func CollectionFile(dir, version string) string {
	return filepath.Join(dir, fmt.Sprintf("didww-api3-%s.postman_collection.json", version))
}

// loaded is one version's parse result; parsing a 1 MB collection once per
// test binary rather than once per test keeps conformance suites fast.
type loaded struct {
	once sync.Once
	c    *Collection
	err  error
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*loaded{}
)

// Load returns the parsed collection for version ("2022-05-10" or
// "2026-04-16"). It skips the test when the reference folder or the file is
// absent and fails it when the file exists but cannot be read as a
// collection.
func Load(t testing.TB, version string) *Collection {
	t.Helper()
	if version != V20220510 && version != V20260416 {
		t.Fatalf("reftest: unknown API version %q", version)
	}
	dir, ok := Dir()
	if !ok {
		t.Skip("reftest: reference folder not found (../shared/reference or $" + EnvDir + "); skipping")
	}
	path := CollectionFile(dir, version)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("reftest: %s not available: %v", path, err)
	}
	l := entry(path)
	l.once.Do(func() { l.c, l.err = ParseFile(path, version) })
	if l.err != nil {
		t.Fatalf("reftest: %v", l.err)
	}
	return l.c
}

// entry keys the cache by path, not version, so that tests pointing
// EnvDir at different folders do not see each other's collections.
func entry(path string) *loaded {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	l, ok := cache[path]
	if !ok {
		l = &loaded{}
		cache[path] = l
	}
	return l
}
