package authelia

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestCorpus runs the checker over every real guide and compares all
// findings with testdata/corpus.golden; testdata/README.md explains why
// each class of error in it is real.
func TestCorpus(t *testing.T) {
	dir := sharedPath(t, filepath.Join("corpus", "authelia"))
	paths, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no guides in %s: %v", dir, err)
	}
	var b strings.Builder
	for _, p := range paths {
		content, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p)) + "/index.md"
		g := scanGuide(name, content)
		version := check.TestedVersion(g.texts)
		out := format(g.run(version))
		if out != "" {
			b.WriteString("# " + name + " (tested with " + cmpOr(version, "?") + ")\n" + out)
		}
	}
	compareGolden(t, filepath.Join("testdata", "corpus.golden"), b.String())
}

// compareGolden compares got with the golden file, or rewrites it with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("findings differ from %s (run go test -update and review the diff):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in want (-) or only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if g[l] == 0 {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if w[l] == 0 {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}

// BenchmarkCorpus measures the checker alone over every corpus guide (the
// guides are scanned once, outside the timer).
func BenchmarkCorpus(b *testing.B) {
	dir := sharedPath(b, filepath.Join("corpus", "authelia"))
	paths, _ := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	var guides []*testGuide
	var versions []string
	for _, p := range paths {
		content, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		g := scanGuide(p, content)
		guides = append(guides, g)
		versions = append(versions, check.TestedVersion(g.texts))
	}
	b.ResetTimer()
	for b.Loop() {
		for i, g := range guides {
			g.run(versions[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(guides)), "ns/guide")
}

// TestConcurrentRuns runs the checker on several guides at once, as the
// build's worker pool does; with -race it proves the package shares no
// mutable state.
func TestConcurrentRuns(t *testing.T) {
	seed := seedGuide(t)
	want := format(scanGuide("romm/index.md", []byte(seed)).run("4.38.17"))
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			errs <- format(scanGuide("romm/index.md", []byte(seed)).run("4.38.17"))
		}()
	}
	for range 8 {
		if got := <-errs; got != want {
			t.Errorf("concurrent run differs:\n%s\nwant:\n%s", got, want)
		}
	}
}
