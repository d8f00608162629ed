// Package callbacks delivers order status callbacks the way the DIDWW API v3
// does: it normalizes and validates callback URLs, signs the parameters with
// the account's API key (X-DIDWW-Signature), sends one attempt over HTTP
// through a client that refuses private networks, and knows the retry
// schedule.
//
// It keeps no state. The order fulfilment worker stores each pending delivery
// durably (a River job) and calls Deliver once per attempt, asking NextDelay
// when to try again; that way a restart loses no callback and this package
// needs no database.
package callbacks

import (
	"errors"
	"fmt"
)

// Sentinel errors, always returned wrapped with context; test with errors.Is.
// Their texts carry no "callbacks:" prefix because they usually sit inside a
// longer message that already has one.
var (
	// ErrInvalidURL: the callback URL does not parse, is not http or https,
	// or has no usable host.
	ErrInvalidURL = errors.New("invalid callback URL")
	// ErrPrivateAddress: the callback would reach loopback, a private or
	// link-local network, or another address range a customer must not be
	// able to make the server call.
	ErrPrivateAddress = errors.New("private network address refused")
	// ErrUnsupportedMethod: the callback method is neither "get" nor "post".
	ErrUnsupportedMethod = errors.New("unsupported callback method")
	// ErrNoAPIKey: there is no key to sign with.
	ErrNoAPIKey = errors.New("empty API key")
	// ErrStatus: the receiver answered, but not with a 2xx status.
	ErrStatus = errors.New("non-2xx answer")
	// ErrTimeout: the receiver did not answer within the timeout.
	ErrTimeout = errors.New("no answer within the timeout")
)

// StatusError is the error of a delivery answered with a non-2xx status,
// including 3xx since redirects are never followed. It unwraps to ErrStatus.
type StatusError struct {
	StatusCode int
	Status     string // e.g. "503 Service Unavailable"
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: %s", ErrStatus, e.Status)
}

func (e *StatusError) Unwrap() error { return ErrStatus }
