package client_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/didstock/didstock/client"
)

const (
	unauthorizedDoc = `{"errors":[{"title":"Unauthorized","detail":"Authorization failed","code":"401","status":"401"}]}`
	notFoundDoc     = `{"errors":[{"title":"Record not found","detail":"The record identified by o-404 could not be found.","code":"404","status":"404"}]}`
	validationDoc   = `{"errors":[{"title":"is invalid","detail":"available_did - is invalid","code":"100",
		"source":{"pointer":"/data/relationships/available_did"},"status":"422"}]}`
	insufficientDoc = `{"errors":[{"title":"Insufficient balance","detail":"Insufficient balance","code":"400","status":"400",
		"meta":{"available_balance":"1.90","total_cost":2.10}}]}`
	rateLimitedDoc = `{"errors":[{"status":"429","detail":"Too Many Requests"}]}`
)

// predicates are the error helpers, each of which should match exactly one
// kind of failure.
var predicates = map[string]func(error) bool{
	"IsUnauthorized": client.IsUnauthorized,
	"IsNotFound":     client.IsNotFound,
	"IsValidation":   client.IsValidation,
	"IsRateLimited":  client.IsRateLimited,
	"AsInsufficientBalance": func(err error) bool {
		_, _, ok := client.AsInsufficientBalance(err)
		return ok
	},
}

func TestErrorDecoding(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantMsg string
		matches string // the one predicate that should be true
	}{
		{"401", 401, unauthorizedDoc, "401 Unauthorized: Unauthorized: Authorization failed", "IsUnauthorized"},
		{"404", 404, notFoundDoc, "404 Not Found: Record not found: The record identified by o-404 could not be found.", "IsNotFound"},
		{"422", 422, validationDoc, "422 Unprocessable Entity: is invalid: available_did - is invalid (at /data/relationships/available_did)", "IsValidation"},
		{"400 insufficient balance", 400, insufficientDoc, "400 Bad Request: Insufficient balance", "AsInsufficientBalance"},
		{"429", 429, rateLimitedDoc, "429 Too Many Requests: Too Many Requests", "IsRateLimited"},
		{"non JSON:API body", 404, "<h1>no such page</h1>", "404 Not Found: <h1>no such page</h1>", "IsNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, serve(tt.status, tt.body))
			// POST, so that even 429 is answered at once rather than retried.
			_, err := newClient(t, rec).CreateOrder(testContext(t), client.OrderRequest{})
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *client.APIError", err, err)
			}
			eq(t, "status", apiErr.Status, tt.status)
			eq(t, "message", err.Error(), tt.wantMsg)
			checkPredicates(t, err, tt.matches)
		})
	}
}

// checkPredicates makes sure err matches its own helper and no other.
func checkPredicates(t *testing.T, err error, want string) {
	t.Helper()
	for name, p := range predicates {
		if got := p(err); got != (name == want) {
			t.Errorf("%s(%v) = %v", name, err, got)
		}
	}
}

func TestErrorFields(t *testing.T) {
	rec := newRecorder(t, serve(422, validationDoc))
	_, err := newClient(t, rec).CreateReservation(testContext(t), "gone", "")
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || len(apiErr.Errors) != 1 {
		t.Fatalf("err = %v", err)
	}
	eq(t, "object", apiErr.Errors[0], client.ErrorObject{
		Title: "is invalid", Detail: "available_did - is invalid", Code: "100", Status: "422",
		Source: client.ErrorSource{Pointer: "/data/relationships/available_did"},
	})
}

func TestAsInsufficientBalance(t *testing.T) {
	tests := []struct {
		name                 string
		status               int
		body                 string
		wantAvail, wantTotal string
		wantOK               bool
	}{
		{"string and number amounts stay exact", 400, insufficientDoc, "1.90", "2.10", true},
		{"wording only", 400, `{"errors":[{"title":"Insufficient funds","code":"400"}]}`, "", "", true},
		{"other 400", 400, `{"errors":[{"title":"Bad filter","source":{"parameter":"filter[x]"}}]}`, "", "", false},
		{"404", 404, notFoundDoc, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, serve(tt.status, tt.body))
			_, err := newClient(t, rec).CreateOrder(testContext(t), client.OrderRequest{})
			avail, total, ok := client.AsInsufficientBalance(err)
			eq(t, "result", [2]string{avail, total}, [2]string{tt.wantAvail, tt.wantTotal})
			eq(t, "ok", ok, tt.wantOK)
		})
	}
}

func TestPredicatesOnOtherErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("plain"), context.Canceled} {
		checkPredicates(t, err, "")
	}
	wrapped := fmt.Errorf("buying: %w", &client.APIError{Status: 404})
	if !client.IsNotFound(wrapped) {
		t.Error("IsNotFound should see through wrapping")
	}
}
