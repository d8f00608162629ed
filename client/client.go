// Package client is a Go client for DIDWW API v3 compatible endpoints:
// didstock itself or hosted DIDWW. It covers the inventory and ordering
// surface (countries … DID groups, available DIDs, reservations, orders,
// balance, DIDs) with typed resources, JSON:API decoding including
// relationship resolution, errors as values and retries for reads.
//
// A Client holds no mutable state after New and is safe for concurrent use.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// DefaultBaseURL is where a locally started didstock listens.
const DefaultBaseURL = "http://127.0.0.1:8080/v3"

// MediaType is the JSON:API media type used for Accept and Content-Type.
const MediaType = "application/vnd.api+json"

// DefaultUserAgent identifies the client to servers.
const DefaultUserAgent = "didstock-client/1"

// DefaultTimeout bounds one HTTP attempt (connect, headers and body) of a
// client made without WithHTTPClient. Without it a server that accepts the
// connection but never answers, or trickles its body, would hold a caller
// whose context has no deadline forever; http.DefaultClient has no timeout.
const DefaultTimeout = 60 * time.Second

// maxBody bounds how much of a response is read, so a broken server cannot
// exhaust memory.
const maxBody = 32 << 20

// Client talks to one DIDWW-v3-compatible endpoint with one API key.
type Client struct {
	baseURL    string
	apiKey     string
	apiVersion string
	userAgent  string
	httpClient *http.Client
	retry      RetryPolicy
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client, e.g. for timeouts, proxies or TLS.
// Give it a Timeout (or always pass contexts with deadlines): the default
// client's DefaultTimeout does not carry over.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithAPIVersion sends X-DIDWW-API-Version, e.g. "2026-04-16". Without it
// the server uses the account's default version.
func WithAPIVersion(v string) Option { return func(c *Client) { c.apiVersion = v } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithRetry sets the retry policy; RetryPolicy{MaxAttempts: 1} disables
// retries.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p.normalized() } }

// New returns a client for baseURL (DefaultBaseURL when empty), e.g.
// "https://api.didww.com/v3", authenticating with apiKey.
func New(baseURL, apiKey string, opts ...Option) *Client {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	c := &Client{
		baseURL:    strings.TrimRight(baseURL, "/"),
		apiKey:     apiKey,
		userAgent:  DefaultUserAgent,
		httpClient: &http.Client{Timeout: DefaultTimeout},
		retry:      DefaultRetryPolicy(),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// BaseURL returns the endpoint the client talks to.
func (c *Client) BaseURL() string { return c.baseURL }

// List is one page of a list endpoint.
type List[T any] struct {
	Items []*T
	// Total is meta.total_records (paginated lists) or meta.total_count
	// (available_dids: all matches, of which at most a sample is returned).
	// HasTotal is false when the server sent neither.
	Total    int
	HasTotal bool
	Links    Links
	// APIVersion is the version the server answered with (meta.api_version).
	APIVersion string
	// Meta is the whole top-level meta, numbers as json.Number.
	Meta map[string]any
	// Included holds every included resource of a known type, for callers
	// who want them without walking Items.
	Included Included
}

// Included collects the decoded included resources of a response by type.
type Included struct {
	Countries       []*Country
	Regions         []*Region
	Cities          []*City
	Areas           []*Area
	NanpaPrefixes   []*NanpaPrefix
	DIDGroupTypes   []*DIDGroupType
	DIDGroups       []*DIDGroup
	SKUs            []*SKU
	AvailableDIDs   []*AvailableDID
	DIDReservations []*DIDReservation
	Orders          []*Order
	DIDs            []*DID
}

// request is one API call.
type request struct {
	method string
	path   string // below the base URL, starting with "/"
	query  Query
	body   any // marshalled as JSON when non-nil
}

// do performs r, retrying idempotent requests, and returns the decoded
// document (nil for 204 No Content).
func (c *Client) do(ctx context.Context, r request) (*document, error) {
	payload, err := marshalBody(r.body)
	if err != nil {
		return nil, err
	}
	for attempt := 1; ; attempt++ {
		doc, err := c.once(ctx, r, payload)
		if err == nil {
			return doc, nil
		}
		wait, retry := c.shouldRetry(ctx, r.method, attempt, err)
		if !retry {
			return nil, err
		}
		if serr := sleep(ctx, wait); serr != nil {
			return nil, fmt.Errorf("%s %s: %w while waiting to retry after: %v", r.method, r.path, serr, err)
		}
	}
}

// shouldRetry decides whether attempt's failure earns another try, and
// after how long.
func (c *Client) shouldRetry(ctx context.Context, method string, attempt int, err error) (time.Duration, bool) {
	if !idempotent(method) || attempt >= c.retry.MaxAttempts || ctx.Err() != nil {
		return 0, false
	}
	if apiErr, ok := asAPIError(err); ok {
		if !retryableStatus(apiErr.Status) {
			return 0, false
		}
		return c.retry.wait(attempt, apiErr.RetryAfter), true
	}
	var de *decodeError
	if errors.As(err, &de) {
		return 0, false // a malformed 2xx body will not improve
	}
	return c.retry.wait(attempt, 0), true // network error
}

// decodeError marks a 2xx response whose body could not be read as JSON:API.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

func marshalBody(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("client: encoding request: %w", err)
	}
	return b, nil
}

// once sends a single attempt.
func (c *Client) once(ctx context.Context, r request, payload []byte) (*document, error) {
	req, err := c.newHTTPRequest(ctx, r, payload)
	if err != nil {
		return nil, err
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading response: %w", r.method, r.path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, decodeAPIError(resp.StatusCode, resp.Header, body)
	}
	return decodeDocument(r, body)
}

func (c *Client) newHTTPRequest(ctx context.Context, r request, payload []byte) (*http.Request, error) {
	u := c.baseURL + r.path
	if qs := r.query.Encode(); qs != "" {
		u += "?" + qs
	}
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("client: building request: %w", err)
	}
	c.setHeaders(req, payload != nil)
	return req, nil
}

func (c *Client) setHeaders(req *http.Request, hasBody bool) {
	req.Header.Set("Api-Key", c.apiKey)
	req.Header.Set("Accept", MediaType)
	if hasBody {
		req.Header.Set("Content-Type", MediaType)
	}
	if c.apiVersion != "" {
		req.Header.Set("X-DIDWW-API-Version", c.apiVersion)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
}

func decodeDocument(r request, body []byte) (*document, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	var doc document
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, &decodeError{fmt.Errorf("%s %s: response is not a JSON:API document: %w", r.method, r.path, err)}
	}
	return &doc, nil
}
