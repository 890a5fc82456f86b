package build

import (
	"testing"

	"github.com/guidec/guidec/internal/links"
)

// countingResolver answers from both arguments and counts its calls.
type countingResolver struct{ calls int }

func (c *countingResolver) Resolve(from, dest string) links.Target {
	c.calls++
	return links.Target{Kind: links.Guide, URL: from + "|" + dest, Guide: from}
}

func (c *countingResolver) ResolveHTML(from, dest string) links.Target {
	return links.Target{Kind: links.External, URL: dest}
}

// TestResolveMemo checks that the worker's memo of resolve answers what the
// link tree answers, for the page it was filled for only, and still records
// every call in deps.
func TestResolveMemo(t *testing.T) {
	tree := &countingResolver{}
	w := &worker{e: &env{tree: tree, keepDeps: true}}
	calls := []struct{ from, dest string }{
		{"a", "x"}, {"a", "y"}, {"a", "x"}, {"b", "x"}, {"b", "x"}, {"a", "x"}, {"a", ""},
	}
	for _, c := range calls {
		if got, want := w.resolve(c.from, c.dest), tree.Resolve(c.from, c.dest); got != want {
			t.Errorf("resolve(%q, %q) = %+v, want %+v", c.from, c.dest, got, want)
		}
	}
	// Each call above ran the tree once directly; the memo ran it for
	// a/x, a/y, b/x, a/x again (page changed back), a/"".
	if direct, memo := len(calls), tree.calls-len(calls); memo != 5 {
		t.Errorf("the tree resolved %d times through the worker, want 5 (of %d calls)", memo, direct)
	}
	if len(w.deps) != len(calls) {
		t.Errorf("deps has %d entries, want one per call: %d", len(w.deps), len(calls))
	}
}
