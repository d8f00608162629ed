package buying

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/didstock/didstock/client"
)

// StepError says which step of the five found nothing, with which filters,
// in words a buyer can act on.
type StepError struct {
	Step    int    // 1 country, 2 location, 3 DID group, 4 available number and SKU, 5 order
	What    string // what the step looks for: "country", "city", "DID group"…
	Filters string // the query's filters, e.g. filter[name]=Springfeld
	Message string // e.g. "no city named 'Springfeld' in United States; did you mean Springfield?"
}

func (e *StepError) Error() string {
	head := fmt.Sprintf("step %d of 5 (%s", e.Step, e.What)
	if e.Filters != "" {
		head += ", " + e.Filters
	}
	return head + "): " + e.Message
}

// Finder runs the search steps (1 to 4) against one endpoint.
type Finder struct {
	Client *client.Client
}

// Place is what steps 1 and 2 resolved: the country and whatever narrows it.
type Place struct {
	Country *client.Country
	Cities  []*client.City // all cities of that name (there are two Springfields)
	Region  *client.Region
	Area    *client.Area
	Type    *client.DIDGroupType
	Nanpa   *client.NanpaPrefix
}

// String describes the place for messages: "Los Angeles, United States".
func (p *Place) String() string {
	var parts []string
	switch {
	case p.Nanpa != nil:
		parts = append(parts, "NPA-NXX "+p.Nanpa.NPA+"-"+p.Nanpa.NXX)
	case len(p.Cities) > 0:
		parts = append(parts, p.Cities[0].Name)
	case p.Region != nil:
		parts = append(parts, "region "+p.Region.Name)
	case p.Area != nil:
		parts = append(parts, "area "+p.Area.Name)
	}
	if p.Country != nil {
		parts = append(parts, p.Country.Name)
	}
	return strings.Join(parts, ", ")
}

// label names the resource an id filter value points at, or returns the
// value as it is.
func (p *Place) label(v string) string {
	if p == nil {
		return v
	}
	named := map[string]string{}
	if p.Country != nil {
		named[p.Country.ID] = p.Country.Name
	}
	for _, c := range p.Cities {
		named[c.ID] = c.Name
	}
	if p.Region != nil {
		named[p.Region.ID] = p.Region.Name
	}
	if p.Type != nil {
		named[p.Type.ID] = p.Type.Name
	}
	if p.Nanpa != nil {
		named[p.Nanpa.ID] = p.Nanpa.NPA + "-" + p.Nanpa.NXX
	}
	ids := strings.Split(v, ",")
	if _, ok := named[ids[0]]; !ok && len(ids) > 2 {
		return fmt.Sprintf("<%d ids>", len(ids))
	}
	var out []string
	for _, id := range ids {
		if name, ok := named[id]; ok {
			id = "<" + name + ">"
		}
		out = append(out, id)
	}
	return strings.Join(out, ",")
}

