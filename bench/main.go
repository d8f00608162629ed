// Command bench measures didstock: it builds the server, generates and
// loads an inventory of the given sizes, starts the server on loopback
// (pinned to its own core), drives it with vegeta in closed loop at several
// concurrency levels, measures a minimal net/http baseline in the same run,
// and writes docs/benchmarks.md, docs/benchmarks.json and a p99 plot.
//
//	go run ./bench --engine both --sizes 100000,1000000 --duration 10s --runs 3 --out docs/
//	go run ./bench --smoke
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/didstock/didstock/store"
)

type config struct {
	engines    []string
	sizes      []int
	duration   time.Duration
	warmup     time.Duration
	runs       int
	levels     []int
	out        string
	smoke      bool
	pgDSN      string
	work       string
	keep       bool
	analyze    bool // PostgreSQL: ANALYZE after the load
	reuse      bool // reuse a database kept by an earlier --keep run of the same size and seed
	pin        bool
	profile    []string // scenarios to CPU-profile at concurrency 32
	only       []string // scenarios to run (all when empty)
	seed       uint64
	bulk       bool // load numbers with store.ImportNumbers (else ImportInventory batches)
	skipNoPG   bool // skip PostgreSQL when unreachable instead of failing
	command    string
	logf       func(string, ...any)
	reportOnly bool
}

const defaultPG = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	engine := fs.String("engine", "sqlite", "sqlite, postgres or both")
	sizes := fs.String("sizes", "100000,1000000", "inventory sizes (numbers), comma-separated")
	duration := fs.Duration("duration", 10*time.Second, "duration of each measured attack")
	warmup := fs.Duration("warmup", time.Second, "warm-up per scenario (concurrency 8, not recorded)")
	runs := fs.Int("runs", 3, "runs per scenario and concurrency; medians are reported")
	levels := fs.String("concurrency", "1,8,32,64", "closed-loop concurrency levels")
	out := fs.String("out", "docs/", "folder for benchmarks.md, benchmarks.json and the plot")
	smoke := fs.Bool("smoke", false, "small, fast run: 2,000 numbers, 1s per attack, concurrency 1 and 8, into bench/out/smoke")
	pg := fs.String("pg", envOr("DIDSTOCK_BENCH_PG", defaultPG), "PostgreSQL DSN (a schema per size is created in it)")
	work := fs.String("work", "", "work folder for binaries and SQLite files (default: a temporary folder)")
	keep := fs.Bool("keep", false, "keep the databases after the run")
	reuse := fs.Bool("reuse", false, "with --work and --keep: reuse the database an earlier run loaded (same size and seed) instead of loading again")
	noPin := fs.Bool("no-pin", false, "do not pin the server and the load generator to separate cores")
	profile := fs.String("profile", "", "scenarios to CPU-profile at concurrency 32 (server --pprof), comma-separated")
	only := fs.String("scenarios", "", "run only these scenarios, comma-separated")
	seed := fs.Uint64("seed", 1, "inventory seed")
	reportOnly := fs.Bool("report-only", false, "only rewrite benchmarks.md and the plot from benchmarks.json in --out")
	analyze := fs.Bool("analyze", true, "PostgreSQL: run ANALYZE after the load (this machine's PostgreSQL has autovacuum off)")
	loader := fs.String("loader", "bulk", "how numbers are loaded: bulk (store.ImportNumbers) or inventory (store.ImportInventory in batches)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	cfg := &config{duration: *duration, warmup: *warmup, runs: *runs, out: *out, smoke: *smoke, pgDSN: *pg,
		work: *work, keep: *keep, reuse: *reuse, analyze: *analyze, pin: !*noPin && canPin(), seed: *seed, bulk: *loader != "inventory",
		command: "go run ./bench " + strings.Join(args, " "),
		logf:    func(f string, a ...any) { fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+f+"\n", a...) }}
	switch *engine {
	case "sqlite", "postgres":
		cfg.engines = []string{*engine}
	case "both":
		cfg.engines = []string{"sqlite", "postgres"}
	default:
		return nil, fmt.Errorf("--engine %q: want sqlite, postgres or both", *engine)
	}
	var err error
	if cfg.sizes, err = ints(*sizes); err != nil {
		return nil, fmt.Errorf("--sizes: %w", err)
	}
	if cfg.levels, err = ints(*levels); err != nil {
		return nil, fmt.Errorf("--concurrency: %w", err)
	}
	cfg.profile, cfg.only = list(*profile), list(*only)
	cfg.reportOnly = *reportOnly
	if cfg.smoke {
		applySmoke(cfg, *engine != "sqlite")
		if !flagSet(fs, "engine") {
			cfg.engines = []string{"sqlite", "postgres"}
		}
	}
	if cfg.runs < 1 || cfg.duration <= 0 {
		return nil, fmt.Errorf("--runs and --duration must be positive")
	}
	return cfg, nil
}

