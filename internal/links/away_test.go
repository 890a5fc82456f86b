package links

import (
	"math/rand"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// awayLink finds the destinations of inline links and reference
// definitions in a test guide: enough Markdown for these tests.
var awayLink = regexp.MustCompile(`\]\(([^)\s]+)\)|(?m)^\[[^\]]+\]:[ \t]*(\S+)`)

// awayRun resolves the links of guides (name → body) in a Tree of those
// guides, as the per-page stage does, and returns their Aways. A guide
// whose name ends in "!" ignores link-target-typo; links a body writes as
// "{{sc:DEST}}" stand for a shortcode's output.
func awayRun(t *testing.T, guides map[string]string) []Away {
	t.Helper()
	tree := &Tree{Guides: map[string]map[string]bool{}}
	for n := range guides {
		tree.Guides[strings.TrimSuffix(n, "!")] = map[string]bool{}
	}
	var ws []Away
	for _, n := range slices.Sorted(func(yield func(string) bool) {
		for n := range guides {
			if !yield(n) {
				return
			}
		}
	}) {
		name := strings.TrimSuffix(n, "!")
		f := source.NewFile(name+"/index.md", []byte(guides[n]))
		for _, m := range awayLink.FindAllStringSubmatchIndex(guides[n], -1) {
			lo, hi := m[2], m[3]
			if lo < 0 {
				lo, hi = m[4], m[5]
			}
			dest := guides[n][lo:hi]
			u := Use{File: f, Span: source.Span{Start: m[0], End: m[1]}, Dest: dest}
			if strings.HasPrefix(dest, "{{sc:") {
				u.Dest, u.Call = strings.TrimSuffix(strings.TrimPrefix(dest, "{{sc:"), "}}"), "sc"
			}
			u.Target = tree.Resolve(name, u.Dest)
			if a, ok := AwayOf(name, u); ok {
				a.Mute = strings.HasSuffix(n, "!")
				ws = append(ws, a)
				if strings.Contains(guides[n], "[x] [x] [x]") {
					ws = append(ws, a, a) // a definition used three times
				}
			}
		}
	}
	return ws
}

// awayFound renders the findings as "file:line dest -> hint" lines.
func awayFound(l diag.List) []string {
	var out []string
	for _, d := range l {
		dest := string(d.File.Content[d.Span.Start:d.Span.End])
		out = append(out, d.File.Name+":"+strconv.Itoa(d.Start().Line)+" "+dest+" -> "+strings.TrimSuffix(strings.TrimPrefix(d.Hint, "did you mean '"), "'?"))
	}
	slices.Sort(out)
	return out
}

const (
	intro   = "[OpenID Connect 1.0]: ../../introduction.md\n"
	walk    = "[Walkthrough]: ../../walkthrough.md\n"
	clients = "[client configuration]: ../../../../configuration/identity-providers/openid-connect/clients.md\n"
)

func TestCheckAway(t *testing.T) {
	for _, c := range []struct {
		name   string
		guides map[string]string
		want   []string
	}{
		{"place: a file name's letter dropped", map[string]string{
			"a": intro, "b": intro, "c": "[OpenID Connect 1.0]: ../../introdction.md\n"},
			[]string{"c/index.md:1 ../../introdction.md -> ../../introduction.md"}},
		{"place: a directory's letters swapped", map[string]string{
			"a": clients, "b": clients, "c": "x\n[client configuration]: ../../../../configuration/identity-provdiers/openid-connect/clients.md\n"},
			[]string{"c/index.md:2 ../../../../configuration/identity-provdiers/openid-connect/clients.md -> ../../../../configuration/identity-providers/openid-connect/clients.md"}},
		{"place: a letter doubled, inline, with an anchor", map[string]string{
			"a": intro, "b": intro, "c": "See [this](../../introducttion.md#client-secret).\n"},
			[]string{"c/index.md:1 ../../introducttion.md#client-secret -> ../../introduction.md#client-secret"}},
		{"place: a letter replaced in a long word", map[string]string{
			"a": clients, "b": clients, "c": clients, "d": "[c]: ../../../../configuration/identity-providers/openid-connect/clientz.md\n"},
			[]string{"d/index.md:1 ../../../../configuration/identity-providers/openid-connect/clientz.md -> ../../../../configuration/identity-providers/openid-connect/clients.md"}},
		{"place: a separator dropped", map[string]string{
			"a": clients, "b": clients, "c": "[c]: ../../../../configuration/identityproviders/openid-connect/clients.md\n"},
			[]string{"c/index.md:1 ../../../../configuration/identityproviders/openid-connect/clients.md -> ../../../../configuration/identity-providers/openid-connect/clients.md"}},
		{"place: site-absolute", map[string]string{
			"a": "[i]: /integration/openid-connect/introduction/\n", "b": "[i]: /integration/openid-connect/introduction/\n",
			"c": "[i]: /integration/openid-conect/introduction/\n"},
			[]string{"c/index.md:1 /integration/openid-conect/introduction/ -> /integration/openid-connect/introduction/"}},
		{"place: one guide, the right spelling twice", map[string]string{
			"a": "[a](../../introduction.md) [b](../../introduction.md#x) [c](../../inrtoduction.md)\n"},
			[]string{"a/index.md:1 ../../inrtoduction.md -> ../../introduction.md"}},
		{"word: written once, one slip from a word written twice", map[string]string{
			"a": "[a]: ../../configuration/clients.md\n", "b": "[b]: ../../reference/clients.md\n",
			"c": "[c]: ../../guides/clints-list.md\n"},
			[]string{"c/index.md:1 ../../guides/clints-list.md -> ../../guides/clients-list.md"}},
		{"word: at another depth, the word still tells", map[string]string{
			"a": intro, "b": intro, "c": "[i]: ../../../introdction.md\n"},
			[]string{"c/index.md:1 ../../../introdction.md -> ../../../introduction.md"}},

		// Left alone.
		// Words no documentation site is made of (docWords): the run's
		// own links are the only evidence.
		{"a run of several guides, each spelling written once", map[string]string{
			"a": walk, "c": "[Walkthrough]: ../../walkthrugh.md\n"}, nil},
		{"a definition used three times is written once", map[string]string{
			"a": walk + "[x] [x] [x]", "c": "[Walkthrough]: ../../walkthrugh.md\n"}, nil},
		{"each spelling written twice", map[string]string{
			"a": intro, "b": intro, "c": "[i]: ../../introdction.md\n", "d": "[i]: ../../introdction.md\n"}, nil},
		{"a letter added at a word's end: another name", map[string]string{
			"a": "[p]: ../../providers.md\n", "b": "[p]: ../../providers.md\n", "c": "[p]: ../../provider.md\n"}, nil},
		{"the first letter changed: another name", map[string]string{
			"a": intro, "b": intro, "c": "[i]: ../../entroduction.md\n"}, nil},
		{"another depth is another place, not a slip", map[string]string{
			"a": intro, "b": intro, "c": "[i]: ../../../introduction.md\n"}, nil},
		{"inside the tree: link-broken's", map[string]string{
			"argocd": "[a](../argocd/)", "a": "[a](../argocd/)", "b": "[a](../argcod/)"}, nil},
		{"web URLs: link-host-typo's", map[string]string{
			"a": "[g]: https://github.com/x\n", "b": "[g]: https://github.com/x\n", "c": "[g]: https://gitub.com/x\n"}, nil},
		{"anchors: other rules'", map[string]string{
			"a": "[a](../../introduction.md#client-secret)", "b": "[a](../../introduction.md#client-secret)",
			"c": "[a](../../introduction.md#clent-secret)"}, nil},
		{"words with digits", map[string]string{
			"a": "[v]: ../../v4.38/guide.md\n", "b": "[v]: ../../v4.38/guide.md\n", "c": "[v]: ../../v4.83/guide.md\n"}, nil},
		{"a shortcode's output", map[string]string{
			"a": intro, "b": intro, "c": "{{sc:../../introdction.md}}"}, nil},
		{"a guide that ignores the code, and whose link still counts", map[string]string{
			"a": intro, "b!": intro, "c!": "[OpenID Connect 1.0]: ../../introdction.md\n"}, nil},
		{"no evidence at all", map[string]string{"a": "[x]: ../../walkthrugh.md\n[y]: ../../gloassary.md\n"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			ws := awayRun(t, c.guides)
			got := awayFound(CheckAway(ws, len(c.guides)))
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestCheckAwayOneOfTwo: in a run of one guide, a spelling written once
// against another written once is evidence, and the finding says either
// may be the slip; a slip with a direction (a letter dropped) points at
// one, a swap at both.
func TestCheckAwayOneOfTwo(t *testing.T) {
	for _, c := range []struct {
		body string
		want []string
	}{
		{"[a](../../walkthrough.md)\n[b]: ../../walkthrugh.md\n", []string{"app/index.md:2 ../../walkthrugh.md"}},
		{"[a](../../walkthrough.md)\n[b]: ../../walkthorugh.md\n", []string{"app/index.md:1 ../../walkthrough.md", "app/index.md:2 ../../walkthorugh.md"}},
	} {
		l := CheckAway(awayRun(t, map[string]string{"app": c.body}), 1)
		var got []string
		for _, d := range l {
			if !strings.Contains(d.Message, "one of the two") || len(d.Related) != 1 {
				t.Errorf("%q: %s (%d related), want 'one of the two' and the other link", c.body, d.Message, len(d.Related))
			}
			got = append(got, d.File.Name+":"+strconv.Itoa(d.Start().Line)+" "+string(d.File.Content[d.Span.Start:d.Span.End]))
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.body, got, c.want)
		}
		// The same links in a run of two guides are no evidence.
		if l := CheckAway(awayRun(t, map[string]string{"app": c.body}), 2); len(l) != 0 {
			t.Errorf("%q in a run of two guides: %v", c.body, l)
		}
	}
}

// TestCheckAwayOrder: the findings do not depend on the order in which
// the pages' links arrive (the workers finish in any order).
func TestCheckAwayOrder(t *testing.T) {
	ws := awayRun(t, map[string]string{
		"a": intro + clients, "b": intro + clients, "c": intro + clients,
		"d": "[i]: ../../introdction.md\n" + clients,
		"e": intro + "[c]: ../../../../configuration/identity-provdiers/openid-connect/clients.md\n",
		"f": "[w]: ../../guides/clints-list.md\n",
	})
	want := awayFound(CheckAway(ws, 6))
	if len(want) != 3 {
		t.Fatalf("want 3 findings, got %q", want)
	}
	r := rand.New(rand.NewSource(1))
	for range 50 {
		r.Shuffle(len(ws), func(i, j int) { ws[i], ws[j] = ws[j], ws[i] })
		if got := awayFound(CheckAway(ws, 6)); !slices.Equal(got, want) {
			t.Fatalf("shuffled: got %q, want %q", got, want)
		}
	}
}

// TestCheckAwayBounded: thousands of distinct targets outside the tree,
// all one slip apart, are weighed within the bounds, quickly.
func TestCheckAwayBounded(t *testing.T) {
	f := source.NewFile("a/index.md", []byte(strings.Repeat("x", 100)))
	var ws []Away
	for i := range 5000 {
		p := "../docs/section/page" + strings.Repeat("a", i%40) + "b" + strings.Repeat("c", i/40) + ".md"
		ws = append(ws, Away{File: f, Span: source.Span{Start: i % 100, End: i%100 + 1}, Dest: p, Path: p}, Away{File: f, Span: source.Span{Start: i % 100, End: i%100 + 1}, Dest: p + "#x", Path: p})
	}
	_ = CheckAway(ws, 1)
}

func TestRespell(t *testing.T) {
	for _, c := range [][4]string{
		{"../../introdction.md", "introdction.md", "introduction.md", "../../introduction.md"},
		{"../../introdction.md#a", "introdction", "introduction", "../../introduction.md#a"},
		{"../clints/clints-list.md", "clints", "clients", "../clints/clients-list.md"},
		{"../aclints.md", "clints", "clients", "../aclints.md"},
		{"../a%20b.md", "a b.md", "x.md", "../a%20b.md"},
	} {
		if got := respell(c[0], c[1], c[2]); got != c[3] {
			t.Errorf("respell(%q, %q, %q) = %q, want %q", c[0], c[1], c[2], got, c[3])
		}
	}
}

// FuzzCheckAway feeds arbitrary destinations, written in two guides, to
// AwayOf and CheckAway: they must not panic, and every finding must lie
// within its file.
func FuzzCheckAway(f *testing.F) {
	f.Add("../../introduction.md", "../../introdction.md#x")
	f.Add("/a/b-c_d.e", "/a/b-c_e.e?q")
	f.Add("../%zz/..", "..\\x/%41")
	f.Add("", "...")
	f.Fuzz(func(t *testing.T, a, b string) {
		tree := &Tree{Guides: map[string]map[string]bool{"a": {}, "b": {}}}
		var ws []Away
		for i, d := range []string{a, b, a} {
			name := string(rune('a' + i%2))
			content := "[x](" + d + ")"
			file := source.NewFile(name+"/index.md", []byte(content))
			u := Use{File: file, Span: source.Span{Start: 0, End: len(content)}, Dest: d}
			u.Target = tree.Resolve(name, d)
			if w, ok := AwayOf(name, u); ok {
				ws = append(ws, w)
			}
		}
		for _, g := range []int{1, 2} {
			for _, d := range CheckAway(ws, g) {
				if d.Span.Start < 0 || d.Span.End > len(d.File.Content) || d.Span.Start > d.Span.End {
					t.Fatalf("span %v outside %q", d.Span, d.File.Content)
				}
			}
		}
	})
}

// BenchmarkCheckAway weighs the links out of the tree of a corpus-sized
// run: 88 guides, each with the two definitions the corpus guides write.
func BenchmarkCheckAway(b *testing.B) {
	tree := &Tree{Guides: map[string]map[string]bool{}}
	var uses []Use
	for i := range 88 {
		name := "guide" + strconv.Itoa(i)
		tree.Guides[name] = map[string]bool{}
		f := source.NewFile(name+"/index.md", []byte(intro+clients))
		uses = append(uses, Use{File: f, Span: source.Span{Start: 0, End: len(intro) - 1}, Dest: "../../introduction.md"},
			Use{File: f, Span: source.Span{Start: len(intro), End: len(intro) + len(clients) - 1}, Dest: "../../../../configuration/identity-providers/openid-connect/clients.md"})
	}
	b.ReportAllocs()
	for b.Loop() {
		var ws []Away
		for _, u := range uses {
			name := strings.TrimSuffix(u.File.Name, "/index.md")
			u.Target = tree.Resolve(name, u.Dest)
			if a, ok := AwayOf(name, u); ok {
				ws = append(ws, a)
			}
		}
		if l := CheckAway(ws, 88); len(l) != 0 {
			b.Fatal(l)
		}
	}
}
