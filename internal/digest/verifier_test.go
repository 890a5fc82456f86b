package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-crypt/crypt/algorithm"
	"github.com/go-crypt/crypt/algorithm/plaintext"
)

func newTestVerifier(t testing.TB, opts ...Option) *Verifier {
	t.Helper()
	v, err := NewVerifier(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestKey(t *testing.T) {
	k := Key(rommDigest, "insecure_secret")
	if len(k) != 64 || !validKey(k) {
		t.Fatalf("Key = %q, want 64 hex digits", k)
	}
	if strings.Contains(k, "insecure") || strings.Contains(k, "pbkdf2") {
		t.Errorf("Key reveals its input: %q", k)
	}
	if Key("ab", "c") == Key("a", "bc") {
		t.Error("Key does not separate digest from secret")
	}
	// Fixed vector: printf 'a\x00b' | sha256sum.
	if got, want := Key("a", "b"), "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138"; got != want {
		t.Errorf("Key(a, b) = %s, want %s", got, want)
	}
}

// TestVerifierSingleflight runs many concurrent requests for a few pairs and
// checks that each pair is verified exactly once.
func TestVerifierSingleflight(t *testing.T) {
	v := newTestVerifier(t, WithCacheFile(""))
	var calls atomic.Int32
	release := make(chan struct{})
	v.hash = func(d algorithm.Matcher, s string) Result {
		calls.Add(1)
		<-release // hold every verification until all callers queued
		return match(d, s)
	}
	pairs := []Pair{{"$plaintext$a", "a"}, {"$plaintext$a", "b"}, {"$plaintext$c", "c"}}
	var wg sync.WaitGroup
	results := make([]Result, 60)
	for i := range results {
		wg.Go(func() { results[i] = v.Verify(t.Context(), pairs[i%3].Digest, pairs[i%3].Secret) })
	}
	waitFor(t, func() bool { st := v.Stats(); return st.Computed == 3 && st.Shared+st.Hits == 57 })
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 3 {
		t.Errorf("verified %d times, want 3", n)
	}
	for i, r := range results {
		if want := []Outcome{Match, Mismatch, Match}[i%3]; r.Outcome != want {
			t.Errorf("result %d = %v, want %v", i, r.Outcome, want)
		}
	}
	if st := v.Stats(); st.Computed != 3 {
		t.Errorf("Stats = %+v, want 3 computed", st)
	}
}

// TestVerifierWorkers checks that no more than the configured number of
// verifications run at once.
func TestVerifierWorkers(t *testing.T) {
	v := newTestVerifier(t, WithCacheFile(""), WithWorkers(2))
	var running, peak atomic.Int32
	v.hash = func(d algorithm.Matcher, s string) Result {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		running.Add(-1)
		return match(d, s)
	}
	var pairs []Pair
	for i := range 12 {
		pairs = append(pairs, Pair{"$plaintext$x", strings.Repeat("y", i)})
	}
	res := v.VerifyAll(t.Context(), pairs)
	if p := peak.Load(); p != 2 {
		t.Errorf("peak concurrency = %d, want 2", p)
	}
	for i, r := range res {
		if r.Outcome != Mismatch {
			t.Errorf("pair %d = %v", i, r.Outcome)
		}
	}
}

func TestVerifierDiskCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "digests.json")
	v := newTestVerifier(t, WithCacheFile(path))
	if r := v.Verify(context.Background(), rommDigest, "insecure_secret"); r.Outcome != Match {
		t.Fatalf("cold = %v", r.Outcome)
	}
	v.Verify(context.Background(), rommDigest, "wrong")
	v.Verify(context.Background(), "$base64$eA", "x") // undecodable: never stored
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"insecure_secret", "pbkdf2", "base64", "wrong"} {
		if strings.Contains(string(data), leak) {
			t.Errorf("cache file reveals %q:\n%s", leak, data)
		}
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil || f.Version != 1 || len(f.Entries) != 2 {
		t.Fatalf("cache file = %s (err %v), want version 1 with 2 entries", data, err)
	}

	w := newTestVerifier(t, WithCacheFile(path))
	w.hash = func(algorithm.Matcher, string) Result {
		t.Error("warm verifier recomputed a cached pair")
		return Result{}
	}
	if r := w.Verify(context.Background(), rommDigest, "insecure_secret"); r.Outcome != Match {
		t.Errorf("warm match = %v", r.Outcome)
	}
	if r := w.Verify(context.Background(), rommDigest, "wrong"); r.Outcome != Mismatch {
		t.Errorf("warm mismatch = %v", r.Outcome)
	}
	if st := w.Stats(); st.Hits != 2 || st.Computed != 0 {
		t.Errorf("warm stats = %+v", st)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("cache dir holds %d files, want only the cache (no temp files left)", len(entries))
	}
}

