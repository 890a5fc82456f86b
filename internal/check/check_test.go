package check

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
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
