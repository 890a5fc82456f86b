package hugo

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Tree is a content tree as Discover finds it: its pages and the files
// they own, before front matter is known.
type Tree struct {
	// Dir is the content directory in the fs.FS, as given to Discover.
	Dir string
	// Pages are the pages with a file, sorted by File, then the pages Hugo
	// makes without one (home, top-level sections), sorted by Key.
	Pages []*Page
	// Files maps every regular file of the tree (content-relative, as on
	// disk) to the Hugo path key of that file (Path.Base), for GetPage's
	// lookups of real file names.
	Files map[string]string
	// Skipped are content files of other languages than the site's default.
	Skipped []string
	// Problems are files Hugo would read differently from what their author
	// likely meant, or that guidec does not read.
	Problems []Problem
}

// Problem is something wrong with the content tree or a page's settings
// that is not an I/O failure. File is content-relative ("" for the tree).
type Problem struct {
	File    string
	Code    string // a short stable name, for diagnostics
	Message string
	// Alias is, for a problem with one of the page's aliases, that alias
	// as written.
	Alias string
}

// Problem codes.
const (
	ProblemSymlink     = "content-symlink"      // a symbolic link, not followed
	ProblemDuplicate   = "content-duplicate"    // two files give the same page path
	ProblemBothIndexes = "content-both-indexes" // index.md and _index.md in one directory
	ProblemFrontMatter = "content-front-matter" // a build, cascade or alias setting Hugo rejects
	ProblemURLClash    = "content-url-clash"    // two pages (or a page and an alias) publish to one URL
)

// NoPagesError is the error of Discover for a tree without any page.
type NoPagesError struct {
	Dir   string // the content directory that was searched
	Files int    // regular files found there (none of them a page)
}

func (e *NoPagesError) Error() string {
	if e.Files == 0 {
		return fmt.Sprintf("no page found in %s: it holds no files", e.Dir)
	}
	return fmt.Sprintf("no page found in %s: none of its %d files, at any depth, is a content file (.md, .markdown, .html, …)", e.Dir, e.Files)
}

// MaxFiles bounds the files of a content tree, so that a --source pointing
// at a home directory fails instead of walking it.
const MaxFiles = 200_000

// ErrTooManyFiles is returned when a tree holds more than MaxFiles files.
var ErrTooManyFiles = errors.New("too many files for a content tree")

// Discover walks the content directory dir of fsys once and classifies
// every file Hugo's way: leaf bundles (a directory with index.md; every
// other file below it is its resource), branch bundles (_index.md; the
// section owns the non-content files of its directory), leaf pages
// (NAME.md), and the home page and top-level sections Hugo makes when
// their _index.md is absent. File names are compared without regard to
// case, as Hugo normalizes them (Index.md is a bundle's index).
//
// Hidden files and directories (leading '.') are skipped, as are files
// matching cfg.IgnoreFiles; symbolic links are reported and not followed.
// cfg may be nil for Hugo's defaults. A tree without any page is a
// *NoPagesError.
func Discover(fsys fs.FS, dir string, cfg *Config) (*Tree, error) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	dir = path.Clean(dir)
	t := &Tree{Dir: dir, Files: map[string]string{}}
	files, err := t.walk(fsys, dir, cfg)
	if err != nil {
		return nil, err
	}
	c := classifier{t: t, cfg: cfg, dirs: map[string]*dirInfo{}}
	c.classify(files)
	if len(t.Pages) == 0 {
		return nil, &NoPagesError{Dir: dir, Files: len(files)}
	}
	c.generate()
	c.link()
	return t, nil
}

// walk lists the regular files below dir, content-relative, in lexical
// order.
func (t *Tree) walk(fsys fs.FS, dir string, cfg *Config) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		if dir == "." {
			rel = p
		}
		if p == dir {
			return nil
		}
		switch {
		case strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			t.Problems = append(t.Problems, Problem{File: rel, Code: ProblemSymlink,
				Message: "symbolic link: guidec does not follow links; Hugo may read it"})
			return nil
		case d.IsDir() || !d.Type().IsRegular():
			return nil
		case ignored(cfg, rel):
			return nil
		}
		if len(files) >= MaxFiles {
			return fmt.Errorf("%s: %w (more than %d)", dir, ErrTooManyFiles, MaxFiles)
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("discover pages: %w", err)
	}
	// Path order, not walk order ("x.md" before "x/index.md"): which of two
	// files giving one page wins must not depend on how a walk descends.
	sort.Strings(files)
	return files, nil
}

