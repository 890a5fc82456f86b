package authelia

import "strings"

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
// case are at distance 1.
func distance(a, b string) int {
	if strings.EqualFold(a, b) {
		return 1
	}
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	// Three rows suffice for transpositions.
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
