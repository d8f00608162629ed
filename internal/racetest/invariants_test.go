package racetest

import (
	"fmt"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func sortStrings(s []string) { sort.Strings(s) }

// ledger is what the buyers were told: the orders answered 201, the
// cancels answered 204, and the external references of order requests
// whose answer was lost (the server died), which may or may not exist.
type ledger struct {
	mu       sync.Mutex
	accepted map[string]string // order ID → account ID
	canceled map[string]bool   // order IDs whose DELETE answered 204
	unknown  map[string]bool   // external_reference_id of requests without an answer
	first    time.Time         // first 201
	last     time.Time         // last 201
}

func newLedger() *ledger {
	return &ledger{accepted: map[string]string{}, canceled: map[string]bool{}, unknown: map[string]bool{}}
}

func (l *ledger) accept(orderID, accountID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.first.IsZero() {
		l.first = now
	}
	l.last = now
	l.accepted[orderID] = accountID
}

func (l *ledger) cancel(orderID string) {
	l.mu.Lock()
	l.canceled[orderID] = true
	l.mu.Unlock()
}

func (l *ledger) lost(extRef string) {
	l.mu.Lock()
	l.unknown[extRef] = true
	l.mu.Unlock()
}

func (l *ledger) acceptedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.accepted)
}

// unsettled describes the orders that are still pending without being a
// back-order waiting for stock that does not exist, or "" when there are
// none. A pending order is a legitimate back-order when it allows back
// ordering, some item holds fewer live allocations than its qty, and that
// item's group has no stock left (else the wake-up job should have filled it).
func unsettled(t testing.TB, d *database) string {
	t.Helper()
	rows := d.rows(t, `SELECT o.id, o.allow_back_ordering,
		(SELECT COUNT(*) FROM order_items i WHERE i.order_id = o.id AND i.qty >
			(SELECT COUNT(*) FROM allocations a WHERE a.order_item_id = i.id AND NOT a.released)),
		(SELECT COUNT(*) FROM order_items i JOIN did_groups g ON g.id = i.did_group_id WHERE i.order_id = o.id AND g.stock_count > 0 AND i.qty >
			(SELECT COUNT(*) FROM allocations a WHERE a.order_item_id = i.id AND NOT a.released))
		FROM orders o WHERE o.status = 'pending'`)
	bad := 0
	var example string
	for _, r := range rows {
		backOrder := r[1] == "true" || r[1] == "1"
		short, _ := strconv.Atoi(r[2])
		shortWithStock, _ := strconv.Atoi(r[3])
		if !backOrder || short == 0 || shortWithStock > 0 {
			bad++
			example = fmt.Sprintf("order %s (allow_back_ordering=%s, short items=%s, short items with stock=%s)", r[0], r[1], r[2], r[3])
		}
	}
	if bad == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d pending orders are not waiting for stock, e.g. %s", bad, len(rows), example)
}

// settle waits until every order has finished except back-orders waiting
// for stock.
func settle(t testing.TB, d *database, timeout time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	if msg := eventually(timeout, func() string { return unsettled(t, d) }); msg != "" {
		t.Fatalf("orders did not settle within %v: %s", timeout, msg)
	}
	return time.Since(start)
}

