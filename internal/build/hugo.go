package build

import (
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/hugo"
	"github.com/guidec/guidec/internal/links"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// Project describes the Hugo project whose content directory is
// Options.Source (see hugo.Detect): every page of the tree is then a page
// of the site, named by its content path (PageName), published at the URL
// Hugo gives it, and its links resolve as .Page.GetPage does.
type Project struct {
	// Config is the project's merged configuration (hugo.DefaultConfig for
	// a folder of pages without a project around it).
	Config *hugo.Config
	// ContentPath is the content directory seen from the directory that
	// holds it (hugo.Options.ContentPath).
	ContentPath string
	// Static lists the files of the project's static directories
	// (hugo.StaticFiles): links to them are not broken.
	Static []string
	// StaticFS reads those files by their path below the site root (a
	// later static directory wins, as in Hugo); nil when there are none.
	StaticFS fs.FS
}

// Source is what a --source directory holds (DetectSource).
type Source struct {
	// Hugo is the detected layout and project (hugo.Detect).
	Hugo *hugo.Project
	// Project is nil for a folder of guides, else the Options.Project of
	// the page tree.
	Project *Project
	// ContentRel is the content directory relative to the directory
	// given, "" when it is that directory ("content" for a project root,
	// "../.." for a section two levels down).
	ContentRel string
	// Section is, for a directory inside a project's content directory,
	// its path there (Options.Section).
	Section string
}

// DetectSource decides what dir (a path in fsys, whose parent fsys must
// hold for a content directory to be recognised) is: a Hugo project's
// root, its content directory, or a plain folder (hugo.Detect). A plain
// folder with a section (_index.md, or index.md at its root) or a bundle
// deeper than NAME/index.md is a part of a content tree (a section of a
// project, say), read with Hugo's default settings; any other plain
// folder is a folder of guides, read as guidec always read one (loose
// Markdown files such as a README are no guides there).
func DetectSource(fsys fs.FS, dir string) (*Source, error) {
	proj, err := hugo.Detect(fsys, dir, hugo.DetectOptions{Environment: "production"})
	if err != nil {
		return nil, err
	}
	src := &Source{Hugo: proj}
	if proj.Layout == hugo.Plain {
		up, sec := enclosingProject(fsys, dir)
		switch {
		case up != nil:
			proj, src.Hugo, src.Section = up, up, sec
			src.ContentRel = strings.TrimSuffix(strings.Repeat("../", strings.Count(sec, "/")+1), "/")
		case guidesFolder(fsys, dir, proj.Config):
			return src, nil
		}
	}
	static, err := hugo.StaticFiles(fsys, proj.Static)
	if err != nil {
		return nil, err
	}
	src.Project = &Project{Config: proj.Config, ContentPath: proj.ContentPath, Static: static, StaticFS: overlayOf(fsys, proj.Static)}
	if proj.Layout == hugo.ProjectRoot && src.Section == "" {
		src.ContentRel = strings.TrimPrefix(strings.TrimPrefix(proj.Content, proj.Root), "/")
	}
	return src, nil
}

// overlay reads a file from the last of its layers that has it.
type overlay []fs.FS

// Open implements fs.FS.
func (o overlay) Open(name string) (fs.File, error) {
	for i := len(o) - 1; i >= 0; i-- {
		if f, err := o[i].Open(name); err == nil {
			return f, nil
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// overlayOf returns the directories dirs of fsys as one overlay, nil when
// there are none.
func overlayOf(fsys fs.FS, dirs []string) fs.FS {
	var o overlay
	for _, d := range dirs {
		if sub, err := fs.Sub(fsys, d); err == nil {
			o = append(o, sub)
		}
	}
	if len(o) == 0 {
		return nil
	}
	return o
}

// enclosingProject returns the Hugo project whose content directory holds
// dir below it, and dir's path in that directory; nil when there is none
// (or its configuration cannot be read: dir is then read on its own). The
// directories above dir are looked at as far as fsys reaches.
func enclosingProject(fsys fs.FS, dir string) (*hugo.Project, string) {
	for a := path.Dir(dir); a != "." && a != "/"; a = path.Dir(a) {
		p, err := hugo.Detect(fsys, a, hugo.DetectOptions{Environment: "production"})
		if err != nil || p.Layout == hugo.Plain {
			continue
		}
		if rel, ok := strings.CutPrefix(dir, p.Content+"/"); ok {
			return p, rel
		}
	}
	return nil, ""
}

// guidesFolder reports whether the plain folder dir of fsys is a folder
// of guides (see DetectSource).
func guidesFolder(fsys fs.FS, dir string, cfg *hugo.Config) bool {
	t, err := hugo.Discover(fsys, dir, cfg)
	if err != nil {
		return true // no page: reported as a folder of guides without any
	}
	for _, p := range t.Pages {
		switch {
		case p.File == "":
		case p.Bundle == hugo.Branch:
			return false // a section (or the home page): part of a content tree
		case p.Bundle == hugo.Leaf:
			if d, _ := path.Split(p.File); strings.Count(d, "/") != 1 {
				return false // a bundle below a section
			}
		}
	}
	return true
}

// PageName returns the name of the page whose file is the content-relative
// path file: the path without its extension and without a final index or
// _index element ("s/bundle/index.md" → "s/bundle", "s/_index.md" → "s",
// "s/leaf.md" → "s/leaf"); "." for the home page's file.
func PageName(file string) string {
	dir, base := path.Split(file)
	base = strings.TrimSuffix(base, path.Ext(base))
	switch strings.ToLower(base) {
	case "index", "_index":
		if d := strings.TrimSuffix(dir, "/"); d != "" {
			return d
		}
		return "."
	}
	return dir + base
}

// sourceTree is what discovery found in Options.Source.
type sourceTree struct {
	names []string // every page (guide) to load, sorted
	// hugo is the content tree of a Project; nil for a folder of guides.
	hugo  *hugo.Tree
	pages map[string]*hugo.Page // the pages of hugo with a Markdown file, by name
	// empty is set when the tree holds no page at all; why says where
	// discovery looked.
	empty bool
	why   error
}

// discoverHugo discovers the content tree of a Project. A tree without
// pages is empty, not an error: Run turns it into ErrNoGuides.
func discoverHugo(opt Options) (*sourceTree, diag.List, error) {
	t, err := hugo.Discover(opt.Source, ".", opt.Project.Config)
	var np *hugo.NoPagesError
	if errors.As(err, &np) {
		np.Dir = opt.SourceName
		return &sourceTree{empty: true, why: &noPages{np}}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	st := &sourceTree{hugo: t, pages: map[string]*hugo.Page{}}
	for _, p := range t.Pages {
		if p.File == "" || p.Format != hugo.Markdown {
			// Pages without a file, and content guidec does not render
			// (HTML, AsciiDoc, …), are still pages that links reach.
			continue
		}
		n := PageName(p.File)
		st.pages[n] = p
		st.names = append(st.names, n)
	}
	sort.Strings(st.names)
	return st, problemDiags(opt, t.Problems, nil), nil
}

// loadPage loads the page name of a Hugo content tree, with the files
// it owns that are not content as its resources (relative to its
// directory).
func loadPage(opt Options, p *hugo.Page, name string) loadState {
	g, d := guide.LoadFile(opt.Source, p.File, name, path.Join(opt.SourceName, p.File))
	d = paramKeys(d)
	if g != nil {
		dir := p.Dir()
		for _, r := range p.Resources {
			if hugo.FormatOf(r) != hugo.NotContent {
				continue // content files of a bundle are not published
			}
			if dir != "" {
				r = strings.TrimPrefix(r, dir+"/")
			}
			g.Resources = append(g.Resources, r)
		}
	}
	return loadState{g: g, diags: d}
}

// paramKeys drops the unknown front matter keys of a Hugo page: Hugo keeps
// any key it does not know as a page parameter, which the project's
// templates read (.Params), so none is a mistake by itself. (Guessing
// typos against guidec's own keys misleads there: "parent", a menu
// setting, is no typo of "params".)
func paramKeys(l diag.List) diag.List {
	out := l[:0]
	for _, d := range l {
		if d.Code == "frontmatter-unknown-key" {
			continue
		}
		out = append(out, d)
	}
	return out
}

// loadBlocking is blocking for the diagnostics of loading the pages: in a
// Project, a front matter value of the wrong type or missing does not
// stop a page, since Hugo builds it from the values it can read (guidec
// still reports it); a front matter it cannot read does.
func (e *env) loadBlocking(l diag.List) bool {
	if e.hsite == nil {
		return blocking(l)
	}
	for _, d := range l {
		if d.Severity != diag.Error || !blockingCodes[d.Code] {
			continue
		}
		if g := e.byFile[d.File]; g != nil && hugoSoftFrontMatter[d.Code] {
			continue
		}
		return true
	}
	return false
}

// hugoSoftFrontMatter are the front matter codes that do not stop a Hugo
// page (see loadBlocking).
var hugoSoftFrontMatter = map[string]bool{
	"frontmatter-missing": true, "frontmatter-missing-title": true, "frontmatter-type": true,
	"frontmatter-date": true, "frontmatter-alias": true, "frontmatter-canonical": true,
	"frontmatter-draft": true,
}

// hugoSite applies the loaded pages' front matter to the content tree and
// computes every page's URL, with the site's base path. It returns the
// link resolver and the diagnostics of front matter Hugo rejects and of
// pages that publish to one URL.
func (e *env) hugoSite(st *sourceTree, loaded []loadState) (*links.Site, diag.List) {
	var l diag.List
	files := map[string]*guide.Guide{}
	for _, ls := range loaded {
		g := ls.g
		if g == nil {
			continue
		}
		p := st.pages[g.Name]
		front, errs := hugo.FrontFromParams(g.Meta.Params)
		p.Front = front
		files[p.File] = g
		for _, err := range errs {
			l.Add(diag.Diagnostic{File: g.File, Span: frontKeySpan(g, err), Severity: diag.Error, Code: hugo.ProblemFrontMatter,
				Message: err.Error(), Hint: "Hugo rejects this value; see its front matter documentation"})
		}
	}
	cfg := *e.opt.Project.Config
	cfg.BaseURL = e.cfg.BaseURL // pages are published on our site
	s, problems := hugo.NewSite(st.hugo, &cfg, hugo.Options{
		Drafts: e.opt.Drafts, Static: e.opt.Project.Static, ContentPath: e.opt.Project.ContentPath,
	})
	l = append(l, problemDiags(e.opt, problems, files)...)
	// Of pages published at one URL (content-url-clash), the first in
	// Hugo's order keeps it; the others are checked, not published.
	e.clashed = nil
	owners := map[string]bool{}
	for _, p := range s.Pages() {
		if !p.Rendered() {
			continue
		}
		if owners[p.Link] && p.File != "" {
			e.clashed = addName(e.clashed, PageName(p.File))
		}
		owners[p.Link] = true
	}
	return links.NewSite(s, st.pages), l
}

// frontKeySpan returns the span of the front matter key an error of
// hugo.FrontFromParams is about ("build.render: …"): the key itself when
// guidec located it, else the nearest key above it.
func frontKeySpan(g *guide.Guide, err error) source.Span {
	key, _, _ := strings.Cut(err.Error(), ":")
	for key != "" {
		if g.Meta.Has(key) {
			return g.Meta.KeySpan(key)
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return source.Span{}
}

// problemDiags turns the problems hugo finds in a content tree into
// diagnostics at the file they are about (loaded, when it is, so that the
// front matter key can be pointed at).
func problemDiags(opt Options, problems []hugo.Problem, files map[string]*guide.Guide) diag.List {
	var l diag.List
	for _, pr := range problems {
		if pr.Alias != "" {
			// Alias clashes are publish's to report, at the alias
			// (alias-collision), for every source layout alike.
			continue
		}
		d := diag.Diagnostic{Severity: problemSeverity(pr.Code), Code: pr.Code, Message: pr.Message, Hint: problemHint(pr.Code)}
		if g := files[pr.File]; g != nil {
			d.File = g.File
			for _, key := range []string{"url", "slug"} {
				if g.Meta.Has(key) && pr.Code == hugo.ProblemURLClash {
					d.Span = g.Meta.ValueSpan(key)
					break
				}
			}
		} else {
			name := opt.SourceName
			if pr.File != "" {
				name = path.Join(opt.SourceName, pr.File)
			}
			d.File = source.NewFile(name, nil)
		}
		l.Add(d)
	}
	return l
}

// Codes of the content tree's problems (package hugo's Problem codes).
var HugoCodes = []diag.CodeInfo{
	{Code: hugo.ProblemSymlink, Severity: diag.Warning, Summary: "a file of the content tree is a symbolic link, which guidec does not follow"},
	{Code: hugo.ProblemDuplicate, Severity: diag.Error, Summary: "two files of the content tree give the same page path; Hugo builds only one of them"},
	{Code: hugo.ProblemBothIndexes, Severity: diag.Error, Summary: "a directory holds both index.md and _index.md; the index.md is not a page"},
	{Code: hugo.ProblemFrontMatter, Severity: diag.Error, Summary: "a front matter value that decides where a page is published (build, cascade, aliases) is one Hugo rejects"},
	{Code: hugo.ProblemURLClash, Severity: diag.Error, Summary: "two pages of the content tree are published at the same URL"},
}

func problemSeverity(code string) diag.Severity {
	for _, c := range HugoCodes {
		if c.Code == code {
			return c.Severity
		}
	}
	return diag.Error
}

func problemHint(code string) string {
	switch code {
	case hugo.ProblemSymlink:
		return "replace the link by the file it points to"
	case hugo.ProblemDuplicate:
		return "rename or remove one of the files"
	case hugo.ProblemBothIndexes:
		return "keep _index.md for a section or index.md for a page bundle, not both"
	case hugo.ProblemURLClash:
		return "give one of the pages another slug or url"
	}
	return ""
}

// pageDir returns the directory in Options.Source of the files g owns.
func (e *env) pageDir(g *guide.Guide) string {
	if p := e.hugoPage(g.Name); p != nil {
		if d := p.Dir(); d != "" {
			return d
		}
		return "."
	}
	return g.Name
}

// resourceFS returns the directory of g's resources as a file system.
func (e *env) resourceFS(g *guide.Guide) fs.FS {
	d := e.pageDir(g)
	if d == "." {
		return e.opt.Source
	}
	return subFS(e.opt.Source, d)
}

// hugoPage returns the Hugo page called name, nil for a guide of a folder
// of guides.
func (e *env) hugoPage(name string) *hugo.Page {
	if e.hsite == nil {
		return nil
	}
	return e.hsite.Pages[name]
}

// pageURL returns the site-relative URL, without the base path, of the
// page called name: what publish.Page.URL holds ("" for a guide, which
// publish places at /NAME/).
func (e *env) pageURL(name string) string {
	p := e.hugoPage(name)
	if p == nil {
		return ""
	}
	link := p.Link
	if base := strings.TrimSuffix(basePath(e.cfg.BaseURL), "/"); base != "" {
		link = strings.TrimPrefix(link, base)
	}
	if !strings.HasPrefix(link, "/") {
		link = "/" + link
	}
	return link
}

// headingIDs returns the renderer option for the project's heading id
// type; nil for GitHub's, the renderer's own.
func (e *env) headingIDs() markdown.Option {
	if e.opt.Project == nil {
		return nil
	}
	t := e.opt.Project.Config.Markup.AutoHeadingIDType
	if t == "" || t == hugo.IDGitHub {
		return nil
	}
	return markdown.WithHeadingIDs(func(text string) string { return hugo.Anchorize(text, t) })
}

// navURL returns the site-relative URL of the page called name.
func (e *env) navURL(name string) string {
	if u := e.pageURL(name); u != "" {
		return u
	}
	return publish.PageURL(name)
}

// hugoAliases makes the relative aliases of a Hugo page site-absolute the
// way Hugo reads them, from the directory above the page's own ("old" on
// the page /s/x/ is /s/old); publish takes aliases from the site root.
func (e *env) hugoAliases(g *guide.Guide) {
	u := e.pageURL(g.Name)
	if u == "" {
		return
	}
	dir := strings.TrimSuffix(u, "/")
	if !strings.HasSuffix(u, "/") {
		dir = strings.TrimSuffix(u, path.Ext(u))
	}
	parent := path.Dir(dir)
	for i, a := range g.Meta.Aliases {
		if a == "" || strings.HasPrefix(a, "/") {
			continue
		}
		abs := path.Join(parent, a)
		if strings.HasSuffix(a, "/") && !strings.HasSuffix(abs, "/") {
			abs += "/"
		}
		g.Meta.Aliases[i] = abs
	}
}

// noPages is the error of a Project whose content tree holds no page.
type noPages struct{ err *hugo.NoPagesError }

func (e *noPages) Error() string {
	return e.err.Error() + " (looked for pages: bundles NAME/index.md, sections _index.md and leaf pages NAME.md, at any depth)"
}

func (e *noPages) Is(target error) bool { return target == ErrNoGuides }

// Templates returns the project's shortcode and partial directories (its
// own before its themes') and its own data directory as file systems of
// fsys, the file system DetectSource read, for Options.ProjectShortcodes,
// Partials and Data. name maps a directory of fsys to how diagnostics
// show it. A folder of guides has none.
func (s *Source) Templates(fsys fs.FS, name func(dir string) string) (shortcodes, partials []fs.FS, data fs.FS) {
	if s.Hugo == nil || s.Project == nil {
		return nil, nil, nil
	}
	sub := func(dir string) fs.FS {
		f, err := fs.Sub(fsys, dir)
		if err != nil {
			return nil
		}
		return shortcode.Named(name(dir), f)
	}
	for _, d := range s.Hugo.Shortcodes {
		if f := sub(d); f != nil {
			shortcodes = append(shortcodes, f)
		}
	}
	for _, d := range s.Hugo.Partials {
		if f := sub(d); f != nil {
			partials = append(partials, f)
		}
	}
	if len(s.Hugo.Data) > 0 {
		data = sub(s.Hugo.Data[0])
	}
	return shortcodes, partials, data
}

// newSite is publish.New for a build with opt: a Hugo project's static
// files are published with the site (publish.Site.SetProjectStatic).
func newSite(cfg *publish.Config, layouts *publish.Layouts, out publish.Output, opt Options) (*publish.Site, error) {
	site, err := publish.New(cfg, layouts, out)
	if err == nil && opt.Project != nil && opt.Project.StaticFS != nil {
		site.SetProjectStatic(opt.Project.StaticFS, opt.Project.Static)
	}
	return site, err
}
