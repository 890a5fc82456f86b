package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// maxFragmentBytes bounds the Markdown of one markdownify call.
const maxFragmentBytes = 64 << 10

// Fragment renders a Markdown fragment that a shortcode template passes to
// markdownify. It is a plain GFM rendering: no ids, no highlighting, and raw
// HTML in the fragment is omitted, because template parameters may come from
// a guide author. A call's own inner content never comes here: package
// shortcode splices it into the page, which renders it with everything else.
//
// Fragments are bounded (maxFragmentBytes): they are rendered by a plain
// goldmark, without the bounds the page parser puts on nesting and
// emphasis, and markdownify is for a title or a sentence. Its inline
// parsers are the page's, though (see newFragmentGoldmark).
func (r *Renderer) Fragment(src []byte) (template.HTML, error) {
	if len(src) > maxFragmentBytes {
		return "", fmt.Errorf("markdownify: %d bytes of Markdown, more than the %d a fragment may have", len(src), maxFragmentBytes)
	}
	if r.fragment == nil {
		r.fragment = newFragmentGoldmark()
	}
	var b bytes.Buffer
	if err := r.fragment.Convert(src, &b); err != nil {
		return "", err
	}
	out := bytes.TrimSpace(b.Bytes())
	// Hugo's markdownify drops the paragraph around a single-paragraph result.
	if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) && bytes.Count(out, []byte("<p>")) == 1 {
		out = out[3 : len(out)-4]
	}
	return template.HTML(out), nil
}

// newFragmentGoldmark returns goldmark with GFM, its inline parsers being
// the page's (inlineParsers, which include GFM's linkify): their bounds
// need no page, and without the one on link destinations a 64 KB fragment
// of "[a](" took a second.
func newFragmentGoldmark() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(inlineParsers()...),
		parser.WithParagraphTransformers(paragraphTransformers()...),
	)
	return goldmark.New(goldmark.WithParser(p),
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
}
