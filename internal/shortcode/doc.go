// Package shortcode owns Hugo-style shortcodes in guide bodies: the lexer and
// parser for `{{< name params >}}`, `{{% name params %}}`, paired and
// self-closing calls and the `{{</* escape */>}}` form; the template set
// (Load): the built-in templates, a Hugo project's own shortcodes beside
// them, its partials and data files, compiled with html/template and Hugo's
// template functions, with a Hugo-compatible dot; and Expand, which turns a
// body into Markdown plus a source.Map and the rendered HTML calls (see
// Expanded).
//
// It does not parse Markdown: shortcodes are recognised everywhere in the
// body, inside code too, exactly as Hugo extracts them before rendering.
// What it learns about templates it learns from their parse trees (which
// take inner content, which may be remembered, where inner content may be
// spliced into the page, which functions are missing), never from their
// names. Positions are byte offsets into the guide file throughout;
// problems are reported as diagnostics with the codes in Codes, never as
// panics, and a template that does not load fails only its calls.
package shortcode
