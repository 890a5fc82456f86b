package syntax

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// maxPrefixParses bounds the work spent locating a YAML error (see
// yamlErrorLine): a snippet with more lines than this falls back to the line
// yaml.v3 names in its message.
const maxPrefixParses = 2000

// maxPrefixBytes bounds the bytes of YAML that yamlErrorLine parses for all
// the snippets of one guide. Each error costs up to a parse per line, and
// the lines may be long: 2000 lines of 200 bytes after an unterminated
// quote took 5 s, and a guide may hold many such snippets. Past the budget
// an error falls back to the line yaml.v3 names.
const maxPrefixBytes = 32 << 20

// budget is the work left for locating YAML errors in one guide.
type budget struct{ left int }

func newBudget() *budget { return &budget{left: maxPrefixBytes} }

// take reports whether n more bytes may be parsed, and counts them.
func (b *budget) take(n int) bool {
	if n > b.left {
		b.left = 0
		return false
	}
	b.left -= n
	return true
}

func validateYAML(text []byte) []finding { return validateYAMLWithin(text, newBudget()) }

// validateYAMLWithin parses every document of text, locating an error
// within b. Node and error lines are yaml.v3's, which ends lines at NEL,
// LS and PS too: they are mapped under source.YAMLBreaks.
func validateYAMLWithin(text []byte, b *budget) []finding {
	return validateYAMLDecoded(text, b, nil)
}

// validateYAMLDecoded is validateYAMLWithin with the parse of text, when
// decoded is not nil (a snippet's, which the other checkers share).
func validateYAMLDecoded(text []byte, b *budget, decoded func() ([]*yaml.Node, error)) []finding {
	if decoded == nil {
		decoded = func() ([]*yaml.Node, error) { return decodeYAML(text) }
	}
	docs, err := decoded()
	t := &yamlText{text: text}
	var fs []finding
	for _, d := range docs {
		fs = duplicateYAMLKeys(t, d, fs)
		fs = embeddedYAML(t, d, fs, b, 0)
		fs = secretData(t, d, fs)
		fs = k8sFields(t, d, fs)
	}
	if err != nil {
		fs = append(fs, yamlError(t.table(), text, err, b))
	}
	return fs
}

// yamlText is a snippet's text with its line table under yaml.v3's
// convention, built only when a finding needs it (most snippets have none).
type yamlText struct {
	text  []byte
	lines *source.Lines
}

func (t *yamlText) table() *source.Lines {
	if t.lines == nil {
		t.lines = source.NewLines(t.text, source.YAMLBreaks)
	}
	return t.lines
}

// decodeYAML decodes every document of the stream into nodes. Decoding into
// yaml.Node expands no alias, so a "billion laughs" document costs no more
// than its size.
func decodeYAML(text []byte) ([]*yaml.Node, error) { return snippet.DecodeYAML(text) }

func parsesYAML(text []byte) bool {
	_, err := decodeYAML(text)
	return err == nil
}

// yamlError turns a yaml.v3 error into a finding on the line it concerns: a
// yaml-tab finding on the tab when that line indents with one, else a
// yaml-syntax finding over the line.
func yamlError(lines *source.Lines, text []byte, err error, b *budget) finding {
	line := yamlErrorLine(lines, text, err, b)
	ls := lines.LineSpan(line)
	if tab := indentTab(text, ls); tab >= 0 {
		return finding{
			span: source.Span{Start: tab, End: tab + 1},
			code: "yaml-tab",
			msg:  "tab used for indentation",
			hint: "YAML indents with spaces only: replace the tab with spaces",
		}
	}
	if f, ok := gluedDash(lines, text, line); ok {
		return f
	}
	if f, ok := explainYAML(lines, text, line, err); ok {
		return f
	}
	start := ls.Start
	for start < ls.End && (text[start] == ' ' || text[start] == '\t') {
		start++
	}
	return finding{
		span: source.Span{Start: start, End: ls.End},
		code: "yaml-syntax",
		msg:  plainYAMLMessage(err),
		hint: "fix the YAML syntax on this line or the construct it continues",
	}
}

