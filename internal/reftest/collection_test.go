package reftest

import (
	"strings"
	"testing"
)

var versions = []string{V20220510, V20260416}

// TestLoadLogsRequestNames loads both collections and logs every request
// name (run with -v) so that conformance-test authors can copy exact
// spellings.
func TestLoadLogsRequestNames(t *testing.T) {
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			c := Load(t, v)
			if Load(t, v) != c {
				t.Error("second Load returned a different collection; want the cached one")
			}
			names := c.RequestNames()
			if len(names) < 50 {
				t.Errorf("only %d requests in %s", len(names), c.Path)
			}
			t.Logf("%d requests in %s:\n%s", len(names), v, strings.Join(names, "\n"))
			for _, s := range c.Skipped {
				t.Logf("skipped unparsable body: %s / %s: %s", s.Request, s.Example, s.Err)
			}
			for _, r := range c.Repaired {
				t.Logf("repaired body: %s", r)
			}
		})
	}
}

func TestLoadSkipsWithoutReference(t *testing.T) {
	t.Setenv(EnvDir, t.TempDir()+"/absent")
	var skipped bool
	t.Run("load", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Load(t, V20260416)
	})
	if !skipped {
		t.Error("Load did not skip with the reference folder absent")
	}
}

// TestSuccessExamplesOfInterest checks the endpoints of the buy-a-number
// flow have usable 2xx examples.
func TestSuccessExamplesOfInterest(t *testing.T) {
	names := []string{"Get Countries", "Get DID Groups", "Get Available DIDs", "Create DID order", "Get Balance"}
	for _, v := range versions {
		c := Load(t, v)
		for _, name := range names {
			t.Run(v+"/"+name, func(t *testing.T) {
				exs := c.SuccessExamples(name)
				if len(exs) == 0 {
					t.Fatalf("no 2xx examples for %q", name)
				}
				for _, ex := range exs {
					if ex.Body == nil || !strings.Contains(ex.URL, "/v3/") {
						t.Errorf("%s: body %d bytes, URL %q", ex.Name, len(ex.Body), ex.URL)
					}
				}
			})
		}
	}
}

func TestMergedShapeDIDGroups(t *testing.T) {
	for _, v := range versions {
		t.Run(v, func(t *testing.T) {
			s, err := Load(t, v).MergedShape("Get DID Groups")
			if err != nil {
				t.Fatal(err)
			}
			g := s.Resources["did_groups"]
			if g == nil {
				t.Fatalf("no did_groups in merged shape; types %v", s.Types())
			}
			if k := g.Attributes["features"]; k&KindArray == 0 {
				t.Errorf("did_groups.features kind %v, want array", k)
			}
			if k := g.Meta["total_count"]; k&KindNumber == 0 {
				t.Errorf("did_groups meta total_count kind %v, want number", k)
			}
			if !strings.Contains(s.String(), "did_groups attribute features: array") {
				t.Errorf("String() lacks the features line:\n%s", s)
			}
			if !s.Links || s.Meta["total_records"] == 0 {
				t.Errorf("want top-level links and meta.total_records; links %v meta %v", s.Links, s.Meta)
			}
		})
	}
}

// TestExamplesMatchTheirEndpoint compares every 2xx example with its own
// endpoint's merged shape. Any report is an optional field shown in only
// some examples; they are logged, not failed, so that conformance tests
// know which IgnoreAttrs a faithful didstock document may need.
func TestExamplesMatchTheirEndpoint(t *testing.T) {
	for _, v := range versions {
		c := Load(t, v)
		for _, name := range c.RequestNames() {
			for _, ex := range c.SuccessExamples(name) {
				if ex.Body == nil {
					continue
				}
				rec := &recorder{TB: t}
				CompareWithEndpoint(rec, c, name, ex.Body)
				for _, e := range rec.errs {
					t.Logf("%s / %s: %s", name, ex.Name, e)
				}
			}
		}
	}
}
