package buying

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/didstock/didstock/client"
)

// Candidate is one way to buy: a specific available number, or (when
// AvailableDID is nil) any numbers of a DID group, with the SKU chosen.
type Candidate struct {
	AvailableDID *client.AvailableDID
	Group        *client.DIDGroup
	SKU          *client.SKU
	TypeName     string // the group's type, e.g. "Local"; "" when unknown
	// NanpaPrefixID narrows a group candidate to one NPA-NXX.
	NanpaPrefixID string
}

// Number is the candidate's number, or "" for a group candidate.
func (c *Candidate) Number() string {
	if c.AvailableDID == nil {
		return ""
	}
	return c.AvailableDID.Number
}

// includeGroup is what steps 3 and 4 include so that one request brings
// the SKUs and the group type too.
var (
	groupIncludes     = []string{"stock_keeping_units", "did_group_type"}
	availableIncludes = []string{"did_group.stock_keeping_units", "did_group.did_group_type"}
)

// groupNeeds says what step 3 keeps: groups that let the buyer choose a
// number (selection), offer a SKU with the channels asked for, and have
// at least stock numbers in stock (0: any).
type groupNeeds struct {
	selection bool
	channels  int
	stock     int
}

// Groups runs step 3: the DID groups of the place, narrowed to those that
// meet needs. When none do, the error says which need ruled them out.
func (f *Finder) groups(ctx context.Context, p *Place, need groupNeeds) ([]*client.DIDGroup, error) {
	q := groupQuery(p)
	if need.selection {
		q = q.Filter("available_dids_enabled", "true")
	}
	l, err := f.Client.ListDIDGroups(ctx, q)
	if err != nil {
		return nil, err
	}
	step := func(msg string) error {
		return &StepError{Step: 3, What: "DID group", Filters: filters(q, p), Message: msg}
	}
	if len(l.Items) == 0 {
		return nil, step(f.noGroupMessage(ctx, p, need))
	}
	withSKU := slices.DeleteFunc(slices.Clone(l.Items), func(g *client.DIDGroup) bool { return pickSKU(g.SKUs, need.channels) == nil })
	if len(withSKU) == 0 {
		return nil, step(fmt.Sprintf("no DID group %s offers a SKU with %d included channels; they offer %s",
			groupWhere(p), need.channels, channelCounts(l.Items)))
	}
	inStock := slices.DeleteFunc(slices.Clone(withSKU), func(g *client.DIDGroup) bool { return g.TotalCount < need.stock })
	if len(inStock) == 0 {
		most := slices.MaxFunc(withSKU, func(a, b *client.DIDGroup) int { return a.TotalCount - b.TotalCount })
		return nil, step(fmt.Sprintf("the %d DID group(s) %s have too few numbers in stock: %d wanted, at most %d (allow back-ordering to wait for stock)",
			len(withSKU), groupWhere(p), need.stock, most.TotalCount))
	}
	return inStock, nil
}

// groupQuery is step 3's query for a place.
func groupQuery(p *Place) client.Query {
	q := client.Query{PageSize: 100, Include: groupIncludes, Sort: []string{"prefix"}}.Filter("country.id", p.Country.ID)
	switch {
	case len(p.Cities) > 0:
		ids := make([]string, 0, len(p.Cities))
		for _, c := range p.Cities {
			ids = append(ids, c.ID)
		}
		q = q.Filter("city.id", strings.Join(ids, ","))
	case p.Region != nil:
		q = q.Filter("region.id", p.Region.ID)
	case p.Area != nil:
		// Groups carry their area by name only (area_name), as at the reference.
		q = q.Filter("area_name", p.Area.Name)
	}
	if p.Type != nil {
		q = q.Filter("did_group_type.id", p.Type.ID)
	}
	if p.Nanpa != nil {
		q = q.Filter("nanpa_prefix.id", p.Nanpa.ID)
	}
	return q
}

// noGroupMessage explains an empty step 3. When the buyer wanted to choose
// a number, it checks whether groups exist that only sell "any number",
// since that has a different remedy (--qty) than no groups at all.
func (f *Finder) noGroupMessage(ctx context.Context, p *Place, need groupNeeds) string {
	if need.selection {
		if l, err := f.Client.ListDIDGroups(ctx, groupQuery(p)); err == nil && len(l.Items) > 0 {
			return fmt.Sprintf("the %d DID group(s) %s do not let you choose a number (available_dids_enabled is false); "+
				"buy any number of the group with --qty 1 instead", len(l.Items), groupWhere(p))
		}
	}
	return "no DID group " + groupWhere(p)
}

// groupWhere is "of type Mobile in Los Angeles, United States".
func groupWhere(p *Place) string {
	s := "in " + p.String()
	if p.Type != nil {
		s = "of type " + p.Type.Name + " " + s
	}
	return s
}

