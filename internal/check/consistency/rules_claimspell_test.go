package consistency

import (
	"fmt"
	"strings"
	"testing"
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
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		for _, av := range g.m.app {
			sp := av.Value.Span
			claim, ok := claimName(av.Value.Text)
			if !ok || !claimKey(av.normKey()) || len(claim) < 5 || !issuedClaims[claim] || sp.Len() != len(av.Value.Text) || string(g.content[sp.Start:sp.End]) != av.Value.Text {
				continue
			}
			typos := keyTypos(claim)
			bad := typos[c.n%len(typos)]
			if issuedClaims[bad] {
				continue
			}
			mutated := append(append(append([]byte{}, g.content[:sp.Start]...), bad+av.Value.Text[len(claim):]...), g.content[sp.End:]...)
			line := strings.Count(string(g.content[:sp.Start]), "\n") + 1
			ok = false
			for _, d := range runChecker(t, g.name, mutated, v) {
				// A .env value that differs from compose.yml's is
				// reported as such, on its line.
				if (d.Code == "consistency-claim-spelling" || d.Code == "consistency-env-compose") && d.Start().Line == line {
					ok = true
				}
			}
			c.add(ok, fmt.Sprintf("%s:%d: %s → %s", g.name, line, claim, bad))
		}
	}
	c.check(t, "claim misspellings", 40, 0.97)
}
