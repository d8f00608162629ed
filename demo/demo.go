// Package demo builds the demo inventory that didstock seeds into an empty
// database: every country phonenumbers knows, and regions, cities, areas,
// NANPA prefixes, DID groups, SKUs and in-stock numbers for a set of
// featured countries.
//
// Everything is generated in memory and deterministically: IDs are name-based
// UUIDs and numbers come from seeded generators, so two builds are identical
// and the demo's IDs are stable across reseeds. Every number is checked with
// phonenumbers, so the stock is made of numbers that are valid for their
// country and of the right type.
package demo

import (
	"fmt"
	"strings"

	didstock "github.com/didstock/didstock"
)

// Inventory is the whole demo catalogue, ready to insert in this order.
type Inventory struct {
	Countries     []*didstock.Country
	Regions       []*didstock.Region
	Areas         []*didstock.Area
	Cities        []*didstock.City
	NanpaPrefixes []*didstock.NanpaPrefix
	DIDGroupTypes []*didstock.DIDGroupType
	DIDGroups     []*didstock.DIDGroup // StockCount left 0: the store computes it
	SKUs          []*didstock.SKU
	Numbers       []*didstock.AvailableDID
}

// Build returns a fresh demo inventory. It is deterministic: every call
// returns equal data with equal IDs.
func Build() *Inventory {
	b := newBuilder()
	for _, cd := range featured {
		b.addCountry(cd)
	}
	b.addNumbers()
	return b.inv
}

// Summary counts each kind of record, for the server's startup log.
func (inv *Inventory) Summary() string {
	parts := []string{
		fmt.Sprintf("%d countries", len(inv.Countries)),
		fmt.Sprintf("%d regions", len(inv.Regions)),
		fmt.Sprintf("%d areas", len(inv.Areas)),
		fmt.Sprintf("%d cities", len(inv.Cities)),
		fmt.Sprintf("%d NANPA prefixes", len(inv.NanpaPrefixes)),
		fmt.Sprintf("%d DID group types", len(inv.DIDGroupTypes)),
		fmt.Sprintf("%d DID groups", len(inv.DIDGroups)),
		fmt.Sprintf("%d SKUs", len(inv.SKUs)),
		fmt.Sprintf("%d available DIDs", len(inv.Numbers)),
	}
	return "demo inventory: " + strings.Join(parts, ", ")
}

// builder accumulates the inventory; specs runs parallel to inv.DIDGroups.
type builder struct {
	inv       *Inventory
	countries map[string]*didstock.Country
	types     map[string]*didstock.DIDGroupType
	specs     []numberSpec
}

func newBuilder() *builder {
	b := &builder{
		inv:       &Inventory{Countries: buildCountries()},
		countries: map[string]*didstock.Country{},
		types:     map[string]*didstock.DIDGroupType{},
	}
	for _, c := range b.inv.Countries {
		b.countries[c.ISO] = c
	}
	for _, name := range groupTypes {
		t := &didstock.DIDGroupType{ID: id("did_group_type", name), Name: name}
		b.types[name] = t
		b.inv.DIDGroupTypes = append(b.inv.DIDGroupTypes, t)
	}
	return b
}

// addCountry adds a featured country's regions, cities and groups.
func (b *builder) addCountry(cd countryData) {
	country := b.countries[cd.iso]
	if country == nil {
		panic("demo: featured country " + cd.iso + " is not in phonenumbers' list")
	}
	regions := map[string]*didstock.Region{}
	for _, rd := range cd.regions {
		r := &didstock.Region{ID: id("region", cd.iso, rd.name), Name: rd.name, ISO: rd.iso, CountryID: country.ID}
		regions[rd.name] = r
		b.inv.Regions = append(b.inv.Regions, r)
	}
	for _, c := range cd.cities {
		region := regions[c.region]
		if region == nil {
			panic("demo: city " + c.name + " names unknown region " + c.region)
		}
		b.addCity(cd, country, region, c)
	}
	for _, n := range cd.nonGeo {
		b.addNonGeo(cd, country, n)
	}
}

// addCity adds a city, its area and its Local groups: one per NXX in NANPA
// countries (each linked to its NPA-NXX prefix), one otherwise.
func (b *builder) addCity(cd countryData, country *didstock.Country, region *didstock.Region, c cityData) {
	city := b.newCity(cd, country, region, c)
	if len(c.nxx) == 0 {
		b.addLocal(cd, city, c, nil)
		return
	}
	for _, nxx := range c.nxx {
		p := &didstock.NanpaPrefix{
			ID: id("nanpa_prefix", c.prefix, nxx), NPA: c.prefix, NXX: nxx,
			CountryID: country.ID, RegionID: region.ID,
		}
		b.inv.NanpaPrefixes = append(b.inv.NanpaPrefixes, p)
		b.addLocal(cd, city, c, p)
	}
}

