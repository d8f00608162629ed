package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
)

// OrderingConfig holds the rules of reservations.
type OrderingConfig struct {
	ReservationTTL  time.Duration // how long a reservation holds its number
	MaxReservations int           // live reservations per account
}

// DefaultOrderingConfig is the reference's current rule: ten reservations of
// ten minutes each.
func DefaultOrderingConfig() OrderingConfig {
	return OrderingConfig{ReservationTTL: 10 * time.Minute, MaxReservations: 10}
}

// SetOrderingConfig replaces the reservation rules; zero fields keep the defaults.
func (db *DB) SetOrderingConfig(c OrderingConfig) {
	d := DefaultOrderingConfig()
	if c.ReservationTTL <= 0 {
		c.ReservationTTL = d.ReservationTTL
	}
	if c.MaxReservations <= 0 {
		c.MaxReservations = d.MaxReservations
	}
	db.ordering = c
}

var _ didstock.OrderingService = (*DB)(nil)

// Number statuses.
const (
	numberAvailable = "available"
	numberReserved  = "reserved"
	numberSold      = "sold"
)

// errReferenceTaken makes CreateOrder draw another reference.
var errReferenceTaken = errors.New("store: order reference taken")

// forUpdate locks the selected rows on PostgreSQL. SQLite needs no row
// locks: its single writer connection serializes write transactions.
func (db *DB) forUpdate() string {
	if db.dialect.name() == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

// newReference draws an order reference: three uppercase letters, a dash
// and six digits, e.g. "KRV-684222".
func newReference() string {
	b := make([]byte, 0, 10)
	for i := 0; i < 3; i++ {
		b = append(b, byte('A'+rand.IntN(26)))
	}
	return string(b) + fmt.Sprintf("-%06d", rand.IntN(1_000_000))
}

// resolvedItem is a requested item checked against the catalogue.
type resolvedItem struct {
	req         didstock.NewOrderItem
	pointer     string // /data/attributes/items/N
	groupID     string
	setup       int64
	monthly     int64
	qty         int
	numberID    string // set for available DID and reservation items
	numberGroup string
}

func (it *resolvedItem) cost() int64 { return int64(it.qty) * (it.setup + it.monthly) }

// CreateOrder validates, charges and allocates an order in one
// transaction, inserts it pending and enqueues its fulfilment in the same
// transaction, so that either all of it happens or none.
func (db *DB) CreateOrder(ctx context.Context, accountID string, req didstock.NewOrder) (*didstock.Order, error) {
	jobs, err := db.jobQueue()
	if err != nil {
		return nil, err
	}
	if len(req.Items) == 0 {
		return nil, didstock.Invalid("/data/attributes/items", "can't be blank")
	}
	var id string
	for attempt := 0; attempt < 8; attempt++ {
		id = uuid.NewString()
		ref := newReference()
		err = db.InTx(ctx, func(tx *Tx) error {
			return db.createOrderTx(ctx, tx, jobs, accountID, id, ref, req)
		})
		if !errors.Is(err, errReferenceTaken) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return db.findOrder(ctx, accountID, id)
}

func (db *DB) createOrderTx(ctx context.Context, tx *Tx, jobs JobQueue, accountID, id, ref string, req didstock.NewOrder) error {
	now := db.Now()
	items, err := db.resolveItems(ctx, tx, accountID, req.Items, now)
	if err != nil {
		return err
	}
	var amount int64
	for _, it := range items {
		amount += it.cost()
	}
	if err := db.charge(ctx, tx, accountID, amount); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO orders (id, account_id, reference, amount_micros, status, description,
		allow_back_ordering, external_reference_id, callback_url, callback_method, created_at)
		VALUES (?, ?, ?, ?, ?, 'DID', ?, ?, ?, ?, ?)`,
		id, accountID, ref, amount, didstock.OrderPending, req.AllowBackOrdering,
		ptrValue(req.ExternalReferenceID), ptrValue(req.CallbackURL), ptrValue(req.CallbackMethod), now.UnixMicro())
	if err != nil {
		if isConflict(db.dialect.interpret(err)) {
			return errReferenceTaken
		}
		return err
	}
	counters := stockDelta{}
	for pos, it := range items {
		if err := db.insertItem(ctx, tx, id, pos, it, req.AllowBackOrdering, now, counters); err != nil {
			return err
		}
	}
	if err := counters.apply(ctx, tx); err != nil {
		return err
	}
	return jobs.EnqueueFulfil(ctx, tx.Tx, id)
}

// resolveItems checks every item against the catalogue and the account's
// reservations, reading only; errors point at the offending field.
func (db *DB) resolveItems(ctx context.Context, tx *Tx, accountID string, reqs []didstock.NewOrderItem, now time.Time) ([]*resolvedItem, error) {
	out := make([]*resolvedItem, 0, len(reqs))
	for i, req := range reqs {
		it := &resolvedItem{req: req, pointer: fmt.Sprintf("/data/attributes/items/%d", i), qty: req.Qty}
		if err := db.resolveSKU(ctx, tx, it); err != nil {
			return nil, err
		}
		var err error
		switch {
		case req.AvailableDIDID != "":
			err = db.resolveAvailableDID(ctx, tx, it)
		case req.DIDReservationID != "":
			err = db.resolveReservation(ctx, tx, accountID, it, now)
		case req.NanpaPrefixID != "":
			err = db.resolveNanpa(ctx, tx, it)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func (db *DB) resolveSKU(ctx context.Context, tx *Tx, it *resolvedItem) error {
	invalid := didstock.Invalid(it.pointer+"/sku_id", "is invalid")
	if !isUUID(it.req.SKUID) {
		return invalid
	}
	err := tx.queryRow(ctx, `SELECT did_group_id, setup_price_micros, monthly_price_micros FROM stock_keeping_units WHERE id = ?`,
		it.req.SKUID).Scan(&it.groupID, &it.setup, &it.monthly)
	if errors.Is(err, sql.ErrNoRows) {
		return invalid
	}
	return err
}

// resolveAvailableDID checks that the number exists, is in stock (or held
// by a lapsed reservation) and belongs to the SKU's group.
func (db *DB) resolveAvailableDID(ctx context.Context, tx *Tx, it *resolvedItem) error {
	pointer := it.pointer + "/available_did_id"
	key, ok := numberKeyOfID(it.req.AvailableDIDID)
	if !ok {
		return didstock.Invalid(pointer, "is invalid")
	}
	it.numberID = strconv.FormatInt(key, 10)
	var status string
	err := tx.queryRow(ctx, `SELECT g.id, n.status FROM numbers n JOIN did_groups g ON g.seq = n.group_seq WHERE n.id = ?`,
		key).Scan(&it.numberGroup, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return didstock.Invalid(pointer, "is invalid")
	} else if err != nil {
		return err
	}
	if status == numberReserved {
		if status, err = db.releaseIfLapsed(ctx, tx, it.numberID); err != nil {
			return err
		}
	}
	if status != numberAvailable {
		return didstock.Invalid(pointer, "is invalid")
	}
	if it.numberGroup != it.groupID {
		return didstock.Invalid(it.pointer+"/sku_id", "does not belong to the DID group of the number")
	}
	it.qty = 1
	return nil
}

// resolveReservation checks that the reservation is the caller's and live.
func (db *DB) resolveReservation(ctx context.Context, tx *Tx, accountID string, it *resolvedItem, now time.Time) error {
	pointer := it.pointer + "/did_reservation_id"
	if !isUUID(it.req.DIDReservationID) {
		return didstock.Invalid(pointer, "is invalid")
	}
	err := tx.queryRow(ctx, `SELECT r.number_id, g.id FROM did_reservations r JOIN numbers n ON n.id = r.number_id
		JOIN did_groups g ON g.seq = n.group_seq WHERE r.id = ? AND r.account_id = ? AND r.ended_at IS NULL AND r.expires_at > ?`,
		it.req.DIDReservationID, accountID, now.UnixMicro()).Scan(&it.numberID, &it.numberGroup)
	if errors.Is(err, sql.ErrNoRows) {
		return didstock.Invalid(pointer, "is invalid")
	} else if err != nil {
		return err
	}
	if it.numberGroup != it.groupID {
		return didstock.Invalid(it.pointer+"/sku_id", "does not belong to the DID group of the number")
	}
	it.qty = 1
	return nil
}

func (db *DB) resolveNanpa(ctx context.Context, tx *Tx, it *resolvedItem) error {
	pointer := it.pointer + "/nanpa_prefix_id"
	if !isUUID(it.req.NanpaPrefixID) {
		return didstock.Invalid(pointer, "is invalid")
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM nanpa_prefixes WHERE id = ?`, it.req.NanpaPrefixID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return didstock.Invalid(pointer, "is invalid")
	}
	if it.qty == 0 {
		it.qty = 1
	}
	return nil
}

// charge holds amount from the account: one conditional UPDATE, so that two
// orders racing for the last money cannot both pass the check.
func (db *DB) charge(ctx context.Context, tx *Tx, accountID string, amount int64) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET balance_micros = balance_micros - ?
		WHERE id = ? AND balance_micros + credit_micros >= ?`, amount, accountID, amount)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var balance, credit int64
	if err := tx.queryRow(ctx, `SELECT balance_micros, credit_micros FROM accounts WHERE id = ?`, accountID).Scan(&balance, &credit); err != nil {
		return err
	}
	return &didstock.Error{Code: didstock.EINSUFFICIENT, Title: "Insufficient balance", Message: "Insufficient balance",
		Meta: map[string]any{
			"available_balance": moneyString(fromMicros(balance + credit)),
			"total_cost":        moneyString(fromMicros(amount)),
		}}
}

// insertItem writes one order line and allocates its numbers.
func (db *DB) insertItem(ctx context.Context, tx *Tx, orderID string, pos int, it *resolvedItem, backOrder bool, now time.Time, counters stockDelta) error {
	itemID := uuid.NewString()
	_, err := tx.exec(ctx, `INSERT INTO order_items (id, order_id, position, sku_id, did_group_id, qty, available_did_id,
		did_reservation_id, nanpa_prefix_id, setup_price_micros, monthly_price_micros, billing_cycles_count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		itemID, orderID, pos, it.req.SKUID, it.groupID, it.qty, orNil(it.req.AvailableDIDID), orNil(it.req.DIDReservationID),
		orNil(it.req.NanpaPrefixID), it.setup, it.monthly, intPtrValue(it.req.BillingCyclesCount))
	if err != nil {
		return err
	}
	switch {
	case it.req.AvailableDIDID != "":
		return db.allocateNumber(ctx, tx, itemID, it.numberID, numberAvailable, it.pointer+"/available_did_id", counters, it.groupID)
	case it.req.DIDReservationID != "":
		res, err := tx.exec(ctx, `UPDATE did_reservations SET ended_at = ? WHERE id = ? AND ended_at IS NULL`,
			now.UnixMicro(), it.req.DIDReservationID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return didstock.Invalid(it.pointer+"/did_reservation_id", "is invalid")
		}
		return db.allocateNumber(ctx, tx, itemID, it.numberID, numberReserved, it.pointer+"/did_reservation_id", counters, it.groupID)
	}
	got, err := db.allocateRandom(ctx, tx, itemID, it.groupID, it.req.NanpaPrefixID, it.qty, counters)
	if err != nil {
		return err
	}
	if got < it.qty && !backOrder {
		return didstock.Invalid(it.pointer+"/qty", "not enough numbers in stock (%d available)", got)
	}
	return nil
}

