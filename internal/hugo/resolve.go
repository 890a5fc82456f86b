package hugo

import (
	"net/url"
	"path"
	"strings"
)

// ResolveKind classifies a link destination the way a reader of the
// published site meets it.
type ResolveKind int

// Kinds of link destination.
const (
	// Missing: GetPage finds no page and the link, as written, reaches no
	// file of the published site: a broken link.
	Missing ResolveKind = iota
	// PageFound: GetPage finds a published page; the render hook writes its
	// URL (Result.URL).
	PageFound
	// Unpublished: GetPage finds a page (or would, were drafts built) that
	// Hugo does not write: a draft, build.render "never" or "link",
	// headless. The reader gets no page.
	Unpublished
	// Published: GetPage finds no page, but the link as written reaches a
	// published file that is not a page: a static file, a bundle resource,
	// an alias, a feed. The render hook leaves it unchanged and it works.
	Published
	// ReachedByURL: GetPage finds no page, but the link as written reaches
	// a page's URL (Target), because that URL mirrors the content path:
	// "../other" from a leaf page at /s/leaf/ reaches /s/other/. It works
	// while the URLs keep mirroring the files; a slug or url breaks it.
	ReachedByURL
	// External: mailto:, http(s) and any other scheme or host; not checked.
	External
	// SamePage: no path, only a fragment or query (#x): the page itself.
	SamePage
)

// String returns the kind's name.
func (k ResolveKind) String() string {
	switch k {
	case PageFound:
		return "page"
	case Unpublished:
		return "unpublished"
	case Published:
		return "published"
	case ReachedByURL:
		return "reached-by-url"
	case External:
		return "external"
	case SamePage:
		return "same-page"
	}
	return "missing"
}

// Result is the outcome of resolving one link destination.
type Result struct {
	Kind ResolveKind
	// Target is the page GetPage found (PageFound, Unpublished), the page
	// whose URL the link reaches (ReachedByURL), the page itself for
	// SamePage.
	Target *Page
	// Path is the unescaped path GetPage was given; Fragment the unescaped
	// fragment without '#' ("" when none).
	Path     string
	Fragment string
	// URL is what the link becomes in the published page: the target's
	// URL plus the fragment for PageFound (the query is dropped, as the
	// render hook does), the destination unchanged otherwise.
	URL string
	// Reached is, for Published, ReachedByURL and Missing, the URL path
	// the link reaches from the page's URL.
	Reached string
	// Reason says why a link is Unpublished or Missing.
	Reason string
}

// Broken reports whether a reader following the link gets no page.
func (r Result) Broken() bool { return r.Kind == Missing || r.Kind == Unpublished }

// Resolve resolves a link destination written in page from (nil: a link
// rendered outside any page) as the render hook of Hugo projects like
// Authelia's does (layouts/_markup/render-link.html): mailto and http(s)
// links are left alone; any other destination with a path is looked up
// with .Page.GetPage and, when a page is found, replaced by its
// RelPermalink and the fragment. What GetPage does not find ships as
// written, and the browser resolves it against the page's URL; Resolve
// tells whether that reaches a published file.
func (s *Site) Resolve(from *Page, dest string) Result {
	if strings.HasPrefix(dest, "mailto") || strings.HasPrefix(dest, "http://") || strings.HasPrefix(dest, "https://") {
		return Result{Kind: External, URL: dest}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return Result{Kind: Missing, URL: dest, Reason: "not a valid URL: " + err.Error()}
	}
	r := Result{Path: u.Path, Fragment: u.Fragment, URL: dest}
	switch {
	case u.Scheme != "" || u.Host != "" || u.Opaque != "":
		r.Kind = External
		return r
	case u.Path == "":
		r.Kind, r.Target = SamePage, from
		return r
	}
	if p := s.GetPage(from, u.Path); p != nil {
		r.Target = p
		switch {
		case p.Rendered():
			r.Kind, r.URL = PageFound, p.URL
			if u.Fragment != "" {
				r.URL += "#" + u.Fragment
			}
		default:
			r.Kind, r.Reason = Unpublished, unpublishedReason(p)
		}
		return r
	}
	if p := s.getPage(from, u.Path, s.outKey); p != nil {
		r.Kind, r.Target, r.Reason = Unpublished, p, unpublishedReason(p)
		return r
	}
	if s.byURL(from, u, &r) {
		return r
	}
	r.Kind, r.Reason = Missing, "no page at this path and nothing published at "+r.Reached
	return r
}

