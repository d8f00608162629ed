package didstock

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// Order statuses as stored; the wire spelling depends on the API version
// (see OrderStatusWire).
const (
	OrderPending   = "pending"
	OrderCompleted = "completed"
	OrderCanceled  = "canceled"
)

// Callback methods as stored.
const (
	CallbackGet  = "get"
	CallbackPost = "post"
)

// Order is a customer's purchase of one or more DIDs.
type Order struct {
	ID                  string
	AccountID           string
	Reference           string // three letters, dash, six digits; unique
	Amount              decimal.Decimal
	Status              string
	Description         string
	AllowBackOrdering   bool
	ExternalReferenceID *string
	CallbackURL         *string
	CallbackMethod      *string
	CreatedAt           time.Time
	Items               []*OrderItem
}

// OrderItem is one line of an order (type did_order_items on the wire).
type OrderItem struct {
	ID                 string
	OrderID            string
	SKUID              string
	DIDGroupID         string
	Qty                int
	AvailableDIDID     string // set for a specific-number item
	DIDReservationID   string // set for an item ordered by reservation
	NanpaPrefixID      string // set for an NPA-NXX item
	SetupPrice         decimal.Decimal
	MonthlyPrice       decimal.Decimal
	BillingCyclesCount *int
	BilledFrom         *time.Time // set when fulfilled
	BilledTo           *time.Time
}

// NRC is the item's non-recurring charge (setup price × qty).
func (it *OrderItem) NRC() decimal.Decimal {
	return it.SetupPrice.Mul(decimal.NewFromInt(int64(it.Qty)))
}

// MRC is the item's monthly recurring charge (monthly price × qty).
func (it *OrderItem) MRC() decimal.Decimal {
	return it.MonthlyPrice.Mul(decimal.NewFromInt(int64(it.Qty)))
}

// Cost is what the item is charged at ordering: qty × (setup + monthly).
func (it *OrderItem) Cost() decimal.Decimal { return it.NRC().Add(it.MRC()) }

// OrderAmount is the sum of the items' costs.
func OrderAmount(items []*OrderItem) decimal.Decimal {
	total := decimal.Zero
	for _, it := range items {
		total = total.Add(it.Cost())
	}
	return total
}

// DIDReservation holds one available DID for an account for a while.
type DIDReservation struct {
	ID             string
	AccountID      string
	AvailableDIDID string
	Description    string
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// DID is a number owned by an account.
type DID struct {
	ID                    string
	AccountID             string
	OrderID               string
	DIDGroupID            string
	Number                string
	Description           *string
	Blocked               bool
	Terminated            bool
	AwaitingRegistration  bool
	PendingRemoval        bool
	CapacityLimit         *int
	ChannelsIncludedCount int
	DedicatedChannels     int
	BillingCyclesCount    *int
	EmergencyEnabled      bool
	CreatedAt             time.Time
	ExpiresAt             *time.Time
}

// DIDHistory is one event in the life of a DID.
type DIDHistory struct {
	ID        string
	AccountID string
	DIDNumber string
	Action    string // assigned, changed, terminated ...
	Method    string // api, system ...
	CreatedAt time.Time
}

// Balance is an account's money as shown on /v3/balance.
type Balance struct {
	AccountID string
	Balance   decimal.Decimal
	Credit    decimal.Decimal
}

// Total is balance plus credit.
func (b Balance) Total() decimal.Decimal { return b.Balance.Add(b.Credit) }

// AccountService resolves API keys and manages accounts.
type AccountService interface {
	// AccountByKey finds the enabled account whose API key hashes to the given value.
	AccountByKey(ctx context.Context, key string) (*Account, error)
	CreateAccount(ctx context.Context, a *Account) (key string, err error)
}
