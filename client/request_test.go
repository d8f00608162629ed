package client_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/didstock/didstock/client"
)

const emptyList = `{"data":[],"meta":{"total_records":0,"api_version":"2026-04-16"}}`

func TestQueryEncoding(t *testing.T) {
	tests := []struct {
		name string
		q    client.Query
		want string
	}{
		{"empty", client.Query{}, ""},
		{"one filter", client.Query{}.Filter("iso", "US"), "filter%5Biso%5D=US"},
		{
			"seed step 2: dotted key and space",
			client.Query{}.Filter("country.id", "c-1").Filter("name", "Los Angeles"),
			"filter%5Bcountry.id%5D=c-1&filter%5Bname%5D=Los+Angeles",
		},
		{
			"include and filter",
			client.Query{Include: []string{"did_group.stock_keeping_units"}}.Filter("did_group.id", "g-1"),
			"filter%5Bdid_group.id%5D=g-1&include=did_group.stock_keeping_units",
		},
		{
			"several includes and sorts keep commas",
			client.Query{Include: []string{"country", "region"}, Sort: []string{"name", "-prefix"}},
			"include=country,region&sort=name,-prefix",
		},
		{"pages", client.Query{PageNumber: 2, PageSize: 100}, "page%5Bnumber%5D=2&page%5Bsize%5D=100"},
		{"reserved characters escaped", client.Query{}.Filter("name", "a&b=c"), "filter%5Bname%5D=a%26b%3Dc"},
		{"blank includes dropped", client.Query{Include: []string{"", " "}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.Encode(); got != tt.want {
				t.Errorf("Encode() = %q, want %q", got, tt.want)
			}
			rec := newRecorder(t, serve(200, emptyList))
			if _, err := newClient(t, rec).ListCountries(testContext(t), tt.q); err != nil {
				t.Fatal(err)
			}
			if got := rec.requests()[0].RawQuery; got != tt.want {
				t.Errorf("sent query = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestQueryFilterDoesNotShareMaps(t *testing.T) {
	base := client.Query{}.Filter("country.id", "c-1")
	a := base.Filter("name", "A")
	_ = base.Filter("name", "B")
	if a.Filters["name"] != "A" || len(base.Filters) != 1 {
		t.Errorf("Filter mutated a shared map: base=%v a=%v", base.Filters, a.Filters)
	}
}

func TestRequestHeaders(t *testing.T) {
	tests := []struct {
		name        string
		opts        []client.Option
		call        func(*client.Client) error
		method      string
		contentType string
		version     string
		userAgent   string
	}{
		{
			name: "GET has no content type, default user agent",
			call: func(c *client.Client) error {
				_, err := c.ListCountries(testContext(t), client.Query{})
				return err
			},
			method:    http.MethodGet,
			userAgent: client.DefaultUserAgent,
		},
		{
			name: "POST has a JSON:API content type",
			opts: []client.Option{client.WithAPIVersion("2026-04-16"), client.WithUserAgent("didstock-cli/test")},
			call: func(c *client.Client) error {
				_, err := c.CreateOrder(testContext(t), client.OrderRequest{})
				return err
			},
			method:      http.MethodPost,
			contentType: client.MediaType,
			version:     "2026-04-16",
			userAgent:   "didstock-cli/test",
		},
		{
			name:    "DELETE has no body",
			opts:    []client.Option{client.WithAPIVersion("2022-05-10")},
			call:    func(c *client.Client) error { return c.CancelOrder(testContext(t), "o-1") },
			method:  http.MethodDelete,
			version: "2022-05-10", userAgent: client.DefaultUserAgent,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.Method {
				case http.MethodPost:
					writeDoc(w, 201, orderPending)
				case http.MethodDelete:
					w.WriteHeader(http.StatusNoContent)
				default:
					writeDoc(w, 200, emptyList)
				}
			})
			if err := tt.call(newClient(t, rec, tt.opts...)); err != nil {
				t.Fatal(err)
			}
			h := rec.requests()[0].Header
			checkHeader(t, h, "Api-Key", testKey)
			checkHeader(t, h, "Accept", client.MediaType)
			checkHeader(t, h, "Content-Type", tt.contentType)
			checkHeader(t, h, "X-DIDWW-API-Version", tt.version)
			checkHeader(t, h, "User-Agent", tt.userAgent)
			if got := rec.requests()[0].Method; got != tt.method {
				t.Errorf("method = %s, want %s", got, tt.method)
			}
		})
	}
}

func checkHeader(t *testing.T, h http.Header, key, want string) {
	t.Helper()
	if got := h.Get(key); got != want {
		t.Errorf("header %s = %q, want %q", key, got, want)
	}
}

func TestRequestPaths(t *testing.T) {
	ctx := testContext(t)
	tests := []struct {
		name   string
		call   func(*client.Client) error
		method string
		path   string
	}{
		{"regions", func(c *client.Client) error { _, err := c.ListRegions(ctx, client.Query{}); return err }, "GET", "/v3/regions"},
		{"cities", func(c *client.Client) error { _, err := c.ListCities(ctx, client.Query{}); return err }, "GET", "/v3/cities"},
		{"areas", func(c *client.Client) error { _, err := c.ListAreas(ctx, client.Query{}); return err }, "GET", "/v3/areas"},
		{"nanpa", func(c *client.Client) error { _, err := c.ListNanpaPrefixes(ctx, client.Query{}); return err }, "GET", "/v3/nanpa_prefixes"},
		{"types", func(c *client.Client) error { _, err := c.ListDIDGroupTypes(ctx, client.Query{}); return err }, "GET", "/v3/did_group_types"},
		{"groups", func(c *client.Client) error { _, err := c.ListDIDGroups(ctx, client.Query{}); return err }, "GET", "/v3/did_groups"},
		{"available", func(c *client.Client) error { _, err := c.SampleAvailableDIDs(ctx, client.Query{}); return err }, "GET", "/v3/available_dids"},
		{"reservations", func(c *client.Client) error { _, err := c.ListReservations(ctx, client.Query{}); return err }, "GET", "/v3/did_reservations"},
		{"orders", func(c *client.Client) error { _, err := c.ListOrders(ctx, client.Query{}); return err }, "GET", "/v3/orders"},
		{"dids", func(c *client.Client) error { _, err := c.ListDIDs(ctx, client.Query{}); return err }, "GET", "/v3/dids"},
		{"delete reservation", func(c *client.Client) error { return c.DeleteReservation(ctx, "r 1") }, "DELETE", "/v3/did_reservations/r 1"},
		{"cancel order", func(c *client.Client) error { return c.CancelOrder(ctx, "o-1") }, "DELETE", "/v3/orders/o-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodDelete {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				writeDoc(w, 200, emptyList)
			})
			if err := tt.call(newClient(t, rec)); err != nil {
				t.Fatal(err)
			}
			got := rec.requests()[0]
			if got.Method != tt.method || got.Path != tt.path {
				t.Errorf("request = %s %s, want %s %s", got.Method, got.Path, tt.method, tt.path)
			}
		})
	}
}

