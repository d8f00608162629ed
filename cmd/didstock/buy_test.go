package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/didstock/didstock/internal/testapp"
)

// The buyer commands are tested end to end: the real binary (built once by
// TestMain) against a real didstock on a fresh database with the demo
// inventory, through the environment variables a user would set.

// cliRun is one finished run of the binary.
type cliRun struct {
	stdout, stderr string
	code           int
}

// cliTimeout bounds one run, so that a command waiting for an answer that
// never comes fails the test instead of hanging it.
const cliTimeout = 90 * time.Second

// runCLI runs didstock with args against env as the account with key, with
// standard input not a terminal.
func runCLI(t *testing.T, env *testapp.Env, key string, args ...string) cliRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, didstockBin, args...)
	cmd.Env = cliEnv(env, key)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := cliRun{stdout: out.String(), stderr: errOut.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("didstock %s: %v", strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("didstock %s: no exit within %v; stderr:\n%s", strings.Join(args, " "), cliTimeout, r.stderr)
	}
	return r
}

// cliEnv is the environment of a buyer: the server's URL and the API key.
func cliEnv(env *testapp.Env, key string) []string {
	var kept []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DIDSTOCK_") && !strings.HasPrefix(kv, "DIDWW_") {
			kept = append(kept, kv)
		}
	}
	return append(kept, "DIDSTOCK_BASE_URL="+env.BaseURL, "DIDWW_API_KEY="+key)
}

// mustSucceed fails the test unless the run exited 0.
func (r cliRun) mustSucceed(t *testing.T) cliRun {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	return r
}

// mustFail fails the test unless the run exited non-zero with every one of
// the phrases on stderr.
func (r cliRun) mustFail(t *testing.T, phrases ...string) {
	t.Helper()
	if r.code == 0 {
		t.Fatalf("exit code 0, want a failure\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	for _, p := range phrases {
		if !strings.Contains(r.stderr, p) {
			t.Errorf("stderr lacks %q:\n%s", p, r.stderr)
		}
	}
}

// buyResult is buy --json's output.
type buyResult struct {
	OrderID       string   `json:"order_id"`
	Reference     string   `json:"reference"`
	Status        string   `json:"status"`
	Amount        string   `json:"amount"`
	Numbers       []string `json:"numbers"`
	DIDIDs        []string `json:"did_ids"`
	SKUID         string   `json:"sku_id"`
	ReservationID string   `json:"reservation_id"`
}

// buyJSON runs buy --json --yes with args and decodes the result.
func buyJSON(t *testing.T, env *testapp.Env, key string, args ...string) buyResult {
	t.Helper()
	r := runCLI(t, env, key, append([]string{"buy", "--yes", "--json"}, args...)...).mustSucceed(t)
	var res buyResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("buy --json printed no JSON object: %v\n%s", err, r.stdout)
	}
	if res.Status != "completed" || res.Reference == "" || res.OrderID == "" || res.Amount == "" {
		t.Errorf("result = %+v, want a completed order with reference, id and amount", res)
	}
	if len(res.Numbers) != len(res.DIDIDs) {
		t.Errorf("numbers %v and DID ids %v differ in length", res.Numbers, res.DIDIDs)
	}
	return res
}

// ownedDID returns the account's DID with number, as the API shows it.
func ownedDID(t *testing.T, env *testapp.Env, key, number string) map[string]any {
	t.Helper()
	r := env.Get(t, key, "/dids?filter[number]="+number).Expect(t, 200)
	if len(r.Data()) != 1 {
		t.Fatalf("the account owns %d DIDs numbered %s, want 1", len(r.Data()), number)
	}
	return r.Data()[0]
}

func TestBuyByCityAndChannels(t *testing.T) {
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		res := buyJSON(t, env, env.DemoKey, "--country", "US", "--city", "Los Angeles", "--channels", "2")
		if len(res.Numbers) != 1 || !strings.HasPrefix(res.Numbers[0], "1213") {
			t.Fatalf("numbers = %v, want one Los Angeles (1213…) number", res.Numbers)
		}
		did := ownedDID(t, env, env.DemoKey, res.Numbers[0])
		if got := testapp.Attr(did, "channels_included_count"); got != float64(2) {
			t.Errorf("channels_included_count = %v, want 2 (the SKU asked for)", got)
		}
		if res.Amount != "10.0" {
			t.Errorf("amount = %q, want the 2-channel SKU's 10.0", res.Amount)
		}
	})
}

