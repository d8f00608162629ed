package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// decoder turns one resource object into a typed value, following linkage
// through the graph.
type decoder[T any] func(*graph, *resource) (*T, error)

// getOne fetches a single resource of type typ.
func getOne[T any](ctx context.Context, c *Client, path, typ string, q Query, decode decoder[T]) (*T, error) {
	doc, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q})
	if err != nil {
		return nil, err
	}
	return oneFrom(doc, http.MethodGet, path, typ, decode)
}

// oneFrom decodes a document whose primary data is a single resource.
func oneFrom[T any](doc *document, method, path, typ string, decode decoder[T]) (*T, error) {
	if doc == nil {
		return nil, fmt.Errorf("%s %s: empty response", method, path)
	}
	r, err := doc.primaryOne(typ)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return decode(newGraph([]*resource{r}, doc.Included), r)
}

// getList fetches one page of a list of resources of type typ.
func getList[T any](ctx context.Context, c *Client, path, typ string, q Query, decode decoder[T]) (*List[T], error) {
	doc, err := c.do(ctx, request{method: http.MethodGet, path: path, query: q})
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("GET %s: empty response", path)
	}
	rs, err := doc.primaryMany(typ)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return listFrom(doc, rs, decode)
}

func listFrom[T any](doc *document, rs []*resource, decode decoder[T]) (*List[T], error) {
	g := newGraph(rs, doc.Included)
	l := &List[T]{Links: doc.Links, APIVersion: doc.metaString("api_version"), Meta: metaAny(doc.Meta)}
	l.Total, l.HasTotal = doc.total()
	for _, r := range rs {
		v, err := decode(g, r)
		if err != nil {
			return nil, err
		}
		l.Items = append(l.Items, v)
	}
	inc, err := decodeIncluded(g, doc.Included)
	if err != nil {
		return nil, err
	}
	l.Included = inc
	return l, nil
}

// decodeIncluded sorts the included resources into typed slices, in
// document order. Types the client does not model are skipped.
func decodeIncluded(g *graph, included []*resource) (Included, error) {
	var inc Included
	for _, r := range included {
		if err := inc.add(g, r); err != nil {
			return Included{}, err
		}
	}
	return inc, nil
}

func (inc *Included) add(g *graph, r *resource) error {
	var err error
	switch r.Type {
	case "countries":
		err = appendDecoded(&inc.Countries, g, r, decodeCountry)
	case "regions":
		err = appendDecoded(&inc.Regions, g, r, decodeRegion)
	case "cities":
		err = appendDecoded(&inc.Cities, g, r, decodeCity)
	case "areas":
		err = appendDecoded(&inc.Areas, g, r, decodeArea)
	case "nanpa_prefixes":
		err = appendDecoded(&inc.NanpaPrefixes, g, r, decodeNanpaPrefix)
	case "did_group_types":
		err = appendDecoded(&inc.DIDGroupTypes, g, r, decodeDIDGroupType)
	case "did_groups":
		err = appendDecoded(&inc.DIDGroups, g, r, decodeDIDGroup)
	case "stock_keeping_units":
		err = appendDecoded(&inc.SKUs, g, r, decodeSKU)
	case "available_dids":
		err = appendDecoded(&inc.AvailableDIDs, g, r, decodeAvailableDID)
	case "did_reservations":
		err = appendDecoded(&inc.DIDReservations, g, r, decodeReservation)
	case "orders":
		err = appendDecoded(&inc.Orders, g, r, decodeOrder)
	case "dids":
		err = appendDecoded(&inc.DIDs, g, r, decodeDID)
	}
	return err
}

func appendDecoded[T any](dst *[]*T, g *graph, r *resource, decode decoder[T]) error {
	v, err := decode(g, r)
	if err != nil {
		return err
	}
	*dst = append(*dst, v)
	return nil
}

// idPath joins a collection path and an id, escaping the id so that an
// odd id cannot change the path.
func idPath(collection, id string) string {
	return collection + "/" + url.PathEscape(id)
}
