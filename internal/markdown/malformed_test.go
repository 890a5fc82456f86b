package markdown

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestMalformedLinks: an inline link that did not become one is reported
// at its '[', whether it is never closed (on its line or across lines) or
// its destination holds what a destination cannot; well-formed links,
// escaped brackets, code and text a template wrote are not.
func TestMalformedLinks(t *testing.T) {
	tests := []struct {
		name, doc string
		want      string // "LINE:COL never|destination", "" for none
	}{
		{"never closed", "See [the docs](https://x.example/a for more.\n", "1:5 never"},
		{"space in destination", "See [a](b c) here.\n", "1:5 destination"},
		{"across lines", "Read [the\nguide](../g/ and more\n", "1:6 never"},
		{"destination on the next line", "Read [the guide](\n../g/\n", "1:6 never"},
		{"in a heading", "## See [x](y\n", "1:8 never"},
		{"in a table cell", "| a | b |\n|---|---|\n| [x](y | z |\n", "3:3 never"},
		{"in a list item", "- one\n- see [x](y\n", "2:7 never"},
		{"around an image", "[![img](i.png)](b\n", "1:1 never"},
		{"non-ASCII text", "Voir [é](ü x).\n", "1:6 destination"},
		{"after a good link", "[ok](x) and [bad](y\n", "1:13 never"},
		{"well-formed", "[a](b) [c](<d e>) [f](g \"t\") [h](i (j)) ![k](l)\n", ""},
		{"escaped opener", "\\[a](b\n", ""},
		{"escaped closer", "[a\\](b\n", ""},
		{"code span", "`[a](b` and\n", ""},
		{"code block", "```\n[a](b\n```\n", ""},
		{"shortcode output", "{{% md-links %}} and text\n", ""},
		{"no opener", "a](b\n", ""},
		{"an index, not a link", "Call array[0](x or f[k](v w).\n", ""},
		{"after punctuation", "(see [x](y\n", "1:6 never"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, exp := expand(t, "m.md", tt.doc)
			res := New(WithRawHTML(true)).Render(f, exp, PageInfo{})
			var got []string
			for _, d := range res.Diags {
				if d.Code != "link-malformed" {
					continue
				}
				kind := "never"
				if strings.Contains(d.Message, "destination a link cannot have") {
					kind = "destination"
				}
				p := d.Start()
				got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, kind))
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("got %q, want %q (%v)", got, tt.want, res.Diags)
			}
		})
	}
}

