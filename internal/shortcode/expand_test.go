package shortcode

import (
	"bytes"
	"fmt"
	"html/template"
	"image"
	"image/png"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// guide builds a guide file with a two-line front matter and returns it
// with its body span.
func guide(body string) (*source.File, source.Span) {
	src := "---\ntitle: T\n---\n" + body
	return source.NewFile("g.md", []byte(src)), source.Span{Start: len(src) - len(body), End: len(src)}
}

// offsetOf returns the offset of the n-th (0-based) occurrence of sub.
func offsetOf(t *testing.T, b []byte, sub string, n int) int {
	t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		j := bytes.Index(b[off+1:], []byte(sub))
		if j < 0 {
			t.Fatalf("%q occurrence %d not found", sub, n)
		}
		off += 1 + j
	}
	return off
}

func pngFile(t testing.TB, w, h int) *fstest.MapFile {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return &fstest.MapFile{Data: buf.Bytes()}
}

func TestExpandMap(t *testing.T) {
	body := "Intro text\n" +
		"- URL: `https://{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/x`\n" +
		"\n" +
		"{{< callout context=\"tip\" title=\"T\" >}}\n" +
		"See [link][ref] and {{< sitevar name=\"subdomain-authelia\" nojs=\"auth\" >}}.\n" +
		"{{< /callout >}}\n" +
		"\n" +
		"{{% oidc-escape-hatch-claims-hydration client_id=\"app\" %}}\n"
	f, span := guide(body)
	ex, diags := Expand(loadSet(t), f, span, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diagStrings(diags))
	}
	md, src := ex.Markdown, f.Content
	checkExpanded(t, "map", f, ex)

	// Verbatim text maps byte for byte.
	for _, s := range []string{"Intro", "/x`", "See [link][ref]", ".\n"} {
		got, exact, _ := ex.Map.Resolve(offsetOf(t, md, s, 0))
		if want := offsetOf(t, src, s, 0); got != want || !exact {
			t.Errorf("%q maps to %d (exact %v), want %d", s, got, exact, want)
		}
	}
	// A sitevar's sentinel maps to the whole call.
	callStart := offsetOf(t, src, "{{< sitevar", 0)
	callEnd := offsetOf(t, src, ">}}", 0) + 3
	s0 := offsetOf(t, md, Sentinel, 0)
	if sp, _ := ex.Map.ResolveSpan(source.Span{Start: s0, End: s0 + len(Sentinel)}); sp != (source.Span{Start: callStart, End: callEnd}) {
		t.Errorf("sitevar sentinel maps to %v, want %d-%d", sp, callStart, callEnd)
	}
	wantCalls := []string{
		"sitevar block=false var=domain text=\"example.com\"",
		"callout block=true var= text=\"\\n\\nT\\n\\n\"",
		"sitevar block=false var=subdomain-authelia text=\"auth\"",
		"callout block=true var= text=\"\\n\\n\\n\"",
	}
	var gotCalls []string
	for _, c := range ex.Calls {
		gotCalls = append(gotCalls, fmt.Sprintf("%s block=%v var=%s text=%q", c.Name, c.Block, c.Var, c.Text))
	}
	if !slices.Equal(gotCalls, wantCalls) {
		t.Errorf("calls:\ngot  %q\nwant %q", gotCalls, wantCalls)
	}
	if !strings.HasPrefix(string(ex.Calls[1].HTML), `<div class="callout callout-tip" role="note">`) ||
		!strings.HasSuffix(string(ex.Calls[3].HTML), "</div>") {
		t.Errorf("callout halves: %q / %q", ex.Calls[1].HTML, ex.Calls[3].HTML)
	}
	// The callout's halves map to its opening and closing tags, and stand
	// in blocks of their own.
	open := offsetOf(t, src, "{{< callout", 0)
	s1 := offsetOf(t, md, Sentinel, 1)
	if got, _, _ := ex.Map.Resolve(s1); got != open {
		t.Errorf("callout opening sentinel maps to %d, want %d", got, open)
	}
	if !bytes.Contains(md, []byte("\n\n"+Sentinel+"\n\n\nSee [link][ref]")) {
		t.Errorf("callout inner not spliced as its own block:\n%s", md)
	}
	// Markdown shortcode output maps to the call.
	hatch := offsetOf(t, md, "claims_policy: 'app'", 0)
	want := source.Span{Start: offsetOf(t, src, "{{%", 0), End: offsetOf(t, src, "%}}", 0) + 3}
	if sp, _ := ex.Map.ResolveSpan(source.Span{Start: hatch, End: hatch + 5}); sp != want {
		t.Errorf("escape hatch output maps to %v, want %v", sp, want)
	}
	if !slices.Equal(ex.Used, []string{"callout", "oidc-escape-hatch-claims-hydration", "sitevar"}) {
		t.Errorf("used %v", ex.Used)
	}
}

