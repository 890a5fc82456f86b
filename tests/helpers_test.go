package tests

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and expected script output")

// corpusDir returns the shared corpus of real guides, skipping the test when
// it is absent (and failing under CI, where it must be present).
func corpusDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "corpus", "authelia"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s is required under CI: %v", dir, err)
		}
		t.Skipf("corpus %s absent: %v", dir, err)
	}
	return dir
}
