package shortcode

import (
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// funcSources are the partials and data the function table reads.
func funcSources() Sources {
	return Sources{
		Partials: []fs.FS{Named("layouts/_partials", fstest.MapFS{
			"hello.html":         {Data: []byte(`Hello {{ . }}`)},
			"deep/nested/x.html": {Data: []byte(`[{{ .a }}|{{ .b }}]`)},
			"count.html":         {Data: []byte(`{{ .Scratch.Add "n" 1 }}{{ .Scratch.Get "n" }}`)},
			"self.html":          {Data: []byte(`{{ partial "self.html" . }}`)},
		})},
		Data: Named("data", fstest.MapFS{
			"misc.json":           {Data: []byte(`{"latest": "4.39.1", "n": 3, "list": ["b", "a"], "nested": {"k": "v"}}`)},
			"people/ann.yaml":     {Data: []byte("name: Ann\nage: 41\ntags: [x, y]\n")},
			"people/bob.toml":     {Data: []byte("name = \"Bob\"\nage = 29\n")},
			"people/.hidden.json": {Data: []byte(`{`)},
			"notes.txt":           {Data: []byte("ignored")},
		}),
	}
}

// TestFuncs runs each template function of Hugo's that guidec has, in
// the forms real templates use, and compares the output.
func TestFuncs(t *testing.T) {
	tests := []struct {
		name, tmpl, want string
	}{
		// Data.
		{"hugo.Data", `{{ hugo.Data.misc.latest }}`, "4.39.1"},
		{"hugo.Data nested dir", `{{ hugo.Data.people.ann.name }} {{ hugo.Data.people.bob.age }}`, "Ann 29"},
		{".Site.Data", `{{ .Site.Data.misc.nested.k }}`, "v"},
		{"data range sorted", `{{ range $k, $v := hugo.Data.people }}{{ $k }}={{ $v.name }};{{ end }}`, "ann=Ann;bob=Bob;"},
		{"data hidden skipped", `{{ len hugo.Data.people }}`, "2"},
		{"data json number", `{{ add hugo.Data.misc.n 1 }}`, "4"},

		// Regular expressions.
		{"replaceRE", `{{ replaceRE "(a+)b" "<$1>" "aab ab" }}`, "&lt;aa&gt; &lt;a&gt;"},
		{"replaceRE limit", `{{ replaceRE "a" "x" "aaa" 2 }}`, "xxa"},
		{"replaceRE multiline", "{{ replaceRE \"(^\\\\s+```)\" \"\" \"  ```mermaid\" }}", "mermaid"},
		{"findRE", `{{ findRE "[0-9]+" "a1 b22 c333" }}`, "[1 22 333]"},
		{"findRE limit", `{{ findRE "[0-9]+" "a1 b22 c333" 1 }}`, "[1]"},
		{"findRE none", `{{ len (findRE "z" "abc") }}`, "0"},
		{"strings.ReplaceRE", `{{ strings.ReplaceRE "o" "0" "foo" }}`, "f00"},

		// Safe values.
		{"safeHTML", `{{ "<b>x</b>" | safeHTML }}`, "<b>x</b>"},
		{"safeHTMLAttr", `<video {{ "autoplay loop" | safeHTMLAttr }}>`, "<video autoplay loop>"},
		{"safeURL", `<a href="{{ "javascript:x" | safeURL }}">`, `<a href="javascript:x">`},
		{"unsafe URL filtered", `<a href="{{ "javascript:x" }}">`, `<a href="#ZgotmplZ">`},
		{"relURL", `{{ relURL "a/b" }} {{ relURL "/a" }} {{ relURL "https://x/y" }}`, "/docs/a/b /a https://x/y"},
		{"absURL", `{{ absURL "a/b" }} {{ absURL "/a" }}`, "https://example.com/docs/a/b https://example.com/a"},

		// Conditionals and defaults.
		{"cond", `{{ cond true "y" "n" }}{{ cond false "y" "n" }}{{ cond "" "y" "n" }}`, "ynn"},
		{"default", `{{ .Get "missing" | default "d" }}|{{ default "d" "given" }}|{{ default 5 0 }}|{{ default "d" false }}`, "d|given|5|false"},
		{"eq across number types", `{{ eq hugo.Data.misc.n 3 }} {{ eq 1 1.0 }} {{ eq "a" "b" "a" }} {{ eq 1 "1" }}`, "true true true false"},
		{"lt gt", `{{ lt 1 2.5 }} {{ gt "b" "a" }} {{ ge 2 2 }} {{ le 3 2 }}`, "true true true false"},
		{"ne", `{{ ne hugo.Data.misc.n 4 }}`, "true"},

		// Scratch and Store.
		{"Scratch Set Get", `{{ .Scratch.Set "a" 1 }}{{ .Scratch.Get "a" }}`, "1"},
		{"Scratch Add numbers", `{{ .Scratch.Add "n" 1 }}{{ .Scratch.Add "n" 2.5 }}{{ .Scratch.Get "n" }}`, "3.5"},
		{"Scratch Add strings", `{{ .Scratch.Add "s" "a" }}{{ .Scratch.Add "s" "b" }}{{ .Scratch.Get "s" }}`, "ab"},
		{"Scratch Add to slice", `{{ .Scratch.Set "l" slice }}{{ .Scratch.Add "l" "x" }}{{ .Scratch.Add "l" (slice "y" "z") }}{{ .Scratch.Get "l" }}`, "[x y z]"},
		{"Scratch SetInMap", `{{ .Scratch.SetInMap "m" "b" 2 }}{{ .Scratch.SetInMap "m" "a" 1 }}{{ .Scratch.GetSortedMapValues "m" }}`, "[1 2]"},
		{"Scratch Delete", `{{ .Scratch.Set "a" 1 }}{{ .Scratch.Delete "a" }}{{ .Scratch.Get "a" }}`, ""},
		{"Store is Scratch", `{{ .Store.Set "a" "s" }}{{ .Scratch.Get "a" }}`, "s"},
		{"Page.Store", `{{ .Page.Store.Set "a" "p" }}{{ .Page.Scratch.Get "a" }}`, "p"},
		{"newScratch", `{{ $s := newScratch }}{{ $s.Set "k" "v" }}{{ $s.Get "k" }}`, "v"},

		// Collections.
		{"slice is Hugo's", `{{ slice "a" 1 true }}`, "[a 1 true]"},
		{"empty slice", `{{ len slice }}`, "0"},
		{"dict", `{{ $d := dict "a" 1 "b" "x" }}{{ $d.a }}{{ $d.b }}`, "1x"},
		{"dict key path", `{{ (dict (slice "a" "b") 1).a.b }}`, "1"},
		{"index map", `{{ index hugo.Data.people "ann" "name" }}`, "Ann"},
		{"index missing", `{{ index hugo.Data.people "zed" }}|{{ index hugo.Data.people "zed" "name" }}`, "|"},
		{"index keys slice", `{{ index hugo.Data (slice "misc" "latest") }}`, "4.39.1"},
		{"index list", `{{ index hugo.Data.misc.list 1 }}`, "a"},
		{"where eq", `{{ range where (slice (dict "n" 1) (dict "n" 2)) "n" 2 }}{{ .n }}{{ end }}`, "2"},
		{"where op", `{{ range where (slice (dict "n" 1) (dict "n" 2) (dict "n" 3)) "n" ">=" 2 }}{{ .n }}{{ end }}`, "23"},
		{"where in", `{{ range where (slice (dict "k" "a") (dict "k" "b")) "k" "in" (slice "b" "c") }}{{ .k }}{{ end }}`, "b"},
		{"where not in", `{{ range where (slice (dict "k" "a") (dict "k" "b")) "k" "not in" (slice "b") }}{{ .k }}{{ end }}`, "a"},
		{"where ne nil", `{{ len (where (slice (dict "k" "a") (dict "j" 1)) "k" "!=" nil) }}`, "1"},
		{"where nested key", `{{ range where (slice (dict "p" (dict "x" 1)) (dict "p" (dict "x" 2))) "p.x" 1 }}{{ .p.x }}{{ end }}`, "1"},
		{"where like", `{{ range where (slice (dict "k" "apple") (dict "k" "pear")) "k" "like" "^a" }}{{ .k }}{{ end }}`, "apple"},
		{"where data", `{{ range where hugo.Data.people "age" "gt" 30 }}{{ .name }}{{ end }}`, "Ann"},
		{"first last after", `{{ first 2 (slice 1 2 3) }} {{ last 1 (slice 1 2 3) }} {{ after 2 (slice 1 2 3) }}`, "[1 2] [3] [3]"},
		{"append", `{{ $l := slice "a" }}{{ $l = $l | append "b" "c" }}{{ $l }}`, "[a b c]"},
		{"uniq sort reverse", `{{ uniq (slice 2 1 2) }} {{ sort (slice "b" "c" "a") }} {{ sort (slice 2 10 1) "value" "desc" }} {{ reverse (slice 1 2) }}`, "[2 1] [a b c] [10 2 1] [2 1]"},
		{"sort by key", `{{ range sort hugo.Data.people "age" }}{{ .name }}{{ end }}`, "BobAnn"},
		{"in", `{{ in (slice "a" "b") "b" }} {{ in "abc" "bc" }} {{ in hugo.Data.misc.list "z" }}`, "true true false"},
		{"isset", `{{ isset hugo.Data.misc "n" }} {{ isset hugo.Data.misc "z" }} {{ isset (slice 1) 1 }}`, "true false false"},
		{"seq", `{{ seq 3 }} {{ seq 2 4 }} {{ seq 5 -2 1 }}`, "[1 2 3] [2 3 4] [5 3 1]"},
		{"delimit", `{{ delimit (slice "a" "b" "c") ", " " and " }}`, "a, b and c"},
		{"merge", `{{ $m := merge (dict "a" 1 "n" (dict "x" 1)) (dict "b" 2 "n" (dict "y" 2)) }}{{ $m.a }}{{ $m.b }}{{ $m.n.x }}{{ $m.n.y }}`, "1212"},
		{"querify", `{{ querify "b" 2 "a" "x y" }}`, "a=x&#43;y&amp;b=2"},
		{"collections namespace", `{{ collections.Where (slice (dict "k" 1)) "k" 1 | len }} {{ collections.In (slice 1) 1 }}`, "1 true"},

		// Strings.
		{"urlize", `{{ urlize "Hello World/Ok?" }}`, "hello-world/ok"},
		{"humanize", `{{ humanize "my-first-post" }}|{{ humanize "myCamelPost" }}|{{ humanize "52" }}|{{ humanize 103 }}|{{ humanize 11 }}`, "My first post|My camel post|52nd|103rd|11th"},
		{"title", `{{ title "table of contents (TOC)" }}|{{ title "the lord of the rings" }}`, "Table of Contents (TOC)|The Lord of the Rings"},
		{"lower upper", `{{ lower "AbC" }}{{ upper "AbC" }}`, "abcABC"},
		{"strings namespace", `{{ strings.HasPrefix "mailto:x" "mailto" }} {{ strings.TrimPrefix "v" "v1.2" }} {{ strings.Contains "abc" "b" }} {{ strings.Repeat 3 "ab" }} {{ strings.Count "a" "banana" }} {{ strings.FirstUpper "hello" }}`, "true 1.2 true ababab 3 Hello"},
		{"strings trim", `[{{ strings.TrimSpace "  x " }}][{{ strings.TrimLeft "a" "aab" }}][{{ strings.TrimRight "b" "abb" }}][{{ trim "--x--" "-" }}]`, "[x][b][a][x]"},
		{"split replace", `{{ split "a,b" "," }} {{ replace "aaa" "a" "b" }} {{ replace "aaa" "a" "b" 1 }}`, "[a b] bbb baa"},
		{"substr truncate", `{{ substr "abcdef" 1 3 }} {{ substr "abcdef" -2 }} {{ truncate 10 "a long sentence here" }}`, "bcd ef a long …"},
		{"chomp countwords", `[{{ chomp "x\n" }}] {{ countwords "<p>one two</p> three" }} {{ countrunes "a b c" }}`, "[x] 3 3"},
		{"plainify htmlEscape htmlUnescape", `{{ plainify "<p>a <b>b</b></p>" }}|{{ htmlEscape "<x>" }}|{{ htmlUnescape "&lt;y&gt;" | safeHTML }}`, "a b|&amp;lt;x&amp;gt;|<y>"},
		{"printf", `{{ printf "%s-%d" "a" 2 }} {{ print "a" 1 }}`, "a-2 a1"},
		{"fmt namespace", `{{ fmt.Printf "%03d" 7 }} {{ fmt.Print "x" }}`, "007 x"},

		// Numbers and casts.
		{"arithmetic", `{{ add 1 2 }} {{ add 1 2.5 }} {{ sub 5 2 }} {{ mul 2 3 }} {{ div 7 2 }} {{ div 7.0 2 }} {{ mod 7 3 }} {{ add "a" "b" }}`, "3 3.5 3 6 3 3.5 1 ab"},
		{"math namespace", `{{ math.Max 1 5 3 }} {{ math.Floor 2.7 }} {{ modBool 4 2 }}`, "5 2 true"},
		{"casts", `{{ int "42" }} {{ float "1.5" }} {{ string 7 }} {{ int 3.9 }}`, "42 1.5 7 3"},

		// Encoding, time.
		{"jsonify", `{{ jsonify (dict "b" 1 "a" "<x>") }}`, `{"a":"\u003cx\u003e","b":1}`},
		{"jsonify indent", `{{ jsonify (dict "indent" "  ") (slice 1) | safeHTML }}`, "[\n  1\n]"},
		{"transform.Unmarshal json", `{{ (transform.Unmarshal "{\"a\": {\"b\": 2}}").a.b }}`, "2"},
		{"transform.Unmarshal yaml", `{{ (transform.Unmarshal "a:\n  b: yes-y\n").a.b }}`, "yes-y"},
		{"transform.Unmarshal toml", `{{ (transform.Unmarshal "[a]\nb = 3\n").a.b }}`, "3"},
		{"time.Format", `{{ time.Format "2006-01-02" "2024-03-05T10:00:00Z" }} {{ dateFormat ":date_long" "2024-03-05" }} {{ (time "2024-03-05").Year }}`, "2024-03-05 March 5, 2024 2024"},
		{"now", `{{ gt now.Year 2000 }}`, "true"},

		// Partials.
		{"partial", `{{ partial "hello.html" "you" }}`, "Hello you"},
		{"partial without extension", `{{ partial "hello" "x" }}|{{ partial "partials/hello.html" "y" }}`, "Hello x|Hello y"},
		{"partial nested dir", `{{ partial "deep/nested/x.html" (dict "a" 1 "b" "two") }}`, "[1|two]"},
		{"partial gets the call", `{{ partial "count.html" . }}{{ partial "count.html" . }}`, "12"},
		{"partialCached", `{{ partialCached "count.html" . "k" }}{{ partialCached "count.html" . "k" }}`, "11"},
		{"partials namespace", `{{ partials.Include "hello.html" "ns" }}`, "Hello ns"},

		// The call and the page.
		{"Get positional", `{{ .Get 0 }}|{{ .Get 5 }}|{{ .IsNamedParams }}|{{ .Name }}`, "p0||false|t"},
		{"Page", `{{ .Page.Title }}|{{ .Page.Params.kind }}|{{ .Page.Path }}|{{ .Page.File.Path }}|{{ .Page.File.Dir }}|{{ .Page.File.BaseFileName }}|{{ .Page.File.ContentBaseName }}|{{ .Page.File.Ext }}`,
			"RomM|oidc|/clients/romm|clients/romm/index.md|clients/romm/|index|romm|md"},
		{"Page.Param falls back to the site", `{{ .Page.Param "kind" }} {{ .Page.Param "sitewide" }}`, "oidc yes"},
		{"Site.Params", `{{ .Site.Params.sitewide }} {{ site.Params.sitewide }} {{ .Site.Title }}`, "yes yes Docs"},
		{"RenderString", `{{ "*a*" | .Page.RenderString }}|{{ .Page.RenderString (dict "display" "block") "b" }}`, "<em>a</em>|<p>b</p>"},
		{"markdownify", `{{ "*a*" | markdownify }}`, "<em>a</em>"},
		{"Position", `{{ .Position }}`, "g.md:4:1"},
		{"hugo namespace", `{{ hugo.Environment }} {{ hugo.IsProduction }} {{ ne hugo.Version "" }}`, "production true true"},
		{"urls.Parse", `{{ with urls.Parse "../x/y.md#frag" }}{{ .Path }} {{ .Fragment }}{{ end }}`, "../x/y.md frag"},
		{"errorf in an unused branch", `{{ if false }}{{ errorf "never" }}{{ end }}ok`, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := funcSources()
			src.Builtin = Named("sc", fstest.MapFS{"t.html": {Data: []byte(tt.tmpl)}})
			set, l, err := Load(src)
			if err != nil || len(l) > 0 {
				t.Fatalf("load: %v %v", err, diagStrings(l))
			}
			f, span := guide(`{{< t "p0" >}}`)
			ex, diags := Expand(set, f, span, funcOptions())
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v %s", diagStrings(diags), diags[0].Message)
			}
			if got := string(ex.Calls[0].HTML); got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.tmpl, got, tt.want)
			}
		})
	}
}

