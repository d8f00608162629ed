package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/didstock/didstock/inventory"
	"github.com/didstock/didstock/store"
)

func runInventory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "inventory", []subcommand{
		{"import", inventoryImport},
		{"stats", inventoryStats},
		{"withdraw", inventoryWithdraw},
		{"gen-csv", inventoryGenCSV}, // test helper: a valid CSV of any size
	}, args, stdout, stderr)
}

// maxRejectionsShown bounds the rejection report on the terminal; --rejects
// writes all of them to a file.
const maxRejectionsShown = 50

func inventoryImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbf := operatorFlags("inventory import", stderr)
	rejects := fs.String("rejects", "", "write every rejected row (line, number, reason) to this CSV file")
	quiet := fs.Bool("quiet", false, "no progress output")
	pos, err := parseArgs(fs, args, "FILE")
	if err != nil {
		return err
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("inventory import: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var prog *progress
	if !*quiet {
		prog = newProgress(stderr, st.Size())
	}
	rep, err := inventory.Import(ctx, db, f, inventory.Options{Progress: prog.update})
	prog.done()
	if err != nil {
		return fmt.Errorf("inventory import %s: %w", pos[0], err)
	}
	printImportReport(stdout, pos[0], rep)
	if *rejects != "" {
		if err := writeRejects(*rejects, rep.Rejected); err != nil {
			return err
		}
	}
	return nil
}

func printImportReport(w io.Writer, file string, rep *inventory.Report) {
	c := rep.Created
	fmt.Fprintf(w, "%s: %d rows in %v\n", file, rep.Rows, rep.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "  %d new numbers in stock (%d groups), %d already present, %d rejected\n",
		rep.Added, rep.GroupsHit, rep.Present, len(rep.Rejected))
	fmt.Fprintf(w, "  created: %d countries, %d regions, %d cities, %d areas, %d NANPA prefixes, %d group types, %d groups, %d SKUs\n",
		c.Countries, c.Regions, c.Cities, c.Areas, c.NanpaPrefixes, c.Types, c.Groups, c.SKUs)
	if rep.BackOrdersCompleted > 0 {
		fmt.Fprintf(w, "  %d back-ordered orders completed\n", rep.BackOrdersCompleted)
	}
	if rep.WakeErr != nil {
		fmt.Fprintf(w, "  waking back-orders failed (the server retries them): %v\n", rep.WakeErr)
	}
	for i, r := range rep.Rejected {
		if i == maxRejectionsShown {
			fmt.Fprintf(w, "  … and %d more rejected rows (use --rejects FILE for all)\n", len(rep.Rejected)-i)
			break
		}
		fmt.Fprintf(w, "  line %d: %s\n", r.Line, r.Reason)
	}
}

func writeRejects(path string, rs []inventory.Rejection) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "line,number,reason")
	for _, r := range rs {
		fmt.Fprintf(w, "%d,%s,%q\n", r.Line, r.Number, r.Reason)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// progress draws a bar on a terminal and prints a line every few seconds
// otherwise, so that a long import in a log still shows it is alive.
type progress struct {
	w        io.Writer
	total    int64
	tty      bool
	started  time.Time
	last     time.Time
	lastRows int
}

func newProgress(w io.Writer, total int64) *progress {
	p := &progress{w: w, total: total, started: time.Now()}
	if f, ok := w.(*os.File); ok {
		p.tty = term.IsTerminal(int(f.Fd()))
	}
	return p
}

func (p *progress) update(pr inventory.Progress) {
	if p == nil {
		return
	}
	now := time.Now()
	every := 5 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last, p.lastRows = now, pr.Rows
	frac := 0.0
	if p.total > 0 {
		frac = min(1, float64(pr.Bytes)/float64(p.total))
	}
	if !p.tty {
		fmt.Fprintf(p.w, "import: %d rows read (%.0f%%) after %v\n", pr.Rows, frac*100, now.Sub(p.started).Round(time.Second))
		return
	}
	const width = 30
	filled := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %d rows", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), frac*100, pr.Rows)
}

func (p *progress) done() {
	if p != nil && p.tty && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
}

func inventoryStats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbf := operatorFlags("inventory stats", stderr)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	lines, err := db.StockStats(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "COUNTRY\tISO\tTYPE\tGROUPS\tIN STOCK\t")
	total := 0
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t\n", l.Country, l.ISO, l.Type, l.Groups, l.InStock)
		total += l.InStock
	}
	fmt.Fprintf(tw, "TOTAL\t\t\t\t%d\t\n", total)
	return tw.Flush()
}

func inventoryWithdraw(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dbf := operatorFlags("inventory withdraw", stderr)
	file := fs.String("file", "", "file of numbers to withdraw, one per line ('-' for standard input)")
	group := fs.String("group", "", "withdraw every number in stock of this DID group ID")
	var numbers []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		numbers, args = append(numbers, fs.Arg(0)), fs.Args()[1:]
	}
	if *file != "" {
		more, err := readNumberFile(*file)
		if err != nil {
			return fmt.Errorf("inventory withdraw: %w", err)
		}
		numbers = append(numbers, more...)
	}
	numbers = store.NormalizeNumbers(numbers)
	if len(numbers) == 0 && *group == "" {
		return fmt.Errorf("inventory withdraw: give numbers as arguments, --file or --group")
	}
	db, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Withdraw(ctx, numbers, *group)
	if err != nil {
		return fmt.Errorf("inventory withdraw: %w", err)
	}
	fmt.Fprintf(stdout, "%d numbers withdrawn, %d refused\n", len(res.Withdrawn), len(res.Refused))
	for _, r := range res.Refused {
		fmt.Fprintf(stdout, "  refused %s: %s\n", r.Number, r.Reason)
	}
	return nil
}

func readNumberFile(path string) ([]string, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

func inventoryGenCSV(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("inventory gen-csv", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rows := fs.Int("rows", 1000, "number of rows")
	out := fs.String("out", "-", "output file ('-' for standard output)")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if *rows <= 0 {
		return fmt.Errorf("inventory gen-csv: --rows must be positive")
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := inventory.GenerateCSV(bw, *rows); err != nil {
		return err
	}
	return bw.Flush()
}
