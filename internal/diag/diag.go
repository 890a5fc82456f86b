// Package diag owns diagnostics: findings about a guide with a severity, a
// stable code, a span in the guide file and a message. Diagnostics are data;
// the printers in this package are the only code that turns them into text.
//
// Stages report diagnostics and carry on; an error value means guidec itself
// failed (I/O, a bug), never that the input is wrong.
package diag

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/guidec/guidec/internal/source"
)

// Severity ranks a diagnostic. The zero value is Error so that a forgotten
// severity never hides a problem.
type Severity int

// Severities, from most to least serious.
const (
	Error   Severity = iota // the input is wrong: check and build fail
	Warning                 // likely wrong or deprecated; fails only with --strict
	Info                    // worth knowing, never fails
)

// String returns the lowercase name used by every output format.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "unknown"
}

// ParseSeverity is the inverse of Severity.String.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "info":
		return Info, true
	}
	return Error, false
}

// Diagnostic is one finding. File and Span locate it in the guide as it is on
// disk; a nil File means the finding concerns no particular file.
type Diagnostic struct {
	File     *source.File
	Span     source.Span
	Severity Severity
	Code     string // stable, registered code such as "shortcode-unknown"
	Message  string // lowercase, no trailing period
	Hint     string // optional: how to fix it
	Fix      *Fix   // optional machine-applicable fix
	Related  []Related
}

// Fix is a machine-applicable change to the guide file that resolves a
// diagnostic. Edits never overlap and are applied together.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the bytes of Span in the diagnostic's file by NewText.
type Edit struct {
	Span    source.Span
	NewText string
}

// Related points at another location that explains a diagnostic, such as
// the template line where a shortcode failed.
type Related struct {
	File    *source.File
	Span    source.Span
	Message string
}

// Start returns the position of the first byte of d.
func (d Diagnostic) Start() source.Position {
	if d.File == nil {
		return source.Position{}
	}
	return d.File.Position(d.Span.Start)
}

// End returns the position just after the last byte of d (equal to Start for
// an empty span).
func (d Diagnostic) End() source.Position {
	if d.File == nil {
		return source.Position{}
	}
	end := d.Span.End
	if end < d.Span.Start {
		end = d.Span.Start
	}
	return d.File.Position(end)
}

// Filename returns the name of d's file, or "" when it has none.
func (d Diagnostic) Filename() string {
	if d.File == nil {
		return ""
	}
	return d.File.Name
}

// List is a collection of diagnostics; its zero value is ready to use.
type List []Diagnostic

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Addf appends a diagnostic built from its parts.
func (l *List) Addf(f *source.File, sp source.Span, sev Severity, code, hint, format string, args ...any) {
	l.Add(Diagnostic{File: f, Span: sp, Severity: sev, Code: code, Hint: hint, Message: sprintf(format, args...)})
}

// Sort orders l by file name, offset, code and message, so that output is
// deterministic whatever order the stages ran in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Filename(), b.Filename()),
			cmp.Compare(a.Span.Start, b.Span.Start),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Dedup removes diagnostics identical in file, span, code and message. l must
// be sorted.
func (l List) Dedup() List {
	return slices.CompactFunc(l, func(a, b Diagnostic) bool {
		return a.File == b.File && a.Span == b.Span && a.Code == b.Code && a.Message == b.Message
	})
}

// Shown returns the diagnostics a terminal or a page shows: all when
// verbose, else all but the info ones, which mark what cannot be verified
// and are noise there (machine formats always carry everything).
func (l List) Shown(verbose bool) List {
	if verbose {
		return l
	}
	var out List
	for _, d := range l {
		if d.Severity != Info {
			out = append(out, d)
		}
	}
	return out
}

// Summary counts the errors and warnings of l in words: "1 error, 2
// warnings".
func (l List) Summary() string {
	e, w := l.Count(Error), l.Count(Warning)
	return fmt.Sprintf("%d %s, %d %s", e, plural(e, "error"), w, plural(w, "warning"))
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// Count returns how many diagnostics have severity s.
func (l List) Count(s Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether l holds an error, or, when strict, a warning.
func (l List) HasErrors(strict bool) bool {
	for _, d := range l {
		if d.Severity == Error || strict && d.Severity == Warning {
			return true
		}
	}
	return false
}
