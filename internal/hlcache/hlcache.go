// Package hlcache keeps the highlighting of code blocks between runs.
//
// chroma highlights with backtracking regular expressions that it compiles
// the first time a process meets a language: for the few PHP, JavaScript,
// Python and Elixir blocks of the 88 corpus guides that is 87 M
// instructions, 15 % of a build of the corpus (docs/performance.md). A
// block's pieces (its tokens as ranges of the text, with their CSS
// classes) depend on the lexer and the text alone, so they can be kept on
// disk and reused by the next build, which then compiles nothing for
// blocks it has seen.
//
// A cache file belongs to one guidec binary: it records the binary's Go
// build ID, which changes with any change to its code (chroma's lexers,
// how guidec turns tokens into pieces), and a file of another binary is
// neither read nor merged, only replaced. A file that is not a cache file
// is never written over.
package hlcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/guidec/guidec/internal/cachefile"
)

// Span is one piece of a highlighted block: the text from Start to End
// has CSS class Class.
type Span struct {
	Class      string
	Start, End int
}

// magic starts every cache file; formatVersion is the version of the
// layout that follows it.
const (
	magic         = "guidec-highlight\n"
	formatVersion = 1
)

// MaxBytes bounds the blocks a cache keeps, counted as the bytes of their
// spans: once the file would pass it, new blocks are not added.
const MaxBytes = 16 << 20

// Cache is the highlighting cache of one run. Its methods are safe for
// concurrent use; a nil Cache keeps nothing.
type Cache struct {
	path  string
	getID func() string
	id    string // getID's answer, read with the file

	mu      sync.Mutex
	loaded  bool
	entries map[[32]byte][]Span
	size    int
	added   bool
	classes map[string]string // interned class names
}

// Open returns the cache kept in the file path for this binary, whose
// build ID id returns (BuildID for guidec itself), both read on first use,
// so that a run that highlights nothing pays nothing. It returns nil when
// path is empty; a cache whose id is "" keeps nothing.
func Open(path string, id func() string) *Cache {
	if path == "" {
		return nil
	}
	return &Cache{path: path, getID: id, entries: map[[32]byte][]Span{}, classes: map[string]string{}}
}

// key identifies a block: its lexer's name and its text.
func key(lexer string, text []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(lexer))
	h.Write([]byte{0})
	h.Write(text)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Get returns the spans kept for text highlighted by lexer. They are
// shared: the caller must not change them. Spans that do not end at the
// text's end (a damaged file) are not returned.
func (c *Cache) Get(lexer string, text []byte) ([]Span, bool) {
	if c == nil {
		return nil, false
	}
	k := key(lexer, text)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
	s, ok := c.entries[k]
	if !ok || !covers(s, len(text)) {
		return nil, false
	}
	return s, true
}

// Put keeps the spans of text highlighted by lexer, unless the cache is
// full. The spans must cover text: Put checks that they are in order and
// within it, and ignores them otherwise.
func (c *Cache) Put(lexer string, text []byte, spans []Span) {
	if c == nil || !covers(spans, len(text)) {
		return
	}
	k := key(lexer, text)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.loadLocked()
	if c.id == "" {
		return
	}
	if _, ok := c.entries[k]; ok || c.size+cost(spans) > MaxBytes {
		return
	}
	kept := make([]Span, len(spans))
	for i, s := range spans {
		kept[i] = Span{Class: c.intern(s.Class), Start: s.Start, End: s.End}
	}
	c.entries[k] = kept
	c.size += cost(kept)
	c.added = true
}

func covers(spans []Span, n int) bool {
	at := 0
	for _, s := range spans {
		if s.Start != at || s.End < s.Start || s.End > n {
			return false
		}
		at = s.End
	}
	return at == n
}

// cost is what a block counts against MaxBytes: its key and spans.
func cost(spans []Span) int {
	n := 32
	for _, s := range spans {
		n += 8 + len(s.Class)
	}
	return n
}

func (c *Cache) intern(class string) string {
	if s, ok := c.classes[class]; ok {
		return s
	}
	c.classes[class] = class
	return class
}

// loadLocked reads the file once. A missing file, a file of another
// binary or of another format, and a damaged one are an empty cache (the
// first three are replaced by Save; a file that is not a cache file at all
// is left alone, see Save).
func (c *Cache) loadLocked() {
	if c.loaded {
		return
	}
	c.loaded = true
	if c.getID != nil {
		c.id = c.getID()
	}
	if c.id == "" {
		return
	}
	f, err := os.Open(c.path)
	if err != nil {
		return
	}
	defer f.Close()
	entries, err := c.decode(bufio.NewReader(f))
	if err != nil {
		return
	}
	for k, s := range entries {
		c.entries[k] = s
		c.size += cost(s)
	}
}

