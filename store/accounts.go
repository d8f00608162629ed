package store

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/secrets"
)

var _ didstock.AccountService = (*DB)(nil)

// SetSecrets gives the store the box that seals API keys. Without one,
// accounts can be read but not created.
func (db *DB) SetSecrets(box *secrets.Box) { db.box = box }

const accountColumns = `a.id, a.name, a.balance_micros, a.credit_micros, a.api_version, a.number_selection, a.disabled, a.created_at`

func scanAccount(row interface{ Scan(...any) error }) (*didstock.Account, error) {
	a := &didstock.Account{}
	var balance, credit, created int64
	if err := row.Scan(&a.ID, &a.Name, &balance, &credit, &a.APIVersion, &a.NumberSelection, &a.Disabled, &created); err != nil {
		return nil, err
	}
	a.Balance, a.Credit, a.CreatedAt = fromMicros(balance), fromMicros(credit), fromMicro(created)
	return a, nil
}

// AccountByKey finds the enabled account owning a live API key.
// Resolved keys are cached for a moment (keycache.go). The cached account's
// balance is not for spending decisions: money moves only through
// conditional updates in SQL.
func (db *DB) AccountByKey(ctx context.Context, key string) (*didstock.Account, error) {
	hash, now := secrets.HashKey(key), time.Now()
	if a, ok := db.keys.get(hash, now); ok {
		return a, nil
	}
	row := db.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a
		JOIN api_keys k ON k.account_id = a.id
		WHERE k.key_hash = ? AND k.revoked_at IS NULL AND a.disabled = FALSE`, hash)
	a, err := scanAccount(row)
	if err != nil {
		return nil, db.dialect.interpret(err)
	}
	db.keys.put(hash, a, now)
	return a, nil
}

// FindAccount returns an account by ID.
func (db *DB) FindAccount(ctx context.Context, id string) (*didstock.Account, error) {
	if len(validIDs([]string{id})) == 0 {
		return nil, didstock.NotFound(id)
	}
	a, err := scanAccount(db.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id))
	if err != nil {
		if didstock.ErrorCode(db.dialect.interpret(err)) == didstock.ENOTFOUND {
			return nil, didstock.NotFound(id)
		}
		return nil, err
	}
	return a, nil
}

// ListAccounts returns every account, oldest first.
func (db *DB) ListAccounts(ctx context.Context) ([]*didstock.Account, error) {
	rows, err := db.query(ctx, `SELECT `+accountColumns+` FROM accounts a ORDER BY a.created_at, a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*didstock.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CreateAccount inserts a and a new API key, which it returns: the only
// time the key is seen in clear outside the sealed store.
func (db *DB) CreateAccount(ctx context.Context, a *didstock.Account) (string, error) {
	if db.box == nil {
		return "", didstock.Errorf(didstock.EINTERNAL, "no server secret configured")
	}
	if a.ID == "" {
		a.ID = uuid.NewString()
	}
	if a.APIVersion == "" {
		a.APIVersion = didstock.APIVersion20220510
	}
	if !didstock.IsAPIVersion(a.APIVersion) {
		return "", didstock.Invalid("api_version", "api_version must be one of %v", didstock.APIVersions)
	}
	balance, err := toMicros(a.Balance)
	if err != nil {
		return "", didstock.Invalid("balance", "%v", err)
	}
	credit, err := toMicros(a.Credit)
	if err != nil {
		return "", didstock.Invalid("credit", "%v", err)
	}
	if credit < 0 {
		return "", didstock.Invalid("credit", "credit must not be negative")
	}
	a.CreatedAt = db.Now()
	var key string
	err = db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO accounts (id, name, balance_micros, credit_micros, api_version, number_selection, disabled, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Name, balance, credit, a.APIVersion, a.NumberSelection, a.Disabled, a.CreatedAt.UnixMicro()); err != nil {
			return err
		}
		key, err = db.addKey(ctx, tx, a.ID)
		return err
	})
	return key, err
}

