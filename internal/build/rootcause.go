package build

import (
	"slices"

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
//     cross-snippet comparisons) is kept, with the others as notes;
//   - errors of different checkers that point at each other (each has a
//     note at the other's place) are one: the earlier checker's, with the
//     other as a note (see mutualLinks); a one-way link is not enough;
//   - a warning and an error of different checkers about the same text
//     (spans that overlap) are one: the error, with the warning as a note
//     (a scope Authelia does not know, which is also one the application
//     does not get). A warning elsewhere on the line is another mistake
//     and stays.
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
	same := map[place]int{}      // → index in out
	errLine := map[line]int{}    // → index in out of the error kept on the line
	warnLine := map[line][]int{} // → indexes in out of the warnings kept on the line
	overlap := func(a, b diag.Diagnostic) bool {
		return rank[a.Code] != rank[b.Code] && a.Span.Start < b.Span.End && b.Span.Start < a.Span.End
	}
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
		ln := line{d.File, d.Start().Line}
		if d.Severity == diag.Warning {
			if i, ok := errLine[ln]; ok && overlap(out[i], d) {
				out[i] = withNote(out[i], d)
				continue
			}
		} else if d.Severity == diag.Error {
			// An error about the text a warning of another checker is
			// about takes the warning's place.
			if ws := warnLine[ln]; len(ws) > 0 {
				if k := slices.IndexFunc(ws, func(i int) bool { return overlap(out[i], d) }); k >= 0 {
					i := ws[k]
					warnLine[ln] = slices.Delete(slices.Clone(ws), k, k+1)
					w := out[i]
					delete(same, place{w.File, w.Span, w.Code})
					if j, ok := errLine[ln]; ok && rank[out[j].Code] != rank[d.Code] {
						// The line has an error of another checker already:
						// the warning's slot is dropped, its text kept.
						out[j] = withNote(withNote(out[j], d), w)
						out[i].Severity = diag.Info // marked for removal below
						out[i].Code = removedCode
						continue
					}
					out[i] = withNote(d, w)
					same[p] = i
					errLine[ln] = i
					continue
				}
			}
		}
		if d.Severity == diag.Error {
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
		if d.Severity == diag.Warning {
			warnLine[ln] = append(warnLine[ln], len(out))
		}
		same[p] = len(out)
		out = append(out, d)
	}
	out = slices.DeleteFunc(out, func(d diag.Diagnostic) bool { return d.Code == removedCode })
	return mutualLinks(out, rank)
}

// maxLinkNotes bounds the notes of one finding mutualLinks reads.
const maxLinkNotes = 16

// mutualLinks merges two errors of different checkers on different lines
// that each point at the other (a note at the other's place): two views
// of one mistake, such as a client's option and the application's
// setting that contradicts it, when each checker names the other side.
// The earlier checker's finding is kept, with the other as a note. A
// one-way link (a finding naming a place that has its own, unrelated
// finding) is no proof of one root, and both stay.
func mutualLinks(l diag.List, rank map[string]int) diag.List {
	type at struct {
		file  *source.File
		start int
	}
	byStart := map[at][]int{}
	for i, d := range l {
		if d.File != nil && d.Severity == diag.Error && len(d.Related) > 0 {
			byStart[at{d.File, d.Span.Start}] = append(byStart[at{d.File, d.Span.Start}], i)
		}
	}
	if len(byStart) < 2 {
		return l
	}
	points := func(d diag.Diagnostic, target diag.Diagnostic) bool {
		for _, r := range d.Related[:min(len(d.Related), maxLinkNotes)] {
			if r.File == target.File && r.Span.Start == target.Span.Start {
				return true
			}
		}
		return false
	}
	gone := map[int]bool{}
	for i, d := range l {
		if gone[i] || d.File == nil || d.Severity != diag.Error {
			continue
		}
		for _, r := range d.Related[:min(len(d.Related), maxLinkNotes)] {
			if r.File != d.File {
				continue
			}
			for _, j := range byStart[at{r.File, r.Span.Start}] {
				o := l[j]
				if j == i || gone[j] || rank[o.Code] == rank[d.Code] || o.Start().Line == d.Start().Line || !points(o, d) {
					continue
				}
				keep, drop := i, j
				if rank[o.Code] < rank[d.Code] {
					keep, drop = j, i
				}
				l[keep] = withNote(l[keep], l[drop])
				gone[drop] = true
			}
			if gone[i] {
				break
			}
		}
	}
	if len(gone) == 0 {
		return l
	}
	out := make(diag.List, 0, len(l)-len(gone))
	for i, d := range l {
		if !gone[i] {
			out = append(out, d)
		}
	}
	return out
}

// removedCode marks a finding oneRoot folded into another after keeping it.
const removedCode = "\x00removed"

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
