package authelia

import (
	"strings"
	"testing"
)

// TestTemplateHints checks that a finding in the text a shortcode wrote
// never advises an edit the guide cannot make there (remove or rename a
// key), and carries no fix, while the same finding in the guide's own
// block keeps its advice.
func TestTemplateHints(t *testing.T) {
	const client = "```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    claims_policies:\n      own:\n        id_token: ['sub']\n    clients:\n      - client_id: 'app'\n        client_secret: 'insecure_secret'\n        redirect_uris: ['https://app.example.com/cb']\n        token_endpoint_auth_method: 'client_secret_post'\n        claims_policy: 'own'\n```\n"
	guide := "## Tested Versions\n\n- Authelia\n  - v4.39.16\n\n" + client + "\n{{% " + escapeHatch + " client_id=\"app\" claims=\"sub,email\" %}}\n"
	g := scanGuide("app/index.md", []byte(guide))
	l := g.run("4.39.16")
	var inTemplate, inGuide int
	for _, d := range l {
		if d.Code != "authelia-claims-policy-claim" {
			continue
		}
		p := d.Start()
		if strings.HasPrefix(guide[d.Span.Start:], "{{%") {
			inTemplate++
			if strings.HasPrefix(d.Hint, "remove") || d.Fix != nil || !strings.Contains(d.Hint, escapeHatch) {
				t.Errorf("%d:%d: hint %q (fix %v) in the template's text", p.Line, p.Column, d.Hint, d.Fix != nil)
			}
		} else {
			inGuide++
			if !strings.HasPrefix(d.Hint, "remove") {
				t.Errorf("%d:%d: the guide's own block lost its advice: %q", p.Line, p.Column, d.Hint)
			}
		}
	}
	if inTemplate != 1 || inGuide != 1 {
		t.Errorf("want the claim reported once in each block, got %d in the template and %d in the guide:\n%s", inTemplate, inGuide, format(l))
	}
}

// TestMisplacedKeyHints checks that a valid key at the wrong place is
// told where it belongs, never "remove it".
func TestMisplacedKeyHints(t *testing.T) {
	cases := []struct {
		name, yaml, want string // want: in the hint or message of the unknown-key finding
	}{
		{"client option under oidc, not after clients", "identity_providers:\n  oidc:\n    claims_policy: 'x'\n    clients:\n      - client_id: 'app'\n        client_secret: 'insecure_secret'\n        redirect_uris: ['https://app.example.com/cb']\n",
			"identity_providers.oidc.clients[]: move it there"},
		{"last client option moved out", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        client_secret: 'insecure_secret'\n        redirect_uris: ['https://app.example.com/cb']\n    token_endpoint_auth_method: 'client_secret_post'\n",
			"indent it by 8 spaces"},
		{"provider option at the top level", "hmac_secret: 'x'\nidentity_providers:\n  oidc:\n    clients: []\n",
			"identity_providers.oidc: move it there"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			guide := "## Tested Versions\n\n- Authelia\n  - v4.39.16\n\n```yaml {title=\"configuration.yml\"}\n" + tc.yaml + "```\n"
			l := scanGuide("app/index.md", []byte(guide)).run("4.39.16")
			found := false
			for _, d := range l {
				if d.Code == "authelia-unknown-key" {
					found = true
					if strings.HasPrefix(d.Hint, "remove") || !strings.Contains(d.Hint+d.Message, tc.want) {
						t.Errorf("hint %q, message %q; want %q", d.Hint, d.Message, tc.want)
					}
				}
			}
			if !found {
				t.Errorf("no authelia-unknown-key:\n%s", format(l))
			}
		})
	}
}

// TestNoSpaceInMapping checks that "attribute:'groups'" (no space after
// the colon, so one string where a claim's mapping was meant) is one type
// error that says so, not also an unknown attribute named after the claim.
func TestNoSpaceInMapping(t *testing.T) {
	guide := "## Tested Versions\n\n- Authelia\n  - v4.39.16\n\n```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    claims_policies:\n      app:\n        custom_claims:\n          roles:\n            attribute:'groups'\n```\n"
	l := scanGuide("app/index.md", []byte(guide)).run("4.39.16")
	if len(l) != 1 || l[0].Code != "authelia-type" || !strings.Contains(l[0].Hint, "space after the colon of 'attribute:'") {
		t.Errorf("want one authelia-type with the missing space in its hint, got:\n%s", format(l))
	}
}
