package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// KindCodeBlock is the NodeKind of CodeBlock.
var KindCodeBlock = ast.NewNodeKind("GuideCodeBlock")

// CodeBlock replaces goldmark's fenced and indented code blocks once their
// snippet is extracted: it carries the reader-visible text, the calls to
// overlay on it and the presentation attributes.
type CodeBlock struct {
	ast.BaseBlock
	Snippet  *snippet.Snippet
	Title    string
	ID       string
	Classes  []string
	LineNos  string // "", "table" or "inline"
	LineBase int    // number of the first line
	Marked   [][2]int
	Overlays []Overlay // sorted by Start
}

// Overlay is a shortcode call inside code: bytes [Start, End) of the
// snippet text are the call's reader-visible text and render as HTML.
type Overlay struct {
	Start, End int
	HTML       template.HTML
}

// Kind implements ast.Node.
func (n *CodeBlock) Kind() ast.NodeKind { return KindCodeBlock }

// IsRaw implements ast.Node: the block has no inline content.
func (n *CodeBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *CodeBlock) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Lang": n.Snippet.Lang, "Text": string(n.Snippet.Text)}, nil)
}

// codeTransformer extracts a snippet from every code block and replaces the
// block by a CodeBlock.
type codeTransformer struct{}

// Transform implements parser.ASTTransformer.
func (codeTransformer) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil {
		return
	}
	for _, n := range p.codeBlocks(doc) {
		unclosed := false
		if f, ok := n.(*ast.FencedCodeBlock); ok {
			unclosed = p.fenceUnclosed(f)
		}
		cb := p.codeBlock(n)
		cb.SetPos(n.Pos())
		cb.SetBlankPreviousLines(n.HasBlankPreviousLines())
		n.Parent().ReplaceChild(n.Parent(), n, cb)
		if unclosed {
			// Where the snippet was meant to end is unknown: its text is
			// the rest of the page, which no syntax check should read.
			continue
		}
		p.res.Snippets = append(p.res.Snippets, cb.Snippet)
	}
}

// codeBlock builds the CodeBlock and snippet for a fenced or indented block.
func (p *page) codeBlock(n ast.Node) *CodeBlock {
	s := &snippet.Snippet{File: p.file, Index: len(p.res.Snippets)}
	s.KeepParses() // one YAML parse for every checker
	cb := &CodeBlock{Snippet: s, LineBase: 1}
	lines := n.Lines()
	var span, info source.Span
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		span, info = p.fenceSpans(f)
		p.fenceAttrs(cb, f, info)
	} else {
		span = p.indentedSpan(lines)
		info = source.Span{Start: span.Start, End: span.Start}
	}
	s.Span, s.InfoSpan = p.guide(span), p.guide(info)
	if f, ok := n.(*ast.FencedCodeBlock); ok {
		if k := p.brokenClose(f, lines); k >= 0 {
			// The snippet the writer meant ends where its close was
			// meant to be: what follows is no part of it, and checking
			// it as the snippet's format would only echo the mistake.
			kept := gtext.NewSegments()
			for i := 0; i < k; i++ {
				kept.Append(lines.At(i))
			}
			lines = kept
		}
	}
	p.snippetText(cb, lines)
	if p.generated(span.Start) {
		s.Shortcode = p.callName(s.Span)
	}
	return cb
}

// brokenClose returns the index among lines of the first line of f that
// was meant to close it but does not, and reports it: a run of the
// fence's character alone on its line, shorter than the opening run
// (“ for ```), or as long but indented four columns or more (an indented
// line is code). CommonMark then reads it, and every line up to the next
// fence line, as code. A fence of Markdown, which may show fences, is
// left alone. It returns -1 when there is none.
func (p *page) brokenClose(f *ast.FencedCodeBlock, lines *gtext.Segments) int {
	if k, ok := p.closesJudged[f]; ok {
		return k
	}
	if p.closesJudged == nil {
		p.closesJudged = map[*ast.FencedCodeBlock]int{}
	}
	k := p.judgeClose(f, lines)
	p.closesJudged[f] = k
	return k
}

