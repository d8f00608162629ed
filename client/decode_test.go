package client_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/didstock/didstock/client"
)

// eq fails the test when got differs from want.
func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// noErr stops the test on err.
func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDecodeResources(t *testing.T) {
	ctx := testContext(t)
	q := client.Query{}
	tests := []struct {
		name  string
		path  string
		body  string
		check func(t *testing.T, c *client.Client)
	}{
		{"countries with links and total", "/v3/countries", countriesDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListCountries(ctx, q)
			noErr(t, err)
			eq(t, "items", len(l.Items), 2)
			eq(t, "first", *l.Items[0], client.Country{ID: "c-us", Name: "United States", ISO: "US", Prefix: "1"})
			eq(t, "total", l.Total, 2)
			eq(t, "has total", l.HasTotal, true)
			eq(t, "api version", l.APIVersion, "2026-04-16")
			eq(t, "next", l.Links.Next, "http://x/v3/countries?page%5Bnumber%5D=2")
		}},
		{"regions resolve included country; string total", "/v3/regions", regionsDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListRegions(ctx, q)
			noErr(t, err)
			r := l.Items[0]
			eq(t, "region", [3]string{r.Name, r.ISO, r.CountryID}, [3]string{"Alberta", "CA-AB", "c-ca"})
			eq(t, "country", r.Country.Name, "Canada")
			eq(t, "total", l.Total, 1)
			eq(t, "included countries", len(l.Included.Countries), 1)
		}},
		{"cities resolve country and region, null area", "/v3/cities", citiesDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListCities(ctx, q)
			noErr(t, err)
			ci := l.Items[0]
			eq(t, "ids", [3]string{ci.CountryID, ci.RegionID, ci.AreaID}, [3]string{"c-us", "r-ca", ""})
			eq(t, "region name", ci.Region.Name, "California")
			if ci.Region.Country != ci.Country {
				t.Error("region's country and city's country should be one shared value")
			}
			eq(t, "area", ci.Area, (*client.Area)(nil))
		}},
		{"areas", "/v3/areas", areasDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListAreas(ctx, q)
			noErr(t, err)
			eq(t, "area", [3]string{l.Items[0].Name, l.Items[0].CountryID, l.Items[0].Country.ISO}, [3]string{"Tuscany", "c-it", "IT"})
			eq(t, "has total", l.HasTotal, false)
		}},
		{"nanpa prefixes, linkage without include", "/v3/nanpa_prefixes", nanpaDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListNanpaPrefixes(ctx, q)
			noErr(t, err)
			p := l.Items[0]
			eq(t, "npa-nxx", p.NPA+p.NXX, "213555")
			eq(t, "country id", p.CountryID, "c-us")
			eq(t, "country not included", p.Country, (*client.Country)(nil))
			eq(t, "total", l.Total, 4330)
		}},
		{"did group types", "/v3/did_group_types", groupTypesDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListDIDGroupTypes(ctx, q)
			noErr(t, err)
			eq(t, "names", []string{l.Items[0].Name, l.Items[1].Name}, []string{"Local", "Toll-free"})
		}},
		{"did groups with meta and SKUs", "/v3/did_groups", didGroupsWithSKUs, func(t *testing.T, c *client.Client) {
			l, err := c.ListDIDGroups(ctx, q.WithInclude("stock_keeping_units"))
			noErr(t, err)
			g := l.Items[0]
			eq(t, "meta", [3]bool{g.AvailableDIDsEnabled, g.NeedsRegistration, g.IsAvailable}, [3]bool{true, true, true})
			eq(t, "total count", g.TotalCount, 37)
			eq(t, "features", g.Features, []string{"voice_in", "sms_in"})
			eq(t, "restrictions", *g.ServiceRestrictions, "ID required")
			eq(t, "ids", [3]string{g.CountryID, g.CityID, g.DIDGroupTypeID}, [3]string{"c-us", "ci-la", "t-local"})
			eq(t, "sku ids", g.SKUIDs, []string{"sku-0", "sku-2"})
			eq(t, "type", g.DIDGroupType.Name, "Local")
			eq(t, "city not included", g.City, (*client.City)(nil))
			eq(t, "skus", len(g.SKUs), 2)
			eq(t, "sku 2", *g.SKUs[1], client.SKU{ID: "sku-2", SetupPrice: "1.50", MonthlyPrice: "2.10", ChannelsIncludedCount: 2})
			eq(t, "monthly exact text", g.SKUs[0].MonthlyPrice, "0.30")
			eq(t, "decimal sum", g.SKUs[1].SetupPriceDecimal().Add(g.SKUs[1].MonthlyPriceDecimal()).String(), "3.6")
		}},
		{"one did group, null restrictions", "/v3/did_groups/g-1", didGroupOne, func(t *testing.T, c *client.Client) {
			g, err := c.GetDIDGroup(ctx, "g-1")
			noErr(t, err)
			eq(t, "restrictions", g.ServiceRestrictions, (*string)(nil))
			eq(t, "available", g.IsAvailable, false)
			eq(t, "skus", len(g.SKUs), 0)
		}},
		{"available DIDs resolve did_group.stock_keeping_units", "/v3/available_dids", availableDIDsDoc, func(t *testing.T, c *client.Client) {
			l, err := c.SampleAvailableDIDs(ctx, q.WithInclude("did_group.stock_keeping_units"))
			noErr(t, err)
			eq(t, "total_count", l.Total, 40)
			a := l.Items[0]
			eq(t, "number", a.Number, "12135550101")
			eq(t, "group id", a.DIDGroupID, "g-la")
			eq(t, "group", a.DIDGroup.AreaName, "Los Angeles")
			eq(t, "group count", a.DIDGroup.TotalCount, 82)
			eq(t, "sku channels", a.DIDGroup.SKUs[1].ChannelsIncludedCount, 2)
			if l.Items[1].DIDGroup != a.DIDGroup {
				t.Error("both numbers should share one decoded DID group")
			}
			eq(t, "included skus", len(l.Included.SKUs), 2)
		}},
		{"one available DID without include", "/v3/available_dids/ad-9", availableDIDOne, func(t *testing.T, c *client.Client) {
			a, err := c.GetAvailableDID(ctx, "ad-9")
			noErr(t, err)
			eq(t, "number", a.Number, "441632960001")
			eq(t, "group", a.DIDGroup, (*client.DIDGroup)(nil))
		}},
		{"reservation expires_at (2026-04-16)", "/v3/did_reservations/res-1", reservation2026, func(t *testing.T, c *client.Client) {
			r, err := c.GetReservation(ctx, "res-1")
			noErr(t, err)
			eq(t, "description", r.Description, "for the demo")
			eq(t, "created", r.CreatedAt, utc("2026-04-20T10:00:00Z"))
			eq(t, "expires", r.ExpiresAt, utc("2026-04-20T10:20:00Z"))
		}},
		{"reservations expire_at (2022-05-10) with available_did", "/v3/did_reservations", reservations2022WithInclude, func(t *testing.T, c *client.Client) {
			l, err := c.ListReservations(ctx, q.WithInclude("available_did"))
			noErr(t, err)
			r := l.Items[0]
			eq(t, "expires", r.ExpiresAt, utc("2022-06-01T09:30:00Z"))
			eq(t, "available did", r.AvailableDID.Number, "4930555000")
			eq(t, "available_count meta", fmt.Sprint(l.Meta["available_count"]), "9")
		}},
		{"order with lowercase status", "/v3/orders/o-1", orderPending, func(t *testing.T, c *client.Client) {
			o, err := c.GetOrder(ctx, "o-1")
			noErr(t, err)
			eq(t, "status", o.Status, client.StatusPending)
			eq(t, "final", o.Final(), false)
			eq(t, "created", o.CreatedAt, utc("2026-04-20T10:00:00.513Z"))
			eq(t, "callback", o.CallbackURL+o.CallbackMethod, "")
			eq(t, "billed from", o.Items[0].BilledFrom, (*time.Time)(nil))
		}},
		{"order with capitalised status (2022-05-10)", "/v3/orders/o-1", orderCompleted2022, func(t *testing.T, c *client.Client) {
			o, err := c.GetOrder(ctx, "o-1")
			noErr(t, err)
			eq(t, "status", o.Status, client.StatusCompleted)
			eq(t, "raw status", o.StatusRaw, "Completed")
			eq(t, "final", o.Final(), true)
			eq(t, "reference", o.Reference, "ABC-123456")
			eq(t, "amount", [2]string{o.Amount, o.AmountDecimal().StringFixed(2)}, [2]string{"2.10", "2.10"})
			eq(t, "callback", [2]string{o.CallbackURL, o.CallbackMethod}, [2]string{"https://hooks.example/o", "post"})
			eq(t, "external ref", o.ExternalReferenceID, "ext-1")
			it := o.Items[0]
			eq(t, "item", [5]string{it.Type, it.NRC, it.MRC, it.MonthlyPrice, it.DIDGroupID},
				[5]string{"did_order_items", "0.00", "2.10", "2.10", "g-la"})
			eq(t, "qty", it.Qty, 1)
			eq(t, "billed", [2]time.Time{*it.BilledFrom, *it.BilledTo}, [2]time.Time{utc("2022-06-01T00:00:00Z"), utc("2022-07-01T00:00:00Z")})
		}},
		{"orders list mixes casings", "/v3/orders", ordersList, func(t *testing.T, c *client.Client) {
			l, err := c.ListOrders(ctx, q)
			noErr(t, err)
			eq(t, "statuses", []string{l.Items[0].Status, l.Items[1].Status}, []string{client.StatusCanceled, client.StatusPending})
			eq(t, "total", l.Total, 2)
		}},
		{"balance", "/v3/balance", balanceDoc, func(t *testing.T, c *client.Client) {
			b, err := c.GetBalance(ctx)
			noErr(t, err)
			eq(t, "balance", *b, client.Balance{ID: "b-1", Balance: "50.00", Credit: "10.00", TotalBalance: "60.00"})
			eq(t, "sum", b.BalanceDecimal().Add(b.CreditDecimal()).Equal(b.TotalBalanceDecimal()), true)
		}},
		{"dids with order linkage and group include", "/v3/dids", didsDoc, func(t *testing.T, c *client.Client) {
			l, err := c.ListDIDs(ctx, q.WithInclude("did_group"))
			noErr(t, err)
			d := l.Items[0]
			eq(t, "number", d.Number, "12135550101")
			eq(t, "flags", [4]bool{d.Blocked, d.Terminated, d.AwaitingRegistration, d.EmergencyEnabled}, [4]bool{false, false, true, true})
			eq(t, "channels", [2]int{d.ChannelsIncludedCount, d.DedicatedChannelsCount}, [2]int{2, 1})
			eq(t, "capacity", *d.CapacityLimit, 2)
			eq(t, "cycles", d.BillingCyclesCount, (*int)(nil))
			eq(t, "order id", d.OrderID, "o-1")
			eq(t, "order not included", d.Order, (*client.Order)(nil))
			eq(t, "group", d.DIDGroup.AreaName, "Los Angeles")
			eq(t, "expires", *d.ExpiresAt, utc("2026-05-20T10:00:00Z"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, only(t, tt.path, serve(200, tt.body)))
			tt.check(t, newClient(t, rec))
		})
	}
}

