// Package hcl splits HCL (Terraform) text into positioned tokens, so that
// the check that validates its brackets and strings and the one that
// reads resource arguments see the same tokens. It reads only what both
// need, not HCL's grammar: names, numbers, quoted strings with their ${…}
// and %{…} templates, heredocs, line breaks and single punctuation
// bytes; comments (#, // and /* */) and blanks (' ', '\t', '\r') belong
// to no token.
//
// The default reading follows HCL's native syntax: a name is a letter or
// '_' followed by letters, digits, '_' and '-'; a quoted string ends on
// its line, outside its templates, which may hold strings and braces of
// their own ($${ and %%{ are escapes, not templates); a heredoc
// (<<MARKER or <<-MARKER, then the line's end) ends with the line that
// holds its marker alone. Neither Lex nor Tokens fails: Lex stops at a
// string left open and reports where, Tokens marks it Open and reads
// on after it; both stop at a /* comment the text never closes.
package hcl

import (
	"bytes"
	"iter"

	"github.com/guidec/guidec/internal/source"
)

// The kinds of tokens; a punctuation token's Kind is its byte ('{', '=').
const (
	Ident   byte = 'i'  // a name (resource, client_id)
	String  byte = 's'  // a quoted string, its quotes and templates included
	Number  byte = 'n'  // digits, with '.' and exponents
	Heredoc byte = 'h'  // <<MARKER through its closing marker
	Newline byte = '\n' // a line break
)

// Token is one token of HCL text.
type Token struct {
	// Kind is Ident, String, Number, Heredoc, Newline, or the byte of a
	// punctuation token; '<' also marks a "<<" that opens no heredoc.
	Kind byte
	// Open is set on a string that ends at its line's end, or at the
	// text's, without its closing quote (next to Kind, so that a Token
	// is three words).
	Open bool
	Span source.Span
}

// Options select the readings of the settings reader (package
// consistency), which has read HCL more loosely than the syntax check
// since it was written; the zero value is HCL's reading described above.
type Options struct {
	// DottedNames lets a name run on through '.', so that a traversal
	// (var.client_id) is one Ident.
	DottedNames bool
	// NoNumbers reads each digit as a punctuation token, so that a name
	// after digits (the e5 of 1e5) is an Ident.
	NoNumbers bool
	// FlatTemplates ends a string at the first '"' outside ${…} and %{…},
	// which nest by their openers alone: quotes and braces inside a
	// template are text, and its first '}' closes it.
	FlatTemplates bool
	// LooseHeredoc lets a heredoc's marker hold '.' after its first byte,
	// closes it at the first line that starts with the marker, after
	// blanks, followed by a blank or the line's end (the token then ends
	// after the marker), and runs a heredoc nothing closes to the text's
	// end.
	LooseHeredoc bool
}

// Lex returns the tokens of text read as HCL up to the first string left
// open, and the offset of that string's opening quote, or -1: the text
// after it is not what it seems, and HCL refuses it anyway.
func Lex(text []byte) (toks []Token, open int) { return Options{}.Lex(text) }

// Lex returns the tokens of text read under o up to the first string left
// open, and the offset of that string's opening quote, or -1.
func (o Options) Lex(text []byte) (toks []Token, open int) {
	for t := range o.Tokens(text) {
		if t.Open {
			return toks, t.Span.Start
		}
		toks = append(toks, t)
	}
	return toks, -1
}

// Tokens yields the tokens of text in order, read under o, for callers
// that read them once and need no slice of them.
func (o Options) Tokens(text []byte) iter.Seq[Token] {
	return func(yield func(Token) bool) { o.lex(text, yield) }
}

