package markdown

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
)

// pageKey holds the *page being parsed in the parser.Context, so that the
// transformers registered once in New work on per-render state.
var pageKey = parser.NewContextKey()

// page is the state of one Render call.
type page struct {
	cfg   *config
	file  *source.File
	exp   *shortcode.Expanded
	info  PageInfo
	src   []byte // exp.Markdown
	sents []int  // offsets of the sentinels in src, in order
	// spans records the extent in src of inline link nodes, which goldmark
	// positions only by their start.
	spans map[ast.Node]source.Span
	ids   map[string]bool // heading ids in use
	// nextSuffix holds, for each generated id, the first suffix that
	// uniqueID has not yet found taken (see uniqueID).
	nextSuffix map[string]int
	// defs holds the page's reference definitions by label (see
	// definitions).
	defs map[string]definition
	// undefined holds the labels of the references reported undefined,
	// for unusedNearDefs.
	undefined []undefinedRef
	// headingIDs holds the headings with their ids in document order,
	// for textTransformer, which would otherwise copy each id out of
	// its attribute again.
	headingIDs []headingID
	res        *Result
	// openLabels counts the link labels goldmark holds open in the
	// current block (see maxOpenLabels).
	openLabels int
	// linkReader is the reader spanRecorder hands goldmark's link parser.
	linkReader linkReader
	// delimiterRuns counts the emphasis delimiter runs of the block being
	// parsed (see maxDelimiterRuns).
	delimiterRuns int
	// scratch is the textBuilder every text of the page is built in
	// (see builder): the Renderer's, so that its storage serves every page.
	scratch *textBuilder
	// scans is the Renderer's memory of the ids and links of HTML (see
	// scan).
	scans *scanMemo
	// maps is where the maps of the page's texts and snippets are made:
	// the Renderer's.
	maps *source.MapArena
	// strs is where the strings of the page's texts and links are made:
	// the Renderer's, or the page's own.
	strs *stringArena
	// texts, calls and trustedHTML are slabs of the nodes the transformers
	// add (see take); splitNodes is splitText's storage.
	texts       []ast.Text
	calls       []ShortcodeHTML
	trustedHTML []TrustedHTML
	splitNodes  []ast.Node
	// codeEnd is the end of the last line of the code block snippetText
	// reads (see callsFrom).
	codeEnd int
	// runs is undefinedRefs' storage for textRuns, reused node to node.
	runs []source.Span
	// swallowed is the text (in src) of a code fence never closed, which
	// runs to the end of the page; fenceJudged holds whether each fence
	// judged is unclosed.
	swallowed source.Span
	// badDefs are the paragraphs of reference definitions lost to a
	// missing colon (see brokenDefs).
	badDefs []source.Span
	// closeBroken is set once a fence's close was found broken (see
	// brokenClose).
	closeBroken  bool
	closesJudged map[*ast.FencedCodeBlock]int
	fenceJudged  map[*ast.FencedCodeBlock]bool
	// index is what the link transformer's walk found (see inlineIndex);
	// relinked is set when it added nodes since.
	index    inlineIndex
	relinked bool
	// trusted is set once raw HTML became TrustedHTML or
	// TrustedHTMLBlock.
	trusted bool
}

// newPage returns the state of rendering exp, with maps of its own.
func newPage(cfg *config, file *source.File, exp *shortcode.Expanded, info PageInfo) *page {
	return newPageWith(cfg, file, exp, info, nil)
}

// newPageWith is newPage with m's maps, which must be empty; m nil is
// newPage.
func newPageWith(cfg *config, file *source.File, exp *shortcode.Expanded, info PageInfo, m *pageMaps) *page {
	if m == nil {
		m = &pageMaps{}
	}
	m.make()
	p := &page{
		cfg: cfg, file: file, exp: exp, info: info, src: exp.Markdown,
		spans:      m.spans,
		ids:        m.ids,
		res:        &Result{},
		nextSuffix: m.nextSuffix,
		defs:       m.defs,
		headingIDs: m.headingIDs[:0],
		sents:      m.sents[:0],
		strs:       &stringArena{},
	}
	sent := []byte(shortcode.Sentinel)
	for off := 0; ; {
		i := bytes.Index(p.src[off:], sent)
		if i < 0 {
			break
		}
		p.sents = append(p.sents, off+i)
		off += i + len(sent)
	}
	return p
}

