// Package buying is the buyer's side of didstock's command line: it finds
// numbers with the five steps of the reference's "buy an available number"
// flow (country, city, DID group, available DID and SKU, order) against any
// DIDWW-v3-compatible endpoint, explains in plain words why a step found
// nothing, and places and follows the order. It talks to the server only
// through package client, and to the user only through the readers and
// writers it is given, so the command line stays a thin shell around it.
package buying

import (
	"fmt"
	"net/url"
	"strings"
)

// AnyChannels asks for the cheapest SKU whatever its included channels.
const AnyChannels = -1

// Criteria say which numbers are wanted. Empty strings mean "any".
type Criteria struct {
	Country string // ISO 3166 code ("US") or name ("United States")
	// At most one of City, Region and Area narrows the country.
	City, Region, Area string
	Type               string // DID group type name: Local, Mobile, Toll-free…
	NPANXX             string // North American NPA-NXX, e.g. "212461" or "212-461"
	NumberContains     string // digits the number must contain
	Number             string // one exact number, e.g. "12134610101" or "+1 213 461 0101"
	// Channels picks the SKU with this channels_included_count, as the
	// reference flow instructs; AnyChannels takes the cheapest SKU.
	Channels int
}

// Validate checks the criteria before any request is made, so mistakes in
// the command line are reported as such rather than as empty results.
func (c *Criteria) Validate() error {
	c.trim()
	if c.Country == "" && c.Number == "" {
		return fmt.Errorf("--country is required (an ISO code such as US, or a name such as \"United States\"), unless --number is given")
	}
	if n := countSet(c.City, c.Region, c.Area); n > 1 {
		return fmt.Errorf("give at most one of --city, --region and --area")
	}
	if c.NPANXX != "" {
		d := digitsOnly(c.NPANXX)
		if len(d) != 6 || !allDigits(strings.NewReplacer("-", "", " ", "").Replace(c.NPANXX)) {
			return fmt.Errorf("--npanxx %q: want six digits, NPA then NXX, e.g. 212461 or 212-461", c.NPANXX)
		}
		c.NPANXX = d
	}
	if c.NumberContains != "" && !allDigits(c.NumberContains) {
		return fmt.Errorf("--number-contains %q: want digits only", c.NumberContains)
	}
	if c.Number != "" {
		d := digitsOnly(c.Number)
		if len(d) < 6 || len(d) > 15 || !allDigits(strings.NewReplacer("+", "", " ", "", "-", "", "(", "", ")", "").Replace(c.Number)) {
			return fmt.Errorf("--number %q: want a number in international format, 6 to 15 digits, e.g. 12134610101", c.Number)
		}
		c.Number = d
	}
	if c.Channels < AnyChannels {
		return fmt.Errorf("--channels %d: want 0 or more", c.Channels)
	}
	return nil
}

func (c *Criteria) trim() {
	for _, p := range []*string{&c.Country, &c.City, &c.Region, &c.Area, &c.Type, &c.NPANXX, &c.NumberContains, &c.Number} {
		*p = strings.TrimSpace(*p)
	}
}

// Order says how to place the order once numbers are found.
type Order struct {
	// Qty > 0 buys that many numbers of a DID group without choosing them
	// (sku_id + qty, or + nanpa_prefix_id with an NPA-NXX). 0 chooses one
	// number, except with an NPA-NXX, where it means one.
	Qty         int
	Reserve     bool // reserve the chosen number first, then order by reservation
	NoBackOrder bool
	CallbackURL string
}

func (o *Order) validate(c *Criteria) error {
	if o.Qty < 0 || o.Qty > 100 {
		return fmt.Errorf("--qty %d: want 1 to 100", o.Qty)
	}
	choosing := c.Number != "" || c.NumberContains != "" || o.Reserve
	if choosing && o.Qty > 1 {
		return fmt.Errorf("--qty %d buys any numbers of a DID group; --number, --number-contains and --reserve choose one number, so they take no --qty (or --qty 1)", o.Qty)
	}
	if o.CallbackURL != "" {
		u, err := url.Parse(o.CallbackURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--callback-url %q: want an absolute http:// or https:// URL", o.CallbackURL)
		}
	}
	return nil
}

// choosesNumber reports whether the flow picks one specific available
// number (steps 4 and 5 by available_did_id or reservation) rather than
// ordering a quantity of a group.
func (o *Order) choosesNumber(c *Criteria) bool {
	if c.Number != "" || c.NumberContains != "" || o.Reserve {
		return true
	}
	return o.Qty == 0 && c.NPANXX == ""
}

// qty is the quantity of a group order.
func (o *Order) qty() int { return max(o.Qty, 1) }

func countSet(vals ...string) int {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	return n
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
