package links

import (
	"strings"

	"github.com/guidec/guidec/internal/hugo"
)

// Resolver classifies a link destination written in a page (by name) and
// computes the URL to publish: a Tree for a folder of guides, a Site for a
// Hugo content tree.
type Resolver interface {
	Resolve(from, dest string) Target
	// ResolveHTML classifies an <a href> of HTML the page publishes
	// verbatim (shortcode output, raw HTML): no render hook rewrites it,
	// the browser follows it from the page's URL.
	ResolveHTML(from, dest string) Target
}

// Site resolves the links of a Hugo content tree as Hugo does: each
// destination with a path is looked up with .Page.GetPage from the page it
// is written in, and written as the found page's URL (hugo.Site.Resolve,
// which is what the render hook of projects like Authelia's does). Pages
// are named by the caller (package build: the content path of the page's
// file); a Target's Guide is that name, "" for the pages Hugo makes
// without a file (the home page or a section without _index.md, taxonomy
// pages), whose anchors are not checked.
type Site struct {
	Hugo  *hugo.Site
	Pages map[string]*hugo.Page // every page with a file, by name
	Names map[*hugo.Page]string // the inverse of Pages
}

// NewSite indexes the pages of s by the names in pages.
func NewSite(s *hugo.Site, pages map[string]*hugo.Page) *Site {
	names := make(map[*hugo.Page]string, len(pages))
	for n, p := range pages {
		names[p] = n
	}
	return &Site{Hugo: s, Pages: pages, Names: names}
}

// Resolve classifies dest, written in page from. The kinds mean what they
// mean for a Tree, except that nothing is Outside: a relative link either
// reaches a page or published file of the site, or is Broken with
// Target.Reason and, when one is near, Target.Suggest. A link to a page
// Hugo does not write is Draft when the page is a draft (from a page that
// is not one) and Broken otherwise (headless, build.render never).
func (s *Site) Resolve(from, dest string) Target {
	d := strings.TrimSpace(dest)
	fp := s.Pages[from]
	r := s.Hugo.Resolve(fp, dest)
	if t, ok := s.known(from, fp, dest, d, r, true); ok {
		return t
	}
	// Guide names the page the link meant, were it there (a deleted or
	// renamed page, whose inbound links check --changed-since reports).
	t := Target{Kind: Broken, URL: dest, Guide: strings.TrimPrefix(s.Hugo.IntendedKey(fp, d), "/"),
		Reason: "GetPage finds no page at this path from this page, and nothing is published at " + r.Reached}
	if _, link := s.Hugo.Suggest(fp, dest); link != "" {
		t.Suggest = link
	}
	return t
}

// ResolveHTML classifies dest, an <a href> that page from publishes as
// written (shortcode output, raw HTML), as the browser follows it: against
// the page's URL, with no GetPage lookup (hugo.Site.ResolveURL). A path to
// a content file ("../x.md") is Broken unless something is published
// there, since no render hook turns it into the page's URL.
func (s *Site) ResolveHTML(from, dest string) Target {
	d := strings.TrimSpace(dest)
	fp := s.Pages[from]
	var r hugo.Result
	if d != "" && !isUnsafe(d) {
		r = s.Hugo.ResolveURL(fp, d)
	}
	if t, ok := s.known(from, fp, dest, d, r, false); ok {
		return t
	}
	t := Target{Kind: Broken, URL: dest, Guide: s.nameAtURL(r.Reached), Reason: "the browser resolves it against the page's URL, and " + r.Reason}
	if strings.HasSuffix(r.Path, ".md") || strings.Contains(r.Path, ".md#") {
		t.Reason += " (a path to a content file becomes the page's URL only in a Markdown link)"
	}
	// The page it most likely meant, by its URL: what an href must name.
	if tp, _ := s.Hugo.Suggest(fp, d); tp != nil && tp.URL != "" {
		t.Suggest = tp.URL
		if r.Fragment != "" {
			t.Suggest += "#" + r.Fragment
		}
	}
	return t
}

// known returns the Target of dest (d trimmed), written in page from (fp),
// that r classified, and false when r reached nothing, which Resolve and
// ResolveHTML explain each in their own terms. markdown is true for a
// Markdown link, resolved by GetPage and written as the page's URL; an
// href (false) ships as written.
func (s *Site) known(from string, fp *hugo.Page, dest, d string, r hugo.Result, markdown bool) (Target, bool) {
	if d == "" {
		return Target{Kind: Broken, URL: dest, Reason: "the destination is empty"}, true
	}
	if isUnsafe(d) {
		return Target{Kind: Unsafe, URL: "#"}, true
	}
	switch r.Kind {
	case hugo.External:
		return Target{Kind: External, URL: dest}, true
	case hugo.SamePage:
		return Target{Kind: Anchor, URL: dest, Guide: from, Fragment: r.Fragment}, true
	case hugo.PageFound:
		return Target{Kind: Guide, URL: r.URL, Guide: s.Names[r.Target], Fragment: r.Fragment}, true
	case hugo.ReachedByURL:
		// GetPage misses (or no GetPage: an href), and the browser lands
		// on the page: the link works, and its anchor is that page's.
		return Target{Kind: Guide, URL: dest, Guide: s.Names[r.Target], Fragment: r.Fragment}, true
	case hugo.Published:
		return Target{Kind: Resource, URL: dest}, true
	case hugo.Unpublished:
		name := s.Names[r.Target]
		if r.Target.Draft && !r.Target.InSite {
			if fp != nil && fp.Draft && !fp.InSite {
				// Drafts link to each other freely, as in a Tree.
				url := dest
				if markdown {
					url = r.Target.Link
				}
				return Target{Kind: Guide, URL: url, Guide: name, Fragment: r.Fragment}, true
			}
			return Target{Kind: Draft, URL: dest, Guide: name, Fragment: r.Fragment}, true
		}
		found := "it is the URL of "
		if markdown {
			found = "GetPage finds "
		}
		return Target{Kind: Broken, URL: dest, Guide: name, Reason: found + describePage(r.Target) + ", but " + r.Reason}, true
	}
	return Target{}, false
}

// nameAtURL returns the name of the page that would be published at URL
// path p were URLs to mirror content paths (lower case, as GetPage keys
// pages): for a link that reaches nothing, the page it meant.
func (s *Site) nameAtURL(p string) string {
	p = strings.TrimPrefix(p, s.Hugo.Config().BasePath())
	p = strings.TrimSuffix(strings.TrimSuffix(p, "index.html"), ".html")
	return strings.ToLower(strings.Trim(p, "/"))
}

// describePage names a page for a message: its file, else its path.
func describePage(p *hugo.Page) string {
	if p.File != "" {
		return p.File
	}
	return "the " + p.Kind.String() + " page " + p.Key
}