// TestGluedHashes covers a line that starts with two to six #s glued to a
// word: not a heading in CommonMark, reported where it stands; real
// headings, one # before a word, code and shortcode output are not.
func TestGluedHashes(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // "LINE:COL"
	}{
		{"a section heading", "##Tested Versions\n\nText.\n", []string{"1:1"}},
		{"six hashes", "######Deep\n", []string{"1:1"}},
		{"inside a paragraph", "Some text\n###Configuration\n", []string{"2:1"}},
		{"in a list item", "- item\n\n  ##Sub\n", []string{"3:3"}},
		{"non-ASCII word", "##Über\n", []string{"1:1"}},
		{"a heading", "## Tested Versions\n", nil},
		{"an empty heading", "##\n", nil},
		{"one hash: a hashtag", "#hashtag and #1\n", nil},
		{"seven hashes", "#######x\n", nil},
		{"hashes then punctuation", "##-- note\n", nil},
		{"code block", "```\n##code\n```\n", nil},
		{"code span", "`##code`\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := positionsOf(t, tt.doc, "heading-no-space")
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReleaseLinks covers links to GitHub releases: a path GitHub serves
// no page at, a text that names another version than the tag (a more
// precise tag is the same release), an Authelia tag without its v; the
// list of releases, latest, downloads and other sites are controls.
func TestReleaseLinks(t *testing.T) {
	tests := []struct {
		name, doc string
		want      int // link-release findings
	}{
		{"right", "[v4.38.17](https://github.com/authelia/authelia/releases/tag/v4.38.17)\n", 0},
		{"text and tag differ", "[v4.38.17](https://github.com/authelia/authelia/releases/tag/v4.38.0)\n", 1},
		{"tag less precise than the text", "[v4.38.17](https://github.com/authelia/authelia/releases/tag/v4.38)\n", 1},
		{"tag more precise than the text", "[4.38](https://github.com/authelia/authelia/releases/tag/v4.38.0)\n", 0},
		{"build number", "[25.4.0](https://github.com/SonarSource/sonarqube/releases/tag/25.4.0.105899)\n", 0},
		{"release path", "[v4.38.17](https://github.com/authelia/authelia/release/tag/v4.38.17)\n", 1},
		{"tags path", "[v4.38.17](https://github.com/authelia/authelia/releases/tags/v4.38.17)\n", 1},
		{"no tag segment", "[v4.38.17](https://github.com/authelia/authelia/releases/v4.38.17)\n", 1},
		{"authelia tag without v", "[v4.38.17](https://github.com/authelia/authelia/releases/tag/4.38.17)\n", 1},
		{"another project's tag without v", "[3.9.0](https://github.com/rommapp/romm/releases/tag/3.9.0)\n", 0},
		{"text is no version", "[the release](https://github.com/rommapp/romm/releases/tag/3.9.0)\n", 0},
		{"list, latest, download", "[a](https://github.com/o/r/releases) [b](https://github.com/o/r/releases/latest) [c](https://github.com/o/r/releases/download/v1.0/x.tgz)\n", 0},
		{"another site", "[v1.2.3](https://gitlab.com/o/r/-/releases/v1.2.4)\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, exp := expand(t, "m.md", tt.doc)
			res := New(WithRawHTML(true)).Render(f, exp, PageInfo{})
			got := 0
			for _, d := range res.Diags {
				if d.Code == "link-release" {
					got++
				}
			}
			if got != tt.want {
				t.Errorf("got %d link-release findings, want %d (%v)", got, tt.want, res.Diags)
			}
		})
	}
}

// TestStrayBackticks covers a code span opened and never closed in its
// paragraph, list item, heading or table cell: one finding per block, at
// the backtick;
// closed spans, longer fences of backticks, escaped backticks and code
// blocks are controls.
func TestStrayBackticks(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // "LINE:COL"
	}{
		{"list item", "- The value `romm\n", []string{"1:13"}},
		{"paragraph", "Set the value `abc and go on.\n", []string{"1:15"}},
		{"two in one block: one finding", "a `b and ``c\n", []string{"1:3"}},
		{"heading", "## The `key\n", []string{"1:8"}},
		{"inside emphasis, then again: one finding", "a *`b* and ``c\n", []string{"1:4"}},
		{"closed", "- __Client ID:__ `romm`\n", nil},
		{"double backticks", "``a`b`` and `c`\n", nil},
		{"escaped", "a literal \\` here\n", nil},
		{"code block", "```\na `b\n```\n", nil},
		{"across lines closed", "a `b\nc` d\n", nil},
		{"table cell", "| Field | Value |\n| --- | --- |\n| Client ID | `app |\n| Secret | `x` |\n", []string{"3:15"}},
		{"two table cells: one finding each", "| a | b |\n| - | - |\n| `x | `y |\n", []string{"3:3", "3:8"}},
		{"table cells closed", "| a | b |\n| - | - |\n| `x` | `y` |\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := positionsOf(t, tt.doc, "code-span-unclosed")
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestStrayBacktickValues covers the value after a label opening a code
// span it never closes (an error: the reader copies the backtick into a
// form); a backtick in prose is code-span-unclosed's.
func TestStrayBacktickValues(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string // "LINE:COL"
	}{
		{"bold label", "- __Client ID:__ `romm\n", []string{"1:18"}},
		{"plain label in an ordered list", "3. Redirect URI: `https://a/cb\n", []string{"1:18"}},
		{"label of a nested list", "   - **OpenID Provider URL:** `https://a\n", []string{"1:31"}},
		{"a setting's name as the label", "   - `plugin»oauthgeneric»userurl`: `https://a/b.\n", []string{"1:37"}},
		{"prose", "Set the value `abc and go on.\n", nil},
		{"a sentence with a colon", "Note that this is long: the value `abc\n", nil},
		{"closed", "- Client ID: `romm`\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := positionsOf(t, tt.doc, "code-span-unclosed-value")
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// positionsOf renders doc and returns "LINE:COL" of each finding of code.
func positionsOf(t *testing.T, doc, code string) []string {
	t.Helper()
	f, exp := expand(t, "m.md", doc)
	res := New(WithRawHTML(true)).Render(f, exp, PageInfo{})
	var got []string
	for _, d := range res.Diags {
		if d.Code == code {
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d", p.Line, p.Column))
		}
	}
	return got
}
