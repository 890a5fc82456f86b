package shortcode

import (
	"regexp"
	"strings"
)

// Hugo renders the output of a {{% %}} call as Markdown with the page, but
// inserts the output of a {{< >}} call as it is, after the page's Markdown
// is rendered. A template that writes Markdown block syntax therefore shows
// it raw when called with angle brackets: "## Title" as text, a heading
// missing from the table of contents. markdownLine finds such syntax in a
// call's output, where HTML would not put it: outside tags, comments and
// the elements whose text is shown as written (pre, code, script, style,
// textarea), which is where a template legitimately prints '#' or '-'.

// rawTextElements are the elements whose content is shown as written, or
// not shown: Markdown-looking lines there are code, not Markdown.
var rawTextElements = []string{"pre", "code", "script", "style", "textarea"}

// tagMark stands for a tag in the text scan returns.
const tagMark = '\x1a'

// markdownInlineLink is an inline Markdown link, [text](destination).
var markdownInlineLink = regexp.MustCompile(`\[[^\[\]\n]+\]\([^()\s]+\)`)

// htmlScan is the state of a scan of HTML across lines.
type htmlScan struct {
	raw     string // the raw-text element the scan is inside, "" when none
	tag     bool   // inside a tag, between '<' and '>'
	quote   byte   // the quote of an attribute value inside a tag, 0 when none
	comment bool   // inside <!-- -->
}

// markdownLine returns the first line of out, the output of a {{< >}}
// call, that holds Markdown block syntax (an ATX heading, a code fence, a
// list item) or an inline link outside HTML markup, trimmed; "" when none.
func markdownLine(out string) string {
	if !strings.ContainsAny(out, "#`~-*+[0123456789") {
		return "" // the common case: a site variable, a figure
	}
	var s htmlScan
	prev, prevOutside := "", false // the line before, and whether it began in flow content
	for len(out) > 0 {
		line, rest, _ := strings.Cut(out, "\n")
		out = rest
		outside := s.outside()
		if outside && isMarkdownBlock(line) {
			return strings.TrimSpace(line)
		}
		if outside && prevOutside && strings.Contains(prev, "|") && isTableDelimiter(line) {
			return strings.TrimSpace(prev) // a GFM table's header row
		}
		if text := s.scan(line); markdownInlineLink.MatchString(text) {
			return strings.TrimSpace(line)
		}
		prev, prevOutside = line, outside
	}
	return ""
}

// isTableDelimiter reports whether line is the delimiter row of a GFM
// table: cells of '-' with optional ':' at either end, between pipes.
func isTableDelimiter(line string) bool {
	t := strings.TrimSpace(line)
	if !strings.Contains(t, "-") {
		return false
	}
	t = strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
	cells := strings.Split(t, "|")
	if len(cells) < 2 && !strings.HasPrefix(strings.TrimSpace(line), "|") {
		return false // one cell needs a leading pipe ("|---|"), else it is a rule or a list
	}
	for _, c := range cells {
		c = strings.TrimSpace(c)
		c = strings.TrimSuffix(strings.TrimPrefix(c, ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// outside reports whether the scan is in flow content: not inside a tag,
// a comment or a raw-text element.
func (s *htmlScan) outside() bool { return s.raw == "" && !s.tag && !s.comment }

// isMarkdownBlock reports whether line opens a Markdown block that HTML
// does not: an ATX heading, a code fence, a bullet or ordered list item.
// As in CommonMark, up to three spaces may precede it.
func isMarkdownBlock(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || t == "" {
		return false
	}
	switch c := t[0]; {
	case c == '#':
		n := len(t) - len(strings.TrimLeft(t, "#"))
		return n <= 6 && followedByText(t[n:])
	case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
		return true
	case c == '-' || c == '*' || c == '+':
		return followedByText(t[1:]) && !isThematicBreak(t)
	case c >= '0' && c <= '9':
		n := len(t) - len(strings.TrimLeft(t, "0123456789"))
		return n <= 9 && n < len(t) && (t[n] == '.' || t[n] == ')') && followedByText(t[n+1:])
	}
	return false
}

// followedByText reports whether s starts with a space or tab and holds
// more than blanks: what makes a marker a heading or a list item.
func followedByText(s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == '\t') && strings.TrimSpace(s) != ""
}

// isThematicBreak reports whether t is a line of three or more '-', '*' or
// '_' (with blanks between): a rule, not a list item.
func isThematicBreak(t string) bool {
	c, n := t[0], 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// scan advances s over line and returns the line's text outside tags,
// comments and raw-text elements (the parts a reader sees as prose).
func (s *htmlScan) scan(line string) string {
	var text strings.Builder
	for i := 0; i < len(line); {
		switch {
		case s.comment:
			j := strings.Index(line[i:], "-->")
			if j < 0 {
				return text.String()
			}
			s.comment, i = false, i+j+3
		case s.tag:
			i = s.scanTag(line, i)
		case s.raw != "":
			j := indexFold(line[i:], "</"+s.raw)
			if j < 0 {
				return text.String()
			}
			s.raw, s.tag, i = "", true, i+j+2
		default:
			j := strings.IndexByte(line[i:], '<')
			if j < 0 {
				text.WriteString(line[i:])
				return text.String()
			}
			text.WriteString(line[i : i+j])
			i += j
			if k := s.open(line, i); s.tag || s.comment || k > i+1 {
				// an element stands in the text as one character, so that
				// "[<i class=…></i>](url)" still reads as a link
				text.WriteByte(tagMark)
				i = k
			} else {
				text.WriteByte('<')
				i = k
			}
		}
	}
	return text.String()
}

// open starts a tag or comment at line[i] == '<' and returns where the scan
// goes on; a '<' that starts neither is text.
func (s *htmlScan) open(line string, i int) int {
	rest := line[i+1:]
	if strings.HasPrefix(rest, "!--") {
		s.comment = true
		return i + 4
	}
	if rest == "" || !(isASCIILetter(rest[0]) || rest[0] == '/' || rest[0] == '!') {
		return i + 1
	}
	s.tag = true
	name := rest
	if k := strings.IndexFunc(rest, func(r rune) bool { return !(r < 128 && (isASCIILetter(byte(r)) || r >= '0' && r <= '9')) }); k >= 0 {
		name = rest[:k]
	}
	for _, e := range rawTextElements {
		if strings.EqualFold(name, e) {
			s.raw = e
		}
	}
	i += 1 + len(name)
	return s.scanTag(line, i)
}

// scanTag advances over a tag's attributes to its '>' (quoted values may
// hold one) and returns where the scan goes on.
func (s *htmlScan) scanTag(line string, i int) int {
	for ; i < len(line); i++ {
		c := line[i]
		switch {
		case s.quote != 0:
			if c == s.quote {
				s.quote = 0
			}
		case c == '"' || c == '\'':
			s.quote = c
		case c == '>':
			s.tag = false
			if i > 0 && line[i-1] == '/' {
				s.raw = "" // <code/> opens nothing
			}
			return i + 1
		}
	}
	return i
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// indexFold is strings.Index ignoring ASCII case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
