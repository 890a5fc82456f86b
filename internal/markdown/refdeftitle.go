package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/util"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// titleDefect says what follows a definition's destination that
// CommonMark does not accept there.
type titleDefect uint8

const (
	// titleUnquoted: words that would be a title but for their quotes
	// ("… https://www.authelia.com Authelia website").
	titleUnquoted titleDefect = iota
	// titleTrailing: a quoted title with text after it, or one whose
	// quote the line never closes.
	titleTrailing
	// titleGlued: text right after the destination, no blank between
	// ("<https://www.authelia.com>.", "https://a)").
	titleGlued
	// titleJoined: a second definition on the same line (a line break
	// lost between two).
	titleJoined
	// titleOther: text that reads as no title (a comment, a backslash).
	titleOther
)

// brokenTitle is what titleDef found on a definition line; offsets are into
// the line.
type brokenTitle struct {
	label         []byte
	rest, restEnd int // the text after the destination, trimmed
	kind          titleDefect
	open, close   byte // the quotes a fix puts around it; 0 for no fix
}

// titleDef reports a line that is a reference definition by its form
// ("[label]:", blanks, a destination that reads as a URL or a page) but
// that goldmark cannot read as one for what follows the destination.
// goldmark (parseLinkReferenceDefinition) takes after the destination only
// the end of the line, or a blank and a title in "…", '…' or (…) that the
// line then ends after; anything else makes the whole line no definition.
// The caller only asks about the first line of a paragraph that is still
// there, one goldmark did not take.
//
// The destination is read as goldmark reads it: up to the '>' of an
// angle-bracket one, or else up to a blank or an unbalanced ')'. A line
// with no destination (it may be on the next line) or one that reads as no
// URL ("[Note]: see below") is not judged.
func titleDef(line []byte) (brokenTitle, bool) {
	var td brokenTitle
	end := len(line)
	for end > 0 && util.IsSpace(line[end-1]) {
		end--
	}
	w, i := util.IndentWidth(line, 0)
	if w > 3 || end-i < 6 || line[i] != '[' {
		return td, false
	}
	j := closeBracket(line, i+1, end)
	if j < i+2 || j+1 >= end || line[j+1] != ':' {
		return td, false
	}
	td.label = line[i+1 : j]
	if isBlankBytes(td.label) || td.label[0] == '^' {
		return td, false
	}
	k := j + 2
	for k < end && (line[k] == ' ' || line[k] == '\t') {
		k++
	}
	d, ok := destEnd(line, k, end)
	if !ok || d == k || !urlLike(line[k:d]) {
		return td, false
	}
	r := d
	for r < end && (line[r] == ' ' || line[r] == '\t') {
		r++
	}
	if r == end {
		return td, false // a definition goldmark reads
	}
	td.rest, td.restEnd = r, end
	rest := line[r:end]
	switch {
	case r == d:
		td.kind = titleGlued
	case bytes.Contains(rest, []byte("]:")) && rest[0] == '[':
		td.kind = titleJoined
	case rest[0] == '"' || rest[0] == '\'' || rest[0] == '(':
		if titleClose(line, r, end) == end-1 {
			return td, false // a quoted title that ends the line
		}
		td.kind = titleTrailing
	case !titleLike(rest):
		td.kind = titleOther
	default:
		td.kind = titleUnquoted
		switch {
		case bytes.IndexByte(rest, '"') < 0:
			td.open, td.close = '"', '"'
		case bytes.IndexByte(rest, '\'') < 0:
			td.open, td.close = '\'', '\''
		case bytes.IndexAny(rest, "()") < 0:
			td.open, td.close = '(', ')'
		}
	}
	return td, true
}

// destEnd returns where a link destination that starts at k ends, as
// goldmark's parseLinkDestination reads it: after the '>' of one in angle
// brackets (false when the line never closes it), else at the first blank
// or unbalanced ')'. A backslash escapes the punctuation after it.
func destEnd(line []byte, k, end int) (int, bool) {
	if k < end && line[k] == '<' {
		for i := k + 1; i < end; i++ {
			switch {
			case line[i] == '\\' && i+1 < end && util.IsPunct(line[i+1]):
				i++
			case line[i] == '>':
				return i + 1, true
			}
		}
		return 0, false
	}
	open := 0
	i := k
	for ; i < end; i++ {
		c := line[i]
		if c == '\\' && i+1 < end && util.IsPunct(line[i+1]) {
			i++
			continue
		}
		if c == '(' {
			open++
		} else if c == ')' {
			if open--; open < 0 {
				break
			}
		} else if util.IsSpace(c) {
			break
		}
	}
	return i, true
}

