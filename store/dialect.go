package store

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	didstock "github.com/didstock/didstock"
)

// dialect holds what differs between the engines. Everything else, the SQL
// text included, is shared.
type dialect interface {
	name() string
	rebind(q string) string
	// interpret translates driver errors into domain errors where one applies
	// (no rows → not found, unique violation → conflict) and leaves others.
	interpret(err error) error
	isRetryable(err error) bool
}

type sqliteDialect struct{}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }

func (sqliteDialect) interpret(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &didstock.Error{Code: didstock.ENOTFOUND, Message: "record not found"}
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &conflictError{err: err}
		}
	}
	return err
}

func (sqliteDialect) isRetryable(err error) bool {
	var se *msqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

// rebind turns ? placeholders into $1, $2 … . Our SQL has no ? inside string
// literals, so a plain scan is enough.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (postgresDialect) interpret(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &didstock.Error{Code: didstock.ENOTFOUND, Message: "record not found"}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return &conflictError{err: err}
	}
	return err
}

func (postgresDialect) isRetryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// serialization_failure, deadlock_detected
		return pe.Code == "40001" || pe.Code == "40P01"
	}
	return false
}

// conflictError marks a unique-constraint violation; callers that expect one
// (two buyers racing for a number) turn it into the domain error they need.
type conflictError struct{ err error }

func (e *conflictError) Error() string { return "unique constraint violated: " + e.err.Error() }
func (e *conflictError) Unwrap() error { return e.err }

// isConflict reports whether err is a unique-constraint violation.
func isConflict(err error) bool {
	var ce *conflictError
	return errors.As(err, &ce)
}
