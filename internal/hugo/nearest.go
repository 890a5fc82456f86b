package hugo

import (
	"path"
	"strings"
	"sync"
)

// nearIndex is what nearest compares a wanted key against: every rendered
// page but the home page, its key split once into directory and name, as
// runes because the distance counts characters.
type nearIndex []nearPage

type nearPage struct {
	p         *Page
	name      string
	dir, runN []rune // runN: name as runes
}

// nearState is the lazily built index and the memo of answers: a docs tree
// asks for the same missing page from many pages, and without them each
// broken link cost one edit distance per page of the site (quadratic in
// the size of the site; 14 % of a build of Authelia's docs ×10).
type nearState struct {
	once  sync.Once
	index nearIndex
	memo  sync.Map // want → *Page (nil included)
}

func (s *Site) nearIndex() nearIndex {
	s.near.once.Do(func() {
		for _, p := range s.pages {
			if !p.Rendered() || p.Key == "/" {
				continue
			}
			dir, name := path.Split(p.Key)
			s.near.index = append(s.near.index, nearPage{p: p, name: name, dir: []rune(dir), runN: []rune(name)})
		}
	})
	return s.near.index
}

// nearest returns the rendered page whose key is closest to want: its
// last element must be near want's (a typo, or one a prefix of the other,
// as when a page was renamed with a suffix), and among those the
// directories weigh twice as much as the names, so that a page of the same
// directory wins over a namesake elsewhere; ties go to the smaller key.
func (s *Site) nearest(want string) *Page {
	if v, ok := s.near.memo.Load(want); ok {
		return v.(*Page)
	}
	best := s.nearestIn(s.nearIndex(), want)
	s.near.memo.Store(want, best)
	return best
}

// nearestIn is nearest without the memo. The bounds only skip pages that
// cannot be near or cannot beat the best so far: an edit distance is at
// least the difference of the lengths, and a distance known to exceed a
// bound need not be computed to the end.
func (s *Site) nearestIn(index nearIndex, want string) *Page {
	wdir, wname := path.Split(want)
	wd, wn := []rune(wdir), []rune(wname)
	limit := max(2, len(wname)/3)
	var best *Page
	bestScore := -1
	for i := range index {
		c := &index[i]
		prefix := len(c.name) >= 4 && len(wname) >= 4 && (strings.HasPrefix(c.name, wname) || strings.HasPrefix(wname, c.name))
		var nd int
		if prefix {
			nd = levenshtein(wn, c.runN, -1)
		} else {
			if abs(len(wn)-len(c.runN)) > limit {
				continue
			}
			if nd = levenshtein(wn, c.runN, limit); nd > limit {
				continue
			}
		}
		if bestScore < 0 {
			best, bestScore = c.p, 2*levenshtein(wd, c.dir, -1)+nd
			continue
		}
		budget := bestScore - nd
		if budget < 0 {
			continue
		}
		maxDir := budget / 2
		if abs(len(wd)-len(c.dir)) > maxDir {
			continue
		}
		dd := levenshtein(wd, c.dir, maxDir)
		if dd > maxDir {
			continue
		}
		// 2*dd ≤ budget: score ≤ bestScore.
		if score := 2*dd + nd; score < bestScore || c.p.Key < best.Key {
			best, bestScore = c.p, score
		}
	}
	return best
}

// levenshtein returns the edit distance of a and b (insertions, deletions
// and substitutions of one character, each costing 1). With bound ≥ 0 it
// stops as soon as the distance is known to exceed bound and returns
// bound+1 then.
func levenshtein(a, b []rune, bound int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	var stack [2][64]int
	prev, cur := stack[0][:0], stack[1][:0]
	if len(b)+1 > len(stack[0]) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if bound >= 0 && rowMin > bound {
			return bound + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int { return max(n, -n) }
