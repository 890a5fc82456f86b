package guide

import (
	"slices"
	"strings"
	"testing"
)

// TestFrontMatterLineBreaks writes one front matter per line-break
// convention a file or a parser may use and checks that the front matter
// is found (classic Mac files included) and that every finding lands on
// the line and column an editor shows. An editor ends lines at LF, CRLF
// and CR; yaml.v3 also at NEL, LS and PS; go-toml at LF only.
func TestFrontMatterLineBreaks(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		// The whole file in one convention.
		{"yaml LF", "---\ntitle: T\nweight: x\n---\nbody\n", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml CRLF", "---\r\ntitle: T\r\nweight: x\r\n---\r\nbody\r\n", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml CR", "---\rtitle: T\rweight: x\r---\rbody\r", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml CR syntax", "---\rtitle: T\rweight: [x\r---\r", []string{`3:1-3:11 frontmatter-syntax: did not find expected ',' or ']'`}},
		{"yaml CR unclosed", "\r---\rtitle: T\r", []string{"2:1-2:4 frontmatter-unclosed: front matter opened by --- is never closed"}},
		{"toml CR", "+++\rtitle = 'T'\r+++\r", []string{"2:12-2:12 frontmatter-syntax: expected newline but got U+000D"}},
		{"yaml CR with BOM", "\uFEFF---\rtitle: T\rweight: x\r---\r", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml CR CRLF LF mixed", "---\r\ntitle: T\r\r\nweight: x\n---\r", []string{`4:9-4:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"toml CRLF", "+++\r\ntitle = 'T'\r\nweight = 'x'\r\n+++\r\n", []string{`3:10-3:13 frontmatter-type: weight must be an integer, found "x"`}},
		// An odd break inside a line, then a finding on a later line.
		{"yaml lone CR", "---\ntitle: T\rweight: x\n---\n", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml NEL", "---\ntitle: T\u0085weight: x\n---\n", []string{`2:18-2:19 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml LS", "---\ntitle: T\u2028weight: x\n---\n", []string{`2:18-2:19 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml PS", "---\ntitle: T\u2029weight: x\ntoc: 1\n---\n", []string{
			`2:18-2:19 frontmatter-type: weight must be an integer, found "x"`,
			`3:6-3:7 frontmatter-type: expected true or false, found "1"`}},
		{"yaml LS in value", "---\ntitle: \"a\u2028b\"\nweight: x\n---\n", []string{`3:9-3:10 frontmatter-type: weight must be an integer, found "x"`}},
		{"yaml LS syntax", "---\ntitle: T\u2028a: b: c\n---\n", []string{"2:10-2:17 frontmatter-syntax: mapping values are not allowed in this context"}},
		{"toml LS in string", "+++\ntitle = \"a\u2028b\"\nweight = 'x'\n+++\n", []string{`3:10-3:13 frontmatter-type: weight must be an integer, found "x"`}},
		{"toml lone CR", "+++\ntitle = 'T'\rweight = 1\n+++\n", []string{"2:12-2:12 frontmatter-syntax: expected newline but got U+000D"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, l := load(t, tt.in)
			if got := render(l); !slices.Equal(got, tt.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			if g.Format == NoFrontMatter && !strings.Contains(tt.name, "unclosed") {
				t.Errorf("no front matter found")
			}
		})
	}
}
