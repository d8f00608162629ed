package ordering_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/ordering"
	"github.com/didstock/didstock/secrets"
	"github.com/didstock/didstock/store"
)

// TestMeasureQueuePools measures order throughput and creation-to-completed
// latency through the store and River, with River on the store's write pool
// and, on SQLite, on a pool of its own on the same file. It backs the
// decision recorded in docs/decisions.md. Run with DIDSTOCK_MEASURE=1.
func TestMeasureQueuePools(t *testing.T) {
	if os.Getenv("DIDSTOCK_MEASURE") != "1" {
		t.Skip("set DIDSTOCK_MEASURE=1 to measure")
	}
	for _, v := range []struct{ engine, pool string }{{"sqlite", "shared"}, {"sqlite", "own"}, {"postgres", "shared"}} {
		t.Run(v.engine+"/"+v.pool, func(t *testing.T) { measure(t, v.engine, v.pool == "own") })
	}
}

func measure(t *testing.T, engine string, ownPool bool) {
	ctx := context.Background()
	dsn := dbtest.DSN(t, engine)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	box, err := secrets.LoadOrCreate(t.TempDir() + "/s")
	if err != nil {
		t.Fatal(err)
	}
	db.SetSecrets(box)
	f := newFixture()
	const orders, buyers = 200, 8
	inv := f.inventory(orders, 0, "5")
	if _, err := db.ImportInventory(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if err := ordering.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	var errs countingHandler
	cfg := ordering.Config{Logger: slog.New(&errs), SweepInterval: time.Second, BackOrderInterval: time.Hour}
	if ownPool {
		own, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate")
		if err != nil {
			t.Fatal(err)
		}
		own.SetMaxOpenConns(1)
		defer own.Close()
		cfg.Pool = own
	}
	q, err := ordering.New(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(ctx)
	acct := &didstock.Account{Name: "m", Balance: dec("100000"), APIVersion: didstock.APIVersion20220510}
	if _, err := db.CreateAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	created := make(map[string]time.Time, orders)
	var mu sync.Mutex
	var createLat []time.Duration
	start := time.Now()
	var wg sync.WaitGroup
	for b := 0; b < buyers; b++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < orders/buyers; i++ {
				t0 := time.Now()
				o, err := db.CreateOrder(ctx, acct.ID, didstock.NewOrder{AllowBackOrdering: true,
					Items: []didstock.NewOrderItem{{SKUID: f.skuA, Qty: 1}}})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				created[o.ID] = t0
				createLat = append(createLat, time.Since(t0))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	createdAll := time.Since(start)
	var done []time.Duration
	seen := map[string]bool{}
	deadline := time.Now().Add(60 * time.Second)
	for len(seen) < len(created) && time.Now().Before(deadline) {
		list, _, err := db.FindOrders(ctx, didstock.OrderFilter{AccountID: acct.ID, Status: []string{didstock.OrderCompleted}},
			didstock.ListOptions{Page: didstock.Page{Number: 1, Size: 1000}})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		for _, o := range list {
			if !seen[o.ID] {
				seen[o.ID] = true
				done = append(done, now.Sub(created[o.ID]))
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	total := time.Since(start)
	t.Logf("%s own pool=%v: %d orders by %d buyers; created in %v (p50 create %v), all completed in %v = %.0f orders/s; "+
		"create→completed p50 %v p95 %v max %v; River error logs: %d",
		engine, ownPool, len(created), buyers, createdAll.Round(time.Millisecond), pct(createLat, 50), total.Round(time.Millisecond),
		float64(len(seen))/total.Seconds(), pct(done, 50), pct(done, 95), pct(done, 100), errs.n())
	if len(seen) != len(created) {
		t.Errorf("%d of %d orders completed", len(seen), len(created))
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration{}, d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s) - 1) * p / 100
	return s[i].Round(time.Millisecond)
}

// countingHandler counts River's error logs.
type countingHandler struct {
	mu    sync.Mutex
	count int
}

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.mu.Lock()
		h.count++
		h.mu.Unlock()
		_, _ = io.WriteString(os.Stderr, "river error: "+r.Message+"\n")
	}
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }
func (h *countingHandler) n() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}
