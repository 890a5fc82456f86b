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