func funcOptions() Options {
	return Options{
		Page: PageInfo{Title: "RomM", Params: map[string]any{"kind": "oidc"}, Path: "clients/romm/index.md"},
		Site: SiteInfo{Title: "Docs", BaseURL: "https://example.com/docs/", Params: map[string]any{"sitewide": "yes"}},
		Markdownify: func(s string) (template.HTML, error) {
			s = strings.TrimSpace(s)
			if strings.HasPrefix(s, "*") {
				return template.HTML("<em>" + strings.Trim(s, "*") + "</em>"), nil
			}
			return template.HTML(template.HTMLEscapeString(s)), nil
		},
	}
}

// TestFuncErrors: a function called wrongly fails the call with a
// diagnostic at the call, naming the problem; errorf and warnf report at
// the call.
func TestFuncErrors(t *testing.T) {
	tests := []struct{ tmpl, want string }{
		{`{{ replaceRE "(" "" "x" }}`, "shortcode-template-error: shortcode \"t\" failed: error calling replaceRE: replaceRE: error parsing regexp: missing closing ): `(`"},
		{`{{ partial "nope.html" . }}`, `shortcode-template-error: shortcode "t" failed: error calling partial: partial "nope.html" not found`},
		{`{{ partial "self.html" . }}`, "partials nest more than 32 deep"},
		{`{{ div 1 0 }}`, "division by zero"},
		{`{{ index (slice 1) 3 }}`, "index out of range: 3"},
		{`{{ seq 1000000 }}`, "more than 65536"},
		{`{{ dict "a" }}`, "dict: odd number of arguments"},
		{`{{ lt 1 "a" }}`, "lt: cannot compare int with string"},
		{`{{ .Scratch.Set "m" 1 }}{{ .Scratch.SetInMap "m" "k" 1 }}`, `"m" holds int, not a map`},
		{`{{ errorf "%q: bad call at %s" .Name .Position }}`, `shortcode-errorf: "t": bad call at g.md:4:1`},
		{`{{ warnf "careful" }}`, "shortcode-warnf: careful"},
		{`{{ erroridf "id" "with an id" }}`, "shortcode-errorf: with an id"},
		{`{{ fmt.Errorf "namespaced" }}`, "shortcode-errorf: namespaced"},
	}
	for _, tt := range tests {
		src := funcSources()
		src.Builtin = Named("sc", fstest.MapFS{"t.html": {Data: []byte(tt.tmpl)}})
		set, l, err := Load(src)
		if err != nil || len(l) > 0 {
			t.Fatalf("%s: load: %v %v", tt.tmpl, err, diagStrings(l))
		}
		f, span := guide("{{< t >}}")
		_, diags := Expand(set, f, span, funcOptions())
		var got []string
		for _, d := range diags {
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d %s: %s", p.Line, p.Column, d.Code, d.Message))
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], "4:1 ") || !strings.Contains(got[0], tt.want) {
			t.Errorf("%s: diagnostics %q, want one at 4:1 containing %q", tt.tmpl, got, tt.want)
		}
	}
}

