// Package inventory loads phone numbers into stock from CSV files, for
// `didstock inventory import`.
//
// # CSV format
//
// The first row is a header naming the columns, in any order and case;
// unknown columns are an error, so a typo is not silently ignored. One row
// is one number. The columns that describe its DID group are repeated on
// every row of the group; rows of one group must agree on them.
//
//	country                  ISO 3166-1 alpha-2 code, e.g. US (required)
//	region                   region/state name, e.g. New York (optional)
//	city                     city name (optional)
//	area                     numbering area name (optional; links the city to it)
//	type                     DID group type: Local, National, Toll-free, Mobile,
//	                         Shared Cost or Global (required)
//	prefix                   the group's national prefix, e.g. 212 or 800
//	                         (required, except that it defaults to npa)
//	features                 ;-separated: voice_in, voice_out, t38, sms_in, sms_out
//	                         (required)
//	setup_price              SKU 1 setup price, decimal, e.g. 0.50 (required)
//	monthly_price            SKU 1 monthly price (required)
//	channels_included_count  SKU 1 channels (default 0)
//	sku2_setup_price, sku2_monthly_price, sku2_channels_included_count, … up to
//	sku9_…                   further SKUs of the group (optional; a SKU is
//	                         present when its monthly price is set)
//	npa, nxx                 NANPA prefix, both or neither, only for +1 countries
//	number                   the number in E.164, digits with or without '+'
//	                         (required)
//
// Example:
//
//	country,region,city,type,prefix,features,setup_price,monthly_price,channels_included_count,sku2_setup_price,sku2_monthly_price,sku2_channels_included_count,npa,nxx,number
//	US,New York,New York,Local,212,voice_in;sms_in,0.40,0.80,0,0.40,2.10,2,212,461,12124610001
//	GB,England,London,Local,20,voice_in,1.00,1.50,0,,,,,,442079460001
//
// Numbers are checked with libphonenumber for the row's country. A row that
// fails any check is reported with its line number and reason; the others
// are imported. A number already in the database (in any state) is left as
// it is, so importing a file twice changes nothing.
//
// Existing records are matched, not duplicated: countries by ISO code,
// regions, cities and areas by country and name (case-insensitively),
// group types by name, NANPA prefixes by NPA and NXX, groups by country,
// city, area name, type, prefix and NANPA prefix. New ones get UUIDs derived
// from those same names, so two databases loaded from one file agree.
package inventory

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Row is one parsed CSV row, before the number is validated for its country.
type Row struct {
	Line     int
	Country  string // upper-case ISO code
	Region   string
	City     string
	Area     string
	Type     string
	Prefix   string
	Features []string
	SKUs     []SKU
	NPA, NXX string
	Number   string // digits only
}

// SKU is one price plan of a row's group.
type SKU struct {
	Setup, Monthly decimal.Decimal
	Channels       int
}

// maxSKUs is how many SKU column sets a file may have (sku1 is unprefixed).
const maxSKUs = 9

// Features are the DIDWW feature names a group may have.
var Features = []string{"voice_in", "voice_out", "t38", "sms_in", "sms_out"}

// Header maps the columns of a file to their positions.
type Header struct {
	col map[string]int
}

var baseColumns = []string{"country", "region", "city", "area", "type", "prefix", "features", "npa", "nxx", "number"}

func skuColumns(i int) (setup, monthly, channels string) {
	c := skuColumnNames[i]
	return c[0], c[1], c[2]
}

// skuColumnNames holds the column names of each SKU, built once: every row
// looks them up.
var skuColumnNames = func() (names [maxSKUs][3]string) {
	for i := range names {
		p := ""
		if i > 0 {
			p = "sku" + strconv.Itoa(i+1) + "_"
		}
		names[i] = [3]string{p + "setup_price", p + "monthly_price", p + "channels_included_count"}
	}
	return names
}()

func knownColumn(name string) bool {
	for _, c := range baseColumns {
		if c == name {
			return true
		}
	}
	for i := range maxSKUs {
		s, m, c := skuColumns(i)
		if name == s || name == m || name == c {
			return true
		}
	}
	return false
}

// ParseHeader reads the header row.
func ParseHeader(record []string) (*Header, error) {
	h := &Header{col: map[string]int{}}
	for i, name := range record {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if !knownColumn(name) {
			return nil, fmt.Errorf("header: unknown column %q", name)
		}
		if _, dup := h.col[name]; dup {
			return nil, fmt.Errorf("header: column %q appears twice", name)
		}
		h.col[name] = i
	}
	for _, req := range []string{"country", "type", "features", "setup_price", "monthly_price", "number"} {
		if _, ok := h.col[req]; !ok {
			return nil, fmt.Errorf("header: required column %q is missing", req)
		}
	}
	return h, nil
}

