package store

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Money is stored as integer micro-units so that SQL arithmetic on balances
// is exact on both engines (SQLite has no decimal type).
const microsPerUnit = 1_000_000

var microsFactor = decimal.NewFromInt(microsPerUnit)

// toMicros converts an amount to micro-units; amounts with more than six
// decimal places are refused rather than rounded silently.
func toMicros(d decimal.Decimal) (int64, error) {
	m := d.Mul(microsFactor)
	if !m.IsInteger() {
		return 0, fmt.Errorf("amount %s has more than 6 decimal places", d)
	}
	return m.IntPart(), nil
}

// fromMicros converts micro-units back to an amount.
func fromMicros(m int64) decimal.Decimal {
	return decimal.New(m, -6)
}