func unpublishedReason(p *Page) string {
	switch {
	case p.Draft && !p.InSite:
		return "the page is a draft"
	case !p.InSite:
		return "pages of kind " + p.Kind.String() + " are disabled"
	case p.Build.Render == RenderNever:
		return "the page is not rendered (headless or build.render: never)"
	}
	return "the page is not rendered (build.render: link)"
}

// reach resolves u against the URL of page from, as a browser does.
func (s *Site) reach(from *Page, u *url.URL) string {
	base := prependBase(s.base, "/")
	if from != nil && from.Link != "" {
		base = from.Link
	}
	b, err := url.Parse(base)
	if err != nil {
		return u.Path
	}
	return b.ResolveReference(&url.URL{Path: u.Path}).Path
}

// Suggest returns the published page a broken link most likely meant, and
// a destination from page from that GetPage resolves to it (with the
// original fragment), or nil and "". It compares the path GetPage tried
// first with every page's path (see nearest).
func (s *Site) Suggest(from *Page, dest string) (*Page, string) {
	u, err := url.Parse(dest)
	if err != nil || u.Path == "" {
		return nil, ""
	}
	want := s.intendedKey(from, strings.TrimSuffix(u.Path, "/"))
	target := s.nearest(want)
	if target == nil {
		return nil, ""
	}
	link := s.linkTo(from, target)
	if link == "" {
		return nil, ""
	}
	if u.Fragment != "" {
		link += "#" + u.Fragment
	}
	return target, link
}

// intendedKey is the key GetPage tries first for ref from page from.
func (s *Site) intendedKey(from *Page, ref string) string {
	if !hasExt(ref) {
		ref += defaultContentExt
	}
	if from == nil || strings.HasPrefix(ref, "/") {
		return s.key(ref)
	}
	base := from.hp.containerDir()
	if from.hp.typ == pathBranch || strings.HasPrefix(ref, "../") {
		base = from.hp.dir()
	}
	return s.key(path.Join(base, ref))
}

// linkTo returns a destination from page from that GetPage resolves to
// target: relative to the page's file when one works, else site-absolute.
func (s *Site) linkTo(from *Page, target *Page) string {
	file := target.File
	if file == "" {
		file = strings.TrimPrefix(target.Key, "/")
		if file == "" {
			return "/"
		}
	}
	var candidates []string
	if from != nil && from.File != "" {
		dirs := []string{from.dirPath}
		if from.Bundle == Leaf {
			dirs = []string{parentDir(from.dirPath), from.dirPath}
		}
		for _, d := range dirs {
			candidates = append(candidates, relPath(d, file))
		}
	}
	candidates = append(candidates, "/"+file)
	for _, c := range candidates {
		if s.GetPage(from, c) == target {
			return c
		}
	}
	return ""
}

// relPath returns the relative slash path from directory dir to file,
// both content-relative.
func relPath(dir, file string) string {
	var d, f []string
	if dir != "" {
		d = strings.Split(dir, "/")
	}
	f = strings.Split(file, "/")
	i := 0
	for i < len(d) && i < len(f)-1 && d[i] == f[i] {
		i++
	}
	var b strings.Builder
	for range d[i:] {
		b.WriteString("../")
	}
	b.WriteString(strings.Join(f[i:], "/"))
	return b.String()
}

