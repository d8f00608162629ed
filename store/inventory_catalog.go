package store

import (
	"context"
	"database/sql"
	"strconv"
)

// CatalogIndex is the catalogue as an import matches rows against it:
// natural keys to IDs. Keys use NameKey for names.
type CatalogIndex struct {
	Countries map[string]CountryRef // by upper-case ISO
	Regions   map[string]string     // by NamedKey(countryID, name)
	Areas     map[string]string     // by NamedKey(countryID, name)
	Cities    map[string]CityRef    // by NamedKey(countryID, name)
	Types     map[string]string     // by NameKey(name)
	Nanpa     map[string]string     // by npa+nxx
	Groups    map[string]string     // by GroupKey
	SKUs      map[string]bool       // by SKUKey
}

// CountryRef is a country's ID and calling code.
type CountryRef struct{ ID, Prefix string }

// CityRef is a city's ID and where it lies.
type CityRef struct{ ID, RegionID, AreaID string }

// NamedKey is the index key of a record named within a country.
func NamedKey(countryID, name string) string { return countryID + "|" + NameKey(name) }

// GroupKey is what makes a DID group distinct: its country, city (may be
// empty), area name, type, prefix and NANPA prefix (may be empty). NANPA
// cities have one group per NPA-NXX with the same prefix, hence the last.
func GroupKey(countryID, cityID, areaName, typeID, prefix, nanpaID string) string {
	return countryID + "|" + cityID + "|" + NameKey(areaName) + "|" + typeID + "|" + prefix + "|" + nanpaID
}

// SKUKey identifies a SKU by group and channels, which the schema keeps unique.
func SKUKey(groupID string, channels int) string { return groupID + "|" + strconv.Itoa(channels) }

// LoadCatalogIndex reads the whole catalogue (not the numbers) into an
// index. Catalogues are small next to their stock: even a large one has
// some ten thousand groups.
func (db *DB) LoadCatalogIndex(ctx context.Context) (*CatalogIndex, error) {
	idx := &CatalogIndex{
		Countries: map[string]CountryRef{}, Regions: map[string]string{}, Areas: map[string]string{},
		Cities: map[string]CityRef{}, Types: map[string]string{}, Nanpa: map[string]string{},
		Groups: map[string]string{}, SKUs: map[string]bool{},
	}
	loads := []struct {
		q    string
		scan func(r *sql.Rows) error
	}{
		{`SELECT id, iso, prefix FROM countries`, func(r *sql.Rows) error {
			var id, iso, prefix string
			err := r.Scan(&id, &iso, &prefix)
			idx.Countries[iso] = CountryRef{ID: id, Prefix: prefix}
			return err
		}},
		{`SELECT id, country_id, name FROM regions`, named(idx.Regions)},
		{`SELECT id, country_id, name FROM areas`, named(idx.Areas)},
		{`SELECT id, country_id, name, region_id, area_id FROM cities`, func(r *sql.Rows) error {
			var id, country, name string
			var region, area sql.NullString
			err := r.Scan(&id, &country, &name, &region, &area)
			idx.Cities[NamedKey(country, name)] = CityRef{ID: id, RegionID: region.String, AreaID: area.String}
			return err
		}},
		{`SELECT id, name FROM did_group_types`, func(r *sql.Rows) error {
			var id, name string
			err := r.Scan(&id, &name)
			idx.Types[NameKey(name)] = id
			return err
		}},
		{`SELECT id, npa, nxx FROM nanpa_prefixes`, func(r *sql.Rows) error {
			var id, npa, nxx string
			err := r.Scan(&id, &npa, &nxx)
			idx.Nanpa[npa+nxx] = id
			return err
		}},
		{`SELECT id, country_id, city_id, area_name, did_group_type_id, prefix, nanpa_prefix_id FROM did_groups`, func(r *sql.Rows) error {
			var id, country, area, typ, prefix string
			var city, nanpa sql.NullString
			err := r.Scan(&id, &country, &city, &area, &typ, &prefix, &nanpa)
			idx.Groups[GroupKey(country, city.String, area, typ, prefix, nanpa.String)] = id
			return err
		}},
		{`SELECT did_group_id, channels_included_count FROM stock_keeping_units`, func(r *sql.Rows) error {
			var group string
			var channels int
			err := r.Scan(&group, &channels)
			idx.SKUs[SKUKey(group, channels)] = true
			return err
		}},
	}
	for _, l := range loads {
		if err := db.each(ctx, l.q, l.scan); err != nil {
			return nil, err
		}
	}
	return idx, nil
}

func named(m map[string]string) func(r *sql.Rows) error {
	return func(r *sql.Rows) error {
		var id, country, name string
		err := r.Scan(&id, &country, &name)
		m[NamedKey(country, name)] = id
		return err
	}
}

// each runs q on the read pool and calls scan for every row.
func (db *DB) each(ctx context.Context, q string, scan func(r *sql.Rows) error) error {
	rows, err := db.query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return db.dialect.interpret(rows.Err())
}
