package testenv

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFiles writes name → content under root (slash paths).
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGuidesTree reads guides from a temporary repository: name order,
// body, aliases and fences; and a failure for a guide without front matter
// or a repository without guides.
func TestGuidesTree(t *testing.T) {
	root := tree(t, "repo/go.mod", "repo/guides/")
	t.Chdir(filepath.Join(root, "repo"))
	writeFiles(t, filepath.Join(root, "repo", "guides"), map[string]string{
		"b/index.md": "---\ntitle: B\naliases:\n  - '/old/b/'\n  - x.html\n---\n\n```ini {title=\"app.ini\"}\nk=v\n```\n",
		"a/index.md": "---\n---\nbody\n",
		"a/shot.png": "png",
		"c/notes.md": "not a guide\n",
	})
	want := []Guide{
		{Name: "a", Content: "---\n---\nbody\n", Body: "body\n"},
		{Name: "b", Content: "---\ntitle: B\naliases:\n  - '/old/b/'\n  - x.html\n---\n\n```ini {title=\"app.ini\"}\nk=v\n```\n",
			Body: "\n```ini {title=\"app.ini\"}\nk=v\n```\n", Aliases: []string{"/old/b/", "x.html"},
			Fences: []Fence{{File: "b/index.md", Line: 8, Info: `ini {title="app.ini"}`, Lang: "ini", Text: "k=v\n"}}},
	}
	r, _ := record(func(tb testing.TB) string {
		if got := Guides(tb); !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
		return ""
	})
	if r.ended != "" {
		t.Fatalf("ended %q: %s", r.ended, r.msg)
	}

	writeFiles(t, filepath.Join(root, "repo", "guides"), map[string]string{"e/index.md": "# no front matter\n"})
	if r, _ := record(func(tb testing.TB) string { Guides(tb); return "" }); r.ended != "fatal" || !strings.Contains(r.msg, "guides/e/index.md") {
		t.Errorf("guide without front matter: ended %q (%q), want a failure naming it", r.ended, r.msg)
	}
	if err := os.RemoveAll(filepath.Join(root, "repo", "guides")); err != nil {
		t.Fatal(err)
	}
	if r, _ := record(func(tb testing.TB) string { Guides(tb); return "" }); r.ended != "fatal" || !strings.Contains(r.msg, "no guides") {
		t.Errorf("no guides: ended %q (%q), want a failure", r.ended, r.msg)
	}
}

// TestGuides reads the repository's own guides: each has a body after its
// front matter, at least one fence, and fences found in that body.
func TestGuides(t *testing.T) {
	guides := Guides(t)
	for _, g := range guides {
		if !strings.HasSuffix(g.Content, g.Body) || len(g.Body) == 0 || len(g.Body) == len(g.Content) {
			t.Errorf("%s: body of %d bytes in a %d-byte guide", g.Name, len(g.Body), len(g.Content))
		}
		if len(g.Fences) == 0 {
			t.Errorf("%s: no fences", g.Name)
		}
		for _, f := range g.Fences {
			if f.File != g.Name+"/index.md" || !strings.Contains(g.Body, f.Text) {
				t.Errorf("%s:%d: fence of file %s not in the body", g.Name, f.Line, f.File)
			}
		}
	}
	t.Logf("%d guides", len(guides))
}

func TestSplitFrontMatter(t *testing.T) {
	for _, tt := range []struct {
		in, fm, body string
		ok           bool
	}{
		{"---\na: 1\n---\nbody\n", "a: 1\n", "body\n", true},
		{"---\n---\nbody", "", "body", true},
		{"---\na: 1\n---\n", "a: 1\n", "", true},
		{"---\na: '---'\nb: 2\n---\n---\n", "a: '---'\nb: 2\n", "---\n", true},
		{"---\na: 1\n", "", "", false},
		{"+++\na = 1\n+++\n", "", "", false},
		{"body\n---\n", "", "", false},
	} {
		fm, body, ok := splitFrontMatter(tt.in)
		if fm != tt.fm || body != tt.body || ok != tt.ok {
			t.Errorf("splitFrontMatter(%q) = %q, %q, %v; want %q, %q, %v", tt.in, fm, body, ok, tt.fm, tt.body, tt.ok)
		}
	}
}

