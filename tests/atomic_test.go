package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/testenv"
)

// replicas is how many copies of each corpus guide the killed build gets:
// enough pages that it is still writing when it is killed.
const replicas = 6

// TestAtomicPublish kills `guidec build` with SIGKILL while it writes a
// large site into an output directory that holds a previous good site. The
// previous site must be intact, byte for byte, and the next run must remove
// the killed run's temporary directory.
func TestAtomicPublish(t *testing.T) {
	corpus := testenv.Corpus(t)
	if testing.Short() {
		t.Skip("builds guidec and a replicated corpus; skipped with -short")
	}
	script := testenv.Shared(t, "bench", "replicate.sh")
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "guidec")
	gobuild := exec.Command("go", "build", "-o", bin, "./cmd/guidec")
	gobuild.Dir = ".."
	if out, err := gobuild.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	big := filepath.Join(tmp, "big")
	rep := exec.Command("bash", script, corpus, big, strconv.Itoa(replicas))
	if out, err := rep.CombinedOutput(); err != nil {
		t.Fatalf("replicate.sh: %v\n%s", err, out)
	}
	out := filepath.Join(tmp, "public")
	small, err := filepath.Abs(filepath.Join("..", "guides"))
	if err != nil {
		t.Fatal(err)
	}
	guidecBuild(t, bin, small, out)
	previous := readTree(t, out)
	for _, f := range []string{"index.html", "romm/index.html", "css/site.css"} {
		if len(previous[f]) == 0 {
			t.Fatalf("the previous site has no %s", f)
		}
	}

	leftover := killMidway(t, bin, big, out)
	if got := readTree(t, out); !maps2Equal(got, previous) {
		t.Fatalf("the killed build changed the previous site: %d files, had %d", len(got), len(previous))
	}
	for _, f := range []string{"index.html", "romm/index.html", "css/site.css"} {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || string(data) != string(previous[f]) {
			t.Errorf("%s differs from the previous site (%v)", f, err)
		}
	}

	guidecBuild(t, bin, small, out)
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("the next build left the killed run's %s (%v)", filepath.Base(leftover), err)
	}
	// Beside the output, only guidec's state folder, where the site the
	// build replaced stays as the spare the next one updates.
	if names := dirNames(t, tmp); !slices.Equal(names, []string{".public.guidec", "big", "guidec", "public"}) {
		t.Errorf("beside the output after the next build: %v", names)
	}
	state := publish.StateDir(out)
	if names := dirNames(t, state); !slices.Equal(names, []string{".gitignore", ".guidec-state", "lock", "spare"}) {
		t.Errorf("in %s after the next build: %v", state, names)
	}
}

// guidecBuild runs a build that must succeed.
func guidecBuild(t *testing.T, bin, src, out string) {
	t.Helper()
	cmd := exec.Command(bin, "build", "--source", src, "--out", out)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("guidec build --source %s: %v\n%s", src, err, clip(string(b)))
	}
}

// killMidway starts a build of src into out, waits until its temporary
// directory holds some pages, kills it with SIGKILL and returns the
// temporary directory it leaves.
func killMidway(t *testing.T, bin, src, out string) string {
	t.Helper()
	cmd := exec.Command(bin, "build", "--source", src, "--out", out)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	pattern := filepath.Join(publish.StateDir(out), "tmp-*")
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the build ended (%v) before it could be killed midway; raise replicas", err)
		default:
		}
		matches, _ := filepath.Glob(pattern)
		if len(matches) == 1 && pagesIn(matches[0]) >= 20 {
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-done
			if _, err := os.Stat(matches[0]); err != nil {
				t.Fatalf("no temporary directory after the kill: %v", err)
			}
			t.Logf("killed after %d pages", pagesIn(matches[0]))
			return matches[0]
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	<-done
	t.Fatal("no temporary directory with pages appeared")
	return ""
}

// pagesIn counts the page directories written so far into a site directory.
func pagesIn(dir string) int {
	es, _ := os.ReadDir(dir)
	n := 0
	for _, e := range es {
		if e.IsDir() && strings.Contains(e.Name(), "-k") {
			n++
		}
	}
	return n
}
