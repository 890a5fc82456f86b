package shortcode

import "testing"

func TestMarkdownLine(t *testing.T) {
	tests := []struct {
		name, out, want string
	}{
		{"heading", "## Before You Begin\n\n<div>x</div>", "## Before You Begin"},
		{"heading after html", "<div class=\"a\">\n<p>x</p>\n</div>\n### Known Bugs\n", "### Known Bugs"},
		{"indented heading", "   # Title", "# Title"},
		{"fence", "<p>x</p>\n\n```yaml {title=\"a.yml\"}\nk: v\n```", "```yaml {title=\"a.yml\"}"},
		{"tilde fence", "~~~\nx\n~~~", "~~~"},
		{"bullet", "- first\n- second", "- first"},
		{"star bullet", "* first", "* first"},
		{"ordered", "1. Open the page", "1. Open the page"},
		{"inline link", "<p>Read the [FAQ](https://example.com/faq) first.</p>", "<p>Read the [FAQ](https://example.com/faq) first.</p>"},
		{"table", "| Key | Variable |\n|:---:|:---:|\n| a | B |", "| Key | Variable |"},
		{"table without outer pipes", "Key | Variable\n--- | ---", "Key | Variable"},
		{"link around an element", "[<i class=\"icon\" title=\"Full\"></i>](/i/traefik)", "[<i class=\"icon\" title=\"Full\"></i>](/i/traefik)"},
		// controls: HTML that only looks like Markdown, or is none
		{"plain html", "<div class=\"callout\"><p>Text</p></div>", ""},
		{"site variable", "<span class=\"sitevar\">example.com</span>", ""},
		{"heading inside pre", "<pre><code>\n# a shell comment\n- a yaml item\n```\n</code></pre>", ""},
		{"heading inside script", "<script>\n# not markdown\n</script>\n<p>x</p>", ""},
		{"after pre closes", "<pre>\n# code\n</pre>\n## Heading", "## Heading"},
		{"in comment", "<!--\n## hidden\n-->\n<p>x</p>", ""},
		{"in tag across lines", "<a title=\"x\n## y\" href=\"#\">z</a>", ""},
		{"quoted gt in tag", "<a title=\"a > b\n- c\">d</a>", ""},
		{"hash without space", "#hashtag and #1", ""},
		{"seven hashes", "####### x", ""},
		{"four spaces", "    ## code", ""},
		{"thematic break", "---\n* * *", ""},
		{"bare marker", "-\n#\n1.", ""},
		{"number without dot", "2026 was a year", ""},
		{"link in attribute", "<a href=\"[x](y)\">z</a>", ""},
		{"empty", "", ""},
		{"delimiter row alone", "|---|", ""},
		{"rule after text", "a\n---", ""},
		{"pipes in text", "a | b\nc | d", ""},
		{"table in pre", "<pre>\n| a | b |\n|---|---|\n</pre>", ""},
		{"element alone in brackets", "<p>[<b>x</b>]</p>", ""},
		{"less-than in text", "<p>a < b and [c](d)</p>", "<p>a < b and [c](d)</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdownLine(tt.out); got != tt.want {
				t.Errorf("markdownLine(%q) = %q, want %q", tt.out, got, tt.want)
			}
		})
	}
}

// FuzzMarkdownLine checks that the scan of a call's output never panics
// and returns a line of it.
func FuzzMarkdownLine(f *testing.F) {
	for _, s := range []string{"## x", "<pre>\n# x\n</pre>", "<a b=\"\n- c\">", "<!--", "<", "<code/>\n- x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, out string) {
		if got := markdownLine(out); got != "" && !containsLine(out, got) {
			t.Fatalf("markdownLine(%q) = %q, not a line of it", out, got)
		}
	})
}

func containsLine(s, line string) bool {
	for i := 0; i+len(line) <= len(s); i++ {
		if s[i:i+len(line)] == line {
			return true
		}
	}
	return false
}
