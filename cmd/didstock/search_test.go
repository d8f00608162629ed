package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/didstock/didstock/internal/testapp"
)

func TestSearch(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	t.Run("table", func(t *testing.T) {
		r := runCLI(t, env, env.DemoKey, "search", "--country", "US", "--city", "Los Angeles").mustSucceed(t)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if !strings.HasPrefix(lines[0], "NUMBER") || !strings.Contains(lines[0], "SKUS") {
			t.Fatalf("header = %q", lines[0])
		}
		rows := lines[1 : len(lines)-1]
		if len(rows) == 0 {
			t.Fatalf("no numbers:\n%s", r.stdout)
		}
		for _, row := range rows {
			for _, want := range []string{"1213", "Los Angeles", "Local", "0ch: 0.00 / 1.20", "2ch: 0.00 / 10.00"} {
				if !strings.Contains(row, want) {
					t.Errorf("row %q lacks %q", row, want)
				}
			}
		}
	})
	t.Run("json with channels", func(t *testing.T) {
		r := runCLI(t, env, env.DemoKey, "search", "--json", "--country", "GB", "--city", "London", "--channels", "2").mustSucceed(t)
		var got []struct {
			AvailableDIDID string `json:"available_did_id"`
			Number         string `json:"number"`
			Type           string `json:"type"`
			SKUs           []struct {
				ID       string `json:"id"`
				Channels int    `json:"channels_included_count"`
			} `json:"skus"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		if len(got) == 0 {
			t.Fatal("no London numbers")
		}
		for _, n := range got {
			if !strings.HasPrefix(n.Number, "4420") || n.AvailableDIDID == "" || n.Type != "Local" {
				t.Errorf("number = %+v", n)
			}
			if len(n.SKUs) != 1 || n.SKUs[0].Channels != 2 {
				t.Errorf("skus of %s = %+v, want only the 2-channel SKU", n.Number, n.SKUs)
			}
		}
	})
	t.Run("by type across a country", func(t *testing.T) {
		r := runCLI(t, env, env.DemoKey, "search", "--country", "US", "--type", "Toll-free").mustSucceed(t)
		if !strings.Contains(r.stdout, "Toll-free") || !strings.Contains(r.stdout, "18") {
			t.Errorf("no toll-free numbers:\n%s", r.stdout)
		}
	})
	t.Run("by NPA-NXX lists numbers", func(t *testing.T) {
		r := runCLI(t, env, env.DemoKey, "search", "--country", "US", "--npanxx", "212461", "--json").mustSucceed(t)
		var got []struct{ Number string }
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) == 0 {
			t.Fatalf("no numbers (%v):\n%s", err, r.stdout)
		}
		for _, n := range got {
			if !strings.HasPrefix(n.Number, "1212461") {
				t.Errorf("number %s is not in 212-461", n.Number)
			}
		}
	})
	t.Run("nothing found says which step", func(t *testing.T) {
		runCLI(t, env, env.DemoKey, "search", "--country", "US", "--region", "Californa").
			mustFail(t, "step 2 of 5 (region", "no region named 'Californa' in United States; did you mean California?")
	})
	t.Run("country required", func(t *testing.T) {
		runCLI(t, env, env.DemoKey, "search", "--city", "Paris").mustFail(t, "--country is required")
	})
}
