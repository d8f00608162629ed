package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/didstock/didstock/buying"
	"github.com/didstock/didstock/client"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", stderr)
	var cf clientFlags
	cf.register(fs)
	var c buying.Criteria
	registerCriteria(fs, &c)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: didstock search --country US [--city \"Los Angeles\"] [--type Local] [flags]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("search: unexpected argument %q (flags only; quote names with spaces)", fs.Arg(0))
	}
	if c.Country == "" {
		return fmt.Errorf("search: --country is required")
	}
	cl, err := cf.client()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	cands, err := (&buying.Finder{Client: cl}).Search(ctx, c)
	if err != nil {
		return fmt.Errorf("search: %w", cf.explain(err))
	}
	if cf.json {
		return writeJSON(stdout, searchJSON(cands, c.Channels))
	}
	writeSearchTable(stdout, cands, c.Channels)
	return nil
}

// skusOf returns the group's SKUs, only the one with the wanted channels
// when --channels was given.
func skusOf(g *client.DIDGroup, channels int) []*client.SKU {
	if channels == buying.AnyChannels {
		return g.SKUs
	}
	var out []*client.SKU
	for _, s := range g.SKUs {
		if s.ChannelsIncludedCount == channels {
			out = append(out, s)
		}
	}
	return out
}

func writeSearchTable(w io.Writer, cands []*buying.Candidate, channels int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NUMBER\tAREA\tTYPE\tSKUS (channels: setup / monthly)")
	for _, c := range cands {
		var plans []string
		for _, s := range skusOf(c.Group, channels) {
			plans = append(plans, fmt.Sprintf("%dch: %s / %s", s.ChannelsIncludedCount, buying.Money(s.SetupPrice), buying.Money(s.MonthlyPrice)))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Number(), c.Group.AreaName, orDash(c.TypeName), strings.Join(plans, ", "))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d number(s), a random sample of what is in stock; run again for others.\n", len(cands))
}

type skuJSON struct {
	ID                    string `json:"id"`
	SetupPrice            string `json:"setup_price"`
	MonthlyPrice          string `json:"monthly_price"`
	ChannelsIncludedCount int    `json:"channels_included_count"`
}

type numberJSON struct {
	AvailableDIDID string    `json:"available_did_id"`
	Number         string    `json:"number"`
	DIDGroupID     string    `json:"did_group_id"`
	Area           string    `json:"area"`
	Type           string    `json:"type"`
	SKUs           []skuJSON `json:"skus"`
}

func searchJSON(cands []*buying.Candidate, channels int) []numberJSON {
	out := make([]numberJSON, 0, len(cands))
	for _, c := range cands {
		n := numberJSON{AvailableDIDID: c.AvailableDID.ID, Number: c.Number(), DIDGroupID: c.Group.ID,
			Area: c.Group.AreaName, Type: c.TypeName, SKUs: []skuJSON{}}
		for _, s := range skusOf(c.Group, channels) {
			n.SKUs = append(n.SKUs, skuJSON{s.ID, s.SetupPrice, s.MonthlyPrice, s.ChannelsIncludedCount})
		}
		out = append(out, n)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