func ignored(cfg *Config, rel string) bool {
	for _, re := range cfg.IgnoreFiles {
		if re.MatchString(rel) {
			return true
		}
	}
	return false
}

// dirInfo is what classify learns about one directory.
type dirInfo struct {
	leaf    *Page // its index.* page, when it is a leaf bundle
	branch  *Page // its _index.* page, when it is a branch bundle
	section *Page // the section page of the directory (branch or generated)
	pages   bool  // some page lives in it or below it
}

type classifier struct {
	t       *Tree
	cfg     *Config
	dirs    map[string]*dirInfo // by content-relative directory, "" the root
	byKey   map[string]*Page
	pending []string // non-content files outside leaf bundles
}

func (c *classifier) dir(d string) *dirInfo {
	di := c.dirs[d]
	if di == nil {
		di = &dirInfo{}
		c.dirs[d] = di
	}
	return di
}

// classify makes the pages in two steps over the file list: first the
// bundle index files, which decide who owns the other files, then every
// file in order.
func (c *classifier) classify(files []string) {
	c.byKey = map[string]*Page{}
	parsed := make([]hpath, len(files))
	for i, f := range files {
		parsed[i] = parsePath(f, c.cfg.isLang)
		c.t.Files[f] = parsed[i].base()
		if parsed[i].isBundle() && c.inSiteLang(f, parsed[i]) {
			c.addIndex(f, parsed[i])
		}
	}
	for i, f := range files {
		c.place(f, parsed[i])
	}
}

// inSiteLang reports whether a content file is in the site's default
// language (no identifier, or that one); other files are skipped.
func (c *classifier) inSiteLang(f string, hp hpath) bool {
	if lang := c.lang(hp); lang != "" && lang != c.cfg.DefaultContentLanguage {
		c.t.Skipped = append(c.t.Skipped, f)
		return false
	}
	return true
}

// addIndex records an index.* or _index.* file as its directory's page.
func (c *classifier) addIndex(f string, hp hpath) {
	d := dirOf(f)
	di := c.dir(d)
	if hp.typ == pathLeaf && d != "" {
		switch {
		case di.leaf != nil:
			c.duplicate(f, di.leaf)
		case di.branch != nil:
			c.bothIndexes(di.branch.File, f)
		default:
			di.leaf = &Page{File: f, Kind: KindPage, Bundle: Leaf}
		}
		return
	}
	// An index.md at the root is the home page, as _index.md is: its key
	// is "/" too, and a bundle there would own the whole site.
	switch {
	case di.branch != nil && hp.typ == pathLeaf:
		c.bothIndexes(di.branch.File, f)
		return
	case di.branch != nil && di.branch.hp.typ == pathLeaf:
		c.bothIndexes(f, di.branch.File)
	case di.branch != nil:
		c.duplicate(f, di.branch)
		return
	case di.leaf != nil:
		c.bothIndexes(f, di.leaf.File)
		di.leaf = nil
	}
	kind := KindSection
	if d == "" {
		kind = KindHome
	}
	di.branch = &Page{File: f, Kind: kind, Bundle: Branch, hp: hp}
}

func (c *classifier) bothIndexes(branch, leaf string) {
	c.t.Problems = append(c.t.Problems, Problem{File: leaf, Code: ProblemBothIndexes,
		Message: fmt.Sprintf("%s makes this directory a section; this file is not a page", branch)})
}

// place makes f a page, a resource of the leaf bundle that owns it, or a
// pending resource of a section.
func (c *classifier) place(f string, hp hpath) {
	d := dirOf(f)
	if owner := c.leafOwner(d); owner != nil {
		switch {
		case owner.File == f:
			c.register(owner, hp)
		case d == owner.dirPathOf() && hp.typ == pathLeaf:
			// A second index of the bundle, reported by addIndex.
		default:
			owner.Resources = append(owner.Resources, f)
		}
		return
	}
	switch hp.typ {
	case pathBranch:
		if di := c.dirs[d]; di != nil && di.branch != nil && di.branch.File == f {
			if p := c.register(di.branch, hp); p != nil {
				di.section = p
			}
		}
	case pathLeaf:
		if di := c.dirs[d]; d == "" && di != nil && di.branch != nil && di.branch.File == f {
			if p := c.register(di.branch, hp); p != nil {
				di.section = p
			}
		}
		// Else a duplicate or an index beside _index.md, reported by
		// addIndex.
	case pathSingle:
		if c.inSiteLang(f, hp) {
			c.register(&Page{File: f, Kind: KindPage, Bundle: Single}, hp)
		}
	default:
		c.pending = append(c.pending, f)
	}
}

