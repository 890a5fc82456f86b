package guide

import (
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzFrontMatter in step
// with our own guides: each whole file, front matter and body, as Load
// reads it.
func TestFuzzSeeds(t *testing.T) {
	testenv.Seeds(t, "FuzzFrontMatter", testenv.GuideSeeds(testenv.Guides(t), func(g testenv.Guide) []any {
		return []any{g.Content}
	}))
}
