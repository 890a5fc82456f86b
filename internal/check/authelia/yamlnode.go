package authelia

import (
	"bytes"
	"errors"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// maxDocuments bounds how many YAML documents of one snippet are read.
const maxDocuments = 64

// parseDocuments decodes every YAML document of text into nodes. It returns
// false when any document fails to parse: syntax errors are the syntax
// checker's business, and a half-parsed configuration would only produce
// misleading findings. yaml.v3 has panicked on hostile input in the past; a
// panic is turned into "does not parse" so that bad input never crashes a
// build.
func parseDocuments(text []byte) (docs []*yaml.Node, ok bool) {
	defer func() {
		if recover() != nil {
			docs, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for len(docs) < maxDocuments {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		docs = append(docs, &n)
	}
	return docs, true
}

// sharedDocuments is parseDocuments of s.Text, from the snippet's parse:
// the first maxDocuments documents, which parse when they come before any
// error or panic.
func sharedDocuments(s *snippet.Snippet) (docs []*yaml.Node, ok bool) {
	p := s.ParseYAML()
	if len(p.Docs) >= maxDocuments {
		return p.Docs[:maxDocuments:maxDocuments], true
	}
	if p.Err != nil || p.Panicked {
		return nil, false
	}
	return p.Docs, true
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

// lookup returns the value of key in mapping m.
func lookup(m *yaml.Node, key string) (pair, bool) {
	for _, p := range pairs(m) {
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

// textLines indexes the lines of a snippet's text as yaml.v3 numbers them:
// it ends lines at NEL, LS and PS as well as LF and CR (source.YAMLBreaks),
// so node positions are mapped under that convention, once per snippet
// rather than by rescanning the text from the top for every node.
type textLines struct {
	s     *snippet.Snippet
	lines *source.Lines
}

func newTextLines(s *snippet.Snippet) *textLines {
	return &textLines{s: s, lines: s.Lines(source.YAMLBreaks)}
}

// offset converts a 1-based line and rune column of the text to an offset,
// clamped to the text and to the line.
func (t *textLines) offset(line, col int) int {
	return t.lines.Offset(max(line, 1), col)
}

// guideSpan returns the guide span of the token that n starts.
func (t *textLines) guideSpan(n *yaml.Node) source.Span {
	return t.s.GuideSpan(t.tokenSpan(n))
}

// tokenSpan returns the span in the text of the token that n starts: a key,
// a scalar with its quotes, an alias, or the first line of a collection.
// yaml.v3 gives only where a node starts, so the end is found by scanning.
func (t *textLines) tokenSpan(n *yaml.Node) source.Span {
	if n == nil || n.Line <= 0 {
		return source.Span{}
	}
	text := t.s.Text
	start := t.offset(n.Line, n.Column)
	start = skipProperties(text, start)
	end := start
	switch {
	case n.Kind == yaml.AliasNode:
		end = scanPlain(text, start)
	case n.Kind == yaml.ScalarNode && n.Style&yaml.DoubleQuotedStyle != 0:
		end = scanQuoted(text, start, '"')
	case n.Kind == yaml.ScalarNode && n.Style&yaml.SingleQuotedStyle != 0:
		end = scanQuoted(text, start, '\'')
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end = lineEnd(text, start)
	case n.Kind == yaml.ScalarNode:
		if bytes.HasPrefix(text[start:], []byte(n.Value)) && n.Value != "" {
			end = start + len(n.Value)
		} else {
			end = scanPlain(text, start)
		}
	case n.Style&yaml.FlowStyle != 0:
		end = scanFlow(text, start)
	default:
		end = lineEnd(text, start)
	}
	return source.Span{Start: start, End: trimRight(text, start, end)}
}

// skipProperties skips an anchor (&a) or tag (!!str) and the blanks after it,
// which yaml.v3 includes in a node's position.
func skipProperties(text []byte, off int) int {
	for i := 0; i < 2 && off < len(text) && (text[off] == '&' || text[off] == '!'); i++ {
		for off < len(text) && text[off] != ' ' && !isBreak(text, off) {
			off++
		}
		for off < len(text) && text[off] == ' ' {
			off++
		}
	}
	return off
}

// scanQuoted returns the offset after the closing quote of the quoted scalar
// at off; a doubled quote escapes one in single-quoted scalars, and \ escapes in
// double-quoted ones.
func scanQuoted(text []byte, off int, q byte) int {
	if off >= len(text) || text[off] != q {
		return lineEnd(text, off)
	}
	for i := off + 1; i < len(text); i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case text[i] == q && q == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i++
		case text[i] == q:
			return i + 1
		}
	}
	return len(text)
}

// scanPlain returns the end of the plain scalar at off: the end of the line,
// a comment, a flow indicator or a ": " mapping indicator.
func scanPlain(text []byte, off int) int {
	i := off
	for ; i < len(text); i++ {
		c := text[i]
		if c == ',' || c == ']' || c == '}' || isBreak(text, i) {
			break
		}
		if (c == '#' || c == ':') && i > off {
			if c == '#' && text[i-1] == ' ' {
				break
			}
			if c == ':' && (i+1 == len(text) || text[i+1] == ' ' || isBreak(text, i+1)) {
				break
			}
		}
	}
	return i
}

// scanFlow returns the offset after the bracket closing the flow collection
// at off, or the end of the line when it spans lines in an unusual way.
func scanFlow(text []byte, off int) int {
	depth := 0
	for i := off; i < len(text); i++ {
		switch text[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\'', '"':
			i = scanQuoted(text, i, text[i]) - 1
		}
	}
	return lineEnd(text, off)
}

// lineEnd returns where the YAML line holding off ends (the start of its
// line break, or the end of text).
func lineEnd(text []byte, off int) int {
	end, _ := source.YAMLBreaks.LineAt(text, off)
	return end
}

// isBreak reports whether a YAML line break starts at text[i].
func isBreak(text []byte, i int) bool { return source.YAMLBreaks.BreakAt(text, i) > 0 }

func trimRight(text []byte, start, end int) int {
	for end > start && (text[end-1] == ' ' || text[end-1] == '\t' || text[end-1] == '\r') {
		end--
	}
	return end
}

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
		if out[i] != '{' || out[i+1] != '{' {
			continue
		}
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
	out, masked := text, false
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out) - start
		}
		line := out[start : start+end]
		trimmed := bytes.TrimSpace(line)
		indent := bytes.IndexFunc(line, func(r rune) bool { return r != ' ' && r != '\t' })
		if indent > 0 && (string(trimmed) == "..." || string(trimmed) == "…") {
			if !masked {
				out, masked = bytes.Clone(text), true
				line = out[start : start+end]
			}
			copy(line[indent:], "#..")
		}
		start += end + 1
	}
	return out, masked
}
