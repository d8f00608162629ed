package client

import (
	"math"
	"net/http"
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}.normalized()
	tests := []struct {
		retry int
		full  time.Duration // the un-jittered delay
	}{
		{1, 100 * time.Millisecond},
		{2, 200 * time.Millisecond},
		{3, 400 * time.Millisecond},
		{4, 800 * time.Millisecond},
		{5, time.Second},
		{9, time.Second},
	}
	for _, tt := range tests {
		for range 50 {
			d := p.backoff(tt.retry)
			if d < tt.full/2 || d > tt.full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tt.retry, d, tt.full/2, tt.full)
			}
		}
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 4, 20, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"5", 5 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestWaitPrefersCappedRetryAfter(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 3, BaseBackoff: time.Hour, MaxBackoff: time.Hour, MaxRetryAfter: time.Minute}.normalized()
	tests := []struct {
		retryAfter, want time.Duration
	}{
		{10 * time.Second, 10 * time.Second},
		{time.Hour, time.Minute},
	}
	for _, tt := range tests {
		if got := p.wait(1, tt.retryAfter); got != tt.want {
			t.Errorf("wait(1, %v) = %v, want %v", tt.retryAfter, got, tt.want)
		}
	}
}

func TestBackoffNeverOverflows(t *testing.T) {
	// Caps near the largest Duration must not double into negative waits,
	// which would make the jitter panic or the client spin.
	p := RetryPolicy{MaxAttempts: 100, BaseBackoff: time.Duration(1) << 61, MaxBackoff: time.Duration(math.MaxInt64)}.normalized()
	for n := 1; n < 100; n++ {
		if d := p.backoff(n); d < 0 || d > p.MaxBackoff {
			t.Fatalf("backoff(%d) = %v, want within [0, %v]", n, d, p.MaxBackoff)
		}
	}
}

func TestDefaultClientHasATimeout(t *testing.T) {
	// http.DefaultClient would wait forever for a server that never answers.
	if got := New("", "k").httpClient.Timeout; got != DefaultTimeout {
		t.Errorf("default HTTP client timeout = %v, want %v", got, DefaultTimeout)
	}
}
