package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/secrets"
	"github.com/didstock/didstock/store"
)

func runAccounts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("accounts: want a subcommand: create, list")
	}
	switch args[0] {
	case "create":
		return accountsCreate(ctx, args[1:], stdout, stderr)
	case "list":
		return accountsList(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("accounts: unknown subcommand %q", args[0])
}

// dbFlags are the flags every operator command shares.
type dbFlags struct {
	dsn, secretFile string
}

func (f *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dsn, "db", envOr("DIDSTOCK_DB", "./didstock.db"), "SQLite file path or postgres:// URL (env DIDSTOCK_DB)")
	fs.StringVar(&f.secretFile, "secret-file", envOr("DIDSTOCK_SECRET_FILE", ""), "server secret file (as for serve)")
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
	return db, nil
}

func accountsCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("accounts create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var dbf dbFlags
	dbf.register(fs)
	name := fs.String("name", "", "account name (required)")
	balance := fs.String("balance", "100.00", "starting balance")
	credit := fs.String("credit", "0", "allowed credit (balance may go this far below zero)")
	version := fs.String("api-version", didstock.APIVersion20220510, "default API version of the account")
	noSelection := fs.Bool("no-number-selection", false, "do not enable the number selection tool (available_dids)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" {
		return fmt.Errorf("accounts create: --name is required")
	}
	a := &didstock.Account{Name: *name, APIVersion: *version, NumberSelection: !*noSelection}
	var err error
	if a.Balance, err = decimal.NewFromString(*balance); err != nil {
		return fmt.Errorf("accounts create: --balance %q is not a decimal amount", *balance)
	}
	if a.Credit, err = decimal.NewFromString(*credit); err != nil {
		return fmt.Errorf("accounts create: --credit %q is not a decimal amount", *credit)
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := db.CreateAccount(ctx, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %s (%s) created; API key, shown only now:\n%s\n", a.ID, a.Name, key)
	return nil
}

func accountsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("accounts list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var dbf dbFlags
	dbf.register(fs)
	if err := fs.Parse(args); err != nil {
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
	fmt.Fprintf(stdout, "%-36s  %-20s  %12s  %10s  %-10s  %s\n", "ID", "NAME", "BALANCE", "CREDIT", "VERSION", "SELECTION")
	for _, a := range accounts {
		fmt.Fprintf(stdout, "%-36s  %-20s  %12s  %10s  %-10s  %v\n", a.ID, a.Name, a.Balance.StringFixed(2), a.Credit.StringFixed(2), a.APIVersion, a.NumberSelection)
	}
	return nil
}
