// Package dbtest gives tests a fresh, real database on each engine: a new
// SQLite file in a temporary folder, or a new schema in the PostgreSQL named
// by DIDSTOCK_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test).
//
// PostgreSQL tests are skipped when the server cannot be reached, unless
// DIDSTOCK_REQUIRE_POSTGRES=1 (set by .ci/run), which turns that into a failure.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Engines are the names Each runs a test on.
var Engines = []string{"sqlite", "postgres"}

// DefaultPostgres is the PostgreSQL this machine runs for tests.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL returns the base URL of the test PostgreSQL.
func PostgresURL() string {
	if v := os.Getenv("DIDSTOCK_TEST_POSTGRES"); v != "" {
		return v
	}
	return DefaultPostgres
}

// Each runs fn as a subtest once per engine with a fresh database DSN.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, DSN(t, engine))
		})
	}
}

// DSN returns the DSN of a fresh, empty database of the engine, removed when
// the test ends.
func DSN(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return filepath.Join(t.TempDir(), "didstock.db")
	case "postgres":
		return freshSchema(t)
	}
	t.Fatalf("dbtest: unknown engine %q", engine)
	return ""
}

// freshSchema creates a schema with a random name and returns a DSN whose
// search_path selects it, so each test sees its own empty database.
func freshSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		if os.Getenv("DIDSTOCK_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("dbtest: PostgreSQL at %s is required but unreachable: %v", base, err)
		}
		t.Skipf("dbtest: PostgreSQL unreachable (%v); set DIDSTOCK_REQUIRE_POSTGRES=1 to fail instead", err)
	}
	schema := "t_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("dbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
