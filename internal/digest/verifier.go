package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"sync"

	"github.com/go-crypt/crypt"
)

// Verifier verifies (digest, secret) pairs for one run of guidec. Each
// distinct pair is verified at most once: concurrent requests for a pair in
// flight wait for the first one (singleflight), and outcomes are kept in
// memory and, when a cache file is configured, on disk between runs. At most
// Workers verifications run at the same time, whatever the number of
// callers. A Verifier is safe for concurrent use.
type Verifier struct {
	dec   *crypt.Decoder
	slots chan struct{} // a token per running verification (the worker pool)
	cache *diskCache    // nil when no cache file is configured
	// run verifies one pair; it is verify, replaced in tests to count calls.
	run func(dec *crypt.Decoder, digest, secret string) Result

	mu      sync.Mutex
	known   map[string]Result  // outcomes of this run and of the cache file
	flights map[string]*flight // verifications in progress
	stats   Stats
}

// flight is one verification in progress; done is closed when res is set.
type flight struct {
	done chan struct{}
	res  Result
}

// Stats counts what a Verifier did, for benchmarks and --verbose output.
type Stats struct {
	Computed int // verifications actually run
	Hits     int // answered from memory or the cache file
	Shared   int // answered by waiting for an identical verification in flight
}

// Option configures a Verifier.
type Option func(*config)

type config struct {
	path    string
	pathSet bool
	workers int
}

// WithCacheFile sets the file where outcomes persist between runs. The empty
// string disables the disk cache. Without this option the file is
// DefaultCachePath(), or none when the user has no cache directory.
func WithCacheFile(path string) Option {
	return func(c *config) { c.path, c.pathSet = path, true }
}

// WithWorkers bounds how many verifications run at once (default
// runtime.GOMAXPROCS(0)); n < 1 means the default.
func WithWorkers(n int) Option {
	return func(c *config) { c.workers = n }
}

// NewVerifier returns a Verifier. The cache file, if any, is read lazily on
// the first verification and written by Save. The error is non-nil only when
// the decoder cannot be built, which is a bug.
func NewVerifier(opts ...Option) (*Verifier, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if !c.pathSet {
		c.path, _ = DefaultCachePath()
	}
	if c.workers < 1 {
		c.workers = runtime.GOMAXPROCS(0)
	}
	dec, err := NewDecoder()
	if err != nil {
		return nil, err
	}
	v := &Verifier{
		dec:     dec,
		run:     verify,
		slots:   make(chan struct{}, c.workers),
		known:   map[string]Result{},
		flights: map[string]*flight{},
	}
	if c.path != "" {
		v.cache = &diskCache{path: c.path}
	}
	return v, nil
}

// Key returns the cache key of a pair: the hex SHA-256 of digest, a zero
// byte and secret. The zero byte keeps ("ab", "c") and ("a", "bc") apart;
// the hash reveals neither input.
func Key(digest, secret string) string {
	h := sha256.New()
	h.Write([]byte(digest))
	h.Write([]byte{0})
	h.Write([]byte(secret))
	return hex.EncodeToString(h.Sum(nil))
}

// Verify reports whether secret matches digest, verifying the pair only if
// no earlier or concurrent request did. It blocks until the outcome is known.
func (v *Verifier) Verify(digest, secret string) Result {
	key := Key(digest, secret)
	v.mu.Lock()
	v.loadLocked()
	if r, ok := v.known[key]; ok {
		v.stats.Hits++
		v.mu.Unlock()
		return r
	}
	if f, ok := v.flights[key]; ok {
		v.stats.Shared++
		v.mu.Unlock()
		<-f.done
		return f.res
	}
	f := &flight{done: make(chan struct{})}
	v.flights[key] = f
	v.stats.Computed++
	v.mu.Unlock()

	v.slots <- struct{}{}
	f.res = v.run(v.dec, digest, secret)
	<-v.slots

	v.mu.Lock()
	v.known[key] = f.res
	delete(v.flights, key)
	if v.cache != nil && (f.res.Outcome == Match || f.res.Outcome == Mismatch) {
		v.cache.put(key, f.res.Outcome)
	}
	v.mu.Unlock()
	close(f.done)
	return f.res
}

// Pair is one (digest, secret) request for VerifyAll.
type Pair struct {
	Digest, Secret string
}

// VerifyAll verifies pairs concurrently (bounded by the worker pool) and
// returns their results in the same order.
func (v *Verifier) VerifyAll(pairs []Pair) []Result {
	res := make([]Result, len(pairs))
	var wg sync.WaitGroup
	for i, p := range pairs {
		wg.Go(func() { res[i] = v.Verify(p.Digest, p.Secret) })
	}
	wg.Wait()
	return res
}

// Stats returns counters of the work done so far.
func (v *Verifier) Stats() Stats {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.stats
}

// Save writes the outcomes learnt in this run to the cache file, merged with
// what the file holds now (another guidec may have written it meanwhile). It
// writes nothing when nothing changed and the file was sound. The write is
// atomic: a temporary file in the same directory is renamed over the old one.
func (v *Verifier) Save() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cache == nil {
		return nil
	}
	return v.cache.save()
}

// loadLocked reads the cache file once and seeds known from it. v.mu is held.
func (v *Verifier) loadLocked() {
	if v.cache == nil || v.cache.loaded {
		return
	}
	for k, o := range v.cache.load() {
		v.known[k] = Result{Outcome: o}
	}
}
