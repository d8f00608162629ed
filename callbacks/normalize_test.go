package callbacks_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/didstock/didstock/callbacks"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"http default port", "http://example.com/cb", "http://example.com:80/cb"},
		{"https default port", "https://example.com/cb", "https://example.com:443/cb"},
		{"explicit default port kept", "http://example.com:80/cb", "http://example.com:80/cb"},
		{"explicit other port", "https://example.com:8443/cb", "https://example.com:8443/cb"},
		{"https on port 80", "https://example.com:80/cb", "https://example.com:80/cb"},
		{"empty port", "http://example.com:/cb", "http://example.com:80/cb"},
		{"no path", "https://example.com", "https://example.com:443"},
		{"root path", "https://example.com/", "https://example.com:443/"},
		{"scheme lowercased", "HTTPS://example.com/cb", "https://example.com:443/cb"},
		{"host case kept", "http://Example.COM/cb", "http://Example.COM:80/cb"},
		{"ipv6", "http://[::1]/cb", "http://[::1]:80/cb"},
		{"ipv6 with port", "https://[2001:db8::1]:8443/cb", "https://[2001:db8::1]:8443/cb"},
		{"ipv6 zone", "http://[fe80::1%25eth0]:8080/", "http://[fe80::1%25eth0]:8080/"},
		{"ipv4", "http://192.0.2.7/cb", "http://192.0.2.7:80/cb"},
		{"userinfo", "https://user:secret@example.com/cb", "https://user:secret@example.com:443/cb"},
		{"user only", "https://user@example.com/cb", "https://user@example.com:443/cb"},
		{"escaped userinfo", "https://us%40er:p%3Ass@example.com/", "https://us%40er:p%3Ass@example.com:443/"},
		{"query", "https://example.com/cb?a=1&b=two", "https://example.com:443/cb?a=1&b=two"},
		{"raw query kept as written", "https://example.com/cb?b=2&a=%41", "https://example.com:443/cb?b=2&a=%41"},
		{"empty query dropped", "https://example.com/cb?", "https://example.com:443/cb"},
		{"fragment", "https://example.com/cb#top", "https://example.com:443/cb#top"},
		{"query and fragment", "http://example.com/cb?foo=bar#baz", "http://example.com:80/cb?foo=bar#baz"},
		{"empty fragment dropped", "https://example.com/cb#", "https://example.com:443/cb"},
		{"escaped path", "http://example.com/hello%20world", "http://example.com:80/hello%20world"},
		{"escaped slash kept", "http://example.com/a%2Fb/c", "http://example.com:80/a%2Fb/c"},
		{"space in path escaped", "http://example.com/a b", "http://example.com:80/a%20b"},
		{"non-ascii path escaped", "http://example.com/caf\u00e9", "http://example.com:80/caf%C3%A9"},
		{"everything", "https://u:p@[2001:db8::2]/x/y%2Fz?q=1#f", "https://u:p@[2001:db8::2]:443/x/y%2Fz?q=1#f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := callbacks.NormalizeURL(tt.in)
			if err != nil {
				t.Fatalf("NormalizeURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("NormalizeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			assertIdempotent(t, got)
		})
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"relative", "/cb"},
		{"no scheme", "example.com/cb"},
		{"ftp", "ftp://example.com/cb"},
		{"javascript", "javascript:alert(1)"},
		{"opaque", "http:example.com"},
		{"no host", "http:///cb"},
		{"port only", "http://:80/cb"},
		{"userinfo only", "http://user@/cb"},
		{"bad port", "http://example.com:http/cb"},
		{"bad ipv6", "http://[::1/cb"},
		{"colon host", "http://a:b:80/cb"},
		{"control character", "http://example.com/\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := callbacks.NormalizeURL(tt.in)
			if !errors.Is(err, callbacks.ErrInvalidURL) {
				t.Fatalf("NormalizeURL(%q) = %q, %v; want ErrInvalidURL", tt.in, got, err)
			}
		})
	}
}

// assertIdempotent checks that a normalized URL normalizes to itself, which
// is what makes it safe to store the normalized form and sign it later.
func assertIdempotent(t *testing.T, normalized string) {
	t.Helper()
	again, err := callbacks.NormalizeURL(normalized)
	if err != nil {
		t.Fatalf("NormalizeURL(%q) (already normalized): %v", normalized, err)
	}
	if again != normalized {
		t.Fatalf("NormalizeURL not idempotent: %q -> %q", normalized, again)
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, seed := range []string{
		"http://example.com/cb",
		"https://user:pw@[2001:db8::1]:8443/a%2Fb?x=1#f",
		"http://[fe80::1%25eth0]/",
		"HTTP://EXAMPLE.com:/",
		"https://example.com/caf\u00e9?q=\u00e9#\u00e9",
		"http://ex%C3%A9mple.com/",
		"http://a:b:80/",
		"http:example.com",
		"ftp://example.com",
		"http://%zz/",
		"http://%25", // once normalized to the unparsable "http://%:80"
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := callbacks.NormalizeURL(raw)
		if err != nil {
			if !errors.Is(err, callbacks.ErrInvalidURL) {
				t.Fatalf("NormalizeURL(%q): error %v does not wrap ErrInvalidURL", raw, err)
			}
			return
		}
		if !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
			t.Fatalf("NormalizeURL(%q) = %q: not http(s)", raw, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Port() == "" {
			t.Fatalf("NormalizeURL(%q) = %q: does not parse with a port (%v)", raw, got, err)
		}
		assertIdempotent(t, got)
	})
}
