package build

import (
	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// oneRoot merges the findings of the checkers cs (l, in the order they
// were reported) that have one root, so that one mistake is one finding:
//
//   - findings of one code at one place (a template that emits a key twice
//     yields two findings at its call) are one, the others' messages kept
//     as notes when they differ;
//   - errors of different checkers that start on one line of the guide are
//     one: the finding of the checker that runs first (the one nearest to
//     the cause: characters, then syntax, then the provider's schema, then
//     cross-snippet comparisons) is kept, with the others as notes.
//
// Findings outside the guide file, and info findings, are left alone.
func oneRoot(l diag.List, cs []*check.Checker) diag.List {
	return oneRootRanked(l, codeRanks(cs))
}

// codeRanks maps each code of the checkers cs to the index of the first
// checker that reports it: the order oneRoot prefers.
func codeRanks(cs []*check.Checker) map[string]int {
	rank := map[string]int{}
	for i, c := range cs {
		for _, ci := range c.Codes {
			if _, ok := rank[ci.Code]; !ok {
				rank[ci.Code] = i
			}
		}
	}
	return rank
}

// oneRootRanked is oneRoot with the checkers' codeRanks, which a run
// computes once instead of once per page.
func oneRootRanked(l diag.List, rank map[string]int) diag.List {
	if len(l) < 2 {
		return l // nothing to merge
	}
	type place struct {
		file *source.File
		span source.Span
		code string
	}
	type line struct {
		file *source.File
		line int
	}
	out := make(diag.List, 0, len(l))
	same := map[place]int{}   // → index in out
	errLine := map[line]int{} // → index in out of the error kept on the line
	for _, d := range l {
		if d.File == nil || d.Severity == diag.Info {
			out = append(out, d)
			continue
		}
		p := place{d.File, d.Span, d.Code}
		if i, ok := same[p]; ok {
			out[i] = withNote(out[i], d)
			continue
		}
		if d.Severity == diag.Error {
			ln := line{d.File, d.Start().Line}
			if i, ok := errLine[ln]; ok && rank[out[i].Code] != rank[d.Code] {
				if rank[d.Code] < rank[out[i].Code] {
					// The earlier checker's finding is the root: it takes
					// the place of the one reported first.
					d, out[i] = out[i], d
					same[place{out[i].File, out[i].Span, out[i].Code}] = i
				}
				out[i] = withNote(out[i], d)
				continue
			}
			errLine[ln] = len(out)
		}
		same[p] = len(out)
		out = append(out, d)
	}
	return out
}

// withNote returns d with other's message as a note at other's place,
// unless d says the same already.
func withNote(d, other diag.Diagnostic) diag.Diagnostic {
	if other.Message == d.Message && other.Span == d.Span {
		return d
	}
	r := diag.Related{File: other.File, Span: other.Span, Message: "also " + other.Code + ": " + other.Message}
	for _, x := range d.Related {
		if x == r {
			return d
		}
	}
	d.Related = append(append([]diag.Related(nil), d.Related...), r)
	return d
}
