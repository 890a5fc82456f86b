package hugo

import (
	"net/url"
	"path"
	"strings"
	"unicode"
)

// Format is the markup of a content file, decided by its extension.
type Format int

// Content formats, with the extensions Hugo's default content types give
// them. Only Markdown is rendered by guidec; the others are pages all the
// same (links to them resolve, Hugo publishes them).
const (
	NotContent Format = iota // any other file: a resource
	Markdown                 // .md, .mdown, .markdown
	HTML                     // .html, .htm
	AsciiDoc                 // .adoc, .asciidoc, .ad
	Pandoc                   // .pandoc, .pdc
	RST                      // .rst
	Org                      // .org
)

// String returns the format's name.
func (f Format) String() string {
	switch f {
	case Markdown:
		return "markdown"
	case HTML:
		return "html"
	case AsciiDoc:
		return "asciidoc"
	case Pandoc:
		return "pandoc"
	case RST:
		return "rst"
	case Org:
		return "org"
	}
	return "file"
}

// contentExts are Hugo's default content types (lower case, as Hugo
// compares them after normalizing the path).
var contentExts = map[string]Format{
	"md": Markdown, "mdown": Markdown, "markdown": Markdown,
	"html": HTML, "htm": HTML,
	"adoc": AsciiDoc, "asciidoc": AsciiDoc, "ad": AsciiDoc,
	"pandoc": Pandoc, "pdc": Pandoc,
	"rst": RST,
	"org": Org,
}

// FormatOf returns the content format of a file name by its extension,
// compared without regard to case as Hugo does; NotContent for any other.
func FormatOf(name string) Format {
	ext := path.Ext(name)
	if ext == "" {
		return NotContent
	}
	return contentExts[strings.ToLower(ext[1:])]
}

// pathType is how Hugo's path parser classifies a content path.
type pathType int

const (
	pathFile   pathType = iota // not a content file
	pathSingle                 // NAME.md
	pathLeaf                   // index.md
	pathBranch                 // _index.md
)

// hpath is a path parsed with the rules of Hugo's common/paths.PathParser
// for the content component: lower-cased, spaces turned into '-', a
// leading slash and no trailing one; the identifiers are the extension and,
// before it, a language code when it names one of the site's languages.
// Only the last path element is searched for identifiers.
type hpath struct {
	s             string
	containerHigh int // index after the last '/'
	containerLow  int // index after the last but one '/', -1 when none
	ids           []span
	typ           pathType
}

// span is a [low, high) range of hpath.s.
type span struct{ low, high int }

// normalizePath is Hugo's NormalizePathStringBasic.
func normalizePath(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), " ", "-")
}

// parsePath parses s (slash-separated; relative paths are taken from the
// content root). isLang reports whether an identifier names one of the
// site's languages; nil means none does.
func parsePath(s string, isLang func(string) bool) hpath {
	s = normalizePath(s)
	if s == "" {
		s = "/"
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	if s != "/" && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	p := hpath{s: s, containerHigh: -1, containerLow: -1}
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case '.':
			if p.containerHigh != -1 {
				continue
			}
			high := len(s)
			if len(p.ids) > 0 {
				high = p.ids[len(p.ids)-1].low - 1
			}
			id := span{i + 1, high}
			switch {
			case len(p.ids) == 0:
				p.ids = append(p.ids, id)
			case len(p.ids) == 1 && isLang != nil && isLang(s[id.low:id.high]):
				p.ids = append(p.ids, id)
			}
		case '/':
			if p.containerHigh == -1 {
				p.containerHigh = i + 1
			} else if p.containerLow == -1 {
				p.containerLow = i + 1
			}
		}
	}
	if len(p.ids) > 0 && contentExts[p.ext()] != NotContent {
		switch s[p.containerHigh : p.ids[len(p.ids)-1].low-1] {
		case "index":
			p.typ = pathLeaf
		case "_index":
			p.typ = pathBranch
		default:
			p.typ = pathSingle
		}
	}
	return p
}

