package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/source"
)

// Site publishes one build: WritePage for every page (concurrently, as
// pages finish), then Finish once.
type Site struct {
	cfg  *Config
	base *url.URL
	out  Output
	// nat writes the pages when the layouts are the built-in ones
	// (native.go); nil runs the templates. The templates are then bound
	// only if a page needs them after all (templates).
	nat      *nativeSite
	layouts  *Layouts
	bindOnce sync.Once
	lay      *bound
	bindErr  error

	mu      sync.Mutex
	entries map[string]entry
	claims  claims
	home    *Page // the page at "/", when one was written

	// project is the Hugo project's static files (SetProjectStatic).
	project struct {
		fsys  fs.FS
		files []string
	}
}

// SetProjectStatic makes Finish publish files (paths below the site root,
// read from fsys) as they are: the static directories of the Hugo project
// being built, which Hugo copies to the site root. A project file replaces
// the built-in site's static file of the same path, as a project's static
// file replaces its theme's in Hugo; one that a page, an alias or a
// generated file also claims is an output-collision.
func (s *Site) SetProjectStatic(fsys fs.FS, files []string) {
	s.project.fsys, s.project.files = fsys, files
}

// New prepares a site for cfg with the given layouts, writing to out. It
// fails only when cfg.BaseURL is not an absolute URL (LoadConfig ensures it
// is) or the layouts cannot be cloned.
//
// A nil out is a dry run, which `guidec check` uses: every rule of
// publishing applies (claimed paths and their collisions, aliases,
// resource names, resources that cannot be opened, the paths every Output
// refuses), with the same diagnostics and errors, but nothing is laid out,
// read in full or written. A dry run costs a small part of a real one.
func New(cfg *Config, layouts *Layouts, out Output) (*Site, error) {
	norm, err := NormalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	base, _ := url.Parse(norm)
	c := *cfg
	c.BaseURL = norm
	s := &Site{cfg: &c, base: base, layouts: layouts, out: out, entries: map[string]entry{}, claims: newClaims()}
	if layouts.builtin && useNative && out != nil {
		s.nat = newNativeSite(s)
	}
	if s.nat == nil && !s.dry() {
		// A dry run lays nothing out: its templates are never bound.
		if _, err := s.templates(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// templates returns the site's layouts bound (layouts.go), binding them
// at the first call.
func (s *Site) templates() (*bound, error) {
	s.bindOnce.Do(func() { s.lay, s.bindErr = s.layouts.bind(s.base) })
	return s.lay, s.bindErr
}

// Which layout render executes.
const (
	renderSingle = iota
	renderIndex
	renderAlias
)

// dry reports a dry run (see New).
func (s *Site) dry() bool { return s.out == nil }

// bufPool holds the buffers pages and resources are put together in. It
// is a free list a collection leaves alone, where a sync.Pool is emptied
// by every other one: a build of the corpus collects a few times, and its
// pages' and images' buffers were made again after each (0.9 MB of the
// 24 MB it allocated).
var bufPool bufList

// bufList is a free list of buffers, safe for concurrent use.
type bufList struct {
	mu   sync.Mutex
	free []*bytes.Buffer
}

// Bounds of what bufList keeps: a few buffers (as many as pages written
// at once, with room), none larger than a big page or image.
const (
	maxFreeBufs = 8
	maxFreeCap  = 4 << 20
)

// Get returns an empty buffer, with the room of one used before when
// there is one.
func (l *bufList) Get() *bytes.Buffer {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.free); n > 0 {
		b := l.free[n-1]
		l.free = l.free[:n-1]
		return b
	}
	return new(bytes.Buffer)
}

// Put empties b and keeps it for a later Get, unless the list is full or
// b is too large to keep.
func (l *bufList) Put(b *bytes.Buffer) {
	if b.Cap() > maxFreeCap {
		return
	}
	b.Reset()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) < maxFreeBufs {
		l.free = append(l.free, b)
	}
}

// render lays out data with the layout which (renderSingle, …) into a
// pooled buffer and writes the result as name: natively when the
// layouts are the built-in ones, else executing the template, a page
// layout folded at its first execution (fold.go). size is what the
// output will likely need, to grow the buffer once.
func (s *Site) render(which int, name string, data any, size int) error {
	if s.dry() {
		return CheckPath(name)
	}
	buf := bufPool.Get()
	defer bufPool.Put(buf)
	buf.Grow(size)
	if s.nat != nil {
		switch v := data.(type) {
		case *pageView:
			s.nat.writePage(buf, s, v)
			return s.out.WriteFile(name, buf.Bytes())
		case aliasView:
			s.nat.writeAlias(buf, v)
			return s.out.WriteFile(name, buf.Bytes())
		}
	}
	lay, err := s.templates()
	if err == nil {
		switch which {
		case renderSingle:
			err = lay.foldSingle.execute(lay.single, "baseof.html", buf, data)
		case renderIndex:
			err = lay.foldIndex.execute(lay.index, "baseof.html", buf, data)
		default:
			err = lay.alias.ExecuteTemplate(buf, "alias.html", data)
		}
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return s.out.WriteFile(name, buf.Bytes())
}

// WritePage lays out p, writes NAME/index.html and p's resources, and
// remembers p for the home page, search index, sitemap and aliases. It is
// safe for concurrent use. A resource whose path is taken (a resource
// called index.html) or whose name is unsafe is a diagnostic; the error is
// for failures: an invalid page name, a page written twice, a layout or
// output error.
func (s *Site) WritePage(p *Page) (diag.List, error) {
	if p.URL == "" {
		if err := guide.ValidName(p.Name); err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
	}
	if p.Meta == nil {
		return nil, fmt.Errorf("publish %s: no meta", p.Name)
	}
	if p.url() == "/" {
		// The home page: Finish lays it out with the list of pages, in
		// the file that list is written to.
		s.mu.Lock()
		prev := s.home
		if prev == nil {
			s.home = p
		}
		s.mu.Unlock()
		if prev != nil {
			return nil, fmt.Errorf("publish %s: the home page is already %s", p.Name, prev.Name)
		}
		return s.writeResources(p)
	}
	file := pageFile(p.url())
	if o, ok := s.claim(file, owner{what: "page " + p.Name, file: p.File}); !ok {
		return nil, fmt.Errorf("publish %s: %s is already written by %s", p.Name, file, o.what)
	}
	if err := s.render(renderSingle, file, s.pageView(p), pageSize(p)); err != nil {
		return nil, err
	}
	l, err := s.writeResources(p)
	if err != nil {
		return l, err
	}
	s.mu.Lock()
	s.entries[p.Name] = entry{name: p.Name, url: p.url(), meta: p.Meta, file: p.File, lastmod: p.Meta.LastModified()}
	s.mu.Unlock()
	return l, nil
}

// pageSize estimates the size of p's laid out page: its content and table
// of contents, and the layout around them (a few KB, with the site
// variables as JSON).
func pageSize(p *Page) int {
	return len(p.Content) + len(p.TOC) + 16<<10
}

func (s *Site) writeResources(p *Page) (diag.List, error) {
	var l diag.List
	dir := resourceDir(pageFile(p.url()))
	for _, r := range p.Resources {
		name := path.Join(dir, r)
		if err := CheckPath(name); err != nil {
			l.Add(diag.Diagnostic{File: p.File, Severity: diag.Error, Code: "resource-name",
				Message: fmt.Sprintf("resource %q cannot be published under that name", r),
				Hint:    "rename the file: letters, digits, '-', '_' and '.'"})
			continue
		}
		if !s.cfg.ResourceTypeAllowed(r) {
			// The build checks every resource's type and content first
			// (CheckResource); this only makes sure nothing else gets out.
			return l, fmt.Errorf("publish %s: resource %s is of a type the site does not publish", p.Name, r)
		}
		if o, ok := s.claim(name, owner{what: "resource " + name, file: p.File}); !ok {
			l.Add(diag.Diagnostic{File: p.File, Severity: diag.Error, Code: "output-collision",
				Message: fmt.Sprintf("resource %s would overwrite %s", r, o.what), Hint: "rename the file"})
			continue
		}
		if err := s.copyResource(p.ResourceFS, r, name); err != nil {
			var re *readError
			if errors.As(err, &re) {
				// The guide's own file: the writer's to fix, like any
				// other input, not a failure of guidec.
				l.Add(diag.Diagnostic{File: p.File, Severity: diag.Error, Code: "resource-read",
					Message: fmt.Sprintf("resource %s cannot be read: %v", r, re.err),
					Hint:    "check the file's permissions, or remove it from the guide's folder"})
				continue
			}
			return l, fmt.Errorf("publish %s: %w", p.Name, err)
		}
	}
	return l, nil
}

// resourceDir returns the output directory of the resources of the page
// written to file: its directory for an index.html ("" at the root), else
// the file without its extension ("s/x.html": "s/x"), as Hugo places them.
func resourceDir(file string) string {
	if path.Base(file) == "index.html" {
		return strings.TrimSuffix(path.Dir(file), ".")
	}
	return strings.TrimSuffix(file, path.Ext(file))
}

// readError is a failure to read a resource, as opposed to writing it.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// copyResource copies the file r of fsys to the output as name, through a
// pooled buffer: resources (screenshots) are most of the bytes a build
// reads, and a fresh buffer for each was a twentieth of what it allocated.
func (s *Site) copyResource(fsys fs.FS, r, name string) error {
	f, err := fsys.Open(r)
	if err != nil {
		return &readError{err}
	}
	defer f.Close()
	if s.dry() {
		return CheckPath(name)
	}
	buf := bufPool.Get()
	defer bufPool.Put(buf)
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		buf.Grow(int(fi.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(f); err != nil {
		return &readError{err}
	}
	return s.out.WriteFile(name, buf.Bytes())
}

// Finish writes everything that depends on all pages: the home page
// (index.html), the search index (index.json), sitemap.xml, a copy of the
// static/ directory of site (the site directory, as for LoadLayouts; nil
// or no static/ for none), the highlighting style sheet css/highlight.css
// (when highlightCSS is not nil; it replaces a static file of that name)
// and the redirect pages of aliases. Collisions between these and earlier
// files are diagnostics.
func (s *Site) Finish(site fs.FS, highlightCSS []byte) (diag.List, error) {
	entries := s.sortedEntries()
	var l diag.List
	for _, f := range []struct {
		name  string
		write func(string, []entry) error
	}{{"index.html", s.writeHome}, {"index.json", s.writeSearchIndex}, {"sitemap.xml", s.writeSitemap}} {
		if o, ok := s.claim(f.name, owner{what: "the site's " + f.name}); !ok {
			l.Add(collision(o, "the site's "+f.name))
			continue
		}
		if s.dry() {
			continue
		}
		if err := f.write(f.name, entries); err != nil {
			return l, err
		}
	}
	sl, err := s.writeStatic(site, highlightCSS)
	l = append(l, sl...)
	if err != nil {
		return l, err
	}
	al, err := s.writeAliases(entries)
	return append(l, al...), err
}

// collision reports that what could not be written because o owns the path.
func collision(o owner, what string) diag.Diagnostic {
	return diag.Diagnostic{File: o.file, Span: o.span, Severity: diag.Error, Code: "output-collision",
		Message: fmt.Sprintf("%s and %s would be written to the same file", o.what, what),
		Hint:    "rename the guide or the file"}
}

func (s *Site) sortedEntries() []entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	type keyed struct {
		k orderKey
		e entry
	}
	ks := make([]keyed, 0, len(s.entries))
	for _, e := range s.entries {
		ks = append(ks, keyed{keyOf(e.name, e.meta), e})
	}
	slices.SortFunc(ks, func(a, b keyed) int { return compareKeys(a.k, b.k) })
	out := make([]entry, len(ks))
	for i, k := range ks {
		out[i] = k.e
	}
	return out
}

// staticDir is the directory of the site copied as it is.
const staticDir = "static"

func (s *Site) writeStatic(site fs.FS, highlightCSS []byte) (diag.List, error) {
	var l diag.List
	const hl = "css/highlight.css"
	fromProject := map[string]bool{}
	if s.project.fsys != nil {
		for _, p := range s.project.files {
			if p == hl && highlightCSS != nil {
				continue // the generated style sheet, as for the site's own
			}
			fromProject[p] = true
			if err := s.copyStatic(s.project.fsys, p, &l); err != nil {
				return l, fmt.Errorf("static files: %w", err)
			}
		}
	}
	var static fs.FS
	if site != nil {
		// Lstat: a static directory that is a link would publish whatever
		// it points to, outside the site directory.
		fi, err := fs.Lstat(site, staticDir)
		switch {
		case err == nil && fi.Mode()&fs.ModeSymlink != 0:
			l.Add(staticLink(staticDir))
		case err == nil && fi.IsDir():
			static, _ = fs.Sub(site, staticDir) // cannot fail: staticDir is a valid path
		}
	}
	if static != nil {
		err := fs.WalkDir(static, ".", func(p string, e fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case p != "." && strings.HasPrefix(e.Name(), "."):
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			case e.Type()&fs.ModeSymlink != 0:
				l.Add(staticLink(path.Join(staticDir, p))) // never followed
				return nil
			case !e.Type().IsRegular() || p == hl && highlightCSS != nil:
				return nil // directories, the generated style sheet
			case fromProject[p]:
				return nil // the project's file replaces the built-in one
			}
			return s.copyStatic(static, p, &l)
		})
		if err != nil {
			return l, fmt.Errorf("static files: %w", err)
		}
	}
	if highlightCSS != nil {
		if o, ok := s.claim(hl, owner{what: "the highlighting style sheet"}); !ok {
			l.Add(collision(o, "the highlighting style sheet"))
		} else if !s.dry() {
			if err := s.out.WriteFile(hl, highlightCSS); err != nil {
				return l, err
			}
		}
	}
	return l, nil
}

// staticLink reports a symbolic link in the site's static files.
func staticLink(name string) diag.Diagnostic {
	return diag.Diagnostic{File: source.NewFile(name, nil), Severity: diag.Error, Code: "layout-symlink",
		Message: fmt.Sprintf("%s is a symbolic link; guidec does not follow links out of the site directory", name),
		Hint:    "copy the files into the site directory instead of linking them"}
}

func (s *Site) copyStatic(static fs.FS, p string, l *diag.List) error {
	if o, ok := s.claim(p, owner{what: "static file " + p}); !ok {
		l.Add(collision(o, "static file "+p))
		return nil
	}
	if s.dry() {
		return CheckPath(p)
	}
	b, err := fs.ReadFile(static, p)
	if err != nil {
		return err
	}
	return s.out.WriteFile(p, b)
}

// writeAliases writes one redirect page per alias. The paths are claimed
// in page order, so that of two colliding aliases the first in that order
// wins, every build; the pages are then laid out and written in parallel,
// since a site has about as many aliases as pages.
func (s *Site) writeAliases(entries []entry) (diag.List, error) {
	var l diag.List
	type job struct{ file, target string }
	var jobs []job
	for _, e := range entries {
		target := absURL(s.base, e.url)
		for i, a := range e.meta.Aliases {
			var sp source.Span
			if i < len(e.meta.AliasSpans) {
				sp = e.meta.AliasSpans[i]
			}
			file, err := guide.AliasFile(a)
			if err != nil {
				l.Add(diag.Diagnostic{File: e.file, Span: sp, Severity: diag.Error, Code: "alias-invalid", Message: err.Error()})
				continue
			}
			me := owner{what: fmt.Sprintf("alias %s of %s", a, e.name), file: e.file, span: sp}
			if o, ok := s.claim(file, me); !ok {
				l.Add(aliasCollision(me, o))
				continue
			}
			jobs = append(jobs, job{file, target})
		}
	}
	err := parallel(len(jobs), func(i int) error {
		data := aliasView{Permalink: jobs[i].target, LanguageCode: s.cfg.LanguageCode}
		return s.render(renderAlias, jobs[i].file, data, 1024)
	})
	return l, err
}

// parallel calls f(0) … f(n-1) on up to GOMAXPROCS goroutines and returns
// the error of the lowest index that failed, so that the error reported
// does not depend on scheduling.
func parallel(n int, f func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if err := f(i); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				errs[i] = f(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func aliasCollision(me, o owner) diag.Diagnostic {
	d := diag.Diagnostic{File: me.file, Span: me.span, Severity: diag.Error, Code: "alias-collision",
		Message: fmt.Sprintf("%s collides with %s", me.what, o.what),
		Hint:    "remove the alias, or point it at a path no page uses"}
	if o.file != nil {
		d.Related = []diag.Related{{File: o.file, Span: o.span, Message: o.what}}
	}
	return d
}

type aliasView struct {
	Permalink    string
	LanguageCode string
}

// owner is who claimed an output path, for collision messages.
type owner struct {
	what string
	file *source.File
	span source.Span
}

// claims records every output path and the directories above them, so
// that two writers of one file, or a file where a directory must go, are
// found before anything is written.
type claims struct {
	files map[string]owner
	dirs  map[string]owner
}

func newClaims() claims {
	return claims{files: map[string]owner{}, dirs: map[string]owner{}}
}

// claim reserves name for o. It returns the previous owner and false when
// name is taken, is a directory of another file, or lies under a file.
func (s *Site) claim(name string, o owner) (owner, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.claims
	if prev, ok := c.files[name]; ok {
		return prev, false
	}
	if prev, ok := c.dirs[name]; ok {
		return prev, false
	}
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if prev, ok := c.files[d]; ok {
			return prev, false
		}
	}
	c.files[name] = o
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, ok := c.dirs[d]; !ok {
			c.dirs[d] = o
		}
	}
	return owner{}, true
}

// formatDate is the date format of the sitemap and of machine-readable
// dates in layouts (Hugo's sitemap format).
const formatDate = "2006-01-02T15:04:05-07:00"

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(formatDate)
}
