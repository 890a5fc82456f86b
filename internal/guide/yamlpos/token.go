package yamlpos

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
)

// Text locates the nodes of a YAML text that was parsed on its own, such as
// a snippet's text (Doc locates those of a span of a file). yaml.v3 gives
// only where a node starts, as a line numbered by its own breaks (NEL, LS
// and PS as well as LF and CR: source.YAMLBreaks) and a column in
// characters; Text converts it through a line table built once, rather than
// by rescanning the text from the top for every node, and finds where the
// node's token ends.
type Text struct {
	text  []byte
	lines *source.Lines
}

// NewText indexes text for locating its nodes.
func NewText(text []byte) *Text {
	return &Text{text: text, lines: source.NewLines(text, source.YAMLBreaks)}
}

// Bytes returns the text.
func (t *Text) Bytes() []byte { return t.text }

// Lines returns the line table, under yaml.v3's convention.
func (t *Text) Lines() *source.Lines { return t.lines }

// Offset converts a 1-based line and character column of the text to a
// byte offset, clamped to the text and to the line.
func (t *Text) Offset(line, col int) int {
	return t.lines.Offset(max(line, 1), col)
}

// LineEnd returns where the line holding off ends (the start of its line
// break, or the end of text).
func (t *Text) LineEnd(off int) int {
	end, _ := source.YAMLBreaks.LineAt(t.text, off)
	return end
}

// TokenSpan returns the span of the token that n starts: a key, a scalar
// with its quotes, an alias, a flow collection to its closing bracket, or
// the first line of a block collection or block scalar. A node's anchor or
// tag is not part of it. The zero Span for a node without a position.
func (t *Text) TokenSpan(n *yaml.Node) source.Span {
	if n == nil || n.Line <= 0 {
		return source.Span{}
	}
	text := t.text
	start := skipProperties(text, t.Offset(n.Line, n.Column))
	end := start
	switch {
	case n.Kind == yaml.AliasNode:
		end = scanPlain(text, start)
	case n.Kind == yaml.ScalarNode && n.Style&yaml.DoubleQuotedStyle != 0:
		end = scanQuoted(text, start, '"')
	case n.Kind == yaml.ScalarNode && n.Style&yaml.SingleQuotedStyle != 0:
		end = scanQuoted(text, start, '\'')
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end = t.LineEnd(start)
	case n.Kind == yaml.ScalarNode:
		if bytes.HasPrefix(text[start:], []byte(n.Value)) && n.Value != "" {
			end = start + len(n.Value)
		} else {
			end = scanPlain(text, start)
		}
	case n.Style&yaml.FlowStyle != 0:
		end = scanFlow(text, start)
	default:
		end = t.LineEnd(start)
	}
	return source.Span{Start: start, End: trimBlanks(text, start, end)}
}

// ValueSpan returns the span of the characters of scalar n's value: inside
// the quotes of a quoted scalar, the token of a plain one, when the text
// holds the value verbatim there (no escape, no folded line); else the
// token's first character only, so that a finding about the value still
// points at it.
func (t *Text) ValueSpan(n *yaml.Node) source.Span {
	if n == nil || n.Line <= 0 {
		return source.Span{}
	}
	return ValueSpanAt(t.text, t.Offset(n.Line, n.Column), n)
}

// ValueSpanAt is ValueSpan for scalar n whose token starts at off in text:
// for a text whose lines are not the parsed text's own (a document held in
// a block scalar, whose lines are shifted by the block's indentation).
func ValueSpanAt(text []byte, off int, n *yaml.Node) source.Span {
	off = min(max(off, 0), len(text))
	raw := text[off:]
	switch {
	case n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 && len(raw) > 0:
		if bytes.HasPrefix(raw[1:], []byte(n.Value)) && !strings.ContainsAny(n.Value, "\r\n") {
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
// at off, or the end of its line when off holds no quote.
func scanQuoted(text []byte, off int, q byte) int {
	if off >= len(text) || text[off] != q {
		end, _ := source.YAMLBreaks.LineAt(text, off)
		return end
	}
	return quotedEnd(text, off, q)
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
	end, _ := source.YAMLBreaks.LineAt(text, off)
	return end
}

// isBreak reports whether a YAML line break starts at text[i].
func isBreak(text []byte, i int) bool { return source.YAMLBreaks.BreakAt(text, i) > 0 }

// trimBlanks returns end moved back over blanks and '\r' down to start.
func trimBlanks(text []byte, start, end int) int {
	for end > start && (text[end-1] == ' ' || text[end-1] == '\t' || text[end-1] == '\r') {
		end--
	}
	return end
}
