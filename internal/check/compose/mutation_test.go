package compose

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// A mutation is one realistic mistake injected into a real Compose snippet
// of the corpora: guide bytes [start, end) become text, and the checker
// must report code on the guide line of start.
type mutation struct {
	kind       string
	start, end int
	text       string
	code       string
}

// stringKeys are spec keys whose value is a string (never a list).
var stringKeys = map[string]bool{
	"image": true, "container_name": true, "restart": true, "hostname": true, "user": true,
	"working_dir": true, "pull_policy": true, "platform": true, "network_mode": true, "driver": true,
}

// mutations generates the mistakes for one Compose document of s.
func mutations(sp *spec, s *snippet.Snippet, root *yaml.Node) []mutation {
	g := &generator{sp: sp, s: s, lines: s.Lines(source.YAMLBreaks)}
	g.walk(root, nil)
	return g.out
}

type generator struct {
	sp    *spec
	s     *snippet.Snippet
	lines *source.Lines // s.Text as yaml.v3 numbers its lines
	out   []mutation
}

// span maps the snippet text [start, end) to the guide, when every byte is
// a verbatim copy.
func (g *generator) span(start, end int) (int, int, bool) {
	a, exact, ok := g.s.Map.Resolve(start)
	if !ok || !exact {
		return 0, 0, false
	}
	for i := start + 1; i < end; i++ {
		o, exact, ok := g.s.Map.Resolve(i)
		if !ok || !exact || o != a+i-start {
			return 0, 0, false
		}
	}
	return a, a + end - start, true
}

func (g *generator) add(kind string, start, end int, text, code string) {
	if a, b, ok := g.span(start, end); ok {
		g.out = append(g.out, mutation{kind: kind, start: a, end: b, text: text, code: code})
	}
}

func (g *generator) walk(n *yaml.Node, path []string) {
	if n.Kind == yaml.SequenceNode {
		for i, c := range n.Content {
			g.walk(c, append(slices.Clip(path), fmt.Sprint(i)))
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	vocab := g.sp.vocabulary(path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, spec := slices.BinarySearch(vocab, k.Value); spec && k.Style == 0 {
			g.keyMutations(k, v, vocab)
			if len(path) == 2 && path[0] == "services" {
				g.dedent(k, v)
			}
		}
		g.walk(v, append(slices.Clip(path), k.Value))
	}
}

// keyMutations adds the mistakes a spec key and its value allow.
func (g *generator) keyMutations(k, v *yaml.Node, vocab []string) {
	ks := g.lines.Offset(k.Line, k.Column)
	if typo := misspell(k.Value, vocab); typo != "" {
		g.add("misspelt key", ks, ks+len(k.Value), typo, "compose-unknown-key")
	}
	if v.Kind == yaml.ScalarNode && v.Line > 0 && !strings.Contains(v.Value, "$") {
		vs := g.lines.Offset(v.Line, v.Column)
		ve := nodeSpan(g.s, v).End
		switch {
		case durationKeys[k.Value]:
			g.add("duration as a number", vs, ve, "30", "compose-type")
			g.add("duration without unit", vs, ve, "'30'", "compose-invalid")
		case stringKeys[k.Value]:
			g.add("list for a string", vs, ve, "[a, b]", "compose-type")
		}
	}
	if v.Kind == yaml.SequenceNode && v.Style == 0 {
		if k.Value == "ports" {
			for _, it := range v.Content {
				if it.Kind == yaml.ScalarNode && !strings.Contains(it.Value, "$") {
					is := g.lines.Offset(it.Line, it.Column)
					g.add("bad port", is, nodeSpan(g.s, it).End, "'8080:http'", "compose-invalid")
				}
			}
		}
		switch k.Value {
		case "depends_on", "volumes", "networks", "ports", "dns", "cap_add", "cap_drop":
			g.add("number for a list", g.lines.Offset(k.Line, k.Column), g.lines.Offset(k.Line, k.Column)+len(k.Value), k.Value+": 80\n"+strings.Repeat(" ", k.Column-1)+"x-was", "compose-type")
		}
	}
	if k.Value == "environment" || k.Value == "labels" {
		g.fold(k, v)
		if v.Kind == yaml.MappingNode && len(v.Content) >= 2 {
			if val := v.Content[1]; val.Kind == yaml.ScalarNode && val.Line > 0 && val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
				vs := g.lines.Offset(val.Line, val.Column)
				g.add("list for a "+k.Value+" value", vs, nodeSpan(g.s, val).End, "[a, b]", "compose-type")
			}
		}
	}
}

// dedent moves a service key and its value one level up, where it reads
// as a service of its own.
func (g *generator) dedent(k, v *yaml.Node) {
	first, last := k.Line, lastLine(v)
	if k.Column < 5 {
		return
	}
	var b strings.Builder
	for l := first; l <= last; l++ {
		sp := g.lines.LineSpan(l)
		line := string(g.s.Text[sp.Start:sp.End])
		if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "  ") {
			return
		}
		b.WriteString(strings.TrimPrefix(line, "  ") + "\n")
	}
	g.add("dedented service key", g.lines.Offset(first, 1), g.lines.LineSpan(last).End+1, b.String(), "compose-unknown-key")
}

// lastLine returns the last line n's value occupies.
func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	if n.Kind == yaml.AliasNode {
		return n.Line
	}
	return l
}

