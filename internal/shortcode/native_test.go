package shortcode

import (
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/source"
)

// TestNatives expands calls of every native built-in with the native
// function and with its template: the Markdown, the rendered calls and
// the diagnostics must be the same.
func TestNatives(t *testing.T) {
	set, _, err := Load(Sources{Builtin: Verified(os.DirFS("../../shortcodes"))})
	if err != nil {
		t.Fatal(err)
	}
	for name := range natives {
		src := set.lib.shortcodes[name]
		if src == nil || src.native == nil {
			t.Fatalf("%s: the embedded template has no native function (was it edited? update native.go and its sum)", name)
		}
	}
	values := []string{``, `x`, `"tip"`, `"caution"`, `"danger"`, `"note"`, `"bogus"`, `true`, `false`, `0`, `1`, `1.5`, `-2`,
		`"a b"`, `"<b>&'\"+x</b>"`, `"javascript:alert(1)"`, `"outline/rocket"`, `"https://e.example/a b?c=d&e#f"`,
		`"MAILTO:x@y"`, `"é ü 日本"`, `"100%"`, `"a%2fb"`, `"%41"`, `"%4"`, `"a\x00b"`, "`raw`", `"//x"`, `"a:b/c"`}
	var calls []string
	for i, v := range values {
		w := values[(i+3)%len(values)]
		u := values[(i+7)%len(values)]
		args := ""
		if v != `` {
			args += " context=" + v
		}
		if w != `` {
			args += " icon=" + w
		}
		if u != `` {
			args += " title=" + u
		}
		calls = append(calls, args)
	}
	calls = append(calls, ` "tip"`, ` "tip" "x"`, ` context="tip" icon="" title=""`)
	inners := []string{"", "  \n", "Some *Markdown* with a [link](https://example.com).\n",
		"- one\n- two {{< sitevar name=\"domain\" nojs=\"example.com\" >}}\n", "<b>raw</b> & text\n",
		"one\n\n{{< callout context=\"tip\" >}}\nnested\n{{< /callout >}}\n\ntwo\n", strings.Repeat("long text ", 400) + "\n"}
	var guides []string
	for i, c := range calls {
		in := inners[i%len(inners)]
		guides = append(guides,
			"{{< callout"+c+" >}}\n"+in+"{{< /callout >}}\n",            // spliced
			"Text {{< callout"+c+" >}}"+in+"{{< /callout >}} inline.\n", // rendered in isolation
			"{{% callout"+c+" %}}\n"+in+"{{% /callout %}}\n",            // Markdown output
			"{{< callout"+c+" />}}\n",
		)
	}
	for _, md := range []func(string) (template.HTML, error){nil, fakeMarkdownify} {
		for _, limit := range []int{0, 300} {
			for i, g := range guides {
				f := source.NewFile(fmt.Sprintf("g%d.md", i), []byte(g))
				run := func(native bool) (*Expanded, string) {
					useNatives = native
					defer func() { useNatives = true }()
					ex, diags := Expand(set, f, source.Span{Start: 0, End: len(g)}, Options{MaxOutput: limit, Markdownify: md})
					return ex, fmt.Sprint(diags)
				}
				got, gotD := run(true)
				want, wantD := run(false)
				if string(got.Markdown) != string(want.Markdown) || !reflect.DeepEqual(got.Calls, want.Calls) || gotD != wantD {
					t.Errorf("guide %q (limit %d, markdownify %v):\nnative   %q %+v\n%s\ntemplate %q %+v\n%s", g, limit, md != nil,
						got.Markdown, got.Calls, gotD, want.Markdown, want.Calls, wantD)
				}
			}
		}
	}
}

// fakeMarkdownify stands for the page's markdownify; it fails on long
// input, as the real one does beyond its limit.
func fakeMarkdownify(s string) (template.HTML, error) {
	if len(s) > 2000 {
		return "", fmt.Errorf("markdownify: %d bytes", len(s))
	}
	return template.HTML("<em>" + template.HTMLEscapeString(strings.TrimSpace(s)) + "</em>"), nil
}

