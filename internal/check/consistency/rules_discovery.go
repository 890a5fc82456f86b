package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
)

// Some applications fetch the provider's discovery document from exactly
// the URL they are given; others append /.well-known/openid-configuration
// to it. A URL in the other form fetches nothing, and the application
// cannot start its sign-in. Which form is a fact of the application, known
// here for the settings whose application is certain by their name and
// format:
//
//   - the document's URL: mod_auth_openidc's OIDCProviderMetadataURL
//     ("URL where OpenID Connect Provider metadata can be found") and
//     caddy-security's metadata_url;
//   - the base URL: Vault's, Nomad's and Consul's OIDC discovery URL
//     ("The OIDC Discovery URL, without any .well-known component (base
//     path)"): oidc_discovery_url in Terraform and in vault write, and
//     OIDCDiscoveryURL in Nomad's and Consul's JSON.

// wellKnownPath is the path of the discovery document under the issuer.
const wellKnownPath = "/.well-known/openid-configuration"

// discoveryForm returns the form the application of av reads its
// discovery URL in: "document", "base", or "" when unknown.
func discoveryForm(av appValue, s *snippet.Snippet) string {
	switch {
	case strings.EqualFold(av.Key, "OIDCProviderMetadataURL"):
		return "document"
	case av.Key == "metadata_url" && isCaddyfile(s) && strings.Contains(av.Parents, "oauthidentityprovider"):
		return "document"
	case av.Key == "OIDCDiscoveryURL":
		return "base"
	case av.Key == "oidc_discovery_url" && (scanFormat(s) == snippet.HCL || shellLang(s) && strings.Contains(string(s.Text), "vault write")):
		return "base"
	}
	return ""
}

// checkDiscoveryForms reports a discovery URL given in the form its
// application does not read (consistency-issuer).
func checkDiscoveryForms(m *model, r *reporter) {
	byIndex := map[int]*snippet.Snippet{}
	for _, s := range r.p.Snippets {
		if s != nil {
			byIndex[s.Index] = s
		}
	}
	for _, av := range m.app {
		if av.Kind != kindIssuer || av.Group < 0 {
			continue
		}
		s := byIndex[av.Group]
		if s == nil {
			continue
		}
		form := discoveryForm(av, s)
		if form == "" || r.seen[av.Value.Span] || r.p.Reported(av.Value.Span) {
			continue
		}
		u, ok := m.urls.literal(av.Value.Text)
		if !ok || !isWeb(u) || u.RawQuery != "" || u.Fragment != "" {
			continue
		}
		path := strings.TrimRight(u.EscapedPath(), "/")
		hasDoc := strings.HasSuffix(path, wellKnownPath) || strings.HasSuffix(path, "/.well-known/oauth-authorization-server")
		switch {
		case form == "document" && !hasDoc && !strings.Contains(path, "/.well-known/"):
			want := strings.TrimRight(av.Value.Text, "/") + wellKnownPath
			r.report(av.Value, diag.Error, "consistency-issuer", "write "+want,
				fmt.Sprintf("%s is '%s', but the application fetches the provider's metadata from this very URL: it must be the discovery document's, '%s'", describe(av), av.Value.Text, want))
		case form == "base" && strings.Contains(path, "/.well-known/"):
			i := strings.Index(av.Value.Text, "/.well-known/")
			if i < 0 {
				continue
			}
			want := av.Value.Text[:i]
			r.report(av.Value, diag.Error, "consistency-issuer", "write "+want,
				fmt.Sprintf("%s is '%s', but the application appends %s itself and fetches '%s%s': give the issuer's URL, '%s'", describe(av), av.Value.Text, wellKnownPath, strings.TrimRight(av.Value.Text, "/"), wellKnownPath, want))
		}
	}
}
