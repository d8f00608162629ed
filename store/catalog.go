package store

import (
	"context"
	"database/sql"
	"strings"

	didstock "github.com/didstock/didstock"
)

var _ didstock.CatalogService = (*DB)(nil)

var byName = []didstock.SortKey{{Field: "name"}}

// FindCountries lists countries.
func (db *DB) FindCountries(ctx context.Context, f didstock.CountryFilter, opt didstock.ListOptions) ([]*didstock.Country, int, error) {
	q := listQuery{
		selectFrom: `SELECT c.id, c.name, c.iso, c.prefix FROM countries c`,
		countFrom:  `SELECT COUNT(*) FROM countries c`,
		sorts:      sortable{"name": "c.name_key", "iso": "c.iso", "prefix": "c.prefix"},
		dflt:       byName, idCol: "c.id",
	}
	q.where.inIDs("c.id", f.IDs)
	q.where.in("c.iso", upper(f.ISO))
	q.where.in("c.prefix", f.Prefix)
	q.where.nameKey("c.name_key", f.Name)
	if f.IsAvailable != nil {
		q.where.add(notIf(*f.IsAvailable) + `EXISTS (SELECT 1 FROM did_groups g WHERE g.country_id = c.id AND g.stock_count > 0)`)
	}
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.Country, error) {
		c := &didstock.Country{}
		return c, r.Scan(&c.ID, &c.Name, &c.ISO, &c.Prefix)
	})
}

// FindRegions lists regions.
func (db *DB) FindRegions(ctx context.Context, f didstock.RegionFilter, opt didstock.ListOptions) ([]*didstock.Region, int, error) {
	q := listQuery{
		selectFrom: `SELECT r.id, r.name, r.iso, r.country_id FROM regions r`,
		countFrom:  `SELECT COUNT(*) FROM regions r`,
		sorts:      sortable{"name": "r.name_key", "iso": "r.iso"},
		dflt:       byName, idCol: "r.id",
	}
	q.where.inIDs("r.id", f.IDs)
	q.where.inIDs("r.country_id", f.CountryID)
	q.where.in("r.iso", upper(f.ISO))
	q.where.nameKey("r.name_key", f.Name)
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.Region, error) {
		x := &didstock.Region{}
		return x, r.Scan(&x.ID, &x.Name, &x.ISO, &x.CountryID)
	})
}

// FindCities lists cities.
func (db *DB) FindCities(ctx context.Context, f didstock.CityFilter, opt didstock.ListOptions) ([]*didstock.City, int, error) {
	q := listQuery{
		selectFrom: `SELECT c.id, c.name, c.country_id, c.region_id, c.area_id FROM cities c`,
		countFrom:  `SELECT COUNT(*) FROM cities c`,
		sorts:      sortable{"name": "c.name_key"},
		dflt:       byName, idCol: "c.id",
	}
	q.where.inIDs("c.id", f.IDs)
	q.where.inIDs("c.country_id", f.CountryID)
	q.where.inIDs("c.region_id", f.RegionID)
	q.where.inIDs("c.area_id", f.AreaID)
	q.where.nameKey("c.name_key", f.Name)
	if f.IsAvailable != nil {
		q.where.add(notIf(*f.IsAvailable) + `EXISTS (SELECT 1 FROM did_groups g WHERE g.city_id = c.id AND g.stock_count > 0)`)
	}
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.City, error) {
		x := &didstock.City{}
		var region, area sql.NullString
		err := r.Scan(&x.ID, &x.Name, &x.CountryID, &region, &area)
		x.RegionID, x.AreaID = region.String, area.String
		return x, err
	})
}

// FindAreas lists areas.
func (db *DB) FindAreas(ctx context.Context, f didstock.AreaFilter, opt didstock.ListOptions) ([]*didstock.Area, int, error) {
	q := listQuery{
		selectFrom: `SELECT a.id, a.name, a.country_id FROM areas a`,
		countFrom:  `SELECT COUNT(*) FROM areas a`,
		sorts:      sortable{"name": "a.name_key"},
		dflt:       byName, idCol: "a.id",
	}
	q.where.inIDs("a.id", f.IDs)
	q.where.inIDs("a.country_id", f.CountryID)
	q.where.nameKey("a.name_key", f.Name)
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.Area, error) {
		x := &didstock.Area{}
		return x, r.Scan(&x.ID, &x.Name, &x.CountryID)
	})
}

