package client

import (
	"github.com/shopspring/decimal"
)

// The catalog resources. They are this package's own types rather than the
// didstock domain's because the client also talks to hosted DIDWW, whose
// documents carry fields didstock may not model. Related resources are
// filled only when the request asked for them with include; their ids are
// filled whenever the server sent linkage.

// Country is a countries resource.
type Country struct {
	ID     string
	Name   string
	ISO    string
	Prefix string
}

// Region is a regions resource.
type Region struct {
	ID        string
	Name      string
	ISO       string
	CountryID string
	Country   *Country // include=country
}

// City is a cities resource.
type City struct {
	ID        string
	Name      string
	CountryID string
	RegionID  string
	AreaID    string
	Country   *Country // include=country
	Region    *Region  // include=region
	Area      *Area    // include=area
}

// Area is an areas resource.
type Area struct {
	ID        string
	Name      string
	CountryID string
	Country   *Country // include=country
}

// NanpaPrefix is a nanpa_prefixes resource (a North American NPA-NXX).
type NanpaPrefix struct {
	ID        string
	NPA       string
	NXX       string
	CountryID string
	RegionID  string
	Country   *Country // include=country
	Region    *Region  // include=region
}

// DIDGroupType is a did_group_types resource (Local, National, Toll-free…).
type DIDGroupType struct {
	ID   string
	Name string
}

// DIDGroup is a did_groups resource: numbers sold under the same terms.
type DIDGroup struct {
	ID                      string
	Prefix                  string
	LocalPrefix             string
	AreaName                string
	Features                []string
	IsMetered               bool
	AllowAdditionalChannels bool
	ServiceRestrictions     *string // only from API version 2026-04-16; nil when null

	// From the resource's meta.
	AvailableDIDsEnabled bool
	NeedsRegistration    bool
	IsAvailable          bool
	TotalCount           int // numbers in stock

	CountryID      string
	RegionID       string
	CityID         string
	DIDGroupTypeID string
	SKUIDs         []string

	Country      *Country      // include=country
	Region       *Region       // include=region
	City         *City         // include=city
	DIDGroupType *DIDGroupType // include=did_group_type
	SKUs         []*SKU        // include=stock_keeping_units
}

// SKU is a stock_keeping_units resource: one price plan of a DID group.
// Prices keep the server's exact text (e.g. "0.30"); use the Decimal
// accessors for arithmetic.
type SKU struct {
	ID                    string
	SetupPrice            string
	MonthlyPrice          string
	ChannelsIncludedCount int
}

// SetupPriceDecimal returns SetupPrice as a decimal.
func (s *SKU) SetupPriceDecimal() decimal.Decimal { return dec(s.SetupPrice) }

// MonthlyPriceDecimal returns MonthlyPrice as a decimal.
func (s *SKU) MonthlyPriceDecimal() decimal.Decimal { return dec(s.MonthlyPrice) }

// AvailableDID is an available_dids resource: a specific number in stock.
type AvailableDID struct {
	ID            string
	Number        string
	DIDGroupID    string
	NanpaPrefixID string
	DIDGroup      *DIDGroup    // include=did_group or did_group.stock_keeping_units
	NanpaPrefix   *NanpaPrefix // include=nanpa_prefix
}

func decodeCountry(g *graph, r *resource) (*Country, error) {
	c, fill := memo(g, r, &Country{ID: r.ID})
	if !fill {
		return c, nil
	}
	var a struct{ Name, ISO, Prefix string }
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	c.Name, c.ISO, c.Prefix = a.Name, a.ISO, a.Prefix
	return c, nil
}

func decodeRegion(g *graph, r *resource) (*Region, error) {
	reg, fill := memo(g, r, &Region{ID: r.ID})
	if !fill {
		return reg, nil
	}
	var a struct{ Name, ISO string }
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	reg.Name, reg.ISO = a.Name, a.ISO
	reg.CountryID = r.oneID("country")
	var err error
	reg.Country, err = resolve(g, r, "country", decodeCountry)
	return reg, err
}

func decodeCity(g *graph, r *resource) (*City, error) {
	c, fill := memo(g, r, &City{ID: r.ID})
	if !fill {
		return c, nil
	}
	var a struct{ Name string }
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	c.Name = a.Name
	c.CountryID, c.RegionID, c.AreaID = r.oneID("country"), r.oneID("region"), r.oneID("area")
	var err error
	if c.Country, err = resolve(g, r, "country", decodeCountry); err != nil {
		return nil, err
	}
	if c.Region, err = resolve(g, r, "region", decodeRegion); err != nil {
		return nil, err
	}
	c.Area, err = resolve(g, r, "area", decodeArea)
	return c, err
}

func decodeArea(g *graph, r *resource) (*Area, error) {
	ar, fill := memo(g, r, &Area{ID: r.ID})
	if !fill {
		return ar, nil
	}
	var a struct{ Name string }
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	ar.Name = a.Name
	ar.CountryID = r.oneID("country")
	var err error
	ar.Country, err = resolve(g, r, "country", decodeCountry)
	return ar, err
}

