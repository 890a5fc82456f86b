package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
)

// diagReport is /__guidec/diagnostics.json: what the overlay draws.
type diagReport struct {
	Seq int `json:"seq"`
	// Error is why the last build could not produce a site; the previous
	// one is served meanwhile.
	Error string `json:"error,omitempty"`
	// Guide is the guide the page belongs to, from the page query
	// parameter ("" for the home page and other files).
	Guide string `json:"guide,omitempty"`
	// Stale reports that Guide failed and its last good page is served.
	Stale       bool         `json:"stale"`
	Errors      int          `json:"errors"`   // in the whole site
	Warnings    int          `json:"warnings"` // in the whole site
	Diagnostics []diagRecord `json:"diagnostics"`
	// Omitted counts the diagnostics of other guides, or beyond
	// maxOverlay, that are not listed.
	Omitted int `json:"omitted"`
	// Missing names the watched directories that are gone (deleted or
	// moved away): the site is the last one built and does not change
	// until they are back.
	Missing []string `json:"missing"`
}

// diagRecord is one diagnostic as the overlay shows it.
type diagRecord struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Excerpt  string `json:"excerpt,omitempty"` // the source line
	Guide    string `json:"guide,omitempty"`
}

// maxOverlay caps the diagnostics listed in one report.
const maxOverlay = 100

// maxExcerpt caps an excerpt line, in bytes.
const maxExcerpt = 400

// report builds the diagnostics report of snap for the page at urlPath
// ("" lists the whole site): the diagnostics of the page's guide and those
// of no guide (site configuration, layouts, templates).
func report(snap *build.Snapshot, urlPath string, verbose bool) *diagReport {
	rep := &diagReport{Seq: snap.Seq, Diagnostics: []diagRecord{}, Missing: []string{}}
	if snap.Err != nil {
		rep.Error = snap.Err.Error()
	}
	all := urlPath == ""
	if !all {
		rep.Guide = guideOfURL(snap, urlPath)
	}
	for _, n := range snap.Stale {
		rep.Stale = rep.Stale || n == rep.Guide && rep.Guide != ""
	}
	for _, d := range snap.Diags.Shown(verbose) {
		switch d.Severity {
		case diag.Error:
			rep.Errors++
		case diag.Warning:
			rep.Warnings++
		}
		g, _ := snap.Guide(d.File)
		if !all && g != "" && g != rep.Guide || len(rep.Diagnostics) == maxOverlay {
			rep.Omitted++
			continue
		}
		rep.Diagnostics = append(rep.Diagnostics, record(d, g))
	}
	return rep
}

// guideOfURL returns the guide whose page or resource is at urlPath
// ("/romm/" or "/romm/login.png" → "romm"), if there is one.
func guideOfURL(snap *build.Snapshot, urlPath string) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(urlPath, "/"), "/")
	if _, ok := snap.Used[name]; ok {
		return name
	}
	return ""
}

func record(d diag.Diagnostic, guide string) diagRecord {
	r := diagRecord{Severity: d.Severity.String(), Code: d.Code, Message: d.Message, Hint: d.Hint, Guide: guide}
	if d.File == nil {
		return r
	}
	r.File = d.File.Name
	if pos := d.Start(); pos.IsValid() {
		r.Line, r.Column = pos.Line, pos.Column
		line := d.File.Line(pos.Line)
		if len(line) > maxExcerpt {
			line = line[:maxExcerpt]
			for len(line) > 0 && !utf8.Valid(line) {
				line = line[:len(line)-1] // do not cut a character in two
			}
		}
		r.Excerpt = strings.TrimRight(string(line), "\r\n")
	}
	return r
}

func (s *Server) serveDiagnostics(w http.ResponseWriter, r *http.Request) {
	rep := report(s.current(), r.URL.Query().Get("page"), s.opt.Verbose)
	rep.Missing = append(rep.Missing, *s.missing.Load()...)
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(rep); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// key identifies a diagnostic across builds, for the terminal to print
// only what is new.
func key(d diag.Diagnostic) string {
	pos := d.Start()
	return fmt.Sprintf("%s:%d:%d:%s:%s", d.Filename(), pos.Line, pos.Column, d.Code, d.Message)
}

// printBuild writes what a build changed to the terminal: the diagnostics
// that are new since the previous build and a summary line.
func (s *Server) printBuild(w io.Writer, snap *build.Snapshot, took string) {
	shown := snap.Diags.Shown(s.opt.Verbose)
	seen := make(map[string]bool, len(shown))
	var fresh diag.List
	for _, d := range shown {
		k := key(d)
		seen[k] = true
		if !s.printed[k] {
			fresh = append(fresh, d)
		}
	}
	fixed := 0
	for k := range s.printed {
		if !seen[k] {
			fixed++
		}
	}
	s.printed = seen
	diag.PrintText(w, fresh, diag.TextOptions{Color: s.opt.Color, Context: true})
	var b strings.Builder
	fmt.Fprintf(&b, "guidec serve: build %d", snap.Seq)
	if n := len(snap.Rendered); n > 0 && snap.Seq > 1 {
		fmt.Fprintf(&b, ": rendered %s", names(snap.Rendered))
	}
	fmt.Fprintf(&b, " in %s: %s", took, shown.Summary())
	if snap.Seq > 1 && (len(fresh) > 0 || fixed > 0) {
		fmt.Fprintf(&b, " (%d new, %d gone)", len(fresh), fixed)
	}
	b.WriteByte('\n')
	if snap.Err != nil {
		fmt.Fprintf(&b, "guidec serve: %v; serving the previous site\n", snap.Err)
	}
	if len(snap.Stale) > 0 {
		fmt.Fprintf(&b, "guidec serve: serving the last good version of %s until fixed\n", names(snap.Stale))
	}
	io.WriteString(w, b.String())
}

// names lists a few names: "a, b and 3 more".
func names(l []string) string {
	const max = 3
	if len(l) <= max {
		return strings.Join(l, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(l[:max], ", "), len(l)-max)
}
