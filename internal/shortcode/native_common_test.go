package shortcode

import (
	"fmt"
	"os"
	"reflect"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

// compareNative expands each call of shortcode name (its parameters in
// calls), as a {{< >}} call inline and on its own line and as a {{% %}}
// call, with the native function and with the template, under each output
// limit: the Markdown, the rendered calls and the diagnostics must be the
// same. The Memo is left out, so that every call runs.
func compareNative(t *testing.T, name string, calls []string, limits []int) {
	t.Helper()
	set, _, err := Load(Sources{Builtin: Verified(os.DirFS("../../shortcodes"))})
	if err != nil {
		t.Fatal(err)
	}
	if src := set.lib.shortcodes[name]; src == nil || src.native == nil {
		t.Fatalf("%s: the built-in template has no native function (was it edited? update its sum)", name)
	}
	for _, limit := range limits {
		for i, c := range calls {
			g := "{{% " + name + c + " %}}\n\nText {{< " + name + c + " >}} text.\n\n{{< " + name + c + " >}}\n"
			f := source.NewFile(fmt.Sprintf("g%d.md", i), []byte(g))
			run := func(native bool) (*Expanded, string) {
				useNatives = native
				defer func() { useNatives = true }()
				ex, diags := Expand(set, f, source.Span{Start: 0, End: len(g)}, Options{MaxOutput: limit})
				return ex, fmt.Sprint(diags)
			}
			got, gotD := run(true)
			want, wantD := run(false)
			if string(got.Markdown) != string(want.Markdown) || !reflect.DeepEqual(got.Calls, want.Calls) || gotD != wantD {
				t.Errorf("guide %q (limit %d):\nnative   %q %+v\n%s\ntemplate %q %+v\n%s", g, limit,
					got.Markdown, got.Calls, gotD, want.Markdown, want.Calls, wantD)
			}
		}
	}
}

// paramCalls returns calls naming each key with values taken from values
// in turn (“ leaves the key out), offset per key so that the values mix.
func paramCalls(keys []string, values []string) []string {
	var calls []string
	for i := range values {
		for j := range values {
			args := ""
			for k, key := range keys {
				v := values[(i+j*k+k)%len(values)]
				if k == 0 {
					v = values[i]
				}
				if v != `` {
					args += " " + key + "=" + v
				}
			}
			calls = append(calls, args)
		}
	}
	return calls
}

// TestNativeSitevar compares sitevar's native function with its template
// on names, values and formats the template accepts and refuses.
func TestNativeSitevar(t *testing.T) {
	values := []string{``, `""`, `"domain"`, `"example.com"`, `"regex"`, `"dn"`, `"Regex"`, `"bogus"`, `true`, `false`, `0`,
		`5`, `1.5`, `-2`, `"<b>&'\"+x</b>"`, `"a\x00b"`, `"é 日本"`, "`raw`", `"%41"`, `"javascript:x"`, `"a b"`}
	calls := paramCalls([]string{"name", "nojs", "format"}, values)
	calls = append(calls, ` "domain" "example.com"`, ` name="domain" nojs="example.com" format="dn" bogus="x"`,
		` name="domain" nojs="example.com" name="other"`)
	compareNative(t, "sitevar", calls, []int{0, 40})
}

// TestNativeOIDCCommon compares oidc-common's native function with its
// template on base URLs and bug lists the template accepts and refuses.
func TestNativeOIDCCommon(t *testing.T) {
	urls := []string{``, `""`, `"https://e.example/faq/"`, `"https://e.example/a b?c=d&e+f#g"`, `"javascript:alert(1)"`,
		`"/relative/"`, `"MAILTO:x@y"`, `"%41%4"`, `true`, `0`, `7`, `"é"`, `"<x>\"'"`}
	bugs := []string{``, `""`, `"claims-hydration"`, `" claim-binding , claims-hydration"`,
		`"client-credentials-encoding,claim-binding,claims-hydration"`, `"claims-hydration,"`, `"bogus"`,
		`"claims-hydration,bogus"`, `true`, `5`, `","`, `"claim-binding,claim-binding"`, `" "`}
	var calls []string
	for i, b := range bugs {
		for j, u := range urls {
			args := ""
			add := func(key, v string) {
				if v != `` {
					args += " " + key + "=" + v
				}
			}
			add("bugs", b)
			add("faq", u)
			add("config", urls[(i+3*j+1)%len(urls)])
			calls = append(calls, args)
		}
	}
	calls = append(calls, ``, ` "claims-hydration"`, ` bugs="claim-binding" other="x"`)
	compareNative(t, "oidc-common", calls, []int{0, 3000, 5000})
}

// TestNativeSitevarPreferences compares sitevar-preferences' native
// function with its template over sites whose variables the native
// renders and ones it leaves to the template.
func TestNativeSitevarPreferences(t *testing.T) {
	set, _, err := Load(Sources{Builtin: Verified(os.DirFS("../../shortcodes"))})
	if err != nil {
		t.Fatal(err)
	}
	odd := `a<b>&"c' +d` + "\x00é"
	vars := [][]Variable{nil, {},
		{{Name: "domain", Label: "Domain", Type: "text", Default: "example.com"}},
		{{Name: "n", Label: "", Type: "", Default: ""}, {Name: "flag", Label: "Flag", Type: "boolean", Default: "true"}},
		{{Name: odd, Label: odd, Type: "number", Default: odd}, {Name: "b", Label: odd, Type: "boolean", Default: "True"}},
		{{Name: "b", Type: "boolean", Default: "false"}, {Name: "x", Type: "Text"}},
		{{Name: "x", Type: "bogus", Default: "1"}},
	}
	var sites []SiteInfo
	for _, v := range vars {
		sites = append(sites, SiteInfo{Variables: v})
	}
	item := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	for _, p := range []any{"x", []any{}, []any{"x"}, []string{"a"},
		[]any{item("name", "a", "label", "A", "type", "text", "default", "d")},
		[]any{item("name", "a", "label", "A", "type", "number")},
		[]any{item("name", 5, "label", "A", "type", "text", "default", "d")},
		[]any{item("name", "a", "label", true, "type", "boolean", "default", true)},
		[]any{item("name", "a", "label", "A", "type", "boolean", "default", "true", "extra", 1)},
		[]any{map[string]string{"name": "a", "label": "A", "type": "text", "default": "d"}},
	} {
		sites = append(sites, SiteInfo{Params: map[string]any{"Variables": p}})
	}
	g := "{{< sitevar-preferences >}}\n\nText {{< sitevar-preferences x >}}\n\n{{% sitevar-preferences %}}\n"
	f := source.NewFile("g.md", []byte(g))
	for _, limit := range []int{0, 400} {
		for i, site := range sites {
			run := func(native bool) (*Expanded, string) {
				useNatives = native
				defer func() { useNatives = true }()
				ex, diags := Expand(set, f, source.Span{Start: 0, End: len(g)}, Options{MaxOutput: limit, Site: site})
				return ex, fmt.Sprint(diags)
			}
			got, gotD := run(true)
			want, wantD := run(false)
			if string(got.Markdown) != string(want.Markdown) || !reflect.DeepEqual(got.Calls, want.Calls) || gotD != wantD {
				t.Errorf("site %d %+v (limit %d):\nnative   %q %+v\n%s\ntemplate %q %+v\n%s", i, site, limit,
					got.Markdown, got.Calls, gotD, want.Markdown, want.Calls, wantD)
			}
		}
	}
}
