package syntax

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of each validator's fuzz
// target in step with our own guides: the reader-visible text of every
// fence that kindOf gives to that validator (JSON fences seed FuzzJSONC as
// well, JSON being JSONC). A target whose format no guide uses gets no
// guide seeds, and stale ones are still reported.
func TestFuzzSeeds(t *testing.T) {
	guides := testenv.Guides(t)
	for target, kinds := range map[string][]kind{
		"FuzzYAML":  {kindYAML},
		"FuzzJSON":  {kindJSON},
		"FuzzJSONC": {kindJSON, kindJSONC},
		"FuzzTOML":  {kindTOML},
		"FuzzXML":   {kindXML},
		"FuzzEnv":   {kindEnv},
		"FuzzINI":   {kindINI},
		"FuzzCode":  {kindJS, kindTS, kindPython, kindPHP, kindRuby, kindLua, kindNginx},
	} {
		t.Run(target, func(t *testing.T) {
			testenv.Seeds(t, target, testenv.FenceSeeds(guides, func(_ testenv.Guide, f testenv.Fence) []any {
				if s := f.Snippet(); slices.Contains(kinds, kindOf(s)) {
					return []any{s.Text}
				}
				return nil
			}))
		})
	}
}
