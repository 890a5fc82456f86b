package consistency

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
)

// checkEmptiedKeys reports a key of an application's YAML left without a
// value (nothing after its colon) whose next line is a sibling key at its
// own indentation: the shape a child's lost indentation leaves (security:
// then oidc: at the same column, where oidc belonged under security), and
// the shape of a first child indented one level too deep (its siblings
// then read as the key's: oidc: then issuer: under it, both at one
// column). A program's settings take a value or children; a null is
// written as null or ~ when meant. Keys whose names the writer chooses
// (Compose volumes and networks: data: with nothing after it) and
// mappings with two or more such keys (a set of names, as YAML writes
// one) are left alone, as is Authelia's configuration, which its schema
// checks (the model reads only the application's snippets). A warning: a
// program may read an empty key as its default.
//
// The same walk reports a block indented twice the file's step under its
// key (skippedIndent, consistency-indent-skipped), after the empty keys:
// a first child indented too deep is both, and the empty key says more.
func checkEmptiedKeys(m *model, r *reporter) {
	var app []bool // the snippets the model read as the application's
	for i, s := range r.p.Snippets {
		if s == nil || !bytes.Contains(s.Text, []byte(":\n")) || !yamlSnippet(s) || r.p.Broken(s) {
			continue
		}
		if app == nil {
			app = appSnippets(m, len(r.p.Snippets))
		}
		if !app[i] {
			continue
		}
		docs, ok := snippetYAML(s)
		if !ok {
			continue
		}
		var lines [][]byte
		var b *yamlBuf
		for _, d := range docs {
			walkEmptied(deref(d), nil, func(k, next *yaml.Node, parents []string) {
				if lines == nil {
					lines = bytes.Split(s.Text, []byte("\n"))
					b = newYAMLBuf(s, 0, len(s.Text))
				}
				// Only blank and comment lines between the two keys: the
				// next line of the file is the sibling.
				for l := k.Line; l < next.Line-1 && l < len(lines); l++ {
					if t := bytes.TrimSpace(lines[l]); len(t) > 0 && t[0] != '#' {
						return
					}
				}
				at := b.value(k)
				if at.Text != k.Value || r.seen[at.Span] {
					return
				}
				// A finding on the rest of the key's line (an empty client
				// secret, consistency-secret) already says what is wrong
				// with its missing value.
				rest := at.Span
				if c := r.p.File.Content; rest.End <= len(c) {
					if e := bytes.IndexByte(c[rest.End:], '\n'); e >= 0 {
						rest.End += e
					} else {
						rest.End = len(c)
					}
				}
				if r.p.Reported(rest) {
					return
				}
				for sp := range r.seen {
					if sp.Start >= rest.Start && sp.Start <= rest.End {
						return
					}
				}
				nv := b.value(next)
				line := bytes.Count(r.p.File.Content[:min(max(nv.Span.Start, 0), len(r.p.File.Content))], []byte("\n")) + 1
				place := "the top level"
				if len(parents) > 0 {
					place = strings.Join(parents, ".")
				}
				r.report(at, diag.Warning, "consistency-key-emptied",
					fmt.Sprintf("indent '%s' (line %d) and what belongs with it under '%s', or give '%s' its value", next.Value, line, k.Value, k.Value),
					fmt.Sprintf("'%s' in %s has no value and the key on the next line, '%s', sits beside it at %s: a child that lost its indentation, or a first child indented too deep, leaves '%s' empty", k.Value, where(s), next.Value, place, k.Value))
			})
		}
		if bytes.Contains(s.Text, []byte("\n ")) {
			if lines == nil {
				lines = bytes.Split(s.Text, []byte("\n"))
			}
			if b == nil {
				b = newYAMLBuf(s, 0, len(s.Text))
			}
			for _, d := range docs {
				walkFolded(d, 0, lines, func(n *yaml.Node, item string) {
					at := b.value(n)
					if r.seen[at.Span] || r.p.Reported(at.Span) {
						return
					}
					r.report(at, diag.Warning, "consistency-item-folded",
						fmt.Sprintf("put '- %s' back at the indentation of the list it belongs to (under its key), on its own line", item),
						fmt.Sprintf("the value '%s' in %s runs over the next line '- %s': YAML folds a line indented deeper than a plain value into it, so that list item is text of this value, not an item", n.Value, where(s), item))
				})
			}
		}
		if k, first, step := skippedIndent(docs); k != nil {
			if b == nil {
				b = newYAMLBuf(s, 0, len(s.Text))
			}
			at := b.value(first)
			if at.Text == first.Value && !r.seen[at.Span] && !r.p.Reported(at.Span) {
				r.report(at, diag.Warning, "consistency-indent-skipped",
					fmt.Sprintf("restore the key that held '%s' and its siblings (between '%s' and them), or take %d columns off their indentation if they are '%s''s", first.Value, k.Value, first.Column-k.Column-step, k.Value),
					fmt.Sprintf("'%s' is indented %d under '%s' where every other block of %s is indented %d: the line of a key between them is missing, so '%s' and its siblings now configure '%s'", first.Value, first.Column-k.Column, k.Value, where(s), step, first.Value, k.Value))
			}
		}
	}
}

