package guide

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/source"
)

// IndexFile is the name of a guide's Markdown file inside its directory.
const IndexFile = "index.md"

// MaxFileSize is the largest index.md Load reads, in bytes.
const MaxFileSize = 8 << 20

// Guide is one loaded guide.
type Guide struct {
	Name string       // directory name, which is also the URL slug
	File *source.File // index.md; File.Name is the display name given to Load
	// Format is the front matter's syntax; NoFrontMatter when there is none.
	Format Format
	// FrontMatter is the front matter text between its delimiter lines; the
	// zero Span when there is none.
	FrontMatter source.Span
	// Body is the Markdown after the front matter's closing line (after the
	// byte order mark and front matter, or all of the file when there is no
	// front matter).
	Body source.Span
	Meta Meta
	// Resources are the other regular files of the guide directory and its
	// subdirectories, as slash-separated paths relative to it, sorted.
	// Hidden files (leading '.') and symbolic links are left out.
	Resources []string

	reserved bool // the file holds U+FFFC or NUL
}

// Renderable reports whether later stages may expand and render the body.
// It is false when the file holds U+FFFC, which shortcode expansion uses to
// mark its calls (a stray one would take another call's place), or NUL
// bytes; both are reported by Load. Invalid UTF-8 is reported but harmless
// downstream.
func (g *Guide) Renderable() bool { return !g.reserved }

// Load reads the guide dir/name from fsys: its index.md and the list of its
// resources. display is the file name diagnostics print (the path as the
// user sees it, typically relative to the working directory); "" means
// dir/name/index.md.
//
// Every problem with the input is a diagnostic. The Guide is nil only when
// index.md could not be read (diag code "io", "guide-symlink" or
// "source-too-large"); otherwise it is returned even when its front matter
// has errors, so that checks of the body can still run.
//
// A panic while loading (a bug in guidec, or an fs.FS that panics) is
// recovered as an "internal" diagnostic naming the guide, with a nil Guide:
// Load runs before any per-guide recovery of the build, and one guide must
// not take the others down.
func Load(fsys fs.FS, dir, name, display string) (g *Guide, l diag.List) {
	if display == "" {
		display = path.Join(dir, name, IndexFile)
	}
	defer func() {
		if v := recover(); v != nil {
			g = nil
			l = append(l, diag.Diagnostic{File: source.NewFile(display, nil), Severity: diag.Error, Code: "internal",
				Message: fmt.Sprintf("guidec failed loading guide %q: %v", name, v),
				Hint:    "this is a bug in guidec; please report it with the guide"})
		}
	}()
	return loadGuide(fsys, dir, name, display)
}

func loadGuide(fsys fs.FS, dir, name, display string) (*Guide, diag.List) {
	gdir := path.Join(dir, name)
	var l diag.List
	if err := ValidName(name); err != nil {
		l.Add(diag.Diagnostic{File: source.NewFile(display, nil), Severity: diag.Error, Code: "guide-name",
			Message: err.Error(), Hint: "rename the directory: lowercase letters, digits and '-'"})
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || !fs.ValidPath(gdir) {
			return nil, l // not one path segment: reading it could leave dir
		}
	}
	content, resources, problems := readGuide(fsys, gdir, display)
	l = append(l, problems...)
	if content == nil {
		return nil, l
	}
	return newGuide(name, display, content, resources, l)
}

// LoadFile reads one page file of a Hugo content tree (a bundle's
// index.md, a section's _index.md, a leaf page NAME.md) at file in fsys,
// as Load reads a guide's index.md, but lists no resources: the content
// tree (package hugo) says which files a page owns. name is the page's
// identity, any path; display is the file name diagnostics print. Only
// the file is read, so a symbolic link must have been left out before
// (hugo.Discover does).
func LoadFile(fsys fs.FS, file, name, display string) (g *Guide, l diag.List) {
	defer func() {
		if v := recover(); v != nil {
			g = nil
			l = append(l, diag.Diagnostic{File: source.NewFile(display, nil), Severity: diag.Error, Code: "internal",
				Message: fmt.Sprintf("guidec failed loading page %q: %v", name, v),
				Hint:    "this is a bug in guidec; please report it with the page"})
		}
	}()
	content, err := readLimited(fsys, file)
	if err != nil {
		return nil, diag.List{readProblem(source.NewFile(display, nil), err)}
	}
	return newGuide(name, display, content, nil, nil)
}

