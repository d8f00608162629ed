// Package testapp starts a real didstock (store, services, HTTP server on a
// random loopback port) on a fresh database for end-to-end tests, and gives
// them a small HTTP client speaking JSON:API.
package testapp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/internal/dbtest"
)

// Env is one running didstock for a test.
type Env struct {
	App     *app.App
	Engine  string
	DSN     string
	BaseURL string // e.g. http://127.0.0.1:41234/v3
	DemoKey string // API key of the demo account (2022-05-10, number selection on)
}

// Option changes the configuration before start.
type Option func(*app.Config)

// WithConfig lets a test set any configuration field.
func WithConfig(fn func(*app.Config)) Option { return Option(fn) }

// Start runs didstock on a fresh database of engine with the demo inventory.
func Start(t testing.TB, engine string, opts ...Option) *Env {
	t.Helper()
	dsn := dbtest.DSN(t, engine)
	return StartOn(t, engine, dsn, opts...)
}

// StartOn runs didstock on an existing database (e.g. a second replica).
func StartOn(t testing.TB, engine, dsn string, opts ...Option) *Env {
	t.Helper()
	cfg := app.Config{
		Listen:     "127.0.0.1:0",
		DSN:        dsn,
		SecretFile: filepath.Join(secretDir(t, dsn), "didstock.secret"),
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, o := range opts {
		o(&cfg)
	}
	a, err := app.Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("testapp: start didstock on %s: %v", engine, err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return &Env{App: a, Engine: engine, DSN: dsn, BaseURL: a.URL() + "/v3", DemoKey: a.DemoKey}
}

// secretDirs makes replicas started on one database share one secret file.
var secretDirs = map[string]string{}

func secretDir(t testing.TB, dsn string) string {
	if d, ok := secretDirs[dsn]; ok {
		return d
	}
	d := t.TempDir()
	secretDirs[dsn] = d
	return d
}

// Each runs fn once per engine, each with its own fresh didstock.
func Each(t *testing.T, fn func(t *testing.T, env *Env), opts ...Option) {
	t.Helper()
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, Start(t, engine, opts...))
		})
	}
}

// AccountOptions describe a test account.
type AccountOptions struct {
	Name              string
	Balance, Credit   string // decimals; default 100 and 0
	APIVersion        string // default 2022-05-10
	NoNumberSelection bool
}

// NewAccount creates an account directly in the store and returns its ID and API key.
func (e *Env) NewAccount(t testing.TB, o AccountOptions) (id, key string) {
	t.Helper()
	if o.Name == "" {
		o.Name = "test"
	}
	if o.Balance == "" {
		o.Balance = "100"
	}
	if o.Credit == "" {
		o.Credit = "0"
	}
	a := &didstock.Account{Name: o.Name, Balance: decimal.RequireFromString(o.Balance),
		Credit: decimal.RequireFromString(o.Credit), APIVersion: o.APIVersion, NumberSelection: !o.NoNumberSelection}
	key, err := e.App.DB.CreateAccount(context.Background(), a)
	if err != nil {
		t.Fatalf("testapp: create account: %v", err)
	}
	return a.ID, key
}

// Response is an HTTP answer with its body decoded when it is JSON.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	Doc    map[string]any // nil when the body is not a JSON object
}

// Request is one call to the API. Path is relative to BaseURL (e.g.
// "/countries?filter[iso]=US"); brackets are sent as written.
type Request struct {
	Method  string
	Path    string
	Key     string
	Body    any               // marshalled to JSON when not nil; a string is sent as is
	Header  map[string]string // extra headers; "Accept" and "Content-Type" default to JSON:API
	Version string            // X-DIDWW-API-Version when set
}

// Do performs req against the running server.
func (e *Env) Do(t testing.TB, req Request) *Response {
	t.Helper()
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	var body io.Reader
	switch b := req.Body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("testapp: marshal body: %v", err)
		}
		body = bytes.NewReader(raw)
	}
	hr, err := http.NewRequest(req.Method, e.BaseURL+req.Path, body)
	if err != nil {
		t.Fatalf("testapp: %v", err)
	}
	hr.Header.Set("Accept", "application/vnd.api+json")
	if body != nil {
		hr.Header.Set("Content-Type", "application/vnd.api+json")
	}
	if req.Key != "" {
		hr.Header.Set("Api-Key", req.Key)
	}
	if req.Version != "" {
		hr.Header.Set("X-DIDWW-API-Version", req.Version)
	}
	for k, v := range req.Header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatalf("testapp: %s %s: %v", req.Method, req.Path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("testapp: read body: %v", err)
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
	_ = json.Unmarshal(raw, &out.Doc)
	return out
}

// Get is Do for a GET with the given key.
func (e *Env) Get(t testing.TB, key, path string) *Response {
	t.Helper()
	return e.Do(t, Request{Path: path, Key: key})
}

// Data returns the primary data as a list of resource objects (a single
// object becomes a list of one).
func (r *Response) Data() []map[string]any {
	switch d := r.Doc["data"].(type) {
	case []any:
		out := make([]map[string]any, 0, len(d))
		for _, x := range d {
			out = append(out, x.(map[string]any))
		}
		return out
	case map[string]any:
		return []map[string]any{d}
	}
	return nil
}

// Included returns the included resource objects.
func (r *Response) Included() []map[string]any {
	var out []map[string]any
	for _, x := range asList(r.Doc["included"]) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// Meta returns the top-level meta object.
func (r *Response) Meta() map[string]any {
	m, _ := r.Doc["meta"].(map[string]any)
	return m
}

// Errors returns the error objects.
func (r *Response) Errors() []map[string]any {
	var out []map[string]any
	for _, x := range asList(r.Doc["errors"]) {
		out = append(out, x.(map[string]any))
	}
	return out
}

// Expect fails the test when the status differs, showing the body.
func (r *Response) Expect(t testing.TB, status int) *Response {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.Status, status, r.Body)
	}
	return r
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// Attr returns attribute name of a resource object.
func Attr(res map[string]any, name string) any {
	a, _ := res["attributes"].(map[string]any)
	return a[name]
}

// ID returns the id of a resource object.
func ID(res map[string]any) string {
	s, _ := res["id"].(string)
	return s
}
