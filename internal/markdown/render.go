package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders the nodes guidec's transformers introduce, and code
// spans, which may now hold ShortcodeHTML children.
type nodeRenderer struct {
	code *codeRenderer
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindShortcodeHTML, r.renderShortcode)
	reg.Register(KindShortcodeBlock, r.renderShortcodeBlock)
	reg.Register(KindTrustedHTML, r.renderTrusted)
	reg.Register(KindTrustedHTMLBlock, r.renderTrustedBlock)
	reg.Register(KindCodeBlock, r.renderCodeBlock)
	reg.Register(ast.KindCodeSpan, r.renderCodeSpan)
}

func (r *nodeRenderer) renderShortcode(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(string(n.(*ShortcodeHTML).Call.HTML))
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderShortcodeBlock(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		h := string(n.(*ShortcodeBlock).Call.HTML)
		_, _ = w.WriteString(h)
		if len(h) > 0 && h[len(h)-1] != '\n' {
			_ = w.WriteByte('\n')
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderTrusted(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		html.DefaultWriter.SecureWrite(w, n.(*TrustedHTML).Raw)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderTrustedBlock(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		html.DefaultWriter.SecureWrite(w, n.(*TrustedHTMLBlock).Raw)
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) renderCodeBlock(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		r.code.render(w, n.(*CodeBlock))
	}
	return ast.WalkSkipChildren, nil
}

// renderCodeSpan writes a code span as goldmark does (a line ending becomes
// a space), except that a shortcode call inside it is written as the call's
// HTML, so a site variable stays live inside inline code.
func (r *nodeRenderer) renderCodeSpan(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</code>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<code")
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.CodeAttributeFilter)
	}
	_ = w.WriteByte('>')
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if bytes.HasSuffix(v, []byte("\n")) {
				html.DefaultWriter.RawWrite(w, v[:len(v)-1])
				_ = w.WriteByte(' ')
			} else {
				html.DefaultWriter.RawWrite(w, v)
			}
		case *ast.String:
			html.DefaultWriter.RawWrite(w, c.Value)
		case *ShortcodeHTML:
			_, _ = w.WriteString(string(c.Call.HTML))
		}
	}
	return ast.WalkSkipChildren, nil
}
