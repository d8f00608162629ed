package httpapi

import (
	"net/http"

	didstock "github.com/didstock/didstock"
)

// routes lists every route of the API in one place.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)

	s.mux.Handle("GET /v3/countries", s.api(countries.list(s)))
	s.mux.Handle("GET /v3/countries/{id}", s.api(countries.show(s)))
	s.mux.Handle("GET /v3/regions", s.api(regions.list(s)))
	s.mux.Handle("GET /v3/regions/{id}", s.api(regions.show(s)))
	s.mux.Handle("GET /v3/cities", s.api(cities.list(s)))
	s.mux.Handle("GET /v3/cities/{id}", s.api(cities.show(s)))
	s.mux.Handle("GET /v3/areas", s.api(areas.list(s)))
	s.mux.Handle("GET /v3/areas/{id}", s.api(areas.show(s)))
	s.mux.Handle("GET /v3/nanpa_prefixes", s.api(nanpaPrefixes.list(s)))
	s.mux.Handle("GET /v3/nanpa_prefixes/{id}", s.api(nanpaPrefixes.show(s)))
	s.mux.Handle("GET /v3/did_group_types", s.api(didGroupTypes.list(s)))
	s.mux.Handle("GET /v3/did_group_types/{id}", s.api(didGroupTypes.show(s)))
	s.mux.Handle("GET /v3/did_groups", s.api(didGroups.list(s)))
	s.mux.Handle("GET /v3/did_groups/{id}", s.api(didGroups.show(s)))
	s.mux.Handle("GET /v3/stock_keeping_units/{id}", s.api(skus.show(s)))
	s.mux.Handle("GET /v3/available_dids", s.api(s.listAvailableDIDs))
	s.mux.Handle("GET /v3/available_dids/{id}", s.api(s.showAvailableDID))

	// Ordering: orders, reservations, purchased DIDs, their history, balance.
	registerOrderingRelations()
	s.mux.Handle("POST /v3/orders", s.api(s.createOrder))
	s.mux.Handle("GET /v3/orders", s.api(orders.list(s)))
	s.mux.Handle("GET /v3/orders/{id}", s.api(orders.show(s)))
	s.mux.Handle("PATCH /v3/orders/{id}", s.api(s.updateOrder))
	s.mux.Handle("DELETE /v3/orders/{id}", s.api(s.cancelOrder))
	s.mux.Handle("POST /v3/did_reservations", s.api(s.createReservation))
	s.mux.Handle("GET /v3/did_reservations", s.api(s.listReservations))
	s.mux.Handle("GET /v3/did_reservations/{id}", s.api(s.showReservation))
	s.mux.Handle("DELETE /v3/did_reservations/{id}", s.api(s.deleteReservation))
	s.mux.Handle("GET /v3/balance", s.api(s.showBalance))
	s.mux.Handle("GET /v3/dids", s.api(dids.list(s)))
	s.mux.Handle("GET /v3/dids/{id}", s.api(dids.show(s)))
	s.mux.Handle("PATCH /v3/dids/{id}", s.api(s.updateDID))
	s.mux.Handle("GET /v3/did_history", s.api(since2026(didHistory.list(s))))
	s.mux.Handle("GET /v3/did_history/{id}", s.api(since2026(didHistory.show(s))))

	// Anything else under /v3 is a JSON:API 404, not the mux's plain text.
	s.mux.Handle("/v3/", s.api(notFound))
}

func notFound(w http.ResponseWriter, r *http.Request) error {
	return &didstock.Error{Code: didstock.ENOTFOUND, Title: "Route not found",
		Message: "No route matches " + r.Method + " " + r.URL.Path + "."}
}

// healthz answers 200 when the database answers, without authentication.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if s.Ping != nil {
		if err := s.Ping(r.Context()); err != nil {
			s.logger.Error("health check failed", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}