func (p hpath) ext() string {
	if len(p.ids) == 0 {
		return ""
	}
	return p.s[p.ids[0].low:p.ids[0].high]
}

func (p hpath) isBundle() bool { return p.typ == pathLeaf || p.typ == pathBranch }

// base is Hugo's Path.Base, the key of the page tree: for content files the
// path without identifiers, and without the last element for bundles
// ("/s/bundle/index.md" → "/s/bundle", "/_index.md" → "/"); other files
// keep their extension (and lose a language identifier).
func (p hpath) base() string {
	if len(p.ids) == 0 {
		return p.s
	}
	preserveExt := p.typ == pathFile
	if preserveExt && len(p.ids) == 1 {
		return p.s
	}
	high := p.ids[len(p.ids)-1].low - 1
	if p.isBundle() {
		high = p.containerHigh - 1
	}
	if high == 0 {
		high = 1
	}
	if !preserveExt {
		return p.s[:high]
	}
	return p.s[:high] + p.s[p.ids[0].low-1:p.ids[0].high]
}

// dir is Hugo's Path.Dir: all but the last element, "/" at the top.
func (p hpath) dir() string {
	d := ""
	if p.containerHigh > 0 {
		d = p.s[:p.containerHigh-1]
	}
	if d == "" {
		d = "/"
	}
	return d
}

// containerDir is Hugo's Path.ContainerDir: the parent of a bundle's
// directory, the directory of any other file.
func (p hpath) containerDir() string {
	if p.containerLow == -1 || !p.isBundle() {
		return p.dir()
	}
	return p.s[:p.containerLow-1]
}

// baseNameNoIdentifier is Hugo's Path.BaseNameNoIdentifier: a bundle's
// directory name, else the file name without identifiers.
func (p hpath) baseNameNoIdentifier() string {
	if p.isBundle() {
		if p.containerLow == -1 {
			return ""
		}
		return p.s[p.containerLow : p.containerHigh-1]
	}
	if len(p.ids) > 0 {
		return p.s[p.containerHigh : p.ids[len(p.ids)-1].low-1]
	}
	return p.s[p.containerHigh:]
}

// hasExt is Hugo's paths.HasExt: a '.' in the last path element.
func hasExt(p string) bool {
	for i := len(p) - 1; i >= 0; i-- {
		switch p[i] {
		case '.':
			return true
		case '/':
			return false
		}
	}
	return false
}

// sanitize is Hugo's paths.Sanitize, the first step of every URL path Hugo
// makes from a file path: letters, digits, marks and ". / \ _ # + ~ - @"
// are kept (and "%XX" escapes), white space becomes one '-' unless next to
// one, anything else is dropped.
func sanitize(s string) string {
	changes := false
	for i, r := range s {
		if !allowedInPath(s, i, r) {
			changes = true
			break
		}
	}
	if !changes {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prependHyphen, wasHyphen := false, false
	for i, r := range s {
		switch {
		case allowedInPath(s, i, r):
			wasHyphen = r == '-'
			if prependHyphen {
				if !wasHyphen {
					b.WriteByte('-')
				}
				prependHyphen = false
			}
			b.WriteRune(r)
		case b.Len() > 0 && !wasHyphen && unicode.IsSpace(r):
			prependHyphen = true
		}
	}
	return b.String()
}

func allowedInPath(s string, i int, r rune) bool {
	if r == ' ' {
		return false
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return true
	}
	switch r {
	case '.', '/', '\\', '_', '#', '+', '~', '-', '@':
		return true
	case '%':
		return i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// pathEscape is Hugo's paths.PathEscape: the escaped path of p parsed as a
// URL (non-ASCII letters are percent-encoded, valid escapes kept).
func pathEscape(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	return u.EscapedPath()
}

// urlEscape is Hugo's paths.URLEscape, for URLs written in front matter.
func urlEscape(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	return u.String()
}
