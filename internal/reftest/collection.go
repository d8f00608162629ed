package reftest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Example is one example response of a request in a collection.
type Example struct {
	Name string // e.g. "200 Ok (Simple request)"
	Code int    // HTTP status
	// Body is valid JSON (repaired if the collection's text was not), or
	// nil when the example has no body (204, for instance).
	Body []byte
	URL  string // the raw URL of the example's original request
}

// Skipped records an example body that was not valid JSON even after
// repair (CSV exports, for instance); such examples are left out of
// Examples so callers never see unparsable bodies.
type Skipped struct {
	Request, Example string
	Err              string
}

// Collection is a parsed Postman collection, indexed by request name.
type Collection struct {
	Version string
	Path    string
	// Skipped lists bodies that could not be parsed.
	Skipped []Skipped
	// Repaired lists "request / example" whose body needed repair.
	Repaired []string

	names    []string // in collection order
	examples map[string][]Example
}

// postmanItem is the subset of a Postman v2.1 item we need: folders have
// Item, requests have Request and Response.
type postmanItem struct {
	Name     string            `json:"name"`
	Item     []postmanItem     `json:"item"`
	Request  json.RawMessage   `json:"request"`
	Response []postmanResponse `json:"response"`
}

type postmanResponse struct {
	Name            string          `json:"name"`
	Code            int             `json:"code"`
	Body            *string         `json:"body"`
	OriginalRequest json.RawMessage `json:"originalRequest"`
}

// ParseFile reads and indexes the collection at path.
func ParseFile(path, version string) (*Collection, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c.Version, c.Path = version, path
	return c, nil
}

// Parse indexes a collection's JSON text.
func Parse(raw []byte) (*Collection, error) {
	var root postmanItem
	if err := json.Unmarshal(raw, &root); err != nil {
		return nil, fmt.Errorf("not a Postman collection: %w", err)
	}
	c := &Collection{examples: map[string][]Example{}}
	c.walk(root.Item)
	return c, nil
}

func (c *Collection) walk(items []postmanItem) {
	for _, it := range items {
		if len(it.Request) == 0 {
			c.walk(it.Item)
			continue
		}
		c.addRequest(it)
	}
}

func (c *Collection) addRequest(it postmanItem) {
	if _, seen := c.examples[it.Name]; !seen {
		c.names = append(c.names, it.Name)
		c.examples[it.Name] = []Example{}
	}
	fallbackURL := rawURL(it.Request)
	for _, r := range it.Response {
		ex, ok := c.example(it.Name, r)
		if !ok {
			continue
		}
		if ex.URL == "" {
			ex.URL = fallbackURL
		}
		c.examples[it.Name] = append(c.examples[it.Name], ex)
	}
}

// example converts one response, repairing its body; ok is false when the
// body is unusable (and then it is recorded in Skipped).
func (c *Collection) example(request string, r postmanResponse) (Example, bool) {
	ex := Example{Name: r.Name, Code: r.Code, URL: rawURL(r.OriginalRequest)}
	if ex.Code == 0 {
		ex.Code = leadingCode(r.Name)
	}
	if r.Body == nil || strings.TrimSpace(*r.Body) == "" {
		return ex, true
	}
	body, repaired, err := Repair([]byte(*r.Body))
	if err != nil {
		c.Skipped = append(c.Skipped, Skipped{Request: request, Example: r.Name, Err: err.Error()})
		return ex, false
	}
	if repaired {
		c.Repaired = append(c.Repaired, request+" / "+r.Name)
	}
	ex.Body = body
	return ex, true
}

// leadingCode reads "404 Not Found" as 404, for examples without a code.
func leadingCode(name string) int {
	f := strings.Fields(name)
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(f[0])
	return n
}

// rawURL accepts both Postman URL forms: a plain string or {"raw": ...},
// inside a request object (or a bare string request).
func rawURL(req json.RawMessage) string {
	var r struct {
		URL json.RawMessage `json:"url"`
	}
	if json.Unmarshal(req, &r) != nil || len(r.URL) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(r.URL, &s) == nil {
		return s
	}
	var u struct {
		Raw string `json:"raw"`
	}
	_ = json.Unmarshal(r.URL, &u)
	return u.Raw
}

