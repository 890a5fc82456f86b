package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
)

// headingTransformer gives every heading its id, the way Hugo does with
// autoHeadingIDType = "github", collects the headings and the table of
// contents, and reports skipped levels.
type headingTransformer struct{}

// Transform implements parser.ASTTransformer.
func (headingTransformer) Transform(doc *ast.Document, _ gtext.Reader, pc parser.Context) {
	p := pageOf(pc)
	if p == nil {
		return
	}
	prev := 1 // the page title is the h1
	p.textBlockChecks(doc)
	hs := p.headingBlocks(doc)
	// The lists at their final size: growing them was an allocation
	// each doubling.
	toc := 0
	for _, h := range hs {
		if h.Level >= p.cfg.tocMin && h.Level <= p.cfg.tocMax {
			toc++
		}
	}
	if len(hs) > 0 && p.res.Headings == nil {
		p.res.Headings = make([]Heading, 0, len(hs))
	}
	if toc > 0 && p.res.TOC == nil {
		p.res.TOC = make([]Heading, 0, toc)
	}
	for _, h := range hs {
		hd := p.heading(h)
		if hd.Level > prev+1 {
			p.res.Diags.Addf(p.file, hd.Span, severityOf("heading-skip"), "heading-skip",
				"use an h"+strconv.Itoa(prev+1)+" here, or add the missing level above it",
				"heading level jumps from h%d to h%d", prev, hd.Level)
		}
		prev = hd.Level
		p.res.Headings = append(p.res.Headings, hd)
		if hd.Level >= p.cfg.tocMin && hd.Level <= p.cfg.tocMax {
			p.res.TOC = append(p.res.TOC, hd)
		}
	}
}

// gluedHashes reports a paragraph line that starts with two to six '#'
// glued to a word ("##Tested Versions"): CommonMark makes an ATX heading
// only of '#'s followed by a blank, so the page shows the line as text,
// and the section, its id and its place in the table of contents do not
// exist. A single '#' before a word is left alone (#hashtag, #1).
func (p *page) gluedHashes(para *ast.Paragraph) {
	lines := para.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := p.src[seg.Start:seg.Stop]
		k := 0
		for k < len(line) && k < 7 && line[k] == '#' {
			k++
		}
		if k < 2 || k > 6 || k >= len(line) || !isWordStart(line[k]) || p.generated(seg.Start) {
			continue
		}
		end := seg.Start + len(bytes.TrimRight(line, " \t\r\n"))
		p.report(source.Span{Start: seg.Start, End: end}, "heading-no-space",
			"write a blank after the #s: "+string(line[:k])+" "+string(bytes.TrimSpace(line[k:])),
			"%q is not a heading: Markdown needs a blank after the #s, so the page shows the line as text", string(bytes.TrimSpace(line)))
	}
}

// strayBackticks reports a backtick left in a block's text: a code span
// opened and never closed in its paragraph or list item, which CommonMark
// shows as a backtick and plain text (the reader copies the backtick with
// the value). Escaped backticks and text a shortcode wrote are not the
// writer's.
func (p *page) strayBackticks(block ast.Node) {
	var visit func(n ast.Node) bool // reports whether it reported
	visit = func(n ast.Node) bool {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink:
				continue
			case *ast.Text:
				seg := c.Segment
				i := bytes.IndexByte(p.src[seg.Start:seg.Stop], '`')
				if i < 0 {
					continue
				}
				off := seg.Start + i
				if off > 0 && p.src[off-1] == '\\' || p.generated(off) {
					continue
				}
				end := seg.Stop
				if nl := bytes.IndexByte(p.src[off:seg.Stop], '\n'); nl >= 0 {
					end = off + nl
				}
				if labelBefore(p.src, off) {
					// "Client ID: `app": the value a reader copies
					// into a form carries the backtick.
					p.report(source.Span{Start: off, End: end}, "code-span-unclosed-value", "close the code span with a backtick after the value",
						"the value after this label opens a code span that is never closed: the page shows the backtick with the value, and a reader who copies the value into the form copies the backtick too")
					return true
				}
				p.report(source.Span{Start: off, End: end}, "code-span-unclosed", "close the code span with a backtick after its value",
					"a backtick opens a code span that is never closed: the page shows the backtick and the text as they are")
				return true
			default:
				if visit(c) {
					return true
				}
			}
		}
		return false
	}
	visit(block) // one finding per block
}

// labelBefore reports whether the text before off on its line is a
// label for a value: a list marker maybe, a few words, maybe in bold, and
// a colon ("- Client ID: ", "3. **Redirect URI:** ").
func labelBefore(src []byte, off int) bool {
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	l := bytes.TrimSpace(src[start:off])
	l = bytes.TrimRight(l, "*_ ")
	if !bytes.HasSuffix(l, []byte(":")) {
		return false
	}
	l = bytes.TrimSuffix(l, []byte(":"))
	// Drop a list marker and the bold around the label.
	if i := bytes.IndexAny(l, " \t"); i > 0 && (l[0] == '-' || l[0] == '*' || l[0] == '+' || l[i-1] == '.' && isDigits(l[:i-1])) {
		l = bytes.TrimSpace(l[i:])
	}
	l = bytes.Trim(l, "*_ ")
	if len(l) > 2 && l[0] == '`' && l[len(l)-1] == '`' && bytes.Count(l, []byte("`")) == 2 {
		l = l[1 : len(l)-1] // a setting's name as the label (`oauth.client_id`:)
	}
	if len(l) == 0 || len(l) > 60 || bytes.ContainsAny(l, "`!?") || bytes.HasSuffix(l, []byte(".")) {
		return false
	}
	return len(bytes.Fields(l)) <= 6
}

