package client

import (
	"context"
	"net/http"
	"time"
)

// DefaultPollInterval is WaitOrder's interval when given none. Orders for
// numbers in stock usually complete within seconds.
const DefaultPollInterval = 2 * time.Second

// CreateReservation holds an available DID for the account (at the
// reference, for 20 minutes) so it can be ordered by reservation id.
func (c *Client) CreateReservation(ctx context.Context, availableDIDID, description string) (*DIDReservation, error) {
	body := reservationBody{Data: reservationData{
		Type:       "did_reservations",
		Attributes: reservationAttrs{Description: description},
		Relationships: reservationRels{
			AvailableDID: linkage{Data: identifier{Type: "available_dids", ID: availableDIDID}},
		},
	}}
	return create(ctx, c, "/did_reservations", "did_reservations", body, decodeReservation)
}

type reservationBody struct {
	Data reservationData `json:"data"`
}

type reservationData struct {
	Type          string           `json:"type"`
	Attributes    reservationAttrs `json:"attributes"`
	Relationships reservationRels  `json:"relationships"`
}

type reservationAttrs struct {
	Description string `json:"description,omitempty"`
}

type reservationRels struct {
	AvailableDID linkage `json:"available_did"`
}

type linkage struct {
	Data identifier `json:"data"`
}

// GetReservation fetches one reservation, e.g. with include "available_did".
func (c *Client) GetReservation(ctx context.Context, id string, include ...string) (*DIDReservation, error) {
	return getOne(ctx, c, idPath("/did_reservations", id), "did_reservations", includeQuery(include), decodeReservation)
}

// ListReservations lists the account's reservations; filter: description.
// Meta["available_count"] says how many more the account may make.
func (c *Client) ListReservations(ctx context.Context, q Query) (*List[DIDReservation], error) {
	return getList(ctx, c, "/did_reservations", "did_reservations", q, decodeReservation)
}

// DeleteReservation releases a reservation. It is not retried; see RetryPolicy.
func (c *Client) DeleteReservation(ctx context.Context, id string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: idPath("/did_reservations", id)})
	return err
}

// OrderRequest is a new DID order. Set exactly one way of choosing numbers
// per item: SKUID with Qty (any numbers of the group), AvailableDIDID or
// DIDReservationID (a specific number, with its SKUID), or NanpaPrefixID
// (an NPA-NXX, with its SKUID).
type OrderRequest struct {
	// AllowBackOrdering lets the order wait for stock; nil leaves the
	// server's default.
	AllowBackOrdering   *bool
	ExternalReferenceID string
	CallbackURL         string
	CallbackMethod      string // "get" or "post" (2022-05-10 servers expect "GET"/"POST")
	Items               []OrderItemRequest
}

// OrderItemRequest is one did_order_items entry of an OrderRequest.
type OrderItemRequest struct {
	SKUID              string
	Qty                int // omitted when 0, as for a specific available DID
	AvailableDIDID     string
	DIDReservationID   string
	NanpaPrefixID      string
	BillingCyclesCount *int
}

type orderBody struct {
	Data orderData `json:"data"`
}

type orderData struct {
	Type       string         `json:"type"`
	Attributes orderBodyAttrs `json:"attributes"`
}

type orderBodyAttrs struct {
	AllowBackOrdering   *bool           `json:"allow_back_ordering,omitempty"`
	ExternalReferenceID string          `json:"external_reference_id,omitempty"`
	CallbackURL         string          `json:"callback_url,omitempty"`
	CallbackMethod      string          `json:"callback_method,omitempty"`
	Items               []orderItemBody `json:"items"`
}

type orderItemBody struct {
	Type       string             `json:"type"`
	Attributes orderItemBodyAttrs `json:"attributes"`
}

type orderItemBodyAttrs struct {
	SKUID              string `json:"sku_id,omitempty"`
	Qty                int    `json:"qty,omitempty"`
	AvailableDIDID     string `json:"available_did_id,omitempty"`
	DIDReservationID   string `json:"did_reservation_id,omitempty"`
	NanpaPrefixID      string `json:"nanpa_prefix_id,omitempty"`
	BillingCyclesCount *int   `json:"billing_cycles_count,omitempty"`
}

