package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"sync"

	"github.com/didstock/didstock/store"
)

// scenario is one kind of request the harness measures.
type scenario struct {
	Name  string // short key, used in file names and flags
	Title string // what the table says
	// probe, when set, is a request whose 404 means the endpoint is missing.
	probe *request
	// write scenarios change the inventory; the harness waits for their
	// orders to be fulfilled before measuring the next scenario.
	write bool
	// next returns the i-th request, false when the targets ran out.
	next func(i uint64) (request, bool)
	// peek, when set, gives the baseline a request of the same shape
	// without consuming next's targets.
	peek func(i uint64) (request, bool)
}

// baselineNext is what the baseline attack sends.
func (s *scenario) baselineNext() func(uint64) (request, bool) {
	if s.peek != nil {
		return s.peek
	}
	return s.next
}

// targets are what the requests vary over, drawn from the generated
// inventory and, for ordering, from the database.
type targets struct {
	groups    []string    // groups with stock and number selection
	countries []string    // countries with such groups
	cityTypes [][2]string // (city, group type) pairs with such groups
	contains4 []string    // 4-digit substrings of numbers in stock
	contains7 []string
	qtySKUs   []string // SKUs of large groups, for qty orders

	orderPool   []poolEntry // available numbers for specific-number orders
	reservePool []poolEntry // available numbers for reservations
	keys        []string
}

type poolEntry struct{ numberID, skuID string }

const draws = 20_000

func newTargets(inv *inventory, seed uint64) *targets {
	rng := rand.New(rand.NewPCG(seed, 7))
	t := &targets{}
	seenC, seenCT := map[string]bool{}, map[[2]string]bool{}
	var stocked []*genGroup
	largest := make([]*genGroup, 0)
	for _, gg := range inv.groups {
		if gg.size >= 200 {
			largest = append(largest, gg)
		}
		if gg.size == 0 || !gg.g.AvailableDIDsEnabled {
			continue
		}
		stocked = append(stocked, gg)
		t.groups = append(t.groups, gg.g.ID)
		if !seenC[gg.country] {
			seenC[gg.country] = true
			t.countries = append(t.countries, gg.country)
		}
		if gg.city != "" {
			ct := [2]string{gg.city, gg.g.DIDGroupTypeID}
			if !seenCT[ct] {
				seenCT[ct] = true
				t.cityTypes = append(t.cityTypes, ct)
			}
		}
	}
	for range draws {
		gg := stocked[rng.IntN(len(stocked))]
		num := gg.number(rng.IntN(gg.size))
		i := rng.IntN(len(num) - 3)
		t.contains4 = append(t.contains4, num[i:i+4])
		j := rng.IntN(max(1, len(num)-6))
		t.contains7 = append(t.contains7, num[j:min(len(num), j+7)])
	}
	if len(largest) < 10 { // a small inventory: its ten largest groups
		largest = slices.Clone(inv.groups)
		slices.SortFunc(largest, func(a, b *genGroup) int { return b.size - a.size })
		largest = largest[:min(10, len(largest))]
	}
	// Each large group appears once per 200 numbers in stock, so that qty
	// orders drain the groups in proportion to their stock.
	for _, gg := range largest {
		for range max(1, gg.size/200) {
			t.qtySKUs = append(t.qtySKUs, gg.skus[0])
		}
	}
	rng.Shuffle(len(t.groups), func(i, j int) { t.groups[i], t.groups[j] = t.groups[j], t.groups[i] })
	rng.Shuffle(len(t.qtySKUs), func(i, j int) { t.qtySKUs[i], t.qtySKUs[j] = t.qtySKUs[j], t.qtySKUs[i] })
	return t
}

