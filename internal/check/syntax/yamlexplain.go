package syntax

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/source"
)

// A YAML error is reported where the writer has to change the text, in
// plain words. yamlErrorLine finds the first line that no longer parses,
// but the mistake is often on the line before it: "- client_id:'x'" (no
// space after the colon) is a valid list item, a string, and only the
// next line, a key of that item, breaks the document. explainYAML looks at
// the failing line and the line before it for the mistakes writers make —
// a missing space after a colon, a missing colon, a key out of line with
// its siblings — and names the line to change.

// yamlLine is one line of a YAML text as explainYAML reads it.
type yamlLine struct {
	n      int         // 1-based line number
	span   source.Span // the line without its break
	indent int         // leading spaces
	dash   bool        // a block sequence entry "- …"
	col    int         // column of its content after "- " (indent when no dash)
	key    string      // the key of a "key: value" or "key:" line, else ""
	opens  bool        // "key:" with no value on the line: a block follows
	text   string      // the content after the indentation and "- "
}

var (
	// noSpaceKey is "key:value": a key-like word, a colon, and no blank
	// before the value (a URL's "scheme://" and a time's "12:30" excluded).
	noSpaceKey = lazyre.New(`^([A-Za-z_][A-Za-z0-9_.-]*):([^\s/:])`)
	// noColonKey is "key value": a key-like word, blanks, then a value that
	// starts like one, with no ": " anywhere on the line.
	noColonKey = lazyre.New(`^([A-Za-z_][A-Za-z0-9_.-]*)[ ]+(['"\[{]|true\b|false\b|[0-9]|[a-z]+$)`)
	keyLine    = lazyre.New(`^([A-Za-z_][A-Za-z0-9_.-]*|'[^']*'|"[^"]*"):(\s|$)`)
)

// readYAMLLine parses line n of text.
func readYAMLLine(lines *source.Lines, text []byte, n int) yamlLine {
	sp := lines.LineSpan(n)
	b := text[sp.Start:sp.End]
	l := yamlLine{n: n, span: sp}
	for l.indent < len(b) && b[l.indent] == ' ' {
		l.indent++
	}
	rest := b[l.indent:]
	l.col = l.indent
	if bytes.HasPrefix(rest, []byte("- ")) || bytes.Equal(rest, []byte("-")) {
		l.dash = true
		skip := 1
		for skip < len(rest) && rest[skip] == ' ' {
			skip++
		}
		l.col = l.indent + skip
		rest = rest[skip:]
	}
	l.text = strings.TrimRight(string(rest), " \r")
	if m := keyLine.FindStringSubmatch(l.text); m != nil {
		l.key = strings.Trim(m[1], `'"`)
		v := strings.TrimSpace(l.text[len(m[1])+1:])
		l.opens = v == "" || strings.HasPrefix(v, "#") || v == "|" || v == ">" || strings.HasPrefix(v, "&")
	}
	return l
}

// blank reports a line with nothing to parse: empty or a comment.
func (l yamlLine) blank() bool {
	return l.text == "" && !l.dash || strings.HasPrefix(l.text, "#")
}

// explainYAML returns the finding for the YAML error err, located by
// yamlErrorLine at line k, when it recognises the mistake; ok is false
// otherwise.
func explainYAML(lines *source.Lines, text []byte, k int, err error) (f finding, ok bool) {
	if k < 1 || k > lines.Count() {
		return finding{}, false
	}
	cur := readYAMLLine(lines, text, k)
	prev, hasPrev := previousYAMLLine(lines, text, k)
	msg := yamlMessage(err)
	// The failing line first, then the line before it when the failing
	// line is where the document only noticed.
	if f, ok := unclosedQuote(cur); ok {
		return f, true
	}
	if f, ok := missingSpace(text, cur); ok {
		return f, true
	}
	if f, ok := missingColon(cur); ok {
		return f, true
	}
	// The line before is to blame when the failing line lines up with the
	// keys it would have: "- client_id:'x'" is a string, so the entry's
	// next key "  client_name: …" is a key where YAML expects none.
	if hasPrev && cur.indent >= prev.col && (msg == "mapping values are not allowed in this context" || msg == "could not find expected ':'") {
		if f, ok := missingSpace(text, prev); ok {
			return f, true
		}
		if f, ok := missingColon(prev); ok {
			return f, true
		}
	}
	if hasPrev {
		if f, ok := dedentedItems(lines, text, cur, prev); ok {
			return f, true
		}
	}
	if hasPrev && cur.key != "" && !cur.dash {
		return misindented(lines, text, cur, prev)
	}
	return finding{}, false
}

