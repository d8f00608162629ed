package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers"

	didstock "github.com/didstock/didstock"
)

// inv is built once: Build is deterministic, and most tests only read it.
var inv = Build()

// index helpers keep the must-have tests short.
func countryByISO(t *testing.T, iso string) *didstock.Country {
	t.Helper()
	for _, c := range inv.Countries {
		if c.ISO == iso {
			return c
		}
	}
	t.Fatalf("no country %s", iso)
	return nil
}

func typeByName(t *testing.T, name string) *didstock.DIDGroupType {
	t.Helper()
	for _, gt := range inv.DIDGroupTypes {
		if gt.Name == name {
			return gt
		}
	}
	t.Fatalf("no DID group type %q", name)
	return nil
}

func findCity(t *testing.T, iso, name string) *didstock.City {
	t.Helper()
	c := countryByISO(t, iso)
	for _, city := range inv.Cities {
		if city.CountryID == c.ID && city.Name == name {
			return city
		}
	}
	t.Fatalf("no city %s in %s", name, iso)
	return nil
}

func stockByGroup() map[string]int {
	n := map[string]int{}
	for _, d := range inv.Numbers {
		n[d.DIDGroupID]++
	}
	return n
}

func skusByGroup() map[string][]*didstock.SKU {
	m := map[string][]*didstock.SKU{}
	for _, s := range inv.SKUs {
		m[s.DIDGroupID] = append(m[s.DIDGroupID], s)
	}
	return m
}

// allIDs lists every ID of each record type, for the identity tests.
func allIDs(inv *Inventory) map[string][]string {
	ids := map[string][]string{}
	add := func(kind, id string) { ids[kind] = append(ids[kind], id) }
	for _, x := range inv.Countries {
		add("countries", x.ID)
	}
	for _, x := range inv.Regions {
		add("regions", x.ID)
	}
	for _, x := range inv.Areas {
		add("areas", x.ID)
	}
	for _, x := range inv.Cities {
		add("cities", x.ID)
	}
	for _, x := range inv.NanpaPrefixes {
		add("nanpa_prefixes", x.ID)
	}
	for _, x := range inv.DIDGroupTypes {
		add("did_group_types", x.ID)
	}
	for _, x := range inv.DIDGroups {
		add("did_groups", x.ID)
	}
	for _, x := range inv.SKUs {
		add("skus", x.ID)
	}
	return ids
}

func TestBuildIsDeterministic(t *testing.T) {
	first, second := allIDs(inv), allIDs(Build())
	for kind, ids := range first {
		if strings.Join(ids, ",") != strings.Join(second[kind], ",") {
			t.Errorf("%s: IDs differ between two builds", kind)
		}
	}
	again := Build()
	if len(again.Numbers) != len(inv.Numbers) {
		t.Fatalf("%d numbers, then %d", len(inv.Numbers), len(again.Numbers))
	}
	for i, n := range inv.Numbers {
		if again.Numbers[i].Number != n.Number {
			t.Fatalf("number %d differs between builds: %s vs %s", i, n.Number, again.Numbers[i].Number)
		}
	}
}

func TestIDsAreUniqueUUIDs(t *testing.T) {
	for kind, ids := range allIDs(inv) {
		seen := map[string]bool{}
		for _, s := range ids {
			if _, err := uuid.Parse(s); err != nil {
				t.Errorf("%s: %q is not a UUID: %v", kind, s, err)
			}
			if seen[s] {
				t.Errorf("%s: duplicate ID %s", kind, s)
			}
			seen[s] = true
		}
		if len(ids) == 0 {
			t.Errorf("%s: none", kind)
		}
	}
}

func TestCountries(t *testing.T) {
	if got, want := len(inv.Countries), len(phonenumbers.GetSupportedRegions()); got != want {
		t.Errorf("%d countries, phonenumbers supports %d regions", got, want)
	}
	tests := []struct{ iso, name, prefix string }{
		{"US", "United States", "1"},
		{"GB", "United Kingdom", "44"},
		{"DE", "Germany", "49"},
		{"FR", "France", "33"},
		{"CA", "Canada", "1"},
		{"AU", "Australia", "61"},
		{"CH", "Switzerland", "41"},
		{"MK", "North Macedonia", "389"},
		{"BA", "Bosnia and Herzegovina", "387"},
	}
	for _, tt := range tests {
		t.Run(tt.iso, func(t *testing.T) {
			c := countryByISO(t, tt.iso)
			if c.Name != tt.name || c.Prefix != tt.prefix {
				t.Errorf("got %q +%s, want %q +%s", c.Name, c.Prefix, tt.name, tt.prefix)
			}
		})
	}
	for _, c := range inv.Countries {
		if c.Name == "" || c.Prefix == "" || len(c.ISO) != 2 || strings.Trim(c.Prefix, "0123456789") != "" {
			t.Errorf("incomplete country %+v", c)
		}
	}
}

