package shortcode

import (
	"html/template"

	"github.com/guidec/guidec/internal/source"
)

// Sentinel stands, in Expanded.Markdown, for one `{{< >}}` call whose HTML
// must be inserted by the Markdown renderer (never parsed as Markdown). It is
// U+FFFC OBJECT REPLACEMENT CHARACTER, which guides never contain: Load
// rejects input that does. The n-th sentinel in the buffer is Calls[n].
const Sentinel = "\uFFFC"

// SentinelRune is Sentinel as a rune.
const SentinelRune = '\uFFFC'

// Expanded is a guide body with every shortcode call expanded.
type Expanded struct {
	// Markdown is the body with `{{% %}}` calls replaced by their (Markdown)
	// output, `{{< >}}` calls replaced by Sentinel, and escaped calls
	// `{{</* x */>}}` replaced by their literal text `{{< x >}}`.
	Markdown []byte
	// Map maps offsets of Markdown to offsets of the guide file.
	Map *source.Map
	// Calls holds the rendered `{{< >}}` calls, in the order of their
	// sentinels in Markdown.
	Calls []Rendered
	// Used lists the names of every shortcode the body calls (sorted,
	// unique), so that a changed template rebuilds only the pages using it.
	Used []string
}

// Rendered is one `{{< >}}` call's output.
type Rendered struct {
	Name string
	// HTML is the template output, inserted into the page as raw HTML.
	HTML template.HTML
	// Text is the reader-visible text of HTML (tags removed, entities
	// decoded): what shows when the call sits inside a code block, and what a
	// snippet validator sees. For sitevar it is the nojs value.
	Text string
	// Block reports whether the call stands alone on its line(s), so that the
	// renderer emits HTML without a paragraph around it.
	Block bool
	// Var and Format are set for site variables (sitevar calls): the variable
	// name and its optional format, so the renderer and snippet extraction can
	// keep the element live inside highlighted code.
	Var, Format string
	// Span is the call in the guide file (opening tag through closing tag).
	Span source.Span
	// Markdown is the first line of HTML that is Markdown block syntax or
	// an inline link ("## Before You Begin"), "" when none: Hugo inserts
	// the output of a {{< >}} call unrendered, so the reader sees it raw
	// unless the call sits in code, where raw text is what shows anyway.
	Markdown string
}
