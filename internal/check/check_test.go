package check

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// TestPassState checks what the checkers of one pass tell each other: a
// replacement reaches the later checkers only, a broken snippet is hidden
// from the checkers that skip broken ones (through its replacement too),
// and the caller's snippets never change.
func TestPassState(t *testing.T) {
	// Snippets built without an Index (all 0), as some callers do.
	a, b, c := &snippet.Snippet{Lang: "a"}, &snippet.Snippet{Lang: "b"}, &snippet.Snippet{Lang: "c"}
	a2 := &snippet.Snippet{Lang: "a2"}
	seen := map[string][]string{}
	record := func(name string, skip bool, do func(p *Pass)) *Checker {
		return &Checker{Name: name, SkipBroken: skip, Run: func(p *Pass) {
			for _, s := range p.Snippets {
				seen[name] = append(seen[name], s.Lang)
			}
			if do != nil {
				do(p)
			}
		}}
	}
	snips := []*snippet.Snippet{a, b, c}
	p := &Pass{Snippets: snips}
	p.Run([]*Checker{
		record("repairs", false, func(p *Pass) { p.Replace(a, a2) }),
		record("breaks", false, func(p *Pass) {
			p.MarkBroken(p.Snippets[0]) // the replacement of a
			p.MarkBroken(b)
		}),
		record("skips", true, nil),
		record("reads", false, func(p *Pass) {
			if !p.Broken(a) || !p.Broken(a2) || !p.Broken(b) || p.Broken(c) {
				t.Errorf("broken: a %v, a2 %v, b %v, c %v", p.Broken(a), p.Broken(a2), p.Broken(b), p.Broken(c))
			}
		}),
	})
	want := map[string][]string{
		"repairs": {"a", "b", "c"},
		"breaks":  {"a2", "b", "c"},
		"skips":   {"c"},
		"reads":   {"a2", "b", "c"},
	}
	for name, w := range want {
		if !slices.Equal(seen[name], w) {
			t.Errorf("%s saw %q, want %q", name, seen[name], w)
		}
	}
	if !slices.Equal(p.Snippets, []*snippet.Snippet{a, b, c}) || !slices.Equal(snips, []*snippet.Snippet{a, b, c}) {
		t.Error("the caller's snippets changed")
	}
}

// TestReported checks that a pass remembers the spans of the errors its
// checkers report in the guide, for the later ones: overlapping spans are
// reported, adjacent ones, warnings and other files' findings are not, and
// the caller's Report is restored after Run.
func TestReported(t *testing.T) {
	f := source.NewFile("g.md", []byte("0123456789012345678901234567890"))
	other := source.NewFile("o.md", []byte("x"))
	var got []diag.Diagnostic
	report := func(d diag.Diagnostic) { got = append(got, d) }
	p := &Pass{File: f, Report: report}
	var answers []bool
	p.Run([]*Checker{
		{Name: "first", Run: func(p *Pass) {
			p.Report(diag.Diagnostic{File: f, Span: source.Span{Start: 10, End: 20}, Severity: diag.Error, Code: "a"})
			p.Report(diag.Diagnostic{File: f, Span: source.Span{Start: 0, End: 5}, Severity: diag.Warning, Code: "b"})
			p.Report(diag.Diagnostic{File: other, Span: source.Span{Start: 25, End: 30}, Severity: diag.Error, Code: "c"})
		}},
		{Name: "second", Run: func(p *Pass) {
			p.Report(diag.Diagnostic{File: f, Span: source.Span{Start: 28, End: 28}, Severity: diag.Error, Code: "d"})
			for _, sp := range []source.Span{{Start: 15, End: 16}, {Start: 5, End: 11}, {Start: 20, End: 25}, {Start: 0, End: 10}, {Start: 1, End: 2}, {Start: 26, End: 27}, {Start: 28, End: 28}, {Start: 27, End: 29}, {Start: 12, End: 12}, {Start: 29, End: 29}} {
				answers = append(answers, p.Reported(sp))
			}
		}},
	})
	if want := []bool{true, true, false, false, false, false, true, true, true, false}; !slices.Equal(answers, want) {
		t.Errorf("Reported = %v, want %v", answers, want)
	}
	if len(got) != 4 {
		t.Errorf("%d findings reached the caller, want 4", len(got))
	}
	p.Report(diag.Diagnostic{})
	if len(got) != 5 {
		t.Error("Run did not restore the caller's Report")
	}
}
