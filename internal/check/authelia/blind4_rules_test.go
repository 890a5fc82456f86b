package authelia

import (
	"fmt"
	"testing"
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
			[]string{"authelia-confidential-secret-required@'client_secret_post'"}},
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
