package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// BenchmarkSessionSave measures what guidec serve does after a save: the
// Build of a Session for one edited guide in a tree of about 1,000 guides
// (the corpus replicated 12 times by /work/shared/bench/replicate.sh),
// with the checkers on. BenchmarkSaveToReload (package serve) adds the
// watcher and the browser's reload to it.
func BenchmarkSessionSave(b *testing.B) {
	corpus := testenv.Corpus(b)
	script := testenv.Shared(b, "bench", "replicate.sh")
	repo := testenv.RepoRoot(b)
	guides := filepath.Join(b.TempDir(), "guides")
	if out, err := exec.Command("bash", script, corpus, guides, "12").CombinedOutput(); err != nil {
		b.Fatalf("replicate.sh: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(guides)
	if err != nil {
		b.Fatal(err)
	}
	s := NewSession(Options{
		Source: os.DirFS(guides), SourceName: "guides",
		Shortcodes: os.DirFS(filepath.Join(repo, "shortcodes")), Site: os.DirFS(filepath.Join(repo, "site")),
		Check: true,
	})
	if _, err := s.Build(context.Background(), Change{}); err != nil {
		b.Fatal(err)
	}
	name := entries[len(entries)/2].Name()
	file := filepath.Join(guides, name, "index.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		if err := os.WriteFile(file, fmt.Appendf(orig, "\nEdit %d.\n", i), 0o644); err != nil {
			b.Fatal(err)
		}
		snap, err := s.Build(context.Background(), Change{Guides: []string{name + "/index.md"}})
		if err != nil || len(snap.Rendered) != 1 {
			b.Fatalf("build: %v, rendered %v", err, snap.Rendered)
		}
	}
}
