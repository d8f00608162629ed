package buying

import (
	"slices"
	"strings"
	"testing"
)

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"kitten", "sitting", 3},
		{"Springfeld", "Springfield", 1},
		{"flaw", "lawn", 2},
		{"Zürich", "Zurich", 1}, // runes, not bytes
		{"same", "same", 0},
	}
	for _, tt := range tests {
		if got := Levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Levenshtein(tt.b, tt.a); got != tt.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	cities := []string{"Springfield", "Los Angeles", "San Francisco", "San Diego", "San Jose", "New York", "Boston", "Austin"}
	tests := []struct {
		name, input string
		candidates  []string
		want        []string
	}{
		{"one typo", "Springfeld", cities, []string{"Springfield"}},
		{"case and spaces do not count", "  los   ANGELES ", cities, []string{"Los Angeles"}},
		{"transposed letters", "San Fransisco", cities, []string{"San Francisco"}},
		{"shortened name", "San Fran", cities, []string{"San Francisco"}},
		{"several at the same distance", "San", cities, []string{"San Francisco", "San Diego", "San Jose"}},
		{"ties keep the candidates' order", "Bostin", []string{"Boston", "Austin"}, []string{"Boston"}},
		{"too far is no suggestion", "Tokyo", cities, nil},
		{"empty input", " ", cities, nil},
		{"no candidates", "Paris", nil, nil},
		{"duplicates said once", "Sprngfield", []string{"Springfield", "Springfield"}, []string{"Springfield"}},
		{"short words allow two edits", "NY", []string{"NYC", "LA"}, []string{"NYC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.input, tt.candidates); !slices.Equal(got, tt.want) {
				t.Errorf("Suggest(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	tests := []struct {
		input      string
		candidates []string
		want       string
	}{
		{"Springfeld", []string{"Springfield"}, "; did you mean Springfield?"},
		{"Sa", []string{"Sam", "Sal"}, "; did you mean Sam or Sal?"},
		{"Xyzzy", []string{"Springfield"}, ""},
	}
	for _, tt := range tests {
		if got := didYouMean(tt.input, tt.candidates); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

func TestCriteriaValidate(t *testing.T) {
	tests := []struct {
		name    string
		c       Criteria
		wantErr string // "" for valid
		check   func(Criteria) bool
	}{
		{"country and city", Criteria{Country: "US", City: "Los Angeles"}, "", nil},
		{"number alone", Criteria{Number: "+1 (213) 461-0101"}, "", func(c Criteria) bool { return c.Number == "12134610101" }},
		{"npanxx with dash", Criteria{Country: "US", NPANXX: "212-461"}, "", func(c Criteria) bool { return c.NPANXX == "212461" }},
		{"neither country nor number", Criteria{City: "Paris"}, "--country is required", nil},
		{"city and area", Criteria{Country: "US", City: "a", Area: "b"}, "at most one of", nil},
		{"short npanxx", Criteria{Country: "US", NPANXX: "21246"}, "want six digits", nil},
		{"letters in npanxx", Criteria{Country: "US", NPANXX: "212a461"}, "want six digits", nil},
		{"letters in contains", Criteria{Country: "US", NumberContains: "55x"}, "digits only", nil},
		{"letters in number", Criteria{Number: "1213CALLME"}, "international format", nil},
		{"negative channels", Criteria{Country: "US", Channels: -2}, "want 0 or more", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			err := c.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v, want none", err)
			case tt.wantErr != "" && (err == nil || !contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
			case tt.check != nil && !tt.check(c):
				t.Errorf("normalised criteria = %+v", c)
			}
		})
	}
}

func TestOrderValidate(t *testing.T) {
	tests := []struct {
		name    string
		c       Criteria
		o       Order
		wantErr string
	}{
		{"qty of a group", Criteria{Country: "US"}, Order{Qty: 5}, ""},
		{"qty with an exact number", Criteria{Number: "12134610101"}, Order{Qty: 2}, "take no --qty"},
		{"qty 1 with reserve", Criteria{Country: "US"}, Order{Qty: 1, Reserve: true}, ""},
		{"qty too large", Criteria{Country: "US"}, Order{Qty: 1000}, "want 1 to 100"},
		{"relative callback", Criteria{Country: "US"}, Order{CallbackURL: "/hook"}, "absolute http"},
		{"ftp callback", Criteria{Country: "US"}, Order{CallbackURL: "ftp://x/y"}, "absolute http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.validate(&tt.c)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestChoosesNumber(t *testing.T) {
	tests := []struct {
		name string
		c    Criteria
		o    Order
		want bool
	}{
		{"default chooses a number", Criteria{Country: "US"}, Order{}, true},
		{"qty orders a group", Criteria{Country: "US"}, Order{Qty: 2}, false},
		{"npanxx orders a prefix", Criteria{Country: "US", NPANXX: "212461"}, Order{}, false},
		{"npanxx with contains chooses", Criteria{Country: "US", NPANXX: "212461", NumberContains: "55"}, Order{}, true},
		{"reserve chooses", Criteria{Country: "US"}, Order{Qty: 1, Reserve: true}, true},
	}
	for _, tt := range tests {
		if got := tt.o.choosesNumber(&tt.c); got != tt.want {
			t.Errorf("%s: choosesNumber = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