// dedentedItems recognises list items written less indented than the key
// whose block they are ("scopes:" at 8, its items at 6): YAML reads them
// as entries of an outer list, leaves the key empty, and fails only at
// the next line that is indented for the key's block (cur: a sibling key
// or an item left in place). The first item of the run is the line to
// change.
func dedentedItems(lines *source.Lines, text []byte, cur, prev yamlLine) (finding, bool) {
	if !prev.dash {
		return finding{}, false
	}
	first, key := prev, yamlLine{}
	for n := prev.n - 1; n >= 1; n-- {
		l := readYAMLLine(lines, text, n)
		if l.blank() {
			continue
		}
		if l.dash && l.indent == prev.indent && !l.opens {
			first = l
			continue
		}
		key = l
		break
	}
	if key.key == "" || !key.opens || key.dash && key.col <= prev.indent || !key.dash && key.indent <= prev.indent || cur.indent < key.col {
		return finding{}, false
	}
	return finding{
		span:    keySpan(first),
		code:    "yaml-syntax",
		msg:     fmt.Sprintf("the list under '%s' starts here indented %s, less than '%s' itself (%d): YAML reads its items as entries of an outer list and '%s' as empty", key.key, spaces(first.indent), key.key, key.col, key.key),
		hint:    fmt.Sprintf("indent the items of '%s' by %d spaces or more", key.key, key.col),
		related: []related{{span: keySpan(key), msg: "the key the items belong to"}},
	}, true
}

// previousYAMLLine returns the nearest line before k that is not blank.
func previousYAMLLine(lines *source.Lines, text []byte, k int) (yamlLine, bool) {
	for n := k - 1; n >= 1; n-- {
		if l := readYAMLLine(lines, text, n); !l.blank() {
			return l, true
		}
	}
	return yamlLine{}, false
}

// unclosedQuote recognises a value on l that opens a quote and does not
// close it on the line: YAML reads on into the next lines.
func unclosedQuote(l yamlLine) (finding, bool) {
	v := l.text
	if l.key != "" {
		_, v, _ = strings.Cut(l.text, ":")
		v = strings.TrimLeft(v, " ")
	}
	if v == "" || v[0] != '\'' && v[0] != '"' {
		return finding{}, false
	}
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case q == '\'' && v[i] == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return finding{}, false
		}
	}
	return finding{
		span: keySpan(l),
		code: "yaml-syntax",
		msg:  fmt.Sprintf("the quote (%c) that opens the value is not closed on this line, so YAML reads the next lines as part of the value", q),
		hint: fmt.Sprintf("close the quote at the end of the value"),
	}, true
}

// missingSpace recognises "key:value" on l.
func missingSpace(text []byte, l yamlLine) (finding, bool) {
	m := noSpaceKey.FindStringSubmatchIndex(l.text)
	if m == nil || l.key != "" {
		return finding{}, false
	}
	key := l.text[m[2]:m[3]]
	colon := l.span.Start + l.col + m[3]
	if text[colon] != ':' {
		return finding{}, false
	}
	return finding{
		span: source.Span{Start: l.span.Start + l.col, End: l.span.End},
		code: "yaml-syntax",
		msg:  fmt.Sprintf("no space after the colon of '%s:', so YAML reads %q as one piece of text, not a key and its value", key, l.text),
		hint: "put a space after the colon",
		fix:  &fix{msg: "insert a space after '" + key + ":'", edits: []diag.Edit{{Span: source.Span{Start: colon + 1, End: colon + 1}, NewText: " "}}},
	}, true
}

// missingColon recognises "key value" on l.
func missingColon(l yamlLine) (finding, bool) {
	if l.key != "" || strings.Contains(l.text, ": ") || strings.HasSuffix(l.text, ":") {
		return finding{}, false
	}
	m := noColonKey.FindStringSubmatchIndex(l.text)
	if m == nil {
		return finding{}, false
	}
	key := l.text[m[2]:m[3]]
	at := l.span.Start + l.col + m[3]
	return finding{
		span: source.Span{Start: l.span.Start + l.col, End: l.span.End},
		code: "yaml-syntax",
		msg:  fmt.Sprintf("no colon after '%s', so YAML reads %q as one piece of text, not a key and its value", key, l.text),
		hint: "write '" + key + ":' before the value",
		fix:  &fix{msg: "insert ':' after '" + key + "'", edits: []diag.Edit{{Span: source.Span{Start: at, End: at}, NewText: ":"}}},
	}, true
}