func TestExpandEscaped(t *testing.T) {
	f, span := guide("a {{</* sitevar name=\"x\" */>}} b")
	ex, diags := Expand(loadSet(t), f, span, Options{})
	if len(diags) > 0 || string(ex.Markdown) != `a {{< sitevar name="x" >}} b` {
		t.Fatalf("markdown %q diags %v", ex.Markdown, diagStrings(diags))
	}
	for i, want := range map[int]int{2: 2, 4: 4, 5: 7, 22: 24, 23: 27, 26: 30} {
		got, exact, _ := ex.Map.Resolve(i)
		if got != span.Start+want || !exact {
			t.Errorf("Resolve(%d) = %d %v, want %d", i, got, exact, span.Start+want)
		}
	}
}

func TestExpandBlock(t *testing.T) {
	f, span := guide("  {{< sitevar name=\"domain\" nojs=\"a\" >}} \t\nx {{< sitevar name=\"domain\" nojs=\"b\" >}}\n{{< sitevar-preferences >}}y")
	ex, _ := Expand(loadSet(t), f, span, Options{})
	var got []bool
	for _, c := range ex.Calls {
		got = append(got, c.Block)
	}
	if !slices.Equal(got, []bool{true, false, false}) {
		t.Errorf("block %v", got)
	}
}

