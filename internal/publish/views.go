package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/guidec/guidec/internal/guide"
)

// siteView is what layouts see as .Site.
type siteView struct {
	Title        string
	BaseURL      string
	LanguageCode string
	Locale       string // OpenGraph form of LanguageCode: "en_US"
	Description  string
	Params       map[string]any
	Variables    []Variable
	LiveReload   bool // guidec serve: load the live reload script
}

// pageView is the data of a layout: a guide page (Kind "page") or the
// home page (Kind "home").
type pageView struct {
	Site        *siteView
	Kind        string
	Name        string
	URL         string // site-relative: "/romm/"; pass it through relURL
	Permalink   string // absolute
	Title       string // the page's h1
	HeadTitle   string // <title>: seo.title, else title
	Description string // meta description: seo.description, else description
	Lead        string // the description shown under the h1
	Canonical   string // seo.canonical, else Permalink
	NoIndex     bool
	Draft       bool
	Date        time.Time
	Lastmod     time.Time // lastmod, else date
	Content     template.HTML
	TOC         template.HTML // caller-rendered table of contents
	TOCTree     []*tocNode    // built from headings when TOC is empty
	ShowTOC     bool
	Prev, Next  *Link
	Support     guide.Support
	Images      []string // absolute URLs of the page's images (OpenGraph)
	Params      map[string]any
	Pages       []entryView // the home page's list
}

// entryView is one guide in the home page list.
type entryView struct {
	Name        string
	URL         string
	Title       string
	Description string
	Support     string // support level
	Weight      int
	Lastmod     time.Time
}

func (s *Site) siteView() *siteView {
	return &siteView{
		Title: s.cfg.Title, BaseURL: s.cfg.BaseURL, LanguageCode: s.cfg.LanguageCode,
		Locale: locale(s.cfg.LanguageCode), Description: s.cfg.Description,
		Params: s.cfg.Params, Variables: s.cfg.Variables, LiveReload: s.cfg.LiveReload,
	}
}

// locale turns "en-us" into "en_US".
func locale(lang string) string {
	l, r, ok := strings.Cut(lang, "-")
	if !ok {
		return strings.ToLower(l)
	}
	return strings.ToLower(l) + "_" + strings.ToUpper(r)
}

func (s *Site) pageView(p *Page) *pageView {
	m := p.Meta
	v := &pageView{
		Site: s.siteView(), Kind: "page", Name: p.Name, URL: p.url(),
		Permalink: absURL(s.base, p.url()), Title: m.Title,
		HeadTitle: or(m.SEO.Title, m.Title), Description: or(m.SEO.Description, m.Description),
		Lead: m.Description, NoIndex: m.SEO.NoIndex, Draft: m.Draft,
		Date: m.Date, Lastmod: m.LastModified(), Content: p.Content, TOC: p.TOC,
		Prev: p.Prev, Next: p.Next, Support: m.Support, Params: m.Params,
	}
	v.Canonical = or(m.SEO.Canonical, v.Permalink)
	if p.TOC == "" {
		v.TOCTree = tocTree(p.Headings)
	}
	v.ShowTOC = m.TOC && (p.TOC != "" || len(v.TOCTree) > 0)
	for _, img := range m.Images {
		v.Images = append(v.Images, absURL(s.base, resolveImage(p.url(), img)))
	}
	return v
}

// resolveImage makes a page image path site-relative: "logo.png" in guide
// romm (at pageURL "/romm/") is "/romm/logo.png"; absolute paths and URLs
// stay as they are.
func resolveImage(pageURL, img string) string {
	if strings.HasPrefix(img, "/") || isAbsolute(img) {
		return img
	}
	return pageURL[:strings.LastIndexByte(pageURL, '/')+1] + img
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *Site) entryViews(entries []entry) []entryView {
	out := make([]entryView, len(entries))
	for i, e := range entries {
		m := e.meta
		out[i] = entryView{
			Name: e.name, URL: e.url, Title: m.Title, Description: m.Description,
			Support: m.Support.Level, Weight: m.Weight, Lastmod: e.lastmod,
		}
	}
	return out
}

func (s *Site) writeHome(name string, entries []entry) error {
	v := &pageView{
		Site: s.siteView(), Kind: "home", URL: "/", Permalink: absURL(s.base, "/"),
		Title: s.cfg.Title, HeadTitle: s.cfg.Title, Description: s.cfg.Description, Lead: s.cfg.Description,
		Canonical: absURL(s.base, "/"), Pages: s.entryViews(entries), Params: s.cfg.Params,
	}
	s.mu.Lock()
	home := s.home
	s.mu.Unlock()
	if home != nil {
		v.Content = home.Content
	}
	for _, e := range entries {
		if e.lastmod.After(v.Lastmod) {
			v.Lastmod = e.lastmod
		}
	}
	return s.render(renderIndex, name, v, len(v.Content)+len(v.Pages)*512+16<<10)
}

// searchEntry is one record of index.json, which the home page's filter
// reads (site.js): it matches title and description, and finds the list
// item by url.
type searchEntry struct {
	Name        string `json:"name"`
	URL         string `json:"url"` // with the base path: usable as an href
	Title       string `json:"title"`
	Description string `json:"description"`
	Support     string `json:"support"`
	Weight      int    `json:"weight"`
}

func (s *Site) writeSearchIndex(name string, entries []entry) error {
	recs := make([]searchEntry, len(entries))
	for i, e := range entries {
		recs[i] = searchEntry{Name: e.name, URL: relURL(s.base, e.url), Title: e.meta.Title,
			Description: e.meta.Description, Support: e.meta.Support.Level, Weight: e.meta.Weight}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(recs); err != nil {
		return err
	}
	return s.out.WriteFile(name, buf.Bytes())
}

// sitemap is the sitemaps.org urlset.
type sitemap struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// writeSitemap lists the home page and every page but those marked
// seo.noindex, by URL.
func (s *Site) writeSitemap(name string, entries []entry) error {
	sm := sitemap{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	var newest time.Time
	var pages []sitemapURL
	for _, e := range entries {
		if e.lastmod.After(newest) {
			newest = e.lastmod
		}
		if !e.meta.SEO.NoIndex {
			pages = append(pages, sitemapURL{Loc: absURL(s.base, e.url), Lastmod: isoDate(e.lastmod)})
		}
	}
	sm.URLs = append([]sitemapURL{{Loc: absURL(s.base, "/"), Lastmod: isoDate(newest)}}, sortByLoc(pages)...)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(sm); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return s.out.WriteFile(name, buf.Bytes())
}

func sortByLoc(u []sitemapURL) []sitemapURL {
	slices.SortFunc(u, func(a, b sitemapURL) int { return strings.Compare(a.Loc, b.Loc) })
	return u
}
