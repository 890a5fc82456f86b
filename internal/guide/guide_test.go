package guide

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/diag"
)

// load loads content as guides/g/index.md from a memory file system.
func load(t *testing.T, content string) (*Guide, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{"guides/g/index.md": {Data: []byte(content)}}
	return Load(fsys, "guides", "g", "")
}

// render formats diagnostics as "line:col-line:col code: message" so that
// tests pin exact positions.
func render(l diag.List) []string {
	l.Sort()
	var out []string
	for _, d := range l {
		s, e := d.Start(), d.End()
		out = append(out, fmt.Sprintf("%d:%d-%d:%d %s: %s", s.Line, s.Column, e.Line, e.Column, d.Code, d.Message))
	}
	return out
}

const okFM = "---\ntitle: T\n---\nbody\n"

func TestLoadDiagnostics(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"valid", okFM, nil},
		{"missing", "# no front matter\n", []string{"1:1-1:1 frontmatter-missing: no front matter"}},
		{"empty file", "", []string{"1:1-1:1 frontmatter-missing: no front matter"}},
		{"unclosed", "\n---\ntitle: x\nbody\n", []string{"2:1-2:4 frontmatter-unclosed: front matter opened by --- is never closed"}},
		{"unclosed, closed by a thematic break", "---\ntitle: x\n\n## Setup\n\n- item\n\n---\n\ntext\n", []string{"1:1-1:4 frontmatter-unclosed: front matter opened by --- is never closed"}},
		{"comment after a blank line in front matter that parses", "---\ntitle: x\n\n## a comment\nweight: 1\n---\n", nil},
		{"unclosed toml", "+++\ntitle = 'x'\n", []string{"1:1-1:4 frontmatter-unclosed: front matter opened by +++ is never closed"}},
		{"empty front matter", "---\n---\n", []string{"1:1-1:4 frontmatter-missing-title: front matter is empty"}},
		{"no title", "---\ndraft: true\n---\n", []string{"1:1-1:4 frontmatter-missing-title: front matter has no title"}},
		{"empty title", "---\ntitle: ''\n---\n", []string{"2:8-2:10 frontmatter-missing-title: title is empty"}},
		{"not a mapping", "---\n- a\n---\n", []string{"2:1-2:4 frontmatter-type: expected a mapping of keys, found a list"}},
		{"syntax parser error", "---\ntitle: x\n- a\nb: 1\n---\n", []string{"3:1-3:4 frontmatter-syntax: did not find expected key"}},
		{"syntax indent", "---\ntitle: x\n  b: 2\n---\n", []string{"3:3-3:7 frontmatter-syntax: mapping values are not allowed in this context"}},
		{"syntax first line", "---\na: b: c\n---\n", []string{"2:1-2:8 frontmatter-syntax: mapping values are not allowed in this context"}},
		{"syntax unclosed quote", "---\ntitle: x\ndescription: 'abc\nweight: 1\n---\n", []string{"3:14-3:15 frontmatter-syntax: this quoted value is not closed on its line, so it runs on into the lines under it (found unexpected end of stream)"}},
		{"syntax unclosed quote, error lines later", "---\ntitle: \"Argo CD\ndescription: \"x\"\nsummary: \"\"\nweight: 1\n---\n", []string{"2:8-2:9 frontmatter-syntax: this quoted value is not closed on its line, so it runs on into the lines under it (did not find expected key)"}},
		{"syntax error under a closed quote", "---\ntitle: \"Argo CD\"\n  b: 2\n---\n", []string{"3:3-3:7 frontmatter-syntax: did not find expected key"}},
		{"weight type", "---\ntitle: T\nweight: abc\n---\n", []string{`3:9-3:12 frontmatter-type: weight must be an integer, found "abc"`}},
		{"weight float", "---\ntitle: T\nweight: 1.5\n---\n", []string{`3:9-3:12 frontmatter-type: weight must be an integer, found "1.5"`}},
		{"draft maybe", "---\ntitle: T\ndraft: maybe\n---\n", []string{`3:8-3:13 frontmatter-type: expected true or false, found "maybe"`}},
		{"draft yes", "---\ntitle: T\ndraft: yes # YAML 1.1\n---\n", []string{`3:8-3:11 frontmatter-type: expected true or false, found "yes"`}},
		{"title list", "---\ntitle: [a, b]\n---\n", []string{"2:8-2:14 frontmatter-type: expected a string, found a list"}},
		{"support scalar", "---\ntitle: T\nsupport: community\n---\n", []string{"3:10-3:19 frontmatter-type: expected a mapping, found a string"}},
		{"unknown key", "---\ntitle: T\ntitel: U\n---\n", []string{`3:1-3:6 frontmatter-unknown-key: unknown key "titel"; did you mean "title"?`}},
		{"unknown nested key", "---\ntitle: T\nseo:\n  noindx: true\n---\n", []string{`4:3-4:9 frontmatter-unknown-key: unknown key "noindx"; did you mean "noindex"?`}},
		{"unknown far key", "---\ntitle: T\nlayout: wide\n---\n", []string{`3:1-3:7 frontmatter-unknown-key: unknown key "layout"`}},
		{"duplicate key", "---\ntitle: T\nweight: 1\nWeight: 2\n---\n", []string{`4:1-4:7 frontmatter-duplicate-key: key "Weight" is already defined`}},
		{"bad date", "---\ntitle: T\ndate: 2024-13-45\n---\n", []string{`3:7-3:17 frontmatter-date: cannot parse date "2024-13-45"`}},
		{"int date", "---\ntitle: T\ndate: 2024\n---\n", []string{`3:7-3:11 frontmatter-date: cannot parse date "2024"`}},
		{"alias url", "---\ntitle: T\naliases:\n  - 'https://evil.example/x/'\n---\n", []string{
			`4:5-4:30 frontmatter-alias: alias "https://evil.example/x/" is a URL; an alias is a path on this site`}},
		{"alias dotdot", "---\ntitle: T\naliases: ['/a/../../etc/']\n---\n", []string{
			`3:11-3:26 frontmatter-alias: alias "/a/../../etc/": ".." segment would leave the page's directory`}},
		{"alias encoded dotdot", "---\ntitle: T\naliases: [\"/a/%2e%2E/b/\"]\n---\n", []string{
			`3:11-3:25 frontmatter-alias: alias "/a/%2e%2E/b/": "%2e%2E" segment would leave the page's directory`}},
		{"alias root", "---\ntitle: T\naliases: /\n---\n", []string{`3:10-3:11 frontmatter-alias: alias "/" is the site root, where the home page lives`}},
		{"alias item mapping", "---\ntitle: T\naliases:\n  - a: b\n---\n", []string{"4:5-4:9 frontmatter-type: expected a string, found a mapping"}},
		{"canonical relative", "---\ntitle: T\nseo:\n  canonical: /x/\n---\n", []string{
			`4:14-4:17 frontmatter-canonical: canonical URL "/x/" is not an absolute http(s) URL`}},
		{"key not string", "---\ntitle: T\n[a]: 1\n---\n", []string{"3:1-3:4 frontmatter-type: key must be a string, not a list"}},
		{"nul", okFM + "a\x00b\n", []string{"5:2-5:3 source-nul: NUL byte in text"}},
		{"bad utf8", okFM + "caf\xe9\n", []string{"5:4-5:5 source-encoding: invalid UTF-8 byte 0xe9"}},
		{"sentinel", okFM + "x \uFFFC y\n", []string{"5:3-5:4 source-reserved-char: U+FFFC is reserved for shortcode output"}},
		{"bom", "\uFEFF" + okFM, nil},
		{"crlf", "---\r\ntitle: T\r\nweight: x\r\n---\r\nbody\r\n", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"toml", "+++\ntitle = 'T'\nweight = 'x'\n[support]\nlevel = 'community'\nlevl = 1\n+++\n", []string{
			`3:10-3:13 frontmatter-type: weight must be an integer, found "x"`,
			`6:1-6:5 frontmatter-unknown-key: unknown key "levl"; did you mean "level"?`}},
		{"toml syntax", "+++\ntitle = 'T'\nweight = \n+++\n", []string{"3:10-3:10 frontmatter-syntax: unexpected character U+000A at start of value"}},
		{"toml duplicate", "+++\ntitle = 'T'\ntitle = 'U'\n+++\n", []string{"3:1-3:12 frontmatter-syntax: key title is already defined"}},
		{"leading blank lines", "\n\n---\nweight: 1\n---\n", []string{"3:1-3:4 frontmatter-missing-title: front matter has no title"}},
		{"unicode column", "---\ntitle: T\ndescription: é\nweight: é\n---\n", []string{`4:9-4:10 frontmatter-type: weight must be an integer, found "é"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, l := load(t, tt.in)
			if reserved := strings.ContainsAny(tt.in, "\uFFFC\x00"); g.Renderable() == reserved {
				t.Errorf("Renderable() = %v", g.Renderable())
			}
			if got := render(l); !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}
