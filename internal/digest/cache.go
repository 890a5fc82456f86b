package digest

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/guidec/guidec/internal/cachefile"
)

// cacheVersion names the file format; a file with another version is
// ignored and replaced.
const cacheVersion = 1

// DefaultCachePath returns the cache file guidec uses by default:
// <user cache dir>/guidec/digests/v1.json. The version is in the file name so
// that a future format can live beside this one.
func DefaultCachePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("digest cache: %w", err)
	}
	return filepath.Join(dir, "guidec", "digests", fmt.Sprintf("v%d.json", cacheVersion)), nil
}

// cacheFile is the on-disk format: a version and a map from Key to verdict
// ("match" or "mismatch"). Nothing else is stored: decoding and the limits
// are cheap and are applied on every run before the file is consulted (so a
// verdict stored by an older guidec, or written by hand, never answers for a
// digest the current rules reject), and an error text belongs to the
// library version that produced it.
type cacheFile struct {
	Version int               `json:"version"`
	Entries map[string]string `json:"entries"`
}

// diskCache is the cache file of one Verifier. Its methods are called with
// the Verifier's mutex held.
type diskCache struct {
	path    string
	loaded  bool
	entries map[string]Outcome // everything known: file + this run
	dirty   bool               // entries differ from the file, or the file is corrupt
}

// load reads the file once. A missing file is an empty cache; an unreadable
// or corrupt one is ignored and marked for rewriting.
func (c *diskCache) load() {
	c.loaded = true
	entries, err := readCache(c.path)
	if err != nil {
		c.dirty = !errors.Is(err, fs.ErrNotExist)
		entries = map[string]Outcome{}
	}
	c.entries = entries
}

// get returns the verdict stored for key; a nil cache has none.
func (c *diskCache) get(key string) (Outcome, bool) {
	if c == nil {
		return 0, false
	}
	o, ok := c.entries[key]
	return o, ok
}

func (c *diskCache) put(key string, o Outcome) {
	if c.entries == nil {
		c.entries = map[string]Outcome{}
	}
	if old, ok := c.entries[key]; !ok || old != o {
		c.entries[key] = o
		c.dirty = true
	}
}

// save merges the file's current entries (ours win) and writes the result
// atomically.
func (c *diskCache) save() error {
	if !c.dirty {
		return nil
	}
	merged, err := readCache(c.path)
	if err != nil {
		merged = map[string]Outcome{}
	}
	for k, o := range c.entries {
		merged[k] = o
	}
	if err := writeCache(c.path, merged); err != nil {
		return err
	}
	c.dirty = false
	return nil
}

// readCache parses the cache file. Any entry that is not a 64-digit hex key
// with a known outcome makes the whole file corrupt: a file that is wrong in
// one place cannot be trusted in others.
func readCache(path string) (map[string]Outcome, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	entries, err := parseCache(data)
	if err != nil {
		return nil, fmt.Errorf("digest cache %s: %w", path, err)
	}
	return entries, nil
}

// parseCache decodes the contents of a cache file.
func parseCache(data []byte) (map[string]Outcome, error) {
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	if f.Version != cacheVersion {
		return nil, fmt.Errorf("version %d, want %d", f.Version, cacheVersion)
	}
	out := make(map[string]Outcome, len(f.Entries))
	for k, v := range f.Entries {
		o, ok := parseOutcome(v)
		if !ok || !validKey(k) {
			return nil, fmt.Errorf("bad entry %q", k)
		}
		out[k] = o
	}
	return out, nil
}

func parseOutcome(s string) (Outcome, bool) {
	switch s {
	case "match":
		return Match, true
	case "mismatch":
		return Mismatch, true
	}
	return 0, false
}

func validKey(k string) bool {
	b, err := hex.DecodeString(k)
	return err == nil && len(b) == 32
}

// writeCache writes entries to path through a temporary file in the same
// directory and a rename, so readers never see a half-written file.
func writeCache(path string, entries map[string]Outcome) error {
	f := cacheFile{Version: cacheVersion, Entries: make(map[string]string, len(entries))}
	for k, o := range entries {
		f.Entries[k] = o.String()
	}
	data, err := json.MarshalIndent(f, "", "\t") // map keys are sorted: output is deterministic
	if err != nil {
		return fmt.Errorf("digest cache: %w", err)
	}
	if err := cachefile.Write(path, append(data, '\n')); err != nil {
		return fmt.Errorf("digest cache: %w", err)
	}
	return nil
}
