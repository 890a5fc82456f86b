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
	limit := 2
	if len(word) >= 12 {
		limit = 3
	}
	bestD, second := -1, -1
	for _, c := range candidates {
		// Distances past limit are all limit+1: such a candidate is never
		// suggested, and as the runner-up it is farther than any best
		// that is, whatever its exact distance.
		d := distanceWithin(word, c, limit)
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
	if isASCII(a) && isASCII(b) {
		return osaASCII(a, b)
	}
	return edlib.OSADamerauLevenshteinDistance(a, b)
}

// distanceWithin is distance(a, b) when that is at most k, and k+1
// otherwise: the ASCII computation stops as soon as no alignment can end
// within k.
func distanceWithin(a, b string, k int) int {
	if strings.EqualFold(a, b) {
		return min(1, k+1)
	}
	if len(a) > 64 || len(b) > 64 {
		return min(64, k+1)
	}
	d := len(a) - len(b)
	d = max(d, -d)
	if d > 3 {
		return min(d, k+1) // as distance says
	}
	if d > k {
		return k + 1 // the distance is at least the difference of lengths
	}
	if isASCII(a) && isASCII(b) {
		if bagDistance(a, b) > k {
			return k + 1
		}
		return osaASCIIWithin(a, b, k)
	}
	return min(edlib.OSADamerauLevenshteinDistance(a, b), k+1)
}

// bagDistance is a lower bound of the distance of ASCII strings a and b:
// the larger of the number of bytes of a that b lacks and of b that a
// lacks, counted as multisets. An insertion, a deletion or a
// substitution lowers each count by at most one, and a transposition
// changes neither. Most candidates of a suggestion share too few letters
// with the word to come within the limit, and this rejects them in one
// pass over both strings instead of a table of their alignments.
func bagDistance(a, b string) int {
	var count [128]int8 // at most 64 bytes each (distanceWithin)
	for i := 0; i < len(a); i++ {
		count[a[i]]++
	}
	for i := 0; i < len(b); i++ {
		count[b[i]]--
	}
	onlyA, onlyB := 0, 0
	for i := 0; i < len(a); i++ {
		if c := count[a[i]]; c > 0 {
			onlyA += int(c)
			count[a[i]] = 0
		}
	}
	for i := 0; i < len(b); i++ {
		if c := count[b[i]]; c < 0 {
			onlyB -= int(c)
			count[b[i]] = 0
		}
	}
	return max(onlyA, onlyB)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// osaASCII is edlib.OSADamerauLevenshteinDistance for ASCII strings of at
// most 64 bytes, computed on the bytes in three rows on the stack: the
// library converts both strings to runes and allocates its rows on every
// call, and distance runs for every key of every YAML block against
// every candidate name (it was 2 % of the allocations of a check).
// TestOSAASCII compares both on every pair of a word list and on random
// strings.
func osaASCII(a, b string) int {
	// Both strings are at most 64 bytes, so their distance is too.
	return osaASCIIWithin(a, b, 64)
}

// osaASCIIWithin is min(osaASCII(a, b), k+1), computed row by row until a
// row holds nothing within k: no later row can come back within k. A cell
// is one more than a cell of its row or of the row above, or equal to the
// diagonal cell above (a match), or one more than the cell two rows up
// and two columns left (a transposition), and that one is never below the
// diagonal cell of the row between, which reaches the same point by a
// match: so row minima never decrease.
func osaASCIIWithin(a, b string, k int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch {
	case len(b) == 0:
		return min(len(a), k+1)
	case a == b:
		return 0
	}
	var rows [3][65]int
	for j := 0; j <= len(b); j++ {
		rows[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur, prev := &rows[i%3], &rows[(i-1)%3]
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], rows[(i-2)%3][j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return k + 1
		}
	}
	return min(rows[len(a)%3][len(b)], k+1)
}
