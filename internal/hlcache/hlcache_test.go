package hlcache

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// id returns a build ID function for tests.
func id(s string) func() string { return func() string { return s } }

var block = []byte("<?php echo 'hi';\n")

var spans = []Span{{Class: "cp", Start: 0, End: 5}, {Class: "", Start: 5, End: 6}, {Class: "k", Start: 6, End: 10}, {Class: "", Start: 10, End: 11}, {Class: "s1", Start: 11, End: 15}, {Class: "p", Start: 15, End: 16}, {Class: "", Start: 16, End: 17}}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "highlight")
	c := Open(path, id("id-1"))
	if _, ok := c.Get("PHP", block); ok {
		t.Fatal("a new cache has the block")
	}
	c.Put("PHP", block, spans)
	if got, ok := c.Get("PHP", block); !ok || !slices.Equal(got, spans) {
		t.Fatalf("Get after Put = %v, %v", got, ok)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)

	again := Open(path, id("id-1"))
	if got, ok := again.Get("PHP", block); !ok || !slices.Equal(got, spans) {
		t.Fatalf("Get from the file = %v, %v", got, ok)
	}
	if _, ok := again.Get("Python", block); ok {
		t.Fatal("the block is kept for another lexer")
	}
	if _, ok := again.Get("PHP", append(slices.Clone(block), ' ')); ok {
		t.Fatal("the block is kept for another text")
	}
	again.Put("Python", block, []Span{{Start: 0, End: len(block)}})
	if err := again.Save(); err != nil {
		t.Fatal(err)
	}
	third := Open(path, id("id-1"))
	if _, ok := third.Get("PHP", block); !ok {
		t.Fatal("a save lost the blocks it had read")
	}
	if _, ok := third.Get("Python", block); !ok {
		t.Fatal("a save lost the block it added")
	}

	// Two runs that read the same file: the second to save keeps the
	// blocks the first saved.
	a, b := Open(path, id("id-1")), Open(path, id("id-1"))
	a.Get("PHP", block)
	b.Get("PHP", block)
	a.Put("Elixir", block, []Span{{Start: 0, End: len(block)}})
	b.Put("CSV", block, []Span{{Start: 0, End: len(block)}})
	if err := a.Save(); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(); err != nil {
		t.Fatal(err)
	}
	both := Open(path, id("id-1"))
	for _, lexer := range []string{"PHP", "Python", "Elixir", "CSV"} {
		if _, ok := both.Get(lexer, block); !ok {
			t.Errorf("after two runs saved, the %s block is gone", lexer)
		}
	}

	// Another binary neither reads the file nor keeps its blocks.
	other := Open(path, id("id-2"))
	if _, ok := other.Get("PHP", block); ok {
		t.Fatal("a cache of another binary was read")
	}
	other.Put("JavaScript", block, []Span{{Start: 0, End: len(block)}})
	if err := other.Save(); err != nil {
		t.Fatal(err)
	}
	if _, ok := Open(path, id("id-1")).Get("PHP", block); ok {
		t.Fatal("the file still holds the first binary's blocks")
	}
	if len(first) == 0 {
		t.Fatal("empty file")
	}
}

// TestDeterministic checks that the same blocks make the same file,
// whatever the order they were put in.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	var files [][]byte
	for i, order := range [][]string{{"a", "b", "c"}, {"c", "a", "b"}} {
		path := filepath.Join(dir, string(rune('0'+i)))
		c := Open(path, id("id"))
		for _, lexer := range order {
			text := []byte(lexer + " text\n")
			c.Put(lexer, text, []Span{{Class: "k" + lexer, Start: 0, End: 1}, {Class: "", Start: 1, End: len(text)}})
		}
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(path)
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("the same blocks put in another order make another file")
	}
}

func TestPutChecksSpans(t *testing.T) {
	c := Open(filepath.Join(t.TempDir(), "h"), id("id"))
	for _, bad := range [][]Span{
		nil,
		{{Start: 0, End: 3}},
		{{Start: 1, End: len(block)}},
		{{Start: 0, End: 5}, {Start: 4, End: len(block)}},
		{{Start: 0, End: len(block) + 1}},
	} {
		c.Put("PHP", block, bad)
		if _, ok := c.Get("PHP", block); ok {
			t.Fatalf("spans %v that do not cover the text were kept", bad)
		}
	}
}

// TestForeignFile checks that Save leaves alone a file that is not a cache.
func TestForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "highlight")
	mine := []byte("my notes, not a cache\n")
	if err := os.WriteFile(path, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	c := Open(path, id("id"))
	c.Put("PHP", block, spans)
	if err := c.Save(); err == nil || !strings.Contains(err.Error(), "not a guidec cache file") {
		t.Fatalf("Save over a foreign file: %v", err)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, mine) {
		t.Fatalf("the foreign file was changed: %q", b)
	}
}

// savedFile writes a cache of one block and returns its bytes.
func savedFile(t testing.TB) []byte {
	path := filepath.Join(t.TempDir(), "h")
	c := Open(path, id("id"))
	c.Put("PHP", block, spans)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	return b
}

// checkDecode decodes b as a cache file of binary "id": it must not
// panic, and what it accepts must be spans in order from 0, each entry
// within the size bound.
func checkDecode(t testing.TB, b []byte) {
	d := Open("unused", id("id"))
	d.id = "id"
	entries, err := d.decode(bufio.NewReader(bytes.NewReader(b)))
	if err != nil {
		return
	}
	for _, s := range entries {
		at := 0
		for _, sp := range s {
			if sp.Start != at || sp.End < sp.Start {
				t.Fatalf("damaged file gave spans %v", s)
			}
			at = sp.End
		}
		if cost(s) > 2*MaxBytes {
			t.Fatal("oversized entry")
		}
	}
}

// TestDamaged cuts a cache file at every length and flips every byte.
func TestDamaged(t *testing.T) {
	good := savedFile(t)
	for n := range len(good) {
		checkDecode(t, good[:n])
	}
	for i := range good {
		b := slices.Clone(good)
		b[i] ^= 0xff
		checkDecode(t, b)
	}
}

func TestNilCache(t *testing.T) {
	if Open("", id("id")) != nil {
		t.Fatal("Open without a path returned a cache")
	}
	noID := Open(filepath.Join(t.TempDir(), "h"), id(""))
	noID.Put("PHP", block, spans)
	if _, ok := noID.Get("PHP", block); ok {
		t.Fatal("a cache without a build ID kept a block")
	}
	if err := noID.Save(); err != nil {
		t.Fatal(err)
	}
	var c *Cache
	c.Put("PHP", block, spans)
	if _, ok := c.Get("PHP", block); ok {
		t.Fatal("a nil cache has a block")
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
}

// TestBuildID compares BuildID with what `go tool buildid` reads from the
// test binary.
func TestBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := BuildID(); got != want {
		t.Fatalf("BuildID() = %q, go tool buildid says %q", got, want)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(savedFile(f))
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) { checkDecode(t, b) })
}