// ResolveURL resolves a destination that no render hook rewrites — an
// <a href> in a shortcode's HTML output or in raw HTML — as the browser
// does: against the URL of page from (nil: the home page). Nothing is
// looked up with GetPage, so a path to a content file ("../x.md") is
// Missing unless a file is published there. An absolute URL on the
// site's own scheme and host (what absURL writes) is resolved like a
// site-absolute path; any other scheme or host is External. The kinds
// are those of Resolve: SamePage, ReachedByURL (the page published at the
// reached URL, Target), Published, Unpublished (a page Hugo does not
// write, whose URL the link names) or Missing.
func (s *Site) ResolveURL(from *Page, dest string) Result {
	u, err := url.Parse(dest)
	if err != nil {
		return Result{Kind: Missing, URL: dest, Reason: "not a valid URL: " + err.Error()}
	}
	r := Result{Path: u.Path, Fragment: u.Fragment, URL: dest}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		if !s.ownURL(u) {
			r.Kind = External
			return r
		}
		u = &url.URL{Path: u.Path, RawPath: u.RawPath, Fragment: u.Fragment}
		if u.Path == "" {
			u.Path = "/"
		}
	}
	if u.Path == "" {
		r.Kind, r.Target = SamePage, from
		return r
	}
	if s.byURL(from, u, &r) {
		return r
	}
	if p := s.unrenderedAt(r.Reached); p != nil {
		r.Kind, r.Target, r.Reason = Unpublished, p, unpublishedReason(p)
		return r
	}
	r.Kind, r.Reason = Missing, "nothing is published at "+r.Reached
	return r
}

// ownURL reports whether u, an absolute URL, points into the site: same
// scheme (http and https alike) and host as the configured baseURL, and a
// path below its base path.
func (s *Site) ownURL(u *url.URL) bool {
	if s.cfg.BaseURL == "" || u.Opaque != "" || u.Host == "" {
		return false
	}
	b, err := url.Parse(s.cfg.BaseURL)
	if err != nil || b.Host == "" || !strings.EqualFold(b.Host, u.Host) {
		return false
	}
	if (u.Scheme != "http" && u.Scheme != "https") || (b.Scheme != "http" && b.Scheme != "https") {
		return false
	}
	base := strings.TrimSuffix(b.Path, "/")
	return u.Path == base || strings.HasPrefix(u.Path, base+"/")
}

// unrenderedAt returns the page Hugo would write at URL path p were it
// rendered (a draft, a headless page), or nil. It scans every page: only
// a link that reaches nothing asks.
func (s *Site) unrenderedAt(p string) *Page {
	want := indexFile(p)
	if !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html") {
		want = p + "/index.html"
	}
	for _, pg := range s.pages {
		if !pg.Rendered() && pg.Link != "" && unescapePath(indexFile(pg.Link)) == want {
			return pg
		}
	}
	return nil
}

// IntendedKey returns the key of the page GetPage looks for first when
// page from links to ref ("/s/other" for "other.md" from s/leaf.md): the
// page a link that reaches nothing meant, were it there.
func (s *Site) IntendedKey(from *Page, ref string) string {
	if u, err := url.Parse(ref); err == nil {
		ref = u.Path
	}
	ref = strings.TrimSuffix(ref, "/")
	if ref == "" {
		return ""
	}
	return s.intendedKey(from, ref)
}

// byURL sets r to what a browser reaches at u from page from, a page or a
// published file, and reports false when it reaches nothing (r.Reached
// is set either way).
func (s *Site) byURL(from *Page, u *url.URL, r *Result) bool {
	r.Reached = s.reach(from, u)
	if p := s.PageAt(r.Reached); p != nil {
		r.Kind, r.Target = ReachedByURL, p
		return true
	}
	if s.Published(r.Reached) {
		r.Kind = Published
		return true
	}
	return false
}
