package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/didstock/didstock/buying"
	"github.com/didstock/didstock/client"
)

func runOrders(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("orders: want a subcommand: list, show ID|REFERENCE, cancel ID|REFERENCE")
	}
	switch args[0] {
	case "list":
		return ordersList(ctx, args[1:], stdout, stderr)
	case "show":
		return ordersShow(ctx, args[1:], stdout, stderr)
	case "cancel":
		return ordersCancel(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("orders: unknown subcommand %q (want list, show or cancel)", args[0])
}

// pageFlags page through a list.
type pageFlags struct{ page, size int }

func (p *pageFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&p.page, "page", 1, "page number, from 1")
	fs.IntVar(&p.size, "per-page", 20, "rows per page, 1 to 100")
}

func (p *pageFlags) query() (client.Query, error) {
	if p.page < 1 {
		return client.Query{}, fmt.Errorf("--page %d: want 1 or more", p.page)
	}
	if p.size < 1 || p.size > 100 {
		return client.Query{}, fmt.Errorf("--per-page %d: want 1 to 100", p.size)
	}
	return client.Query{PageNumber: p.page, PageSize: p.size}, nil
}

// writePageFooter says where the page is in the whole list.
func writePageFooter(w io.Writer, shown, total int, hasTotal bool, p pageFlags, what string) {
	if !hasTotal {
		fmt.Fprintf(w, "%d %s\n", shown, what)
		return
	}
	fmt.Fprintf(w, "%d of %d %s", shown, total, what)
	if (p.page-1)*p.size+shown < total {
		fmt.Fprintf(w, "; --page %d for more", p.page+1)
	}
	fmt.Fprintln(w)
}

func ordersList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("orders list", stderr)
	var cf clientFlags
	cf.register(fs)
	var pf pageFlags
	pf.register(fs)
	status := fs.String("status", "", "only orders with this status: pending, completed or canceled")
	reference := fs.String("reference", "", "only the order with this reference")
	if err := fs.Parse(args); err != nil {
		return err
	}
	q, err := pf.query()
	if err != nil {
		return fmt.Errorf("orders list: %w", err)
	}
	q.Sort = []string{"-created_at"}
	if *status != "" {
		q = q.Filter("status", *status)
	}
	if *reference != "" {
		q = q.Filter("reference", *reference)
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("orders list: %w", err)
	}
	l, err := cl.ListOrders(ctx, q)
	if err != nil {
		return fmt.Errorf("orders list: %w", cf.explain(err))
	}
	if cf.json {
		out := make([]orderJSON, 0, len(l.Items))
		for _, o := range l.Items {
			out = append(out, toOrderJSON(o, nil))
		}
		return writeJSON(stdout, out)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REFERENCE\tSTATUS\tAMOUNT\tCREATED\tDESCRIPTION\tID")
	for _, o := range l.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.Reference, o.Status, buying.Money(o.Amount), when(o.CreatedAt), orDash(o.Description), o.ID)
	}
	_ = tw.Flush()
	writePageFooter(stdout, len(l.Items), l.Total, l.HasTotal, pf, "orders")
	return nil
}

// findOrder fetches an order by id or, failing that, by reference, which
// is what a buyer has in hand after buy.
func findOrder(ctx context.Context, cl *client.Client, idOrRef string) (*client.Order, error) {
	o, err := cl.GetOrder(ctx, idOrRef)
	if err == nil || !client.IsNotFound(err) {
		return o, err
	}
	l, lerr := cl.ListOrders(ctx, client.Query{}.Filter("reference", idOrRef))
	if lerr != nil {
		return nil, lerr
	}
	if len(l.Items) == 0 {
		return nil, fmt.Errorf("no order with id or reference %q in this account", idOrRef)
	}
	return l.Items[0], nil
}

func ordersShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("orders show", stderr)
	var cf clientFlags
	cf.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("orders show", pos, 1, "one order id or reference"); err != nil {
		return err
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("orders show: %w", err)
	}
	o, err := findOrder(ctx, cl, pos[0])
	if err != nil {
		return fmt.Errorf("orders show: %w", cf.explain(err))
	}
	dids, err := cl.ListDIDs(ctx, client.Query{PageSize: 100}.Filter("order.id", o.ID))
	if err != nil {
		return fmt.Errorf("orders show: numbers of the order: %w", cf.explain(err))
	}
	if cf.json {
		return writeJSON(stdout, toOrderJSON(o, dids.Items))
	}
	writeOrder(stdout, o, dids.Items)
	return nil
}

