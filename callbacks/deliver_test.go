package callbacks_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/didstock/didstock/callbacks"
)

const testKey = "sk_test_5ecret-API-key"

func orderParams(status string) map[string]string {
	return map[string]string{"id": "bf2cee72-6caa-4ae2-917e-bea01945691e", "type": "orders", "status": status}
}

// receiver is a callback endpoint that checks requests the way a customer's
// would: it recomputes the signature over the URL it gave (storedURL) and
// the parameters it received, and answers 403 on a mismatch.
type receiver struct {
	storedURL string // the callback_url of the order
	want      map[string]string
	method    string
	hits      atomic.Int32
}

// newReceiver serves a receiver at path (which may carry a query) and
// returns it with its callback URL filled in.
func newReceiver(t *testing.T, method, path string, want map[string]string) *receiver {
	t.Helper()
	rc := &receiver{want: want, method: method}
	srv := httptest.NewServer(http.HandlerFunc(rc.serve(t)))
	t.Cleanup(srv.Close)
	rc.storedURL = srv.URL + path
	return rc
}

func (rc *receiver) serve(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rc.hits.Add(1)
		got, err := rc.params(r)
		if err != nil {
			t.Errorf("receiver: %v", err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		sig, err := callbacks.Sign(testKey, rc.storedURL, got)
		if err != nil {
			t.Errorf("receiver: sign: %v", err)
		}
		if h := r.Header.Get("X-DIDWW-Signature"); h != sig {
			t.Errorf("receiver: signature %q, want %q", h, sig)
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		if ua := r.Header.Get("User-Agent"); ua != "didstock-callbacks" {
			t.Errorf("receiver: User-Agent %q", ua)
		}
		w.WriteHeader(http.StatusOK)
	}
}

// params extracts the callback parameters of r and checks them against
// rc.want: from the body for post, from the query (minus the stored URL's
// own query) for get.
func (rc *receiver) params(r *http.Request) (map[string]string, error) {
	if r.Method != rc.method {
		return nil, fmt.Errorf("method %s, want %s", r.Method, rc.method)
	}
	stored, err := url.Parse(rc.storedURL)
	if err != nil {
		return nil, err
	}
	var values url.Values
	switch r.Method {
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			return nil, fmt.Errorf("Content-Type %q", ct)
		}
		if r.URL.RawQuery != stored.RawQuery {
			return nil, fmt.Errorf("query %q, want the stored %q", r.URL.RawQuery, stored.RawQuery)
		}
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		values = r.PostForm
	case http.MethodGet:
		if !strings.HasPrefix(r.URL.RawQuery, stored.RawQuery) {
			return nil, fmt.Errorf("query %q does not start with the stored %q", r.URL.RawQuery, stored.RawQuery)
		}
		values = r.URL.Query()
		for k := range stored.Query() {
			values.Del(k)
		}
	}
	got := map[string]string{}
	for k, v := range values {
		if len(v) != 1 {
			return nil, fmt.Errorf("parameter %s sent %d times", k, len(v))
		}
		got[k] = v[0]
	}
	if fmt.Sprint(got) != fmt.Sprint(rc.want) {
		return nil, fmt.Errorf("parameters %v, want %v", got, rc.want)
	}
	return got, nil
}

func TestDeliver(t *testing.T) {
	tests := []struct {
		name, method, wire, path string
		params                   map[string]string
	}{
		{"get", "get", http.MethodGet, "/callbacks", orderParams("completed")},
		{"get keeps existing query", "get", http.MethodGet, "/callbacks?token=abc&x=%41", orderParams("canceled")},
		{"post", "post", http.MethodPost, "/callbacks", orderParams("completed")},
		{"post keeps query in URL", "post", http.MethodPost, "/cb?token=abc", orderParams("canceled")},
		{"method case-insensitive", "POST", http.MethodPost, "/cb", orderParams("completed")},
		{"values needing escapes", "get", http.MethodGet, "/cb", map[string]string{"id": "a b&c=d/é", "type": "orders", "status": "completed"}},
		{"escaped path", "post", http.MethodPost, "/hello%20world/a%2Fb", orderParams("completed")},
	}
	client := callbacks.NewHTTPClient(true, 5*time.Second) // httptest listens on 127.0.0.1
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, tt.wire, tt.path, tt.params)
			err := callbacks.Deliver(context.Background(), client, callbacks.Request{
				URL: rc.storedURL, Method: tt.method, APIKey: testKey, Params: tt.params,
			})
			if err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			if n := rc.hits.Load(); n != 1 {
				t.Fatalf("receiver hit %d times, want 1", n)
			}
		})
	}
}

// The stored callback_url is the normalized form, with the default port
// spelled out; delivering to it must sign and reach the same endpoint.
func TestDeliverNormalizedStoredURL(t *testing.T) {
	rc := newReceiver(t, http.MethodGet, "/cb?x=1", orderParams("completed"))
	stored, err := callbacks.NormalizeURL(rc.storedURL)
	if err != nil {
		t.Fatal(err)
	}
	err = callbacks.Deliver(context.Background(), callbacks.NewHTTPClient(true, 0), callbacks.Request{
		URL: stored, Method: "get", APIKey: testKey, Params: orderParams("completed"),
	})
	if err != nil {
		t.Fatalf("Deliver(%q): %v", stored, err)
	}
}

