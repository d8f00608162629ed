package callbacks

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// DefaultTimeout is how long a receiver has to answer; the reference counts
// no answer within 60 s as a failed attempt.
const DefaultTimeout = 60 * time.Second

// blockedRange is an address range callbacks must not reach, with the reason
// shown in the error.
type blockedRange struct {
	prefix netip.Prefix
	reason string
}

// blockedRanges are the ranges a customer-supplied URL must not make the
// server call: they lead to the server itself, its private network or its
// cloud provider's metadata service rather than to the customer.
var blockedRanges = []blockedRange{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified (this network)"},
	{netip.MustParsePrefix("10.0.0.0/8"), "private (RFC 1918)"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT (RFC 6598)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local (incl. cloud metadata)"},
	{netip.MustParsePrefix("172.16.0.0/12"), "private (RFC 1918)"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private (RFC 1918)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved (incl. broadcast)"},
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("fc00::/7"), "unique local (ULA)"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local (deprecated)"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

// nat64 is the well-known NAT64 prefix: a gateway translates 64:ff9b::a.b.c.d
// to a.b.c.d, so the embedded IPv4 address is what would really be reached.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// checkAddr returns an error wrapping ErrPrivateAddress if a is in a blocked
// range, looking through IPv4-mapped and NAT64 forms that would otherwise
// smuggle an IPv4 address past the IPv4 ranges.
func checkAddr(a netip.Addr) error {
	a = a.WithZone("").Unmap()
	if nat64.Contains(a) {
		b := a.As16()
		if err := checkAddr(netip.AddrFrom4([4]byte(b[12:]))); err != nil {
			return fmt.Errorf("%w (via NAT64 %s)", err, a)
		}
		return nil
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(a) {
			return fmt.Errorf("%w: %s is %s", ErrPrivateAddress, a, r.reason)
		}
	}
	return nil
}

// refusePrivate is a net.Dialer.Control hook. It runs on the address actually
// being connected to, after DNS resolution, so a name that resolves (or is
// re-pointed, DNS rebinding) to a private address is refused all the same.
func refusePrivate(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot check dialed address %q", ErrPrivateAddress, address)
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		// Fail closed: an address we cannot classify is not dialed.
		return fmt.Errorf("%w: cannot check dialed address %q", ErrPrivateAddress, address)
	}
	return checkAddr(a)
}

// NewHTTPClient returns the client to deliver callbacks with. Unless
// allowPrivate (for development setups whose receiver runs on the same host
// or network), it refuses to connect to loopback, private, link-local, CGNAT,
// multicast and other non-public addresses. It never follows redirects, so a
// 3xx answer is a failed attempt and cannot bounce the request to a private
// address either. timeout <= 0 means DefaultTimeout.
func NewHTTPClient(allowPrivate bool, timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	dialer := &net.Dialer{KeepAlive: 30 * time.Second}
	if !allowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		// No proxy: through a proxy the dialer would check the proxy's
		// address, not the receiver's, and the guard would be void.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: 1 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: timeout, CheckRedirect: noRedirect}
}

// noRedirect makes the client return a 3xx answer as it is.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// ValidateURL checks a callback URL when an order is created: it must parse,
// use http or https and name a host. Unless allowPrivate it must not be a
// literal IP address in a blocked range nor "localhost" or a name under
// ".localhost". It does not resolve DNS: what a name resolves to can change
// before delivery, so the dialer of NewHTTPClient checks again then.
func ValidateURL(raw string, allowPrivate bool) error {
	u, err := parseCallbackURL(raw)
	if err != nil {
		return err
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if err := checkHostSyntax(host); err != nil {
		return err
	}
	if allowPrivate {
		return nil
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return fmt.Errorf("callbacks: %w: %s is loopback", ErrPrivateAddress, host)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if err := checkAddr(a); err != nil {
			return fmt.Errorf("callbacks: %w", err)
		}
	}
	return nil
}

// checkHostSyntax rejects hosts that resolvers disagree about. Non-ASCII
// names must be given in punycode. A name whose last label is numeric (or
// hex) is no DNS name but an IPv4 address in a legacy form such as "127.1" or
// "0x7f000001", which some resolvers accept and literal checks would miss.
func checkHostSyntax(host string) error {
	if host == "" {
		return fmt.Errorf("callbacks: %w: no host", ErrInvalidURL)
	}
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			return fmt.Errorf("callbacks: %w: host %q is not ASCII; use its punycode form", ErrInvalidURL, host)
		}
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	last := host[strings.LastIndexByte(host, '.')+1:]
	if isDigits(last) || strings.HasPrefix(last, "0x") {
		return fmt.Errorf("callbacks: %w: host %q is not a valid name nor a dotted-quad IPv4 address", ErrInvalidURL, host)
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
