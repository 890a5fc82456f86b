//go:build unix

package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestEqualFD compares files with data of every length class: empty, one
// chunk, several chunks and a chunk's edge, equal, differing at the start,
// the end or a chunk's seam, and longer or shorter than data.
func TestEqualFD(t *testing.T) {
	chunk := len(chunkPool.Get().(*[64 << 10]byte))
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*chunk/16+5)
	flip := func(b []byte, i int) []byte { c := bytes.Clone(b); c[i] ^= 1; return c }
	for _, c := range []struct {
		name       string
		file, data []byte
		want       bool
	}{
		{"both empty", nil, nil, true},
		{"empty file", nil, []byte("x"), false},
		{"empty data", []byte("x"), nil, false},
		{"small equal", []byte("<html>"), []byte("<html>"), true},
		{"small differs", []byte("<html>"), []byte("<htm!>"), false},
		{"big equal", big, big, true},
		{"one chunk exactly", big[:chunk], big[:chunk], true},
		{"file one byte longer than a chunk", big[:chunk+1], big[:chunk], false},
		{"file one byte shorter", big[:len(big)-1], big, false},
		{"file longer", big, big[:len(big)-1], false},
		{"differs at the seam", flip(big, chunk), big, false},
		{"differs at the end", flip(big, len(big)-1), big, false},
		{"differs at the start", flip(big, 0), big, false},
	} {
		name := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(name, c.file, 0o644); err != nil {
			t.Fatal(err)
		}
		fd, err := syscall.Open(name, syscall.O_RDONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := equalFD(fd, c.data); got != c.want {
			t.Errorf("%s: equalFD = %v, want %v", c.name, got, c.want)
		}
		syscall.Close(fd)
	}
}
