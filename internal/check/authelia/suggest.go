package authelia

import (
	"strings"

	"github.com/hbollon/go-edlib"
)

// suggest returns the candidate closest to word by edit distance, and
// whether it is clearly the intended one: close enough for its length and
// strictly closer than any other candidate. A candidate that differs only in
// case counts as distance 1.
func suggest(word string, candidates []string) (best string, clear bool) {
	bestD, second := -1, -1
	for _, c := range candidates {
		d := distance(word, c)
		switch {
		case bestD < 0 || d < bestD:
			best, second, bestD = c, bestD, d
		case d < second || second < 0:
			second = d
		}
	}
	if bestD < 0 {
		return "", false
	}
	limit := 2
	if len(word) >= 12 {
		limit = 3
	}
	if bestD > limit {
		return "", false
	}
	return best, second < 0 || bestD < second
}

// distance is the optimal string alignment distance between a and b (the
// Levenshtein distance with adjacent transpositions); names differing only in
// case are at distance 1. Names whose lengths differ by more than any
// suggestion allows are not compared (the distance is at least that
// difference), which keeps the prefilter of every YAML block cheap.
func distance(a, b string) int {
	if strings.EqualFold(a, b) {
		return 1
	}
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	if d := len(a) - len(b); d > 3 || d < -3 {
		return max(d, -d)
	}
	return edlib.OSADamerauLevenshteinDistance(a, b)
}
