package hugo

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Options are the build settings that change which pages a site holds.
type Options struct {
	// Drafts includes draft pages (hugo --buildDrafts).
	Drafts bool
	// Static lists the files of the project's static directories,
	// slash-separated and relative to them ("images/logo.png"); see
	// StaticFiles. They are published at the site root.
	Static []string
	// ContentPath is the content directory's path as seen from the
	// directory that holds it, e.g. "content" or "docs/content": GetPage
	// resolves "../" paths with an extension against the real file system,
	// where a path may leave the content directory and come back into it.
	// "" treats any path that leaves the content directory as missing.
	ContentPath string
}

// Site is a content tree with its front matter applied: every page has its
// URL, and links resolve against an in-memory index, without file system
// access. It is safe for concurrent use.
type Site struct {
	cfg      *Config
	opt      Options
	pages    []*Page
	byKey    map[string]*Page // pages in the site
	outKey   map[string]*Page // pages not in the site (drafts), by key
	byFile   map[string]*Page
	files    map[string]string // Tree.Files
	home     *Page
	base     string           // Config.BasePath
	publish  map[string]bool  // published URL paths (unescaped, base path included)
	pageAt   map[string]*Page // rendered pages by their index.html path
	problems []Problem
	near     nearState // Suggest's index and memo
}

// NewSite computes the site of tree t: drafts and cascades, taxonomy pages,
// each page's URL and aliases, and the set of published paths. The caller
// must have set Front on the pages first. cfg nil means Hugo's defaults.
// The Problems returned are front matter settings Hugo rejects or that
// make two pages share a URL.
func NewSite(t *Tree, cfg *Config, opt Options) (*Site, []Problem) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	s := &Site{cfg: cfg, opt: opt, byKey: map[string]*Page{}, outKey: map[string]*Page{},
		byFile: map[string]*Page{}, files: t.Files, base: cfg.BasePath(), publish: map[string]bool{}, pageAt: map[string]*Page{}}
	s.pages = append(s.pages, t.Pages...)
	for _, p := range s.pages {
		if p.Kind == KindHome {
			s.home = p
		}
		if p.File != "" {
			s.byFile[p.File] = p
		}
	}
	for _, plural := range s.cfg.Taxonomies {
		s.taxonomyKinds("/" + normalizePath(plural))
	}
	s.applyFront()
	s.addTaxonomies()
	for _, p := range s.pages {
		if p.InSite {
			s.byKey[p.Key] = p
		} else {
			s.outKey[p.Key] = p
		}
	}
	s.computeURLs()
	s.publishAll()
	return s, s.problems
}

// Config returns the site's configuration.
func (s *Site) Config() *Config { return s.cfg }

// Pages returns every page, those not in the site included, in the order
// of Tree.Pages followed by taxonomy pages.
func (s *Site) Pages() []*Page { return s.pages }

// Home returns the home page.
func (s *Site) Home() *Page { return s.home }

// ByFile returns the page of a content-relative file, nil when the file is
// not a page.
func (s *Site) ByFile(file string) *Page { return s.byFile[file] }

// ByKey returns the page in the site with Hugo path key, nil when none.
func (s *Site) ByKey(key string) *Page { return s.byKey[key] }

// applyFront sets Draft, Build and InSite from front matter, with the
// cascades of the sections above each page (nearest first).
func (s *Site) applyFront() {
	globs := map[string]*regexp.Regexp{}
	for _, p := range s.pages {
		bf := p.Front.Build
		draft, draftSet := p.Front.Draft, p.Front.draftSet || p.Front.Draft
		for a := p.Parent; a != nil; a = a.Parent {
			for _, c := range a.Front.Cascade {
				if !c.matches(p, globs) {
					continue
				}
				bf = bf.fill(c.Build)
				if !draftSet && c.Draft != nil {
					draft, draftSet = *c.Draft, true
				}
			}
		}
		p.Draft = draft
		p.Build = defaultBuild.apply(bf)
		p.InSite = (!p.Draft || s.opt.Drafts) && !s.cfg.DisableKinds[p.Kind.String()]
	}
}