// applySmoke turns cfg into the seconds-long smoke run. PostgreSQL is
// skipped when unreachable unless DIDSTOCK_REQUIRE_POSTGRES=1.
func applySmoke(cfg *config, _ bool) {
	cfg.sizes = []int{5000}
	cfg.duration, cfg.warmup, cfg.runs = time.Second, 200*time.Millisecond, 1
	cfg.levels = []int{1, 8}
	cfg.out = filepath.Join("bench", "out", "smoke")
	cfg.skipNoPG = os.Getenv("DIDSTOCK_REQUIRE_POSTGRES") != "1"
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range list(s) {
		n, err := strconv.Atoi(strings.ReplaceAll(f, "_", ""))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("empty list")
	}
	return out, nil
}

func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

// run carries out the whole benchmark and writes the report.
func run(ctx context.Context, cfg *config) (*report, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(cfg.out) {
		cfg.out = filepath.Join(root, cfg.out)
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return nil, err
	}
	if cfg.reportOnly {
		rep := loadReport(filepath.Join(cfg.out, "benchmarks.json"))
		return rep, rep.write(cfg.out)
	}
	work := cfg.work
	if work == "" {
		if work, err = os.MkdirTemp("", "didstock-bench-"); err != nil {
			return nil, err
		}
		if !cfg.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	cfg.logf("building didstock and the baseline into %s", work)
	bin, baseBin, err := buildBinaries(ctx, root, work)
	if err != nil {
		return nil, err
	}
	commit := treeCommit(root) // what the binaries were built from
	rep := loadReport(filepath.Join(cfg.out, "benchmarks.json"))
	rep.Machine = machineFacts()
	for _, engine := range cfg.engines {
		if engine == "postgres" {
			if err := pgReachable(ctx, cfg.pgDSN); err != nil {
				if cfg.skipNoPG {
					cfg.logf("PostgreSQL unreachable (%v): skipping it", err)
					continue
				}
				return rep, fmt.Errorf("PostgreSQL: %w", err)
			}
		}
		for _, size := range cfg.sizes {
			res, err := runOne(ctx, cfg, engine, size, work, bin, baseBin)
			if err != nil {
				return rep, fmt.Errorf("%s at %d numbers: %w", engine, size, err)
			}
			res.Command = cfg.command
			res.Commit = commit
			rep.put(res)
			if err := rep.write(cfg.out); err != nil {
				return rep, err
			}
		}
	}
	cfg.logf("wrote %s", filepath.Join(cfg.out, "benchmarks.md"))
	return rep, nil
}

// treeCommit names the commit the binaries were built from, with "+dirty"
// when the work tree had uncommitted changes (others' work in progress).
func treeCommit(root string) string {
	out, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
		c += "+dirty"
	}
	return c
}

func pgReachable(ctx context.Context, dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// pgSchemaDSN creates a fresh schema for the size and returns a DSN whose
// search_path selects it, and a function that drops it.
func pgSchemaDSN(ctx context.Context, dsn, schema string, fresh bool) (string, func(), error) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	if fresh {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			return "", nil, err
		}
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			return "", nil, err
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	drop := func() {
		if a, err := sql.Open("pgx", dsn); err == nil {
			_, _ = a.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE")
			a.Close()
		}
	}
	return u.String(), drop, nil
}