// newGuide checks and parses the content of a guide file read from disk;
// l holds the diagnostics of reading it so far.
func newGuide(name, display string, content []byte, resources []string, l diag.List) (*Guide, diag.List) {
	g := &Guide{Name: name, File: source.NewFile(display, content), Resources: resources}
	for i := range l {
		if l[i].File != nil && l[i].File.Name == display {
			l[i].File = g.File // attach to the real file, for printing the source line
		}
	}
	pl := g.parse() // first: the body's extent says where controls count
	bl, cl := scanBytes(g.File, g.Body)
	for _, d := range bl {
		g.reserved = g.reserved || d.Code == "source-reserved-char" || d.Code == "source-nul"
	}
	l = append(l, bl...)
	l = append(l, pl...)
	l = append(l, cl...)
	return g, l
}

// readGuide lists gdir and reads its index.md. content is nil when the file
// cannot be read; problems are attached to a placeholder file named display.
func readGuide(fsys fs.FS, gdir, display string) (content []byte, resources []string, problems diag.List) {
	placeholder := source.NewFile(display, nil)
	entries, err := fs.ReadDir(fsys, gdir)
	if err == nil {
		err = checkIndex(entries)
	}
	if err == nil {
		content, err = readLimited(fsys, path.Join(gdir, IndexFile))
	}
	if err != nil {
		return nil, nil, diag.List{readProblem(placeholder, err)}
	}
	resources, links, err := listResources(fsys, gdir, entries)
	if err != nil {
		problems.Add(readProblem(placeholder, err))
	}
	for _, ln := range links {
		problems.Add(diag.Diagnostic{File: placeholder, Severity: diag.Warning, Code: "guide-symlink",
			Message: fmt.Sprintf("resource %s is a symbolic link; it is not published", ln),
			Hint:    "copy the file into the guide directory"})
	}
	return content, resources, problems
}

// errIndexLink reports an index.md that is a symbolic link.
var errIndexLink = errors.New("index.md is a symbolic link, which guidec does not follow")

// checkIndex finds index.md among a guide directory's entries: it must be
// there, and be a regular file rather than a link (never followed).
func checkIndex(entries []fs.DirEntry) error {
	for _, e := range entries {
		switch {
		case e.Name() != IndexFile:
		case e.Type()&fs.ModeSymlink != 0:
			return errIndexLink
		case !e.Type().IsRegular():
			return fmt.Errorf("%s is not a regular file", IndexFile)
		default:
			return nil
		}
	}
	return fmt.Errorf("%s: %w", IndexFile, fs.ErrNotExist)
}

// readProblem turns a failure to read a guide into its diagnostic.
func readProblem(f *source.File, err error) diag.Diagnostic {
	switch {
	case errors.Is(err, errIndexLink):
		return diag.Diagnostic{File: f, Severity: diag.Error, Code: "guide-symlink", Message: err.Error(), Hint: "replace the link by the file"}
	case errors.Is(err, errTooLarge):
		return diag.Diagnostic{File: f, Severity: diag.Error, Code: "source-too-large",
			Message: fmt.Sprintf("file is larger than %d MiB", MaxFileSize>>20), Hint: "split the guide"}
	}
	return diag.Diagnostic{File: f, Severity: diag.Error, Code: "io", Message: ioMessage(err)}
}

var errTooLarge = errors.New("file too large")

