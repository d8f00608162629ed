package racetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/didstock/didstock/internal/dbtest"
)

const (
	accountsN   = 8
	buyersPerAc = 8 // 64 concurrent buyers in all
)

// loadDuration is how long the mixed phase runs; DIDSTOCK_RACE_SECONDS
// changes it.
func loadDuration() time.Duration {
	if s := os.Getenv("DIDSTOCK_RACE_SECONDS"); s != "" {
		if d, err := time.ParseDuration(s + "s"); err == nil {
			return d
		}
	}
	return 6 * time.Second
}

// raceEnv is a running set of servers on one database with the fixture.
type raceEnv struct {
	d        *database
	servers  []*server
	c        *client
	accounts []*account
	groups   map[string]*group
	led      *ledger
	errs     errorLog
	outcomes tally // "what → status" counts, logged
}

func (e *raceEnv) base() string { return e.servers[rand.IntN(len(e.servers))].url }

// errorLog keeps the first unexpected answers from goroutines.
type errorLog struct {
	mu   sync.Mutex
	n    int
	msgs []string
}

func (l *errorLog) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	if len(l.msgs) < 20 {
		l.msgs = append(l.msgs, fmt.Sprintf(format, args...))
	}
}

func (l *errorLog) report(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.msgs {
		t.Error(m)
	}
	if l.n > len(l.msgs) {
		t.Errorf("… and %d more unexpected answers", l.n-len(l.msgs))
	}
}

// expect records r as unexpected unless its status is one of ok.
func (e *raceEnv) expect(what string, r reply, ok ...int) bool {
	e.outcomes.add(fmt.Sprintf("%s→%d", strings.ReplaceAll(what, " ", "_"), r.status))
	if os.Getenv("DIDSTOCK_RACE_DEBUG") != "" && r.status >= 400 {
		fmt.Fprintf(os.Stderr, "%s: %d %s\n", what, r.status, r.body)
	}
	for _, s := range ok {
		if r.status == s {
			return true
		}
	}
	e.errs.add("%s: status %d (want one of %v), err %v, body %s", what, r.status, ok, r.err, r.body)
	return false
}

// accountBalances: six rich accounts and two poor ones whose money runs out
// (one of them on credit).
var accountBalances = [accountsN][2]string{
	{"1000", "0"}, {"1000", "0"}, {"1000", "0"}, {"1000", "0"}, {"1000", "0"}, {"1000", "0"},
	{"3", "5"},   // 8.0 to spend, 5 of it credit: four numbers
	{"4.5", "0"}, // two numbers
}

// TestConcurrentBuyers races 64 buyers from 8 accounts against two
// `didstock serve` processes sharing one PostgreSQL, and against one process
// on SQLite, then checks the ordering invariants (see checkInvariants).
//
// Phase 1 fires synchronized bursts whose outcome is exact: 64 orders of
// one available DID (one wins), 64 reservations of one number (one wins)
// followed by its owner's 8 buyers ordering the reservation while the 56
// others order the number directly (one wins), and 64 orders for the last
// 10 units of a group without back-ordering (10 win), then 64 with it (all
// accepted, pending). Phase 2 runs a random mix for loadDuration: specific
// numbers, reservations and orders by reservation, reservation deletes,
// qty orders on a scarce group with and without back-ordering, qty orders
// on a large group, and cancels racing fulfilment.
func TestConcurrentBuyers(t *testing.T) {
	if testing.Short() {
		t.Skip("concurrency test runs real servers for seconds; skipped with -short")
	}
	for _, tc := range []struct {
		engine   string
		replicas int
	}{
		{"sqlite", 1},
		{"postgres", 2},
	} {
		t.Run(fmt.Sprintf("%s_%dproc", tc.engine, tc.replicas), func(t *testing.T) {
			e := newRaceEnv(t, tc.engine, tc.replicas)
			e.burstSpecific(t)
			e.burstReservation(t)
			e.burstLastUnits(t)
			start := time.Now()
			before := e.led.acceptedCount()
			reqs := e.mixedLoad(t, loadDuration())
			took := time.Since(start)
			accepted := e.led.acceptedCount() - before
			settleTook := settle(t, e.d, 30*time.Second)
			e.errs.report(t)
			checkInvariants(t, e.d, e.accounts, e.led, e.c, e.base())
			for _, s := range e.servers {
				for _, line := range s.logErrors() {
					t.Errorf("server logged an error: %s", line)
				}
			}
			t.Logf("%s, %d process(es): %d accepted orders in %v = %.0f orders/s sustained (%d requests, %.0f req/s); settled %v later",
				tc.engine, tc.replicas, accepted, took.Round(time.Millisecond), float64(accepted)/took.Seconds(),
				reqs, float64(reqs)/took.Seconds(), settleTook.Round(time.Millisecond))
			t.Logf("answers: %v", &e.outcomes)
			t.Logf("jobs: %v", e.d.rows(t, `SELECT kind, state, COUNT(*) FROM river_job GROUP BY kind, state ORDER BY kind, state`))
			t.Logf("final orders: %v", e.d.rows(t, `SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status`))
		})
	}
}

