package publish

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCheckPath(t *testing.T) {
	ok := []string{"index.html", "romm/index.html", "css/site.css", "a/b c/d.png", "romm/caf%C3%A9.png", "a..b/c"}
	bad := []string{"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", ".", "..", `a\b`, `..\x`, "a\x00b", "a\nb",
		"a/%2e%2e/b", "%2E%2E/x", "a/.%2e/b", "a/%2f/b", "a/%5c/b", "a/%00/b"}
	for _, p := range ok {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q) = %v", p, err)
		}
	}
	for _, p := range bad {
		if err := CheckPath(p); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("CheckPath(%q) = %v, want ErrUnsafePath", p, err)
		}
	}
}

// TestConfinement writes hostile names through both outputs: each fails,
// and nothing appears outside the output.
func TestConfinement(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "site", "public")
	o, err := NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	var m MemOutput
	for _, name := range []string{"../escaped.txt", "../../escaped.txt", "/tmp/escaped.txt", "a/%2e%2e/%2e%2e/escaped.txt", `..\escaped.txt`, "x/../../escaped.txt"} {
		if err := o.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("DirOutput.WriteFile(%q) succeeded", name)
		}
		if err := m.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("MemOutput.WriteFile(%q) succeeded", name)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	var found []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			found = append(found, p)
		}
		return nil
	})
	if len(found) > 0 || len(m.Names()) > 0 {
		t.Errorf("files written: %v %v", found, m.Names())
	}
}

// tree returns the files under dir with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// siblings lists the entries of dir.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestDirOutputAtomic(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	write := func(files map[string]string) *DirOutput {
		o, err := NewDirOutput(dst)
		if err != nil {
			t.Fatal(err)
		}
		for n, c := range files {
			if err := o.WriteFile(n, []byte(c)); err != nil {
				t.Fatal(err)
			}
		}
		return o
	}
	first := map[string]string{"index.html": "v1", "old/index.html": "gone later"}
	if err := write(first).Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dst); !equalMaps(got, first) {
		t.Fatalf("after first commit: %v", got)
	}

	// A failed build: partial output, then Abort. The old site is intact.
	failed := write(map[string]string{"index.html": "half"})
	if got := tree(t, dst); !equalMaps(got, first) {
		t.Errorf("during a build the old site changed: %v", got)
	}
	if err := failed.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dst); !equalMaps(got, first) {
		t.Errorf("after abort: %v", got)
	}
	if s := siblings(t, root); !slices.Equal(s, []string{"public"}) {
		t.Errorf("after abort, siblings %v", s)
	}

	// A killed build leaves its temporary directory; so does a killed
	// commit (the old site moved aside). The next build removes both.
	write(map[string]string{"index.html": "killed"})
	must(t, os.MkdirAll(filepath.Join(root, ".public.old-123", "public"), 0o755))
	must(t, os.WriteFile(filepath.Join(root, ".public.old-123", "public", "x"), []byte("x"), 0o644))
	must(t, os.WriteFile(filepath.Join(root, "unrelated.txt"), []byte("keep"), 0o644))
	second := map[string]string{"index.html": "v2", "romm/index.html": "romm"}
	o := write(second)
	if s := siblings(t, root); len(s) != 3 || !strings.HasPrefix(s[0], ".public.tmp-") {
		t.Errorf("leftovers not cleaned: %v", s)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, dst); !equalMaps(got, second) {
		t.Errorf("after second commit: %v", got)
	}
	wantSiblings := []string{"public", "unrelated.txt"}
	if canUpdate {
		wantSiblings = []string{".public.spare", "public", "unrelated.txt"}
	}
	if s := siblings(t, root); !slices.Equal(s, wantSiblings) {
		t.Errorf("after commit, siblings %v, want %v", s, wantSiblings)
	}
	if got := tree(t, filepath.Join(root, ".public.spare")); canUpdate && !equalMaps(got, first) {
		t.Errorf("the spare holds %v, want the previous site %v", got, first)
	}
	fi, err := os.Stat(dst)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("public mode %v, %v", fi.Mode(), err)
	}
}

// TestDirOutputCommitFailure makes the final rename fail: the previous
// site must be put back.
func TestDirOutputCommitFailure(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	o, err := NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	must(t, o.WriteFile("index.html", []byte("v1")))
	must(t, o.Commit())
	o, err = NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	must(t, o.WriteFile("index.html", []byte("v2")))
	must(t, os.RemoveAll(o.Dir())) // the rename of the temporary directory now fails
	if err := o.Commit(); err == nil {
		t.Fatal("Commit succeeded without a temporary directory")
	}
	if got := tree(t, dst); got["index.html"] != "v1" {
		t.Errorf("previous site not restored: %v", got)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