// misindented explains a key line cur that does not line up with the
// lines above it: either cur is out of line (its siblings above are
// indented otherwise), or the line before it, prev, is: prev left the
// mapping that cur and the lines before prev belong to.
func misindented(lines *source.Lines, text []byte, cur, prev yamlLine) (finding, bool) {
	if cur.indent == prev.col && !prev.opens {
		return finding{}, false // lines up with prev: not an indentation mistake
	}
	// prev is out of line when cur lines up with the key before prev and
	// prev is less indented than both.
	if before, ok := previousYAMLLine(lines, text, prev.n); ok && prev.key != "" && !prev.dash &&
		prev.indent < cur.indent && before.col == cur.indent && !before.opens {
		parent := parentKey(lines, text, before)
		f := finding{
			span: keySpan(prev),
			code: "yaml-syntax",
			msg:  fmt.Sprintf("'%s' is indented %s, less than the keys around it (%d), and the lines after it no longer fit", prev.key, spaces(prev.indent), cur.indent),
			hint: fmt.Sprintf("indent '%s' by %d spaces like the keys around it", prev.key, cur.indent),
		}
		if parent.key != "" {
			f.msg = fmt.Sprintf("'%s' is indented %s, less than the other keys of '%s' (%d), and the lines after it no longer fit", prev.key, spaces(prev.indent), parent.key, cur.indent)
			f.related = []related{{span: keySpan(parent), msg: "the mapping '" + prev.key + "' belongs to"}}
		}
		return f, true
	}
	if prev.opens && cur.indent > prev.indent {
		return finding{}, false // the block prev opens: a deeper mistake
	}
	// cur is out of line: say which keys it should line up with.
	sib := prev
	if prev.key == "" {
		if prev.dash && cur.indent == prev.indent {
			return finding{
				span:    keySpan(cur),
				code:    "yaml-syntax",
				msg:     fmt.Sprintf("'%s' lines up with the '- ' entries of the list above it but is not one", cur.key),
				hint:    fmt.Sprintf("make it an entry ('- %s: …') or indent it like the keys of the mapping that holds the list", cur.key),
				related: []related{{span: keySpan(prev), msg: "an entry of the list"}},
			}, true
		}
		return finding{}, false
	}
	msg := fmt.Sprintf("'%s' is indented %s, which lines it up with no mapping above it", cur.key, spaces(cur.indent))
	hint := ""
	var rel []related
	entry, inEntry := listEntry(lines, text, sib)
	switch {
	case cur.indent < sib.col && inEntry:
		msg += fmt.Sprintf(": the other keys of its list entry are indented %d", sib.col)
		rel = []related{{span: keySpan(entry), msg: "the list entry"}}
		hint = fmt.Sprintf("indent '%s' by %d spaces to keep it in that entry", cur.key, sib.col)
	case cur.indent < sib.col:
		msg += fmt.Sprintf(": the keys above it are indented %d", sib.col)
		hint = fmt.Sprintf("indent '%s' by %d spaces like the keys above it", cur.key, sib.col)
	default:
		msg += fmt.Sprintf(", deeper than '%s' above it, which has its value on its line", sib.key)
		hint = fmt.Sprintf("indent '%s' by %d spaces like the keys above it", cur.key, sib.col)
	}
	return finding{span: keySpan(cur), code: "yaml-syntax", msg: msg, hint: hint, related: rel}, true
}

// listEntry returns the "- " line that starts the list entry whose keys
// l lines up with, if l is in one.
func listEntry(lines *source.Lines, text []byte, l yamlLine) (yamlLine, bool) {
	for n := l.n; n >= 1; n-- {
		p := readYAMLLine(lines, text, n)
		if p.blank() {
			continue
		}
		if p.col < l.col {
			return yamlLine{}, false
		}
		if p.dash && p.col == l.col {
			return p, true
		}
	}
	return yamlLine{}, false
}

// parentKey returns the nearest line above l that is less indented than
// l's key: the key whose mapping l belongs to (or a zero yamlLine).
func parentKey(lines *source.Lines, text []byte, l yamlLine) yamlLine {
	for n := l.n - 1; n >= 1; n-- {
		p := readYAMLLine(lines, text, n)
		if !p.blank() && p.col < l.col && p.key != "" {
			return p
		}
	}
	return yamlLine{}
}

// keySpan returns the span of l from its key to the end of the line.
func keySpan(l yamlLine) source.Span {
	return source.Span{Start: l.span.Start + l.col, End: l.span.End}
}

// plainYAMLMessages puts yaml.v3's most common messages in plain words.
var plainYAMLMessages = map[string]string{
	"did not find expected key":                              "this line breaks the mapping above it: check its indentation, and that every quote above it is closed",
	"did not find expected '-' indicator":                    "this line breaks the list above it: check its indentation",
	"mapping values are not allowed in this context":         "': ' starts a key where YAML expects a value; quote a value that holds ': '",
	"could not find expected ':'":                            "this line is neither 'key: value' nor the continuation of a value",
	"did not find expected node content":                     "a value is missing, or a bracket is not closed",
	"block sequence entries are not allowed in this context": "a '- ' list entry where YAML expects the value of the key on the same line",
	"found character that cannot start any token":            "a character here cannot start a YAML value (a tab, '@' or '`'): quote the value",
	"found unexpected end of stream":                         "the snippet ends inside a quoted value: a quote is never closed",
}

// plainYAMLMessage returns yaml.v3's message for err in plain words when
// it is a common one, else as yaml.v3 words it.
func plainYAMLMessage(err error) string {
	msg := yamlMessage(err)
	for prefix, plain := range plainYAMLMessages {
		if strings.HasPrefix(msg, prefix) {
			return plain
		}
	}
	return msg
}

// spaces says "1 space", "4 spaces".
func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}
