package client_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/didstock/didstock/client"
)

// exampleServer plays a DIDWW-compatible endpoint for the five steps of
// "buy an available number from DID inventory".
func exampleServer() *httptest.Server {
	docs := map[string]string{
		"GET /v3/countries": `{"data":[{"id":"c-us","type":"countries","attributes":{"name":"United States","iso":"US","prefix":"1"}}]}`,
		"GET /v3/cities":    `{"data":[{"id":"ci-la","type":"cities","attributes":{"name":"Los Angeles"}}]}`,
		"GET /v3/did_groups": `{"data":[{"id":"g-la","type":"did_groups","attributes":{"area_name":"Los Angeles"},
			"meta":{"available_dids_enabled":true}}]}`,
		"GET /v3/available_dids": `{"data":[{"id":"ad-1","type":"available_dids","attributes":{"number":"12135550101"},
			"relationships":{"did_group":{"data":{"type":"did_groups","id":"g-la"}}}}],
			"included":[
			 {"id":"g-la","type":"did_groups","attributes":{"area_name":"Los Angeles"},
			  "relationships":{"stock_keeping_units":{"data":[{"type":"stock_keeping_units","id":"sku-0"},{"type":"stock_keeping_units","id":"sku-2"}]}}},
			 {"id":"sku-0","type":"stock_keeping_units","attributes":{"setup_price":"0.0","monthly_price":"1.2","channels_included_count":0}},
			 {"id":"sku-2","type":"stock_keeping_units","attributes":{"setup_price":"0.0","monthly_price":"10.0","channels_included_count":2}}],
			"meta":{"total_count":1}}`,
		"POST /v3/orders": `{"data":{"id":"o-1","type":"orders","attributes":{"reference":"GHI-789012","amount":"10.0",
			"status":"Completed","created_at":"2025-07-09T10:00:00.000Z","description":"1 x 12135550101"}}}`,
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc, ok := docs[r.Method+" "+r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", client.MediaType)
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		_, _ = io.WriteString(w, doc)
	}))
}

// Example_buy buys a specific number with two included channels in Los
// Angeles: country, city, DID group with number selection, available DID
// with its SKUs, order.
func Example_buy() {
	srv := exampleServer()
	defer srv.Close()
	ctx := context.Background()
	c := client.New(srv.URL+"/v3", "my-api-key")

	countries, err := c.ListCountries(ctx, client.Query{}.Filter("iso", "US"))
	if err != nil {
		log.Fatal(err)
	}
	country := countries.Items[0]

	cities, err := c.ListCities(ctx, client.Query{}.Filter("country.id", country.ID).Filter("name", "Los Angeles"))
	if err != nil {
		log.Fatal(err)
	}
	city := cities.Items[0]

	groups, err := c.ListDIDGroups(ctx, client.Query{}.
		Filter("country.id", country.ID).Filter("city.id", city.ID).Filter("available_dids_enabled", "true"))
	if err != nil {
		log.Fatal(err)
	}
	group := groups.Items[0]

	available, err := c.SampleAvailableDIDs(ctx, client.Query{Include: []string{"did_group.stock_keeping_units"}}.
		Filter("did_group.id", group.ID))
	if err != nil {
		log.Fatal(err)
	}
	number := available.Items[0]
	var sku *client.SKU
	for _, s := range number.DIDGroup.SKUs {
		if s.ChannelsIncludedCount == 2 {
			sku = s
		}
	}

	backOrder := true
	order, err := c.CreateOrder(ctx, client.OrderRequest{
		AllowBackOrdering: &backOrder,
		Items:             []client.OrderItemRequest{{SKUID: sku.ID, Qty: 1}},
	})
	if _, _, short := client.AsInsufficientBalance(err); short {
		log.Fatal("top up the balance first")
	} else if err != nil {
		log.Fatal(err)
	}

	fmt.Println(country.Name, "/", city.Name, "/", group.AreaName)
	fmt.Println(number.Number, "with", sku.ChannelsIncludedCount, "channels at", sku.MonthlyPrice, "a month")
	fmt.Println(order.Reference, order.Status, order.Amount)
	// Output:
	// United States / Los Angeles / Los Angeles
	// 12135550101 with 2 channels at 10.0 a month
	// GHI-789012 completed 10.0
}
