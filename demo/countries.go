package demo

import (
	"sort"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	didstock "github.com/didstock/didstock"
)

// nameOverrides corrects the few English names that x/text gets wrong for a
// country list. x/text ships CLDR 32 (2017), so it predates two renamings,
// and CLDR's short forms for Hong Kong, Macao and the two Congos read oddly
// on their own.
var nameOverrides = map[string]string{
	"MK": "North Macedonia", // renamed 2019; CLDR 32 says "Macedonia"
	"SZ": "Eswatini",        // renamed 2018; CLDR 32 says "Swaziland"
	"HK": "Hong Kong",       // CLDR: "Hong Kong SAR China"
	"MO": "Macao",           // CLDR: "Macau SAR China"
	"CD": "Congo (DRC)",     // CLDR: "Congo - Kinshasa"
	"CG": "Congo",           // CLDR: "Congo - Brazzaville"
}

// countryName returns the English display name of an ISO 3166-1 alpha-2
// code, or "" when x/text has none. CLDR writes "&" in names such as
// "Bosnia & Herzegovina"; a catalogue reads better with "and".
func countryName(iso string) string {
	if name, ok := nameOverrides[iso]; ok {
		return name
	}
	region, err := language.ParseRegion(iso)
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(display.English.Regions().Name(region), " & ", " and ")
}

// buildCountries lists every region phonenumbers has metadata for that also
// has an English name, sorted by ISO code so that the order is stable.
func buildCountries() []*didstock.Country {
	var isos []string
	for iso := range phonenumbers.GetSupportedRegions() {
		isos = append(isos, iso)
	}
	sort.Strings(isos)
	var out []*didstock.Country
	for _, iso := range isos {
		name := countryName(iso)
		code := phonenumbers.GetCountryCodeForRegion(iso)
		if name == "" || code == 0 {
			continue
		}
		out = append(out, &didstock.Country{
			ID:     id("country", iso),
			Name:   name,
			ISO:    iso,
			Prefix: strconv.Itoa(code),
		})
	}
	return out
}
