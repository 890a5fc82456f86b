package diag

import (
	"io"
	"strings"
)

// SARIFOptions describe the tool in a SARIF log.
type SARIFOptions struct {
	ToolName       string
	Version        string
	InformationURI string
	HelpURI        string // base URL of docs/diagnostics.md; "#code" is appended
	Registry       *Registry
}

// PrintSARIF writes l as a SARIF 2.1.0 log with one run, rule metadata for
// every registered code and one result per diagnostic.
func PrintSARIF(w io.Writer, l List, opt SARIFOptions) error {
	rules := []map[string]any{}
	index := map[string]int{}
	for _, c := range opt.Registry.All() {
		index[c.Code] = len(rules)
		rule := map[string]any{
			"id":                   c.Code,
			"name":                 c.Code,
			"shortDescription":     map[string]any{"text": c.Summary},
			"defaultConfiguration": map[string]any{"level": sarifLevel(c.Severity)},
		}
		if opt.HelpURI != "" {
			rule["helpUri"] = opt.HelpURI + "#" + c.Code
		}
		rules = append(rules, rule)
	}
	results := []map[string]any{}
	for _, d := range l {
		r := map[string]any{
			"ruleId":  d.Code,
			"level":   sarifLevel(d.Severity),
			"message": map[string]any{"text": sarifMessage(d)},
		}
		if i, ok := index[d.Code]; ok {
			r["ruleIndex"] = i
		}
		if d.File != nil {
			s, e := d.Start(), d.End()
			region := map[string]any{"startLine": s.Line, "startColumn": s.Column, "endLine": e.Line, "endColumn": e.Column}
			if e.Line == s.Line && e.Column <= s.Column {
				region["endColumn"] = s.Column + 1
			}
			r["locations"] = []map[string]any{{
				"physicalLocation": map[string]any{
					"artifactLocation": map[string]any{"uri": toURI(d.File.Name)},
					"region":           region,
				},
			}}
		}
		results = append(results, r)
	}
	log := map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []map[string]any{{
			"tool": map[string]any{"driver": map[string]any{
				"name": opt.ToolName, "version": opt.Version, "informationUri": opt.InformationURI, "rules": rules,
			}},
			"columnKind": "unicodeCodePoints",
			"results":    results,
		}},
	}
	return writeJSON(w, log)
}

func sarifMessage(d Diagnostic) string {
	if d.Hint == "" {
		return d.Message
	}
	return d.Message + " (" + d.Hint + ")"
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// toURI turns a relative OS path into a relative URI reference (RFC
// 3986): backslashes become slashes, and every byte but the unreserved
// characters, the sub-delimiters, '@' and '/' is percent-encoded, so that
// spaces, controls, non-ASCII characters, '%', '#' and '?' keep their
// meaning as part of the path. ':' is encoded too: in a first segment it
// would read as a scheme.
func toURI(name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		switch {
		case c == '\\':
			b.WriteByte('/')
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}
