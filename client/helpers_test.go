package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/didstock/didstock/client"
)

const testKey = "test-key-123"

// fastRetry keeps retry tests quick while still exercising the backoff path.
func fastRetry() client.RetryPolicy {
	return client.RetryPolicy{
		MaxAttempts:   3,
		BaseBackoff:   time.Millisecond,
		MaxBackoff:    2 * time.Millisecond,
		MaxRetryAfter: 5 * time.Millisecond,
	}
}

// testTimeout bounds every request a test makes, so that a client or test
// server bug fails that test quickly instead of hanging the whole run
// until go test's own 10-minute timeout.
const testTimeout = 10 * time.Second

// testContext is the test's context with testTimeout.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// seen is what a test server recorded about one request.
type seen struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     string
}

// recorder is an httptest server that records requests and answers with
// the given handler.
type recorder struct {
	mu   sync.Mutex
	reqs []seen
	srv  *httptest.Server
}

func (r *recorder) requests() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]seen(nil), r.reqs...)
}

// newRecorder starts a server that records every request before handing it
// to h, and closes it when the test ends.
func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(body)})
		rec.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

// newClient returns a client for rec's server with tiny retries.
func newClient(t *testing.T, rec *recorder, opts ...client.Option) *client.Client {
	t.Helper()
	opts = append([]client.Option{client.WithRetry(fastRetry())}, opts...)
	return client.New(rec.srv.URL+"/v3", testKey, opts...)
}

// serve answers every request with one status and body.
func serve(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeDoc(w, status, body)
	}
}

func writeDoc(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/vnd.api+json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// sequence answers the n-th request with the n-th handler, repeating the
// last one after that.
func sequence(hs ...http.HandlerFunc) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := hs[min(n, len(hs)-1)]
		n++
		mu.Unlock()
		h(w, r)
	}
}

// only answers one request path, failing the test for any other.
func only(t *testing.T, path string, h http.HandlerFunc) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			t.Errorf("request path = %q, want %q", r.URL.Path, path)
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}
