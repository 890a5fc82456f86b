package links

import (
	"sort"

	"github.com/hbollon/go-edlib"
)

// closest returns the id in set nearest to want by edit distance, or "" when
// none is close enough to be a likely typo.
func closest(want string, set map[string]bool) string {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	best, bestD := "", len(want)/3+2
	for _, k := range keys {
		if d := edlib.LevenshteinDistance(want, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