func TestVerifierCorruptCache(t *testing.T) {
	for name, content := range map[string]string{
		"not json":      "{{{",
		"wrong version": `{"version":7,"entries":{}}`,
		"bad key":       `{"version":1,"entries":{"zz":"match"}}`,
		"bad outcome":   `{"version":1,"entries":{"` + Key("$plaintext$a", "a") + `":"maybe"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "digests.json")
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			v := newTestVerifier(t, WithCacheFile(path))
			if r := v.Verify(context.Background(), "$plaintext$a", "a"); r.Outcome != Match {
				t.Fatalf("Verify = %v", r.Outcome)
			}
			if st := v.Stats(); st.Computed != 1 {
				t.Errorf("stats = %+v, want the pair computed", st)
			}
			if err := v.Save(); err != nil {
				t.Fatal(err)
			}
			got, err := readCache(path)
			if err != nil {
				t.Fatalf("rewritten cache unreadable: %v", err)
			}
			if len(got) != 1 || got[Key("$plaintext$a", "a")] != Match {
				t.Errorf("rewritten cache = %v", got)
			}
		})
	}
}

// TestVerifierSaveMerges checks that two runs sharing a cache file keep each
// other's entries.
func TestVerifierSaveMerges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digests.json")
	a := newTestVerifier(t, WithCacheFile(path))
	b := newTestVerifier(t, WithCacheFile(path))
	a.Verify(context.Background(), "$plaintext$a", "a")
	b.Verify(context.Background(), "$plaintext$b", "b")
	if err := a.Save(); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	got, err := readCache(path)
	if err != nil || len(got) != 2 {
		t.Fatalf("merged cache = %v, %v; want 2 entries", got, err)
	}
}

func TestVerifierSaveUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digests.json")
	v := newTestVerifier(t, WithCacheFile(path))
	if err := v.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("Save without work wrote a file (err %v)", err)
	}
}

func TestVerifierSaveError(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	v := newTestVerifier(t, WithCacheFile(filepath.Join(blocker, "digests.json")))
	v.Verify(context.Background(), "$plaintext$a", "a")
	if err := v.Save(); err == nil || !strings.HasPrefix(err.Error(), "digest cache:") {
		t.Errorf("Save into a file = %v, want a digest cache error", err)
	}
}

func TestDefaultCachePath(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg")
	t.Setenv("HOME", "/tmp/home")
	p, err := DefaultCachePath()
	if err != nil {
		t.Skipf("no user cache dir: %v", err)
	}
	if !strings.HasSuffix(p, filepath.Join("guidec", "digests", "v1.json")) {
		t.Errorf("DefaultCachePath = %q", p)
	}
}

func FuzzParseCache(f *testing.F) {
	f.Add([]byte(`{"version":1,"entries":{"` + Key("a", "b") + `":"match"}}`))
	f.Add([]byte(`{"version":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := parseCache(data)
		if err != nil {
			return
		}
		for k, o := range entries {
			if !validKey(k) || o == Undecodable {
				t.Errorf("accepted entry %q = %v", k, o)
			}
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkVerifyCold verifies the guides' pbkdf2-sha512 digest with an
// empty cache: the cost the disk cache saves.
func BenchmarkVerifyCold(b *testing.B) {
	for b.Loop() {
		v := newTestVerifier(b, WithCacheFile(""))
		if v.Verify(context.Background(), rommDigest, "insecure_secret").Outcome != Match {
			b.Fatal("no match")
		}
	}
}

// BenchmarkVerifyWarm verifies the same pair in a fresh Verifier whose cache
// file already holds it: loading the file and one lookup.
func BenchmarkVerifyWarm(b *testing.B) {
	path := filepath.Join(b.TempDir(), "digests.json")
	v := newTestVerifier(b, WithCacheFile(path))
	v.Verify(context.Background(), rommDigest, "insecure_secret")
	if err := v.Save(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w := newTestVerifier(b, WithCacheFile(path))
		if w.Verify(context.Background(), rommDigest, "insecure_secret").Outcome != Match {
			b.Fatal("no match")
		}
	}
}

// argon2Digest is a syntactically valid argon2id digest with m KiB of
// memory; its key is not that of any secret.
func argon2Digest(m int) string {
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=1,p=1$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC", m)
}

// pbkdf2Digest is a syntactically valid pbkdf2-sha512 digest with n
// iterations.
func pbkdf2Digest(n int) string {
	return fmt.Sprintf("$pbkdf2-sha512$%d$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1w", n)
}

// TestVerifierBudget checks that the pairs of a run draw on one budget:
// once it is spent, pairs are not verified, but pairs already known or in
// the cache file still are answered.
func TestVerifierBudget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digests.json")
	cached := Key(pbkdf2Digest(1000000), "cached")
	if err := writeCache(path, map[string]Outcome{cached: Match}); err != nil {
		t.Fatal(err)
	}
	// Each pair is estimated at about 1.1 s; the budget holds three.
	v := newTestVerifier(t, WithCacheFile(path), WithBudget(3500*time.Millisecond))
	var hashed atomic.Int32
	v.hash = func(d algorithm.Matcher, s string) Result {
		hashed.Add(1)
		if _, ok := d.(*plaintext.Digest); ok {
			return match(d, s)
		}
		return Result{Outcome: Mismatch} // without spending the real second
	}
	var pairs []Pair
	for i := range 10 {
		pairs = append(pairs, Pair{pbkdf2Digest(1000000), fmt.Sprint("secret ", i)})
	}
	res := v.VerifyAll(t.Context(), pairs)
	counts := map[Outcome]int{}
	for _, r := range res {
		counts[r.Outcome]++
		if r.Outcome == OverBudget && !strings.Contains(r.Detail, "budget of 3.5s") {
			t.Errorf("detail = %q", r.Detail)
		}
	}
	if counts[Mismatch] != 3 || counts[OverBudget] != 7 || hashed.Load() != 3 || v.Stats().Computed != 3 {
		t.Errorf("outcomes %v, %d hashed; want 3 verified and 7 over budget", counts, hashed.Load())
	}
	if r := v.Verify(t.Context(), pbkdf2Digest(1000000), "cached"); r.Outcome != Match {
		t.Errorf("cached pair over budget = %v, want the cached match", r.Outcome)
	}
	// What is left (0.2 s) still verifies a cheaper pair.
	if r := v.Verify(t.Context(), "$plaintext$a", "a"); r.Outcome != Match {
		t.Errorf("plaintext after the budget = %v (%s)", r.Outcome, r.Detail)
	}

	none := newTestVerifier(t, WithCacheFile(""), WithBudget(0))
	none.hash = v.hash
	if r := none.Verify(t.Context(), pbkdf2Digest(1000), "x"); r.Outcome != OverBudget || !strings.Contains(r.Detail, "budget of 0s") {
		t.Errorf("budget 0: %v (%s), want over budget", r.Outcome, r.Detail)
	}
	if r := none.Verify(t.Context(), "$plaintext$a", "a"); r.Outcome != OverBudget {
		t.Errorf("budget 0, plaintext: %v (%s), want over budget", r.Outcome, r.Detail)
	}
}

// TestVerifierMemory checks that the verifications running at once hold at
// most the memory limit between them, whatever the number of workers.
func TestVerifierMemory(t *testing.T) {
	const limit = 100 << 20
	v := newTestVerifier(t, WithCacheFile(""), WithWorkers(8), WithMemory(limit))
	var mu sync.Mutex
	var held, peak int64
	v.hash = func(d algorithm.Matcher, s string) Result {
		// Each digest of this test asks for 40 MiB (and a little more).
		mu.Lock()
		held += 40 << 20
		peak = max(peak, held)
		mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		held -= 40 << 20
		mu.Unlock()
		return Result{Outcome: Mismatch}
	}
	var pairs []Pair
	for i := range 12 {
		pairs = append(pairs, Pair{argon2Digest(40 << 10), fmt.Sprint(i)})
	}
	for i, r := range v.VerifyAll(t.Context(), pairs) {
		if r.Outcome != Mismatch {
			t.Errorf("pair %d = %v (%s)", i, r.Outcome, r.Detail)
		}
	}
	if peak > limit || peak < 80<<20 {
		t.Errorf("peak memory = %d MiB, want two digests at once (limit %d MiB)", peak>>20, limit>>20)
	}
	// A digest that needs more than the limit alone is never verified.
	if r := v.Verify(t.Context(), argon2Digest(120<<10), "x"); r.Outcome != Costly || !strings.Contains(r.Detail, "more than the 100 MiB") {
		t.Errorf("120 MiB digest = %v (%s), want costly", r.Outcome, r.Detail)
	}
}

// TestVerifierCancel checks that a caller stuck behind a long hash is
// released when its context ends, and that the hash, which cannot be
// interrupted, still completes for later callers.
func TestVerifierCancel(t *testing.T) {
	v := newTestVerifier(t, WithCacheFile(""), WithWorkers(1))
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	v.hash = func(d algorithm.Matcher, s string) Result {
		started <- struct{}{}
		<-release
		return match(d, s)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var res []Result
	done := make(chan struct{})
	go func() {
		res = v.VerifyAll(ctx, []Pair{{"$plaintext$a", "a"}, {"$plaintext$b", "b"}})
		close(done)
	}()
	<-started // one pair hashing, the other waiting for the only worker
	cancel()
	select {
	case <-done:
	case <-time.After(safetyBound):
		t.Fatal("VerifyAll did not return after its context was cancelled")
	}
	for i, r := range res {
		if r.Outcome != Canceled || !strings.Contains(r.Detail, "canceled") {
			t.Errorf("pair %d = %v (%s), want canceled", i, r.Outcome, r.Detail)
		}
	}
	close(release)
	if r := v.Verify(t.Context(), "$plaintext$a", "a"); r.Outcome != Match {
		t.Errorf("after the cancel: %v (%s), want match", r.Outcome, r.Detail)
	}
	// b's verification goes on without the cancelled caller too; asking
	// for it waits until it is done (the stats were once read before its
	// goroutine had counted it).
	if r := v.Verify(t.Context(), "$plaintext$b", "b"); r.Outcome != Match {
		t.Errorf("b after the cancel: %v (%s), want match", r.Outcome, r.Detail)
	}
	if st := v.Stats(); st.Computed != 2 {
		t.Errorf("stats = %+v, want both pairs hashed once", st)
	}
}

// TestVerifierCacheAfterRules checks that a verdict in the cache file never
// answers for a digest the rules reject, whoever wrote the file.
func TestVerifierCacheAfterRules(t *testing.T) {
	pairs := []struct {
		digest string
		want   Outcome
	}{
		{"$pbkdf2-sha512$+3100000000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo", Costly},
		{argon2Digest(4 << 20), Costly},
		{"$2y$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG", Costly},
		{"$pbkdf2-sha512$310000$...", Undecodable},
		{"$base64$aW5zZWN1cmVfc2VjcmV0", Undecodable},
		{"$1$4L0MJE56$rA5am9Fqp9IFg.NOUoI3r.", Undecodable},
	}
	entries := map[string]Outcome{}
	for _, p := range pairs {
		entries[Key(p.digest, "insecure_secret")] = Match
	}
	path := filepath.Join(t.TempDir(), "digests.json")
	if err := writeCache(path, entries); err != nil {
		t.Fatal(err)
	}
	v := newTestVerifier(t, WithCacheFile(path))
	v.hash = func(algorithm.Matcher, string) Result {
		t.Error("a rejected digest was hashed")
		return Result{}
	}
	for _, p := range pairs {
		if r := v.Verify(t.Context(), p.digest, "insecure_secret"); r.Outcome != p.want {
			t.Errorf("%s = %v (%s), want %v", p.digest, r.Outcome, r.Detail, p.want)
		}
	}
	if st := v.Stats(); st.Hits != 0 || st.Unverified != len(pairs) {
		t.Errorf("stats = %+v, want no cache hit", st)
	}
}
