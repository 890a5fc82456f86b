package authelia

import (
	"bytes"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// maxDocuments bounds how many YAML documents of one snippet are read.
const maxDocuments = 64

// parseDocuments decodes every YAML document of text into nodes (the
// first maxDocuments), by yamlpos.DecodeStream. It returns false when any
// document before them fails to parse, or yaml.v3 panicked: syntax errors
// are the syntax checker's business, and a half-parsed configuration would
// only produce misleading findings.
func parseDocuments(text []byte) (docs []*yaml.Node, ok bool) {
	return firstDocuments(yamlpos.DecodeStream(text))
}

// firstDocuments is the first maxDocuments documents of st, which parse
// when they come before any error or panic.
func firstDocuments(st yamlpos.Stream) ([]*yaml.Node, bool) {
	if len(st.Docs) >= maxDocuments {
		return st.Docs[:maxDocuments:maxDocuments], true
	}
	if !st.OK() {
		return nil, false
	}
	return st.Docs, true
}

// sharedDocuments is parseDocuments of s.Text, from the snippet's parse
// that the other checkers share.
func sharedDocuments(s *snippet.Snippet) (docs []*yaml.Node, ok bool) {
	return firstDocuments(s.ParseYAML())
}

// resolve follows aliases to the node they name (nil for a dangling or too
// deep chain) and unwraps a document node.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < 16; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
		default:
			return n
		}
	}
	return nil
}

// isNull reports whether n is absent or an explicit null (`key:` or `~`),
// which Authelia treats as "not configured".
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// pair is one key and its value in a mapping.
type pair struct {
	key, value *yaml.Node
}

// pairs returns the entries of mapping m in order, with merge keys (<<)
// replaced by the entries they merge; keys written in m win over merged
// ones, as YAML specifies. It returns nil when m is not a mapping.
func pairs(m *yaml.Node) []pair {
	return appendPairs(nil, resolve(m), 0)
}

func appendPairs(out []pair, m *yaml.Node, depth int) []pair {
	if m == nil || m.Kind != yaml.MappingNode || depth > 4 {
		return out
	}
	start := len(out)
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		out = append(out, pair{k, v})
	}
	for _, v := range merges {
		v = resolve(v)
		if v != nil && v.Kind == yaml.SequenceNode {
			for _, item := range v.Content {
				out = appendMerged(out, start, resolve(item), depth)
			}
			continue
		}
		out = appendMerged(out, start, v, depth)
	}
	return out
}

// appendMerged adds the entries of merged that out[start:] does not have yet.
// The keys present are kept in a set: looking each merged key up in the
// entries before it cost the square of a large merged mapping.
func appendMerged(out []pair, start int, merged *yaml.Node, depth int) []pair {
	have := make(map[string]bool, len(out)-start)
	for _, p := range out[start:] {
		have[p.key.Value] = true
	}
	for _, p := range appendPairs(nil, merged, depth+1) {
		if !have[p.key.Value] {
			have[p.key.Value] = true
			out = append(out, p)
		}
	}
	return out
}

func hasKey(ps []pair, key string) bool {
	for _, p := range ps {
		if p.key.Value == key {
			return true
		}
	}
	return false
}

// lookup returns the value of key in mapping m. The keys written in m come
// first in pairs, so they are searched in place, without building the
// entries; only a mapping with merge keys and without the key of its own
// needs pairs.
func lookup(m *yaml.Node, key string) (pair, bool) {
	r := resolve(m)
	if r == nil || r.Kind != yaml.MappingNode {
		return pair{}, false
	}
	merges := false
	for i := 0; i+1 < len(r.Content); i += 2 {
		k := r.Content[i]
		if k.Tag == "!!merge" {
			merges = true
			continue
		}
		if k.Value == key {
			return pair{k, r.Content[i+1]}, true
		}
	}
	if !merges {
		return pair{}, false
	}
	for _, p := range pairs(r) {
		if p.key.Value == key {
			return p, true
		}
	}
	return pair{}, false
}

// lookupPath follows keys from mapping m.
func lookupPath(m *yaml.Node, keys ...string) (pair, bool) {
	var p pair
	for _, k := range keys {
		var ok bool
		if p, ok = lookup(m, k); !ok {
			return pair{}, false
		}
		m = p.value
	}
	return p, len(keys) > 0
}

// items returns the entries of sequence n, or nil.
func items(n *yaml.Node) []*yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

// scalar returns the value of scalar n and whether n is a non-null scalar.
func scalar(n *yaml.Node) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

// scalarList returns the scalars of a list, or the one scalar when single is
// set and n is a scalar (redirect_uris may be a single string).
func scalarList(n *yaml.Node, single bool) []*yaml.Node {
	r := resolve(n)
	if r == nil {
		return nil
	}
	if r.Kind == yaml.ScalarNode && single && r.Tag != "!!null" {
		return []*yaml.Node{n}
	}
	var out []*yaml.Node
	for _, it := range items(r) {
		if _, ok := scalar(it); ok {
			out = append(out, it)
		}
	}
	return out
}

