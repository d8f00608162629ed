package store

import (
	"strconv"
	"strings"
	"testing"
)

func TestNumberID(t *testing.T) {
	tests := []struct {
		number, id string
	}{
		{"12125550123", "d1d00000-0000-8000-8000-012125550123"},
		{"442079460001", "d1d00000-0000-8000-8000-442079460001"},
		{"999999999999999", "d1d00000-0000-8000-8999-999999999999"},
	}
	for _, tt := range tests {
		if got := NumberID(tt.number); got != tt.id {
			t.Errorf("NumberID(%s) = %s, want %s", tt.number, got, tt.id)
		}
		key, ok := numberKeyOfID(strings.ToUpper(tt.id))
		if want, _ := strconv.ParseInt(tt.number, 10, 64); !ok || key != want {
			t.Errorf("numberKeyOfID(%s) = %d, %v; want %d", tt.id, key, ok, want)
		}
	}
	for _, id := range []string{
		"", "d1d00000-0000-8000-8000-000000000000", // no number has key 0
		"d1d00000-0000-8000-8000-01212555012x", "d1d00000-0000-8000-8000x012125550123",
		"e1d00000-0000-8000-8000-012125550123", "d1d00000-0000-8000-8000-0121255501234",
		"5f1c0cf6-8d4f-4b5e-9f0e-0d1b5f0a6b1e",
	} {
		if key, ok := numberKeyOfID(id); ok {
			t.Errorf("numberKeyOfID(%q) = %d, want not a number ID", id, key)
		}
	}
}

// FuzzNumberKeyOfID: whatever a client sends as an available DID's ID,
// parsing never panics, and what parses names the number whose ID it is.
func FuzzNumberKeyOfID(f *testing.F) {
	f.Add("d1d00000-0000-8000-8000-012125550123")
	f.Add("D1D00000-0000-8000-8999-999999999999")
	f.Add("d1d00000-0000-8000-8000-00000000000a")
	f.Fuzz(func(t *testing.T, id string) {
		key, ok := numberKeyOfID(id)
		if !ok {
			return
		}
		if got := NumberID(strconv.FormatInt(key, 10)); got != strings.ToLower(id) {
			t.Fatalf("numberKeyOfID(%q) = %d, whose ID is %s", id, key, got)
		}
	})
}
