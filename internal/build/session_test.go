package build

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// sessionFixture copies the test guides (testdata/session/guides) and the
// repository's shortcodes and site into a temporary directory, so that
// tests can edit them.
type sessionFixture struct {
	t    *testing.T
	root string
	opt  Options
}

func newSessionFixture(t *testing.T) *sessionFixture {
	t.Helper()
	repo := testenv.RepoRoot(t)
	root := t.TempDir()
	for dst, src := range map[string]string{
		"guides":     "testdata/session/guides",
		"shortcodes": filepath.Join(repo, "shortcodes"),
		"site":       filepath.Join(repo, "site"),
	} {
		if err := os.CopyFS(filepath.Join(root, dst), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	return &sessionFixture{t: t, root: root, opt: Options{
		Source:     os.DirFS(filepath.Join(root, "guides")),
		SourceName: "guides",
		Shortcodes: os.DirFS(filepath.Join(root, "shortcodes")),
		Site:       os.DirFS(filepath.Join(root, "site")),
		Check:      true,
		Jobs:       2,
	}}
}

func (f *sessionFixture) path(rel string) string {
	return filepath.Join(f.root, filepath.FromSlash(rel))
}

func (f *sessionFixture) read(rel string) string {
	f.t.Helper()
	b, err := os.ReadFile(f.path(rel))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

func (f *sessionFixture) write(rel, content string) {
	f.t.Helper()
	if err := os.MkdirAll(filepath.Dir(f.path(rel)), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(f.path(rel), []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// replace replaces the only occurrence of old in rel.
func (f *sessionFixture) replace(rel, old, new string) {
	f.t.Helper()
	s := f.read(rel)
	if strings.Count(s, old) != 1 {
		f.t.Fatalf("%s: %q occurs %d times", rel, old, strings.Count(s, old))
	}
	f.write(rel, strings.Replace(s, old, new, 1))
}

// setKey sets a top-level key of a YAML file, replacing its line or
// adding one.
func (f *sessionFixture) setKey(rel, key, value string) {
	f.t.Helper()
	lines := strings.Split(f.read(rel), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, key+":") {
			lines[i] = key + ": " + value
			f.write(rel, strings.Join(lines, "\n"))
			return
		}
	}
	f.write(rel, strings.Join(lines, "\n")+"\n"+key+": "+value+"\n")
}

// full builds the fixture from scratch with Run, into memory.
func (f *sessionFixture) full() (*Result, map[string][]byte) {
	f.t.Helper()
	mem := &publish.MemOutput{}
	opt := f.opt
	opt.Output = mem
	res, err := Run(context.Background(), opt)
	if err != nil {
		f.t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, n := range mem.Names() {
		files[n], _ = mem.File(n)
	}
	return res, files
}

// assertFull checks that snap is byte for byte what a fresh Run builds.
func (f *sessionFixture) assertFull(snap *Snapshot) {
	f.t.Helper()
	res, files := f.full()
	if res.Failed || snap.Failed || snap.Err != nil {
		f.t.Fatalf("failed: run %v, session %v (err %v)\n%s", res.Failed, snap.Failed, snap.Err, printed(snap.Diags))
	}
	if got, want := printed(snap.Diags), printed(res.Diags); got != want {
		f.t.Errorf("diagnostics differ from a full build:\nsession:\n%s\nrun:\n%s", got, want)
	}
	if snap.Pages != res.Pages {
		f.t.Errorf("pages: session %d, run %d", snap.Pages, res.Pages)
	}
	if !reflect.DeepEqual(snap.Used, res.Used) {
		f.t.Errorf("used shortcodes: session %v, run %v", snap.Used, res.Used)
	}
	for n, b := range files {
		if got, ok := snap.Files[n]; !ok {
			f.t.Errorf("%s: missing from the session's site", n)
		} else if !bytes.Equal(got, b) {
			f.t.Errorf("%s differs from a full build", n)
		}
	}
	for n := range snap.Files {
		if _, ok := files[n]; !ok {
			f.t.Errorf("%s: not in a full build", n)
		}
	}
}

func printed(l diag.List) string {
	var b bytes.Buffer
	if err := diag.PrintJSON(&b, l); err != nil {
		return err.Error()
	}
	return b.String()
}

func build(t *testing.T, s *Session, ch Change) *Snapshot {
	t.Helper()
	snap, err := s.Build(context.Background(), ch)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestSessionEqualsRun edits, adds, deletes and renames guides, changes a
// template, a layout, the configuration and a static file, and checks after
// each step that the session's site is what a full build gives, and that
// only the pages the change affects were rendered again.
func TestSessionEqualsRun(t *testing.T) {
	f := newSessionFixture(t)
	s := NewSession(f.opt)
	snap := build(t, s, Change{})
	f.assertFull(snap)
	all := len(snap.Rendered)
	if all != 3 {
		t.Fatalf("first build rendered %d guides", all)
	}
	uses := func(sc string) []string {
		var out []string
		for n, used := range snap.Used {
			if slices.Contains(used, sc) {
				out = append(out, n)
			}
		}
		sort.Strings(out)
		return out
	}
	steps := []struct {
		name     string
		edit     func()
		ch       Change
		rendered []string // nil: do not check; "*": every guide; "=callout": the guides calling it
		changed  []string // files that must be among Changed
	}{
		{"edit text", func() {
			f.replace("guides/alpha/index.md", "## Tested Versions", "## Tested Versions\n\nA new paragraph.")
		}, Change{Guides: []string{"alpha/index.md"}}, []string{"alpha"}, []string{"alpha/index.html"}},
		{"touch without change", func() {
			f.write("guides/alpha/index.md", f.read("guides/alpha/index.md"))
		}, Change{Guides: []string{"alpha/index.md"}}, []string{"alpha"}, nil},
		{"edit title", func() {
			f.replace("guides/beta/index.md", "\ntitle: \"", "\ntitle: \"Renamed ")
		}, Change{Guides: []string{"beta/index.md"}}, []string{"beta"}, []string{"beta/index.html", "alpha/index.html", "index.html", "index.json"}},
		{"add guide", func() {
			f.write("guides/newapp/index.md", "---\ntitle: \"New App\"\ndescription: \"x\"\n---\n\nSee [Alpha](../alpha/#tested-versions), [nothing](../nothing/) and [Gamma](../gamma/).\n")
		}, Change{Guides: []string{"newapp"}}, []string{"newapp"}, []string{"newapp/index.html", "sitemap.xml"}},
		{"guide appears that a link named", func() {
			f.write("guides/nothing/index.md", "---\ntitle: \"Nothing\"\n---\n\n# Nothing\n")
		}, Change{Guides: []string{"nothing/index.md"}}, []string{"newapp", "nothing"}, nil},
		{"rename a heading a link names", func() {
			f.replace("guides/alpha/index.md", "## Tested Versions", "## Versions Tested")
		}, Change{Guides: []string{"alpha/index.md"}}, []string{"alpha"}, nil},
		// A change inside a listed guide keeps the listing, unless its
		// index.md is gone (the event names the file, not the directory).
		{"remove only a guide's index.md", func() {
			if err := os.Remove(f.path("guides/newapp/index.md")); err != nil {
				t.Fatal(err)
			}
		}, Change{Guides: []string{"newapp/index.md"}}, nil, []string{"newapp/index.html"}},
		{"put it back", func() {
			f.write("guides/newapp/index.md", "---\ntitle: \"New App\"\ndescription: \"x\"\n---\n\nSee [Alpha](../alpha/#tested-versions), [nothing](../nothing/) and [Gamma](../gamma/).\n")
		}, Change{Guides: []string{"newapp/index.md"}}, nil, []string{"newapp/index.html"}},
		{"delete a linked guide", func() {
			if err := os.RemoveAll(f.path("guides/gamma")); err != nil {
				t.Fatal(err)
			}
		}, Change{Guides: []string{"gamma"}}, []string{"alpha", "newapp"}, []string{"gamma/index.html"}},
		{"rename a guide", func() {
			if err := os.Rename(f.path("guides/beta"), f.path("guides/beta2")); err != nil {
				t.Fatal(err)
			}
		}, Change{Guides: []string{"beta", "beta2"}}, []string{"alpha", "beta2"}, []string{"beta/index.html", "beta2/index.html", "beta2/shot.png"}},
		{"change an image", func() {
			f.write("guides/beta2/shot.png", string(pngBytes(4, 4)))
		}, Change{Guides: []string{"beta2/shot.png"}}, []string{"beta2"}, []string{"beta2/shot.png", "beta2/index.html"}},
		{"add a resource", func() {
			f.write("guides/alpha/extra.txt", "hello\n")
		}, Change{Guides: []string{"alpha/extra.txt"}}, []string{"alpha"}, []string{"alpha/extra.txt"}},
		{"change a template", func() {
			f.write("shortcodes/callout.html", f.read("shortcodes/callout.html")+"<hr>")
		}, Change{Shortcodes: true}, []string{"=callout"}, nil},
		{"change a layout", func() {
			f.replace("site/layouts/single.html", "</article>", "</article><hr>")
		}, Change{Site: true}, []string{}, []string{"alpha/index.html", "beta2/index.html"}},
		{"change a static file", func() {
			f.write("site/static/css/site.css", f.read("site/static/css/site.css")+"\n/* x */\n")
		}, Change{Site: true}, []string{}, []string{"css/site.css"}},
		{"change the configuration", func() {
			f.replace("site/site.yaml", "\ntitle: \"", "\ntitle: \"Changed ")
			f.setKey("site/site.yaml", "highlightStyleDark", `"monokai"`)
		}, Change{Site: true}, []string{"*"}, []string{"index.html", "css/highlight.css"}},
		{"everything", func() {}, Change{All: true}, []string{"*"}, nil},
	}
	for _, st := range steps {
		f.t = t
		st.edit()
		snap = build(t, s, st.ch)
		t.Run(st.name, func(t *testing.T) {
			f.t = t
			defer func() { f.t = nil }()
			f.assertFull(snap)
			want := st.rendered
			if len(want) == 1 && want[0] == "*" {
				want = sortedKeys(snap.Used)
			}
			if len(want) == 1 && strings.HasPrefix(want[0], "=") {
				want = uses(want[0][1:])
			}
			if want != nil && !slices.Equal(snap.Rendered, want) && !(len(want) == 0 && len(snap.Rendered) == 0) {
				t.Errorf("rendered %v, want %v", snap.Rendered, want)
			}
			if st.name == "rename a heading a link names" && !hasCode(snap.Diags, "link-anchor-missing") {
				t.Error("the link to the renamed heading is not reported")
			}
			for _, c := range st.changed {
				if !slices.Contains(snap.Changed, c) {
					t.Errorf("%s not in changed files %v", c, snap.Changed)
				}
			}
		})
	}
}

// TestSessionTouchChangesNothing checks that a build whose inputs did not
// change reports no changed file and shares the previous bytes.
func TestSessionTouchChangesNothing(t *testing.T) {
	f := newSessionFixture(t)
	s := NewSession(f.opt)
	first := build(t, s, Change{})
	second := build(t, s, Change{Guides: []string{"alpha/index.md"}, Shortcodes: true, Site: true})
	if len(second.Changed) != 0 {
		t.Errorf("changed %v after no change", second.Changed)
	}
	for n, b := range second.Files {
		if len(b) > 0 && &b[0] != &first.Files[n][0] {
			t.Errorf("%s was copied, not shared", n)
		}
	}
}

// TestSessionKeepsLastGood breaks a guide, a template and a layout in turn:
// the failing build reports the problem and keeps serving the last good
// pages, and fixing it gives a full build again.
func TestSessionKeepsLastGood(t *testing.T) {
	f := newSessionFixture(t)
	s := NewSession(f.opt)
	good := build(t, s, Change{})
	alpha := f.read("guides/alpha/index.md")

	f.replace("guides/alpha/index.md", "## Tested Versions", "## Tested Versions\n\n{{< nosuch >}}\n")
	snap := build(t, s, Change{Guides: []string{"alpha/index.md"}})
	if !snap.Failed || !slices.Equal(snap.Stale, []string{"alpha"}) || !hasCode(snap.Diags, "shortcode-unknown") {
		t.Fatalf("broken shortcode: failed %v, stale %v, diags:\n%s", snap.Failed, snap.Stale, printed(snap.Diags))
	}
	if !bytes.Equal(snap.Files["alpha/index.html"], good.Files["alpha/index.html"]) {
		t.Error("the broken guide's last good page is not served")
	}
	if n, ok := snap.Guide(fileOf(snap.Diags, "shortcode-unknown")); !ok || n != "alpha" {
		t.Errorf("Guide of the diagnostic = %q, %v", n, ok)
	}
	// Front matter that does not parse keeps the last good page too.
	f.write("guides/alpha/index.md", strings.Replace(alpha, "\ntitle: \"", "\ntitle: [\"", 1))
	snap = build(t, s, Change{Guides: []string{"alpha/index.md"}})
	if !snap.Failed || !slices.Equal(snap.Stale, []string{"alpha"}) || !bytes.Equal(snap.Files["alpha/index.html"], good.Files["alpha/index.html"]) {
		t.Fatalf("broken front matter: failed %v, stale %v, diags:\n%s", snap.Failed, snap.Stale, printed(snap.Diags))
	}
	f.replace("guides/alpha/index.md", "## Tested Versions", "## Tested Versions\n\n{{< nosuch >}}\n")
	snap = build(t, s, Change{Guides: []string{"alpha/index.md"}})

	// Another guide changes meanwhile: it is rebuilt, alpha stays stale.
	f.replace("guides/beta/index.md", "\ntitle: \"", "\ntitle: \"Other ")
	snap = build(t, s, Change{Guides: []string{"beta/index.md"}})
	if !slices.Equal(snap.Stale, []string{"alpha"}) || bytes.Equal(snap.Files["beta/index.html"], good.Files["beta/index.html"]) {
		t.Errorf("stale %v; beta rebuilt: %v", snap.Stale, !bytes.Equal(snap.Files["beta/index.html"], good.Files["beta/index.html"]))
	}
	f.write("guides/alpha/index.md", alpha)
	f.assertFull(build(t, s, Change{Guides: []string{"alpha/index.md"}}))

	// A template that does not load is reported at its line; the pages
	// that call it fail and keep their last good page, the others build,
	// guide edits included.
	callout := f.read("shortcodes/callout.html")
	f.write("shortcodes/callout.html", callout+"{{ if }}")
	f.replace("guides/beta/index.md", "\ntitle: \"", "\ntitle: \"Renamed ")
	snap = build(t, s, Change{Shortcodes: true, Guides: []string{"beta/index.md"}})
	if snap.Err != nil || !snap.Failed || !hasCode(snap.Diags, "shortcode-template-load") || !hasCode(snap.Diags, "shortcode-template-error") ||
		!slices.Equal(snap.Stale, []string{"alpha", "gamma"}) || snap.Files["alpha/index.html"] == nil {
		t.Fatalf("broken template: err %v, failed %v, stale %v, diags:\n%s", snap.Err, snap.Failed, snap.Stale, printed(snap.Diags))
	}
	if !bytes.Contains(snap.Files["beta/index.html"], []byte("Renamed ")) {
		t.Error("a guide that does not call the broken template was not rebuilt")
	}
	if d := fileOf(snap.Diags, "shortcode-template-load"); d == nil || !strings.HasSuffix(d.Name, "callout.html") {
		t.Errorf("the load error is not at the template: %v", d)
	}
	f.write("shortcodes/callout.html", callout)
	f.assertFull(build(t, s, Change{Shortcodes: true}))

	// A layout that does not parse keeps the previous site.
	single := f.read("site/layouts/single.html")
	f.write("site/layouts/single.html", single+"{{ end }}")
	before := s.prev.Files
	snap = build(t, s, Change{Site: true})
	if !snap.Failed || !hasCode(snap.Diags, "layout-syntax") || len(snap.Files) != len(before) {
		t.Fatalf("broken layout: failed %v, %d files, diags:\n%s", snap.Failed, len(snap.Files), printed(snap.Diags))
	}
	f.write("site/layouts/single.html", single)
	f.assertFull(build(t, s, Change{Site: true}))
}

func fileOf(l diag.List, code string) *source.File {
	for _, d := range l {
		if d.Code == code {
			return d.File
		}
	}
	return nil
}

// TestSessionLiveReload checks that the live reload script is in a
// session's pages only when asked for, and never in Run's output.
func TestSessionLiveReload(t *testing.T) {
	f := newSessionFixture(t)
	const script = "/__guidec/livereload.js"
	live := build(t, NewSession(f.opt, WithLiveReload()), Change{})
	for _, n := range []string{"index.html", "alpha/index.html"} {
		if !bytes.Contains(live.Files[n], []byte(script)) {
			t.Errorf("%s: no live reload script in serve mode", n)
		}
	}
	_, files := f.full()
	for n, b := range files {
		if bytes.Contains(b, []byte("__guidec")) {
			t.Errorf("%s: a full build contains the live reload script", n)
		}
	}
	plain := build(t, NewSession(f.opt), Change{})
	for n, b := range plain.Files {
		if bytes.Contains(b, []byte("__guidec")) {
			t.Errorf("%s: the script is there without WithLiveReload", n)
		}
	}
}

// TestSessionCorpus builds a copy of the real guides with a session, edits
// one and compares with full builds.
func TestSessionCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus builds take seconds")
	}
	corpus := testenv.Corpus(t)
	f := newSessionFixture(t)
	if err := os.RemoveAll(f.path("guides")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(f.path("guides"), os.DirFS(corpus)); err != nil {
		t.Fatal(err)
	}
	s := NewSession(f.opt)
	snap := build(t, s, Change{})
	// The corpus has broken guides; compare only what a full build says.
	res, files := f.full()
	if printed(snap.Diags) != printed(res.Diags) {
		t.Error("first build: diagnostics differ from a full build")
	}
	names := sortedKeys(snap.Used)
	name := names[len(names)/2]
	f.write("guides/"+name+"/index.md", f.read("guides/"+name+"/index.md")+"\n## Added heading\n\nText.\n")
	snap = build(t, s, Change{Guides: []string{name + "/index.md"}})
	res, files = f.full()
	if printed(snap.Diags) != printed(res.Diags) {
		t.Error("after an edit: diagnostics differ from a full build")
	}
	if !slices.Equal(snap.Rendered, []string{name}) {
		t.Errorf("rendered %v, want [%s]", snap.Rendered, name)
	}
	if !res.Failed {
		for n, b := range files {
			if !bytes.Equal(snap.Files[n], b) {
				t.Errorf("%s differs from a full build", n)
			}
		}
	}
}

// panicFS panics on every use while armed, standing for a bug anywhere
// below Build.
type panicFS struct {
	fs.FS
	armed *atomic.Bool
}

func (p panicFS) Open(name string) (fs.File, error) {
	if p.armed.Load() {
		panic("boom")
	}
	return p.FS.Open(name)
}

// pngBytes returns a w×h PNG image.
func pngBytes(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// TestSessionRecoversPanic checks that a panic during a build becomes an
// internal diagnostic with the previous site, and that the next build
// starts afresh.
func TestSessionRecoversPanic(t *testing.T) {
	f := newSessionFixture(t)
	armed := &atomic.Bool{}
	f.opt.Source = panicFS{FS: f.opt.Source, armed: armed}
	s := NewSession(f.opt)
	good := build(t, s, Change{})
	armed.Store(true)
	snap := build(t, s, Change{Guides: []string{"alpha/index.md"}})
	if !snap.Failed || !hasCode(snap.Diags, "internal") || len(snap.Files) != len(good.Files) {
		t.Fatalf("after a panic: failed %v, %d files, diags:\n%s", snap.Failed, len(snap.Files), printed(snap.Diags))
	}
	armed.Store(false)
	f.replace("guides/alpha/index.md", "## Tested Versions", "## Tested Versions\n\nAfter the panic.")
	f.assertFull(build(t, s, Change{}))
}