func (h *Header) get(record []string, name string) string {
	i, ok := h.col[name]
	if !ok || i >= len(record) {
		return ""
	}
	return strings.TrimSpace(record[i])
}

// ParseRow checks one record's syntax. Whether the number is valid for its
// country is checked later, in parallel, since it is the expensive part.
func (h *Header) ParseRow(line int, record []string) (Row, error) {
	r := Row{
		Line: line, Country: strings.ToUpper(h.get(record, "country")),
		Region: h.get(record, "region"), City: h.get(record, "city"), Area: h.get(record, "area"),
		Type: h.get(record, "type"), Prefix: h.get(record, "prefix"),
		NPA: h.get(record, "npa"), NXX: h.get(record, "nxx"),
		Number: strings.TrimPrefix(h.get(record, "number"), "+"),
	}
	if len(r.Country) != 2 || !isLetters(r.Country) {
		return r, fmt.Errorf("country %q is not an ISO 3166-1 alpha-2 code", r.Country)
	}
	if r.Type == "" {
		return r, errors.New("type is empty")
	}
	if r.Number == "" || !isDigits(r.Number) || len(r.Number) > 15 {
		return r, fmt.Errorf("number %q is not an E.164 number (up to 15 digits)", h.get(record, "number"))
	}
	if err := r.parseNANPA(); err != nil {
		return r, err
	}
	if r.Prefix == "" {
		r.Prefix = r.NPA
	}
	if r.Prefix == "" || !isDigits(r.Prefix) {
		return r, fmt.Errorf("prefix %q is not digits", r.Prefix)
	}
	var err error
	if r.Features, err = parseFeatures(h.get(record, "features")); err != nil {
		return r, err
	}
	if r.SKUs, err = h.parseSKUs(record); err != nil {
		return r, err
	}
	return r, nil
}

func (r *Row) parseNANPA() error {
	if (r.NPA == "") != (r.NXX == "") {
		return errors.New("npa and nxx go together")
	}
	if r.NPA == "" {
		return nil
	}
	if len(r.NPA) != 3 || len(r.NXX) != 3 || !isDigits(r.NPA+r.NXX) {
		return fmt.Errorf("npa %q and nxx %q must be three digits each", r.NPA, r.NXX)
	}
	if !strings.HasPrefix(r.Number, "1"+r.NPA+r.NXX) {
		return fmt.Errorf("number %s is not in NPA-NXX %s-%s", r.Number, r.NPA, r.NXX)
	}
	return nil
}

func parseFeatures(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == ' ' }) {
		f = strings.ToLower(f)
		known := false
		for _, k := range Features {
			known = known || k == f
		}
		if !known {
			return nil, fmt.Errorf("unknown feature %q (want %s)", f, strings.Join(Features, ", "))
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("features is empty")
	}
	return out, nil
}

func (h *Header) parseSKUs(record []string) ([]SKU, error) {
	var out []SKU
	for i := range maxSKUs {
		sc, mc, cc := skuColumns(i)
		setup, monthly, ch := h.get(record, sc), h.get(record, mc), h.get(record, cc)
		if monthly == "" && setup == "" && ch == "" {
			if i == 0 {
				return nil, errors.New("monthly_price is empty")
			}
			continue
		}
		var s SKU
		var err error
		if s.Monthly, err = price(mc, monthly); err != nil {
			return nil, err
		}
		if s.Setup, err = price(sc, setup); err != nil {
			return nil, err
		}
		if ch != "" {
			if s.Channels, err = strconv.Atoi(ch); err != nil || s.Channels < 0 {
				return nil, fmt.Errorf("%s %q is not a whole number ≥ 0", cc, ch)
			}
		}
		if slices.ContainsFunc(out, func(o SKU) bool { return o.Channels == s.Channels }) {
			return nil, fmt.Errorf("two SKUs with %d channels included", s.Channels)
		}
		out = append(out, s)
	}
	return out, nil
}

// price parses a non-negative decimal price with at most 6 decimal places.
func price(col, s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, fmt.Errorf("%s is empty", col)
	}
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		return d, fmt.Errorf("%s %q is not a decimal amount", col, s)
	}
	if d.IsNegative() || !d.Shift(6).IsInteger() {
		return d, fmt.Errorf("%s %q must be ≥ 0 with at most 6 decimal places", col, s)
	}
	return d, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