func TestGroupTypes(t *testing.T) {
	var names []string
	for _, gt := range inv.DIDGroupTypes {
		names = append(names, gt.Name)
	}
	if got, want := strings.Join(names, ","), "Local,National,Toll-free,Mobile,Shared Cost,Global"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
}

// TestNumbersAreValid re-checks every number with phonenumbers.Parse, the
// way a buyer's software would see it.
func TestNumbersAreValid(t *testing.T) {
	groups := map[string]*didstock.DIDGroup{}
	for _, g := range inv.DIDGroups {
		groups[g.ID] = g
	}
	isoOf, ccOf, typeOf := map[string]string{}, map[string]string{}, map[string]string{}
	for _, c := range inv.Countries {
		isoOf[c.ID], ccOf[c.ID] = c.ISO, c.Prefix
	}
	for _, gt := range inv.DIDGroupTypes {
		typeOf[gt.ID] = gt.Name
	}
	seen := map[string]bool{}
	for _, d := range inv.Numbers {
		g := groups[d.DIDGroupID]
		if g == nil {
			t.Fatalf("%s: unknown group", d.Number)
		}
		iso, kind := isoOf[g.CountryID], typeOf[g.DIDGroupTypeID]
		if seen[d.Number] {
			t.Errorf("%s: duplicate number", d.Number)
		}
		seen[d.Number] = true
		num, err := phonenumbers.Parse("+"+d.Number, "")
		if err != nil || !phonenumbers.IsValidNumberForRegion(num, iso) {
			t.Errorf("%s: not valid for %s (%v)", d.Number, iso, err)
			continue
		}
		if !typeFits(kind, phonenumbers.GetNumberType(num)) {
			t.Errorf("%s: type %v does not fit a %s group", d.Number, phonenumbers.GetNumberType(num), kind)
		}
		if phonenumbers.Format(num, phonenumbers.E164) != "+"+d.Number {
			t.Errorf("%s: formats back as %s", d.Number, phonenumbers.Format(num, phonenumbers.E164))
		}
		if want := ccOf[g.CountryID] + g.Prefix; !strings.HasPrefix(d.Number, want) {
			t.Errorf("%s: does not start with group prefix %s", d.Number, want)
		}
		if d.NanpaPrefixID != g.NanpaPrefixID {
			t.Errorf("%s: NANPA prefix %q, group has %q", d.Number, d.NanpaPrefixID, g.NanpaPrefixID)
		}
	}
}

func typeFits(kind string, got phonenumbers.PhoneNumberType) bool {
	for _, t := range acceptedTypes[kind] {
		if got == t {
			return true
		}
	}
	return false
}

func TestEveryGroupHasStockAndTwoSKUs(t *testing.T) {
	stock, skus := stockByGroup(), skusByGroup()
	for _, g := range inv.DIDGroups {
		if stock[g.ID] < 20 {
			t.Errorf("group %s %s (%s): only %d numbers", g.AreaName, g.Prefix, g.ID, stock[g.ID])
		}
		var channels []int
		for _, s := range skus[g.ID] {
			channels = append(channels, s.ChannelsIncludedCount)
		}
		if len(channels) != 2 || channels[0] != 0 || channels[1] != 2 {
			t.Errorf("group %s %s: SKU channels %v, want [0 2]", g.AreaName, g.Prefix, channels)
		}
		if g.StockCount != 0 {
			t.Errorf("group %s: StockCount set; the store computes it", g.ID)
		}
	}
}

func TestNANPALinks(t *testing.T) {
	local := typeByName(t, typeLocal).ID
	prefixes := map[string]*didstock.NanpaPrefix{}
	for _, p := range inv.NanpaPrefixes {
		prefixes[p.ID] = p
	}
	linked := map[string]int{}
	for _, g := range inv.DIDGroups {
		us, ca := countryByISO(t, "US").ID, countryByISO(t, "CA").ID
		if g.DIDGroupTypeID != local || (g.CountryID != us && g.CountryID != ca) {
			continue
		}
		p := prefixes[g.NanpaPrefixID]
		if p == nil {
			t.Errorf("NANPA local group %s %s has no NANPA prefix", g.AreaName, g.Prefix)
			continue
		}
		linked[p.ID]++
		if p.NPA != g.Prefix || p.CountryID != g.CountryID || p.RegionID != g.RegionID {
			t.Errorf("group %s %s linked to %s-%s in another place", g.AreaName, g.Prefix, p.NPA, p.NXX)
		}
	}
	for _, p := range inv.NanpaPrefixes {
		if linked[p.ID] != 1 {
			t.Errorf("NANPA prefix %s-%s is used by %d groups, want 1", p.NPA, p.NXX, linked[p.ID])
		}
	}
}

