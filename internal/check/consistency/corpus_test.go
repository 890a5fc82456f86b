package consistency

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus.golden")

// TestCorpus runs the checker over every real guide and compares the
// findings with testdata/corpus.golden. Each error there is reviewed in
// testdata/README.md; a new one is either a checker bug or a new guide
// mistake to review.
func TestCorpus(t *testing.T) {
	dir := sharedPath(t, filepath.Join("corpus", "authelia"))
	guides, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(guides) == 0 {
		t.Fatalf("no guides in %s (%v)", dir, err)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests.json")))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, g := range guides {
		content, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(g))
		for _, line := range strings.SplitAfter(format(runChecker(t, name, content, v)), "\n") {
			if line != "" {
				b.WriteString(name + ":" + line)
			}
		}
	}
	golden := filepath.Join("testdata", "corpus.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("corpus findings differ from %s (run with -update after review):\n%s", golden, diffLines(string(want), got))
	}
}

// diffLines lists the lines only in want (-) or only in got (+).
func diffLines(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
