package guide

import (
	"bytes"

	"github.com/adrg/frontmatter"

	"github.com/guidec/guidec/internal/diag"
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

// capture is an adrg/frontmatter UnmarshalFunc target: it records the raw
// front matter instead of decoding it, because we decode it ourselves into
// a yaml.Node tree that keeps positions.
type capture struct {
	format Format
	data   []byte
}

func captureAs(f Format) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*capture)
		c.format, c.data = f, data
		return nil
	}
}

// formats are the delimiters guidec accepts: YAML and TOML, as Hugo does.
// adrg's other defaults (JSON between ";;;", "---json" and so on) are not
// Hugo syntax and stay off.
var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", captureAs(YAML)),
	frontmatter.NewFormat("+++", "+++", captureAs(TOML)),
}

// splitFrontMatter locates the front matter of f's content after the
// optional byte order mark at offset base.
//
// adrg/frontmatter finds the delimiters (the first non-blank line must open
// it, a line equal to the delimiter after trimming closes it) and returns
// the body; the data's offset follows exactly from the body's: the closing
// line ends where the body starts, and the data ends where the closing line
// starts. When adrg finds nothing, an opening delimiter without a closing
// one is told apart from no front matter at all.
func splitFrontMatter(f *source.File, base int) (split, *diag.Diagnostic) {
	content := f.Content[base:]
	var c capture
	rest, err := frontmatter.Parse(bytes.NewReader(content), &c, formats...)
	if err != nil {
		// capture never fails and a bytes.Reader cannot: this is a bug.
		return split{}, &diag.Diagnostic{File: f, Span: source.Span{Start: base, End: base},
			Severity: diag.Error, Code: "internal", Message: "front matter: " + err.Error()}
	}
	if c.format == NoFrontMatter {
		return split{}, missingOrUnclosed(f, base)
	}
	bodyStart := base + len(content) - len(rest)
	closeStart := lineStartBefore(f.Content, bodyStart)
	dataStart := closeStart - len(c.data)
	if dataStart < base || !bytes.Equal(f.Content[dataStart:closeStart], c.data) {
		return split{}, &diag.Diagnostic{File: f, Span: source.Span{Start: base, End: base},
			Severity: diag.Error, Code: "internal", Message: "front matter: cannot locate the delimiters"}
	}
	openStart := lineStartBefore(f.Content, dataStart)
	return split{
		format: c.format,
		open:   trimLine(f.Content, openStart),
		data:   source.Span{Start: dataStart, End: closeStart},
		body:   source.Span{Start: bodyStart, End: len(f.Content)},
	}, nil
}

// lineStartBefore returns the start of the line that ends just before off
// (off is the start of the following line, or the end of the file).
func lineStartBefore(c []byte, off int) int {
	end := off
	if end > 0 && c[end-1] == '\n' {
		end--
	}
	return bytes.LastIndexByte(c[:end], '\n') + 1
}

// trimLine returns the span of the line starting at off without its line
// break and surrounding blanks.
func trimLine(c []byte, off int) source.Span {
	end := bytes.IndexByte(c[off:], '\n')
	if end < 0 {
		end = len(c)
	} else {
		end += off
	}
	start := off
	for start < end && isBlank(c[start]) {
		start++
	}
	for end > start && (isBlank(c[end-1]) || c[end-1] == '\r') {
		end--
	}
	return source.Span{Start: start, End: end}
}

func isBlank(b byte) bool { return b == ' ' || b == '\t' || b == '\v' || b == '\f' }

// missingOrUnclosed explains why adrg found no front matter: the first
// non-blank line is an opening delimiter that is never closed, or there is
// none at all.
func missingOrUnclosed(f *source.File, base int) *diag.Diagnostic {
	c := f.Content
	for off := base; off < len(c); {
		line := trimLine(c, off)
		text := string(c[line.Start:line.End])
		switch {
		case text == "---" || text == "+++":
			return &diag.Diagnostic{File: f, Span: line, Severity: diag.Error, Code: "frontmatter-unclosed",
				Message: "front matter opened by " + text + " is never closed",
				Hint:    "add a line " + text + " after the last front matter key"}
		case text != "":
			return missing(f)
		}
		next := bytes.IndexByte(c[off:], '\n')
		if next < 0 {
			break
		}
		off += next + 1
	}
	return missing(f)
}

func missing(f *source.File) *diag.Diagnostic {
	return &diag.Diagnostic{File: f, Span: source.Span{}, Severity: diag.Error, Code: "frontmatter-missing",
		Message: "no front matter",
		Hint:    "start the file with a YAML block between --- lines holding at least title:"}
}
