package tests

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/digest"
)

// benchCheck runs `guidec check` over the corpus in process. With cold, each
// iteration starts with an empty digest cache (every pbkdf2 digest is
// verified again); warm reuses one cache file, as CI does between runs.
func benchCheck(b *testing.B, cold bool) {
	dir := corpusDir(b)
	cache := filepath.Join(b.TempDir(), "digests")
	opt := build.Options{
		Source: os.DirFS(dir), SourceName: "corpus",
		Shortcodes: os.DirFS("../shortcodes"), Site: os.DirFS("../site"),
		Check: true,
	}
	run := func() {
		v, err := digest.NewVerifier(digest.WithCacheFile(cache))
		if err != nil {
			b.Fatal(err)
		}
		opt.Digests = v
		if _, err := build.Run(context.Background(), opt); err != nil {
			b.Fatal(err)
		}
		if err := v.Save(); err != nil {
			b.Fatal(err)
		}
	}
	if !cold {
		run() // fill the cache
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cold {
			b.StopTimer()
			os.Remove(cache)
			b.StartTimer()
		}
		run()
	}
}

// BenchmarkCheckCorpusCold measures `guidec check` over the 88 corpus guides
// with an empty digest cache.
func BenchmarkCheckCorpusCold(b *testing.B) { benchCheck(b, true) }

// BenchmarkCheckCorpusWarm measures it with the digest cache of a previous
// run (the acceptance target: under 300 ms median on a 2-core machine).
func BenchmarkCheckCorpusWarm(b *testing.B) { benchCheck(b, false) }
