package tests

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// TestFactEnvDuplicateOneFinding: a .env variable assigned twice whose
// later value (the one the application gets) differs from the provider's
// is one mistake, one finding: the consistency error, with the
// duplicate-key warning as its note; a later value that agrees keeps the
// warning alone.
func TestFactEnvDuplicateOneFinding(t *testing.T) {
	site, sc := copyFS(t, os.DirFS("../site")), copyFS(t, os.DirFS("../shortcodes"))
	guide := func(env string) []byte {
		return []byte("---\ntitle: \"App\"\ndescription: \"Integrating App with Authelia\"\n---\n\n## Configuration\n\n" +
			"```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    clients:\n" +
			"      - client_id: 'app'\n        client_name: 'App'\n" +
			"        client_secret: '$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng'\n" +
			"        redirect_uris:\n          - 'https://app.example.com/callback'\n```\n\n" +
			"```shell {title=\".env\"}\n" + env + "```\n")
	}
	tests := []struct {
		name, env string
		want      []string // line code
	}{
		{"later value wrong", "OIDC_CLIENT_ID=app\nOIDC_CLIENT_SECRET=insecure_secret\nOIDC_CLIENT_ID=apq\n", []string{"22 consistency-client-id"}},
		{"later value right", "OIDC_CLIENT_ID=apq\nOIDC_CLIENT_SECRET=insecure_secret\nOIDC_CLIENT_ID=app\n", []string{"20 consistency-client-id", "22 env-duplicate-key"}},
		{"same value twice", "OIDC_CLIENT_ID=app\nOIDC_CLIENT_ID=app\n", []string{"21 env-duplicate-key"}},
		{"no duplicate", "OIDC_CLIENT_ID=apq\n", []string{"20 consistency-client-id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			var notes []string
			for _, d := range checkOne(t, "app", guide(tt.env), site, sc) {
				if d.Severity == diag.Info {
					continue
				}
				got = append(got, fmt.Sprintf("%d %s", d.Start().Line, d.Code))
				for _, r := range d.Related {
					notes = append(notes, r.Message)
				}
			}
			if strings.Join(got, ";") != strings.Join(tt.want, ";") {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if tt.name == "later value wrong" && !strings.Contains(strings.Join(notes, ";"), "assigned twice: this later value, 'apq', wins over the first, 'app'") {
				t.Errorf("the error does not say the variable is assigned twice: notes %q", notes)
			}
		})
	}
}

// TestFactStringUnterminatedOneFinding: a Python string left open breaks
// the file; the values after it are not read as the application's (one
// mistake, one finding).
func TestFactStringUnterminatedOneFinding(t *testing.T) {
	site, sc := copyFS(t, os.DirFS("../site")), copyFS(t, os.DirFS("../shortcodes"))
	g := "---\ntitle: \"App\"\ndescription: \"Integrating App with Authelia\"\n---\n\n## Configuration\n\n" +
		"```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    clients:\n" +
		"      - client_id: 'app'\n        client_name: 'App'\n" +
		"        client_secret: '$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng'\n" +
		"        redirect_uris:\n          - 'https://app.example.com/callback'\n```\n\n" +
		"```python {title=\"app_config.py\"}\nc.OAuth.client_id = \"app\nc.OAuth.client_secret = \"insecure_secret\"\nc.OAuth.claim_groups_key = \"groups\"\n```\n"
	var got []string
	for _, d := range checkOne(t, "app", []byte(g), site, sc) {
		if d.Severity != diag.Info {
			got = append(got, fmt.Sprintf("%d %s", d.Start().Line, d.Code))
		}
	}
	if want := "20 code-string-unterminated"; strings.Join(got, ";") != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
