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