func newRaceEnv(t *testing.T, engine string, replicas int) *raceEnv {
	t.Helper()
	d := openDatabase(t, engine, dbtest.DSN(t, engine))
	e := &raceEnv{d: d, c: newClient(), led: newLedger()}
	e.groups = d.fixture(t, map[string]int{"hot": 12, "res": 12, "last": 10, "few": 24, "bulk": 3000})
	for i, b := range accountBalances {
		e.accounts = append(e.accounts, d.newAccount(t, i, b[0], b[1]))
	}
	// One after the other: the first applies River's migrations.
	for i := 0; i < replicas; i++ {
		e.servers = append(e.servers, startServer(t, d.dsn, d.secret))
	}
	return e
}

// all runs fn in 64 goroutines (buyer b of account a) released at once.
func (e *raceEnv) all(fn func(a *account, b int)) {
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	for _, a := range e.accounts {
		for b := 0; b < buyersPerAc; b++ {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				ready.Done()
				<-gate
				fn(a, b)
			}()
		}
	}
	ready.Wait()
	close(gate)
	done.Wait()
}

// order posts one order and records a 201 in the ledger.
func (e *raceEnv) order(a *account, attrs, item map[string]any) reply {
	r := e.c.do(e.base(), "POST", "/orders", a.key, orderDoc(attrs, item))
	if r.status == 201 {
		e.led.accept(r.id(), a.id)
	}
	return r
}

type counter struct {
	mu sync.Mutex
	m  map[int]int
}

func (c *counter) add(status int) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[int]int{}
	}
	c.m[status]++
	c.mu.Unlock()
}

func (e *raceEnv) burstSpecific(t *testing.T) {
	t.Helper()
	var got counter
	num := e.groups["hot"].numbers[0]
	e.all(func(a *account, _ int) {
		r := e.order(a, nil, map[string]any{"sku_id": e.groups["hot"].sku, "available_did_id": num})
		e.expect("burst order of one available DID", r, 201, 422, 400)
		got.add(r.status)
	})
	if got.m[201] != 1 {
		t.Errorf("64 buyers of one available DID: answers %v, want exactly one 201", got.m)
	}
}

func (e *raceEnv) burstReservation(t *testing.T) {
	t.Helper()
	g := e.groups["res"]
	num := g.numbers[0]
	var mu sync.Mutex
	var winner *account
	var resID string
	var got counter
	e.all(func(a *account, _ int) {
		r := e.c.do(e.base(), "POST", "/did_reservations", a.key, reservationDoc(num))
		e.expect("burst reservation of one number", r, 201, 422)
		got.add(r.status)
		if r.status == 201 {
			mu.Lock()
			winner, resID = a, r.id()
			mu.Unlock()
		}
	})
	if got.m[201] != 1 {
		t.Fatalf("64 reservations of one number: answers %v, want exactly one 201", got.m)
	}
	// The owner's eight buyers order the reservation; everyone else tries
	// the number directly.
	var orders counter
	e.all(func(a *account, _ int) {
		var r reply
		if a == winner {
			r = e.order(a, nil, map[string]any{"sku_id": g.sku, "did_reservation_id": resID})
		} else {
			r = e.order(a, nil, map[string]any{"sku_id": g.sku, "available_did_id": num})
		}
		e.expect("burst order of a reserved number", r, 201, 422, 400)
		orders.add(r.status)
		if r.status == 201 && a != winner {
			e.errs.add("account %d bought number %s reserved by account %d", a.idx, num, winner.idx)
		}
	})
	if orders.m[201] > 1 {
		t.Errorf("orders of one reserved number: answers %v, want at most one 201", orders.m)
	}
}

func (e *raceEnv) burstLastUnits(t *testing.T) {
	t.Helper()
	g := e.groups["last"]
	var strict, backOrder counter
	e.all(func(a *account, _ int) {
		r := e.order(a, map[string]any{"allow_back_ordering": false}, map[string]any{"sku_id": g.sku, "qty": 1})
		e.expect("last units without back-ordering", r, 201, 422, 400)
		strict.add(r.status)
	})
	if strict.m[201] != len(g.numbers) {
		t.Errorf("64 orders for the last %d units without back-ordering: answers %v, want %d 201s",
			len(g.numbers), strict.m, len(g.numbers))
	}
	e.all(func(a *account, _ int) {
		r := e.order(a, map[string]any{"allow_back_ordering": true}, map[string]any{"sku_id": g.sku, "qty": 1})
		e.expect("sold-out units with back-ordering", r, 201, 400)
		backOrder.add(r.status)
	})
	if backOrder.m[201] < 48 { // the six rich accounts at least
		t.Errorf("64 back-orders on a sold-out group: answers %v, want a 201 from every account with money", backOrder.m)
	}
}

