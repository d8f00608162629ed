package store

import (
	"context"
	"strings"
)

// Refusal is a number Withdraw left in place, and why.
type Refusal struct {
	Number string
	Reason string // e.g. "sold", "reserved", "not in the inventory"
}

// WithdrawResult tells what Withdraw did.
type WithdrawResult struct {
	Withdrawn []string
	Refused   []Refusal
}

// withdrawable holds for a number in stock that no reservation or order
// holds; the status check alone would do, the rest guards against a status
// left behind by a bug.
const withdrawable = `status = 'available'
	AND NOT EXISTS (SELECT 1 FROM did_reservations r WHERE r.number_id = numbers.id AND r.ended_at IS NULL)
	AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.number_id = numbers.id AND NOT a.released)`

// Withdraw takes numbers (E.164 digits) and, when groupID is set, every
// number in stock of that group out of stock, in one transaction. Numbers
// sold, reserved or already withdrawn are refused, never touched; the stock
// counters are lowered by exactly what was withdrawn.
func (db *DB) Withdraw(ctx context.Context, numbers []string, groupID string) (WithdrawResult, error) {
	var res WithdrawResult
	err := db.InTx(ctx, func(tx *Tx) error {
		res = WithdrawResult{}
		perGroup := map[int64]int{}
		if groupID != "" {
			if len(validIDs([]string{groupID})) == 0 {
				res.Refused = append(res.Refused, Refusal{Number: groupID, Reason: "not a DID group ID"})
			} else if err := withdrawWhere(ctx, tx, "group_seq = (SELECT seq FROM did_groups WHERE id = ?)", []any{groupID}, &res, perGroup); err != nil {
				return err
			}
		}
		for start := 0; start < len(numbers); start += batchRows {
			chunk := numbers[start:min(start+batchRows, len(numbers))]
			before := len(res.Withdrawn)
			keys := numberKeys(chunk)
			if err := withdrawWhere(ctx, tx, "id IN ("+placeholders(len(keys))+")", keys, &res, perGroup); err != nil {
				return err
			}
			if err := refuse(ctx, tx, chunk, res.Withdrawn[before:], &res); err != nil {
				return err
			}
		}
		for g, n := range perGroup {
			perGroup[g] = -n
		}
		return addStock(ctx, tx, perGroup)
	})
	return res, err
}

func withdrawWhere(ctx context.Context, tx *Tx, cond string, args []any, res *WithdrawResult, perGroup map[int64]int) error {
	rows, err := tx.query(ctx, `UPDATE numbers SET status = 'withdrawn' WHERE `+cond+` AND `+withdrawable+`
		RETURNING number, group_seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var number string
		var group int64
		if err := rows.Scan(&number, &group); err != nil {
			return err
		}
		res.Withdrawn = append(res.Withdrawn, number)
		perGroup[group]++
	}
	return rows.Err()
}

// refuse records why each number of asked that was not withdrawn stayed.
func refuse(ctx context.Context, tx *Tx, asked, withdrawn []string, res *WithdrawResult) error {
	done := map[string]bool{}
	for _, n := range withdrawn {
		done[n] = true
	}
	var rest []string
	for _, n := range asked {
		if !done[n] {
			rest = append(rest, n)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	status := map[string]string{}
	keys := numberKeys(rest)
	rows, err := tx.query(ctx, `SELECT number, status FROM numbers WHERE id IN (`+placeholders(len(keys))+`)`, keys...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var n, s string
		if err := rows.Scan(&n, &s); err != nil {
			rows.Close()
			return err
		}
		status[n] = s
	}
	rows.Close()
	for _, n := range rest {
		reason, ok := status[n]
		switch {
		case !ok:
			reason = "not in the inventory"
		case reason == "withdrawn":
			reason = "already withdrawn"
		case reason == "available":
			reason = "held by a reservation or order"
		}
		res.Refused = append(res.Refused, Refusal{Number: n, Reason: reason})
	}
	return rows.Err()
}

// numberKeys returns the keys of the E.164 numbers among digits; a
// placeholder key (0, which no number has) stands in when there is none,
// so that the IN list is never empty.
func numberKeys(digits []string) []any {
	keys := []any{int64(0)}
	for _, d := range digits {
		if k, ok := numberKey(d); ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// StockLine is the stock of one country and group type.
type StockLine struct {
	Country, ISO, Type string
	Groups, InStock    int
}

// StockStats sums the stock counters per country and group type, for the
// operator's overview; it reads counters, not the numbers table, so it is
// instant on any inventory size.
func (db *DB) StockStats(ctx context.Context) ([]StockLine, error) {
	rows, err := db.query(ctx, `SELECT c.name, c.iso, t.name, COUNT(*), COALESCE(SUM(g.stock_count), 0)
		FROM did_groups g JOIN countries c ON c.id = g.country_id JOIN did_group_types t ON t.id = g.did_group_type_id
		GROUP BY c.name, c.iso, t.name ORDER BY c.name, t.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StockLine
	for rows.Next() {
		var l StockLine
		if err := rows.Scan(&l.Country, &l.ISO, &l.Type, &l.Groups, &l.InStock); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, db.dialect.interpret(rows.Err())
}

// NormalizeNumbers strips '+', spaces and dashes from operator input.
func NormalizeNumbers(in []string) []string {
	out := make([]string, 0, len(in))
	for _, n := range in {
		n = strings.NewReplacer("+", "", " ", "", "-", "").Replace(n)
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}
