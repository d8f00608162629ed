// Package ordering runs didstock's durable background work on River, in the
// same database as the orders: fulfilling orders, delivering their
// callbacks, filling back-orders when stock returns and letting
// reservations lapse. Jobs are enqueued in the store's own transactions
// (Queue implements store.JobQueue), so a job exists exactly when the change
// that needs it has committed, and a crash at any moment loses no work.
package ordering

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/didstock/didstock/callbacks"
	"github.com/didstock/didstock/store"
)

// Config tunes the background work. Zero values mean the defaults.
type Config struct {
	Logger *slog.Logger
	// AllowPrivateCallbacks lets callbacks reach loopback and private
	// networks (development setups, tests).
	AllowPrivateCallbacks bool
	// CallbackTimeScale multiplies the reference retry schedule (1 min …
	// 2 days); tests use e.g. 0.0001. Zero means the real schedule.
	CallbackTimeScale float64
	// CallbackTimeout bounds one delivery attempt; zero means 60 s.
	CallbackTimeout time.Duration
	// PollInterval is how often idle workers look for new jobs. River's
	// database/sql drivers cannot LISTEN, so this bounds the delay between
	// an order's creation and the start of its fulfilment. Default 50 ms.
	PollInterval time.Duration
	// SweepInterval is how often lapsed reservations are released. Default 5 s.
	SweepInterval time.Duration
	// BackOrderInterval is how often pending back-orders are retried even
	// without a wake-up (numbers imported by another process). Default 30 s.
	BackOrderInterval time.Duration
	// MaxWorkers is the number of jobs worked at once. Default 8.
	MaxWorkers int
	// RescueAfter is how long a job may stay "running" before River takes
	// it for abandoned (its process died) and runs it again. River's default
	// is an hour, far too long for an order callback cut off by a crash.
	// Default 2 minutes; it must exceed every worker's timeout.
	RescueAfter time.Duration
	// Pool, when set, is the pool River runs its own queries on (fetching,
	// completing, maintenance); jobs are still enqueued in the store's
	// transactions. Nil means the store's write pool, the recorded choice
	// (docs/decisions.md); the option exists to measure the alternative.
	Pool *sql.DB
}

func (c *Config) defaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 50 * time.Millisecond
	}
	if c.SweepInterval <= 0 {
		c.SweepInterval = 5 * time.Second
	}
	if c.BackOrderInterval <= 0 {
		c.BackOrderInterval = 30 * time.Second
	}
	if c.MaxWorkers <= 0 {
		c.MaxWorkers = 8
	}
	if c.CallbackTimeout <= 0 {
		c.CallbackTimeout = callbacks.DefaultTimeout
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = 2 * time.Minute
	}
	// A job is rescued only once it cannot still be running.
	c.RescueAfter = max(c.RescueAfter, jobTimeout+time.Second, c.CallbackTimeout+callbackSlack+time.Second)
}

// jobTimeout bounds one run of a job other than a callback delivery; it is
// far above what a fulfilment or sweep takes, and below RescueAfter.
const jobTimeout = 30 * time.Second

// callbackSlack is what a delivery job may take beyond the HTTP timeout
// (reading the key, recording the attempt).
const callbackSlack = 10 * time.Second

// Queue is the River client working didstock's jobs.
type Queue struct {
	client *river.Client[*sql.Tx]
	db     *store.DB
	cfg    Config
}

// driver returns the River driver for the store's engine, on pool.
func driver(db *store.DB, pool *sql.DB) riverdriver.Driver[*sql.Tx] {
	if db.Engine() == "sqlite" {
		return riversqlite.New(pool)
	}
	return riverdatabasesql.New(pool)
}

