package didstock

import (
	"context"

	"github.com/shopspring/decimal"
)

// Country is an ISO 3166-1 country with its calling code (Prefix).
type Country struct {
	ID     string
	Name   string
	ISO    string
	Prefix string
}

// Region is a state, province or similar subdivision of a country.
type Region struct {
	ID        string
	Name      string
	ISO       string // subdivision code where known, may be empty
	CountryID string
}

// City is a city of a country, optionally in a region and an area.
type City struct {
	ID        string
	Name      string
	CountryID string
	RegionID  string // empty when unknown
	AreaID    string // empty when unknown
}

// Area is a numbering area of a country.
type Area struct {
	ID        string
	Name      string
	CountryID string
}

// NanpaPrefix is a North American NPA-NXX prefix.
type NanpaPrefix struct {
	ID        string
	NPA       string
	NXX       string
	CountryID string
	RegionID  string
}

// DIDGroupType is Local, National, Toll-free, Mobile, Shared Cost or Global.
type DIDGroupType struct {
	ID   string
	Name string
}

// DIDGroup is a set of numbers sold under the same terms.
type DIDGroup struct {
	ID                      string
	CountryID               string
	RegionID                string // may be empty
	CityID                  string // may be empty
	DIDGroupTypeID          string
	NanpaPrefixID           string // may be empty
	Prefix                  string
	LocalPrefix             string
	AreaName                string
	Features                []string
	IsMetered               bool
	AllowAdditionalChannels bool
	ServiceRestrictions     *string
	AvailableDIDsEnabled    bool
	NeedsRegistration       bool
	// StockCount is the live number of numbers in stock (meta.total_count);
	// the group is available when it is positive.
	StockCount int
	SKUIDs     []string // filled when requested
}

// IsAvailable reports whether numbers of the group can be bought now.
func (g *DIDGroup) IsAvailable() bool { return g.StockCount > 0 }

// SKU (stock keeping unit) is a price plan of a DID group.
type SKU struct {
	ID                    string
	DIDGroupID            string
	SetupPrice            decimal.Decimal
	MonthlyPrice          decimal.Decimal
	ChannelsIncludedCount int
}

// AvailableDID is a number in stock, visible to buyers.
type AvailableDID struct {
	ID            string
	Number        string
	DIDGroupID    string
	NanpaPrefixID string // may be empty
}

// Filters. A nil pointer or empty slice means "no condition".

type CountryFilter struct {
	IDs         []string
	ISO         []string
	Name        *string
	Prefix      []string
	IsAvailable *bool
}

type RegionFilter struct {
	IDs       []string
	CountryID []string
	ISO       []string
	Name      *string
}

type CityFilter struct {
	IDs         []string
	CountryID   []string
	RegionID    []string
	AreaID      []string
	Name        *string
	IsAvailable *bool
}

type AreaFilter struct {
	IDs       []string
	CountryID []string
	Name      *string
}

type NanpaPrefixFilter struct {
	IDs                 []string
	CountryID           []string
	RegionID            []string
	NPA                 []string
	NXX                 []string
	NPANXX              []string
	DIDGroupFeatures    []string
	DIDGroupIsAvailable *bool
}

type DIDGroupTypeFilter struct {
	IDs  []string
	Name *string
}

type DIDGroupFilter struct {
	IDs                     []string
	CountryID               []string
	RegionID                []string
	CityID                  []string
	DIDGroupTypeID          []string
	NanpaPrefixID           []string
	NanpaPrefixNPANXX       []string
	AreaName                *string
	Prefix                  []string
	Features                []string // the group must have every one
	IsAvailable             *bool
	IsMetered               *bool
	AllowAdditionalChannels *bool
	AvailableDIDsEnabled    *bool
	NeedsRegistration       *bool
	TotalCountGTE           *int
}

type SKUFilter struct {
	IDs        []string
	DIDGroupID []string
}

type AvailableDIDFilter struct {
	IDs                       []string
	CountryID                 []string
	RegionID                  []string
	CityID                    []string
	DIDGroupID                []string
	DIDGroupTypeID            []string
	NanpaPrefixID             []string
	DIDGroupFeatures          []string
	DIDGroupNeedsRegistration *bool
	NumberContains            *string
	// AccountID hides numbers reserved by other accounts.
	AccountID string
}

// SampleSize is how many available DIDs one request returns at most.
const SampleSize = 10

// CatalogService is the read side of the inventory.
type CatalogService interface {
	FindCountries(ctx context.Context, f CountryFilter, opt ListOptions) ([]*Country, int, error)
	FindRegions(ctx context.Context, f RegionFilter, opt ListOptions) ([]*Region, int, error)
	FindCities(ctx context.Context, f CityFilter, opt ListOptions) ([]*City, int, error)
	FindAreas(ctx context.Context, f AreaFilter, opt ListOptions) ([]*Area, int, error)
	FindNanpaPrefixes(ctx context.Context, f NanpaPrefixFilter, opt ListOptions) ([]*NanpaPrefix, int, error)
	FindDIDGroupTypes(ctx context.Context, f DIDGroupTypeFilter, opt ListOptions) ([]*DIDGroupType, int, error)
	FindDIDGroups(ctx context.Context, f DIDGroupFilter, opt ListOptions) ([]*DIDGroup, int, error)
	FindSKUs(ctx context.Context, f SKUFilter, opt ListOptions) ([]*SKU, int, error)
	// SampleAvailableDIDs returns up to SampleSize random matching numbers in
	// stock and the count of all matches, without scanning the inventory.
	SampleAvailableDIDs(ctx context.Context, f AvailableDIDFilter) ([]*AvailableDID, int, error)
	// FindAvailableDID returns one number in stock visible to accountID.
	FindAvailableDID(ctx context.Context, id, accountID string) (*AvailableDID, error)
}

// Inventory is a batch of catalogue records and numbers to load, as the demo
// seed and inventory imports produce it. Loading is idempotent: records whose
// ID (or number) exists already are left as they are.
type Inventory struct {
	Countries     []*Country
	Regions       []*Region
	Areas         []*Area
	Cities        []*City
	NanpaPrefixes []*NanpaPrefix
	DIDGroupTypes []*DIDGroupType
	DIDGroups     []*DIDGroup
	SKUs          []*SKU
	// Numbers need only Number and DIDGroupID: a number's ID is derived from
	// its digits, and its NANPA prefix is its group's.
	Numbers []*AvailableDID
}
