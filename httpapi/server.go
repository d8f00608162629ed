// Package httpapi serves the DIDWW API v3 wire format (JSON:API) over HTTP.
// Routes are listed in routes.go; handlers return errors, which writeError
// (errors.go) turns into JSON:API error documents in one place.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

// Server is the HTTP API. Its services are set by the caller (cmd/didstock
// wires the store into them).
type Server struct {
	Catalog  didstock.CatalogService
	Accounts didstock.AccountService
	// Ordering serves orders, reservations, DIDs, history and balance.
	Ordering didstock.OrderingService
	// AllowPrivateCallbacks accepts callback URLs on loopback and private
	// networks (development setups).
	AllowPrivateCallbacks bool
	// Ping checks the database for /healthz.
	Ping func(ctx context.Context) error
	// RateLimit is the number of requests per second allowed per API key;
	// 0 disables limiting.
	RateLimit float64

	logger      *slog.Logger
	limiterOnce sync.Once
	limiter     *rateLimiter
	mux         *http.ServeMux
}

// NewServer returns a server whose routes are registered.
func NewServer(logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{logger: logger, mux: http.NewServeMux()}
	s.routes()
	return s
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			s.logger.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
			s.writeError(w, r, didstock.Errorf(didstock.EINTERNAL, "An internal error occurred."))
		}
	}()
	s.mux.ServeHTTP(w, r)
}

// handlerFunc is a handler that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// api wraps a /v3 handler with content negotiation, authentication, rate
// limiting and API version selection.
func (s *Server) api(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := negotiate(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		acct, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if s.RateLimit > 0 && !s.limiterFor().allow(acct.ID, time.Now()) {
			s.writeError(w, r, &didstock.Error{Code: didstock.ERATELIMITED})
			return
		}
		ctx := context.WithValue(r.Context(), ctxKey{}, &requestInfo{account: acct, version: chooseVersion(acct, r)})
		r = r.WithContext(ctx)
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

type ctxKey struct{}

type requestInfo struct {
	account *didstock.Account
	version string
}

func info(r *http.Request) *requestInfo {
	if ri, ok := r.Context().Value(ctxKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{account: &didstock.Account{}, version: didstock.APIVersion20220510}
}

// account returns the authenticated account of the request.
func account(r *http.Request) *didstock.Account { return info(r).account }

// apiVersion returns the API version the request is served in.
func apiVersion(r *http.Request) string { return info(r).version }

// chooseVersion picks the account's version unless the request asks for a
// newer supported one; older or unknown values are ignored (no downgrade).
func chooseVersion(acct *didstock.Account, r *http.Request) string {
	v := acct.APIVersion
	if !didstock.IsAPIVersion(v) {
		v = didstock.APIVersion20220510
	}
	if asked := strings.TrimSpace(r.Header.Get("X-DIDWW-API-Version")); didstock.IsAPIVersion(asked) && asked > v {
		v = asked
	}
	return v
}

// authenticate resolves the Api-Key header to an enabled account.
func (s *Server) authenticate(r *http.Request) (*didstock.Account, error) {
	unauthorized := &didstock.Error{Code: didstock.EUNAUTHORIZED, Title: "Unauthorized", Message: "Authorization failed"}
	key := strings.TrimSpace(r.Header.Get("Api-Key"))
	if key == "" {
		return nil, unauthorized
	}
	acct, err := s.Accounts.AccountByKey(r.Context(), key)
	if err != nil {
		if didstock.ErrorCode(err) == didstock.ENOTFOUND {
			return nil, unauthorized
		}
		return nil, err
	}
	return acct, nil
}

// negotiate applies JSON:API content negotiation: a body whose Content-Type
// carries media type parameters is refused with 415; an Accept header that
// lists the JSON:API media type only with parameters gets 406.
func negotiate(r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && r.Method != http.MethodGet && r.Method != http.MethodDelete {
		mt, params, _ := strings.Cut(ct, ";")
		if !strings.EqualFold(strings.TrimSpace(mt), jsonapi.MediaType) || strings.TrimSpace(params) != "" {
			return &didstock.Error{Code: didstock.EUNSUPPORTED,
				Message: "Content-Type must be " + jsonapi.MediaType + " without media type parameters"}
		}
	}
	accept := r.Header.Get("Accept")
	if accept == "" {
		return nil
	}
	sawJSONAPI, sawPlain := false, false
	for _, part := range strings.Split(accept, ",") {
		mt, params := acceptRange(part)
		switch {
		case mt == jsonapi.MediaType && !params:
			sawPlain = true
		case mt == jsonapi.MediaType:
			sawJSONAPI = true
		case mt == "*/*" || mt == "application/*" || mt == "application/json":
			sawPlain = true
		}
	}
	if sawJSONAPI && !sawPlain {
		return &didstock.Error{Code: didstock.ENOTACCEPTABLE,
			Message: "Accept must allow " + jsonapi.MediaType + " without media type parameters"}
	}
	return nil
}

// acceptRange splits one Accept entry into its lower-cased media type and
// whether it carries media type parameters. The weight q and what follows
// it are accept parameters, not media type parameters (RFC 9110), so
// "application/vnd.api+json;q=0.9" still accepts plain JSON:API.
func acceptRange(part string) (mt string, params bool) {
	fields := strings.Split(part, ";")
	mt = strings.ToLower(strings.TrimSpace(fields[0]))
	for _, p := range fields[1:] {
		name, _, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			break
		}
		if strings.TrimSpace(p) != "" {
			return mt, true
		}
	}
	return mt, false
}

// writeDocument writes doc with the JSON:API media type.
func writeDocument(w http.ResponseWriter, status int, doc *jsonapi.Document) {
	// MarshalJSON directly: through json.Marshal or an Encoder the finished
	// document would be scanned and compacted a second time.
	body, err := doc.MarshalJSON()
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"errors":[{"title":"Internal server error","code":"500","status":"500"}]}`)
	}
	w.Header().Set("Content-Type", jsonapi.MediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// respond writes a success document with meta.api_version added.
func respond(w http.ResponseWriter, r *http.Request, status int, doc *jsonapi.Document) error {
	if doc.Meta == nil {
		doc.Meta = map[string]any{}
	}
	doc.Meta["api_version"] = apiVersion(r)
	// Handlers may ask for more top-level meta (reservations' available_count).
	if extra, ok := r.Context().Value(extraMetaKey{}).(map[string]any); ok {
		for k, v := range extra {
			doc.Meta[k] = v
		}
	}
	writeDocument(w, status, doc)
	return nil
}

// baseURL is the scheme and host the client used, for links.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

func itoa(n int) string { return strconv.Itoa(n) }
