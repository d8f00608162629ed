// Package didstock is the domain of the didstock DID inventory and ordering
// system: the entities a customer browses and buys, the filters used to find
// them, the services that storage implements, and the one error type.
//
// It imports nothing else of this project. HTTP (httpapi), SQL (store) and the
// background workers depend on it, never the reverse.
package didstock

import (
	"time"

	"github.com/shopspring/decimal"
)

// API versions in scope. Each account has a default; a request may ask for a
// newer one with the X-DIDWW-API-Version header, never an older one.
const (
	APIVersion20220510 = "2022-05-10"
	APIVersion20260416 = "2026-04-16"
)

// APIVersions lists the supported versions, oldest first.
var APIVersions = []string{APIVersion20220510, APIVersion20260416}

// IsAPIVersion reports whether v is a supported API version.
func IsAPIVersion(v string) bool {
	for _, s := range APIVersions {
		if s == v {
			return true
		}
	}
	return false
}

// Page selects a slice of a list. Number starts at 1.
type Page struct {
	Number int
	Size   int
}

// Default and maximum page sizes of list endpoints.
const (
	DefaultPageSize = 50
	MaxPageSize     = 100
)

// Offset returns the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// SortKey orders a list by one field; Field is an API name such as "name" or
// "country.name" that the store maps to a column.
type SortKey struct {
	Field string
	Desc  bool
}

// ListOptions are the common parts of every list query.
type ListOptions struct {
	Page Page
	Sort []SortKey
}

// Account is a customer of the system; every API key belongs to one.
type Account struct {
	ID              string
	Name            string
	Balance         decimal.Decimal
	Credit          decimal.Decimal
	APIVersion      string
	NumberSelection bool // may use available_dids (the "number selection tool")
	Disabled        bool
	CreatedAt       time.Time
}

// TotalBalance is what the account may spend: balance plus allowed credit.
func (a *Account) TotalBalance() decimal.Decimal { return a.Balance.Add(a.Credit) }
