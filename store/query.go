package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	didstock "github.com/didstock/didstock"
)

// where accumulates the conditions of a query and their arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a raw condition with its arguments.
func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (…)" when vals is not empty.
func (w *where) in(col string, vals []string) {
	if len(vals) == 0 {
		return
	}
	w.add(col+" IN ("+placeholders(len(vals))+")", anys(vals)...)
}

// inIDs is in for UUID columns: values that are not UUIDs can match nothing,
// so they are dropped here rather than sent to PostgreSQL, which would reject
// the whole query.
func (w *where) inIDs(col string, vals []string) {
	if vals == nil {
		return
	}
	ids := validIDs(vals)
	if len(ids) == 0 {
		w.add("1 = 0")
		return
	}
	w.in(col, ids)
}

// eq adds "col = ?" when v is set.
func (w *where) eq(col string, v *string) {
	if v != nil {
		w.add(col+" = ?", *v)
	}
}

// flag adds "col = TRUE/FALSE" when v is set.
func (w *where) flag(col string, v *bool) {
	if v != nil {
		w.add(col+" = ?", *v)
	}
}

// nameKey adds a case-insensitive equality on a name_key column.
func (w *where) nameKey(col string, v *string) {
	if v != nil {
		w.add(col+" = ?", NameKey(*v))
	}
}

// features adds one LIKE per feature: a group must have every one.
func (w *where) features(col string, features []string) {
	for _, f := range features {
		w.add(col+" LIKE ?", "%,"+f+",%")
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// NameKey is the lower-cased, trimmed form of a name that name filters
// compare; lower-casing in Go makes it behave the same on both engines and
// for non-ASCII names.
func NameKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anys(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

func validIDs(vals []string) []string {
	var out []string
	for _, v := range vals {
		if _, err := uuid.Parse(v); err == nil && len(v) == 36 {
			out = append(out, strings.ToLower(v))
		}
	}
	return out
}

// sortable maps the sort fields an endpoint accepts to SQL expressions.
type sortable map[string]string

// orderBy renders ORDER BY for keys, always ending with the table's id so
// that pages are stable. Unknown fields are rejected by the HTTP layer
// before they reach here; an unknown one is an internal error.
func (s sortable) orderBy(keys []didstock.SortKey, dflt []didstock.SortKey, idCol string) (string, error) {
	if len(keys) == 0 {
		keys = dflt
	}
	parts := make([]string, 0, len(keys)+1)
	for _, k := range keys {
		expr, ok := s[k.Field]
		if !ok {
			return "", fmt.Errorf("store: unsupported sort field %q", k.Field)
		}
		dir := " ASC"
		if k.Desc {
			dir = " DESC"
		}
		parts = append(parts, expr+dir)
	}
	parts = append(parts, idCol+" ASC")
	return " ORDER BY " + strings.Join(parts, ", "), nil
}

// SortFields returns the API names of the sortable fields, for validation.
func (s sortable) fields() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	return out
}

// listQuery describes one paginated list: the select list and FROM clause,
// its filters and how it may be sorted.
type listQuery struct {
	selectFrom string // "SELECT … FROM t"
	countFrom  string // "SELECT COUNT(*) FROM t"
	where      where
	sorts      sortable
	dflt       []didstock.SortKey
	idCol      string
}

// list runs q for one page and the count of all matches, scanning rows with scan.
func list[T any](ctx context.Context, db *DB, q listQuery, opt didstock.ListOptions, scan func(*sql.Rows) (T, error)) ([]T, int, error) {
	order, err := q.sorts.orderBy(opt.Sort, q.dflt, q.idCol)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := db.queryRow(ctx, q.countFrom+q.where.sql(), q.where.args...).Scan(&total); err != nil {
		return nil, 0, db.dialect.interpret(err)
	}
	page := opt.Page
	if page.Size <= 0 {
		page = didstock.Page{Number: 1, Size: didstock.DefaultPageSize}
	}
	args := append(append([]any{}, q.where.args...), page.Size, page.Offset())
	rows, err := db.query(ctx, q.selectFrom+q.where.sql()+order+" LIMIT ? OFFSET ?", args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, db.dialect.interpret(rows.Err())
}
