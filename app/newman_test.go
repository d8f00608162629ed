package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/didstock/didstock/app"
	"github.com/didstock/didstock/internal/reftest"
	"github.com/didstock/didstock/internal/testapp"
)

// TestNewmanScenarios runs the reference's purchase scenarios unmodified
// under newman against didstock served over TLS, as a user would. It skips
// when newman is not on PATH or the reference folder is absent.
//
// Every step must pass, and every scenario must get as far as its order
// (POST /v3/orders): the scenarios chain their steps with setNextRequest,
// so a run that stops early would otherwise pass with fewer assertions.
func TestNewmanScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("newman scenarios take seconds; skipped with -short")
	}
	t.Parallel()
	newman, err := exec.LookPath("newman")
	if err != nil {
		t.Skip("newman not on PATH; npm install -g newman to run the reference scenarios")
	}
	dir, ok := reftest.Dir()
	if !ok {
		t.Skip("reference folder not found; skipping the newman scenarios")
	}
	scenarios, _ := filepath.Glob(filepath.Join(dir, "scenarios", "*.postman_collection.json"))
	if len(scenarios) == 0 {
		t.Skip("no scenario collections in " + dir)
	}
	cert, key := selfSignedCert(t)
	testapp.Each(t, func(t *testing.T, env *testapp.Env) {
		envFile := newmanEnv(t, env)
		for _, sc := range scenarios {
			t.Run(filepath.Base(sc), func(t *testing.T) { runNewman(t, newman, sc, envFile) })
		}
	}, testapp.WithConfig(func(c *app.Config) { c.TLSCert, c.TLSKey = cert, key }))
}

// newmanEnv writes the environment file the scenarios expect: host and
// apiKey, pointing at env's server.
func newmanEnv(t *testing.T, env *testapp.Env) string {
	t.Helper()
	u, err := url.Parse(env.BaseURL)
	if err != nil || u.Scheme != "https" {
		t.Fatalf("server URL %q: want https (%v)", env.BaseURL, err)
	}
	doc := map[string]any{"name": "didstock", "values": []map[string]any{
		{"key": "host", "value": u.Host, "enabled": true},
		{"key": "apiKey", "value": env.DemoKey, "enabled": true},
	}}
	raw, _ := json.Marshal(doc)
	path := filepath.Join(t.TempDir(), "environment.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// newmanReport is the part of newman's JSON report we read.
type newmanReport struct {
	Run struct {
		Executions []struct {
			Item    struct{ Name string } `json:"item"`
			Request struct {
				Method string `json:"method"`
			} `json:"request"`
			RequestError any `json:"requestError"`
			Assertions   []struct {
				Assertion string `json:"assertion"`
				Error     *struct {
					Message string `json:"message"`
				} `json:"error"`
			} `json:"assertions"`
		} `json:"executions"`
	} `json:"run"`
}

func runNewman(t *testing.T, newman, collection, envFile string) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, newman, "run", collection, "-e", envFile, "--insecure",
		"--timeout-request", "10000", "--reporters", "cli,json", "--reporter-json-export", report)
	out, runErr := cmd.CombinedOutput()
	raw, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("newman wrote no report (%v): %v\n%s", runErr, err, out)
	}
	var rep newmanReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("newman report: %v", err)
	}
	if len(rep.Run.Executions) == 0 {
		t.Fatalf("newman ran no request:\n%s", out)
	}
	ordered := false
	for _, ex := range rep.Run.Executions {
		ordered = ordered || ex.Request.Method == "POST"
		var problems []string
		if ex.RequestError != nil {
			problems = append(problems, "request failed")
		}
		for _, a := range ex.Assertions {
			if a.Error != nil {
				problems = append(problems, a.Assertion+": "+a.Error.Message)
			}
		}
		if len(problems) == 0 {
			t.Logf("%s %s: passed", ex.Request.Method, ex.Item.Name)
		} else {
			t.Errorf("%s %s: %v\n%s", ex.Request.Method, ex.Item.Name, problems, out)
		}
	}
	if !ordered {
		t.Errorf("the scenario never reached its order step:\n%s", out)
	}
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key, for
// serving HTTPS as the scenarios' https://{{host}} URLs require.
func selfSignedCert(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "didstock test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write := func(path, typ string, b []byte) {
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(certFile, "CERTIFICATE", der)
	write(keyFile, "EC PRIVATE KEY", keyDER)
	return certFile, keyFile
}
