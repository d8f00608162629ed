package buying

import (
	"errors"
	"strings"
	"testing"

	"github.com/didstock/didstock/client"
)

func TestPrompt(t *testing.T) {
	cands := []*Candidate{{}, {}, {}}
	tests := []struct {
		name    string
		answers string
		want    int // index chosen, -1 for aborted
	}{
		{"a number", "2\n", 1},
		{"Enter takes the first", "\n", 0},
		{"asks again after a wrong answer", "7\nx\n3\n", 2},
		{"q aborts", "q\n", -1},
		{"end of input aborts", "", -1},
		{"last line without newline", "3", 2},
		{"gives up after many wrong answers", strings.Repeat("9\n", maxPromptTries+1), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			got, err := prompt(strings.NewReader(tt.answers), &out, len(cands), cands)
			if tt.want < 0 {
				if !errors.Is(err, ErrAborted) {
					t.Fatalf("err = %v, want ErrAborted", err)
				}
				return
			}
			if err != nil || got != cands[tt.want] {
				t.Fatalf("chose %p (err %v), want candidate %d", got, err, tt.want+1)
			}
			if !strings.Contains(out.String(), "Buy which? [1-3") {
				t.Errorf("prompt = %q", out.String())
			}
		})
	}
}

func TestWriteCandidates(t *testing.T) {
	g := &client.DIDGroup{ID: "g", Prefix: "1213461", AreaName: "Los Angeles", TotalCount: 40}
	sku := &client.SKU{ID: "s", SetupPrice: "0.0", MonthlyPrice: "10.0", ChannelsIncludedCount: 2}
	cands := []*Candidate{
		{AvailableDID: &client.AvailableDID{Number: "12134610101"}, Group: g, SKU: sku, TypeName: "Local"},
		{Group: g, SKU: sku},
	}
	var out strings.Builder
	WriteCandidates(&out, cands, 3)
	for _, want := range []string{"#  NUMBER", "1  12134610101", "Los Angeles", "Local", "10.00", "2  3 x any of 1213461 (40 in stock)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestMoney(t *testing.T) {
	for in, want := range map[string]string{"10.0": "10.00", "0.5": "0.50", "1.205": "1.21", "": "-", "n/a": "n/a"} {
		if got := Money(in); got != want {
			t.Errorf("Money(%q) = %q, want %q", in, got, want)
		}
	}
}
