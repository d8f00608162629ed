package inventory

import (
	"strings"
	"testing"
)

const testHeader = "country,region,city,area,type,prefix,features,setup_price,monthly_price,channels_included_count,sku2_setup_price,sku2_monthly_price,sku2_channels_included_count,npa,nxx,number"

func TestParseRow(t *testing.T) {
	h, err := ParseHeader(strings.Split(testHeader, ","))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, line, err string
	}{
		{"nanpa with two SKUs", "US,New York,New York,,Local,212,voice_in;sms_in,0.40,0.80,0,0.40,2.10,2,212,461,+12124610001", ""},
		{"prefix defaults to npa", "US,,NYC,,Local,,voice_in,0,1,0,,,,212,461,12124610001", ""},
		{"lower-case iso", "gb,,London,,Local,20,voice_in,1,1.5,0,,,,,,442079460001", ""},
		{"bad iso", "USA,,,,Local,212,voice_in,0,1,0,,,,,,12124610001", "ISO 3166-1"},
		{"letters in number", "US,,,,Local,212,voice_in,0,1,0,,,,,,1212abc", "E.164"},
		{"npa without nxx", "US,,,,Local,212,voice_in,0,1,0,,,,212,,12124610001", "go together"},
		{"number outside nxx", "US,,,,Local,212,voice_in,0,1,0,,,,212,462,12124610001", "not in NPA-NXX"},
		{"unknown feature", "US,,,,Local,212,fax,0,1,0,,,,,,12124610001", "unknown feature"},
		{"no features", "US,,,,Local,212,,0,1,0,,,,,,12124610001", "features is empty"},
		{"negative price", "US,,,,Local,212,voice_in,-1,1,0,,,,,,12124610001", "must be ≥ 0"},
		{"float price", "US,,,,Local,212,voice_in,1e2,1,0,,,,,,12124610001", "not a decimal"},
		{"duplicate channels", "US,,,,Local,212,voice_in,0,1,0,0,2,0,,,12124610001", "two SKUs with 0 channels"},
		{"no monthly price", "US,,,,Local,212,voice_in,,,,,,,,,12124610001", "monthly_price is empty"},
		{"short row", "US", "type is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.ParseRow(2, strings.Split(tc.line, ","))
			if tc.err == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	for _, tc := range []struct{ header, err string }{
		{testHeader, ""},
		{"\ufeffCountry,Type,Features,Setup_Price,Monthly_Price,Number", ""},
		{"country,type,features,setup_price,monthly_price", "\"number\" is missing"},
		{"country,type,features,setup_price,monthly_price,number,colour", "unknown column \"colour\""},
		{"country,country,type,features,setup_price,monthly_price,number", "appears twice"},
	} {
		_, err := ParseHeader(strings.Split(tc.header, ","))
		if (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%q: error %v, want %q", tc.header, err, tc.err)
		}
	}
}

// FuzzParseRow feeds arbitrary fields to the row parser: it must never
// panic, and a row it accepts must satisfy the invariants the importer
// relies on.
func FuzzParseRow(f *testing.F) {
	f.Add("US,New York,New York,,Local,212,voice_in;sms_in,0.40,0.80,0,0.40,2.10,2,212,461,12124610001")
	f.Add("GB,England,London,London,Local,20,voice_in,1,1.5,0,,,,,,442079460001")
	f.Add("US,,,,Toll-free,,voice_in,0,1,x,,,,,,1800")
	f.Add(",,,,,,,,,,,,,,,")
	h, err := ParseHeader(strings.Split(testHeader, ","))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		r, err := h.ParseRow(2, strings.Split(line, ","))
		if err != nil {
			return
		}
		if !isDigits(r.Number) || len(r.Number) > 15 || !isDigits(r.Prefix) || len(r.Country) != 2 {
			t.Fatalf("accepted a malformed row: %+v", r)
		}
		if len(r.SKUs) == 0 || len(r.Features) == 0 {
			t.Fatalf("accepted a row without SKUs or features: %+v", r)
		}
		if r.NPA != "" && !strings.HasPrefix(r.Number, "1"+r.NPA+r.NXX) {
			t.Fatalf("accepted a number outside its NPA-NXX: %+v", r)
		}
	})
}
