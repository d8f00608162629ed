package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The load generator is vegeta used as a library, in closed loop: with
// Workers = MaxWorkers = N and a zero rate (vegeta's "as fast as
// possible"), vegeta's pacer hands a tick to whichever of its N workers is
// free, so N requests are in flight at any time and each worker sends its
// next request as soon as the previous answer is read. See
// docs/decisions.md.

// request is one request of a scenario, before the base URL is applied.
type request struct {
	method string
	path   string // path and query, from /v3/...
	body   []byte
	key    string // Api-Key
	// thenDelete, when set, makes the transport follow a 201 with DELETE
	// thenDelete + the created resource's id; the pair counts as one request.
	thenDelete string
}

// errExhausted ends an attack whose scenario ran out of targets (e.g. every
// number of the pool sold); such results are not counted.
var errExhausted = errors.New("bench: target pool exhausted")

// target turns the scenario's requests into a vegeta targeter against
// base. For the baseline, size is the canned answer's length and every path
// becomes /size/N with the same method, headers and body.
func target(next func(i uint64) (request, bool), base string, baselineSize int) vegeta.Targeter {
	var seq atomic.Uint64
	return func(t *vegeta.Target) error {
		r, ok := next(seq.Add(1) - 1)
		if !ok {
			return errExhausted
		}
		t.Method, t.Body = r.method, r.body
		t.Header = http.Header{"Accept": {"application/vnd.api+json"}, "Api-Key": {r.key}}
		if r.body != nil {
			t.Header.Set("Content-Type", "application/vnd.api+json")
		}
		if baselineSize >= 0 {
			t.URL = fmt.Sprintf("%s/size/%d%s", base, baselineSize, r.path)
			if r.thenDelete != "" {
				t.Header.Set(thenDeleteHeader, base+"/size/0/")
			}
		} else {
			t.URL = base + r.path
			if r.thenDelete != "" {
				t.Header.Set(thenDeleteHeader, base+r.thenDelete)
			}
		}
		return nil
	}
}

const thenDeleteHeader = "X-Bench-Then-Delete"

// chainTransport carries out thenDelete: POST, read the id of the created
// resource, DELETE it, and answer with the POST's response, or with the
// DELETE's when that one failed.
type chainTransport struct{ base http.RoundTripper }

func (c chainTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	prefix := req.Header.Get(thenDeleteHeader)
	if prefix == "" {
		return c.base.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Del(thenDeleteHeader)
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.StatusCode != http.StatusCreated {
		return resp, nil
	}
	var doc struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Data.ID == "" {
		return nil, fmt.Errorf("bench: no id in the created resource: %.200s", body)
	}
	del, err := http.NewRequestWithContext(req.Context(), http.MethodDelete, prefix+doc.Data.ID, nil)
	if err != nil {
		return nil, err
	}
	del.Header.Set("Accept", req.Header.Get("Accept"))
	del.Header.Set("Api-Key", req.Header.Get("Api-Key"))
	dresp, err := c.base.RoundTrip(del)
	if err != nil {
		return nil, err
	}
	dbody, _ := io.ReadAll(dresp.Body)
	dresp.Body.Close()
	if dresp.StatusCode != http.StatusNoContent {
		dresp.Body = io.NopCloser(bytes.NewReader(dbody))
		return dresp, nil
	}
	return resp, nil
}

// clientTimeout bounds one request (a reservation pair counts as one).
const clientTimeout = 30 * time.Second

// newClient is the HTTP client of every attack: keep-alive connections to
// loopback, enough idle ones for 64 workers, and the chaining transport.
func newClient() *http.Client {
	tr := &http.Transport{
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: chainTransport{base: tr}, Timeout: clientTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// runStats are the figures of one attack.
type runStats struct {
	Requests   int           `json:"requests"`
	Errors     int           `json:"errors"`
	Elapsed    time.Duration `json:"elapsed_ns"`
	RPS        float64       `json:"rps"`
	P50        time.Duration `json:"p50_ns"`
	P99        time.Duration `json:"p99_ns"`
	P999       time.Duration `json:"p999_ns"`
	MeanBytes  float64       `json:"mean_bytes"`
	FirstError string        `json:"first_error,omitempty"`
	Exhausted  bool          `json:"exhausted,omitempty"`
}

// attack drives tr with n closed-loop workers for d and measures it.
// Latencies are exact quantiles of every answered request.
func attack(client *http.Client, tr vegeta.Targeter, n int, d time.Duration) runStats {
	atk := vegeta.NewAttacker(vegeta.Workers(uint64(n)), vegeta.MaxWorkers(uint64(n)), vegeta.Client(client))
	var st runStats
	lat := make([]time.Duration, 0, 1<<14)
	var bytesIn uint64
	began := time.Now()
	for res := range atk.Attack(tr, vegeta.Rate{Freq: 0}, d, "bench") {
		if res.Error == errExhausted.Error() {
			st.Exhausted = true
			continue
		}
		st.Requests++
		lat = append(lat, res.Latency)
		bytesIn += res.BytesIn
		if res.Error != "" || res.Code < 200 || res.Code >= 300 {
			st.Errors++
			if st.FirstError == "" {
				st.FirstError = strings.TrimSpace(fmt.Sprintf("%d %s %.300s", res.Code, res.Error, res.Body))
			}
		}
	}
	st.Elapsed = time.Since(began)
	if st.Requests == 0 {
		return st
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		i := int(p*float64(len(lat))+0.5) - 1
		return lat[max(0, min(len(lat)-1, i))]
	}
	st.P50, st.P99, st.P999 = q(0.50), q(0.99), q(0.999)
	st.RPS = float64(st.Requests) / st.Elapsed.Seconds()
	st.MeanBytes = float64(bytesIn) / float64(st.Requests)
	return st
}
