package racetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/internal/testapp"
	"github.com/didstock/didstock/secrets"
	"github.com/didstock/didstock/store"
)

// didstockBin is the real binary, built once for every test of the package.
var didstockBin string

func TestMain(m *testing.M) { os.Exit(testapp.RunWithBinary(m, &didstockBin)) }

// server is one `didstock serve` process.
type server struct {
	cmd     *exec.Cmd
	url     string // base URL including /v3
	logPath string
	exited  chan struct{}
}

var servingRE = regexp.MustCompile(`serving (?:the demo inventory )?at (\S+)/v3`)

// startServer runs `didstock serve` on dsn with the shared secret file and
// waits until it prints the URL it listens on (port 0: the kernel picks).
func startServer(t testing.TB, dsn, secretFile string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--db", dsn, "--listen", "127.0.0.1:0", "--secret-file", secretFile, "--no-demo"}, extra...)
	cmd := exec.Command(didstockBin, args...)
	logf, err := os.CreateTemp(t.TempDir(), "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start didstock: %v", err)
	}
	s := &server{cmd: cmd, logPath: logf.Name(), exited: make(chan struct{})}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urlc <- m[1] + "/v3":
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { _ = cmd.Wait(); logf.Close(); close(s.exited) }()
	t.Cleanup(func() { s.stop(t) })
	select {
	case s.url = <-urlc:
	case <-s.exited:
		t.Fatalf("didstock serve exited before serving:\n%s", s.logTail())
	case <-time.After(60 * time.Second):
		s.kill()
		t.Fatalf("didstock serve did not print its URL within 60s:\n%s", s.logTail())
	}
	return s
}

// kill sends SIGKILL and waits for the process to be gone.
func (s *server) kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// stop asks for a graceful shutdown, killing after a while.
func (s *server) stop(t testing.TB) {
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		t.Logf("didstock serve did not stop on SIGTERM within 15s; killing")
		s.kill()
	}
}

// logTail returns the end of the server's log, for failure messages.
func (s *server) logTail() string {
	raw, _ := os.ReadFile(s.logPath)
	if len(raw) > 4000 {
		raw = raw[len(raw)-4000:]
	}
	return string(raw)
}

// logErrors returns the server's log lines at level ERROR.
func (s *server) logErrors() []string {
	raw, _ := os.ReadFile(s.logPath)
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) {
			out = append(out, line)
		}
	}
	return out
}

// database is the test's own connection to the servers' database.
type database struct {
	engine string
	dsn    string
	secret string
	db     *store.DB
}

// openDatabase creates the secret file the servers will share and opens the
// database from the test process (which applies didstock's migrations; the
// first server started applies River's).
func openDatabase(t testing.TB, engine, dsn string) *database {
	t.Helper()
	secret := filepath.Join(t.TempDir(), "didstock.secret")
	box, err := secrets.LoadOrCreate(secret)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	db.SetSecrets(box)
	t.Cleanup(func() { db.Close() })
	return &database{engine: engine, dsn: dsn, secret: secret, db: db}
}