// allocateNumber moves one number from status from to sold and records the
// allocation. The conditional UPDATE is what makes a racing buyer lose: on
// PostgreSQL the second one waits for the first and then matches no row.
func (db *DB) allocateNumber(ctx context.Context, tx *Tx, itemID, numberID, from, pointer string, counters stockDelta, groupID string) error {
	res, err := tx.exec(ctx, `UPDATE numbers SET status = ? WHERE id = ? AND status = ?`, numberSold, numberID, from)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return didstock.Invalid(pointer, "is invalid")
	}
	if from == numberAvailable {
		counters[groupID]--
	}
	return db.insertAllocations(ctx, tx, itemID, []string{numberID}, pointer)
}

func (db *DB) insertAllocations(ctx context.Context, tx *Tx, itemID string, numberIDs []string, pointer string) error {
	for _, n := range numberIDs {
		if _, err := tx.exec(ctx, `INSERT INTO allocations (order_item_id, number_id) VALUES (?, ?)`, itemID, n); err != nil {
			if isConflict(db.dialect.interpret(err)) {
				// The last line of defence: the number is already sold.
				return didstock.Invalid(pointer, "is invalid")
			}
			return err
		}
	}
	return nil
}

// allocateRandom takes up to want random in-stock numbers of the group (and
// prefix), starting at a random point of the rnd index and wrapping once.
// On PostgreSQL SKIP LOCKED lets concurrent buyers of the same group take
// different numbers instead of queueing on the same rows.
func (db *DB) allocateRandom(ctx context.Context, tx *Tx, itemID, groupID, nanpaID string, want int, counters stockDelta) (int, error) {
	if want <= 0 {
		return 0, nil
	}
	start := newRnd()
	var ids []string
	for _, cond := range []string{"rnd >= ?", "rnd < ?"} {
		if len(ids) >= want {
			break
		}
		more, err := db.pickNumbers(ctx, tx, groupID, nanpaID, cond, start, want-len(ids))
		if err != nil {
			return 0, err
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	res, err := tx.exec(ctx, `UPDATE numbers SET status = ? WHERE status = ? AND id IN (`+placeholders(len(ids))+`)`,
		append([]any{numberSold, numberAvailable}, anys(ids)...)...)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); int(n) != len(ids) {
		// Rows were locked FOR UPDATE, so this cannot happen; refuse to
		// guess which ones were taken.
		return 0, fmt.Errorf("store: allocated %d of %d locked numbers", n, len(ids))
	}
	counters[groupID] -= len(ids)
	return len(ids), db.insertAllocations(ctx, tx, itemID, ids, "")
}

func (db *DB) pickNumbers(ctx context.Context, tx *Tx, groupID, nanpaID, cond string, start int64, limit int) ([]string, error) {
	// A NANPA prefix is a property of the group: asked for another one, the
	// group has no numbers to give.
	group := `(SELECT seq FROM did_groups WHERE id = ?)`
	args := []any{groupID, start}
	if nanpaID != "" {
		group = `(SELECT seq FROM did_groups WHERE id = ? AND nanpa_prefix_id = ?)`
		args = []any{groupID, nanpaID, start}
	}
	q := `SELECT id FROM numbers WHERE group_seq = ` + group + ` AND status = 'available' AND ` + cond
	q += ` ORDER BY rnd LIMIT ?`
	if db.dialect.name() == "postgres" {
		q += ` FOR UPDATE SKIP LOCKED`
	}
	rows, err := tx.query(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// stockDelta accumulates changes to did_groups.stock_count per group, applied
// once at the end of a transaction in group ID order so that concurrent
// transactions lock the counters in the same order and cannot deadlock.
type stockDelta map[string]int

func (d stockDelta) apply(ctx context.Context, tx *Tx) error {
	ids := make([]string, 0, len(d))
	for id, n := range d {
		if n != 0 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	for _, id := range ids {
		if _, err := tx.exec(ctx, `UPDATE did_groups SET stock_count = stock_count + ? WHERE id = ?`, d[id], id); err != nil {
			return err
		}
	}
	return nil
}

// FulfilOrder completes a pending order whose numbers are all allocated,
// first trying to allocate what a back-order still lacks. It is idempotent:
// the order row is locked and only a pending order is changed, so a job run
// twice completes the order once. It returns the order's status afterwards.
func (db *DB) FulfilOrder(ctx context.Context, orderID string) (string, error) {
	jobs, err := db.jobQueue()
	if err != nil {
		return "", err
	}
	var status string
	err = db.InTx(ctx, func(tx *Tx) error {
		var err error
		status, err = db.fulfilTx(ctx, tx, jobs, orderID)
		return err
	})
	return status, err
}

type pendingItem struct {
	id, groupID, nanpaID string
	qty, allocated       int
	billingCycles        sql.NullInt64
	channels             int
}

func (db *DB) fulfilTx(ctx context.Context, tx *Tx, jobs JobQueue, orderID string) (string, error) {
	var status, accountID string
	var callbackURL sql.NullString
	err := tx.queryRow(ctx, `SELECT status, account_id, callback_url FROM orders WHERE id = ?`+db.forUpdate(), orderID).
		Scan(&status, &accountID, &callbackURL)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil // deleted? nothing to do
	} else if err != nil || status != didstock.OrderPending {
		return status, err
	}
	items, err := loadPendingItems(ctx, tx, orderID)
	if err != nil {
		return "", err
	}
	counters := stockDelta{}
	complete := true
	for _, it := range items {
		if it.allocated < it.qty {
			got, err := db.allocateRandom(ctx, tx, it.id, it.groupID, it.nanpaID, it.qty-it.allocated, counters)
			if err != nil {
				return "", err
			}
			it.allocated += got
		}
		complete = complete && it.allocated >= it.qty
	}
	if err := counters.apply(ctx, tx); err != nil {
		return "", err
	}
	if !complete {
		return didstock.OrderPending, nil
	}
	now := db.Now()
	from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, 0)
	for _, it := range items {
		if err := db.createDIDs(ctx, tx, accountID, orderID, it, from, to, now); err != nil {
			return "", err
		}
	}
	if _, err := tx.exec(ctx, `UPDATE orders SET status = ?, ended_at = ? WHERE id = ?`,
		didstock.OrderCompleted, now.UnixMicro(), orderID); err != nil {
		return "", err
	}
	if callbackURL.Valid {
		if err := jobs.EnqueueCallback(ctx, tx.Tx, orderID, didstock.OrderCompleted); err != nil {
			return "", err
		}
	}
	return didstock.OrderCompleted, nil
}

func loadPendingItems(ctx context.Context, tx *Tx, orderID string) ([]*pendingItem, error) {
	rows, err := tx.query(ctx, `SELECT i.id, i.did_group_id, i.nanpa_prefix_id, i.qty, i.billing_cycles_count, s.channels_included_count,
		(SELECT COUNT(*) FROM allocations a WHERE a.order_item_id = i.id AND NOT a.released)
		FROM order_items i JOIN stock_keeping_units s ON s.id = i.sku_id WHERE i.order_id = ? ORDER BY i.position`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*pendingItem
	for rows.Next() {
		it := &pendingItem{}
		var nanpa sql.NullString
		if err := rows.Scan(&it.id, &it.groupID, &nanpa, &it.qty, &it.billingCycles, &it.channels, &it.allocated); err != nil {
			return nil, err
		}
		it.nanpaID = nanpa.String
		out = append(out, it)
	}
	return out, rows.Err()
}

// createDIDs turns an item's allocated numbers into the account's DIDs.
func (db *DB) createDIDs(ctx context.Context, tx *Tx, accountID, orderID string, it *pendingItem, from, to, now time.Time) error {
	if _, err := tx.exec(ctx, `UPDATE order_items SET billed_from = ?, billed_to = ? WHERE id = ?`,
		from.UnixMicro(), to.UnixMicro(), it.id); err != nil {
		return err
	}
	rows, err := tx.query(ctx, `SELECT n.id, n.number FROM allocations a JOIN numbers n ON n.id = a.number_id
		WHERE a.order_item_id = ? AND NOT a.released ORDER BY n.number`, it.id)
	if err != nil {
		return err
	}
	type num struct{ id, number string }
	var nums []num
	for rows.Next() {
		var n num
		if err := rows.Scan(&n.id, &n.number); err != nil {
			rows.Close()
			return err
		}
		nums = append(nums, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range nums {
		if _, err := tx.exec(ctx, `INSERT INTO dids (id, account_id, order_id, number_id, did_group_id, number,
			channels_included_count, billing_cycles_count, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			uuid.NewString(), accountID, orderID, n.id, it.groupID, n.number, it.channels, nullInt(it.billingCycles),
			now.UnixMicro(), to.UnixMicro()); err != nil {
			return err
		}
		if err := addHistory(ctx, tx, accountID, n.number, didstock.HistoryAssigned, now); err != nil {
			return err
		}
	}
	return nil
}

func addHistory(ctx context.Context, tx *Tx, accountID, number, action string, now time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO did_history (id, account_id, did_number, action, method, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		uuid.NewString(), accountID, number, action, didstock.HistoryMethodAPI, now.UnixMicro())
	return err
}

// CancelOrder cancels a pending order: its numbers return to stock, its
// money to the account, and waiting back-orders get a chance at the numbers.
func (db *DB) CancelOrder(ctx context.Context, accountID, id string) error {
	jobs, err := db.jobQueue()
	if err != nil {
		return err
	}
	if !isUUID(id) {
		return didstock.NotFound(id)
	}
	return db.InTx(ctx, func(tx *Tx) error {
		var status string
		var amount int64
		var callbackURL sql.NullString
		err := tx.queryRow(ctx, `SELECT status, amount_micros, callback_url FROM orders WHERE id = ? AND account_id = ?`+db.forUpdate(),
			id, accountID).Scan(&status, &amount, &callbackURL)
		if errors.Is(err, sql.ErrNoRows) {
			return didstock.NotFound(id)
		} else if err != nil {
			return err
		}
		if status != didstock.OrderPending {
			return &didstock.Error{Code: didstock.EINVALID, Pointer: "/data/attributes/status",
				Message: "only a pending order can be canceled"}
		}
		// Refund before releasing the numbers: every write transaction locks
		// accounts, then numbers, then did_groups (CreateOrder charges first
		// and updates the stock counters last). The other way round, a cancel
		// and a create on PostgreSQL deadlocked on an account and a group
		// counter (seen in internal/racetest), each deadlock costing a second.
		if _, err := tx.exec(ctx, `UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ?`, amount, accountID); err != nil {
			return err
		}
		released, err := db.releaseOrderNumbers(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE orders SET status = ?, ended_at = ? WHERE id = ?`,
			didstock.OrderCanceled, db.Now().UnixMicro(), id); err != nil {
			return err
		}
		if callbackURL.Valid {
			if err := jobs.EnqueueCallback(ctx, tx.Tx, id, didstock.OrderCanceled); err != nil {
				return err
			}
		}
		if released > 0 {
			return jobs.EnqueueWakeBackOrders(ctx, tx.Tx)
		}
		return nil
	})
}

// releaseOrderNumbers returns an order's allocated numbers to stock.
func (db *DB) releaseOrderNumbers(ctx context.Context, tx *Tx, orderID string) (int, error) {
	rows, err := tx.query(ctx, `SELECT n.id, g.id FROM allocations a
		JOIN order_items i ON i.id = a.order_item_id JOIN numbers n ON n.id = a.number_id
		JOIN did_groups g ON g.seq = n.group_seq WHERE i.order_id = ? AND NOT a.released ORDER BY n.id`, orderID)
	if err != nil {
		return 0, err
	}
	counters := stockDelta{}
	var ids []string
	for rows.Next() {
		var id, group string
		if err := rows.Scan(&id, &group); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
		counters[group]++
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return 0, err
	}
	if _, err := tx.exec(ctx, `UPDATE allocations SET released = TRUE WHERE NOT released AND order_item_id IN
		(SELECT id FROM order_items WHERE order_id = ?)`, orderID); err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `UPDATE numbers SET status = ? WHERE id IN (`+placeholders(len(ids))+`)`,
		append([]any{numberAvailable}, anys(ids)...)...); err != nil {
		return 0, err
	}
	return len(ids), counters.apply(ctx, tx)
}

// WakeBackOrders retries the pending orders that are still short of
// numbers, oldest first, so that back-orders complete once numbers are in
// stock again. The inventory importer calls it after adding numbers;
// cancels, deleted and expired reservations enqueue a job that calls it. It
// returns how many orders completed. Without a job queue (a process that
// does not run the server) it does nothing: the server's periodic
// back-order job picks them up.
func (db *DB) WakeBackOrders(ctx context.Context) (int, error) {
	// A pending order whose items are all allocated is on its way through its
	// own fulfilment job and is left alone.
	return db.retryPending(ctx, `SELECT o.id FROM orders o WHERE o.status = 'pending' AND EXISTS (
			SELECT 1 FROM order_items i WHERE i.order_id = o.id AND i.qty > (
				SELECT COUNT(*) FROM allocations a WHERE a.order_item_id = i.id AND NOT a.released))
		ORDER BY o.created_at, o.id LIMIT 500`)
}

// RetryStalledOrders retries every order pending for longer than age, the
// periodic safety net: it also finishes an order whose fulfilment job was
// cut off by a crash before River rescues that job.
func (db *DB) RetryStalledOrders(ctx context.Context, age time.Duration) (int, error) {
	return db.retryPending(ctx, `SELECT o.id FROM orders o WHERE o.status = 'pending' AND o.created_at < ?
		ORDER BY o.created_at, o.id LIMIT 500`, db.Now().Add(-age).UnixMicro())
}

// retryPending runs fulfilment for each order the query selects.
func (db *DB) retryPending(ctx context.Context, query string, args ...any) (int, error) {
	if _, err := db.jobQueue(); err != nil {
		return 0, nil
	}
	ids, err := db.queryIDs(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	completed := 0
	for _, id := range ids {
		status, err := db.FulfilOrder(ctx, id)
		if err != nil {
			return completed, err
		}
		if status == didstock.OrderCompleted {
			completed++
		}
	}
	return completed, nil
}

// queryIDs returns the first column of every row the query selects.
func (db *DB) queryIDs(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// scanIDs reads a one-column result of IDs and closes rows.
func scanIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Reading orders.

const orderColumns = `o.id, o.account_id, o.reference, o.amount_micros, o.status, o.description, o.allow_back_ordering,
	o.external_reference_id, o.callback_url, o.callback_method, o.created_at`

var orderSorts = sortable{"created_at": "o.created_at", "reference": "o.reference", "amount": "o.amount_micros", "status": "o.status"}

// FindOrders lists the account's orders with their items.
func (db *DB) FindOrders(ctx context.Context, f didstock.OrderFilter, opt didstock.ListOptions) ([]*didstock.Order, int, error) {
	var w where
	w.add("o.account_id = ?", f.AccountID)
	w.inIDs("o.id", f.IDs)
	w.in("o.status", f.Status)
	w.in("o.reference", upper(f.Reference))
	w.in("o.external_reference_id", f.ExternalReferenceID)
	if f.CreatedAtGTE != nil {
		w.add("o.created_at >= ?", f.CreatedAtGTE.UnixMicro())
	}
	if f.CreatedAtLTE != nil {
		w.add("o.created_at <= ?", f.CreatedAtLTE.UnixMicro())
	}
	q := listQuery{
		selectFrom: `SELECT ` + orderColumns + ` FROM orders o`, countFrom: `SELECT COUNT(*) FROM orders o`,
		where: w, sorts: orderSorts, dflt: []didstock.SortKey{{Field: "created_at", Desc: true}}, idCol: "o.id",
	}
	orders, total, err := list(ctx, db, q, opt, scanOrder)
	if err != nil {
		return nil, 0, err
	}
	return orders, total, db.loadItems(ctx, orders)
}

// OrderSortFields lists the sort fields FindOrders accepts.
func OrderSortFields() []string { return orderSorts.fields() }

func (db *DB) findOrder(ctx context.Context, accountID, id string) (*didstock.Order, error) {
	orders, _, err := db.FindOrders(ctx, didstock.OrderFilter{AccountID: accountID, IDs: []string{id}}, didstock.ListOptions{})
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, didstock.NotFound(id)
	}
	return orders[0], nil
}

func scanOrder(r *sql.Rows) (*didstock.Order, error) {
	o := &didstock.Order{}
	var amount, created int64
	var ext, cbURL, cbMethod sql.NullString
	if err := r.Scan(&o.ID, &o.AccountID, &o.Reference, &amount, &o.Status, &o.Description, &o.AllowBackOrdering,
		&ext, &cbURL, &cbMethod, &created); err != nil {
		return nil, err
	}
	o.Amount, o.CreatedAt = fromMicros(amount), fromMicro(created)
	o.ExternalReferenceID, o.CallbackURL, o.CallbackMethod = strPtr(ext), strPtr(cbURL), strPtr(cbMethod)
	return o, nil
}

// loadItems fills the items of orders in one query.
func (db *DB) loadItems(ctx context.Context, orders []*didstock.Order) error {
	if len(orders) == 0 {
		return nil
	}
	byID := make(map[string]*didstock.Order, len(orders))
	ids := make([]string, 0, len(orders))
	for _, o := range orders {
		byID[o.ID] = o
		ids = append(ids, o.ID)
	}
	rows, err := db.query(ctx, `SELECT id, order_id, sku_id, did_group_id, qty, available_did_id, did_reservation_id,
		nanpa_prefix_id, setup_price_micros, monthly_price_micros, billing_cycles_count, billed_from, billed_to
		FROM order_items WHERE order_id IN (`+placeholders(len(ids))+`) ORDER BY order_id, position`, anys(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		it := &didstock.OrderItem{}
		var avail, resv, nanpa sql.NullString
		var setup, monthly int64
		var cycles, from, to sql.NullInt64
		if err := rows.Scan(&it.ID, &it.OrderID, &it.SKUID, &it.DIDGroupID, &it.Qty, &avail, &resv, &nanpa,
			&setup, &monthly, &cycles, &from, &to); err != nil {
			return err
		}
		it.AvailableDIDID, it.DIDReservationID, it.NanpaPrefixID = avail.String, resv.String, nanpa.String
		it.SetupPrice, it.MonthlyPrice = fromMicros(setup), fromMicros(monthly)
		it.BillingCyclesCount, it.BilledFrom, it.BilledTo = intPtr(cycles), timePtr(from), timePtr(to)
		byID[it.OrderID].Items = append(byID[it.OrderID].Items, it)
	}
	return db.dialect.interpret(rows.Err())
}

// UpdateOrderExternalReference sets the only attribute of an order a
// customer may change.
func (db *DB) UpdateOrderExternalReference(ctx context.Context, accountID, id string, ref *string) (*didstock.Order, error) {
	if !isUUID(id) {
		return nil, didstock.NotFound(id)
	}
	err := db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE orders SET external_reference_id = ? WHERE id = ? AND account_id = ?`,
			ptrValue(ref), id, accountID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return didstock.NotFound(id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.findOrder(ctx, accountID, id)
}

// Small conversions between Go and SQL values.

func isUUID(s string) bool { return len(validIDs([]string{s})) == 1 }

func ptrValue(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func intPtrValue(n *int) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}

func nullInt(n sql.NullInt64) any {
	if !n.Valid {
		return nil
	}
	return n.Int64
}

func strPtr(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func timePtr(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMicro(n.Int64)
	return &t
}

// moneyString renders an amount with at least one decimal place, as the
// reference's error meta does ("1.9", "2.0").
func moneyString(d decimal.Decimal) string {
	s := d.StringFixed(6)
	s = strings.TrimRight(s, "0")
	if strings.HasSuffix(s, ".") {
		s += "0"
	}
	return s
}

// CallbackTarget is what a callback delivery needs to know about an order.
type CallbackTarget struct {
	OrderID    string
	AccountID  string
	APIVersion string // the account's version: it decides the status spelling
	URL        string
	Method     string
}

// OrderCallback returns where the order's callback goes; not found when the
// order has no callback URL.
func (db *DB) OrderCallback(ctx context.Context, orderID string) (*CallbackTarget, error) {
	t := &CallbackTarget{OrderID: orderID}
	var url, method sql.NullString
	err := db.queryRow(ctx, `SELECT o.account_id, a.api_version, o.callback_url, o.callback_method FROM orders o
		JOIN accounts a ON a.id = o.account_id WHERE o.id = ?`, orderID).Scan(&t.AccountID, &t.APIVersion, &url, &method)
	if err != nil {
		return nil, db.dialect.interpret(err)
	}
	if !url.Valid {
		return nil, didstock.NotFound(orderID)
	}
	t.URL, t.Method = url.String, method.String
	if t.Method == "" {
		t.Method = didstock.CallbackPost
	}
	return t, nil
}
