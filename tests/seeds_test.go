package tests

import (
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzPipeline in step with
// our own guides: each whole file, built beside the fuzzer's correct guide.
func TestFuzzSeeds(t *testing.T) {
	testenv.Seeds(t, "FuzzPipeline", testenv.GuideSeeds(testenv.Guides(t), func(g testenv.Guide) []any {
		return []any{g.Content}
	}))
}
