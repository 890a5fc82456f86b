package guide

import (
	"bytes"
	"errors"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/format/tomlsize"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/source"
)

// parseTOML parses TOML front matter into the same yaml.Node tree YAML
// front matter gives, so one decoder serves both and positions survive.
//
// go-toml's decoder validates the document first (it reports redefined
// tables and keys with a typed position), unless its check of redefined
// keys would cost more than maxTOMLComparisons; then its AST parser, which
// keeps the byte range of every key and scalar, is walked to build the
// tree (whose keys defined twice the decoder of Meta reports anyway).
func parseTOML(f *source.File, sp source.Span) (*yamlpos.Doc, *yamlpos.SyntaxError) {
	text := f.Content[sp.Start:sp.End]
	if tomlsize.Comparisons(text) <= maxTOMLComparisons {
		var v map[string]any
		if err := toml.Unmarshal(text, &v); err != nil {
			return nil, tomlError(f, sp, err)
		}
	}
	b := &tomlBuilder{text: text, lines: source.NewLines(text, source.LFBreaks), root: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}}
	var p unstable.Parser
	p.Reset(text)
	b.cur = b.root
	for p.NextExpression() {
		b.expression(p.Expression())
	}
	if err := p.Error(); err != nil {
		return nil, tomlError(f, sp, err)
	}
	return yamlpos.NewDoc(f, sp, b.root, source.LFBreaks), nil
}

func tomlError(f *source.File, sp source.Span, err error) *yamlpos.SyntaxError {
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		lines := source.NewLines(f.Content[sp.Start:sp.End], source.LFBreaks) // go-toml counts lines at LF
		start := sp.Start + lines.ByteOffset(line, col)
		end := sp.Start + lines.End(lines.Line(start-sp.Start))
		if i := bytes.IndexByte(f.Content[start:end], '\r'); i >= 0 {
			end = start + i // a lone CR, which TOML forbids, ends the guide's line
		}
		return &yamlpos.SyntaxError{Span: source.Span{Start: start, End: end}, Message: de.Error()[len("toml: "):]}
	}
	return &yamlpos.SyntaxError{Span: source.Span{Start: sp.Start, End: sp.Start}, Message: err.Error()}
}

// maxTOMLComparisons bounds the key comparisons go-toml's decoder may make
// on front matter (see tomlsize): a table of thousands of keys made it
// quadratic.
const maxTOMLComparisons = 1 << 24

// tomlBuilder accumulates TOML expressions into a yaml.Node mapping.
type tomlBuilder struct {
	text  []byte
	lines *source.Lines // of text, under go-toml's convention
	root  *yaml.Node
	cur   *yaml.Node // the table that key/value lines go into
	last  column     // the last position computed (see position)
}

// column is a converted position: line index, offset and column.
type column struct{ line, off, col int }

func (b *tomlBuilder) expression(e *unstable.Node) {
	switch e.Kind {
	case unstable.KeyValue:
		b.keyValue(b.cur, e)
	case unstable.Table:
		b.cur = b.table(e, false)
	case unstable.ArrayTable:
		b.cur = b.table(e, true)
	}
}

// keyValue adds `a.b.c = v` to t, creating the intermediate tables.
func (b *tomlBuilder) keyValue(t *yaml.Node, e *unstable.Node) {
	keys := collect(e.Key())
	for _, k := range keys[:len(keys)-1] {
		t = b.child(t, k, false)
	}
	last := keys[len(keys)-1]
	t.Content = append(t.Content, b.keyNode(last), b.value(e.Value(), last))
}

// table returns the table named by a [header] or [[header]], creating it.
func (b *tomlBuilder) table(e *unstable.Node, array bool) *yaml.Node {
	keys := collect(e.Key())
	t := b.root
	for _, k := range keys[:len(keys)-1] {
		t = b.child(t, k, false)
	}
	return b.child(t, keys[len(keys)-1], array)
}

// child returns t's sub-table named by key k, creating it; when array is
// set it appends a new table to the array of tables named k. An existing
// array of tables resolves to its last element, as TOML specifies.
func (b *tomlBuilder) child(t *yaml.Node, k *unstable.Node, array bool) *yaml.Node {
	for i := 0; i+1 < len(t.Content); i += 2 {
		if t.Content[i].Value != string(k.Data) {
			continue
		}
		v := t.Content[i+1]
		if v.Kind == yaml.SequenceNode {
			if array {
				v.Content = append(v.Content, b.mapAt(k.Raw))
			}
			if len(v.Content) > 0 {
				return v.Content[len(v.Content)-1]
			}
		}
		return v
	}
	tbl := b.mapAt(k.Raw)
	if array {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: tbl.Line, Column: tbl.Column, Content: []*yaml.Node{tbl}}
		t.Content = append(t.Content, b.keyNode(k), seq)
		return tbl
	}
	t.Content = append(t.Content, b.keyNode(k), tbl)
	return tbl
}

func (b *tomlBuilder) mapAt(r unstable.Range) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	n.Line, n.Column = b.position(int(r.Offset))
	return n
}

func (b *tomlBuilder) keyNode(k *unstable.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(k.Data)}
	n.Line, n.Column = b.position(int(k.Raw.Offset))
	return n
}

// value converts a TOML value; key positions an array, which the AST gives
// no range of its own.
func (b *tomlBuilder) value(v, key *unstable.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: string(v.Data)}
	n.Line, n.Column = b.position(int(v.Raw.Offset))
	switch v.Kind {
	case unstable.String:
		n.Tag, n.Style = "!!str", b.quoteStyle(v.Raw)
	case unstable.Bool:
		n.Tag = "!!bool"
	case unstable.Integer:
		n.Tag = "!!int"
	case unstable.Float:
		n.Tag = "!!float"
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		n.Tag = "!!timestamp"
	case unstable.LocalTime:
		n.Tag = "!!str"
	case unstable.Array:
		b.array(n, v, key)
	case unstable.InlineTable:
		n.Kind, n.Tag, n.Style, n.Value = yaml.MappingNode, "!!map", yaml.FlowStyle, ""
		it := v.Children()
		for it.Next() {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				b.keyValue(n, kv)
			}
		}
	}
	return n
}

func (b *tomlBuilder) array(n *yaml.Node, v, key *unstable.Node) {
	n.Kind, n.Tag, n.Style, n.Value = yaml.SequenceNode, "!!seq", yaml.FlowStyle, ""
	it := v.Children()
	for it.Next() {
		if c := it.Node(); c.Kind != unstable.Comment {
			n.Content = append(n.Content, b.value(c, key))
		}
	}
	// The array starts at its '[', after "key =".
	off := int(key.Raw.Offset + key.Raw.Length)
	for off < len(b.text) && b.text[off] != '[' {
		off++
	}
	n.Line, n.Column = b.position(off)
}

func (b *tomlBuilder) quoteStyle(r unstable.Range) yaml.Style {
	if int(r.Offset) < len(b.text) && b.text[r.Offset] == '\'' {
		return yaml.SingleQuotedStyle
	}
	return yaml.DoubleQuotedStyle
}

// position converts an offset in the TOML text to a 1-based line (at LF,
// as the Doc maps them back) and character column, as yaml.v3 gives them.
func (b *tomlBuilder) position(off int) (line, col int) {
	return b.lines.Position(off)
}

func collect(it unstable.Iterator) []*unstable.Node {
	var keys []*unstable.Node
	for it.Next() {
		keys = append(keys, it.Node())
	}
	return keys
}
