package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/guidec/guidec/internal/build"
)

// watchFixture is a watcher on fresh guides, shortcodes and site
// directories.
type watchFixture struct {
	t                *testing.T
	guides, sc, site string
	w                *watcher
}

func newWatchFixture(t *testing.T) *watchFixture {
	t.Helper()
	dir := t.TempDir()
	f := &watchFixture{t: t, guides: filepath.Join(dir, "guides"), sc: filepath.Join(dir, "shortcodes"), site: filepath.Join(dir, "site")}
	for _, d := range []string{f.guides + "/a", f.sc, f.site, f.guides + "/.git/objects"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := newWatcher([]root{{f.guides, rootSource}, {f.sc, rootShortcodes}, {f.site, rootSite}}, 20*time.Millisecond, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go w.run(ctx)
	f.w = w
	return f
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
	var all build.Change
	n := 0
	timeout := time.After(wait)
	for !done(all) {
		select {
		case c := <-f.w.out:
			all.Guides = append(all.Guides, c.Guides...)
			all.Shortcodes = all.Shortcodes || c.Shortcodes
			all.Site = all.Site || c.Site
			all.All = all.All || c.All
			n++
		case <-timeout:
			f.t.Fatalf("changes so far: %+v", all)
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

// TestWatcherLocate maps event paths to inputs, the innermost root first.
func TestWatcherLocate(t *testing.T) {
	w := &watcher{roots: []root{{"/w/site", rootSite}, {"/w", rootSource}}}
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
	var ch build.Change
	if w.add(&ch, fsnotify.Event{Name: "/w/romm/.index.md.swp", Op: fsnotify.Write}) || len(ch.Guides) != 0 {
		t.Error("a hidden file counts as a change")
	}
}
