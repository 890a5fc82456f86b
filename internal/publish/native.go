package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/guidec/guidec/internal/htmlesc"
)

// Native layouts. Every page of a build executes the built-in layouts
// (site/layouts), and html/template executes them by reflection, with
// an escaper call per action: about 40 M instructions of a corpus build.
// The functions below write what html/template writes when it executes
// the built-in layouts, byte for byte, with its escapers' behaviour for
// each action's context (escape.go). They replace only a layout set that
// is the very text of the built-in files (the same SHA-256 for each, and
// no other partial); a project's own layouts, or edited copies, run as
// templates. TestNativeLayouts compares both on the corpus, the docs tree
// and generated pages.

// nativeLayoutSums are the SHA-256 of the built-in layout files, by path
// under the site directory: the set the native functions reproduce.
var nativeLayoutSums = map[string]string{
	layoutBase:                        "1aea435f6e1ddb4348e3be406b00dc029c9afdfa36280478648a28859d817a28",
	layoutSingle:                      "49b771dfd2afd2e6ad1f7e1ff6f137033e6968ddd02527c19ad11f2644f969fb",
	layoutIndex:                       "9ceb3d368566cf2d5134d07ba80e95d5094903e59d478c370064c0f511aa7115",
	layoutAlias:                       "f0bd3ea74ca5e98fe2b17285d525560951af5bbd9a494cdcd5435572032e7427",
	"layouts/partials/opengraph.html": "a70da513ff91b35b5d9be999b05af2bf81d3564a63bba62cb0a63d7df09f938e",
	"layouts/partials/toc.html":       "9ee54a804944df821a67e0f42aebf75c873f5518d77d8bcf7786da76a04c05ba",
}

// useNative turns the native layouts on (a test turns them off to
// compare).
var useNative = true

// isBuiltinSet reports whether files (path to text, every layout file
// LoadLayouts read) are exactly the built-in layouts.
func isBuiltinSet(files map[string]string) bool {
	if len(files) != len(nativeLayoutSums) {
		return false
	}
	for name, text := range files {
		want, ok := nativeLayoutSums[name]
		if !ok {
			return false
		}
		sum := sha256.Sum256([]byte(text))
		if hex.EncodeToString(sum[:]) != want {
			return false
		}
	}
	return true
}

// nativeSite is what the native layouts print of the site, escaped once:
// the same on every page.
type nativeSite struct {
	lang                                               string // .Site.LanguageCode, as an attribute value
	title                                              string // .Site.Title, as text (and attribute value: the same)
	locale                                             string // .Site.Locale, as an attribute value
	repository                                         string // href of .Site.Params.repository; "" for none
	favicon, siteCSS, highlightCSS, siteJS, liveReload string
	home, searchIndex                                  string // relURL "/", relURL "/index.json"
	variables                                          string // .Site.Variables in the JSON script
	live                                               bool
}

// newNativeSite prepares the native layouts for s, or returns nil when
// the site holds a value they do not reproduce (a repository parameter
// that is not a string), so that the templates run instead.
func newNativeSite(s *Site) *nativeSite {
	v := s.siteView()
	n := &nativeSite{live: v.LiveReload}
	switch r := v.Params["repository"].(type) {
	case nil:
	case string:
		n.repository = urlString(r)
	default:
		return nil
	}
	if !metaRefreshFiltered() {
		return nil
	}
	vars, err := jsonScript(v.Variables)
	if err != nil {
		return nil
	}
	n.variables = vars
	n.lang, n.title, n.locale = textString(v.LanguageCode), textString(v.Title), textString(v.Locale)
	rel := func(p string) string { return urlString(relURL(s.base, p)) }
	n.favicon, n.siteCSS, n.highlightCSS, n.siteJS = rel("/favicon.svg"), rel("/css/site.css"), rel("/css/highlight.css"), rel("/js/site.js")
	n.liveReload, n.home = rel("/__guidec/livereload.js"), rel("/")
	n.searchIndex = textString(relURL(s.base, "/index.json")) // data-index: a plain attribute
	return n
}

// jsonScriptTemplate prints a value where baseof.html prints the site
// variables: in a script of type application/json, html/template's
// jsValEscaper, which this reuses rather than rewrites (once per site).
// It is parsed at first use, not when the program starts.
var jsonScriptTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").Parse(`<script type="application/json" id="guidec-sitevars">{{ . }}</script>`))
})

