package cli

import (
	"testing"

	"github.com/guidec/guidec/internal/lazyre"
)

// TestLazyRegexps compiles every package-level expression that the
// packages linked into guidec declare with lazyre.New: they compile on
// first use, so an invalid one would otherwise panic only in the run that
// first matches it.
func TestLazyRegexps(t *testing.T) {
	if lazyre.Count() == 0 {
		t.Fatal("no lazyre expression is linked into the CLI: the test checks nothing")
	}
	if err := lazyre.CompileAll(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d expressions compile", lazyre.Count())
}
