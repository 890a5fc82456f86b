package hugo

import (
	"math/rand"
	"path"
	"strings"
	"testing"

	"github.com/hbollon/go-edlib"
)

// TestLevenshtein: the bounded distance agrees with go-edlib's, exactly
// up to the bound and as bound+1 beyond it, on random words over a small
// alphabet (so that near words are common), multi-byte characters included.
func TestLevenshtein(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alpha := []rune("abcé-/ü")
	word := func() string {
		n := r.Intn(90)
		var b strings.Builder
		for range n {
			b.WriteRune(alpha[r.Intn(len(alpha))])
		}
		return b.String()
	}
	for range 3000 {
		a, b := word(), word()
		want := edlib.LevenshteinDistance(a, b)
		if got := levenshtein([]rune(a), []rune(b), -1); got != want {
			t.Fatalf("levenshtein(%q, %q) = %d, want %d", a, b, got, want)
		}
		bound := r.Intn(8)
		if got, w := levenshtein([]rune(a), []rune(b), bound), min(want, bound+1); got != w {
			t.Fatalf("levenshtein(%q, %q, %d) = %d, want %d", a, b, bound, got, w)
		}
	}
}

// nearestBrute is nearest as it was first written: every page compared
// in full. nearestIn must pick the same page.
func nearestBrute(index nearIndex, want string) *Page {
	wdir, wname := path.Split(want)
	var best *Page
	bestScore := -1
	for _, c := range index {
		dir, name := path.Split(c.p.Key)
		nd := edlib.LevenshteinDistance(wname, name)
		near := nd <= max(2, len(wname)/3) ||
			len(name) >= 4 && len(wname) >= 4 && (strings.HasPrefix(name, wname) || strings.HasPrefix(wname, name))
		if !near {
			continue
		}
		score := 2*edlib.LevenshteinDistance(wdir, dir) + nd
		if bestScore < 0 || score < bestScore || score == bestScore && c.p.Key < best.Key {
			best, bestScore = c.p, score
		}
	}
	return best
}

func TestNearestMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	parts := []string{"integration", "openid-connect", "clients", "guides", "romm", "rom", "gitea", "gita", "grafana", "configuration", "config", "sec", "a", "ü-x"}
	key := func() string {
		n := 1 + r.Intn(4)
		var b strings.Builder
		for range n {
			b.WriteString("/" + parts[r.Intn(len(parts))])
			if r.Intn(4) == 0 {
				b.WriteString(parts[r.Intn(len(parts))][:1])
			}
		}
		return b.String()
	}
	for round := range 40 {
		s := &Site{}
		seen := map[string]bool{}
		for range 5 + r.Intn(200) {
			k := key()
			if seen[k] {
				continue
			}
			seen[k] = true
			s.pages = append(s.pages, &Page{Key: k, InSite: true, Build: Build{Render: RenderAlways}})
		}
		index := s.nearIndex()
		for range 50 {
			want := key()
			if got, w := s.nearestIn(index, want), nearestBrute(index, want); got != w {
				t.Fatalf("round %d: nearest(%q) = %v, brute force %v", round, want, pageKey(got), pageKey(w))
			}
		}
	}
}

func pageKey(p *Page) string {
	if p == nil {
		return "<nil>"
	}
	return p.Key
}

// TestSigBound: the signatures' bound never exceeds the edit distance,
// on random words over alphabets whose characters share bits.
func TestSigBound(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	alpha := []rune("abcp0@é-/ü\u0101A")
	word := func() []rune {
		w := make([]rune, r.Intn(30))
		for i := range w {
			w[i] = alpha[r.Intn(len(alpha))]
		}
		return w
	}
	for range 20000 {
		a, b := word(), word()
		if lb, d := sigBound(signature(a), signature(b)), levenshtein(a, b, -1); lb > d {
			t.Fatalf("sigBound(%q, %q) = %d > distance %d", string(a), string(b), lb, d)
		}
	}
}
