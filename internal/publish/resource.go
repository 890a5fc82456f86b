package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// Guides arrive as pull requests from strangers, and every file of a
// guide's folder would otherwise be published on the site's origin: an
// .html, an .svg or a .js file there runs script for every reader who opens
// it (stored cross-site scripting, whatever allowRawHTML says). So resources
// are published by an allow-list of types, never a deny-list: what a guide
// needs is screenshots, downloads and media, whose types are known.
//
// Markup that browsers may execute (SVG, HTML, XML) is published only when
// the site opts in with site.yaml's resourceTypes, and then only when it
// holds no active content (scripts, event handlers, script URLs, embedded
// documents). Script types are never published from a guide: a site's own
// scripts belong to site/static, which the project reviews as code.

// passiveTypes are the extensions published by default: formats a browser
// shows or downloads without running anything from them.
var passiveTypes = map[string]bool{
	// images
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true, ".avif": true,
	".ico": true, ".bmp": true, ".tif": true, ".tiff": true,
	// documents and configuration downloads (served as text or data)
	".pdf": true, ".txt": true, ".csv": true, ".json": true, ".yaml": true, ".yml": true,
	".toml": true, ".ini": true, ".conf": true, ".env": true, ".asc": true, ".gpg": true,
	".pem": true, ".pub": true, ".crt": true,
	// archives
	".zip": true, ".gz": true, ".tgz": true, ".tar": true, ".xz": true, ".zst": true,
	// audio and video
	".mp4": true, ".webm": true, ".ogg": true, ".ogv": true, ".mp3": true, ".wav": true,
	".m4a": true, ".mov": true, ".flac": true,
	// fonts
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true,
}

// markupTypes are the extensions a site may opt in to (resourceTypes),
// which guidec then checks for active content before publishing.
var markupTypes = map[string]bool{".svg": true, ".html": true, ".htm": true, ".xhtml": true, ".xht": true, ".xml": true}

// scriptTypes are never published from a guide: nothing can show that a
// script is harmless. Server-side script extensions are listed too, since
// some hosts run them.
var scriptTypes = map[string]bool{
	".js": true, ".mjs": true, ".cjs": true, ".wasm": true, ".swf": true, ".jsp": true,
	".php": true, ".phtml": true, ".asp": true, ".aspx": true, ".cgi": true, ".pl": true,
	".shtml": true, ".xsl": true, ".xslt": true, ".svgz": true, ".htc": true, ".hta": true,
	".jar": true, ".xbap": true, ".appcache": true, ".manifest": true, ".webmanifest": true,
}

// MaxMarkupResource bounds the size of an opted-in markup resource, which
// is read whole to be checked.
const MaxMarkupResource = 8 << 20

// ResourceCodes are the codes CheckResource reports.
var ResourceCodes = []diag.CodeInfo{
	{Code: "resource-type", Severity: diag.Warning, Summary: "a file in a guide's folder has a type the site does not publish"},
	{Code: "resource-active", Severity: diag.Error, Summary: "a file in a guide's folder could run script in readers' browsers; it is not published"},
}

// resourceExt returns the lower-case extension of a resource name.
func resourceExt(name string) string { return strings.ToLower(path.Ext(name)) }

// ResourceTypeAllowed reports whether a resource called name is of a type
// the site publishes: passive, or markup the site opted in to. It looks at
// the name only; CheckResource also reads the content.
func (c *Config) ResourceTypeAllowed(name string) bool {
	ext := resourceExt(name)
	switch {
	case scriptTypes[ext]:
		return false
	case passiveTypes[ext]:
		return true
	}
	return slices.Contains(c.ResourceTypes, ext)
}

// CheckResource decides whether the file name of a guide's folder (fsys)
// is published. display is the file's path as diagnostics show it. A
// refused file comes with a diagnostic: resource-type for a type the site
// does not publish, resource-active for one that could run script (a
// script type, markup not opted in, markup with active content, or a file
// whose bytes are markup whatever its name says).
func (c *Config) CheckResource(fsys fs.FS, name, display string) (bool, *diag.Diagnostic) {
	ext := resourceExt(name)
	file := source.NewFile(display, nil)
	refuse := func(code, msg, hint string) (bool, *diag.Diagnostic) {
		sev := diag.Error
		if code == "resource-type" {
			sev = diag.Warning
		}
		return false, &diag.Diagnostic{File: file, Severity: sev, Code: code, Message: msg, Hint: hint}
	}
	if err := CheckPath(name); err != nil {
		return refuse("resource-name", fmt.Sprintf("%q cannot be published under that name", name),
			"rename the file: letters, digits, '-', '_' and '.'")
	}
	switch {
	case scriptTypes[ext]:
		return refuse("resource-active", fmt.Sprintf("%s is a script type (%s); guides cannot publish scripts", name, ext),
			"remove it from the guide's folder; site scripts belong in site/static")
	case markupTypes[ext] && !slices.Contains(c.ResourceTypes, ext):
		return refuse("resource-active", fmt.Sprintf("%s is %s markup, which can run script in readers' browsers; it is not published", name, ext),
			fmt.Sprintf("use a PNG or WebP image, or let the site publish checked %s files with resourceTypes: [%s] in site.yaml", ext, strings.TrimPrefix(ext, ".")))
	case markupTypes[ext]:
		return c.checkMarkup(fsys, name, display)
	case !c.ResourceTypeAllowed(name):
		what := "files without an extension"
		if ext != "" {
			what = ext + " files"
		}
		return refuse("resource-type", fmt.Sprintf("%s is not published: the site does not publish %s", name, what),
			"link a published format instead (PNG, PDF, …), or list the type in site.yaml's resourceTypes")
	}
	head, err := readHead(fsys, name)
	if err != nil {
		return true, nil // publishing reports the read error with its own code
	}
	if kind := markupSniff(head); kind != "" {
		return refuse("resource-active", fmt.Sprintf("%s holds %s although its name says %s; browsers may run it as a page", name, kind, ext),
			"give the file the type of its content, or remove it")
	}
	return true, nil
}