// isDigits reports whether b is one or more ASCII digits.
func isDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// textBlockChecks runs the checks of the text of paragraphs, list items'
// text and headings in one walk of the page's blocks.
func (p *page) textBlockChecks(doc *ast.Document) {
	walkBlocks(doc, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Paragraph:
			p.gluedHashes(n)
			p.strayBackticks(n)
			return false
		case *ast.TextBlock, *ast.Heading, *east.TableCell:
			// A table's cell is a block of its own: a backtick it
			// leaves open shows in that cell (| Client ID | `app |).
			p.strayBackticks(n)
			return false
		}
		return true
	})
}

// isWordStart reports whether c may start a heading's text: a letter or a
// digit (ASCII, or the first byte of a multi-byte character).
func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// heading assigns h its id (an explicit {#id} wins) and describes it.
func (p *page) heading(h *ast.Heading) Heading {
	text := strings.TrimSpace(p.plainText(h))
	var id, base string
	if v, ok := h.AttributeString("id"); ok {
		id = attrString(v)
		p.ids[id] = true
	} else {
		if p.cfg.headingID != nil {
			base = p.cfg.headingID(text)
		} else {
			base = p.gitHubID(text)
		}
		id = p.uniqueID(base)
		// The attribute is only read (written out, or by the tests),
		// never changed: it can share the id's bytes.
		h.SetAttributeString("id", util.StringToReadOnlyBytes(id))
	}
	p.headingIDs = append(p.headingIDs, headingID{h, id})
	return Heading{Level: h.Level, ID: id, Base: base, Text: text, Span: p.guide(p.headingSpan(h))}
}

// uniqueID returns base, or base-1, base-2, … whichever is first unused on
// the page, and marks it used (Hugo's idFactory).
//
// Probing resumes where the last probe for base stopped: ids are never
// released, so the suffixes below it are still taken. Without that, n
// headings with one text probed 1+2+…+n ids. Each failed probe finds an id
// that only this base can produce (the suffix after the last '-' is
// digits), so all probes of a page together cost at most one per heading.
func (p *page) uniqueID(base string) string {
	id := base
	i := max(p.nextSuffix[base], 1)
	for ; p.ids[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	p.nextSuffix[base] = i
	p.ids[id] = true
	return id
}

// GitHubID turns heading text into an id with Hugo's "github" rules: letters
// (lowercased), digits and '_' are kept, each space, tab and '-' becomes '-',
// everything else is dropped, and runs of '-' are not collapsed. Empty text
// gives "heading".
func GitHubID(text string) string {
	if id, ok := asciiGitHubID(text); ok {
		return id
	}
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	if b.Len() == 0 {
		return "heading"
	}
	return b.String()
}

// gitHubID is GitHubID with the id from the page's arena.
func (p *page) gitHubID(text string) string {
	var buf [64]byte
	if b, ok := appendASCIIGitHubID(buf[:0], text); ok {
		if len(b) == 0 {
			return "heading"
		}
		return p.strs.string(b)
	}
	return GitHubID(text)
}

// asciiGitHubID is GitHubID for ASCII text, byte by byte; ok is false
// when text is not ASCII.
func asciiGitHubID(text string) (id string, ok bool) {
	var buf [64]byte
	b, ok := appendASCIIGitHubID(buf[:0], text)
	if !ok {
		return "", false
	}
	if len(b) == 0 {
		return "heading", true
	}
	return string(b), true
}

// appendASCIIGitHubID appends asciiGitHubID's id of text to dst, nothing
// for an empty id; ok is false, and dst returned as it was, when text is
// not ASCII.
func appendASCIIGitHubID(dst []byte, text string) (b []byte, ok bool) {
	b = dst
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= utf8.RuneSelf:
			return dst, false
		case c == '-' || c == ' ' || c == '\t':
			b = append(b, '-')
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
			b = append(b, c)
		}
	}
	return b, true
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// headingSpan returns the heading's extent in src: an ATX heading's line, or
// a setext heading's text through its underline.
func (p *page) headingSpan(h *ast.Heading) source.Span {
	start := max(h.Pos(), 0)
	if start >= len(p.src) {
		return source.Span{Start: len(p.src), End: len(p.src)}
	}
	end := lineEnd(p.src, start)
	if p.src[start] != '#' {
		if last := segmentsEnd(h.Lines()); last > start {
			end = lineEnd(p.src, last-1)
		}
		if end < len(p.src) {
			end = lineEnd(p.src, end+1) // the underline
		}
	}
	return source.Span{Start: start, End: trimRight(p.src, start, end)}
}

// tocHTML renders toc as nested lists. A level skipped between two entries
// gets an empty list item, as Hugo's TableOfContents does.
func tocHTML(toc []Heading) []byte {
	if len(toc) == 0 {
		return nil
	}
	base := toc[0].Level
	for _, h := range toc {
		base = min(base, h.Level)
	}
	var b bytes.Buffer
	b.WriteString(`<nav class="toc">`)
	cur := base - 1
	for _, h := range toc {
		switch {
		case h.Level > cur:
			for ; cur < h.Level; cur++ {
				b.WriteString("\n<ul>\n<li>")
			}
		case h.Level == cur:
			b.WriteString("</li>\n<li>")
		default:
			for ; cur > h.Level; cur-- {
				b.WriteString("</li>\n</ul>")
			}
			b.WriteString("</li>\n<li>")
		}
		b.WriteString(`<a href="#`)
		b.Write(util.EscapeHTML([]byte(h.ID)))
		b.WriteString(`">`)
		b.Write(util.EscapeHTML([]byte(h.Text)))
		b.WriteString("</a>")
	}
	for ; cur >= base; cur-- {
		b.WriteString("</li>\n</ul>")
	}
	b.WriteString("\n</nav>\n")
	return b.Bytes()
}
