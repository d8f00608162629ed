package httpapi

import (
	"errors"
	"net/http"
	"strings"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

// statusOf maps each domain error code to its HTTP status: the one place
// where that mapping lives.
var statusOf = map[string]int{
	didstock.EINVALID:       http.StatusUnprocessableEntity,
	didstock.EBADPARAM:      http.StatusBadRequest,
	didstock.ENOTFOUND:      http.StatusNotFound,
	didstock.EUNAUTHORIZED:  http.StatusUnauthorized,
	didstock.EFORBIDDEN:     http.StatusForbidden,
	didstock.ECONFLICT:      http.StatusUnprocessableEntity,
	didstock.EINSUFFICIENT:  http.StatusBadRequest,
	didstock.ERATELIMITED:   http.StatusTooManyRequests,
	didstock.EUNSUPPORTED:   http.StatusUnsupportedMediaType,
	didstock.ENOTACCEPTABLE: http.StatusNotAcceptable,
	didstock.EINTERNAL:      http.StatusInternalServerError,
}

// wireCode is the "code" member the reference sends for each domain code.
var wireCode = map[string]string{
	didstock.EINVALID:       "100",
	didstock.ECONFLICT:      "100",
	didstock.EBADPARAM:      "400",
	didstock.ENOTFOUND:      "404",
	didstock.EUNAUTHORIZED:  "401",
	didstock.EFORBIDDEN:     "403",
	didstock.EINSUFFICIENT:  "400",
	didstock.EUNSUPPORTED:   "415",
	didstock.ENOTACCEPTABLE: "406",
	didstock.EINTERNAL:      "500",
}

var defaultTitle = map[string]string{
	didstock.EINVALID:       "Validation error",
	didstock.ECONFLICT:      "Validation error",
	didstock.EBADPARAM:      "Bad request",
	didstock.ENOTFOUND:      "Record not found",
	didstock.EUNAUTHORIZED:  "Unauthorized",
	didstock.EFORBIDDEN:     "Forbidden",
	didstock.EINSUFFICIENT:  "Insufficient balance",
	didstock.EUNSUPPORTED:   "Unsupported media type",
	didstock.ENOTACCEPTABLE: "Not acceptable",
	didstock.EINTERNAL:      "Internal server error",
}

// toDomain turns parser errors into domain errors; anything unknown becomes
// an internal error whose details are logged, never sent.
func toDomain(err error) *didstock.Error {
	var de *didstock.Error
	var pe *jsonapi.ParamError
	var be *jsonapi.BodyError
	switch {
	case errors.As(err, &de):
		return de
	case errors.As(err, &pe):
		return &didstock.Error{Code: didstock.EBADPARAM, Parameter: pe.Parameter, Message: pe.Message}
	case errors.As(err, &be):
		return &didstock.Error{Code: didstock.EINVALID, Pointer: be.Pointer, Message: be.Message}
	}
	return &didstock.Error{Code: didstock.EINTERNAL, Message: "An internal error occurred."}
}

// writeError writes the JSON:API error document for err.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	de := toDomain(err)
	status := statusOf[de.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if de.Code == didstock.EINTERNAL {
		s.logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	obj := errorObject(de, status)
	doc := &jsonapi.Document{Errors: []*jsonapi.ErrorObject{obj}}
	if !bareError[status] {
		doc.Meta = map[string]any{"api_version": apiVersion(r)}
	}
	writeDocument(w, status, doc)
}

// bareError lists the statuses whose documents the reference shows without
// a top-level meta; didstock writes them exactly so (clients compare them).
var bareError = map[int]bool{
	http.StatusUnauthorized:    true,
	http.StatusNotFound:        true,
	http.StatusTooManyRequests: true,
}

// errorObject renders one domain error in the reference's shape.
func errorObject(de *didstock.Error, status int) *jsonapi.ErrorObject {
	if de.Code == didstock.ERATELIMITED {
		// The reference's 429 carries status and detail only.
		return &jsonapi.ErrorObject{Status: "429", Detail: "Too Many Requests"}
	}
	title, detail := de.Title, de.Message
	if title == "" && (de.Code == didstock.EINVALID || de.Code == didstock.ECONFLICT) {
		// The reference titles a validation error with the complaint and
		// details it as "field - complaint".
		title = de.Message
		if field := lastSegment(de.Pointer); field != "" {
			detail = field + " - " + de.Message
		}
	}
	if title == "" {
		title = defaultTitle[de.Code]
	}
	obj := &jsonapi.ErrorObject{
		Title:  title,
		Detail: detail,
		Code:   wireCode[de.Code],
		Status: itoa(status),
		Meta:   de.Meta,
	}
	if de.Pointer != "" || de.Parameter != "" {
		obj.Source = &jsonapi.ErrorSource{Pointer: de.Pointer, Parameter: de.Parameter}
	}
	return obj
}

// lastSegment returns the last part of a JSON pointer: /data/attributes/qty → qty.
func lastSegment(pointer string) string {
	if i := strings.LastIndexByte(pointer, '/'); i >= 0 {
		return pointer[i+1:]
	}
	return pointer
}