// TestParamsCaseInsensitive: page and site params are found whatever the
// case a template or the front matter writes their keys in, as in Hugo;
// a call's own parameters keep their case.
func TestParamsCaseInsensitive(t *testing.T) {
	set := setOf(t, map[string]string{
		"t": `{{ .Page.Params.MixedKey.Inner }} {{ $.Page.Params.mixedkey.inner }} {{ .Site.Params.SiteWide }} {{ site.Params.SITEWIDE }}` +
			` {{ with .Page }}{{ .Params.mixedkey.inner }}{{ end }} {{ .Params.Key }} {{ .Get "Key" }} {{ .Page.Param "MIXEDKEY" }}` +
			` {{ range $k, $v := .Page.Params }}{{ $k }}{{ end }}`,
	})
	f, span := guide(`{{< t Key="call" >}}`)
	ex, diags := Expand(set, f, span, Options{
		Page: PageInfo{Params: map[string]any{"MixedKey": map[string]any{"Inner": 1}}},
		Site: SiteInfo{Params: map[string]any{"siteWide": "yes"}},
	})
	if len(diags) > 0 {
		t.Fatalf("diagnostics %v %v", diagStrings(diags), messages(diags))
	}
	if got, want := string(ex.Calls[0].HTML), "1 1 yes yes 1 call call map[inner:1] mixedkey"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
