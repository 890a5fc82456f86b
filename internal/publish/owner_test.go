package publish

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestOwnership gives NewDirOutput outputs in every state: it refuses
// each one that holds anything guidec did not write, with ErrNotOwned,
// creating and changing nothing; it accepts the rest, and the build
// replaces them.
func TestOwnership(t *testing.T) {
	site := map[string]string{"index.html": "home", "a/index.html": "a", "css/site.css": "body{}"}
	userFiles := func(t *testing.T, dst string) {
		must(t, os.MkdirAll(filepath.Join(dst, "sub"), 0o755))
		must(t, os.WriteFile(filepath.Join(dst, "notes.md"), []byte("my notes"), 0o644))
		must(t, os.WriteFile(filepath.Join(dst, "CNAME"), []byte("docs.example.org"), 0o644))
		must(t, os.WriteFile(filepath.Join(dst, "sub", "index.html"), []byte("mine"), 0o600))
	}
	built := func(t *testing.T, dst string) {
		must(t, write(t, dst, site).Commit())
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dst string)
		ok    bool
		want  string // in the message of a refusal
	}{
		{"missing", func(t *testing.T, dst string) {}, true, ""},
		{"empty", func(t *testing.T, dst string) { must(t, os.Mkdir(dst, 0o755)) }, true, ""},
		{"built by guidec", built, true, ""},
		{"built twice", func(t *testing.T, dst string) { built(t, dst); built(t, dst) }, true, ""},
		{"user files", userFiles, false, "has no .guidec-output"},
		{"one hidden file", func(t *testing.T, dst string) {
			must(t, os.Mkdir(dst, 0o755))
			must(t, os.WriteFile(filepath.Join(dst, ".keep"), nil, 0o644))
		}, false, "has no .guidec-output"},
		{"a file", func(t *testing.T, dst string) { must(t, os.WriteFile(dst, []byte("x"), 0o644)) }, false, "not a folder"},
		{"a link to a folder", func(t *testing.T, dst string) {
			other := dst + "-real"
			must(t, os.Mkdir(other, 0o755))
			must(t, os.Symlink(other, dst))
		}, false, "symbolic link"},
		{"a link to guidec's output", func(t *testing.T, dst string) {
			built(t, dst+"-real")
			must(t, os.Symlink(dst+"-real", dst))
		}, false, "symbolic link"},
		{"a user file dropped in", func(t *testing.T, dst string) {
			built(t, dst)
			must(t, os.WriteFile(filepath.Join(dst, "CNAME"), []byte("docs.example.org"), 0o644))
		}, false, "CNAME: not written by guidec"},
		{"a user file dropped deep", func(t *testing.T, dst string) {
			built(t, dst)
			must(t, os.WriteFile(filepath.Join(dst, "a", "notes.md"), []byte("mine"), 0o644))
		}, false, "notes.md: not written by guidec"},
		{"a user folder", func(t *testing.T, dst string) {
			built(t, dst)
			must(t, os.Mkdir(filepath.Join(dst, "drafts"), 0o755))
		}, false, "drafts: a directory guidec did not create"},
		{"an edited file", func(t *testing.T, dst string) {
			built(t, dst)
			must(t, os.WriteFile(filepath.Join(dst, "a", "index.html"), []byte("hand-edited"), 0o644))
		}, false, "index.html: changed since guidec wrote it"},
		{"an edited file, same size and time", func(t *testing.T, dst string) {
			built(t, dst)
			p := filepath.Join(dst, "index.html")
			fi, err := os.Stat(p)
			must(t, err)
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			must(t, err)
			f.WriteAt([]byte("HOME"), 0)
			f.Close()
			must(t, os.Chtimes(p, fi.ModTime(), fi.ModTime()))
		}, false, "index.html: changed since guidec wrote it"},
		{"a file replaced by a link", func(t *testing.T, dst string) {
			built(t, dst)
			must(t, os.Remove(filepath.Join(dst, "index.html")))
			must(t, os.Symlink("/etc/passwd", filepath.Join(dst, "index.html")))
		}, false, "index.html: a symbolic link"},
		{"an empty marker", func(t *testing.T, dst string) {
			userFiles(t, dst)
			must(t, os.WriteFile(filepath.Join(dst, MarkerName), nil, 0o644))
		}, false, "cannot read"},
		{"a marker that is a folder", func(t *testing.T, dst string) {
			userFiles(t, dst)
			must(t, os.Mkdir(filepath.Join(dst, MarkerName), 0o755))
		}, false, "has no .guidec-output"},
		{"a marker that is a link", func(t *testing.T, dst string) {
			built(t, dst+"-real")
			userFiles(t, dst)
			must(t, os.Symlink(filepath.Join(dst+"-real", MarkerName), filepath.Join(dst, MarkerName)))
		}, false, "has no .guidec-output"},
		{"a copied marker", func(t *testing.T, dst string) {
			// guidec's marker copied into a folder of user files with
			// the same names: it vouches for guidec's bytes, not theirs.
			built(t, dst+"-real")
			must(t, os.MkdirAll(filepath.Join(dst, "a"), 0o755))
			must(t, os.MkdirAll(filepath.Join(dst, "css"), 0o755))
			for n := range site {
				must(t, os.WriteFile(filepath.Join(dst, filepath.FromSlash(n)), []byte("mine: "+n), 0o644))
			}
			b, err := os.ReadFile(filepath.Join(dst+"-real", MarkerName))
			must(t, err)
			must(t, os.WriteFile(filepath.Join(dst, MarkerName), b, 0o644))
		}, false, "changed since guidec wrote it"},
		{"a forged marker", func(t *testing.T, dst string) {
			userFiles(t, dst)
			forged := newManifest()
			forged.files["notes.md"] = record{id: fileID{size: 8, ino: 1, mtime: 1}, sum: digestOf([]byte("other"))}
			forged.dirs["sub"] = fileID{}
			forged.files["sub/index.html"] = record{}
			must(t, writeMarker(dst, forged))
		}, false, "changed since guidec wrote it"},
		{"a marker naming a path outside", func(t *testing.T, dst string) {
			userFiles(t, dst)
			must(t, os.WriteFile(filepath.Join(dst, MarkerName), []byte(markerHeader+"\nf 1 1 1 1 00000000000000000000000000000000 ../x\n"), 0o644))
		}, false, "cannot read"},
		{"a copy of guidec's output", func(t *testing.T, dst string) {
			// Copied with new inodes and times: the bytes are guidec's.
			built(t, dst+"-real")
			copyTree(t, dst+"-real", dst)
		}, true, ""},
		{"the state folder in the way", func(t *testing.T, dst string) {
			must(t, os.Mkdir(StateDir(dst), 0o755))
			must(t, os.WriteFile(filepath.Join(StateDir(dst), "mine"), []byte("mine"), 0o644))
		}, false, "in the way"},
		{"the state folder a file", func(t *testing.T, dst string) {
			must(t, os.WriteFile(StateDir(dst), []byte("mine"), 0o644))
		}, false, "in the way"},
		{"the state folder empty", func(t *testing.T, dst string) { must(t, os.Mkdir(StateDir(dst), 0o755)) }, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dst := filepath.Join(root, "out")
			tc.setup(t, dst)
			before := snapshot(t, root)
			o, err := NewDirOutput(dst)
			if !tc.ok {
				if !errors.Is(err, ErrNotOwned) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("NewDirOutput: %v, want ErrNotOwned saying %q", err, tc.want)
				}
				if after := snapshot(t, root); !equalMaps(after, before) {
					t.Errorf("a refused build changed something:\n%v\nwas\n%v", after, before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for n, c := range site {
				must(t, o.WriteFile(n, []byte("new "+c)))
			}
			must(t, o.Commit())
			if got := tree(t, dst); len(got) != len(site) || got["index.html"] != "new home" {
				t.Errorf("committed %v", got)
			}
		})
	}
}

