// Package nginx reads nginx configuration text into positioned tokens and
// directives, by the rules of nginx's own reader (ngx_conf_read_token in
// src/core/ngx_conf_file.c), so that a check can say where nginx -t would
// stop and why.
//
// The rules:
//
//	word        a run of bytes up to a blank, a line break, ';' or '{';
//	            '}' and quotes inside a word are part of it, and '{' is
//	            too right after '$' (${var}); a backslash escapes the
//	            next byte
//	"…" '…'     a quote that starts a token opens a string, which may span
//	            lines; a backslash escapes the next byte; after the closing
//	            quote nginx wants a blank, ';', '{' or ')'
//	# comment   a '#' that starts a token comments out the rest of the line
//	;           ends a directive
//	{ }         open and close a directive's block
//
// The block of a directive whose name ends in _by_lua_block
// (content_by_lua_block, access_by_lua_block…) is Lua, not nginx: its
// body is skipped as Lua (strings, long brackets, comments) up to the
// '}' that balances its '{', and kept as the directive's Body.
//
// A word that is an ellipsis ("...", "…", "[...]") marks an excerpt: it ends
// the directive being read, as a ';' would, and sets File.Elided.
//
// Parse never fails: what nginx would refuse is returned as Errors, and
// reading goes on as nginx's reader would have, had it not stopped.
package nginx

import (
	"bytes"
	"strings"
)

// Kind is the kind of a Token.
type Kind uint8

// The kinds of tokens.
const (
	Word      Kind = iota // an unquoted word
	Quoted                // "…" or '…', quotes included
	Semicolon             // ;
	LBrace                // {
	RBrace                // }
	Comment               // '#' to the end of the line
	Ellipsis              // a word that is "...", "…" or a run of them
	LuaBody               // the Lua inside a *_by_lua_block's braces
)

// Token is one token of nginx configuration.
type Token struct {
	Kind       Kind
	Start, End int // byte offsets in the text; a Quoted token holds its quotes
	// Open is set on a string that the text ends before closing, and on
	// a Lua body whose braces never balance.
	Open bool
	// Glued is set on a string whose closing quote is followed by a byte
	// nginx does not accept there (a letter, '}', a quote): nginx refuses
	// it with `unexpected "x"`.
	Glued bool
}

// Text returns the token's bytes in text.
func (t Token) Text(text []byte) []byte { return text[t.Start:t.End] }

// Is reports whether the token's bytes are s.
func (t Token) Is(text []byte, s string) bool { return string(text[t.Start:t.End]) == s }

// Lex splits text into tokens. It never fails; see Token.Open.
func Lex(text []byte) []Token {
	var out []Token
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v':
			i++
		case c == ';':
			out = append(out, Token{Kind: Semicolon, Start: i, End: i + 1})
			i++
		case c == '{':
			out = append(out, Token{Kind: LBrace, Start: i, End: i + 1})
			i++
			if n := len(out); n >= 2 && luaBlockOpener(text, out[:n-1]) {
				end, ok := luaEnd(text, i)
				out = append(out, Token{Kind: LuaBody, Start: i, End: end, Open: !ok})
				i = end
			}
		case c == '}':
			out = append(out, Token{Kind: RBrace, Start: i, End: i + 1})
			i++
		case c == '#':
			e := lineEnd(text, i)
			out = append(out, Token{Kind: Comment, Start: i, End: e})
			i = e
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(text) && text[j] != c {
				if text[j] == '\\' {
					j++
				}
				j++
			}
			t := Token{Kind: Quoted, Start: i}
			if j >= len(text) {
				t.End, t.Open = len(text), true
			} else {
				t.End = j + 1
				if t.End < len(text) {
					switch text[t.End] {
					case ' ', '\t', '\r', '\n', ';', '{', ')':
					default:
						t.Glued = true
					}
				}
			}
			out = append(out, t)
			i = t.End
		default:
			j := i
			dollar := false
			for j < len(text) {
				b := text[j]
				if b == '{' && dollar {
					j++
					dollar = false
					continue
				}
				dollar = false
				if b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == ';' || b == '{' {
					break
				}
				switch b {
				case '\\':
					j++
				case '$':
					dollar = true
				}
				j++
			}
			j = min(j, len(text))
			t := Token{Kind: Word, Start: i, End: j}
			if isEllipsis(text[i:j]) {
				t.Kind = Ellipsis
			}
			out = append(out, t)
			i = j
		}
	}
	return out
}

