package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

var didsSpec = jsonapi.Spec{Paginated: true,
	Filters: []string{"address_verification.id", "awaiting_registration", "billing_cycles_count", "blocked",
		"capacity_pool.id", "city.id", "country.id", "description", "did_group.features", "did_group.id",
		"emergency_calling_service.id", "emergency_enabled", "number", "order.id", "order.reference", "region.id",
		"shared_capacity_group.id", "terminated", "voice_in_trunk.id", "voice_in_trunk_group.id"},
	Sorts: []string{"created_at", "number", "expires_at"}, Includes: []string{"did_group", "order"}}

// unsupportedDIDLinks are relationships didstock does not model (trunks,
// capacity pools, address verifications …): no DID has one, so filtering
// by any of them matches nothing rather than being refused.
var unsupportedDIDLinks = []string{"address_verification.id", "capacity_pool.id", "emergency_calling_service.id",
	"shared_capacity_group.id", "voice_in_trunk.id", "voice_in_trunk_group.id"}

var dids = collection[didstock.DIDFilter, *didstock.DID]{
	typ: "dids", spec: didsSpec, render: renderDID,
	byID:   func(id string) didstock.DIDFilter { return didstock.DIDFilter{IDs: []string{id}} },
	filter: didFilter,
	find: func(ctx context.Context, s *Server, f didstock.DIDFilter, opt didstock.ListOptions) ([]*didstock.DID, int, error) {
		f.AccountID = ctxAccount(ctx).ID
		return s.Ordering.FindDIDs(ctx, f, opt)
	},
}

func didFilter(q *jsonapi.Query) (f didstock.DIDFilter, err error) {
	f.Number, f.Description = listFilter(q, "number"), textFilter(q, "description")
	f.BillingCyclesCount = listFilter(q, "billing_cycles_count")
	f.DIDGroupID, f.DIDGroupFeatures = listFilter(q, "did_group.id"), listFilter(q, "did_group.features")
	f.CountryID, f.RegionID, f.CityID = listFilter(q, "country.id"), listFilter(q, "region.id"), listFilter(q, "city.id")
	f.OrderID, f.OrderReference = listFilter(q, "order.id"), listFilter(q, "order.reference")
	for _, k := range unsupportedDIDLinks {
		if _, ok := q.Raw[k]; ok {
			f.IDs = []string{} // matches nothing
		}
	}
	for key, dst := range map[string]**bool{"blocked": &f.Blocked, "terminated": &f.Terminated,
		"awaiting_registration": &f.AwaitingRegistration, "emergency_enabled": &f.EmergencyEnabled} {
		if *dst, err = boolFilter(q, key); err != nil {
			return f, err
		}
	}
	return f, nil
}

// didRelationships are the relationships the reference shows per version.
var (
	didRelationships2022 = []string{"did_group", "order", "voice_in_trunk", "voice_in_trunk_group", "capacity_pool",
		"shared_capacity_group", "address_verification"}
	didRelationships2026 = append(append([]string{}, didRelationships2022...),
		"emergency_calling_service", "emergency_verification", "identity")
)

// renderDID follows the version: emergency_enabled and the emergency and
// identity relationships exist from 2026-04-16.
func renderDID(r *http.Request, d *didstock.DID) *jsonapi.Resource {
	v := apiVersion(r)
	rels := didRelationships2022
	if v >= didstock.APIVersion20260416 {
		rels = didRelationships2026
	}
	res := newResource(r, "dids", d.ID, rels...)
	a := res.Attributes
	a["blocked"] = d.Blocked
	a["capacity_limit"] = d.CapacityLimit
	a["description"] = d.Description
	a["terminated"] = d.Terminated
	a["awaiting_registration"] = d.AwaitingRegistration
	a["number"] = d.Number
	if d.ExpiresAt != nil {
		a["expires_at"] = wireTime(*d.ExpiresAt)
	} else {
		a["expires_at"] = nil
	}
	a["channels_included_count"] = d.ChannelsIncludedCount
	a["created_at"] = wireTime(d.CreatedAt)
	a["pending_removal"] = d.PendingRemoval
	a["dedicated_channels_count"] = d.DedicatedChannels
	a["billing_cycles_count"] = d.BillingCyclesCount
	if v >= didstock.APIVersion20260416 {
		a["emergency_enabled"] = d.EmergencyEnabled
	}
	return res
}

