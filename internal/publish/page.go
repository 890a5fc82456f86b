package publish

import (
	"cmp"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/guidec/guidec/internal/guide"
	"github.com/guidec/guidec/internal/source"
)

// Page is one rendered guide, ready to be laid out.
type Page struct {
	Name string // the guide's directory name, or a Hugo page's content path
	// URL is the page's site-relative URL without the base path, as Hugo
	// gives it ("/integration/openid-connect/", "/s/page.html"); "" means
	// PageURL(Name), a guide's. A page at "/" is the home page: its
	// content is published with the home layout, above the list of pages.
	URL  string
	File *source.File // the guide file, which diagnostics about the page point into
	Meta *guide.Meta
	// Content is the guide body as HTML.
	Content template.HTML
	// TOC is a table of contents rendered by the caller; when empty, the
	// layout builds one from Headings (levels 2 and 3). Either shows only
	// when Meta.TOC is set.
	TOC      template.HTML
	Headings []Heading
	// ResourceFS holds the guide's directory and Resources the files in it
	// to publish beside the page (guide.Guide.Resources).
	ResourceFS fs.FS
	Resources  []string
	// Prev and Next link the neighbouring pages in home-page order (see
	// Navigation); nil at either end.
	Prev, Next *Link
}

// Heading is a heading of a page, for the table of contents.
type Heading struct {
	Level int    // 1–6
	ID    string // anchor, without '#'
	Text  string // plain text
}

// Link points at another page.
type Link struct {
	Name  string
	URL   string // site-relative, e.g. "/romm/"
	Title string
}

// PageURL returns the site-relative URL of the guide called name.
func PageURL(name string) string { return "/" + name + "/" }

// url returns the page's site-relative URL.
func (p *Page) url() string {
	if p.URL != "" {
		return p.URL
	}
	return PageURL(p.Name)
}

// pageFile returns the output file of a page at the site-relative URL u:
// u's index.html when u names a directory, else u itself ("/s/x.html"),
// with its percent-encoding undone (the server encodes it again).
func pageFile(u string) string {
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	u = strings.TrimPrefix(u, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

// Nav is a page's previous and next page.
type Nav struct{ Prev, Next *Link }

// Navigation orders the guides (metas by name) as the home page lists them
// and returns each one's neighbours, so that pages can be written, with
// their links, in any order.
func Navigation(metas map[string]*guide.Meta) map[string]Nav {
	return NavigationAt(metas, PageURL)
}

// NavigationAt is Navigation for pages whose site-relative URL is
// urlOf(name) (Page.URL).
func NavigationAt(metas map[string]*guide.Meta, urlOf func(name string) string) map[string]Nav {
	keys := make([]orderKey, 0, len(metas))
	for n, m := range metas {
		keys = append(keys, keyOf(n, m))
	}
	slices.SortFunc(keys, compareKeys)
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.name
	}
	nav := make(map[string]Nav, len(names))
	link := func(i int) *Link {
		if i < 0 || i >= len(names) {
			return nil
		}
		return &Link{Name: names[i], URL: urlOf(names[i]), Title: metas[names[i]].Title}
	}
	for i, n := range names {
		nav[n] = Nav{Prev: link(i - 1), Next: link(i + 1)}
	}
	return nav
}

// orderKey is what the home page order compares of a page, the title
// lower-cased once rather than at every comparison of a sort (a save in
// guidec serve sorts every page, twice).
type orderKey struct {
	weight int
	title  string // lower case
	name   string
}

func keyOf(name string, m *guide.Meta) orderKey {
	return orderKey{weight: m.Weight, title: strings.ToLower(m.Title), name: name}
}

// compareKeys is the home page order: weight, then title (ignoring case),
// then name, which is unique.
func compareKeys(a, b orderKey) int {
	return cmp.Or(
		cmp.Compare(a.weight, b.weight),
		cmp.Compare(a.title, b.title),
		cmp.Compare(a.name, b.name),
	)
}

// entry is what the home page, the search index and the sitemap need of a
// page; the site keeps one per written page.
type entry struct {
	name    string
	url     string // site-relative (Page.URL)
	meta    *guide.Meta
	file    *source.File
	lastmod time.Time
}

// tocNode is one table-of-contents item with the items nested under it.
type tocNode struct {
	Heading
	Children []*tocNode
}

// TOC levels shown when the layout builds the table of contents, as Hugo's
// defaults (startLevel 2, endLevel 3).
const (
	tocMinLevel = 2
	tocMaxLevel = 3
)

// tocTree nests the headings of levels tocMinLevel..tocMaxLevel. A heading
// deeper than its predecessor by more than one level nests under it all
// the same.
func tocTree(hs []Heading) []*tocNode {
	var roots []*tocNode
	var stack []*tocNode
	for _, h := range hs {
		if h.Level < tocMinLevel || h.Level > tocMaxLevel || h.ID == "" {
			continue
		}
		n := &tocNode{Heading: h}
		for len(stack) > 0 && stack[len(stack)-1].Level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			roots = append(roots, n)
		} else {
			p := stack[len(stack)-1]
			p.Children = append(p.Children, n)
		}
		stack = append(stack, n)
	}
	return roots
}
