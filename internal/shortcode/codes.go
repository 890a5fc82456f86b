package shortcode

import "github.com/guidec/guidec/internal/diag"

// Codes lists every diagnostic code this package reports.
var Codes = []diag.CodeInfo{
	{Code: codeUnknown, Severity: diag.Error, Summary: "a shortcode call names a shortcode that has no template"},
	{Code: codeUnclosed, Severity: diag.Error, Summary: "a shortcode that uses .Inner is neither closed nor self-closed"},
	{Code: codeMismatchedClose, Severity: diag.Error, Summary: "a closing tag names a different shortcode than the open one"},
	{Code: codeUnexpectedClose, Severity: diag.Error, Summary: "a closing tag has no opening tag, or its shortcode takes no inner content"},
	{Code: codeUnterminated, Severity: diag.Error, Summary: "a shortcode tag or quoted parameter is never terminated"},
	{Code: codeBadChar, Severity: diag.Error, Summary: "a shortcode tag contains a character that is not allowed there"},
	{Code: codeMixedParams, Severity: diag.Error, Summary: "a shortcode call mixes named and positional parameters"},
	{Code: codeDelimMismatch, Severity: diag.Error, Summary: "a shortcode tag opened with {{< is closed with %}} or the reverse"},
	{Code: codeTemplateError, Severity: diag.Error, Summary: "a shortcode template failed while rendering a call"},
	{Code: codeErrorf, Severity: diag.Error, Summary: "a shortcode template rejected a call (errorf)"},
	{Code: codeWarnf, Severity: diag.Warning, Summary: "a shortcode template warned about a call (warnf)"},
	{Code: codeSentinel, Severity: diag.Error, Summary: "the guide contains U+FFFC, which guidec reserves for shortcode output"},
	{Code: codeRelref, Severity: diag.Error, Summary: "relref names a guide or page that does not exist"},
	{Code: codeLimit, Severity: diag.Error, Summary: "shortcode nesting or output exceeds guidec's limits"},
	{Code: codeTemplateLoad, Severity: diag.Error, Summary: "a shortcode or partial template does not load: a syntax error, a function guidec does not have, HTML that cannot be escaped"},
	{Code: codeData, Severity: diag.Error, Summary: "a data file that templates read does not decode"},
}

const (
	codeUnknown         = "shortcode-unknown"
	codeUnclosed        = "shortcode-unclosed"
	codeMismatchedClose = "shortcode-mismatched-close"
	codeUnexpectedClose = "shortcode-unexpected-close"
	codeUnterminated    = "shortcode-unterminated"
	codeBadChar         = "shortcode-bad-char"
	codeMixedParams     = "shortcode-mixed-params"
	codeDelimMismatch   = "shortcode-delim-mismatch"
	codeTemplateError   = "shortcode-template-error"
	codeErrorf          = "shortcode-errorf"
	codeWarnf           = "shortcode-warnf"
	codeSentinel        = "shortcode-sentinel"
	codeRelref          = "shortcode-relref"
	codeLimit           = "shortcode-limit"
	codeTemplateLoad    = "shortcode-template-load"
	codeData            = "shortcode-data"
)