// matches reports whether a cascade entry applies to p; globs caches the
// compiled target paths (nil for an invalid glob).
func (c Cascade) matches(p *Page, globs map[string]*regexp.Regexp) bool {
	if c.TargetKind != "" && c.TargetKind != p.Kind.String() {
		return false
	}
	if c.TargetPath == "" {
		return true
	}
	re, ok := globs[c.TargetPath]
	if !ok {
		re, _ = globRegexp(c.TargetPath)
		globs[c.TargetPath] = re
	}
	return re != nil && re.MatchString(p.Key)
}

// addTaxonomies makes the taxonomy pages (/tags/) and a term page for each
// term used by a page in the site (/tags/go/).
func (s *Site) addTaxonomies() {
	if s.home == nil {
		return
	}
	taken := map[string]bool{}
	for _, p := range s.pages {
		taken[p.Key] = true
	}
	for _, singular := range sortedKeys(s.cfg.Taxonomies) {
		plural := s.cfg.Taxonomies[singular]
		tax := &Page{Kind: KindTaxonomy, Key: "/" + normalizePath(plural), Parent: s.home}
		tax.hp = parsePath(tax.Key+"/_index.md", nil)
		terms := map[string]*Page{}
		for _, p := range s.pages {
			if !p.InSite || p.Kind == KindTaxonomy || p.Kind == KindTerm {
				continue
			}
			for _, term := range strList(p.Front.Params[plural]) {
				key := tax.Key + "/" + normalizePath(term)
				if terms[key] == nil {
					tp := &Page{Kind: KindTerm, Key: key, Parent: tax, Front: Front{Title: term}}
					tp.hp = parsePath(key+"/_index.md", nil)
					terms[key] = tp
				}
			}
		}
		made := []*Page{tax}
		for _, k := range sortedKeys(terms) {
			made = append(made, terms[k])
		}
		for _, p := range made {
			p.Build = defaultBuild
			p.InSite = !s.cfg.DisableKinds[p.Kind.String()]
			if !taken[p.Key] {
				taken[p.Key] = true
				s.pages = append(s.pages, p)
			}
		}
	}
}

// taxonomyKinds gives the sections of a taxonomy's content directory their
// Hugo kinds: its _index.md is the taxonomy page, the _index.md of each
// directory below it a term page.
func (s *Site) taxonomyKinds(key string) {
	for _, p := range s.pages {
		switch {
		case p.Kind != KindSection:
		case p.Key == key:
			p.Kind = KindTaxonomy
		case strings.HasPrefix(p.Key, key+"/") && !strings.Contains(p.Key[len(key)+1:], "/"):
			p.Kind = KindTerm
		}
	}
}

// computeURLs sets Link, URL and Aliases of every page, and reports pages
// and aliases that publish to the same place.
func (s *Site) computeURLs() {
	dirs := map[*Page]string{}
	owners := map[string]*Page{}
	for _, p := range s.pages {
		link, resDir := s.targetPath(p, dirs)
		p.Link = prependBase(s.base, link)
		p.resDir = resDir
		if p.InSite && p.Build.Render != RenderNever {
			p.URL = p.Link
		}
		if !p.Rendered() {
			continue
		}
		if prev := owners[p.Link]; prev != nil {
			s.problems = append(s.problems, Problem{File: p.File, Code: ProblemURLClash,
				Message: fmt.Sprintf("published at %s, as is %s; one overwrites the other", p.Link, describe(prev))})
			continue
		}
		owners[p.Link] = p
	}
	aliasOf := map[string]*Page{}
	for _, p := range s.pages {
		if p.Rendered() {
			s.aliases(p, owners, aliasOf)
		}
	}
}

