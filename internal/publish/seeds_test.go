package publish

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpora of the package's fuzz targets
// in step with the repository: FuzzConfig gets site/site.yaml, the site
// configuration our guides are built with (seed "guide-site-yaml");
// FuzzAliasFile gets each alias in our guides' front matter.
func TestFuzzSeeds(t *testing.T) {
	t.Run("FuzzConfig", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "site", "site.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		testenv.Seeds(t, "FuzzConfig", map[string][]any{testenv.SeedPrefix + "site-yaml": {string(b)}})
	})
	t.Run("FuzzAliasFile", func(t *testing.T) {
		seeds := map[string][]any{}
		for _, g := range testenv.Guides(t) {
			for i, a := range g.Aliases {
				seeds[g.SeedName("alias", strconv.Itoa(i+1))] = []any{a}
			}
		}
		testenv.Seeds(t, "FuzzAliasFile", seeds)
	})
}
