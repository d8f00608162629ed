package jsonapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// RequestResource is the primary resource of a request document.
type RequestResource struct {
	ID            string
	Type          string
	Attributes    map[string]json.RawMessage
	Relationships map[string]json.RawMessage
}

// BodyError is a problem with a request document; Pointer locates it.
type BodyError struct {
	Pointer string
	Message string
}

func (e *BodyError) Error() string { return e.Message }

// MaxBodyBytes bounds a request document.
const MaxBodyBytes = 1 << 20

// DecodeResource reads a request document whose data is a single resource of
// type wantType. Unknown top-level members are refused, since a client that
// sends them expects something this server does not do.
func DecodeResource(r io.Reader, wantType string) (*RequestResource, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBodyBytes+1))
	if err != nil {
		return nil, &BodyError{Pointer: "", Message: "could not read the request body"}
	}
	if len(body) > MaxBodyBytes {
		return nil, &BodyError{Pointer: "", Message: "request body is larger than 1 MiB"}
	}
	return ParseResource(body, wantType)
}

// ParseResource parses a request document held in memory.
func ParseResource(body []byte, wantType string) (*RequestResource, error) {
	var doc struct {
		Data json.RawMessage `json:"data"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&doc); err != nil {
		return nil, &BodyError{Pointer: "", Message: "request body is not a valid JSON document"}
	}
	if dec.More() {
		return nil, &BodyError{Pointer: "", Message: "request body holds more than one JSON value"}
	}
	if len(doc.Data) == 0 || string(doc.Data) == "null" {
		return nil, &BodyError{Pointer: "/data", Message: "data is missing"}
	}
	var res struct {
		ID            *string                    `json:"id"`
		Type          *string                    `json:"type"`
		Attributes    map[string]json.RawMessage `json:"attributes"`
		Relationships map[string]json.RawMessage `json:"relationships"`
	}
	if err := json.Unmarshal(doc.Data, &res); err != nil {
		return nil, &BodyError{Pointer: "/data", Message: "data must be a resource object"}
	}
	if res.Type == nil || *res.Type == "" {
		return nil, &BodyError{Pointer: "/data/type", Message: "type is missing"}
	}
	if *res.Type != wantType {
		return nil, &BodyError{Pointer: "/data/type", Message: fmt.Sprintf("type must be %s", wantType)}
	}
	out := &RequestResource{Type: *res.Type, Attributes: res.Attributes, Relationships: res.Relationships}
	if res.ID != nil {
		out.ID = *res.ID
	}
	if out.Attributes == nil {
		out.Attributes = map[string]json.RawMessage{}
	}
	return out, nil
}

// RelationshipID returns the id of a to-one relationship given as
// {"data": {"type": typ, "id": "…"}}, or "" when it is absent.
func (r *RequestResource) RelationshipID(name, typ string) (string, error) {
	raw, ok := r.Relationships[name]
	if !ok {
		return "", nil
	}
	pointer := "/data/relationships/" + name
	var rel struct {
		Data *Identifier `json:"data"`
	}
	if err := json.Unmarshal(raw, &rel); err != nil || rel.Data == nil {
		return "", &BodyError{Pointer: pointer, Message: name + " must be a to-one relationship"}
	}
	if rel.Data.Type != typ {
		return "", &BodyError{Pointer: pointer + "/data/type", Message: fmt.Sprintf("type must be %s", typ)}
	}
	return rel.Data.ID, nil
}
