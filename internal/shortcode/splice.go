package shortcode

import (
	"fmt"
	"html/template"
	"strings"
	"text/template/parse"
)

// A splice point is an action of a template that prints Markdown rendered
// from a value, as it is, into HTML text:
//
//	{{ .Inner | markdownify }}            {{ markdownify .Inner }}
//	{{ .Content | $.Page.RenderString }}  {{ .Page.RenderString (dict …) .Inner }}
//	{{ transform.Markdownify . }}         … | safeHTML
//
// Only there may the expander stand a placeholder in for the inner
// content of a call and let the page render that content in place (see
// Expand): anywhere else (a variable, an attribute, the argument of
// another function) the rendered HTML is what the template needs. The
// points are found in the parse tree when a template is compiled: their
// function is renamed to a splicing one before html/template escapes
// the template, and renamed back afterwards when the escaper did not put
// the action in HTML text.
const (
	spliceMarkdownifyFn  = "guidecSpliceMarkdownify"
	spliceRenderStringFn = "guidecSpliceRenderString"
	renderStringFn       = "guidecRenderString"
)

// htmlTextEscaper is the escaper html/template appends to an action that
// prints into HTML text.
const htmlTextEscaper = "_html_template_htmlescaper"

// spliceState is what the splice points of the call being rendered may
// stand a placeholder in for: the call's own inner content and that of
// each paired call directly inside it (a tab inside tabs, whose template
// hands its .Inner to the parent through .Parent.Scratch).
type spliceState struct {
	targets []*spliceTarget
}

// spliceTarget is one inner content that may be spliced.
type spliceTarget struct {
	inner, deindent string
	placeholder     string
	used            int // times a splice point returned the placeholder
	call            *Call
	ctx             *Context
}

// match returns the placeholder of the target whose inner content is
// text, preferring one not used yet (two tabs may hold the same text).
func (sp *spliceState) match(text string) (string, bool) {
	var found *spliceTarget
	for _, t := range sp.targets {
		if text != t.inner && text != t.deindent {
			continue
		}
		if t.used == 0 {
			found = t
			break
		}
		if found == nil {
			found = t
		}
	}
	if found == nil {
		return "", false
	}
	found.used++
	return found.placeholder, true
}

// markSplices renames the function of every candidate splice point of t
// (an action without a variable whose last command, bar safeHTML, renders
// Markdown) to its splicing twin.
func markSplices(t *template.Template) {
	for _, d := range t.Templates() {
		if d.Tree == nil {
			continue
		}
		walkTree(d.Tree.Root, func(n parse.Node) {
			a, ok := n.(*parse.ActionNode)
			if !ok || a.Pipe == nil || len(a.Pipe.Decl) > 0 {
				return
			}
			cmds := a.Pipe.Cmds
			i := len(cmds) - 1
			for i > 0 && isIdentCmd(cmds[i], "safeHTML") {
				i--
			}
			if i < 0 || len(cmds[i].Args) == 0 {
				return
			}
			if fn := spliceFn(cmds[i].Args[0]); fn != "" {
				first := cmds[i].Args[0]
				cmds[i].Args[0] = parse.NewIdentifier(fn).SetTree(d.Tree).SetPos(first.Position())
			}
		})
	}
}

// confirmSplices renames a splicing function back when html/template
// put its action anywhere but in HTML text.
func confirmSplices(t *template.Template) {
	for _, d := range t.Templates() {
		if d.Tree == nil {
			continue
		}
		walkTree(d.Tree.Root, func(n parse.Node) {
			a, ok := n.(*parse.ActionNode)
			if !ok || a.Pipe == nil {
				return
			}
			cmds := a.Pipe.Cmds
			for i, c := range cmds {
				id, ok := c.Args[0].(*parse.IdentifierNode)
				if !ok || id.Ident != spliceMarkdownifyFn && id.Ident != spliceRenderStringFn {
					continue
				}
				if !inHTMLText(cmds[i+1:]) {
					id.Ident = map[string]string{spliceMarkdownifyFn: "markdownify", spliceRenderStringFn: renderStringFn}[id.Ident]
				}
			}
		})
	}
}

// inHTMLText reports whether the commands after a splice point are
// safeHTML only, ending with the escaper of HTML text.
func inHTMLText(rest []*parse.CommandNode) bool {
	if len(rest) == 0 || !isIdentCmd(rest[len(rest)-1], htmlTextEscaper) {
		return false
	}
	for _, c := range rest[:len(rest)-1] {
		if !isIdentCmd(c, "safeHTML") {
			return false
		}
	}
	return true
}

