package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/typo"
)

// undefinedRefs reports reference-style links whose label has no
// definition. goldmark leaves them as literal text ("[Label]", "[text][]",
// "[text][label]"), so runs of text outside code and links are scanned for
// bracket groups that a definition would have turned into a link.
//
// The nodes whose runs are scanned, in document order, are parents (see
// inlineIndex.refParents): those with children outside links, images,
// autolinks, code spans and raw HTML.
func (p *page) undefinedRefs(parents []ast.Node, pc parser.Context) {
	p.brokenDefs(parents, pc)
	for _, n := range parents {
		p.runs = p.textRuns(n, p.runs[:0])
		for _, r := range p.runs {
			p.scanRefs(r, pc)
		}
	}
}

// textRuns returns the source ranges covered by runs of adjacent, non-raw
// text children of n. Gaps between them may only be white space (a line
// break), so a label that wraps onto the next line is still seen whole.
// The runs are appended to runs.
func (p *page) textRuns(n ast.Node, runs []source.Span) []source.Span {
	cur := source.Span{Start: -1}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok || t.IsRaw() {
			if cur.Start >= 0 {
				runs = append(runs, cur)
			}
			cur = source.Span{Start: -1}
			continue
		}
		seg := t.Segment
		if cur.Start >= 0 && seg.Start >= cur.End && isBlankBytes(p.src[cur.End:seg.Start]) {
			cur.End = seg.Stop
			continue
		}
		if cur.Start >= 0 {
			runs = append(runs, cur)
		}
		cur = source.Span{Start: seg.Start, End: seg.Stop}
	}
	if cur.Start >= 0 {
		runs = append(runs, cur)
	}
	return runs
}

// scanRefs reports the undefined references in src[r.Start:r.End].
//
// It goes from one '[' to the next with bytes.IndexByte (most text has
// none), and counts the backslashes before it: the byte after a '\\'
// is escaped, so an odd run of them since where the scan went on
// escapes the '['.
func (p *page) scanRefs(r source.Span, pc parser.Context) {
	src := p.src
	for i := r.Start; i < r.End; i++ {
		k := bytes.IndexByte(src[i:r.End], '[')
		if k < 0 {
			return
		}
		from := i
		i += k
		if escapedAt(src, from, i) {
			continue
		}
		j := closeBracket(src, i+1, r.End)
		if j < 0 {
			continue
		}
		label, end := src[i+1:j], j+1
		if end < r.End && src[end] == '(' {
			i = j
			continue // an inline link goldmark could not parse, not a reference
		}
		if end < r.End && src[end] == '[' {
			if k := closeBracket(src, end+1, r.End); k >= 0 {
				if second := src[end+1 : k]; !isBlankBytes(second) {
					label = second
				}
				end = k + 1
			}
		}
		if p.isUndefinedRef(label, pc) && !p.swallowedDef(label) && !p.inBrokenDefs(i, label) {
			p.undefined = append(p.undefined, undefinedRef{label: string(label), span: source.Span{Start: i, End: end}})
			p.report(source.Span{Start: i, End: end}, "link-undefined-ref",
				"add a definition such as ["+string(label)+"]: https://… (usually at the end of the guide), or escape the bracket as \\[",
				"link reference %s is not defined", quote(strings.Join(strings.Fields(string(label)), " ")))
		}
		i = end - 1
	}
}

// undefinedRef is a reference link reported undefined.
type undefinedRef struct {
	label string
	span  source.Span // in src
}

// unusedNearDefs warns at each reference definition that no link uses
// when an undefined reference's label is a near miss of its label
// ([Authlia]: … beside [Authelia]): one of the two labels is misspelt.
// The undefined reference is the error; the definition is where the
// other half of the mistake may be, so it is named too, as a warning.
// A definition nothing uses and nothing nearly names is left alone.
func (p *page) unusedNearDefs(defs map[string]definition) {
	if len(p.undefined) == 0 {
		return
	}
	for _, u := range p.undefined {
		want := strings.ToLower(strings.Join(strings.Fields(u.label), " "))
		for k, d := range defs {
			if d.used || p.generated(d.span.Start) {
				continue
			}
			have := strings.ToLower(strings.Join(strings.Fields(d.label), " "))
			limit := max(1, min(len(want), len(have))/5)
			if have == want || len(have) < 3 || typo.Within(have, want, limit) > limit {
				continue
			}
			d.used = true // one warning per definition
			defs[k] = d
			p.report(d.span, "link-refdef-unused", "spell the two labels alike",
				"no link uses the reference definition %s, and the link %s is not defined: one of the two labels is misspelt",
				quote(d.label), quote(strings.Join(strings.Fields(u.label), " ")))
		}
	}
	p.undefined = p.undefined[:0]
}

