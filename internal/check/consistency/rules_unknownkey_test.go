package consistency

import (
	"fmt"
	"strings"
	"testing"
)

// unknownKeyGuide is a guide whose one application snippet is fence.
func unknownKeyGuide(fence, body string) string {
	return "# G\n\n```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n" +
		"        client_secret: 'insecure_secret'\n        redirect_uris:\n          - 'https://app.example.com/cb'\n```\n\n" +
		fence + "\n" + body + "```\n"
}

// TestUnknownKeys: a name one or two edits from one of the schema is
// reported at the name; the right names, case changes in Apache, names
// far from any, and blocks and resources of other kinds are not.
func TestUnknownKeys(t *testing.T) {
	const apache, caddy, tf = "```apache {title=\"app.conf\"}", "```caddyfile", "```hcl {title=\"main.tf\"}"
	idp := func(line string) string {
		return "{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\trealm authelia\n\t\t\t" + line + "\n\t\t}\n\t}\n}\n"
	}
	res := func(typ, line string) string {
		return "resource \"" + typ + "\" \"x\" {\n  path = \"oidc\"\n  " + line + "\n}\n"
	}
	for _, tt := range []struct {
		name, fence, body string
		want              string // line:col want, or ""
	}{
		{"apache letter replaced", apache, "OIDCClientlD app\n", "14:1 OIDCClientID"},
		{"apache letter dropped", apache, "<VirtualHost *:443>\n  OIDCProvderMetadataURL https://auth.example.com/.well-known/openid-configuration\n</VirtualHost>\n", "15:3 OIDCProviderMetadataURL"},
		{"apache two edits", apache, "OIDCRedirctURl https://app.example.com/cb\n", "14:1 OIDCRedirectURI"},
		{"apache prefix swapped", apache, "OICDScope \"openid email\"\n", "14:1 OIDCScope"},
		{"apache case is no defect", apache, "OIDCRedirectUri https://app.example.com/cb\noidcclientid app\n", ""},
		{"apache known", apache, "OIDCClientID app\nOIDCUnAutzAction 401\nOIDCCryptoPassphrase x\n", ""},
		{"apache far", apache, "ServerName app.example.com\nOIDCSomethingElse x\nProxyPass / http://a/\n", ""},
		{"apache comment", apache, "# OIDCClientlD app\n", ""},
		{"nginx lines", "```nginx", "proxy_set_header Host $host;\nauth_request /authelia;\n", ""},
		{"caddy dropped", caddy, idp("client_secrt x"), "18:4 client_secret"},
		{"caddy swapped", caddy, idp("client_di app"), "18:4 client_id"},
		{"caddy scope", caddy, idp("scope openid email"), "18:4 scopes"},
		{"caddy doubled", caddy, idp("metaddata_url https://auth.example.com/.well-known/openid-configuration"), "18:4 metadata_url"},
		{"caddy known", caddy, idp("enable accept header"), ""},
		{"caddy other block", caddy, "{\n\tsecurity {\n\t\tauthentication portal p {\n\t\t\tclient_di x\n\t\t}\n\t}\n}\n", ""},
		{"tf dropped", tf, res("vault_jwt_auth_backend", "oidc_clent_id = \"app\""), "16:3 oidc_client_id"},
		{"tf plural dropped", tf, res("vault_jwt_auth_backend_role", "allowed_redirect_uri = [\"https://app.example.com/cb\"]"), "16:3 allowed_redirect_uris"},
		{"tf swapped", tf, res("vault_jwt_auth_backend_role", "user_calim = \"sub\""), "16:3 user_claim"},
		{"tf block name", tf, res("vault_jwt_auth_backend", "tnue {\n    listing_visibility = \"unauth\"\n  }"), "16:3 tune"},
		{"tf meta-argument", tf, res("vault_jwt_auth_backend", "depend_on = []"), "16:3 depends_on"},
		{"tf known", tf, res("vault_jwt_auth_backend_role", "token_policies = [\"reader\"]\n  lifecycle {\n    prevent_destroy = true\n  }"), ""},
		{"tf nested block", tf, res("vault_jwt_auth_backend", "tune {\n    listing_visiblity = \"unauth\"\n  }"), "17:5 listing_visibility"},
		{"tf nested block unknown", tf, res("vault_jwt_auth_backend", "provider_config = {\n    provdier = \"x\"\n  }\n  lifecycle {\n    prevent_destory = true\n  }"), ""},
		{"tf nomad config", tf, res("nomad_acl_auth_method", "config {\n    oidc_discovery_url = \"https://auth.example.com\"\n    oidc_scope = [\"groups\"]\n  }"), "18:5 oidc_scopes"},
		{"tf nomad top", tf, res("nomad_acl_auth_method", "token_localty = \"global\""), "16:3 token_locality"},
		{"tf boundary", tf, res("boundary_auth_method_oidc", "claim_scopes = [\"groups\"]"), "16:3 claims_scopes"},
		{"tf boundary known", tf, res("boundary_auth_method_oidc", "issuer = \"https://auth.example.com\"\n  is_primary_for_scope = true"), ""},
		{"tf other type", tf, res("vault_generic_secret", "oidc_clent_id = \"app\""), ""},
		{"tf fence", "```tf", res("vault_jwt_auth_backend", "bound_isuer = \"https://auth.example.com\""), "16:3 bound_issuer"},
	} {
		got := ""
		for _, d := range runChecker(t, "g", []byte(unknownKeyGuide(tt.fence, tt.body)), nil) {
			if d.Code == "consistency-unknown-key" {
				p := d.Start()
				got = fmt.Sprintf("%d:%d %s", p.Line, p.Column, strings.TrimPrefix(d.Hint, "write "))
			}
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestUnknownKeyOnce: a misspelt key that consistency-key-spelling would
// also report (oidc_clent_id, a word of OpenID Connect) gives one finding.
func TestUnknownKeyOnce(t *testing.T) {
	g := unknownKeyGuide("```hcl", "resource \"vault_jwt_auth_backend\" \"x\" {\n  oidc_clent_id = \"app\"\n}\n") +
		"\n```shell\nvault write auth/oidc/config oidc_client_id=app\n```\n"
	var codes []string
	for _, d := range runChecker(t, "g", []byte(g), nil) {
		codes = append(codes, d.Code)
	}
	if strings.Join(codes, " ") != "consistency-unknown-key" {
		t.Errorf("codes = %q, want one consistency-unknown-key", codes)
	}
}

// TestApacheAuthMethod: mod_auth_openidc's OIDCProviderTokenEndpointAuth
// is the token endpoint auth method, compared with the client's.
func TestApacheAuthMethod(t *testing.T) {
	if k := classifyKey("", "OIDCProviderTokenEndpointAuth"); k != kindAuthMethod {
		t.Errorf("OIDCProviderTokenEndpointAuth is a %s", k)
	}
	for _, tt := range []struct{ method, want string }{
		{"client_secret_basic", ""},
		{"client_secret_post", "14:31 consistency-auth-method"},
		{"client_secret_jwt", "14:31 consistency-auth-method"},
	} {
		got := ""
		for _, d := range runChecker(t, "g", []byte(unknownKeyGuide("```apache", "OIDCProviderTokenEndpointAuth "+tt.method+"\n")), nil) {
			p := d.Start()
			got = fmt.Sprintf("%d:%d %s", p.Line, p.Column, d.Code)
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.method, got, tt.want)
		}
	}
}