// judgeClose is brokenClose without the memo.
func (p *page) judgeClose(f *ast.FencedCodeBlock, lines *gtext.Segments) int {
	open := max(f.Pos(), 0)
	indent := 0
	for open < len(p.src) && (p.src[open] == ' ' || p.src[open] == '\t') {
		open++
		indent++
	}
	if open >= len(p.src) || lines.Len() == 0 {
		return -1
	}
	if f.Info != nil {
		switch lang := strings.ToLower(strings.Fields(string(f.Info.Segment.Value(p.src)) + " x")[0]); lang {
		case "markdown", "md", "mdx", "gfm":
			return -1
		}
	}
	c, run := p.src[open], open
	for run < len(p.src) && p.src[run] == c {
		run++
	}
	n := run - open
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := p.src[seg.Start:seg.Stop]
		lead := seg.Padding
		for lead-seg.Padding < len(line) && (line[lead-seg.Padding] == ' ' || line[lead-seg.Padding] == '\t') {
			lead++
		}
		if lead-seg.Padding >= len(line) || line[lead-seg.Padding] != c {
			continue // most lines: not a run of the fence's character
		}
		body := bytes.TrimRight(line[lead-seg.Padding:], " \t\r\n")
		k := 0
		for k < len(body) && body[k] == c {
			k++
		}
		if k != len(body) || k < 2 || p.generated(seg.Start) {
			continue
		}
		var why string
		switch {
		case k < n:
			why = fmt.Sprintf("it has %d %s, the fence opened with %d", k, fenceChars(c), n)
		case lead-indent >= 4:
			why = "it is indented four columns or more, which makes it a line of code"
		default:
			continue
		}
		at := seg.Start + lead - seg.Padding
		p.report(source.Span{Start: at, End: at + k}, "fence-close-broken",
			"write the closing "+string(p.src[open:run])+" with at most three spaces before it",
			"this line was meant to close the code fence above, but %s: Markdown reads it, and what follows up to the next fence line, as code", why)
		p.closeBroken = true
		if p.swallowed.Len() == 0 {
			// Headings and definitions in the text the fence ran on
			// over are this mistake's, not missing ones.
			span, _ := p.fenceSpans(f)
			p.swallowed = source.Span{Start: at, End: span.End}
		}
		return i
	}
	return -1
}

// fenceChars names a fence's character in messages.
func fenceChars(c byte) string {
	if c == '~' {
		return "tildes"
	}
	return "backticks"
}

// fenceSpans returns the whole fence (opening through closing fence) and
// its info string, as spans of src.
func (p *page) fenceSpans(f *ast.FencedCodeBlock) (span, info source.Span) {
	open := max(f.Pos(), 0)
	for open < len(p.src) && (p.src[open] == ' ' || p.src[open] == '\t') {
		open++
	}
	if open >= len(p.src) {
		return source.Span{Start: open, End: open}, source.Span{Start: open, End: open}
	}
	c, run := p.src[open], open
	for run < len(p.src) && p.src[run] == c {
		run++
	}
	info = source.Span{Start: run, End: run}
	if f.Info != nil {
		info = source.Span{Start: f.Info.Segment.Start, End: f.Info.Segment.Stop}
	}
	next := lineEnd(p.src, open) + 1
	end := trimRight(p.src, open, lineEnd(p.src, open))
	if l := f.Lines(); l.Len() > 0 {
		last := l.At(l.Len() - 1)
		next = last.Stop
		end = trimRight(p.src, last.Start, lineEnd(p.src, max(last.Start, last.Stop-1)))
		if last.Stop == 0 || p.src[last.Stop-1] != '\n' {
			return source.Span{Start: open, End: end}, info
		}
	}
	if closeEnd, ok := closingFence(p.src, next, c, run-open); ok {
		end = closeEnd
	}
	return source.Span{Start: open, End: end}, info
}

// unclosedFences judges every fenced code block of doc (fenceUnclosed)
// before the links are: a reference defined in the text of an unclosed
// fence is then not reported as undefined as well.
func (p *page) unclosedFences(doc *ast.Document) {
	blocks := p.codeBlocks(doc)
	for _, n := range blocks {
		if f, ok := n.(*ast.FencedCodeBlock); ok {
			p.brokenClose(f, f.Lines())
		}
	}
	for _, n := range blocks {
		if f, ok := n.(*ast.FencedCodeBlock); ok {
			p.fenceUnclosed(f)
		}
	}
}

