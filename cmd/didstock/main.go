// Command didstock is the DID inventory and ordering server, its operator
// tools and a buyer's client. main only dispatches to subcommands; each one
// lives in its own file and takes its arguments and output explicitly.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the HTTP API server", runServe},
		{"accounts", "manage accounts and API keys (operator)", runAccounts},
		{"inventory", "import, count and withdraw numbers in stock (operator)", runInventory},
		{"buy", "find and buy a number in one command (buyer)", runBuy},
		{"search", "list available numbers with their prices (buyer)", runSearch},
		{"orders", "list, show or cancel your orders (buyer)", runOrders},
		{"dids", "list or show the numbers you own (buyer)", runDIDs},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path := os.Getenv("DIDSTOCK_CPUPROFILE"); path != "" {
		// A CPU profile of any command, e.g. an inventory import.
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "didstock:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: didstock <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'didstock <command> -h' for a command's flags.")
}

// envOr returns the environment variable's value, or dflt when unset.
func envOr(name, dflt string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return dflt
}
