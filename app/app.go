// Package app wires didstock together: the store, the services and the HTTP
// server, in one place. cmd/didstock and the end-to-end tests start it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/demo"
	"github.com/didstock/didstock/httpapi"
	"github.com/didstock/didstock/ordering"
	"github.com/didstock/didstock/secrets"
	"github.com/didstock/didstock/store"
)

// Config is what a server needs to start.
type Config struct {
	Listen     string
	DSN        string
	SecretFile string // defaults to didstock.secret beside a SQLite file, else ./didstock.secret
	TLSCert    string
	TLSKey     string
	RateLimit  float64
	NoDemo     bool
	Logger     *slog.Logger

	// Ordering: reservation rules (zero means the reference's 10 minutes
	// and 10 per account) and the background jobs.
	ReservationTTL        time.Duration
	MaxReservations       int
	AllowPrivateCallbacks bool
	// CallbackTimeScale multiplies the callback retry schedule; tests use a
	// tiny value. Zero means the real schedule.
	CallbackTimeScale float64
	// CallbackTimeout bounds one delivery attempt; zero means the
	// reference's 60 s.
	CallbackTimeout time.Duration
	// JobRescueAfter is how long a job left "running" by a dead process
	// waits before it is run again; zero means ordering's 2 minutes.
	JobRescueAfter time.Duration
	// JobPollInterval, ReservationSweepInterval and BackOrderInterval tune
	// the job queue; zero means ordering's defaults.
	JobPollInterval          time.Duration
	ReservationSweepInterval time.Duration
	BackOrderInterval        time.Duration
}

// App is a running server: the wiring of store, services and HTTP in one
// place. Tests start it on port 0 with a fresh database.
type App struct {
	Config   Config
	DB       *store.DB
	Server   *httpapi.Server
	Listener net.Listener
	// DemoKey is the demo account's API key when this start created it.
	DemoKey string
	// Jobs works orders, callbacks, back-orders and reservation expiry.
	Jobs *ordering.Queue

	http *http.Server
	done chan error
}

// Start opens the database, seeds the demo inventory into an empty one,
// and begins serving.
func Start(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	started := time.Now()
	db, err := store.Open(ctx, cfg.DSN)
	if err != nil {
		return nil, err
	}
	box, err := secrets.LoadOrCreate(SecretPath(cfg))
	if err != nil {
		db.Close()
		return nil, err
	}
	db.SetSecrets(box)
	app := &App{Config: cfg, DB: db, done: make(chan error, 1)}
	if err := db.Exclusive(ctx, func() error { return app.prepare(ctx) }); err != nil {
		db.Close()
		return nil, err
	}
	if err := app.startJobs(ctx); err != nil {
		db.Close()
		return nil, err
	}
	app.Server = httpapi.NewServer(cfg.Logger)
	app.Server.Catalog, app.Server.Accounts, app.Server.Ping = db, db, db.Ping
	app.Server.Ordering, app.Server.AllowPrivateCallbacks = db, cfg.AllowPrivateCallbacks
	app.Server.RateLimit = cfg.RateLimit
	if err := app.listen(); err != nil {
		_ = app.Jobs.Stop(ctx)
		db.Close()
		return nil, err
	}
	cfg.Logger.Info("didstock serving", "addr", app.URL(), "engine", db.Engine(), "startup", time.Since(started).Round(time.Millisecond))
	return app, nil
}

// SecretPath is where the server secret lives for cfg.
func SecretPath(cfg Config) string {
	if cfg.SecretFile != "" {
		return cfg.SecretFile
	}
	if !store.IsPostgres(cfg.DSN) {
		return filepath.Join(filepath.Dir(cfg.DSN), "didstock.secret")
	}
	return "didstock.secret"
}

func (a *App) listen() error {
	ln, err := net.Listen("tcp", a.Config.Listen)
	if err != nil {
		return err
	}
	a.Listener = ln
	a.http = &http.Server{Handler: a.Server, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(a.Config.Logger.Handler(), slog.LevelWarn)}
	go func() {
		var err error
		if a.Config.TLSCert != "" {
			err = a.http.ServeTLS(ln, a.Config.TLSCert, a.Config.TLSKey)
		} else {
			err = a.http.Serve(ln)
		}
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		a.done <- err
	}()
	return nil
}

// URL is the base URL the server answers on.
func (a *App) URL() string {
	scheme := "http"
	if a.Config.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + a.Listener.Addr().String()
}

// Close stops serving, letting requests in flight finish, and closes the database.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := a.http.Shutdown(ctx)
	err = errors.Join(err, <-a.done)
	// Jobs stop after the last request, which may have enqueued work, and
	// before the database they use closes.
	err = errors.Join(err, a.Jobs.Stop(ctx))
	return errors.Join(err, a.DB.Close())
}

// Done delivers the server's error if it stops on its own.
func (a *App) Done() <-chan error { return a.done }

// seedDemo loads the demo inventory and creates the demo account when the
// database has no account yet, i.e. on first start.
func (a *App) seedDemo(ctx context.Context) error {
	n, err := a.DB.CountAccounts(ctx)
	if err != nil || n > 0 {
		return err
	}
	started := time.Now()
	inv := demo.Build()
	if _, err := a.DB.ImportInventory(ctx, (*didstock.Inventory)(inv)); err != nil {
		return fmt.Errorf("seed demo inventory: %w", err)
	}
	key, err := a.DB.CreateAccount(ctx, &didstock.Account{
		Name: "Demo", Balance: decimal.RequireFromString("1000.00"), Credit: decimal.RequireFromString("100.00"),
		APIVersion: didstock.APIVersion20220510, NumberSelection: true,
	})
	if err != nil {
		return fmt.Errorf("create demo account: %w", err)
	}
	a.DemoKey = key
	a.Config.Logger.Info("seeded demo inventory", "took", time.Since(started).Round(time.Millisecond), "inventory", inv.Summary())
	return nil
}

// prepare does the start-up work that must happen once per database even
// when replicas start together: River's migrations and the first-start seed.
func (a *App) prepare(ctx context.Context) error {
	if err := ordering.Migrate(ctx, a.DB); err != nil {
		return err
	}
	if a.Config.NoDemo {
		return nil
	}
	return a.seedDemo(ctx)
}

// startJobs starts the job queue, attaching it
// to the store so that order writes can enqueue their follow-up work.
func (a *App) startJobs(ctx context.Context) error {
	a.DB.SetOrderingConfig(store.OrderingConfig{ReservationTTL: a.Config.ReservationTTL, MaxReservations: a.Config.MaxReservations})
	q, err := ordering.New(a.DB, ordering.Config{
		Logger:                a.Config.Logger,
		AllowPrivateCallbacks: a.Config.AllowPrivateCallbacks,
		CallbackTimeScale:     a.Config.CallbackTimeScale,
		CallbackTimeout:       a.Config.CallbackTimeout,
		RescueAfter:           a.Config.JobRescueAfter,
		PollInterval:          a.Config.JobPollInterval,
		SweepInterval:         a.Config.ReservationSweepInterval,
		BackOrderInterval:     a.Config.BackOrderInterval,
	})
	if err != nil {
		return err
	}
	// Without cancel: the caller's context ends on a shutdown signal, and
	// Close should then let jobs in progress finish rather than abort them.
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	a.Jobs = q
	return nil
}