// mixedLoad runs the random phase and returns how many requests it made.
func (e *raceEnv) mixedLoad(t *testing.T, d time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(d)
	var reqs sync.Map
	// Live reservations per account, shared by its buyers so that they
	// race to order (or delete) the same reservation.
	type pool struct {
		mu  sync.Mutex
		ids []string
	}
	pools := make([]*pool, len(e.accounts))
	for i := range pools {
		pools[i] = &pool{}
	}
	pick := func(p *pool) string {
		p.mu.Lock()
		defer p.mu.Unlock()
		if len(p.ids) == 0 {
			return ""
		}
		return p.ids[rand.IntN(len(p.ids))]
	}
	drop := func(p *pool, id string) {
		p.mu.Lock()
		defer p.mu.Unlock()
		for i, x := range p.ids {
			if x == id {
				p.ids = append(p.ids[:i], p.ids[i+1:]...)
				return
			}
		}
	}
	hot, res, few, bulk := e.groups["hot"], e.groups["res"], e.groups["few"], e.groups["bulk"]
	e.all(func(a *account, b int) {
		n := 0
		var mine []string // this buyer's accepted orders, for cancels
		afterOrder := func(r reply) {
			if r.status != 201 {
				return
			}
			mine = append(mine, r.id())
			if rand.IntN(3) == 0 { // cancel at once, racing the fulfilment job
				e.cancel(a, r.id())
				n++
			}
		}
		p := pools[a.idx]
		for time.Now().Before(deadline) {
			n++
			switch op := rand.IntN(100); {
			case op < 20:
				r := e.order(a, nil, map[string]any{"sku_id": hot.sku, "available_did_id": hot.numbers[rand.IntN(len(hot.numbers))]})
				e.expect("order of a hot available DID", r, 201, 422, 400)
				afterOrder(r)
			case op < 32:
				r := e.c.do(e.base(), "POST", "/did_reservations", a.key, reservationDoc(res.numbers[rand.IntN(len(res.numbers))]))
				e.expect("reservation", r, 201, 422)
				if r.status == 201 {
					p.mu.Lock()
					p.ids = append(p.ids, r.id())
					p.mu.Unlock()
				}
			case op < 44:
				id := pick(p)
				if id == "" {
					continue
				}
				r := e.order(a, nil, map[string]any{"sku_id": res.sku, "did_reservation_id": id})
				e.expect("order by reservation", r, 201, 422, 400)
				if r.status != 400 {
					drop(p, id)
				}
				afterOrder(r)
			case op < 48:
				id := pick(p)
				if id == "" {
					continue
				}
				r := e.c.do(e.base(), "DELETE", "/did_reservations/"+id, a.key, nil)
				e.expect("reservation delete", r, 204, 404)
				drop(p, id)
			case op < 52:
				r := e.order(a, nil, map[string]any{"sku_id": res.sku, "available_did_id": res.numbers[rand.IntN(len(res.numbers))]})
				e.expect("order of a possibly reserved DID", r, 201, 422, 400)
				afterOrder(r)
			case op < 72:
				back := rand.IntN(2) == 0
				r := e.order(a, map[string]any{"allow_back_ordering": back}, map[string]any{"sku_id": few.sku, "qty": 1 + rand.IntN(3)})
				if back {
					e.expect("qty order on a scarce group, back-ordering", r, 201, 400)
				} else {
					e.expect("qty order on a scarce group, no back-ordering", r, 201, 422, 400)
				}
				afterOrder(r)
			case op < 92:
				r := e.order(a, map[string]any{"allow_back_ordering": false}, map[string]any{"sku_id": bulk.sku, "qty": 1})
				e.expect("qty order on a large group", r, 201, 400)
				afterOrder(r)
			default:
				if len(mine) == 0 {
					continue
				}
				e.cancel(a, mine[rand.IntN(len(mine))])
			}
		}
		reqs.Store([2]int{a.idx, b}, n)
	})
	total := 0
	reqs.Range(func(_, v any) bool { total += v.(int); return true })
	return total
}

// cancel deletes an order, which must answer 204 (it was pending) or 422
// (it was completed or canceled already).
func (e *raceEnv) cancel(a *account, id string) {
	r := e.c.do(e.base(), "DELETE", "/orders/"+id, a.key, nil)
	if e.expect("cancel", r, 204, 422) && r.status == 204 {
		e.led.cancel(id)
	}
}