func isIdentCmd(c *parse.CommandNode, name string) bool {
	if len(c.Args) != 1 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// spliceFn returns the splicing function that stands for the function n
// names, or "" when n does not render Markdown.
func spliceFn(n parse.Node) string {
	var ids []string
	switch n := n.(type) {
	case *parse.IdentifierNode:
		if n.Ident == "markdownify" {
			return spliceMarkdownifyFn
		}
		return ""
	case *parse.FieldNode:
		ids = n.Ident
	case *parse.VariableNode:
		ids = n.Ident
	case *parse.ChainNode:
		if id, ok := n.Node.(*parse.IdentifierNode); ok && id.Ident == "transform" && len(n.Field) == 1 && n.Field[0] == "Markdownify" {
			return spliceMarkdownifyFn
		}
		ids = n.Field
	}
	if len(ids) > 0 && ids[len(ids)-1] == "RenderString" {
		return spliceRenderStringFn
	}
	return ""
}

// splicePlaceholder returns the placeholder for text when the call being
// rendered may splice it.
func (s *Set) splicePlaceholder(text string) (template.HTML, bool) {
	if s.st == nil || s.st.splice == nil || s.depth > 0 {
		return "", false // a partial's output is the partial's business
	}
	p, ok := s.st.splice.match(text)
	return template.HTML(p), ok
}

// spliceMarkdownify is markdownify at a splice point.
func (s *Set) spliceMarkdownify(v any) (template.HTML, error) {
	if p, ok := s.splicePlaceholder(toString(v)); ok {
		return p, nil
	}
	return s.markdownify(v)
}

// spliceRenderString is .Page.RenderString at a splice point.
func (s *Set) spliceRenderString(args ...any) (template.HTML, error) {
	if len(args) > 0 {
		if p, ok := s.splicePlaceholder(toString(args[len(args)-1])); ok {
			return p, nil
		}
	}
	return s.renderString(args...)
}

// renderString is Hugo's .Page.RenderString [OPTIONS] MARKDOWN: the
// Markdown rendered in isolation, inline (without the paragraph around a
// single paragraph) unless OPTIONS says display "block".
func (s *Set) renderString(args ...any) (template.HTML, error) {
	var opts map[string]any
	switch len(args) {
	case 1:
	case 2:
		m, ok := args[0].(map[string]any)
		if !ok {
			return "", fmt.Errorf("RenderString: options must be a dict, not %T", args[0])
		}
		opts = m
	default:
		return "", fmt.Errorf("RenderString: want [OPTIONS] MARKDOWN, got %d arguments", len(args))
	}
	out, err := s.markdownify(args[len(args)-1])
	if err != nil {
		return "", err
	}
	if d, _ := opts["display"].(string); d == "block" && out != "" && !strings.HasPrefix(string(out), "<") {
		out = "<p>" + out + "</p>"
	}
	return out, nil
}

// lowerParams lower-cases the names that follow Params in a chain from
// the page or the site (.Site.Params.mainSections, $.Page.Params.Foo,
// site.Params.x), which find their keys in lower case (PageContext.Params,
// SiteContext.Params): Hugo's params are case-insensitive. A chain from
// any other value is left alone, since its Params may be a call's, whose
// keys keep their case.
func lowerParams(t *template.Template) {
	for _, d := range t.Templates() {
		if d.Tree == nil {
			continue
		}
		walkTree(d.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.FieldNode:
				lowerAfterParams(n.Ident)
			case *parse.VariableNode:
				lowerAfterParams(n.Ident)
			case *parse.ChainNode:
				if id, ok := n.Node.(*parse.IdentifierNode); ok && id.Ident == "site" {
					if len(n.Field) > 1 && n.Field[0] == "Params" {
						lowerAll(n.Field[1:])
					}
					return
				}
				lowerAfterParams(n.Field)
			}
		})
	}
}

func lowerAfterParams(ids []string) {
	for i := 1; i+1 < len(ids); i++ {
		if ids[i] == "Params" && (ids[i-1] == "Site" || ids[i-1] == "Page") {
			lowerAll(ids[i+1:])
			return
		}
	}
}

func lowerAll(ids []string) {
	for i, id := range ids {
		ids[i] = strings.ToLower(id)
	}
}