// runOne measures one engine at one inventory size.
func runOne(ctx context.Context, cfg *config, engine string, size int, work, bin, baseBin string) (*sizeResult, error) {
	logf := cfg.logf
	res := &sizeResult{Engine: engine, Size: size, Date: time.Now().UTC().Format("2006-01-02 15:04 MST"),
		Duration: cfg.duration.String(), Runs: cfg.runs}
	started := time.Now()
	inv := generate(size, cfg.seed)
	res.Groups, res.Inventory = len(inv.groups), inv.summary()
	logf("%s %d: generated in %s: %s", engine, size, time.Since(started).Round(time.Millisecond), res.Inventory)

	var dsn string
	var cleanup func() // set by each engine's branch below
	marker := filepath.Join(work, fmt.Sprintf("%s-%d-seed%d.loaded.json", engine, size, cfg.seed))
	var reused *loadResult
	if cfg.reuse {
		if b, err := os.ReadFile(marker); err == nil {
			var lr loadResult
			if json.Unmarshal(b, &lr) == nil {
				reused = &lr
			}
		}
	}
	if engine == "sqlite" {
		path := filepath.Join(work, fmt.Sprintf("bench-%d.db", size))
		if reused == nil {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				_ = os.Remove(path + suffix)
			}
		}
		dsn = path
		cleanup = func() {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				_ = os.Remove(path + suffix)
			}
		}
	} else {
		var err error
		if dsn, cleanup, err = pgSchemaDSN(ctx, cfg.pgDSN, fmt.Sprintf("bench_%d", size), reused == nil); err != nil {
			return nil, err
		}
	}
	if !cfg.keep {
		defer cleanup()
	}
	secret := filepath.Join(work, "didstock.secret")

	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var lr loadResult
	if reused != nil {
		lr = *reused
		logf("%s %d: reusing the database loaded earlier", engine, size)
	} else {
		_ = os.Remove(marker)
		if lr, err = load(ctx, db, inv, cfg.bulk, logf); err != nil {
			return nil, err
		}
		if cfg.keep {
			b, _ := json.Marshal(lr)
			_ = os.WriteFile(marker, b, 0o644)
		}
	}
	res.Load = lr
	if engine == "postgres" && cfg.analyze {
		// This machine's PostgreSQL runs with autovacuum off, so nothing
		// would ever gather statistics on the freshly loaded tables and the
		// planner would guess (see docs/benchmarks.md). A default server's
		// autovacuum would analyze them within a minute or so.
		t0 := time.Now()
		if _, err := db.WritePool().ExecContext(ctx, "ANALYZE"); err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		res.Analyzed = true
		logf("%s %d: ANALYZE took %s", engine, size, time.Since(t0).Round(time.Millisecond))
	}
	logf("%s %d: loaded %d numbers in %s (catalogue %s, numbers %s, %.0f numbers/s) via %s", engine, size, lr.Inserted,
		lr.Total.Round(time.Millisecond), lr.Catalog.Round(time.Millisecond), lr.Numbers.Round(time.Millisecond),
		float64(lr.Inserted)/lr.Numbers.Seconds(), lr.Method)

	tg := newTargets(inv, cfg.seed)
	const nAccounts = 16
	for i := range nAccounts {
		key, err := createAccount(bin, dsn, secret, fmt.Sprintf("bench-%d", i))
		if err != nil {
			return nil, err
		}
		tg.keys = append(tg.keys, key)
	}

	pin := pinning{enabled: cfg.pin}
	res.Pinning = pin.String()
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--db", dsn, "--listen", addr, "--no-demo", "--secret-file", secret}
	var pprofAddr string
	if len(cfg.profile) > 0 {
		if pprofAddr, err = freeAddr(); err != nil {
			return nil, err
		}
		args = append(args, "--pprof", pprofAddr)
	}
	srv, err := startProc(pin.serverCommand(bin, args...), "http://"+addr, "/healthz")
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	baseAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	base, err := startProc(pin.serverCommand(baseBin, "--listen", baseAddr), "http://"+baseAddr, "/healthz")
	if err != nil {
		return nil, err
	}
	defer base.stop()

	// Enough specific numbers for every order attack at up to ~1,500
	// orders/s, within 40% of the inventory.
	attacks := len(cfg.levels)*cfg.runs + 1
	orderN := min(size*4/10, int(1500*(cfg.duration.Seconds()*float64(attacks)+cfg.warmup.Seconds())))
	if err := tg.loadPools(ctx, db.WritePool(), orderN, min(4000, max(200, size/20))); err != nil {
		return nil, err
	}
	logf("%s %d: pools of %d numbers to order and %d to reserve", engine, size, len(tg.orderPool), len(tg.reservePool))

	if pin.enabled {
		if err := pinSelf("0", 1); err != nil {
			return nil, err
		}
		defer func() { _ = pinSelf(fmt.Sprintf("0-%d", runtime.NumCPU()-1), runtime.NumCPU()) }()
	}
	client := newClient()
	for _, sc := range tg.scenarios() {
		if len(cfg.only) > 0 && !slices.Contains(cfg.only, sc.Name) {
			continue
		}
		sr := scenarioResult{Name: sc.Name, Title: sc.Title}
		if sc.probe != nil && endpointMissing(client, srv.url, sc.probe, tg.keys[0]) {
			sr.NotRun = "not run: endpoint missing"
			res.Scenarios = append(res.Scenarios, sr)
			logf("%s %d: %s: endpoint missing, not run", engine, size, sc.Name)
			continue
		}
		if cfg.warmup > 0 && sc.Name != "order_did" { // order_did's pool is for the measurements
			attack(client, target(sc.next, srv.url, -1), 8, cfg.warmup)
		}
		sr.Levels = make([]levelResult, len(cfg.levels))
		// A level whose requests would wait longer than the client's
		// timeout (a closed loop of n workers on one core: about n/m times
		// the p50 at m workers) is not run: it would only measure timeouts.
		upTo := len(cfg.levels)
		for ri := range cfg.runs {
			for li, n := range cfg.levels {
				if li >= upTo {
					if ri == 0 {
						sr.Levels[li] = levelResult{Concurrency: n, Skipped: fmt.Sprintf("not run: p50 at c=%d was %s, c=%d would exceed the %s client timeout",
							cfg.levels[upTo-1], ms(sr.Levels[upTo-1].Runs[0].P50), n, clientTimeout)}
					}
					continue
				}
				var prof chan error
				if pprofAddr != "" && n == 32 && ri == 0 && slices.Contains(cfg.profile, sc.Name) {
					prof = make(chan error, 1)
					path := filepath.Join(cfg.out, "profiles", fmt.Sprintf("%s-%d-%s-c%d.pprof", engine, size, sc.Name, n))
					go func() { prof <- fetchProfile(pprofAddr, cfg.duration, path) }()
					go func() { // where the goroutines wait, halfway through
						time.Sleep(cfg.duration / 2)
						if err := fetchGoroutines(pprofAddr, strings.TrimSuffix(path, ".pprof")+"-goroutines.txt"); err != nil {
							logf("goroutine profile: %v", err)
						}
					}()
				}
				got := attack(client, target(sc.next, srv.url, -1), n, cfg.duration)
				if prof != nil {
					if err := <-prof; err != nil {
						logf("profile: %v", err)
					}
				}
				if sc.write { // the baseline shares core 1: let the server finish the orders first
					if _, err := waitFulfilled(ctx, db.WritePool(), 5*time.Minute); err != nil {
						return nil, err
					}
				}
				baseline := attack(client, target(sc.baselineNext(), base.url, int(got.MeanBytes+0.5)), n, cfg.duration)
				lv := &sr.Levels[li]
				lv.Concurrency = n
				lv.Runs = append(lv.Runs, got)
				lv.Baseline = append(lv.Baseline, baseline)
				if ri == 0 && li+1 < len(cfg.levels) && got.P50*time.Duration(cfg.levels[li+1])/time.Duration(n) > clientTimeout*2/3 {
					upTo = li + 1
				}
				logf("%s %d: %-16s c=%-2d run %d: %7.0f req/s p50 %-8s p99 %-8s p99.9 %-8s errors %d | baseline %7.0f req/s p99 %-8s%s",
					engine, size, sc.Name, n, ri+1, got.RPS, ms(got.P50), ms(got.P99), ms(got.P999), got.Errors,
					baseline.RPS, ms(baseline.P99), errNote(got))
			}
		}
		for li := range sr.Levels {
			sr.Levels[li].summarize()
		}
		if sc.write {
			took, err := waitFulfilled(ctx, db.WritePool(), 5*time.Minute)
			if err != nil {
				return nil, err
			}
			sr.Drain = took
			logf("%s %d: %s: orders fulfilled %s after the last attack", engine, size, sc.Name, took.Round(time.Millisecond))
		}
		res.Scenarios = append(res.Scenarios, sr)
	}
	if rss, err := peakRSS(srv.pid()); err == nil {
		res.PeakRSS = rss
	} else {
		logf("peak RSS: %v", err)
	}
	srv.stop()
	if res.Sales, err = checkSales(ctx, db.WritePool()); err != nil {
		return nil, err
	}
	logf("%s %d: peak RSS %.0f MiB; sales check: %s", engine, size, float64(res.PeakRSS)/(1<<20), res.Sales)
	return res, nil
}

