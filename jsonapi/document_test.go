package jsonapi_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/didstock/didstock/jsonapi"
)

func TestDocumentMarshal(t *testing.T) {
	links := jsonapi.RelationshipLinks{Self: "s", Related: "r"}
	tests := []struct {
		name string
		doc  *jsonapi.Document
		want string
	}{
		{"null data is written", &jsonapi.Document{}, `{"data":null}`},
		{"empty list", &jsonapi.Document{Data: []*jsonapi.Resource{}, Meta: map[string]any{"total_records": 0}},
			`{"data":[],"meta":{"total_records":0}}`},
		{"errors replace data", &jsonapi.Document{Errors: []*jsonapi.ErrorObject{{Title: "t", Status: "404"}}},
			`{"errors":[{"title":"t","status":"404"}]}`},
		{"links keep ampersands", &jsonapi.Document{Data: []*jsonapi.Resource{}, Links: map[string]string{"first": "https://h/v3/x?a=1&b=2"}},
			`{"data":[],"links":{"first":"https://h/v3/x?a=1&b=2"}}`},
		{"relationship without linkage has links only", &jsonapi.Document{Data: &jsonapi.Resource{ID: "1", Type: "x",
			Relationships: map[string]*jsonapi.Relationship{"c": {Links: links}}}},
			`{"data":{"id":"1","type":"x","relationships":{"c":{"links":{"self":"s","related":"r"}}}}}`},
		{"linked empty to-one is null", &jsonapi.Document{Data: &jsonapi.Resource{ID: "1", Type: "x",
			Relationships: map[string]*jsonapi.Relationship{"c": {Links: links, Data: jsonapi.Null}}}},
			`{"data":{"id":"1","type":"x","relationships":{"c":{"links":{"self":"s","related":"r"},"data":null}}}}`},
		{"linked to-many", &jsonapi.Document{Data: &jsonapi.Resource{ID: "1", Type: "x",
			Relationships: map[string]*jsonapi.Relationship{"c": {Links: links, Data: []jsonapi.Identifier{{Type: "y", ID: "2"}}}}},
			Included: []*jsonapi.Resource{{ID: "2", Type: "y"}}},
			`{"data":{"id":"1","type":"x","relationships":{"c":{"links":{"self":"s","related":"r"},"data":[{"type":"y","id":"2"}]}}},"included":[{"id":"2","type":"y"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.doc.MarshalJSON() // as the server writes it, without json.Marshal's HTML escaping
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseResource(t *testing.T) {
	tests := []struct {
		name, body, pointer string // pointer "-" means success
	}{
		{"ok", `{"data":{"type":"orders","attributes":{"a":1}}}`, "-"},
		{"ok with id and relationships", `{"data":{"id":"9","type":"orders","relationships":{"x":{"data":{"type":"t","id":"1"}}}}}`, "-"},
		{"not JSON", `{`, ""},
		{"empty", ``, ""},
		{"two values", `{"data":{"type":"orders"}} {}`, ""},
		{"no data", `{}`, "/data"},
		{"null data", `{"data":null}`, "/data"},
		{"data array", `{"data":[]}`, "/data"},
		{"data string", `{"data":"x"}`, "/data"},
		{"no type", `{"data":{}}`, "/data/type"},
		{"wrong type", `{"data":{"type":"dids"}}`, "/data/type"},
		{"attributes not an object", `{"data":{"type":"orders","attributes":[]}}`, "/data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := jsonapi.ParseResource([]byte(tt.body), "orders")
			if tt.pointer == "-" {
				if err != nil || res.Type != "orders" || res.Attributes == nil {
					t.Fatalf("ParseResource = %+v, %v", res, err)
				}
				return
			}
			var be *jsonapi.BodyError
			if !errors.As(err, &be) {
				t.Fatalf("err = %v, want a *BodyError", err)
			}
			if be.Pointer != tt.pointer {
				t.Errorf("pointer = %q, want %q (%s)", be.Pointer, tt.pointer, be.Message)
			}
		})
	}
}

func TestDecodeResourceTooLarge(t *testing.T) {
	body := `{"data":{"type":"orders","attributes":{"x":"` + strings.Repeat("a", jsonapi.MaxBodyBytes) + `"}}}`
	_, err := jsonapi.DecodeResource(strings.NewReader(body), "orders")
	var be *jsonapi.BodyError
	if !errors.As(err, &be) || !strings.Contains(be.Message, "larger") {
		t.Fatalf("err = %v, want a too-large BodyError", err)
	}
}

func TestRelationshipID(t *testing.T) {
	res, err := jsonapi.ParseResource([]byte(`{"data":{"type":"orders","relationships":{
		"ok":{"data":{"type":"skus","id":"1"}},"bad":{"data":[]},"other":{"data":{"type":"dids","id":"2"}}}}}`), "orders")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, wantID, pointer string
	}{
		{"ok", "1", ""},
		{"absent", "", ""},
		{"bad", "", "/data/relationships/bad"},
		{"other", "", "/data/relationships/other/data/type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := res.RelationshipID(tt.name, "skus")
			var be *jsonapi.BodyError
			switch {
			case tt.pointer == "" && (err != nil || id != tt.wantID):
				t.Errorf("RelationshipID = %q, %v; want %q", id, err, tt.wantID)
			case tt.pointer != "" && (!errors.As(err, &be) || be.Pointer != tt.pointer):
				t.Errorf("err = %v, want pointer %s", err, tt.pointer)
			}
		})
	}
}
