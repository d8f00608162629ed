package demo

import (
	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
)

// features lists what numbers of a group can do. SMS is only offered where
// the demo's ranges are SMS-capable in practice: mobiles everywhere, and
// NANPA local and toll-free numbers.
func features(iso, kind string) []string {
	nanpa := iso == "US" || iso == "CA"
	switch kind {
	case typeMobile:
		return []string{"voice_in", "voice_out", "sms_in", "sms_out"}
	case typeTollFree:
		if nanpa {
			return []string{"voice_in", "t38", "sms_in"}
		}
		return []string{"voice_in", "t38"}
	case typeSharedCost:
		return []string{"voice_in"}
	case typeLocal:
		if nanpa {
			return []string{"voice_in", "voice_out", "t38", "sms_in", "sms_out"}
		}
	}
	return []string{"voice_in", "voice_out", "t38"}
}

// basePrice holds a type's prices in cents: setup, then monthly with no
// channels and with two channels included. Toll-free and shared-cost ranges
// cost more to hold, mobiles a little more than local numbers.
var basePrice = map[string][3]int64{
	typeLocal:      {0, 120, 1000},
	typeNational:   {0, 200, 1100},
	typeMobile:     {100, 350, 1250},
	typeTollFree:   {1000, 1500, 2500},
	typeSharedCost: {500, 800, 1700},
	typeGlobal:     {1500, 2000, 3000},
}

// surcharge varies monthly prices by country (0–40 cents), stable per ISO.
// NANPA pays none, so US local SKUs read 0.00/1.20 and 0.00/10.00 like the
// reference examples.
func surcharge(iso string) int64 {
	if iso == "US" || iso == "CA" {
		return 0
	}
	return int64(seed("price:"+iso)%5) * 10
}

// skus returns a group's two price plans: without and with two channels.
func skus(g *didstock.DIDGroup, iso, kind string) []*didstock.SKU {
	p, extra := basePrice[kind], surcharge(iso)
	cents := func(c int64) decimal.Decimal { return decimal.New(c, -2) }
	return []*didstock.SKU{
		{ID: id("sku", g.ID, "0"), DIDGroupID: g.ID, SetupPrice: cents(p[0]), MonthlyPrice: cents(p[1] + extra), ChannelsIncludedCount: 0},
		{ID: id("sku", g.ID, "2"), DIDGroupID: g.ID, SetupPrice: cents(p[0]), MonthlyPrice: cents(p[2] + extra), ChannelsIncludedCount: 2},
	}
}
