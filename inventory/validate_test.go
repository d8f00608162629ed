package inventory

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestFastValidatorAgreesWithLibrary draws random digit strings for many
// countries and checks that the fast path never accepts a number the
// library rejects, and that check (fast path plus library fallback) gives
// the library's answer on every one.
func TestFastValidatorAgreesWithLibrary(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	v := newValidator()
	perCountry := 300
	if testing.Short() {
		perCountry = 50
	}
	accepted := 0
	for _, iso := range []string{"US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "BE", "CH", "AT", "SE", "NO",
		"PL", "AU", "NZ", "JP", "BR", "MX", "IN", "ZA", "IL", "IE", "PT", "SG", "HK", "GG", "JE", "IM"} {
		r := cachedRules(iso)
		if r == nil {
			t.Fatalf("no rules for %s", iso)
		}
		for i := 0; i < perCountry; i++ {
			number := r.cc + randomDigits(rng, 6+rng.IntN(6))
			fast := v.fastValid(r, number)
			_, libErr := libraryCheck(number, iso)
			if fast && libErr != nil {
				t.Errorf("%s %s: fast path accepts, library rejects: %v", iso, number, libErr)
			}
			if _, err := v.check(number, iso); (err == nil) != (libErr == nil) {
				t.Errorf("%s %s: check says %v, library %v", iso, number, err, libErr)
			}
			if libErr == nil {
				accepted++
			}
		}
	}
	if accepted == 0 {
		t.Fatal("no valid number drawn; the cross-check proves nothing")
	}
	t.Logf("%d valid numbers among the draws", accepted)
}

func TestCheckTable(t *testing.T) {
	v := newValidator()
	for _, tc := range []struct {
		number, iso, want string // want "" means rejected
	}{
		{"12124615555", "US", "12124615555"},
		{"12124615555", "CA", ""}, // a US number is not Canadian
		{"14163621234", "CA", "14163621234"},
		{"442079460123", "GB", "442079460123"},
		{"4402079460123", "GB", "442079460123"}, // national prefix after +44 is dropped
		{"12125", "US", ""},
		{"33142685300", "US", ""},
		{"33142685300", "FR", "33142685300"},
		{"12124615555", "XX", ""},
	} {
		got, err := v.check(tc.number, tc.iso)
		if tc.want == "" {
			if err == nil {
				t.Errorf("%s/%s: accepted as %s, want rejection", tc.number, tc.iso, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s/%s: got %q, %v; want %q", tc.number, tc.iso, got, err, tc.want)
		}
	}
}

func randomDigits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

func BenchmarkValidateFast(b *testing.B) {
	v := newValidator()
	for i := 0; b.Loop(); i++ {
		if _, err := v.check("1212461"+strconv.Itoa(1000+i%9000), "US"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateLibrary(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		num, _ := phonenumbers.Parse("+1212461"+strconv.Itoa(1000+i%9000), "")
		if !phonenumbers.IsValidNumberForRegion(num, "US") {
			b.Fatal("invalid")
		}
	}
}
