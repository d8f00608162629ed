package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is a non-2xx answer from the server. Errors holds the JSON:API
// error objects of the response; it is empty when the body was not a
// JSON:API error document (a proxy's HTML page, say).
type APIError struct {
	Status     int // HTTP status code
	Errors     []ErrorObject
	RetryAfter time.Duration // from the Retry-After header, 0 when absent
	// Body is the start of a response body that was not a JSON:API error
	// document, kept so the error message can still say something useful.
	Body string
}

// ErrorObject is one JSON:API error object.
type ErrorObject struct {
	Title  string         `json:"title,omitempty"`
	Detail string         `json:"detail,omitempty"`
	Code   string         `json:"code,omitempty"`
	Status string         `json:"status,omitempty"`
	Source ErrorSource    `json:"source,omitzero"`
	Meta   map[string]any `json:"meta,omitempty"`
}

// ErrorSource locates the offending input: Pointer into the request
// document (e.g. /data/relationships/available_did) or the query Parameter.
type ErrorSource struct {
	Pointer   string `json:"pointer,omitempty"`
	Parameter string `json:"parameter,omitempty"`
}

// Error reads like "404 Not Found: Record not found: The record identified
// by … could not be found." so a CLI can print it as it is.
func (e *APIError) Error() string {
	head := fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	var parts []string
	for _, o := range e.Errors {
		parts = append(parts, o.describe())
	}
	if len(parts) == 0 && e.Body != "" {
		parts = append(parts, e.Body)
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, "; ")
}

// describe joins title, detail and source without repeating a detail that
// merely echoes the title (the reference's "Insufficient balance" twice).
func (o ErrorObject) describe() string {
	var words []string
	if o.Title != "" {
		words = append(words, o.Title)
	}
	if o.Detail != "" && !strings.EqualFold(o.Detail, o.Title) {
		words = append(words, o.Detail)
	}
	s := strings.Join(words, ": ")
	if where := o.Source.Pointer + o.Source.Parameter; where != "" {
		s += " (at " + where + ")"
	}
	if s == "" {
		s = "error code " + o.Code
	}
	return s
}

// decodeAPIError builds the error for a non-2xx response body.
func decodeAPIError(status int, header http.Header, body []byte) *APIError {
	e := &APIError{Status: status, RetryAfter: retryAfter(header, time.Now())}
	var doc struct {
		Errors []ErrorObject `json:"errors"`
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber() // keeps meta amounts such as total_cost exact
	if d.Decode(&doc) == nil && len(doc.Errors) > 0 {
		e.Errors = doc.Errors
		return e
	}
	e.Body = snippet(body)
	return e
}

// snippet shortens a body to one readable line.
func snippet(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	const max = 200
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// asAPIError unwraps err to an *APIError.
func asAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

func hasStatus(err error, status int) bool {
	e, ok := asAPIError(err)
	return ok && e.Status == status
}

// IsNotFound reports whether err is a 404 (record not found, or owned by
// another account).
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether err is a 401: missing or wrong API key.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsRateLimited reports whether err is a 429 (after any retries).
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

// IsValidation reports whether err is a validation failure: status 422 or
// an error object with the reference's validation code "100". The source
// pointers of e.Errors say which fields were rejected.
func IsValidation(err error) bool {
	e, ok := asAPIError(err)
	if !ok {
		return false
	}
	if e.Status == http.StatusUnprocessableEntity {
		return true
	}
	for _, o := range e.Errors {
		if o.Code == "100" {
			return true
		}
	}
	return false
}

// AsInsufficientBalance reports whether err is the reference's
// insufficient-balance answer to an order (400, title "Insufficient
// balance", meta available_balance and total_cost) and returns the two
// amounts exactly as sent. Either amount is "" when the server left it out.
func AsInsufficientBalance(err error) (available, totalCost string, ok bool) {
	e, isAPI := asAPIError(err)
	if !isAPI {
		return "", "", false
	}
	for _, o := range e.Errors {
		if !o.insufficientBalance() {
			continue
		}
		return metaText(o.Meta, "available_balance"), metaText(o.Meta, "total_cost"), true
	}
	return "", "", false
}

// insufficientBalance matches on the meta keys first, which are specific to
// this error, then on the wording for servers that omit the meta.
func (o ErrorObject) insufficientBalance() bool {
	if _, ok := o.Meta["available_balance"]; ok {
		return true
	}
	if _, ok := o.Meta["total_cost"]; ok {
		return true
	}
	text := strings.ToLower(o.Title + " " + o.Detail)
	return strings.Contains(text, "insufficient") &&
		(strings.Contains(text, "balance") || strings.Contains(text, "funds"))
}

// metaText renders a meta value as text; numbers keep their exact digits
// because errors are decoded with json.Number.
func metaText(meta map[string]any, key string) string {
	switch v := meta[key].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	default:
		return fmt.Sprint(v)
	}
}
