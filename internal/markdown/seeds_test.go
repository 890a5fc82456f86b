package markdown

import (
	"regexp"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// shortcodeCallRe matches one shortcode call, `{{< … >}}` or `{{% … %}}`,
// on one line.
var shortcodeCallRe = regexp.MustCompile(`\{\{[<%].*?[>%]\}\}`)

// TestFuzzSeeds keeps the stored seed corpora of the package's fuzz targets
// in step with our own guides:
//   - FuzzRender: each guide's body, every shortcode call written as the
//     '§' that fuzzExpand turns into a call, so that the seed reaches
//     Render as the guide does, with the calls' sentinels in headings,
//     links, code spans and fences rather than as literal braces;
//   - FuzzFenceInfo: each distinct fence info string, named after the first
//     fence that has it;
//   - FuzzYAMLLexer and FuzzShellLexer: the reader-visible text of each
//     yaml (shell) fence that the target does not skip as too long (1,024
//     bytes).
func TestFuzzSeeds(t *testing.T) {
	guides := testenv.Guides(t)
	t.Run("FuzzRender", func(t *testing.T) {
		testenv.Seeds(t, "FuzzRender", testenv.GuideSeeds(guides, func(g testenv.Guide) []any {
			return []any{shortcodeCallRe.ReplaceAllString(g.Body, "§")}
		}))
	})
	t.Run("FuzzFenceInfo", func(t *testing.T) {
		seen := map[string]bool{}
		testenv.Seeds(t, "FuzzFenceInfo", testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
			if seen[f.Info] {
				return nil
			}
			seen[f.Info] = true
			return []any{f.Info}
		}))
	})
	for target, langs := range map[string][]string{
		"FuzzYAMLLexer":  {"yaml", "yml"},
		"FuzzShellLexer": {"shell", "sh", "bash"},
	} {
		t.Run(target, func(t *testing.T) {
			testenv.Seeds(t, target, testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
				if text := f.Visible(); slices.Contains(langs, f.Lang) && len(text) <= 1024 {
					return []any{text}
				}
				return nil
			}))
		})
	}
}
