// Package markdown renders a shortcode-expanded guide body to HTML with
// goldmark, and reports what later stages need from the parsed tree: heading
// ids and the table of contents, every link with its span, the code blocks as
// snippets, and the reader-visible text of headings, paragraphs and list
// items.
//
// It extends goldmark only through its seams: inline parsers wrapped to
// record link spans, AST transformers that split shortcode sentinels out of
// text, apply the raw HTML policy, compute heading ids and extract snippets,
// and node renderers for the nodes they introduce. Every position it reports
// is an offset into the guide file, mapped back through the shortcode
// expansion's source.Map.
//
// It does not load guides, expand shortcodes, decide what a link points to
// (a LinkResolver supplied by the build does) or check snippets.
package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/hlcache"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// PageInfo identifies the page being rendered, for the link resolver.
type PageInfo struct {
	Name string // the guide's slug (its directory name)
}

// LinkProblem is what a LinkResolver says is wrong with a destination. The
// renderer reports it at the link's span (for reference links, at the
// definition). Its Code must be registered by the resolver's package.
type LinkProblem struct {
	Severity diag.Severity
	Code     string
	Message  string
	Hint     string
}

// LinkResolver rewrites a link destination as written in page (e.g.
// "../other/index.md#x") to the URL to publish ("/other/#x"), and reports a
// problem when the target does not exist. It is called once per inline link,
// image, autolink and reference definition.
type LinkResolver func(page PageInfo, dest string) (url string, problem *LinkProblem)

// Option configures a Renderer.
type Option func(*config)

type config struct {
	resolve      LinkResolver
	allowRawHTML bool
	tocMin       int
	tocMax       int
	noHighlight  bool
	noHTML       bool
	headingID    func(text string) string // nil: GitHubID
	tokenCache   *hlcache.Cache
}

// WithLinkResolver sets the hook that rewrites link destinations. Without
// one, destinations are published as written.
func WithLinkResolver(r LinkResolver) Option {
	return func(c *config) { c.resolve = r }
}

// WithRawHTML allows raw HTML written by guide authors. By default it is
// dropped with a markdown-raw-html warning; HTML produced by shortcode
// templates is always kept, since templates are trusted.
func WithRawHTML(allow bool) Option {
	return func(c *config) { c.allowRawHTML = allow }
}

// WithHighlighting turns syntax highlighting of code blocks on (the
// default) or off. Off, code blocks keep their markup (lines, line
// numbers, site variables) without token classes. A run that does not
// publish, such as `guidec check`, needs no highlighting: it was a third of
// the time of rendering.
func WithHighlighting(on bool) Option {
	return func(c *config) { c.noHighlight = !on }
}

// WithTokenCache keeps the highlighting of code blocks that chroma's
// regular-expression lexers tokenise in c, between runs (package hlcache):
// the next run reuses it instead of compiling those lexers. nil, the
// default, keeps them in this process only.
func WithTokenCache(c *hlcache.Cache) Option {
	return func(cfg *config) { cfg.tokenCache = c }
}

// WithHTML turns writing the page's HTML on (the default) or off. Off,
// Render parses the page and reports everything it learns (headings, links,
// snippets, texts, HTML ids, diagnostics) but leaves Result.HTML and
// Result.TOCHTML empty: a run that publishes nothing, such as `guidec
// check`, has no use for them, and writing them was an eighth of rendering.
// Every finding comes from the parse, so none depends on this option.
func WithHTML(on bool) Option {
	return func(c *config) { c.noHTML = !on }
}

// WithHeadingIDs sets how a heading's text becomes its id, for a project
// whose autoHeadingIDType is not "github" (see hugo.Anchorize); nil, the
// default, is GitHubID.
func WithHeadingIDs(id func(text string) string) Option {
	return func(c *config) { c.headingID = id }
}

