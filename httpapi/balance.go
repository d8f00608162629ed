package httpapi

import (
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/didstock/didstock/jsonapi"
)

// showBalance serves GET /v3/balance.
func (s *Server) showBalance(w http.ResponseWriter, r *http.Request) error {
	if _, err := jsonapi.ParseQuery(r.URL.Query(), jsonapi.Spec{}); err != nil {
		return err
	}
	b, err := s.Ordering.Balance(r.Context(), account(r).ID)
	if err != nil {
		return err
	}
	res := newResource(r, "balances", b.AccountID)
	res.Attributes["balance"] = money2(b.Balance)
	res.Attributes["credit"] = money2(b.Credit)
	res.Attributes["total_balance"] = money2(b.Total())
	return respond(w, r, http.StatusOK, &jsonapi.Document{Data: res})
}

// money2 renders a balance with at least two decimal places ("50.00"), as
// the reference's balance does.
func money2(d decimal.Decimal) string {
	d = decimal.RequireFromString(d.String()) // drop the store's six places
	if d.Exponent() >= -2 {
		return d.StringFixed(2)
	}
	return d.String()
}
