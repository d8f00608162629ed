package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/callbacks"
	"github.com/didstock/didstock/jsonapi"
)

var ordersSpec = jsonapi.Spec{Paginated: true,
	Filters: []string{"created_at_gteq", "created_at_lteq", "external_reference_id", "reference", "status"},
	Sorts:   []string{"created_at", "reference", "amount", "status"}}

// ctxAccount is the authenticated account of a request context.
func ctxAccount(ctx context.Context) *didstock.Account {
	if ri, ok := ctx.Value(ctxKey{}).(*requestInfo); ok {
		return ri.account
	}
	return &didstock.Account{}
}

var orders = collection[didstock.OrderFilter, *didstock.Order]{
	typ: "orders", spec: ordersSpec, render: renderOrder,
	byID: func(id string) didstock.OrderFilter { return didstock.OrderFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (f didstock.OrderFilter, err error) {
		f.Reference, f.ExternalReferenceID = listFilter(q, "reference"), listFilter(q, "external_reference_id")
		for _, s := range listFilter(q, "status") {
			f.Status = append(f.Status, strings.ToLower(s))
		}
		if f.CreatedAtGTE, err = timeFilter(q, "created_at_gteq"); err != nil {
			return f, err
		}
		f.CreatedAtLTE, err = timeFilter(q, "created_at_lteq")
		return f, err
	},
	find: func(ctx context.Context, s *Server, f didstock.OrderFilter, opt didstock.ListOptions) ([]*didstock.Order, int, error) {
		f.AccountID = ctxAccount(ctx).ID
		return s.Ordering.FindOrders(ctx, f, opt)
	},
}

// timeFilter accepts an RFC 3339 time or a date (midnight UTC).
func timeFilter(q *jsonapi.Query, key string) (*time.Time, error) {
	raw, ok := q.Raw[key]
	if !ok {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, raw); err == nil {
			t = t.UTC()
			return &t, nil
		}
	}
	return nil, didstock.BadParam("filter["+key+"]", "filter[%s] must be a date or an ISO 8601 time", key)
}

// Wire formats of times: the reference sends ISO 8601 with milliseconds in
// UTC, and billing dates as plain dates.
func wireTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func wireDate(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format("2006-01-02")
}

func renderOrder(r *http.Request, o *didstock.Order) *jsonapi.Resource {
	v := apiVersion(r)
	res := newResource(r, "orders", o.ID)
	a := res.Attributes
	a["amount"] = money(o.Amount)
	a["status"] = didstock.OrderStatusWire(o.Status, v)
	a["created_at"] = wireTime(o.CreatedAt)
	a["reference"] = o.Reference
	a["description"] = o.Description
	items := make([]map[string]any, 0, len(o.Items))
	for _, it := range o.Items {
		items = append(items, map[string]any{"type": "did_order_items", "attributes": orderItemAttributes(it)})
	}
	a["items"] = items
	a["callback_url"] = o.CallbackURL
	if o.CallbackMethod != nil {
		a["callback_method"] = didstock.CallbackMethodWire(*o.CallbackMethod, v)
	} else {
		a["callback_method"] = nil
	}
	a["external_reference_id"] = o.ExternalReferenceID
	return res
}

func orderItemAttributes(it *didstock.OrderItem) map[string]any {
	return map[string]any{
		"qty":           it.Qty,
		"nrc":           money(it.NRC()),
		"mrc":           money(it.MRC()),
		"prorated_mrc":  false,
		"billed_from":   wireDate(it.BilledFrom),
		"billed_to":     wireDate(it.BilledTo),
		"setup_price":   money(it.SetupPrice),
		"monthly_price": money(it.MonthlyPrice),
		"did_group_id":  it.DIDGroupID,
	}
}

// createOrder serves POST /v3/orders.
func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) error {
	req, err := jsonapi.DecodeResource(r.Body, "orders")
	if err != nil {
		return err
	}
	o, err := s.parseNewOrder(req.Attributes)
	if err != nil {
		return err
	}
	if choosesNumbers(o) {
		// Picking a number is the number selection tool's business: an
		// account without it buys by quantity or NPA-NXX only.
		if err := requireNumberSelection(r); err != nil {
			return err
		}
	}
	order, err := s.Ordering.CreateOrder(r.Context(), account(r).ID, o)
	if err != nil {
		return err
	}
	return respond(w, r, http.StatusCreated, &jsonapi.Document{Data: renderOrder(r, order)})
}