// ordersOfDIDs is the include=order relation of dids.
func ordersOfDIDs(ctx context.Context, s *Server, r *http.Request, owners []node) (map[string][]node, error) {
	var ids []string
	for _, o := range owners {
		ids = append(ids, o.value.(*didstock.DID).OrderID)
	}
	ids = unique(ids)
	found, _, err := s.Ordering.FindOrders(ctx, didstock.OrderFilter{AccountID: account(r).ID, IDs: ids}, byIDs(len(ids)))
	if err != nil {
		return nil, err
	}
	byID := map[string]node{}
	for _, o := range found {
		byID[o.ID] = node{res: renderOrder(r, o), value: o}
	}
	out := map[string][]node{}
	for _, o := range owners {
		if n, ok := byID[o.value.(*didstock.DID).OrderID]; ok {
			out[o.res.ID] = []node{n}
		}
	}
	return out, nil
}

// updateDID serves PATCH /v3/dids/{id}.
func (s *Server) updateDID(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	req, err := jsonapi.DecodeResource(r.Body, "dids")
	if err != nil {
		return err
	}
	if req.ID != "" && req.ID != id {
		return didstock.Invalid("/data/id", "does not match the URL")
	}
	u, err := parseDIDUpdate(req.Attributes)
	if err != nil {
		return err
	}
	d, err := s.Ordering.UpdateDID(r.Context(), account(r).ID, id, u)
	if err != nil {
		return notFoundAs(err, id)
	}
	return respond(w, r, http.StatusOK, &jsonapi.Document{Data: renderDID(r, d)})
}

// parseDIDUpdate reads the attributes a customer may change. Others the
// reference lets clients echo back (pending_removal …) are ignored.
func parseDIDUpdate(attrs map[string]json.RawMessage) (u didstock.DIDUpdate, err error) {
	if raw, ok := attrs["description"]; ok {
		if isNull(raw) {
			u.ClearDescription = true
		} else if u.Description, err = optString(attrs, "description", attrPointer+"description"); err != nil {
			return u, err
		}
	}
	if n, set, err := optInt(attrs, "billing_cycles_count", attrPointer+"billing_cycles_count"); err != nil {
		return u, err
	} else if set {
		u.SetBillingCycles = true
		if !isNull(attrs["billing_cycles_count"]) {
			if n < 0 || n > didstock.MaxBillingCycles {
				return u, didstock.Invalid(attrPointer+"billing_cycles_count", "must be between 0 and %d", didstock.MaxBillingCycles)
			}
			u.BillingCyclesCount = &n
		}
	}
	if n, set, err := optInt(attrs, "capacity_limit", attrPointer+"capacity_limit"); err != nil {
		return u, err
	} else if set {
		u.SetCapacityLimit = true
		if !isNull(attrs["capacity_limit"]) {
			if n < 0 {
				return u, didstock.Invalid(attrPointer+"capacity_limit", "must be greater than or equal to 0")
			}
			u.CapacityLimit = &n
		}
	}
	if b, set, err := optBool(attrs, "terminated", attrPointer+"terminated"); err != nil {
		return u, err
	} else if set {
		u.Terminated = &b
	}
	return u, nil
}

var historySpec = jsonapi.Spec{Paginated: true,
	Filters: []string{"action", "created_at_gteq", "created_at_lteq", "did_number", "method"},
	Sorts:   []string{"created_at"}}

var didHistory = collection[didstock.DIDHistoryFilter, *didstock.DIDHistory]{
	typ: "did_history", spec: historySpec, render: renderHistory,
	byID: func(id string) didstock.DIDHistoryFilter { return didstock.DIDHistoryFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (f didstock.DIDHistoryFilter, err error) {
		f.Action, f.Method, f.DIDNumber = listFilter(q, "action"), listFilter(q, "method"), listFilter(q, "did_number")
		if f.CreatedAtGTE, err = timeFilter(q, "created_at_gteq"); err != nil {
			return f, err
		}
		f.CreatedAtLTE, err = timeFilter(q, "created_at_lteq")
		return f, err
	},
	find: func(ctx context.Context, s *Server, f didstock.DIDHistoryFilter, opt didstock.ListOptions) ([]*didstock.DIDHistory, int, error) {
		f.AccountID = ctxAccount(ctx).ID
		return s.Ordering.FindDIDHistory(ctx, f, opt)
	},
}

func renderHistory(r *http.Request, h *didstock.DIDHistory) *jsonapi.Resource {
	res := newResource(r, "did_history", h.ID)
	res.Attributes["did_number"] = h.DIDNumber
	res.Attributes["action"] = h.Action
	res.Attributes["method"] = h.Method
	res.Attributes["created_at"] = wireTime(h.CreatedAt)
	return res
}

// since2026 serves h only from API version 2026-04-16; older versions get
// the route-not-found answer, as the endpoint does not exist for them.
func since2026(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if apiVersion(r) < didstock.APIVersion20260416 {
			return notFound(w, r)
		}
		return h(w, r)
	}
}