// escapedAt reports whether src[i] is escaped by the backslashes before
// it, counting back no further than from, where a scan byte by byte
// started on an unescaped byte.
func escapedAt(src []byte, from, i int) bool {
	n := 0
	for k := i - 1; k >= from && src[k] == '\\'; k-- {
		n++
	}
	return n%2 == 1
}

// isUndefinedRef reports whether label would name a reference but no
// definition has it. Blank labels, footnote labels ("^1") and task-list
// markers ("[ ]", "[x]") are not references.
func (p *page) isUndefinedRef(label []byte, pc parser.Context) bool {
	if isBlankBytes(label) || label[0] == '^' || len(label) > 999 {
		return false
	}
	if len(label) == 1 && (label[0] == 'x' || label[0] == 'X') {
		return false
	}
	_, ok := parser.LookupReference(pc, label)
	return !ok
}

// closeBracket returns the offset of the ']' closing a label that starts at
// from, or -1 when an unescaped '[' comes first (labels cannot nest) or the
// run ends.
func closeBracket(src []byte, from, end int) int {
	for i := from; i < end; i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			return -1
		case ']':
			return i
		}
	}
	return -1
}

func isBlankBytes(b []byte) bool {
	return util.IsBlank(b)
}

// brokenDefs reports a paragraph of reference definitions whose first
// line goldmark could not read as one, either because the line lacks the
// colon after its label ("[Authelia] https://…", "[Authelia] : https://…")
// or because text that is no quoted title follows its destination
// ("[Authelia]: https://… Authelia website", see titleDef). CommonMark
// reads a definition only with "]:" and an optional title in quotes or
// parentheses, and a definition cannot interrupt a paragraph: that line and
// every definition under it become text, and each link that uses their
// labels breaks. The finding is on the broken line; the links that use the
// lost labels are not reported again (inBrokenDefs).
//
// A line without its colon counts only when all the lines of its
// paragraph look like definitions, so a sentence that starts with a link
// is left alone. A line with "]:" and a URL is a definition by its form
// alone; the definitions under it are lost up to the first line that is
// none.
func (p *page) brokenDefs(parents []ast.Node, pc parser.Context) {
	p.badDefs = p.badDefs[:0]
	for _, n := range parents {
		// A tight list item's paragraph is a TextBlock, after goldmark
		// took its definitions; a task list item there ("- [ ] https://…")
		// is no colonless definition.
		k := n.Kind()
		if k != ast.KindParagraph && k != ast.KindTextBlock || n.Lines().Len() == 0 {
			continue
		}
		lines := n.Lines()
		first := lines.At(0)
		line := p.src[first.Start:first.Stop]
		if label, ok := colonlessDef(line); ok && k == ast.KindParagraph {
			lost := lostDefs(p.src, lines)
			if lost < lines.Len()-1 {
				continue
			}
			last := lines.At(lines.Len() - 1)
			p.badDefs = append(p.badDefs, source.Span{Start: first.Start, End: last.Stop})
			start := first.Start + bytes.IndexByte(line, '[')
			msg := "the reference definition of %s has no ':' after its label: Markdown reads the line as text, so the links that use the label break"
			p.report(source.Span{Start: start, End: start + len(label) + 2}, "link-refdef-colon",
				"write ["+string(label)+"]: followed by the URL", msg+lostSuffix(lost), quote(string(label)))
			continue
		}
		if td, ok := titleDef(line); ok {
			lost := lostDefs(p.src, lines)
			last := lines.At(lost)
			p.badDefs = append(p.badDefs, source.Span{Start: first.Start, End: last.Stop})
			_, dup := parser.LookupReference(pc, td.label)
			p.reportTitleDef(first.Start, td, lost, dup)
		}
	}
}

