package publish

import (
	"errors"
	"os"
	"path"
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
	for _, name := range []string{"../escaped.txt", "../../escaped.txt", "/tmp/escaped.txt", "a/%2e%2e/%2e%2e/escaped.txt", `..\escaped.txt`, "x/../../escaped.txt", MarkerName} {
		if err := o.WriteFile(name, []byte("x")); err == nil {
			t.Errorf("DirOutput.WriteFile(%q) succeeded", name)
		}
		if err := m.WriteFile(name, []byte("x")); err == nil && name != MarkerName {
			t.Errorf("MemOutput.WriteFile(%q) succeeded", name)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	var found []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Dir(p) != StateDir(dst) && filepath.Base(p) != MarkerName {
			found = append(found, p)
		}
		return nil
	})
	if len(found) > 0 || len(m.Names()) > 1 {
		t.Errorf("files written: %v %v", found, m.Names())
	}
	if got := markerFiles(t, dst); len(got) != 0 {
		t.Errorf("the marker lists %v", got)
	}
}

// tree returns the files under dir with their contents, without the
// marker at its top.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == MarkerName {
			return nil
		}
		if d.Type()&os.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			out[filepath.ToSlash(rel)] = "-> " + target
			return err
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// rawTree is tree with the marker: everything under dir, to compare
// before and after an operation that must not change it.
func rawTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := tree(t, dir)
	if b, err := os.ReadFile(filepath.Join(dir, MarkerName)); err == nil {
		out[MarkerName] = string(b)
	}
	return out
}

// markerFiles returns the names of the files dir's marker lists.
func markerFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(mapKeys(m.files))
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

// write starts a build of files into dst.
func write(t *testing.T, dst string, files map[string]string) *DirOutput {
	t.Helper()
	o, err := NewDirOutput(dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range slices.Sorted(mapKeys(files)) {
		must(t, o.WriteFile(n, []byte(files[n])))
	}
	return o
}

func TestDirOutputAtomic(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	state := StateDir(dst)
	first := map[string]string{"index.html": "v1", "old/index.html": "gone later"}
	must(t, write(t, dst, first).Commit())
	if got := tree(t, dst); !equalMaps(got, first) {
		t.Fatalf("after first commit: %v", got)
	}
	if got := markerFiles(t, dst); !slices.Equal(got, []string{"index.html", "old/index.html"}) {
		t.Errorf("the marker lists %v", got)
	}

	// A failed build: partial output, then Abort. The old site is intact.
	failed := write(t, dst, map[string]string{"index.html": "half"})
	if got := tree(t, dst); !equalMaps(got, first) {
		t.Errorf("during a build the old site changed: %v", got)
	}
	must(t, failed.Abort())
	if got := tree(t, dst); !equalMaps(got, first) {
		t.Errorf("after abort: %v", got)
	}
	if s := siblings(t, root); !slices.Equal(s, []string{".public.guidec", "public"}) {
		t.Errorf("after abort, siblings %v", s)
	}

	// A killed build leaves its temporary directory; so does a killed
	// commit (the old site moved aside). The next build removes both, and
	// nothing else in the state directory.
	write(t, dst, map[string]string{"index.html": "killed"}).release()
	markedDir(t, filepath.Join(state, "old-0123456789abcdef"), map[string]string{"x": "x"})
	must(t, os.WriteFile(filepath.Join(root, "unrelated.txt"), []byte("keep"), 0o644))
	must(t, os.WriteFile(filepath.Join(state, "notes"), []byte("keep"), 0o644))
	must(t, os.Mkdir(filepath.Join(state, "tmp-mine"), 0o755))
	must(t, os.WriteFile(filepath.Join(state, "tmp-mine", "f"), []byte("keep"), 0o644))
	second := map[string]string{"index.html": "v2", "romm/index.html": "romm"}
	o := write(t, dst, second)
	var work []string
	for _, n := range siblings(t, state) {
		if strings.HasPrefix(n, "tmp-") || strings.HasPrefix(n, "old-") {
			work = append(work, n)
		}
	}
	if len(work) != 2 || !slices.Contains(work, "tmp-mine") || o.Dir() != filepath.Join(state, work[0]) {
		t.Errorf("leftovers not cleaned: %v (writing %s)", work, o.Dir())
	}
	must(t, o.Commit())
	if got := tree(t, dst); !equalMaps(got, second) {
		t.Errorf("after second commit: %v", got)
	}
	if s := siblings(t, root); !slices.Equal(s, []string{".public.guidec", "public", "unrelated.txt"}) {
		t.Errorf("after commit, siblings %v", s)
	}
	if got := tree(t, filepath.Join(state, "tmp-mine")); got["f"] != "keep" {
		t.Errorf("a directory in the state directory that guidec did not make changed: %v", got)
	}
	if b, err := os.ReadFile(filepath.Join(state, "notes")); err != nil || string(b) != "keep" {
		t.Errorf("a file in the state directory that guidec did not make changed: %q %v", b, err)
	}
	if canUpdate {
		// The killed commit's old site became the spare that the second
		// build updated; the site that build replaced is the spare now.
		if got := tree(t, filepath.Join(state, spareName)); !equalMaps(got, first) {
			t.Errorf("the spare holds %v, want the previous site %v", got, first)
		}
	}
	fi, err := os.Stat(dst)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("public mode %v, %v", fi.Mode(), err)
	}
}

// markedDir makes dir a directory guidec wrote, holding files.
func markedDir(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	m := newManifest()
	for _, n := range slices.Sorted(mapKeys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(n))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			m.dirs[d] = fileID{}
		}
		id, err := writeFile(p, []byte(files[n]))
		must(t, err)
		m.files[n] = record{id: id, sum: digestOf([]byte(files[n]))}
	}
	must(t, writeMarker(dir, m))
}

// TestDirOutputCommitFailure makes the final rename fail: the previous
// site must be put back.
func TestDirOutputCommitFailure(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	must(t, write(t, dst, map[string]string{"index.html": "v1"}).Commit())
	o := write(t, dst, map[string]string{"index.html": "v2"})
	must(t, os.RemoveAll(o.Dir())) // the rename of the temporary directory now fails
	if err := o.Commit(); err == nil {
		t.Fatal("Commit succeeded without a temporary directory")
	}
	if got := tree(t, dst); got["index.html"] != "v1" {
		t.Errorf("previous site not restored: %v", got)
	}
	// And the output is still guidec's: the next build works.
	must(t, write(t, dst, map[string]string{"index.html": "v3"}).Commit())
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