func TestCreateOrderBody(t *testing.T) {
	yes, no, cycles := true, false, 3
	tests := []struct {
		name string
		req  client.OrderRequest
		want string
	}{
		{
			name: "seed step 5: SKU and qty",
			req:  client.OrderRequest{AllowBackOrdering: &yes, Items: []client.OrderItemRequest{{SKUID: "sku-2", Qty: 1}}},
			want: `{"data":{"type":"orders","attributes":{"allow_back_ordering":true,
				"items":[{"type":"did_order_items","attributes":{"sku_id":"sku-2","qty":1}}]}}}`,
		},
		{
			name: "specific number with callback and reference",
			req: client.OrderRequest{
				AllowBackOrdering: &no, ExternalReferenceID: "ext-9",
				CallbackURL: "https://hooks.example/orders", CallbackMethod: "post",
				Items: []client.OrderItemRequest{{SKUID: "sku-1", AvailableDIDID: "ad-1", BillingCyclesCount: &cycles}},
			},
			want: `{"data":{"type":"orders","attributes":{"allow_back_ordering":false,"external_reference_id":"ext-9",
				"callback_url":"https://hooks.example/orders","callback_method":"post",
				"items":[{"type":"did_order_items","attributes":{"sku_id":"sku-1","available_did_id":"ad-1","billing_cycles_count":3}}]}}}`,
		},
		{
			name: "reservation and NPA-NXX items, back ordering left to the server",
			req: client.OrderRequest{Items: []client.OrderItemRequest{
				{SKUID: "sku-1", DIDReservationID: "res-1"},
				{SKUID: "sku-3", NanpaPrefixID: "np-1", Qty: 2},
			}},
			want: `{"data":{"type":"orders","attributes":{"items":[
				{"type":"did_order_items","attributes":{"sku_id":"sku-1","did_reservation_id":"res-1"}},
				{"type":"did_order_items","attributes":{"sku_id":"sku-3","qty":2,"nanpa_prefix_id":"np-1"}}]}}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, only(t, "/v3/orders", serve(201, orderPending)))
			if _, err := newClient(t, rec).CreateOrder(testContext(t), tt.req); err != nil {
				t.Fatal(err)
			}
			assertSameJSON(t, rec.requests()[0].Body, tt.want)
		})
	}
}

func TestCreateReservationBody(t *testing.T) {
	rec := newRecorder(t, only(t, "/v3/did_reservations", serve(201, reservation2026)))
	res, err := newClient(t, rec).CreateReservation(testContext(t), "ad-7", "for the demo")
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, rec.requests()[0].Body, `{"data":{"type":"did_reservations",
		"attributes":{"description":"for the demo"},
		"relationships":{"available_did":{"data":{"type":"available_dids","id":"ad-7"}}}}}`)
	if res.ID != "res-1" {
		t.Errorf("reservation id = %q", res.ID)
	}
}

// assertSameJSON compares two JSON texts by value.
func assertSameJSON(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want is not JSON: %v\n%s", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", got, want)
	}
}