// lostDefs returns how many lines after the first of lines read as
// reference definitions, up to the first that does not.
func lostDefs(src []byte, lines *text.Segments) int {
	lost := 0
	for i := 1; i < lines.Len(); i++ {
		l := lines.At(i)
		if _, ok := defLine(src[l.Start:l.Stop]); !ok {
			break
		}
		lost++
	}
	return lost
}

// lostSuffix says how many definitions a broken one took with it.
func lostSuffix(lost int) string {
	switch lost {
	case 0:
		return ""
	case 1:
		return ", and so does the definition under it (a definition cannot interrupt text)"
	}
	return fmt.Sprintf(", and so do the %d definitions under it (a definition cannot interrupt text)", lost)
}

// inBrokenDefs reports whether the bracket at off is in a paragraph of
// lost definitions, or label is one of the labels such a paragraph
// defines: brokenDefs reported their cause.
func (p *page) inBrokenDefs(off int, label []byte) bool {
	if len(p.badDefs) == 0 {
		return false
	}
	want := string(util.ToLinkReference(label))
	for _, sp := range p.badDefs {
		if off >= sp.Start && off < sp.End {
			return true
		}
		for o := sp.Start; o < sp.End; o = lineEnd(p.src, o) + 1 {
			line := p.src[o:min(lineEnd(p.src, o), sp.End)]
			if l, ok := defLine(line); ok && string(util.ToLinkReference(l)) == want {
				return true
			}
			if joinedDef(line, want) {
				return true
			}
		}
	}
	return false
}

// joinedDef reports whether a "[label]:" after the start of line has the
// normalized label want: a definition joined to the one before it on the
// line (see titleJoined), lost with it.
func joinedDef(line []byte, want string) bool {
	for i := 1; i < len(line); {
		k := bytes.Index(line[i:], []byte("]:"))
		if k < 0 {
			return false
		}
		j := i + k
		if o := bytes.LastIndexByte(line[:j], '['); o > 0 && string(util.ToLinkReference(line[o+1:j])) == want {
			return true
		}
		i = j + 2
	}
	return false
}

// defLine returns the label of a line that is a reference definition,
// with its colon or without it.
func defLine(line []byte) ([]byte, bool) {
	if l, ok := colonlessDef(line); ok {
		return l, true
	}
	line = bytes.TrimSpace(line)
	if len(line) < 4 || line[0] != '[' {
		return nil, false
	}
	j := closeBracket(line, 1, len(line))
	if j < 2 || j+1 >= len(line) || line[j+1] != ':' {
		return nil, false
	}
	return line[1:j], true
}

// colonlessDef returns the label of a line that is a reference
// definition but for the colon after the label: "[label]", blanks, maybe
// a colon or '=' after them, and one destination that reads as a URL or a
// page path, maybe with a quoted title.
func colonlessDef(line []byte) ([]byte, bool) {
	line = bytes.TrimSpace(line)
	if len(line) < 4 || line[0] != '[' {
		return nil, false
	}
	j := closeBracket(line, 1, len(line))
	if j < 2 || j+1 >= len(line) || line[j+1] != ' ' && line[j+1] != '\t' {
		return nil, false
	}
	rest := bytes.TrimLeft(line[j+1:], " \t")
	if len(rest) > 0 && (rest[0] == ':' || rest[0] == '=') {
		rest = bytes.TrimLeft(rest[1:], " \t")
	}
	dest, title, _ := bytes.Cut(rest, []byte(" "))
	if t := bytes.TrimSpace(title); len(t) > 0 && t[0] != '"' && t[0] != '\'' && t[0] != '(' {
		return nil, false
	}
	if len(dest) == 0 || !urlLike(dest) {
		return nil, false
	}
	return line[1:j], true
}

// urlLike reports whether s reads as a link destination: an absolute
// URL, a path, a fragment or a Markdown page.
func urlLike(s []byte) bool {
	s = bytes.Trim(s, "<>")
	switch {
	case bytes.Contains(s, []byte("://")), bytes.HasPrefix(s, []byte("mailto:")):
		return true
	case len(s) > 1 && (s[0] == '/' || s[0] == '#'), bytes.HasPrefix(s, []byte("./")), bytes.HasPrefix(s, []byte("../")):
		return true
	}
	path, _, _ := bytes.Cut(s, []byte("#"))
	return bytes.HasSuffix(path, []byte(".md"))
}
