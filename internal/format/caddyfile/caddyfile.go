// Package caddyfile splits Caddyfile text into positioned tokens, by the
// rules of Caddy's own lexer (caddyconfig/caddyfile/lexer.go), so that the
// checks that validate a Caddyfile's braces and the ones that read its
// directives see the same tokens.
//
// The rules:
//
//	word            a run of bytes up to a blank (' ', '\t', '\r') or a line
//	                break; quotes and '#' inside it are part of it (a#b)
//	# comment       a '#' that starts a token starts a comment to the line's end
//	"quoted"        a backslash escapes the next byte, a line break included;
//	                the string may span lines
//	`backquoted`    no escapes; may span lines
//	<<MARKER        a word of '<<' and a marker of letters, digits, '_' and '-'
//	                that ends its line opens a heredoc; the first later line
//	                that starts with the marker after blanks closes it, and the
//	                tokens after the marker continue the heredoc's line
//	                (respond <<HTML … HTML 200)
//
// A backslash before a line break continues the line in Caddy; the lexer
// keeps the backslash in its word (a lone one is the word \) and leaves
// joining lines to the caller, since a brace check reads the lines as
// written. Lex never fails: a string or
// heredoc the text does not close ends at the text's end, marked Open.
package caddyfile

import (
	"iter"

	"github.com/guidec/guidec/internal/source"
)

// Kind is the kind of a Token.
type Kind uint8

// The kinds of tokens.
const (
	Word       Kind = iota // an unquoted token
	Quoted                 // "…"
	Backquoted             // `…`
	Heredoc                // <<MARKER, its body and its closing marker
	Comment                // '#' to the end of the line
	Newline                // a line break ('\n'; a '\r' before it is a blank)
)

// Token is one token of a Caddyfile.
type Token struct {
	Kind Kind
	// Span holds the whole token: quotes, the heredoc's markers; the '\n'
	// of a Newline.
	Span source.Span
	// Body is the text inside the quotes, or a heredoc's body from the line
	// after its opening marker to the start of its closing marker's line;
	// Span for the other kinds.
	Body source.Span
	// Open is set on a string or heredoc that the text ends before it is
	// closed.
	Open bool
}

// Text returns the token's text: a quoted string's body with each \"
// read as '"' (other escapes kept as written), the body of the other kinds.
// Raw reports whether no escape was decoded, so that Text equals the
// bytes of Body.
func (t Token) Text(text []byte) (s string, raw bool) {
	b := text[t.Body.Start:t.Body.End]
	if t.Kind != Quoted {
		return string(b), true
	}
	out := make([]byte, 0, len(b))
	raw = true
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) && b[i+1] == '"' {
			i++
			raw = false
		}
		out = append(out, b[i])
	}
	return string(out), raw
}

// Is reports whether t is the unquoted word w ({, }, \).
func (t Token) Is(text []byte, w string) bool {
	return t.Kind == Word && string(text[t.Span.Start:t.Span.End]) == w
}

// isBlank reports whether c separates tokens on a line.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// Options select readings of the two places where guidec's checks read a
// Caddyfile otherwise than Caddy's lexer; the zero value is Caddy's.
type Options struct {
	// LooseHeredoc opens a heredoc at any word of '<<' and at least one
	// more byte that ends its line's tokens (blanks or a comment may
	// follow it), so that a brace check skips the body of a heredoc whose
	// marker Caddy refuses; the heredoc then ends with its closing line,
	// whose other tokens it hides too. Caddy requires the marker's
	// characters and the line break right after it.
	LooseHeredoc bool
	// WholeMarker closes a heredoc only at a line whose marker is followed
	// by a blank or the line's end; Caddy closes it at a line that starts
	// with the marker (HTMLX reads as HTML, then X).
	WholeMarker bool
	// QuoteOnlyEscape reads a backslash in a "…" string as escaping a
	// following '"' only, so that "a\\" does not end at its last quote;
	// Caddy's backslash escapes any byte.
	QuoteOnlyEscape bool
}

// Lex returns the tokens of text in order, read as Caddy reads them.
// Blanks separate tokens and belong to none.
func Lex(text []byte) []Token { return Options{}.Lex(text) }

// Lex returns the tokens of text in order, read under o.
func (o Options) Lex(text []byte) []Token {
	var toks []Token
	for t := range o.Tokens(text) {
		toks = append(toks, t)
	}
	return toks
}