func jsonScript(v any) (string, error) {
	var b strings.Builder
	if err := jsonScriptTemplate().Execute(&b, v); err != nil {
		return "", err
	}
	s := strings.TrimPrefix(b.String(), `<script type="application/json" id="guidec-sitevars">`)
	return strings.TrimSuffix(s, `</script>`), nil
}

// metaRefreshFiltered reports that html/template filters a URL after
// "url=" in a meta refresh, as writeAlias does: GODEBUG
// htmlmetacontenturlescape=0 turns that off.
var metaRefreshFiltered = sync.OnceValue(func() bool {
	var b strings.Builder
	t := template.Must(template.New("").Parse(`<meta http-equiv="refresh" content="0; url={{ . }}">`))
	return t.Execute(&b, "javascript:x") == nil && strings.Contains(b.String(), "#ZgotmplZ")
})

func textString(s string) string {
	var b bytes.Buffer
	htmlesc.Text(&b, s)
	return b.String()
}

func urlString(s string) string {
	var b bytes.Buffer
	htmlesc.URL(&b, s)
	return b.String()
}

// writePage is baseof.html with single.html's main (v.Kind "page") or
// index.html's (v.Kind "home").
func (n *nativeSite) writePage(b *bytes.Buffer, s *Site, v *pageView) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"")
	b.WriteString(n.lang)
	b.WriteString("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	htmlesc.Text(b, v.HeadTitle)
	b.WriteString("</title>")
	if v.Description != "" {
		b.WriteString("\n<meta name=\"description\" content=\"")
		htmlesc.Text(b, v.Description)
		b.WriteString("\">")
	}
	b.WriteString("\n<link rel=\"canonical\" href=\"")
	htmlesc.URL(b, v.Canonical)
	b.WriteString("\">")
	if v.NoIndex {
		b.WriteString("\n<meta name=\"robots\" content=\"noindex\">")
	}
	b.WriteString("\n")
	n.writeOpenGraph(b, v)
	b.WriteString("\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"")
	b.WriteString(n.favicon)
	b.WriteString("\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"")
	b.WriteString(n.siteCSS)
	b.WriteString("\">\n<link rel=\"stylesheet\" href=\"")
	b.WriteString(n.highlightCSS)
	b.WriteString("\">\n<script src=\"")
	b.WriteString(n.siteJS)
	b.WriteString("\" defer></script>\n<script type=\"application/json\" id=\"guidec-sitevars\">")
	b.WriteString(n.variables)
	b.WriteString("</script>\n<noscript><style>form.sitevar-preferences { display: none; }</style></noscript>")
	if n.live {
		b.WriteString("\n<script src=\"")
		b.WriteString(n.liveReload)
		b.WriteString("\" defer></script>")
	}
	b.WriteString("\n</head>\n<body class=\"kind-")
	htmlesc.Text(b, v.Kind)
	b.WriteString("\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n<div class=\"site-header-inner\">\n<a class=\"site-title\" href=\"")
	b.WriteString(n.home)
	b.WriteString(`"><svg class="logo" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"><path d="M12 2 3.5 5.5v6c0 5.2 3.6 9.4 8.5 10.5 4.9-1.1 8.5-5.3 8.5-10.5v-6z" fill="currentColor"/><path class="logo-check" d="m8 12.2 2.8 2.8L16.5 9"/></svg>`)
	b.WriteString(n.title)
	b.WriteString("</a>\n<nav class=\"site-nav\" aria-label=\"Site\">\n<a href=\"")
	b.WriteString(n.home)
	b.WriteString("\"")
	if v.Kind == "home" {
		b.WriteString(" aria-current=\"page\"")
	}
	b.WriteString(">All guides</a>")
	if n.repository != "" {
		b.WriteString("\n<a href=\"")
		b.WriteString(n.repository)
		b.WriteString("\">Source</a>")
	}
	b.WriteString("\n</nav>\n</div>\n</header>\n")
	if v.Kind == "home" {
		n.writeHomeMain(b, s, v)
	} else {
		n.writeSingleMain(b, s, v)
	}
	b.WriteString("\n<footer class=\"site-footer\">\n<p>")
	b.WriteString(n.title)
	b.WriteString(": every configuration snippet is checked when the site is built.")
	if n.repository != "" {
		b.WriteString(" <a href=\"")
		b.WriteString(n.repository)
		b.WriteString("\">Source and issues</a>.")
	}
	b.WriteString("</p>\n</footer>\n</body>\n</html>\n")
}

// writeOpenGraph is partials/opengraph.html. Its values are in meta
// content attributes, which html/template escapes as plain attributes
// (no URL filter: there is no "url=" before them).
func (n *nativeSite) writeOpenGraph(b *bytes.Buffer, v *pageView) {
	b.WriteString("<meta property=\"og:title\" content=\"")
	htmlesc.Text(b, v.HeadTitle)
	b.WriteString("\">")
	if v.Description != "" {
		b.WriteString("\n<meta property=\"og:description\" content=\"")
		htmlesc.Text(b, v.Description)
		b.WriteString("\">")
	}
	if v.Kind == "page" {
		b.WriteString("\n<meta property=\"og:type\" content=\"article\">")
	} else {
		b.WriteString("\n<meta property=\"og:type\" content=\"website\">")
	}
	b.WriteString("\n<meta property=\"og:url\" content=\"")
	htmlesc.Text(b, v.Canonical)
	b.WriteString("\">\n<meta property=\"og:site_name\" content=\"")
	b.WriteString(n.title)
	b.WriteString("\">\n<meta property=\"og:locale\" content=\"")
	b.WriteString(n.locale)
	b.WriteString("\">")
	for _, img := range v.Images {
		b.WriteString("\n<meta property=\"og:image\" content=\"")
		htmlesc.Text(b, img)
		b.WriteString("\">")
	}
	if v.Kind == "page" {
		if !v.Date.IsZero() {
			b.WriteString("\n<meta property=\"article:published_time\" content=\"")
			htmlesc.Text(b, isoDate(v.Date))
			b.WriteString("\">")
		}
		if !v.Lastmod.IsZero() {
			b.WriteString("\n<meta property=\"article:modified_time\" content=\"")
			htmlesc.Text(b, isoDate(v.Lastmod))
			b.WriteString("\">")
		}
	}
	b.WriteString("\n")
}

// writeSingleMain is single.html's main.
func (n *nativeSite) writeSingleMain(b *bytes.Buffer, s *Site, v *pageView) {
	b.WriteString("<main id=\"main\" class=\"page\">\n<article class=\"guide")
	if v.ShowTOC {
		b.WriteString(" has-toc")
	}
	b.WriteString("\">\n<header class=\"page-header\">")
	if v.Draft {
		b.WriteString("\n<p class=\"draft-banner\">Draft: not published on the live site</p>")
	}
	b.WriteString("\n<h1>")
	htmlesc.Text(b, v.Title)
	b.WriteString("</h1>")
	if v.Lead != "" {
		b.WriteString("\n<p class=\"lead\">")
		htmlesc.Text(b, v.Lead)
		b.WriteString("</p>")
	}
	if level := v.Support.Level; level != "" || !v.Lastmod.IsZero() {
		b.WriteString("\n<p class=\"page-meta\">")
		if level != "" {
			writeSupport(b, level)
		}
		if !v.Lastmod.IsZero() {
			b.WriteString(" <span class=\"updated\">Last updated ")
			writeTime(b, v.Lastmod, "January 2, 2006")
			b.WriteString("</span>")
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n</header>")
	if v.ShowTOC {
		b.WriteString("\n<div class=\"page-toc\">\n<h2 id=\"toc-title\">On this page</h2>\n")
		if v.TOC != "" {
			b.WriteString(string(v.TOC))
		} else {
			b.WriteString("<nav class=\"toc\" aria-labelledby=\"toc-title\">")
			writeTOC(b, v.TOCTree)
			b.WriteString("</nav>")
		}
		b.WriteString("\n</div>")
	}
	b.WriteString("\n<div class=\"content\">\n")
	b.WriteString(string(v.Content))
	b.WriteString("\n</div>\n</article>")
	if v.Prev != nil || v.Next != nil {
		b.WriteString("\n<nav class=\"pager\" aria-label=\"Previous and next guides\">")
		if v.Prev != nil {
			b.WriteString("\n<a class=\"pager-prev\" rel=\"prev\" href=\"")
			htmlesc.URL(b, relURL(s.base, v.Prev.URL))
			b.WriteString("\"><span>Previous</span>")
			htmlesc.Text(b, v.Prev.Title)
			b.WriteString("</a>")
		}
		if v.Next != nil {
			b.WriteString("\n<a class=\"pager-next\" rel=\"next\" href=\"")
			htmlesc.URL(b, relURL(s.base, v.Next.URL))
			b.WriteString("\"><span>Next</span>")
			htmlesc.Text(b, v.Next.Title)
			b.WriteString("</a>")
		}
		b.WriteString("\n</nav>")
	}
	b.WriteString("\n</main>\n")
}

// writeTOC is partials/toc.html.
func writeTOC(b *bytes.Buffer, nodes []*tocNode) {
	b.WriteString("<ul>")
	for _, t := range nodes {
		b.WriteString("\n<li><a href=\"#")
		htmlesc.URLPart(b, t.ID)
		b.WriteString("\">")
		htmlesc.Text(b, t.Text)
		b.WriteString("</a>")
		if len(t.Children) > 0 {
			writeTOC(b, t.Children)
		}
		b.WriteString("</li>")
	}
	b.WriteString("\n</ul>\n")
}

// writeHomeMain is index.html's main.
func (n *nativeSite) writeHomeMain(b *bytes.Buffer, s *Site, v *pageView) {
	b.WriteString("<main id=\"main\" class=\"home\">\n<h1>")
	htmlesc.Text(b, v.Title)
	b.WriteString("</h1>")
	if v.Lead != "" {
		b.WriteString("\n<p class=\"lead\">")
		htmlesc.Text(b, v.Lead)
		b.WriteString("</p>")
	}
	if v.Content != "" {
		b.WriteString("\n<div class=\"content\">\n")
		b.WriteString(string(v.Content))
		b.WriteString("\n</div>")
	}
	b.WriteString("\n<search class=\"filter\" hidden>\n<label for=\"guide-filter\">Filter guides</label>\n<input type=\"search\" id=\"guide-filter\" class=\"guide-filter\" data-index=\"")
	b.WriteString(n.searchIndex)
	b.WriteString("\" placeholder=\"Name or description, e.g. Grafana\" autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"filter-count\">\n<output id=\"filter-count\" class=\"filter-count\" for=\"guide-filter\" aria-live=\"polite\">")
	b.WriteString(strconv.Itoa(len(v.Pages)))
	b.WriteString(" guides</output>\n</search>\n<ul class=\"guide-list\" aria-label=\"Guides\">")
	for i := range v.Pages {
		e := &v.Pages[i]
		b.WriteString("\n<li><a href=\"")
		htmlesc.URL(b, relURL(s.base, e.URL))
		b.WriteString("\"><span class=\"guide-title\">")
		htmlesc.Text(b, e.Title)
		b.WriteString("</span>")
		if e.Description != "" {
			b.WriteString("<span class=\"guide-desc\">")
			htmlesc.Text(b, e.Description)
			b.WriteString("</span>")
		}
		b.WriteString("</a><span class=\"guide-meta\">")
		if e.Support != "" {
			writeSupport(b, e.Support)
		}
		if !e.Lastmod.IsZero() {
			b.WriteString("<span>Updated ")
			writeTime(b, e.Lastmod, "Jan 2, 2006")
			b.WriteString("</span>")
		}
		b.WriteString("</span></li>")
	}
	b.WriteString("\n</ul>\n<p class=\"filter-empty\" role=\"status\" hidden>No guide matches your filter.</p>\n</main>\n")
}

// writeSupport writes the support-level badge that single.html and
// index.html both print.
func writeSupport(b *bytes.Buffer, level string) {
	b.WriteString("<span class=\"support support-")
	htmlesc.Text(b, level)
	b.WriteString("\" title=\"Support level\">")
	htmlesc.Text(b, level)
	b.WriteString("</span>")
}

// writeTime writes a <time> element of t, shown in layout, as both
// layouts print the last modification.
func writeTime(b *bytes.Buffer, t time.Time, layout string) {
	b.WriteString("<time datetime=\"")
	htmlesc.Text(b, isoDate(t))
	b.WriteString("\">")
	htmlesc.Text(b, t.Format(layout))
	b.WriteString("</time>")
}

// writeAlias is alias.html. The redirect URL follows "url=" in a meta
// refresh, where html/template filters it as a URL but does not
// normalise it.
func (n *nativeSite) writeAlias(b *bytes.Buffer, v aliasView) {
	b.WriteString("<!DOCTYPE html><html lang=\"")
	htmlesc.Text(b, v.LanguageCode)
	b.WriteString("\"><head><title>")
	htmlesc.Text(b, v.Permalink)
	b.WriteString("</title><link rel=\"canonical\" href=\"")
	htmlesc.URL(b, v.Permalink)
	b.WriteString("\"><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0; url=")
	if htmlesc.SafeURL(v.Permalink) {
		htmlesc.Text(b, v.Permalink)
	} else {
		b.WriteString("#ZgotmplZ")
	}
	b.WriteString("\"></head></html>")
}
