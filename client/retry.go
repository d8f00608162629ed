package client

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how often and how patiently a request is retried.
//
// Only GET and HEAD requests are ever retried, on 429, on 5xx and on
// network errors. POST and PATCH are never retried: a POST /orders whose
// answer was lost may well have created the order and charged the
// balance, so repeating it could buy twice. DELETE is not retried either;
// cancelling twice is harmless in effect, but a retry after a first
// attempt that did succeed would answer 404 and turn a success into a
// confusing error. Callers who know better can retry those themselves.
type RetryPolicy struct {
	// MaxAttempts counts the first try; 1 disables retries.
	MaxAttempts int
	// BaseBackoff is the wait before the first retry; it doubles each time
	// and is jittered to avoid herds of clients retrying in step.
	BaseBackoff time.Duration
	// MaxBackoff caps the computed backoff.
	MaxBackoff time.Duration
	// MaxRetryAfter caps a server's Retry-After, so a hostile or confused
	// server cannot park the client for an hour.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy suits an interactive CLI against a server that allows
// ten requests a second. It is a function, not a variable, so no caller can
// change another's defaults.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   4,
		BaseBackoff:   250 * time.Millisecond,
		MaxBackoff:    5 * time.Second,
		MaxRetryAfter: 30 * time.Second,
	}
}

// normalized fills zero fields from the defaults so a partly set policy
// still behaves.
func (p RetryPolicy) normalized() RetryPolicy {
	def := DefaultRetryPolicy()
	if p.MaxAttempts < 1 {
		p.MaxAttempts = 1
	}
	if p.BaseBackoff <= 0 {
		p.BaseBackoff = def.BaseBackoff
	}
	if p.MaxBackoff <= 0 {
		p.MaxBackoff = def.MaxBackoff
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = def.MaxRetryAfter
	}
	return p
}

// backoff returns the wait before retry number n (1-based): exponential,
// capped, with "equal jitter" (half fixed, half random) so waits never
// collapse to zero yet still spread out.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseBackoff
	for i := 1; i < n && d < p.MaxBackoff; i++ {
		if d > p.MaxBackoff/2 {
			d = p.MaxBackoff // doubling would pass the cap, or overflow for huge caps
			break
		}
		d *= 2
	}
	d = max(min(d, p.MaxBackoff), 0)
	half := d / 2
	return half + rand.N(half+1)
}

// wait chooses the delay before retry n: the server's Retry-After when it
// gave one (capped), otherwise the backoff.
func (p RetryPolicy) wait(n int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, p.MaxRetryAfter)
	}
	return p.backoff(n)
}

// idempotent reports whether a request with this method may be retried.
func idempotent(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

// retryableStatus reports whether a status is worth another try.
func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// retryAfter parses a Retry-After header, in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(secs)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