// TestExpandDiagnostics checks what the shipped templates report, and where.
func TestExpandDiagnostics(t *testing.T) {
	res := fstest.MapFS{"shot.png": pngFile(t, 40, 20)}
	tests := []struct {
		name, body string
		want       []string // "line:col severity code"
		message    string   // a part of the first message
	}{
		{"callout context", "x\n{{< callout context=\"info\" >}}y{{< /callout >}}", []string{"5:1 error shortcode-errorf"}, `unknown context "info"`},
		{"sitevar unknown renders", `{{< sitevar name="domian" nojs="x" >}}`, nil, ""}, // build reports sitevar-undefined (a warning)
		{"sitevar nojs", `{{< sitevar name="domain" >}}`, []string{"4:1 error shortcode-errorf"}, "missing nojs"},
		{"sitevar format", `{{< sitevar name="domain" nojs="x" format="upper" >}}`, []string{"4:1 error shortcode-errorf"}, `unknown format "upper"`},
		{"figure missing", `{{< figure src="nope.png" alt="a" >}}`, []string{"4:1 error shortcode-errorf"}, "resource not found"},
		{"figure parent", `{{< figure src="../x/shot.png" alt="a" >}}`, []string{"4:1 error shortcode-errorf"}, "relative path"},
		{"figure absolute", `{{< figure src="/shot.png" alt="a" >}}`, []string{"4:1 error shortcode-errorf"}, "relative path"},
		{"figure scheme", `{{< figure src="https://example.com/shot.png" alt="a" >}}`, []string{"4:1 error shortcode-errorf"}, "relative path"},
		{"figure no alt", `  {{< figure src="shot.png" >}}`, []string{"4:3 warning shortcode-warnf"}, "missing alt"},
		{"figure style", `{{< figure src="shot.png" alt="a" style="background: url(x)" >}}`, []string{"4:1 warning shortcode-warnf"}, "style"},
		{"figure width", `{{< figure src="shot.png" alt="a" width="wide" >}}`, []string{"4:1 error shortcode-template-error"}, `"wide" is not an integer`},
		{"oidc bug", `{{% oidc-common bugs="claims-hydration, typo" %}}`, []string{"4:1 error shortcode-errorf"}, `unknown bug "typo"`},
		{"hatch client", `{{% oidc-escape-hatch-claims-hydration client_id="a b" %}}`, []string{"4:1 error shortcode-errorf"}, `client_id "a b"`},
		{"hatch example", `{{% oidc-escape-hatch-claims-hydration example="yes" %}}`, []string{"4:1 error shortcode-errorf"}, "example"},
		{"several", "{{< sitevar name=\"domain\" >}}\n{{< nope >}}\n{{< callout context=\"x\" >}}", []string{
			"4:1 error shortcode-errorf", "5:5 error shortcode-unknown", "6:1 error shortcode-errorf", "6:1 error shortcode-unclosed"}, "missing nojs"},
	}
	set := loadSet(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, span := guide(tt.body)
			ex, diags := Expand(set, f, span, Options{Page: PageInfo{Resources: res}})
			diags.Sort()
			var got []string
			for _, d := range diags {
				p := d.Start()
				got = append(got, fmt.Sprintf("%d:%d %s %s", p.Line, p.Column, d.Severity, d.Code))
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v (%v)", got, tt.want, diags)
			}
			if len(diags) > 0 && !strings.Contains(diags[0].Message, tt.message) {
				t.Errorf("message %q lacks %q", diags[0].Message, tt.message)
			}
			checkExpanded(t, tt.name, f, ex)
		})
	}
}

// testTemplates are templates for the context and the expander mechanics.
var testTemplates = fstest.MapFS{
	"sc/ctx.html":      {Data: []byte(`{{ .Name }}|{{ .Ordinal }}|{{ with .Parent }}{{ .Name }}{{ end }}|{{ .IsNamedParams }}|{{ .Get "a" }}|{{ .Get 0 }}|{{ .Get 9 }}|{{ .Position }}`)},
	"sc/wrap.html":     {Data: []byte(`<w>{{ .Inner }}</w>`)},
	"sc/md.html":       {Data: []byte(`**{{ .Get 0 }}**`)},
	"sc/fail.html":     {Data: []byte("ok\n{{ index .Params 5 }}")},
	"sc/ref.html":      {Data: []byte(`<a href="{{ relref . (.Get 0) }}">x</a>`)},
	"sc/big.html":      {Data: []byte(`{{ range split (.Get 0) "," }}0123456789{{ end }}`)},
	"sc/deindent.html": {Data: []byte(`{{ .InnerDeindent }}`)},
	"sc/mdfy.html":     {Data: []byte(`<div>{{ .Inner | markdownify }}</div>`)},
	"sc/page.html":     {Data: []byte(`{{ .Page.Title }}|{{ .Page.Params.kind }}|{{ .Page.File.Path }}|{{ .Page.File.Dir }}|{{ .Page.File.BaseFileName }}|{{ .Site.Title }}|{{ .Site.BaseURL }}|{{ with .Page.Resources.Get "i.png" }}{{ .RelPermalink }} {{ .Width }}x{{ .Height }}{{ end }}|{{ anchorize "Hello, World-X_1" }}|{{ urlize "A b/C" }}|{{ delimit (split "a,b,c" ",") ", " " and " }}|{{ default "d" "" }}{{ default "d" false }}|{{ replace "aXbX" "X" "-" }}|{{ upper (trim " x " " ") }}`)},
	"sc/warn.html":     {Data: []byte(`a{{ warnf "careful with %s." (.Get 0) }}b`)},
	"sc/sitevar.html":  {Data: []byte(`<span class="sitevar">{{ .Get "nojs" }}</span>`)},
}

