//go:build unix

package publish

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestDirOutputUpdate rebuilds over a spare copy that holds an older site
// and things a spare should not: the committed site is exactly the new
// one, unchanged files are not rewritten, and nothing escapes through a
// symbolic link planted in the spare.
func TestDirOutputUpdate(t *testing.T) {
	if !canUpdate {
		t.Skip("no in-place updates on this system")
	}
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	outside := filepath.Join(root, "outside")
	must(t, os.MkdirAll(outside, 0o755))
	must(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644))
	build := func(files map[string]string) {
		t.Helper()
		o, err := NewDirOutput(dst)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range slices.Sorted(maps.Keys(files)) {
			must(t, o.WriteFile(n, []byte(files[n])))
		}
		must(t, o.Commit())
		if got := tree(t, dst); !equalMaps(got, files) {
			t.Fatalf("committed %v, want %v", got, files)
		}
	}
	v1 := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "b/img.png": "png", "c/d/index.html": "d"}
	build(v1)
	build(v1) // v1 is now the spare too

	spare := filepath.Join(root, ".public.spare")
	inode := func(p string) uint64 {
		t.Helper()
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Sys().(*syscall.Stat_t).Ino
	}
	unchanged := inode(filepath.Join(spare, "a", "index.html"))
	// What a spare must never be trusted with.
	must(t, os.RemoveAll(filepath.Join(spare, "c")))
	must(t, os.Symlink(outside, filepath.Join(spare, "c")))                                     // a directory that is a link
	must(t, os.Remove(filepath.Join(spare, "b", "img.png")))                                    //
	must(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(spare, "b", "img.png"))) // a file that is a link
	must(t, os.Chmod(filepath.Join(spare, "index.html"), 0o600))                                // not our mode
	must(t, os.MkdirAll(filepath.Join(spare, "new", "index.html"), 0o755))                      // a directory where a file goes
	must(t, os.Chmod(filepath.Join(spare, "a"), 0o700))                                         // a directory not our mode

	v2 := map[string]string{"index.html": "home", "a/index.html": "a", "b/img.png": "png2", "c/d/index.html": "d", "new/index.html": "new", "c/secret": "mine"}
	build(v2)
	if got := inode(filepath.Join(dst, "a", "index.html")); got != unchanged {
		t.Errorf("an unchanged file was written again (inode %d, was %d)", got, unchanged)
	}
	if b, err := os.ReadFile(filepath.Join(outside, "secret")); err != nil || string(b) != "secret" {
		t.Errorf("the file outside changed: %q, %v", b, err)
	}
	if es, _ := os.ReadDir(outside); len(es) != 1 {
		t.Errorf("files appeared outside: %v", es)
	}
	for _, p := range []string{"c", filepath.Join("b", "img.png")} {
		if fi, err := os.Lstat(filepath.Join(dst, p)); err != nil || fi.Mode()&os.ModeSymlink != 0 {
			t.Errorf("%s: %v, %v", p, fi, err)
		}
	}
	if fi, err := os.Stat(filepath.Join(dst, "index.html")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("index.html mode %v, %v", fi, err)
	}
	if fi, err := os.Stat(filepath.Join(dst, "a")); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("directory a mode %v, %v", fi, err)
	}
	// A failed build over the spare leaves the site and takes the spare.
	o, err := NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	must(t, o.WriteFile("index.html", []byte("half")))
	must(t, o.Abort())
	if got := tree(t, dst); !equalMaps(got, v2) {
		t.Errorf("after abort: %v", got)
	}
}

// TestStaticDirSymlink: a static directory that is a symbolic link is not
// followed out of the site directory; Finish reports it and copies nothing
// from it.
func TestStaticDirSymlink(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	site := filepath.Join(root, "site")
	must(t, os.MkdirAll(outside, 0o755))
	must(t, os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644))
	must(t, os.MkdirAll(site, 0o755))
	must(t, os.Symlink(outside, filepath.Join(site, "static")))
	var out MemOutput
	s, err := New(DefaultConfig(), testLayouts(t), &out)
	must(t, err)
	l, err := s.Finish(os.DirFS(site), nil)
	must(t, err)
	if len(l) != 1 || l[0].Code != "layout-symlink" || l[0].Filename() != "static" {
		t.Errorf("diagnostics = %v, want one layout-symlink on static", l)
	}
	if _, ok := out.File("secret.txt"); ok {
		t.Error("a file outside the site directory was published")
	}
}
