package serve

import (
	"strconv"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzServePath in step with
// our own guides: the URL path of each guide ("/romm/") and of each of its
// aliases, the paths a reader of the built site requests.
func TestFuzzSeeds(t *testing.T) {
	seeds := map[string][]any{}
	for _, g := range testenv.Guides(t) {
		seeds[g.SeedName()] = []any{"/" + g.Name + "/"}
		for i, a := range g.Aliases {
			seeds[g.SeedName("alias", strconv.Itoa(i+1))] = []any{"/" + strings.TrimPrefix(a, "/")}
		}
	}
	testenv.Seeds(t, "FuzzServePath", seeds)
}