func TestBuyTextOutput(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	r := runCLI(t, env, env.DemoKey, "buy", "--country", "United States", "--city", "los angeles", "--yes").mustSucceed(t)
	// The cheapest SKU without --channels: 1.20 a month, no setup fee.
	for _, want := range []string{"Bought 1213", "Order ", "completed, charged 1.20"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "Placed order") {
		t.Errorf("no progress on stderr:\n%s", r.stderr)
	}
}

func TestBuyExactNumber(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	avail := env.Get(t, env.DemoKey, "/available_dids?filter[number_contains]=44207").Expect(t, 200).Data()
	if len(avail) == 0 {
		t.Fatal("the demo has no London number to buy")
	}
	number := testapp.Attr(avail[0], "number").(string)
	res := buyJSON(t, env, env.DemoKey, "--number", "+"+number)
	if len(res.Numbers) != 1 || res.Numbers[0] != number {
		t.Fatalf("bought %v, want exactly %s", res.Numbers, number)
	}
	ownedDID(t, env, env.DemoKey, number)

	// Bought once, the number is nobody's to buy again.
	runCLI(t, env, env.DemoKey, "buy", "--yes", "--number", number).
		mustFail(t, "step 4 of 5", "number "+number+" is not available")
}

func TestBuyByNPANXX(t *testing.T) {
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		res := buyJSON(t, env, env.DemoKey, "--country", "US", "--npanxx", "212-461")
		if len(res.Numbers) != 1 || !strings.HasPrefix(res.Numbers[0], "1212461") {
			t.Fatalf("numbers = %v, want one number in 212-461", res.Numbers)
		}
	})
	t.Run("unknown NXX names the NXXs there are", func(t *testing.T) {
		env := testapp.Start(t, "sqlite")
		runCLI(t, env, env.DemoKey, "buy", "--yes", "--country", "US", "--npanxx", "212999").
			mustFail(t, "step 2 of 5 (NPA-NXX", "no NPA-NXX 212-999 in United States", "NPA 212 has", "212-461")
	})
}

func TestBuyQuantity(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	res := buyJSON(t, env, env.DemoKey, "--country", "GB", "--city", "London", "--qty", "3", "--channels", "0")
	if len(res.Numbers) != 3 {
		t.Fatalf("numbers = %v, want 3", res.Numbers)
	}
	for _, n := range res.Numbers {
		if !strings.HasPrefix(n, "4420") {
			t.Errorf("number %s is not a London (4420…) number", n)
		}
	}
}

func TestBuyWithReservation(t *testing.T) {
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		r := runCLI(t, env, env.DemoKey, "buy", "--yes", "--json", "--reserve", "--country", "US", "--city", "Los Angeles").mustSucceed(t)
		var res buyResult
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		if res.ReservationID == "" || len(res.Numbers) != 1 || res.Status != "completed" {
			t.Fatalf("result = %+v, want a completed order of one reserved number", res)
		}
		if !strings.Contains(r.stderr, "Reserved "+res.Numbers[0]) {
			t.Errorf("stderr does not report the reservation:\n%s", r.stderr)
		}
		// Ordering by reservation uses it up.
		env.Get(t, env.DemoKey, "/did_reservations/"+res.ReservationID).Expect(t, 404)
	})
}

func TestBuyFailedSearchSuggests(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	tests := []struct {
		name    string
		args    []string
		phrases []string
	}{
		{"misspelt city", []string{"--country", "US", "--city", "San Fransisco"},
			[]string{"step 2 of 5 (city", "filter[name]=San Fransisco", "no city named 'San Fransisco' in United States; did you mean San Francisco?"}},
		{"misspelt country", []string{"--country", "Untied States", "--city", "Los Angeles"},
			[]string{"step 1 of 5 (country", "no country named 'Untied States'; did you mean United States?"}},
		{"UK for GB", []string{"--country", "UK"}, []string{"no country with ISO code 'UK'; did you mean GB (United Kingdom)?"}},
		{"misspelt type", []string{"--country", "US", "--type", "Lokal"},
			[]string{"step 2 of 5 (DID group type", "did you mean Local?"}},
		{"city with nothing close", []string{"--country", "US", "--city", "Springfeld"},
			[]string{"no city named 'Springfeld' in United States", "cities there: "}},
		{"no SKU with those channels", []string{"--country", "US", "--city", "Los Angeles", "--channels", "7"},
			[]string{"step 3 of 5 (DID group", "no DID group in Los Angeles, United States offers a SKU with 7 included channels; they offer 0 or 2 channels"}},
		{"groups without number selection", []string{"--country", "US", "--city", "Philadelphia"},
			[]string{"step 3 of 5", "do not let you choose a number", "--qty 1"}},
		{"no number containing", []string{"--country", "US", "--city", "Los Angeles", "--number-contains", "99999999"},
			[]string{"step 4 of 5", "no available number containing '99999999'"}},
		{"bad flag value", []string{"--country", "US", "--npanxx", "21246"}, []string{"--npanxx \"21246\": want six digits"}},
		{"two places", []string{"--country", "US", "--city", "Los Angeles", "--region", "California"}, []string{"at most one of --city, --region and --area"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runCLI(t, env, env.DemoKey, append([]string{"buy", "--yes"}, tt.args...)...).mustFail(t, tt.phrases...)
		})
	}
	orders := env.Get(t, env.DemoKey, "/orders").Expect(t, 200)
	if n := len(orders.Data()); n != 0 {
		t.Errorf("failed searches placed %d orders", n)
	}
}

