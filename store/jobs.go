package store

import (
	"context"
	"database/sql"
	"errors"
)

// JobQueue enqueues background work inside a store transaction, so that the
// job exists if and only if the change that needs it commits. The ordering
// package implements it with River; the store only knows this interface.
type JobQueue interface {
	// EnqueueFulfil asks for the order to be fulfilled.
	EnqueueFulfil(ctx context.Context, tx *sql.Tx, orderID string) error
	// EnqueueCallback asks for the order's callback to be delivered with the
	// status it reached.
	EnqueueCallback(ctx context.Context, tx *sql.Tx, orderID, status string) error
	// EnqueueWakeBackOrders asks for pending back-orders to be retried,
	// because numbers have returned to stock.
	EnqueueWakeBackOrders(ctx context.Context, tx *sql.Tx) error
}

// errNoJobQueue is returned by writes that need a job queue when none is set.
var errNoJobQueue = errors.New("store: no job queue attached (SetJobQueue)")

// SetJobQueue attaches the queue that order writes enqueue their follow-up
// work on. Without one, creating or canceling orders fails.
func (db *DB) SetJobQueue(q JobQueue) { db.jobs.Store(&q) }

func (db *DB) jobQueue() (JobQueue, error) {
	q := db.jobs.Load()
	if q == nil || *q == nil {
		return nil, errNoJobQueue
	}
	return *q, nil
}
