package racetest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/didstock/didstock/callbacks"
	"github.com/didstock/didstock/internal/dbtest"
)

// receiver records the order callbacks it is sent.
type receiver struct {
	srv  *httptest.Server
	keys []string // API key per account index, to check signatures

	mu   sync.Mutex
	got  map[string][]string // order ID → statuses received, in order
	bad  []string            // problems: bad signature, unknown account, missing parameters
	hits int
}

func newReceiver(t *testing.T, accounts []*account) *receiver {
	t.Helper()
	rc := &receiver{got: map[string][]string{}}
	for _, a := range accounts {
		rc.keys = append(rc.keys, a.key)
	}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.srv.Close)
	return rc
}

// url is the callback URL of the account with index idx.
func (rc *receiver) url(idx int) string { return fmt.Sprintf("%s/cb/%d", rc.srv.URL, idx) }

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	var idx int
	if _, err := fmt.Sscanf(r.URL.Path, "/cb/%d", &idx); err != nil || idx < 0 || idx >= len(rc.keys) {
		rc.problem("callback to unknown path %s", r.URL.Path)
		return
	}
	var params map[string]string
	switch r.Method {
	case http.MethodGet:
		params = flat(r.URL.Query())
	case http.MethodPost:
		if err := r.ParseForm(); err != nil {
			rc.problem("callback form: %v", err)
			return
		}
		params = flat(r.PostForm)
	default:
		rc.problem("callback with method %s", r.Method)
		return
	}
	want, err := callbacks.Sign(rc.keys[idx], rc.url(idx), params)
	if err != nil || r.Header.Get(callbacks.SignatureHeader) != want {
		rc.problem("callback %s %v: signature %q, want %q (%v)", r.Method, params, r.Header.Get(callbacks.SignatureHeader), want, err)
	}
	if params["id"] == "" || params["type"] != "orders" || params["status"] == "" {
		rc.problem("callback parameters %v", params)
	}
	// Answer like a real receiver, after a while; a sender that dies
	// meanwhile has not delivered the callback (it never sees the 200).
	select {
	case <-time.After(time.Duration(rand.IntN(100)) * time.Millisecond):
	case <-r.Context().Done():
		return
	}
	rc.mu.Lock()
	rc.hits++
	rc.got[params["id"]] = append(rc.got[params["id"]], params["status"])
	rc.mu.Unlock()
}

func (rc *receiver) problem(format string, args ...any) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.bad) < 20 {
		rc.bad = append(rc.bad, fmt.Sprintf(format, args...))
	}
}

func flat(v map[string][]string) map[string]string {
	out := map[string]string{}
	for k, vs := range v {
		out[k] = strings.Join(vs, ",")
	}
	return out
}

// missing lists terminal orders with a callback URL whose callback with
// the final status has not arrived, and callbacks that contradict the
// final status.
func (rc *receiver) missing(t testing.TB, d *database) (missing []string, wrong []string) {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, r := range d.rows(t, `SELECT id, status FROM orders WHERE callback_url IS NOT NULL AND status <> 'pending'`) {
		want := strings.ToUpper(r[1][:1]) + r[1][1:] // 2022-05-10 spelling
		seen := false
		for _, s := range rc.got[r[0]] {
			if s == want {
				seen = true
			} else {
				wrong = append(wrong, fmt.Sprintf("order %s is %s but was called back %q", r[0], r[1], s))
			}
		}
		if !seen {
			missing = append(missing, r[0]+" ("+r[1]+")")
		}
	}
	return missing, wrong
}

// crashServerFlags let callbacks reach the receiver in this process and
// shorten the waits after a kill: a delivery cut off mid-flight is run again
// once River deems it abandoned (--job-rescue-after), and failed deliveries
// retry on a scaled-down schedule.
var crashServerFlags = []string{"--allow-private-callbacks", "--callback-timeout", "2s",
	"--job-rescue-after", "5s", "--callback-time-scale", "0.001"}

// TestCrashRecovery places orders (many with callbacks, some canceled at
// once) against the real binary and kills it with SIGKILL three times at
// random moments while orders are being fulfilled and callbacks delivered,
// restarting it on the same database each time. Afterwards every order the
// buyers were told about — and every order whose answer was lost in a crash
// — must have finished exactly once (checkInvariants: one DID per unit, one
// allocation, one history entry, charged once) and every callback must have
// been delivered at least once, correctly signed, never with a status the
// order did not end in.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs and kills real servers; skipped with -short")
	}
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) { crashRecovery(t, engine) })
	}
}

