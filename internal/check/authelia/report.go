package authelia

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// reporter turns findings on YAML nodes of one snippet into diagnostics on
// the guide file.
type reporter struct {
	snip  *snippet.Snippet
	lines *textLines
	file  *source.File
	diags *diag.List
}

// span returns the guide span of the token that n starts.
func (r *reporter) span(n *yaml.Node) source.Span {
	return r.lines.guideSpan(n)
}

// reportf records a finding on node n.
func (r *reporter) reportf(n *yaml.Node, sev diag.Severity, code, hint, format string, args ...any) *diag.Diagnostic {
	d := diag.Diagnostic{
		File:     r.file,
		Span:     r.span(n),
		Severity: sev,
		Code:     code,
		Hint:     hint,
		Message:  fmt.Sprintf(format, args...),
	}
	r.diags.Add(d)
	return &(*r.diags)[len(*r.diags)-1]
}

// renameFix returns a fix replacing the key token k by newKey, or nil when
// the key's bytes in the guide are not exactly the bytes of the snippet (the
// key came from a shortcode, or the map is not exact), so that applying the
// fix can never damage the guide.
func (r *reporter) renameFix(k *yaml.Node, newKey, message string) *diag.Fix {
	ts := r.lines.tokenSpan(k)
	gs := r.snip.GuideSpan(ts)
	if r.file == nil || gs.End > len(r.file.Content) || gs.Start < 0 || ts.End > len(r.snip.Text) ||
		!bytes.Equal(r.file.Content[gs.Start:gs.End], r.snip.Text[ts.Start:ts.End]) || gs.Len() == 0 {
		return nil
	}
	return &diag.Fix{Message: message, Edits: []diag.Edit{{Span: gs, NewText: newKey}}}
}

// guideIndent returns the blanks before the key token k on its guide line,
// or false when anything else precedes it there.
func (r *reporter) guideIndent(k *yaml.Node) (string, bool) {
	gs := r.span(k)
	if r.file == nil || gs.Start > len(r.file.Content) {
		return "", false
	}
	lineStart := r.file.Offset(r.file.Position(gs.Start).Line, 1)
	indent := r.file.Content[lineStart:gs.Start]
	if len(bytes.Trim(indent, " ")) != 0 {
		return "", false
	}
	return string(indent), true
}

// indentValueLines returns edits inserting two spaces a level (levels) at the start of every
// line of p's value after the key's line: the lines up to the value's last
// node, then those indented deeper than the key (a block scalar's or a
// multi-line plain scalar's text). Blank lines are left alone. ok is false
// when a line does not map to the guide byte for byte.
func (r *reporter) indentValueLines(p pair, levels int) (edits []diag.Edit, ok bool) {
	text := r.snip.Text
	lines := r.snip.Lines(source.EditorBreaks) // the guide's lines, as the edits are
	keyOff := r.lines.offset(p.key.Line, p.key.Column)
	keyLine := lines.Line(keyOff)
	keyIndent := keyOff - lines.Start(keyLine)
	last := keyLine
	if n := lastNode(p.value); n != nil && n.Line > 0 {
		last = lines.Line(r.lines.offset(n.Line, n.Column))
	}
	for n := keyLine + 1; n <= lines.Count(); n++ {
		sp := lines.LineSpan(n)
		blanks := len(text[sp.Start:sp.End]) - len(bytes.TrimLeft(text[sp.Start:sp.End], " "))
		switch {
		case sp.Start+blanks == sp.End:
			continue // blank: neither part of the value nor its end
		case n > last && blanks <= keyIndent:
			return edits, true
		}
		at, exact, ok := r.snip.Map.Resolve(sp.Start)
		if !ok || !exact {
			return nil, false
		}
		edits = append(edits, diag.Edit{Span: source.Span{Start: at, End: at}, NewText: strings.Repeat("  ", levels)})
	}
	return edits, true
}

// lastNode returns the node of n's subtree that comes last in the text,
// without following aliases.
func lastNode(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind != yaml.AliasNode && len(n.Content) > 0 && i < 10000; i++ {
		n = n.Content[len(n.Content)-1]
	}
	return n
}

// quoteList formats values as Authelia does: 'a', 'b' or 'c'.
func quoteList(values []string, conj string) string {
	var b strings.Builder
	for i, v := range values {
		switch {
		case i == 0:
		case i == len(values)-1:
			b.WriteString(" " + conj + " ")
		default:
			b.WriteString(", ")
		}
		b.WriteString("'" + v + "'")
	}
	return b.String()
}
