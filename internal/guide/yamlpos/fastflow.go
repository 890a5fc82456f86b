package yamlpos

import (
	"gopkg.in/yaml.v3"
)

// The fast parser's flow documents: a document that is one flow mapping
// or sequence, as JSON is (configuration files shown in a guide), on any
// number of lines. The subset: mappings of double-quoted keys, sequences,
// double-quoted scalars without escapes or line breaks, and plain words
// (numbers, true, false, null, and any run of letters, digits, '.', '+'
// and '-' that may start a plain scalar), separated by blanks and line
// breaks; no comment, no trailing comma, nothing after the collection
// but blank lines. Anything else goes to yaml.v3.

// flowDoc is a flow parse in progress: the offset and its line.
type flowDoc struct {
	p         *fastParser
	off       int // the next byte
	line      int // its 1-based line
	lineStart int // the offset of that line
	depth     int
}

// flowDocument parses the document whose content starts at the line at
// p.i with '{' or '[', up to the end of the text (or its end marker) or
// the next start marker.
func (p *fastParser) flowDocument() (*yaml.Node, bool) {
	l := p.lines[p.i]
	f := &flowDoc{p: p, off: l.content(), line: l.num, lineStart: l.start}
	n, ok := f.value()
	if !ok || !f.blanks() {
		return nil, false
	}
	// What follows ends the document: the end of the text, or the start of
	// a line that is a start marker.
	for p.i < len(p.lines) && p.lines[p.i].start < f.off {
		if p.lines[p.i].marker {
			return nil, false // a marker inside the collection
		}
		p.i++
	}
	if f.off < p.stop && (p.i == len(p.lines) || !p.lines[p.i].marker || p.lines[p.i].start != f.off) {
		return nil, false
	}
	return n, true
}

// blanks skips spaces and line breaks; it reports false at a comment.
func (f *flowDoc) blanks() bool {
	t := f.p.text
	for f.off < len(t) {
		switch t[f.off] {
		case ' ':
		case '\n':
			f.line++
			f.lineStart = f.off + 1
		case '#':
			return false
		default:
			return true
		}
		f.off++
	}
	return true
}

// node returns a new node of kind k at the current offset.
func (f *flowDoc) node(k yaml.Kind) *yaml.Node {
	return f.p.node(k, fastLine{start: f.lineStart, num: f.line, ascii: f.p.ascii}, f.off)
}

// value parses the value at the current offset.
func (f *flowDoc) value() (*yaml.Node, bool) {
	t := f.p.text
	if f.off >= len(t) {
		return nil, false
	}
	switch t[f.off] {
	case '{', '[':
		return f.collection()
	case '"':
		return f.quoted()
	}
	return f.word()
}

// collection parses the mapping or sequence whose bracket is at the
// current offset.
func (f *flowDoc) collection() (*yaml.Node, bool) {
	if f.depth++; f.depth > maxFastDepth {
		return nil, false
	}
	defer func() { f.depth-- }()
	t := f.p.text
	mapping := t[f.off] == '{'
	n := f.node(yaml.SequenceNode)
	n.Tag, n.Style = "!!seq", yaml.FlowStyle
	closer := byte(']')
	if mapping {
		n.Kind, n.Tag, closer = yaml.MappingNode, "!!map", '}'
	}
	f.off++
	if !f.blanks() || f.off == len(t) {
		return nil, false
	}
	if t[f.off] == closer {
		f.off++
		return n, true
	}
	start := len(f.p.stack)
	for {
		if mapping {
			if t[f.off] != '"' {
				return nil, false
			}
			// An implicit key: on one line with its ':', and short.
			k, ok := f.quoted()
			for ok && f.off < len(t) && t[f.off] == ' ' {
				f.off++
			}
			if !ok || f.off == len(t) || t[f.off] != ':' || len(k.Value) > 1000 {
				return nil, false
			}
			f.off++
			if !f.blanks() {
				return nil, false
			}
			f.p.stack = append(f.p.stack, k)
		}
		v, ok := f.value()
		if !ok || !f.blanks() || f.off == len(t) {
			return nil, false
		}
		f.p.stack = append(f.p.stack, v)
		switch t[f.off] {
		case closer:
			f.off++
			n.Content = f.p.children(start)
			return n, true
		case ',':
			f.off++
			if !f.blanks() || f.off == len(t) || t[f.off] == closer {
				return nil, false // a trailing comma
			}
		default:
			return nil, false
		}
	}
}

// quoted parses the double-quoted scalar at the current offset: no
// escape, no line break.
func (f *flowDoc) quoted() (*yaml.Node, bool) {
	t := f.p.text
	n := f.node(yaml.ScalarNode)
	n.Tag, n.Style = "!!str", yaml.DoubleQuotedStyle
	for i := f.off + 1; i < len(t); i++ {
		switch t[i] {
		case '\\', '\n':
			return nil, false
		case '"':
			n.Value = f.p.sub(f.off+1, i)
			f.off = i + 1
			return n, true
		}
	}
	return nil, false
}

// word parses the plain scalar at the current offset: letters, digits,
// '.', '+' and '-', starting with a letter or digit, or a sign or '.'
// before one or a '.'; ended by a blank, a line break, a comma or a
// closing bracket.
func (f *flowDoc) word() (*yaml.Node, bool) {
	t := f.p.text
	alnum := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' }
	if c := t[f.off]; !alnum(c) && (c != '-' && c != '+' && c != '.' || f.off+1 == len(t) || !alnum(t[f.off+1]) && t[f.off+1] != '.') {
		return nil, false // an indicator, or a sign alone
	}
	i := f.off
	for ; i < len(t); i++ {
		c := t[i]
		if alnum(c) || c == '.' || c == '+' || c == '-' {
			continue
		}
		if c != ' ' && c != '\n' && c != ',' && c != ']' && c != '}' {
			return nil, false
		}
		break
	}
	if i == f.off {
		return nil, false
	}
	n := plain(f.node(yaml.ScalarNode), f.p.sub(f.off, i))
	f.off = i
	return n, true
}
