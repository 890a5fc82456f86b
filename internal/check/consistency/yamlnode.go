package consistency

import (
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"gopkg.in/yaml.v3"
)

// parseYAML decodes every document of text (yamlpos.DecodeStream). ok is
// false when any document is malformed or yaml.v3 panicked: syntax errors
// are check/syntax's to report, and a checker that guessed at a broken
// tree would report nonsense.
func parseYAML(text []byte) (docs []*yaml.Node, ok bool) {
	return docRoots(yamlpos.DecodeStream(text))
}

// snippetYAML is parseYAML of s.Text, from the parse every checker shares.
func snippetYAML(s *snippet.Snippet) (docs []*yaml.Node, ok bool) {
	return docRoots(s.ParseYAML())
}

func docRoots(st yamlpos.Stream) ([]*yaml.Node, bool) {
	if !st.OK() {
		return nil, false
	}
	return st.Roots(), true
}

// deref follows an alias (yamlpos.Deref).
func deref(n *yaml.Node) *yaml.Node { return yamlpos.Deref(n) }

// lookup returns the value of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node { return deref(yamlpos.MapValue(n, key)) }

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
	// text is the document of a folded block as written (see
	// foldedBlock); empty for every other buffer.
	text string
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
	return yamlpos.ValueSpanAt(b.s.Text, b.base+b.pos.Offset(n.Line+b.lineOff, n.Column+b.colOff), n)
}

// value returns scalar n as a value.
func (b *yamlBuf) value(n *yaml.Node) value {
	return snippetValue(b.s, b.scalarSpan(n), n.Value)
}
