package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/didstock/didstock/client"
)

func runDIDs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("dids: want a subcommand: list, show ID|NUMBER")
	}
	switch args[0] {
	case "list":
		return didsList(ctx, args[1:], stdout, stderr)
	case "show":
		return didsShow(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("dids: unknown subcommand %q (want list or show)", args[0])
}

func didsList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("dids list", stderr)
	var cf clientFlags
	cf.register(fs)
	var pf pageFlags
	pf.register(fs)
	number := fs.String("number", "", "only this number")
	orderRef := fs.String("order", "", "only numbers bought by the order with this reference")
	if err := fs.Parse(args); err != nil {
		return err
	}
	q, err := pf.query()
	if err != nil {
		return fmt.Errorf("dids list: %w", err)
	}
	q.Sort, q.Include = []string{"-created_at"}, []string{"order"}
	if *number != "" {
		q = q.Filter("number", digits(*number))
	}
	if *orderRef != "" {
		q = q.Filter("order.reference", *orderRef)
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("dids list: %w", err)
	}
	l, err := cl.ListDIDs(ctx, q)
	if err != nil {
		return fmt.Errorf("dids list: %w", cf.explain(err))
	}
	if cf.json {
		out := make([]didJSON, 0, len(l.Items))
		for _, d := range l.Items {
			out = append(out, toDIDJSON(d))
		}
		return writeJSON(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NUMBER\tCHANNELS\tBOUGHT\tEXPIRES\tORDER\tSTATE\tID")
	for _, d := range l.Items {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", d.Number, d.ChannelsIncludedCount, when(d.CreatedAt),
			whenPtr(d.ExpiresAt), orderRefOf(d), didState(d), d.ID)
	}
	_ = tw.Flush()
	writePageFooter(stdout, len(l.Items), l.Total, l.HasTotal, pf, "numbers")
	return nil
}

func didsShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("dids show", stderr)
	var cf clientFlags
	cf.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("dids show", pos, 1, "one DID id or number"); err != nil {
		return err
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("dids show: %w", err)
	}
	d, err := findDID(ctx, cl, pos[0])
	if err != nil {
		return fmt.Errorf("dids show: %w", cf.explain(err))
	}
	if cf.json {
		return writeJSON(stdout, toDIDJSON(d))
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("Number", d.Number)
	row("ID", d.ID)
	row("State", didState(d))
	row("Channels included", fmt.Sprint(d.ChannelsIncludedCount))
	row("Bought", when(d.CreatedAt))
	row("Expires", whenPtr(d.ExpiresAt))
	row("Order", orderRefOf(d))
	if g := d.DIDGroup; g != nil {
		row("DID group", fmt.Sprintf("%s (%s, prefix %s)", g.AreaName, g.ID, g.Prefix))
	}
	row("Description", orDash(d.Description))
	_ = tw.Flush()
	return nil
}

// findDID fetches a DID by id or, failing that, by number.
func findDID(ctx context.Context, cl *client.Client, idOrNumber string) (*client.DID, error) {
	d, err := cl.GetDID(ctx, idOrNumber, "did_group", "order")
	if err == nil || !client.IsNotFound(err) {
		return d, err
	}
	n := digits(idOrNumber)
	if n == "" {
		return nil, fmt.Errorf("no DID with id %q in this account", idOrNumber)
	}
	l, lerr := cl.ListDIDs(ctx, client.Query{Include: []string{"did_group", "order"}}.Filter("number", n))
	if lerr != nil {
		return nil, lerr
	}
	if len(l.Items) == 0 {
		return nil, fmt.Errorf("no DID with id or number %q in this account", idOrNumber)
	}
	return l.Items[0], nil
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func didState(d *client.DID) string {
	var s []string
	for _, f := range []struct {
		on   bool
		word string
	}{{d.Terminated, "terminated"}, {d.Blocked, "blocked"}, {d.AwaitingRegistration, "awaiting registration"}, {d.PendingRemoval, "pending removal"}} {
		if f.on {
			s = append(s, f.word)
		}
	}
	if len(s) == 0 {
		return "active"
	}
	return strings.Join(s, ", ")
}

func orderRefOf(d *client.DID) string {
	if d.Order != nil && d.Order.Reference != "" {
		return d.Order.Reference
	}
	return orDash(d.OrderID)
}

func whenPtr(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return when(*t)
}

type didJSON struct {
	ID                    string     `json:"id"`
	Number                string     `json:"number"`
	ChannelsIncludedCount int        `json:"channels_included_count"`
	Blocked               bool       `json:"blocked"`
	Terminated            bool       `json:"terminated"`
	AwaitingRegistration  bool       `json:"awaiting_registration"`
	Description           string     `json:"description"`
	CreatedAt             time.Time  `json:"created_at"`
	ExpiresAt             *time.Time `json:"expires_at"`
	OrderID               string     `json:"order_id"`
	OrderReference        string     `json:"order_reference,omitempty"`
	DIDGroupID            string     `json:"did_group_id"`
}

func toDIDJSON(d *client.DID) didJSON {
	out := didJSON{ID: d.ID, Number: d.Number, ChannelsIncludedCount: d.ChannelsIncludedCount, Blocked: d.Blocked,
		Terminated: d.Terminated, AwaitingRegistration: d.AwaitingRegistration, Description: d.Description,
		CreatedAt: d.CreatedAt, ExpiresAt: d.ExpiresAt, OrderID: d.OrderID, DIDGroupID: d.DIDGroupID}
	if d.Order != nil {
		out.OrderReference = d.Order.Reference
	}
	return out
}