// choosesNumbers reports whether an order names specific numbers, directly
// or through reservations.
func choosesNumbers(o didstock.NewOrder) bool {
	for _, it := range o.Items {
		if it.AvailableDIDID != "" || it.DIDReservationID != "" {
			return true
		}
	}
	return false
}

const attrPointer = "/data/attributes/"

func (s *Server) parseNewOrder(attrs map[string]json.RawMessage) (didstock.NewOrder, error) {
	o := didstock.NewOrder{AllowBackOrdering: true}
	if b, set, err := optBool(attrs, "allow_back_ordering", attrPointer+"allow_back_ordering"); err != nil {
		return o, err
	} else if set {
		o.AllowBackOrdering = b
	}
	var err error
	if o.ExternalReferenceID, err = optString(attrs, "external_reference_id", attrPointer+"external_reference_id"); err != nil {
		return o, err
	}
	if o.CallbackURL, err = optString(attrs, "callback_url", attrPointer+"callback_url"); err != nil {
		return o, err
	}
	if o.CallbackURL != nil {
		if *o.CallbackURL == "" {
			o.CallbackURL = nil
		} else if err := callbacks.ValidateURL(*o.CallbackURL, s.AllowPrivateCallbacks); err != nil {
			return o, didstock.Invalid(attrPointer+"callback_url", "is invalid")
		}
	}
	if o.CallbackMethod, err = optString(attrs, "callback_method", attrPointer+"callback_method"); err != nil {
		return o, err
	}
	if o.CallbackMethod != nil {
		m := strings.ToLower(*o.CallbackMethod)
		if m != didstock.CallbackGet && m != didstock.CallbackPost {
			return o, didstock.Invalid(attrPointer+"callback_method", "is not included in the list")
		}
		o.CallbackMethod = &m
	} else if o.CallbackURL != nil {
		m := didstock.CallbackPost
		o.CallbackMethod = &m
	}
	o.Items, err = parseOrderItems(attrs["items"])
	return o, err
}

