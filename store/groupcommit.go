package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
)

// On SQLite every committed write transaction waits for one fsync of the
// WAL (synchronous=FULL), 2–5 ms on this machine's disk, and there is one
// writer: transactions queue for it and the disk bounds the rate at a few
// hundred per second (docs/decisions.md). groupCommit runs the transactions
// that queued while the previous commit was syncing as one SQLite
// transaction, each in its own savepoint, and syncs once for all of them.
// A transaction whose function fails is rolled back to its savepoint, alone;
// every caller is answered only after the commit that made its writes
// durable, so no caller learns of a success that a crash could undo.
type groupCommit struct {
	db     *DB
	queue  chan *txRequest
	closed chan struct{}
	done   chan struct{}
	once   sync.Once
	// grouped counts the transactions that shared a commit with others.
	grouped atomic.Int64
}

type txRequest struct {
	ctx    context.Context
	fn     func(tx *Tx) error
	result chan error
}

// maxGroup bounds how many transactions one commit carries.
const maxGroup = 64

var errClosed = errors.New("store: database closed")

func startGroupCommit(db *DB) *groupCommit {
	g := &groupCommit{db: db, queue: make(chan *txRequest, maxGroup), closed: make(chan struct{}), done: make(chan struct{})}
	go g.run()
	return g
}

// inTx queues fn and waits for the commit that carries it.
func (g *groupCommit) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	r := &txRequest{ctx: ctx, fn: fn, result: make(chan error, 1)}
	select {
	case g.queue <- r:
	case <-g.closed:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, the request is always answered, even if ctx ends: its
	// writes may already be part of a commit in flight.
	return <-r.result
}

func (g *groupCommit) run() {
	defer close(g.done)
	for {
		var first *txRequest
		select {
		case first = <-g.queue:
		case <-g.closed:
			g.drain()
			return
		}
		group := []*txRequest{first}
	collect:
		for len(group) < maxGroup {
			select {
			case r := <-g.queue:
				group = append(group, r)
			default:
				break collect
			}
		}
		g.commit(group)
	}
}

// drain answers the requests still queued at close.
func (g *groupCommit) drain() {
	for {
		select {
		case r := <-g.queue:
			r.result <- errClosed
		default:
			return
		}
	}
}

func (g *groupCommit) close() {
	g.once.Do(func() { close(g.closed) })
	<-g.done
}

// commit runs group in one transaction. A group of one needs no savepoint:
// its failure rolls the whole transaction back.
func (g *groupCommit) commit(group []*txRequest) {
	if len(group) == 1 {
		r := group[0]
		r.result <- g.db.inTxOnce(r.ctx, func(tx *Tx) error { return callTx(r.fn, tx) })
		return
	}
	answer := func(rs []*txRequest, err error) {
		for _, r := range rs {
			r.result <- err
		}
	}
	g.grouped.Add(int64(len(group)))
	sqlTx, err := g.db.write.BeginTx(context.Background(), nil)
	if err != nil {
		answer(group, g.db.dialect.interpret(err))
		return
	}
	tx := &Tx{Tx: sqlTx, db: g.db}
	var ok []*txRequest
	for i, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.result <- err
			continue
		}
		sp := "group_" + strconv.Itoa(i)
		if _, err := sqlTx.Exec("SAVEPOINT " + sp); err != nil {
			_ = sqlTx.Rollback()
			answer(append(ok, group[i:]...), g.db.dialect.interpret(err))
			return
		}
		if err := callTx(r.fn, tx); err != nil {
			if _, rbErr := sqlTx.Exec("ROLLBACK TO " + sp + "; RELEASE " + sp); rbErr != nil {
				_ = sqlTx.Rollback()
				r.result <- g.db.dialect.interpret(err)
				answer(append(ok, group[i+1:]...), g.db.dialect.interpret(rbErr))
				return
			}
			r.result <- g.db.dialect.interpret(err)
			continue
		}
		if _, err := sqlTx.Exec("RELEASE " + sp); err != nil {
			_ = sqlTx.Rollback()
			answer(append(ok, group[i:]...), g.db.dialect.interpret(err))
			return
		}
		ok = append(ok, r)
	}
	answer(ok, g.db.dialect.interpret(sqlTx.Commit()))
}

// callTx runs fn, turning a panic into an error so that one caller's bug
// cannot take down the transactions grouped with it.
func callTx(fn func(tx *Tx) error, tx *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: transaction function panicked: %v", p)
		}
	}()
	return fn(tx)
}
