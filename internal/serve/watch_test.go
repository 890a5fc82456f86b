package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/guidec/guidec/internal/build"
)

// watchFixture is a watcher on fresh guides, shortcodes and site
// directories, in a project directory proj.
type watchFixture struct {
	t                      *testing.T
	proj, guides, sc, site string
	w                      *watcher
}

func newWatchFixture(t *testing.T) *watchFixture {
	t.Helper()
	proj := filepath.Join(t.TempDir(), "proj")
	f := &watchFixture{t: t, proj: proj, guides: filepath.Join(proj, "guides"), sc: filepath.Join(proj, "shortcodes"), site: filepath.Join(proj, "site")}
	for _, d := range []string{f.guides + "/a/img", f.sc + "/a/img", f.site + "/a/img", f.guides + "/.git/objects"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(d+"/x.txt", []byte("1"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f.start()
	return f
}

// start runs the watcher on the fixture's directories as they are.
func (f *watchFixture) start() {
	t := f.t
	t.Helper()
	w, err := newWatcher([]root{{dir: f.guides, kind: rootSource, name: "guides"}, {dir: f.sc, kind: rootShortcodes, name: "shortcodes"}, {dir: f.site, kind: rootSite, name: "site"}}, 20*time.Millisecond, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.run(ctx)
	f.w = w
}

func (f *watchFixture) write(path, content string) {
	f.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// collect merges the changes the watcher sends until done reports that
// they hold what is expected, and returns them with their number.
func (f *watchFixture) collect(done func(build.Change) bool) (build.Change, int) {
	f.t.Helper()
	all, n := f.collectBatches(func(b batch) bool { return done(b.change) })
	return all.change, n
}

// collectBatches merges the batches the watcher sends until done reports
// that they hold what is expected; missing is the last batch's.
func (f *watchFixture) collectBatches(done func(batch) bool) (batch, int) {
	f.t.Helper()
	var all batch
	n := 0
	timeout := time.After(wait)
	for !done(all) {
		select {
		case b := <-f.w.out:
			all.change = mergeChange(all.change, b.change)
			all.replaced = append(all.replaced, b.replaced...)
			all.missing = b.missing
			n++
		case <-timeout:
			f.t.Fatalf("batches so far: %+v", all)
		}
	}
	return all, n
}

// TestWatcherMergesBurst saves files in every input in a burst: the
// changes arrive merged, hidden files left out, and new directories are
// watched.
func TestWatcherMergesBurst(t *testing.T) {
	f := newWatchFixture(t)
	for i := range 5 {
		f.write(f.guides+"/a/index.md", string(rune('a'+i)))
	}
	f.write(f.guides+"/a/.index.md.swp", "swap")
	f.write(f.guides+"/.git/objects/x", "object")
	f.write(f.guides+"/b/index.md", "new guide")
	f.write(f.sc+"/x.html", "template")
	f.write(f.site+"/site.yaml", "title: x")
	c, n := f.collect(func(c build.Change) bool {
		return slices.Contains(c.Guides, "a/index.md") && slices.Contains(c.Guides, "b") && c.Shortcodes && c.Site
	})
	if n > 3 {
		t.Errorf("a burst of 10 saves came as %d changes", n)
	}
	for _, g := range c.Guides {
		if hidden(g) {
			t.Errorf("hidden path %q reported", g)
		}
	}
	// b was created after the watch started: it is watched now, and so is
	// a directory created inside it.
	if err := os.Mkdir(f.guides+"/b/img", 0o755); err != nil {
		t.Fatal(err)
	}
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "b/img") })
	f.write(f.guides+"/b/img/shot.png", "png")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "b/img/shot.png") })
	// A renamed directory is followed under its new name.
	if err := os.Rename(f.guides+"/b", f.guides+"/c"); err != nil {
		t.Fatal(err)
	}
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "b") && slices.Contains(c.Guides, "c") })
	f.write(f.guides+"/c/img/other.png", "png")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "c/img/other.png") })
}

