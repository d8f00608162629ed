package didstock

import (
	"errors"
	"fmt"
)

// Error codes of the domain. The HTTP layer maps each to a status and a
// JSON:API error document in one place (httpapi/errors.go); storage layers
// translate their own driver errors into these codes.
const (
	EINVALID       = "invalid"        // input failed validation (422, code 100)
	EBADPARAM      = "bad_parameter"  // unsupported query parameter (400)
	ENOTFOUND      = "not_found"      // record missing or owned by another account (404)
	EUNAUTHORIZED  = "unauthorized"   // no or wrong API key (401)
	EFORBIDDEN     = "forbidden"      // feature not enabled for the account (403)
	ECONFLICT      = "conflict"       // e.g. number taken concurrently (409 or 422 by context)
	EINSUFFICIENT  = "insufficient"   // total cost exceeds balance + credit (400)
	ERATELIMITED   = "rate_limited"   // too many requests (429)
	EUNSUPPORTED   = "unsupported"    // bad Content-Type (415)
	ENOTACCEPTABLE = "not_acceptable" // bad Accept (406)
	EINTERNAL      = "internal"       // anything else (500); details never shown
)

// Error is the one error type of the domain. Message is safe to show to a
// client; Pointer and Parameter locate the offending input the way JSON:API
// error sources do.
type Error struct {
	Code      string
	Title     string // optional; a default per code is used when empty
	Message   string
	Pointer   string // JSON pointer into the request document, e.g. /data/attributes/items/0/sku_id
	Parameter string // query parameter, e.g. filter[foo]
	Meta      map[string]any
}

func (e *Error) Error() string {
	return fmt.Sprintf("didstock error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns the error the reference answers for a missing record.
func NotFound(id string) *Error {
	return &Error{Code: ENOTFOUND, Title: "Record not found",
		Message: fmt.Sprintf("The record identified by %s could not be found.", id)}
}

// Invalid returns a validation error that points at a request field.
func Invalid(pointer, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Pointer: pointer, Message: fmt.Sprintf(format, args...)}
}

// BadParam returns an error naming an unsupported query parameter.
func BadParam(param, format string, args ...any) *Error {
	return &Error{Code: EBADPARAM, Parameter: param, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, else EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