func parseOrderItems(raw json.RawMessage) ([]didstock.NewOrderItem, error) {
	pointer := attrPointer + "items"
	var items []struct {
		Type       string                     `json:"type"`
		Attributes map[string]json.RawMessage `json:"attributes"`
	}
	if len(raw) == 0 || isNull(raw) {
		return nil, didstock.Invalid(pointer, "can't be blank")
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, didstock.Invalid(pointer, "must be an array of did_order_items")
	}
	if len(items) == 0 {
		return nil, didstock.Invalid(pointer, "can't be blank")
	}
	if len(items) > 100 {
		return nil, didstock.Invalid(pointer, "is too long (maximum is 100 items)")
	}
	out := make([]didstock.NewOrderItem, 0, len(items))
	for i, it := range items {
		p := fmt.Sprintf("%s/%d", pointer, i)
		if it.Type != "did_order_items" {
			return nil, didstock.Invalid(p+"/type", "must be did_order_items")
		}
		item, err := parseOrderItem(it.Attributes, p)
		if err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

func parseOrderItem(attrs map[string]json.RawMessage, p string) (didstock.NewOrderItem, error) {
	var it didstock.NewOrderItem
	ids := map[string]*string{"sku_id": &it.SKUID, "available_did_id": &it.AvailableDIDID,
		"did_reservation_id": &it.DIDReservationID, "nanpa_prefix_id": &it.NanpaPrefixID}
	for _, name := range []string{"sku_id", "available_did_id", "did_reservation_id", "nanpa_prefix_id"} {
		v, err := optString(attrs, name, p+"/"+name)
		if err != nil {
			return it, err
		}
		if v != nil {
			*ids[name] = *v
		}
	}
	if it.SKUID == "" {
		return it, didstock.Invalid(p+"/sku_id", "can't be blank")
	}
	qty, qtySet, err := optInt(attrs, "qty", p+"/qty")
	if err != nil {
		return it, err
	}
	qtySet = qtySet && !isNull(attrs["qty"])
	if qtySet && (qty < 1 || qty > didstock.MaxItemQty) {
		return it, didstock.Invalid(p+"/qty", "must be between 1 and %d", didstock.MaxItemQty)
	}
	it.Qty = qty
	// What to take: a quantity (of the SKU's group, or of an NPA-NXX prefix
	// in it), one available DID, or one reserved DID; exactly one of them.
	kinds := 0
	for _, given := range []bool{qtySet || it.NanpaPrefixID != "", it.AvailableDIDID != "", it.DIDReservationID != ""} {
		if given {
			kinds++
		}
	}
	if kinds != 1 {
		return it, didstock.Invalid(p, "exactly one of qty, available_did_id or did_reservation_id must be given")
	}
	cycles, cyclesSet, err := optInt(attrs, "billing_cycles_count", p+"/billing_cycles_count")
	if err != nil {
		return it, err
	}
	if cyclesSet && !isNull(attrs["billing_cycles_count"]) {
		if cycles < 0 || cycles > didstock.MaxBillingCycles {
			return it, didstock.Invalid(p+"/billing_cycles_count", "must be between 0 and %d", didstock.MaxBillingCycles)
		}
		it.BillingCyclesCount = &cycles
	}
	return it, nil
}

// Attribute readers: absent and null are told apart where it matters; a
// value of the wrong JSON kind is a 422 pointing at it.

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

func optString(attrs map[string]json.RawMessage, key, pointer string) (*string, error) {
	raw, ok := attrs[key]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, didstock.Invalid(pointer, "must be a string")
	}
	return &s, nil
}

func optBool(attrs map[string]json.RawMessage, key, pointer string) (bool, bool, error) {
	raw, ok := attrs[key]
	if !ok || isNull(raw) {
		return false, false, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, false, didstock.Invalid(pointer, "must be true or false")
	}
	return b, true, nil
}

// optInt reads a whole number; set is true when the key is present, even as null.
func optInt(attrs map[string]json.RawMessage, key, pointer string) (n int, set bool, err error) {
	raw, ok := attrs[key]
	if !ok {
		return 0, false, nil
	}
	if isNull(raw) {
		return 0, true, nil
	}
	var f json.Number
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil {
		return 0, false, didstock.Invalid(pointer, "must be an integer")
	}
	v, err := f.Int64()
	if err != nil || v < -1<<31 || v > 1<<31-1 {
		return 0, false, didstock.Invalid(pointer, "must be an integer")
	}
	return int(v), true, nil
}

// updateOrder serves PATCH /v3/orders/{id}: only external_reference_id.
func (s *Server) updateOrder(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	req, err := jsonapi.DecodeResource(r.Body, "orders")
	if err != nil {
		return err
	}
	if req.ID != "" && req.ID != id {
		return didstock.Invalid("/data/id", "does not match the URL")
	}
	for name := range req.Attributes {
		if name != "external_reference_id" {
			return didstock.Invalid(attrPointer+name, "can't be changed")
		}
	}
	ref, err := optString(req.Attributes, "external_reference_id", attrPointer+"external_reference_id")
	if err != nil {
		return err
	}
	if _, present := req.Attributes["external_reference_id"]; !present {
		orders, _, err := s.Ordering.FindOrders(r.Context(), didstock.OrderFilter{AccountID: account(r).ID, IDs: []string{id}}, byIDs(1))
		if err != nil {
			return err
		}
		if len(orders) == 0 {
			return didstock.NotFound(id)
		}
		return respond(w, r, http.StatusOK, &jsonapi.Document{Data: renderOrder(r, orders[0])})
	}
	o, err := s.Ordering.UpdateOrderExternalReference(r.Context(), account(r).ID, id, ref)
	if err != nil {
		return notFoundAs(err, id)
	}
	return respond(w, r, http.StatusOK, &jsonapi.Document{Data: renderOrder(r, o)})
}

// cancelOrder serves DELETE /v3/orders/{id}.
func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.Ordering.CancelOrder(r.Context(), account(r).ID, id); err != nil {
		return notFoundAs(err, id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// notFoundAs gives a not-found error the reference's text for the path's id.
func notFoundAs(err error, id string) error {
	var de *didstock.Error
	if errors.As(err, &de) && de.Code == didstock.ENOTFOUND {
		return didstock.NotFound(id)
	}
	return err
}
