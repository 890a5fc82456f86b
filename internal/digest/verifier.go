package digest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/go-crypt/crypt"
	"github.com/go-crypt/crypt/algorithm"
)

// Verifier verifies (digest, secret) pairs for one run of guidec. Each
// distinct pair is verified at most once: concurrent requests for a pair in
// flight wait for the first one (singleflight), and outcomes are kept in
// memory and, when a cache file is configured, verdicts on disk between
// runs. At most Workers verifications run at the same time, whatever the
// number of callers, and they hold at most the memory limit between them;
// all of them together spend at most the budget of estimated CPU time. A
// Verifier is safe for concurrent use.
type Verifier struct {
	dec    *crypt.Decoder
	lim    limits        // for one digest
	slots  chan struct{} // a token per running verification (the worker pool)
	mem    *memGate      // bytes the running verifications may still allocate
	cache  *diskCache    // nil when no cache file is configured
	budget time.Duration // as configured, for messages
	// hash matches a decoded digest: match, replaced in tests to count or
	// hold calls.
	hash func(d algorithm.Matcher, secret string) Result

	mu      sync.Mutex
	left    float64            // estimated nanoseconds of CPU the budget has left
	known   map[string]Result  // outcomes of this run, each reached through the limits
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
	Computed   int // verifications actually run (hashed)
	Hits       int // answered from memory or the cache file
	Shared     int // answered by waiting for an identical verification in flight
	Unverified int // not verified: undecodable, too costly, unsupported or over budget
}

// Option configures a Verifier.
type Option func(*config)

