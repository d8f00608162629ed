package inventory

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// Validating a number with phonenumbers.Parse and IsValidNumberForRegion
// costs about 33 µs here: Parse runs an extension-stripping regex over the
// text, and every type check concatenates a pattern string, looks it up in
// a mutex-guarded cache and matches it twice. A million numbers would spend
// 16 s of two cores on that alone. The validator below applies the same
// rules to the same metadata, compiled once per country, with the types
// tried in the order the last numbers matched, which costs a few µs.
//
// It only ever accepts early: a number it rejects is handed to the library's
// own Parse and IsValidNumberForRegion, which have the last word (and write
// the reason). TestFastValidatorAgreesWithLibrary cross-checks the two.

// countryRules are the compiled validity rules of one region.
type countryRules struct {
	iso     string
	cc      string // calling code, e.g. "44"
	general numberDesc
	types   []numberDesc
}

// numberDesc is a compiled PhoneNumberDesc: a national significant number
// matches when its length is a possible one (or none are listed) and the
// anchored pattern matches.
type numberDesc struct {
	lengths []int32
	re      *regexp.Regexp
}

func (d *numberDesc) matches(nsn string) bool {
	if len(d.lengths) > 0 {
		ok := false
		for _, l := range d.lengths {
			if int32(len(nsn)) == l {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return d.re.MatchString(nsn)
}

func compileDesc(d *phonenumbers.PhoneNumberDesc) (numberDesc, bool) {
	pat := d.GetNationalNumberPattern()
	if d == nil || pat == "" {
		return numberDesc{}, false
	}
	return numberDesc{lengths: d.PossibleLength, re: regexp.MustCompile("^(?:" + pat + ")$")}, true
}

// rulesFor compiles the rules of a region, or returns nil for a region
// phonenumbers does not know.
func rulesFor(iso string) *countryRules {
	md := regionMetadata()[iso]
	code := phonenumbers.GetCountryCodeForRegion(iso)
	if md == nil || code == 0 {
		return nil
	}
	general, ok := compileDesc(md.GetGeneralDesc())
	if !ok {
		return nil
	}
	r := &countryRules{iso: iso, cc: strconv.Itoa(code), general: general}
	// Every type getNumberTypeHelper tries; a number is valid when it
	// matches any of them (mobile counts even when it shares the fixed-line
	// pattern, since it then matches exactly when fixed line does).
	for _, d := range []*phonenumbers.PhoneNumberDesc{
		md.GetFixedLine(), md.GetMobile(), md.GetTollFree(), md.GetPremiumRate(), md.GetSharedCost(),
		md.GetVoip(), md.GetPersonalNumber(), md.GetPager(), md.GetUan(), md.GetVoicemail(),
	} {
		if cd, ok := compileDesc(d); ok {
			r.types = append(r.types, cd)
		}
	}
	return r
}

// regionMetadata indexes phonenumbers' embedded territory metadata by ISO
// code. The library exports the collection, not its lookup by region.
var regionMetadata = sync.OnceValue(func() map[string]*phonenumbers.PhoneMetadata {
	out := map[string]*phonenumbers.PhoneMetadata{}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		return out // every number then takes the library path
	}
	for _, md := range coll.GetMetadata() {
		out[md.GetId()] = md
	}
	return out
})

var rulesCache sync.Map // ISO → *countryRules (nil stored as (*countryRules)(nil))

func cachedRules(iso string) *countryRules {
	if v, ok := rulesCache.Load(iso); ok {
		return v.(*countryRules)
	}
	r := rulesFor(iso)
	rulesCache.Store(iso, r)
	return r
}

// validator checks numbers; each goroutine has its own, since it remembers
// which type matched last per country to try that one first.
type validator struct {
	hint map[string]int
}

func newValidator() *validator { return &validator{hint: map[string]int{}} }

// check returns the canonical E.164 digits of number (digits without '+')
// if it is a valid number of country iso, else a reason.
func (v *validator) check(number, iso string) (string, error) {
	if r := cachedRules(iso); r != nil && v.fastValid(r, number) {
		return number, nil
	}
	return libraryCheck(number, iso)
}

func (v *validator) fastValid(r *countryRules, number string) bool {
	nsn, ok := strings.CutPrefix(number, r.cc)
	if !ok || nsn == "" || !r.general.matches(nsn) {
		return false
	}
	h := v.hint[r.iso]
	if h < len(r.types) && r.types[h].matches(nsn) {
		return true
	}
	for i := range r.types {
		if i != h && r.types[i].matches(nsn) {
			v.hint[r.iso] = i
			return true
		}
	}
	return false
}

// libraryCheck is the reference check: phonenumbers' own Parse and
// IsValidNumberForRegion. A number it accepts is returned in E.164 form,
// which may differ from the input (e.g. a national prefix written after
// the calling code is dropped).
func libraryCheck(number, iso string) (string, error) {
	num, err := phonenumbers.Parse("+"+number, "")
	if err != nil {
		return "", fmt.Errorf("not a phone number: %v", err)
	}
	if want := phonenumbers.GetCountryCodeForRegion(iso); int(num.GetCountryCode()) != want {
		return "", fmt.Errorf("+%s is not a number of %s (calling code +%d)", number, iso, want)
	}
	if !phonenumbers.IsValidNumberForRegion(num, iso) {
		return "", fmt.Errorf("+%s is not a valid number for %s", number, iso)
	}
	return strings.TrimPrefix(phonenumbers.Format(num, phonenumbers.E164), "+"), nil
}