// FindNanpaPrefixes lists NANPA prefixes.
func (db *DB) FindNanpaPrefixes(ctx context.Context, f didstock.NanpaPrefixFilter, opt didstock.ListOptions) ([]*didstock.NanpaPrefix, int, error) {
	q := listQuery{
		selectFrom: `SELECT p.id, p.npa, p.nxx, p.country_id, p.region_id FROM nanpa_prefixes p`,
		countFrom:  `SELECT COUNT(*) FROM nanpa_prefixes p`,
		sorts:      sortable{"npa": "p.npa", "nxx": "p.nxx"},
		dflt:       []didstock.SortKey{{Field: "npa"}, {Field: "nxx"}}, idCol: "p.id",
	}
	q.where.inIDs("p.id", f.IDs)
	q.where.inIDs("p.country_id", f.CountryID)
	q.where.inIDs("p.region_id", f.RegionID)
	q.where.in("p.npa", f.NPA)
	q.where.in("p.nxx", f.NXX)
	if len(f.NPANXX) > 0 {
		q.where.in("p.npa || p.nxx", f.NPANXX)
	}
	if len(f.DIDGroupFeatures) > 0 || f.DIDGroupIsAvailable != nil {
		var g where
		g.features("g.features", f.DIDGroupFeatures)
		if f.DIDGroupIsAvailable != nil {
			if *f.DIDGroupIsAvailable {
				g.add("g.stock_count > 0")
			} else {
				g.add("g.stock_count = 0")
			}
		}
		q.where.add(`EXISTS (SELECT 1 FROM did_groups g`+g.sql()+` AND g.nanpa_prefix_id = p.id)`, g.args...)
	}
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.NanpaPrefix, error) {
		x := &didstock.NanpaPrefix{}
		var region sql.NullString
		err := r.Scan(&x.ID, &x.NPA, &x.NXX, &x.CountryID, &region)
		x.RegionID = region.String
		return x, err
	})
}

// FindDIDGroupTypes lists DID group types.
func (db *DB) FindDIDGroupTypes(ctx context.Context, f didstock.DIDGroupTypeFilter, opt didstock.ListOptions) ([]*didstock.DIDGroupType, int, error) {
	q := listQuery{
		selectFrom: `SELECT t.id, t.name FROM did_group_types t`,
		countFrom:  `SELECT COUNT(*) FROM did_group_types t`,
		sorts:      sortable{"name": "t.name_key"},
		dflt:       byName, idCol: "t.id",
	}
	q.where.inIDs("t.id", f.IDs)
	q.where.nameKey("t.name_key", f.Name)
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.DIDGroupType, error) {
		x := &didstock.DIDGroupType{}
		return x, r.Scan(&x.ID, &x.Name)
	})
}

const didGroupColumns = `g.id, g.country_id, g.region_id, g.city_id, g.did_group_type_id, g.nanpa_prefix_id,
	g.prefix, g.local_prefix, g.area_name, g.features, g.is_metered, g.allow_additional_channels,
	g.service_restrictions, g.available_dids_enabled, g.needs_registration, g.stock_count`

