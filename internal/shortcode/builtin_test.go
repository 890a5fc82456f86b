package shortcode

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/source"
)

// TestBuiltins holds builtins to the built-in templates (shortcodes/ at
// the module root): their sums, and what analyse finds in each. It
// compiles and escapes each, which is what lets Load skip compiling them;
// an edited copy is analysed and compiled up front again.
func TestBuiltins(t *testing.T) {
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
		if got := sumOf(b); builtins[name].sum != got {
			t.Errorf("builtins[%q].sum = %q, the template's is %q: update builtin.go (and native.go when it has a native)", name, builtins[name].sum, got)
		}
		a := analyse(name, source.NewFile(e.Name(), b))
		if want := builtins[name]; a.bad != nil || a.partials != nil || a.inner != want.inner || a.memo != want.memo {
			t.Errorf("%s: analyse finds inner %v, memo %v, partials %v, bad %v; builtins has inner %v, memo %v",
				name, a.inner, a.memo, a.partials, a.bad, want.inner, want.memo)
		}
	}
	slices.Sort(names)
	if got := sortedNames(builtins); !slices.Equal(got, names) {
		t.Errorf("builtins names %v, the built-in templates %v", got, names)
	}
	s, l, err := Load(Sources{Builtin: dir})
	if err != nil || len(l) != 0 {
		t.Fatal(l, err)
	}
	for _, n := range names {
		src := s.lib.shortcodes[n]
		if !src.verified || !src.builtin || src.trees != nil || s.tmpls[n] != nil {
			t.Errorf("%s: verified %v, builtin %v, parsed by Load %v, compiled by Load %v", n, src.verified, src.builtin, src.trees != nil, s.tmpls[n] != nil)
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
	if src := s.lib.shortcodes["sitevar"]; src.verified || src.builtin || src.trees == nil || s.tmpls["sitevar"] == nil {
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

// TestBuiltinsConcurrent: the workers' Sets share a built-in template,
// which the first of them to compile it parses (run with -race).
func TestBuiltinsConcurrent(t *testing.T) {
	s, _, err := Load(Sources{Builtin: os.DirFS("../../shortcodes")})
	if err != nil {
		t.Fatal(err)
	}
	f, span := guide("{{< sitevar name=\"domain\" nojs=\"example.com\" >}} {{< figure src=\"../x.png\" >}}\n")
	outs := make([]string, 4)
	var wg sync.WaitGroup
	for i := range outs {
		w, err := s.ForWorker()
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ex, d := Expand(w, f, span, Options{})
			outs[i] = string(ex.Markdown) + strings.Join(diagStrings(d), ",")
			for _, c := range ex.Calls {
				outs[i] += string(c.HTML)
			}
		}()
	}
	wg.Wait()
	for _, o := range outs[1:] {
		if o != outs[0] || !strings.Contains(o, "example.com") {
			t.Fatalf("workers disagree: %q, %q", outs[0], o)
		}
	}
}
