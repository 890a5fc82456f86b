package digest

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

var (
	// clientSecretRe matches an Authelia client_secret set to a digest
	// (a value starting with '$'), quoted or not.
	clientSecretRe = regexp.MustCompile(`(?m)^[ \t-]*client_secret:[ \t]*['"]?(\$[^'"\s]+)`)
	// assumedSecretRe matches the plaintext secret a guide's Assumptions
	// list states: "Client Secret:" then the value in backticks.
	assumedSecretRe = regexp.MustCompile("Client Secret:\\W*`([^`]+)`")
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzVerify in step with
// our own guides: each client_secret digest of their yaml fences, with the
// plaintext secret the guide's assumptions state ("" when it states none),
// the pair the consistency checker verifies. FuzzParseCache has no guide
// seeds: it reads guidec's own cache file, which guides do not contain.
func TestFuzzSeeds(t *testing.T) {
	seeds := map[string][]any{}
	for _, g := range testenv.Guides(t) {
		secret := ""
		if m := assumedSecretRe.FindStringSubmatch(g.Body); m != nil {
			secret = m[1]
		}
		k := 0
		for _, f := range g.Fences {
			if f.Lang != "yaml" && f.Lang != "yml" {
				continue
			}
			for _, m := range clientSecretRe.FindAllStringSubmatch(f.Visible(), -1) {
				k++
				seeds[g.SeedName("secret", strconv.Itoa(k))] = []any{m[1], secret}
			}
		}
	}
	testenv.Seeds(t, "FuzzVerify", seeds)
}