func TestFenceSeedName(t *testing.T) {
	g := Guide{Name: "romm", Fences: []Fence{{Lang: "yaml"}, {Lang: "shell"}, {Lang: "YAML"}, {}, {Lang: "c++"}, {Lang: "yaml"}}}
	want := []string{"guide-romm-yaml-1", "guide-romm-shell-1", "guide-romm-yaml-2", "guide-romm-text-1", "guide-romm-c__-1", "guide-romm-yaml-3"}
	for i, w := range want {
		if got := g.FenceSeedName(i); got != w {
			t.Errorf("FenceSeedName(%d) = %q, want %q", i, got, w)
		}
	}
	if got := g.SeedName(); got != "guide-romm" {
		t.Errorf("SeedName() = %q", got)
	}
	if got := g.SeedName("alias", "2"); got != "guide-romm-alias-2" {
		t.Errorf("SeedName(alias, 2) = %q", got)
	}
	seeds := FenceSeeds([]Guide{g}, func(_ Guide, f Fence) []any {
		if f.Lang != "yaml" {
			return nil
		}
		return []any{f.Lang}
	})
	if !reflect.DeepEqual(seeds, map[string][]any{"guide-romm-yaml-1": {"yaml"}, "guide-romm-yaml-3": {"yaml"}}) {
		t.Errorf("FenceSeeds = %v", seeds)
	}
	seeds = GuideSeeds([]Guide{g, {Name: "gitea"}}, func(g Guide) []any {
		if len(g.Fences) == 0 {
			return nil
		}
		return []any{g.Name}
	})
	if !reflect.DeepEqual(seeds, map[string][]any{"guide-romm": {"romm"}}) {
		t.Errorf("GuideSeeds = %v", seeds)
	}
}

func TestFenceTitle(t *testing.T) {
	for info, want := range map[string]string{
		`shell {title=".env"}`:                  ".env",
		`yaml {hl_lines=[1] title="a b.yml"}`:   "a b.yml",
		`yaml{title="x.yml"}`:                   "x.yml",
		`yaml {subtitle="no"}`:                  "",
		`yaml {title=""}`:                       "",
		`yaml`:                                  "",
		`yaml {title="first"} {title="second"}`: "first",
	} {
		if got := (Fence{Info: info}).Title(); got != want {
			t.Errorf("Title of %q = %q, want %q", info, got, want)
		}
	}
}

func TestReplaceSitevars(t *testing.T) {
	for in, want := range map[string]string{
		`https://romm.{{< sitevar name="domain" nojs="example.com" >}}/x`:                                        "https://romm.example.com/x",
		`{{< sitevar name="subdomain-authelia" nojs="auth" >}}.{{< sitevar name="domain" nojs="example.com" >}}`: "auth.example.com",
		`{{<sitevar nojs="a" name="b">}}`:                                                                        "a",
		`{{< sitevar name="domain" >}}`:                                                                          "",
		`{{< sitevar-preferences >}} {{< other nojs="x" >}} {{% sitevar name="d" nojs="x" %}}`:                   `{{< sitevar-preferences >}} {{< other nojs="x" >}} {{% sitevar name="d" nojs="x" %}}`,
		"no calls\n": "no calls\n",
	} {
		if got := ReplaceSitevars(in); got != want {
			t.Errorf("ReplaceSitevars(%q) = %q, want %q", in, got, want)
		}
	}
	f := Fence{Info: `YAML {title="config/app.yml"}`, Lang: "YAML", Text: "a: {{< sitevar name=\"domain\" nojs=\"example.com\" >}}\n"}
	if got := f.Visible(); got != "a: example.com\n" {
		t.Errorf("Visible() = %q", got)
	}
	if s := f.Snippet(); s.Lang != "yaml" || string(s.Text) != "a: example.com\n" || s.Title() != "config/app.yml" || s.FileName() != "app.yml" {
		t.Errorf("Snippet() = %+v", s)
	}
	if s := (Fence{Lang: "shell", Text: "x\n"}).Snippet(); s.Title() != "" || len(s.Attrs) != 0 {
		t.Errorf("Snippet() without a title has attributes %+v", s.Attrs)
	}
}
