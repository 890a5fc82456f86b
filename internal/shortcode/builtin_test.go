package shortcode

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBuiltinSums holds builtinSums to the built-in templates
// (shortcodes/ at the module root) and compiles and escapes each, which
// is what lets Load skip compiling them; an edited copy is compiled up
// front again.
func TestBuiltinSums(t *testing.T) {
	dir := os.DirFS("../../shortcodes")
	entries, err := fs.ReadDir(dir, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".html")
		if !ok {
			continue
		}
		names = append(names, name)
		b, err := fs.ReadFile(dir, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if got := sumOf(b); builtinSums[name] != got {
			t.Errorf("builtinSums[%q] = %q, the template's is %q: update builtin.go (and native.go when it has a native)", name, builtinSums[name], got)
		}
	}
	slices.Sort(names)
	if got := sortedNames(builtinSums); !slices.Equal(got, names) {
		t.Errorf("builtinSums names %v, the built-in templates %v", got, names)
	}
	s, l, err := Load(Sources{Builtin: dir})
	if err != nil || len(l) != 0 {
		t.Fatal(l, err)
	}
	for _, n := range names {
		src := s.lib.shortcodes[n]
		if !src.verified || s.tmpls[n] != nil {
			t.Errorf("%s: verified %v, compiled by Load %v", n, src.verified, s.tmpls[n] != nil)
		}
		if tm := s.check(src); tm.t == nil || src.bad != nil {
			t.Errorf("%s does not load: %v", n, src.bad)
		}
	}
	// An edited copy is a template like any other.
	b, _ := fs.ReadFile(dir, "sitevar.html")
	edited := fstest.MapFS{"sitevar.html": {Data: append(b, '\n')}}
	s, _, err = Load(Sources{Builtin: edited})
	if err != nil {
		t.Fatal(err)
	}
	if s.lib.shortcodes["sitevar"].verified || s.tmpls["sitevar"] == nil {
		t.Error("an edited built-in template is taken as the built-in one")
	}
}

// TestLazyNative: a built-in template with a native function is compiled
// only when a call needs the template; the output is the same as when it
// is compiled up front.
func TestLazyNative(t *testing.T) {
	dir := os.DirFS("../../shortcodes")
	page := "{{< callout context=\"tip\" >}}\nhi\n{{< /callout >}}\n\n{{< oidc-escape-hatch-claims-hydration client_id=\"app\" >}}\n"
	bad := "{{< oidc-escape-hatch-claims-hydration client_id=\"a b\" >}}\n"
	for _, text := range []string{page, bad, page + bad} {
		lazy, _, err := Load(Sources{Builtin: dir})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := fs.ReadFile(dir, "oidc-escape-hatch-claims-hydration.html")
		c, _ := fs.ReadFile(dir, "callout.html")
		// The same text with one more line: compiled by Load, not lazy.
		eager, _, err := Load(Sources{Builtin: fstest.MapFS{
			"oidc-escape-hatch-claims-hydration.html": {Data: append(b, '\n')},
			"callout.html": {Data: append(c, '\n')},
		}})
		if err != nil {
			t.Fatal(err)
		}
		f, span := guide(text)
		a, ad := Expand(lazy, f, span, Options{})
		e, ed := Expand(eager, f, span, Options{})
		if string(a.Markdown) != string(e.Markdown) || len(a.Calls) != len(e.Calls) || strings.Join(diagStrings(ad), ",") != strings.Join(diagStrings(ed), ",") {
			t.Fatalf("%q: lazy %q %v, eager %q %v", text, a.Markdown, diagStrings(ad), e.Markdown, diagStrings(ed))
		}
		for i := range a.Calls {
			// The eager templates end with one more newline.
			if strings.TrimSuffix(string(e.Calls[i].HTML), "\n") != strings.TrimSuffix(string(a.Calls[i].HTML), "\n") {
				t.Errorf("%q call %d: lazy %q, eager %q", text, i, a.Calls[i].HTML, e.Calls[i].HTML)
			}
		}
		compiled := lazy.tmpls["oidc-escape-hatch-claims-hydration"]
		if want := strings.Contains(text, "a b"); compiled == nil || (compiled.t != nil) != want || compiled.lazy == want {
			t.Errorf("%q: claims template compiled %v, want %v", text, compiled != nil && compiled.t != nil, want)
		}
	}
}
