package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/didstock/didstock/internal/dbtest"
	"github.com/didstock/didstock/internal/testapp"
	"github.com/didstock/didstock/inventory"
)

// The operator commands are tested end to end too: the real binary on a
// fresh database of each engine, through --db as an operator would.

// operator is a database and a secret file the operator commands share.
type operator struct {
	engine, dsn, secret string
}

func newOperator(t *testing.T, engine string) *operator {
	t.Helper()
	return &operator{engine: engine, dsn: dbtest.DSN(t, engine), secret: filepath.Join(t.TempDir(), "didstock.secret")}
}

// run runs didstock with the operator's --db and --secret-file appended.
func (o *operator) run(t *testing.T, args ...string) cliRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	defer cancel()
	// The flags go right after the subcommand, before any "--".
	full := append(append(append([]string{}, args[:min(2, len(args))]...), "--db", o.dsn, "--secret-file", o.secret), args[min(2, len(args)):]...)
	cmd := exec.CommandContext(ctx, didstockBin, full...)
	var kept []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DIDSTOCK_") {
			kept = append(kept, kv)
		}
	}
	cmd.Env = kept
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	r := cliRun{stdout: out.String(), stderr: errOut.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("didstock %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// lastLine is the last line of s, where create and rotate-key put the key.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func mustContain(t *testing.T, s string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if !strings.Contains(s, p) {
			t.Fatalf("output lacks %q:\n%s", p, s)
		}
	}
}

func eachEngine(t *testing.T, fn func(t *testing.T, engine string)) {
	for _, e := range dbtest.Engines {
		t.Run(e, func(t *testing.T) { fn(t, e) })
	}
}

func TestAccountsCommands(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		o := newOperator(t, engine)
		created := o.run(t, "accounts", "create", "--name", "Acme", "--balance", "10.50", "--credit", "5").mustSucceed(t)
		key := lastLine(created.stdout)
		id := strings.Fields(created.stdout)[1]
		if len(key) < 20 || strings.Contains(key, " ") {
			t.Fatalf("last line %q is not an API key", key)
		}
		mustContain(t, o.run(t, "accounts", "list").mustSucceed(t).stdout, id, "Acme", "10.50", "5.00")
		show := o.run(t, "accounts", "show", id).mustSucceed(t).stdout
		mustContain(t, show, "balance:          10.50", "credit:           5.00", "disabled:         false")
		if strings.Contains(show, key) {
			t.Fatal("show prints the API key")
		}
		mustContain(t, o.run(t, "accounts", "top-up", id, "2.25").mustSucceed(t).stdout, "balance now 12.75")
		mustContain(t, o.run(t, "accounts", "set-credit", id, "0").mustSucceed(t).stdout, "credit now 0.00")
		rotated := o.run(t, "accounts", "rotate-key", id).mustSucceed(t).stdout
		if k := lastLine(rotated); k == key || len(k) < 20 {
			t.Fatalf("rotate-key printed %q; want a new key", k)
		}
		mustContain(t, o.run(t, "accounts", "disable", id).mustSucceed(t).stdout, "disabled")
		mustContain(t, o.run(t, "accounts", "show", id).mustSucceed(t).stdout, "disabled:         true")

		for _, tc := range []struct {
			name    string
			args    []string
			phrases []string
		}{
			{"unknown account", []string{"accounts", "show", "00000000-0000-0000-0000-000000000000"}, []string{"no account with ID"}},
			{"not a UUID", []string{"accounts", "top-up", "nope", "1"}, []string{"no account with ID \"nope\""}},
			{"non-decimal amount", []string{"accounts", "top-up", id, "ten"}, []string{"not a decimal amount"}},
			{"float notation", []string{"accounts", "top-up", id, "1e3"}, []string{"not a decimal amount"}},
			{"too precise", []string{"accounts", "top-up", id, "0.0000001"}, []string{"more than 6 decimal places"}},
			{"negative credit", []string{"accounts", "set-credit", id, "--", "-1"}, []string{"must not be negative"}},
			{"below zero", []string{"accounts", "top-up", id, "--", "-100"}, []string{"below zero"}},
			{"missing argument", []string{"accounts", "top-up", id}, []string{"want 2 argument(s)"}},
			{"unknown subcommand", []string{"accounts", "delete", id}, []string{"unknown subcommand"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				o.run(t, tc.args...).mustFail(t, tc.phrases...)
			})
		}
	})
}

