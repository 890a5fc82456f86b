package markdown

import (
	"bytes"
	_ "embed"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/guidec/guidec/internal/hlcache"
	"github.com/guidec/guidec/internal/lazychroma/lexers"
	"github.com/guidec/guidec/internal/lazychroma/styles"
	"github.com/yuin/goldmark/util"
)

// codeRenderer highlights code blocks with chroma. It iterates chroma's
// tokens itself instead of using chroma's HTML formatter, so that it can
// overlay each shortcode call's HTML on the text the call stands for,
// splitting tokens where a call starts or ends. It caches lexers by
// language and is used by one goroutine at a time (see Renderer).
type codeRenderer struct {
	lexers map[string]chroma.Lexer
	// budget is the highlighting time left for the page being rendered
	// (see highlightBudget); Renderer.Render resets it for each page.
	budget time.Duration
	// plain turns highlighting off (see WithHighlighting).
	plain bool
	// Scratch buffers for the block being rendered, reused by the next
	// one: the tokens, the pieces per line, and where each line ends.
	toks, pieces []piece
	ends         []int
	key          []byte // tokenMemo's key of the block
	line         []byte // the line writeLine puts together
	// disk keeps chroma's tokens between runs (WithTokenCache); nil for none.
	disk *hlcache.Cache
}

// Highlighting limits. chroma's lexers are backtracking regular
// expressions, some of which take time superlinear in the input: 6 KB of
// nested YAML flow brackets take seconds, an 8 MiB guide would take days.
// Code beyond maxHighlightBytes, and every code block after the page has
// spent highlightBudget, is shown unhighlighted, which is still a correct
// page (the text, site variables and copy button are the same). Real code
// blocks are a few KB and highlight in microseconds, so neither limit
// changes a real guide's output.
const (
	maxHighlightBytes = 256 << 10
	highlightBudget   = 2 * time.Second
)

func newCodeRenderer() *codeRenderer {
	return &codeRenderer{lexers: map[string]chroma.Lexer{}, budget: highlightBudget}
}

// piece is a token, or the part of one that lies on one line, as a range of
// the code text with its CSS class.
type piece struct {
	class      string
	start, end int
}

// lexer returns the lexer for lang (plain text when chroma has none). It
// is not wrapped in chroma.Coalesce: tokens coalesces runs itself, so that
// it sees every token and can stop at the time budget.
func (c *codeRenderer) lexer(lang string) chroma.Lexer {
	if l, ok := c.lexers[lang]; ok {
		return l
	}
	var l chroma.Lexer
	if lang != "" {
		l = lexers.Get(lang)
	}
	if l == nil {
		l = lexers.Fallback
	}
	c.lexers[lang] = l
	return l
}

// lexerName returns the name of lang's lexer and, where the name could
// not be known without it, the lexer (nil otherwise: tokens builds it
// only when chroma must run, since the memo, the hand-written lexers and
// the disk cache answer by name).
func (c *codeRenderer) lexerName(lang string) (string, chroma.Lexer) {
	if lang != "" {
		if name, ok := lexers.NameOf(lang); ok && name != "" {
			return name, nil
		}
	}
	l := c.lexer(lang)
	if cfg := l.Config(); cfg != nil {
		return cfg.Name, l
	}
	return "", l
}

// lines tokenises text and splits its pieces at line ends: line i is
// pieces[ends[i-1]:ends[i]], the first line starting at 0. Every line ends
// with its '\n' (text always ends with one, see snippetText). If the lexer
// fails or its tokens do not spell text exactly, the text is returned
// unhighlighted: offsets into text must stay exact for the overlays. The
// slices are c's scratch buffers, valid until the next call.
func (c *codeRenderer) lines(lang string, text []byte) (pieces []piece, ends []int) {
	toks := c.tokens(lang, text)
	pieces, ends = c.pieces[:0], c.ends[:0]
	for _, t := range toks {
		for s := t.start; s < t.end; {
			e := t.end
			if i := bytes.IndexByte(text[s:t.end], '\n'); i >= 0 {
				e = s + i + 1
			}
			pieces = append(pieces, piece{class: t.class, start: s, end: e})
			if text[e-1] == '\n' {
				ends = append(ends, len(pieces))
			}
			s = e
		}
	}
	if n := len(ends); n == 0 && len(pieces) > 0 || n > 0 && ends[n-1] != len(pieces) {
		ends = append(ends, len(pieces))
	}
	c.pieces, c.ends = pieces, ends
	return pieces, ends
}