func describe(p *Page) string {
	if p.File != "" {
		return p.File
	}
	return "the " + p.Kind.String() + " page " + p.Key
}

// prependBase is Hugo's PathSpec.PrependBasePath.
func prependBase(base, rel string) string {
	if base == "" || rel == "" {
		return rel
	}
	hadSlash := strings.HasSuffix(rel, "/")
	rel = path.Join(base, rel)
	if hadSlash && !strings.HasSuffix(rel, "/") {
		rel += "/"
	}
	return rel
}

// targetPath computes a page's link and the link of the directory its
// resources are published in (Hugo's CreateTargetPaths for the HTML output
// format), without the base path.
func (s *Site) targetPath(p *Page, dirs map[*Page]string) (link, resDir string) {
	b := pathBuilder{}
	fmURL := s.frontURL(p)
	switch {
	case fmURL != "":
		b.add(strings.FieldsFunc(fmURL, func(r rune) bool { return r == '/' })...)
		if strings.HasSuffix(fmURL, "/") || !strings.Contains(fmURL, ".") {
			b.add("index.html")
		} else {
			b.suffix = path.Ext(fmURL)
		}
	case p.Kind.isBranch():
		s.branchElements(&b, p, dirs)
	default:
		s.pageElements(&b, p, dirs)
	}
	// A url written in a regular page's front matter is kept as written.
	if p.Kind != KindPage || fmURL == "" {
		for i, el := range b.els {
			b.els[i] = s.makePathSanitized(el)
		}
	}
	link, resDir = b.link(), b.dir()
	if fmURL != "" {
		return urlEscape(link), resDir
	}
	return pathEscape(link), resDir
}

// frontURL returns the page's url front matter as Hugo uses it: ignored
// for the home page, expanded when it holds permalink attributes, cleaned
// when it climbs with "..".
func (s *Site) frontURL(p *Page) string {
	u := p.Front.URL
	if p.Kind == KindHome || u == "" {
		return ""
	}
	if strings.Contains(u, ":") {
		u = s.expandPermalink(u, p)
	}
	if strings.Contains(u, "..") {
		u = path.Join("/", u)
	}
	return u
}

// branchElements builds the path of a home, section, taxonomy or term page.
func (s *Site) branchElements(b *pathBuilder, p *Page, dirs map[*Page]string) {
	if perm := s.permalinkFor(p); perm != "" {
		b.add(perm)
	} else {
		b.add(s.branchDir(p, dirs))
	}
	if p.Kind == KindHome || !s.cfg.uglyFor(p.topSection()) {
		b.add("index.html")
	} else {
		b.concatLast(".html")
	}
}

// pageElements builds the path of a regular page: a permalink, or its
// directory and its slug (or file name).
func (s *Site) pageElements(b *pathBuilder, p *Page, dirs map[*Page]string) {
	if perm := s.permalinkFor(p); perm != "" {
		b.add(perm)
	} else {
		b.add(s.pageDir(p, dirs))
		name := p.Front.Slug
		if name == "" {
			name = p.hp.baseNameNoIdentifier()
		}
		b.add(name)
	}
	if s.cfg.uglyFor(p.topSection()) {
		b.concatLast(".html")
	} else {
		b.add("index.html")
	}
}

// branchDir is Hugo's targetPathDir for a branch page: its path relative
// to its parent section, appended to the parent's, with a section's slug
// in place of its last element.
func (s *Site) branchDir(p *Page, dirs map[*Page]string) string {
	if p.Kind == KindHome || p.Parent == nil {
		return ""
	}
	if d, ok := dirs[p]; ok {
		return d
	}
	rel := strings.TrimPrefix(p.Key, p.Parent.Key)
	if p.Front.Slug != "" {
		rel = rel[:strings.LastIndexByte(rel, '/')+1] + p.Front.Slug
	}
	d := s.branchDir(p.Parent, dirs) + rel
	dirs[p] = d
	return d
}