// readHead reads the first 512 bytes of name, what content sniffing reads.
func readHead(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:n], nil
}

// markupSniff returns what markup head starts with ("HTML", "SVG", "XML"),
// or "" when it is none: the content-sniffing view of a browser or server
// that ignores the file's extension.
func markupSniff(head []byte) string {
	// Without its byte order mark, which sniffing takes for plain text,
	// as a page that a server labels text/html is read.
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	ct := http.DetectContentType(head)
	switch {
	case strings.HasPrefix(ct, "text/html"):
		return "HTML"
	case strings.HasPrefix(ct, "text/xml"):
		return "XML"
	}
	t := bytes.TrimLeft(head, " \t\r\n\f")
	if len(t) >= 4 && bytes.EqualFold(t[:4], []byte("<svg")) {
		return "SVG"
	}
	return ""
}

// activeElements can run script or load a document into the page.
var activeElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "embed": true, "object": true,
	"applet": true, "foreignobject": true, "base": true, "meta": true, "form": true, "link": true,
	"handler": true, "listener": true, "portal": true, "noscript": true,
}

// scriptSchemes are URL schemes that run script or documents when followed.
var scriptSchemes = []string{"javascript:", "vbscript:", "livescript:", "data:text/html", "data:application/xhtml", "data:image/svg", "data:text/xml", "data:application/xml"}

// checkMarkup reads an opted-in markup resource whole and refuses it when
// it holds active content, pointing at the first instance.
func (c *Config) checkMarkup(fsys fs.FS, name, display string) (bool, *diag.Diagnostic) {
	f, err := fsys.Open(name)
	if err != nil {
		return true, nil // publishing reports the read error
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxMarkupResource+1))
	f.Close()
	if err != nil {
		return true, nil
	}
	file := source.NewFile(display, data)
	if len(data) > MaxMarkupResource {
		return false, &diag.Diagnostic{File: file, Severity: diag.Error, Code: "resource-active",
			Message: fmt.Sprintf("%s is larger than %d MiB, too large to check for active content", name, MaxMarkupResource>>20),
			Hint:    "publish a smaller file, or a raster image"}
	}
	if off, what := activeContent(data); off >= 0 {
		return false, &diag.Diagnostic{File: file, Span: source.Span{Start: off, End: off}, Severity: diag.Error, Code: "resource-active",
			Message: fmt.Sprintf("%s holds %s, which runs in readers' browsers; it is not published", name, what),
			Hint:    "remove the active content (an image needs none), or publish a PNG instead"}
	}
	return true, nil
}

// activeContent returns the byte offset and a description of the first
// active content in markup data, or -1. It reads tags as a browser's
// tokenizer does (attribute values with character references decoded), so
// that encodings of a script URL are seen as the browser sees them.
func activeContent(data []byte) (int, string) {
	// XML features the HTML tokenizer does not model: entity declarations
	// (expanded by the XML parser browsers use for SVG) and style sheet
	// processing instructions (XSLT can run script).
	first, firstWhat := -1, ""
	for _, raw := range []string{"<!entity", "<?xml-stylesheet"} {
		if i := indexFold(data, raw); i >= 0 && (first < 0 || i < first) {
			first, firstWhat = i, "an XML "+strings.TrimPrefix(raw, "<")+" declaration"
		}
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	off := 0
	for first < 0 || off < first {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		start := off
		off += len(z.Raw())
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		el := localName(tok.Data)
		if activeElements[el] {
			return start, fmt.Sprintf("a <%s> element", el)
		}
		for _, a := range tok.Attr {
			if what := activeAttr(a); what != "" {
				return start, what
			}
		}
	}
	return first, firstWhat
}

// activeAttr describes an attribute that runs script, or returns "".
func activeAttr(a html.Attribute) string {
	key := localName(a.Key)
	val := strings.ToLower(strings.Map(func(r rune) rune {
		// Browsers drop whitespace and control characters inside a URL's
		// scheme ("java\tscript:"), so compare without them.
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, a.Val))
	switch {
	case strings.HasPrefix(key, "on"):
		return fmt.Sprintf("an event handler attribute (%s)", a.Key)
	case key == "attributename" && strings.HasPrefix(val, "on"):
		return fmt.Sprintf("an animation that sets an event handler (%s)", a.Val)
	case key == "style" && (strings.Contains(val, "expression(") || strings.Contains(val, "javascript:")):
		return "a style attribute with script"
	}
	for _, s := range scriptSchemes {
		if strings.HasPrefix(val, s) {
			return fmt.Sprintf("a %s URL (%s)", strings.TrimSuffix(s, ":"), a.Key)
		}
	}
	return ""
}

// localName drops an XML namespace prefix ("svg:script" → "script"), which
// an XML parser resolves and the HTML tokenizer keeps.
func localName(s string) string {
	s = strings.ToLower(s)
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// indexFold is bytes.Index ignoring ASCII case; sub is lower case.
func indexFold(data []byte, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(data); i++ {
		if data[i] == '<' && bytes.EqualFold(data[i:i+n], []byte(sub)) {
			return i
		}
	}
	return -1
}
