package callbacks_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/didstock/didstock/callbacks"
)

func TestValidateURL(t *testing.T) {
	tests := []struct {
		url     string
		private error // want with allowPrivate=false
		allowed error // want with allowPrivate=true
	}{
		{"https://example.com/cb", nil, nil},
		{"http://example.com:8080/cb?x=1#f", nil, nil},
		{"https://user:pw@example.com/cb", nil, nil},
		{"http://8.8.8.8/cb", nil, nil},
		{"http://[2001:4860:4860::8888]/cb", nil, nil},
		{"http://172.32.0.1/", nil, nil},  // just past 172.16.0.0/12
		{"http://100.128.0.1/", nil, nil}, // just past CGNAT
		{"http://localhost.example/", nil, nil},
		{"http://127.0.0.1/cb", callbacks.ErrPrivateAddress, nil},
		{"http://127.255.255.254/", callbacks.ErrPrivateAddress, nil},
		{"http://10.1.2.3/", callbacks.ErrPrivateAddress, nil},
		{"http://172.16.0.1/", callbacks.ErrPrivateAddress, nil},
		{"http://172.31.255.255/", callbacks.ErrPrivateAddress, nil},
		{"http://192.168.1.1/", callbacks.ErrPrivateAddress, nil},
		{"http://100.64.0.1/", callbacks.ErrPrivateAddress, nil},
		{"http://100.127.255.255/", callbacks.ErrPrivateAddress, nil},
		{"http://169.254.169.254/latest/meta-data/", callbacks.ErrPrivateAddress, nil},
		{"http://0.0.0.0/", callbacks.ErrPrivateAddress, nil},
		{"http://224.0.0.1/", callbacks.ErrPrivateAddress, nil},
		{"http://255.255.255.255/", callbacks.ErrPrivateAddress, nil},
		{"http://[::1]/", callbacks.ErrPrivateAddress, nil},
		{"http://[::]/", callbacks.ErrPrivateAddress, nil},
		{"http://[fc00::1]/", callbacks.ErrPrivateAddress, nil},
		{"http://[fd12:3456::1]/", callbacks.ErrPrivateAddress, nil},
		{"http://[fe80::1]/", callbacks.ErrPrivateAddress, nil},
		{"http://[fe80::1%25eth0]/", callbacks.ErrPrivateAddress, nil},
		{"http://[ff02::1]/", callbacks.ErrPrivateAddress, nil},
		{"http://[::ffff:127.0.0.1]/", callbacks.ErrPrivateAddress, nil}, // IPv4-mapped
		{"http://[::ffff:169.254.169.254]/", callbacks.ErrPrivateAddress, nil},
		{"http://[64:ff9b::7f00:1]/", callbacks.ErrPrivateAddress, nil}, // NAT64 of 127.0.0.1
		{"http://[64:ff9b::808:808]/", nil, nil},                        // NAT64 of 8.8.8.8
		{"http://localhost/cb", callbacks.ErrPrivateAddress, nil},
		{"http://LOCALHOST./cb", callbacks.ErrPrivateAddress, nil},
		{"http://api.localhost:8080/cb", callbacks.ErrPrivateAddress, nil},
		{"http://127.1/", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},      // legacy IPv4 forms
		{"http://2130706433/", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL}, // resolvers disagree on
		{"http://0x7f.0.0.1/", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
		{"http://ex%C3%A9mple.com/", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
		{"ftp://example.com/", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
		{"mailto:ops@example.com", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
		{"https:///cb", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
		{"http://./cb", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
		{"not a url", callbacks.ErrInvalidURL, callbacks.ErrInvalidURL},
	}
	for _, tt := range tests {
		for _, allow := range []bool{false, true} {
			want := tt.private
			if allow {
				want = tt.allowed
			}
			err := callbacks.ValidateURL(tt.url, allow)
			if !errors.Is(err, want) {
				t.Errorf("ValidateURL(%q, allowPrivate=%v) = %v, want %v", tt.url, allow, err, want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "callbacks: ") {
				t.Errorf("ValidateURL(%q) error %q lacks the package prefix", tt.url, err)
			}
		}
	}
}

// countingServer answers 204 and counts the requests that reached it.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// The guard runs in the dialer, on the address actually dialed: a literal
// 127.0.0.1 and the name "localhost" (resolved at dial time, as a rebound
// DNS name would be) are both refused, and nothing reaches the server.
func TestHTTPClientGuard(t *testing.T) {
	srv, hits := countingServer(t)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	byName := "http://localhost:" + u.Port() + "/cb"
	tests := []struct {
		name   string
		client *http.Client
		url    string
		want   error
	}{
		{"literal loopback refused", callbacks.NewHTTPClient(false, 0), srv.URL + "/cb", callbacks.ErrPrivateAddress},
		{"name resolving to loopback refused", callbacks.NewHTTPClient(false, 0), byName, callbacks.ErrPrivateAddress},
		{"nil client is guarded", nil, srv.URL + "/cb", callbacks.ErrPrivateAddress},
		{"allowPrivate reaches loopback", callbacks.NewHTTPClient(true, 0), srv.URL + "/cb", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := hits.Load()
			err := callbacks.Deliver(context.Background(), tt.client, callbacks.Request{
				URL: tt.url, Method: "post", APIKey: "key",
				Params: map[string]string{"id": "1", "type": "orders", "status": "completed"},
			})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Deliver = %v, want %v", err, tt.want)
			}
			if reached := hits.Load() > before; reached != (tt.want == nil) {
				t.Fatalf("request reached server: %v, want %v", reached, tt.want == nil)
			}
		})
	}
}