// fenceUnclosed reports whether f has no closing fence and runs to the end
// of the page, and if so reports it at its opening line and records the
// text it holds (p.swallowed): the rest of the page, shown as code.
func (p *page) fenceUnclosed(f *ast.FencedCodeBlock) bool {
	if v, ok := p.fenceJudged[f]; ok {
		return v
	}
	if p.fenceJudged == nil {
		p.fenceJudged = map[*ast.FencedCodeBlock]bool{}
	}
	p.fenceJudged[f] = false
	open := max(f.Pos(), 0)
	for open < len(p.src) && (p.src[open] == ' ' || p.src[open] == '\t') {
		open++
	}
	if open >= len(p.src) {
		return false
	}
	c, run := p.src[open], open
	for run < len(p.src) && p.src[run] == c {
		run++
	}
	next := lineEnd(p.src, open) + 1
	if l := f.Lines(); l.Len() > 0 {
		next = l.At(l.Len() - 1).Stop
	}
	end := len(p.src)
	if closeEnd, ok := closingFence(p.src, next, c, run-open); ok {
		// A fence of the guide's own closed by a line a shortcode wrote
		// (a code block of its output) is the guide's unclosed fence.
		if !p.generated(next) || p.generated(open) {
			return false
		}
		end = closeEnd
	} else if next < len(p.src) && !isBlankBytes(p.src[next:]) {
		return false
	}
	p.fenceJudged[f] = true
	p.swallowed = source.Span{Start: open, End: end}
	if p.closeBroken {
		// The fence a broken close let run on took the next fence's
		// opening line as its close: this one is that fence's closing
		// line, which fence-close-broken explains.
		return true
	}
	p.report(source.Span{Start: open, End: trimRight(p.src, open, lineEnd(p.src, open))}, "fence-unclosed",
		"add the closing "+string(p.src[open:run])+" line after the snippet's last line",
		"code fence is never closed: the rest of the page shows as code")
	return true
}

// inSwallowed reports whether the offset off of src is in the text of an
// unclosed fence.
func (p *page) inSwallowed(off int) bool {
	return off >= p.swallowed.Start && off < p.swallowed.End
}

// swallowedHeading reports whether fragment is the id of a heading line
// ("## Title") in the text of an unclosed fence: a link to it is broken by
// the fence, which fence-unclosed reports.
func (p *page) swallowedHeading(fragment string) bool {
	if p.swallowed.Len() == 0 || fragment == "" {
		return false
	}
	anchorize := GitHubID
	if p.cfg.headingID != nil {
		anchorize = p.cfg.headingID
	}
	for off := p.swallowed.Start; off < p.swallowed.End; off = lineEnd(p.src, off) + 1 {
		line := p.src[off:lineEnd(p.src, off)]
		if t := bytes.TrimLeft(line, "#"); len(t) < len(line) && len(line)-len(t) <= 6 && len(t) > 1 && t[0] == ' ' &&
			anchorize(strings.TrimSpace(string(t))) == fragment {
			return true
		}
	}
	return false
}

// swallowedDef reports whether label is defined ("[label]: …") on a line
// of the text an unclosed fence holds: a definition the writer meant to
// be outside it, which fence-unclosed reports.
func (p *page) swallowedDef(label []byte) bool {
	if p.swallowed.Len() == 0 {
		return false
	}
	want := string(util.ToLinkReference(label))
	for off := p.swallowed.Start; off < p.swallowed.End; off = lineEnd(p.src, off) + 1 {
		line := bytes.TrimLeft(p.src[off:lineEnd(p.src, off)], " ")
		if len(line) < 4 || line[0] != '[' {
			continue
		}
		if j := bytes.Index(line, []byte("]:")); j > 1 && string(util.ToLinkReference(line[1:j])) == want {
			return true
		}
	}
	return false
}

// closingFence reports whether the line at off closes a fence of at least
// n characters c, and where the closing run ends. Container prefixes
// (indentation, blockquote '>') are skipped.
func closingFence(src []byte, off int, c byte, n int) (int, bool) {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '>') {
		i++
	}
	j := i
	for j < len(src) && src[j] == c {
		j++
	}
	if j-i < n {
		return 0, false
	}
	if k := lineEnd(src, j); trimRight(src, j, k) != j {
		return 0, false
	}
	return j, true
}

