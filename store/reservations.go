package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	didstock "github.com/didstock/didstock"
)

// availableDIDPointer is where a reservation request names its number.
const availableDIDPointer = "/data/relationships/available_did"

// CreateReservation holds one number in stock for the account for the
// configured time. The number leaves stock at once, for everyone else.
func (db *DB) CreateReservation(ctx context.Context, accountID, availableDIDID, description string) (*didstock.DIDReservation, error) {
	key, ok := numberKeyOfID(availableDIDID)
	if !ok {
		return nil, didstock.Invalid(availableDIDPointer, "is invalid")
	}
	id := uuid.NewString()
	err := db.InTx(ctx, func(tx *Tx) error {
		return db.createReservationTx(ctx, tx, id, accountID, strconv.FormatInt(key, 10), description)
	})
	if err != nil {
		return nil, err
	}
	rs, _, err := db.FindReservations(ctx, didstock.DIDReservationFilter{AccountID: accountID, IDs: []string{id}}, didstock.ListOptions{})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, didstock.NotFound(id)
	}
	return rs[0], nil
}

func (db *DB) createReservationTx(ctx context.Context, tx *Tx, id, accountID, numberID, description string) error {
	now := db.Now()
	// Lock the account so that two concurrent requests cannot both pass the cap.
	var locked string
	if err := tx.queryRow(ctx, `SELECT id FROM accounts WHERE id = ?`+db.forUpdate(), accountID).Scan(&locked); err != nil {
		return err
	}
	live, err := countLiveReservations(ctx, tx.queryRow, accountID, now)
	if err != nil {
		return err
	}
	if max := db.ordering.MaxReservations; live >= max {
		return &didstock.Error{Code: didstock.EINVALID, Pointer: availableDIDPointer,
			Message: fmt.Sprintf("reservation limit of %d reached", max)}
	}
	var status, groupID string
	err = tx.queryRow(ctx, `SELECT n.status, g.id FROM numbers n JOIN did_groups g ON g.seq = n.group_seq
		WHERE n.id = ? AND g.available_dids_enabled = TRUE`, numberID).Scan(&status, &groupID)
	if errors.Is(err, sql.ErrNoRows) {
		return didstock.Invalid(availableDIDPointer, "is invalid")
	} else if err != nil {
		return err
	}
	if status == numberReserved {
		if status, err = db.releaseIfLapsed(ctx, tx, numberID); err != nil {
			return err
		}
	}
	res, err := tx.exec(ctx, `UPDATE numbers SET status = ? WHERE id = ? AND status = ?`, numberReserved, numberID, numberAvailable)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return didstock.Invalid(availableDIDPointer, "is invalid")
	}
	if _, err := tx.exec(ctx, `INSERT INTO did_reservations (id, account_id, number_id, description, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, accountID, numberID, description, now.UnixMicro(),
		now.Add(db.ordering.ReservationTTL).UnixMicro()); err != nil {
		if isConflict(db.dialect.interpret(err)) {
			return didstock.Invalid(availableDIDPointer, "is invalid")
		}
		return err
	}
	return stockDelta{groupID: -1}.apply(ctx, tx)
}

func countLiveReservations(ctx context.Context, queryRow func(context.Context, string, ...any) *sql.Row, accountID string, now time.Time) (int, error) {
	var n int
	err := queryRow(ctx, `SELECT COUNT(*) FROM did_reservations WHERE account_id = ? AND ended_at IS NULL AND expires_at > ?`,
		accountID, now.UnixMicro()).Scan(&n)
	return n, err
}

// ReservationsLeft is how many more reservations the account may make now.
func (db *DB) ReservationsLeft(ctx context.Context, accountID string) (int, error) {
	live, err := countLiveReservations(ctx, db.queryRow, accountID, db.Now())
	if err != nil {
		return 0, db.dialect.interpret(err)
	}
	return max(db.ordering.MaxReservations-live, 0), nil
}

// releaseIfLapsed ends the number's reservation when its time is up but the
// sweeper has not run yet, so a lapsed hold never blocks a buyer. It returns
// the number's status afterwards.
func (db *DB) releaseIfLapsed(ctx context.Context, tx *Tx, numberID string) (string, error) {
	now := db.Now().UnixMicro()
	var id, groupID string
	err := tx.queryRow(ctx, `SELECT r.id, g.id FROM did_reservations r JOIN numbers n ON n.id = r.number_id
		JOIN did_groups g ON g.seq = n.group_seq WHERE r.number_id = ? AND r.ended_at IS NULL AND r.expires_at <= ?`, numberID, now).Scan(&id, &groupID)
	if errors.Is(err, sql.ErrNoRows) {
		return numberReserved, nil
	} else if err != nil {
		return "", err
	}
	if err := db.endReservations(ctx, tx, []heldNumber{{reservationID: id, numberID: numberID, groupID: groupID}}, now); err != nil {
		return "", err
	}
	return numberAvailable, nil
}

type heldNumber struct{ reservationID, numberID, groupID string }

// endReservations ends reservations and returns their numbers to stock.
func (db *DB) endReservations(ctx context.Context, tx *Tx, held []heldNumber, now int64) error {
	counters := stockDelta{}
	for _, h := range held {
		if _, err := tx.exec(ctx, `UPDATE did_reservations SET ended_at = ? WHERE id = ? AND ended_at IS NULL`, now, h.reservationID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE numbers SET status = ? WHERE id = ? AND status = ?`, numberAvailable, h.numberID, numberReserved)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			counters[h.groupID]++
		}
	}
	return counters.apply(ctx, tx)
}

