package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	didstock "github.com/didstock/didstock"
)

// The generated inventory: every country phonenumbers knows, a few hundred
// regions, thousands of cities and up to 100,000 DID groups whose sizes
// follow a log-normal law (most groups hold a few dozen numbers, a few hold
// hundreds of thousands). Countries get groups in proportion to a weight
// (the US about a third, as in real DID catalogues); NANPA countries
// (calling code 1) sell Local groups per NPA-NXX, each linked to its NANPA
// prefix, so numbers there are 1 + NPA + NXX + four digits.
//
// Everything is deterministic for a seed, so two runs of the same size
// measure the same inventory.

var benchNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/didstock/didstock/bench"))

func benchID(kind string, key ...any) string {
	return uuid.NewSHA1(benchNamespace, []byte(kind+":"+fmt.Sprint(key...))).String()
}

// groupTypeWeights: share of groups per type outside NANPA countries.
var groupTypeWeights = []struct {
	name   string
	weight float64
	digit  byte // first digit of the group's local prefix, keeps types apart
}{
	{"Local", 0.66, '2'},
	{"Mobile", 0.12, '7'},
	{"National", 0.09, '3'},
	{"Toll-free", 0.08, '8'},
	{"Shared Cost", 0.04, '6'},
	{"Global", 0.01, '9'},
}

// countryWeights: share of groups for the large markets; every other
// country shares the rest evenly.
var countryWeights = map[string]float64{
	"US": 0.30, "GB": 0.07, "DE": 0.05, "FR": 0.04, "CA": 0.04, "AU": 0.03, "ES": 0.025, "IT": 0.025,
	"NL": 0.02, "BR": 0.02, "MX": 0.015, "SE": 0.012, "PL": 0.012, "BE": 0.01, "CH": 0.01, "AT": 0.01,
	"JP": 0.01, "IE": 0.008, "PT": 0.008, "DK": 0.007, "NO": 0.007, "FI": 0.006, "CZ": 0.006, "IL": 0.006,
	"ZA": 0.006, "AR": 0.006, "CL": 0.005, "CO": 0.005, "NZ": 0.005, "SG": 0.004, "HK": 0.004, "PR": 0.004,
}

const restShare = 0.20

// genGroup is a generated DID group and how to make its numbers.
type genGroup struct {
	g         *didstock.DIDGroup
	size      int    // numbers in stock
	prefix    string // digits every number of the group starts with
	suffixLen int    // digits after the prefix
	skus      []string
	city      string // city id for Local groups
	country   string
	typ       string
}

