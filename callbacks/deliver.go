package callbacks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// UserAgent identifies callback requests to receivers.
const UserAgent = "didstock-callbacks"

// maxDrain bounds how much of an answer's body is read: only the status
// matters, but reading a little lets the connection be reused.
const maxDrain = 64 << 10

// Request is one callback delivery attempt.
type Request struct {
	URL     string            // the order's callback_url, as stored (normalized or not: it is signed normalized)
	Method  string            // "get" or "post" (case-insensitive)
	APIKey  string            // the account's API key; signs the request, never sent
	Params  map[string]string // id, type ("orders"), status
	Timeout time.Duration     // how long the receiver has to answer; 0 means DefaultTimeout
}

// Deliver makes one attempt to deliver r with client (nil means
// NewHTTPClient(false, r.Timeout)). With method get the parameters are added
// to the URL's query string, after any query it already has; with post they
// are the application/x-www-form-urlencoded body. The X-DIDWW-Signature
// header is computed over the normalized callback URL and the parameters.
//
// It returns nil on a 2xx answer. Anything else is an error: a non-2xx
// answer (a *StatusError, ErrStatus; redirects are not followed, whatever
// client is passed), no answer within the timeout (ErrTimeout), a refused
// private address (ErrPrivateAddress), an invalid URL or method. Error
// messages never contain the API key, so they can be logged and stored with
// the job.
func Deliver(ctx context.Context, client *http.Client, r Request) error {
	return redact(deliver(ctx, client, r), r.APIKey)
}

func deliver(ctx context.Context, client *http.Client, r Request) error {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if client == nil {
		client = NewHTTPClient(false, timeout)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	req, err := newHTTPRequest(ctx, r)
	if err != nil {
		return err
	}
	resp, err := withoutRedirects(client).Do(req)
	if err != nil {
		return transportError(req, err, effectiveTimeout(client, timeout))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("callbacks: %s %s: %w", req.Method, req.URL.Redacted(),
			&StatusError{StatusCode: resp.StatusCode, Status: resp.Status})
	}
	return nil
}

// newHTTPRequest builds the signed HTTP request of r.
func newHTTPRequest(ctx context.Context, r Request) (*http.Request, error) {
	sig, err := Sign(r.APIKey, r.URL, r.Params)
	if err != nil {
		return nil, err
	}
	target, err := dispatchURL(r.URL)
	if err != nil {
		return nil, err
	}
	form := encodeParams(r.Params)

	var req *http.Request
	switch strings.ToLower(r.Method) {
	case "get":
		target.RawQuery = joinQuery(target.RawQuery, form)
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	case "post":
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form))
		if req != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	default:
		return nil, fmt.Errorf("callbacks: %w: %q (want get or post)", ErrUnsupportedMethod, r.Method)
	}
	if err != nil {
		return nil, fmt.Errorf("callbacks: %w: %v", ErrInvalidURL, err)
	}
	req.Header.Set(SignatureHeader, sig)
	req.Header.Set("User-Agent", UserAgent)
	return req, nil
}

// dispatchURL is the URL to send the request to. A stored URL is normalized
// and so carries an explicit default port; it is dropped here so the Host
// header reads "example.com", not "example.com:443", which some virtual
// hosts do not recognize. The fragment is never sent.
func dispatchURL(raw string) (*url.URL, error) {
	u, err := parseCallbackURL(raw)
	if err != nil {
		return nil, err
	}
	if u.Port() == defaultPort(u.Scheme) {
		u.Host = strings.TrimSuffix(u.Host, ":"+u.Port())
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// encodeParams form-encodes params, keys sorted.
func encodeParams(params map[string]string) string {
	v := make(url.Values, len(params))
	for k, val := range params {
		v.Set(k, val)
	}
	return v.Encode()
}

// joinQuery appends extra to an existing raw query, leaving the existing one
// byte for byte as the customer wrote it (it is part of what they sign).
func joinQuery(existing, extra string) string {
	switch {
	case existing == "":
		return extra
	case extra == "":
		return existing
	default:
		return existing + "&" + extra
	}
}

// withoutRedirects returns a copy of client that returns 3xx answers as they
// are, so a caller-supplied client cannot follow a redirect to an address
// the guard would have refused or count it as a success.
func withoutRedirects(client *http.Client) *http.Client {
	c := *client
	c.CheckRedirect = noRedirect
	return &c
}

// effectiveTimeout is the shorter of the request's and the client's timeouts.
func effectiveTimeout(client *http.Client, timeout time.Duration) time.Duration {
	if client.Timeout > 0 && client.Timeout < timeout {
		return client.Timeout
	}
	return timeout
}

// transportError describes a request that got no answer. url.Error repeats
// the URL unredacted, so its cause is wrapped instead.
func transportError(req *http.Request, err error, timeout time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	where := req.Method + " " + req.URL.Redacted()
	if isTimeout(err) {
		return fmt.Errorf("callbacks: %s: %w (%s): %w", where, ErrTimeout, timeout, err)
	}
	return fmt.Errorf("callbacks: %s: %w", where, err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// redactedError hides the API key in a message while keeping the error chain
// for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact makes sure err's message does not contain key. The key is never put
// in a message on purpose, but a customer may have pasted it into the
// callback URL itself, which errors quote.
func redact(err error, key string) error {
	if err == nil || key == "" || !strings.Contains(err.Error(), key) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), key, "[redacted]"), err: err}
}
