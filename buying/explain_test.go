package buying

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/didstock/didstock/client"
)

func TestExplain(t *testing.T) {
	const base = "http://127.0.0.1:8080/v3"
	insufficient := &client.APIError{Status: 400, Errors: []client.ErrorObject{{Title: "Insufficient balance",
		Meta: map[string]any{"available_balance": json.Number("1.9"), "total_cost": json.Number("10.0")}}}}
	dialErr := &url.Error{Op: "Get", URL: base + "/countries", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	tests := []struct {
		name string
		err  error
		want string // "" means returned unchanged
	}{
		{"insufficient balance names both amounts", insufficient,
			"insufficient balance: the order costs 10.00 but the account has only 1.90 available"},
		{"401", &client.APIError{Status: 401}, "rejected the API key (401 Unauthorized); check --api-key or DIDWW_API_KEY"},
		{"403", &client.APIError{Status: 403, Errors: []client.ErrorObject{{Title: "Forbidden", Detail: "Number selection is disabled"}}},
			"not enabled for this account (403 Forbidden); buy any number of a DID group with --qty 1, or ask the provider to enable the number selection tool (server: Number selection is disabled)"},
		{"429 with Retry-After", &client.APIError{Status: 429, RetryAfter: 3 * time.Second}, "(429 Too Many Requests) and still was after retrying; wait 3s"},
		{"5xx", &client.APIError{Status: 503}, "the server failed (503 Service Unavailable); try again later"},
		{"unreachable", fmt.Errorf("GET /countries: %w", dialErr), "cannot reach the server at " + base},
		{"cancelled is not unreachable", fmt.Errorf("GET: %w", &url.Error{Op: "Get", URL: base, Err: context.Canceled}), ""},
		{"other API errors unchanged", &client.APIError{Status: 404}, ""},
		{"step errors unchanged", &StepError{Step: 2, What: "city", Message: "no city"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Explain(tt.err, base)
			if tt.want == "" {
				if got != tt.err {
					t.Fatalf("Explain changed %v into %v", tt.err, got)
				}
				return
			}
			if !strings.Contains(got.Error(), tt.want) {
				t.Fatalf("Explain = %q, want it to say %q", got, tt.want)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("the explained error no longer wraps the original")
			}
		})
	}
}

func TestExplainTaken(t *testing.T) {
	taken := func(pointer string) error {
		return &client.APIError{Status: 422, Errors: []client.ErrorObject{{Title: "is invalid", Code: "100",
			Source: client.ErrorSource{Pointer: pointer}}}}
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"available DID taken", taken("/data/attributes/items/0/available_did_id"), true},
		{"reservation gone", taken("/data/attributes/items/0/did_reservation_id"), true},
		{"reservation of a taken number", taken("/data/relationships/available_did"), true},
		{"another field", taken("/data/attributes/callback_url"), false},
		{"not a validation error", &client.APIError{Status: 404}, false},
	}
	for _, tt := range tests {
		got := explainTaken(tt.err, "12134610101")
		said := strings.Contains(got.Error(), "number 12134610101 was just taken by someone else")
		if said != tt.want {
			t.Errorf("%s: explainTaken = %q, want taken=%v", tt.name, got, tt.want)
		}
	}
}