func testSet(t testing.TB) *Set {
	t.Helper()
	set, err := LoadTemplates(testTemplates, "sc")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestExpandContext(t *testing.T) {
	tests := []struct {
		name, body string
		opts       Options
		markdown   string
		html       []string
		diags      []string // "line:col code"
	}{
		{"ordinal and parent", `{{< wrap >}}{{< ctx a="1" >}}{{< ctx 7 >}}{{< /wrap >}}{{< ctx >}}`, Options{},
			Sentinel + Sentinel, []string{"<w>ctx|0|wrap|true|1|||g.md:4:13ctx|1|wrap|false||7||g.md:4:30</w>", "ctx|1||false||||g.md:4:56"}, nil},
		{"markdown call in paired html call", "{{< wrap >}}a {{% md x %}}{{< /wrap >}}", Options{},
			Sentinel, []string{"<w>a **x**</w>"}, nil},
		{"markdown output", "{{% md hi %}} there", Options{}, "**hi** there", nil, nil},
		{"relref", `{{< ref "romm" >}}{{< ref "nope" >}}`, Options{RelRef: func(r string) (string, bool) { return "/" + r + "/", r == "romm" }},
			Sentinel + Sentinel, []string{`<a href="/romm/">x</a>`, `<a href="">x</a>`}, []string{"4:19 shortcode-relref"}},
		{"template error", "x\n{{< fail >}}", Options{}, "x\n" + Sentinel, []string{""}, []string{"5:1 shortcode-template-error"}},
		{"deindent", "{{< deindent >}}\n    a\n      b\n{{< /deindent >}}", Options{}, Sentinel, []string{"\na\n  b\n"}, nil},
		{"markdownify hook when inline", "x {{< mdfy >}}*a*{{< /mdfy >}}", Options{Markdownify: func(s string) (template.HTML, error) {
			return template.HTML("<em>" + strings.Trim(s, "*") + "</em>"), nil
		}}, "x " + Sentinel, []string{"<div><em>a</em></div>"}, nil},
		{"markdownify default", "x {{< mdfy >}}a<b{{< /mdfy >}}", Options{}, "x " + Sentinel, []string{"<div><p>a&lt;b</p></div>"}, nil},
		{"markdownify hook panics", "x {{< mdfy >}}a{{< /mdfy >}}", Options{Markdownify: func(string) (template.HTML, error) { panic("boom") }},
			"x " + Sentinel, []string{""}, []string{"4:3 shortcode-template-error"}},
		{"spliced", "{{< mdfy >}}\n[a][b] {{< sitevar nojs=\"v\" >}}\n{{< /mdfy >}}", Options{},
			"\n\n" + Sentinel + "\n\n\n[a][b] " + Sentinel + "\n\n\n" + Sentinel + "\n\n", []string{"<div>", `<span class="sitevar">v</span>`, "</div>"}, nil},
		{"spliced markdown form", "{{% mdfy %}}\n[a][b]\n{{% /mdfy %}}", Options{},
			"\n\n" + Sentinel + "\n\n\n[a][b]\n\n\n" + Sentinel + "\n\n", []string{"<div>", "</div>"}, nil},
		{"markdown form without markdownify", "{{% deindent %}}\n    a\n      b\n{{% /deindent %}}", Options{}, "\na\n  b\n", nil, nil},
		{"page and site", `{{< page >}}`, Options{
			Page: PageInfo{Title: "RomM", Params: map[string]any{"kind": "oidc"}, Path: "romm/index.md", URL: "/romm/",
				Resources: fstest.MapFS{"i.png": pngFile(t, 3, 2)}},
			Site: SiteInfo{Title: "Guides", BaseURL: "https://example.com/"}},
			Sentinel, []string{"RomM|oidc|romm/index.md|romm/|index|Guides|https://example.com/|/romm/i.png 3x2|hello-world-x_1|a-b/c|a, b and c|dfalse|a-b-|X"}, nil},
		{"warnf", "{{< warn x >}}", Options{}, Sentinel, []string{"ab"}, []string{"4:1 shortcode-warnf"}},
		{"output limit", `{{< big "1,2,3,4,5,6,7,8,9,10" >}}{{< md x >}}`, Options{MaxOutput: 50},
			Sentinel + Sentinel, []string{"", ""}, []string{"4:1 shortcode-limit"}},
		{"sentinel in input", "a\uFFFCb {{< md x >}}", Options{}, "a\uFFFDb " + Sentinel, []string{"**x**"}, []string{"4:2 shortcode-sentinel"}},
	}
	set := testSet(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, span := guide(tt.body)
			ex, diags := Expand(set, f, span, tt.opts)
			if string(ex.Markdown) != tt.markdown {
				t.Errorf("markdown %q, want %q", ex.Markdown, tt.markdown)
			}
			var html []string
			for _, c := range ex.Calls {
				html = append(html, string(c.HTML))
			}
			if !slices.Equal(html, tt.html) {
				t.Errorf("html %q, want %q", html, tt.html)
			}
			var got []string
			for _, d := range diags {
				p := d.Start()
				got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, d.Code))
			}
			if !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics %v, want %v (%v)", got, tt.diags, diags)
			}
			checkExpanded(t, tt.name, f, ex)
		})
	}
}

