package guide

import "github.com/guidec/guidec/internal/diag"

// Codes reported by this package. Read failures are reported with
// diag's "io" code, and a recovered panic with diag's "internal".
var Codes = []diag.CodeInfo{
	{Code: "source-encoding", Severity: diag.Error, Summary: "the guide is not valid UTF-8"},
	{Code: "source-nul", Severity: diag.Error, Summary: "the guide contains a NUL byte"},
	{Code: "source-reserved-char", Severity: diag.Error, Summary: "the guide contains U+FFFC, which guidec reserves for shortcode output"},
	{Code: "source-replacement-char", Severity: diag.Warning, Summary: "the guide contains U+FFFD, the mark of text lost in a conversion"},
	{Code: "source-control-char", Severity: diag.Error, Summary: "the guide contains a control character (C0 other than tab, LF and CR, DEL or C1)"},
	{Code: "source-mojibake", Severity: diag.Warning, Summary: "the guide contains UTF-8 read as Windows-1252 ('â€™' for '’')"},
	{Code: "source-too-large", Severity: diag.Error, Summary: "the guide file is larger than guidec reads"},
	{Code: "guide-name", Severity: diag.Error, Summary: "a guide directory name is not a safe URL path segment"},
	{Code: "guide-symlink", Severity: diag.Warning, Summary: "a symbolic link in the guides tree is not followed"},
	{Code: "frontmatter-missing", Severity: diag.Error, Summary: "the guide has no front matter"},
	{Code: "frontmatter-unclosed", Severity: diag.Error, Summary: "the front matter's opening delimiter has no closing one"},
	{Code: "frontmatter-syntax", Severity: diag.Error, Summary: "the front matter is not valid YAML (or TOML)"},
	{Code: "frontmatter-too-large", Severity: diag.Error, Summary: "the front matter is larger than guidec reads"},
	{Code: "frontmatter-missing-title", Severity: diag.Error, Summary: "the front matter has no title"},
	{Code: "frontmatter-type", Severity: diag.Error, Summary: "a front matter value has the wrong type"},
	{Code: "frontmatter-duplicate-key", Severity: diag.Error, Summary: "a front matter key appears twice in the same mapping"},
	{Code: "frontmatter-unknown-key", Severity: diag.Warning, Summary: "a front matter key is not one guidec knows"},
	{Code: "frontmatter-date", Severity: diag.Error, Summary: "a front matter date cannot be parsed"},
	{Code: "frontmatter-alias", Severity: diag.Error, Summary: "an alias is not a path inside the site"},
	{Code: "frontmatter-canonical", Severity: diag.Warning, Summary: "seo.canonical is not an absolute http(s) URL"},
	{Code: "frontmatter-draft", Severity: diag.Warning, Summary: "the guide is a draft, which build leaves out of the site"},
}
