package consistency

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/check/authelia"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/snippet"
)

// mutationGuide is one guide of the corpus or the novel guides, with the
// model the checker builds of it.
type mutationGuide struct {
	name    string
	content []byte
	m       *model
}

// mutationGuides returns the guides the mutation tests edit, and a
// verifier with a cache of its own for running the checker on the edits.
// It skips a test in -short mode.
func mutationGuides(t *testing.T) ([]mutationGuide, *digest.Verifier) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow")
	}
	paths := guidePaths(t)
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests.json")))
	if err != nil {
		t.Fatal(err)
	}
	var gs []mutationGuide
	for _, p := range paths {
		content, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p))
		f, snips, texts := mdGuide(name, content)
		m := build(&check.Pass{File: f, Name: name, Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
		gs = append(gs, mutationGuide{name, content, m})
	}
	return gs, v
}

// guidePaths returns the index.md of every corpus guide (skipped when
// the shared corpus is absent, see sharedPath) and every novel guide.
func guidePaths(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, dir := range []string{sharedPath(t, filepath.Join("corpus", "authelia")), filepath.Join("..", "..", "..", "tests", "testdata", "novel")} {
		g, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, g...)
	}
	return paths
}

// appYAMLGuide is one guide of eachAppYAML: its name, text and lines
// (each with its '\n').
type appYAMLGuide struct {
	name, content string
	lines         []string
}

// eachAppYAML calls f with every application YAML snippet of the corpus's
// and the novel guides that parses (Authelia's configuration aside), and
// its guide.
func eachAppYAML(t *testing.T, f func(g appYAMLGuide, s *snippet.Snippet)) {
	t.Helper()
	for _, p := range guidePaths(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		g := appYAMLGuide{name: filepath.Base(filepath.Dir(p)), content: string(b)}
		g.lines = strings.SplitAfter(g.content, "\n")
		_, snips, _ := mdGuide(g.name, b)
		for _, s := range snips {
			if yamlSnippet(s) && !authelia.ReadSnippet(s).Config && s.ParseYAML().OK() {
				f(g, s)
			}
		}
	}
}

// siblingKeys returns, for g, the keys of its application files of keys
// (mappingFile) that keep accepts, grouped by snippet and parent path: the
// siblings a separator or case convention is judged among.
func siblingKeys(g mutationGuide, keep func(appValue) bool) [][]appValue {
	_, snips, _ := mdGuide(g.name, g.content)
	type sib struct {
		snip    int
		parents string
	}
	groups := map[sib][]appValue{}
	var order []sib
	for i := range len(g.m.app) + len(g.m.listKeys) + len(g.m.mapKeys) {
		av := *g.m.keyAt(i)
		if av.Group < 0 || av.Label || namedByWriter(av.Parents) || !mappingFile(snips, av.Group) || !keep(av) {
			continue
		}
		k := sib{av.Group, av.Parents}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], av)
	}
	out := make([][]appValue, 0, len(order))
	for _, k := range order {
		out = append(out, groups[k])
	}
	return out
}

// respelledKey writes bad in place of the key at kv in g and reports the
// key's line and whether the checker finds a warning or an error there.
func respelledKey(t *testing.T, g mutationGuide, v *digest.Verifier, kv value, bad string) (line int, found bool) {
	t.Helper()
	content := string(g.content)
	mutated := content[:kv.Span.Start] + bad + content[kv.Span.End:]
	line = strings.Count(content[:kv.Span.Start], "\n") + 1
	for _, d := range runChecker(t, g.name, []byte(mutated), v) {
		if d.Start().Line == line && d.Severity <= diag.Warning {
			found = true
		}
	}
	return line, found
}

// tally counts the mutations a test made and those the checker found.
type tally struct {
	n, found int
	misses   []string
}

// add counts one mutation, found or missed (miss describes it).
func (c *tally) add(found bool, miss string) {
	c.n++
	if found {
		c.found++
	} else {
		c.misses = append(c.misses, miss)
	}
}

// check logs the count and the misses, and fails t when fewer than minN
// mutations were made (the sites are not read) or less than share of
// them were found.
func (c *tally) check(t *testing.T, what string, minN int, share float64) {
	t.Helper()
	t.Logf("%s found: %d of %d", what, c.found, c.n)
	for _, m := range c.misses {
		t.Logf("MISS %s", m)
	}
	if c.n < minN || float64(c.found) < share*float64(c.n) {
		t.Errorf("%s: found %d of %d, want at least %.0f%% of at least %d", what, c.found, c.n, 100*share, minN)
	}
}

// fenceLines returns a fenced code block of info string info holding lines.
func fenceLines(info string, lines ...string) string {
	return "```" + info + "\n" + strings.Join(lines, "\n") + "\n```\n"
}

// ymlFence returns a YAML code block titled title holding lines.
func ymlFence(title string, lines ...string) string {
	return fenceLines(`yaml {title="`+title+`"}`, lines...)
}

// lineCase is a guide and the line of the finding wantLines wants in it.
type lineCase struct {
	name, guide string
	want        int // line of the finding, 0 for none
}

// wantLines checks each case's guide for its warning of code on the line
// the case wants (warningLine).
func wantLines(t *testing.T, code string, cases []lineCase) {
	t.Helper()
	for _, c := range cases {
		if got := warningLine(t, c.name, c.guide, code); got != c.want {
			t.Errorf("%s: finding on line %d, want %d", c.name, got, c.want)
		}
	}
}

// warningLine checks guide and returns the line of its finding of code (the
// last one, 0 for none), which must be a warning.
func warningLine(t *testing.T, name, guide, code string) int {
	t.Helper()
	got := 0
	for _, d := range runChecker(t, "app", []byte(guide), nil) {
		if d.Code == code {
			got = d.Start().Line
			if d.Severity != diag.Warning {
				t.Errorf("%s: severity %v", name, d.Severity)
			}
		}
	}
	return got
}