// pageDir is Hugo's targetPathDir for a regular page: its section's
// directory, then the rest of the directory that holds it.
func (s *Site) pageDir(p *Page, dirs map[*Page]string) string {
	sec := p.Parent
	if sec == nil {
		return p.hp.containerDir()
	}
	return s.branchDir(sec, dirs) + strings.TrimPrefix(p.hp.containerDir(), sec.Key)
}

// makePathSanitized is Hugo's PathSpec.MakePathSanitized.
func (s *Site) makePathSanitized(el string) string {
	el = sanitize(el)
	if s.cfg.RemovePathAccents {
		el = removeAccents(el)
	}
	if !s.cfg.DisablePathToLower {
		el = strings.ToLower(el)
	}
	return el
}

// urlize is Hugo's urlize (PathSpec.URLize), used by permalink attributes.
func (s *Site) urlize(v string) string {
	return urlEscape(s.makePathSanitized(v))
}

// pathBuilder is Hugo's pagePathBuilder for the HTML output format.
type pathBuilder struct {
	els    []string
	suffix string // set when the file name comes from a URL with an extension
}

func (b *pathBuilder) add(els ...string) {
	for _, e := range els {
		if e != "" && e != "/" {
			b.els = append(b.els, e)
		}
	}
}

func (b *pathBuilder) concatLast(suffix string) {
	if len(b.els) == 0 {
		b.add(suffix)
		return
	}
	b.els[len(b.els)-1] = strings.TrimSuffix(b.els[len(b.els)-1], "/") + suffix
}

func (b *pathBuilder) isIndex() bool {
	return len(b.els) > 0 && b.els[len(b.els)-1] == "index.html"
}

func (b *pathBuilder) path(upper int) string {
	return "/" + strings.TrimPrefix(path.Join(b.els[:upper]...), "/")
}

// link is the page's link: its directory with a trailing slash when its
// file is index.html, else the file.
func (b *pathBuilder) link() string {
	if !b.isIndex() {
		return b.path(len(b.els))
	}
	l := b.path(len(b.els) - 1)
	if !strings.HasSuffix(l, "/") {
		l += "/"
	}
	return l
}

// dir is the link of the directory the page's resources go to (Hugo's
// SubResourceBaseLink), "" at the root.
func (b *pathBuilder) dir() string {
	d := b.path(len(b.els))
	if len(b.els) > 0 && strings.HasPrefix(b.els[len(b.els)-1], "index.") {
		d = path.Dir(d)
	} else {
		suffix := b.suffix
		if suffix == "" {
			suffix = ".html"
		}
		d = strings.TrimSuffix(d, suffix)
	}
	if d == "/" {
		return ""
	}
	return d
}

// aliases computes p's alias URLs and reports the invalid ones.
func (s *Site) aliases(p *Page, owners, aliasOf map[string]*Page) {
	for _, a := range p.Front.Aliases {
		target, err := s.aliasTarget(p, a)
		if err != nil {
			s.problems = append(s.problems, Problem{File: p.File, Code: ProblemFrontMatter, Message: err.Error(), Alias: a})
			continue
		}
		link := "/" + strings.TrimSuffix(target, "index.html")
		link = prependBase(s.base, link)
		if prev := owners[link]; prev != nil && prev != p {
			s.problems = append(s.problems, Problem{File: p.File, Code: ProblemURLClash,
				Message: fmt.Sprintf("alias %q is the URL of %s; the redirect replaces that page", a, describe(prev)), Alias: a})
			continue
		}
		if prev := aliasOf[link]; prev != nil && prev != p {
			s.problems = append(s.problems, Problem{File: p.File, Code: ProblemURLClash,
				Message: fmt.Sprintf("alias %q is also an alias of %s; one redirect overwrites the other", a, describe(prev)), Alias: a})
			continue
		}
		aliasOf[link] = p
		p.Aliases = append(p.Aliases, link)
	}
}