func TestTemplateErrorRelated(t *testing.T) {
	f, span := guide("{{< fail >}}")
	set := testSet(t)
	_, diags := Expand(set, f, span, Options{})
	if len(diags) != 1 || len(diags[0].Related) != 1 {
		t.Fatalf("diags %+v", diags)
	}
	r := diags[0].Related[0]
	p := r.File.Position(r.Span.Start)
	if r.File != set.File("fail") || p.Line != 2 || p.Column != 1 || r.Span.Len() != len("{{ index .Params 5 }}") {
		t.Errorf("related %s:%d:%d len %d", r.File.Name, p.Line, p.Column, r.Span.Len())
	}
	if want := `shortcode "fail" failed: error calling index: index out of range: 5`; diags[0].Message != want {
		t.Errorf("message %q, want %q", diags[0].Message, want)
	}
}

func TestLoadTemplates(t *testing.T) {
	set := testSet(t)
	for name, want := range map[string]bool{"wrap": true, "deindent": true, "mdfy": true, "ctx": false, "md": false} {
		if inner, ok := set.UsesInner(name); !ok || inner != want {
			t.Errorf("UsesInner(%q) = %v %v, want %v", name, inner, ok, want)
		}
	}
	inner := map[string]string{
		"dollar":   `{{ $.Inner }}`,
		"with":     `{{ with .Get "x" }}{{ end }}{{ if true }}{{ .InnerDeindent }}{{ end }}`,
		"define":   `{{ define "x" }}{{ .Inner }}{{ end }}{{ template "x" . }}`,
		"not":      `{{ .Get "Inner" }} .Inner {{/* .Inner */}}`,
		"parental": `{{ .Parent.Inner }}`,
	}
	fsys := fstest.MapFS{}
	for k, v := range inner {
		fsys["t/"+k+".html"] = &fstest.MapFile{Data: []byte(v)}
	}
	s, err := LoadTemplates(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"dollar": true, "with": true, "define": true, "not": false, "parental": false} {
		if got, _ := s.UsesInner(name); got != want {
			t.Errorf("UsesInner(%q) = %v, want %v", name, got, want)
		}
	}
	for name, src := range map[string]string{
		"parse":  "a\n{{ if }}",
		"escape": `<a href="{{ if .Name }}x{{ end }}`,
	} {
		_, err := LoadTemplates(fstest.MapFS{"t/" + name + ".html": {Data: []byte(src)}}, "t")
		if err == nil || !strings.Contains(err.Error(), "t/"+name+".html") {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
	}
	if _, err := LoadTemplates(fstest.MapFS{}, "missing"); err == nil {
		t.Error("missing dir: no error")
	}
	c, err := set.Clone()
	if err != nil || !slices.Equal(c.Names(), set.Names()) {
		t.Errorf("clone: %v %v", c, err)
	}
}

func TestDiagnosticsHaveRegisteredCodes(t *testing.T) {
	reg := diag.NewRegistry(Codes)
	f, span := guide("{{< nope >}}{{< callout context=\"x\" >}}{{< /calout >}}{{< sitevar @ >}}{{< sc1 %}}\uFFFC")
	_, diags := Expand(loadSet(t), f, span, Options{})
	if len(diags) < 5 {
		t.Fatalf("too few diagnostics: %v", diagStrings(diags))
	}
	for _, d := range diags {
		info, ok := reg.Lookup(d.Code)
		if !ok {
			t.Errorf("unregistered code %q", d.Code)
		}
		if d.Code != codeWarnf && info.Severity != d.Severity {
			t.Errorf("%s: severity %v, registered %v", d.Code, d.Severity, info.Severity)
		}
	}
}

// TestExpandLineBreaks checks that the Markdown buffer ends lines where the
// guide does: a lone CR becomes LF (goldmark knows only LF), CRLF and the
// Unicode separators stay, every byte maps to itself, and a call between
// CR-ended lines is a block.
func TestExpandLineBreaks(t *testing.T) {
	body := "a\rb\r\nc\u2028d\u0085e\r\r{{< sitevar name=\"domain\" nojs=\"x\" >}}\rz\r"
	f, span := guide(body)
	ex, diags := Expand(loadSet(t), f, span, Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diagStrings(diags))
	}
	want := "a\nb\r\nc\u2028d\u0085e\n\n" + Sentinel + "\nz\n"
	if string(ex.Markdown) != want {
		t.Errorf("markdown %q, want %q", ex.Markdown, want)
	}
	for i := 0; i < strings.Index(want, Sentinel); i++ {
		if got, exact, _ := ex.Map.Resolve(i); got != span.Start+i || !exact {
			t.Errorf("Resolve(%d) = %d %v, want %d", i, got, exact, span.Start+i)
		}
	}
	if len(ex.Calls) != 1 || !ex.Calls[0].Block {
		t.Errorf("calls %+v: want one block call", ex.Calls)
	}
}

