package jsonapi_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"testing"

	"github.com/didstock/didstock/jsonapi"
)

// FuzzParseQuery feeds arbitrary query strings to the parser: it must never
// panic, must answer either a query or a *ParamError, and what it accepts
// must respect the spec.
func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		"", "filter[name]=new+york", "filter[country.id]=a,b,,c", "include=did_group.stock_keeping_units,country",
		"include=did_group&include=did_group.stock_keeping_units", "sort=-name,country.name", "sort=,-,--name",
		"page[number]=2&page[size]=100", "page[size]=0", "page[number]=99999999999999999999", "page[size]=-1",
		"filter[]=x", "filter[[name]]=x", "filter=", "page=1", "include=.", "include=,,", "%zz", "a=%00&filter[name]=%ff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			return // net/url's business, not ours
		}
		q, err := jsonapi.ParseQuery(values, testSpec)
		if err != nil {
			var pe *jsonapi.ParamError
			if !errors.As(err, &pe) || pe.Parameter == "" {
				t.Fatalf("ParseQuery(%q) error %v is not a ParamError naming a parameter", raw, err)
			}
			return
		}
		if q.Page.Number < 1 || q.Page.Size < 1 || q.Page.Size > 100 {
			t.Fatalf("ParseQuery(%q) page %+v out of range", raw, q.Page)
		}
		for name := range q.Filters {
			if !contains(testSpec.Filters, name) {
				t.Fatalf("ParseQuery(%q) accepted filter %q", raw, name)
			}
		}
		for _, s := range q.Sort {
			if !contains(testSpec.Sorts, s.Field) {
				t.Fatalf("ParseQuery(%q) accepted sort %q", raw, s.Field)
			}
		}
		_ = jsonapi.PageLinks("https://h/v3/x", values, q.Page.Number, q.Page.Size, len(raw))
	})
}

// FuzzParseResource feeds arbitrary bodies to the request document parser:
// it must never panic, and must answer a resource of the wanted type or a
// *BodyError.
func FuzzParseResource(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"type":"orders","attributes":{"items":[{"type":"did_order_items","attributes":{"qty":1}}]}}}`,
		`{"data":{"id":"1","type":"orders","relationships":{"sku":{"data":{"type":"skus","id":"x"}}}}}`,
		`{"data":null}`, `{"data":[]}`, `{"data":{"type":null}}`, `{"data":{"type":1}}`, `{}`, `[]`, `null`, ``,
		`{"data":{"type":"orders"}} trailing`, `{"data":{"type":"orders","attributes":null}}`, "\xff",
		`{"data":{"type":"orders","relationships":{"sku":"x"}}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := jsonapi.ParseResource(body, "orders")
		if err != nil {
			var be *jsonapi.BodyError
			if !errors.As(err, &be) {
				t.Fatalf("ParseResource error %v is not a BodyError", err)
			}
			return
		}
		if res.Type != "orders" || res.Attributes == nil {
			t.Fatalf("ParseResource accepted %+v", res)
		}
		for name := range res.Relationships {
			_, _ = res.RelationshipID(name, "skus")
		}
		if _, err := json.Marshal(res.Attributes); err != nil {
			t.Fatalf("attributes are not valid JSON: %v", err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
