package markdown

import "github.com/guidec/guidec/internal/diag"

// Codes lists every diagnostic code this package reports. Problems found by
// the LinkResolver (link-broken, …) are registered by the resolver's package.
var Codes = []diag.CodeInfo{
	{Code: "fence-unclosed", Severity: diag.Error, Summary: "a code fence is never closed, so the rest of the page is code"},
	{Code: "fence-close-broken", Severity: diag.Error, Summary: "a line meant to close a code fence is too short or indented four columns: the fence runs on to the next fence line"},
	{Code: "fence-attr-unclosed", Severity: diag.Error, Summary: "a code fence's attribute list '{' (or a list '[') is never closed"},
	{Code: "fence-attr-unterminated", Severity: diag.Error, Summary: "a quoted value in a code fence's attributes is never closed"},
	{Code: "fence-attr-syntax", Severity: diag.Error, Summary: "a code fence's attributes are not of the form key=value, .class or #id"},
	{Code: "fence-attr-value", Severity: diag.Warning, Summary: "a code fence attribute such as hl_lines or linenos has a value it cannot take"},
	{Code: "fence-info-ignored", Severity: diag.Warning, Summary: "text in a code fence's info string after the language is not in braces and is ignored"},
	{Code: "link-undefined-ref", Severity: diag.Error, Summary: "a reference-style link names a label that no [label]: definition defines"},
	{Code: "link-refdef-colon", Severity: diag.Error, Summary: "a reference definition lacks the ':' after its label: it and the definitions under it are text, and their links break"},
	{Code: "link-refdef-title", Severity: diag.Error, Summary: "text after a reference definition's URL is no quoted title (an unquoted title, text after the title): it and the definitions under it are text, and their links break"},
	{Code: "table-row-cells", Severity: diag.Warning, Summary: "a table row has fewer cells than the table's header: a '|' is missing and the cells shift out of their columns"},
	{Code: "link-refdef-unused", Severity: diag.Warning, Summary: "no link uses a reference definition whose label an undefined link nearly spells: one of the two labels is misspelt"},
	{Code: "link-malformed", Severity: diag.Error, Summary: "an inline link '[text](url' is never closed, or its destination holds a space: the page shows the brackets as text"},
	{Code: "heading-skip", Severity: diag.Warning, Summary: "a heading is more than one level deeper than the heading before it"},
	{Code: "link-release", Severity: diag.Warning, Summary: "a GitHub release link that GitHub serves no page at (/release/, /releases/tags/), or whose text names another version than its tag"},
	{Code: "code-span-unclosed-value", Severity: diag.Error, Summary: "the value after a label (Client ID: `app) opens a code span never closed: the reader copies the backtick with it"},
	{Code: "code-span-unclosed", Severity: diag.Warning, Summary: "a backtick opens a code span that its paragraph or list item never closes: the page shows the backtick"},
	{Code: "heading-no-space", Severity: diag.Warning, Summary: "a line starts with #s glued to a word (##Title): not a heading, the page shows it as text"},
	{Code: "markdown-limit", Severity: diag.Warning, Summary: "a paragraph holds more emphasis markers, or a table more columns, than guidec parses; the rest is text"},
	{Code: "markdown-raw-html", Severity: diag.Warning, Summary: "raw HTML written in the guide is dropped; only shortcode templates may emit HTML"},
	{Code: "markdown-shortcode-angle", Severity: diag.Warning, Summary: "a shortcode whose output is Markdown is called with {{< >}}: Hugo inserts the output unrendered, so the page shows raw Markdown"},
	{Code: "markdown-code-shortcode", Severity: diag.Warning, Summary: "a shortcode other than sitevar inside code renders HTML where readers expect text"},
}

// severityOf returns the registered severity of code.
func severityOf(code string) diag.Severity {
	for _, c := range Codes {
		if c.Code == code {
			return c.Severity
		}
	}
	return diag.Error
}
