package consistency

import (
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"gopkg.in/yaml.v3"
)

// parseYAML decodes every document of text. ok is false when any document
// is malformed: syntax errors are check/syntax's to report, and a checker
// that guessed at a broken tree would report nonsense.
func parseYAML(text []byte) (docs []*yaml.Node, ok bool) {
	dec := yaml.NewDecoder(bytes.NewReader(text))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, true
		}
		if err != nil {
			return nil, false
		}
		if root := docRoot(&n); root != nil {
			docs = append(docs, root)
		}
	}
}

// snippetYAML is parseYAML of s.Text, read from the parse of it that the
// checkers share (snippet.Snippet.ParseYAML): a snippet is parsed once per
// run, not again here. The nodes are shared: they are only read.
func snippetYAML(s *snippet.Snippet) (docs []*yaml.Node, ok bool) {
	all, err := s.YAML()
	if err != nil {
		return nil, false
	}
	for _, n := range all {
		if root := docRoot(n); root != nil {
			docs = append(docs, root)
		}
	}
	return docs, true
}

// docRoot returns the content of a document node.
func docRoot(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return n.Content[0]
	}
	return nil
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// lookup returns the value of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return deref(n.Content[i+1])
		}
	}
	return nil
}

// dig follows keys from n.
func dig(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if n = lookup(n, k); n == nil {
			return nil
		}
	}
	return n
}

// yamlBuf is the text a YAML tree was parsed from: a snippet's Text, or a
// JSON value held in a string of it, which starts at base in Text. Node
// positions are converted through pos, built once, since converting each
// by scanning from the top cost the square of the text's length.
type yamlBuf struct {
	s    *snippet.Snippet
	base int
	pos  *source.Lines // yaml.v3's lines (source.YAMLBreaks: NEL, LS and PS too)
	// For a document held in a literal block scalar (see block): its
	// line L, column C is line L+lineOff, column C+colOff of pos; nesting
	// counts the blocks around it.
	lineOff, colOff, nesting int
}

// newYAMLBuf returns the buffer of Text[base:base+n] of s.
func newYAMLBuf(s *snippet.Snippet, base, n int) *yamlBuf {
	return &yamlBuf{s: s, base: base, pos: source.NewLines(s.Text[base:base+n], source.YAMLBreaks)}
}

// scalarSpan returns the span in the snippet's Text of scalar n's value:
// the characters between the quotes for a quoted scalar whose raw text
// equals its value, else the token's first character only, so that a
// diagnostic still points at it.
func (b *yamlBuf) scalarSpan(n *yaml.Node) source.Span {
	text := b.s.Text
	off := b.base + b.pos.Offset(n.Line+b.lineOff, n.Column+b.colOff)
	raw := text[off:]
	switch {
	case n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 && len(raw) > 0:
		if bytes.HasPrefix(raw[1:], []byte(n.Value)) && !containsLineBreak(n.Value) {
			return source.Span{Start: off + 1, End: off + 1 + len(n.Value)}
		}
	case bytes.HasPrefix(raw, []byte(n.Value)) && n.Value != "":
		return source.Span{Start: off, End: off + len(n.Value)}
	}
	end := off
	if end < len(text) {
		end++
	}
	return source.Span{Start: off, End: end}
}

func containsLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n") }

// value returns scalar n as a value.
func (b *yamlBuf) value(n *yaml.Node) value {
	return snippetValue(b.s, b.scalarSpan(n), n.Value)
}
