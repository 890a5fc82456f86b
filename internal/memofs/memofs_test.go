package memofs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// tree writes a small tree of guides into a temporary directory.
func tree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{"a/index.md", "a/img.png", "b/index.md", "b/sub/x.md", ".hidden/index.md", "top.md"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("content of "+f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestFS runs the standard file system checks on an FS of a Cache, twice
// (the second time every listing comes from the cache).
func TestFS(t *testing.T) {
	root := tree(t)
	fsys := New().FS(root)
	for range 2 {
		if err := fstest.TestFS(fsys, "a/index.md", "a/img.png", "b/index.md", "b/sub/x.md", "top.md"); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSameAsDirFS compares listings, contents and errors with os.DirFS.
func TestSameAsDirFS(t *testing.T) {
	root := tree(t)
	want := os.DirFS(root)
	got := New().FS(root)
	for _, name := range []string{".", "a", "b", "b/sub", ".hidden", "missing", "top.md", "../x", "/abs", "a/"} {
		for round := range 2 {
			we, werr := fs.ReadDir(want, name)
			ge, gerr := fs.ReadDir(got, name)
			if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
				t.Errorf("ReadDir(%q) round %d: error %v, want %v", name, round, gerr, werr)
			}
			if !slices.Equal(names(ge), names(we)) {
				t.Errorf("ReadDir(%q) round %d: %v, want %v", name, round, names(ge), names(we))
			}
		}
		wb, werr := fs.ReadFile(want, name)
		gb, gerr := fs.ReadFile(got, name)
		if string(wb) != string(gb) || (werr == nil) != (gerr == nil) {
			t.Errorf("ReadFile(%q): %q %v, want %q %v", name, gb, gerr, wb, werr)
		}
		_, werr = fs.Stat(want, name)
		_, gerr = fs.Stat(got, name)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("Stat(%q): error %v, want %v", name, gerr, werr)
		}
	}
}

// TestShared checks that listings are read once, whichever FS of the Cache
// asks and under whichever root, that a caller's copy is its own, and that
// a failed listing is not kept.
func TestShared(t *testing.T) {
	root := tree(t)
	c := New()
	whole, sub := c.FS(filepath.Dir(root)), c.FS(root)
	first, err := fs.ReadDir(whole, filepath.Base(root)+"/a")
	if err != nil {
		t.Fatal(err)
	}
	// The directory changes on disk: a cached listing does not see it.
	if err := os.WriteFile(filepath.Join(root, "a", "new.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := fs.ReadDir(sub, "a")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names(again), names(first)) {
		t.Fatalf("second listing %v, want the first one %v from the cache", names(again), names(first))
	}
	again[0] = nil
	if third, _ := fs.ReadDir(sub, "a"); third[0] == nil {
		t.Fatal("a caller's change to its slice reached the cache")
	}
	if _, err := fs.ReadDir(sub, "later"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing directory: %v", err)
	}
	if err := os.Mkdir(filepath.Join(root, "later"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadDir(sub, "later"); err != nil {
		t.Fatalf("a directory that failed to list was kept as failed: %v", err)
	}
}

func names(es []fs.DirEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// TestReadFile compares ReadFile with os.DirFS on files of every size
// around the read boundaries, on a directory, a missing file, a symbolic
// link and an unreadable file.
func TestReadFile(t *testing.T) {
	root := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 65537} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%d", n)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("f512", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret"), []byte("x"), 0o000); err != nil {
		t.Fatal(err)
	}
	want, got := os.DirFS(root), New().FS(root)
	for _, name := range []string{"f0", "f1", "f511", "f512", "f513", "f4096", "f65537", "dir", "missing", "link", "secret", "../f1", "dir/../f1"} {
		wb, werr := fs.ReadFile(want, name)
		gb, gerr := fs.ReadFile(got, name)
		if !bytes.Equal(wb, gb) || fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Errorf("ReadFile(%q) = %d bytes, %v; os.DirFS: %d bytes, %v", name, len(gb), gerr, len(wb), werr)
		}
	}
	if b, ok := readRegular(filepath.Join(root, "f4096")); !ok || len(b) != 4096 {
		t.Errorf("readRegular of a regular file: %d bytes, %v: it went to package os", len(b), ok)
	}
}

// TestOpenStat compares what Open's files tell about themselves with
// os.DirFS, for a plain file and one with the set-id and sticky bits.
func TestOpenStat(t *testing.T) {
	root := t.TempDir()
	for name, mode := range map[string]os.FileMode{"plain": 0o640, "special": 0o755 | os.ModeSetuid | os.ModeSetgid | os.ModeSticky} {
		p := filepath.Join(root, name)
		if err := os.WriteFile(p, []byte(name), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
	}
	want, got := os.DirFS(root), New().FS(root)
	for _, name := range []string{"plain", "special"} {
		wf, err := want.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		gf, err := got.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		wi, _ := wf.Stat()
		gi, _ := gf.Stat()
		if wi.Name() != gi.Name() || wi.Mode() != gi.Mode() || wi.Size() != gi.Size() || !wi.ModTime().Equal(gi.ModTime()) || wi.IsDir() != gi.IsDir() {
			t.Errorf("%s: Stat = %s %v %d %v, os.DirFS %s %v %d %v", name, gi.Name(), gi.Mode(), gi.Size(), gi.ModTime(), wi.Name(), wi.Mode(), wi.Size(), wi.ModTime())
		}
		wf.Close()
		if err := gf.Close(); err != nil {
			t.Errorf("%s: Close: %v", name, err)
		}
		if _, err := gf.Read(make([]byte, 1)); !errors.Is(err, fs.ErrClosed) {
			t.Errorf("%s: Read after Close: %v, want ErrClosed", name, err)
		}
	}
}

// TestPrefetch checks that Prefetch keeps the listings of the levels it
// was asked for, the same a walk reads, and no more: not those of hidden
// directories, nor those below its depth; and that the FS then serves
// them from the cache even after the directory changes.
func TestPrefetch(t *testing.T) {
	root := tree(t)
	c := New()
	c.Prefetch(root, 1, 3)
	key := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	for _, rel := range []string{".", "a", "b"} {
		if _, ok := c.dirs[key(rel)]; !ok {
			t.Errorf("listing of %s not prefetched", rel)
		}
	}
	for _, rel := range []string{".hidden", "b/sub"} {
		if _, ok := c.dirs[key(rel)]; ok {
			t.Errorf("listing of %s prefetched", rel)
		}
	}
	want, err := fs.ReadDir(os.DirFS(root), "b")
	if err != nil {
		t.Fatal(err)
	}
	// A file added now is not in the listing the walk gets: it was read
	// once, by Prefetch.
	if err := os.WriteFile(key("b/late.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadDir(c.FS(root), "b")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("b lists %d entries, want the %d prefetched", len(got), len(want))
	}
	for i := range got {
		if got[i].Name() != want[i].Name() || got[i].IsDir() != want[i].IsDir() {
			t.Errorf("entry %d: %s, want %s", i, got[i].Name(), want[i].Name())
		}
	}
	// A missing directory is no error and caches nothing.
	c2 := New()
	c2.Prefetch(key("missing"), 2, 2)
	if len(c2.dirs) != 0 {
		t.Errorf("a missing directory left %d listings", len(c2.dirs))
	}
}