// newCity adds a city and the area it belongs to.
func (b *builder) newCity(cd countryData, country *didstock.Country, region *didstock.Region, c cityData) *didstock.City {
	areaName := c.name
	if len(c.nxx) > 0 {
		// NANPA areas are numbering plan areas, named by city and NPA.
		areaName = fmt.Sprintf("%s (%s)", c.name, c.prefix)
	}
	area := &didstock.Area{ID: id("area", cd.iso, areaName), Name: areaName, CountryID: country.ID}
	b.inv.Areas = append(b.inv.Areas, area)
	city := &didstock.City{
		ID: id("city", cd.iso, c.name), Name: c.name,
		CountryID: country.ID, RegionID: region.ID, AreaID: area.ID,
	}
	b.inv.Cities = append(b.inv.Cities, city)
	return city
}

// addLocal adds one Local group of a city; nanpa is nil outside NANPA.
func (b *builder) addLocal(cd countryData, city *didstock.City, c cityData, nanpa *didstock.NanpaPrefix) {
	key, digits := c.name, c.prefix
	if nanpa != nil {
		key, digits = nanpa.NPA+nanpa.NXX, nanpa.NPA+nanpa.NXX
	}
	g := b.newGroup(cd, b.countries[cd.iso], typeLocal, c.prefix, c.name, cd.iso, typeLocal, key)
	g.RegionID, g.CityID = city.RegionID, city.ID
	if nanpa != nil {
		g.NanpaPrefixID = nanpa.ID
	}
	g.AvailableDIDsEnabled = !c.noSelection
	length := cd.localLen
	if c.length != 0 {
		length = c.length
	}
	b.addGroup(g, cd.iso, typeLocal, numberSpec{prefix: digits, blocks: c.blocks, length: length})
}

// addNonGeo adds a country-wide group (mobile, toll-free, national, shared cost).
func (b *builder) addNonGeo(cd countryData, country *didstock.Country, n nonGeoData) {
	g := b.newGroup(cd, country, n.kind, n.prefix, n.kind, cd.iso, n.kind, n.prefix)
	// Shared-cost and national ranges are sold by range, not by number.
	g.AvailableDIDsEnabled = n.kind != typeSharedCost && n.kind != typeNational
	if n.kind == typeSharedCost {
		g.ServiceRestrictions = ptr("Reachable from domestic networks only.")
	}
	b.addGroup(g, cd.iso, n.kind, numberSpec{prefix: n.prefix, blocks: n.blocks, length: n.length})
}

// newGroup fills the attributes every group has; key names the group stably.
func (b *builder) newGroup(cd countryData, country *didstock.Country, kind, prefix, areaName string, key ...string) *didstock.DIDGroup {
	return &didstock.DIDGroup{
		ID:                      id("did_group", key...),
		CountryID:               country.ID,
		DIDGroupTypeID:          b.types[kind].ID,
		Prefix:                  prefix,
		AreaName:                areaName,
		Features:                features(cd.iso, kind),
		IsMetered:               kind == typeTollFree, // free-phone minutes are billed to the owner
		AllowAdditionalChannels: true,
		NeedsRegistration:       cd.needsRegistration,
	}
}

// addGroup appends a group with its two SKUs and remembers how to stock it.
func (b *builder) addGroup(g *didstock.DIDGroup, iso, kind string, spec numberSpec) {
	b.inv.DIDGroups = append(b.inv.DIDGroups, g)
	b.inv.SKUs = append(b.inv.SKUs, skus(g, iso, kind)...)
	spec.key, spec.iso, spec.kind = g.ID, iso, kind
	spec.cc = b.countries[iso].Prefix
	spec.want = stockSize(g.ID)
	b.specs = append(b.specs, spec)
}

// addNumbers generates every group's stock, dropping any number already
// taken by an earlier group so that numbers are unique.
func (b *builder) addNumbers() {
	taken := map[string]bool{}
	for i, numbers := range generateAll(b.specs) {
		g := b.inv.DIDGroups[i]
		for _, n := range numbers {
			if taken[n] {
				continue
			}
			taken[n] = true
			b.inv.Numbers = append(b.inv.Numbers, &didstock.AvailableDID{Number: n, DIDGroupID: g.ID, NanpaPrefixID: g.NanpaPrefixID})
		}
	}
}

// stockSize picks 30–90 numbers per group, varied but stable.
func stockSize(groupID string) int { return 30 + int(seed(groupID)%61) }

func ptr[T any](v T) *T { return &v }
