package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/internal/testapp"
)

// TestProtocol covers what every /v3 route shares: authentication, content
// negotiation and API version selection. Accounts it creates do not change
// the catalogue, so one server per engine serves every case.
func TestProtocol(t *testing.T) {
	t.Parallel()
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		t.Run("authentication", func(t *testing.T) { testAuth(t, env) })
		t.Run("negotiation", func(t *testing.T) { testNegotiation(t, env) })
		t.Run("versions", func(t *testing.T) { testVersions(t, env) })
		t.Run("did_groups by version", func(t *testing.T) { testDIDGroupVersions(t, env) })
	})
}

func testAuth(t *testing.T, env *testapp.Env) {
	paths := []string{"/countries", "/countries/00000000-0000-4000-8000-000000000000", "/did_groups?filter%5Bfoo%5D=1",
		"/available_dids", "/stock_keeping_units/x", "/nothing"}
	keys := map[string]string{"missing": "", "wrong": "0123456789abcdef0123456789abcdef", "blank": "   "}
	for name, key := range keys {
		for _, p := range paths {
			t.Run(name+" key "+p, func(t *testing.T) {
				req := testapp.Request{Path: p, Key: key}
				if key == "   " {
					req.Header = map[string]string{"Api-Key": key}
				}
				r := env.Do(t, req).Expect(t, 401)
				if string(r.Body) != unauthorizedBody {
					t.Errorf("body = %s\nwant   %s", r.Body, unauthorizedBody)
				}
			})
		}
	}
	t.Run("disabled account", func(t *testing.T) {
		// A newly created account works; once disabled its key answers 401.
		id, key := env.NewAccount(t, testapp.AccountOptions{})
		env.Get(t, key, "/countries").Expect(t, 200)
		if _, err := env.App.DB.SetDisabled(context.Background(), id, true); err != nil {
			t.Fatal(err)
		}
		env.Get(t, key, "/countries").Expect(t, 401)
	})
	t.Run("healthz needs no key", func(t *testing.T) {
		resp, err := http.Get(strings.TrimSuffix(env.BaseURL, "/v3") + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != "ok" {
			t.Errorf("healthz = %d %q", resp.StatusCode, body)
		}
	})
}

func testNegotiation(t *testing.T, env *testapp.Env) {
	accept := []struct {
		accept string
		status int
	}{
		{"", 200},
		{"application/vnd.api+json", 200},
		{"application/json", 200},
		{"*/*", 200},
		{"text/html, */*;q=0.8", 200},
		{"Application/Vnd.Api+Json", 200},
		{"application/vnd.api+json;q=0.9", 200},
		{"application/vnd.api+json; ext=\"https://x\", application/vnd.api+json", 200},
		{"application/vnd.api+json; charset=utf-8", 406},
		{"application/vnd.api+json;ext=bulk", 406},
		{"application/vnd.api+json;ext=a, application/vnd.api+json;profile=b", 406},
	}
	for _, tc := range accept {
		t.Run("Accept "+tc.accept, func(t *testing.T) {
			r := env.Do(t, testapp.Request{Path: "/countries?page%5Bsize%5D=1", Key: env.DemoKey,
				Header: map[string]string{"Accept": tc.accept}})
			if tc.status != 200 {
				expectError(t, r, tc.status, "")
				return
			}
			r.Expect(t, 200)
			if ct := r.Header.Get("Content-Type"); ct != "application/vnd.api+json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
	contentType := []struct {
		ct     string
		status int
	}{
		{"application/vnd.api+json; charset=utf-8", 415},
		{"application/vnd.api+json;ext=bulk", 415},
		{"application/json", 415},
		{"text/plain", 415},
		{"application/vnd.api+json", 404}, // accepted; no POST route for countries
	}
	for _, tc := range contentType {
		t.Run("Content-Type "+tc.ct, func(t *testing.T) {
			r := env.Do(t, testapp.Request{Method: http.MethodPost, Path: "/countries", Key: env.DemoKey,
				Body: `{"data":{"type":"countries"}}`, Header: map[string]string{"Content-Type": tc.ct}})
			expectError(t, r, tc.status, "")
		})
	}
	t.Run("a GET's Content-Type is not checked", func(t *testing.T) {
		env.Do(t, testapp.Request{Path: "/countries", Key: env.DemoKey,
			Header: map[string]string{"Content-Type": "text/plain"}}).Expect(t, 200)
	})
}

func testVersions(t *testing.T, env *testapp.Env) {
	_, key2026 := env.NewAccount(t, testapp.AccountOptions{APIVersion: "2026-04-16"})
	c := lookup(t, env)
	cases := []struct {
		name, key, header, want string
	}{
		{"account default 2022", env.DemoKey, "", "2022-05-10"},
		{"upgrade per request", env.DemoKey, "2026-04-16", "2026-04-16"},
		{"same version", env.DemoKey, "2022-05-10", "2022-05-10"},
		{"invalid ignored", env.DemoKey, "2026-13-45", "2022-05-10"},
		{"garbage ignored", env.DemoKey, "latest", "2022-05-10"},
		{"unknown date ignored", env.DemoKey, "2030-01-01", "2022-05-10"},
		{"account default 2026", key2026, "", "2026-04-16"},
		{"no downgrade", key2026, "2022-05-10", "2026-04-16"},
		{"spaces trimmed", env.DemoKey, " 2026-04-16 ", "2026-04-16"},
	}
	paths := []string{"/countries", "/did_groups/" + c.nyGroup, "/available_dids", "/available_dids?sort=x",
		"/countries?filter%5Bx%5D=1"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, p := range paths {
				r := env.Do(t, testapp.Request{Path: p, Key: tc.key, Version: tc.header})
				if got := r.Meta()["api_version"]; got != tc.want {
					t.Errorf("%s: status %d meta.api_version = %v, want %s", p, r.Status, got, tc.want)
				}
			}
		})
	}
}

// testDIDGroupVersions checks the did_groups differences between versions:
// service_restrictions and address_requirement from 2026-04-16 on, sms_out
// only before it.
func testDIDGroupVersions(t *testing.T, env *testapp.Env) {
	for _, v := range []string{"2022-05-10", "2026-04-16"} {
		t.Run(v, func(t *testing.T) {
			r := env.Do(t, testapp.Request{Path: "/did_groups?page%5Bsize%5D=100", Key: env.DemoKey, Version: v}).Expect(t, 200)
			sawSMSOut, sawRestriction := false, false
			for _, g := range r.Data() {
				a := g["attributes"].(map[string]any)
				sr, has := a["service_restrictions"]
				if has != (v == "2026-04-16") {
					t.Fatalf("%s: service_restrictions present = %v", testapp.ID(g), has)
				}
				if sr != nil {
					if _, ok := sr.(string); !ok {
						t.Errorf("service_restrictions = %v, want a string or null", sr)
					}
				}
				for _, f := range a["features"].([]any) {
					if f == "sms_out" {
						sawSMSOut = true
					}
				}
				_, oldRel := g["relationships"].(map[string]any)["requirement"]
				_, newRel := g["relationships"].(map[string]any)["address_requirement"]
				if oldRel == (v == "2026-04-16") || newRel != (v == "2026-04-16") {
					t.Fatalf("%s: requirement %v address_requirement %v", testapp.ID(g), oldRel, newRel)
				}
			}
			if sawSMSOut != (v == "2022-05-10") {
				t.Errorf("sms_out seen = %v", sawSMSOut)
			}
			shared := testapp.ID(one(t, env, "/did_group_types", "filter[name]", "Shared Cost"))
			sc := env.Do(t, testapp.Request{Path: "/did_groups" + query("filter[did_group_type.id]", shared), Key: env.DemoKey, Version: v}).Expect(t, 200)
			for _, g := range sc.Data() {
				if s, ok := testapp.Attr(g, "service_restrictions").(string); ok && s != "" {
					sawRestriction = true
				}
			}
			if sawRestriction != (v == "2026-04-16") {
				t.Errorf("shared cost groups show service restrictions = %v", sawRestriction)
			}
			// Filtering by a feature keeps working in both versions.
			f := env.Do(t, testapp.Request{Path: "/did_groups?filter%5Bfeatures%5D=voice_in,sms_in", Key: env.DemoKey, Version: v}).Expect(t, 200)
			for _, g := range f.Data() {
				fs := g["attributes"].(map[string]any)["features"].([]any)
				if !slices.Contains(fs, any("voice_in")) || !slices.Contains(fs, any("sms_in")) {
					t.Errorf("features %v lack voice_in, sms_in", fs)
				}
			}
		})
	}
}

// TestRateLimit: past the configured rate per API key the server answers
// the reference's 429 document; another key is not affected.
func TestRateLimit(t *testing.T) {
	env := testapp.Start(t, "sqlite", testapp.WithConfig(func(c *app.Config) { c.RateLimit = 3 }))
	_, other := env.NewAccount(t, testapp.AccountOptions{})
	limited := 0
	for i := 0; i < 10; i++ {
		if resp := env.Get(t, env.DemoKey, "/did_group_types"); resp.Status == 429 {
			limited++
			if got := strings.TrimSpace(string(resp.Body)); got != `{"errors":[{"detail":"Too Many Requests","status":"429"}]}` {
				t.Fatalf("429 body = %s", got)
			}
		}
	}
	// A burst of ten within well under a second: at most 3 (the burst) plus
	// what refills meanwhile get through.
	if limited < 5 {
		t.Fatalf("%d of 10 requests limited, want at least 5", limited)
	}
	env.Get(t, other, "/did_group_types").Expect(t, 200)
}
