package client

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Order statuses as exposed by Order.Status. API version 2022-05-10 spells
// them capitalised ("Completed"), 2026-04-16 lowercase; the client
// normalises to lowercase so callers compare against one set.
const (
	StatusPending   = "pending"
	StatusCompleted = "completed"
	StatusCanceled  = "canceled"
)

// DIDReservation is a did_reservations resource: an available DID held for
// the account for a while.
type DIDReservation struct {
	ID          string
	Description string
	CreatedAt   time.Time
	// ExpiresAt is read from expires_at (2026-04-16) or expire_at (2022-05-10).
	ExpiresAt      time.Time
	AvailableDIDID string
	AvailableDID   *AvailableDID // include=available_did
}

// Order is an orders resource.
type Order struct {
	ID        string
	Reference string
	// Amount keeps the server's exact text; see AmountDecimal.
	Amount string
	// Status is lowercase whatever the API version: StatusPending,
	// StatusCompleted or StatusCanceled.
	Status string
	// StatusRaw is the status exactly as the server sent it.
	StatusRaw           string
	CreatedAt           time.Time
	Description         string
	CallbackURL         string
	CallbackMethod      string // lowercase "get" or "post"; "" when unset
	ExternalReferenceID string
	Items               []OrderItem
}

// AmountDecimal returns Amount as a decimal.
func (o *Order) AmountDecimal() decimal.Decimal { return dec(o.Amount) }

// Final reports whether the order will not change status any more.
func (o *Order) Final() bool {
	return o.Status == StatusCompleted || o.Status == StatusCanceled
}

// OrderItem is one line of an order (did_order_items and the like). Money
// fields keep the server's exact text.
type OrderItem struct {
	Type         string // did_order_items, capacity_order_items, …
	Qty          int
	NRC          string
	MRC          string
	SetupPrice   string
	MonthlyPrice string
	ProratedMRC  bool
	BilledFrom   *time.Time // nil until billed
	BilledTo     *time.Time
	DIDGroupID   string
	// Echoed request fields, present when the server returns them.
	SKUID              string
	AvailableDIDID     string
	DIDReservationID   string
	NanpaPrefixID      string
	BillingCyclesCount *int
}

// NRCDecimal returns NRC (the non-recurring charge) as a decimal.
func (it *OrderItem) NRCDecimal() decimal.Decimal { return dec(it.NRC) }

// MRCDecimal returns MRC (the monthly recurring charge) as a decimal.
func (it *OrderItem) MRCDecimal() decimal.Decimal { return dec(it.MRC) }

// Balance is the balances resource of the account.
type Balance struct {
	ID           string
	Balance      string
	Credit       string
	TotalBalance string
}

// BalanceDecimal returns Balance as a decimal.
func (b *Balance) BalanceDecimal() decimal.Decimal { return dec(b.Balance) }

// CreditDecimal returns Credit as a decimal.
func (b *Balance) CreditDecimal() decimal.Decimal { return dec(b.Credit) }

// TotalBalanceDecimal returns TotalBalance as a decimal.
func (b *Balance) TotalBalanceDecimal() decimal.Decimal { return dec(b.TotalBalance) }

// DID is a dids resource: a number the account owns.
type DID struct {
	ID                     string
	Number                 string
	Description            string
	Blocked                bool
	Terminated             bool
	AwaitingRegistration   bool
	PendingRemoval         bool
	CapacityLimit          *int
	ChannelsIncludedCount  int
	DedicatedChannelsCount int
	BillingCyclesCount     *int
	EmergencyEnabled       bool // only from API version 2026-04-16
	CreatedAt              time.Time
	ExpiresAt              *time.Time
	OrderID                string
	DIDGroupID             string
	Order                  *Order    // include=order
	DIDGroup               *DIDGroup // include=did_group
}

func decodeReservation(g *graph, r *resource) (*DIDReservation, error) {
	res, fill := memo(g, r, &DIDReservation{ID: r.ID})
	if !fill {
		return res, nil
	}
	var a struct {
		Description string   `json:"description"`
		CreatedAt   wireTime `json:"created_at"`
		ExpiresAt   wireTime `json:"expires_at"`
		ExpireAt    wireTime `json:"expire_at"`
	}
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	res.Description, res.CreatedAt = a.Description, a.CreatedAt.value()
	res.ExpiresAt = a.ExpiresAt.value()
	if res.ExpiresAt.IsZero() {
		res.ExpiresAt = a.ExpireAt.value()
	}
	res.AvailableDIDID = r.oneID("available_did")
	var err error
	res.AvailableDID, err = resolve(g, r, "available_did", decodeAvailableDID)
	return res, err
}

type orderItemWire struct {
	Type       string `json:"type"`
	Attributes struct {
		Qty                int      `json:"qty"`
		NRC                string   `json:"nrc"`
		MRC                string   `json:"mrc"`
		SetupPrice         string   `json:"setup_price"`
		MonthlyPrice       string   `json:"monthly_price"`
		ProratedMRC        bool     `json:"prorated_mrc"`
		BilledFrom         wireDate `json:"billed_from"`
		BilledTo           wireDate `json:"billed_to"`
		DIDGroupID         string   `json:"did_group_id"`
		SKUID              string   `json:"sku_id"`
		AvailableDIDID     string   `json:"available_did_id"`
		DIDReservationID   string   `json:"did_reservation_id"`
		NanpaPrefixID      string   `json:"nanpa_prefix_id"`
		BillingCyclesCount *int     `json:"billing_cycles_count"`
	} `json:"attributes"`
}