// WithTOCLevels sets the heading levels listed in the table of contents
// (default 2 to 4). Out-of-range values are clamped to 1–6.
func WithTOCLevels(lo, hi int) Option {
	return func(c *config) {
		c.tocMin = max(1, lo)
		c.tocMax = min(6, hi)
	}
}

// Renderer renders guides. It holds one goldmark instance and the
// highlighting caches, so it is not safe for concurrent use: keep one per
// worker goroutine.
type Renderer struct {
	cfg  *config
	md   goldmark.Markdown
	code *codeRenderer
	buf  bufferWriter
	// scratch is where the texts of a page are built (page.builder).
	scratch textBuilder
	// texts and links are where a page's Texts and Links are collected,
	// to be copied out at their final size (see Render).
	texts []check.Text
	links []Link
	// scans remembers the ids and links of shortcode outputs and raw
	// HTML (page.scan).
	scans scanMemo
	// index is the storage of each page's inlineIndex.
	index inlineIndex
	// maps is the storage of the maps of texts and snippets.
	maps source.MapArena
	// strs is the storage of the strings of texts and links.
	strs stringArena
	// pageMaps are the maps of the page being rendered, emptied for the
	// next one.
	pageMaps pageMaps
	// fragment renders markdownify calls; created on first use.
	fragment goldmark.Markdown
	// slabs is the memory of a page's tree, the same for every page (see
	// Render).
	slabs parser.Slabs
}

// New returns a Renderer configured by opts.
func New(opts ...Option) *Renderer {
	cfg := &config{tocMin: 2, tocMax: 4}
	for _, o := range opts {
		o(cfg)
	}
	r := &Renderer{cfg: cfg, code: newCodeRenderer()}
	r.code.plain = cfg.noHighlight
	r.code.disk = cfg.tokenCache
	r.md = newGoldmark(cfg, r.code)
	return r
}

// Heading is one heading of the page.
type Heading struct {
	Level int
	ID    string
	// Base is the id the heading's text gives before Hugo makes it unique
	// (ID is Base, or Base-1, Base-2… when an earlier heading took it);
	// "" for an id written with {#id}.
	Base string
	Text string      // reader-visible text
	Span source.Span // in the guide; a heading a shortcode emitted maps to the call
}

// LinkKind says how a link was written.
type LinkKind int

// Kinds of link.
const (
	LinkInline    LinkKind = iota // [text](dest)
	LinkReference                 // [text][label], [label][], [label]
	LinkAutolink                  // <https://…> or a bare URL
	LinkImage                     // ![alt](src) or ![alt][label]
	// LinkHTML is an <a href> of HTML the page publishes verbatim (a
	// `{{< >}}` call's output, raw HTML): no render hook rewrites it, and
	// the browser resolves it against the page's URL.
	LinkHTML
	// LinkDefinition is a reference definition no link uses: no page
	// shows it, but its destination is checked as the guide wrote it.
	LinkDefinition
)

// String returns the kind's name.
func (k LinkKind) String() string {
	switch k {
	case LinkInline:
		return "inline"
	case LinkReference:
		return "reference"
	case LinkAutolink:
		return "autolink"
	case LinkImage:
		return "image"
	case LinkHTML:
		return "html"
	case LinkDefinition:
		return "definition"
	}
	return "unknown"
}

// Link is one link or image of the page.
type Link struct {
	Kind  LinkKind
	Dest  string // as written (site variables replaced by their text)
	URL   string // as published, after the resolver rewrote it
	Label string // the reference label for reference-style links, else ""
	Text  string // reader-visible link text (alt text for images)
	Span  source.Span
	// DefSpan is the reference definition "[label]: dest" in the guide for
	// reference-style links; zero otherwise.
	DefSpan source.Span
	// Call names the shortcode whose output holds the link (Span is then
	// the call), "" when the guide itself wrote it.
	Call string
}

