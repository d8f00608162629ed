package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSmoke runs the whole harness at small scale (5,000 numbers, 1 s per
// attack, concurrency 1 and 8) so that it cannot rot: build, generate,
// load, serve, attack, baseline, report, sales check. PostgreSQL is
// included when reachable, and required when DIDSTOCK_REQUIRE_POSTGRES=1.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("smoke benchmark skipped in -short mode")
	}
	out := t.TempDir()
	cfg, err := parseFlags([]string{"--smoke", "--out", out, "--scenarios",
		"avail_group,avail_country,avail_city_type,avail_contains4,avail_contains7,groups_country,countries,order_did,order_qty,reserve"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.out = out // --smoke picks its own folder; the test writes to a temporary one
	cfg.duration, cfg.warmup = 200*time.Millisecond, 50*time.Millisecond
	cfg.logf = t.Logf
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rep, err := run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	engines := map[string]bool{}
	for _, res := range rep.Results {
		engines[res.Engine] = true
		if !res.Sales.ok() {
			t.Errorf("%s: %s", res.Engine, res.Sales)
		}
		if res.PeakRSS == 0 {
			t.Errorf("%s: no peak RSS", res.Engine)
		}
		for _, sc := range res.Scenarios {
			if sc.NotRun != "" {
				t.Logf("%s %s: %s", res.Engine, sc.Name, sc.NotRun)
				continue
			}
			for _, l := range sc.Levels {
				if l.Median.Requests == 0 || l.BaselineMedian.Requests == 0 {
					t.Errorf("%s %s c=%d: no requests measured", res.Engine, sc.Name, l.Concurrency)
				}
				if l.Median.Errors > 0 {
					t.Errorf("%s %s c=%d: %d errors, first: %s", res.Engine, sc.Name, l.Concurrency, l.Median.Errors, l.Median.FirstError)
				}
			}
		}
	}
	if !engines["sqlite"] {
		t.Error("no SQLite result")
	}
	if os.Getenv("DIDSTOCK_REQUIRE_POSTGRES") == "1" && !engines["postgres"] {
		t.Error("no PostgreSQL result, and DIDSTOCK_REQUIRE_POSTGRES=1")
	}
	md, err := os.ReadFile(filepath.Join(out, "benchmarks.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "available_dids by DID group") {
		t.Errorf("benchmarks.md lacks the results table:\n%s", md)
	}
	if _, err := os.Stat(filepath.Join(out, "benchmarks-p99.svg")); err != nil {
		t.Error(err)
	}
}
