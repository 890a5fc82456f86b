package consistency

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpora of the package's fuzz targets
// in step with our own guides, picking fences as addAppSnippet does:
//   - FuzzParseEnv: the reader-visible text of each fence read as a .env
//     file (titled so, or a shell fence without a title);
//   - FuzzScanAssignments: that of each fence read by scanAssignments, of
//     each JSON fence (read so when it is not YAML) and of each Docker
//     Compose file, whose `key: 'value'` lines are the ':' form the scanner
//     knows;
//   - FuzzChecker: every fence, with its language, title and text as the
//     guide writes it (the target's fixture replaces the sitevar calls).
func TestFuzzSeeds(t *testing.T) {
	guides := testenv.Guides(t)
	t.Run("FuzzParseEnv", func(t *testing.T) {
		testenv.Seeds(t, "FuzzParseEnv", testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
			if s := f.Snippet(); isEnvFile(s) || shellLang(s) && s.FileName() == "" {
				return []any{string(s.Text)}
			}
			return nil
		}))
	})
	t.Run("FuzzScanAssignments", func(t *testing.T) {
		testenv.Seeds(t, "FuzzScanAssignments", testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
			s := f.Snippet()
			compose := strings.HasPrefix(s.FileName(), "compose.") || strings.HasPrefix(s.FileName(), "docker-compose.")
			if !isEnvFile(s) && (scanFormat(s) != snippet.None || isJSON(s) || compose) {
				return []any{string(s.Text)}
			}
			return nil
		}))
	})
	t.Run("FuzzChecker", func(t *testing.T) {
		testenv.Seeds(t, "FuzzChecker", testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
			return []any{f.Lang, f.Title(), f.Text}
		}))
	})
}
