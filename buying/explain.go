package buying

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/didstock/didstock/client"
)

func decimalFrom(s string) (decimal.Decimal, error) { return decimal.NewFromString(s) }

// PlainError is a server or network failure put in words a buyer can act
// on. It wraps the original error, so errors.Is and client.IsNotFound and
// the like still see it.
type PlainError struct {
	Message string
	Err     error
}

func (e *PlainError) Error() string { return e.Message }
func (e *PlainError) Unwrap() error { return e.Err }

// Explain rewords err when it is one of the failures a buyer meets (wrong
// key, rate limit, insufficient balance, number selection disabled, server
// unreachable); other errors are returned as they are. baseURL names the
// server in messages.
func Explain(err error, baseURL string) error {
	if err == nil {
		return nil
	}
	var plain *PlainError
	var step *StepError
	if errors.As(err, &plain) || errors.As(err, &step) {
		return err
	}
	if avail, cost, ok := client.AsInsufficientBalance(err); ok {
		return &PlainError{Err: err, Message: insufficientMessage(avail, cost)}
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		if msg := statusMessage(apiErr, baseURL); msg != "" {
			return &PlainError{Err: err, Message: msg}
		}
		return err
	}
	if unreachable(err) {
		return &PlainError{Err: err, Message: fmt.Sprintf(
			"cannot reach the server at %s (is it running? set --base-url or DIDSTOCK_BASE_URL): %v", baseURL, rootCause(err))}
	}
	return err
}

func insufficientMessage(avail, cost string) string {
	switch {
	case avail != "" && cost != "":
		return fmt.Sprintf("insufficient balance: the order costs %s but the account has only %s available (balance plus credit); "+
			"top up the account and try again", Money(cost), Money(avail))
	case cost != "":
		return fmt.Sprintf("insufficient balance: the order costs %s, more than the account has available; top up and try again", Money(cost))
	}
	return "insufficient balance: the order costs more than the account has available; top up and try again"
}

func statusMessage(e *client.APIError, baseURL string) string {
	switch e.Status {
	case 401:
		return fmt.Sprintf("the server at %s rejected the API key (401 Unauthorized); check --api-key or DIDWW_API_KEY", baseURL)
	case 403:
		return "number selection (choosing a specific number) is not enabled for this account (403 Forbidden); " +
			"buy any number of a DID group with --qty 1, or ask the provider to enable the number selection tool" +
			detail(e)
	case 429:
		wait := "a moment"
		if e.RetryAfter > 0 {
			wait = e.RetryAfter.String()
		}
		return fmt.Sprintf("the server is limiting the request rate (429 Too Many Requests) and still was after retrying; wait %s and try again", wait)
	}
	if e.Status >= 500 {
		return fmt.Sprintf("the server failed (%s); try again later", e.Error())
	}
	return ""
}

// detail adds the server's own words when it gave any beyond the title.
func detail(e *client.APIError) string {
	for _, o := range e.Errors {
		if o.Detail != "" && !strings.EqualFold(o.Detail, o.Title) {
			return " (server: " + o.Detail + ")"
		}
	}
	return ""
}

// explainTaken rewords the 422 a server gives when the chosen number or its
// reservation is no longer there: someone else was faster.
func explainTaken(err error, number string) error {
	e, ok := errors.AsType[*client.APIError](err)
	if !ok || !client.IsValidation(err) || number == "" {
		return err
	}
	for _, o := range e.Errors {
		p := o.Source.Pointer
		if strings.Contains(p, "available_did") || strings.Contains(p, "did_reservation") {
			return &PlainError{Err: err, Message: fmt.Sprintf(
				"number %s was just taken by someone else (or its reservation expired) (%s); run the command again to pick another", number, e.Error())}
		}
	}
	return err
}

// unreachable reports a failure to talk to the server at all, as opposed
// to an answer or a cancelled command.
func unreachable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ue *url.Error
	var oe *net.OpError
	return errors.As(err, &oe) || errors.As(err, &ue)
}

func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}
