package build

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestShortcodeAngleMarkdown: a shortcode whose output holds Markdown block
// syntax, called with {{< >}}, is shown raw by Hugo (markdown-shortcode-
// angle at the call); called with {{% %}}, or writing only HTML, or sitting
// in code where raw text is what shows, it is fine.
func TestShortcodeAngleMarkdown(t *testing.T) {
	sc := fstest.MapFS{
		"md.html":      {Data: []byte("## Before You Begin\n\n<p>Read this.</p>\n")},
		"fence.html":   {Data: []byte("<p>Add:</p>\n\n```yaml\nkey: 'value'\n```\n")},
		"list.html":    {Data: []byte("- one\n- two\n")},
		"link.html":    {Data: []byte("<p>See the [FAQ](https://example.com/faq).</p>")},
		"html.html":    {Data: []byte("<div class=\"note\"><p>#1 of 2</p></div>")},
		"pre.html":     {Data: []byte("<pre><code>\n# a comment\n- item\n</code></pre>")},
		"comment.html": {Data: []byte("<!--\n## notes\n-->\n<p>x</p>")},
	}
	tests := []struct {
		name, body string
		want       bool
	}{
		{"heading angle", "{{< md >}}\n", true},
		{"fence angle", "{{< fence >}}\n", true},
		{"list angle", "Text.\n\n{{< list >}}\n", true},
		{"link angle inline", "Before {{< link >}} after.\n", true},
		{"heading percent", "{{% md %}}\n", false},
		{"fence percent", "{{% fence %}}\n", false},
		{"html angle", "{{< html >}}\n", false},
		{"html percent", "{{% html %}}\n", false},
		{"pre angle", "{{< pre >}}\n", false},
		{"comment angle", "{{< comment >}}\n", false},
		{"in a code fence", "```text\n{{< list >}}\n```\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _, err := runOpts(t, map[string]string{"g": tt.body}, func(o *Options) { o.Shortcodes = sc })
			if err != nil {
				t.Fatal(err)
			}
			got := slices.Contains(codes(res), "g:markdown-shortcode-angle")
			if got != tt.want {
				t.Errorf("markdown-shortcode-angle = %v, want %v; got %v", got, tt.want, codes(res))
			}
			// the front matter takes 4 lines; the call is on the body's line
			line := 5 + strings.Count(tt.body[:strings.Index(tt.body, "{{")], "\n")
			for _, d := range res.Diags {
				if d.Code == "markdown-shortcode-angle" && d.Start().Line != line {
					t.Errorf("reported at line %d, want the call's line %d", d.Start().Line, line)
				}
			}
		})
	}
}
