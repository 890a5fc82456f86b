package hugo

import (
	"math/bits"
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
	// sigDir and sigN are the character signatures of dir and name.
	sigDir, sigN uint64
}

// signature is the set of the characters of s, each as bit r%64: a
// character of a whose bit b lacks occurs nowhere in b, so each must be
// substituted or deleted, and the edit distance of a and b is at least the
// number of bits of either that the other lacks (sigBound).
func signature(s []rune) uint64 {
	var sig uint64
	for _, r := range s {
		sig |= 1 << (uint(r) & 63)
	}
	return sig
}

// sigBound is the lower bound on the edit distance of two strings with
// signatures a and b.
func sigBound(a, b uint64) int {
	return max(bits.OnesCount64(a&^b), bits.OnesCount64(b&^a))
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
			np := nearPage{p: p, name: name, dir: []rune(dir), runN: []rune(name)}
			np.sigDir, np.sigN = signature(np.dir), signature(np.runN)
			s.near.index = append(s.near.index, np)
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
// least the difference of the lengths and the signatures' bound
// (sigBound), and a distance known to exceed a bound need not be computed
// to the end.
func (s *Site) nearestIn(index nearIndex, want string) *Page {
	wdir, wname := path.Split(want)
	wd, wn := []rune(wdir), []rune(wname)
	sigD, sigN := signature(wd), signature(wn)
	limit := max(2, len(wname)/3)
	var best *Page
	bestScore := -1
	for i := range index {
		c := &index[i]
		prefix := len(c.name) >= 4 && len(wname) >= 4 && (strings.HasPrefix(c.name, wname) || strings.HasPrefix(wname, c.name))
		var nd int
		// Once there is a best, a name farther than its score cannot
		// beat it (the budget below goes negative): the distance need
		// only be known up to the score.
		if prefix {
			bound := -1
			if bestScore >= 0 {
				bound = bestScore
			}
			nd = levenshtein(wn, c.runN, bound)
		} else {
			if abs(len(wn)-len(c.runN)) > limit || sigBound(sigN, c.sigN) > limit {
				continue
			}
			bound := limit
			if bestScore >= 0 {
				bound = min(limit, bestScore)
			}
			if nd = levenshtein(wn, c.runN, bound); nd > limit {
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
		if abs(len(wd)-len(c.dir)) > maxDir || sigBound(sigD, c.sigDir) > maxDir {
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
// returns bound+1 for any distance beyond bound: it fills only the band of
// cells within bound of the diagonal (a path through any other cell costs
// more), and stops as soon as a row exceeds bound.
func levenshtein(a, b []rune, bound int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if bound < 0 {
		bound = len(a) // the whole table
	}
	if len(a)-len(b) > bound {
		return bound + 1
	}
	big := bound + 1 // any distance beyond bound
	var stack [2][64]int
	prev, cur := stack[0][:0], stack[1][:0]
	if len(b)+1 > len(stack[0]) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = min(j, big)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-bound), min(len(b), i+bound)
		cur[lo-1] = big
		if lo == 1 {
			cur[0] = min(i, big)
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost, big)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < len(b) {
			cur[hi+1] = big // the next row reads it
		}
		if rowMin > bound {
			return big
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int { return max(n, -n) }
