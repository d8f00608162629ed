package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// sizeResult is one engine at one inventory size.
type sizeResult struct {
	Engine    string           `json:"engine"`
	Size      int              `json:"size"`
	Groups    int              `json:"groups"`
	Inventory string           `json:"inventory"`
	Load      loadResult       `json:"load"`
	Pinning   string           `json:"pinning"`
	Analyzed  bool             `json:"analyzed,omitempty"`
	PeakRSS   int64            `json:"peak_rss_bytes"`
	Sales     saleCheck        `json:"sales"`
	Scenarios []scenarioResult `json:"scenarios"`
	Date      string           `json:"date"`
	Command   string           `json:"command"`
	Commit    string           `json:"commit,omitempty"`
	Duration  string           `json:"duration"`
	Runs      int              `json:"runs"`
}

type scenarioResult struct {
	Name   string        `json:"name"`
	Title  string        `json:"title"`
	NotRun string        `json:"not_run,omitempty"`
	Levels []levelResult `json:"levels,omitempty"`
	Drain  time.Duration `json:"fulfilment_drain_ns,omitempty"`
}

type levelResult struct {
	Concurrency    int        `json:"concurrency"`
	Skipped        string     `json:"skipped,omitempty"`
	Runs           []runStats `json:"runs"`
	Baseline       []runStats `json:"baseline"`
	Median         runStats   `json:"median"`
	BaselineMedian runStats   `json:"baseline_median"`
}

func (l *levelResult) summarize() {
	if l.Skipped != "" {
		return
	}
	l.Median, l.BaselineMedian = medianOf(l.Runs), medianOf(l.Baseline)
}

// medianOf takes the median of each figure separately; requests and errors
// are summed, so that an error in any run shows.
func medianOf(rs []runStats) runStats {
	var m runStats
	if len(rs) == 0 {
		return m
	}
	med := func(f func(runStats) float64) float64 {
		xs := make([]float64, len(rs))
		for i, r := range rs {
			xs[i] = f(r)
		}
		slices.Sort(xs)
		if len(xs)%2 == 1 {
			return xs[len(xs)/2]
		}
		return (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	m.RPS = med(func(r runStats) float64 { return r.RPS })
	m.P50 = time.Duration(med(func(r runStats) float64 { return float64(r.P50) }))
	m.P99 = time.Duration(med(func(r runStats) float64 { return float64(r.P99) }))
	m.P999 = time.Duration(med(func(r runStats) float64 { return float64(r.P999) }))
	m.MeanBytes = med(func(r runStats) float64 { return r.MeanBytes })
	m.Elapsed = time.Duration(med(func(r runStats) float64 { return float64(r.Elapsed) }))
	for _, r := range rs {
		m.Requests += r.Requests
		m.Errors += r.Errors
		m.Exhausted = m.Exhausted || r.Exhausted
		if m.FirstError == "" {
			m.FirstError = r.FirstError
		}
	}
	return m
}

// report is every result measured so far; runs of different engines and
// sizes merge into it, so the full matrix can be measured in steps.
type report struct {
	Machine string        `json:"machine"`
	Results []*sizeResult `json:"results"`
}

func loadReport(path string) *report {
	rep := &report{}
	if b, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(b, rep)
	}
	return rep
}

// put adds res, replacing an earlier result of the same engine and size;
// scenarios that only the earlier one measured are kept (a run limited with
// --scenarios adds to the table rather than emptying it).
func (r *report) put(res *sizeResult) {
	for _, old := range r.Results {
		if old.Engine != res.Engine || old.Size != res.Size {
			continue
		}
		for _, sc := range old.Scenarios {
			if !slices.ContainsFunc(res.Scenarios, func(x scenarioResult) bool { return x.Name == sc.Name }) {
				res.Scenarios = append(res.Scenarios, sc)
			}
		}
		if old.Command != res.Command && !strings.Contains(res.Command, old.Command) {
			res.Command = old.Command + "` and `" + res.Command
		}
		res.PeakRSS = max(res.PeakRSS, old.PeakRSS)
	}
	order := map[string]int{}
	for i, name := range scenarioOrder {
		order[name] = i
	}
	slices.SortStableFunc(res.Scenarios, func(a, b scenarioResult) int { return cmp.Compare(order[a.Name], order[b.Name]) })
	r.Results = slices.DeleteFunc(r.Results, func(x *sizeResult) bool { return x.Engine == res.Engine && x.Size == res.Size })
	r.Results = append(r.Results, res)
	slices.SortFunc(r.Results, func(a, b *sizeResult) int {
		return cmp.Or(cmp.Compare(engineOrder(a.Engine), engineOrder(b.Engine)), cmp.Compare(a.Size, b.Size))
	})
}

var scenarioOrder = []string{"avail_group", "avail_country", "avail_city_type", "avail_contains4", "avail_contains7",
	"groups_country", "countries", "order_did", "reserve", "order_qty"}

func engineOrder(e string) int {
	if e == "sqlite" {
		return 0
	}
	return 1
}

func (r *report) write(dir string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "benchmarks.json"), b, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "benchmarks-p99.svg"), []byte(r.svg()), 0o644); err != nil {
		return err
	}
	md := filepath.Join(dir, "benchmarks.md")
	notes := ""
	if old, err := os.ReadFile(md); err == nil {
		if i := strings.Index(string(old), notesMarker); i >= 0 {
			notes = string(old[i:])
		}
	}
	if notes == "" {
		notes = notesMarker + "\n\n## Notes\n\n(Findings and profiles go here; the harness keeps everything below the marker.)\n"
	}
	return os.WriteFile(md, []byte(r.markdown()+"\n"+notes), 0o644)
}

