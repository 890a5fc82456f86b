package shortcode

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template/parse"

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

// autheliaUnused are calls of the Authelia shortcodes that its docs tree
// does not call, written as its templates expect them.
var autheliaUnused = []autheliaCall{
	{file: "x/alert.md", text: "{{< alert context=\"warning\" icon=\"!\" >}}\nSome **inner** text.\n{{< /alert >}}"},
	{file: "x/alert.md", text: `{{< alert text="Plain <b>text</b>" />}}`},
	{file: "x/email.md", text: `{{< email user="john" domain="example.com" >}}`},
	{file: "x/mermaid.md", params: map[string]any{"mermaid": true},
		text: "{{< mermaid class=\"text-center\" >}}\n```mermaid\ngraph TD;\n  A-->B;\n```\n{{< /mermaid >}}"},
	{file: "x/profile-card.md", text: `{{< profile-card name="james-elliott" >}}`},
	{file: "x/video.md", text: `{{< video ratio="16x9" attributes="controls autoplay muted" webm-src="/videos/a.webm" mp4-src="videos/a.mp4" >}}`},
	{file: "x/var-domain.md", text: `{{< var-domain >}}`},
}

// TestAutheliaCalls renders every call of Authelia's own shortcodes in
// its docs tree, each as the page it is on would, and a call of each
// shortcode the tree does not call: none may report a problem, and every
// shortcode Authelia defines is covered.
func TestAutheliaCalls(t *testing.T) {
	set := autheliaSet(t)
	calls := append(autheliaCalls(t, set), autheliaUnused...)
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
	for _, n := range set.Names() {
		if strings.HasPrefix(set.File(n).Name, "layouts/") && used[n] == 0 {
			t.Errorf("no call of Authelia's %s", n)
		}
	}
}

// TestAutheliaMisuse: Authelia's templates reject wrong calls with errorf,
// reported at the call.
func TestAutheliaMisuse(t *testing.T) {
	set := autheliaSet(t)
	for _, tt := range []struct{ body, want string }{
		{"{{< envTab \"Docker\" >}}\nx\n{{< /envTab >}}", `"/x/page": 'envTab' shortcode must be inside 'envTabs' shortcode`},
		{"{{< mermaid >}}\nx\n{{< /mermaid >}}", "Failed to process mermaid shortcode: g.md:4:1. Set mermaid to true in page front matter"},
		{`{{< supported-product product="nginx" format="x" >}}`, "Product 'nginx' not found in support data"},
		{"{{< details \"Summary\" >}}{{< /details >}}", "No details provided"},
	} {
		f, span := guide(tt.body)
		_, diags := Expand(set, f, span, Options{Page: PageInfo{Path: "x/page.md"}})
		if len(diags) != 1 || diags[0].Code != codeErrorf || diags[0].Message != tt.want || diags[0].Start().Line != 4 {
			t.Errorf("%s: %v %v, want %q", tt.body, diagStrings(diags), messages(diags), tt.want)
		}
	}
}

// TestAutheliaGolden records, for each of Authelia's shortcode templates
// and the partials they call, the functions and fields it uses, and for
// each shortcode its calls in the docs tree: how many, the first, and a
// digest of every call's expansion, in testdata/golden/authelia.golden
// (digests, so that no part of Authelia's templates is copied here).
// Run with -update after a deliberate change, and look at the expansions
// that changed.
func TestAutheliaGolden(t *testing.T) {
	set := autheliaSet(t)
	var b strings.Builder
	b.WriteString("# What Authelia's templates use, and a digest of the expansion of each of their calls in its docs tree.\n")
	var srcs []*tmplSrc
	for _, n := range set.Names() {
		if src := set.lib.shortcodes[n]; strings.HasPrefix(src.file.Name, "layouts/") {
			srcs = append(srcs, src)
		}
	}
	srcs = append(srcs, set.lib.reachablePartials()...)
	for _, src := range srcs {
		funcs, fields := uses(t, src)
		fmt.Fprintf(&b, "%s\n  funcs: %s\n  fields: %s\n", src.file.Name, strings.Join(funcs, " "), strings.Join(fields, " "))
	}
	type stat struct {
		calls int
		first string
		sum   hash.Hash
	}
	stats := map[string]*stat{}
	for _, c := range autheliaCalls(t, set) {
		f, span := guide(c.text)
		ex, _ := Expand(set, f, span, Options{
			Page: PageInfo{Title: "T", Path: c.file, Params: c.params},
			Site: SiteInfo{BaseURL: "http://localhost/"},
		})
		name := strings.TrimLeft(c.text, "{<% ")
		name = name[:strings.IndexAny(name, " >%")]
		st := stats[name]
		if st == nil {
			st = &stat{first: fmt.Sprintf("%s:%d", c.file, c.line), sum: sha256.New()}
			stats[name] = st
		}
		st.calls++
		st.sum.Write(ex.Markdown)
		for _, r := range ex.Calls {
			st.sum.Write([]byte(r.HTML))
		}
	}
	for _, n := range sortedNames(stats) {
		st := stats[n]
		fmt.Fprintf(&b, "calls %s: %d, first %s, sha256 %x\n", n, st.calls, st.first, st.sum.Sum(nil)[:8])
	}
	path := filepath.Join("testdata", "golden", "authelia.golden")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != b.String() {
		t.Errorf("%s differs from the output (run go test -update and review the diff):\n%s", path, b.String())
	}
}

// uses returns the functions and the fields (methods, map keys) a
// template names, sorted.
func uses(t *testing.T, src *tmplSrc) (funcs, fields []string) {
	trees, err := rawParse(src.file)
	if err != nil {
		t.Fatalf("%s: %v", src.file.Name, err)
	}
	fs, fl := map[string]bool{}, map[string]bool{}
	for _, tr := range trees {
		walkTree(tr.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.IdentifierNode:
				fs[n.Ident] = true
			case *parse.FieldNode:
				for _, id := range n.Ident {
					fl["."+id] = true
				}
			case *parse.ChainNode:
				for _, id := range n.Field {
					fl["."+id] = true
				}
			case *parse.VariableNode:
				for _, id := range n.Ident[1:] {
					fl["."+id] = true
				}
			}
		})
	}
	return sortedNames(fs), sortedNames(fl)
}
