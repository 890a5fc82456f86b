package build

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/hugo"
	"github.com/guidec/guidec/internal/publish"
)

// hugoTree is a small Hugo content tree with one page of each kind and
// links of each outcome; the comments name what each link must give.
var hugoTree = map[string]string{
	"_index.md": "---\ntitle: \"Docs\"\n---\n\nWelcome to the *docs*.\n",
	"integration/_index.md": "---\ntitle: \"Integration\"\n---\n\n" +
		"See [RomM](openid-connect/clients/romm/index.md).\n", // a section resolves from its own directory
	"integration/openid-connect/introduction.md": "---\ntitle: \"Introduction\"\naliases: [old-intro]\n---\n\n## Common Notes\n\nText.\n",
	"integration/openid-connect/clients/romm/index.md": "---\ntitle: \"RomM\"\n---\n\n" +
		"1. [ok](../../introduction.md#common-notes)\n" + // bundle: ../ with .md starts in its own directory
		"2. [broken](../introduction.md)\n" + // …so this names clients/introduction.md
		"3. [anchor](../../introduction.md#nope)\n" +
		"4. [image](logo.png) and [mail](mailto:a@b.example) and a@b.example and <c@d.example>\n" +
		"5. [draft](../../../../wip.md)\n" +
		"6. [reached](../../introduction)\n" + // no extension: GetPage misses, the URL reaches the page
		"7. [self](#heading)\n\n## Heading\n",
	"integration/openid-connect/clients/romm/logo.png":     "\x89PNG\r\n\x1a\n",
	"integration/openid-connect/clients/romm/extra.md":     "---\ntitle: \"Not a page\"\n---\n", // a bundle's content file: a resource, not published
	"configuration/prologue/introduction.md":               "---\ntitle: \"Config\"\nslug: start\n---\n\nBack [home](/).\n",
	"wip.md":                                               "---\ntitle: \"WIP\"\ndraft: true\n---\n",
	"integration/openid-connect/clients/headless/index.md": "---\ntitle: \"Headless\"\nheadless: true\n---\n",
}

func hugoFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body), Mode: 0o644}
	}
	return fsys
}

func hugoOpts(files map[string]string) func(*Options) {
	return func(o *Options) {
		o.Source, o.SourceName = hugoFS(files), "docs/content"
		o.Project = &Project{Config: hugo.DefaultConfig(), ContentPath: "docs/content"}
		o.CheckDrafts = true
	}
}

// TestHugoTree builds a Hugo content tree: every page at Hugo's URL,
// links written as the target's URL, the broken ones reported at their
// position with a suggestion, the home page's content on our home page.
func TestHugoTree(t *testing.T) {
	res, out, err := runOpts(t, nil, func(o *Options) {
		hugoOpts(hugoTree)(o)
		o.Output = &publish.MemOutput{}
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		p := d.Start()
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s", p.Filename, p.Line, p.Column, d.Code, d.Hint))
	}
	romm := "docs/content/integration/openid-connect/clients/romm/index.md"
	want := []string{
		romm + ":6:4 link-broken did you mean '../../introduction.md'?",
		romm + ":7:4 link-anchor-missing ",
		romm + ":9:4 link-draft publish the guide (remove draft: true) or remove the link until it is",
		"docs/content/wip.md:3:8 frontmatter-draft set draft: false to publish the page, or pass --drafts to check it as published",
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Pages != 5 || res.Checked != 7 {
		t.Errorf("%d pages published, %d checked; want 5 and 7 (the draft and the headless page are checked, not published)", res.Pages, res.Checked)
	}
	page := func(name string) string {
		t.Helper()
		b, ok := out.File(name)
		if !ok {
			t.Fatalf("no %s in %v", name, out.Names())
		}
		return string(b)
	}
	r := page("integration/openid-connect/clients/romm/index.html")
	for _, href := range []string{
		`href="/integration/openid-connect/introduction/#common-notes"`, // written as the target's URL
		`href="../introduction.md"`,                                     // shipped as written, as Hugo does
		`href="logo.png"`, `href="mailto:a@b.example"`,
		`href="../../introduction"`, // GetPage misses; left for the browser
		`href="#heading"`,
	} {
		if !strings.Contains(r, href) {
			t.Errorf("romm: no %s", href)
		}
	}
	if !strings.Contains(page("integration/index.html"), `href="/integration/openid-connect/clients/romm/"`) {
		t.Errorf("section: link to the bundle not rewritten")
	}
	page("integration/openid-connect/clients/romm/logo.png")
	page("configuration/prologue/start/index.html")         // slug
	page("integration/openid-connect/old-intro/index.html") // relative alias, from the page's parent directory
	if home := page("index.html"); !strings.Contains(home, "Welcome to the <em>docs</em>") || !strings.Contains(home, `href="/integration/openid-connect/introduction/"`) {
		t.Errorf("home page: no content or no list:\n%s", home)
	}
	for _, name := range out.Names() {
		if strings.Contains(name, "wip") || strings.Contains(name, "headless") || strings.Contains(name, "extra") {
			t.Errorf("%s published", name)
		}
	}
}

// TestHugoEmpty: a content tree without any page is ErrNoGuides, saying
// where guidec looked.
func TestHugoEmpty(t *testing.T) {
	_, _, err := runOpts(t, nil, hugoOpts(map[string]string{"images/a.png": "x"}))
	if !errors.Is(err, ErrNoGuides) || !strings.Contains(err.Error(), "docs/content") || !strings.Contains(err.Error(), "NAME.md") {
		t.Errorf("err = %v, want ErrNoGuides naming docs/content and what was looked for", err)
	}
}

// TestHugoProblems: discovery and front matter problems are diagnostics
// at the file; the page that loses a URL clash is not published.
func TestHugoProblems(t *testing.T) {
	res, out, err := runOpts(t, nil, func(o *Options) {
		hugoOpts(map[string]string{
			"a.md":        "---\ntitle: A\nurl: /same/\n---\n",
			"b.md":        "---\ntitle: B\nurl: /same/\n---\n",
			"d/index.md":  "---\ntitle: D\n---\n",
			"d/_index.md": "---\ntitle: D section\n---\n",
			"e.md":        "---\ntitle: E\nbuild:\n  render: sometimes\n---\n",
		})(o)
		o.Output = &publish.MemOutput{}
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		p := d.Start()
		got = append(got, fmt.Sprintf("%s:%d %s", p.Filename, p.Line, d.Code))
	}
	want := []string{"docs/content/b.md:3 content-url-clash", "docs/content/d/index.md:1 content-both-indexes", "docs/content/e.md:3 content-front-matter"}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}
	if b, _ := out.File("same/index.html"); !strings.Contains(string(b), "<title>A") {
		t.Errorf("same/index.html is not page A's")
	}
}

// TestPageName: the name of a page is its content path.
func TestPageName(t *testing.T) {
	for file, want := range map[string]string{
		"s/bundle/index.md": "s/bundle", "s/_index.md": "s", "s/leaf.md": "s/leaf",
		"_index.md": ".", "index.md": ".", "Index.MD": ".", "a/b/Index.markdown": "a/b", "x.en.md": "x.en",
	} {
		if got := PageName(file); got != want {
			t.Errorf("PageName(%q) = %q, want %q", file, got, want)
		}
	}
}
