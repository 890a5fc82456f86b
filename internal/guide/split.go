package guide

import (
	"bytes"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/source"
)

// Format is the syntax of a guide's front matter.
type Format int

// Front matter formats.
const (
	NoFrontMatter Format = iota // none found
	YAML                        // between "---" lines (what guides use)
	TOML                        // between "+++" lines (Hugo accepts it)
)

// String returns the format's name.
func (f Format) String() string {
	switch f {
	case YAML:
		return "yaml"
	case TOML:
		return "toml"
	}
	return "none"
}

// MaxFrontMatter is the largest front matter Load decodes, in bytes. Real
// front matter is well under 2 KiB; the limit keeps hostile input cheap.
const MaxFrontMatter = 1 << 20

// split is the outcome of locating the front matter.
type split struct {
	format Format
	open   source.Span // the opening delimiter line (without line break)
	data   source.Span // the YAML or TOML text between the delimiters
	body   source.Span // everything after the closing delimiter line
}

// delimiters maps the delimiter lines guidec accepts to their format: YAML
// and TOML, as Hugo does (Hugo's JSON and Org front matter are not used by
// guides and stay off).
var delimiters = map[string]Format{"---": YAML, "+++": TOML}

// splitFrontMatter locates the front matter of f's content after the
// optional byte order mark at offset base.
//
// Lines end at LF, CRLF or a lone CR (source.EditorBreaks), as Hugo's front
// matter lexer ends them, so that a file saved with classic Mac line ends
// has front matter too. The first line that is not blank must be a
// delimiter, alone on its line but for blanks; the next line equal to that
// delimiter (blanks trimmed) closes it. Only the lines up to the closing
// delimiter are scanned.
func splitFrontMatter(f *source.File, base int) (split, *diag.Diagnostic) {
	c := f.Content
	off := base
	for off < len(c) {
		end, next := source.EditorBreaks.LineAt(c, off)
		open := trimBlanks(c, off, end)
		if open.Len() == 0 {
			off = next
			continue
		}
		format, ok := delimiters[string(c[open.Start:open.End])]
		if !ok {
			break
		}
		return closeFrontMatter(f, format, open, next)
	}
	return split{}, missing(f)
}

// closeFrontMatter finds the line closing the front matter opened by the
// delimiter line open, whose data starts at dataStart.
func closeFrontMatter(f *source.File, format Format, open source.Span, dataStart int) (split, *diag.Diagnostic) {
	c := f.Content
	delim := string(c[open.Start:open.End])
	for off := dataStart; off < len(c); {
		end, next := source.EditorBreaks.LineAt(c, off)
		if line := trimBlanks(c, off, end); string(c[line.Start:line.End]) == delim {
			return split{
				format: format,
				open:   open,
				data:   source.Span{Start: dataStart, End: off},
				body:   source.Span{Start: next, End: len(c)},
			}, nil
		}
		off = next
	}
	return split{}, unclosed(f, open)
}

func unclosed(f *source.File, open source.Span) *diag.Diagnostic {
	delim := string(f.Content[open.Start:open.End])
	return &diag.Diagnostic{File: f, Span: open, Severity: diag.Error, Code: "frontmatter-unclosed",
		Message: "front matter opened by " + delim + " is never closed",
		Hint:    "add a line " + delim + " after the last front matter key"}
}

// bodyHeading returns the first Markdown heading of c[start:end) that
// follows a blank line: a line of '#'s, a space and text, which YAML reads
// as a comment but front matter does not hold. In YAML front matter that
// does not parse, it shows that a later '---' closed it and its own
// closing line is missing.
func bodyHeading(c []byte, start, end int) (source.Span, bool) {
	blank := false
	for off := start; off < end; {
		e, next := source.EditorBreaks.LineAt(c, off)
		line := c[off:e]
		if blank && atxHeading.Re().Match(line) {
			return source.Span{Start: off, End: e}, true
		}
		blank = len(bytes.TrimSpace(line)) == 0
		off = next
	}
	return source.Span{}, false
}

var atxHeading = lazyre.New(`^#{1,6} +\S`)

// trimBlanks returns [start, end) without leading and trailing blanks.
func trimBlanks(c []byte, start, end int) source.Span {
	for start < end && isBlank(c[start]) {
		start++
	}
	for end > start && isBlank(c[end-1]) {
		end--
	}
	return source.Span{Start: start, End: end}
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\v' || b == '\f' }

func missing(f *source.File) *diag.Diagnostic {
	return &diag.Diagnostic{File: f, Span: source.Span{}, Severity: diag.Error, Code: "frontmatter-missing",
		Message: "no front matter",
		Hint:    "start the file with a YAML block between --- lines holding at least title:"}
}
