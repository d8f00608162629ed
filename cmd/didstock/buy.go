package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/didstock/didstock/buying"
)

// pollInterval is how often buy checks a placed order; didstock completes
// orders for numbers in stock within a fraction of a second.
const pollInterval = 300 * time.Millisecond

func runBuy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("buy", stderr)
	var cf clientFlags
	cf.register(fs)
	var c buying.Criteria
	registerCriteria(fs, &c)
	fs.StringVar(&c.Number, "number", "", "buy this exact number, e.g. 12134610101 (--country optional)")
	var o buying.Order
	fs.IntVar(&o.Qty, "qty", 0, "buy this many numbers of a DID group without choosing them")
	fs.BoolVar(&o.Reserve, "reserve", false, "reserve the chosen number first, then order it by reservation")
	noBackOrder := fs.Bool("no-back-order", false, "fail instead of waiting for stock when too few numbers are in stock")
	fs.StringVar(&o.CallbackURL, "callback-url", "", "URL the server calls when the order's status changes")
	yes := fs.Bool("yes", false, "buy the first match without asking (required when not on a terminal)")
	wait := fs.Duration("wait", 2*time.Minute, "how long to wait for the order to complete")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: didstock buy --country US --city \"Los Angeles\" [--channels 2] [--yes] [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("buy: unexpected argument %q (flags only; quote names with spaces)", fs.Arg(0))
	}
	o.NoBackOrder = *noBackOrder
	if *wait <= 0 {
		return fmt.Errorf("buy: --wait %v: want a positive duration", *wait)
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("buy: %w", err)
	}
	b := &buying.Buyer{Client: cl, In: os.Stdin, Interactive: isTerminal(os.Stdin), Yes: *yes,
		UI: stderr, Poll: pollInterval, Wait: *wait}
	res, err := b.Buy(ctx, c, o)
	if res != nil {
		if werr := writeResult(stdout, res, cf.json); werr != nil {
			return werr
		}
	}
	if err != nil {
		return fmt.Errorf("buy: %w", cf.explain(err))
	}
	return nil
}

// writeResult prints what was bought: the numbers, the order reference and
// the amount charged.
func writeResult(w io.Writer, res *buying.Result, asJSON bool) error {
	if asJSON {
		return writeJSON(w, res)
	}
	switch len(res.Numbers) {
	case 0:
	case 1:
		fmt.Fprintf(w, "Bought %s\n", res.Numbers[0])
	default:
		fmt.Fprintf(w, "Bought %d numbers:\n", len(res.Numbers))
		for _, n := range res.Numbers {
			fmt.Fprintf(w, "  %s\n", n)
		}
	}
	_, err := fmt.Fprintf(w, "Order %s (id %s): %s, charged %s\n", res.Reference, res.OrderID, res.Status, buying.Money(res.Amount))
	return err
}
