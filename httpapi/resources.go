package httpapi

import (
	"net/http"
	"strings"

	"github.com/shopspring/decimal"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/jsonapi"
)

// newResource starts a resource object with links for each named
// relationship, as the reference always sends them.
func newResource(r *http.Request, typ, id string, rels ...string) *jsonapi.Resource {
	res := &jsonapi.Resource{ID: id, Type: typ, Attributes: map[string]any{}}
	if len(rels) > 0 {
		base := baseURL(r) + "/v3/" + typ + "/" + id
		res.Relationships = make(map[string]*jsonapi.Relationship, len(rels))
		for _, name := range rels {
			res.Relationships[name] = &jsonapi.Relationship{Links: jsonapi.RelationshipLinks{
				Self:    base + "/relationships/" + name,
				Related: base + "/" + name,
			}}
		}
	}
	return res
}

// money renders an amount the way the reference does: a string with at
// least one decimal place ("0.0", "1.2", "10.05"). The exponent alone does
// not tell: amounts read from micros have exponent -6 whatever their value,
// so the shortest form (trailing zeros dropped) decides.
func money(d decimal.Decimal) string {
	s := d.String()
	if !strings.Contains(s, ".") {
		return s + ".0"
	}
	return s
}

func renderCountry(r *http.Request, c *didstock.Country) *jsonapi.Resource {
	res := newResource(r, "countries", c.ID, "regions")
	res.Attributes["name"] = c.Name
	res.Attributes["prefix"] = c.Prefix
	res.Attributes["iso"] = c.ISO
	return res
}

func renderRegion(r *http.Request, x *didstock.Region) *jsonapi.Resource {
	res := newResource(r, "regions", x.ID, "country")
	res.Attributes["name"] = x.Name
	return res
}

func renderCity(r *http.Request, x *didstock.City) *jsonapi.Resource {
	res := newResource(r, "cities", x.ID, "country", "region", "area")
	res.Attributes["name"] = x.Name
	return res
}

func renderArea(r *http.Request, x *didstock.Area) *jsonapi.Resource {
	res := newResource(r, "areas", x.ID, "country")
	res.Attributes["name"] = x.Name
	return res
}

func renderNanpaPrefix(r *http.Request, x *didstock.NanpaPrefix) *jsonapi.Resource {
	res := newResource(r, "nanpa_prefixes", x.ID, "country", "region")
	res.Attributes["npa"] = x.NPA
	res.Attributes["nxx"] = x.NXX
	return res
}

func renderDIDGroupType(r *http.Request, x *didstock.DIDGroupType) *jsonapi.Resource {
	res := newResource(r, "did_group_types", x.ID)
	res.Attributes["name"] = x.Name
	return res
}

// renderDIDGroup follows the version: 2026-04-16 adds service_restrictions
// and drops the sms_out feature.
func renderDIDGroup(r *http.Request, g *didstock.DIDGroup) *jsonapi.Resource {
	v := apiVersion(r)
	rels := []string{"country", "city", "did_group_type", "region", "stock_keeping_units"}
	if v >= didstock.APIVersion20260416 {
		rels = append(rels, "address_requirement")
	} else {
		rels = append(rels, "requirement")
	}
	res := newResource(r, "did_groups", g.ID, rels...)
	features := g.Features
	if v >= didstock.APIVersion20260416 {
		features = without(features, "sms_out")
	} else {
		features = only(features, features2022)
	}
	a := res.Attributes
	a["prefix"] = g.Prefix
	a["local_prefix"] = g.LocalPrefix
	a["features"] = features
	a["is_metered"] = g.IsMetered
	a["area_name"] = g.AreaName
	a["allow_additional_channels"] = g.AllowAdditionalChannels
	if v >= didstock.APIVersion20260416 {
		a["service_restrictions"] = g.ServiceRestrictions
	}
	res.Meta = map[string]any{
		"available_dids_enabled": g.AvailableDIDsEnabled,
		"needs_registration":     g.NeedsRegistration,
		"is_available":           g.IsAvailable(),
		"total_count":            g.StockCount,
	}
	return res
}

// features2022 are the feature values the 2022-05-10 version knows.
var features2022 = []string{"voice_in", "voice_out", "t38", "sms_in", "sms_out"}

func without(list []string, drop string) []string {
	out := []string{}
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

func only(list, keep []string) []string {
	out := []string{}
	for _, s := range list {
		for _, k := range keep {
			if s == k {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

func renderSKU(r *http.Request, s *didstock.SKU) *jsonapi.Resource {
	res := newResource(r, "stock_keeping_units", s.ID)
	res.Attributes["setup_price"] = money(s.SetupPrice)
	res.Attributes["monthly_price"] = money(s.MonthlyPrice)
	res.Attributes["channels_included_count"] = s.ChannelsIncludedCount
	return res
}

func renderAvailableDID(r *http.Request, d *didstock.AvailableDID) *jsonapi.Resource {
	res := newResource(r, "available_dids", d.ID, "did_group")
	res.Attributes["number"] = d.Number
	return res
}