// FindDIDGroups lists DID groups with their live stock counts.
func (db *DB) FindDIDGroups(ctx context.Context, f didstock.DIDGroupFilter, opt didstock.ListOptions) ([]*didstock.DIDGroup, int, error) {
	q := listQuery{
		selectFrom: `SELECT ` + didGroupColumns + ` FROM did_groups g`,
		countFrom:  `SELECT COUNT(*) FROM did_groups g`,
		sorts: sortable{
			"area_name": "g.area_name_key", "prefix": "g.prefix",
			"country.name": "(SELECT c.name_key FROM countries c WHERE c.id = g.country_id)",
			// COALESCE: groups without a city sort first on both engines
			// (PostgreSQL puts NULLs last, SQLite first).
			"city.name": "COALESCE((SELECT c.name_key FROM cities c WHERE c.id = g.city_id), '')",
		},
		dflt:  []didstock.SortKey{{Field: "area_name"}},
		idCol: "g.id",
	}
	w := &q.where
	w.inIDs("g.id", f.IDs)
	w.inIDs("g.country_id", f.CountryID)
	w.inIDs("g.region_id", f.RegionID)
	w.inIDs("g.city_id", f.CityID)
	w.inIDs("g.did_group_type_id", f.DIDGroupTypeID)
	w.inIDs("g.nanpa_prefix_id", f.NanpaPrefixID)
	if len(f.NanpaPrefixNPANXX) > 0 {
		w.add(`g.nanpa_prefix_id IN (SELECT p.id FROM nanpa_prefixes p WHERE p.npa || p.nxx IN (`+
			placeholders(len(f.NanpaPrefixNPANXX))+`))`, anys(f.NanpaPrefixNPANXX)...)
	}
	w.nameKey("g.area_name_key", f.AreaName)
	w.in("g.prefix", f.Prefix)
	w.features("g.features", f.Features)
	if f.IsAvailable != nil {
		if *f.IsAvailable {
			w.add("g.stock_count > 0")
		} else {
			w.add("g.stock_count = 0")
		}
	}
	w.flag("g.is_metered", f.IsMetered)
	w.flag("g.allow_additional_channels", f.AllowAdditionalChannels)
	w.flag("g.available_dids_enabled", f.AvailableDIDsEnabled)
	w.flag("g.needs_registration", f.NeedsRegistration)
	if f.TotalCountGTE != nil {
		w.add("g.stock_count >= ?", *f.TotalCountGTE)
	}
	return list(ctx, db, q, opt, scanDIDGroup)
}

func scanDIDGroup(r *sql.Rows) (*didstock.DIDGroup, error) {
	g := &didstock.DIDGroup{}
	var region, city, nanpa, restrictions sql.NullString
	var features string
	err := r.Scan(&g.ID, &g.CountryID, &region, &city, &g.DIDGroupTypeID, &nanpa,
		&g.Prefix, &g.LocalPrefix, &g.AreaName, &features, &g.IsMetered, &g.AllowAdditionalChannels,
		&restrictions, &g.AvailableDIDsEnabled, &g.NeedsRegistration, &g.StockCount)
	g.RegionID, g.CityID, g.NanpaPrefixID = region.String, city.String, nanpa.String
	if restrictions.Valid {
		g.ServiceRestrictions = &restrictions.String
	}
	g.Features = splitFeatures(features)
	return g, err
}

// FindSKUs lists stock keeping units.
func (db *DB) FindSKUs(ctx context.Context, f didstock.SKUFilter, opt didstock.ListOptions) ([]*didstock.SKU, int, error) {
	q := listQuery{
		selectFrom: `SELECT s.id, s.did_group_id, s.setup_price_micros, s.monthly_price_micros, s.channels_included_count FROM stock_keeping_units s`,
		countFrom:  `SELECT COUNT(*) FROM stock_keeping_units s`,
		sorts:      sortable{"channels_included_count": "s.channels_included_count"},
		dflt:       []didstock.SortKey{{Field: "channels_included_count"}}, idCol: "s.id",
	}
	q.where.inIDs("s.id", f.IDs)
	q.where.inIDs("s.did_group_id", f.DIDGroupID)
	return list(ctx, db, q, opt, func(r *sql.Rows) (*didstock.SKU, error) {
		s := &didstock.SKU{}
		var setup, monthly int64
		err := r.Scan(&s.ID, &s.DIDGroupID, &setup, &monthly, &s.ChannelsIncludedCount)
		s.SetupPrice, s.MonthlyPrice = fromMicros(setup), fromMicros(monthly)
		return s, err
	})
}

func joinFeatures(fs []string) string { return "," + strings.Join(fs, ",") + "," }

func splitFeatures(s string) []string {
	out := []string{}
	for _, f := range strings.Split(strings.Trim(s, ","), ",") {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func upper(vals []string) []string {
	if vals == nil {
		return nil
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = strings.ToUpper(v)
	}
	return out
}

// notIf returns "NOT " when want is false, to negate an EXISTS.
func notIf(want bool) string {
	if want {
		return ""
	}
	return "NOT "
}
