package links

import (
	"sort"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"
)

// maxSuggestWork bounds the work, in characters compared, of the "did
// you mean" hints of one anchor check: a page with thousands of ids, each
// link to a missing one compared with all of them, cost their product.
// Past the budget a missing anchor is reported without a hint.
const maxSuggestWork = 50_000_000

// suggester finds the closest ids of the pages, sorting each page's ids
// once, answering each (page, fragment) once, within maxSuggestWork.
type suggester struct {
	sorted map[string][]string // page → its ids, sorted
	memo   map[[2]string]string
	work   int // characters compared so far
}

func newSuggester() *suggester {
	return &suggester{sorted: map[string][]string{}, memo: map[[2]string]string{}}
}

// closest returns the id of page (whose ids are set) nearest to want by
// edit distance, or "" when none is close enough to be a likely typo or
// the budget is spent.
func (s *suggester) closest(page, want string, set map[string]bool) string {
	if best, ok := s.memo[[2]string{page, want}]; ok {
		return best
	}
	keys, ok := s.sorted[page]
	if !ok {
		keys = make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		s.sorted[page] = keys
	}
	best, bestD := "", len(want)/3+2
	wantRunes := utf8.RuneCountInString(want)
	for _, k := range keys {
		if abs(utf8.RuneCountInString(k)-wantRunes) >= bestD {
			continue // too far by its length alone (the distance counts characters)
		}
		if s.work += len(want) * len(k); s.work > maxSuggestWork {
			return ""
		}
		if d := edlib.LevenshteinDistance(want, k); d < bestD {
			best, bestD = k, d
		}
	}
	s.memo[[2]string{page, want}] = best
	return best
}

func abs(n int) int { return max(n, -n) }