func decodeNanpaPrefix(g *graph, r *resource) (*NanpaPrefix, error) {
	p, fill := memo(g, r, &NanpaPrefix{ID: r.ID})
	if !fill {
		return p, nil
	}
	var a struct {
		NPA string `json:"npa"`
		NXX string `json:"nxx"`
	}
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	p.NPA, p.NXX = a.NPA, a.NXX
	p.CountryID, p.RegionID = r.oneID("country"), r.oneID("region")
	var err error
	if p.Country, err = resolve(g, r, "country", decodeCountry); err != nil {
		return nil, err
	}
	p.Region, err = resolve(g, r, "region", decodeRegion)
	return p, err
}

func decodeDIDGroupType(g *graph, r *resource) (*DIDGroupType, error) {
	t, fill := memo(g, r, &DIDGroupType{ID: r.ID})
	if !fill {
		return t, nil
	}
	var a struct{ Name string }
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	t.Name = a.Name
	return t, nil
}

type didGroupAttrs struct {
	Prefix                  string   `json:"prefix"`
	LocalPrefix             string   `json:"local_prefix"`
	AreaName                string   `json:"area_name"`
	Features                []string `json:"features"`
	IsMetered               bool     `json:"is_metered"`
	AllowAdditionalChannels bool     `json:"allow_additional_channels"`
	ServiceRestrictions     *string  `json:"service_restrictions"`
}

type didGroupMeta struct {
	AvailableDIDsEnabled bool `json:"available_dids_enabled"`
	NeedsRegistration    bool `json:"needs_registration"`
	IsAvailable          bool `json:"is_available"`
	TotalCount           int  `json:"total_count"`
}

func decodeDIDGroup(g *graph, r *resource) (*DIDGroup, error) {
	dg, fill := memo(g, r, &DIDGroup{ID: r.ID})
	if !fill {
		return dg, nil
	}
	var a didGroupAttrs
	var m didGroupMeta
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	if err := r.meta(&m); err != nil {
		return nil, err
	}
	dg.Prefix, dg.LocalPrefix, dg.AreaName, dg.Features = a.Prefix, a.LocalPrefix, a.AreaName, a.Features
	dg.IsMetered, dg.AllowAdditionalChannels, dg.ServiceRestrictions = a.IsMetered, a.AllowAdditionalChannels, a.ServiceRestrictions
	dg.AvailableDIDsEnabled, dg.NeedsRegistration, dg.IsAvailable, dg.TotalCount =
		m.AvailableDIDsEnabled, m.NeedsRegistration, m.IsAvailable, m.TotalCount
	dg.CountryID, dg.RegionID, dg.CityID = r.oneID("country"), r.oneID("region"), r.oneID("city")
	dg.DIDGroupTypeID = r.oneID("did_group_type")
	for _, id := range r.many("stock_keeping_units") {
		dg.SKUIDs = append(dg.SKUIDs, id.ID)
	}
	return dg, resolveDIDGroupRelations(g, r, dg)
}

func resolveDIDGroupRelations(g *graph, r *resource, dg *DIDGroup) error {
	var err error
	if dg.Country, err = resolve(g, r, "country", decodeCountry); err != nil {
		return err
	}
	if dg.Region, err = resolve(g, r, "region", decodeRegion); err != nil {
		return err
	}
	if dg.City, err = resolve(g, r, "city", decodeCity); err != nil {
		return err
	}
	if dg.DIDGroupType, err = resolve(g, r, "did_group_type", decodeDIDGroupType); err != nil {
		return err
	}
	dg.SKUs, err = resolveMany(g, r, "stock_keeping_units", decodeSKU)
	return err
}

func decodeSKU(g *graph, r *resource) (*SKU, error) {
	s, fill := memo(g, r, &SKU{ID: r.ID})
	if !fill {
		return s, nil
	}
	var a struct {
		SetupPrice            string `json:"setup_price"`
		MonthlyPrice          string `json:"monthly_price"`
		ChannelsIncludedCount int    `json:"channels_included_count"`
	}
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	if err := checkDecimals("stock_keeping_units "+r.ID, a.SetupPrice, a.MonthlyPrice); err != nil {
		return nil, err
	}
	s.SetupPrice, s.MonthlyPrice, s.ChannelsIncludedCount = a.SetupPrice, a.MonthlyPrice, a.ChannelsIncludedCount
	return s, nil
}

func decodeAvailableDID(g *graph, r *resource) (*AvailableDID, error) {
	d, fill := memo(g, r, &AvailableDID{ID: r.ID})
	if !fill {
		return d, nil
	}
	var a struct{ Number string }
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	d.Number = a.Number
	d.DIDGroupID, d.NanpaPrefixID = r.oneID("did_group"), r.oneID("nanpa_prefix")
	var err error
	if d.DIDGroup, err = resolve(g, r, "did_group", decodeDIDGroup); err != nil {
		return nil, err
	}
	d.NanpaPrefix, err = resolve(g, r, "nanpa_prefix", decodeNanpaPrefix)
	return d, err
}
