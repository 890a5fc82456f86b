package markdown

import (
	"bytes"

	"github.com/alecthomas/chroma/v2"
)

// lexINI tokenises text exactly as chroma's INI lexer (lexers/embedded/
// ini.xml, one state; multiline, so $ ends a line), rule by rule and in
// the rules' order, without regular expressions. A process that meets one
// INI block otherwise compiles the lexer's regexp2 rules for it.
//
// The rules, each tried where the last token ended:
//
//	\s+                                    Text
//	[;#].*                                 CommentSingle
//	\[.*?\]$                               Keyword
//	(.*?)([ \t]*)(=)([ \t]*)(.*(?:\n[ \t].+)*)
//	                                       NameAttribute Text Operator Text String
//	(.+?)$                                 NameAttribute
//
// A token starts after white space or at a line's end, never on white
// space, and the last rule matches what is left of any line, so no byte
// is an error. Text with a byte outside ASCII is declined (ok is false;
// the caller lexes it with chroma): \s and chroma's rune offsets would
// need Unicode there. TestINILexerMatchesChroma, TestINILexerCorpora and
// FuzzINILexer compare the two token streams.
//
// emit receives each token's type and byte range, in order; together they
// cover text.
func lexINI(text []byte, emit func(tt chroma.TokenType, start, end int)) (ok bool) {
	for _, c := range text {
		if c >= 0x80 {
			return false
		}
	}
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		if regexpSpace(c) {
			j := i + 1
			for j < n && regexpSpace(text[j]) {
				j++
			}
			emit(chroma.Text, i, j)
			i = j
			continue
		}
		eol := n // where $ holds: before the line's '\n', or at the end
		if k := bytes.IndexByte(text[i:], '\n'); k >= 0 {
			eol = i + k
		}
		switch {
		case c == ';' || c == '#':
			emit(chroma.CommentSingle, i, eol)
			i = eol
		case c == '[' && eol-i >= 2 && text[eol-1] == ']':
			// The lazy .*? stops at the first ']' before a line end:
			// the line's last byte.
			emit(chroma.Keyword, i, eol)
			i = eol
		default:
			k := bytes.IndexByte(text[i:eol], '=')
			if k < 0 {
				emit(chroma.NameAttribute, i, eol) // (.+?)$
				i = eol
				continue
			}
			// The lazy (.*?) ends where the blanks before the line's
			// first '=' start.
			eq := i + k
			b := eq
			for b > i && isSpace(text[b-1]) {
				b--
			}
			v := eq + 1
			for v < eol && isSpace(text[v]) {
				v++
			}
			// The value: the rest of the line, and each next line that
			// starts with a blank and has more after it.
			end := eol
			for end+2 < n && isSpace(text[end+1]) && text[end+2] != '\n' {
				if k := bytes.IndexByte(text[end+2:], '\n'); k >= 0 {
					end += 2 + k
				} else {
					end = n
				}
			}
			emit(chroma.NameAttribute, i, b)
			emit(chroma.Text, b, eq)
			emit(chroma.Operator, eq, eq+1)
			emit(chroma.Text, eq+1, v)
			emit(chroma.LiteralString, v, end)
			i = end
		}
	}
	return true
}
