package syntax

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/hbollon/go-edlib"
)

// oldSuggestName is suggestName before it compared only stems whose
// lengths allow a match: the oracle of the differential test.
func oldSuggestName(name string) (string, bool) {
	lower := strings.ToLower(name)
	for _, k := range wellKnown {
		if lower == strings.ToLower(k) {
			return "", false
		}
	}
	stem, ext := splitName(lower)
	best, bestDist, bestLen := "", 3, 0
	for _, k := range wellKnown {
		kstem, kext := splitName(strings.ToLower(k))
		var d int
		switch {
		case ext == kext && len(kstem) >= 4:
			d = edlib.OSADamerauLevenshteinDistance(stem, kstem)
			if d > stemBudget(len(kstem)) {
				continue
			}
		case stem == kstem && ext != "" && kext != "" && !isKnownExt(ext):
			d = edlib.OSADamerauLevenshteinDistance(ext, kext)
			if d > 1 {
				continue
			}
		default:
			continue
		}
		lenDiff := abs(len(k) - len(name))
		if d >= 1 && (d < bestDist || d == bestDist && lenDiff < bestLen) {
			best, bestDist, bestLen = k, d, lenDiff
		}
	}
	return best, best != ""
}

// TestSuggestNameDifferential compares suggestName with the old code on
// the well-known names, random edits of them (insertions, deletions,
// substitutions, transpositions, non-ASCII letters) and random names.
func TestSuggestNameDifferential(t *testing.T) {
	check := func(name string) {
		t.Helper()
		gb, gok := suggestName(name)
		wb, wok := oldSuggestName(name)
		if gb != wb || gok != wok {
			t.Fatalf("suggestName(%q) = %q %v, want %q %v", name, gb, gok, wb, wok)
		}
	}
	const alpha = "abcdeoimnrstuy-_.é\u212aKCY"
	rng := rand.New(rand.NewPCG(15, 12))
	for _, k := range wellKnown {
		check(k)
		check(strings.ToUpper(k))
	}
	for range 50000 {
		r := []rune(wellKnown[rng.IntN(len(wellKnown))])
		if rng.IntN(8) == 0 {
			r = nil
		}
		for n := rng.IntN(4); n > 0; n-- {
			c := []rune(alpha)[rng.IntN(len([]rune(alpha)))]
			j := rng.IntN(len(r) + 1)
			switch rng.IntN(4) {
			case 0:
				r = append(r[:j], append([]rune{c}, r[j:]...)...)
			case 1:
				if j < len(r) {
					r[j] = c
				}
			case 2:
				if j < len(r) {
					r = append(r[:j], r[j+1:]...)
				}
			default:
				if j+1 < len(r) {
					r[j], r[j+1] = r[j+1], r[j]
				}
			}
		}
		check(string(r))
	}
}
