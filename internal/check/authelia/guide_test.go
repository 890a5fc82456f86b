package authelia

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// This file is a deliberately naive, test-only stand-in for the pipeline
// (guide → shortcodes → Markdown → snippets): it finds fenced blocks line by
// line, replaces sitevar calls by their nojs value, synthesises the block
// the claims-hydration escape hatch shortcode emits, and reads the Tested
// Versions list. It keeps a map from every snippet byte to the guide, so
// that positions in findings are real guide positions.

// testGuide is a guide as the checker sees it.
type testGuide struct {
	file     *source.File
	snippets []*snippet.Snippet
	texts    []check.Text
}

// scanGuide builds a testGuide from a guide's bytes.
func scanGuide(name string, content []byte) *testGuide {
	g := &testGuide{file: source.NewFile(name, content)}
	g.scanFences()
	g.scanEscapeHatches()
	g.scanTestedVersions()
	for i, s := range g.snippets {
		s.Index = i
	}
	return g
}

// line is one line of the guide without its newline.
type line struct {
	start int
	text  string
}

func (g *testGuide) lines() []line {
	var out []line
	c := string(g.file.Content)
	for off := 0; off < len(c); {
		end := strings.IndexByte(c[off:], '\n')
		if end < 0 {
			end = len(c) - off
		}
		out = append(out, line{off, c[off : off+end]})
		off += end + 1
	}
	return out
}

func (g *testGuide) scanFences() {
	ls := g.lines()
	for i := 0; i < len(ls); i++ {
		trimmed := strings.TrimLeft(ls[i].text, " ")
		indent := len(ls[i].text) - len(trimmed)
		if !strings.HasPrefix(trimmed, "```") && !strings.HasPrefix(trimmed, "~~~") {
			continue
		}
		// The fence is the whole run of backticks or tildes; only a line of
		// at least as many closes it, so a ``` block inside a ```` block is
		// content, as CommonMark says.
		fence := trimmed[:len(trimmed)-len(strings.TrimLeft(trimmed, trimmed[:1]))]
		info := strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1]))
		s := &snippet.Snippet{File: g.file, Map: &source.Map{}}
		s.InfoSpan = source.Span{Start: ls[i].start + indent, End: ls[i].start + len(ls[i].text)}
		s.Lang, s.Attrs = parseInfo(info)
		j := i + 1
		for ; j < len(ls); j++ {
			if t := strings.TrimSpace(ls[j].text); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				break
			}
			g.appendLine(s, ls[j], indent)
		}
		end := len(g.file.Content)
		if j < len(ls) {
			end = ls[j].start + len(ls[j].text)
		}
		s.Span = source.Span{Start: ls[i].start, End: end}
		g.snippets = append(g.snippets, s)
		i = j
	}
}

// appendLine adds one code line, without the fence's indentation, with
// sitevar calls replaced by their nojs values.
func (g *testGuide) appendLine(s *snippet.Snippet, l line, indent int) {
	text, off := l.text, l.start
	for k := 0; k < indent && strings.HasPrefix(text, " "); k++ {
		text, off = text[1:], off+1
	}
	for {
		// Hugo's escaped form {{</* sitevar … */>}} renders as a sitevar
		// call where a shortcode re-renders its inner text (Authelia's
		// sessionTab), so it reads as the same value.
		i, end := strings.Index(text, "{{< sitevar "), ">}}"
		if k := strings.Index(text, "{{</* sitevar "); k >= 0 && (i < 0 || k < i) {
			i, end = k, "*/>}}"
		}
		if i < 0 {
			break
		}
		j := strings.Index(text[i:], end)
		if j < 0 {
			break
		}
		call := text[i : i+j+len(end)]
		s.Map.AddVerbatim(len(s.Text), off, i)
		s.Text = append(s.Text, text[:i]...)
		value := param(call, "nojs")
		s.Vars = append(s.Vars, snippet.Var{Name: param(call, "name"), Span: source.Span{Start: len(s.Text), End: len(s.Text) + len(value)}})
		s.Map.AddGenerated(len(s.Text), len(value), source.Span{Start: off + i, End: off + i + len(call)})
		s.Text = append(s.Text, value...)
		text, off = text[i+len(call):], off+i+len(call)
	}
	s.Map.AddVerbatim(len(s.Text), off, len(text)+1)
	s.Text = append(s.Text, text...)
	s.Text = append(s.Text, '\n')
}