type config struct {
	path      string
	pathSet   bool
	workers   int
	budget    time.Duration
	budgetSet bool
	memory    int64
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

// WithBudget sets the estimated CPU time all verifications of the Verifier
// may take together (default DefaultBudget). Pairs asked for once it is
// spent are not verified (OverBudget): 0 verifies none, d < 0 means the
// default. A pair whose estimate exceeds what is left is not verified even
// when a cheaper one still would be.
func WithBudget(d time.Duration) Option {
	return func(c *config) { c.budget, c.budgetSet = d, d >= 0 }
}

// WithMemory sets how many bytes the verifications running at once may
// allocate together, which also bounds one digest (default DefaultMemory);
// n < 1 means the default.
func WithMemory(n int64) Option {
	return func(c *config) { c.memory = n }
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
	if !c.budgetSet {
		c.budget = DefaultBudget
	}
	if c.memory < 1 {
		c.memory = DefaultMemory
	}
	dec, err := NewDecoder()
	if err != nil {
		return nil, err
	}
	v := &Verifier{
		dec:     dec,
		lim:     limits{cpu: float64(MaxDigestCPU), mem: float64(c.memory)},
		slots:   make(chan struct{}, c.workers),
		mem:     newMemGate(c.memory),
		budget:  c.budget,
		hash:    match,
		left:    float64(c.budget),
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
// no earlier or concurrent request did. It blocks until the outcome is
// known or ctx is done, whichever comes first; in the second case the
// result is Canceled and the verification goes on without the caller (a
// hash cannot be interrupted), so that a later request finds its outcome.
func (v *Verifier) Verify(ctx context.Context, digest, secret string) Result {
	return v.wait(ctx, v.begin(digest, secret))
}

// begin starts the verification of one pair and returns its flight, done
// already unless it hashes: the rules before the hash (decoding, limits,
// the cache) are cheap and run on the caller's goroutine, so that a run
// whose digests the cache knows starts no goroutine (and wakes no
// thread) for them.
func (v *Verifier) begin(digest, secret string) *flight {
	key := Key(digest, secret)
	v.mu.Lock()
	if r, ok := v.known[key]; ok {
		v.stats.Hits++
		v.mu.Unlock()
		return &flight{done: closed, res: r}
	}
	f, ok := v.flights[key]
	if ok {
		v.stats.Shared++
		v.mu.Unlock()
		return f
	}
	f = &flight{done: make(chan struct{})}
	v.flights[key] = f
	v.mu.Unlock()
	d, w, res, hash := v.check(key, digest, len(secret))
	if !hash {
		v.land(f, key, res)
		return f
	}
	go v.fly(f, key, d, w, secret)
	return f
}

// closed is a closed channel, the done of a flight known at once.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// wait returns f's outcome once it has one, or Canceled when ctx is done
// first.
func (v *Verifier) wait(ctx context.Context, f *flight) Result {
	select {
	case <-f.done:
		return f.res
	default:
	}
	select {
	case <-f.done:
		return f.res
	case <-ctx.Done():
		return Result{Outcome: Canceled, Detail: context.Cause(ctx).Error()}
	}
}

// fly hashes one pair and publishes its outcome to the waiters.
func (v *Verifier) fly(f *flight, key string, d algorithm.Digest, w work, secret string) {
	v.land(f, key, v.compute(d, w, secret))
}

// land publishes the outcome res of f to its waiters.
func (v *Verifier) land(f *flight, key string, res Result) {
	f.res = res
	v.mu.Lock()
	v.known[key] = f.res
	delete(v.flights, key)
	if v.cache != nil && f.res.Outcome.Verified() {
		v.cache.put(key, f.res.Outcome)
	}
	if !f.res.Outcome.Verified() {
		v.stats.Unverified++
	}
	v.mu.Unlock()
	close(f.done)
}

// check applies the rules before the hash, in order: decode and estimate
// (cheap), the limits of one digest, then the cache file — which holds
// verdicts only, so it can never answer for a digest the limits reject —
// then the run's budget. hash reports that they left the pair to the hash
// (compute), with the budget taken.
func (v *Verifier) check(key, digest string, secretLen int) (d algorithm.Digest, w work, res Result, hash bool) {
	d, w, res, ok := prepare(v.dec, digest, secretLen)
	if !ok {
		return nil, w, res, false
	}
	if res, over := v.lim.check(w); over {
		return nil, w, res, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.loadLocked()
	if o, ok := v.cache.get(key); ok {
		v.stats.Hits++
		return nil, w, Result{Outcome: o}, false
	}
	if !(w.cpu <= v.left) {
		return nil, w, Result{Outcome: OverBudget, Detail: fmt.Sprintf("verifying it would take about %s of CPU (%s), and guidec's budget of %s for verifying digests in this run is spent",
			duration(w.cpu), w.what, v.budget)}, false
	}
	v.left -= w.cpu
	v.stats.Computed++
	return d, w, Result{}, true
}

// compute hashes secret against d on a worker slot and within the memory
// limit: the costly step.
func (v *Verifier) compute(d algorithm.Digest, w work, secret string) Result {
	v.slots <- struct{}{}
	defer func() { <-v.slots }()
	n := int64(w.mem)
	v.mem.acquire(n)
	defer v.mem.release(n)
	return v.hash(d, secret)
}

// Pair is one (digest, secret) request for VerifyAll.
type Pair struct {
	Digest, Secret string
}

// VerifyAll verifies pairs concurrently (bounded by the worker pool) and
// returns their results in the same order; those not known when ctx ends
// are Canceled.
func (v *Verifier) VerifyAll(ctx context.Context, pairs []Pair) []Result {
	fs := make([]*flight, len(pairs))
	for i, p := range pairs {
		fs[i] = v.begin(p.Digest, p.Secret)
	}
	res := make([]Result, len(pairs))
	for i, f := range fs {
		res[i] = v.wait(ctx, f)
	}
	return res
}

// Stats returns counters of the work done so far.
func (v *Verifier) Stats() Stats {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.stats
}

// Save writes the verdicts learnt in this run to the cache file, merged with
// what the file holds now (another guidec may have written it meanwhile). It
// writes nothing when nothing changed and the file was sound. The write is
// atomic: a temporary file in the same directory is renamed over the old one.
// A nil Verifier saves nothing.
func (v *Verifier) Save() error {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cache == nil {
		return nil
	}
	return v.cache.save()
}

// loadLocked reads the cache file once. v.mu is held.
func (v *Verifier) loadLocked() {
	if v.cache != nil && !v.cache.loaded {
		v.cache.load()
	}
}

// memGate is a counting semaphore over bytes: verifications acquire their
// estimated memory before hashing, so that however many workers there are,
// the hashes running at once allocate at most the limit between them. A
// request never exceeds the limit (the limits of one digest reject it
// first), so every acquire is eventually served.
type memGate struct {
	mu    sync.Mutex
	free  int64
	freed chan struct{} // closed, and replaced, whenever bytes are released
}

func newMemGate(limit int64) *memGate {
	return &memGate{free: limit, freed: make(chan struct{})}
}

func (g *memGate) acquire(n int64) {
	for {
		g.mu.Lock()
		if n <= g.free {
			g.free -= n
			g.mu.Unlock()
			return
		}
		wait := g.freed
		g.mu.Unlock()
		<-wait
	}
}

func (g *memGate) release(n int64) {
	g.mu.Lock()
	g.free += n
	close(g.freed)
	g.freed = make(chan struct{})
	g.mu.Unlock()
}