// indentedSpan returns the span of an indented code block's lines.
func (p *page) indentedSpan(lines *gtext.Segments) source.Span {
	if lines.Len() == 0 {
		return source.Span{}
	}
	first, last := lines.At(0), lines.At(lines.Len()-1)
	return source.Span{Start: first.Start, End: trimRight(p.src, first.Start, lineEnd(p.src, last.Start))}
}

// snippetText builds the reader-visible text of lines, its map to the guide,
// the site variables in it and the overlays for the calls.
func (p *page) snippetText(cb *CodeBlock, lines *gtext.Segments) {
	// The text is about as long as the lines (a call's text replaces its
	// sentinel), and the map is built in the page's scratch and copied
	// by Compose: neither grows by reallocation.
	size := 0
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		size += seg.Stop - seg.Start + seg.Padding + 1
	}
	b := make([]byte, 0, size)
	if lines.Len() > 0 {
		p.codeEnd = lines.At(lines.Len() - 1).Stop
	}
	tb := p.builder()
	defer p.release(tb)
	m := &tb.m
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		if seg.Padding > 0 {
			m.AddGenerated(len(b), seg.Padding, source.Span{Start: seg.Start, End: seg.Start})
			b = append(b, strings.Repeat(" ", seg.Padding)...)
		}
		b = p.appendCodeLine(cb, b, m, seg.Start, seg.Stop)
	}
	s := cb.Snippet
	s.Text = b
	s.Map = m.ComposeIn(p.exp.Map, p.maps)
}

// appendCodeLine appends src[start:stop] to b with sentinels replaced by
// their calls' text and the line ending normalised to "\n".
func (p *page) appendCodeLine(cb *CodeBlock, b []byte, m *source.Map, start, stop int) []byte {
	end := stop
	if end > start && p.src[end-1] == '\n' {
		end--
	}
	if end > start && p.src[end-1] == '\r' {
		end--
	}
	for at := start; at < end; {
		next := end
		if i := sort.SearchInts(p.sents, at); i < len(p.sents) && p.sents[i] < end {
			next = p.sents[i]
		}
		m.AddVerbatim(len(b), at, next-at)
		b = append(b, p.src[at:next]...)
		if next == end {
			break
		}
		b = p.appendCall(cb, b, m, next)
		at = next + len(shortcode.Sentinel)
	}
	if end < stop && p.src[stop-1] == '\n' {
		m.AddVerbatim(len(b), stop-1, 1)
	} else {
		m.AddGenerated(len(b), 1, source.Span{Start: stop, End: stop})
	}
	return append(b, '\n')
}

// appendCall appends the text of the call whose sentinel is at off.
func (p *page) appendCall(cb *CodeBlock, b []byte, m *source.Map, off int) []byte {
	sent := source.Span{Start: off, End: off + len(shortcode.Sentinel)}
	c := p.call(off)
	if c == nil {
		p.res.Diags.Addf(p.file, p.guide(sent), diag.Error, "internal", "", "shortcode placeholder has no rendered call")
		return b
	}
	if c.Var == "" && !p.inSwallowed(sent.Start) {
		p.report(sent, "markdown-code-shortcode", "move the call out of the code, or write {{</* "+c.Name+" */>}} to show it literally",
			"shortcode %s inside code renders HTML where readers expect text", quote(c.Name))
	}
	m.AddGenerated(len(b), len(c.Text), sent)
	start := len(b)
	b = append(b, c.Text...)
	if cb.Overlays == nil {
		cb.Overlays = make([]Overlay, 0, p.callsFrom(off))
	}
	cb.Overlays = append(cb.Overlays, Overlay{Start: start, End: len(b), HTML: c.HTML})
	if c.Var != "" {
		if cb.Snippet.Vars == nil {
			cb.Snippet.Vars = make([]snippet.Var, 0, p.callsFrom(off))
		}
		cb.Snippet.Vars = append(cb.Snippet.Vars, snippet.Var{Name: c.Var, Format: c.Format, Span: source.Span{Start: start, End: len(b)}})
	}
	return b
}

// callsFrom returns how many sentinels the code block being read holds
// from off on (off's included): room enough for its overlays and
// variables, which grew by doubling.
func (p *page) callsFrom(off int) int {
	i := sort.SearchInts(p.sents, off)
	j := sort.SearchInts(p.sents, p.codeEnd)
	return max(j-i, 1)
}

