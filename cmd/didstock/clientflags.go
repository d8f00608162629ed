package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/didstock/didstock/buying"
	"github.com/didstock/didstock/client"
)

// clientFlags are the flags every buyer command shares: where the API is,
// the key, and the output format.
type clientFlags struct {
	baseURL, apiKey string
	json            bool
	timeout         time.Duration
}

func (f *clientFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.baseURL, "base-url", envOr("DIDSTOCK_BASE_URL", client.DefaultBaseURL),
		"DIDWW-API-v3-compatible endpoint, didstock or hosted (env DIDSTOCK_BASE_URL)")
	fs.StringVar(&f.apiKey, "api-key", "", "API key (default: env DIDWW_API_KEY)")
	fs.BoolVar(&f.json, "json", false, "print machine-readable JSON instead of text")
	fs.DurationVar(&f.timeout, "request-timeout", 30*time.Second, "give up on one HTTP request after this long")
}

// client builds the API client after checking the flags. The key comes
// from the environment when the flag is unset, read here rather than as
// the flag's default so that -h never prints it.
func (f *clientFlags) client() (*client.Client, error) {
	if f.apiKey == "" {
		f.apiKey = os.Getenv("DIDWW_API_KEY")
	}
	if f.apiKey == "" {
		return nil, fmt.Errorf("no API key: pass --api-key or set DIDWW_API_KEY")
	}
	if !strings.HasPrefix(f.baseURL, "http://") && !strings.HasPrefix(f.baseURL, "https://") {
		return nil, fmt.Errorf("--base-url %q: want an http:// or https:// URL such as %s", f.baseURL, client.DefaultBaseURL)
	}
	if f.timeout <= 0 {
		return nil, fmt.Errorf("--request-timeout %v: want a positive duration", f.timeout)
	}
	return client.New(f.baseURL, f.apiKey,
		client.WithHTTPClient(&http.Client{Timeout: f.timeout}),
		client.WithUserAgent("didstock-cli/1")), nil
}

// explain puts server and network failures in plain words.
func (f *clientFlags) explain(err error) error { return buying.Explain(err, f.baseURL) }

// newFlagSet returns a flag set that reports to stderr and returns errors
// instead of exiting, like the other commands.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseInterspersed parses flags that may come after positional arguments
// ("orders show ID --json"), which package flag alone stops at, and
// returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// wantArgs checks the number of positional arguments.
func wantArgs(cmd string, args []string, n int, what string) error {
	if len(args) != n {
		return fmt.Errorf("%s: want %s, got %d argument(s)", cmd, what, len(args))
	}
	return nil
}

// writeJSON prints v indented, for scripts.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// isTerminal reports whether f is a terminal a person may be typing at.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// registerCriteria adds the search flags shared by buy and search.
func registerCriteria(fs *flag.FlagSet, c *buying.Criteria) {
	fs.StringVar(&c.Country, "country", "", "country: ISO code (US) or name (\"United States\")")
	fs.StringVar(&c.City, "city", "", "city name, e.g. \"Los Angeles\"")
	fs.StringVar(&c.Region, "region", "", "region name, e.g. California")
	fs.StringVar(&c.Area, "area", "", "area name")
	fs.StringVar(&c.Type, "type", "", "DID group type: Local, National, Mobile, Toll-free, …")
	fs.StringVar(&c.NPANXX, "npanxx", "", "North American NPA-NXX, e.g. 212461")
	fs.StringVar(&c.NumberContains, "number-contains", "", "digits the number must contain")
	fs.IntVar(&c.Channels, "channels", buying.AnyChannels,
		"take the SKU with this many included channels (default: the cheapest SKU)")
}