// snapshot lists everything under root with its content (a link as its
// target, a folder with its mode), the lock file's aside: what a refused
// build must leave as it was.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "-> " + target
		case d.IsDir():
			out[rel+"/"] = fi.Mode().String()
		case d.Name() == lockName:
			out[rel] = "lock"
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = fmt.Sprintf("%s %s %d", b, fi.Mode(), fi.ModTime().UnixNano())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	must(t, err)
}

// TestFailedFirstBuild aborts the first build into a new output: nothing
// is left, not even the state folder.
func TestFailedFirstBuild(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	o := write(t, dst, map[string]string{"index.html": "half"})
	must(t, o.Abort())
	if s := siblings(t, root); len(s) != 0 {
		t.Errorf("a failed first build left %v", s)
	}
	if err := o.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
}

// TestKilledCommit simulates a build killed between the two renames of
// Commit: no output, the previous site in old-…. The next build puts it
// back before anything else, and refuses as usual if it is not guidec's.
func TestKilledCommit(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	v1 := map[string]string{"index.html": "v1"}
	must(t, write(t, dst, v1).Commit())
	must(t, os.Rename(dst, filepath.Join(StateDir(dst), "old-00000000000000ff")))
	o, err := NewDirOutput(dst)
	must(t, err)
	if got := tree(t, dst); !equalMaps(got, v1) {
		t.Errorf("the previous site is not back: %v", got)
	}
	must(t, o.Abort())
	if got := tree(t, dst); !equalMaps(got, v1) {
		t.Errorf("after abort: %v", got)
	}
}

