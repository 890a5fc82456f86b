package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/testenv"
)

// templateFS returns a directory of templates: path → source.
func templateFS(name string, files map[string]string) fs.FS {
	fsys := fstest.MapFS{}
	for p, src := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(src), Mode: 0o644}
	}
	return shortcode.Named(name, fsys)
}

// located lists diagnostics as "file:line:col code: message".
func located(l diag.List) []string {
	var out []string
	for _, d := range l {
		p := d.Start()
		out = append(out, fmt.Sprintf("%s:%d:%d %s: %s", d.Filename(), p.Line, p.Column, d.Code, d.Message))
	}
	return out
}

// TestRunBrokenProjectTemplate: a project template that calls a function
// guidec does not have is reported once, at the function, in the same
// order on every run; only the pages that call it fail.
func TestRunBrokenProjectTemplate(t *testing.T) {
	guides := map[string]string{
		"caller": "## Tested Versions\n\nIntro.\n\n{{< broken >}}\n\n{{< fine >}}\n",
		"other":  "## Tested Versions\n\n{{< fine >}} and {{< callout >}}x{{< /callout >}}\n",
	}
	project := templateFS("layouts/_shortcodes", map[string]string{
		"broken.html":  "<p>\n  {{ .Get 0 | frobnicate }}\n</p>\n",
		"broken2.html": "{{ if }}",
		"fine.html":    `<b>{{ "fine" | strings.ToUpper }}</b>`,
		"callout.html": `<aside>{{ .Inner | markdownify }}</aside>`, // replaces the built-in
	})
	var first []string
	for i := range 20 {
		res, _, err := runOpts(t, guides, func(o *Options) { o.ProjectShortcodes = []fs.FS{project} })
		if err != nil {
			t.Fatal(err)
		}
		got := located(res.Diags)
		if i == 0 {
			first = got
			continue
		}
		if !slices.Equal(got, first) {
			t.Fatalf("run %d reports\n%s\nrun 0 reported\n%s", i, strings.Join(got, "\n"), strings.Join(first, "\n"))
		}
	}
	want := []string{
		`guides/caller/index.md:9:1 shortcode-template-error: shortcode "broken" cannot render: its template layouts/_shortcodes/broken.html does not load`,
		`layouts/_shortcodes/broken.html:2:15 shortcode-template-load: template does not load: function "frobnicate" is not defined`,
		`layouts/_shortcodes/broken2.html:1:1 shortcode-template-load: template does not load: missing value for if`,
	}
	if !slices.Equal(first, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(first, "\n"), strings.Join(want, "\n"))
	}
}