// checkInvariants checks, with SQL on the database and through the API of
// base, everything that must hold however the buyers raced:
//   - no number owned twice, none both owned and in stock or reserved;
//   - every sold number has exactly one live allocation and every live
//     allocation is of a sold number; no live reservation on a number that is
//     not reserved, no reserved number without its live reservation;
//   - each completed order has exactly one DID per unit ordered, made from
//     its own allocations and owned by its account; canceled orders hold
//     nothing; pending orders are back-orders holding less than they want;
//   - amounts equal Σ qty × (setup + monthly);
//   - every balance equals its start minus the amounts of its completed and
//     pending orders, and never falls below -credit;
//   - stock counters equal the numbers in status available;
//   - every 201 order exists for its account, every 204 cancel is canceled,
//     and no order exists that nobody was told about (except requests whose
//     answer was lost);
//   - the API shows the same balances, DIDs and orders.
func checkInvariants(t *testing.T, d *database, accounts []*account, led *ledger, c *client, base string) {
	t.Helper()
	zero := func(what, q string, args ...any) {
		t.Helper()
		if n := d.count(t, q, args...); n != 0 {
			t.Errorf("%s: %d rows", what, n)
		}
	}
	zero("numbers owned twice", `SELECT COUNT(*) FROM (SELECT number_id FROM dids GROUP BY number_id HAVING COUNT(*) > 1) x`)
	zero("number strings owned twice", `SELECT COUNT(*) FROM (SELECT number FROM dids GROUP BY number HAVING COUNT(*) > 1) x`)
	zero("owned numbers not sold (in stock or reserved)", `SELECT COUNT(*) FROM dids d JOIN numbers n ON n.id = d.number_id WHERE n.status <> 'sold'`)
	zero("sold numbers without exactly one live allocation", `SELECT COUNT(*) FROM numbers n WHERE n.status = 'sold' AND
		(SELECT COUNT(*) FROM allocations a WHERE a.number_id = n.id AND NOT a.released) <> 1`)
	zero("live allocations of numbers not sold", `SELECT COUNT(*) FROM allocations a JOIN numbers n ON n.id = a.number_id
		WHERE NOT a.released AND n.status <> 'sold'`)
	zero("live reservations of numbers not reserved", `SELECT COUNT(*) FROM did_reservations r JOIN numbers n ON n.id = r.number_id
		WHERE r.ended_at IS NULL AND n.status <> 'reserved'`)
	zero("reserved numbers without one live reservation", `SELECT COUNT(*) FROM numbers n WHERE n.status = 'reserved' AND
		(SELECT COUNT(*) FROM did_reservations r WHERE r.number_id = n.id AND r.ended_at IS NULL) <> 1`)
	zero("reservation orders whose reservation is still live", `SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id
		JOIN did_reservations r ON r.id = i.did_reservation_id WHERE o.status = 'completed' AND r.ended_at IS NULL`)
	zero("DIDs not made from their order's own live allocation", `SELECT COUNT(*) FROM dids d WHERE NOT EXISTS (
		SELECT 1 FROM allocations a JOIN order_items i ON i.id = a.order_item_id
		WHERE a.number_id = d.number_id AND i.order_id = d.order_id AND NOT a.released)`)
	zero("DIDs owned by another account than their order's", `SELECT COUNT(*) FROM dids d JOIN orders o ON o.id = d.order_id
		WHERE d.account_id <> o.account_id`)
	zero("stock counters out of step", `SELECT COUNT(*) FROM did_groups g WHERE g.stock_count <>
		(SELECT COUNT(*) FROM numbers n WHERE n.group_seq = g.seq AND n.status = 'available')`)
	zero("order amounts not Σ qty × (setup + monthly)", `SELECT COUNT(*) FROM orders o WHERE o.amount_micros <>
		(SELECT SUM(i.qty * (i.setup_price_micros + i.monthly_price_micros)) FROM order_items i WHERE i.order_id = o.id)`)
	zero("'assigned' history entries not one per DID", `SELECT COUNT(*) FROM accounts a WHERE
		(SELECT COUNT(*) FROM dids d WHERE d.account_id = a.id) <>
		(SELECT COUNT(*) FROM did_history h WHERE h.account_id = a.id AND h.action = 'assigned')`)

	// Per order: what it holds for its status.
	type orderRow struct {
		account, status, extRef string
		qty, dids, live         int64
		backOrder               bool
	}
	byID := map[string]orderRow{}
	for _, r := range d.rows(t, `SELECT o.id, o.account_id, o.status, o.allow_back_ordering, COALESCE(o.external_reference_id, ''),
		(SELECT SUM(qty) FROM order_items i WHERE i.order_id = o.id),
		(SELECT COUNT(*) FROM dids d WHERE d.order_id = o.id),
		(SELECT COUNT(*) FROM allocations a JOIN order_items i ON i.id = a.order_item_id WHERE i.order_id = o.id AND NOT a.released)
		FROM orders o`) {
		row := orderRow{account: r[1], status: r[2], backOrder: r[3] == "true" || r[3] == "1", extRef: r[4]}
		row.qty, _ = strconv.ParseInt(r[5], 10, 64)
		row.dids, _ = strconv.ParseInt(r[6], 10, 64)
		row.live, _ = strconv.ParseInt(r[7], 10, 64)
		byID[r[0]] = row
		switch row.status {
		case "completed":
			if row.dids != row.qty || row.live != row.qty {
				t.Errorf("completed order %s: qty %d, %d DIDs, %d live allocations", r[0], row.qty, row.dids, row.live)
			}
		case "canceled":
			if row.dids != 0 || row.live != 0 {
				t.Errorf("canceled order %s holds %d DIDs, %d live allocations", r[0], row.dids, row.live)
			}
		case "pending":
			if row.dids != 0 || row.live >= row.qty || !row.backOrder {
				t.Errorf("pending order %s: qty %d, %d DIDs, %d live allocations, back-order %v", r[0], row.qty, row.dids, row.live, row.backOrder)
			}
		default:
			t.Errorf("order %s has status %q", r[0], row.status)
		}
	}
	led.mu.Lock()
	for id, acct := range led.accepted {
		row, ok := byID[id]
		if !ok {
			t.Errorf("order %s was answered 201 but is not in the database", id)
		} else if row.account != acct {
			t.Errorf("order %s belongs to %s, was placed by %s", id, row.account, acct)
		}
	}
	for id := range led.canceled {
		if byID[id].status != "canceled" {
			t.Errorf("order %s was canceled (204) but has status %q", id, byID[id].status)
		}
	}
	for id, row := range byID {
		if _, ok := led.accepted[id]; !ok && !led.unknown[row.extRef] {
			t.Errorf("order %s (%s) exists although no buyer was answered 201 for it", id, row.status)
		}
	}
	led.mu.Unlock()

	// Money.
	for _, a := range accounts {
		var balance int64
		if err := d.db.WritePool().QueryRow(d.rebind(`SELECT balance_micros FROM accounts WHERE id = ?`), a.id).Scan(&balance); err != nil {
			t.Fatal(err)
		}
		held := d.count(t, `SELECT COALESCE(SUM(amount_micros), 0) FROM orders WHERE account_id = ? AND status IN ('completed', 'pending')`, a.id)
		if want := a.balance - held; balance != want {
			t.Errorf("account %d: balance %d µ, want start %d − held %d = %d", a.idx, balance, a.balance, held, want)
		}
		if balance < -a.credit {
			t.Errorf("account %d: balance %d µ below -credit %d", a.idx, balance, a.credit)
		}
		// The API agrees.
		r := c.do(base, "GET", "/balance", a.key, nil)
		if r.status != 200 {
			t.Errorf("GET /balance: %d %s", r.status, r.body)
			continue
		}
		if got, _ := decimal.NewFromString(fmt.Sprint(r.attr("balance"))); !got.Equal(decimal.New(balance, -6)) {
			t.Errorf("account %d: API balance %v, database %d µ", a.idx, r.attr("balance"), balance)
		}
		dids := d.count(t, `SELECT COUNT(*) FROM dids WHERE account_id = ?`, a.id)
		if n := total(t, c, base, "/dids?page%5Bsize%5D=1", a.key); n != dids {
			t.Errorf("account %d: API lists %d DIDs, database has %d", a.idx, n, dids)
		}
		for _, status := range []string{"completed", "canceled", "pending"} {
			want := d.count(t, `SELECT COUNT(*) FROM orders WHERE account_id = ? AND status = ?`, a.id, status)
			if n := total(t, c, base, "/orders?page%5Bsize%5D=1&filter%5Bstatus%5D="+status, a.key); n != want {
				t.Errorf("account %d: API lists %d %s orders, database has %d", a.idx, n, status, want)
			}
		}
	}
}

// total reads meta.total_records of a list.
func total(t testing.TB, c *client, base, path, key string) int64 {
	t.Helper()
	r := c.do(base, "GET", path, key, nil)
	if r.status != 200 {
		t.Errorf("GET %s: %d %s", path, r.status, r.body)
		return -1
	}
	m, _ := r.doc["meta"].(map[string]any)
	n, ok := m["total_records"].(float64)
	if !ok {
		t.Errorf("GET %s: no meta.total_records in %s", path, r.body)
	}
	return int64(n)
}
