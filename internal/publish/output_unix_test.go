//go:build unix

package publish

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Ino
}

// commitSite commits files into dst and checks the committed site.
func commitSite(t *testing.T, dst string, files map[string]string) *DirOutput {
	t.Helper()
	o := write(t, dst, files)
	must(t, o.Commit())
	if got := tree(t, dst); !equalMaps(got, files) {
		t.Fatalf("committed %v, want %v", got, files)
	}
	if got := markerFiles(t, dst); !slices.Equal(got, slices.Sorted(mapKeys(files))) {
		t.Fatalf("the marker lists %v, want %v", got, slices.Sorted(mapKeys(files)))
	}
	return o
}

// TestDirOutputUpdate rebuilds over the spare: the committed site is
// exactly the new one, unchanged files are not rewritten, and a file that
// becomes a directory (and the reverse) is replaced.
func TestDirOutputUpdate(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	spare := filepath.Join(StateDir(dst), spareName)
	v1 := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "b/img.png": "png", "c/d/index.html": "d", "e": "file"}
	commitSite(t, dst, v1)
	commitSite(t, dst, v1) // v1 is now the spare too
	unchanged := inode(t, filepath.Join(spare, "a", "index.html"))
	changed := inode(t, filepath.Join(spare, "b", "img.png"))

	v2 := map[string]string{"index.html": "home", "a/index.html": "a", "b/img.png": "png2", "c": "now a file", "e/index.html": "now a folder", "new/index.html": "new"}
	commitSite(t, dst, v2)
	if runtime.GOOS == "linux" {
		freshIDs(t, dst)
	}
	if got := inode(t, filepath.Join(dst, "a", "index.html")); got != unchanged {
		t.Errorf("an unchanged file was written again (inode %d, was %d)", got, unchanged)
	}
	if got := inode(t, filepath.Join(dst, "b", "img.png")); got != changed {
		t.Errorf("a changed file was created again instead of rewritten (inode %d, was %d)", got, changed)
	}
	if fi, err := os.Stat(filepath.Join(dst, "index.html")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("index.html mode %v, %v", fi, err)
	}
	// And back: the spare now holds v1 again.
	commitSite(t, dst, v1)
	commitSite(t, dst, v2)
	if runtime.GOOS == "linux" {
		freshIDs(t, dst)
		freshIDs(t, spare)
	}
}

// freshIDs checks that the marker of dir records the identity every
// directory has now, so that the next audit reads none of them.
func freshIDs(t *testing.T, dir string) {
	t.Helper()
	m, err := readManifest(dir)
	must(t, err)
	for d, id := range m.dirs {
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(d)))
		must(t, err)
		if now := statID(fi); !now.same(id) || id.ctime == 0 {
			t.Errorf("%s: the marker records %+v for %s, which is %+v now", dir, id, d, now)
		}
	}
}

// TestDirOutputUpdateMode rewrites a spare file whose mode is not the
// site's, and one with another link, which keeps its bytes.
func TestDirOutputUpdateLinks(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	spare := filepath.Join(StateDir(dst), spareName)
	v1 := map[string]string{"index.html": "home", "linked.html": "v1"}
	commitSite(t, dst, v1)
	commitSite(t, dst, v1)
	// Someone keeps a hard link to a file of the spare: the next build
	// changes that file, and the link must keep the bytes it had.
	keep := filepath.Join(root, "keep.html")
	must(t, os.Link(filepath.Join(spare, "linked.html"), keep))
	commitSite(t, dst, map[string]string{"index.html": "home", "linked.html": "v2"})
	if b, err := os.ReadFile(keep); err != nil || string(b) != "v1" {
		t.Errorf("a hard link to a spare file now holds %q (%v), want v1", b, err)
	}
}