// errOtherBinary says that a cache file was written by another binary.
var errOtherBinary = errors.New("cache of another guidec binary")

// decode reads a cache file of this binary.
func (c *Cache) decode(r *bufio.Reader) (map[[32]byte][]Span, error) {
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errNotCache
	}
	v, err := binary.ReadUvarint(r)
	if err != nil || v != formatVersion {
		return nil, errors.New("other format")
	}
	id, err := readString(r)
	if err != nil {
		return nil, err
	}
	if id != c.id {
		return nil, errOtherBinary
	}
	nclass, err := binary.ReadUvarint(r)
	if err != nil || nclass > 1<<16 {
		return nil, errors.New("damaged class table")
	}
	classes := make([]string, nclass)
	for i := range classes {
		if classes[i], err = readString(r); err != nil {
			return nil, err
		}
		classes[i] = c.intern(classes[i])
	}
	entries := map[[32]byte][]Span{}
	size := 0
	for {
		var k [32]byte
		if _, err := io.ReadFull(r, k[:]); err == io.EOF {
			return entries, nil
		} else if err != nil {
			return nil, err
		}
		n, err := binary.ReadUvarint(r)
		if err != nil || n > MaxBytes/8 {
			return nil, errors.New("damaged entry")
		}
		spans := make([]Span, n)
		at := 0
		for i := range spans {
			ci, err1 := binary.ReadUvarint(r)
			l, err2 := binary.ReadUvarint(r)
			if err1 != nil || err2 != nil || ci >= nclass || l > MaxBytes {
				return nil, errors.New("damaged entry")
			}
			spans[i] = Span{Class: classes[ci], Start: at, End: at + int(l)}
			at += int(l)
		}
		if size += cost(spans); size > 2*MaxBytes {
			return nil, errors.New("too large")
		}
		entries[k] = spans
	}
}

// errNotCache says that a file is not a highlighting cache at all.
var errNotCache = errors.New("not a guidec highlighting cache")

func readString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<10 {
		return "", errors.New("damaged string")
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// Save writes the cache to its file if this run added blocks, with the
// blocks another run of this binary saved meanwhile, through a temporary
// file in the same directory and a rename, so that a reader never sees
// half a file. It refuses to replace a file that is not a cache file.
func (c *Cache) Save() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.added {
		return nil
	}
	if f, err := os.Open(c.path); err == nil {
		kept, derr := c.decode(bufio.NewReader(f))
		f.Close()
		if errors.Is(derr, errNotCache) {
			return fmt.Errorf("highlighting cache: %s is not a guidec cache file; left as it is", c.path)
		}
		// Another run of this binary may have saved blocks since this
		// one read the file: keep them too.
		for k, spans := range kept {
			if _, ok := c.entries[k]; !ok && c.size+cost(spans) <= MaxBytes {
				c.entries[k] = spans
				c.size += cost(spans)
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("highlighting cache: %w", err)
	}
	var buf bytes.Buffer
	c.encode(&buf)
	if err := cachefile.Write(c.path, buf.Bytes()); err != nil {
		return fmt.Errorf("highlighting cache: %w", err)
	}
	c.added = false
	return nil
}

// encode writes the cache file's bytes: the entries in key order, so that
// the same cache gives the same file.
func (c *Cache) encode(w *bytes.Buffer) {
	w.WriteString(magic)
	w.Write(binary.AppendUvarint(nil, formatVersion))
	writeString(w, c.id)
	index := map[string]uint64{}
	var names []string
	keys := make([][32]byte, 0, len(c.entries))
	for k, spans := range c.entries {
		keys = append(keys, k)
		for _, s := range spans {
			if _, ok := index[s.Class]; !ok {
				index[s.Class] = uint64(len(names))
				names = append(names, s.Class)
			}
		}
	}
	// The class table in first-seen order depends on map order: number
	// the classes in sorted order instead.
	slices.Sort(names)
	for i, n := range names {
		index[n] = uint64(i)
	}
	w.Write(binary.AppendUvarint(nil, uint64(len(names))))
	for _, n := range names {
		writeString(w, n)
	}
	slices.SortFunc(keys, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	var b []byte
	for _, k := range keys {
		spans := c.entries[k]
		b = append(b[:0], k[:]...)
		b = binary.AppendUvarint(b, uint64(len(spans)))
		for _, s := range spans {
			b = binary.AppendUvarint(b, index[s.Class])
			b = binary.AppendUvarint(b, uint64(s.End-s.Start))
		}
		w.Write(b)
	}
}

func writeString(w *bytes.Buffer, s string) {
	w.Write(binary.AppendUvarint(nil, uint64(len(s))))
	w.WriteString(s)
}