// lang returns the language identifier of a parsed content path.
func (c *classifier) lang(hp hpath) string {
	if len(hp.ids) < 2 {
		return ""
	}
	return hp.s[hp.ids[1].low:hp.ids[1].high]
}

// leafOwner returns the outermost leaf bundle at d or above it: a bundle
// inside a bundle is a resource of the outer one, as in Hugo.
func (c *classifier) leafOwner(d string) *Page {
	var owner *Page
	for {
		if di := c.dirs[d]; di != nil && di.leaf != nil {
			owner = di.leaf
		}
		if d == "" {
			return owner
		}
		d = parentDir(d)
	}
}

// register sets the derived fields of a page with a file and adds it,
// unless another file already gave its key.
func (c *classifier) register(p *Page, hp hpath) *Page {
	p.hp = hp
	p.Key = hp.base()
	p.Format = contentExts[hp.ext()]
	p.Lang = c.lang(hp)
	p.dirPath = dirOf(p.File)
	if prev := c.byKey[p.Key]; prev != nil {
		c.duplicate(p.File, prev)
		return nil
	}
	c.byKey[p.Key] = p
	c.t.Pages = append(c.t.Pages, p)
	for d := p.dirPath; ; d = parentDir(d) {
		c.dir(d).pages = true
		if d == "" {
			break
		}
	}
	return p
}

func (c *classifier) duplicate(f string, prev *Page) {
	c.t.Problems = append(c.t.Problems, Problem{File: f, Code: ProblemDuplicate,
		Message: fmt.Sprintf("gives the same page path as %s; Hugo builds only one of them", prev.File)})
}

// generate adds the pages Hugo makes without a file: the home page, and a
// section for each top-level directory that holds pages but no _index.md.
func (c *classifier) generate() {
	sort.Slice(c.t.Pages, func(i, j int) bool { return c.t.Pages[i].File < c.t.Pages[j].File })
	var made []*Page
	root := c.dir("")
	if root.section == nil {
		root.section = &Page{Kind: KindHome, Key: "/", hp: parsePath("/_index.md", nil)}
		c.byKey["/"] = root.section
		made = append(made, root.section)
	}
	for _, d := range sortedKeys(c.dirs) {
		di := c.dirs[d]
		if d == "" || strings.Contains(d, "/") || !di.pages || di.section != nil || di.leaf != nil {
			continue
		}
		key := "/" + normalizePath(d)
		if prev := c.byKey[key]; prev != nil {
			if prev.Bundle == NoFile {
				di.section = prev // "Docs" and "docs": one section in Hugo
			}
			continue // else a top-level page NAME.md beside the directory NAME
		}
		di.section = &Page{Kind: KindSection, Key: key, dirPath: d, hp: parsePath(key+"/_index.md", nil)}
		c.byKey[key] = di.section
		made = append(made, di.section)
	}
	c.t.Pages = append(c.t.Pages, made...)
}

// link sets every page's parent section and gives the pending files to
// the nearest section above them.
func (c *classifier) link() {
	for _, p := range c.t.Pages {
		if p.Kind == KindHome {
			continue
		}
		start := p.dirPath
		if p.Bundle == Leaf || p.Bundle == Branch || p.Bundle == NoFile {
			start = parentDir(p.dirPath)
		}
		p.Parent = c.sectionAt(start)
	}
	for _, f := range c.pending {
		s := c.sectionAt(dirOf(f))
		s.Resources = append(s.Resources, f)
	}
}

// sectionAt returns the section of directory d or the nearest one above.
func (c *classifier) sectionAt(d string) *Page {
	for {
		if di := c.dirs[d]; di != nil && di.section != nil {
			return di.section
		}
		if d == "" {
			return c.dirs[""].section
		}
		d = parentDir(d)
	}
}

// dirPathOf is the directory of the page's file, before register sets
// dirPath.
func (p *Page) dirPathOf() string { return dirOf(p.File) }

func dirOf(f string) string {
	d := path.Dir(f)
	if d == "." {
		return ""
	}
	return d
}

func parentDir(d string) string {
	if d == "" {
		return ""
	}
	return dirOf(d)
}