// textLines locates the nodes of a snippet's text (yamlpos.Text), once
// per snippet rather than by rescanning the text from the top for every
// node.
type textLines struct {
	s     *snippet.Snippet
	t     *yamlpos.Text
	lines *source.Lines // yaml.v3's lines (source.YAMLBreaks)
}

func newTextLines(s *snippet.Snippet) *textLines {
	t := yamlpos.NewText(s.Text)
	return &textLines{s: s, t: t, lines: t.Lines()}
}

// offset converts a 1-based line and rune column of the text to an offset,
// clamped to the text and to the line.
func (t *textLines) offset(line, col int) int { return t.t.Offset(line, col) }

// guideSpan returns the guide span of the token that n starts.
func (t *textLines) guideSpan(n *yaml.Node) source.Span {
	return t.s.GuideSpan(t.tokenSpan(n))
}

// tokenSpan returns the span in the text of the token that n starts (see
// yamlpos.Text.TokenSpan).
func (t *textLines) tokenSpan(n *yaml.Node) source.Span { return t.t.TokenSpan(n) }

// templateMask replaces the Go template actions of a snippet ({{ secret
// "/path" }}) when its text does not parse as YAML without them: Authelia's
// template filter expands them before it parses the file, so a guide may
// write them where YAML alone would not allow (unquoted, or with quotes
// inside a quoted value). The mask has the action's length, so positions do
// not move, and values holding it are treated as templated.
const templateMask = "T3mPl4tE"

// maskTemplates returns text with every {{ … }} action on one line
// replaced by the mask (padded with '_' or cut to the action's length),
// and whether any was replaced.
func maskTemplates(text []byte) ([]byte, bool) {
	out, masked := text, false
	for i := 0; i+1 < len(out); i++ {
		// Jump to the next "{{": most snippets have none.
		next := bytes.Index(out[i:], []byte("{{"))
		if next < 0 {
			break
		}
		i += next
		lineEnd := len(out)
		if nl := bytes.IndexByte(out[i:], '\n'); nl >= 0 {
			lineEnd = i + nl
		}
		end := bytes.Index(out[i:lineEnd], []byte("}}"))
		if end < 0 {
			// No action closes on this line, so no later "{{" of the
			// line can close either: skip it (linear time on any input).
			i = lineEnd
			continue
		}
		if !masked {
			out, masked = bytes.Clone(text), true
		}
		n := end + 2
		for j := 0; j < n; j++ {
			c := byte('_')
			if j < len(templateMask) {
				c = templateMask[j]
			}
			out[i+j] = c
		}
		i += n - 1
	}
	return out, masked
}

// maskElisions turns the lines of text that are only "..." or "…" (and
// not at the start of a line, where "..." ends a YAML document) into
// comments of the same length: guides write them for "the rest of the
// configuration", which is an excerpt, not an error.
func maskElisions(text []byte) ([]byte, bool) {
	// Only a line holding "..." or "…" can be one: the lines are found
	// from those, each pattern searched once from left to right, not by
	// reading every line of every snippet.
	out, masked := text, false
	dots, ell := -2, -2 // the next "..." and "…" at or after start; -1: none left, -2: not searched yet
	for start := 0; start < len(text); {
		if dots != -1 && dots < start {
			dots = nextIndex(text, start, "...")
		}
		if ell != -1 && ell < start {
			ell = nextIndex(text, start, "…")
		}
		next := dots
		if next < 0 || ell >= 0 && ell < next {
			next = ell
		}
		if next < 0 {
			break
		}
		// start begins a line, so the line holding next begins at or after it.
		ls := bytes.LastIndexByte(text[start:next], '\n') + 1 + start
		le := len(text)
		if nl := bytes.IndexByte(text[next:], '\n'); nl >= 0 {
			le = next + nl
		}
		line := text[ls:le]
		// The first byte that is not a blank starts the text: it is where
		// the first rune that is not one starts, without decoding runes.
		indent := 0
		for indent < len(line) && (line[indent] == ' ' || line[indent] == '\t') {
			indent++
		}
		if indent > 0 && indent < len(line) && isElision(bytes.TrimSpace(line[indent:])) {
			if !masked {
				out, masked = bytes.Clone(text), true
			}
			copy(out[ls+indent:le], "#..")
		}
		start = le + 1
	}
	return out, masked
}

// nextIndex returns the offset of the first pat in text at or after from,
// or -1.
func nextIndex(text []byte, from int, pat string) int {
	if i := bytes.Index(text[from:], []byte(pat)); i >= 0 {
		return from + i
	}
	return -1
}

// isElision reports whether a trimmed line is an ellipsis, "..." or "…".
func isElision(trimmed []byte) bool {
	return string(trimmed) == "..." || string(trimmed) == "…"
}
