package markdown

import (
	"bytes"

	"github.com/alecthomas/chroma/v2"
)

// lexJSON tokenises text exactly as chroma's JSON lexer (lexers/embedded/
// json.xml: states root, value, simplevalue, whitespace, comment,
// objectvalue, objectattribute and arrayvalue; dot_all, not multiline),
// rule by rule and in the rules' order, without regular expressions. A
// process that meets one JSON block otherwise compiles the lexer's
// regexp2 rules for it, and runs them at about 1 µs per byte.
//
// Every rule of a state starts with a byte no other rule of that state
// starts with, so the first byte picks the rule; a byte that starts none
// is an Error token of its own, as chroma makes it, in the same state.
// What is declined (ok is false; the caller lexes it with chroma): a byte
// outside ASCII, where the rules' classes (\s, \d, \b) and chroma's rune
// offsets would need Unicode, and a string without its closing quote,
// whose match depends on the regular expression's backtracking.
// TestJSONLexerMatchesChroma, TestJSONLexerCorpora and FuzzJSONLexer
// compare the two token streams.
//
// emit receives each token's type and byte range, in order; together they
// cover text.
func lexJSON(text []byte, emit func(tt chroma.TokenType, start, end int)) (ok bool) {
	for _, c := range text {
		if c >= 0x80 {
			return false
		}
	}
	// The states above root: 'o' objectvalue, 'a' objectattribute (always
	// right above an 'o', which is how its "}" pops two), 'r' arrayvalue.
	var stack []byte
	for i := 0; i < len(text); {
		state := byte(0)
		if len(stack) > 0 {
			state = stack[len(stack)-1]
		}
		c := text[i]
		switch {
		case regexpSpace(c): // whitespace: \s+, in every state
			j := i + 1
			for j < len(text) && regexpSpace(text[j]) {
				j++
			}
			emit(chroma.Text, i, j)
			i = j
			continue
		case c == '/': // comment: //.*?\n, in every state
			if i+1 < len(text) && text[i+1] == '/' {
				if k := bytes.IndexByte(text[i+2:], '\n'); k >= 0 {
					emit(chroma.CommentSingle, i, i+2+k+1)
					i += 2 + k + 1
					continue
				}
			}
			emit(chroma.Error, i, i+1)
			i++
			continue
		}
		if state == 'o' { // objectvalue: a key, or the closing brace
			switch c {
			case '"':
				j, ok := jsonString(text, i)
				if !ok {
					return false
				}
				emit(chroma.NameTag, i, j)
				stack = append(stack, 'a')
				i = j
			case '}':
				emit(chroma.Punctuation, i, i+1)
				stack = stack[:len(stack)-1]
				i++
			default:
				emit(chroma.Error, i, i+1)
				i++
			}
			continue
		}
		// value (root, objectattribute and arrayvalue), then the state's
		// own punctuation.
		switch {
		case c == 't' || c == 'f' || c == 'n':
			if j := jsonKeyword(text, i); j > i {
				emit(chroma.KeywordConstant, i, j)
				i = j
				continue
			}
		case c == '-' || isDigit(c):
			if j, float := jsonNumber(text, i); j > i {
				tt := chroma.LiteralNumberInteger
				if float {
					tt = chroma.LiteralNumberFloat
				}
				emit(tt, i, j)
				i = j
				continue
			}
		case c == '"':
			j, ok := jsonString(text, i)
			if !ok {
				return false
			}
			emit(chroma.LiteralStringDouble, i, j)
			i = j
			continue
		case c == '{' || c == '[':
			emit(chroma.Punctuation, i, i+1)
			if c == '{' {
				stack = append(stack, 'o')
			} else {
				stack = append(stack, 'r')
			}
			i++
			continue
		case state == 'a' && (c == ':' || c == ',' || c == '}'):
			emit(chroma.Punctuation, i, i+1)
			switch c {
			case ',':
				stack = stack[:len(stack)-1]
			case '}':
				stack = stack[:len(stack)-2]
			}
			i++
			continue
		case state == 'r' && (c == ',' || c == ']'):
			emit(chroma.Punctuation, i, i+1)
			if c == ']' {
				stack = stack[:len(stack)-1]
			}
			i++
			continue
		}
		emit(chroma.Error, i, i+1)
		i++
	}
	return true
}

// regexpSpace reports whether the ASCII byte c is in regexp2's \s.
func regexpSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

// jsonKeyword matches (true|false|null)\b at i: it returns the end of the
// match, or i when there is none.
func jsonKeyword(text []byte, i int) int {
	for _, w := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(text[i:], []byte(w)) {
			j := i + len(w)
			if j == len(text) || !isWordByte(text[j]) { // \b: isWordByte is \w in ASCII
				return j
			}
		}
	}
	return i
}

// jsonNumber matches the float rule
// -?(0|[1-9]\d*)(\.\d+[eE](\+|-)?\d+|[eE](\+|-)?\d+|\.\d+) and, failing
// it, the integer rule -?(0|[1-9]\d*) at i: it returns the end of the
// match (i for none) and whether it is the float rule's. The leading
// digits match their longest run ("0" alone when it is a 0): a shorter
// one leaves a digit where the rest wants '.' or an exponent.
func jsonNumber(text []byte, i int) (end int, float bool) {
	j := i
	if text[j] == '-' {
		j++
	}
	if j == len(text) || !isDigit(text[j]) {
		return i, false
	}
	if text[j] == '0' {
		j++
	} else {
		for j < len(text) && isDigit(text[j]) {
			j++
		}
	}
	if j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
		k := j + 1
		for k < len(text) && isDigit(text[k]) {
			k++
		}
		if e := jsonExponent(text, k); e > k {
			return e, true // \.\d+[eE](\+|-)?\d+
		}
		return k, true // \.\d+
	}
	if e := jsonExponent(text, j); e > j {
		return e, true // [eE](\+|-)?\d+
	}
	return j, false
}

// jsonExponent matches [eE](\+|-)?\d+ at i: it returns the end of the
// match, or i when there is none.
func jsonExponent(text []byte, i int) int {
	if i == len(text) || text[i] != 'e' && text[i] != 'E' {
		return i
	}
	j := i + 1
	if j < len(text) && (text[j] == '+' || text[j] == '-') {
		j++
	}
	k := j
	for k < len(text) && isDigit(text[k]) {
		k++
	}
	if k == j {
		return i
	}
	return k
}

// jsonString matches "(\\\\|\\"|[^"])*" at i, the opening quote: the
// end of the match, through the first quote that a backslash does not
// escape (an escaped backslash escapes nothing). ok is false when the
// string does not close: the expression would then backtrack to the
// text's last quote, in time that can grow exponentially with the
// backslashes, and chroma's 250 ms limit on a match could end it.
func jsonString(text []byte, i int) (end int, ok bool) {
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			if j+1 < len(text) && (text[j+1] == '\\' || text[j+1] == '"') {
				j++
			}
		case '"':
			return j + 1, true
		}
	}
	return i, false
}