// TestNativeOverride: only the template text a native function was
// written from gets it, from whichever directory; a project's own
// template of the same name runs as a template.
func TestNativeOverride(t *testing.T) {
	builtin := os.DirFS("../../shortcodes")
	text, err := fs.ReadFile(builtin, "callout.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		src    Sources
		native bool
	}{
		{"embedded", Sources{Builtin: Verified(builtin)}, true},
		{"a --shortcodes copy", Sources{Builtin: builtin}, true},
		{"a project copy", Sources{Project: []fs.FS{fstest.MapFS{"callout.html": {Data: text}}}}, true},
		{"a project's own", Sources{Builtin: Verified(builtin), Project: []fs.FS{fstest.MapFS{"callout.html": {Data: []byte("<div>{{ .Inner }}</div>")}}}}, false},
		{"an edited copy", Sources{Project: []fs.FS{fstest.MapFS{"callout.html": {Data: append(slices.Clone(text), ' ')}}}}, false},
	} {
		set, _, err := Load(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.lib.shortcodes["callout"].native != nil; got != c.native {
			t.Errorf("%s: native %v, want %v", c.name, got, c.native)
		}
	}
}

// TestNativeFigure expands figure calls with the native function and
// with the template, over sources that exist or not (images, a file that
// is not one, paths the template refuses), and alt, width, height,
// caption and style values of every type: the Markdown, the rendered
// calls and the diagnostics must be the same.
func TestNativeFigure(t *testing.T) {
	set, _, err := Load(Sources{Builtin: Verified(os.DirFS("../../shortcodes"))})
	if err != nil {
		t.Fatal(err)
	}
	res := fstest.MapFS{"shot.png": pngFile(t, 40, 30), "dir/wide image.png": pngFile(t, 1000, 7),
		"notes.txt": {Data: []byte("not an image")}, "a&b+c.png": pngFile(t, 3, 9)}
	srcs := []string{``, `"shot.png"`, `"dir/wide image.png"`, `"notes.txt"`, `"a&b+c.png"`, `"missing.png"`,
		`"../shot.png"`, `"x:y.png"`, `"/shot.png"`, `"//h/shot.png"`, `"a\\b.png"`, `1`, `shot.png`}
	values := []string{``, `""`, `"An <alt> & \"q\" +1"`, `5`, `true`, `false`, `0`, `"300"`, `300`, `" 12 "`, `"abc"`,
		`1.5`, `-2`, `"0"`, `"é 日本"`, "`raw`"}
	var calls []string
	for i, src := range srcs {
		for j := range values {
			args := ""
			add := func(key, v string) {
				if v != `` {
					args += " " + key + "=" + v
				}
			}
			add("src", src)
			add("alt", values[j])
			add("width", values[(j+3)%len(values)])
			add("height", values[(j+i+5)%len(values)])
			add("caption", values[(j+2*i+7)%len(values)])
			if (i+j)%3 == 0 {
				styles := []string{`"width: 50%"`, `"color: red"`, `""`, `3`, `"padding-right: 10px"`,
					`" PADDING : 1px 2px; Margin-Top: 3em; "`, `"float: left;;text-align: center"`, `"width: 10px; color: red"`,
					`"width:"`, `"  "`, `true`, `false`, `0`, `"width: 1px<"`, `"max-width: #fff"`, "`height: 5%`"}
				add("style", styles[(i+j/3)%len(styles)])
			}
			calls = append(calls, args)
		}
	}
	calls = append(calls, ` "shot.png"`, ` "shot.png" "alt"`)
	for _, limit := range []int{0, 150} {
		for i, c := range calls {
			g := "Text {{< figure" + c + " >}}\n\n{{< figure" + c + " >}}\n"
			f := source.NewFile(fmt.Sprintf("g%d.md", i), []byte(g))
			run := func(native bool) (*Expanded, string) {
				useNatives = native
				defer func() { useNatives = true }()
				opts := Options{MaxOutput: limit, Page: PageInfo{Resources: res, URL: "/guides/x y/"}}
				ex, diags := Expand(set, f, source.Span{Start: 0, End: len(g)}, opts)
				return ex, fmt.Sprint(diags)
			}
			got, gotD := run(true)
			want, wantD := run(false)
			if string(got.Markdown) != string(want.Markdown) || !reflect.DeepEqual(got.Calls, want.Calls) || gotD != wantD {
				t.Errorf("guide %q (limit %d):\nnative   %+v\n%s\ntemplate %+v\n%s", g, limit, got.Calls, gotD, want.Calls, wantD)
			}
		}
	}
}

// TestNativeClaimsHydration expands oidc-escape-hatch-claims-hydration
// calls with the native function and with the template, over values the
// template accepts and refuses: the Markdown, the rendered calls and the
// diagnostics must be the same.
func TestNativeClaimsHydration(t *testing.T) {
	ids := []string{``, `"grafana"`, `""`, `"a b"`, `"<x>"`, `123`, `true`, `false`, `0`, `"a'b"`, `"é"`, `"my-app.v2_~x"`, `1.5`}
	claims := []string{``, `""`, `"email"`, `" email , name "`, `"a,,b"`, `"x y"`, `"<b>"`, `5`, `","`, `"email,groups"`, `"e&f"`}
	examples := []string{``, `"disable"`, `"x"`, `true`, `""`, `"Disable"`}
	var calls []string
	for i, id := range ids {
		for j, c := range claims {
			args := ""
			add := func(key, v string) {
				if v != `` {
					args += " " + key + "=" + v
				}
			}
			add("client_id", id)
			add("policy_name", ids[(i+j)%len(ids)])
			add("claims", c)
			add("example", examples[(i+2*j)%len(examples)])
			calls = append(calls, args)
		}
	}
	calls = append(calls, ` "grafana"`, ` client_id="a" bogus="b"`)
	compareNative(t, "oidc-escape-hatch-claims-hydration", calls, []int{0, 700})
}