func TestBuyServerErrorsInPlainWords(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	la := []string{"buy", "--yes", "--country", "US", "--city", "Los Angeles", "--channels", "2"}
	t.Run("insufficient balance", func(t *testing.T) {
		_, key := env.NewAccount(t, testapp.AccountOptions{Name: "broke", Balance: "0"})
		runCLI(t, env, key, la...).mustFail(t, "insufficient balance: the order costs 10.00 but the account has only 0.00 available")
		if n := len(env.Get(t, key, "/dids").Expect(t, 200).Data()); n != 0 {
			t.Errorf("a refused order left %d DIDs", n)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		runCLI(t, env, "not-a-key", la...).mustFail(t, "rejected the API key (401 Unauthorized); check --api-key or DIDWW_API_KEY")
	})
	t.Run("number selection disabled", func(t *testing.T) {
		_, key := env.NewAccount(t, testapp.AccountOptions{Name: "no-selection", NoNumberSelection: true})
		runCLI(t, env, key, la...).mustFail(t, "number selection", "not enabled for this account (403 Forbidden)", "--qty 1")
		// The remedy the message gives works.
		res := buyJSON(t, env, key, "--country", "US", "--city", "Los Angeles", "--channels", "2", "--qty", "1")
		if len(res.Numbers) != 1 {
			t.Errorf("numbers = %v, want 1", res.Numbers)
		}
	})
	t.Run("server unreachable", func(t *testing.T) {
		r := runCLI(t, env, env.DemoKey, append(la, "--base-url", "http://127.0.0.1:1/v3")...)
		r.mustFail(t, "cannot reach the server at http://127.0.0.1:1/v3")
	})
	t.Run("no key", func(t *testing.T) {
		runCLI(t, env, "", la...).mustFail(t, "no API key: pass --api-key or set DIDWW_API_KEY")
	})
}

func TestBuyRefusesWithoutTerminalOrYes(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	runCLI(t, env, env.DemoKey, "buy", "--country", "US", "--city", "Los Angeles").
		mustFail(t, "not a terminal", "pass --yes")
	if n := len(env.Get(t, env.DemoKey, "/orders").Expect(t, 200).Data()); n != 0 {
		t.Errorf("%d orders placed without consent", n)
	}
}

// TestBuyInteractiveChoice runs buy on a pseudo-terminal, as a person
// would: it waits for the numbered candidates and the prompt, answers 2,
// and checks that the second candidate is the number bought.
func TestBuyInteractiveChoice(t *testing.T) {
	env := testapp.Start(t, "sqlite")
	term := startOnPTY(t, env, env.DemoKey, "buy", "--country", "US", "--city", "Los Angeles", "--channels", "2")
	screen := term.waitFor(t, "Buy which? [1-")
	second := candidateNumber(t, screen, 2)
	term.send(t, "2\n")
	screen = term.waitFor(t, "charged")
	if !strings.Contains(screen, "Bought "+second) {
		t.Fatalf("chose candidate 2 (%s) but the screen says:\n%s", second, screen)
	}
	if code := term.wait(t); code != 0 {
		t.Fatalf("exit code %d:\n%s", code, screen)
	}
	ownedDID(t, env, env.DemoKey, second)
}

// candidateNumber reads the number of row n of the candidates table.
func candidateNumber(t *testing.T, screen string, n int) string {
	t.Helper()
	for _, line := range strings.Split(screen, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == fmt.Sprint(n) {
			return f[1]
		}
	}
	t.Fatalf("no row %d in the candidates:\n%s", n, screen)
	return ""
}
