package buying

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Levenshtein returns the edit distance between a and b: the fewest
// single-character insertions, deletions and substitutions that turn one
// into the other. It counts runes, not bytes, so "Zürich" and "Zurich" are
// one edit apart. Comparison is exact; Suggest folds case first.
func Levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra // keep the row as short as the shorter word
	}
	row := make([]int, len(rb)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		diag := row[0] // row[i-1][j-1]
		row[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			above := row[j]
			row[j] = min(row[j]+1, row[j-1]+1, diag+cost)
			diag = above
		}
	}
	return row[len(rb)]
}

// maxSuggestions bounds "did you mean A, B or C?".
const maxSuggestions = 3

// Suggest returns the candidates closest to what the user typed, for a
// "did you mean" hint: those at the smallest edit distance, when that
// distance is small enough to be a typo (about one edit in three
// characters, at least two), case and surrounding space ignored. A
// candidate that starts with the input ("Los" for "Los Angeles") also
// counts, as the user likely typed a shortened name. At most three are
// returned, in the candidates' order; nil when nothing is close.
func Suggest(input string, candidates []string) []string {
	in := fold(input)
	if in == "" {
		return nil
	}
	limit := max(2, utf8.RuneCountInString(in)/3)
	best, bestDist := []string(nil), limit+1
	for _, c := range dedupe(candidates) {
		d := distance(in, fold(c))
		switch {
		case d < bestDist:
			best, bestDist = []string{c}, d
		case d == bestDist && len(best) < maxSuggestions:
			best = append(best, c)
		}
	}
	return best
}

// distance is the edit distance, except that a candidate extending the
// input counts as one edit: "san" for "San Diego" is a plausible
// shortening, not eight typos.
func distance(in, cand string) int {
	if in == cand {
		return 0
	}
	if strings.HasPrefix(cand, in) && utf8.RuneCountInString(in) >= 3 {
		return 1
	}
	return Levenshtein(in, cand)
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// dedupe drops repeated names (two cities called Springfield in different
// states) so a hint does not say the same word twice.
func dedupe(names []string) []string {
	var out []string
	for _, n := range names {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// didYouMean is "; did you mean X?" or "" when nothing is close.
func didYouMean(input string, candidates []string) string {
	s := Suggest(input, candidates)
	if len(s) == 0 {
		return ""
	}
	return "; did you mean " + orList(s) + "?"
}
