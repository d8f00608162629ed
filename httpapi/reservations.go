package httpapi

import (
	"context"
	"net/http"
	"sync"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

var reservationsSpec = jsonapi.Spec{Paginated: true, Filters: []string{"description"},
	Sorts: []string{"created_at", "expires_at"}, Includes: []string{"available_did"}}

var reservations = collection[didstock.DIDReservationFilter, *didstock.DIDReservation]{
	typ: "did_reservations", spec: reservationsSpec, render: renderReservation,
	byID: func(id string) didstock.DIDReservationFilter { return didstock.DIDReservationFilter{IDs: []string{id}} },
	filter: func(q *jsonapi.Query) (didstock.DIDReservationFilter, error) {
		return didstock.DIDReservationFilter{Description: textFilter(q, "description")}, nil
	},
	find: func(ctx context.Context, s *Server, f didstock.DIDReservationFilter, opt didstock.ListOptions) ([]*didstock.DIDReservation, int, error) {
		f.AccountID = ctxAccount(ctx).ID
		return s.Ordering.FindReservations(ctx, f, opt)
	},
}

// renderReservation follows the version: expire_at in 2022-05-10,
// expires_at from 2026-04-16.
func renderReservation(r *http.Request, x *didstock.DIDReservation) *jsonapi.Resource {
	res := newResource(r, "did_reservations", x.ID, "available_did")
	res.Attributes["created_at"] = wireTime(x.CreatedAt)
	res.Attributes["description"] = x.Description
	if apiVersion(r) >= didstock.APIVersion20260416 {
		res.Attributes["expires_at"] = wireTime(x.ExpiresAt)
	} else {
		res.Attributes["expire_at"] = wireTime(x.ExpiresAt)
	}
	return res
}

// reservedNumber is the include=available_did relation: the held number,
// which the reservation row already carries.
var reservedNumber = relation{fetch: func(_ context.Context, _ *Server, r *http.Request, owners []node) (map[string][]node, error) {
	out := map[string][]node{}
	for _, o := range owners {
		x := o.value.(*didstock.DIDReservation)
		d := &didstock.AvailableDID{ID: x.AvailableDIDID, Number: x.Number, DIDGroupID: x.DIDGroupID}
		out[o.res.ID] = []node{{res: renderAvailableDID(r, d), value: d}}
	}
	return out, nil
}}

var registerOrderingOnce sync.Once

// registerOrderingRelations adds the include paths and show specs of the
// ordering resources beside the catalogue's. It runs from routes(), after
// every package init, so it cannot be overwritten by one.
func registerOrderingRelations() {
	registerOrderingOnce.Do(func() {
		relations["did_reservations"] = map[string]relation{"available_did": reservedNumber}
		relations["dids"] = map[string]relation{
			"did_group": toOne(func(v any) string { return v.(*didstock.DID).DIDGroupID }, findGroups,
				func(g *didstock.DIDGroup) string { return g.ID }, renderDIDGroup),
			"order": {fetch: ordersOfDIDs},
		}
		for typ, spec := range map[string]jsonapi.Spec{"orders": ordersSpec, "did_reservations": reservationsSpec,
			"dids": didsSpec, "did_history": historySpec} {
			showSpec[typ] = jsonapi.Spec{Includes: spec.Includes}
		}
	})
}

// listReservations serves GET /v3/did_reservations with meta.available_count.
func (s *Server) listReservations(w http.ResponseWriter, r *http.Request) error {
	return s.withAvailableCount(w, r, reservations.list(s))
}

// showReservation serves GET /v3/did_reservations/{id}.
func (s *Server) showReservation(w http.ResponseWriter, r *http.Request) error {
	return s.withAvailableCount(w, r, reservations.show(s))
}

// withAvailableCount runs h and adds meta.available_count, the number of
// reservations the account may still make, to its success document.
func (s *Server) withAvailableCount(w http.ResponseWriter, r *http.Request, h handlerFunc) error {
	left, err := s.Ordering.ReservationsLeft(r.Context(), account(r).ID)
	if err != nil {
		return err
	}
	ctx := context.WithValue(r.Context(), extraMetaKey{}, map[string]any{"available_count": left})
	return h(w, r.WithContext(ctx))
}

type extraMetaKey struct{}

// createReservation serves POST /v3/did_reservations.
func (s *Server) createReservation(w http.ResponseWriter, r *http.Request) error {
	if err := requireNumberSelection(r); err != nil {
		return err // reserving a number is part of choosing one
	}
	q, err := jsonapi.ParseQuery(r.URL.Query(), jsonapi.Spec{Includes: reservationsSpec.Includes})
	if err != nil {
		return err
	}
	req, err := jsonapi.DecodeResource(r.Body, "did_reservations")
	if err != nil {
		return err
	}
	desc, err := optString(req.Attributes, "description", attrPointer+"description")
	if err != nil {
		return err
	}
	numberID, err := req.RelationshipID("available_did", "available_dids")
	if err != nil {
		return err
	}
	if numberID == "" {
		return didstock.Invalid("/data/relationships/available_did", "can't be blank")
	}
	description := ""
	if desc != nil {
		description = *desc
	}
	x, err := s.Ordering.CreateReservation(r.Context(), account(r).ID, numberID, description)
	if err != nil {
		return err
	}
	doc, err := reservations.document(s, r, q, []*didstock.DIDReservation{x})
	if err != nil {
		return err
	}
	doc.Data = doc.Data.([]*jsonapi.Resource)[0]
	return respond(w, r, http.StatusCreated, doc)
}

// deleteReservation serves DELETE /v3/did_reservations/{id}.
func (s *Server) deleteReservation(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.Ordering.DeleteReservation(r.Context(), account(r).ID, id); err != nil {
		return notFoundAs(err, id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