// TestLock starts a second build while a first one writes the same
// output, in this process and in another; the second fails with ErrBusy
// naming the first one's pid. A holder that is killed releases the lock.
func TestLock(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	first := write(t, dst, map[string]string{"index.html": "first"})
	_, err := NewDirOutput(dst)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second build: %v, want ErrBusy with our pid", err)
	}
	must(t, first.Commit())
	second := write(t, dst, map[string]string{"index.html": "second"})
	must(t, second.Commit())

	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" && runtime.GOOS != "freebsd" {
		return
	}
	// Another process takes the lock and is killed while it holds it.
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHolder$")
	cmd.Env = append(os.Environ(), "GUIDEC_LOCK_HOLDER="+dst)
	out, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	defer cmd.Process.Kill()
	line := make([]byte, 64)
	n, _ := out.Read(line)
	if !bytes.HasPrefix(line[:n], []byte("locked")) {
		t.Fatalf("the holder said %q", line[:n])
	}
	_, err = NewDirOutput(dst)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(cmd.Process.Pid)) {
		t.Fatalf("while another process holds the lock: %v", err)
	}
	must(t, cmd.Process.Kill())
	cmd.Wait()
	third, err := NewDirOutput(dst)
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	// The killed holder's temporary directory is gone too.
	var work []string
	for _, n := range siblings(t, StateDir(dst)) {
		if strings.HasPrefix(n, "tmp-") {
			work = append(work, n)
		}
	}
	if len(work) != 1 || filepath.Join(StateDir(dst), work[0]) != third.Dir() {
		t.Errorf("working directories %v, writing %s", work, third.Dir())
	}
	must(t, third.Abort())
}

// TestLockHolder is the other process of TestLock.
func TestLockHolder(t *testing.T) {
	dst := os.Getenv("GUIDEC_LOCK_HOLDER")
	if dst == "" {
		t.Skip("run by TestLock")
	}
	o, err := NewDirOutput(dst)
	if err != nil {
		fmt.Println(err)
		return
	}
	must(t, o.WriteFile("index.html", []byte("holder")))
	fmt.Println("locked")
	time.Sleep(time.Minute)
}

func TestParseManifest(t *testing.T) {
	m := newManifest()
	m.dirs["a"], m.dirs["a/b c"] = fileID{}, fileID{size: 4096, ino: 3, mtime: 5, ctime: 6}
	m.files["index.html"] = record{id: fileID{size: 4, ino: 77, mtime: 1e18, ctime: 2e18}, sum: digestOf([]byte("home"))}
	m.files["a/b c/d e.png"] = record{id: fileID{size: 0}, sum: digestOf(nil)}
	got, err := parseManifest(m.encode())
	if err != nil {
		t.Fatal(err)
	}
	if !equalManifests(got, m) {
		t.Errorf("round trip: %+v, want %+v", got, m)
	}
	sum := strings.Repeat("0", 32)
	for _, bad := range []string{
		"",
		"no header\nf 1 1 1 1 " + sum + " x\n",
		markerHeader + "\nf 1 1 1 1 " + sum + " ../x\n",
		markerHeader + "\nf 1 1 1 1 " + sum + " /etc/passwd\n",
		markerHeader + "\nf 1 1 1 1 " + sum + " a/../../x\n",
		markerHeader + "\nf 1 1 1 1 " + sum + " a/%2e%2e/x\n",
		markerHeader + "\nd 1 1 1 1 ..\n",
		markerHeader + "\nd 1 1 1 1 a/\n",
		markerHeader + "\nd a\n",
		markerHeader + "\nd 1 1 x 1 a\n",
		markerHeader + "\nf 1 1 1 1 " + sum + " a/x\n", // without its folder
		markerHeader + "\nf 1 1 1 1 " + sum + " " + MarkerName + "\n",
		markerHeader + "\nf -1 1 1 1 " + sum + " x\n",
		markerHeader + "\nf 1 1 1 1 00 x\n",
		markerHeader + "\nf 1 1 1 " + sum + " x\n",
		markerHeader + "\nf x 1 1 1 " + sum + " x\n",
		markerHeader + "\nl x\n",
		markerHeader + "\n\n",
	} {
		if _, err := parseManifest([]byte(bad)); !errors.Is(err, errMarker) {
			t.Errorf("parseManifest(%q) = %v, want errMarker", bad, err)
		}
	}
}

func equalManifests(a, b *manifest) bool {
	if len(a.files) != len(b.files) || len(a.dirs) != len(b.dirs) {
		return false
	}
	for f, r := range a.files {
		if b.files[f] != r {
			return false
		}
	}
	for d, id := range a.dirs {
		if bid, ok := b.dirs[d]; !ok || bid != id {
			return false
		}
	}
	return true
}