// writeCSV writes a CSV file of lines under a header and returns its path.
func writeCSV(t *testing.T, header string, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "inventory.csv")
	if err := os.WriteFile(path, []byte(header+"\n"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const csvHeader = "country,region,city,area,type,prefix,features,setup_price,monthly_price,channels_included_count,sku2_setup_price,sku2_monthly_price,sku2_channels_included_count,npa,nxx,number"

func TestInventoryImportStatsWithdraw(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		o := newOperator(t, engine)
		// The server seeds the demo inventory first, so that the import
		// must match the demo's own records (New York, NPA-NXX 212-461).
		env := testapp.StartOn(t, engine, o.dsn)
		path := writeCSV(t, csvHeader,
			"US,New York,New York,,Local,212,voice_in;sms_in,0.40,0.80,0,0.40,2.10,2,212,461,12124619001", // line 2
			"US,New York,New York,,Local,212,voice_in;sms_in,0.40,0.80,0,0.40,2.10,2,212,461,12124619002", // 3
			"US,New York,New York,,Local,212,voice_in;sms_in,0.40,0.80,0,0.40,2.10,2,212,461,1212461900",  // 4: too short
			"GB,England,Testham,Testham Area,Local,20,voice_in,1.00,1.50,0,,,,,,442079469001",             // 5: new city
			"GB,England,Testham,Testham Area,Local,20,voice_in,1.00,1.50,0,,,,,,442079469001",             // 6: repeat
			"GB,England,Testham,Testham Area,Local,20,voice_in,1.00,9.99,0,,,,,,442079469002",             // 7: other price
			"XX,,,,Local,20,voice_in,1.00,1.50,0,,,,,,442079469003",                                       // 8: bad country
			"GB,,,,Landline,20,voice_in,1.00,1.50,0,,,,,,442079469004",                                    // 9: bad type
			"DE,,Berlin,,Local,30,voice_in,1.00,abc,0,,,,,,493012345678",                                  // 10: bad price
			"US,,,,Toll-free,800,voice_in,0,2,0,,,,,,18005550199",                                         // 11: toll-free, new group
		)
		first := o.run(t, "inventory", "import", path).mustSucceed(t).stdout
		mustContain(t, first, "4 new numbers", "6 rejected",
			"line 4:", "line 6: number 442079469001 already listed on line 5",
			"line 7: group attributes", "line 8: unknown country \"XX\"", "line 9: unknown group type", "line 10: monthly_price")
		mustContain(t, first, "0 countries", "0 regions", "1 cities", "1 areas", "0 NANPA prefixes")

		second := o.run(t, "inventory", "import", path).mustSucceed(t).stdout
		mustContain(t, second, "0 new numbers", "4 already present", "created: 0 countries, 0 regions, 0 cities, 0 areas, 0 NANPA prefixes, 0 group types, 0 groups, 0 SKUs")

		// The new numbers are on sale through the API of a server on the same database.
		resp := env.Get(t, env.DemoKey, "/available_dids?filter[number_contains]=12124619001")
		if resp.Status != 200 || !strings.Contains(string(resp.Body), "12124619001") {
			t.Fatalf("available_dids: %d %s", resp.Status, resp.Body)
		}
		resp = env.Get(t, env.DemoKey, "/cities?filter[name]=Testham")
		if resp.Status != 200 || !strings.Contains(string(resp.Body), "Testham") {
			t.Fatalf("cities: %d %s", resp.Status, resp.Body)
		}

		stats := o.run(t, "inventory", "stats").mustSucceed(t).stdout
		mustContain(t, stats, "COUNTRY", "United Kingdom", "Toll-free", "TOTAL")

		out := o.run(t, "inventory", "withdraw", "+1 212 461 9001", "19995550000").mustSucceed(t).stdout
		mustContain(t, out, "1 numbers withdrawn, 1 refused", "refused 19995550000: not in the inventory")
		out = o.run(t, "inventory", "withdraw", "12124619001").mustSucceed(t).stdout
		mustContain(t, out, "0 numbers withdrawn, 1 refused", "refused 12124619001: already withdrawn")
		resp = env.Get(t, env.DemoKey, "/available_dids?filter[number_contains]=12124619001")
		if strings.Contains(string(resp.Body), `"12124619001"`) {
			t.Fatalf("withdrawn number still on sale: %s", resp.Body)
		}
		o.run(t, "inventory", "withdraw").mustFail(t, "give numbers")
	})
}

// TestImportMillion imports a generated 1,000,000-row file and reports the
// time. It is slow by design, so it runs only with DIDSTOCK_IMPORT_BENCH=1
// (or =N rows).
func TestImportMillion(t *testing.T) {
	v := os.Getenv("DIDSTOCK_IMPORT_BENCH")
	if v == "" {
		t.Skip("set DIDSTOCK_IMPORT_BENCH=1 (or a row count) to time a large import")
	}
	rows := 1_000_000
	if v != "1" {
		fmt.Sscan(v, &rows)
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := inventory.GenerateCSV(f, rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
	eachEngine(t, func(t *testing.T, engine string) {
		o := newOperator(t, engine)
		out := o.run(t, "inventory", "import", "--quiet", path).mustSucceed(t).stdout
		t.Logf("%s:\n%s", engine, out)
		mustContain(t, out, fmt.Sprintf("%d new numbers", rows))
	})
}
