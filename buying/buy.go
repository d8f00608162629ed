package buying

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/didstock/didstock/client"
)

// Buyer runs the whole purchase: find, choose, (reserve,) order, wait.
type Buyer struct {
	Client *client.Client
	// In answers the prompt when Interactive; Interactive says In is a
	// terminal a person is typing at.
	In          io.Reader
	Interactive bool
	// Yes takes the first candidate without asking.
	Yes bool
	// UI receives the candidates, the prompt and progress: everything but
	// the result, so that the result alone can be piped (stderr in the CLI).
	UI io.Writer
	// Poll is the interval between order status checks; Wait how long to
	// wait for the order to complete before giving up (it stays placed).
	Poll, Wait time.Duration
}

// Result is what was bought.
type Result struct {
	OrderID       string   `json:"order_id"`
	Reference     string   `json:"reference"`
	Status        string   `json:"status"`
	Amount        string   `json:"amount"`
	Numbers       []string `json:"numbers"`
	DIDIDs        []string `json:"did_ids"`
	SKUID         string   `json:"sku_id"`
	DIDGroupID    string   `json:"did_group_id"`
	ReservationID string   `json:"reservation_id,omitempty"`
}

// ErrNeedConsent is returned when nobody can be asked and --yes was not given.
var ErrNeedConsent = errors.New("standard input is not a terminal, so there is nobody to ask which number to buy; " +
	"pass --yes to buy the first match without asking (buying spends the account's balance)")

// Search runs steps 1 to 4 for a number to choose and returns the candidates.
func (f *Finder) Search(ctx context.Context, c Criteria) ([]*Candidate, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	// Searching always lists numbers, even for an NPA-NXX, which buy
	// would order as "any number of the prefix".
	return f.find(ctx, c, Order{}, true)
}

// find runs steps 1 to 4, for choosing one number (selection) or for
// ordering a quantity of a group the way o says.
func (f *Finder) find(ctx context.Context, c Criteria, o Order, selection bool) ([]*Candidate, error) {
	if c.Country == "" { // --number alone: the number says where it is
		return f.numbers(ctx, nil, nil, c)
	}
	p, err := f.Resolve(ctx, c)
	if err != nil {
		return nil, err
	}
	need := groupNeeds{selection: selection, channels: c.Channels, stock: 1}
	if !selection {
		need.stock = o.qty()
		if !o.NoBackOrder {
			need.stock = 0 // a back-order waits for stock
		}
	}
	groups, err := f.groups(ctx, p, need)
	if err != nil {
		return nil, err
	}
	if !selection {
		return groupCandidates(groups, p, c.Channels), nil
	}
	return f.numbers(ctx, p, groups, c)
}

// Buy finds candidates for c, lets the buyer choose one, orders it the way
// o says and waits for the order to complete.
func (b *Buyer) Buy(ctx context.Context, c Criteria, o Order) (*Result, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := o.validate(&c); err != nil {
		return nil, err
	}
	if !b.Interactive && !b.Yes {
		return nil, ErrNeedConsent
	}
	f := &Finder{Client: b.Client}
	cands, err := f.find(ctx, c, o, o.choosesNumber(&c))
	if err != nil {
		return nil, err
	}
	chosen, err := b.choose(cands, o)
	if err != nil {
		return nil, err
	}
	return b.order(ctx, chosen, o)
}

// choose takes the first candidate with Yes, otherwise asks.
func (b *Buyer) choose(cands []*Candidate, o Order) (*Candidate, error) {
	if b.Yes {
		return cands[0], nil
	}
	WriteCandidates(b.UI, cands, o.qty())
	return prompt(b.In, b.UI, len(cands), cands)
}