// FindReservations lists the account's live reservations.
func (db *DB) FindReservations(ctx context.Context, f didstock.DIDReservationFilter, opt didstock.ListOptions) ([]*didstock.DIDReservation, int, error) {
	var w where
	w.add("r.account_id = ?", f.AccountID)
	w.add("r.ended_at IS NULL")
	w.add("r.expires_at > ?", db.Now().UnixMicro())
	w.inIDs("r.id", f.IDs)
	w.eq("r.description", f.Description)
	q := listQuery{
		selectFrom: `SELECT r.id, r.account_id, r.number_id, r.description, r.created_at, r.expires_at, n.number, g.id
			FROM did_reservations r JOIN numbers n ON n.id = r.number_id JOIN did_groups g ON g.seq = n.group_seq`,
		countFrom: `SELECT COUNT(*) FROM did_reservations r`,
		where:     w, sorts: sortable{"created_at": "r.created_at", "expires_at": "r.expires_at"},
		dflt: []didstock.SortKey{{Field: "created_at"}}, idCol: "r.id",
	}
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.DIDReservation, error) {
		x := &didstock.DIDReservation{}
		var created, expires, key int64
		err := r.Scan(&x.ID, &x.AccountID, &key, &x.Description, &created, &expires, &x.Number, &x.DIDGroupID)
		x.AvailableDIDID, x.CreatedAt, x.ExpiresAt = numberIDOf(key), fromMicro(created), fromMicro(expires)
		return x, err
	})
}

// DeleteReservation releases a live reservation of the account.
func (db *DB) DeleteReservation(ctx context.Context, accountID, id string) error {
	jobs, err := db.jobQueue()
	if err != nil {
		return err
	}
	if !isUUID(id) {
		return didstock.NotFound(id)
	}
	return db.InTx(ctx, func(tx *Tx) error {
		now := db.Now().UnixMicro()
		h := heldNumber{reservationID: id}
		err := tx.queryRow(ctx, `SELECT r.number_id, g.id FROM did_reservations r JOIN numbers n ON n.id = r.number_id
			JOIN did_groups g ON g.seq = n.group_seq WHERE r.id = ? AND r.account_id = ? AND r.ended_at IS NULL AND r.expires_at > ?`, id, accountID, now).
			Scan(&h.numberID, &h.groupID)
		if errors.Is(err, sql.ErrNoRows) {
			return didstock.NotFound(id)
		} else if err != nil {
			return err
		}
		if err := db.endReservations(ctx, tx, []heldNumber{h}, now); err != nil {
			return err
		}
		return jobs.EnqueueWakeBackOrders(ctx, tx.Tx)
	})
}

// ExpireReservations ends every reservation whose time is up and returns
// its number to stock; the sweeper job calls it. It returns how many ended.
func (db *DB) ExpireReservations(ctx context.Context) (int, error) {
	jobs, err := db.jobQueue()
	if err != nil {
		return 0, err
	}
	// Look first on the read pool: most sweeps find nothing and need not
	// take SQLite's write lock.
	var due int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM did_reservations WHERE ended_at IS NULL AND expires_at <= ?`,
		db.Now().UnixMicro()).Scan(&due); err != nil || due == 0 {
		return 0, db.dialect.interpret(err)
	}
	var n int
	err = db.InTx(ctx, func(tx *Tx) error {
		now := db.Now().UnixMicro()
		rows, err := tx.query(ctx, `SELECT r.id, r.number_id, g.id FROM did_reservations r
			JOIN numbers n ON n.id = r.number_id JOIN did_groups g ON g.seq = n.group_seq
			WHERE r.ended_at IS NULL AND r.expires_at <= ? ORDER BY r.expires_at LIMIT 500`, now)
		if err != nil {
			return err
		}
		var held []heldNumber
		for rows.Next() {
			var h heldNumber
			if err := rows.Scan(&h.reservationID, &h.numberID, &h.groupID); err != nil {
				rows.Close()
				return err
			}
			held = append(held, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(held) == 0 {
			return err
		}
		n = len(held)
		if err := db.endReservations(ctx, tx, held, now); err != nil {
			return err
		}
		return jobs.EnqueueWakeBackOrders(ctx, tx.Tx)
	})
	return n, err
}
