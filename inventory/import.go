package inventory

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	didstock "github.com/didstock/didstock"
	"github.com/didstock/didstock/store"
)

// Rejection is a row that was not imported, and why.
type Rejection struct {
	Line   int
	Number string
	Reason string
}

// Created counts the catalogue records an import added.
type Created struct {
	Countries, Regions, Areas, Cities, NanpaPrefixes, Types, Groups, SKUs int
}

// Total is the number of records created.
func (c Created) Total() int {
	return c.Countries + c.Regions + c.Areas + c.Cities + c.NanpaPrefixes + c.Types + c.Groups + c.SKUs
}

// Report tells what an import did.
type Report struct {
	Rows      int         // data rows read
	Added     int         // numbers newly in stock
	Present   int         // valid rows whose number was already in the database
	Rejected  []Rejection // by line
	Created   Created
	GroupsHit int // groups that gained stock
	Elapsed   time.Duration
	// BackOrdersCompleted counts back-orders the new stock filled at once;
	// WakeErr is why waking them failed (the stock is imported regardless).
	BackOrdersCompleted int
	WakeErr             error
}

// Progress is reported while an import runs.
type Progress struct {
	Bytes int64 // of the input read so far
	Rows  int   // rows read so far
	Added int   // numbers added so far
}

// Options tune Import.
type Options struct {
	// Progress, when set, is called from time to time during the import.
	Progress func(Progress)
	// CommitEvery is passed to store.ImportNumbers.
	CommitEvery int
}

// chunkRows is how many rows travel together through the pipeline.
const chunkRows = 4096

// chunk is a run of consecutive rows, in file order by seq.
type chunk struct {
	seq      int
	rows     []Row
	rejected []Rejection
	bytes    int64
}

// Import reads a CSV file from r and loads it into db: rows are parsed as
// they are read, numbers validated on every CPU, and the catalogue records
// and numbers written in file order, so that the outcome does not depend
// on scheduling.
func Import(ctx context.Context, db *store.DB, r io.Reader, opt Options) (*Report, error) {
	started := time.Now()
	idx, err := db.LoadCatalogIndex(ctx)
	if err != nil {
		return nil, err
	}
	counter := &countingReader{r: r}
	cr := csv.NewReader(counter)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty: a header row is required")
	} else if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	header, err := ParseHeader(head)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithCancel(ctx) // stops the reader when the import fails
	defer cancel()
	parsed := make(chan chunk, 4)
	validated := make(chan chunk, 4)
	readErr := make(chan error, 1)
	go func() { readErr <- readChunks(pctx, cr, header, counter, parsed) }()
	go validateChunks(parsed, validated)

	imp := &importer{db: db, idx: idx, report: &Report{}, groupFor: map[string]*groupState{}, seen: map[uint64]int{}}
	res, err := db.ImportNumbers(ctx, imp.numbers(ordered(validated), opt.Progress), store.ImportNumbersOptions{CommitEvery: opt.CommitEvery})
	cancel()
	for range validated { // let the pipeline wind down
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	rep := imp.report
	rep.Added = res.Added
	if res.Added > 0 {
		rep.GroupsHit = len(res.Groups)
	}
	rep.Present = res.Read - res.Added
	sort.Slice(rep.Rejected, func(i, j int) bool { return rep.Rejected[i].Line < rep.Rejected[j].Line })
	rep.Elapsed = time.Since(started)
	afterImport(ctx, db, rep)
	return rep, nil
}

// afterImport runs once the new stock is committed: back-ordered orders
// that the new stock can fill are fulfilled now, in this process; their
// callbacks are enqueued for the servers to deliver.
func afterImport(ctx context.Context, db *store.DB, rep *Report) {
	if rep.Added == 0 {
		return
	}
	rep.BackOrdersCompleted, rep.WakeErr = db.WakeBackOrders(ctx)
}

// readChunks parses the CSV into chunks; syntax errors reject a row, an I/O
// error stops the import.
func readChunks(ctx context.Context, cr *csv.Reader, h *Header, counter *countingReader, out chan<- chunk) error {
	defer close(out)
	c := chunk{}
	send := func() bool {
		c.bytes = counter.n
		select {
		case out <- c:
		case <-ctx.Done():
			return false
		}
		c = chunk{seq: c.seq + 1}
		return true
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			c.rejected = append(c.rejected, Rejection{Line: pe.Line, Reason: "CSV: " + pe.Err.Error()})
			continue
		}
		row, err := h.ParseRow(line, rec)
		if err != nil {
			c.rejected = append(c.rejected, Rejection{Line: line, Number: row.Number, Reason: err.Error()})
			continue
		}
		c.rows = append(c.rows, row)
		if len(c.rows) == chunkRows && !send() {
			return ctx.Err()
		}
	}
	if len(c.rows) > 0 || len(c.rejected) > 0 {
		send()
	}
	return nil
}