func errNote(s runStats) string {
	note := ""
	if s.Errors > 0 {
		note += " FIRST ERROR: " + s.FirstError
	}
	if s.Exhausted {
		note += " (pool exhausted)"
	}
	return note
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/1e6) }

// endpointMissing sends the probe; a 404 means the route is not there.
func endpointMissing(c *http.Client, base string, p *request, key string) bool {
	req, err := http.NewRequest(p.method, base+p.path, strings.NewReader(string(p.body)))
	if err != nil {
		return true
	}
	req.Header.Set("Accept", "application/vnd.api+json")
	req.Header.Set("Content-Type", "application/vnd.api+json")
	req.Header.Set("Api-Key", key)
	resp, err := c.Do(req)
	if err != nil {
		return true
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusMethodNotAllowed
}

// fetchProfile saves a CPU profile of the server taken over d.
func fetchProfile(addr string, d time.Duration, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return saveURL(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, max(1, int(d.Seconds()))), path)
}

// fetchGoroutines saves the server's goroutine profile (debug=1: stacks
// with counts).
func fetchGoroutines(addr, path string) error {
	return saveURL("http://"+addr+"/debug/pprof/goroutine?debug=1", path)
}

// saveURL writes the body of a successful GET of url to path.
func saveURL(url, path string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.ReadFrom(resp.Body)
	return err
}