// parseInfo splits a fence info string such as `yaml {title="configuration.yml"}`.
func parseInfo(info string) (string, []snippet.Attr) {
	lang := info
	if i := strings.IndexAny(info, " {"); i >= 0 {
		lang = info[:i]
	}
	var attrs []snippet.Attr
	if t := param(info, "title"); t != "" {
		attrs = append(attrs, snippet.Attr{Key: "title", Value: t})
	}
	return strings.ToLower(lang), attrs
}

// param returns the quoted value of key="…" in s.
func param(s, key string) string {
	i := strings.Index(s, key+`="`)
	if i < 0 {
		return ""
	}
	rest := s[i+len(key)+2:]
	j := strings.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return rest[:j]
}

const escapeHatch = "oidc-escape-hatch-claims-hydration"

// scanEscapeHatches synthesises the configuration block each
// {{% oidc-escape-hatch-claims-hydration … %}} call renders.
func (g *testGuide) scanEscapeHatches() {
	c := string(g.file.Content)
	for off := 0; ; {
		i := strings.Index(c[off:], "{{% "+escapeHatch)
		if i < 0 {
			return
		}
		start := off + i
		j := strings.Index(c[start:], "%}}")
		if j < 0 {
			return
		}
		call := c[start : start+j+3]
		off = start + len(call)
		if param(call, "example") == "disable" {
			continue
		}
		id := cmpOr(param(call, "client_id"), "example")
		policy := cmpOr(param(call, "policy_name"), id)
		claims := cmpOr(param(call, "claims"), "rat,groups,email,email_verified,alt_emails,preferred_username,name")
		yaml := fmt.Sprintf("identity_providers:\n  oidc:\n    claims_policies:\n      %s:\n        id_token: ['%s']\n    clients:\n      - client_id: '%s'\n        claims_policy: '%s'\n",
			policy, strings.Join(strings.Split(claims, ","), "', '"), id, policy)
		s := &snippet.Snippet{File: g.file, Lang: "yaml", Text: []byte(yaml), Map: &source.Map{}, Shortcode: escapeHatch,
			Span: source.Span{Start: start, End: off}}
		s.Map.AddGenerated(0, len(yaml), s.Span)
		g.snippets = append(g.snippets, s)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// scanTestedVersions reads the list items under "## Tested Versions".
func (g *testGuide) scanTestedVersions() {
	section := ""
	for _, l := range g.lines() {
		trimmed := strings.TrimLeft(l.text, " ")
		if strings.HasPrefix(trimmed, "#") {
			title := strings.TrimSpace(strings.TrimLeft(trimmed, "#"))
			section = strings.ReplaceAll(strings.ToLower(title), " ", "-")
			g.texts = append(g.texts, check.Text{Kind: check.Heading, Level: 2, Section: section, Text: title})
			continue
		}
		if !strings.HasPrefix(trimmed, "- ") && !strings.HasPrefix(trimmed, "* ") {
			continue
		}
		indent := len(l.text) - len(trimmed)
		g.texts = append(g.texts, check.Text{Kind: check.Item, Level: indent/2 + 1, Section: section, Text: stripLinks(trimmed[2:])})
	}
}

// stripLinks turns "[v4.38.17](https://…)" and "[Authelia]" into their text.
func stripLinks(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '[' || s[i] == ']':
			if s[i] == ']' && i+1 < len(s) && s[i+1] == '(' {
				if j := strings.IndexByte(s[i:], ')'); j >= 0 {
					i += j
				}
			}
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// run checks g with the checker and returns the findings, sorted.
func (g *testGuide) run(version string) diag.List {
	var out diag.List
	pass := &check.Pass{File: g.file, Name: filepath.Base(filepath.Dir(g.file.Name)), Snippets: g.snippets,
		Texts: g.texts, Version: version, Report: func(d diag.Diagnostic) { out.Add(d) }}
	Checker.Run(pass)
	return out
}

// format renders findings as "file:line:col: severity code: message".
func format(l diag.List) string {
	var b bytes.Buffer
	for _, d := range l {
		p := d.Start()
		fix := ""
		if d.Fix != nil {
			fix = " [fix]"
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s %s: %s%s\n", d.Filename(), p.Line, p.Column, d.Severity, d.Code, d.Message, fix)
	}
	return b.String()
}

// sharedPath returns ../shared/REL beside the repository, skipping the test
// when it is absent (failing under CI=true); it stays for this package's
// callers that pass one relative path.
func sharedPath(t testing.TB, rel string) string {
	t.Helper()
	return testenv.Shared(t, rel)
}