// setOf loads templates given as name → source, failing the test when
// one does not load.
func setOf(t testing.TB, srcs map[string]string) *Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, src := range srcs {
		fsys[n+".html"] = &fstest.MapFile{Data: []byte(src)}
	}
	set, l, err := Load(Sources{Builtin: Named("sc", fsys)})
	if err != nil {
		t.Fatal(err)
	}
	if len(l) > 0 {
		t.Fatalf("load: %v", diagStrings(l))
	}
	return set
}

// TestFigureStatic: in a Hugo project, the built-in figure takes a
// site-absolute src that names a file of the static directories, published
// under the base URL's path, and reports one that does not exist; without
// static files (a folder of guides) such a src is refused.
func TestFigureStatic(t *testing.T) {
	static := fstest.MapFS{"images/logo.png": pngFile(t, 30, 10)}
	set := loadSet(t)
	tests := []struct {
		name, body string
		static     fstest.MapFS
		html, err  string
	}{
		{"found", `{{< figure src="/images/logo.png" alt="Logo" width="60" >}}`, static, `<img src="/docs/images/logo.png" alt="Logo" width="60" height="20"`, ""},
		{"missing", `{{< figure src="/images/nope.png" alt="x" >}}`, static, "", `nor /PATH of a file of the project's static directories`},
		{"a bundle file is not static", `{{< figure src="/shot.png" alt="x" >}}`, static, "", "static directories"},
		{"no static files", `{{< figure src="/images/logo.png" alt="x" >}}`, nil, "", "relative path"},
		{"climbing", `{{< figure src="/images/../../etc/passwd" alt="x" >}}`, static, "", "without '..'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, span := guide(tt.body)
			opts := Options{Page: PageInfo{Resources: fstest.MapFS{"shot.png": pngFile(t, 4, 4)}}, Site: SiteInfo{BaseURL: "https://example.com/docs/"}}
			if tt.static != nil {
				opts.Site.Static = tt.static
			}
			ex, diags := Expand(set, f, span, opts)
			switch {
			case tt.err == "" && len(diags) > 0:
				t.Fatalf("diagnostics %v", diags)
			case tt.err != "" && (len(diags) != 1 || !strings.Contains(diags[0].Message, tt.err)):
				t.Fatalf("diagnostics %v, want one with %q", diags, tt.err)
			}
			if tt.html != "" && (len(ex.Calls) != 1 || !strings.Contains(string(ex.Calls[0].HTML), tt.html)) {
				t.Errorf("HTML %v lacks %s", ex.Calls, tt.html)
			}
		})
	}
}

