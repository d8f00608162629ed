package buying

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/didstock/didstock/client"
)

// ErrAborted is returned when the buyer declines at the prompt.
var ErrAborted = errors.New("nothing bought: aborted at the prompt")

// maxPromptTries bounds how often a wrong answer is asked again, so a
// confused script on a pseudo-terminal cannot loop forever.
const maxPromptTries = 5

// prompt asks which candidate to take and returns it. Enter takes the
// first; q (or end of input) aborts.
func prompt(in io.Reader, out io.Writer, n int, cands []*Candidate) (*Candidate, error) {
	r := bufio.NewReader(in)
	for range maxPromptTries {
		fmt.Fprintf(out, "Buy which? [1-%d, Enter for 1, q to quit]: ", n)
		line, err := r.ReadString('\n')
		answer := strings.TrimSpace(line)
		if err != nil && answer == "" {
			fmt.Fprintln(out)
			return nil, ErrAborted
		}
		switch answer {
		case "":
			return cands[0], nil
		case "q", "Q", "quit", "n", "no":
			return nil, ErrAborted
		}
		i, convErr := strconv.Atoi(strings.TrimSuffix(answer, ")"))
		if convErr == nil && i >= 1 && i <= n {
			return cands[i-1], nil
		}
		fmt.Fprintf(out, "%q is not one of 1 to %d.\n", answer, n)
	}
	return nil, ErrAborted
}

// WriteCandidates prints the candidates as a numbered table with their
// prices; qty is what a group candidate would buy.
func WriteCandidates(w io.Writer, cands []*Candidate, qty int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tNUMBER\tAREA\tTYPE\tCHANNELS\tSETUP\tMONTHLY")
	for i, c := range cands {
		number := c.Number()
		if number == "" {
			number = fmt.Sprintf("%d x any of %s (%d in stock)", qty, groupPrefix(c.Group), c.Group.TotalCount)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", i+1, number, c.Group.AreaName, dash(c.TypeName),
			c.SKU.ChannelsIncludedCount, Money(c.SKU.SetupPrice), Money(c.SKU.MonthlyPrice))
	}
	_ = tw.Flush()
}

// groupPrefix is the dialling prefix of a group: "1213461".
func groupPrefix(g *client.DIDGroup) string {
	if g.Prefix != "" {
		return g.Prefix
	}
	return g.AreaName
}

// Money shows an amount with two decimals ("10.0" → "10.00"), or as it
// came when it is not a plain decimal.
func Money(s string) string {
	if s == "" {
		return "-"
	}
	d, err := decimalFrom(s)
	if err != nil {
		return s
	}
	return d.StringFixed(2)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