// lex yields the tokens of text until yield returns false, or the text
// ends, or a /* comment that nothing closes starts.
func (o Options) lex(text []byte, yield func(Token) bool) {
	n := len(text)
	for i := 0; i < n; {
		var t Token
		c := text[i]
		switch {
		case c == '\n':
			t = Token{Kind: Newline, Span: source.Span{Start: i, End: i + 1}}
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '#' || c == '/' && i+1 < n && text[i+1] == '/':
			for i < n && text[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && text[i+1] == '*':
			j := bytes.Index(text[i+2:], []byte("*/"))
			if j < 0 {
				return
			}
			i += 2 + j + 2
			continue
		case c == '"':
			var end int
			var ok bool
			if o.FlatTemplates {
				end, ok = flatStringEnd(text, i+1)
			} else {
				end, ok = quotedEnd(text, i+1, 0)
			}
			t = Token{Kind: String, Span: source.Span{Start: i, End: min(end, n)}, Open: !ok}
		case c == '<' && i+1 < n && text[i+1] == '<':
			if end, ok := o.heredocEnd(text, i+2); ok {
				t = Token{Kind: Heredoc, Span: source.Span{Start: i, End: end}}
			} else {
				t = Token{Kind: '<', Span: source.Span{Start: i, End: i + 2}}
			}
		case isNameStart(c):
			j := i + 1
			for j < n && (isNameByte(text[j]) || o.DottedNames && text[j] == '.') {
				j++
			}
			t = Token{Kind: Ident, Span: source.Span{Start: i, End: j}}
		case c >= '0' && c <= '9' && !o.NoNumbers:
			j := i + 1
			for j < n && (text[j] >= '0' && text[j] <= '9' || text[j] == '.' || text[j] == 'e' || text[j] == 'E') {
				j++
			}
			t = Token{Kind: Number, Span: source.Span{Start: i, End: j}}
		default:
			t = Token{Kind: c, Span: source.Span{Start: i, End: i + 1}}
		}
		if !yield(t) {
			return
		}
		i = t.Span.End
	}
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameByte(c byte) bool { return isNameStart(c) || c == '-' || c >= '0' && c <= '9' }

// quotedEnd returns the offset after the quoted string whose text starts
// at i; false when a line break or the end comes first outside a
// template. depth bounds the templates nested in templates.
func quotedEnd(text []byte, i, depth int) (int, bool) {
	for i < len(text) {
		switch c := text[i]; {
		case c == '\\':
			i += 2
		case c == '\n':
			return i, false
		case c == '"':
			return i + 1, true
		case (c == '$' || c == '%') && i+1 < len(text) && text[i+1] == '{' && !(i > 0 && text[i-1] == c):
			end, ok := templateEnd(text, i+2, depth+1)
			if !ok {
				return end, false
			}
			i = end
		default:
			i++
		}
	}
	return i, false
}

// templateEnd returns the offset after the '}' that closes a template
// whose expression starts at i; strings inside it are read as strings.
func templateEnd(text []byte, i, depth int) (int, bool) {
	if depth > 16 {
		return i, false
	}
	braces := 0
	for i < len(text) {
		switch text[i] {
		case '"':
			end, ok := quotedEnd(text, i+1, depth)
			if !ok {
				return end, false
			}
			i = end
			continue
		case '{':
			braces++
		case '}':
			if braces == 0 {
				return i + 1, true
			}
			braces--
		}
		i++
	}
	return i, false
}

// flatStringEnd returns the offset after the string whose text starts at
// i under FlatTemplates: its closing quote, or the end of its line (or
// text) when it is left open.
func flatStringEnd(text []byte, i int) (int, bool) {
	depth := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == '\\' && i+1 < len(text):
			i += 2
			continue
		case c == '\n' && depth == 0:
			return i, false
		case (c == '$' || c == '%') && i+1 < len(text) && text[i+1] == '{':
			depth++
			i += 2
			continue
		case c == '}' && depth > 0:
			depth--
		case c == '"' && depth == 0:
			return i + 1, true
		}
		i++
	}
	return i, false
}

// heredocEnd returns the offset after the heredoc whose marker starts at
// i (EOF or -EOF, then the line's end); false when i starts no marker,
// or, unless LooseHeredoc, when no line closes it.
func (o Options) heredocEnd(text []byte, i int) (int, bool) {
	if i < len(text) && text[i] == '-' {
		i++
	}
	j := i
	for j < len(text) && (isNameStart(text[j]) || j > i && (text[j] >= '0' && text[j] <= '9' || o.LooseHeredoc && text[j] == '.')) {
		j++
	}
	if j == i || j < len(text) && text[j] != '\n' && text[j] != '\r' {
		return 0, false
	}
	marker := text[i:j]
	if o.LooseHeredoc {
		return looseClose(text, j, marker), true
	}
	for off := j + 1; off < len(text); {
		end := off + bytes.IndexByte(text[off:], '\n')
		if end < off {
			end = len(text)
		}
		if bytes.Equal(bytes.TrimSpace(text[off:end]), marker) {
			return end, true
		}
		off = end + 1
	}
	return 0, false
}

// looseClose returns the offset after the closing marker of a heredoc
// whose opening marker ends at from, under LooseHeredoc, or len(text).
func looseClose(text []byte, from int, marker []byte) int {
	off := from
	if off < len(text) && text[off] == '\r' {
		off++
	}
	if off < len(text) && text[off] == '\n' {
		off++
	}
	for off < len(text) {
		end := off
		for end < len(text) && text[end] != '\n' {
			end++
		}
		i := off
		for i < end && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		if rest := text[i:end]; bytes.HasPrefix(rest, marker) &&
			(len(rest) == len(marker) || rest[len(marker)] == ' ' || rest[len(marker)] == '\t' || rest[len(marker)] == '\r') {
			return i + len(marker)
		}
		off = end + 1
	}
	return len(text)
}