// TestSpareNotTrusted plants in the spare what guidec did not write
// there: the build leaves the spare alone, byte for byte, builds a fresh
// site, warns, and nothing outside changes.
func TestSpareNotTrusted(t *testing.T) {
	v1 := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "b/img.png": "png", "c/d/index.html": "d"}
	v2 := map[string]string{"index.html": "home2", "a/index.html": "a", "b/img.png": "png2", "c/d/index.html": "d", "c/secret": "mine"}
	plants := map[string]func(t *testing.T, spare, outside string){
		"link to a folder": func(t *testing.T, spare, outside string) {
			must(t, os.RemoveAll(filepath.Join(spare, "c")))
			must(t, os.Symlink(outside, filepath.Join(spare, "c")))
		},
		"link to a file": func(t *testing.T, spare, outside string) {
			must(t, os.Remove(filepath.Join(spare, "b", "img.png")))
			must(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(spare, "b", "img.png")))
		},
		"a file of someone else": func(t *testing.T, spare, outside string) {
			must(t, os.WriteFile(filepath.Join(spare, "b", "notes.md"), []byte("mine"), 0o644))
		},
		"a folder of someone else": func(t *testing.T, spare, outside string) {
			must(t, os.Mkdir(filepath.Join(spare, "drafts"), 0o755))
		},
		"a top-level file": func(t *testing.T, spare, outside string) {
			must(t, os.WriteFile(filepath.Join(spare, "CNAME"), []byte("docs.example.org"), 0o644))
		},
		"a broken marker": func(t *testing.T, spare, outside string) {
			must(t, os.WriteFile(filepath.Join(spare, MarkerName), []byte("guidec-output 1\nf 1 2 3 4 00 ../x\n"), 0o644))
		},
		"no marker": func(t *testing.T, spare, outside string) {
			must(t, os.Remove(filepath.Join(spare, MarkerName)))
		},
	}
	for name, plant := range plants {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			dst := filepath.Join(root, "public")
			spare := filepath.Join(StateDir(dst), spareName)
			outside := filepath.Join(root, "outside")
			must(t, os.MkdirAll(outside, 0o755))
			must(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644))
			commitSite(t, dst, v1)
			commitSite(t, dst, v1)
			plant(t, spare, outside)
			before := rawTree(t, spare)
			o := commitSite(t, dst, v2)
			if got := rawTree(t, spare); !equalMaps(got, before) {
				t.Errorf("the spare changed:\n%v\nwas\n%v", got, before)
			}
			if w := o.Warnings(); len(w) != 1 || !strings.Contains(w[0], spare) {
				t.Errorf("warnings %q", w)
			}
			if got := tree(t, outside); len(got) != 1 || got["secret"] != "secret" {
				t.Errorf("outside now holds %v", got)
			}
			// The next build warns again and still works.
			if w := commitSite(t, dst, v1).Warnings(); len(w) != 1 {
				t.Errorf("next build: warnings %q", w)
			}
		})
	}
}

// TestSpareChangedFile changes a file the spare's marker lists: a build
// that would overwrite it, or remove it, fails instead, the file keeps its
// bytes, and the build after that leaves the spare alone.
func TestSpareChangedFile(t *testing.T) {
	v1 := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b"}
	for _, tc := range []struct {
		name, file string
		next       map[string]string
		atCommit   bool
	}{
		{"overwritten", "a/index.html", map[string]string{"index.html": "home", "a/index.html": "A", "b/index.html": "b"}, false},
		{"same size", "a/index.html", map[string]string{"index.html": "home", "a/index.html": "A", "b/index.html": "b"}, false},
		{"pruned", "b/index.html", map[string]string{"index.html": "home", "a/index.html": "a"}, true},
		{"folder replaced", "b/index.html", map[string]string{"index.html": "home", "a/index.html": "a", "b": "a file"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dst := filepath.Join(root, "public")
			spare := filepath.Join(StateDir(dst), spareName)
			commitSite(t, dst, v1)
			commitSite(t, dst, v1)
			edited := "edited by hand"
			if tc.name == "same size" {
				edited = "x" // as long as "a", written in place, its time set back
			}
			p := filepath.Join(spare, filepath.FromSlash(tc.file))
			fi, _ := os.Stat(p)
			must(t, os.WriteFile(p, []byte(edited), 0o644))
			must(t, os.Chtimes(p, fi.ModTime(), fi.ModTime()))
			site := tree(t, dst)

			o, err := NewDirOutput(dst)
			must(t, err)
			var werr error
			for _, n := range slices.Sorted(mapKeys(tc.next)) {
				if werr = o.WriteFile(n, []byte(tc.next[n])); werr != nil {
					break
				}
			}
			if tc.atCommit {
				must(t, werr)
				werr = o.Commit()
			} else {
				o.Abort()
			}
			if !errors.Is(werr, ErrNotOwned) {
				t.Fatalf("error %v, want ErrNotOwned", werr)
			}
			if got := tree(t, dst); !equalMaps(got, site) {
				t.Errorf("the site changed: %v", got)
			}
			if b, err := os.ReadFile(p); err != nil || string(b) != edited {
				t.Errorf("the edited file holds %q (%v)", b, err)
			}
			// The next build leaves the spare (with the edited file) alone.
			if w := commitSite(t, dst, tc.next).Warnings(); len(w) != 1 || !strings.Contains(w[0], tc.file) {
				t.Errorf("warnings %q", w)
			}
			if b, err := os.ReadFile(p); err != nil || string(b) != edited {
				t.Errorf("after the next build, the edited file holds %q (%v)", b, err)
			}
		})
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
