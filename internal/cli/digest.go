package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/hlcache"
)

// digestFlags are the limits of client secret verification, for the
// commands that run the checkers (build, check, serve). A digest's cost is chosen
// by the guide, so the defaults bound what a hostile guide can take.
type digestFlags struct {
	budget time.Duration
	memory int // MiB
}

// maxDigestMemory bounds --digest-memory so that its bytes fit an int64.
const maxDigestMemory = 1 << 30 // MiB: 1 PiB

func (d *digestFlags) register(fs *pflag.FlagSet) {
	fs.DurationVar(&d.budget, "digest-budget", digest.DefaultBudget, "estimated CPU time the run may spend verifying client secret digests in all")
	fs.IntVar(&d.memory, "digest-memory", digest.DefaultMemory>>20, "MiB of memory the digest verifications running at once may use (also the most one digest may use)")
}

// options validates the flags into Verifier options.
func (d *digestFlags) options() ([]digest.Option, error) {
	if d.budget < 0 {
		return nil, fmt.Errorf("--digest-budget: %v is negative", d.budget)
	}
	if d.memory < 1 || d.memory > maxDigestMemory {
		return nil, fmt.Errorf("--digest-memory: %d MiB is outside 1–%d", d.memory, maxDigestMemory)
	}
	return []digest.Option{digest.WithBudget(d.budget), digest.WithMemory(int64(d.memory) << 20)}, nil
}

// newVerifier returns the client secret verifier of a run, with its cache
// on disk ($GUIDEC_CACHE_DIR/digests, else the user's cache directory). When
// there is no cache directory it returns a verifier without a cache and
// the reason, for a warning. It returns nil only if the decoder cannot be
// built, a bug; the run then goes on without verifying digests.
func newVerifier(opts []digest.Option) (*digest.Verifier, error) {
	var warn error
	path := os.Getenv("GUIDEC_CACHE_DIR")
	if path != "" {
		path = filepath.Join(path, "digests")
	} else if p, err := digest.DefaultCachePath(); err == nil {
		path = p
	} else {
		warn = err
	}
	v, err := digest.NewVerifier(append(opts, digest.WithCacheFile(path))...)
	if err != nil {
		return nil, err
	}
	return v, warn
}

// openHighlights returns the cache of highlighted code blocks of a build
// ($GUIDEC_CACHE_DIR/highlight, else highlight/v1.bin in guidec's user
// cache directory), nil when there is no cache directory: the build then
// keeps highlighting in memory only, as it would without a cache.
func openHighlights() *hlcache.Cache {
	path := os.Getenv("GUIDEC_CACHE_DIR")
	if path != "" {
		return hlcache.Open(filepath.Join(path, "highlight"), hlcache.BuildID)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return nil
	}
	return hlcache.Open(filepath.Join(dir, "guidec", "highlight", "v1.bin"), hlcache.BuildID)
}