// titleClose returns the offset of the quote that closes the title opened
// at line[k], as goldmark's FindClosure finds it on one line: the first
// unescaped closer, and none (-1) after an unescaped '(' inside (…).
func titleClose(line []byte, k, end int) int {
	closer := line[k]
	if closer == '(' {
		closer = ')'
	}
	for i := k + 1; i < end; i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < end && util.IsPunct(line[i+1]):
			i++
		case c == closer:
			return i
		case c == line[k]:
			return -1
		}
	}
	return -1
}

// titleLike reports whether text after a destination reads as the words
// of a title: it holds a letter or a digit, and is no URL or path and holds
// no raw HTML, shortcode or link of its own, whose quoting would not make
// a title of it.
func titleLike(s []byte) bool {
	if s[0] == '<' || s[0] == '{' || s[0] == '\\' || s[0] == '[' ||
		bytes.Contains(s, []byte("://")) || bytes.Contains(s, []byte("](")) || urlLike(s) {
		return false
	}
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 {
			return true
		}
	}
	return false
}

// reportTitleDef reports the definition on the line at off (in src) that
// titleDef found broken, lost being the definitions under it that break
// with it. An unquoted title gets a fix that quotes it, when both its
// ends are guide text.
//
// When another definition defines the label (dup), its links still work,
// but the page shows the broken line as text.
func (p *page) reportTitleDef(off int, td brokenTitle, lost int, dup bool) {
	label := quote(string(td.label))
	var msg, hint string
	switch td.kind {
	case titleUnquoted:
		msg = "the reference definition of " + label + " has an unquoted title after its URL: CommonMark reads a title only in \"…\", '…' or (…)"
		hint = "quote the title ([" + string(td.label) + "]: URL \"title\") or remove it"
	case titleTrailing:
		msg = "the reference definition of " + label + " has text after its title, or a title whose quote is not closed: CommonMark then reads no definition"
		hint = "end the line with the title's closing quote"
	case titleGlued:
		msg = "the reference definition of " + label + " has text right after its URL: CommonMark then reads no definition"
		hint = "remove the text after the URL, or put a blank before a quoted title"
		if line := p.src[off+td.rest:]; line[0] == ')' {
			hint = "a ')' that closes no '(' ends the URL: remove it, escape it as \\), or write the URL in <…>"
		}
	case titleJoined:
		msg = "the reference definition of " + label + " has another definition after it on the same line: CommonMark then reads no definition"
		hint = "put each definition on a line of its own"
	default:
		msg = "the reference definition of " + label + " has text after its URL that is no quoted title: CommonMark then reads no definition"
		hint = "remove the text after the URL, or quote it as the title"
	}
	if dup {
		msg += ", so the page shows the line as text"
	} else {
		msg += ", so the line is text and the links that use the label break"
	}
	d := diag.Diagnostic{Severity: severityOf("link-refdef-title"), Code: "link-refdef-title", Message: msg + lostSuffix(lost), Hint: hint}
	if td.open != 0 {
		a, aok := p.exactAt(off + td.rest)
		b, bok := p.exactAt(off + td.restEnd - 1)
		if aok && bok {
			d.Fix = &diag.Fix{Message: "quote the title", Edits: []diag.Edit{
				{Span: source.Span{Start: a, End: a}, NewText: string(td.open)},
				{Span: source.Span{Start: b + 1, End: b + 1}, NewText: string(td.close)},
			}}
		}
	}
	p.reportDiag(source.Span{Start: off + td.rest, End: off + td.restEnd}, d)
}

// exactAt returns the guide offset of the byte at off in src, when that
// byte is the guide's own (not shortcode output).
func (p *page) exactAt(off int) (int, bool) {
	at, exact, ok := p.exp.Map.Resolve(off)
	return at, ok && exact
}
