package store

import (
	"context"
	"sync"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file. At a few hundred orders per second the WAL grows
// by a few megabytes in that time.
const checkpointEvery = 500 * time.Millisecond

// startCheckpointer runs PASSIVE checkpoints of the WAL from the read pool
// until the returned function is called. A passive checkpoint never waits
// for readers or the writer: it copies what it can, and the next one goes
// on from there. It replaces SQLite's automatic checkpoint, which ran inside
// the commit that crossed 1,000 WAL pages and held the writer meanwhile.
func startCheckpointer(db *DB) func() {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				// An error (the file busy in another process, say) is
				// harmless: the WAL keeps every commit until a later
				// checkpoint succeeds.
				_, _ = db.read.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
			}
		}
	}()
	return func() {
		cancel()
		wg.Wait()
	}
}