func writeOrder(w io.Writer, o *client.Order, dids []*client.DID) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(k, v string) { fmt.Fprintf(tw, "%s\t%s\n", k, v) }
	row("Order", o.Reference)
	row("ID", o.ID)
	row("Status", o.Status)
	row("Amount", buying.Money(o.Amount))
	row("Created", when(o.CreatedAt))
	row("Description", orDash(o.Description))
	if o.ExternalReferenceID != "" {
		row("External reference", o.ExternalReferenceID)
	}
	if o.CallbackURL != "" {
		row("Callback", o.CallbackMethod+" "+o.CallbackURL)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "\nItems:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  QTY\tSETUP\tMONTHLY\tNRC\tMRC\tDID GROUP")
	for _, it := range o.Items {
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", it.Qty, buying.Money(it.SetupPrice), buying.Money(it.MonthlyPrice),
			buying.Money(it.NRC), buying.Money(it.MRC), orDash(it.DIDGroupID))
	}
	_ = tw.Flush()
	if len(dids) == 0 {
		fmt.Fprintln(w, "\nNo numbers yet.")
		return
	}
	fmt.Fprintln(w, "\nNumbers:")
	for _, d := range dids {
		fmt.Fprintf(w, "  %s  (DID %s)\n", d.Number, d.ID)
	}
}

func ordersCancel(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("orders cancel", stderr)
	var cf clientFlags
	cf.register(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs("orders cancel", pos, 1, "one order id or reference"); err != nil {
		return err
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("orders cancel: %w", err)
	}
	o, err := findOrder(ctx, cl, pos[0])
	if err != nil {
		return fmt.Errorf("orders cancel: %w", cf.explain(err))
	}
	if o.Status != client.StatusPending {
		return fmt.Errorf("orders cancel: order %s is %s; only pending (back-ordered) orders can be canceled", o.Reference, o.Status)
	}
	if err := cl.CancelOrder(ctx, o.ID); err != nil {
		return fmt.Errorf("orders cancel: %w", cf.explain(err))
	}
	after, err := cl.GetOrder(ctx, o.ID)
	if err != nil {
		return fmt.Errorf("orders cancel: canceled, but reading the order back failed: %w", cf.explain(err))
	}
	if cf.json {
		return writeJSON(stdout, toOrderJSON(after, nil))
	}
	fmt.Fprintf(stdout, "Order %s is %s.\n", after.Reference, after.Status)
	return nil
}

type orderItemJSON struct {
	Qty          int    `json:"qty"`
	SetupPrice   string `json:"setup_price"`
	MonthlyPrice string `json:"monthly_price"`
	NRC          string `json:"nrc"`
	MRC          string `json:"mrc"`
	DIDGroupID   string `json:"did_group_id,omitempty"`
}

type orderJSON struct {
	ID                  string          `json:"id"`
	Reference           string          `json:"reference"`
	Status              string          `json:"status"`
	Amount              string          `json:"amount"`
	CreatedAt           time.Time       `json:"created_at"`
	Description         string          `json:"description"`
	ExternalReferenceID string          `json:"external_reference_id,omitempty"`
	CallbackURL         string          `json:"callback_url,omitempty"`
	Items               []orderItemJSON `json:"items"`
	Numbers             []string        `json:"numbers,omitempty"`
}

func toOrderJSON(o *client.Order, dids []*client.DID) orderJSON {
	out := orderJSON{ID: o.ID, Reference: o.Reference, Status: o.Status, Amount: o.Amount, CreatedAt: o.CreatedAt,
		Description: o.Description, ExternalReferenceID: o.ExternalReferenceID, CallbackURL: o.CallbackURL,
		Items: []orderItemJSON{}}
	for _, it := range o.Items {
		out.Items = append(out.Items, orderItemJSON{it.Qty, it.SetupPrice, it.MonthlyPrice, it.NRC, it.MRC, it.DIDGroupID})
	}
	for _, d := range dids {
		out.Numbers = append(out.Numbers, d.Number)
	}
	return out
}

// when shows a time in the local zone to the minute, "-" when unset.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}
