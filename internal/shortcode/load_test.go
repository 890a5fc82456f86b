package shortcode

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/guidec/guidec/internal/diag"
)

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, src := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// located lists the load diagnostics of set as "file:line:col code:
// message".
func located(set *Set) []string {
	var out []string
	for _, d := range set.Diagnostics() {
		p := d.Start()
		out = append(out, fmt.Sprintf("%s:%d:%d %s: %s", d.Filename(), p.Line, p.Column, d.Code, d.Message))
	}
	return out
}

// TestLoadBrokenTemplates: each template that does not load is reported on
// its own, at the file, line and column of the problem, naming a missing
// function; the others load; the order is the same on every run (map
// iteration order must not show).
func TestLoadBrokenTemplates(t *testing.T) {
	project := mapFS(map[string]string{
		"ok.html":         `<b>{{ .Get 0 }}</b>`,
		"missing.html":    "<p>\n  {{ .Get 0 | frobnicate }}\n</p>",
		"several.html":    "{{ zap 1 }}{{ if true }}{{ zip }}{{ zap 2 }}{{ end }}",
		"syntax.html":     "a\nb\n{{ if }}",
		"unclosed.html":   "{{ range .Params }}",
		"escape.html":     `<a href="{{ if .Name }}x{{ end }}`,
		"attr.html":       "<p title=\"{{ .Get 0 }}\n\n\n>",
		"bad name!.html":  "x",
		"tr.en.html":      "a variant Hugo uses for another language: skipped",
		"notes.txt":       "not a template",
		"dir/nested.html": "a directory: skipped",
		"defined.html":    `{{ define "x" }}{{ nope }}{{ end }}{{ template "x" . }}`,
		"comment.html":    `{{/* {{ nope }} */}}ok`,
		"predef.html":     "<p>\n{{ .Get 0 | urlquery | printf \"%s\" }}</p>",
	})
	want := []string{
		`layouts/_shortcodes/attr.html:1:1 shortcode-template-load: template does not load: it ends inside an HTML tag, attribute or element that it opens, which html/template cannot escape`,
		`layouts/_shortcodes/bad name!.html:1:1 shortcode-template-load: "bad name!" is not a valid shortcode name`,
		`layouts/_shortcodes/defined.html:1:20 shortcode-template-load: template does not load: function "nope" is not defined`,
		`layouts/_shortcodes/escape.html:1:1 shortcode-template-load: template does not load: it ends inside an HTML tag, attribute or element that it opens, which html/template cannot escape`,
		`layouts/_shortcodes/missing.html:2:15 shortcode-template-load: template does not load: function "frobnicate" is not defined`,
		`layouts/_shortcodes/predef.html:2:4 shortcode-template-load: template does not load: predefined escaper "urlquery" disallowed in template`,
		`layouts/_shortcodes/several.html:1:4 shortcode-template-load: template does not load: functions "zap", "zip" are not defined`,
		`layouts/_shortcodes/syntax.html:3:1 shortcode-template-load: template does not load: missing value for if`,
		`layouts/_shortcodes/unclosed.html:1:1 shortcode-template-load: template does not load: unexpected EOF`,
	}
	var first []string
	for i := range 20 {
		set, _, err := Load(Sources{Project: []fs.FS{Named("layouts/_shortcodes", project)}})
		if err != nil {
			t.Fatal(err)
		}
		got := located(set)
		if i == 0 {
			first = got
			if !slices.Equal(set.Names(), []string{"attr", "comment", "defined", "escape", "missing", "ok", "predef", "several", "syntax", "unclosed"}) {
				t.Errorf("names %v", set.Names())
			}
			continue
		}
		if !slices.Equal(got, first) {
			t.Fatalf("run %d:\n%s\nrun 0:\n%s", i, strings.Join(got, "\n"), strings.Join(first, "\n"))
		}
	}
	if len(first) != len(want) {
		t.Fatalf("diagnostics\n%s\nwant\n%s", strings.Join(first, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if first[i] != want[i] {
			t.Errorf("diagnostic %d\n got %s\nwant %s", i, first[i], want[i])
		}
	}
}

// TestLoadBrokenTemplateCalls: a call of a template that does not load
// fails at the call, pointing at the problem in the template; a page
// without such a call is fine; a paired call of it still pairs.
func TestLoadBrokenTemplateCalls(t *testing.T) {
	set, l, err := Load(Sources{
		Builtin: Named("sc", mapFS(map[string]string{"ok.html": "<b>ok</b>"})),
		Project: []fs.FS{Named("layouts/_shortcodes", mapFS(map[string]string{
			"box.html": "<div>{{ .Inner | markdownify | frob }}</div>",
		}))},
	})
	if err != nil || len(l) != 1 {
		t.Fatalf("load: %v %v", err, diagStrings(l))
	}
	f, span := guide("{{< ok >}}\n{{< box >}}\ninside\n{{< /box >}}\n")
	ex, diags := Expand(set, f, span, Options{})
	got := diagStrings(diags)
	if !slices.Equal(got, []string{"5:1-5:12 shortcode-template-error"}) {
		t.Fatalf("diagnostics %v", got)
	}
	d := diags[0]
	if want := `shortcode "box" cannot render: its template layouts/_shortcodes/box.html does not load`; d.Message != want {
		t.Errorf("message %q, want %q", d.Message, want)
	}
	if len(d.Related) != 1 || d.Related[0].File.Name != "layouts/_shortcodes/box.html" || !strings.Contains(d.Related[0].Message, `"frob"`) {
		t.Errorf("related %+v", d.Related)
	}
	if len(ex.Calls) != 2 || ex.Calls[0].HTML != "<b>ok</b>" {
		t.Errorf("calls %+v", ex.Calls)
	}
	f, span = guide("{{< ok >}}\n")
	if _, diags := Expand(set, f, span, Options{}); len(diags) > 0 {
		t.Errorf("a page without the broken call: %v", diagStrings(diags))
	}
}

// TestLoadPriority: a project template replaces the built-in one and the
// one of the same name in a later project directory; the rest add up.
func TestLoadPriority(t *testing.T) {
	set, l, err := Load(Sources{
		Builtin: Named("sc", mapFS(map[string]string{"a.html": "builtin-a", "b.html": "builtin-b"})),
		Project: []fs.FS{
			Named("layouts/_shortcodes", mapFS(map[string]string{"a.html": "project-a", "c.html": "project-c"})),
			Named("layouts/shortcodes", mapFS(map[string]string{"a.html": "old-a", "c.html": "old-c", "d.html": "old-d"})),
		},
	})
	if err != nil || len(l) > 0 {
		t.Fatalf("load: %v %v", err, diagStrings(l))
	}
	if !slices.Equal(set.Names(), []string{"a", "b", "c", "d"}) {
		t.Errorf("names %v", set.Names())
	}
	f, span := guide("{{< a >}}{{< b >}}{{< c >}}{{< d >}}")
	ex, _ := Expand(set, f, span, Options{})
	var got []string
	for _, c := range ex.Calls {
		got = append(got, string(c.HTML))
	}
	if !slices.Equal(got, []string{"project-a", "builtin-b", "project-c", "old-d"}) {
		t.Errorf("outputs %v", got)
	}
	if set.File("a").Name != "layouts/_shortcodes/a.html" || set.File("b").Name != "sc/b.html" {
		t.Errorf("files %s %s", set.File("a").Name, set.File("b").Name)
	}
}

// TestLoadPartials: partials that shortcodes call by name are checked at
// load; one called by a computed name fails at the call; a partial's
// failure names the partial's file and line.
func TestLoadPartials(t *testing.T) {
	set, l, err := Load(Sources{
		Builtin: Named("sc", mapFS(map[string]string{
			"direct.html":   `{{ partial "a/reached.html" . }}`,
			"computed.html": `{{ partial (printf "%s.html" (.Get 0)) . }}`,
			"fails.html":    `{{ partial "runtime.html" . }}`,
		})),
		Partials: []fs.FS{
			Named("layouts/_partials", mapFS(map[string]string{
				"a/reached.html": `{{ partial "b/deeper" . }}`,
				"b/deeper.html":  "x{{ nope }}",
				"unreached.html": "{{ alsonope }}",
				"runtime.html":   "line 1\n{{ index .Params 9 }}",
				".hidden/x.html": "{{ hidden }}",
			})),
			Named("layouts/partials", mapFS(map[string]string{
				"b/deeper.html": "shadowed by the first directory",
				"only-old.html": "old",
			})),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := located(set); !slices.Equal(got, []string{
		`layouts/_partials/b/deeper.html:1:5 shortcode-template-load: template does not load: function "nope" is not defined`,
	}) || len(l) != 1 {
		t.Errorf("load diagnostics %q", got)
	}
	for _, tt := range []struct{ body, want string }{
		{`{{< direct >}}`, `partial "a/reached.html": template: layouts/_partials/a/reached.html:1:3: executing "layouts/_partials/a/reached.html" at <partial "b/deeper" .>: error calling partial: layouts/_partials/b/deeper.html:1:5: template does not load: function "nope" is not defined`},
		{`{{< computed "unreached" >}}`, `layouts/_partials/unreached.html:1:4: template does not load: function "alsonope" is not defined`},
		{`{{< computed "only-old" >}}`, ""},
		{`{{< computed "missing" >}}`, `partial "missing.html" not found`},
		{`{{< fails "a" >}}`, `layouts/_partials/runtime.html:2:3: executing "layouts/_partials/runtime.html" at <index .Params 9>: error calling index: index out of range: 9`},
	} {
		f, span := guide(tt.body)
		ex, diags := Expand(set, f, span, Options{})
		switch {
		case tt.want == "" && len(diags) > 0:
			t.Errorf("%s: %v", tt.body, diags[0].Message)
		case tt.want == "" && ex.Calls[0].HTML != "old":
			t.Errorf("%s: output %q", tt.body, ex.Calls[0].HTML)
		case tt.want != "" && (len(diags) != 1 || !strings.Contains(diags[0].Message, tt.want)):
			t.Errorf("%s: diagnostics %v, want one containing\n%s", tt.body, messages(diags), tt.want)
		}
	}
}

func messages(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.Message)
	}
	return out
}

// TestSameSupport: two loads with the same partials and data are the same
// support for templates; a changed partial or data file is not.
func TestSameSupport(t *testing.T) {
	load := func(partial, data string) *Set {
		set, _, err := Load(Sources{
			Partials: []fs.FS{Named("layouts/_partials", mapFS(map[string]string{"p.html": partial}))},
			Data:     Named("data", mapFS(map[string]string{"d.json": data})),
		})
		if err != nil {
			t.Fatal(err)
		}
		return set
	}
	a := load("p", `{"k": 1}`)
	for _, tt := range []struct {
		b    *Set
		same bool
	}{
		{a, true}, {load("p", `{"k": 1}`), true}, {load("p2", `{"k": 1}`), false}, {load("p", `{"k": 2}`), false},
	} {
		if got := a.SameSupport(tt.b); got != tt.same {
			t.Errorf("SameSupport = %v, want %v", got, tt.same)
		}
	}
	c, _ := a.Clone()
	if !a.SameSupport(c) {
		t.Error("a clone is not the same support")
	}
}

// TestLoadRunsNothing: loading a template (escaping it) runs none of it:
// a loop that would take hours, a call that would report, a partial that
// calls itself.
func TestLoadRunsNothing(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		set, l, err := Load(Sources{
			Builtin: Named("sc", mapFS(map[string]string{
				"loop.html":  `{{ range seq 65536 }}{{ range seq 65536 }}{{ end }}{{ end }}<p>`,
				"bad.html":   `<p title="`,
				"loud.html":  `{{ errorf "ran" }}<b>{{ .Get 0 }}</b>`,
				"again.html": `{{ partial "self.html" . }}`,
			})),
			Partials: []fs.FS{Named("layouts/_partials", mapFS(map[string]string{"self.html": `{{ partial "self.html" . }}`}))},
		})
		if err != nil || len(l) != 1 || !strings.Contains(l[0].Message, "ends inside an HTML tag") || len(set.Names()) != 4 {
			t.Errorf("load: %v %v", err, messages(l))
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("loading ran the template")
	}
}

// TestForWorker: the Set Load returned is given once, as it is, and
// renders as a clone does, a broken template included; every other call,
// and any call on a clone, gives a new Set.
func TestForWorker(t *testing.T) {
	set, _, err := Load(Sources{
		Builtin: Named("sc", mapFS(map[string]string{
			"ok.html":  `<b>{{ .Get 0 }}</b>`,
			"bad.html": `<div>{{ frob }}</div>`,
		})),
	})
	if err != nil {
		t.Fatal(err)
	}
	first, err := set.ForWorker()
	if err != nil || first != set {
		t.Fatalf("first ForWorker = %p, %v; want the loaded Set %p", first, err, set)
	}
	second, _ := set.ForWorker()
	if second == set {
		t.Fatal("second ForWorker returned the loaded Set again")
	}
	if again, _ := second.ForWorker(); again == second {
		t.Fatal("ForWorker of a clone returned the clone itself")
	}
	render := func(s *Set) string {
		f, span := guide("{{< ok x >}}\n{{< bad >}}\n")
		ex, diags := Expand(s, f, span, Options{})
		var calls []string
		for _, c := range ex.Calls {
			calls = append(calls, string(c.HTML))
		}
		return strings.Join(calls, "|") + " " + strings.Join(diagStrings(diags), ",")
	}
	if a, b := render(first), render(second); a != b || !strings.Contains(a, "<b>x</b>") {
		t.Errorf("the loaded Set renders %q, a clone %q", a, b)
	}
}

// TestLoadVerified: the templates of a Verified directory are compiled on
// first use, those of any other directory by Load; a project template
// that replaces a Verified one is compiled by Load.
func TestLoadVerified(t *testing.T) {
	builtin := mapFS(map[string]string{"a.html": "A{{ .Get 0 }}", "b.html": "B"})
	project := mapFS(map[string]string{"b.html": "project B"})
	for _, c := range []struct {
		name    string
		src     Sources
		upfront []string
	}{
		{"plain", Sources{Builtin: builtin}, []string{"a", "b"}},
		{"verified", Sources{Builtin: Verified(builtin)}, nil},
		{"verified, one replaced", Sources{Builtin: Verified(builtin), Project: []fs.FS{project}}, []string{"b"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, l, err := Load(c.src)
			if err != nil || len(l) != 0 {
				t.Fatal(l, err)
			}
			var got []string
			for _, n := range s.Names() {
				if s.tmpls[n] != nil {
					got = append(got, n)
				}
			}
			if !slices.Equal(got, c.upfront) {
				t.Fatalf("compiled by Load: %v, want %v", got, c.upfront)
			}
			if tm, ok := s.template("a"); !ok || tm.t == nil {
				t.Fatal("a does not compile on first use")
			}
		})
	}
}