// misspell returns a typo of key that is no spec key at its place:
// adjacent letters swapped, else the last letter doubled.
func misspell(key string, vocab []string) string {
	for i := 1; i+1 < len(key); i++ {
		if key[i] == key[i+1] || key[i] == '_' || key[i+1] == '_' {
			continue
		}
		t := key[:i] + string(key[i+1]) + string(key[i]) + key[i+2:]
		if _, found := slices.BinarySearch(vocab, t); !found {
			return t
		}
	}
	t := key + key[len(key)-1:]
	if _, found := slices.BinarySearch(vocab, t); !found {
		return t
	}
	return ""
}

// fold rewrites a block environment or labels (list or mapping form) as
// NAME=value lines without "- ", which YAML folds into one string.
func (g *generator) fold(k, v *yaml.Node) {
	if v.Style != 0 || len(v.Content) == 0 || v.Column <= k.Column {
		return
	}
	first := g.lines.Offset(v.Content[0].Line, 1)
	last := g.lines.LineSpan(v.Content[len(v.Content)-1].Line).End
	var b strings.Builder
	switch v.Kind {
	case yaml.SequenceNode:
		for _, it := range v.Content {
			if it.Kind != yaml.ScalarNode || it.Style != 0 || strings.Contains(it.Value, "#") {
				return
			}
			fmt.Fprintf(&b, "%s%s\n", strings.Repeat(" ", it.Column-1), it.Value)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			key, val := v.Content[i], v.Content[i+1]
			if key.Style != 0 || val.Kind != yaml.ScalarNode || val.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.ContainsAny(val.Value, "#\n") {
				return
			}
			fmt.Fprintf(&b, "%s%s=%s\n", strings.Repeat(" ", key.Column-1), key.Value, val.Value)
		}
	default:
		return
	}
	g.add("folded "+k.Value, first, last+1, b.String(), "compose-type")
}

// TestMutations injects every mistake into every Compose snippet of both
// corpora, one at a time, and requires a finding with the mistake's code on
// its line, and no finding on a line the mistake did not touch: at least
// 95% of them overall.
func TestMutations(t *testing.T) {
	docs, present := corpora(t)
	if len(present) == 0 {
		t.Skip("corpora are absent")
	}
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	total, found := map[string]int{}, map[string]int{}
	var misses []string
	brokenYAML := 0
	for _, name := range sortedKeys(docs) {
		for _, s := range docs[name] {
			if !yamlish(s) {
				continue
			}
			for _, root := range mappingRoots(yamlpos.DecodeStream(s.Text)) {
				if !isCompose(s, root) || len(validate(sp, root)) > 0 {
					continue // only clean documents: the finding must be the mistake's
				}
				for _, m := range mutations(sp, s, root) {
					ok, got, broken := applyMutation(s, m)
					if broken {
						brokenYAML++ // yaml-syntax reports it, not this checker
						continue
					}
					total[m.kind]++
					if ok {
						found[m.kind]++
					} else if len(misses) < 40 {
						misses = append(misses, fmt.Sprintf("%s snippet %d: %s %q→%q: got %v", name, s.Index, m.kind, s.File.Content[m.start:m.end], m.text, got))
					}
				}
			}
		}
	}
	sum, hit := 0, 0
	for k, n := range total {
		sum += n
		hit += found[k]
		t.Logf("%-24s %4d/%4d", k, found[k], n)
	}
	t.Logf("mutations that break the YAML itself (left to yaml-syntax): %d", brokenYAML)
	for _, m := range misses {
		t.Log("missed: " + m)
	}
	if sum < 500 {
		t.Errorf("only %d mutations generated, want at least 500", sum)
	}
	if rate := float64(hit) / float64(max(sum, 1)); rate < 0.95 {
		t.Errorf("found %d of %d mutations (%.1f%%), want ≥ 95%%", hit, sum, 100*rate)
	} else {
		t.Logf("found %d of %d mutations (%.1f%%)", hit, sum, 100*rate)
	}
}

// applyMutation checks one mutation: the guide is rescanned with the
// mistake, and the mutated snippet must yield a finding with the code on
// the mistake's first line and none outside the lines it touched.
func applyMutation(s *snippet.Snippet, m mutation) (ok bool, got []string, broken bool) {
	c := s.File.Content
	content := slices.Concat(c[:m.start], []byte(m.text), c[m.end:])
	f, snips := testenv.ScanGuide(s.File.Name, content)
	if s.Index >= len(snips) {
		return false, nil, false
	}
	if _, err := decodeAll(snips[s.Index].Text); err != nil {
		return false, nil, true
	}
	line := f.Position(m.start).Line
	last := f.Position(m.start + len(m.text)).Line
	stray := false
	for _, d := range runChecker(snips[s.Index : s.Index+1]) {
		l := d.Start().Line
		got = append(got, fmt.Sprintf("%d:%s", l, d.Code))
		switch {
		case l == line && d.Code == m.code:
			ok = true
		case l < line || l > last:
			stray = true
		}
	}
	return ok && !stray, got, false
}

// decodeAll parses every document of text, for the syntax verdict.
func decodeAll(text []byte) (int, error) {
	st := yamlpos.DecodeStream(text)
	return len(st.Docs), st.Error()
}