// skippedIndent finds the one block mapping of docs indented twice as
// deep under its key as every other block (first is its first key, k the
// key it is under, step the indentation of the others): the shape a
// deleted parent key leaves (appConfig: then enableOidc: four columns in,
// where auth: was between them). A file indents its blocks by one step;
// a file that uses two steps everywhere, or mixes steps, or indents by
// a single column, is left alone,
// as is one with no other block to tell its step (the guides' files all
// indent by one step, checked on the corpus).
func skippedIndent(docs []*yaml.Node) (k, first *yaml.Node, step int) {
	type block struct {
		k, first *yaml.Node
		d        int
		// whole says the block holds two keys or more, or a first key
		// with children of its own: a block a parent held. One key
		// indented deeper alone reads as the same tree (yaml.v3 takes
		// any indentation for a first key), no mistake of its own.
		whole bool
	}
	var blocks []block
	var walk func(m *yaml.Node, depth int)
	walk = func(m *yaml.Node, depth int) {
		// An alias is laid out where its anchor is: following it would
		// read that text again, as often as the document names it (a
		// chain of anchors naming anchors is exponential).
		if m == nil || m.Kind == yaml.AliasNode || depth > 64 {
			return
		}
		for i, c := range m.Content {
			if m.Kind == yaml.MappingNode && i%2 == 1 && m.Style&yaml.FlowStyle == 0 {
				kn, v := m.Content[i-1], c
				if v != nil && v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 && v.Content[0].Line > kn.Line {
					fv := v.Content[1]
					whole := len(v.Content) >= 4 || fv != nil && fv.Kind == yaml.MappingNode && fv.Style&yaml.FlowStyle == 0 && len(fv.Content) > 0
					blocks = append(blocks, block{kn, v.Content[0], v.Content[0].Column - kn.Column, whole})
				}
			}
			walk(c, depth+1)
		}
	}
	for _, d := range docs {
		walk(d, 0)
	}
	if len(blocks) < 2 {
		return nil, nil, 0
	}
	small := blocks[0].d
	for _, b := range blocks {
		small = min(small, b.d)
	}
	deep := -1
	for i, b := range blocks {
		switch {
		case b.d == small:
		case b.d == 2*small && deep == -1:
			deep = i
		default:
			return nil, nil, 0
		}
	}
	if deep < 0 || small < 2 || !blocks[deep].whole {
		return nil, nil, 0
	}
	return blocks[deep].k, blocks[deep].first, small
}

// walkFolded calls found for each plain scalar of n whose next line, a
// list item ("- B"), YAML folded into it ("A - B"): a list item indented
// deeper than the value above it, or the items of a deleted key, read as
// more words of that value. item is the folded line without its dash.
func walkFolded(n *yaml.Node, depth int, lines [][]byte, found func(n *yaml.Node, item string)) {
	if n == nil || depth > 64 {
		return
	}
	if n.Kind == yaml.ScalarNode {
		if n.Style != 0 || n.Line < 1 || n.Line >= len(lines) || !strings.Contains(n.Value, " - ") {
			return
		}
		next := bytes.TrimSpace(lines[n.Line])
		if !bytes.HasPrefix(next, []byte("- ")) || !strings.Contains(n.Value, " "+string(next)) {
			return
		}
		found(n, string(bytes.TrimSpace(next[2:])))
		return
	}
	for _, c := range n.Content {
		walkFolded(c, depth+1, lines, found)
	}
}

// appSnippets marks the snippets (by their place in the pass) some key of the model came
// from: the application's, never Authelia's configuration, which the
// model reads as the provider's.
func appSnippets(m *model, n int) []bool {
	app := make([]bool, n)
	for i := range len(m.app) + len(m.listKeys) + len(m.mapKeys) {
		if g := m.keyAt(i).Group; g >= 0 && g < n {
			app[g] = true
		}
	}
	return app
}

// walkEmptied calls found for each key of the block mappings under n
// (parents are the keys above it) that checkEmptiedKeys reports: the one
// empty key of its mapping, followed by a sibling. parents is a stack the
// walk reuses: found must not keep it.
func walkEmptied(n *yaml.Node, parents []string, found func(k, next *yaml.Node, parents []string)) {
	// An alias is laid out where its anchor is (see the walk of
	// skippedIndent): it is not followed.
	if n == nil || n.Kind == yaml.AliasNode || len(parents) > 64 {
		return
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range n.Content {
			walkEmptied(c, parents, found)
		}
	case yaml.MappingNode:
		empty := -1
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" {
				if empty == -1 {
					empty = i
				} else {
					empty = -2
				}
			}
		}
		if empty >= 0 && empty+2 < len(n.Content) && n.Style&yaml.FlowStyle == 0 {
			k, next := n.Content[empty], n.Content[empty+2]
			if k.Kind == yaml.ScalarNode && next.Kind == yaml.ScalarNode && next.Line > k.Line && next.Column == k.Column && k.Value != "" && k.Value != "<<" &&
				!namedByWriter(normalizeKey(strings.Join(parents, ""))) {
				found(k, next, parents)
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; v.Kind == yaml.ScalarNode {
				continue
			}
			walkEmptied(n.Content[i+1], append(parents, n.Content[i].Value), found)
		}
	}
}

// yamlSnippet reports whether s is YAML by its language, or by its title
// when its language names no format.
func yamlSnippet(s *snippet.Snippet) bool {
	switch s.LangFormat() {
	case snippet.YAML:
		return true
	case snippet.None, snippet.Text:
		return s.TitleFormat() == snippet.YAML
	}
	return false
}
