// Package jsonapi reads and writes JSON:API documents and query strings the
// way the DIDWW API v3 uses them. It knows nothing of didstock's resources.
package jsonapi

import (
	"bytes"
	"encoding/json"
)

// MediaType is the JSON:API media type.
const MediaType = "application/vnd.api+json"

// Resource is a resource object.
type Resource struct {
	ID            string                   `json:"id"`
	Type          string                   `json:"type"`
	Attributes    map[string]any           `json:"attributes,omitempty"`
	Relationships map[string]*Relationship `json:"relationships,omitempty"`
	Meta          map[string]any           `json:"meta,omitempty"`
}

// Identifier is a resource identifier object (relationship linkage).
type Identifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Relationship is a relationship object. Links are always present; Data,
// the linkage, only when the related resources are included: an
// Identifier, a slice of them (to-many), or Null for an empty to-one. Plain
// struct tags (no MarshalJSON of its own) keep encoding to one pass.
type Relationship struct {
	Links RelationshipLinks `json:"links"`
	Data  any               `json:"data,omitempty"`
}

// Null is the linkage of an included to-one relationship that is empty:
// it is written as "data": null, where a nil Data leaves "data" out.
var Null = json.RawMessage("null")

// RelationshipLinks are the self and related links of a relationship.
type RelationshipLinks struct {
	Self    string `json:"self"`
	Related string `json:"related"`
}

// Document is a top-level document. A success document has Data (a
// *Resource or []*Resource); an error document has Errors.
type Document struct {
	Data     any
	Included []*Resource
	Meta     map[string]any
	Links    map[string]string
	Errors   []*ErrorObject
}

// MarshalJSON writes "data" for every success document (null, an object or
// an array, never left out) and "errors" for error documents.
func (d *Document) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	field := func(name string, v any) error {
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.WriteString(`"` + name + `":`)
		return marshalInto(&buf, v)
	}
	var err error
	if d.Errors != nil {
		err = field("errors", d.Errors)
	} else {
		err = field("data", d.Data)
	}
	if err == nil && len(d.Included) > 0 {
		err = field("included", d.Included)
	}
	if err == nil && len(d.Meta) > 0 {
		err = field("meta", d.Meta)
	}
	if err == nil && len(d.Links) > 0 {
		err = field("links", d.Links)
	}
	if err != nil {
		return nil, err
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshalInto writes v without HTML escaping: links carry & between query
// parameters, and json.Marshal would turn it into \u0026, which the
// server's encoder (which does not escape) cannot undo.
func marshalInto(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1) // Encode ends with a newline
	return nil
}

// ErrorObject is a JSON:API error object.
type ErrorObject struct {
	Title  string         `json:"title,omitempty"`
	Detail string         `json:"detail,omitempty"`
	Code   string         `json:"code,omitempty"`
	Status string         `json:"status,omitempty"`
	Source *ErrorSource   `json:"source,omitempty"`
	Meta   map[string]any `json:"meta,omitempty"`
}

// ErrorSource locates the input an error is about.
type ErrorSource struct {
	Pointer   string `json:"pointer,omitempty"`
	Parameter string `json:"parameter,omitempty"`
}
