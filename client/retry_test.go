package client_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/didstock/didstock/client"
)

// hangUp closes the connection without answering: a network error.
func hangUp(t *testing.T) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
	}
}

func withRetryAfter(status int, after, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", after)
		writeDoc(w, status, body)
	}
}

const serviceUnavailable = `{"errors":[{"title":"Service unavailable","status":"503"}]}`

func TestRetries(t *testing.T) {
	listCountries := func(c *client.Client) error {
		_, err := c.ListCountries(testContext(t), client.Query{})
		return err
	}
	createOrder := func(c *client.Client) error {
		_, err := c.CreateOrder(testContext(t), client.OrderRequest{})
		return err
	}
	cancelOrder := func(c *client.Client) error { return c.CancelOrder(testContext(t), "o-1") }

	tests := []struct {
		name         string
		handler      func(t *testing.T) http.HandlerFunc
		call         func(*client.Client) error
		wantAttempts int
		wantStatus   int // 0: success, -1: a non-API (network) error
	}{
		{"GET 429 then 200", func(*testing.T) http.HandlerFunc {
			return sequence(serve(429, rateLimitedDoc), serve(200, emptyList))
		}, listCountries, 2, 0},
		{"GET 503 twice then 200", func(*testing.T) http.HandlerFunc {
			return sequence(serve(503, serviceUnavailable), serve(503, serviceUnavailable), serve(200, emptyList))
		}, listCountries, 3, 0},
		{"GET 503 until attempts run out", func(*testing.T) http.HandlerFunc {
			return serve(503, serviceUnavailable)
		}, listCountries, 3, 503},
		{"GET 429 until attempts run out", func(*testing.T) http.HandlerFunc {
			return serve(429, rateLimitedDoc)
		}, listCountries, 3, 429},
		{"GET network error then 200", func(t *testing.T) http.HandlerFunc {
			return sequence(hangUp(t), serve(200, emptyList))
		}, listCountries, 2, 0},
		{"GET 404 is final", func(*testing.T) http.HandlerFunc { return serve(404, notFoundDoc) }, listCountries, 1, 404},
		{"POST 503 is not retried", func(*testing.T) http.HandlerFunc {
			return sequence(serve(503, serviceUnavailable), serve(201, orderPending))
		}, createOrder, 1, 503},
		{"POST 429 is not retried", func(*testing.T) http.HandlerFunc {
			return sequence(serve(429, rateLimitedDoc), serve(201, orderPending))
		}, createOrder, 1, 429},
		{"POST network error is not retried", func(t *testing.T) http.HandlerFunc {
			return sequence(hangUp(t), serve(201, orderPending))
		}, createOrder, 1, -1},
		{"DELETE 503 is not retried", func(*testing.T) http.HandlerFunc {
			return serve(503, serviceUnavailable)
		}, cancelOrder, 1, 503},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.handler(t))
			err := tt.call(newClient(t, rec))
			eq(t, "attempts", len(rec.requests()), tt.wantAttempts)
			checkOutcome(t, err, tt.wantStatus)
		})
	}
}

// checkOutcome checks err against a wanted status: 0 success, -1 any
// non-API error, else an *APIError with that status.
func checkOutcome(t *testing.T, err error, wantStatus int) {
	t.Helper()
	var apiErr *client.APIError
	switch {
	case wantStatus == 0 && err != nil:
		t.Errorf("err = %v, want success", err)
	case wantStatus == -1 && (err == nil || errors.As(err, &apiErr)):
		t.Errorf("err = %v, want a network error", err)
	case wantStatus > 0 && (!errors.As(err, &apiErr) || apiErr.Status != wantStatus):
		t.Errorf("err = %v, want an APIError with status %d", err, wantStatus)
	}
}

func TestRetryHonoursCappedRetryAfter(t *testing.T) {
	// The backoff alone would wait an hour; finishing quickly shows the
	// client used Retry-After instead, and capped the server's hour too.
	policy := client.RetryPolicy{MaxAttempts: 2, BaseBackoff: time.Hour, MaxBackoff: time.Hour, MaxRetryAfter: 10 * time.Millisecond}
	tests := []struct{ name, header string }{
		{"seconds", "3600"},
		{"HTTP date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, sequence(withRetryAfter(429, tt.header, rateLimitedDoc), serve(200, emptyList)))
			ctx, cancel := context.WithTimeout(testContext(t), 5*time.Second)
			defer cancel()
			start := time.Now()
			_, err := newClient(t, rec, client.WithRetry(policy)).ListCountries(ctx, client.Query{})
			noErr(t, err)
			eq(t, "attempts", len(rec.requests()), 2)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v; Retry-After was not capped", d)
			}
		})
	}
}

func TestRetryAfterIsReportedOnTheError(t *testing.T) {
	rec := newRecorder(t, withRetryAfter(429, "7", rateLimitedDoc))
	_, err := newClient(t, rec).CreateOrder(testContext(t), client.OrderRequest{})
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	eq(t, "retry after", apiErr.RetryAfter, 7*time.Second)
}

func TestRetriesDisabled(t *testing.T) {
	rec := newRecorder(t, serve(503, serviceUnavailable))
	_, err := newClient(t, rec, client.WithRetry(client.RetryPolicy{MaxAttempts: 1})).ListCountries(testContext(t), client.Query{})
	checkOutcome(t, err, 503)
	eq(t, "attempts", len(rec.requests()), 1)
}