// waitFulfilled waits until no order is pending and says how long it took.
func waitFulfilled(ctx context.Context, db *sql.DB, limit time.Duration) (time.Duration, error) {
	start := time.Now()
	for {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE status = 'pending'`).Scan(&n); err != nil {
			return 0, err
		}
		if n == 0 {
			return time.Since(start), nil
		}
		if time.Since(start) > limit {
			return 0, fmt.Errorf("%d orders still pending after %s", n, limit)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// saleCheck is what the database says after the run.
type saleCheck struct {
	Orders          int `json:"orders"`
	Completed       int `json:"completed"`
	DIDs            int `json:"dids"`
	DoubleDIDs      int `json:"numbers_owned_twice"`
	DoubleAlloc     int `json:"numbers_allocated_twice"`
	SoldNotMarked   int `json:"dids_whose_number_is_not_sold"`
	DuplicateNumber int `json:"number_strings_owned_twice"`
}

func (s saleCheck) String() string {
	return fmt.Sprintf("%d orders (%d completed), %d DIDs; numbers owned twice %d, allocated twice %d, DIDs on unsold numbers %d, number strings owned twice %d",
		s.Orders, s.Completed, s.DIDs, s.DoubleDIDs, s.DoubleAlloc, s.SoldNotMarked, s.DuplicateNumber)
}

func (s saleCheck) ok() bool {
	return s.DoubleDIDs == 0 && s.DoubleAlloc == 0 && s.SoldNotMarked == 0 && s.DuplicateNumber == 0
}

// checkSales checks, in SQL, that no number was sold twice.
func checkSales(ctx context.Context, db *sql.DB) (saleCheck, error) {
	var s saleCheck
	for _, q := range []struct {
		dst *int
		sql string
	}{
		{&s.Orders, `SELECT COUNT(*) FROM orders`},
		{&s.Completed, `SELECT COUNT(*) FROM orders WHERE status = 'completed'`},
		{&s.DIDs, `SELECT COUNT(*) FROM dids`},
		{&s.DoubleDIDs, `SELECT COUNT(*) FROM (SELECT number_id FROM dids GROUP BY number_id HAVING COUNT(*) > 1) x`},
		{&s.DoubleAlloc, `SELECT COUNT(*) FROM (SELECT number_id FROM allocations WHERE NOT released GROUP BY number_id HAVING COUNT(*) > 1) x`},
		{&s.SoldNotMarked, `SELECT COUNT(*) FROM dids d JOIN numbers n ON n.id = d.number_id WHERE n.status <> 'sold'`},
		{&s.DuplicateNumber, `SELECT COUNT(*) FROM (SELECT number FROM dids GROUP BY number HAVING COUNT(*) > 1) x`},
	} {
		if err := db.QueryRowContext(ctx, q.sql).Scan(q.dst); err != nil {
			return s, fmt.Errorf("sales check %q: %w", q.sql, err)
		}
	}
	return s, nil
}
