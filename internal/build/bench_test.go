package build

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/publish"
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

// benchCorpus runs the pipeline over the 88 corpus guides in process with
// every checker and a warm digest cache: `guidec check` without publish,
// `guidec build` into memory (the layouts run; the file system is left
// out) with it. What it measures is the per-page path, without the start
// of a process.
func benchCorpus(b *testing.B, publishes bool) {
	corpus := testenv.Corpus(b)
	repo := testenv.RepoRoot(b)
	cache := filepath.Join(b.TempDir(), "digests")
	opt := Options{
		Source: os.DirFS(corpus), SourceName: "corpus",
		Shortcodes: os.DirFS(filepath.Join(repo, "shortcodes")), Site: os.DirFS(filepath.Join(repo, "site")),
		Check: true, CheckDrafts: true, KeepGoing: publishes,
	}
	run := func() {
		v, err := digest.NewVerifier(digest.WithCacheFile(cache))
		if err != nil {
			b.Fatal(err)
		}
		opt.Digests = v
		if publishes {
			opt.Output = &publish.MemOutput{}
		}
		res, err := Run(context.Background(), opt)
		if err != nil {
			b.Fatal(err)
		}
		if res.Checked != 88 {
			b.Fatalf("checked %d guides, want the corpus's 88", res.Checked)
		}
		if err := v.Save(); err != nil {
			b.Fatal(err)
		}
	}
	run() // fills the digest cache
	b.ReportAllocs()
	for b.Loop() {
		run()
	}
}

// BenchmarkCheckCorpus is `guidec check` of the corpus in process.
func BenchmarkCheckCorpus(b *testing.B) { benchCorpus(b, false) }

// BenchmarkBuildCorpus is `guidec build` of the corpus in process, into
// memory.
func BenchmarkBuildCorpus(b *testing.B) { benchCorpus(b, true) }

// BenchmarkBuildDocs is `guidec build --keep-going` of Authelia's docs tree
// (../shared/corpus/authelia-docs, a Hugo project) in process, into
// memory, with every checker: the per-page path of the docs build that
// issue 15 compares with Hugo, without the start of a process or the file
// system.
func BenchmarkBuildDocs(b *testing.B) {
	docs := testenv.Shared(b, "corpus", "authelia-docs")
	repo := testenv.RepoRoot(b)
	abs, err := filepath.Abs(docs)
	if err != nil {
		b.Fatal(err)
	}
	root := os.DirFS("/")
	src, err := DetectSource(root, strings.TrimPrefix(filepath.ToSlash(abs), "/"))
	if err != nil || src.Project == nil {
		b.Fatalf("DetectSource(%s): %v, %+v", abs, err, src)
	}
	sc, partials, data := src.Templates(root, func(dir string) string { return dir })
	opt := Options{
		Source: os.DirFS(filepath.Join(abs, filepath.FromSlash(src.ContentRel))), SourceName: "content",
		Project: src.Project, ProjectShortcodes: sc, Partials: partials, Data: data,
		Shortcodes: os.DirFS(filepath.Join(repo, "shortcodes")), Site: os.DirFS(filepath.Join(repo, "site")),
		Check: true, CheckDrafts: true, KeepGoing: true,
	}
	run := func() {
		opt.Output = &publish.MemOutput{}
		res, err := Run(context.Background(), opt)
		if err != nil {
			b.Fatal(err)
		}
		if res.Pages < 400 {
			b.Fatalf("published %d pages, want the docs tree's 475", res.Pages)
		}
	}
	run()
	b.ReportAllocs()
	for b.Loop() {
		run()
	}
}