// Migrate creates or upgrades River's tables beside didstock's.
func Migrate(ctx context.Context, db *store.DB) error {
	m, err := rivermigrate.New(driver(db, db.WritePool()), &rivermigrate.Config{Logger: quietLogger()})
	if err != nil {
		return fmt.Errorf("ordering: river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("ordering: river migrations: %w", err)
	}
	return nil
}

// New builds the queue on the store's write pool and attaches it to the
// store. On SQLite that pool has one connection, shared by the API's writes
// and River's own; see docs/decisions.md for why River gets no pool of its own.
func New(db *store.DB, cfg Config) (*Queue, error) {
	cfg.defaults()
	q := &Queue{db: db, cfg: cfg}
	workers := river.NewWorkers()
	river.AddWorker(workers, &fulfilWorker{db: db})
	river.AddWorker(workers, &callbackWorker{db: db, cfg: cfg,
		client: callbacks.NewHTTPClient(cfg.AllowPrivateCallbacks, cfg.CallbackTimeout)})
	river.AddWorker(workers, &wakeWorker{db: db})
	river.AddWorker(workers, &expireWorker{db: db})
	pool := cfg.Pool
	if pool == nil {
		pool = db.WritePool()
	}
	client, err := river.NewClient(driver(db, pool), &river.Config{
		Logger:               cfg.Logger,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.MaxWorkers}},
		Workers:              workers,
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(cfg.PollInterval, river.FetchCooldownDefault),
		PollOnly:             true,
		JobTimeout:           jobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(cfg.SweepInterval),
				func() (river.JobArgs, *river.InsertOpts) { return ExpireReservationsArgs{}, nil },
				&river.PeriodicJobOpts{ID: "expire_reservations", RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(cfg.BackOrderInterval),
				func() (river.JobArgs, *river.InsertOpts) { return WakeBackOrdersArgs{}, nil },
				&river.PeriodicJobOpts{ID: "wake_back_orders", RunOnStart: true}),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("ordering: river client: %w", err)
	}
	q.client = client
	db.SetJobQueue(q)
	return q, nil
}

// NewInserter builds an insert-only queue for processes that change orders
// or stock but do not work jobs (the operator commands): what they enqueue
// is worked by the servers. It migrates River's tables first, as a server
// would, so it also works on a database no server has opened yet.
func NewInserter(ctx context.Context, db *store.DB) (*Queue, error) {
	if err := db.Exclusive(ctx, func() error { return Migrate(ctx, db) }); err != nil {
		return nil, err
	}
	client, err := river.NewClient(driver(db, db.WritePool()), &river.Config{Logger: quietLogger()})
	if err != nil {
		return nil, fmt.Errorf("ordering: river client: %w", err)
	}
	q := &Queue{client: client, db: db}
	db.SetJobQueue(q)
	return q, nil
}

// Start begins working jobs.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop waits for jobs in progress to finish (bounded by ctx) and stops.
func (q *Queue) Stop(ctx context.Context) error {
	if err := q.client.Stop(ctx); err != nil {
		return q.client.StopAndCancel(context.Background())
	}
	return nil
}

// Client exposes the River client, for tests that watch jobs.
func (q *Queue) Client() *river.Client[*sql.Tx] { return q.client }

// EnqueueFulfil implements store.JobQueue.
func (q *Queue) EnqueueFulfil(ctx context.Context, tx *sql.Tx, orderID string) error {
	_, err := q.client.InsertTx(ctx, tx, FulfilOrderArgs{OrderID: orderID}, nil)
	return err
}

// EnqueueCallback implements store.JobQueue.
func (q *Queue) EnqueueCallback(ctx context.Context, tx *sql.Tx, orderID, status string) error {
	_, err := q.client.InsertTx(ctx, tx, DeliverCallbackArgs{OrderID: orderID, Status: status}, nil)
	return err
}

// wakeWindow is how long wake-ups are gathered into one job. Every cancel,
// released reservation or import asks for one; under load that would be a
// job per event, each retrying every back-order.
const wakeWindow = 250 * time.Millisecond

// EnqueueWakeBackOrders implements store.JobQueue. Requests within one
// window share a job, unique by its bucket and scheduled at the window's
// end, so it runs after every change of the window that asked for it. (A
// change whose transaction commits after its window's job started is caught
// by the next request or the periodic job.)
func (q *Queue) EnqueueWakeBackOrders(ctx context.Context, tx *sql.Tx) error {
	bucket := time.Now().UnixMilli() / wakeWindow.Milliseconds()
	_, err := q.client.InsertTx(ctx, tx, WakeBackOrdersArgs{Bucket: bucket}, &river.InsertOpts{
		ScheduledAt: time.UnixMilli((bucket + 1) * wakeWindow.Milliseconds()),
		UniqueOpts:  river.UniqueOpts{ByArgs: true},
	})
	return err
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(discard{}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
