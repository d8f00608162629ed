package client

import "context"

// ListCountries lists countries; filters: is_available, iso, name, prefix.
func (c *Client) ListCountries(ctx context.Context, q Query) (*List[Country], error) {
	return getList(ctx, c, "/countries", "countries", q, decodeCountry)
}

// ListRegions lists regions; filters: country.id, iso, name.
func (c *Client) ListRegions(ctx context.Context, q Query) (*List[Region], error) {
	return getList(ctx, c, "/regions", "regions", q, decodeRegion)
}

// ListCities lists cities; filters: area.id, country.id, is_available,
// name, region.id.
func (c *Client) ListCities(ctx context.Context, q Query) (*List[City], error) {
	return getList(ctx, c, "/cities", "cities", q, decodeCity)
}

// ListAreas lists areas; filters: country.id, name.
func (c *Client) ListAreas(ctx context.Context, q Query) (*List[Area], error) {
	return getList(ctx, c, "/areas", "areas", q, decodeArea)
}

// ListNanpaPrefixes lists NPA-NXX prefixes; filters include country.id,
// region.id, npa, nxx, npanxx.
func (c *Client) ListNanpaPrefixes(ctx context.Context, q Query) (*List[NanpaPrefix], error) {
	return getList(ctx, c, "/nanpa_prefixes", "nanpa_prefixes", q, decodeNanpaPrefix)
}

// ListDIDGroupTypes lists DID group types; filter: name.
func (c *Client) ListDIDGroupTypes(ctx context.Context, q Query) (*List[DIDGroupType], error) {
	return getList(ctx, c, "/did_group_types", "did_group_types", q, decodeDIDGroupType)
}

// ListDIDGroups lists DID groups. Include "stock_keeping_units" to fill
// each group's SKUs; filter available_dids_enabled=true for groups that
// support choosing a specific number.
func (c *Client) ListDIDGroups(ctx context.Context, q Query) (*List[DIDGroup], error) {
	return getList(ctx, c, "/did_groups", "did_groups", q, decodeDIDGroup)
}

// GetDIDGroup fetches one DID group, e.g. with include "stock_keeping_units".
func (c *Client) GetDIDGroup(ctx context.Context, id string, include ...string) (*DIDGroup, error) {
	return getOne(ctx, c, idPath("/did_groups", id), "did_groups", includeQuery(include), decodeDIDGroup)
}

// SampleAvailableDIDs returns a random sample of numbers in stock (at most
// ten at the reference) and, in Total, how many match the filters. The
// endpoint neither pages nor sorts, and a new call may repeat numbers.
// Include "did_group.stock_keeping_units" to get each number's group and
// its SKUs in one request.
func (c *Client) SampleAvailableDIDs(ctx context.Context, q Query) (*List[AvailableDID], error) {
	return getList(ctx, c, "/available_dids", "available_dids", q, decodeAvailableDID)
}

// GetAvailableDID fetches one available number, e.g. with include
// "did_group.stock_keeping_units". It answers 404 once the number is sold
// or reserved by someone else.
func (c *Client) GetAvailableDID(ctx context.Context, id string, include ...string) (*AvailableDID, error) {
	return getOne(ctx, c, idPath("/available_dids", id), "available_dids", includeQuery(include), decodeAvailableDID)
}