// Tokens yields the tokens of text in order, read under o, for callers
// that read them once and need no slice of them.
func (o Options) Tokens(text []byte) iter.Seq[Token] {
	return func(yield func(Token) bool) { o.lex(text, yield) }
}

// lex yields the tokens of text until yield returns false.
func (o Options) lex(text []byte, yield func(Token) bool) {
	n := len(text)
	for i := 0; i < n; {
		var t Token
		c := text[i]
		switch {
		case c == '\n':
			t = Token{Kind: Newline, Span: source.Span{Start: i, End: i + 1}, Body: source.Span{Start: i, End: i + 1}}
		case isBlank(c):
			i++
			continue
		case c == '#':
			j := i
			for j < n && text[j] != '\n' {
				j++
			}
			t = Token{Kind: Comment, Span: source.Span{Start: i, End: j}, Body: source.Span{Start: i, End: j}}
		case c == '"' || c == '`':
			j := i + 1
			for j < n && text[j] != c {
				if c == '"' && text[j] == '\\' && (!o.QuoteOnlyEscape || j+1 < n && text[j+1] == '"') {
					j++
				}
				j++
			}
			k := Quoted
			if c == '`' {
				k = Backquoted
			}
			if j >= n {
				t = Token{Kind: k, Span: source.Span{Start: i, End: n}, Body: source.Span{Start: i + 1, End: n}, Open: true}
			} else {
				t = Token{Kind: k, Span: source.Span{Start: i, End: j + 1}, Body: source.Span{Start: i + 1, End: j}}
			}
		default:
			j := i
			for j < n && text[j] != '\n' && !isBlank(text[j]) {
				j++
			}
			if marker, body, ok := o.heredocOpens(text, i, j); ok {
				t = o.heredoc(text, i, body, marker)
			} else {
				t = Token{Kind: Word, Span: source.Span{Start: i, End: j}, Body: source.Span{Start: i, End: j}}
			}
		}
		if !yield(t) {
			return
		}
		i = t.Span.End
	}
}

// heredocOpens reports whether the word [start, end) opens a heredoc, and
// returns its marker and where the search for its closing line starts.
func (o Options) heredocOpens(text []byte, start, end int) (marker []byte, from int, ok bool) {
	w := text[start:end]
	if len(w) < 3 || w[0] != '<' || w[1] != '<' {
		return nil, 0, false
	}
	n := len(text)
	if o.LooseHeredoc {
		k := end
		for k < n && isBlank(text[k]) {
			k++
		}
		if k < n && text[k] != '\n' && text[k] != '#' {
			return nil, 0, false
		}
		for k < n && text[k] != '\n' {
			k++
		}
		return w[2:], min(k+1, n), true
	}
	for _, c := range w[2:] {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return nil, 0, false
		}
	}
	if end < n && text[end] != '\n' && text[end] != '\r' {
		return nil, 0, false
	}
	if end < n && text[end] == '\r' {
		end++
	}
	if end < n && text[end] == '\n' {
		end++
	}
	return w[2:], end, true
}

// heredoc returns the heredoc token opened at start whose body starts at
// body: it ends at the start of the first line from body on that holds
// the marker after blanks (followed by a blank or the line's end under
// WholeMarker). A '\r' alone after the opening word is read as "\r\n".
func (o Options) heredoc(text []byte, start, body int, marker []byte) Token {
	n := len(text)
	bodyStart := body
	if !o.LooseHeredoc {
		// The body starts two bytes after a '\r', a line break or not.
		if w := start + 2 + len(marker); w < n && text[w] == '\r' {
			bodyStart = min(w+2, n)
		}
	}
	for off := body; off < n; {
		i := off
		for i < n && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		if e := i + len(marker); e <= n && string(text[i:e]) == string(marker) &&
			(!o.WholeMarker || e == n || text[e] == ' ' || text[e] == '\t' || text[e] == '\r' || text[e] == '\n') {
			if o.LooseHeredoc {
				for e < n && text[e] != '\n' {
					e++
				}
			}
			return Token{Kind: Heredoc, Span: source.Span{Start: start, End: e}, Body: source.Span{Start: bodyStart, End: max(off, bodyStart)}}
		}
		for off < n && text[off] != '\n' {
			off++
		}
		off++
	}
	return Token{Kind: Heredoc, Span: source.Span{Start: start, End: n}, Body: source.Span{Start: bodyStart, End: n}, Open: true}
}