// readLimited reads name, failing with errTooLarge beyond MaxFileSize
// without reading the rest.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read into a buffer of the file's size (plus one byte, to see the
	// end): the content is kept for the whole build, and io.ReadAll's
	// growth would keep up to twice that and copy it several times.
	size := 512
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = int(min(max(fi.Size(), 0), MaxFileSize)) + 1
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew, or Stat gave no size
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if len(b) > MaxFileSize {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ioMessage turns an I/O error into a diagnostic message: lowercase, and
// without the path, which the diagnostic's file already shows.
func ioMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = fmt.Errorf("%s %s: %w", pe.Op, path.Base(pe.Path), pe.Err)
	}
	return "cannot read guide: " + err.Error()
}

// listResources returns the regular files under gdir other than index.md,
// relative to gdir and sorted, and separately the symbolic links it skipped.
// entries are gdir's own, already read: only subdirectories are read here,
// which saves a guide of resources its second directory listing.
func listResources(fsys fs.FS, gdir string, entries []fs.DirEntry) (files, links []string, err error) {
	visit := func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, gdir+"/")
		switch {
		case strings.HasPrefix(e.Name(), "."):
			if e.IsDir() {
				return fs.SkipDir
			}
		case e.Type()&fs.ModeSymlink != 0:
			links = append(links, rel)
		case e.IsDir():
		case rel == IndexFile:
		case e.Type().IsRegular():
			files = append(files, rel)
		}
		return nil
	}
	for _, e := range entries {
		p := path.Join(gdir, e.Name())
		if err = visit(p, e, nil); err == fs.SkipDir {
			err = nil
			continue
		}
		if e.IsDir() && e.Type()&fs.ModeSymlink == 0 {
			err = fs.WalkDir(fsys, p, visit)
		}
		if err != nil {
			break
		}
	}
	sort.Strings(files)
	sort.Strings(links)
	return files, links, err
}

// parse splits and decodes the front matter.
func (g *Guide) parse() diag.List {
	base := 0
	if bytes.HasPrefix(g.File.Content, []byte(bom)) {
		base = len(bom)
	}
	g.Body = source.Span{Start: base, End: len(g.File.Content)}
	sp, d := splitFrontMatter(g.File, base)
	if d != nil {
		return diag.List{*d}
	}
	g.Format, g.FrontMatter, g.Body = sp.format, sp.data, sp.body
	if sp.data.Len() > MaxFrontMatter {
		return diag.List{{File: g.File, Span: sp.open, Severity: diag.Error, Code: "frontmatter-too-large",
			Message: fmt.Sprintf("front matter is larger than %d KiB", MaxFrontMatter>>10),
			Hint:    "front matter holds a few keys; move content into the body"}}
	}
	var doc *yamlpos.Doc
	var serr *yamlpos.SyntaxError
	if sp.format == TOML {
		doc, serr = parseTOML(g.File, sp.data)
	} else {
		doc, serr = yamlpos.Parse(g.File, sp.data)
	}
	if serr != nil {
		if sp.format == YAML {
			if h, ok := bodyHeading(g.File.Content, sp.data.Start, serr.Span.Start); ok {
				// The closing delimiter is missing and a later '---' (a
				// thematic break) closed the front matter instead.
				d := unclosed(g.File, sp.open)
				d.Related = []diag.Related{{File: g.File, Span: h, Message: "the body starts here, inside the front matter"}}
				return diag.List{*d}
			}
		}
		if sp.format == YAML {
			if q, ok := openQuote(g.File.Content, sp.data.Start, serr.Span.Start); ok {
				// A quoted value left open runs on over the lines under
				// it, and the parser stops where that no longer works:
				// the line to mend is the one the quote opens on.
				return diag.List{{File: g.File, Span: q, Severity: diag.Error, Code: "frontmatter-syntax",
					Message: "this quoted value is not closed on its line, so it runs on into the lines under it (" + serr.Message + ")",
					Hint:    "close the quote at the end of the value"}}
			}
		}
		return diag.List{{File: g.File, Span: serr.Span, Severity: diag.Error, Code: "frontmatter-syntax",
			Message: serr.Message, Hint: "fix the " + sp.format.String() + " syntax of the front matter"}}
	}
	meta, l := decodeMeta(doc, sp.open)
	doc.Release() // Meta and the findings hold strings and spans, no node
	g.Meta = meta
	return l
}