// TestWatcherOptionalRoots watches a Hugo project's layouts/ (present)
// and data/ (absent at first), as serve does: a template saved in layouts
// reloads the templates, the absent data/ is no missing input, and its
// creation rebuilds everything without calling it replaced.
func TestWatcherOptionalRoots(t *testing.T) {
	dir := t.TempDir()
	layouts, data := filepath.Join(dir, "layouts"), filepath.Join(dir, "data")
	if err := os.MkdirAll(filepath.Join(layouts, "_shortcodes"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher([]root{
		{dir: filepath.Join(dir, "content"), kind: rootSource, name: "content"},
		{dir: layouts, kind: rootShortcodes, name: "layouts", optional: true},
		{dir: data, kind: rootShortcodes, name: "data", optional: true},
	}, 20*time.Millisecond, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if m := w.missing(); len(m) != 1 || m[0] != "content" {
		t.Errorf("missing = %v, want only the content root", m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.run(ctx)
	f := &watchFixture{t: t, w: w}
	f.write(filepath.Join(layouts, "_shortcodes", "note.html"), "{{ .Inner }}")
	f.collect(func(c build.Change) bool { return c.Shortcodes })
	f.write(filepath.Join(data, "params.yaml"), "a: 1")
	b, _ := f.collectBatches(func(b batch) bool { return b.change.All })
	if len(b.replaced) > 0 || len(b.missing) > 0 {
		t.Errorf("data/ created: replaced %v, missing %v; want neither", b.replaced, b.missing)
	}
	f.write(filepath.Join(data, "params.yaml"), "a: 2")
	f.collect(func(c build.Change) bool { return c.Shortcodes })
}

// TestWatcherLocate maps event paths to inputs, the innermost root first.
func TestWatcherLocate(t *testing.T) {
	w := &watcher{roots: []*rootState{{root: root{dir: "/w/site", kind: rootSite, name: "site"}}, {root: root{dir: "/w", kind: rootSource, name: "w"}}}}
	for _, c := range []struct {
		name string
		kind rootKind
		rel  string
		ok   bool
	}{
		{"/w/romm/index.md", rootSource, "romm/index.md", true},
		{"/w", rootSource, ".", true},
		{"/w/site/layouts/baseof.html", rootSite, "layouts/baseof.html", true},
		{"/elsewhere/x", 0, "", false},
		{"/w2/x", 0, "", false},
	} {
		r, rel, ok := w.locate(filepath.FromSlash(c.name))
		if ok != c.ok || ok && (r.kind != c.kind || rel != c.rel) {
			t.Errorf("locate(%s) = %v %q %v, want %v %q %v", c.name, r.kind, rel, ok, c.kind, c.rel, c.ok)
		}
	}
	var b batch
	if w.add(&b, fsnotify.Event{Name: "/w/romm/.index.md.swp", Op: fsnotify.Write}) || len(b.change.Guides) != 0 {
		t.Error("a hidden file counts as a change")
	}
}

// quiet checks that no batch comes within a few debounce intervals: an
// event from a directory no longer watched (the tree a replaced root left
// behind) would come within milliseconds.
func (f *watchFixture) quiet(what string) {
	f.t.Helper()
	select {
	case b := <-f.w.out:
		f.t.Errorf("%s: got %+v", what, b)
	case <-time.After(300 * time.Millisecond):
	}
}

// copyTree copies the directory src to dst, which must not exist.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
}

// replacements are the ways a watched directory gets replaced while
// guidec serve runs (git checkout, sync tools, scripts): each puts the
// directory fresh in place of dir and returns where the old one went, ""
// if it is gone.
var replacements = []struct {
	name    string
	replace func(t *testing.T, dir, fresh string) string
}{
	{"rm -rf and cp -r", func(t *testing.T, dir, fresh string) string {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		copyTree(t, fresh, dir)
		return ""
	}},
	{"move away and rename another in", func(t *testing.T, dir, fresh string) string {
		if err := os.Rename(dir, dir+".old"); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(fresh, dir); err != nil {
			t.Fatal(err)
		}
		return dir + ".old"
	}},
	{"rename another over the emptied directory", func(t *testing.T, dir, fresh string) string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
		// rename(2) replaces an empty directory; os.Rename refuses to.
		if err := syscall.Rename(fresh, dir); err != nil {
			t.Fatal(err)
		}
		return ""
	}},
}

// TestWatcherFollowsReplacedRoots replaces each watched directory in each
// way while the watcher runs: the watcher reports it replaced, with a
// change that rebuilds everything, and then notices edits in the new
// directory (a subdirectory too) and none in the old one.
func TestWatcherFollowsReplacedRoots(t *testing.T) {
	for _, rp := range replacements {
		for _, name := range []string{"guides", "shortcodes", "site"} {
			t.Run(rp.name+"/"+name, func(t *testing.T) {
				f := newWatchFixture(t)
				dir := map[string]string{"guides": f.guides, "shortcodes": f.sc, "site": f.site}[name]
				// The new directory is a copy of the old one but for a
				// subdirectory, whose watch would outlive the old tree if
				// nothing dropped it.
				fresh := filepath.Join(filepath.Dir(f.proj), name+".fresh")
				copyTree(t, dir, fresh)
				if err := os.Mkdir(dir+"/a/old-only", 0o755); err != nil {
					t.Fatal(err)
				}
				f.collect(func(c build.Change) bool { return c.Shortcodes || c.Site || slices.Contains(c.Guides, "a/old-only") })
				old := rp.replace(t, dir, fresh)
				b, _ := f.collectBatches(func(b batch) bool { return slices.Contains(b.replaced, name) && len(b.missing) == 0 })
				if !b.change.All || !slices.Equal(b.replaced, []string{name}) {
					t.Errorf("replacing %s: %+v, want it replaced alone, rebuilding all", name, b)
				}
				if old != "" {
					f.write(old+"/a/old-only/x.txt", "old tree")
					f.write(old+"/a/img/x.txt", "old tree")
					f.quiet("edits in the tree moved away")
				}
				f.write(dir+"/a/img/y.txt", "2")
				c, _ := f.collect(func(c build.Change) bool {
					return c.Shortcodes || c.Site || slices.Contains(c.Guides, "a/img/y.txt")
				})
				if c.Shortcodes != (name == "shortcodes") || c.Site != (name == "site") || c.All {
					t.Errorf("edit in the new %s: %+v", name, c)
				}
				// And again: the watches set for the new tree keep working.
				f.write(dir+"/a/z.txt", "3")
				f.collect(func(c build.Change) bool { return c.Shortcodes || c.Site || slices.Contains(c.Guides, "a/z.txt") })
			})
		}
	}
}

// TestWatcherRootGoneAndBack deletes the guides for good, then the whole
// project around the watched directories: the watcher says which are
// missing, and when they come back (created afresh, or a copy of the
// project renamed in) it reports them replaced and follows them.
func TestWatcherRootGoneAndBack(t *testing.T) {
	f := newWatchFixture(t)
	if err := os.RemoveAll(f.guides); err != nil {
		t.Fatal(err)
	}
	b, _ := f.collectBatches(func(b batch) bool { return len(b.missing) > 0 })
	if !slices.Equal(b.missing, []string{"guides"}) || len(b.replaced) != 0 {
		t.Errorf("guides deleted: %+v", b)
	}
	f.write(f.guides+"/b/index.md", "back")
	b, _ = f.collectBatches(func(b batch) bool { return slices.Contains(b.replaced, "guides") && len(b.missing) == 0 })
	if !b.change.All {
		t.Errorf("guides back: %+v, want a change rebuilding all", b)
	}
	f.write(f.guides+"/b/index.md", "edit")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "b/index.md") })

	// The project goes: the roots' parent, which was watched for them.
	all := []string{"guides", "shortcodes", "site"}
	if err := os.RemoveAll(f.proj); err != nil {
		t.Fatal(err)
	}
	f.collectBatches(func(b batch) bool { return slices.Equal(b.missing, all) })
	// It comes back a level at a time, as mkdir -p and cp -r make it.
	for _, d := range []string{f.proj, f.guides, f.sc} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, f.sc, f.site)
	b, _ = f.collectBatches(func(b batch) bool { return len(b.replaced) == 3 && len(b.missing) == 0 })
	slices.Sort(b.replaced)
	if !slices.Equal(b.replaced, all) {
		t.Errorf("project back: %+v", b)
	}
	// Files in directories watched already, so that they are reported
	// by name (a new directory reports its files by its own name).
	f.write(f.guides+"/c.md", "new")
	f.write(f.site+"/x.html", "new")
	f.write(f.sc+"/x.html", "new")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "c.md") && c.Site && c.Shortcodes })

	// A copy of the project renamed in place of it.
	copyTree(t, f.proj, f.proj+".new")
	if err := os.Rename(f.proj, f.proj+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(f.proj+".new", f.proj); err != nil {
		t.Fatal(err)
	}
	f.collectBatches(func(b batch) bool { return len(b.replaced) == 3 && len(b.missing) == 0 })
	f.write(f.proj+".old/guides/c.md", "old")
	f.quiet("an edit in the project moved away")
	f.write(f.guides+"/c.md", "edit")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "c.md") })
}

