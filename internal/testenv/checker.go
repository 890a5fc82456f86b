package testenv

import (
	"fmt"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
)

// RunChecker runs c over the snippets of one guide (as ScanGuide returns
// them) and returns its diagnostics sorted.
func RunChecker(c *check.Checker, snips []*snippet.Snippet) diag.List {
	var l diag.List
	if len(snips) == 0 {
		return l
	}
	c.Run(&check.Pass{File: snips[0].File, Snippets: snips, Report: l.Add})
	l.Sort()
	return l
}

// FormatDiag is the one-line form of d the checkers' tables and goldens
// compare: "file:line:col code: message".
func FormatDiag(d diag.Diagnostic) string {
	p := d.Start()
	return fmt.Sprintf("%s:%d:%d %s: %s", p.Filename, p.Line, p.Column, d.Code, d.Message)
}