func channelCounts(groups []*client.DIDGroup) string {
	var counts []int
	for _, g := range groups {
		for _, s := range g.SKUs {
			if !slices.Contains(counts, s.ChannelsIncludedCount) {
				counts = append(counts, s.ChannelsIncludedCount)
			}
		}
	}
	if len(counts) == 0 {
		return "no SKUs at all"
	}
	slices.Sort(counts)
	words := make([]string, 0, len(counts))
	for _, c := range counts {
		words = append(words, strconv.Itoa(c))
	}
	return orList(words) + " channels"
}

// pickSKU chooses the SKU with the wanted channels_included_count, or with
// AnyChannels the cheapest per month (fewest channels on a tie).
func pickSKU(skus []*client.SKU, channels int) *client.SKU {
	var best *client.SKU
	for _, s := range skus {
		if channels != AnyChannels {
			if s.ChannelsIncludedCount == channels {
				return s
			}
			continue
		}
		if best == nil || cheaper(s, best) {
			best = s
		}
	}
	return best
}

func cheaper(a, b *client.SKU) bool {
	if c := a.MonthlyPriceDecimal().Cmp(b.MonthlyPriceDecimal()); c != 0 {
		return c < 0
	}
	return a.ChannelsIncludedCount < b.ChannelsIncludedCount
}

// typeName names a group's type from its include, or from the type the
// buyer asked for.
func typeName(g *client.DIDGroup, p *Place) string {
	if g.DIDGroupType != nil {
		return g.DIDGroupType.Name
	}
	if p != nil && p.Type != nil {
		return p.Type.Name
	}
	return ""
}

// groupCandidates turns step 3's groups into candidates for a quantity
// order.
func groupCandidates(groups []*client.DIDGroup, p *Place, channels int) []*Candidate {
	out := make([]*Candidate, 0, len(groups))
	for _, g := range groups {
		c := &Candidate{Group: g, SKU: pickSKU(g.SKUs, channels), TypeName: typeName(g, p)}
		if p.Nanpa != nil {
			c.NanpaPrefixID = p.Nanpa.ID
		}
		out = append(out, c)
	}
	return out
}

// maxGroupIDs bounds how many group ids step 4 filters on, keeping the URL
// short; the first page of step 3 holds at most this many anyway.
const maxGroupIDs = 100

// numbers runs step 4: a sample of available numbers in the groups (or,
// without groups, anywhere) with their SKUs, narrowed by the number
// filters.
func (f *Finder) numbers(ctx context.Context, p *Place, groups []*client.DIDGroup, c Criteria) ([]*Candidate, error) {
	q := client.Query{Include: availableIncludes}
	if len(groups) > 0 {
		ids := make([]string, 0, len(groups))
		for _, g := range groups[:min(len(groups), maxGroupIDs)] {
			ids = append(ids, g.ID)
		}
		q = q.Filter("did_group.id", strings.Join(ids, ","))
	}
	if c.Number != "" {
		q = q.Filter("number_contains", c.Number)
	} else if c.NumberContains != "" {
		q = q.Filter("number_contains", c.NumberContains)
	}
	l, err := f.Client.SampleAvailableDIDs(ctx, q)
	if err != nil {
		return nil, err
	}
	byID := map[string]*client.DIDGroup{}
	for _, g := range groups {
		byID[g.ID] = g
	}
	var out []*Candidate
	var noSKU []string
	for _, ad := range l.Items {
		if c.Number != "" && ad.Number != c.Number {
			continue // number_contains also matches longer numbers
		}
		g := byID[ad.DIDGroupID]
		if g == nil {
			g = ad.DIDGroup
		}
		if g == nil {
			continue
		}
		sku := pickSKU(g.SKUs, c.Channels)
		if sku == nil {
			noSKU = append(noSKU, channelCounts([]*client.DIDGroup{g}))
			continue
		}
		out = append(out, &Candidate{AvailableDID: ad, Group: g, SKU: sku, TypeName: typeName(g, p)})
	}
	if len(out) == 0 {
		return nil, &StepError{Step: 4, What: "available number and SKU", Filters: filters(q, p),
			Message: noNumberMessage(p, groups, c, noSKU)}
	}
	return out, nil
}

func noNumberMessage(p *Place, groups []*client.DIDGroup, c Criteria, noSKU []string) string {
	where := "anywhere"
	if p != nil && p.Country != nil {
		where = fmt.Sprintf("in the %d DID group(s) %s", len(groups), groupWhere(p))
	}
	switch {
	case len(noSKU) > 0:
		return fmt.Sprintf("the number's DID group has no SKU with %d included channels; it offers %s", c.Channels, noSKU[0])
	case c.Number != "":
		return fmt.Sprintf("number %s is not available %s: it is sold, reserved by someone else, or not in stock here", c.Number, where)
	case c.NumberContains != "":
		return fmt.Sprintf("no available number containing '%s' %s", c.NumberContains, where)
	}
	return fmt.Sprintf("no available number %s right now; try again, or buy with --qty to back-order", where)
}
