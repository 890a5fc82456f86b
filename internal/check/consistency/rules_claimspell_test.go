package consistency

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
)

func TestClaimSpelling(t *testing.T) {
	const head = "## Configuration\n\n```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        redirect_uris:\n          - 'https://app.example.com/cb'\n" +
		"    claims_policies:\n      p:\n        custom_claims:\n          memberof:\n            attribute: 'groups'\n```\n\n"
	for _, c := range []struct {
		app  string
		want bool
	}{
		{"```ini {title=\"app.ini\"}\nlogin_attribute_path = preferred_usernme\n```\n", true},
		{"```shell {title=\".env\"}\nOIDC_EMAIL_CLAIM=emial\n```\n", true},
		{"```yaml {title=\"config.yml\"}\noidc:\n  groups_claim: 'gruops'\n```\n", true},
		{"```yaml {title=\"config.yml\"}\noidc:\n  groups_claim: 'groups[*]'\n  user_field: 'nicknme'\n```\n", true},
		// Right claims, custom claims of the guide, other names.
		{"```ini {title=\"app.ini\"}\nlogin_attribute_path = preferred_username\n```\n", false},
		{"```shell {title=\".env\"}\nOIDC_GROUPS_CLAIM=memberof\n```\n", false},
		{"```shell {title=\".env\"}\nLDAP_EMAIL_ATTRIBUTE=mail\nOIDC_USERNAME_CLAIM=username\n```\n", false},
		{"```shell {title=\".env\"}\nOIDC_CLIENT_ID=emial\nDATA_PATH=/var/lib/locale\n```\n", false},
		{"```shell {title=\".env\"}\nROLE_ATTRIBUTE_PATH=contains(groups[*], 'admin') && 'Admin'\n```\n", false},
	} {
		found := false
		for _, d := range runChecker(t, "app", []byte(head+c.app), nil) {
			if d.Code == "consistency-claim-spelling" {
				found = true
			}
		}
		if found != c.want {
			t.Errorf("%q: found = %v, want %v", c.app, found, c.want)
		}
	}
}

// TestClaimSpellingMutations misspells every claim an application
// setting of the corpus and the novel guides names, one at a time with
// rotating typos, and requires the finding on its line.
func TestClaimSpellingMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var guides []string
	for _, dir := range []string{sharedPath(t, filepath.Join("corpus", "authelia")), filepath.Join("..", "..", "..", "tests", "testdata", "novel")} {
		g, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		guides = append(guides, g...)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests.json")))
	if err != nil {
		t.Fatal(err)
	}
	n, found := 0, 0
	var misses []string
	for _, g := range guides {
		content, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(g))
		f, snips, texts := mdGuide(name, content)
		m := build(&check.Pass{File: f, Name: name, Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
		for _, av := range m.app {
			sp := av.Value.Span
			c, ok := claimName(av.Value.Text)
			if !ok || !claimKey(av.normKey()) || len(c) < 5 || !issuedClaims[c] || sp.Len() != len(av.Value.Text) || string(content[sp.Start:sp.End]) != av.Value.Text {
				continue
			}
			typos := keyTypos(c)
			bad := typos[n%len(typos)]
			if issuedClaims[bad] {
				continue
			}
			n++
			mutated := append(append(append([]byte{}, content[:sp.Start]...), bad+av.Value.Text[len(c):]...), content[sp.End:]...)
			line := strings.Count(string(content[:sp.Start]), "\n") + 1
			ok = false
			for _, d := range runChecker(t, name, mutated, v) {
				// A .env value that differs from compose.yml's is
				// reported as such, on its line.
				if (d.Code == "consistency-claim-spelling" || d.Code == "consistency-env-compose") && d.Start().Line == line {
					ok = true
				}
			}
			if ok {
				found++
			} else {
				misses = append(misses, fmt.Sprintf("%s:%d: %s → %s", name, line, c, bad))
			}
		}
	}
	t.Logf("claim misspellings found: %d of %d", found, n)
	for _, m := range misses {
		t.Logf("MISS %s", m)
	}
	if n < 40 {
		t.Errorf("only %d claims misspelt: the sites are not read", n)
	}
	if float64(found) < 0.97*float64(n) {
		t.Errorf("found %d of %d misspelt claims, want at least 97%%", found, n)
	}
}
