package consistency

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
)

// BenchmarkCorpus runs the checker over every corpus guide, with a warm
// digest cache (as `guidec check` runs in CI): the cost of the rules, not
// of pbkdf2.
func BenchmarkCorpus(b *testing.B) {
	dir := sharedPath(b, filepath.Join("corpus", "authelia"))
	paths, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no guides in %s (%v)", dir, err)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(b.TempDir(), "digests.json")))
	if err != nil {
		b.Fatal(err)
	}
	c := New(v)
	var passes []*check.Pass
	var l diag.List
	for _, p := range paths {
		content, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(p))
		f, snips, texts := mdGuide(name+".md", content)
		pass := &check.Pass{File: f, Name: name, Snippets: snips, Texts: texts, Report: l.Add}
		c.Run(pass) // warm the digest cache
		passes = append(passes, pass)
	}
	b.ReportAllocs()
	for b.Loop() {
		l = l[:0]
		for _, p := range passes {
			c.Run(p)
		}
	}
}
