package cachefile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "made", "here")
	path := filepath.Join(dir, "digests")
	for _, data := range []string{"first\n", "second, longer\n"} {
		if err := Write(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Fatalf("file holds %q, want %q", got, data)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("the directory holds %d entries, want the file alone (no temporary left)", len(entries))
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", fi.Mode().Perm())
	}
	// A path whose directory is a file fails, and leaves nothing behind.
	if err := Write(filepath.Join(path, "x"), []byte("y")); err == nil {
		t.Fatal("writing below a file succeeded")
	}
}