// tokens returns text's chroma tokens as pieces, or text as one plain
// piece when the lexer fails or the highlighting limits are reached. YAML
// and shell go through lexYAML and lexShell, JSON and INI through
// lexJSON and lexINI, which give chroma's tokens faster (and without
// compiling its regular expressions), unless they decline the text.
func (c *codeRenderer) tokens(lang string, text []byte) []piece {
	plain := []piece{{start: 0, end: len(text)}}
	if c.plain || len(text) > maxHighlightBytes || c.budget <= 0 {
		return plain
	}
	start := time.Now()
	defer func() { c.budget -= time.Since(start) }()
	name, l := c.lexerName(lang)
	if plainFallback && (l == nil && name == "plaintext" || l != nil && plainLexer(l)) {
		// Its rules (".+", "\n") make every byte Text, whose class is
		// "": the pieces it gives write what the plain piece writes.
		// A code block without a language, the most common kind, or
		// marked text or plain, costs no regexp run.
		return plain
	}
	c.key = append(append(append(c.key[:0], name...), 0), text...)
	if memo, ok := tokenMemo.get(c.key); ok {
		return memo
	}
	b := pieceBuilder{out: c.toks[:0]}
	if name == "YAML" && lexYAML(text, b.add) || name == "Bash" && lexShell(text, b.add) {
		c.toks = b.out
		tokenMemo.put(c.key, b.out)
		return b.out
	}
	if bytes.IndexByte(text, '\r') >= 0 {
		// chroma would turn '\r' into '\n' (EnsureLF), and tokens that
		// do not spell the text give a plain piece; skip the work.
		return plain
	}
	if hand := handLexers[name]; hand != nil && hand(text, b.add) {
		c.toks = b.out
		tokenMemo.put(c.key, b.out)
		return b.out
	}
	if spans, ok := c.disk.Get(name, text); ok {
		out := b.out[:0]
		for _, s := range spans {
			out = append(out, piece{class: s.Class, start: s.Start, end: s.End})
		}
		c.toks = out
		tokenMemo.put(c.key, out)
		return out
	}
	if l == nil {
		l = c.lexer(lang)
	}
	out, ok := chromaPieces(l, text, start, c.budget, b.out[:0])
	if !ok {
		return plain // not kept: it may be the time budget's doing
	}
	c.toks = out
	tokenMemo.put(c.key, out)
	if c.disk != nil {
		spans := make([]hlcache.Span, len(out))
		for i, p := range out {
			spans[i] = hlcache.Span{Class: p.class, Start: p.start, End: p.end}
		}
		c.disk.Put(name, text, spans)
	}
	return out
}

// handLexers are the lexers written by hand for chroma's lexers of these
// names, used after the check for '\r' (they would give chroma's tokens
// for it, but the page shows such text unhighlighted). Each gives chroma's
// tokens exactly, or declines the text.
var handLexers = map[string]func(text []byte, emit func(tt chroma.TokenType, start, end int)) bool{
	"JSON": lexJSON,
	"INI":  lexINI,
}

// tokenMemo keeps the pieces of the code blocks highlighted in this
// process, by lexer and text: the same block in several pages (a site
// variable's block, a replicated tree, every save of one guide under
// guidec serve) is tokenised once more, then never again. A lexer's
// tokens depend on the text alone, so an entry never goes stale; the memo
// stops taking entries at tokenMemoMax bytes.
var tokenMemo = pieceMemo{max: tokenMemoMax}

// tokenMemoMax bounds the memory of tokenMemo: keys, pieces and map
// overhead, roughly.
const tokenMemoMax = 8 << 20

