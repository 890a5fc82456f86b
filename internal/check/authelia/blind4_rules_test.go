package authelia

import (
	"fmt"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/source"
)

// TestBlind4ProviderRules holds the rules the blind4 provider battery
// (tests/blind4_provider_test.go) found missing: each case failed before
// its rule.
func TestBlind4ProviderRules(t *testing.T) {
	policy := "identity_providers:\n  oidc:\n    authorization_policies:\n      staff:\n        rules:\n          - networks: ['%s']\n    clients:\n      - client_id: 'app'\n        authorization_policy: 'staff'\n        client_secret: '" + digest + "'\n        redirect_uris: ['https://x/cb']\n"
	mk := func(n string) string { return fmt.Sprintf(policy, n) }
	runCases(t, []ruleCase{
		// The application's scope string pasted as one item: the client
		// grants none of them (an error, not an unknown scope's warning).
		{"scopes joined with blanks", "", []string{client(with(confidential, "scopes: ['openid profile', 'email']")...)},
			[]string{"authelia-scope-unknown@'openid profile'"}},
		{"scopes joined with commas, block list", "", []string{client(with(confidential, "scopes:", "  - 'openid,email,groups'")...)},
			[]string{"authelia-scope-unknown@'openid,email,groups'"}},
		// The other rules read the scopes meant: no refresh_token warning
		// for the offline_access of the joined item.
		{"joined scopes are the scopes meant elsewhere", "", []string{client(with(confidential, "scopes: ['openid offline_access', 'profile']", "grant_types: ['authorization_code', 'refresh_token']")...)},
			[]string{"authelia-scope-unknown@'openid offline_access'"}},
		{"an unknown word among them is an unknown scope", "", []string{client(with(confidential, "scopes: ['openid roles']")...)},
			[]string{"authelia-scope-unknown@'openid roles'"}},
		// A blank inside the quotes is part of the URI: Authelia takes it,
		// and no callback URL matches it.
		{"redirect with a trailing blank", "", []string{client(with(confidential[:1], "redirect_uris:", "  - 'https://app.example.com/callback '")...)},
			[]string{"authelia-redirect-absolute@'https://app.example.com/callback '"}},
		{"redirect with a leading blank", "", []string{client(with(confidential[:1], "redirect_uris: [' https://app.example.com/callback']")...)},
			[]string{"authelia-redirect-absolute@' https://app.example.com/callback'"}},
		// An unknown claims policy is one finding: the custom scope's
		// claims are not also reported as unprovided.
		{"unknown claims policy with a custom scope", "4.39.9", []string{client(with(confidential, "claims_policy: 'app_policy'", "scopes: ['openid', 'roles']")...),
			"identity_providers:\n  oidc:\n    scopes:\n      roles:\n        claims: ['roles']\n    claims_policies:\n      app:\n        custom_claims:\n          roles:\n            attribute: 'groups'\n"},
			[]string{"authelia-claims-policy-known@'app_policy'"}},
		// An empty client_secret is reported where it is written; without
		// the option, at the method that needs it (as before).
		{"empty secret", "", []string{client("client_secret: ''", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_basic'")},
			[]string{"authelia-confidential-secret-required@''"}},
		{"null secret, default method", "", []string{client("client_secret:", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-confidential-secret-required@client_secret"}},
		{"no secret", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_post'")},
			[]string{"authelia-confidential-secret-required@client_id"}},
		// A client_secret commented out inside the client is where it is
		// missing; one in another client, or after the client, is not.
		{"commented-out secret", "", []string{client("# client_secret: '"+digest+"'", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_post'")},
			[]string{"authelia-confidential-secret-required@# client_secret: '" + digest + "'"}},
		{"commented-out secret, no blank", "", []string{client("redirect_uris: ['https://x/cb']", "#client_secret: 'insecure_secret'")},
			[]string{"authelia-confidential-secret-required@#client_secret: 'insecure_secret'"}},
		{"commented-out secret of the next client", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_post'") +
			"      - client_id: 'other'\n        # client_secret: 'x'\n        public: true\n        redirect_uris: ['https://y/cb']\n"},
			[]string{"authelia-confidential-secret-required@client_id"}},
		{"a comment that mentions the secret", "", []string{client("# the client_secret is set below", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_post'")},
			[]string{"authelia-confidential-secret-required@client_id"}},
		// Networks of an authorization policy rule.
		{"policy network not a CIDR", "4.39.9", []string{mk("10.0.0.0/33")}, []string{"authelia-acl-network@'10.0.0.0/33'"}},
		{"policy network not an address", "4.39.9", []string{mk("192.168.1.300")}, []string{"authelia-acl-network@'192.168.1.300'"}},
		{"policy network CIDR", "4.39.9", []string{mk("10.0.0.0/8")}, nil},
		{"policy network IPv6", "4.39.9", []string{mk("fd00::/8")}, nil},
	})
	// The joined scopes' error is an error; an unknown scope stays a warning.
	for _, tc := range []struct {
		scopes string
		sev    string
	}{{"['openid profile']", "error"}, {"['openid roles']", "warning"}} {
		g := scanGuide("guide.md", guideOf(client(with(confidential, "scopes: "+tc.scopes)...)))
		ds := g.run("")
		if len(ds) != 1 || ds[0].Severity.String() != tc.sev {
			t.Errorf("scopes %s: got %v, want one %s", tc.scopes, ds, tc.sev)
		}
	}
}

// TestRedirectOnAutheliaURL: a redirect URI under the Authelia Root URL of
// the Assumptions is Authelia's own URL, not the application's callback;
// under the Application Root URL (sharing the origin) it is fine.
func TestRedirectOnAutheliaURL(t *testing.T) {
	for _, tc := range []struct {
		name, authelia, app, redirect string
		want                          []string
	}{
		{"on the Authelia host", "https://auth.example.com/", "https://app.example.com/", "https://auth.example.com/oauth/callback",
			[]string{"authelia-redirect-absolute@'https://auth.example.com/oauth/callback'"}},
		{"on the application host", "https://auth.example.com/", "https://app.example.com/", "https://app.example.com/oauth/callback", nil},
		{"one origin, Authelia under a path", "https://example.com/authelia/", "https://example.com/", "https://example.com/oauth/callback", nil},
		{"one origin, the application under a path", "https://example.com/", "https://example.com/app/", "https://example.com/app/callback", nil},
		{"one origin, outside the application's path", "https://example.com/", "https://example.com/app/", "https://example.com/callback",
			[]string{"authelia-redirect-absolute@'https://example.com/callback'"}},
		{"no Application Root URL", "https://auth.example.com", "", "https://auth.example.com/cb",
			[]string{"authelia-redirect-absolute@'https://auth.example.com/cb'"}},
		{"another port of the host", "https://auth.example.com/", "", "https://auth.example.com:8443/cb", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := scanGuide("guide.md", guideOf(client("client_secret: '"+digest+"'", "redirect_uris: ['"+tc.redirect+"']")))
			g.texts = append(g.texts, assumption("Authelia Root URL", tc.authelia))
			if tc.app != "" {
				g.texts = append(g.texts, assumption("Application Root URL", tc.app))
			}
			var got []string
			for _, d := range g.run("") {
				got = append(got, d.Code+"@"+string(g.file.Content[d.Span.Start:d.Span.End]))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n got  %q\n want %q", got, tc.want)
			}
		})
	}
}

// assumption is the list item "Label: `value`" of the Assumptions, as the
// guide loader gives it (the label's emphasis removed).
func assumption(label, value string) check.Text {
	text := label + ": " + value
	m := &source.Map{}
	m.AddVerbatim(0, 0, len(text))
	return check.Text{Kind: check.Item, Level: 1, Text: text, Map: m, Code: []source.Span{{Start: len(label) + 2, End: len(text)}}}
}
