package markdown

import (
	"html/template"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// This file builds shortcode.Expanded values by hand, standing in for
// package shortcode in tests: `{{< >}}` calls become sentinels (a paired
// callout is one call), `{{% %}}` calls are replaced by the Markdown that
// percentTemplates gives for them, escaped calls become their literal text.

var (
	callRE  = regexp.MustCompile(`\{\{([<%])\s*(/?)([A-Za-z0-9_-]+)((?:[^>%]|"[^"]*")*?)\s*[>%]\}\}`)
	escRE   = regexp.MustCompile(`^\{\{<\s*/\*(.*?)\*/\s*>\}\}`)
	paramRE = regexp.MustCompile(`([A-Za-z_]+)=\\?"((?:[^"\\]|\\[^"])*)\\?"`)
)

// percentTemplates renders the `{{% %}}` shortcodes of the corpus as the
// Markdown the Authelia templates emit, reduced to their headings and one
// paragraph: what heading ids and positions depend on.
func percentTemplate(name string, params map[string]string) string {
	switch name {
	case "oidc-common":
		s := "## Before You Begin\n\nThis example makes assumptions.\n\n"
		if params["bugs"] != "" {
			s += "### Known Bugs\n\nSome bugs exist.\n\n"
		}
		return s + "### Common Notes\n\n1. Note one.\n"
	case "oidc-escape-hatch-claims-hydration":
		return "The escape hatch configuration hydrates claims.\n"
	case "raw-html":
		return "<div class=\"generated\">from a template</div>\n"
	case "md-links":
		return "See [the page](../a.md#x) and <a href=\"#gen\">a raw link</a>.\n"
	case "test-fence":
		return "```yaml {title=\"gen.yml\"}\nkey: 'value'\n```\n"
	}
	return ""
}

// expand returns the guide file and its expansion. The body starts after
// the front matter, if any.
func expand(t testing.TB, name, content string) (*source.File, *shortcode.Expanded) {
	t.Helper()
	file := source.NewFile(name, []byte(content))
	body := bodyStart(content)
	var out []byte
	m := &source.Map{}
	exp := &shortcode.Expanded{Map: m}
	at := body
	for at < len(content) {
		i := strings.Index(content[at:], "{{")
		if i < 0 {
			break
		}
		start := at + i
		if loc := escRE.FindStringSubmatchIndex(content[start:]); loc != nil {
			m.AddVerbatim(len(out), at, start-at)
			out = append(out, content[at:start]...)
			lit := "{{< " + strings.TrimSpace(content[start+loc[2]:start+loc[3]]) + " >}}"
			m.AddGenerated(len(out), len(lit), source.Span{Start: start, End: start + loc[1]})
			out = append(out, lit...)
			at = start + loc[1]
			continue
		}
		loc := callRE.FindStringSubmatchIndex(content[start:])
		if loc == nil || loc[0] != 0 {
			m.AddVerbatim(len(out), at, i+2)
			out = append(out, content[at:start+2]...)
			at = start + 2
			continue
		}
		m.AddVerbatim(len(out), at, start-at)
		out = append(out, content[at:start]...)
		end := start + loc[1]
		kind, cname := content[start+loc[2]], content[start+loc[6]:start+loc[7]]
		params := map[string]string{}
		for _, pm := range paramRE.FindAllStringSubmatch(content[start+loc[8]:start+loc[9]], -1) {
			params[pm[1]] = pm[2]
		}
		if kind == '%' {
			md := percentTemplate(cname, params)
			m.AddGenerated(len(out), len(md), source.Span{Start: start, End: end})
			out = append(out, md...)
			at = end
			continue
		}
		r := shortcode.Rendered{Name: cname}
		inner := ""
		if cname == "callout" {
			closeTag := "{{< /callout >}}"
			j := strings.Index(content[end:], closeTag)
			if j < 0 {
				t.Fatalf("%s: unclosed callout at %d", name, start)
			}
			inner = content[end : end+j]
			end = end + j + len(closeTag)
		}
		r.Span = source.Span{Start: start, End: end}
		r.Block = aloneOnLine(content, start, end)
		switch cname {
		case "sitevar":
			r.Var, r.Format, r.Text = params["name"], params["format"], params["nojs"]
			r.HTML = template.HTML(`<span class="sitevar" data-sitevar="` + template.HTMLEscapeString(r.Var) + `">` + template.HTMLEscapeString(r.Text) + `</span>`)
		case "callout":
			r.Text = strings.TrimSpace(inner)
			r.HTML = template.HTML(`<div class="callout">` + template.HTMLEscapeString(r.Text) + `</div>`)
		case "html-links":
			r.HTML = template.HTML(`<p id="made"><a href="/x/#y">x</a> <a name="old">o</a> <a href='/x/#y'>again</a> <a class="c" href="../z.md">z</a> <img src="i.png"></p>`)
		default:
			r.HTML = template.HTML(`<div class="` + cname + `"></div>`)
		}
		exp.Calls = append(exp.Calls, r)
		m.AddGenerated(len(out), len(shortcode.Sentinel), r.Span)
		out = append(out, shortcode.Sentinel...)
		at = end
	}
	m.AddVerbatim(len(out), at, len(content)-at)
	out = append(out, content[at:]...)
	exp.Markdown = out
	return file, exp
}

// bodyStart returns the offset just after a leading "---" front matter.
func bodyStart(content string) int {
	if !strings.HasPrefix(content, "---\n") {
		return 0
	}
	i := strings.Index(content[4:], "\n---\n")
	if i < 0 {
		return 0
	}
	return 4 + i + len("\n---\n")
}

func aloneOnLine(s string, start, end int) bool {
	ls := strings.LastIndexByte(s[:start], '\n') + 1
	le := strings.IndexByte(s[end:], '\n')
	if le < 0 {
		le = len(s) - end
	}
	return strings.TrimSpace(s[ls:start]) == "" && strings.TrimSpace(s[end:end+le]) == ""
}

// readShared reads ../shared/REL, skipping the test when it is absent
// (see testenv.Shared).
func readShared(t testing.TB, rel string) string {
	t.Helper()
	b, err := os.ReadFile(testenv.Shared(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pos renders an offset of f as line:col.
func pos(f *source.File, off int) string {
	p := f.Position(off)
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}