// statusServer answers every request with status; a 3xx points at /moved,
// whose hits are counted to prove redirects are not followed.
func statusServer(t *testing.T, status int) (string, *atomic.Int32) {
	t.Helper()
	var moved atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/moved", func(w http.ResponseWriter, _ *http.Request) { moved.Add(1) })
	mux.HandleFunc("/cb", func(w http.ResponseWriter, r *http.Request) {
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "/moved")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte("body " + testKey)) // never copied into errors
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/cb", &moved
}

func TestDeliverStatus(t *testing.T) {
	tests := []struct {
		status int
		ok     bool
	}{
		{http.StatusOK, true},
		{http.StatusCreated, true},
		{http.StatusAccepted, true},
		{http.StatusNoContent, true},
		{299, true},
		{http.StatusMovedPermanently, false},
		{http.StatusFound, false},
		{http.StatusTemporaryRedirect, false},
		{http.StatusBadRequest, false},
		{http.StatusUnauthorized, false},
		{http.StatusNotFound, false},
		{http.StatusInternalServerError, false},
		{http.StatusServiceUnavailable, false},
	}
	clients := map[string]*http.Client{
		"guarded client": callbacks.NewHTTPClient(true, 5*time.Second),
		// A caller's client that would follow redirects must not here.
		"plain client": {Timeout: 5 * time.Second},
	}
	for name, client := range clients {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%d", name, tt.status), func(t *testing.T) {
				u, moved := statusServer(t, tt.status)
				err := callbacks.Deliver(context.Background(), client, callbacks.Request{
					URL: u, Method: "post", APIKey: testKey, Params: orderParams("completed"),
				})
				if tt.ok {
					if err != nil {
						t.Fatalf("Deliver: %v", err)
					}
					return
				}
				var se *callbacks.StatusError
				if !errors.Is(err, callbacks.ErrStatus) || !errors.As(err, &se) || se.StatusCode != tt.status {
					t.Fatalf("Deliver = %v, want a StatusError %d", err, tt.status)
				}
				if moved.Load() != 0 {
					t.Fatalf("redirect was followed")
				}
				assertNoKey(t, err)
			})
		}
	}
}

func TestDeliverTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // answer only after the client gave up
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close

	tests := []struct {
		name    string
		client  *http.Client
		timeout time.Duration
	}{
		{"request timeout", callbacks.NewHTTPClient(true, 0), 50 * time.Millisecond},
		{"client timeout", callbacks.NewHTTPClient(true, 50*time.Millisecond), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			err := callbacks.Deliver(context.Background(), tt.client, callbacks.Request{
				URL: srv.URL + "/cb", Method: "get", APIKey: testKey,
				Params: orderParams("completed"), Timeout: tt.timeout,
			})
			if !errors.Is(err, callbacks.ErrTimeout) {
				t.Fatalf("Deliver = %v, want ErrTimeout", err)
			}
			if !strings.Contains(err.Error(), "50ms") {
				t.Errorf("error %q does not say the limit", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("Deliver took %v", d)
			}
			assertNoKey(t, err)
		})
	}
}

func TestDeliverRejectsBadRequests(t *testing.T) {
	srv, hits := countingServer(t)
	tests := []struct {
		name string
		r    callbacks.Request
		want error
	}{
		{"put", callbacks.Request{URL: srv.URL, Method: "put", APIKey: testKey}, callbacks.ErrUnsupportedMethod},
		{"no method", callbacks.Request{URL: srv.URL, APIKey: testKey}, callbacks.ErrUnsupportedMethod},
		{"no key", callbacks.Request{URL: srv.URL, Method: "get"}, callbacks.ErrNoAPIKey},
		{"ftp", callbacks.Request{URL: "ftp://example.com/", Method: "get", APIKey: testKey}, callbacks.ErrInvalidURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := callbacks.Deliver(context.Background(), callbacks.NewHTTPClient(true, 0), tt.r)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Deliver = %v, want %v", err, tt.want)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d invalid requests were sent", n)
	}
}

// A customer may paste the API key into the callback URL itself; errors
// quote the URL, and must still not show the key.
func TestDeliverErrorsHideKey(t *testing.T) {
	u, _ := statusServer(t, http.StatusInternalServerError)
	tests := []struct {
		name   string
		client *http.Client
	}{
		{"non-2xx", callbacks.NewHTTPClient(true, 0)},
		{"refused", callbacks.NewHTTPClient(false, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := callbacks.Deliver(context.Background(), tt.client, callbacks.Request{
				URL: u + "?api_key=" + testKey, Method: "get", APIKey: testKey, Params: orderParams("completed"),
			})
			if err == nil {
				t.Fatal("Deliver succeeded")
			}
			assertNoKey(t, err)
			if !strings.Contains(err.Error(), "[redacted]") {
				t.Errorf("error %q: want the key shown as [redacted]", err)
			}
		})
	}
}

// assertNoKey fails if err's message shows the API key.
func assertNoKey(t *testing.T, err error) {
	t.Helper()
	if strings.Contains(err.Error(), testKey) {
		t.Fatalf("error message contains the API key: %q", err)
	}
}