// pieceMemo keeps a copy of a block's pieces the second time it is
// highlighted: a build of distinct guides meets almost every block once
// (1 block in 212 twice, in the 88-guide corpus), and copying each into
// the memo was a twentieth of the bytes a build allocated.
type pieceMemo struct {
	mu   sync.RWMutex
	m    map[string][]piece
	seen map[uint64]struct{} // the hashes of the keys put once
	seed maphash.Seed
	size int
	max  int
}

// get returns the pieces kept for key; they are shared, never to be
// written to.
func (m *pieceMemo) get(key []byte) ([]piece, bool) {
	m.mu.RLock()
	p, ok := m.m[string(key)]
	m.mu.RUnlock()
	return p, ok
}

// seenCost is what an entry of seen costs, map overhead included, roughly.
const seenCost = 24

// put keeps a copy of p for key, the second time key is put, unless the
// memo is full. (Two keys of one hash count as seen: the memo then takes
// a block on its first put, which is only a copy too many.)
func (m *pieceMemo) put(key []byte, p []piece) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil {
		m.seen, m.seed = map[uint64]struct{}{}, maphash.MakeSeed()
	}
	h := maphash.Bytes(m.seed, key)
	if _, ok := m.seen[h]; !ok {
		if m.size+seenCost <= m.max {
			m.seen[h] = struct{}{}
			m.size += seenCost
		}
		return
	}
	cost := len(key) + len(p)*int(unsafe.Sizeof(piece{})) + 64
	if m.size+cost > m.max {
		return
	}
	if _, ok := m.m[string(key)]; ok {
		return
	}
	if m.m == nil {
		m.m = map[string][]piece{}
	}
	m.m[string(key)] = slices.Clone(p)
	m.size += cost
}

// plainFallback makes tokens skip the fallback and plaintext lexers (a
// test turns it off to compare both ways).
var plainFallback = true

// plainLexer reports whether l is chroma's fallback lexer or its plaintext
// lexer (text, plain, no-highlight), whose rules are the same
// (TestPlainFallback compares the pages both ways).
func plainLexer(l chroma.Lexer) bool {
	if l == lexers.Fallback {
		return true
	}
	cfg := l.Config()
	return cfg != nil && cfg.Name == "plaintext"
}

// chromaPieces tokenises text with l, appending the pieces to into. It
// fails when the lexer does, when its tokens do not spell text exactly
// (offsets into text must stay exact for the overlays), or when the time
// since start exceeds budget.
func chromaPieces(l chroma.Lexer, text []byte, start time.Time, budget time.Duration, into []piece) ([]piece, bool) {
	// Without EnsureLF chroma does not copy the text; it has no '\r'.
	it, err := l.Tokenise(&chroma.TokeniseOptions{State: "root"}, string(text))
	if err != nil {
		return nil, false
	}
	b := pieceBuilder{out: into}
	off := 0
	for t := it(); t != chroma.EOF; t = it() {
		if time.Since(start) > budget {
			return nil, false
		}
		end := off + len(t.Value)
		if end > len(text) || string(text[off:end]) != t.Value {
			return nil, false
		}
		b.add(t.Type, off, end)
		off = end
	}
	return b.out, off == len(text)
}

// pieceBuilder collects tokens as pieces. Runs of one token type are one
// piece, as chroma.Coalesce makes them (up to its 8 KiB); empty tokens are
// dropped.
type pieceBuilder struct {
	out  []piece
	prev chroma.TokenType
}

func (b *pieceBuilder) add(tt chroma.TokenType, start, end int) {
	if start == end {
		return
	}
	if n := len(b.out); n > 0 && b.prev == tt && b.out[n-1].end-b.out[n-1].start < coalesceMax {
		b.out[n-1].end = end
	} else {
		b.out = append(b.out, piece{class: tokenClass(tt), start: start, end: end})
	}
	b.prev = tt
}

// coalesceMax is the length beyond which chroma.Coalesce starts a new
// token even when the type repeats.
const coalesceMax = 8192