func crashRecovery(t *testing.T, engine string) {
	const (
		kills      = 3
		buyers     = 12
		perRound   = 60 // accepted orders between kills, before the random moment
		settleTime = 90 * time.Second
	)
	d := openDatabase(t, engine, dbtest.DSN(t, engine))
	g := d.fixture(t, map[string]int{"stock": 2500})["stock"]
	var accounts []*account
	for i := 0; i < 4; i++ {
		accounts = append(accounts, d.newAccount(t, i, "10000", "0"))
	}
	rc := newReceiver(t, accounts)
	c, led := newClient(), newLedger()
	srv := startServer(t, d.dsn, d.secret, crashServerFlags...)
	var base atomic.Pointer[string]
	base.Store(&srv.url)

	var errs errorLog
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var lost atomic.Int64
	for b := 0; b < buyers; b++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := accounts[b%len(accounts)]
			for {
				select {
				case <-stop:
					return
				default:
				}
				ref := uuid.NewString()
				attrs := map[string]any{"external_reference_id": ref}
				if rand.IntN(10) < 7 {
					attrs["callback_url"] = rc.url(a.idx)
					attrs["callback_method"] = []string{"GET", "POST"}[rand.IntN(2)]
				}
				r := c.do(*base.Load(), "POST", "/orders", a.key, orderDoc(attrs, map[string]any{"sku_id": g.sku, "qty": 1 + rand.IntN(2)}))
				switch {
				case r.status == 0: // the server died: the order may or may not exist
					led.lost(ref)
					lost.Add(1)
					time.Sleep(20 * time.Millisecond)
					continue
				case r.status != 201:
					errs.add("order: %d %s", r.status, r.body)
					continue
				}
				led.accept(r.id(), a.id)
				if rand.IntN(4) == 0 {
					cr := c.do(*base.Load(), "DELETE", "/orders/"+r.id(), a.key, nil)
					switch cr.status {
					case 204:
						led.cancel(r.id())
					case 0, 422: // died, or the order completed first
					default:
						errs.add("cancel: %d %s", cr.status, cr.body)
					}
				}
			}
		}()
	}
	waitAccepted := func(n int) {
		deadline := time.Now().Add(30 * time.Second)
		for led.acceptedCount() < n && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
	}
	start := time.Now()
	for k := 1; k <= kills; k++ {
		waitAccepted(k * perRound)
		time.Sleep(time.Duration(rand.IntN(150)) * time.Millisecond)
		pendingJobs := d.count(t, `SELECT COUNT(*) FROM river_job WHERE state IN ('available', 'running', 'retryable')`)
		srv.kill()
		t.Logf("kill %d after %d accepted orders, %d jobs to do", k, led.acceptedCount(), pendingJobs)
		srv = startServer(t, d.dsn, d.secret, crashServerFlags...)
		base.Store(&srv.url)
	}
	waitAccepted((kills + 1) * perRound)
	close(stop)
	wg.Wait()
	loadTook := time.Since(start)

	settleTook := settle(t, d, settleTime)
	var missing, wrong []string
	msg := eventually(settleTime, func() string {
		missing, wrong = rc.missing(t, d)
		if len(missing) > 0 {
			return fmt.Sprintf("%d callbacks never arrived, e.g. for order %s", len(missing), missing[0])
		}
		return ""
	})
	if msg != "" {
		// A delivery job that was running when the process died stays in
		// state running until River's rescuer picks it up, which by default
		// is after RescueStuckJobsAfter = 1 hour.
		t.Errorf("%s; unfinished callback jobs (state, attempt, count): %v", msg,
			d.rows(t, `SELECT state, attempt, COUNT(*) FROM river_job WHERE kind = 'deliver_callback'
			AND state <> 'completed' GROUP BY state, attempt`))
	}
	for _, w := range wrong {
		t.Error(w)
	}
	rc.mu.Lock()
	for _, b := range rc.bad {
		t.Error(b)
	}
	hits, distinct := rc.hits, len(rc.got)
	rc.mu.Unlock()
	errs.report(t)
	checkInvariants(t, d, accounts, led, c, *base.Load())
	unknownInDB := 0
	led.mu.Lock()
	for ref := range led.unknown {
		unknownInDB += int(d.count(t, `SELECT COUNT(*) FROM orders WHERE external_reference_id = ?`, ref))
	}
	led.mu.Unlock()
	t.Logf("%s: %d accepted orders over %d kills in %v, %d requests lost in crashes (%d of them had created their order); "+
		"settled %v after the load; %d callbacks for %d orders (duplicates are allowed)",
		engine, led.acceptedCount(), kills, loadTook.Round(time.Millisecond), lost.Load(), unknownInDB,
		settleTook.Round(time.Millisecond), hits, distinct)
	t.Logf("final orders: %v", d.rows(t, `SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status`))
}