// openQuote returns the opening quote of the first value in
// content[from:to] that starts with a quote (key: "… or - '…) and is not
// closed on its line: a quote dropped at the end of a value, which the
// YAML parser reports only where the value's run-on breaks something,
// lines later. Front matter values are one line each; a value written
// over several lines on purpose is rare enough that, with the parser
// failing under it, it is the likeliest cause.
func openQuote(content []byte, from, to int) (source.Span, bool) {
	// The error's own line counts: the parser may stop on it.
	if k := bytes.IndexByte(content[to:], '\n'); k >= 0 {
		to += k
	} else {
		to = len(content)
	}
	for i := from; i < to; {
		end := bytes.IndexByte(content[i:to], '\n')
		if end < 0 {
			end = to
		} else {
			end += i
		}
		line := content[i:end]
		if q := valueQuote(line); q >= 0 && !closedOnLine(line[q+1:], line[q]) {
			return source.Span{Start: i + q, End: i + q + 1}, true
		}
		i = end + 1
	}
	return source.Span{}, false
}

// valueQuote returns the offset in line of a quote that opens its value
// (after "key: " or "- "), or -1.
func valueQuote(line []byte) int {
	t := bytes.TrimLeft(line, " ")
	start := len(line) - len(t)
	var rest []byte
	if after, ok := bytes.CutPrefix(t, []byte("- ")); ok {
		rest = after
	} else if k := bytes.Index(t, []byte(": ")); k > 0 && t[0] != '#' {
		rest = t[k+2:]
	} else {
		return -1
	}
	v := bytes.TrimLeft(rest, " ")
	if len(v) == 0 || v[0] != '"' && v[0] != '\'' {
		return -1
	}
	return start + (len(t) - len(v))
}

// closedOnLine reports whether rest, the text after an opening quote q,
// holds its closing quote: an unescaped " for ", a ' not doubled for '.
func closedOnLine(rest []byte, q byte) bool {
	for i := 0; i < len(rest); i++ {
		switch {
		case q == '"' && rest[i] == '\\':
			i++
		case rest[i] == q && q == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
			i++
		case rest[i] == q:
			return true
		}
	}
	return false
}

// Discover returns the names of the guides in dir, sorted: the
// subdirectories that hold an index.md. Hidden directories (leading '.')
// and directories without index.md are not guides and are skipped.
// Directories whose names are not ValidName, and symbolic links (which are
// never followed), are reported and left out. The error is for I/O failure.
//
// Diagnostics name the directory as path.Join(dir, name): pass an fsys
// rooted at the working directory for names the user recognises.
func Discover(fsys fs.FS, dir string) ([]string, diag.List, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, nil, fmt.Errorf("discover guides: %w", err)
	}
	var names []string
	var l diag.List
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		switch {
		case strings.HasPrefix(name, "."):
		case e.Type()&fs.ModeSymlink != 0:
			l.Add(diag.Diagnostic{File: source.NewFile(p, nil), Severity: diag.Warning, Code: "guide-symlink",
				Message: "directory is a symbolic link, which guidec does not follow", Hint: "move the guide into the tree"})
		case !e.IsDir():
		case !hasIndex(fsys, p):
		case ValidName(name) != nil:
			l.Add(diag.Diagnostic{File: source.NewFile(path.Join(p, IndexFile), nil), Severity: diag.Error, Code: "guide-name",
				Message: ValidName(name).Error(), Hint: "rename the directory: lowercase letters, digits and '-'"})
		default:
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, l, nil
}

func hasIndex(fsys fs.FS, dir string) bool {
	fi, err := fs.Stat(fsys, path.Join(dir, IndexFile))
	return err == nil && !fi.IsDir()
}
