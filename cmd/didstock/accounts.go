package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/ordering"
	"github.com/didstock/didstock/secrets"
	"github.com/didstock/didstock/store"
)

// subcommand is one verb of a command group such as accounts or inventory.
type subcommand struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// dispatch runs the subcommand args[0] of group.
func dispatch(ctx context.Context, group string, subs []subcommand, args []string, stdout, stderr io.Writer) error {
	var names []string
	for _, s := range subs {
		names = append(names, s.name)
	}
	if len(args) == 0 {
		return fmt.Errorf("%s: want a subcommand: %s", group, strings.Join(names, ", "))
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, args[1:], stdout, stderr)
		}
	}
	return fmt.Errorf("%s: unknown subcommand %q (want one of %s)", group, args[0], strings.Join(names, ", "))
}

func runAccounts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "accounts", []subcommand{
		{"create", accountsCreate},
		{"list", accountsList},
		{"show", accountsShow},
		{"top-up", accountsTopUp},
		{"set-credit", accountsSetCredit},
		{"rotate-key", accountsRotateKey},
		{"disable", accountsDisable},
	}, args, stdout, stderr)
}

// parseArgs parses flags that may come before, between or after the
// positional arguments ("show ID --db x" as well as "show --db x ID") and
// checks that exactly the named positionals were given.
// After "--" everything is positional, so a negative amount can be given
// ("top-up ID -- -5").
func parseArgs(fs *flag.FlagSet, args []string, positional ...string) ([]string, error) {
	var pos, tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	pos = append(pos, tail...)
	if len(pos) != len(positional) {
		return nil, fmt.Errorf("%s: want %d argument(s) (%s), got %d", fs.Name(), len(positional), strings.Join(positional, " "), len(pos))
	}
	return pos, nil
}

// withAccountDB parses the flags and the account ID of an account
// subcommand, opens the database and calls fn.
func withAccountDB(ctx context.Context, name string, args []string, stderr io.Writer, extra []string,
	fn func(db *store.DB, id string, rest []string) error) error {
	fs, dbf := operatorFlags("accounts "+name, stderr)
	pos, err := parseArgs(fs, args, append([]string{"ACCOUNT_ID"}, extra...)...)
	if err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := fn(db, pos[0], pos[1:]); err != nil {
		return fmt.Errorf("accounts %s: %w", name, explain(err, pos[0]))
	}
	return nil
}

// explain turns domain errors into plain words for the terminal.
func explain(err error, accountID string) error {
	var de *didstock.Error
	if !errors.As(err, &de) {
		return err
	}
	switch de.Code {
	case didstock.ENOTFOUND:
		return fmt.Errorf("no account with ID %q", accountID)
	case didstock.EINVALID:
		return errors.New(de.Message)
	}
	return err
}

// parseAmount reads a decimal amount, refusing floats' exponent notation
// and anything with more than six decimal places.
func parseAmount(what, s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		return decimal.Decimal{}, fmt.Errorf("%s %q is not a decimal amount (e.g. 25.50)", what, s)
	}
	if !d.Mul(decimal.NewFromInt(1_000_000)).IsInteger() {
		return decimal.Decimal{}, fmt.Errorf("%s %q has more than 6 decimal places", what, s)
	}
	return d, nil
}

func accountsShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withAccountDB(ctx, "show", args, stderr, nil, func(db *store.DB, id string, _ []string) error {
		a, err := db.FindAccount(ctx, id)
		if err != nil {
			return err
		}
		printAccount(stdout, a)
		return nil
	})
}

func accountsTopUp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withAccountDB(ctx, "top-up", args, stderr, []string{"AMOUNT"}, func(db *store.DB, id string, rest []string) error {
		amount, err := parseAmount("amount", rest[0])
		if err != nil {
			return err
		}
		a, err := db.TopUp(ctx, id, amount)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "account %s topped up by %s; balance now %s\n", a.ID, amount.String(), a.Balance.StringFixed(2))
		return nil
	})
}

func accountsSetCredit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withAccountDB(ctx, "set-credit", args, stderr, []string{"AMOUNT"}, func(db *store.DB, id string, rest []string) error {
		credit, err := parseAmount("credit", rest[0])
		if err != nil {
			return err
		}
		if credit.IsNegative() {
			return fmt.Errorf("credit %s must not be negative", rest[0])
		}
		a, err := db.SetCredit(ctx, id, credit)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "account %s credit now %s\n", a.ID, a.Credit.StringFixed(2))
		return nil
	})
}

func accountsRotateKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withAccountDB(ctx, "rotate-key", args, stderr, nil, func(db *store.DB, id string, _ []string) error {
		key, err := db.RotateKey(ctx, id)
		if err != nil {
			return err
		}
		// The key is the last line, alone, so that scripts can take it with tail -1.
		fmt.Fprintf(stdout, "account %s: old keys revoked; new API key, shown only now:\n%s\n", id, key)
		return nil
	})
}

func accountsDisable(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbf := operatorFlags("accounts disable", stderr)
	enable := fs.Bool("enable", false, "enable the account again instead")
	pos, err := parseArgs(fs, args, "ACCOUNT_ID")
	if err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.SetDisabled(ctx, pos[0], !*enable)
	if err != nil {
		return fmt.Errorf("accounts disable: %w", explain(err, pos[0]))
	}
	state := "disabled; its API keys no longer work"
	if !a.Disabled {
		state = "enabled"
	}
	fmt.Fprintf(stdout, "account %s %s\n", a.ID, state)
	return nil
}

func printAccount(w io.Writer, a *didstock.Account) {
	fmt.Fprintf(w, "id:               %s\n", a.ID)
	fmt.Fprintf(w, "name:             %s\n", a.Name)
	fmt.Fprintf(w, "balance:          %s\n", a.Balance.StringFixed(2))
	fmt.Fprintf(w, "credit:           %s\n", a.Credit.StringFixed(2))
	fmt.Fprintf(w, "api version:      %s\n", a.APIVersion)
	fmt.Fprintf(w, "number selection: %v\n", a.NumberSelection)
	fmt.Fprintf(w, "disabled:         %v\n", a.Disabled)
	fmt.Fprintf(w, "created:          %s\n", a.CreatedAt.Format(time.RFC3339))
}

// dbFlags are the flags every operator command shares.
type dbFlags struct {
	dsn, secretFile string
}

func (f *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dsn, "db", envOr("DIDSTOCK_DB", "./didstock.db"), "SQLite file path or postgres:// URL (env DIDSTOCK_DB)")
	fs.StringVar(&f.secretFile, "secret-file", envOr("DIDSTOCK_SECRET_FILE", ""), "server secret file (as for serve)")
}

// operatorFlags starts the flag set of an operator command, with the
// --db and --secret-file flags every one of them takes.
func operatorFlags(name string, stderr io.Writer) (*flag.FlagSet, *dbFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbf := &dbFlags{}
	dbf.register(fs)
	return fs, dbf
}

// open opens the database with the server secret, as the server does.
func (f *dbFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, f.dsn)
	if err != nil {
		return nil, err
	}
	box, err := secrets.LoadOrCreate(app.SecretPath(app.Config{DSN: f.dsn, SecretFile: f.secretFile}))
	if err != nil {
		db.Close()
		return nil, err
	}
	db.SetSecrets(box)
	// Operator changes (an import filling back-orders, say) enqueue follow-up
	// jobs for the servers to work, in the same transactions.
	if _, err := ordering.NewInserter(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func accountsCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbf := operatorFlags("accounts create", stderr)
	name := fs.String("name", "", "account name (required)")
	balance := fs.String("balance", "100.00", "starting balance")
	credit := fs.String("credit", "0", "allowed credit (balance may go this far below zero)")
	version := fs.String("api-version", didstock.APIVersion20220510, "default API version of the account")
	noSelection := fs.Bool("no-number-selection", false, "do not enable the number selection tool (available_dids)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return fmt.Errorf("accounts create: --name is required")
	}
	a := &didstock.Account{Name: *name, APIVersion: *version, NumberSelection: !*noSelection}
	var err error
	if a.Balance, err = parseAmount("accounts create: --balance", *balance); err != nil {
		return err
	}
	if a.Credit, err = parseAmount("accounts create: --credit", *credit); err != nil {
		return err
	}
	if a.Credit.IsNegative() {
		return fmt.Errorf("accounts create: --credit %s must not be negative", *credit)
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := db.CreateAccount(ctx, a)
	if err != nil {
		return fmt.Errorf("accounts create: %w", explain(err, a.ID))
	}
	fmt.Fprintf(stdout, "account %s (%s) created; API key, shown only now:\n%s\n", a.ID, a.Name, key)
	return nil
}

func accountsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbf := operatorFlags("accounts list", stderr)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts, err := db.ListAccounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-36s  %-20s  %12s  %10s  %-10s  %-9s  %s\n", "ID", "NAME", "BALANCE", "CREDIT", "VERSION", "SELECTION", "DISABLED")
	for _, a := range accounts {
		fmt.Fprintf(stdout, "%-36s  %-20s  %12s  %10s  %-10s  %-9v  %v\n", a.ID, a.Name, a.Balance.StringFixed(2), a.Credit.StringFixed(2), a.APIVersion, a.NumberSelection, a.Disabled)
	}
	return nil
}