// loadPools takes n random available numbers with number selection (and the
// cheapest SKU of their group) from the database: the first orderN for
// specific-number orders, the rest for reservations.
func (t *targets) loadPools(ctx context.Context, db *sql.DB, orderN, reserveN int) error {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT n.number, (SELECT s.id FROM stock_keeping_units s
		WHERE s.did_group_id = g.id ORDER BY s.channels_included_count LIMIT 1)
		FROM numbers n JOIN did_groups g ON g.seq = n.group_seq
		WHERE n.status = 'available' AND g.available_dids_enabled = TRUE
		ORDER BY n.rnd LIMIT %d`, orderN+reserveN))
	if err != nil {
		return fmt.Errorf("number pool: %w", err)
	}
	defer rows.Close()
	var all []poolEntry
	for rows.Next() {
		var e poolEntry
		if err := rows.Scan(&e.numberID, &e.skuID); err != nil {
			return err
		}
		e.numberID = store.NumberID(e.numberID)
		all = append(all, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	split := min(len(all), orderN*len(all)/max(1, orderN+reserveN))
	t.orderPool, t.reservePool = all[:split], all[split:]
	return nil
}

func pick[T any](xs []T, i uint64) T { return xs[i%uint64(len(xs))] }

func get(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// scenarios lists every scenario in report order.
func (t *targets) scenarios() []*scenario {
	key := func(i uint64) string { return pick(t.keys, i) }
	read := func(name, title string, path func(i uint64) string) *scenario {
		return &scenario{Name: name, Title: title, next: func(i uint64) (request, bool) {
			return request{method: "GET", path: path(i), key: key(i)}, true
		}}
	}
	// Specific numbers are each ordered once: the pool is consumed in order
	// across warm-up, runs and concurrency levels.
	var orderMu sync.Mutex
	orderNext := 0
	takeOrder := func() (poolEntry, bool) {
		orderMu.Lock()
		defer orderMu.Unlock()
		if orderNext >= len(t.orderPool) {
			return poolEntry{}, false
		}
		orderNext++
		return t.orderPool[orderNext-1], true
	}
	order := func(item string) []byte {
		return []byte(`{"data":{"type":"orders","attributes":{"allow_back_ordering":false,"items":[{"type":"did_order_items","attributes":` + item + `}]}}}`)
	}
	return []*scenario{
		read("avail_group", "available_dids by DID group", func(i uint64) string {
			return get("/v3/available_dids", "filter[did_group.id]", pick(t.groups, i))
		}),
		read("avail_country", "available_dids by country", func(i uint64) string {
			return get("/v3/available_dids", "filter[country.id]", pick(t.countries, i))
		}),
		read("avail_city_type", "available_dids by city + group type", func(i uint64) string {
			ct := pick(t.cityTypes, i)
			return get("/v3/available_dids", "filter[city.id]", ct[0], "filter[did_group_type.id]", ct[1])
		}),
		read("avail_contains4", "available_dids number_contains (4 digits)", func(i uint64) string {
			return get("/v3/available_dids", "filter[number_contains]", pick(t.contains4, i))
		}),
		read("avail_contains7", "available_dids number_contains (7 digits)", func(i uint64) string {
			return get("/v3/available_dids", "filter[number_contains]", pick(t.contains7, i))
		}),
		read("groups_country", "did_groups by country, include=stock_keeping_units", func(i uint64) string {
			return get("/v3/did_groups", "filter[country.id]", pick(t.countries, i), "include", "stock_keeping_units")
		}),
		read("countries", "countries list", func(uint64) string { return "/v3/countries" }),
		{Name: "order_did", Title: "order a specific available DID", write: true,
			probe: &request{method: "POST", path: "/v3/orders", body: []byte(`{}`)},
			next: func(i uint64) (request, bool) {
				e, ok := takeOrder()
				if !ok {
					return request{}, false
				}
				return request{method: "POST", path: "/v3/orders", key: key(i),
					body: order(`{"sku_id":"` + e.skuID + `","available_did_id":"` + e.numberID + `"}`)}, true
			},
			peek: func(i uint64) (request, bool) {
				if len(t.orderPool) == 0 {
					return request{}, false
				}
				e := pick(t.orderPool, i)
				return request{method: "POST", path: "/v3/orders", key: key(i),
					body: order(`{"sku_id":"` + e.skuID + `","available_did_id":"` + e.numberID + `"}`)}, true
			}},
		{Name: "reserve", Title: "reservation create + delete (one pair per request)",
			probe: &request{method: "POST", path: "/v3/did_reservations", body: []byte(`{}`)},
			next: func(i uint64) (request, bool) {
				// The number decides the account, so that in-flight pairs
				// spread evenly over the accounts (10 live reservations
				// each at most) and a number is never held twice.
				j := i % uint64(len(t.reservePool))
				e := t.reservePool[j]
				body := []byte(`{"data":{"type":"did_reservations","attributes":{"description":"bench"},"relationships":{"available_did":{"data":{"type":"available_dids","id":"` + e.numberID + `"}}}}}`)
				return request{method: "POST", path: "/v3/did_reservations", key: pick(t.keys, j), body: body,
					thenDelete: "/v3/did_reservations/"}, true
			}},
		{Name: "order_qty", Title: "order qty 1 of a DID group's SKU", write: true,
			probe: &request{method: "POST", path: "/v3/orders", body: []byte(`{}`)},
			next: func(i uint64) (request, bool) {
				return request{method: "POST", path: "/v3/orders", key: key(i),
					body: order(`{"sku_id":"` + pick(t.qtySKUs, i) + `","qty":1}`)}, true
			}},
	}
}
