package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// wireTime accepts the timestamp spellings seen on DIDWW-compatible
// servers: RFC 3339 with milliseconds on orders and DIDs, but
// "2006-01-02 15:04:05" (no zone, UTC) on DID reservations.
type wireTime struct{ t *time.Time }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05 MST",
}

func (w *wireTime) UnmarshalJSON(b []byte) error {
	s, present, err := nullableString(b)
	if err != nil || !present {
		return err
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			w.t = &t
			return nil
		}
	}
	return fmt.Errorf("unrecognised timestamp %q", s)
}

// value returns the time or the zero time.
func (w wireTime) value() time.Time {
	if w.t == nil {
		return time.Time{}
	}
	return *w.t
}

// wireDate is a calendar date such as billed_from "2018-08-15".
type wireDate struct{ t *time.Time }

func (w *wireDate) UnmarshalJSON(b []byte) error {
	s, present, err := nullableString(b)
	if err != nil || !present {
		return err
	}
	// Some servers send a full timestamp where a date is documented.
	for _, layout := range append([]string{time.DateOnly}, timeLayouts...) {
		if t, err := time.Parse(layout, s); err == nil {
			w.t = &t
			return nil
		}
	}
	return fmt.Errorf("unrecognised date %q", s)
}

// nullableString decodes a JSON string, reporting null and "" as absent.
func nullableString(b []byte) (string, bool, error) {
	if isNull(b) {
		return "", false, nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", false, err
	}
	s = strings.TrimSpace(s)
	return s, s != "", nil
}

// checkDecimals makes sure money strings parse, so that the Decimal
// accessors on decoded values never silently read a malformed amount.
func checkDecimals(what string, values ...string) error {
	for _, v := range values {
		if v == "" {
			continue
		}
		if _, err := decimal.NewFromString(v); err != nil {
			return fmt.Errorf("client: %s: amount %q is not a decimal", what, v)
		}
	}
	return nil
}

// dec parses an amount that was validated at decode time. Values built by
// hand that do not parse read as zero.
func dec(s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero
	}
	return d
}