// validateChunks checks the numbers of each chunk on every CPU: the
// phonenumbers check is the one CPU-heavy step of an import.
func validateChunks(in <-chan chunk, out chan<- chunk) {
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := newValidator()
			for c := range in {
				out <- v.validateChunk(c)
			}
		}()
	}
	wg.Wait()
	close(out)
}

func (v *validator) validateChunk(c chunk) chunk {
	kept := c.rows[:0]
	for _, r := range c.rows {
		if phonenumbers.GetCountryCodeForRegion(r.Country) == 0 {
			c.rejected = append(c.rejected, Rejection{Line: r.Line, Number: r.Number, Reason: fmt.Sprintf("unknown country %q", r.Country)})
			continue
		}
		number, err := v.check(r.Number, r.Country)
		if err == nil {
			err = checkPrefix(number, r)
		}
		if err != nil {
			c.rejected = append(c.rejected, Rejection{Line: r.Line, Number: r.Number, Reason: err.Error()})
			continue
		}
		r.Number = number
		kept = append(kept, r)
	}
	c.rows = kept
	return c
}

// checkPrefix makes sure the number lies in its group's range.
func checkPrefix(number string, r Row) error {
	cc := strconv.Itoa(phonenumbers.GetCountryCodeForRegion(r.Country))
	if !strings.HasPrefix(number, cc+r.Prefix) {
		return fmt.Errorf("number %s does not start with the group prefix +%s %s", number, cc, r.Prefix)
	}
	return nil
}

// ordered puts chunks back in file order.
func ordered(in <-chan chunk) iter.Seq[chunk] {
	return func(yield func(chunk) bool) {
		waiting := map[int]chunk{}
		next := 0
		for c := range in {
			waiting[c.seq] = c
			for {
				c, ok := waiting[next]
				if !ok {
					break
				}
				delete(waiting, next)
				next++
				if !yield(c) {
					return
				}
			}
		}
	}
}

// countingReader counts the bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// importer turns validated rows into numbers of resolved groups.
type importer struct {
	db        *store.DB
	idx       *store.CatalogIndex
	report    *Report
	groupFor  map[string]*groupState // by the row's group columns
	lastGroup *groupState            // the group of the row before
	seen      map[uint64]int         // number → line, to catch repeats in the file
	pending   didstock.Inventory     // catalogue records to create before the next numbers
}

// groupState is a group as rows name it: its ID once resolved, the line
// that defined it, and its attributes, which later rows must repeat.
type groupState struct {
	id, nanpaID string
	line        int
	row         Row // the row that defined it, whose attributes later rows must repeat
	err         error
}

// numbers adapts the validated chunks to store.ImportNumbers: it creates the
// catalogue records each chunk needs before handing over its numbers.
// ImportNumbers never calls it inside a transaction, so writing here is safe.
func (imp *importer) numbers(chunks iter.Seq[chunk], progress func(Progress)) iter.Seq2[[]store.NumberRow, error] {
	return func(yield func([]store.NumberRow, error) bool) {
		for c := range chunks {
			imp.report.Rows += len(c.rows) + len(c.rejected)
			imp.report.Rejected = append(imp.report.Rejected, c.rejected...)
			batch := make([]store.NumberRow, 0, len(c.rows))
			for _, r := range c.rows {
				if nr, ok := imp.row(r); ok {
					batch = append(batch, nr)
				}
			}
			if err := imp.flushCatalog(context.Background()); err != nil {
				yield(nil, err)
				return
			}
			if progress != nil {
				progress(Progress{Bytes: c.bytes, Rows: imp.report.Rows})
			}
			if !yield(batch, nil) {
				return
			}
		}
	}
}

// row resolves one row's group, rejecting it when its group cannot be
// created, disagrees with earlier rows, or its number was already listed.
func (imp *importer) row(r Row) (store.NumberRow, bool) {
	reject := func(reason string) (store.NumberRow, bool) {
		imp.report.Rejected = append(imp.report.Rejected, Rejection{Line: r.Line, Number: r.Number, Reason: reason})
		return store.NumberRow{}, false
	}
	n, _ := strconv.ParseUint(r.Number, 10, 64)
	if first, dup := imp.seen[n]; dup {
		return reject(fmt.Sprintf("number %s already listed on line %d", r.Number, first))
	}
	imp.seen[n] = r.Line
	g := imp.group(r)
	if g.err != nil {
		return reject(g.err.Error())
	}
	if !sameAttrs(r, g.row) {
		return reject(fmt.Sprintf("group attributes (features, SKUs) differ from line %d", g.line))
	}
	return store.NumberRow{Number: r.Number, GroupID: g.id}, true
}

