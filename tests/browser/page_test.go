package browser

import (
	"os"
	"testing"

	"github.com/guidec/guidec/internal/guide"
)

// head is what a guide page tells browsers, search engines and link
// previews.
type head struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Canonical   string `json:"canonical"`
	Robots      string `json:"robots"`
	OGTitle     string `json:"ogTitle"`
	OGDesc      string `json:"ogDesc"`
	OGURL       string `json:"ogURL"`
	OGType      string `json:"ogType"`
	H1          string `json:"h1"`
	Lead        string `json:"lead"`
	Updated     string `json:"updated"`  // the visible date
	Datetime    string `json:"datetime"` // its machine-readable form
	Prev        string `json:"prev"`
	Next        string `json:"next"`
	Tested      bool   `json:"tested"` // the Tested Versions heading and its list are visible
}

const readHead = `(() => {
	const q = s => document.querySelector(s);
	const meta = s => (q(s) || {}).content || '';
	const time = q('.page-meta time');
	const tested = q('#tested-versions');
	return {
		title: document.title, description: meta('meta[name="description"]'),
		canonical: (q('link[rel="canonical"]') || {}).href || '', robots: meta('meta[name="robots"]'),
		ogTitle: meta('meta[property="og:title"]'), ogDesc: meta('meta[property="og:description"]'),
		ogURL: meta('meta[property="og:url"]'), ogType: meta('meta[property="og:type"]'),
		h1: q('h1').textContent, lead: (q('.page-header .lead') || {}).textContent || '',
		updated: time ? time.textContent : '', datetime: time ? time.getAttribute('datetime') : '',
		prev: (q('a[rel="prev"]') || {}).href || '', next: (q('a[rel="next"]') || {}).href || '',
		tested: !!tested && tested.checkVisibility() && !!tested.nextElementSibling && tested.nextElementSibling.checkVisibility(),
	};
})()`

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestGuidePages opens every guide and compares what the page says with
// the guide's front matter: titles, descriptions, canonical URL, robots,
// OpenGraph, the last-modified date, Tested Versions and the previous and
// next guides in home page order.
func TestGuidePages(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	fsys := os.DirFS(s.src)
	for i, r := range s.index {
		g, l := guide.Load(fsys, ".", r.Name, "")
		if g == nil {
			t.Fatalf("load %s: %v", r.Name, l)
		}
		m := g.Meta
		u := s.page(r.Name)
		tb.open(u)
		got := eval[head](tb, readHead)
		wantHead := head{
			Title: or(m.SEO.Title, m.Title), Description: or(m.SEO.Description, m.Description),
			Canonical: or(m.SEO.Canonical, u), OGTitle: or(m.SEO.Title, m.Title),
			OGDesc: or(m.SEO.Description, m.Description), OGURL: u, OGType: "article",
			H1: m.Title, Lead: m.Description, Tested: true,
		}
		if m.SEO.NoIndex {
			wantHead.Robots = "noindex"
		}
		if lm := m.LastModified(); !lm.IsZero() {
			wantHead.Updated = lm.Format("January 2, 2006")
			wantHead.Datetime = lm.Format("2006-01-02T15:04:05-07:00")
		}
		if i > 0 {
			wantHead.Prev = s.page(s.index[i-1].Name)
		}
		if i+1 < len(s.index) {
			wantHead.Next = s.page(s.index[i+1].Name)
		}
		if got != wantHead {
			t.Errorf("%s:\n got %+v\nwant %+v", r.Name, got, wantHead)
		}
	}
}

// TestGuideLayout checks where the parts of a guide page are at a wide and
// a narrow width, and the parts the fixture shows: code titles, callouts
// of every kind, a figure.
func TestGuideLayout(t *testing.T) {
	s := servedSite(t)
	tb := openTab(t, newBrowser(t))
	type box struct{ Left, Right, Top, Bottom float64 }
	rect := func(sel string) box {
		return eval[box](tb, `(() => { const r = document.querySelector('`+sel+`').getBoundingClientRect();
			return {Left: r.left, Right: r.right, Top: r.top + scrollY, Bottom: r.bottom + scrollY}; })()`)
	}
	tb.open(s.page("romm"))
	tb.viewport(1280, 900, "light")
	toc, content := rect(".page-toc"), rect(".content")
	if toc.Left < content.Right || toc.Top > content.Top+200 {
		t.Errorf("at 1280px the table of contents %+v is not beside the content %+v", toc, content)
	}
	tb.viewport(375, 800, "light")
	toc, content = rect(".page-toc"), rect(".content")
	if toc.Bottom > content.Top || toc.Left < 0 || toc.Right > 375 {
		t.Errorf("at 375px the table of contents %+v is not above the content %+v", toc, content)
	}
	if h1 := rect("h1"); h1.Top > toc.Top {
		t.Errorf("at 375px the table of contents comes before the title")
	}

	tb.viewport(1280, 900, "light")
	tb.open(s.page(fixture))
	if !eval[bool](tb, `[...document.querySelectorAll('figure.code > figcaption.code-title')].some(c => c.checkVisibility() && c.textContent === 'configuration.yml')`) {
		t.Error("the code title configuration.yml is not shown")
	}
	styles := eval[map[string]string](tb, `Object.fromEntries(['tip', 'note', 'caution', 'danger'].map(k => {
		const c = document.querySelector('.callout-' + k);
		if (!c || !c.checkVisibility()) return [k, ''];
		const s = getComputedStyle(c);
		return [k, s.backgroundColor + ' ' + s.borderLeftColor];
	}))`)
	seen := map[string]string{}
	for _, k := range []string{"tip", "note", "caution", "danger"} {
		st := styles[k]
		if st == "" {
			t.Errorf("no visible %s callout", k)
			continue
		}
		if other, dup := seen[st]; dup {
			t.Errorf("the %s and %s callouts look the same (%s)", k, other, st)
		}
		seen[st] = k
	}
	tb.waitFor("the figure's image", `(() => { const i = document.querySelector('.content figure.figure img'); i.scrollIntoView(); return i.complete && i.naturalWidth > 0; })()`)
	if !eval[bool](tb, `(() => { const c = document.querySelector('.content figure.figure figcaption'); return !!c && c.checkVisibility() && c.textContent.length > 0; })()`) {
		t.Error("the figure's caption is not shown")
	}
}
