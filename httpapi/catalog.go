package httpapi

import (
	"context"
	"net/http"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

// Query specs of the catalogue endpoints: the filters, sorts and include
// paths each accepts (anything else is a 400 naming the parameter). Every
// list takes filter[id] too, as the reference documents it for each.
var (
	countriesSpec = jsonapi.Spec{Paginated: true,
		Filters: []string{"id", "is_available", "iso", "name", "prefix"}, Sorts: []string{"name", "iso", "prefix"},
		Includes: []string{"regions"}}
	regionsSpec = jsonapi.Spec{Paginated: true,
		Filters: []string{"id", "country.id", "iso", "name"}, Sorts: []string{"name", "iso"}, Includes: []string{"country"}}
	citiesSpec = jsonapi.Spec{Paginated: true,
		Filters: []string{"id", "area.id", "country.id", "is_available", "name", "region.id"}, Sorts: []string{"name"},
		Includes: []string{"country", "region", "area"}}
	areasSpec = jsonapi.Spec{Paginated: true,
		Filters: []string{"id", "country.id", "name"}, Sorts: []string{"name"}, Includes: []string{"country"}}
	nanpaSpec = jsonapi.Spec{Paginated: true,
		Filters: []string{"id", "country.id", "did_group.features", "did_group.is_available", "npa", "npanxx", "nxx", "region.id"},
		Sorts:   []string{"npa", "nxx"}, Includes: []string{"country", "region"}}
	groupTypesSpec = jsonapi.Spec{Paginated: true, Filters: []string{"id", "name"}, Sorts: []string{"name"}}
	didGroupsSpec  = jsonapi.Spec{Paginated: true,
		Filters: []string{"id", "allow_additional_channels", "area_name", "available_dids_enabled", "city.id", "country.id",
			"did_group_type.id", "features", "is_available", "is_metered", "meta.total_count_gteq", "nanpa_prefix.id",
			"nanpa_prefix.npanxx", "needs_registration", "prefix", "region.id"},
		Sorts:    []string{"area_name", "prefix", "country.name", "city.name"},
		Includes: []string{"country", "city", "region", "did_group_type", "stock_keeping_units"}}
	availableSpec = jsonapi.Spec{
		Filters: []string{"id", "city.id", "country.id", "did_group.features", "did_group.id", "did_group.needs_registration",
			"did_group_type.id", "nanpa_prefix.id", "number_contains", "region.id"},
		Includes: []string{"did_group.stock_keeping_units", "did_group.country", "did_group.city",
			"did_group.region", "did_group.did_group_type"}}
	skuSpec  = jsonapi.Spec{}
	showSpec = map[string]jsonapi.Spec{} // filled in init: a show accepts the list's includes only
)

func init() {
	for typ, spec := range map[string]jsonapi.Spec{
		"countries": countriesSpec, "regions": regionsSpec, "cities": citiesSpec, "areas": areasSpec,
		"nanpa_prefixes": nanpaSpec, "did_group_types": groupTypesSpec, "did_groups": didGroupsSpec,
		"available_dids": availableSpec, "stock_keeping_units": skuSpec,
	} {
		showSpec[typ] = jsonapi.Spec{Includes: spec.Includes}
	}
}

// relations lists, per resource type, the relationships that include can follow.
var relations = map[string]map[string]relation{}

func init() {
	country := func(fk func(any) string) relation {
		return toOne(fk, findCountries, func(c *didstock.Country) string { return c.ID }, renderCountry)
	}
	region := func(fk func(any) string) relation {
		return toOne(fk, findRegions, func(x *didstock.Region) string { return x.ID }, renderRegion)
	}
	relations = map[string]map[string]relation{
		"countries": {"regions": {toMany: true, fetch: regionsOfCountries}},
		"regions":   {"country": country(func(v any) string { return v.(*didstock.Region).CountryID })},
		"cities": {
			"country": country(func(v any) string { return v.(*didstock.City).CountryID }),
			"region":  region(func(v any) string { return v.(*didstock.City).RegionID }),
			"area": toOne(func(v any) string { return v.(*didstock.City).AreaID }, findAreas,
				func(a *didstock.Area) string { return a.ID }, renderArea),
		},
		"areas": {"country": country(func(v any) string { return v.(*didstock.Area).CountryID })},
		"nanpa_prefixes": {
			"country": country(func(v any) string { return v.(*didstock.NanpaPrefix).CountryID }),
			"region":  region(func(v any) string { return v.(*didstock.NanpaPrefix).RegionID }),
		},
		"did_groups": {
			"country": country(func(v any) string { return v.(*didstock.DIDGroup).CountryID }),
			"region":  region(func(v any) string { return v.(*didstock.DIDGroup).RegionID }),
			"city": toOne(func(v any) string { return v.(*didstock.DIDGroup).CityID }, findCities,
				func(c *didstock.City) string { return c.ID }, renderCity),
			"did_group_type": toOne(func(v any) string { return v.(*didstock.DIDGroup).DIDGroupTypeID }, findGroupTypes,
				func(t *didstock.DIDGroupType) string { return t.ID }, renderDIDGroupType),
			"stock_keeping_units": {toMany: true, fetch: skusOfGroups},
		},
		"available_dids": {
			"did_group": toOne(func(v any) string { return v.(*didstock.AvailableDID).DIDGroupID }, findGroups,
				func(g *didstock.DIDGroup) string { return g.ID }, renderDIDGroup),
		},
	}
}

func findCountries(ctx context.Context, s *Server, ids []string) ([]*didstock.Country, error) {
	v, _, err := s.Catalog.FindCountries(ctx, didstock.CountryFilter{IDs: ids}, byIDs(len(ids)))
	return v, err
}

func findRegions(ctx context.Context, s *Server, ids []string) ([]*didstock.Region, error) {
	v, _, err := s.Catalog.FindRegions(ctx, didstock.RegionFilter{IDs: ids}, byIDs(len(ids)))
	return v, err
}

func findCities(ctx context.Context, s *Server, ids []string) ([]*didstock.City, error) {
	v, _, err := s.Catalog.FindCities(ctx, didstock.CityFilter{IDs: ids}, byIDs(len(ids)))
	return v, err
}

func findAreas(ctx context.Context, s *Server, ids []string) ([]*didstock.Area, error) {
	v, _, err := s.Catalog.FindAreas(ctx, didstock.AreaFilter{IDs: ids}, byIDs(len(ids)))
	return v, err
}

func findGroupTypes(ctx context.Context, s *Server, ids []string) ([]*didstock.DIDGroupType, error) {
	v, _, err := s.Catalog.FindDIDGroupTypes(ctx, didstock.DIDGroupTypeFilter{IDs: ids}, byIDs(len(ids)))
	return v, err
}

func findGroups(ctx context.Context, s *Server, ids []string) ([]*didstock.DIDGroup, error) {
	v, _, err := s.Catalog.FindDIDGroups(ctx, didstock.DIDGroupFilter{IDs: ids}, byIDs(len(ids)))
	return v, err
}

// regionsOfCountries fetches the regions of each country.
func regionsOfCountries(ctx context.Context, s *Server, r *http.Request, owners []node) (map[string][]node, error) {
	ids := make([]string, len(owners))
	for i, o := range owners {
		ids[i] = o.res.ID
	}
	regions, _, err := s.Catalog.FindRegions(ctx, didstock.RegionFilter{CountryID: ids},
		didstock.ListOptions{Page: didstock.Page{Number: 1, Size: 10000}})
	if err != nil {
		return nil, err
	}
	out := map[string][]node{}
	for _, x := range regions {
		out[x.CountryID] = append(out[x.CountryID], node{res: renderRegion(r, x), value: x})
	}
	return out, nil
}

// skusOfGroups fetches the SKUs of each DID group.
func skusOfGroups(ctx context.Context, s *Server, r *http.Request, owners []node) (map[string][]node, error) {
	ids := make([]string, len(owners))
	for i, o := range owners {
		ids[i] = o.res.ID
	}
	skus, _, err := s.Catalog.FindSKUs(ctx, didstock.SKUFilter{DIDGroupID: ids},
		didstock.ListOptions{Page: didstock.Page{Number: 1, Size: 10 * len(ids)}})
	if err != nil {
		return nil, err
	}
	out := map[string][]node{}
	for _, x := range skus {
		out[x.DIDGroupID] = append(out[x.DIDGroupID], node{res: renderSKU(r, x), value: x})
	}
	return out, nil
}
