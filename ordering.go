package didstock

import (
	"context"
	"strings"
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
	// Number and DIDGroupID describe the held number, for include=available_did.
	Number     string
	DIDGroupID string
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

// Order lifecycle limits.
const (
	// MaxBillingCycles bounds billing_cycles_count (null means renew forever).
	MaxBillingCycles = 999
	// MaxItemQty bounds one item's qty so that one request cannot lock a
	// whole inventory.
	MaxItemQty = 1000
)

// OrderFilter selects an account's orders.
type OrderFilter struct {
	AccountID           string // always set by the HTTP layer
	IDs                 []string
	Status              []string // stored spelling
	Reference           []string
	ExternalReferenceID []string
	CreatedAtGTE        *time.Time
	CreatedAtLTE        *time.Time
}

// DIDReservationFilter selects an account's live reservations.
type DIDReservationFilter struct {
	AccountID   string
	IDs         []string
	Description *string
}

// DIDFilter selects an account's DIDs.
type DIDFilter struct {
	AccountID            string
	IDs                  []string
	Number               []string
	Description          *string
	Blocked              *bool
	Terminated           *bool
	AwaitingRegistration *bool
	EmergencyEnabled     *bool
	BillingCyclesCount   []string
	DIDGroupID           []string
	DIDGroupFeatures     []string
	CountryID            []string
	RegionID             []string
	CityID               []string
	OrderID              []string
	OrderReference       []string
}

// DIDHistoryFilter selects an account's DID history entries.
type DIDHistoryFilter struct {
	AccountID    string
	IDs          []string
	Action       []string
	Method       []string
	DIDNumber    []string
	CreatedAtGTE *time.Time
	CreatedAtLTE *time.Time
}

// DID history actions.
const (
	HistoryAssigned   = "assigned"
	HistoryChanged    = "changed"
	HistoryTerminated = "terminated"
	HistoryRestored   = "restored"
)

// HistoryMethodAPI is the method recorded for changes made through this API.
const HistoryMethodAPI = "api3"

// DIDUpdate holds the changes of PATCH /v3/dids/:id; nil means unchanged.
// BillingCyclesCount is doubly optional: SetBillingCycles tells whether it
// was sent, and a nil value then means "renew forever".
type DIDUpdate struct {
	Description        *string
	ClearDescription   bool
	SetBillingCycles   bool
	BillingCyclesCount *int
	Terminated         *bool
	SetCapacityLimit   bool
	CapacityLimit      *int
}

// NewOrder is a validated order request.
type NewOrder struct {
	AllowBackOrdering   bool
	ExternalReferenceID *string
	CallbackURL         *string
	CallbackMethod      *string
	Items               []NewOrderItem
}

// NewOrderItem is one requested line. Exactly one of Qty (possibly with
// NanpaPrefixID), AvailableDIDID or DIDReservationID says what to take.
type NewOrderItem struct {
	SKUID              string
	Qty                int
	AvailableDIDID     string
	DIDReservationID   string
	NanpaPrefixID      string
	BillingCyclesCount *int
}

// OrderingService is the buying side: orders, reservations, the DIDs they
// produce, their history and the account's balance. Every method is scoped
// to one account; another account's records are not found.
type OrderingService interface {
	CreateOrder(ctx context.Context, accountID string, o NewOrder) (*Order, error)
	FindOrders(ctx context.Context, f OrderFilter, opt ListOptions) ([]*Order, int, error)
	UpdateOrderExternalReference(ctx context.Context, accountID, id string, ref *string) (*Order, error)
	CancelOrder(ctx context.Context, accountID, id string) error

	CreateReservation(ctx context.Context, accountID, availableDIDID, description string) (*DIDReservation, error)
	FindReservations(ctx context.Context, f DIDReservationFilter, opt ListOptions) ([]*DIDReservation, int, error)
	DeleteReservation(ctx context.Context, accountID, id string) error
	// ReservationsLeft is how many more live reservations the account may hold.
	ReservationsLeft(ctx context.Context, accountID string) (int, error)

	FindDIDs(ctx context.Context, f DIDFilter, opt ListOptions) ([]*DID, int, error)
	UpdateDID(ctx context.Context, accountID, id string, u DIDUpdate) (*DID, error)
	FindDIDHistory(ctx context.Context, f DIDHistoryFilter, opt ListOptions) ([]*DIDHistory, int, error)

	Balance(ctx context.Context, accountID string) (*Balance, error)
}

// OrderStatusWire spells a stored order status for the API version:
// "Pending" in 2022-05-10, "pending" from 2026-04-16.
func OrderStatusWire(status, version string) string {
	if version >= APIVersion20260416 || status == "" {
		return status
	}
	return strings.ToUpper(status[:1]) + status[1:]
}

// CallbackMethodWire spells a stored callback method for the API version:
// "GET" in 2022-05-10, "get" from 2026-04-16.
func CallbackMethodWire(method, version string) string {
	if version >= APIVersion20260416 {
		return method
	}
	return strings.ToUpper(method)
}
