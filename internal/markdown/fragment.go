package markdown

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
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
// emphasis, and markdownify is for a title or a sentence.
func (r *Renderer) Fragment(src []byte) (template.HTML, error) {
	if len(src) > maxFragmentBytes {
		return "", fmt.Errorf("markdownify: %d bytes of Markdown, more than the %d a fragment may have", len(src), maxFragmentBytes)
	}
	if r.fragment == nil {
		r.fragment = goldmark.New(goldmark.WithExtensions(extension.GFM))
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
