package store

import (
	"context"
	"database/sql"
	"errors"

	didstock "github.com/didstock/didstock"
)

// Balance returns the account's money.
func (db *DB) Balance(ctx context.Context, accountID string) (*didstock.Balance, error) {
	var balance, credit int64
	err := db.queryRow(ctx, `SELECT balance_micros, credit_micros FROM accounts WHERE id = ?`, accountID).Scan(&balance, &credit)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, didstock.NotFound(accountID)
	} else if err != nil {
		return nil, err
	}
	return &didstock.Balance{AccountID: accountID, Balance: fromMicros(balance), Credit: fromMicros(credit)}, nil
}