// fenceAttrs parses the info string and applies the attributes.
func (p *page) fenceAttrs(cb *CodeBlock, f *ast.FencedCodeBlock, info source.Span) {
	fi, errs := ParseFenceInfo(string(p.src[info.Start:info.End]))
	for _, e := range errs {
		p.fenceError(info.Start, e)
	}
	s := cb.Snippet
	s.Lang = fi.Lang
	for _, a := range fi.Attrs {
		s.Attrs = append(s.Attrs, snippet.Attr{Key: a.Key, Value: a.Value, Span: p.guide(shift(a.Span, info.Start))})
		p.applyAttr(cb, a, info.Start)
	}
}

// fenceError reports e, found in the info string starting at base.
func (p *page) fenceError(base int, e FenceError) {
	sp := shift(e.Span, base)
	d := diag.Diagnostic{Severity: severityOf(e.Code), Code: e.Code, Message: e.Message, Hint: e.Hint}
	if e.Insert != "" {
		if at, exact, ok := p.exp.Map.Resolve(base + e.InsertAt); ok && exact {
			d.Fix = &diag.Fix{Message: "insert " + quote(e.Insert), Edits: []diag.Edit{{Span: source.Span{Start: at, End: at}, NewText: e.Insert}}}
		}
	}
	p.reportDiag(sp, d)
}

// applyAttr applies the presentation attributes Hugo understands.
func (p *page) applyAttr(cb *CodeBlock, a FenceAttr, base int) {
	vs := shift(a.ValueSpan, base)
	switch a.Key {
	case "title":
		cb.Title = a.Value
	case "id":
		cb.ID = a.Value
	case "class":
		cb.Classes = append(cb.Classes, strings.Fields(a.Value)...)
	case "linenos":
		switch a.Value {
		case "true", "table":
			cb.LineNos = "table"
		case "inline":
			cb.LineNos = "inline"
		case "false":
			cb.LineNos = ""
		default:
			p.report(vs, "fence-attr-value", "use linenos=true, table, inline or false", "linenos cannot be %s", quote(a.Value))
		}
	case "linenostart":
		n, err := strconv.Atoi(a.Value)
		if err != nil || n < 0 {
			p.report(vs, "fence-attr-value", "use a line number such as linenostart=10", "linenostart must be a non-negative integer, not %s", quote(a.Value))
			return
		}
		cb.LineBase = n
	case "hl_lines":
		r, bad := parseLineRanges(a.Value)
		if bad != "" {
			p.report(vs, "fence-attr-value", `write hl_lines=[2,"4-6"] or hl_lines="2 4-6"`, "hl_lines has an invalid line range %s", quote(bad))
		}
		cb.Marked = r
	}
}

// parseLineRanges parses hl_lines values: `[2,"4-6"]`, `2 4-6` or `3`. It
// returns the ranges it understood and the first item it did not.
func parseLineRanges(v string) (ranges [][2]int, bad string) {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	items := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	for _, it := range items {
		it = strings.Trim(it, `"`)
		if it == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(it, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || a < 1 || b < a {
			if bad == "" {
				bad = it
			}
			continue
		}
		ranges = append(ranges, [2]int{a, b})
	}
	return ranges, bad
}

// callName returns the name of the shortcode call at the start of span in
// the guide ("{{% oidc-common %}}" → "oidc-common"), or "" when span does
// not start with a call; the string is from the page's arena.
func (p *page) callName(span source.Span) string {
	return p.strs.string(callNameBytes(p.file, span))
}

// callNameBytes is callName's bytes, in file.Content (nil for no call).
func callNameBytes(file *source.File, span source.Span) []byte {
	c := file.Content
	if span.Start < 0 || span.Start+3 > len(c) || c[span.Start] != '{' || c[span.Start+1] != '{' {
		return nil
	}
	i := span.Start + 2
	if c[i] != '<' && c[i] != '%' {
		return nil
	}
	i++
	for i < len(c) && (c[i] == ' ' || c[i] == '\t' || c[i] == '\n') {
		i++
	}
	j := i
	for j < len(c) && (isNameChar(c[j]) || c[j] == '/') {
		j++
	}
	return c[i:j]
}

func shift(sp source.Span, by int) source.Span {
	return source.Span{Start: sp.Start + by, End: sp.End + by}
}
