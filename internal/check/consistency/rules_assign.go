package consistency

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// checkDoubledAssign reports a setting written with its '=' doubled
// (KEY==value, key == value): .env files, Compose's KEY=value entries, INI
// and properties files split at the first '=', so the application gets a
// value that starts with '=' ("=https://auth.example.com") and the
// setting is broken. No setting an application takes from Authelia's
// guides starts with '=' (base64 pads at the end, not the start), so a
// value read after an '=' that starts with one is the doubled sign.
func checkDoubledAssign(m *model, r *reporter) {
	for _, av := range m.app {
		v := av.Value
		if av.Group < 0 || r.seen[v.Span] {
			continue
		}
		text := strings.TrimLeft(strings.Trim(v.Text, `"'`), " \t")
		if !strings.HasPrefix(text, "=") || strings.HasPrefix(text, "==") {
			continue
		}
		r.report(v, diag.Error, "consistency-assign-doubled", "write a single '=' between "+av.Key+" and its value",
			fmt.Sprintf("the '=' after %s is doubled (%s): the application reads the value '%s', which starts with '='", av.Key, av.Where, excerpt(text)))
	}
}

// excerpt shortens s for a message.
func excerpt(s string) string {
	if len(s) <= excerptLen {
		return s
	}
	return window(s, 0)
}

// compareLine matches a line that starts with a setting's name (a name,
// a dotted name, a quoted key) followed by '==' and a literal value (a
// string, a number, a boolean or null), maybe a ',' or ';' after it and a
// comment: a comparison written where an assignment or a table entry was
// meant.
var compareLine = regexp.MustCompile(`^[ \t]*(?:[A-Za-z_$][\w.$]*(?:\[['"][^'"\n]+['"]\])?|'[^'\n]+'|"[^"\n]+")[ \t]*(==)[ \t]*` +
	`(?:'[^'\n]*'|"[^"\n]*"|-?[0-9][\w.]*|true|false|True|False|None|nil|null)[ \t]*[,;]?[ \t]*(?:(?:#|//|--).*)?$`)

// checkCodeCompare reports a program's setting written with '==' for
// '=' (Python's c.Authenticator.client_id == 'app', a Lua table's
// client_id == "app", HCL's oidc_client_id == "app"): in Lua, HCL, Ruby
// hashes and JS objects a syntax error, in Python a comparison whose
// result is dropped, so the setting is never made. A comparison inside an
// expression does not start its line outside parentheses with the name
// (if x == 'y', a condition continued from the line before), and
// keywords are no names here.
func checkCodeCompare(r *reporter) {
	for _, s := range r.p.Snippets {
		if s == nil || !(codeFormats[s.LangFormat()] || s.LangFormat() == snippet.Text && codeFormats[s.TitleFormat()]) {
			continue
		}
		compares(s.Text, func(sp source.Span, line []byte) {
			v := snippetValue(s, sp, "==")
			if !r.seen[v.Span] && !r.p.Reported(v.Span) {
				r.report(v, diag.Error, "consistency-assign-doubled", "write '=' (or the language's entry separator) to set the value",
					fmt.Sprintf("'%s' compares where it should assign (in %s): the setting is never made", strings.TrimSpace(string(line)), where(s)))
			}
		})
	}
}

// compares calls found with the span of each '==' of text that
// checkCodeCompare reports, and its line.
func compares(text []byte, found func(sp source.Span, line []byte)) {
	var parens []byte  // the brackets open before the line
	continued := false // the line before ends with an operator
	for off := 0; off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		line := text[off:end]
		inParen := len(parens) > 0 && parens[len(parens)-1] == '('
		if !bytes.Contains(line, []byte("==")) {
			// most lines: nothing to match
		} else if m := compareLine.FindSubmatchIndex(line); m != nil && !inParen && !continued && !codeKeyword(line) {
			found(source.Span{Start: off + m[2], End: off + m[3]}, line)
		}
		parens = trackBrackets(line, parens)
		t := bytes.TrimSpace(line)
		continued = len(t) > 0 && (bytes.HasSuffix(t, []byte("\\")) || bytes.HasSuffix(t, []byte(" and")) || bytes.HasSuffix(t, []byte(" or")) ||
			bytes.HasSuffix(t, []byte("&&")) || bytes.HasSuffix(t, []byte("||")))
		off = end + 1
	}
}

// trackBrackets returns open with the brackets line opens pushed and those
// it closes popped, outside one-line strings. It is no parser: a snippet
// whose brackets it misreads at worst leaves a line unchecked.
func trackBrackets(line, open []byte) []byte {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return open // a comment (Python, Ruby, shell-like)
		case c == '(' || c == '[' || c == '{':
			open = append(open, c)
		case (c == ')' || c == ']' || c == '}') && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	return open
}

// codeKeyword reports whether line starts with a keyword, whose
// comparison is an expression (assert x == 1).
func codeKeyword(line []byte) bool {
	w := bytes.Fields(line)
	if len(w) == 0 {
		return false
	}
	switch string(w[0]) {
	case "if", "elif", "elsif", "while", "until", "return", "assert", "and", "or", "not", "unless", "when", "case", "else", "local", "yield", "await", "print", "puts":
		return true
	}
	return false
}
