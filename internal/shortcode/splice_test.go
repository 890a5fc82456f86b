package shortcode

import (
	"html/template"
	"slices"
	"strings"
	"testing"
)

// spliceTemplates are tab and box templates written the ways real
// projects write them.
var spliceTemplates = map[string]string{
	// Tabs in the style of hugo-book (Authelia's envTabs): each tab hands
	// its .Inner to the parent through .Parent.Scratch, the parent renders
	// them with .Page.RenderString.
	"tab": `{{ if .Parent }}{{ if not (.Parent.Scratch.Get "tabs") }}{{ .Parent.Scratch.Set "tabs" slice }}{{ end }}` +
		`{{ .Parent.Scratch.Add "tabs" (dict "Name" (.Get 0) "Content" .Inner) }}{{ else }}{{ errorf "tab outside tabs" }}{{ end }}`,
	"tabs": `{{ if .Inner }}{{ end }}<nav>{{ range .Scratch.Get "tabs" }}<b>{{ .Name }}</b>{{ end }}</nav>{{ range $i, $t := .Scratch.Get "tabs" }}<div id="t{{ $i }}">{{ .Content | $.Page.RenderString }}</div>{{ end }}`,
	// The same, printing the tabs in reverse: the output cannot be split
	// in source order.
	"backwards": `{{ if .Inner }}{{ end }}{{ range $i, $t := .Scratch.Get "tabs" }}{{ $.Scratch.Set "last" $t }}{{ end }}{{ range (slice (index (.Scratch.Get "tabs") 1) (index (.Scratch.Get "tabs") 0)) }}<div>{{ .Content | $.Page.RenderString }}</div>{{ end }}`,
	"box":       `<div class="box">{{ .Inner | markdownify }}</div>`,
	"safe":      `<div>{{ .Inner | markdownify | safeHTML }}</div>`,
	"with":      `<div>{{ with .Inner }}{{ . | markdownify }}{{ else }}{{ errorf "empty" }}{{ end }}</div>`,
	"deindent":  `<div>{{ .InnerDeindent | .Page.RenderString }}</div>`,
	"transform": `<div>{{ transform.Markdownify .Inner }}</div>`,
	"attr":      `<div title="{{ .Inner | markdownify }}"></div>`,
	"variable":  `{{ $x := .Inner | markdownify }}<div>{{ $x }}</div>`,
	"plain":     `<div>{{ .Inner | markdownify | plainify }}</div>`,
	"twice":     `<div>{{ .Inner | markdownify }}{{ .Inner | markdownify }}</div>`,
	"sv":        `<span class="v">{{ .Get "nojs" }}</span>`,
}