// gluedDash finds, at or above line (where the document stops parsing),
// the nearest line that starts with a dash glued to what follows it:
// "-matches:" or "-email" meant as a list item ("- matches:"). YAML reads
// a dash as a list item only when a blank follows it, so the line is a
// key or a string, and the structure breaks a few lines below. The line
// counts when it looks like a key ("-matches:") or when the nearest other
// line at its indentation is a list item ("- groups").
func gluedDash(lines *source.Lines, text []byte, line int) (finding, bool) {
	for n := line; n >= 1; n-- {
		l := readYAMLLine(lines, text, n)
		t := strings.TrimRight(l.text, " \r")
		if l.dash || len(t) < 2 || t[0] != '-' || !gluedStart(t[1]) {
			continue
		}
		if !keyLine.MatchString(t[1:]) && !siblingItem(lines, text, n, l.indent) {
			continue
		}
		sp := source.Span{Start: l.span.Start + l.indent, End: l.span.Start + l.indent + len(t)}
		return finding{
			span: sp,
			code: "yaml-dash-blank",
			msg:  fmt.Sprintf("%q is not a list item: YAML needs a blank after a list item's dash", t),
			hint: "write a blank after the dash: - " + t[1:],
			fix:  &fix{msg: "insert a blank after the dash", edits: []diag.Edit{{Span: source.Span{Start: sp.Start + 1, End: sp.Start + 1}, NewText: " "}}},
		}, true
	}
	return finding{}, false
}

// gluedStart reports whether c may start a key or scalar glued to a dash:
// a letter, an underscore or a quote (not a digit: -1 is a number, and not
// a dash: --- starts a document).
func gluedStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '\'' || c == '"'
}

// siblingItem reports whether the nearest non-blank, non-comment line
// above or below line n at the same indentation is a list item.
func siblingItem(lines *source.Lines, text []byte, n, indent int) bool {
	for _, step := range []int{-1, 1} {
		for m := n + step; m >= 1 && m <= lines.Count(); m += step {
			l := readYAMLLine(lines, text, m)
			if strings.TrimSpace(l.text) == "" && !l.dash || strings.HasPrefix(strings.TrimSpace(l.text), "#") {
				continue
			}
			if l.indent < indent {
				break
			}
			if l.indent == indent {
				if l.dash {
					return true
				}
				break
			}
		}
	}
	return false
}

// yamlErrorLine returns the 1-based line of text where the first YAML error
// lies: the line after the longest run of whole lines that still parses.
//
// yaml.v3 exposes no position for syntax errors, only "yaml: line N: …" in
// the message, and for parser (not scanner) errors N is the line where the
// enclosing construct began, often several lines above the mistake (an
// unterminated quote is even reported at the end of the stream). Parsing
// prefixes finds the line that breaks the document instead. Its cost is
// quadratic, so very long snippets, and snippets past the guide's budget,
// fall back to N.
func yamlErrorLine(lines *source.Lines, text []byte, err error, b *budget) int {
	n := lines.Count()
	if n > maxPrefixParses {
		return messageLine(err)
	}
	for k := n - 1; k > 0; k-- {
		if !b.take(lines.Start(k + 1)) {
			return messageLine(err)
		}
		if parsesYAML(text[:lines.Start(k+1)]) {
			return k + 1
		}
	}
	return 1
}

// messageLine parses N out of yaml.v3's "yaml: line N: …" message, the only
// place yaml.v3 puts it (see yamlErrorLine); 1 when there is none.
func messageLine(err error) int {
	rest, ok := strings.CutPrefix(err.Error(), "yaml: line ")
	if !ok {
		return 1
	}
	digits, _, _ := strings.Cut(rest, ":")
	n, convErr := strconv.Atoi(digits)
	if convErr != nil || n < 1 {
		return 1
	}
	return n
}

// yamlMessage returns yaml.v3's message without its "yaml: " and
// "line N: " prefixes, since the diagnostic carries the position.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if digits, after, found := strings.Cut(rest, ": "); found {
			if _, convErr := strconv.Atoi(digits); convErr == nil {
				msg = after
			}
		}
	}
	return msg
}

// duplicateYAMLKeys appends a finding for every key repeated within one
// mapping of the tree rooted at n. It never follows an alias: the anchored
// node is checked where it is defined, so the walk is linear in the
// document's size whatever its aliases.
func duplicateYAMLKeys(t *yamlText, n *yaml.Node, fs []finding) []finding {
	if n == nil || n.Kind == yaml.AliasNode {
		return fs
	}
	if n.Kind == yaml.MappingNode {
		fs = mappingDuplicates(t, n, fs)
	}
	for i, c := range n.Content {
		if n.Kind != yaml.MappingNode || i%2 == 1 {
			fs = dashWithoutBlank(t, c, fs)
		}
		fs = duplicateYAMLKeys(t, c, fs)
	}
	return fs
}