// number returns the i-th number of the group: suffixes step through the
// group's number space with a stride coprime to it, so they are distinct
// and look scattered.
func (gg *genGroup) number(i int) string {
	space := pow10(gg.suffixLen)
	stride := int64(7_919_003) % space // prime, coprime to 10^k
	if stride == 0 {
		stride = 1
	}
	off := int64(len(gg.prefix)*7919) % space
	s := strconv.FormatInt((off+int64(i)*stride)%space, 10)
	return gg.prefix + strings.Repeat("0", gg.suffixLen-len(s)) + s
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// inventory is the whole generated data set.
type inventory struct {
	cat       *didstock.Inventory // catalogue, without numbers
	groups    []*genGroup
	total     int
	countries []*didstock.Country
	typeIDs   map[string]string
}

// groupsFor is how many DID groups an inventory of n numbers spreads over:
// one per ten numbers, at least 100, at most 100,000.
func groupsFor(n int) int { return max(100, min(100_000, n/10)) }

func countryName(iso string) string {
	region, err := language.ParseRegion(iso)
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(display.English.Regions().Name(region), " & ", " and ")
}

// generate builds an inventory of exactly n numbers over groupsFor(n) groups.
func generate(n int, seed uint64) *inventory {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	inv := &inventory{cat: &didstock.Inventory{}, typeIDs: map[string]string{}}

	var isos []string
	for iso := range phonenumbers.GetSupportedRegions() {
		isos = append(isos, iso)
	}
	sort.Strings(isos)
	for _, iso := range isos {
		name, code := countryName(iso), phonenumbers.GetCountryCodeForRegion(iso)
		if name == "" || code == 0 {
			continue
		}
		c := &didstock.Country{ID: benchID("country", iso), Name: name, ISO: iso, Prefix: strconv.Itoa(code)}
		inv.countries = append(inv.countries, c)
	}
	inv.cat.Countries = inv.countries
	for _, t := range groupTypeWeights {
		dt := &didstock.DIDGroupType{ID: benchID("type", t.name), Name: t.name}
		inv.typeIDs[t.name] = dt.ID
		inv.cat.DIDGroupTypes = append(inv.cat.DIDGroupTypes, dt)
	}

	// Groups per country.
	nGroups := groupsFor(n)
	others := 0
	for _, c := range inv.countries {
		if _, ok := countryWeights[c.ISO]; !ok {
			others++
		}
	}
	perCountry := map[string]int{}
	assigned := 0
	for _, c := range inv.countries {
		w, ok := countryWeights[c.ISO]
		if !ok {
			w = restShare / float64(others)
		}
		k := int(math.Round(w * float64(nGroups)))
		if k == 0 && rng.Float64() < w*float64(nGroups) {
			k = 1
		}
		perCountry[c.ISO] = k
		assigned += k
	}
	perCountry["US"] += nGroups - assigned // rounding goes to the largest market
	if perCountry["US"] < 1 {
		perCountry["US"] = 1
	}

	npa := newNPAPool()
	sharing := map[string]int{} // countries seen per calling code (44: GB, GG, IM, JE)
	for _, c := range inv.countries {
		if k := perCountry[c.ISO]; k > 0 {
			inv.addCountry(rng, c, k, npa, sharing[c.Prefix])
			sharing[c.Prefix]++
		}
	}
	inv.sizeGroups(rng, n)
	return inv
}

// addCountry adds k groups of country c with its regions and cities.
// ordinal tells the countries sharing a calling code apart: it is the first
// digit of their local prefixes.
func (inv *inventory) addCountry(rng *rand.Rand, c *didstock.Country, k int, npa *npaPool, ordinal int) {
	nanpa := c.Prefix == "1"
	nRegions := max(1, min(60, k/40))
	nCities := max(1, min(3000, k/4))
	regions := make([]*didstock.Region, nRegions)
	for i := range regions {
		regions[i] = &didstock.Region{ID: benchID("region", c.ISO, i), Name: fmt.Sprintf("%s Region %d", c.Name, i+1), CountryID: c.ID}
	}
	inv.cat.Regions = append(inv.cat.Regions, regions...)
	cities := make([]*didstock.City, nCities)
	for i := range cities {
		r := regions[i%nRegions]
		cities[i] = &didstock.City{ID: benchID("city", c.ISO, i), Name: fmt.Sprintf("%s City %d", c.ISO, i+1), CountryID: c.ID, RegionID: r.ID}
	}
	inv.cat.Cities = append(inv.cat.Cities, cities...)

	// Per type counter of groups, for local prefixes outside NANPA.
	counter := map[string]int{}
	width := len(strconv.Itoa(k)) + 1
	var npaOfRegion []string
	if nanpa {
		npaOfRegion = make([]string, nRegions)
	}
	nxxNext := map[string]int{}
	for gi := 0; gi < k; gi++ {
		typ := pickType(rng, nanpa)
		g := &didstock.DIDGroup{
			ID: benchID("group", c.ISO, gi), CountryID: c.ID, DIDGroupTypeID: inv.typeIDs[typ],
			Features: []string{"voice_in"}, AllowAdditionalChannels: true,
			AvailableDIDsEnabled: rng.Float64() < 0.9, NeedsRegistration: rng.Float64() < 0.15, IsMetered: typ == "Toll-free",
		}
		if rng.Float64() < 0.5 {
			g.Features = append(g.Features, "sms_in")
		}
		gg := &genGroup{g: g, country: c.ID, typ: typ}
		if typ == "Local" {
			// Big cities get more groups: the city index is skewed to the front.
			u := rng.Float64()
			city := cities[int(float64(nCities)*u*u)]
			g.CityID, g.RegionID, gg.city = city.ID, city.RegionID, city.ID
			g.AreaName = city.Name
		} else {
			g.AreaName = typ
		}
		switch {
		case nanpa:
			var a, x string
			if typ == "Toll-free" {
				a, x = npa.tollFree()
			} else {
				ri := 0
				for i, r := range regions {
					if r.ID == g.RegionID {
						ri = i
					}
				}
				if npaOfRegion[ri] == "" || nxxNext[npaOfRegion[ri]] >= len(nxxCodes) {
					npaOfRegion[ri] = npa.next()
				}
				a = npaOfRegion[ri]
				x = nxxCodes[nxxNext[a]]
				nxxNext[a]++
				p := &didstock.NanpaPrefix{ID: benchID("nanpa", a, x), NPA: a, NXX: x, CountryID: c.ID, RegionID: g.RegionID}
				inv.cat.NanpaPrefixes = append(inv.cat.NanpaPrefixes, p)
				g.NanpaPrefixID = p.ID
			}
			g.Prefix, g.LocalPrefix = "1", a+x
			gg.prefix, gg.suffixLen = "1"+a+x, 4
		default:
			digit := typeDigit(typ)
			i := counter[typ]
			counter[typ]++
			s := strconv.Itoa(i)
			local := strconv.Itoa(ordinal%10) + string(digit) + strings.Repeat("0", width-len(s)) + s
			g.Prefix, g.LocalPrefix = c.Prefix, local
			gg.prefix = c.Prefix + local
			gg.suffixLen = max(4, min(7, 15-len(gg.prefix)))
		}
		inv.cat.DIDGroups = append(inv.cat.DIDGroups, g)
		for _, ch := range []int{0, 2} {
			if ch == 2 && rng.Float64() < 0.4 {
				continue
			}
			setup := decimal.New(int64(50+rng.IntN(400)), -2)
			monthly := decimal.New(int64(30+rng.IntN(900)+ch*50), -2)
			s := &didstock.SKU{ID: benchID("sku", g.ID, ch), DIDGroupID: g.ID, SetupPrice: setup, MonthlyPrice: monthly, ChannelsIncludedCount: ch}
			inv.cat.SKUs = append(inv.cat.SKUs, s)
			gg.skus = append(gg.skus, s.ID)
		}
		inv.groups = append(inv.groups, gg)
	}
}

func pickType(rng *rand.Rand, nanpa bool) string {
	if nanpa {
		if rng.Float64() < 0.08 {
			return "Toll-free"
		}
		return "Local"
	}
	u := rng.Float64()
	for _, t := range groupTypeWeights {
		if u < t.weight {
			return t.name
		}
		u -= t.weight
	}
	return "Local"
}

func typeDigit(typ string) byte {
	for _, t := range groupTypeWeights {
		if t.name == typ {
			return t.digit
		}
	}
	return '2'
}

// sizeGroups gives the groups log-normal sizes summing to exactly n, each
// within its number space.
func (inv *inventory) sizeGroups(rng *rand.Rand, n int) {
	w := make([]float64, len(inv.groups))
	sum := 0.0
	for i := range w {
		w[i] = math.Exp(rng.NormFloat64() * 2.0)
		sum += w[i]
	}
	total := 0
	for i, gg := range inv.groups {
		capacity := int(min(pow10(gg.suffixLen), 1<<40))
		gg.size = min(capacity, int(float64(n)*w[i]/sum))
		total += gg.size
	}
	// Hand out the remainder, largest-capacity groups first.
	order := make([]int, len(inv.groups))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return w[order[a]] > w[order[b]] })
	for pass := 0; total < n && pass < 100; pass++ {
		for _, i := range order {
			gg := inv.groups[i]
			room := int(min(pow10(gg.suffixLen), 1<<40)) - gg.size
			if room <= 0 {
				continue
			}
			add := min(room, n-total, max(1, (n-total)/10))
			gg.size += add
			total += add
			if total >= n {
				break
			}
		}
	}
	inv.total = total
}

