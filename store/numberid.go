package store

import (
	"strconv"
	"strings"
)

// A number's key in the database is its E.164 digits read as an integer
// (+1 212 555 0123 is 12125550123): the numbers table needs no index of its
// own, and a re-import finds a number by its digits alone.
//
// Its public ID is a UUID (version 8, RFC 9562) that spells the digits in
// its last fifteen hex places, so the two convert without a lookup:
//
//	12125550123 -> d1d00000-0000-8000-8000-012125550123
//
// The same number gets the same ID on every installation and after every
// re-import, as the earlier name-based IDs did.
const numberIDPrefix = "d1d00000-0000-8000-8"

// maxNumberDigits is the longest E.164 number.
const maxNumberDigits = 15

// NumberID is the public ID of the number with these E.164 digits.
func NumberID(number string) string {
	padded := strings.Repeat("0", max(maxNumberDigits-len(number), 0)) + number
	return numberIDPrefix + padded[:3] + "-" + padded[3:]
}

// numberIDOf is NumberID for a key read from the database.
func numberIDOf(key int64) string { return NumberID(strconv.FormatInt(key, 10)) }

// numberKeyOfID returns the key of the number a public ID names, or false
// when id is not a number ID.
func numberKeyOfID(id string) (int64, bool) {
	id = strings.ToLower(id)
	if len(id) != len(numberIDPrefix)+maxNumberDigits+1 || !strings.HasPrefix(id, numberIDPrefix) {
		return 0, false
	}
	rest := id[len(numberIDPrefix):]
	if rest[3] != '-' {
		return 0, false
	}
	return numberKey(rest[:3] + rest[4:])
}

// numberKey returns the key of a number given as E.164 digits (leading
// zeros of the padded form allowed), or false when it is not one.
func numberKey(digits string) (int64, bool) {
	if digits == "" || len(digits) > maxNumberDigits {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	key, err := strconv.ParseInt(digits, 10, 64)
	return key, err == nil && key > 0
}
