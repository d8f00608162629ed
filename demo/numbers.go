package demo

import (
	"hash/fnv"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// maxTries bounds rejection sampling per wanted number, so a range that
// phonenumbers rejects yields an empty group (caught by the tests) instead of
// an endless loop.
const maxTries = 20

// numberSpec says how to draw the in-stock numbers of one DID group.
type numberSpec struct {
	key    string   // stable group key; seeds the generator
	iso    string   // country the numbers must be valid for
	cc     string   // country calling code
	prefix string   // national digits every number starts with
	blocks []string // optional next digits in use after prefix, one picked per number
	length int      // national significant number length
	kind   string   // DID group type name; decides the accepted number types
	want   int
}

// seed hashes a stable key so that each group has its own reproducible
// stream, independent of the order groups are generated in.
func seed(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}

// generate draws candidates and keeps those phonenumbers accepts, in draw order.
func (s numberSpec) generate() []string {
	rng := rand.New(rand.NewPCG(seed(s.key), 0x6469647374636b)) // "didstck"
	seen := make(map[string]bool, s.want)
	var out []string
	for try := 0; len(out) < s.want && try < s.want*maxTries; try++ {
		n := s.candidate(rng)
		if seen[n] {
			continue
		}
		seen[n] = true
		if validFor(n, s.iso, s.kind) {
			out = append(out, n)
		}
	}
	return out
}

// candidate returns one E.164 number (digits only): calling code, prefix, an
// optional block and random digits up to the national length.
func (s numberSpec) candidate(rng *rand.Rand) string {
	buf := make([]byte, 0, len(s.cc)+s.length)
	buf = append(buf, s.cc...)
	buf = append(buf, s.prefix...)
	if len(s.blocks) > 0 {
		buf = append(buf, s.blocks[rng.IntN(len(s.blocks))]...)
	}
	for len(buf) < len(s.cc)+s.length {
		buf = append(buf, byte('0'+rng.IntN(10)))
	}
	return string(buf)
}

// acceptedTypes lists, per DID group type, the phonenumbers types a number
// of that group may have. National ranges are non-geographic numbers that
// are neither mobile, free nor premium; which type phonenumbers calls them
// (UAN, VoIP, personal) varies by country.
var acceptedTypes = map[string][]phonenumbers.PhoneNumberType{
	typeLocal:      {phonenumbers.FIXED_LINE, phonenumbers.FIXED_LINE_OR_MOBILE},
	typeMobile:     {phonenumbers.MOBILE},
	typeTollFree:   {phonenumbers.TOLL_FREE},
	typeSharedCost: {phonenumbers.SHARED_COST},
	typeNational:   {phonenumbers.UAN, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.FIXED_LINE},
}

// validFor reports whether e164 (digits, no '+') is a valid number of
// country iso whose type fits the DID group type kind.
func validFor(e164, iso, kind string) bool {
	num := phoneNumber(e164, iso)
	if num == nil || !phonenumbers.IsValidNumberForRegion(num, iso) {
		return false
	}
	got := phonenumbers.GetNumberType(num)
	for _, t := range acceptedTypes[kind] {
		if got == t {
			return true
		}
	}
	return false
}

// phoneNumber builds the parsed form of e164 directly. It is what
// phonenumbers.Parse("+"+e164, "") returns, minus Parse's text normalisation,
// which is a third of the cost of a check and buys nothing for digit strings
// we generated ourselves. The tests cross-check with Parse.
func phoneNumber(e164, iso string) *phonenumbers.PhoneNumber {
	cc := phonenumbers.GetCountryCodeForRegion(iso)
	nsn := strings.TrimPrefix(e164, strconv.Itoa(cc))
	national, err := strconv.ParseUint(nsn, 10, 64)
	if err != nil || cc == 0 || len(nsn) == len(e164) {
		return nil
	}
	num := &phonenumbers.PhoneNumber{CountryCode: ptr(int32(cc)), NationalNumber: ptr(national)}
	// Italian-style numbers keep their leading zeros, which a uint64 drops.
	if zeros := len(nsn) - len(strings.TrimLeft(nsn, "0")); zeros > 0 {
		num.ItalianLeadingZero = ptr(true)
		if zeros > 1 {
			num.NumberOfLeadingZeros = ptr(int32(zeros))
		}
	}
	return num
}

// generateAll runs every spec, spread over the CPUs because phonenumbers'
// regex checks dominate Build's time. Results are indexed like specs, so the
// outcome does not depend on scheduling.
func generateAll(specs []numberSpec) [][]string {
	out := make([][]string, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = specs[i].generate()
			}
		}()
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