const notesMarker = "<!-- notes: kept by the harness when it rewrites this file -->"

func machineFacts() string {
	model := ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
		f.Close()
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				var kib int64
				fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kib)
				mem = fmt.Sprintf("%.1f GiB RAM", float64(kib)/(1<<20))
			}
		}
	}
	kernel, _ := exec.Command("uname", "-r").Output()
	pg, _ := exec.Command("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-Atc", "SHOW server_version").Output()
	return fmt.Sprintf("%s, %d cores, %s, Linux %s, %s, PostgreSQL %s (local, unpinned, default configuration)",
		model, runtime.NumCPU(), mem, strings.TrimSpace(string(kernel)), runtime.Version(), strings.TrimSpace(string(pg)))
}

func fmtMS(d time.Duration) string {
	v := float64(d) / 1e6
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func fmtRPS(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func (r *report) markdown() string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	w("# Benchmarks\n\n")
	w("Written by the harness in `bench/` (`go run ./bench`); the tables and `benchmarks-p99.svg` are regenerated on\n")
	w("every run, results of earlier runs of other engines or sizes are kept (`benchmarks.json`).\n\n")
	w("**Machine:** %s.\n\n", r.Machine)
	w("**How to read.** Load is closed-loop: *c* workers each send a request as soon as the previous answer is read\n")
	w("(vegeta as a library, rate 0 with workers = max-workers = c). Figures are medians of the runs (each figure\n")
	w("separately); errors are summed over all runs and count every non-2xx answer. The *baseline* is a minimal Go\n")
	w("net/http server (`bench/baseline`) answering a canned body of the same mean size as the real answers of that\n")
	w("scenario, measured right after each real attack with the same concurrency, method and request body, pinned\n")
	w("the same way; `×base` is didstock's figure divided by the baseline's. Reservations are measured as pairs: one\n")
	w("request = POST /v3/did_reservations + DELETE of the created reservation (the baseline does a POST + DELETE too).\n")
	w("Peak RSS is VmHWM of the server process over all scenarios of that engine and size.\n\n")
	w("![p99 latency against inventory size at concurrency 32](benchmarks-p99.svg)\n\n")
	r.floors(&b)
	for _, res := range r.Results {
		w("## %s, %s numbers\n\n", res.Engine, thousands(res.Size))
		w("- date: %s; command: `%s`; %s × %d runs per figure\n", res.Date, res.Command, res.Duration, res.Runs)
		if res.Commit != "" {
			w("- built from: %s\n", res.Commit)
		}
		w("- %s\n", res.Pinning)
		w("- inventory: %s\n", res.Inventory)
		w("- load: %s in total (catalogue %s, numbers %s, %s numbers/s) via %s\n", res.Load.Total.Round(time.Millisecond),
			res.Load.Catalog.Round(time.Millisecond), res.Load.Numbers.Round(time.Millisecond),
			thousands(int(float64(res.Load.Inserted)/max(res.Load.Numbers.Seconds(), 1e-9))), res.Load.Method)
		if res.Engine == "postgres" {
			if res.Analyzed {
				w("- statistics: ANALYZE after the load\n")
			} else {
				w("- statistics: **none** (no ANALYZE after the load, and autovacuum is off on this PostgreSQL): the planner guessed\n")
			}
		}
		w("- server peak RSS: %.0f MiB\n", float64(res.PeakRSS)/(1<<20))
		verdict := "no number sold twice"
		if !res.Sales.ok() {
			verdict = "DOUBLE SALES FOUND"
		}
		w("- after the run (SQL): %s: %s\n\n", res.Sales, verdict)
		w("| scenario | c | req/s | ×base | p50 ms | p99 ms | ×base | p99.9 ms | errors | bytes | baseline req/s | baseline p99 ms |\n")
		w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, sc := range res.Scenarios {
			if sc.NotRun != "" {
				w("| %s | | %s | | | | | | | | | |\n", sc.Title, sc.NotRun)
				continue
			}
			for _, l := range sc.Levels {
				if l.Skipped != "" {
					w("| %s | %d | %s | | | | | | | | | |\n", sc.Title, l.Concurrency, l.Skipped)
					continue
				}
				m, bm := l.Median, l.BaselineMedian
				note := ""
				if m.Exhausted {
					note = " (pool ran out)"
				}
				w("| %s | %d | %s%s | %s | %s | %s | %s | %s | %d | %.0f | %.0f | %s |\n", sc.Title, l.Concurrency, fmtRPS(m.RPS), note,
					ratio(m.RPS, bm.RPS), fmtMS(m.P50), fmtMS(m.P99), ratio(float64(m.P99), float64(bm.P99)), fmtMS(m.P999),
					m.Errors, m.MeanBytes, bm.RPS, fmtMS(bm.P99))
			}
			if sc.Drain > 0 {
				w("| ↳ all orders fulfilled %s after the last attack | | | | | | | | | | | |\n", sc.Drain.Round(time.Millisecond))
			}
		}
		w("\n")
	}
	return b.String()
}

// level finds a scenario's figures at concurrency c.
func (res *sizeResult) level(name string, c int) (levelResult, bool) {
	for _, sc := range res.Scenarios {
		if sc.Name != name {
			continue
		}
		for _, l := range sc.Levels {
			if l.Concurrency == c && l.Skipped == "" {
				return l, true
			}
		}
	}
	return levelResult{}, false
}

// skipped says why a scenario's level was not measured, if it was not.
func (res *sizeResult) skipped(name string, c int) string {
	for _, sc := range res.Scenarios {
		for _, l := range sc.Levels {
			if sc.Name == name && l.Concurrency == c && l.Skipped != "" {
				return l.Skipped
			}
		}
	}
	return ""
}

// floors checks the floors at the largest size measured per engine
// (they are stated for 10,000,000 numbers), concurrency 32.
func (r *report) floors(b *strings.Builder) {
	w := func(f string, a ...any) { fmt.Fprintf(b, f, a...) }
	w("## Floors (concurrency 32, pinned)\n\n")
	w("The issue states the floors at 10,000,000 numbers; each engine is checked at the largest size measured, named in the table.\n\n")
	w("| engine | size | floor | measured | met |\n| --- | ---: | --- | --- | --- |\n")
	for _, engine := range []string{"sqlite", "postgres"} {
		var all []*sizeResult
		for _, res := range r.Results {
			if res.Engine == engine {
				all = append(all, res)
			}
		}
		if len(all) == 0 {
			continue
		}
		big, small := all[len(all)-1], all[0]
		row := func(floor, measured string, ok bool) {
			mark := "yes"
			if !ok {
				mark = "**no**"
			}
			w("| %s | %s | %s | %s | %s |\n", engine, thousands(big.Size), floor, measured, mark)
		}
		for _, n := range []string{"avail_group", "avail_country", "avail_city_type"} {
			if l, ok := big.level(n, 32); ok {
				row(n+": p99 ≤ 5 ms", fmtMS(l.Median.P99)+" ms", l.Median.P99 <= 5*time.Millisecond && l.Median.Errors == 0)
				share := l.Median.RPS / max(l.BaselineMedian.RPS, 1e-9)
				row(n+": throughput ≥ 40% of baseline", fmt.Sprintf("%.0f%% (%.0f of %.0f req/s)", 100*share, l.Median.RPS, l.BaselineMedian.RPS), share >= 0.4)
			}
		}
		for _, n := range []string{"avail_contains4", "avail_contains7"} {
			if l, ok := big.level(n, 32); ok {
				row(n+": p99 ≤ 50 ms", fmtMS(l.Median.P99)+" ms", l.Median.P99 <= 50*time.Millisecond && l.Median.Errors == 0)
			} else if why := big.skipped(n, 32); why != "" {
				row(n+": p99 ≤ 50 ms", why, false)
			}
		}
		if l, ok := big.level("order_did", 32); ok {
			want := 300.0
			if engine == "postgres" {
				want = 1000
			}
			row(fmt.Sprintf("order_did: ≥ %.0f orders/s", want), fmt.Sprintf("%.0f/s", l.Median.RPS), l.Median.RPS >= want && l.Median.Errors == 0)
			row("order_did: p99 ≤ 50 ms", fmtMS(l.Median.P99)+" ms", l.Median.P99 <= 50*time.Millisecond)
		}
		row("zero double sales", big.Sales.String(), big.Sales.ok())
		if big != small {
			for _, sc := range big.Scenarios {
				lb, ok1 := big.level(sc.Name, 32)
				ls, ok2 := small.level(sc.Name, 32)
				if !ok1 || !ok2 {
					continue
				}
				row(fmt.Sprintf("%s: p99 ≤ 2× the p99 at %s", sc.Name, thousands(small.Size)),
					fmt.Sprintf("%s ms vs %s ms (%.1f×)", fmtMS(lb.Median.P99), fmtMS(ls.Median.P99), float64(lb.Median.P99)/max(float64(ls.Median.P99), 1)),
					lb.Median.P99 <= 2*ls.Median.P99)
			}
		}
		if engine == "sqlite" {
			row("peak RSS ≤ 300 MiB", fmt.Sprintf("%.0f MiB", float64(big.PeakRSS)/(1<<20)), big.PeakRSS <= 300<<20)
		}
	}
	w("\n")
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
