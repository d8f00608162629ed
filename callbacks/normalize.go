package callbacks

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// NormalizeURL returns the form of a callback URL that the signature covers:
//
//	scheme://[userinfo@]host:port[escaped path][?raw query][#fragment]
//
// with IPv6 hosts in brackets and the port filled in (80 for http, 443 for
// https) when absent, so that "http://example.com/cb" and
// "http://example.com:80/cb" sign alike, as the reference does. Only http and
// https are accepted. The result normalizes to itself, so it is safe to store
// it and normalize again.
func NormalizeURL(raw string) (string, error) {
	u, err := parseCallbackURL(raw)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteString("://")
	if u.User != nil {
		b.WriteString(u.User.String())
		b.WriteByte('@')
	}
	b.WriteString(hostForm(u.Hostname()))
	b.WriteByte(':')
	b.WriteString(portOrDefault(u))
	b.WriteString(u.EscapedPath())
	if u.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(u.RawQuery)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		// Escaped like the path, so the result parses back to the same URL.
		b.WriteString(u.EscapedFragment())
	}
	return b.String(), nil
}

// parseCallbackURL parses raw and checks what every callback URL needs: an
// http or https scheme and a host. Shared by NormalizeURL and ValidateURL so
// the two can never disagree about what a callback URL is.
func parseCallbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the whole URL; the cause alone is enough.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("callbacks: %w: %v", ErrInvalidURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("callbacks: %w: scheme %q is not http or https", ErrInvalidURL, u.Scheme)
	}
	// "http:example.com" parses as an opaque URL without a host.
	if u.Opaque != "" || u.Hostname() == "" {
		return nil, fmt.Errorf("callbacks: %w: no host", ErrInvalidURL)
	}
	if h := u.Hostname(); strings.Contains(h, ":") && !isIPv6(h) {
		return nil, fmt.Errorf("callbacks: %w: host %q is not a valid IPv6 address", ErrInvalidURL, h)
	}
	return u, nil
}

// hostForm writes a host back the way it has to appear in a URL: IPv6 in
// brackets, and "%" (from a zone or an escaped "%25") escaped again so the
// result parses back to the same host.
func hostForm(host string) string {
	host = strings.ReplaceAll(host, "%", "%25")
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// portOrDefault returns the explicit port, or the scheme's default one.
func portOrDefault(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return defaultPort(u.Scheme)
}

func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

func isIPv6(host string) bool {
	a, err := netip.ParseAddr(host)
	return err == nil && a.Is6()
}
