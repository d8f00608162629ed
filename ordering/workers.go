package ordering

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/riverqueue/river"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/callbacks"
	"github.com/didstock/didstock/store"
)

// FulfilOrderArgs asks for one order to be fulfilled.
type FulfilOrderArgs struct {
	OrderID string `json:"order_id"`
}

func (FulfilOrderArgs) Kind() string { return "fulfil_order" }

type fulfilWorker struct {
	river.WorkerDefaults[FulfilOrderArgs]
	db *store.DB
}

// Work completes the order, or leaves a back-order pending until numbers
// arrive. store.FulfilOrder only changes a pending order under its row
// lock, so a second run (a retry after a crash between commit and River
// marking the job done) changes nothing.
func (w *fulfilWorker) Work(ctx context.Context, job *river.Job[FulfilOrderArgs]) error {
	_, err := w.db.FulfilOrder(ctx, job.Args.OrderID)
	return err
}

// DeliverCallbackArgs asks for an order's status callback to be delivered.
type DeliverCallbackArgs struct {
	OrderID string `json:"order_id"`
	Status  string `json:"status"` // stored spelling
}

func (DeliverCallbackArgs) Kind() string { return "deliver_callback" }

// InsertOpts gives callbacks the reference's number of attempts.
func (DeliverCallbackArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: callbacks.MaxAttempts}
}

type callbackWorker struct {
	river.WorkerDefaults[DeliverCallbackArgs]
	db     *store.DB
	cfg    Config
	client *http.Client
}

// Work makes one delivery attempt; River retries a failure on the
// reference schedule (NextRetry) until MaxAttempts.
func (w *callbackWorker) Work(ctx context.Context, job *river.Job[DeliverCallbackArgs]) error {
	target, err := w.db.OrderCallback(ctx, job.Args.OrderID)
	if didstock.ErrorCode(err) == didstock.ENOTFOUND {
		return river.JobCancel(err)
	} else if err != nil {
		return err
	}
	key, err := w.db.AccountKey(ctx, target.AccountID)
	if err != nil {
		return err
	}
	err = callbacks.Deliver(ctx, w.client, callbacks.Request{
		URL: target.URL, Method: target.Method, APIKey: key, Timeout: w.cfg.CallbackTimeout,
		Params: map[string]string{
			"id":     target.OrderID,
			"type":   "orders",
			"status": didstock.OrderStatusWire(job.Args.Status, target.APIVersion),
		},
	})
	if errors.Is(err, callbacks.ErrPrivateAddress) || errors.Is(err, callbacks.ErrInvalidURL) ||
		errors.Is(err, callbacks.ErrUnsupportedMethod) {
		// Retrying cannot help; keep the error on the job for operators.
		return river.JobCancel(err)
	}
	return err
}

// Timeout lets one delivery take the HTTP timeout plus a little; River's
// rescue delay is set above it (Config.defaults).
func (w *callbackWorker) Timeout(*river.Job[DeliverCallbackArgs]) time.Duration {
	return w.cfg.CallbackTimeout + callbackSlack
}

// NextRetry follows the reference schedule, scaled for tests.
func (w *callbackWorker) NextRetry(job *river.Job[DeliverCallbackArgs]) time.Time {
	d, ok := callbacks.NextDelay(job.Attempt, w.cfg.CallbackTimeScale)
	if !ok {
		return time.Time{} // River discards the job after MaxAttempts anyway
	}
	return time.Now().Add(d)
}

// WakeBackOrdersArgs asks for pending back-orders to be retried. Bucket
// groups the wake-ups asked for within one short window into one job (see
// Queue.EnqueueWakeBackOrders); the periodic safety-net job leaves it zero.
type WakeBackOrdersArgs struct {
	Bucket int64 `json:"bucket,omitempty"`
}

func (WakeBackOrdersArgs) Kind() string { return "wake_back_orders" }

type wakeWorker struct {
	river.WorkerDefaults[WakeBackOrdersArgs]
	db *store.DB
}

func (w *wakeWorker) Work(ctx context.Context, job *river.Job[WakeBackOrdersArgs]) error {
	if _, err := w.db.WakeBackOrders(ctx); err != nil || job.Args.Bucket != 0 {
		return err
	}
	// The periodic run also finishes orders whose own job was cut off.
	_, err := w.db.RetryStalledOrders(ctx, stalledAfter)
	return err
}

// stalledAfter is how long a pending order may wait for its own fulfilment
// job before the periodic run fulfils it; normally that takes well under a
// second.
const stalledAfter = 10 * time.Second

// ExpireReservationsArgs asks for lapsed reservations to be released.
type ExpireReservationsArgs struct{}

func (ExpireReservationsArgs) Kind() string { return "expire_reservations" }

type expireWorker struct {
	river.WorkerDefaults[ExpireReservationsArgs]
	db *store.DB
}

func (w *expireWorker) Work(ctx context.Context, _ *river.Job[ExpireReservationsArgs]) error {
	_, err := w.db.ExpireReservations(ctx)
	return err
}
