package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps the read pool's prepared statements by SQL text. The
// SQLite driver parses and plans a statement anew for every query that is
// not prepared, which was a third of the CPU time of an available_dids
// request (docs/decisions.md). PostgreSQL needs none: pgx keeps a statement
// cache of its own on every connection.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

// stmtCacheSize bounds the cache: queries whose text varies without end
// (long IN lists) run unprepared once it is full.
const stmtCacheSize = 1024

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for q, preparing it on first use, or
// nil when q is not to be cached (the cache is full, or q holds several
// statements, of which a prepared statement would keep only the first).
func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	if c == nil || strings.Contains(q, ";") {
		return nil, nil
	}
	c.mu.RLock()
	st, ok := c.m[q]
	full := len(c.m) >= stmtCacheSize
	c.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	st, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[q]; ok {
		st.Close()
		return prev, nil
	}
	c.m[q] = st
	return st, nil
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}