// TestWatcherSymlinkedRoot watches guides given as a symbolic link, as a
// release directory or a checkout elsewhere is: edits in the linked tree
// are noticed, and so are the link pointing elsewhere (ln -sfn) and the
// linked directory replaced.
func TestWatcherSymlinkedRoot(t *testing.T) {
	dir := t.TempDir()
	f := &watchFixture{t: t, proj: filepath.Join(dir, "proj"), guides: filepath.Join(dir, "proj", "guides"),
		sc: filepath.Join(dir, "proj", "shortcodes"), site: filepath.Join(dir, "proj", "site")}
	rel1, rel2 := filepath.Join(dir, "releases", "1"), filepath.Join(dir, "releases", "2")
	for _, d := range []string{rel1 + "/a/img", f.sc, f.site} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(rel1, f.guides); err != nil {
		t.Fatal(err)
	}
	f.start()
	f.write(rel1+"/a/img/x.txt", "1")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "a/img/x.txt") })

	// ln -sfn: a new link renamed over the old one.
	copyTree(t, rel1, rel2)
	if err := os.Symlink(rel2, f.guides+".tmp"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(f.guides+".tmp", f.guides); err != nil {
		t.Fatal(err)
	}
	f.collectBatches(func(b batch) bool { return slices.Contains(b.replaced, "guides") })
	f.write(rel1+"/a/img/stale.txt", "old target")
	f.quiet("an edit in the former target")
	f.write(rel2+"/a/img/y.txt", "2")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "a/img/y.txt") })

	// The target deleted and made again, the link untouched.
	if err := os.RemoveAll(rel2); err != nil {
		t.Fatal(err)
	}
	f.collectBatches(func(b batch) bool { return slices.Equal(b.missing, []string{"guides"}) })
	copyTree(t, rel1, rel2)
	f.collectBatches(func(b batch) bool { return slices.Contains(b.replaced, "guides") && len(b.missing) == 0 })
	f.write(rel2+"/a/img/z.txt", "3")
	f.collect(func(c build.Change) bool { return slices.Contains(c.Guides, "a/img/z.txt") })
}
