package callbacks_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/didstock/didstock/callbacks"
)

// hmacSHA1Hex computes the expected signature independently of Sign, from a
// message the test writes out by hand.
func hmacSHA1Hex(t *testing.T, key, message string) string {
	t.Helper()
	mac := hmac.New(sha1.New, []byte(key))
	mac.Write([]byte(message))
	return hex.EncodeToString(mac.Sum(nil))
}

func TestSignVectors(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		url     string
		params  map[string]string
		message string // normalized URL, then keys and values in key order
		want    string // fixed value, checked with `printf %s MESSAGE | openssl dgst -sha1 -hmac KEY`
	}{
		{
			name:    "defaults filled in",
			key:     "k3y",
			url:     "http://example.com/callbacks",
			params:  map[string]string{"type": "orders", "status": "canceled", "id": "42"},
			message: "http://example.com:80/callbacks" + "id" + "42" + "status" + "canceled" + "type" + "orders",
			want:    "d7cf1d79949f5174da6d9139efd1f7a361b5410d",
		},
		{
			name: "userinfo, ipv6, escaped path, query, fragment",
			key:  "didstock-test-key",
			url:  "https://user:pa%20ss@[2001:db8::1]/cb/a%2Fb?x=1&y=2#top",
			params: map[string]string{
				"status": "completed", "type": "orders", "id": "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
			},
			message: "https://user:pa%20ss@[2001:db8::1]:443/cb/a%2Fb?x=1&y=2#top" +
				"id" + "6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b" + "status" + "completed" + "type" + "orders",
			want: "b6a3b1c7e7358450c22579f836766ebd650d892d",
		},
		{
			// The worked example of the public DIDWW API documentation
			// (callbacks details, algorithm implementation details): proves
			// receivers using DIDWW's validators accept our signatures.
			name: "DIDWW documentation example",
			key:  "szrdgh6547umt7tht7xbqhj6g9gdbyp7",
			url:  "https://mycompany.com/didww_callbacks?opaque=123",
			params: map[string]string{
				"id": "bf2cee72-6caa-4ae2-917e-bea01945691e", "status": "completed", "type": "orders",
			},
			message: "https://mycompany.com:443/didww_callbacks?opaque=123" +
				"id" + "bf2cee72-6caa-4ae2-917e-bea01945691e" + "status" + "completed" + "type" + "orders",
			want: "30f66e9d72eb5e193051fd02952f70d8e934b4ff",
		},
		{
			name:    "no parameters",
			key:     "k3y",
			url:     "http://example.com:80/callbacks",
			params:  nil,
			message: "http://example.com:80/callbacks",
			want:    "", // only the independent computation
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := callbacks.Sign(tt.key, tt.url, tt.params)
			if err != nil {
				t.Fatalf("Sign: %v", err)
			}
			if want := hmacSHA1Hex(t, tt.key, tt.message); got != want {
				t.Errorf("Sign = %s, want HMAC-SHA1 of %q = %s", got, tt.message, want)
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("Sign = %s, want fixed vector %s", got, tt.want)
			}
		})
	}
}

// The signature covers the normalized URL, so equivalent spellings of one
// callback URL sign alike and different ones do not.
func TestSignNormalizesURL(t *testing.T) {
	params := map[string]string{"id": "1", "type": "orders", "status": "completed"}
	sign := func(u string) string {
		t.Helper()
		s, err := callbacks.Sign("key", u, params)
		if err != nil {
			t.Fatalf("Sign(%q): %v", u, err)
		}
		return s
	}
	if a, b := sign("https://example.com/cb"), sign("https://example.com:443/cb"); a != b {
		t.Errorf("default port changes the signature: %s vs %s", a, b)
	}
	if a, b := sign("https://example.com/cb"), sign("https://example.com:8443/cb"); a == b {
		t.Errorf("other port does not change the signature")
	}
}

func TestSignErrors(t *testing.T) {
	tests := []struct {
		name, key, url string
		want           error
	}{
		{"empty key", "", "https://example.com/cb", callbacks.ErrNoAPIKey},
		{"bad url", "key", "ftp://example.com/cb", callbacks.ErrInvalidURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := callbacks.Sign(tt.key, tt.url, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Sign error = %v, want %v", err, tt.want)
			}
		})
	}
}