// sameAttrs tells whether two rows give their group the same features and
// SKUs. It runs once per number, so it compares in place rather than
// building strings.
func sameAttrs(a, b Row) bool {
	return slices.Equal(a.Features, b.Features) && slices.EqualFunc(a.SKUs, b.SKUs, func(x, y SKU) bool {
		return x.Channels == y.Channels && x.Setup.Equal(y.Setup) && x.Monthly.Equal(y.Monthly)
	})
}

func (imp *importer) group(r Row) *groupState {
	// Files list a group's numbers together: most rows name the group of
	// the row before, which a comparison of the raw columns finds.
	if last := imp.lastGroup; last != nil && sameGroupColumns(r, last.row) {
		return last
	}
	g := imp.groupByKey(r)
	imp.lastGroup = g
	return g
}

func sameGroupColumns(a, b Row) bool {
	return a.Country == b.Country && a.Region == b.Region && a.City == b.City && a.Area == b.Area &&
		a.Type == b.Type && a.Prefix == b.Prefix && a.NPA == b.NPA && a.NXX == b.NXX
}

func (imp *importer) groupByKey(r Row) *groupState {
	key := strings.Join([]string{r.Country, NameKeyOf(r.Region), NameKeyOf(r.City), NameKeyOf(r.Area), NameKeyOf(r.Type), r.Prefix, r.NPA, r.NXX}, "|")
	if g, ok := imp.groupFor[key]; ok {
		return g
	}
	g := &groupState{line: r.Line, row: r}
	g.id, g.nanpaID, g.err = imp.resolve(r)
	imp.groupFor[key] = g
	return g
}

// NameKeyOf is store.NameKey, the case-insensitive form names match by.
func NameKeyOf(s string) string { return store.NameKey(s) }

// namespace roots the IDs of records an import creates.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/didstock/didstock/inventory"))

func newID(kind string, key ...string) string {
	return uuid.NewSHA1(namespace, []byte(kind+":"+strings.Join(key, ":"))).String()
}

// groupTypes are the DIDWW group types an import may create.
var groupTypes = []string{"Local", "National", "Toll-free", "Mobile", "Shared Cost", "Global"}

// resolve finds or creates every record the row's group needs.
func (imp *importer) resolve(r Row) (groupID, nanpaID string, err error) {
	country, err := imp.country(r.Country)
	if err != nil {
		return "", "", err
	}
	typeID, typeName, err := imp.groupType(r.Type)
	if err != nil {
		return "", "", err
	}
	regionID := imp.namedRecord(imp.idx.Regions, country.ID, r.Country, r.Region, "region")
	areaID := imp.namedRecord(imp.idx.Areas, country.ID, r.Country, r.Area, "area")
	city := imp.city(country.ID, r, regionID, areaID)
	if r.NPA != "" {
		if country.Prefix != "1" {
			return "", "", fmt.Errorf("npa/nxx given for %s, which is not a NANPA country", r.Country)
		}
		nanpaID = imp.nanpa(country.ID, regionID, r.NPA, r.NXX)
	}
	areaName := firstOf(r.City, r.Area, typeName)
	if regionID == "" {
		regionID = city.RegionID
	}
	key := store.GroupKey(country.ID, city.ID, areaName, typeID, r.Prefix, nanpaID)
	groupID, ok := imp.idx.Groups[key]
	if !ok {
		groupID = newID("did_group", r.Country, NameKeyOf(r.City), NameKeyOf(areaName), NameKeyOf(typeName), r.Prefix, r.NPA+r.NXX)
		imp.idx.Groups[key] = groupID
		imp.pending.DIDGroups = append(imp.pending.DIDGroups, &didstock.DIDGroup{
			ID: groupID, CountryID: country.ID, RegionID: regionID, CityID: city.ID, DIDGroupTypeID: typeID,
			NanpaPrefixID: nanpaID, Prefix: r.Prefix, AreaName: areaName, Features: r.Features,
			IsMetered: typeName == "Toll-free", AllowAdditionalChannels: true, AvailableDIDsEnabled: true,
		})
		imp.report.Created.Groups++
	}
	imp.skus(groupID, r.SKUs)
	return groupID, nanpaID, nil
}

func (imp *importer) country(iso string) (store.CountryRef, error) {
	if c, ok := imp.idx.Countries[iso]; ok {
		return c, nil
	}
	code := phonenumbers.GetCountryCodeForRegion(iso)
	name := countryName(iso)
	if code == 0 || name == "" {
		return store.CountryRef{}, fmt.Errorf("unknown country %q", iso)
	}
	c := store.CountryRef{ID: newID("country", iso), Prefix: strconv.Itoa(code)}
	imp.idx.Countries[iso] = c
	imp.pending.Countries = append(imp.pending.Countries, &didstock.Country{ID: c.ID, Name: name, ISO: iso, Prefix: c.Prefix})
	imp.report.Created.Countries++
	return c, nil
}