// TestExpandKeepsNoScratch checks that what Expand returns is its own:
// the Markdown, map, calls and names used of a page stay as they were while later
// pages reuse the scratch they were built in, on one goroutine and on
// several (each with its own Set, as build's workers have).
func TestExpandKeepsNoScratch(t *testing.T) {
	bodies := []string{
		"A {{< sitevar name=\"domain\" nojs=\"example.com\" >}} and {{< sitevar name=\"subdomain-authelia\" nojs=\"auth\" >}}.\n",
		"{{< callout context=\"tip\" title=\"T\" >}}\nInner {{< sitevar name=\"domain\" nojs=\"x.example\" >}}\n{{< /callout >}}\n",
		"Plain text only, longer than the others so that the buffer grows: " + strings.Repeat("word ", 200) + "\n",
		"",
		strings.Repeat("{{< sitevar name=\"domain\" nojs=\"x.example\" >}} and ", 40) + "\n",
	}
	type result struct {
		md    string
		calls []Rendered
		used  []string
		segs  int
		at    []int
	}
	snap := func(ex *Expanded) result {
		r := result{md: string(ex.Markdown), calls: slices.Clone(ex.Calls), used: slices.Clone(ex.Used), segs: ex.Map.Len()}
		for off := range len(ex.Markdown) + 1 {
			o, _, _ := ex.Map.Resolve(off)
			r.at = append(r.at, o)
		}
		return r
	}
	check := func(t *testing.T, set *Set) {
		var kept []*Expanded
		var want []result
		for range 3 {
			for _, b := range bodies {
				f, span := guide(b)
				ex, _ := Expand(set, f, span, Options{})
				nodes, _ := Parse(f, span, set)
				if names := slices.Compact(slices.Sorted(slices.Values(appendNames(nil, nodes)))); !slices.Equal(ex.Used, names) {
					t.Errorf("Used = %q, want %q", ex.Used, names)
				}
				kept = append(kept, ex)
				want = append(want, snap(ex))
			}
		}
		for i, ex := range kept {
			if got := snap(ex); !reflect.DeepEqual(got, want[i]) {
				t.Errorf("page %d changed after later pages expanded:\n got %+v\nwant %+v", i, got, want[i])
				return
			}
		}
	}
	t.Run("serial", func(t *testing.T) { check(t, loadSet(t)) })
	t.Run("parallel", func(t *testing.T) {
		var wg sync.WaitGroup
		for range 4 {
			set := loadSet(t)
			wg.Add(1)
			go func() {
				defer wg.Done()
				check(t, set)
			}()
		}
		wg.Wait()
	})
}