// dashWithoutBlank reports a plain scalar value that starts with a dash
// and a quote (-'groups'): YAML reads a dash as a list item only when a
// blank follows it, so the value is the string "-'groups'", where the
// writer meant a list item. No value a configuration wants starts with a
// dash and a quote, unlike -v or -1.
func dashWithoutBlank(t *yamlText, n *yaml.Node, fs []finding) []finding {
	if n.Kind != yaml.ScalarNode || n.Style != 0 || len(n.Value) < 2 || n.Value[0] != '-' || n.Value[1] != '\'' && n.Value[1] != '"' {
		return fs
	}
	return append(fs, finding{
		span: yamlScalarSpan(t.table(), t.text, n),
		code: "yaml-dash-blank",
		msg:  fmt.Sprintf("%q is a string, not a list item: YAML needs a blank after a list item's dash", n.Value),
		hint: "write a blank after the dash: - " + n.Value[1:],
	})
}

// smallMapping is the number of keys up to which mappingDuplicates
// compares keys pairwise rather than through a map.
const smallMapping = 16

// mappingDuplicates compares the scalar keys of one mapping by resolved tag
// and value, so that 1 and "1" differ as YAML says; merge keys (<<) may
// repeat. Each repeat is reported with the key's first occurrence.
func mappingDuplicates(t *yamlText, m *yaml.Node, fs []finding) []finding {
	var first map[string]*yaml.Node // for large mappings
	if len(m.Content) > 2*smallMapping {
		first = map[string]*yaml.Node{}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if !comparableKey(k) {
			continue
		}
		var prev *yaml.Node
		if first != nil {
			id := k.ShortTag() + "\x00" + k.Value
			if prev = first[id]; prev == nil {
				first[id] = k
			}
		} else {
			prev = earlierKey(m, i)
		}
		if prev == nil {
			continue
		}
		fs = append(fs, finding{
			span:    yamlScalarSpan(t.table(), t.text, k),
			code:    "yaml-duplicate-key",
			msg:     fmt.Sprintf("duplicate key %q", k.Value),
			hint:    "YAML forbids repeated keys: parsers reject the mapping or keep only one value; remove or merge one of them",
			related: []related{{span: yamlScalarSpan(t.table(), t.text, prev), msg: "first defined here"}},
		})
	}
	return fs
}

// comparableKey reports whether mapping key k takes part in the duplicate
// check: a scalar other than a merge key.
func comparableKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.ShortTag() != "!!merge"
}

// earlierKey returns the first key of m before the one at index i (of
// m.Content) with the same value and resolved tag, or nil.
func earlierKey(m *yaml.Node, i int) *yaml.Node {
	k := m.Content[i]
	for j := 0; j < i; j += 2 {
		c := m.Content[j]
		if c.Value == k.Value && comparableKey(c) && c.ShortTag() == k.ShortTag() {
			return c
		}
	}
	return nil
}

// yamlScalarSpan returns the span of scalar node n in text, from its
// position (rune column) to the end of its quoted or plain text.
func yamlScalarSpan(lines *source.Lines, text []byte, n *yaml.Node) source.Span {
	start := lines.Offset(n.Line, n.Column)
	end := lines.End(n.Line)
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0 && start < len(text) && text[start] == '"':
		end = closingQuote(text, start, '"', end)
	case n.Style&yaml.SingleQuotedStyle != 0 && start < len(text) && text[start] == '\'':
		end = closingQuote(text, start, '\'', end)
	case bytes.HasPrefix(text[start:], []byte(n.Value)) && n.Value != "":
		end = start + len(n.Value)
	}
	return source.Span{Start: start, End: end}
}

// closingQuote returns the offset just after the quote closing the string
// opened at start, or fallback, the end of its line, when the line holds
// none. In double quotes a backslash escapes; in single quotes a doubled
// quote stands for one.
func closingQuote(text []byte, start int, q byte, fallback int) int {
	for i := start + 1; i < fallback; i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case q == '\'' && text[i] == '\'' && i+1 < len(text) && text[i+1] == '\'':
			i++
		case text[i] == q:
			return i + 1
		}
	}
	return fallback
}

// indentTab returns the offset of the first tab in the leading blanks of
// the line ls, or -1.
func indentTab(text []byte, ls source.Span) int {
	for i := ls.Start; i < ls.End; i++ {
		switch text[i] {
		case '\t':
			return i
		case ' ':
		default:
			return -1
		}
	}
	return -1
}
