package tests

import (
	"flag"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite golden files and expected script output")

// corpusDir returns the shared corpus of real guides, skipping the test when
// it is absent (failing under CI=true); it stays for this package's other
// callers.
func corpusDir(t testing.TB) string {
	t.Helper()
	return testenv.Corpus(t)
}