// isEllipsis reports whether w is made of "..." and "…" only, maybe in
// brackets ([...], <…>, (...)).
func isEllipsis(w []byte) bool {
	if len(w) >= 2 && bytes.IndexByte([]byte("[<("), w[0]) >= 0 && bytes.IndexByte([]byte("]>)"), w[len(w)-1]) >= 0 {
		w = w[1 : len(w)-1]
	}
	if len(w) == 0 {
		return false
	}
	for len(w) > 0 {
		switch {
		case bytes.HasPrefix(w, []byte("…")):
			w = w[len("…"):]
		case w[0] == '.':
			w = w[1:]
		default:
			return false
		}
	}
	return true
}

// luaBlockOpener reports whether the '{' just lexed opens a Lua block:
// a word of the directive it ends (the tokens before it, back to the
// last ';', '{', '}' or the start) is named *_by_lua_block. It is the
// directive's name unless the line before lost its ';' or '{', and the
// block is Lua all the same.
func luaBlockOpener(text []byte, toks []Token) bool {
	for k := len(toks) - 1; k >= 0 && (toks[k].Kind == Word || toks[k].Kind == Quoted || toks[k].Kind == Comment); k-- {
		if toks[k].Kind != Word {
			continue
		}
		name := toks[k].Text(text)
		if bytes.HasSuffix(name, []byte("_by_lua_block")) {
			return true
		}
		// A misspelt one (access_by_lua_blokc) still holds Lua: its
		// body read as nginx would bury the misspelling under findings.
		if bytes.Contains(name, []byte("lua")) {
			if near, ok := Near(string(name)); ok && strings.HasSuffix(near, "_by_lua_block") {
				return true
			}
		}
	}
	return false
}

// luaEnd returns the offset of the '}' that closes the Lua block whose
// body starts at i, skipping Lua strings, long brackets and comments;
// false (and len(text)) when nothing closes it.
func luaEnd(text []byte, i int) (int, bool) {
	depth := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == '{':
			depth++
			i++
		case c == '}':
			if depth == 0 {
				return i, true
			}
			depth--
			i++
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			i += 2
			if n, ok := longBracket(text, i); ok {
				i = closeLong(text, i+n, n-2)
			} else {
				i = lineEnd(text, i)
			}
		case c == '[':
			if n, ok := longBracket(text, i); ok {
				i = closeLong(text, i+n, n-2)
			} else {
				i++
			}
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(text) && text[j] != c && text[j] != '\n' {
				if text[j] == '\\' {
					j++
				}
				j++
			}
			i = min(j+1, len(text))
		default:
			i++
		}
	}
	return len(text), false
}

// longBracket returns the length of a Lua long bracket opener ([[, [=[…)
// at i.
func longBracket(text []byte, i int) (int, bool) {
	if i >= len(text) || text[i] != '[' {
		return 0, false
	}
	j := i + 1
	for j < len(text) && text[j] == '=' {
		j++
	}
	if j < len(text) && text[j] == '[' {
		return j + 1 - i, true
	}
	return 0, false
}

// closeLong returns the offset after the long bracket closer with level
// equals signs at or after i, or len(text).
func closeLong(text []byte, i, level int) int {
	closer := append(append([]byte{']'}, bytes.Repeat([]byte{'='}, level)...), ']')
	if k := bytes.Index(text[i:], closer); k >= 0 {
		return i + k + len(closer)
	}
	return len(text)
}

// lineEnd returns the offset of the '\n' ending the line holding i, or
// len(text).
func lineEnd(text []byte, i int) int {
	if k := bytes.IndexByte(text[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(text)
}