// RotateKey revokes the account's keys and returns a new one.
func (db *DB) RotateKey(ctx context.Context, accountID string) (string, error) {
	defer db.keys.clear()
	if _, err := db.FindAccount(ctx, accountID); err != nil {
		return "", err
	}
	var key string
	err := db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `UPDATE api_keys SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL`,
			db.Now().UnixMicro(), accountID); err != nil {
			return err
		}
		var err error
		key, err = db.addKey(ctx, tx, accountID)
		return err
	})
	return key, err
}

func (db *DB) addKey(ctx context.Context, tx *Tx, accountID string) (string, error) {
	key := secrets.NewAPIKey()
	sealed, err := db.box.Seal(key)
	if err != nil {
		return "", err
	}
	_, err = tx.exec(ctx, `INSERT INTO api_keys (id, account_id, key_hash, key_sealed, created_at) VALUES (?, ?, ?, ?, ?)`,
		uuid.NewString(), accountID, secrets.HashKey(key), sealed, db.Now().UnixMicro())
	return key, err
}

// AccountKey returns the account's live API key in clear, for signing
// callbacks. It needs the server secret the key was sealed with.
func (db *DB) AccountKey(ctx context.Context, accountID string) (string, error) {
	if db.box == nil {
		return "", didstock.Errorf(didstock.EINTERNAL, "no server secret configured")
	}
	var sealed string
	err := db.queryRow(ctx, `SELECT key_sealed FROM api_keys WHERE account_id = ? AND revoked_at IS NULL
		ORDER BY created_at DESC LIMIT 1`, accountID).Scan(&sealed)
	if err != nil {
		return "", db.dialect.interpret(err)
	}
	return db.box.Open(sealed)
}

// CountAccounts tells whether the database has any account yet.
func (db *DB) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n)
	return n, db.dialect.interpret(err)
}

// TopUp adds amount (which may be negative, for a correction) to the
// account's balance in one UPDATE, so that a top-up racing an order never
// loses either change, and returns the account as it is afterwards. The
// schema's CHECK keeps balance plus credit from going below zero.
func (db *DB) TopUp(ctx context.Context, accountID string, amount decimal.Decimal) (*didstock.Account, error) {
	micros, err := toMicros(amount)
	if err != nil {
		return nil, didstock.Invalid("amount", "%v", err)
	}
	return db.updateAccount(ctx, accountID, `UPDATE accounts SET balance_micros = balance_micros + ? WHERE id = ?`, micros, accountID)
}

// SetCredit sets how far below zero the account's balance may go.
func (db *DB) SetCredit(ctx context.Context, accountID string, credit decimal.Decimal) (*didstock.Account, error) {
	micros, err := toMicros(credit)
	if err != nil {
		return nil, didstock.Invalid("credit", "%v", err)
	}
	if micros < 0 {
		return nil, didstock.Invalid("credit", "credit must not be negative")
	}
	return db.updateAccount(ctx, accountID, `UPDATE accounts SET credit_micros = ? WHERE id = ?`, micros, accountID)
}

// SetDisabled disables (or re-enables) an account; a disabled account's API
// keys stop working at once in this process and within the key cache's TTL
// in servers running elsewhere, since AccountByKey skips disabled accounts.
func (db *DB) SetDisabled(ctx context.Context, accountID string, disabled bool) (*didstock.Account, error) {
	defer db.keys.clear()
	return db.updateAccount(ctx, accountID, `UPDATE accounts SET disabled = ? WHERE id = ?`, disabled, accountID)
}

// updateAccount runs one UPDATE of an account and reads it back in the same
// transaction. A CHECK failure means the change would leave the account
// owing more than its credit.
func (db *DB) updateAccount(ctx context.Context, accountID, q string, args ...any) (*didstock.Account, error) {
	if len(validIDs([]string{accountID})) == 0 {
		return nil, didstock.NotFound(accountID)
	}
	var a *didstock.Account
	err := db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			if strings.Contains(strings.ToLower(err.Error()), "check") {
				return didstock.Invalid("balance", "balance plus credit would fall below zero")
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return didstock.NotFound(accountID)
		}
		a, err = scanAccount(tx.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, accountID))
		return err
	})
	return a, err
}