// aliasTarget is Hugo's alias handling (renderAliases, targetPathAlias):
// a relative alias starts from the page's parent directory; the result is
// the file written, relative to the publish root.
func (s *Site) aliasTarget(p *Page, a string) (string, error) {
	if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
		return "", fmt.Errorf("alias %q: Hugo does not support http(s) aliases", a)
	}
	if a == "" {
		return "", fmt.Errorf("alias is an empty string")
	}
	if !strings.HasPrefix(a, "/") {
		a = path.Join(path.Join("/"+strings.TrimPrefix(p.resDir, "/"), ".."), a)
	}
	if s.cfg.uglyFor(p.topSection()) && !strings.HasSuffix(a, ".html") {
		a += ".html"
	}
	alias := path.Clean(a)
	if alias == "/" {
		return "", fmt.Errorf("alias %q resolves to the website root directory", a)
	}
	if strings.HasPrefix(alias, "..") {
		return "", fmt.Errorf("alias %q traverses outside the website root directory", a)
	}
	alias = strings.TrimPrefix(alias, "/")
	if !strings.HasSuffix(alias, ".html") {
		alias += "/index.html"
	}
	return alias, nil
}

// publishAll records every URL path the site publishes: rendered pages
// (and their RSS feeds for lists), published resources, aliases, static
// files and the site-wide files.
func (s *Site) publishAll() {
	add := func(p string) { s.publish[prependBase(s.base, p)] = true }
	for _, p := range s.pages {
		if p.Rendered() {
			f := unescapePath(indexFile(p.Link))
			s.publish[f] = true
			s.pageAt[f] = p
			if p.Kind.isBranch() && !s.cfg.DisableKinds["rss"] {
				add(unescapePath(p.resDir + "/index.xml"))
			}
		}
		for _, a := range p.Aliases {
			s.publish[indexFile(a)] = true
		}
		if p.InSite && p.Build.PublishResources {
			for _, r := range p.Resources {
				if FormatOf(r) == NotContent {
					add(unescapePath(p.resDir) + "/" + strings.TrimPrefix(r, p.dirPath+"/"))
				}
			}
		}
	}
	for _, f := range s.opt.Static {
		add("/" + f)
	}
	if !s.cfg.DisableKinds["sitemap"] {
		add("/sitemap.xml")
	}
	if s.cfg.EnableRobotsTXT && !s.cfg.DisableKinds["robotstxt"] {
		add("/robots.txt")
	}
	if !s.cfg.DisableKinds["404"] {
		add("/404.html")
	}
}

// unescapePath undoes the percent-encoding of a link, for comparing it
// with resolved URL paths.
func unescapePath(p string) string {
	if u, err := url.PathUnescape(p); err == nil {
		return u
	}
	return p
}

// indexFile turns a link ending in '/' into its index.html file.
func indexFile(link string) string {
	if strings.HasSuffix(link, "/") {
		return link + "index.html"
	}
	return link
}

// Published reports whether the site publishes a file at URL path p
// (unescaped, base path included): exactly, or as the index.html of the
// directory p names, which web servers serve for it.
func (s *Site) Published(p string) bool {
	if s.publish[p] {
		return true
	}
	if strings.HasSuffix(p, "/") {
		return s.publish[p+"index.html"]
	}
	return s.publish[p+"/index.html"]
}

// PageAt returns the rendered page published at URL path p (unescaped,
// base path included; "/s/x/", "/s/x" or "/s/x/index.html"), or nil.
func (s *Site) PageAt(p string) *Page {
	if pg := s.pageAt[p]; pg != nil {
		return pg
	}
	if strings.HasSuffix(p, "/") {
		return s.pageAt[p+"index.html"]
	}
	return s.pageAt[p+"/index.html"]
}

// PublishedPaths returns every published URL path, sorted.
func (s *Site) PublishedPaths() []string {
	out := make([]string, 0, len(s.publish))
	for p := range s.publish {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