// order runs step 5 and waits for the order.
func (b *Buyer) order(ctx context.Context, cand *Candidate, o Order) (*Result, error) {
	res := &Result{SKUID: cand.SKU.ID, DIDGroupID: cand.Group.ID}
	item := client.OrderItemRequest{SKUID: cand.SKU.ID}
	switch {
	case cand.AvailableDID != nil && o.Reserve:
		r, err := b.Client.CreateReservation(ctx, cand.AvailableDID.ID, "didstock buy")
		if err != nil {
			return nil, fmt.Errorf("reserving %s: %w", cand.Number(), explainTaken(err, cand.Number()))
		}
		fmt.Fprintf(b.UI, "Reserved %s until %s (reservation %s).\n", cand.Number(), r.ExpiresAt.Local().Format(time.TimeOnly), r.ID)
		item.DIDReservationID, res.ReservationID = r.ID, r.ID
	case cand.AvailableDID != nil:
		item.AvailableDIDID = cand.AvailableDID.ID
	default:
		item.Qty, item.NanpaPrefixID = o.qty(), cand.NanpaPrefixID
	}
	req := client.OrderRequest{
		AllowBackOrdering:   boolPtr(!o.NoBackOrder),
		ExternalReferenceID: newReference(),
		CallbackURL:         o.CallbackURL,
		Items:               []client.OrderItemRequest{item},
	}
	placed, err := b.place(ctx, req)
	if err != nil {
		if res.ReservationID != "" {
			// Give the number back rather than hold it for nothing; the
			// reservation would expire anyway.
			_ = b.Client.DeleteReservation(context.WithoutCancel(ctx), res.ReservationID)
		}
		return nil, explainTaken(err, cand.Number())
	}
	return b.follow(ctx, placed, res)
}

// place creates the order. CreateOrder is never retried, because a lost
// answer may hide a placed order; so when the answer is lost (no HTTP
// status at all), place asks the server whether the order exists under
// its external reference before reporting failure, so the buyer neither
// pays twice by trying again nor believes nothing was bought.
func (b *Buyer) place(ctx context.Context, req client.OrderRequest) (*client.Order, error) {
	o, err := b.Client.CreateOrder(ctx, req)
	if err == nil {
		return o, nil
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) || ctx.Err() != nil {
		return nil, err
	}
	l, lerr := b.Client.ListOrders(ctx, client.Query{}.Filter("external_reference_id", req.ExternalReferenceID))
	if lerr == nil && len(l.Items) == 1 {
		fmt.Fprintf(b.UI, "The answer to the order was lost, but the order was placed: %s.\n", l.Items[0].Reference)
		return l.Items[0], nil
	}
	return nil, fmt.Errorf("%w (whether the order was placed is unknown: check 'didstock orders list' before trying again)", err)
}

// follow waits for the order to complete, showing progress, then reads the
// numbers it bought.
func (b *Buyer) follow(ctx context.Context, o *client.Order, res *Result) (*Result, error) {
	fmt.Fprintf(b.UI, "Placed order %s for %s.", o.Reference, Money(o.Amount))
	start := time.Now()
	if !o.Final() {
		fmt.Fprint(b.UI, " Waiting for it to complete")
		wctx, cancel := context.WithTimeout(ctx, b.wait())
		var err error
		o, err = b.Client.WaitOrder(wctx, o.ID, b.Poll, func(*client.Order) { fmt.Fprint(b.UI, ".") })
		cancel()
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintln(b.UI)
			return nil, err
		}
	}
	fmt.Fprintf(b.UI, " %s after %s.\n", o.Status, time.Since(start).Round(100*time.Millisecond))
	res.OrderID, res.Reference, res.Status, res.Amount = o.ID, o.Reference, o.Status, o.Amount
	switch o.Status {
	case client.StatusCanceled:
		return res, fmt.Errorf("order %s was canceled by the server; nothing was bought", o.Reference)
	case client.StatusPending:
		return res, fmt.Errorf("order %s is still pending after %s (back-ordered: it completes when stock arrives); "+
			"follow it with 'didstock orders show %s'", o.Reference, b.wait(), o.ID)
	}
	return res, b.readNumbers(ctx, res)
}

// readNumbers fills the numbers the completed order bought.
func (b *Buyer) readNumbers(ctx context.Context, res *Result) error {
	l, err := b.Client.ListDIDs(ctx, client.Query{PageSize: 100}.Filter("order.id", res.OrderID))
	if err != nil {
		return fmt.Errorf("order %s completed, but listing its numbers failed: %w", res.Reference, err)
	}
	res.Numbers, res.DIDIDs = []string{}, []string{}
	for _, d := range l.Items {
		res.Numbers = append(res.Numbers, d.Number)
		res.DIDIDs = append(res.DIDIDs, d.ID)
	}
	return nil
}

func (b *Buyer) wait() time.Duration {
	if b.Wait <= 0 {
		return 2 * time.Minute
	}
	return b.Wait
}

func boolPtr(v bool) *bool { return &v }

// newReference is the order's external_reference_id, unique per purchase,
// by which a lost answer can be found again.
func newReference() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "didstock-buy-" + hex.EncodeToString(b[:])
}
