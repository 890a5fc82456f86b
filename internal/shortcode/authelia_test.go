package shortcode

import (
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// autheliaDocs returns ../shared/corpus/authelia-docs, skipping the test
// when it is absent (failing under CI=true).
func autheliaDocs(t testing.TB) string {
	t.Helper()
	return testenv.Shared(t, "corpus", "authelia-docs")
}

// autheliaSet loads Authelia's own templates beside the built-in ones, as
// a Hugo project would have them.
func autheliaSet(t testing.TB) *Set {
	t.Helper()
	root := autheliaDocs(t)
	builtin, err := os.ReadDir(filepath.Join("..", "..", "shortcodes"))
	if err != nil || len(builtin) == 0 {
		t.Fatalf("built-in shortcodes: %v", err)
	}
	set, l, err := Load(Sources{
		Builtin:  Named("shortcodes", os.DirFS(filepath.Join("..", "..", "shortcodes"))),
		Project:  []fs.FS{Named("layouts/_shortcodes", os.DirFS(filepath.Join(root, "layouts", "_shortcodes")))},
		Partials: []fs.FS{Named("layouts/_partials", os.DirFS(filepath.Join(root, "layouts", "_partials")))},
		Data:     Named("data", os.DirFS(filepath.Join(root, "data"))),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range l {
		p := d.Start()
		t.Errorf("%s:%d:%d: %s: %s", d.Filename(), p.Line, p.Column, d.Code, d.Message)
	}
	return set
}

func TestAutheliaTemplatesLoad(t *testing.T) {
	set := autheliaSet(t)
	t.Log(set.Names())
}

// autheliaCall is one call of an Authelia shortcode in the docs tree.
type autheliaCall struct {
	file   string // content-relative path
	line   int
	text   string // the call, inner content included
	params map[string]any
}

// autheliaCalls returns every call of a shortcode Authelia defines in the
// pages of the docs tree (top-level calls, with the calls inside them),
// in file order.
func autheliaCalls(t testing.TB, set *Set) []autheliaCall {
	t.Helper()
	root := filepath.Join(autheliaDocs(t), "content")
	own, err := os.ReadDir(filepath.Join(autheliaDocs(t), "layouts", "_shortcodes"))
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, e := range own {
		defined[strings.TrimSuffix(e.Name(), ".html")] = true
	}
	var out []autheliaCall
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		f := source.NewFile(rel, b)
		body := bodySpan(b)
		params := map[string]any{}
		if body.Start > 0 {
			_ = yaml.Unmarshal(b[4:body.Start-4], &params)
		}
		nodes, _ := Parse(f, body, set)
		for _, n := range nodes {
			if c, ok := n.(*Call); ok && defined[c.Name] && !c.Broken {
				out = append(out, autheliaCall{file: rel, line: f.Position(c.Span.Start).Line,
					text: string(b[c.Span.Start:c.Span.End]), params: params})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestAutheliaCalls renders every call of Authelia's own shortcodes in
// its docs tree, each as the page it is on would: none may report a
// problem, and every shortcode Authelia defines and uses is covered.
func TestAutheliaCalls(t *testing.T) {
	set := autheliaSet(t)
	calls := autheliaCalls(t, set)
	used := map[string]int{}
	for _, c := range calls {
		f, span := guide(c.text)
		ex, diags := Expand(set, f, span, Options{
			Page: PageInfo{Title: "T", Path: c.file, Params: c.params},
			Site: SiteInfo{BaseURL: "http://localhost/"},
			Markdownify: func(s string) (template.HTML, error) {
				return template.HTML("<p>" + template.HTMLEscapeString(s) + "</p>"), nil
			},
		})
		for _, d := range diags {
			p := d.Start()
			t.Errorf("%s:%d: %s: %d:%d %s: %s", c.file, c.line, c.text[:min(len(c.text), 60)], p.Line, p.Column, d.Code, d.Message)
		}
		checkExpanded(t, c.file, f, ex)
		for _, n := range ex.Used {
			used[n]++
		}
	}
	t.Log(len(calls), used)
}