// TestSplice: where a template prints inner content through a splice
// point, the page renders that content in place; elsewhere the template
// gets it rendered in isolation.
func TestSplice(t *testing.T) {
	const iso = "[rendered]" // what Markdownify returns: rendered in isolation
	tests := []struct {
		name, body string
		markdown   string
		html       []string
	}{
		{"box", "{{< box >}}\n*a*\n{{< /box >}}",
			"\n\n\uFFFC\n\n\n*a*\n\n\n\uFFFC\n\n", []string{`<div class="box">`, "</div>"}},
		{"safeHTML after markdownify", "{{< safe >}}\n*a*\n{{< /safe >}}",
			"\n\n\uFFFC\n\n\n*a*\n\n\n\uFFFC\n\n", []string{"<div>", "</div>"}},
		{"markdownify of the dot inside with", "{{< with >}}\n*a*\n{{< /with >}}",
			"\n\n\uFFFC\n\n\n*a*\n\n\n\uFFFC\n\n", []string{"<div>", "</div>"}},
		{"RenderString of InnerDeindent, in a list", "- item\n\n  {{< deindent >}}\n  *a*\n  {{< /deindent >}}",
			"- item\n\n  \n\n  \uFFFC\n\n\n  *a*\n  \n\n  \uFFFC\n\n", []string{"<div>", "</div>"}},
		{"transform.Markdownify", "{{< transform >}}\n*a*\n{{< /transform >}}",
			"\n\n\uFFFC\n\n\n*a*\n\n\n\uFFFC\n\n", []string{"<div>", "</div>"}},
		{"tabs", "{{< tabs >}}\n{{< tab \"One\" >}}\n```sh\none\n```\n{{< /tab >}}\n{{< tab \"Two\" >}}\ntwo\n{{< /tab >}}\n{{< /tabs >}}",
			"\n\n\uFFFC\n\n\n```sh\none\n```\n\n\n\uFFFC\n\n\ntwo\n\n\n\uFFFC\n\n",
			[]string{`<nav><b>One</b><b>Two</b></nav><div id="t0">`, `</div><div id="t1">`, "</div>"}},
		{"tabs with the same content", "{{< tabs >}}\n{{< tab \"A\" >}}\nsame\n{{< /tab >}}\n{{< tab \"B\" >}}\nsame\n{{< /tab >}}\n{{< /tabs >}}",
			"\n\n\uFFFC\n\n\nsame\n\n\n\uFFFC\n\n\nsame\n\n\n\uFFFC\n\n",
			[]string{`<nav><b>A</b><b>B</b></nav><div id="t0">`, `</div><div id="t1">`, "</div>"}},
		{"tabs printed backwards", "{{< backwards >}}\n{{< tab \"A\" >}}\none\n{{< /tab >}}\n{{< tab \"B\" >}}\ntwo\n{{< /tab >}}\n{{< /backwards >}}",
			"\uFFFC", []string{"<div>" + iso + "</div><div>" + iso + "</div>"}},
		{"attribute", "{{< attr >}}\n*a*\n{{< /attr >}}", "\uFFFC", []string{`<div title="` + iso + `"></div>`}},
		{"variable", "{{< variable >}}\n*a*\n{{< /variable >}}", "\uFFFC", []string{"<div>" + iso + "</div>"}},
		{"transformed output", "{{< plain >}}\n*a*\n{{< /plain >}}", "\uFFFC", []string{"<div>[rendered]</div>"}},
		{"printed twice", "{{< twice >}}\n*a*\n{{< /twice >}}", "\uFFFC", []string{"<div>" + iso + iso + "</div>"}},
		{"inline", "x {{< box >}}*a*{{< /box >}}", "x \uFFFC", []string{`<div class="box">` + iso + "</div>"}},
		{"escaped call in spliced content is a call", "{{< box >}}\n`{{</* sv nojs=\"v\" */>}}`\n{{< /box >}}",
			"\n\n\uFFFC\n\n\n`\uFFFC`\n\n\n\uFFFC\n\n", []string{`<div class="box">`, `<span class="v">v</span>`, "</div>"}},
		{"escaped call elsewhere is text", "`{{</* sv nojs=\"v\" */>}}`", "`{{< sv nojs=\"v\" >}}`", nil},
		{"escaped call in a tab", "{{< tabs >}}\n{{< tab \"A\" >}}\n`{{</* sv nojs=\"v\" */>}}`\n{{< /tab >}}\n{{< /tabs >}}",
			"\n\n\uFFFC\n\n\n`\uFFFC`\n\n\n\uFFFC\n\n", []string{`<nav><b>A</b></nav><div id="t0">`, `<span class="v">v</span>`, "</div>"}},
	}
	set := setOf(t, spliceTemplates)
	opts := Options{Markdownify: func(string) (template.HTML, error) { return iso, nil }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, span := guide(tt.body)
			ex, diags := Expand(set, f, span, opts)
			if len(diags) > 0 {
				t.Errorf("diagnostics %v", diagStrings(diags))
			}
			if string(ex.Markdown) != tt.markdown {
				t.Errorf("markdown\n%q\nwant\n%q", ex.Markdown, tt.markdown)
			}
			var html []string
			for _, c := range ex.Calls {
				html = append(html, string(c.HTML))
			}
			if !slices.Equal(html, tt.html) {
				t.Errorf("html\n%q\nwant\n%q", html, tt.html)
			}
			checkExpanded(t, tt.name, f, ex)
		})
	}
}

// TestSpliceDiagnostics: the diagnostics of spliced content come once, at
// their place; a tab's own diagnostic is kept.
func TestSpliceDiagnostics(t *testing.T) {
	set := setOf(t, spliceTemplates)
	f, span := guide("{{< tabs >}}\n{{< tab \"A\" >}}\n{{< nosuch >}} {{< with >}}{{< /with >}}\n{{< /tab >}}\n{{< /tabs >}}\n{{< tab \"alone\" >}}x{{< /tab >}}")
	_, diags := Expand(set, f, span, Options{})
	got := diagStrings(diags)
	want := []string{"6:16-6:28 shortcode-errorf", "6:5-6:11 shortcode-unknown", "9:1-9:20 shortcode-errorf"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}
	for _, d := range diags {
		if d.Code == codeErrorf && strings.Contains(d.Message, "outside") != (d.Start().Line == 9) {
			t.Errorf("%s at line %d", d.Message, d.Start().Line)
		}
	}
}

// TestSpliceLiveUsed: an escaped call rendered as a call counts among the
// shortcodes the page uses (a change of its template rebuilds the page).
func TestSpliceLiveUsed(t *testing.T) {
	set := setOf(t, spliceTemplates)
	f, span := guide("{{< box >}}\n{{</* sv nojs=\"v\" */>}}\n{{< /box >}}\n`{{</* attr */>}}`")
	ex, _ := Expand(set, f, span, Options{})
	if !slices.Equal(ex.Used, []string{"box", "sv"}) {
		t.Errorf("used %v, want [box sv]", ex.Used)
	}
}