// nxxCodes are the central office codes usable in an NPA: 200-999 except N11.
var nxxCodes = func() []string {
	var out []string
	for x := 200; x <= 999; x++ {
		if x%100 == 11 {
			continue
		}
		out = append(out, strconv.Itoa(x))
	}
	return out
}()

// npaPool hands out geographic NPAs and toll-free NPA-NXX pairs.
type npaPool struct {
	geo    []string
	i      int
	tf     []string
	tfNext int
}

func newNPAPool() *npaPool {
	p := &npaPool{tf: []string{"800", "833", "844", "855", "866", "877", "888"}}
	for a := 201; a <= 989; a++ {
		s := strconv.Itoa(a)
		if s[1] == '9' || a%100 == 11 || s[0] == '8' && s[1] == s[2] || s[0] == '5' && s[1] == '0' {
			continue
		}
		p.geo = append(p.geo, s)
	}
	return p
}

func (p *npaPool) next() string {
	a := p.geo[p.i%len(p.geo)]
	p.i++
	return a
}

func (p *npaPool) tollFree() (npa, nxx string) {
	i := p.tfNext
	p.tfNext++
	return p.tf[i%len(p.tf)], nxxCodes[(i/len(p.tf))%len(nxxCodes)]
}

// summary describes the generated inventory for the report.
func (inv *inventory) summary() string {
	sizes := make([]int, len(inv.groups))
	stocked := 0
	for i, g := range inv.groups {
		sizes[i] = g.size
		if g.size > 0 {
			stocked++
		}
	}
	sort.Ints(sizes)
	q := func(p float64) int { return sizes[int(p*float64(len(sizes)-1))] }
	return fmt.Sprintf("%d numbers, %d DID groups (%d with stock; group size median %d, p90 %d, max %d), %d countries, %d regions, %d cities, %d NANPA prefixes, %d SKUs",
		inv.total, len(inv.groups), stocked, q(0.5), q(0.9), sizes[len(sizes)-1], len(inv.countries), len(inv.cat.Regions),
		len(inv.cat.Cities), len(inv.cat.NanpaPrefixes), len(inv.cat.SKUs))
}
