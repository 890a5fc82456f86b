// Package shortcode owns Hugo-style shortcodes in guide bodies: the lexer and
// parser for `{{< name params >}}`, `{{% name params %}}`, paired and
// self-closing calls and the `{{</* escape */>}}` form, the html/template set
// loaded from shortcodes/*.html with a Hugo-compatible dot, and Expand, which
// turns a body into Markdown plus a source.Map and the rendered HTML calls
// (see Expanded).
//
// It does not parse Markdown: shortcodes are recognised everywhere in the
// body, inside code too, exactly as Hugo extracts them before rendering.
// Positions are byte offsets into the guide file throughout; problems are
// reported as diagnostics with the codes in Codes, never as panics.
package shortcode