func (imp *importer) groupType(name string) (id, canonical string, err error) {
	for _, t := range groupTypes {
		if strings.EqualFold(t, name) {
			canonical = t
		}
	}
	if id, ok := imp.idx.Types[NameKeyOf(name)]; ok {
		return id, firstOf(canonical, name), nil
	}
	if canonical == "" {
		return "", "", fmt.Errorf("unknown group type %q (want one of %s)", name, strings.Join(groupTypes, ", "))
	}
	id = newID("did_group_type", NameKeyOf(canonical))
	imp.idx.Types[NameKeyOf(canonical)] = id
	imp.pending.DIDGroupTypes = append(imp.pending.DIDGroupTypes, &didstock.DIDGroupType{ID: id, Name: canonical})
	imp.report.Created.Types++
	return id, canonical, nil
}

// namedRecord finds or creates a region or area; it returns "" for no name.
func (imp *importer) namedRecord(m map[string]string, countryID, iso, name, kind string) string {
	if name == "" {
		return ""
	}
	if id, ok := m[store.NamedKey(countryID, name)]; ok {
		return id
	}
	id := newID(kind, iso, NameKeyOf(name))
	m[store.NamedKey(countryID, name)] = id
	if kind == "region" {
		imp.pending.Regions = append(imp.pending.Regions, &didstock.Region{ID: id, Name: name, CountryID: countryID})
		imp.report.Created.Regions++
	} else {
		imp.pending.Areas = append(imp.pending.Areas, &didstock.Area{ID: id, Name: name, CountryID: countryID})
		imp.report.Created.Areas++
	}
	return id
}

func (imp *importer) city(countryID string, r Row, regionID, areaID string) store.CityRef {
	if r.City == "" {
		return store.CityRef{}
	}
	if c, ok := imp.idx.Cities[store.NamedKey(countryID, r.City)]; ok {
		return c
	}
	c := store.CityRef{ID: newID("city", r.Country, NameKeyOf(r.City)), RegionID: regionID, AreaID: areaID}
	imp.idx.Cities[store.NamedKey(countryID, r.City)] = c
	imp.pending.Cities = append(imp.pending.Cities, &didstock.City{ID: c.ID, Name: r.City, CountryID: countryID, RegionID: regionID, AreaID: areaID})
	imp.report.Created.Cities++
	return c
}

func (imp *importer) nanpa(countryID, regionID, npa, nxx string) string {
	if id, ok := imp.idx.Nanpa[npa+nxx]; ok {
		return id
	}
	id := newID("nanpa_prefix", npa, nxx)
	imp.idx.Nanpa[npa+nxx] = id
	imp.pending.NanpaPrefixes = append(imp.pending.NanpaPrefixes, &didstock.NanpaPrefix{ID: id, NPA: npa, NXX: nxx, CountryID: countryID, RegionID: regionID})
	imp.report.Created.NanpaPrefixes++
	return id
}

// skus adds the row's SKUs the group lacks; existing SKUs keep their prices.
func (imp *importer) skus(groupID string, skus []SKU) {
	for _, s := range skus {
		key := store.SKUKey(groupID, s.Channels)
		if imp.idx.SKUs[key] {
			continue
		}
		imp.idx.SKUs[key] = true
		imp.pending.SKUs = append(imp.pending.SKUs, &didstock.SKU{ID: newID("sku", groupID, strconv.Itoa(s.Channels)),
			DIDGroupID: groupID, SetupPrice: s.Setup, MonthlyPrice: s.Monthly, ChannelsIncludedCount: s.Channels})
		imp.report.Created.SKUs++
	}
}

// flushCatalog writes the records created since the last flush.
func (imp *importer) flushCatalog(ctx context.Context) error {
	p := &imp.pending
	if len(p.Countries)+len(p.Regions)+len(p.Areas)+len(p.Cities)+len(p.NanpaPrefixes)+len(p.DIDGroupTypes)+len(p.DIDGroups)+len(p.SKUs) == 0 {
		return nil
	}
	_, err := imp.db.ImportInventory(ctx, p)
	imp.pending = didstock.Inventory{}
	return err
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// countryName is the English name of an ISO code, as the demo names them.
func countryName(iso string) string {
	region, err := language.ParseRegion(iso)
	if err != nil {
		return ""
	}
	return strings.ReplaceAll(display.English.Regions().Name(region), " & ", " and ")
}
