// Command explain prints the query plans that the engines choose for the
// benchmark's catalogue queries, on a database loaded by the harness
// (go run ./bench --keep --work DIR): evidence for docs/benchmarks.md.
//
//	go run ./bench/explain --db DIR/bench-1000000.db
//	go run ./bench/explain --db 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=bench_1000000'
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	dsn := flag.String("db", "", "SQLite file or postgres:// URL")
	analyze := flag.Bool("analyze", false, "PostgreSQL: EXPLAIN ANALYZE (runs the queries)")
	flag.Parse()
	pg := strings.HasPrefix(*dsn, "postgres")
	driver, open := "sqlite", "file:"+*dsn+"?mode=ro"
	if pg {
		driver, open = "pgx", *dsn
	}
	db, err := sql.Open(driver, open)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	ctx := context.Background()
	pick := func(q string) string {
		var s string
		if err := db.QueryRowContext(ctx, q).Scan(&s); err != nil {
			fmt.Fprintln(os.Stderr, q, err)
			os.Exit(1)
		}
		return s
	}
	group := pick(`SELECT did_group_id FROM numbers WHERE status = 'available' GROUP BY did_group_id ORDER BY COUNT(*) DESC LIMIT 1`)
	country := pick(`SELECT country_id FROM did_groups WHERE id = '` + group + `'`)
	var city, typ string
	if err := db.QueryRowContext(ctx, `SELECT city_id, did_group_type_id FROM numbers WHERE city_id IS NOT NULL LIMIT 1`).Scan(&city, &typ); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sub := `n.did_group_id IN (SELECT g.id FROM did_groups g WHERE g.available_dids_enabled = TRUE)`
	sample := func(cond string) string {
		return `SELECT n.id, n.number, n.did_group_id, n.nanpa_prefix_id FROM numbers n WHERE n.status = 'available' AND ` +
			cond + ` AND ` + sub + ` AND n.rnd >= 2251799813685248 ORDER BY n.rnd LIMIT 10`
	}
	queries := []struct{ name, q string }{
		{"sample by group (store/available.go sampleFrom)", sample(`n.did_group_id IN ('` + group + `')`)},
		{"sample by country", sample(`n.country_id IN ('` + country + `')`)},
		{"sample by city + type", sample(`n.city_id IN ('` + city + `') AND n.did_group_type_id IN ('` + typ + `')`)},
		{"sample number_contains", sample(`n.number LIKE '%4567%'`)},
		{"count number_contains (countAvailable)", `SELECT COUNT(*) FROM numbers n WHERE n.status = 'available' AND n.number LIKE '%4567%' AND ` + sub},
		{"count by group (countAvailable)", `SELECT COALESCE(SUM(g.stock_count), 0) FROM did_groups g WHERE g.available_dids_enabled = TRUE AND g.id IN ('` + group + `')`},
	}
	for _, q := range queries {
		fmt.Printf("== %s\n%s\n", q.name, q.q)
		prefix := "EXPLAIN QUERY PLAN "
		if pg {
			prefix = "EXPLAIN "
			if *analyze {
				prefix = "EXPLAIN (ANALYZE, BUFFERS) "
			}
		}
		start := time.Now()
		rows, err := db.QueryContext(ctx, prefix+q.q)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			_ = rows.Scan(ptrs...)
			fmt.Println("  ", fmt.Sprint(vals[len(vals)-1]))
		}
		rows.Close()
		t0 := time.Now()
		if r, err := db.QueryContext(ctx, q.q); err == nil {
			n := 0
			for r.Next() {
				n++
			}
			r.Close()
			fmt.Printf("   (plan %s; query ran in %s, %d rows)\n", time.Since(start)-time.Since(t0), time.Since(t0).Round(time.Microsecond), n)
		}
	}
}
