package diag

import (
	"encoding/json"
	"io"
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(log)
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

// toURI turns a relative OS path into a relative URI reference.
func toURI(name string) string {
	b := []byte{}
	for _, c := range []byte(name) {
		switch {
		case c == '\\':
			b = append(b, '/')
		case c == ' ' || c == '%' || c == '#' || c == '?' || c < 0x20:
			b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		default:
			b = append(b, c)
		}
	}
	return string(b)
}