func TestDecodeRejectsBadDocuments(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr string
	}{
		{"wrong resource type", `{"data":[{"id":"x","type":"regions","attributes":{}}]}`, `expected resource type "countries"`},
		{"not JSON", `<html>oops</html>`, "not a JSON:API document"},
		{"attribute of the wrong type", `{"data":[{"id":"c","type":"countries","attributes":{"name":1}}]}`, "decoding attributes of countries c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(t, serve(200, tt.body))
			_, err := newClient(t, rec).ListCountries(testContext(t), client.Query{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
			}
			eq(t, "attempts (decode errors are not retried)", len(rec.requests()), 1)
		})
	}
}

func TestDecodeRejectsNonDecimalPrice(t *testing.T) {
	body := `{"data":[{"id":"g","type":"did_groups","relationships":{"stock_keeping_units":{"data":[{"type":"stock_keeping_units","id":"s"}]}}}],
		"included":[{"id":"s","type":"stock_keeping_units","attributes":{"setup_price":"free","monthly_price":"1"}}]}`
	rec := newRecorder(t, serve(200, body))
	_, err := newClient(t, rec).ListDIDGroups(testContext(t), client.Query{})
	if err == nil || !strings.Contains(err.Error(), `"free" is not a decimal`) {
		t.Fatalf("err = %v", err)
	}
}