// Resolve runs steps 1 and 2: the country, then the city, region or area,
// the group type and the NPA-NXX, each checked to exist.
func (f *Finder) Resolve(ctx context.Context, c Criteria) (*Place, error) {
	p := &Place{}
	var err error
	if p.Country, err = f.country(ctx, c.Country); err != nil {
		return nil, err
	}
	switch {
	case c.City != "":
		p.Cities, err = f.cities(ctx, p.Country, c.City)
	case c.Region != "":
		p.Region, err = f.region(ctx, p.Country, c.Region)
	case c.Area != "":
		p.Area, err = f.area(ctx, p.Country, c.Area)
	}
	if err != nil {
		return nil, err
	}
	if c.Type != "" {
		if p.Type, err = f.groupType(ctx, c.Type); err != nil {
			return nil, err
		}
	}
	if c.NPANXX != "" {
		if p.Nanpa, err = f.nanpa(ctx, p.Country, c.NPANXX); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// isISO reports whether s looks like an ISO 3166 alpha-2 code.
func isISO(s string) bool {
	return len(s) == 2 && strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) < 0
}

// isoAliases are codes people type that ISO spells differently.
var isoAliases = map[string]string{"UK": "GB", "EL": "GR"}

func (f *Finder) country(ctx context.Context, in string) (*client.Country, error) {
	q := client.Query{}.Filter("name", in)
	if isISO(in) {
		q = client.Query{}.Filter("iso", strings.ToUpper(in))
	}
	l, err := f.Client.ListCountries(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(l.Items) > 0 {
		return l.Items[0], nil
	}
	all, err := listAll(ctx, f.Client.ListCountries, client.Query{})
	if err != nil {
		return nil, err
	}
	return nil, &StepError{Step: 1, What: "country", Filters: filters(q, nil), Message: countryMiss(in, all)}
}

func countryMiss(in string, all []*client.Country) string {
	if isISO(in) {
		code := strings.ToUpper(in)
		msg := fmt.Sprintf("no country with ISO code '%s'", code)
		if alias, ok := isoAliases[code]; ok {
			for _, c := range all {
				if c.ISO == alias {
					return msg + fmt.Sprintf("; did you mean %s (%s)?", alias, c.Name)
				}
			}
		}
		return msg + "; give a two-letter ISO 3166 code or the country's name"
	}
	names := make([]string, 0, len(all))
	for _, c := range all {
		names = append(names, c.Name)
	}
	return fmt.Sprintf("no country named '%s'%s", in, didYouMean(in, names))
}

func (f *Finder) cities(ctx context.Context, country *client.Country, name string) ([]*client.City, error) {
	q := client.Query{}.Filter("country.id", country.ID).Filter("name", name)
	l, err := f.Client.ListCities(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(l.Items) > 0 {
		return l.Items, nil
	}
	all, err := listAll(ctx, f.Client.ListCities, client.Query{}.Filter("country.id", country.ID))
	if err != nil {
		return nil, err
	}
	names := names(all, func(c *client.City) string { return c.Name })
	return nil, &StepError{Step: 2, What: "city", Filters: filters(q, &Place{Country: country}),
		Message: miss("city", name, country, names, "cities")}
}

func (f *Finder) region(ctx context.Context, country *client.Country, name string) (*client.Region, error) {
	q := client.Query{}.Filter("country.id", country.ID).Filter("name", name)
	l, err := f.Client.ListRegions(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(l.Items) > 0 {
		return l.Items[0], nil
	}
	all, err := listAll(ctx, f.Client.ListRegions, client.Query{}.Filter("country.id", country.ID))
	if err != nil {
		return nil, err
	}
	names := names(all, func(r *client.Region) string { return r.Name })
	return nil, &StepError{Step: 2, What: "region", Filters: filters(q, &Place{Country: country}),
		Message: miss("region", name, country, names, "regions")}
}

func (f *Finder) area(ctx context.Context, country *client.Country, name string) (*client.Area, error) {
	q := client.Query{}.Filter("country.id", country.ID).Filter("name", name)
	l, err := f.Client.ListAreas(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(l.Items) > 0 {
		return l.Items[0], nil
	}
	all, err := listAll(ctx, f.Client.ListAreas, client.Query{}.Filter("country.id", country.ID))
	if err != nil {
		return nil, err
	}
	names := names(all, func(a *client.Area) string { return a.Name })
	return nil, &StepError{Step: 2, What: "area", Filters: filters(q, &Place{Country: country}),
		Message: miss("area", name, country, names, "areas")}
}

func (f *Finder) groupType(ctx context.Context, name string) (*client.DIDGroupType, error) {
	q := client.Query{}.Filter("name", name)
	l, err := f.Client.ListDIDGroupTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(l.Items) > 0 {
		return l.Items[0], nil
	}
	all, err := listAll(ctx, f.Client.ListDIDGroupTypes, client.Query{})
	if err != nil {
		return nil, err
	}
	names := names(all, func(t *client.DIDGroupType) string { return t.Name })
	msg := fmt.Sprintf("no DID group type named '%s'", name)
	if hint := didYouMean(name, names); hint != "" {
		msg += hint
	} else if len(names) > 0 {
		msg += "; the types are " + strings.Join(names, ", ")
	}
	return nil, &StepError{Step: 2, What: "DID group type", Filters: filters(q, nil), Message: msg}
}

func (f *Finder) nanpa(ctx context.Context, country *client.Country, npanxx string) (*client.NanpaPrefix, error) {
	q := client.Query{}.Filter("npanxx", npanxx).Filter("country.id", country.ID)
	l, err := f.Client.ListNanpaPrefixes(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(l.Items) > 0 {
		return l.Items[0], nil
	}
	npa := npanxx[:3]
	same, err := f.Client.ListNanpaPrefixes(ctx, client.Query{PageSize: 100, Sort: []string{"nxx"}}.
		Filter("npa", npa).Filter("country.id", country.ID))
	if err != nil {
		return nil, err
	}
	msg := fmt.Sprintf("no NPA-NXX %s-%s in %s", npa, npanxx[3:], country.Name)
	if len(same.Items) == 0 {
		msg += fmt.Sprintf("; there are no numbers in NPA %s at all", npa)
	} else {
		var codes []string
		for _, p := range same.Items[:min(len(same.Items), 8)] {
			codes = append(codes, p.NPA+"-"+p.NXX)
		}
		msg += fmt.Sprintf("; NPA %s has %s", npa, strings.Join(codes, ", "))
	}
	return nil, &StepError{Step: 2, What: "NPA-NXX", Filters: filters(q, &Place{Country: country}), Message: msg}
}

// miss words a failed name lookup: a "did you mean" hint when a name is
// close, otherwise the first few names there are.
func miss(what, name string, country *client.Country, names []string, plural string) string {
	msg := fmt.Sprintf("no %s named '%s' in %s", what, name, country.Name)
	if hint := didYouMean(name, names); hint != "" {
		return msg + hint
	}
	if len(names) == 0 {
		return msg + fmt.Sprintf("; it has no %s at all", plural)
	}
	sort.Strings(names)
	const show = 8
	list := strings.Join(names[:min(len(names), show)], ", ")
	if len(names) > show {
		list += fmt.Sprintf(" and %d more", len(names)-show)
	}
	return msg + fmt.Sprintf("; %s there: %s", plural, list)
}

func names[T any](items []*T, name func(*T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, name(it))
	}
	return out
}

// maxPages bounds listAll: suggestions need names, not a whole catalogue.
const maxPages = 10

// listAll reads up to maxPages pages of 100 of a list endpoint.
func listAll[T any](ctx context.Context, fetch func(context.Context, client.Query) (*client.List[T], error), q client.Query) ([]*T, error) {
	q.PageSize = 100
	var out []*T
	for page := 1; page <= maxPages; page++ {
		q.PageNumber = page
		l, err := fetch(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if len(l.Items) < q.PageSize || (l.HasTotal && len(out) >= l.Total) {
			break
		}
	}
	return out, nil
}

// filters renders a query's filters as filter[key]=value, sorted, for
// messages, with ids the place knows shown by name: filter[city.id]=<Los
// Angeles> says more than a UUID.
func filters(q client.Query, p *Place) string {
	keys := make([]string, 0, len(q.Filters))
	for k := range q.Filters {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("filter[%s]=%s", k, p.label(q.Filters[k])))
	}
	return strings.Join(parts, " ")
}