func (o OrderRequest) body() orderBody {
	attrs := orderBodyAttrs{
		AllowBackOrdering:   o.AllowBackOrdering,
		ExternalReferenceID: o.ExternalReferenceID,
		CallbackURL:         o.CallbackURL,
		CallbackMethod:      o.CallbackMethod,
		Items:               []orderItemBody{},
	}
	for _, it := range o.Items {
		attrs.Items = append(attrs.Items, orderItemBody{Type: "did_order_items", Attributes: orderItemBodyAttrs(it)})
	}
	return orderBody{Data: orderData{Type: "orders", Attributes: attrs}}
}

// CreateOrder places an order. It is never retried (a lost answer may
// hide a placed, charged order); check ListOrders with the external
// reference id before trying again. A 400 with too little money is
// recognised by AsInsufficientBalance.
func (c *Client) CreateOrder(ctx context.Context, o OrderRequest) (*Order, error) {
	return create(ctx, c, "/orders", "orders", o.body(), decodeOrder)
}

// GetOrder fetches one order.
func (c *Client) GetOrder(ctx context.Context, id string) (*Order, error) {
	return getOne(ctx, c, idPath("/orders", id), "orders", Query{}, decodeOrder)
}

// ListOrders lists orders; filters: created_at_gteq, created_at_lteq,
// external_reference_id, reference, status.
func (c *Client) ListOrders(ctx context.Context, q Query) (*List[Order], error) {
	return getList(ctx, c, "/orders", "orders", q, decodeOrder)
}

// CancelOrder cancels a pending order (DELETE /orders/{id}).
func (c *Client) CancelOrder(ctx context.Context, id string) error {
	_, err := c.do(ctx, request{method: http.MethodDelete, path: idPath("/orders", id)})
	return err
}

// WaitOrder polls the order every poll (DefaultPollInterval when <= 0)
// until its status is completed or canceled, and returns it; a canceled
// order is not an error, so check Status. progress, when non-nil, sees
// every fetched version, which lets a CLI show it is still waiting. When
// ctx ends or a fetch fails, WaitOrder returns the last order it saw (nil
// if none) with the error. A back-ordered order may stay pending for days,
// so give ctx a deadline: WaitOrder itself never gives up.
func (c *Client) WaitOrder(ctx context.Context, id string, poll time.Duration, progress func(*Order)) (*Order, error) {
	if poll <= 0 {
		poll = DefaultPollInterval
	}
	var last *Order
	for {
		o, err := c.GetOrder(ctx, id)
		if err != nil {
			return last, err
		}
		last = o
		if progress != nil {
			progress(o)
		}
		if o.Final() {
			return o, nil
		}
		if err := sleep(ctx, poll); err != nil {
			return last, err
		}
	}
}

// GetBalance fetches the account's balance and credit.
func (c *Client) GetBalance(ctx context.Context) (*Balance, error) {
	return getOne(ctx, c, "/balance", "balances", Query{}, decodeBalance)
}

// ListDIDs lists the account's numbers; filters include number, order.id,
// order.reference, did_group.id, terminated, blocked, description.
func (c *Client) ListDIDs(ctx context.Context, q Query) (*List[DID], error) {
	return getList(ctx, c, "/dids", "dids", q, decodeDID)
}

// GetDID fetches one of the account's numbers, e.g. with include "did_group".
func (c *Client) GetDID(ctx context.Context, id string, include ...string) (*DID, error) {
	return getOne(ctx, c, idPath("/dids", id), "dids", includeQuery(include), decodeDID)
}

// create POSTs a JSON:API document and decodes the created resource.
func create[T any](ctx context.Context, c *Client, path, typ string, body any, decode decoder[T]) (*T, error) {
	doc, err := c.do(ctx, request{method: http.MethodPost, path: path, body: body})
	if err != nil {
		return nil, err
	}
	return oneFrom(doc, http.MethodPost, path, typ, decode)
}
