package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide"
)

var newDate = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// TestNewTitles makes a guide for titles holding every character that is
// markup somewhere the title goes (YAML front matter, a single-quoted YAML
// scalar in the snippet, Markdown text and link labels, HTML), and checks
// that the front matter reads back the title exactly. (newGuide itself
// refuses a skeleton that does not check clean.)
func TestNewTitles(t *testing.T) {
	titles := []string{
		`My "App"`, `back\slash\`, `Key: value`, `# not a comment`, `- not a list`, `[not] a link`, `a [b](c) d`,
		`it's`, `''`, `*emph* _x_ ~~s~~`, "`code`", `<script>alert(1)</script>`, `A & B &amp;`, `yes`, `null`, `~`,
		`123`, `0x1F`, `1e3`, `2024-01-02`, `? key`, `!tag`, `&anchor`, `*alias`, `@at`, `%percent`, `|`, `>`, `{a: b}`,
		`{ x }`, `a, b`, ` padded `, `Ünïcödé 🚀`, `right-to-left ‏עברית`, `a\`, `[`, `]`, `{`, `}`, `\[x\]`, `---`, `+++`,
	}
	for _, title := range titles {
		t.Run(title, func(t *testing.T) {
			content, err := newGuide("app", title, newDate)
			if err != nil {
				t.Fatal(err)
			}
			g, l := guide.Load(fstest.MapFS{"app/index.md": {Data: content}}, ".", "app", "")
			if g == nil || len(l) > 0 {
				t.Fatalf("load: %v", l)
			}
			m := g.Meta
			if m.Title != title || m.SEO.Title != title+" | OpenID Connect 1.0 | Integration" ||
				m.Description != "Integrating "+title+" with the Authelia OpenID Connect 1.0 Provider." || !m.Draft || !m.Date.Equal(newDate) {
				t.Errorf("front matter reads back %+v", m)
			}
			var snippet struct {
				IdentityProviders struct {
					OIDC struct {
						Clients []struct {
							Name string `yaml:"client_name"`
						}
					} `yaml:"oidc"`
				} `yaml:"identity_providers"`
			}
			body := string(content)
			start := strings.Index(body, "```yaml")
			start += strings.Index(body[start:], "\n") + 1
			end := start + strings.Index(body[start:], "```")
			if err := yaml.Unmarshal([]byte(body[start:end]), &snippet); err != nil || len(snippet.IdentityProviders.OIDC.Clients) != 1 ||
				snippet.IdentityProviders.OIDC.Clients[0].Name != title {
				t.Errorf("snippet's client_name: %+v %v", snippet, err)
			}
		})
	}
}

// TestNewRejects checks the names and titles guidec new refuses.
func TestNewRejects(t *testing.T) {
	for _, name := range []string{"", ".", "..", "../x", "a/b", `a\b`, ".hidden", "-x", "App", "a..b", "a\x00", "a\nb",
		"é", "a b", strings.Repeat("a", 101)} {
		if _, err := newGuide(name, "T", newDate); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	for _, name := range []string{"a", "my-app", "app2", "a.b", "a_b", "0x", strings.Repeat("a", 100)} {
		if _, err := newGuide(name, "T", newDate); err != nil {
			t.Errorf("name %q: %v", name, err)
		}
	}
	for _, title := range []string{"a\nb", "a\rb", "a\tb", "a\x00", "a\u0085b", "a\u2028b", "a\u2029b", "\x1b[31mred", "a\u007f",
		"{{< x >}}", "a}}", "{{% y %}}", "x\uFFFC", "\uFEFFx", "bad \xff utf8", strings.Repeat("x", 201)} {
		if _, err := newGuide("app", title, newDate); err == nil {
			t.Errorf("title %q accepted", title)
		}
	}
}

// TestCreateGuide checks that guidec new creates index.md exclusively and
// never through a symbolic link: not through a dangling index.md link, not
// into a linked guide directory, not over anything that exists.
func TestCreateGuide(t *testing.T) {
	src := t.TempDir()
	outside := t.TempDir()
	content := []byte("x")
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, name); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	// A dangling index.md link into another directory.
	if err := os.Mkdir(filepath.Join(src, "dangling"), 0o755); err != nil {
		t.Fatal(err)
	}
	link(filepath.Join(outside, "planted.md"), filepath.Join(src, "dangling", "index.md"))
	// A guide directory that is a link to another directory.
	link(outside, filepath.Join(src, "linkdir"))
	// An index.md that exists, and a guide name that is a file.
	if err := os.MkdirAll(filepath.Join(src, "exists"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "exists", "index.md"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "file"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"dangling": "already exists", "linkdir": "symbolic link", "exists": "already exists", "file": "not a directory"} {
		if err := createGuide(src, name, content); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", name, err, want)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("written outside the source: %v", entries)
	}
	if b, _ := os.ReadFile(filepath.Join(src, "exists", "index.md")); string(b) != "keep" {
		t.Errorf("existing index.md overwritten: %q", b)
	}
	// A new source directory and guide.
	fresh := filepath.Join(src, "new", "guides")
	if err := createGuide(fresh, "app", content); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(filepath.Join(fresh, "app", "index.md")); err != nil || !st.Mode().IsRegular() {
		t.Errorf("created: %v %v", st, err)
	}
}