// FuzzParseManifest: a marker is input; whatever it holds, parsing does
// not panic, and what it accepts names only safe paths and survives a
// round trip.
func FuzzParseManifest(f *testing.F) {
	m := newManifest()
	m.dirs["a"] = fileID{ino: 2}
	m.files["a/index.html"] = record{id: fileID{size: 4, ino: 9, mtime: 5}, sum: digestOf([]byte("home"))}
	f.Add(m.encode())
	f.Add([]byte(markerHeader + "\nd 4096 7 8 9 x\nf 1 2 3 4 " + strings.Repeat("ab", 16) + " x/y z\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseManifest(data)
		if err != nil {
			return
		}
		for n := range m.files {
			if CheckPath(n) != nil || n == MarkerName {
				t.Fatalf("accepted file name %q", n)
			}
		}
		for n := range m.dirs {
			if CheckPath(n) != nil {
				t.Fatalf("accepted folder name %q", n)
			}
		}
		again, err := parseManifest(m.encode())
		if err != nil || !equalManifests(again, m) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// TestRemoveOwned removes what a marker lists and still holds guidec's
// bytes, and nothing else: not a user's file, not what a link points to.
func TestRemoveOwned(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "old")
	outside := filepath.Join(root, "outside")
	must(t, os.MkdirAll(outside, 0o755))
	must(t, os.WriteFile(filepath.Join(outside, "keep"), []byte("keep"), 0o644))
	markedDir(t, dir, map[string]string{"index.html": "home", "a/index.html": "a", "b/c/index.html": "c", "l/x": "x"})
	must(t, os.WriteFile(filepath.Join(dir, "a", "notes.md"), []byte("mine"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "b", "c", "index.html"), []byte("edited"), 0o644))
	must(t, os.RemoveAll(filepath.Join(dir, "l")))
	must(t, os.Symlink(outside, filepath.Join(dir, "l")))
	m, err := readManifest(dir)
	must(t, err)
	bad, err := removeOwned(dir, m)
	must(t, err)
	var got []string
	for _, f := range bad {
		got = append(got, f.rel+": "+f.why)
	}
	slices.Sort(got)
	want := []string{"a/notes.md: " + whyForeign, "b/c/index.html: " + whyChanged, "l: " + whySymlink}
	if !slices.Equal(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
	if left := rawTree(t, dir); len(left) != 4 || left["a/notes.md"] != "mine" || left["b/c/index.html"] != "edited" || left[MarkerName] == "" {
		t.Errorf("left %v", left)
	}
	if got := tree(t, outside); len(got) != 1 {
		t.Errorf("outside: %v", got)
	}
	// Once the user's files are gone, all of it goes.
	must(t, os.Remove(filepath.Join(dir, "a", "notes.md")))
	must(t, os.Remove(filepath.Join(dir, "b", "c", "index.html")))
	must(t, os.Remove(filepath.Join(dir, "l")))
	bad, err = removeOwned(dir, m)
	if err != nil || len(bad) > 0 {
		t.Fatalf("second removal: %v %v", bad, err)
	}
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the folder is still there: %v", err)
	}
}

// TestConcurrentBuilds races builds into one output, from a missing one,
// some of them failing: at most one writes at a time, the others fail
// with ErrBusy and nothing else, and the output always holds a whole site.
func TestConcurrentBuilds(t *testing.T) {
	root := t.TempDir()
	dst := filepath.Join(root, "public")
	var holders, maxHolders atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 15 {
				o, err := NewDirOutput(dst)
				if errors.Is(err, ErrBusy) {
					continue
				}
				if err != nil {
					errs <- err
					return
				}
				if n := holders.Add(1); n > maxHolders.Load() {
					maxHolders.Store(n)
				}
				v := fmt.Sprintf("w%d-%d", w, i)
				for _, n := range []string{"index.html", "a/index.html", "b/c/index.html"} {
					if err := o.WriteFile(n, []byte(v)); err != nil {
						errs <- err
					}
				}
				holders.Add(-1)
				if i%3 == 2 {
					err = o.Abort()
				} else {
					err = o.Commit()
				}
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if maxHolders.Load() > 1 {
		t.Errorf("%d builds wrote at once", maxHolders.Load())
	}
	if _, err := os.Lstat(dst); err == nil {
		got := tree(t, dst)
		if len(got) != 3 || got["index.html"] != got["a/index.html"] || got["index.html"] != got["b/c/index.html"] {
			t.Errorf("the output holds a mix: %v", got)
		}
	}
	for _, n := range siblings(t, StateDir(dst)) {
		if strings.HasPrefix(n, "tmp-") || strings.HasPrefix(n, "old-") {
			t.Errorf("left %s", n)
		}
	}
}
