package syntax

import (
	"bytes"
	"fmt"
	"github.com/guidec/guidec/internal/testenv"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// corpusWant is every finding on the real guides (key: "file:line:col
// code: message"), each with why it is real. Any other finding is a false
// positive; a missing one is a regression.
//
// The set is empty: all 210 validated snippets (144 YAML, 33 .env, 8 JSON,
// 5 INI) parse, repeat no key, and have titles that agree with their
// languages. Cases that look wrong and are not: envoy-gateway's
// {title="httproute.yaml fences never close their attributes, but the
// blocks are valid YAML; go-to-social's shell block holds YAML, not
// assignments, so it is not a .env file; unquoted .env values with blanks
// (OIDC_SCOPE=openid profile email) are what compose reads to the end of
// the line; synapse's '{{ user.sub }}' templates sit inside quoted YAML
// strings; jenkins passes sitevar parameters with escaped quotes inside a
// double-quoted YAML string. TestCorpusMutations shows that the same
// snippets do yield findings, at exact positions, once a fault is inserted.
var corpusWant = map[string]string{
	"homebox/index.md:94:31 env-inline-comment: docker run --env-file reads HBOX_OPTIONS_TRUST_PROXY as 'true # this is only needed if you are running HomeBox behind a reverse proxy', comment included": "the comment after an unquoted value is part of the value for docker run --env-file",
}

// runChecker runs Checker over snippets and returns its diagnostics sorted.
func runChecker(snips []*snippet.Snippet) diag.List { return testenv.RunChecker(Checker, snips) }

func format(d diag.Diagnostic) string { return testenv.FormatDiag(d) }

func TestCorpus(t *testing.T) {
	guides := corpusGuides(t)
	if guides == nil {
		t.Skip("corpus ../shared/corpus/authelia is absent")
	}
	if len(guides) != 88 {
		t.Errorf("corpus has %d guides, want 88", len(guides))
	}
	names := make([]string, 0, len(guides))
	for n := range guides {
		names = append(names, n)
	}
	sort.Strings(names)
	var got []string
	counts := map[string]int{}
	for _, n := range names {
		for _, s := range guides[n] {
			counts[kindOf(s).String()]++
		}
		for _, d := range runChecker(guides[n]) {
			got = append(got, format(d))
		}
	}
	t.Logf("snippets validated by kind: %v", counts)
	var want []string
	for k := range corpusWant {
		want = append(want, k)
	}
	sort.Strings(want)
	for _, g := range got {
		if _, ok := corpusWant[g]; !ok {
			t.Errorf("unexpected finding (false positive?): %s", g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing finding: %s", w)
		}
	}
}

// mutation is a fault inserted into a corpus guide and the finding it must
// cause.
type mutation struct {
	at   int    // guide offset where text is inserted
	text string // the inserted text
	// want is located in the mutated guide at offset at+wantOff.
	wantOff  int
	wantCode string
}

var topKeyRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*:[ \r\n]`)

// mutate returns the faults for s, when its kind has some and the place to
// insert them maps exactly onto the guide.
func mutate(s *snippet.Snippet) []mutation {
	m, ok := mutate1(s)
	if !ok {
		return nil
	}
	out := []mutation{m}
	if m.wantCode == "yaml-duplicate-key" {
		// A flow that never closes breaks the document from its own line.
		out = append(out, mutation{at: m.at, text: "broken: [a,\n", wantCode: "yaml-syntax"})
	}
	return out
}

func mutate1(s *snippet.Snippet) (mutation, bool) {
	at := func(textOff int) (int, bool) {
		o, exact, ok := s.Map.Resolve(textOff)
		return o, ok && exact
	}
	switch kindOf(s) {
	case kindYAML:
		for _, start := range lineStarts(s.Text, source.YAMLBreaks) {
			m := topKeyRe.Find(s.Text[start:])
			if m == nil {
				continue
			}
			g, ok := at(start)
			key := strings.TrimSpace(string(m))
			// The inserted key comes first: the original becomes the duplicate.
			ins := key + " 'inserted'\n"
			return mutation{at: g, text: ins, wantOff: len(ins), wantCode: "yaml-duplicate-key"}, ok
		}
	case kindJSON:
		if o := bytes.IndexByte(s.Text, '{'); o >= 0 {
			g, ok := at(o + 1)
			return mutation{at: g, text: `"__k": 1, "__k": 2, `, wantOff: 10, wantCode: "json-duplicate-key"}, ok
		}
	case kindEnv:
		g, ok := at(0)
		return mutation{at: g, text: "BROKEN = x\n", wantOff: 6, wantCode: "env-syntax"}, ok
	case kindINI:
		g, ok := at(0)
		return mutation{at: g, text: "just words\n", wantOff: 0, wantCode: "ini-syntax"}, ok
	}
	return mutation{}, false
}

// TestCorpusMutations inserts a fault into every YAML, JSON, .env and INI
// snippet of the corpus, one at a time, and checks that exactly that fault
// is found, at its exact guide position: the validators run on real
// snippets and map positions through real site variables.
func TestCorpusMutations(t *testing.T) {
	guides := corpusGuides(t)
	if guides == nil {
		t.Skip("corpus ../shared/corpus/authelia is absent")
	}
	names := make([]string, 0, len(guides))
	for n := range guides {
		names = append(names, n)
	}
	sort.Strings(names)
	done := map[string]int{}
	for _, n := range names {
		for _, s := range guides[n] {
			for _, m := range mutate(s) {
				done[m.wantCode]++
				checkMutation(t, n, s, m)
			}
		}
	}
	t.Logf("mutations by expected code: %v", done)
	for _, code := range []string{"yaml-duplicate-key", "yaml-syntax", "json-duplicate-key", "env-syntax", "ini-syntax"} {
		if done[code] == 0 {
			t.Errorf("no corpus snippet was mutated for %s", code)
		}
	}
}

func checkMutation(t *testing.T, n string, s *snippet.Snippet, m mutation) {
	t.Helper()
	content := slices.Concat(s.File.Content[:m.at], []byte(m.text), s.File.Content[m.at:])
	f, snips := testenv.ScanGuide(s.File.Name, content)
	p := f.Position(m.at + m.wantOff)
	want := fmt.Sprintf("%s:%d:%d %s:", f.Name, p.Line, p.Column, m.wantCode)
	// Findings of the unmutated guide (moved by the insertion) are not the
	// mutation's.
	base := map[string]bool{}
	_, orig := testenv.ScanGuide(s.File.Name, s.File.Content)
	for _, d := range runChecker(orig) {
		base[d.Code+": "+d.Message] = true
	}
	var l diag.List
	for _, d := range runChecker(snips) {
		if !base[d.Code+": "+d.Message] {
			l = append(l, d)
		}
	}
	if len(l) != 1 || !strings.HasPrefix(format(l[0]), want) {
		var got []string
		for _, d := range l {
			got = append(got, format(d))
		}
		t.Errorf("snippet %d of %s: want %s…, got %q", s.Index, n, want, got)
	}
}
