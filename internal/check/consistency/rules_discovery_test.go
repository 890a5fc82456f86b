package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
)

// TestDiscoveryForms: a discovery URL is reported when its application
// reads the other form; other applications' keys of the same names, and
// the right forms, are not.
func TestDiscoveryForms(t *testing.T) {
	const doc, base = "https://auth.example.com/.well-known/openid-configuration", "https://auth.example.com"
	for _, tt := range []struct {
		name, fence, body string
		want              string
	}{
		{"apache base", "```apache", "OIDCProviderMetadataURL " + base + "\n", "14:25"},
		{"apache any case", "```apache", "oidcprovidermetadataurl " + base + "/\n", "14:25"},
		{"apache document", "```apache", "OIDCProviderMetadataURL " + doc + "\n", ""},
		{"caddy base", "```caddyfile", "{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\tmetadata_url " + base + "\n\t\t}\n\t}\n}\n", "17:17"},
		{"caddy document", "```caddyfile", "{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\tmetadata_url " + doc + "\n\t\t}\n\t}\n}\n", ""},
		{"terraform document", "```hcl", "resource \"vault_jwt_auth_backend\" \"a\" {\n  oidc_discovery_url = \"" + doc + "\"\n}\n", "15:25"},
		{"terraform base", "```hcl", "resource \"vault_jwt_auth_backend\" \"a\" {\n  oidc_discovery_url = \"" + base + "\"\n}\n", ""},
		{"vault write document", "```shell", "vault write auth/oidc/config \\\n  oidc_discovery_url=\"" + doc + "\"\n", "15:23"},
		{"nomad json document", "```json {title=\"authelia.json\"}", "{\"OIDCDiscoveryURL\": \"" + doc + "\"}\n", "14:23"},
		{"another application's key", "```shell {title=\".env\"}", "OIDC_DISCOVERY_URL=" + doc + "\n", ""},
		{"yaml oidc_discovery_url", "```yaml {title=\"app.yml\"}", "oidc_discovery_url: " + doc + "\n", ""},
	} {
		got := ""
		for _, d := range runChecker(t, "g", []byte(unknownKeyGuide(tt.fence, tt.body)), nil) {
			if d.Code == "consistency-issuer" && d.Severity.String() == "error" {
				p := d.Start()
				got = fmt.Sprintf("%d:%d", p.Line, p.Column)
			}
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDiscoveryFormMutations gives each discovery URL of the guides whose
// form its application fixes the other form (the document's URL cut to
// the issuer, or the issuer extended to the document), and requires
// consistency-issuer on its line.
func TestDiscoveryFormMutations(t *testing.T) {
	gs, v := mutationGuides(t)
	var c tally
	forms := map[string]int{}
	for _, g := range gs {
		_, snips, _ := mdGuide(g.name, g.content)
		byIndex := map[int]*snippet.Snippet{}
		for _, s := range snips {
			byIndex[s.Index] = s
		}
		for _, av := range g.m.app {
			s := byIndex[av.Group]
			if s == nil || av.Kind != kindIssuer {
				continue
			}
			form := discoveryForm(av, s)
			if form == "" {
				continue
			}
			raw := string(g.content[av.Value.Span.Start:av.Value.Span.End])
			var bad string
			if form == "document" {
				bad = strings.TrimSuffix(raw, wellKnownPath)
			} else {
				bad = strings.TrimRight(raw, "/") + wellKnownPath
			}
			if bad == raw {
				continue
			}
			forms[form]++
			mutated := append(append(append([]byte{}, g.content[:av.Value.Span.Start]...), bad...), g.content[av.Value.Span.End:]...)
			line := strings.Count(string(g.content[:av.Value.Span.Start]), "\n") + 1
			found := false
			for _, d := range runChecker(t, g.name, mutated, v) {
				if d.Code == "consistency-issuer" && d.Start().Line == line {
					found = true
				}
			}
			c.add(found, fmt.Sprintf("%s:%d %s %s", g.name, line, av.Key, form))
		}
	}
	t.Logf("forms: %v", forms)
	c.check(t, "discovery URL forms", 4, 1)
	if forms["document"] == 0 || forms["base"] == 0 {
		t.Errorf("forms %v: the sites are not read", forms)
	}
}