// TestRunProjectTemplates renders a page with project templates that
// replace and add to the built-in ones, read data and call partials from
// nested directories.
func TestRunProjectTemplates(t *testing.T) {
	guides := map[string]string{
		"app": "## Tested Versions\n\n{{< callout >}}\nInside *callout*.\n{{< /callout >}}\n\n" +
			"Version {{< latest >}}; {{< card name=\"ann\" >}}\n\n{{% table %}}\n",
	}
	res, out, err := runOpts(t, guides, func(o *Options) {
		o.Output = &publish.MemOutput{}
		o.ProjectShortcodes = []fs.FS{templateFS("layouts/_shortcodes", map[string]string{
			"callout.html": `<aside class="project">{{ .Inner | markdownify }}</aside>`,
			"latest.html":  `{{- hugo.Data.misc.latest -}}`,
			"card.html":    `{{ partial "people/card.html" (dict "Site" .Site "Key" (.Get "name")) }}`,
			"table.html":   "| Name | Role |\n|---|---|\n{{- range $k, $v := .Site.Data.people }}\n| {{ $v.name }} | {{ $v.role | title }} |\n{{- end }}\n",
		})}
		o.Partials = []fs.FS{templateFS("layouts/_partials", map[string]string{
			"people/card.html": `{{ with index .Site.Data.people .Key }}<span class="card">{{ .name }}</span>{{ end }}`,
		})}
		o.Data = templateFS("data", map[string]string{
			"misc.json":       `{"latest": "4.39.1"}`,
			"people/ann.yml":  "name: Ann\nrole: the maintainer\n",
			"people/bob.toml": "name = \"Bob\"\nrole = \"reviewer\"\n",
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diags) > 0 {
		t.Fatalf("diagnostics:\n%s", strings.Join(located(res.Diags), "\n"))
	}
	b, _ := out.File("app/index.html")
	page := string(b)
	for _, want := range []string{
		`<aside class="project">`, "Inside <em>callout</em>.", "Version 4.39.1;", `<span class="card">Ann</span>`,
		"<td>Ann</td>", "<td>The Maintainer</td>", "<td>Bob</td>", "<td>Reviewer</td>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
}

// TestRunTemplateOutputLinksAndHeadings: Markdown that a `{{% %}}` call
// renders is parsed with the page: its links are checked and reported at
// the call, and its headings' ids are the page's, for links from other
// pages and from the same page.
func TestRunTemplateOutputLinksAndHeadings(t *testing.T) {
	guides := map[string]string{
		"app": "## Tested Versions\n\nSee [below](#emitted-heading).\n\n" +
			"Text {{% linky %}} more.\n\n{{% heads %}}\n",
		"other": "## Tested Versions\n\nSee [app](../app/#emitted-heading) and [sub](../app/#emitted-sub-1).\n",
	}
	res, _, err := runOpts(t, guides, func(o *Options) {
		o.ProjectShortcodes = []fs.FS{templateFS("layouts/_shortcodes", map[string]string{
			"linky.html": `[a broken link](#nowhere) and [another](../missing-guide/)`,
			"heads.html": "## Emitted Heading\n\n### Emitted Sub\n\n### Emitted Sub\n",
		})}
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		if strings.HasPrefix(d.Code, "link-") {
			p, e := d.Start(), d.End()
			got = append(got, fmt.Sprintf("%s:%d:%d-%d:%d %s", d.Filename(), p.Line, p.Column, e.Line, e.Column, d.Code))
		}
	}
	// Both links of linky are at the call, line 9 columns 6 to 19; nothing
	// about the emitted headings.
	want := []string{
		"guides/app/index.md:9:6-9:19 link-anchor-missing",
		"guides/app/index.md:9:6-9:19 link-broken",
	}
	if !slices.Equal(got, want) {
		t.Errorf("link diagnostics\n%s\nwant\n%s\nall:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), strings.Join(located(res.Diags), "\n"))
	}
}

// TestRunAutheliaTabs renders a page with Authelia's own tab templates:
// the snippets inside the tabs are parsed with the page, so they are
// highlighted and checked like any other, and the escaped site variables
// in them are live.
func TestRunAutheliaTabs(t *testing.T) {
	docs := testenv.Shared(t, "corpus", "authelia-docs")
	layouts := filepath.Join(docs, "layouts")
	guides := map[string]string{
		"app": "## Tested Versions\n\n- [v4.39.1](https://github.com/authelia/authelia/releases/tag/v4.39.1)\n\n" +
			"{{< sessionTabs \"Sessions\" >}}\n" +
			"{{< sessionTab \"Modern\" >}}\n" +
			"```yaml {title=\"configuration.yml\"}\n" +
			"session:\n  cookies:\n    - domain: '{{</* sitevar name=\"domain\" nojs=\"example.com\" */>}}'\n" +
			"      authelia_url: 'https://{{</* sitevar name=\"subdomain-authelia\" nojs=\"auth\" */>}}.{{</* sitevar name=\"domain\" nojs=\"example.com\" */>}}'\n" +
			"```\n" +
			"{{< /sessionTab >}}\n" +
			"{{< sessionTab \"Broken\" >}}\n" +
			"```yaml {title=\"configuration.yml\"}\n" +
			"session: [unclosed\n" +
			"```\n" +
			"{{< /sessionTab >}}\n" +
			"{{< /sessionTabs >}}\n",
	}
	res, out, err := runOpts(t, guides, func(o *Options) {
		o.Output = &publish.MemOutput{}
		o.ProjectShortcodes = []fs.FS{shortcode.Named("layouts/_shortcodes", os.DirFS(filepath.Join(layouts, "_shortcodes")))}
		o.Partials = []fs.FS{shortcode.Named("layouts/_partials", os.DirFS(filepath.Join(layouts, "_partials")))}
		o.Data = shortcode.Named("data", os.DirFS(filepath.Join(docs, "data")))
	})
	if err != nil {
		t.Fatal(err)
	}
	var syntax []string
	for _, d := range res.Diags {
		if d.Severity == diag.Error {
			p := d.Start()
			syntax = append(syntax, fmt.Sprintf("%d %s", p.Line, d.Code))
		}
	}
	// The YAML error of the second tab is found at its line; the first
	// tab's configuration, with its site variables, is valid.
	if !slices.Equal(syntax, []string{"20 yaml-syntax"}) {
		t.Errorf("errors %v, want one YAML syntax error at line 20:\n%s", syntax, strings.Join(located(res.Diags), "\n"))
	}
	b, _ := out.File("app/index.html")
	page := string(b)
	for _, want := range []string{
		`data-toggle-session-tab="modern"`, `id="session-tabs-Sessions-1"`,
		`class="site-variable-domain"`, // the escaped sitevar is live
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "{{&lt;") || strings.Contains(page, "{{<") {
		t.Error("a shortcode call is left in the page")
	}
}
