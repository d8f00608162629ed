package reftest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that collects Errorf calls, so tests can assert
// on what CompareShape reports without failing themselves. Everything else
// goes to the embedded real test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestDirFromEnv(t *testing.T) {
	existing := t.TempDir()
	tests := []struct {
		name   string
		env    string
		wantOK bool
	}{
		{"existing folder", existing, true},
		{"missing folder", filepath.Join(existing, "nope"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvDir, tt.env)
			got, ok := Dir()
			if got != tt.env || ok != tt.wantOK {
				t.Errorf("Dir() = %q, %v; want %q, %v", got, ok, tt.env, tt.wantOK)
			}
		})
	}
}

func TestDirWalksUp(t *testing.T) {
	root := t.TempDir()
	ref := filepath.Join(root, "shared", "reference")
	deep := filepath.Join(root, "clone", "internal", "pkg")
	for _, d := range []string{ref, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(EnvDir, "")
	t.Chdir(deep)
	got, ok := Dir()
	if !ok || !sameDir(t, got, ref) {
		t.Errorf("Dir() = %q, %v; want %q, true", got, ok, ref)
	}
}

// sameDir compares through EvalSymlinks because TempDir may sit behind a
// symlink (macOS /var -> /private/var) while Getwd reports the real path.
func sameDir(t *testing.T, a, b string) bool {
	t.Helper()
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

func TestRepair(t *testing.T) {
	tests := []struct {
		name, in, want string
		repaired, bad  bool
	}{
		{name: "valid", in: `{"a":1}`, want: `{"a":1}`},
		{name: "leading whitespace", in: "  \n\t{\"a\": 1}\n", want: `{"a":1}`},
		{name: "trailing commas", in: `{"a":[1,2,],"b":{"c":1,},}`, want: `{"a":[1,2],"b":{"c":1}}`, repaired: true},
		{name: "comma in string kept", in: `{"a":"x,}",}`, want: `{"a":"x,}"}`, repaired: true},
		{name: "escaped quote in string", in: `{"a":"q\",]",}`, want: `{"a":"q\",]"}`, repaired: true},
		{name: "stray closing brace", in: `{"a":1}}`, want: `{"a":1}`, repaired: true},
		{name: "csv", in: "a,b\n1,2", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, repaired, err := Repair([]byte(tt.in))
			if (err != nil) != tt.bad {
				t.Fatalf("Repair error = %v, want error %v", err, tt.bad)
			}
			if string(got) != tt.want || repaired != tt.repaired {
				t.Errorf("Repair = %s, %v; want %s, %v", got, repaired, tt.want, tt.repaired)
			}
		})
	}
}

// miniCollection exercises the Postman forms the parser must accept:
// nested folders, URL as object or string, a missing code, an empty body
// and an unparsable body.
const miniCollection = `{"item":[{"name":"Folder","item":[
 {"name":"Get Things","request":{"url":{"raw":"https://x/v3/things"}},"response":[
  {"name":"200 Ok","code":200,"body":"{\"data\":[],}","originalRequest":{"url":"https://x/v3/things?a=1"}},
  {"name":"404 Not Found","body":"{\"errors\":[{\"title\":\"Record not found\"}]}"},
  {"name":"200 CSV","code":200,"body":"a,b\n1,2"}
 ]},
 {"name":"Delete Thing","request":{"url":"https://x/v3/things/1"},"response":[{"name":"204","code":204,"body":""}]}
]}]}`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(miniCollection))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.RequestNames(), ","); got != "Get Things,Delete Thing" {
		t.Errorf("RequestNames = %s", got)
	}
	ok, found := c.Example("Get Things", 200)
	if !found || string(ok.Body) != `{"data":[]}` || ok.URL != "https://x/v3/things?a=1" {
		t.Errorf("Example 200 = %+v, %v", ok, found)
	}
	if errs := c.ErrorExamples("Get Things"); len(errs) != 1 || errs[0].Code != 404 {
		t.Errorf("ErrorExamples = %+v, want one 404 (code read from the name)", errs)
	}
	if del := c.Examples("Delete Thing"); len(del) != 1 || del[0].Body != nil || del[0].URL != "https://x/v3/things/1" {
		t.Errorf("Delete examples = %+v", del)
	}
	if len(c.Skipped) != 1 || c.Skipped[0].Example != "200 CSV" {
		t.Errorf("Skipped = %+v, want the CSV body", c.Skipped)
	}
	if len(c.Repaired) != 1 {
		t.Errorf("Repaired = %v, want the trailing-comma body", c.Repaired)
	}
}
