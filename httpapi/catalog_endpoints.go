package httpapi

import (
	"context"
	"net/http"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

var countries = collection[didstock.CountryFilter, *didstock.Country]{
	typ: "countries", spec: countriesSpec, render: renderCountry,
	byID: func(id string) didstock.CountryFilter { return didstock.CountryFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (f didstock.CountryFilter, err error) {
		f.IDs, f.ISO, f.Prefix, f.Name = listFilter(q, "id"), listFilter(q, "iso"), listFilter(q, "prefix"), textFilter(q, "name")
		f.IsAvailable, err = boolFilter(q, "is_available")
		return f, err
	},
	find: func(ctx context.Context, s *Server, f didstock.CountryFilter, opt didstock.ListOptions) ([]*didstock.Country, int, error) {
		return s.Catalog.FindCountries(ctx, f, opt)
	},
}

var regions = collection[didstock.RegionFilter, *didstock.Region]{
	typ: "regions", spec: regionsSpec, render: renderRegion,
	byID: func(id string) didstock.RegionFilter { return didstock.RegionFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (didstock.RegionFilter, error) {
		return didstock.RegionFilter{IDs: listFilter(q, "id"), CountryID: listFilter(q, "country.id"), ISO: listFilter(q, "iso"),
			Name: textFilter(q, "name")}, nil
	},
	find: func(ctx context.Context, s *Server, f didstock.RegionFilter, opt didstock.ListOptions) ([]*didstock.Region, int, error) {
		return s.Catalog.FindRegions(ctx, f, opt)
	},
}

var cities = collection[didstock.CityFilter, *didstock.City]{
	typ: "cities", spec: citiesSpec, render: renderCity,
	byID: func(id string) didstock.CityFilter { return didstock.CityFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (f didstock.CityFilter, err error) {
		f.CountryID, f.RegionID, f.AreaID = listFilter(q, "country.id"), listFilter(q, "region.id"), listFilter(q, "area.id")
		f.IDs, f.Name = listFilter(q, "id"), textFilter(q, "name")
		f.IsAvailable, err = boolFilter(q, "is_available")
		return f, err
	},
	find: func(ctx context.Context, s *Server, f didstock.CityFilter, opt didstock.ListOptions) ([]*didstock.City, int, error) {
		return s.Catalog.FindCities(ctx, f, opt)
	},
}

var areas = collection[didstock.AreaFilter, *didstock.Area]{
	typ: "areas", spec: areasSpec, render: renderArea,
	byID: func(id string) didstock.AreaFilter { return didstock.AreaFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (didstock.AreaFilter, error) {
		return didstock.AreaFilter{IDs: listFilter(q, "id"), CountryID: listFilter(q, "country.id"), Name: textFilter(q, "name")}, nil
	},
	find: func(ctx context.Context, s *Server, f didstock.AreaFilter, opt didstock.ListOptions) ([]*didstock.Area, int, error) {
		return s.Catalog.FindAreas(ctx, f, opt)
	},
}

var nanpaPrefixes = collection[didstock.NanpaPrefixFilter, *didstock.NanpaPrefix]{
	typ: "nanpa_prefixes", spec: nanpaSpec, render: renderNanpaPrefix,
	byID: func(id string) didstock.NanpaPrefixFilter { return didstock.NanpaPrefixFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (f didstock.NanpaPrefixFilter, err error) {
		f.IDs, f.CountryID, f.RegionID = listFilter(q, "id"), listFilter(q, "country.id"), listFilter(q, "region.id")
		f.NPA, f.NXX, f.NPANXX = listFilter(q, "npa"), listFilter(q, "nxx"), listFilter(q, "npanxx")
		f.DIDGroupFeatures = listFilter(q, "did_group.features")
		f.DIDGroupIsAvailable, err = boolFilter(q, "did_group.is_available")
		return f, err
	},
	find: func(ctx context.Context, s *Server, f didstock.NanpaPrefixFilter, opt didstock.ListOptions) ([]*didstock.NanpaPrefix, int, error) {
		return s.Catalog.FindNanpaPrefixes(ctx, f, opt)
	},
}

var didGroupTypes = collection[didstock.DIDGroupTypeFilter, *didstock.DIDGroupType]{
	typ: "did_group_types", spec: groupTypesSpec, render: renderDIDGroupType,
	byID: func(id string) didstock.DIDGroupTypeFilter { return didstock.DIDGroupTypeFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (didstock.DIDGroupTypeFilter, error) {
		return didstock.DIDGroupTypeFilter{IDs: listFilter(q, "id"), Name: textFilter(q, "name")}, nil
	},
	find: func(ctx context.Context, s *Server, f didstock.DIDGroupTypeFilter, opt didstock.ListOptions) ([]*didstock.DIDGroupType, int, error) {
		return s.Catalog.FindDIDGroupTypes(ctx, f, opt)
	},
}

var didGroups = collection[didstock.DIDGroupFilter, *didstock.DIDGroup]{
	typ: "did_groups", spec: didGroupsSpec, render: renderDIDGroup,
	byID:   func(id string) didstock.DIDGroupFilter { return didstock.DIDGroupFilter{IDs: []string{id}} },
	filter: didGroupFilter,
	find: func(ctx context.Context, s *Server, f didstock.DIDGroupFilter, opt didstock.ListOptions) ([]*didstock.DIDGroup, int, error) {
		return s.Catalog.FindDIDGroups(ctx, f, opt)
	},
}

func didGroupFilter(q *jsonapi.Query) (f didstock.DIDGroupFilter, err error) {
	f.IDs = listFilter(q, "id")
	f.CountryID, f.RegionID, f.CityID = listFilter(q, "country.id"), listFilter(q, "region.id"), listFilter(q, "city.id")
	f.DIDGroupTypeID, f.NanpaPrefixID = listFilter(q, "did_group_type.id"), listFilter(q, "nanpa_prefix.id")
	f.NanpaPrefixNPANXX, f.Prefix = listFilter(q, "nanpa_prefix.npanxx"), listFilter(q, "prefix")
	f.Features, f.AreaName = listFilter(q, "features"), textFilter(q, "area_name")
	flags := []struct {
		key string
		dst **bool
	}{
		{"is_available", &f.IsAvailable}, {"is_metered", &f.IsMetered},
		{"allow_additional_channels", &f.AllowAdditionalChannels},
		{"available_dids_enabled", &f.AvailableDIDsEnabled}, {"needs_registration", &f.NeedsRegistration},
	}
	for _, fl := range flags {
		if *fl.dst, err = boolFilter(q, fl.key); err != nil {
			return f, err
		}
	}
	f.TotalCountGTE, err = intFilter(q, "meta.total_count_gteq")
	return f, err
}

var skus = collection[didstock.SKUFilter, *didstock.SKU]{
	typ: "stock_keeping_units", spec: skuSpec, render: renderSKU,
	byID:   func(id string) didstock.SKUFilter { return didstock.SKUFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (didstock.SKUFilter, error) { return didstock.SKUFilter{}, nil },
	find: func(ctx context.Context, s *Server, f didstock.SKUFilter, opt didstock.ListOptions) ([]*didstock.SKU, int, error) {
		return s.Catalog.FindSKUs(ctx, f, opt)
	},
}

// listAvailableDIDs serves GET /v3/available_dids: a random sample of at
// most ten matching numbers, no pagination or sorting, meta.total_count =
// all matches. Accounts without number selection get 403.
func (s *Server) listAvailableDIDs(w http.ResponseWriter, r *http.Request) error {
	if err := requireNumberSelection(r); err != nil {
		return err
	}
	q, err := jsonapi.ParseQuery(r.URL.Query(), availableSpec)
	if err != nil {
		return err
	}
	f, err := availableFilter(q)
	if err != nil {
		return err
	}
	f.AccountID = account(r).ID
	sample, total, err := s.Catalog.SampleAvailableDIDs(r.Context(), f)
	if err != nil {
		return err
	}
	doc, err := availableDIDs.document(s, r, q, sample)
	if err != nil {
		return err
	}
	doc.Meta = map[string]any{"total_count": total}
	w.Header().Set("Cache-Control", "no-store")
	return respond(w, r, http.StatusOK, doc)
}

// showAvailableDID serves GET /v3/available_dids/{id}.
func (s *Server) showAvailableDID(w http.ResponseWriter, r *http.Request) error {
	if err := requireNumberSelection(r); err != nil {
		return err
	}
	q, err := jsonapi.ParseQuery(r.URL.Query(), showSpec["available_dids"])
	if err != nil {
		return err
	}
	d, err := s.Catalog.FindAvailableDID(r.Context(), r.PathValue("id"), account(r).ID)
	if err != nil {
		return err
	}
	doc, err := availableDIDs.document(s, r, q, []*didstock.AvailableDID{d})
	if err != nil {
		return err
	}
	doc.Data = doc.Data.([]*jsonapi.Resource)[0]
	return respond(w, r, http.StatusOK, doc)
}

// availableDIDs renders available DIDs; listing goes through the sampler.
var availableDIDs = collection[didstock.AvailableDIDFilter, *didstock.AvailableDID]{
	typ: "available_dids", spec: availableSpec, render: renderAvailableDID,
}

func availableFilter(q *jsonapi.Query) (f didstock.AvailableDIDFilter, err error) {
	f.IDs = listFilter(q, "id")
	f.CountryID, f.RegionID, f.CityID = listFilter(q, "country.id"), listFilter(q, "region.id"), listFilter(q, "city.id")
	f.DIDGroupID, f.DIDGroupTypeID = listFilter(q, "did_group.id"), listFilter(q, "did_group_type.id")
	f.NanpaPrefixID, f.DIDGroupFeatures = listFilter(q, "nanpa_prefix.id"), listFilter(q, "did_group.features")
	if f.DIDGroupNeedsRegistration, err = boolFilter(q, "did_group.needs_registration"); err != nil {
		return f, err
	}
	f.NumberContains, err = digitsFilter(q, "number_contains", 15)
	return f, err
}

// requireNumberSelection refuses accounts without the number selection tool,
// as the reference does for customers who have not had it enabled.
func requireNumberSelection(r *http.Request) error {
	if !account(r).NumberSelection {
		return &didstock.Error{Code: didstock.EFORBIDDEN, Title: "Forbidden",
			Message: "The number selection tool is not enabled for this account. Contact your provider to enable it."}
	}
	return nil
}
