package shortcode

import (
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpora of FuzzLex and FuzzExpand in
// step with our own guides: each guide's body after its front matter, which
// both targets put behind a front matter of their own. FuzzVisibleText has
// no guide seeds: it takes the HTML that templates render, not guide text.
func TestFuzzSeeds(t *testing.T) {
	bodies := testenv.GuideSeeds(testenv.Guides(t), func(g testenv.Guide) []any { return []any{g.Body} })
	for _, target := range []string{"FuzzLex", "FuzzExpand"} {
		t.Run(target, func(t *testing.T) { testenv.Seeds(t, target, bodies) })
	}
}