// tokenClass returns chroma's short CSS class for t, walking up to its
// parent type as chroma's own formatter does.
func tokenClass(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// render writes cb as a <figure> with a highlighted <pre>.
func (c *codeRenderer) render(w util.BufWriter, cb *CodeBlock) {
	s := cb.Snippet
	pieces, ends := c.lines(s.Lang, s.Text)
	c.openFigure(w, cb)
	if cb.LineNos == "table" {
		_, _ = w.WriteString(`<div class="chroma"><table class="lntable"><tr><td class="lntd ln" aria-hidden="true"><pre class="chroma"><code>`)
		for i := range ends {
			c.writeTableNumber(w, cb, i)
		}
		_, _ = w.WriteString(`</code></pre></td><td class="lntd">`)
	}
	_, _ = w.WriteString(`<pre class="chroma" tabindex="0"><code`)
	if s.Lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.Write(util.EscapeHTML([]byte(s.Lang)))
		_, _ = w.WriteString(`" data-lang="`)
		_, _ = w.Write(util.EscapeHTML([]byte(s.Lang)))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	ov := overlayWriter{text: s.Text, overlays: cb.Overlays}
	start := 0
	for i, end := range ends {
		c.writeLine(w, cb, &ov, i, pieces[start:end])
		start = end
	}
	_, _ = w.WriteString(`</code></pre>`)
	if cb.LineNos == "table" {
		_, _ = w.WriteString(`</td></tr></table></div>`)
	}
	_, _ = w.WriteString("</figure>\n")
}

func (c *codeRenderer) openFigure(w util.BufWriter, cb *CodeBlock) {
	_, _ = w.WriteString(`<figure class="code`)
	for _, cl := range cb.Classes {
		_ = w.WriteByte(' ')
		_, _ = w.Write(util.EscapeHTML([]byte(cl)))
	}
	_ = w.WriteByte('"')
	if cb.ID != "" {
		_, _ = w.WriteString(` id="`)
		_, _ = w.Write(util.EscapeHTML([]byte(cb.ID)))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	if cb.Title != "" {
		_, _ = w.WriteString(`<figcaption class="code-title">`)
		_, _ = w.Write(util.EscapeHTML([]byte(cb.Title)))
		_, _ = w.WriteString(`</figcaption>`)
	}
}

func (c *codeRenderer) writeTableNumber(w util.BufWriter, cb *CodeBlock, i int) {
	_, _ = w.WriteString(`<span class="lnt`)
	if marked(cb.Marked, i+1) {
		_, _ = w.WriteString(` hl`)
	}
	_, _ = w.WriteString(`">`)
	_, _ = w.WriteString(strconv.Itoa(cb.LineBase + i))
	_, _ = w.WriteString("\n</span>")
}

// writeLine writes one line as chroma does: <span class="line"> holding the
// optional line number and <span class="cl"> with the tokens. The line is
// put together in c.line and written at once: a line has a dozen pieces
// of a few bytes, and a write through the page's BufWriter, an interface,
// cost more than the bytes it copied (1.7 % of a build of the corpus).
func (c *codeRenderer) writeLine(w util.BufWriter, cb *CodeBlock, ov *overlayWriter, i int, line []piece) {
	b := append(c.line[:0], `<span class="line`...)
	if marked(cb.Marked, i+1) {
		b = append(b, ` hl`...)
	}
	b = append(b, `">`...)
	if cb.LineNos == "inline" {
		b = append(b, `<span class="ln" aria-hidden="true">`...)
		b = strconv.AppendInt(b, int64(cb.LineBase+i), 10)
		b = append(b, `</span>`...)
	}
	b = append(b, `<span class="cl">`...)
	for _, p := range line {
		b = ov.piece(b, p)
	}
	b = append(b, `</span></span>`...)
	_, _ = w.Write(b)
	c.line = b
}

// marked reports whether 1-based line n lies in one of ranges.
func marked(ranges [][2]int, n int) bool {
	for _, r := range ranges {
		if n >= r[0] && n <= r[1] {
			return true
		}
	}
	return false
}

// overlayWriter writes pieces of code text, replacing each overlay's range
// by its HTML: the HTML goes inside the token where the range starts, and
// the rest of the range is skipped in later tokens.
type overlayWriter struct {
	text     []byte
	overlays []Overlay
	next     int // index of the next overlay to write
	skip     int // text before this offset is covered by a written overlay
}

// piece appends p's HTML to b.
func (o *overlayWriter) piece(b []byte, p piece) []byte {
	if !o.visible(p) {
		return b
	}
	if p.class != "" {
		b = append(b, `<span class="`...)
		b = append(b, p.class...)
		b = append(b, `">`...)
	}
	for at := max(p.start, o.skip); at < p.end; {
		end := p.end
		if o.next < len(o.overlays) && o.overlays[o.next].Start < end {
			end = max(o.overlays[o.next].Start, at)
		}
		b = appendEscaped(b, o.text[at:end])
		at = end
		if o.next < len(o.overlays) && o.overlays[o.next].Start <= at && at < p.end {
			ov := o.overlays[o.next]
			b = append(b, ov.HTML...)
			o.next++
			o.skip = max(o.skip, ov.End)
			at = max(at, min(ov.End, p.end))
		}
	}
	if p.class != "" {
		b = append(b, `</span>`...)
	}
	return b
}

// appendEscaped appends text escaped as util.EscapeHTML escapes it.
func appendEscaped(b, text []byte) []byte {
	n := 0
	for i, c := range text {
		if esc := util.EscapeHTMLByte(c); esc != nil {
			b = append(b, text[n:i]...)
			b = append(b, esc...)
			n = i + 1
		}
	}
	return append(b, text[n:]...)
}

// visible reports whether p writes anything: some of its text is not
// covered by an overlay already written, or an overlay starts in it.
func (o *overlayWriter) visible(p piece) bool {
	if o.skip < p.end {
		return true
	}
	return o.next < len(o.overlays) && o.overlays[o.next].Start < p.end
}

// HighlightCSS returns the stylesheet for highlighted code: chroma's classes
// for the named light style, and for its dark counterpart (github-dark when
// the style has none) inside @media (prefers-color-scheme: dark). Unknown
// names fall back to chroma's default style.
func HighlightCSS(style string) []byte { return HighlightCSSModes(style, "") }

// HighlightCSSModes is HighlightCSS with an explicit dark style ("" picks
// the light style's dark variant, else github-dark). Each mode's rules sit
// in their own media query, so a class the dark style leaves unset never
// keeps a light colour that is unreadable on a dark background.
func HighlightCSSModes(style, darkStyle string) []byte {
	if style == defaultStyle && (darkStyle == "" || darkStyle == defaultDarkStyle) {
		return []byte(defaultCSS)
	}
	return highlightCSS(style, darkStyle)
}

// The style sheet of the default styles (site.yaml's defaults) is made
// when guidec is built, not on every run: the styles' XML definitions,
// unzipped and parsed, and chroma's CSS writer cost a build 3.2 M
// instructions (0.9 %), before its first page. TestDefaultCSS compares it
// with what highlightCSS makes (go test -update rewrites it).
// The dark style is the default style's dark counterpart, whether named
// or not.
const (
	defaultStyle     = "github"
	defaultDarkStyle = "github-dark"
)

//go:embed highlight-github.css
var defaultCSS string

// highlightCSS makes HighlightCSSModes's style sheet.
func highlightCSS(style, darkStyle string) []byte {
	f := chromahtml.New(chromahtml.WithClasses(true))
	var b bytes.Buffer
	light := styles.GetForMode(style, chroma.Light)
	dark := styles.GetForMode(style, chroma.Dark)
	if darkStyle != "" {
		dark = styles.Get(darkStyle)
	}
	if dark.Mode() != chroma.Dark {
		dark = styles.Get("github-dark")
	}
	b.WriteString(codeCSS)
	b.WriteString("@media not all and (prefers-color-scheme: dark) {\n")
	_ = f.WriteCSS(&b, light)
	b.WriteString("}\n@media (prefers-color-scheme: dark) {\n")
	_ = f.WriteCSS(&b, dark)
	b.WriteString("}\n")
	return b.Bytes()
}

// codeCSS keeps line numbers out of selections and copies, whatever the
// style says.
const codeCSS = `.chroma .ln, .chroma .lnt, .lntd.ln { -webkit-user-select: none; user-select: none; }
`
