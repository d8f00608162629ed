// Command baseline is the benchmark's yardstick: the least an HTTP server
// written with Go's net/http can do. GET /size/N answers 200 with N bytes,
// POST /size/N answers 201 with N bytes, and DELETE (or N = 0) answers 204;
// the bodies are canned JSON of exactly that size, so a scenario measured
// against it pays the same HTTP and transfer cost and nothing else.
package main

import (
	"flag"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

var bodies sync.Map // int -> []byte

// canned returns a JSON document of exactly n bytes (or n filler bytes when
// n is too small for the skeleton).
func canned(n int) []byte {
	if b, ok := bodies.Load(n); ok {
		return b.([]byte)
	}
	const head, tail = `{"data":{"id":"00000000-0000-0000-0000-000000000000","type":"baseline"},"meta":{"pad":"`, `"}}`
	var b []byte
	if pad := n - len(head) - len(tail); pad >= 0 {
		b = []byte(head + strings.Repeat("x", pad) + tail)
	} else {
		b = []byte(strings.Repeat("x", n))
	}
	bodies.Store(n, b)
	return b
}

func handle(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	rest, ok := strings.CutPrefix(r.URL.Path, "/size/")
	if !ok {
		if r.URL.Path == "/healthz" {
			w.WriteHeader(http.StatusOK)
			return
		}
		http.NotFound(w, r)
		return
	}
	n, err := strconv.Atoi(strings.SplitN(rest, "/", 2)[0])
	if err != nil || n < 0 {
		http.Error(w, "bad size", http.StatusBadRequest)
		return
	}
	if r.Method == http.MethodDelete || n == 0 {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	b := canned(n)
	w.Header().Set("Content-Type", "application/vnd.api+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method == http.MethodPost {
		w.WriteHeader(http.StatusCreated)
	}
	_, _ = w.Write(b)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:8090", "address to listen on")
	flag.Parse()
	log.Fatal(http.ListenAndServe(*listen, http.HandlerFunc(handle)))
}