// TestMustHaves pins the facts the reference purchase flows rely on.
func TestMustHaves(t *testing.T) {
	stock, skus := stockByGroup(), skusByGroup()
	local := typeByName(t, typeLocal).ID
	tests := []struct {
		name, iso, city, prefix, npanxx, region, regionISO string
	}{
		{"New York 212-461", "US", "New York", "212", "212461", "New York", "US-NY"},
		{"Los Angeles", "US", "Los Angeles", "213", "", "California", "US-CA"},
		{"London", "GB", "London", "20", "", "England", "GB-ENG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			city := findCity(t, tt.iso, tt.city)
			var region *didstock.Region
			for _, r := range inv.Regions {
				if r.ID == city.RegionID {
					region = r
				}
			}
			if region == nil || region.Name != tt.region || region.ISO != tt.regionISO {
				t.Errorf("city region %+v, want %s (%s)", region, tt.region, tt.regionISO)
			}
			if city.AreaID == "" {
				t.Error("city has no area")
			}
			found := false
			for _, g := range inv.DIDGroups {
				if g.CityID != city.ID || g.DIDGroupTypeID != local || g.Prefix != tt.prefix || g.AreaName != tt.city {
					continue
				}
				if tt.npanxx != "" && !nanpaIs(g.NanpaPrefixID, tt.npanxx, region.ID) {
					continue
				}
				found = true
				if !g.AvailableDIDsEnabled || stock[g.ID] == 0 || len(skus[g.ID]) != 2 {
					t.Errorf("group %s: available_dids_enabled %v, stock %d, %d SKUs", g.ID, g.AvailableDIDsEnabled, stock[g.ID], len(skus[g.ID]))
				}
				want := countryByISO(t, tt.iso).Prefix + tt.prefix
				if tt.npanxx != "" {
					want = "1" + tt.npanxx
				}
				for _, d := range inv.Numbers {
					if d.DIDGroupID == g.ID && (!strings.HasPrefix(d.Number, want) || d.NanpaPrefixID != g.NanpaPrefixID) {
						t.Errorf("number %s (NANPA %q) in group %s", d.Number, d.NanpaPrefixID, tt.name)
					}
				}
			}
			if !found {
				t.Error("no matching Local group")
			}
		})
	}
}

func nanpaIs(id, npanxx, regionID string) bool {
	for _, p := range inv.NanpaPrefixes {
		if p.ID == id {
			return p.NPA+p.NXX == npanxx && p.RegionID == regionID
		}
	}
	return false
}

// TestBrowsingFeelsReal asks for the breadth a demo needs: many countries
// with several cities, and filters that actually filter.
func TestBrowsingFeelsReal(t *testing.T) {
	cities := map[string]int{}
	for _, c := range inv.Cities {
		cities[c.CountryID]++
	}
	withGroups := map[string]bool{}
	var selectable, registration, metered int
	for _, g := range inv.DIDGroups {
		withGroups[g.CountryID] = true
		if g.AvailableDIDsEnabled {
			selectable++
		}
		if g.NeedsRegistration {
			registration++
		}
		if g.IsMetered {
			metered++
		}
	}
	if len(withGroups) < 12 {
		t.Errorf("%d countries have groups, want at least 12", len(withGroups))
	}
	for id := range withGroups {
		if cities[id] < 4 {
			t.Errorf("country %s has %d cities, want several", id, cities[id])
		}
	}
	n := len(inv.DIDGroups)
	for name, count := range map[string]int{"available_dids_enabled": selectable, "needs_registration": registration, "is_metered": metered} {
		if count == 0 || count == n {
			t.Errorf("%s is %d of %d groups; a filter on it would not filter", name, count, n)
		}
	}
	if len(inv.Numbers) < 10000 || len(inv.Numbers) > 30000 {
		t.Errorf("%d numbers, want 10k–30k", len(inv.Numbers))
	}
}

// TestBuildIsFast keeps seeding quick. It takes the best of three runs
// because the machine may be busy with other tests; CPU time, not a
// neighbour's load, is what this guards.
func TestBuildIsFast(t *testing.T) {
	best := time.Hour
	for range 3 {
		start := time.Now()
		Build()
		best = min(best, time.Since(start))
	}
	t.Logf("Build took %v (best of 3): %s", best, inv.Summary())
	if best > 500*time.Millisecond {
		t.Errorf("Build took %v, want well under a second", best)
	}
}

func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		Build()
	}
}
