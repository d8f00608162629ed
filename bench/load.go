package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/store"
)

// loadBatch is how many numbers one ImportInventory call (one transaction)
// carries.
const loadBatch = 50_000

// loadResult tells how the load went.
type loadResult struct {
	Method   string
	Catalog  time.Duration
	Numbers  time.Duration
	Total    time.Duration
	Inserted int
}

// load writes the generated inventory through the store package: the
// catalogue in one ImportInventory call, then the numbers in
// ImportInventory calls of loadBatch numbers each, group by group (each call
// one transaction that also recounts the stock of its groups).
func load(ctx context.Context, db *store.DB, inv *inventory, bulk bool, logf func(string, ...any)) (loadResult, error) {
	res := loadResult{Method: fmt.Sprintf("store.ImportInventory: catalogue in one call, then numbers in calls of %d", loadBatch)}
	start := time.Now()
	if _, err := db.ImportInventory(ctx, inv.cat); err != nil {
		return res, fmt.Errorf("load catalogue: %w", err)
	}
	res.Catalog = time.Since(start)
	logf("catalogue loaded in %s", res.Catalog.Round(time.Millisecond))
	if bulk {
		return loadBulk(ctx, db, inv, res, start, logf)
	}

	idRng := rand.New(rand.NewPCG(uint64(inv.total), 42))
	batch := make([]*didstock.AvailableDID, 0, loadBatch)
	numStart := time.Now()
	lastLog := time.Now()
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		r, err := db.ImportInventory(ctx, &didstock.Inventory{Numbers: batch})
		if err != nil {
			return fmt.Errorf("load numbers: %w", err)
		}
		res.Inserted += r.Numbers
		batch = batch[:0]
		if time.Since(lastLog) > 10*time.Second {
			el := time.Since(numStart)
			logf("  %d / %d numbers in %s (%.0f/s)", res.Inserted, inv.total, el.Round(time.Second), float64(res.Inserted)/el.Seconds())
			lastLog = time.Now()
		}
		return nil
	}
	for _, gg := range inv.groups {
		for i := 0; i < gg.size; i++ {
			batch = append(batch, &didstock.AvailableDID{ID: fastUUID(idRng), Number: gg.number(i), DIDGroupID: gg.g.ID})
			if len(batch) == loadBatch {
				if err := flush(); err != nil {
					return res, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return res, err
	}
	res.Numbers = time.Since(numStart)
	res.Total = time.Since(start)
	return res, nil
}

// fastUUID is a random version-4 UUID from a seeded generator: the load
// needs millions, and crypto/rand would dominate the generation.
func fastUUID(r *rand.Rand) string {
	var u uuid.UUID
	binary.LittleEndian.PutUint64(u[:8], r.Uint64())
	binary.LittleEndian.PutUint64(u[8:], r.Uint64())
	u[6] = (u[6] & 0x0f) | 0x40
	u[8] = (u[8] & 0x3f) | 0x80
	return u.String()
}

// loadBulk streams the numbers through store.ImportNumbers, the operator
// import's bulk path (commits of 50,000 numbers, enlarged SQLite page
// cache, array inserts on PostgreSQL).
func loadBulk(ctx context.Context, db *store.DB, inv *inventory, res loadResult, start time.Time, logf func(string, ...any)) (loadResult, error) {
	res.Method = "store.ImportInventory (catalogue) + store.ImportNumbers (numbers, default commits of 50,000)"
	numStart := time.Now()
	lastLog := time.Now()
	src := func(yield func([]store.NumberRow, error) bool) {
		batch := make([]store.NumberRow, 0, 10_000)
		for _, gg := range inv.groups {
			for i := 0; i < gg.size; i++ {
				batch = append(batch, store.NumberRow{Number: gg.number(i), GroupID: gg.g.ID})
				if len(batch) == cap(batch) {
					if !yield(batch, nil) {
						return
					}
					batch = make([]store.NumberRow, 0, 10_000)
				}
			}
		}
		if len(batch) > 0 {
			yield(batch, nil)
		}
	}
	r, err := db.ImportNumbers(ctx, src, store.ImportNumbersOptions{Progress: func(read, added int) {
		if time.Since(lastLog) > 10*time.Second {
			el := time.Since(numStart)
			logf("  %d / %d numbers in %s (%.0f/s)", added, inv.total, el.Round(time.Second), float64(added)/el.Seconds())
			lastLog = time.Now()
		}
	}})
	if err != nil {
		return res, fmt.Errorf("load numbers: %w", err)
	}
	res.Inserted = r.Added
	res.Numbers = time.Since(numStart)
	res.Total = time.Since(start)
	return res, nil
}