func (w *orderItemWire) item() OrderItem {
	a := w.Attributes
	return OrderItem{
		Type: w.Type, Qty: a.Qty, NRC: a.NRC, MRC: a.MRC,
		SetupPrice: a.SetupPrice, MonthlyPrice: a.MonthlyPrice, ProratedMRC: a.ProratedMRC,
		BilledFrom: a.BilledFrom.t, BilledTo: a.BilledTo.t, DIDGroupID: a.DIDGroupID,
		SKUID: a.SKUID, AvailableDIDID: a.AvailableDIDID, DIDReservationID: a.DIDReservationID,
		NanpaPrefixID: a.NanpaPrefixID, BillingCyclesCount: a.BillingCyclesCount,
	}
}

type orderAttrs struct {
	Reference           string          `json:"reference"`
	Amount              string          `json:"amount"`
	Status              string          `json:"status"`
	CreatedAt           wireTime        `json:"created_at"`
	Description         string          `json:"description"`
	CallbackURL         string          `json:"callback_url"`
	CallbackMethod      string          `json:"callback_method"`
	ExternalReferenceID string          `json:"external_reference_id"`
	Items               []orderItemWire `json:"items"`
}

func decodeOrder(g *graph, r *resource) (*Order, error) {
	o, fill := memo(g, r, &Order{ID: r.ID})
	if !fill {
		return o, nil
	}
	var a orderAttrs
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	if err := checkDecimals("orders "+r.ID, a.Amount); err != nil {
		return nil, err
	}
	o.Reference, o.Amount, o.Description = a.Reference, a.Amount, a.Description
	o.StatusRaw, o.Status = a.Status, strings.ToLower(a.Status)
	o.CreatedAt = a.CreatedAt.value()
	o.CallbackURL, o.CallbackMethod = a.CallbackURL, strings.ToLower(a.CallbackMethod)
	o.ExternalReferenceID = a.ExternalReferenceID
	for i := range a.Items {
		it := a.Items[i].item()
		if err := checkDecimals("orders "+r.ID+" item", it.NRC, it.MRC, it.SetupPrice, it.MonthlyPrice); err != nil {
			return nil, err
		}
		o.Items = append(o.Items, it)
	}
	return o, nil
}

func decodeBalance(g *graph, r *resource) (*Balance, error) {
	b, fill := memo(g, r, &Balance{ID: r.ID})
	if !fill {
		return b, nil
	}
	var a struct {
		Balance      string `json:"balance"`
		Credit       string `json:"credit"`
		TotalBalance string `json:"total_balance"`
	}
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	if err := checkDecimals("balances", a.Balance, a.Credit, a.TotalBalance); err != nil {
		return nil, err
	}
	b.Balance, b.Credit, b.TotalBalance = a.Balance, a.Credit, a.TotalBalance
	return b, nil
}

type didAttrs struct {
	Number                 string   `json:"number"`
	Description            string   `json:"description"`
	Blocked                bool     `json:"blocked"`
	Terminated             bool     `json:"terminated"`
	AwaitingRegistration   bool     `json:"awaiting_registration"`
	PendingRemoval         bool     `json:"pending_removal"`
	CapacityLimit          *int     `json:"capacity_limit"`
	ChannelsIncludedCount  int      `json:"channels_included_count"`
	DedicatedChannelsCount int      `json:"dedicated_channels_count"`
	BillingCyclesCount     *int     `json:"billing_cycles_count"`
	EmergencyEnabled       bool     `json:"emergency_enabled"`
	CreatedAt              wireTime `json:"created_at"`
	ExpiresAt              wireTime `json:"expires_at"`
}

func decodeDID(g *graph, r *resource) (*DID, error) {
	d, fill := memo(g, r, &DID{ID: r.ID})
	if !fill {
		return d, nil
	}
	var a didAttrs
	if err := r.attrs(&a); err != nil {
		return nil, err
	}
	*d = DID{
		ID: r.ID, Number: a.Number, Description: a.Description,
		Blocked: a.Blocked, Terminated: a.Terminated,
		AwaitingRegistration: a.AwaitingRegistration, PendingRemoval: a.PendingRemoval,
		CapacityLimit: a.CapacityLimit, ChannelsIncludedCount: a.ChannelsIncludedCount,
		DedicatedChannelsCount: a.DedicatedChannelsCount, BillingCyclesCount: a.BillingCyclesCount,
		EmergencyEnabled: a.EmergencyEnabled, CreatedAt: a.CreatedAt.value(), ExpiresAt: a.ExpiresAt.t,
		OrderID: r.oneID("order"), DIDGroupID: r.oneID("did_group"),
	}
	var err error
	if d.Order, err = resolve(g, r, "order", decodeOrder); err != nil {
		return nil, err
	}
	d.DIDGroup, err = resolve(g, r, "did_group", decodeDIDGroup)
	return d, err
}
