package client_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/didstock/didstock/client"
)

// orderWithStatus is orderPending with another status spelling.
func orderWithStatus(status string) string {
	return strings.Replace(orderPending, `"status": "pending"`, `"status": "`+status+`"`, 1)
}

func TestWaitOrder(t *testing.T) {
	tests := []struct {
		name     string
		statuses []string
		want     string
	}{
		{"lowercase until completed", []string{"pending", "pending", "completed"}, client.StatusCompleted},
		{"2022-05-10 casing", []string{"Pending", "Completed"}, client.StatusCompleted},
		{"canceled ends the wait", []string{"pending", "canceled"}, client.StatusCanceled},
		{"already final", []string{"Canceled"}, client.StatusCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hs []http.HandlerFunc
			for _, s := range tt.statuses {
				hs = append(hs, serve(200, orderWithStatus(s)))
			}
			rec := newRecorder(t, only(t, "/v3/orders/o-1", sequence(hs...)))
			// A deadline turns a WaitOrder that never sees the end into a failure, not a hang.
			ctx, cancel := context.WithTimeout(testContext(t), 5*time.Second)
			defer cancel()
			var seenStatuses []string
			o, err := newClient(t, rec).WaitOrder(ctx, "o-1", time.Millisecond, func(o *client.Order) {
				seenStatuses = append(seenStatuses, o.Status)
			})
			noErr(t, err)
			eq(t, "status", o.Status, tt.want)
			eq(t, "polls", len(rec.requests()), len(tt.statuses))
			eq(t, "progress calls", len(seenStatuses), len(tt.statuses))
			eq(t, "last progress", seenStatuses[len(seenStatuses)-1], tt.want)
		})
	}
}

func TestWaitOrderStopsWithContext(t *testing.T) {
	rec := newRecorder(t, serve(200, orderPending))
	ctx, cancel := context.WithTimeout(testContext(t), 30*time.Millisecond)
	defer cancel()
	o, err := newClient(t, rec).WaitOrder(ctx, "o-1", 5*time.Millisecond, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
	if o == nil || o.Status != client.StatusPending {
		t.Errorf("want the last pending order back, got %+v", o)
	}
}

func TestWaitOrderReturnsFetchErrors(t *testing.T) {
	rec := newRecorder(t, sequence(serve(200, orderPending), serve(404, notFoundDoc)))
	o, err := newClient(t, rec).WaitOrder(testContext(t), "o-1", time.Millisecond, nil)
	if !client.IsNotFound(err) {
		t.Fatalf("err = %v, want not found", err)
	}
	eq(t, "last order id", o.ID, "o-1")
}

func TestContextCancellation(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		policy  client.RetryPolicy
	}{
		{
			name: "while the server is slow",
			handler: func(w http.ResponseWriter, r *http.Request) {
				// Answers only when the client gives up; the bound keeps the
				// server's Close from waiting forever should the client's
				// going away ever go unnoticed.
				select {
				case <-r.Context().Done():
				case <-time.After(10 * time.Second):
				}
			},
			policy: fastRetry(),
		},
		{
			name:    "while backing off before a retry",
			handler: serve(503, serviceUnavailable),
			policy:  client.RetryPolicy{MaxAttempts: 5, BaseBackoff: time.Hour, MaxBackoff: time.Hour},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, tt.handler)
			ctx, cancel := context.WithTimeout(testContext(t), 30*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := newClient(t, rec, client.WithRetry(tt.policy)).ListCountries(ctx, client.Query{})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want deadline exceeded", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("returned after %v, want promptly", d)
			}
			eq(t, "attempts", len(rec.requests()), 1)
		})
	}
}