// pageMaps are the maps of a page, kept by the Renderer from page to page:
// making three maps a page, and growing them, was a tenth of the objects
// rendering allocated.
type pageMaps struct {
	spans      map[ast.Node]source.Span
	ids        map[string]bool
	nextSuffix map[string]int
	defs       map[string]definition
	// headingIDs and sents are the page's, kept for their storage.
	headingIDs []headingID
	sents      []int
}

// headingID is a heading and the id headingTransformer gave it.
type headingID struct {
	h  *ast.Heading
	id string
}

// make makes the maps that are nil.
func (m *pageMaps) make() {
	if m.spans == nil {
		m.spans = map[ast.Node]source.Span{}
	}
	if m.ids == nil {
		m.ids = map[string]bool{}
	}
	if m.nextSuffix == nil {
		m.nextSuffix = map[string]int{}
	}
	if m.defs == nil {
		m.defs = map[string]definition{}
	}
}

// maxKeptEntries bounds the entries of a map that reset keeps for the next
// page: clearing a map costs its size, and a huge page would make every
// later page pay for its maps.
const maxKeptEntries = 4096

// reset empties the maps for the next page (letting go of this page's
// nodes), or drops those that grew too large.
func (m *pageMaps) reset() {
	m.spans = resetMap(m.spans)
	m.ids = resetMap(m.ids)
	m.nextSuffix = resetMap(m.nextSuffix)
	m.defs = resetMap(m.defs)
	clear(m.headingIDs)
	m.headingIDs = m.headingIDs[:0]
	m.sents = m.sents[:0]
}

func resetMap[K comparable, V any](m map[K]V) map[K]V {
	if len(m) > maxKeptEntries {
		return nil
	}
	clear(m)
	return m
}

// pageOf returns the page stored in pc by Render. It is nil when a
// transformer runs outside Render, which New never allows.
func pageOf(pc parser.Context) *page {
	p, _ := pc.Get(pageKey).(*page)
	return p
}

// call returns the shortcode call whose sentinel starts at off, or nil when
// there is none (a sentinel without a call is reported once, here).
func (p *page) call(off int) *shortcode.Rendered {
	i := sort.SearchInts(p.sents, off)
	if i >= len(p.sents) || p.sents[i] != off {
		return nil
	}
	if i >= len(p.exp.Calls) {
		return nil
	}
	return &p.exp.Calls[i]
}

// guide maps a span of src to the guide file. Unmappable spans (which a
// correct Expanded never produces) collapse to the start of the file.
func (p *page) guide(sp source.Span) source.Span {
	if sp.End < sp.Start {
		sp.End = sp.Start
	}
	g, ok := p.exp.Map.ResolveSpan(sp)
	if !ok {
		return source.Span{}
	}
	return g
}

// generated reports whether the byte at off in src came from a shortcode
// template rather than from the guide.
func (p *page) generated(off int) bool {
	_, exact, ok := p.exp.Map.Resolve(off)
	return ok && !exact
}

// report adds a diagnostic at sp (a span of src) with the code's registered
// severity.
func (p *page) report(sp source.Span, code, hint, format string, args ...any) {
	p.res.Diags.Addf(p.file, p.guide(sp), severityOf(code), code, hint, format, args...)
}

// reportDiag adds d after mapping its span from src to the guide.
func (p *page) reportDiag(sp source.Span, d diag.Diagnostic) {
	d.File = p.file
	d.Span = p.guide(sp)
	p.res.Diags.Add(d)
}

// isSentinel reports whether src holds a sentinel at off.
func isSentinel(src []byte, off int) bool {
	return bytes.HasPrefix(src[off:], []byte(shortcode.Sentinel))
}

// lineEnd returns the offset of the '\n' ending the line that holds off (or
// len(src)).
func lineEnd(src []byte, off int) int {
	if off >= len(src) {
		return len(src)
	}
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(src)
}

// trimRight returns end moved left over white space down to start.
func trimRight(src []byte, start, end int) int {
	for end > start && (src[end-1] == ' ' || src[end-1] == '\t' || src[end-1] == '\r' || src[end-1] == '\n') {
		end--
	}
	return end
}