// rebind turns ? placeholders into $n on PostgreSQL.
func (d *database) rebind(q string) string {
	if d.engine != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// count runs a query returning one integer.
func (d *database) count(t testing.TB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := d.db.WritePool().QueryRow(d.rebind(q), args...).Scan(&n); err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	return n
}

// strings runs a query returning rows of string columns joined by " ".
func (d *database) rows(t testing.TB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := d.db.WritePool().Query(d.rebind(q), args...)
	if err != nil {
		t.Fatalf("query %q: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				row[i] = ""
			case []byte:
				row[i] = string(x)
			default:
				row[i] = fmt.Sprint(x)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// account is a buyer of a test.
type account struct {
	idx             int
	id, key         string
	balance, credit int64 // micros at start
}

func (d *database) newAccount(t testing.TB, idx int, balance, credit string) *account {
	t.Helper()
	a := &didstock.Account{Name: fmt.Sprintf("buyer-%d", idx), Balance: decimal.RequireFromString(balance),
		Credit: decimal.RequireFromString(credit), APIVersion: didstock.APIVersion20220510, NumberSelection: true}
	key, err := d.db.CreateAccount(context.Background(), a)
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	return &account{idx: idx, id: a.ID, key: key, balance: micros(balance), credit: micros(credit)}
}

func micros(s string) int64 { return decimal.RequireFromString(s).Shift(6).IntPart() }

// group is one DID group of a fixture with its SKU and numbers.
type group struct {
	id, sku string
	numbers []string // available DID IDs
	price   int64    // setup + monthly, micros
}

// fixture loads a country with the given groups: name → number count.
// Every SKU costs 1.5 setup + 0.5 monthly = 2.0 per number.
func (d *database) fixture(t testing.TB, sizes map[string]int) map[string]*group {
	t.Helper()
	country, gtype := uuid.NewString(), uuid.NewString()
	inv := &didstock.Inventory{
		Countries:     []*didstock.Country{{ID: country, Name: "Raceland", ISO: "RL", Prefix: "998"}},
		DIDGroupTypes: []*didstock.DIDGroupType{{ID: gtype, Name: "Local"}},
	}
	out := map[string]*group{}
	prefix := 10
	for name, n := range sizes {
		g := &group{id: uuid.NewString(), sku: uuid.NewString(), price: 2_000_000}
		out[name] = g
		prefix++
		inv.DIDGroups = append(inv.DIDGroups, &didstock.DIDGroup{ID: g.id, CountryID: country, DIDGroupTypeID: gtype,
			Prefix: fmt.Sprint(prefix), AreaName: name, Features: []string{"voice_in"}, AvailableDIDsEnabled: true})
		inv.SKUs = append(inv.SKUs, &didstock.SKU{ID: g.sku, DIDGroupID: g.id, SetupPrice: decimal.RequireFromString("1.5"),
			MonthlyPrice: decimal.RequireFromString("0.5"), ChannelsIncludedCount: 2})
		for i := 0; i < n; i++ {
			number := fmt.Sprintf("998%d%06d", prefix, i)
			g.numbers = append(g.numbers, store.NumberID(number))
			inv.Numbers = append(inv.Numbers, &didstock.AvailableDID{Number: number, DIDGroupID: g.id})
		}
	}
	if _, err := d.db.ImportInventory(context.Background(), inv); err != nil {
		t.Fatalf("import fixture: %v", err)
	}
	return out
}

// client speaks JSON:API to the servers; safe for concurrent use and never
// fails the test itself (callers run in goroutines).
type client struct{ http *http.Client }

func newClient() *client {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 128, IdleConnTimeout: 30 * time.Second}
	return &client{http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// reply is an API answer; status 0 means the request failed in transport.
type reply struct {
	status int
	doc    map[string]any
	body   []byte
	err    error
}

func (c *client) do(base, method, path, key string, body any) reply {
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return reply{err: err}
	}
	req.Header.Set("Accept", "application/vnd.api+json")
	if body != nil {
		req.Header.Set("Content-Type", "application/vnd.api+json")
	}
	req.Header.Set("Api-Key", key)
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{status: 0, err: err}
	}
	r := reply{status: resp.StatusCode, body: raw}
	_ = json.Unmarshal(raw, &r.doc)
	return r
}

// data returns the single primary resource of the reply.
func (r reply) data() map[string]any {
	d, _ := r.doc["data"].(map[string]any)
	return d
}

func (r reply) id() string {
	s, _ := r.data()["id"].(string)
	return s
}

func (r reply) attr(name string) any {
	a, _ := r.data()["attributes"].(map[string]any)
	return a[name]
}

// orderDoc builds a POST /v3/orders document with one item.
func orderDoc(attrs map[string]any, item map[string]any) map[string]any {
	a := map[string]any{"items": []any{map[string]any{"type": "did_order_items", "attributes": item}}}
	for k, v := range attrs {
		a[k] = v
	}
	return map[string]any{"data": map[string]any{"type": "orders", "attributes": a}}
}

func reservationDoc(availableDID string) map[string]any {
	return map[string]any{"data": map[string]any{
		"type":          "did_reservations",
		"attributes":    map[string]any{"description": "race"},
		"relationships": map[string]any{"available_did": map[string]any{"data": map[string]any{"type": "available_dids", "id": availableDID}}},
	}}
}

// eventually polls cond until it returns "" or the deadline passes, and
// returns the last complaint.
func eventually(timeout time.Duration, cond func() string) string {
	deadline := time.Now().Add(timeout)
	for {
		msg := cond()
		if msg == "" || time.Now().After(deadline) {
			return msg
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tally counts outcomes by name, concurrently.
type tally struct {
	mu sync.Mutex
	m  map[string]int
}

func (t *tally) add(name string) {
	t.mu.Lock()
	if t.m == nil {
		t.m = map[string]int{}
	}
	t.m[name]++
	t.mu.Unlock()
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := make([]string, 0, len(t.m))
	for k := range t.m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%d ", k, t.m[k])
	}
	return b.String()
}
