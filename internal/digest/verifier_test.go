package digest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-crypt/crypt"
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
	v.run = func(dec *crypt.Decoder, d, s string) Result {
		calls.Add(1)
		<-release // hold every verification until all callers queued
		return verify(dec, d, s)
	}
	pairs := []Pair{{"$plaintext$a", "a"}, {"$plaintext$a", "b"}, {"$plaintext$c", "c"}}
	var wg sync.WaitGroup
	results := make([]Result, 60)
	for i := range results {
		wg.Go(func() { results[i] = v.Verify(pairs[i%3].Digest, pairs[i%3].Secret) })
	}
	waitFor(t, func() bool { st := v.Stats(); return st.Computed+st.Shared+st.Hits == 60 })
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
	v.run = func(dec *crypt.Decoder, d, s string) Result {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
		running.Add(-1)
		return verify(dec, d, s)
	}
	var pairs []Pair
	for i := range 12 {
		pairs = append(pairs, Pair{"$plaintext$x", strings.Repeat("y", i)})
	}
	res := v.VerifyAll(pairs)
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
	if r := v.Verify(rommDigest, "insecure_secret"); r.Outcome != Match {
		t.Fatalf("cold = %v", r.Outcome)
	}
	v.Verify(rommDigest, "wrong")
	v.Verify("$base64$eA", "x") // undecodable: never stored
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
	w.run = func(*crypt.Decoder, string, string) Result {
		t.Error("warm verifier recomputed a cached pair")
		return Result{}
	}
	if r := w.Verify(rommDigest, "insecure_secret"); r.Outcome != Match {
		t.Errorf("warm match = %v", r.Outcome)
	}
	if r := w.Verify(rommDigest, "wrong"); r.Outcome != Mismatch {
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
			if r := v.Verify("$plaintext$a", "a"); r.Outcome != Match {
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
	a.Verify("$plaintext$a", "a")
	b.Verify("$plaintext$b", "b")
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
	v.Verify("$plaintext$a", "a")
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
		if v.Verify(rommDigest, "insecure_secret").Outcome != Match {
			b.Fatal("no match")
		}
	}
}

// BenchmarkVerifyWarm verifies the same pair in a fresh Verifier whose cache
// file already holds it: loading the file and one lookup.
func BenchmarkVerifyWarm(b *testing.B) {
	path := filepath.Join(b.TempDir(), "digests.json")
	v := newTestVerifier(b, WithCacheFile(path))
	v.Verify(rommDigest, "insecure_secret")
	if err := v.Save(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w := newTestVerifier(b, WithCacheFile(path))
		if w.Verify(rommDigest, "insecure_secret").Outcome != Match {
			b.Fatal("no match")
		}
	}
}