// Result is everything Render learns about one page.
type Result struct {
	// HTML is the page content, a string so that the page layout takes it
	// (as template.HTML) without another copy.
	HTML     string
	TOC      []Heading // headings within the TOC levels, in order
	TOCHTML  []byte    // TOC as a nested <nav class="toc"> list; nil when TOC is empty
	Headings []Heading // every heading, in order
	Links    []Link
	// HTMLIDs holds the ids that HTML published verbatim (shortcode
	// output, raw HTML) gives its elements: anchors of the page beside
	// the headings' ids.
	HTMLIDs  []string
	Snippets []*snippet.Snippet
	Texts    []check.Text
	Diags    diag.List
}

// Render parses and renders exp, the expanded body of file. A nil exp
// renders file.Content as it is. Render never fails on bad input: problems
// are reported in Result.Diags, each with a span in file.
func (r *Renderer) Render(file *source.File, exp *shortcode.Expanded, page PageInfo) (res *Result) {
	if exp == nil {
		exp = identity(file)
	}
	p := newPageWith(r.cfg, file, exp, page, &r.pageMaps)
	p.scratch, p.scans, p.maps, p.strs = &r.scratch, &r.scans, &r.maps, &r.strs
	// Texts and Links grow in the Renderer's storage, and each page gets
	// a copy of its own at the final size: appending to fresh slices made
	// a tenth of the garbage of rendering.
	p.res.Texts, p.res.Links = r.texts[:0], r.links[:0]
	p.index = r.index
	defer func() {
		r.texts, r.links = p.res.Texts[:0], p.res.Links[:0]
		res.Texts, res.Links = owned(res.Texts), owned(res.Links)
		r.index = p.index.emptied()
		r.pageMaps.headingIDs, r.pageMaps.sents = p.headingIDs, p.sents
		r.pageMaps.reset()
	}()
	r.code.budget = highlightBudget
	defer func() {
		// A panic here is a bug in goldmark or in this package; report it
		// against the page instead of taking down a build of many pages.
		if e := recover(); e != nil {
			res = &Result{}
			res.Diags.Addf(file, source.Span{}, diag.Error, "internal", "please report this guide", "render markdown: %v", e)
		}
	}()
	// Each page's tree takes the memory of the one before: nothing keeps a
	// node once Render returns (Result holds none, and the Renderer's own
	// storage is emptied of them above). Fresh memory for each tree was
	// about a third of what a check of the corpus allocated.
	r.slabs.Reset()
	pc := parser.NewContext(parser.WithSlabs(&r.slabs))
	pc.Set(pageKey, p)
	src := exp.Markdown
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if r.cfg.noHTML {
		p.res.Diags.Sort()
		return p.res
	}
	r.buf.Reset()
	if err := r.md.Renderer().Render(&r.buf, src, doc); err != nil {
		// Rendering into memory fails only on a bug in a node renderer.
		p.res.Diags.Addf(file, source.Span{}, diag.Error, "internal", "", "render markdown: %v", err)
	}
	p.res.HTML = r.buf.String()
	p.res.TOCHTML = tocHTML(p.res.TOC)
	p.res.Diags.Sort()
	return p.res
}

// bufferWriter is a bytes.Buffer that is goldmark's util.BufWriter: the
// renderer writes a page straight into it, where it would otherwise wrap
// it in a bufio.Writer of its own for every page (4 KiB each, and every
// byte copied twice).
type bufferWriter struct{ bytes.Buffer }

// Buffered is what util.BufWriter asks for; goldmark never calls it.
func (b *bufferWriter) Buffered() int { return b.Len() }

// Flush does nothing: the bytes are in the buffer already.
func (*bufferWriter) Flush() error { return nil }

// owned returns a copy of s at its length, or nil when s is empty.
func owned[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// identity returns an Expanded whose Markdown is file's content unchanged.
func identity(file *source.File) *shortcode.Expanded {
	var m source.Map
	m.AddVerbatim(0, 0, len(file.Content))
	return &shortcode.Expanded{Markdown: file.Content, Map: &m}
}

var _ util.BufWriter = (*bufferWriter)(nil)