// RequestNames lists the request names in collection order.
func (c *Collection) RequestNames() []string {
	return append([]string(nil), c.names...)
}

// Examples returns every usable example of the request, in collection
// order; nil when there is no such request.
func (c *Collection) Examples(requestName string) []Example {
	return append([]Example(nil), c.examples[requestName]...)
}

// Example returns the first example of the request with the given status.
func (c *Collection) Example(requestName string, code int) (Example, bool) {
	for _, ex := range c.examples[requestName] {
		if ex.Code == code {
			return ex, true
		}
	}
	return Example{}, false
}

// SuccessExamples returns the 2xx examples of the request.
func (c *Collection) SuccessExamples(requestName string) []Example {
	return c.filter(requestName, func(code int) bool { return code >= 200 && code < 300 })
}

// ErrorExamples returns the non-2xx examples of the request, for comparing
// error documents.
func (c *Collection) ErrorExamples(requestName string) []Example {
	return c.filter(requestName, func(code int) bool { return code < 200 || code >= 300 })
}

func (c *Collection) filter(requestName string, keep func(int) bool) []Example {
	var out []Example
	for _, ex := range c.examples[requestName] {
		if keep(ex.Code) {
			out = append(out, ex)
		}
	}
	return out
}

// Find returns request names containing substr (case-insensitive), sorted;
// handy for discovering the exact spelling ("Get DID reservations").
func (c *Collection) Find(substr string) []string {
	var out []string
	for _, n := range c.names {
		if strings.Contains(strings.ToLower(n), strings.ToLower(substr)) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Repair returns body as valid, compact JSON. The collections' example
// bodies are hand-written and some carry leading whitespace, trailing
// commas or stray closing braces; those are fixed. repaired reports whether
// anything beyond whitespace had to change.
func Repair(body []byte) (out []byte, repaired bool, err error) {
	body = bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\ufeff"))
	if json.Valid(body) {
		return compact(body), false, nil
	}
	fixed := dropStrayClosers(stripTrailingCommas(body))
	if !json.Valid(fixed) {
		var v any
		err = json.Unmarshal(body, &v)
		return nil, false, fmt.Errorf("invalid JSON even after repair: %v", err)
	}
	return compact(fixed), true, nil
}

func compact(b []byte) []byte {
	var buf bytes.Buffer
	_ = json.Compact(&buf, b) // only called on valid JSON
	return buf.Bytes()
}

// stripTrailingCommas removes commas that are followed (after whitespace)
// by '}' or ']', outside string literals.
func stripTrailingCommas(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inStr, esc := false, false
	for i, ch := range b {
		switch {
		case inStr:
			inStr, esc = stringState(ch, esc)
		case ch == '"':
			inStr = true
		case ch == ',' && closesNext(b[i+1:]):
			continue
		}
		out = append(out, ch)
	}
	return out
}

// stringState advances the scanner inside a string literal: it returns
// whether we are still inside and whether the next byte is escaped.
func stringState(ch byte, esc bool) (inStr, nextEsc bool) {
	if esc {
		return true, false
	}
	if ch == '\\' {
		return true, true
	}
	return ch != '"', false
}

func closesNext(rest []byte) bool {
	rest = bytes.TrimLeft(rest, " \t\r\n")
	return len(rest) > 0 && (rest[0] == '}' || rest[0] == ']')
}

// dropStrayClosers keeps the first complete JSON value when all that
// follows it is whitespace and closing brackets (a copy-paste leftover).
func dropStrayClosers(b []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(b))
	var v json.RawMessage
	if dec.Decode(&v) != nil {
		return b
	}
	rest := b[dec.InputOffset():]
	if len(bytes.Trim(rest, " \t\r\n}]")) != 0 {
		return b
	}
	return v
}
