package authelia

import (
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzAuthelia in step with
// our own guides: the reader-visible text of each yaml fence that
// configures identity_providers, with the Authelia version the guide says
// it was tested with, as the build passes it.
func TestFuzzSeeds(t *testing.T) {
	testenv.Seeds(t, "FuzzAuthelia", testenv.FenceSeeds(testenv.Guides(t), func(g testenv.Guide, f testenv.Fence) []any {
		if s := f.Snippet(); (s.Lang == "yaml" || s.Lang == "yml") && strings.Contains(string(s.Text), "identity_providers") {
			return []any{s.Text, testedVersion(g.Body)}
		}
		return nil
	}))
}

var (
	testedVersionsRe = regexp.MustCompile(`(?m)^##[ \t]+Tested Versions[ \t]*$`)
	versionRe        = regexp.MustCompile(`\d+\.\d+(?:\.\d+)?`)
)

// testedVersion returns the Authelia version a guide body names in its
// "Tested Versions" section, as check.TestedVersion reads it: the first
// list item mentioning Authelia, the version in an item nested under it or
// else in the item itself ("v4.39.16" → "4.39.16"); "" when there is none.
// It reads the Markdown naively, so that the seeds do not depend on
// package markdown.
func testedVersion(body string) string {
	loc := testedVersionsRe.FindStringIndex(body)
	if loc == nil {
		return ""
	}
	section := body[loc[1]:]
	if i := strings.Index(section, "\n#"); i >= 0 {
		section = section[:i]
	}
	lines := strings.Split(section, "\n")
	for i, l := range lines {
		item := strings.TrimLeft(l, " \t")
		if !strings.HasPrefix(item, "- ") || !strings.Contains(strings.ToLower(item), "authelia") {
			continue
		}
		indent := len(l) - len(item)
		for _, n := range lines[i+1:] {
			nested := strings.TrimLeft(n, " \t")
			if nested != "" && len(n)-len(nested) <= indent {
				break
			}
			if v := versionRe.FindString(nested); v != "" {
				return v
			}
		}
		return versionRe.FindString(item)
	}
	return ""
}

func TestTestedVersion(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"\n## Tested Versions\n\n- [Authelia]\n  - [v4.39.16](https://x/v4.39.16)\n- [App]\n  - v3.9.0\n", "4.39.16"},
		{"## Tested Versions\n\n- Authelia v4.38.x\n", "4.38"},
		{"## Tested Versions\n\n- [App]\n  - v3.9.0\n- [Authelia]\n  - 4.39.1\n", "4.39.1"},
		{"## Tested Versions\n\n- [Authelia]\n- [App]\n  - v3.9.0\n", ""},
		{"## Tested Versions\n\n- [App]\n\n## Other\n\n- Authelia v4.38.0\n", ""},
		{"## Versions\n\n- Authelia v4.38.0\n", ""},
	} {
		if got := testedVersion(tt.body); got != tt.want {
			t.Errorf("testedVersion(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}
