package authelia

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/diag"
)

// digest is a valid PBKDF2-SHA512 digest of 'insecure_secret'.
const digest = "$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng"

// client returns a configuration with one client 'app' whose other options
// are lines (each written at the client's indentation).
func client(lines ...string) string {
	var b strings.Builder
	b.WriteString("identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n")
	for _, l := range lines {
		b.WriteString("        " + l + "\n")
	}
	return b.String()
}

// confidential is the options of a working confidential client.
var confidential = []string{
	"client_secret: '" + digest + "'",
	"redirect_uris:",
	"  - 'https://app.example.com/callback'",
}

func with(base []string, lines ...string) []string {
	return append(slices.Clone(base), lines...)
}

// guideOf wraps YAML blocks in fences, as a guide.
func guideOf(blocks ...string) []byte {
	var b strings.Builder
	for _, y := range blocks {
		b.WriteString("```yaml {title=\"configuration.yml\"}\n" + y + "```\n\n")
	}
	return []byte(b.String())
}

// findings runs the checker on blocks and renders each finding as
// "code@covered text" (the text its span covers in the guide).
func findings(t *testing.T, version string, blocks ...string) []string {
	t.Helper()
	g := scanGuide("guide.md", guideOf(blocks...))
	var out []string
	for _, d := range g.run(version) {
		if d.Span.Start < 0 || d.Span.End > len(g.file.Content) || d.Span.End < d.Span.Start {
			t.Fatalf("%s: span %v outside the guide", d.Code, d.Span)
		}
		if d.Message == "" || strings.HasSuffix(d.Message, ".") || d.Message[0] >= 'A' && d.Message[0] <= 'Z' {
			t.Errorf("%s: message %q is not lowercase without a trailing period", d.Code, d.Message)
		}
		if !knownCode(d.Code) {
			t.Errorf("code %s is not registered in Codes", d.Code)
		}
		out = append(out, d.Code+"@"+string(g.file.Content[d.Span.Start:d.Span.End]))
	}
	return out
}

func knownCode(code string) bool {
	return slices.ContainsFunc(Codes, func(c diag.CodeInfo) bool { return c.Code == code })
}

type ruleCase struct {
	name    string
	version string
	blocks  []string
	want    []string // "code@covered text", in guide order
}

func runCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := findings(t, tc.version, tc.blocks...)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n got  %q\n want %q", got, tc.want)
			}
		})
	}
}

func TestSchemaRules(t *testing.T) {
	runCases(t, []ruleCase{
		{"valid confidential client", "", []string{client(confidential...)}, nil},
		{"unknown key with suggestion", "", []string{client(with(confidential, "redirect_uri: 'https://x/cb'")...)},
			[]string{"authelia-unknown-key@redirect_uri"}},
		{"unknown provider key", "", []string{"identity_providers:\n  oidc:\n    enforce_pkse: 'always'\n"},
			[]string{"authelia-unknown-key@enforce_pkse"}},
		{"key too new for 4.38", "4.38.17", []string{client(with(confidential, "claims_policy: 'p'")...)},
			[]string{"authelia-key-version@claims_policy"}},
		{"request_uris before 4.38.7", "4.38.6", []string{client(with(confidential, "request_uris: ['https://x/r.jwt']")...)},
			[]string{"authelia-key-version@request_uris"}},
		{"deprecated id", "", []string{"identity_providers:\n  oidc:\n    clients:\n      - id: 'app'\n        client_secret: '" + digest + "'\n        redirect_uris: ['https://x/cb']\n"},
			[]string{"authelia-deprecated-key@id"}},
		{"deprecated and new both set", "", []string{client(with(confidential, "secret: 'x'")...)},
			[]string{"authelia-deprecated-key@secret"}},
		{"deprecated provider lifespan", "", []string{"identity_providers:\n  oidc:\n    access_token_lifespan: '1h'\n"},
			[]string{"authelia-deprecated-key@access_token_lifespan"}},
		{"issuer key alone", "", []string{"identity_providers:\n  oidc:\n    issuer_private_key: 'x'\n"},
			[]string{"authelia-deprecated-key@issuer_private_key"}},
		{"4.39 endpoint auth method in 4.38", "4.38.19", []string{client(with(confidential, "revocation_endpoint_auth_method: 'none'")...)},
			[]string{"authelia-key-version@revocation_endpoint_auth_method"}},
		{"deprecated userinfo alg value checked", "", []string{client(with(confidential, "userinfo_signing_algorithm: 'RS255'")...)},
			[]string{"authelia-deprecated-key@userinfo_signing_algorithm", "authelia-enum@'RS255'"}},
		{"issuer key with jwks", "", []string{"identity_providers:\n  oidc:\n    issuer_private_key: 'x'\n    jwks:\n      - key: 'y'\n"},
			[]string{"authelia-issuer-key-jwks@issuer_private_key"}},
		{"list given a string", "", []string{client(with(confidential, "scopes: 'openid profile'")...)},
			// Authelia splits a string at commas: one scope named 'openid profile'.
			[]string{"authelia-scope-unknown@'openid profile'"}},
		{"single redirect uri string", "", []string{client("client_secret: '"+digest+"'", "redirect_uris: 'https://x/cb'")}, nil},
		// oidc: lost between identity_providers: and its keys.
		{"a level missing", "", []string{"identity_providers:\n  ## The rest goes here.\n  clients:\n    - client_id: 'app'\n      public: true\n      redirect_uris: ['https://x/cb']\n"},
			[]string{"authelia-unknown-key@## The rest goes here."}},
		{"a level missing, no comment", "", []string{"identity_providers:\n  clients:\n    - client_id: 'app'\n      public: true\n      redirect_uris: ['https://x/cb']\n"},
			[]string{"authelia-unknown-key@clients"}},
		// A sign-in client without openid.
		{"scopes without openid", "", []string{client(with(confidential, "scopes: ['profile', 'email']")...)},
			[]string{"authelia-scopes-no-openid@'email'"}},
		{"bearer client without openid", "", []string{client("public: true", "redirect_uris: ['https://x/cb']", "scopes: ['authelia.bearer.authz']", "grant_types: ['authorization_code']", "audience: ['https://x']", "require_pkce: true", "pkce_challenge_method: 'S256'", "consent_mode: 'explicit'")},
			[]string{"authelia-bearer-auth-method@client_id", "authelia-bearer-par@client_id", "authelia-bearer-response-modes@client_id", "authelia-bearer-response-types@client_id", "authelia-authcode-needs-code@'authorization_code'"}},
		{"openid joined to another scope", "", []string{client(with(confidential, "scopes: ['openid profile']")...)},
			[]string{"authelia-scope-unknown@'openid profile'"}},
		// identity_providers: lost above the OpenID Connect section.
		{"oidc at the root", "", []string{"oidc:\n  clients:\n    - client_id: 'app'\n      public: true\n      redirect_uris: ['https://x/cb']\n"},
			[]string{"authelia-unknown-key@oidc"}},
		{"bool expected", "", []string{client(with(confidential, "public: 'no'")...)},
			[]string{"authelia-type@'no'"}},
		{"bad duration", "", []string{client(with(confidential, "pre_configured_consent_duration: '1 fortnight'")...)},
			[]string{"authelia-type@'1 fortnight'"}},
		{"duration with and before 4.39", "4.38.0", []string{client(with(confidential, "pre_configured_consent_duration: '1h and 30m'")...)},
			[]string{"authelia-type@'1h and 30m'"}},
		{"duration with and from 4.39", "4.39.1", []string{client(with(confidential, "pre_configured_consent_duration: '1h and 30m'")...)}, nil},
		{"enforce_pkce enum", "", []string{"identity_providers:\n  oidc:\n    enforce_pkce: 'sometimes'\n"},
			[]string{"authelia-enum@'sometimes'"}},
		{"HS256 before 4.39.2", "4.39.1", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']", "id_token_signed_response_alg: 'HS256'")},
			[]string{"authelia-enum@'HS256'"}},
		{"response type is a warning", "", []string{client(with(confidential, "response_types: ['code id']")...)},
			[]string{"authelia-response-types-enum@'code id'"}},
		{"a response type in another case is one finding, the flows read the one meant", "", []string{client(with(confidential, "response_types: ['Code']", "grant_types: ['authorization_code']")...)},
			[]string{"authelia-response-types-enum@'Code'"}},
		{"a hybrid response type in capitals", "", []string{client(with(confidential, "response_types: ['CODE ID_TOKEN']", "grant_types: ['authorization_code', 'implicit']")...)},
			[]string{"authelia-response-types-enum@'CODE ID_TOKEN'"}},
		{"grant type enum", "", []string{client(with(confidential, "grant_types: ['password']")...)},
			[]string{"authelia-grant-types-enum@'password'"}},
		{"device code grant before 4.39", "4.38.19", []string{client(with(confidential, "grant_types: ['urn:ietf:params:oauth:grant-type:device_code']")...)},
			[]string{"authelia-grant-types-enum@'urn:ietf:params:oauth:grant-type:device_code'"}},
		{"pkce method", "", []string{client(with(confidential, "pkce_challenge_method: 'sha256'")...)},
			[]string{"authelia-pkce-method-enum@'sha256'"}},
		{"empty enum value means unset", "4.38.0", []string{client(with(confidential, "pkce_challenge_method: ''", "token_endpoint_auth_method: ''")...)}, nil},
		{"consent mode", "", []string{client(with(confidential, "consent_mode: 'always'")...)},
			[]string{"authelia-consent-mode-enum@'always'"}},
		{"audience mode", "", []string{client(with(confidential, "requested_audience_mode: 'all'")...)},
			[]string{"authelia-audience-mode-enum@'all'"}},
		{"response mode", "", []string{client(with(confidential, "response_modes: ['post']")...)},
			[]string{"authelia-response-modes-enum@'post'"}},
		{"auth method", "", []string{client(with(confidential, "token_endpoint_auth_method: 'basic'")...)},
			[]string{"authelia-auth-method-enum@'basic'"}},
		{"dir rejected for clients", "", []string{client(with(confidential, "jwks_uri: 'https://x/jwks'", "userinfo_signed_response_alg: 'RS256'", "userinfo_encrypted_response_alg: 'dir'")...)},
			[]string{"authelia-enum@'dir'"}},
		{"cors endpoint before 4.39", "4.38.0", []string{"identity_providers:\n  oidc:\n    cors:\n      endpoints: ['device-authorization']\n"},
			[]string{"authelia-enum@'device-authorization'"}},
		{"syntax errors are skipped", "", []string{"identity_providers:\n  oidc: [\n"}, nil},
		{"other yaml is ignored", "", []string{"services:\n  app:\n    image: 'x'\n"}, nil},
	})
}

func TestClientRules(t *testing.T) {
	runCases(t, []ruleCase{
		{"client id required", "", []string{"identity_providers:\n  oidc:\n    clients:\n      - client_name: 'App'\n        client_secret: '" + digest + "'\n        redirect_uris: ['https://x/cb']\n"},
			[]string{"authelia-client-id-required@client_name"}},
		{"client id length", "", []string{strings.Replace(client(confidential...), "'app'", "'"+strings.Repeat("a", 101)+"'", 1)},
			[]string{"authelia-client-id-length@'" + strings.Repeat("a", 101) + "'"}},
		{"client id charset", "", []string{strings.Replace(client(confidential...), "'app'", "'my app'", 1)},
			[]string{"authelia-client-id-charset@'my app'"}},
		{"client id unique in a block", "", []string{"identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        redirect_uris: ['https://x/cb']\n      - client_id: 'app'\n        public: true\n        redirect_uris: ['https://y/cb']\n"},
			[]string{"authelia-client-id-unique@'app'"}},
		// A pasted copy brings its client's findings again: only the
		// duplicate is reported.
		// A camelCase option is reported once (unknown key) and read as
		// the option meant: no secret-method finding follows.
		{"option in camelCase", "", []string{client(with(confidential, "tokenEndpointAuthMethod: 'none'")...)},
			[]string{"authelia-unknown-key@tokenEndpointAuthMethod", "authelia-confidential-auth-not-none@'none'"}},
		{"client pasted twice", "", []string{"identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: false\n        redirect_uris: ['']\n      - client_id: 'app'\n        public: false\n        redirect_uris: ['']\n"},
			[]string{"authelia-confidential-secret-required@false", "authelia-redirect-absolute@''", "authelia-client-id-unique@'app'"}},
		{"same client id in alternative blocks", "", []string{client(confidential...), client(confidential...)}, nil},
		{"clients empty", "", []string{"identity_providers:\n  oidc:\n    clients: []\n"},
			[]string{"authelia-clients-nonempty@clients"}},
		{"public with secret", "", []string{client(with(confidential, "public: true")...)},
			[]string{"authelia-public-no-secret@'" + digest + "'"}},
		{"public with auth method", "", []string{client("public: true", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_basic'")},
			[]string{"authelia-public-auth-none@'client_secret_basic'"}},
		{"confidential with none", "", []string{client("public: false", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'none'")},
			[]string{"authelia-confidential-auth-not-none@'none'"}},
		// With no public option and no secret, the method none says a
		// public client: the flag is what is missing, at the client.
		{"none without public and without a secret", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'none'")},
			[]string{"authelia-confidential-auth-not-none@client_id"}},
		// YAML's True is the boolean true, as Authelia reads it.
		{"public True with none", "", []string{client("public: True", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'none'")}, nil},
		{"public TRUE with a secret", "", []string{client(with(confidential, "public: TRUE")...)},
			[]string{"authelia-public-no-secret@'" + digest + "'"}},
		{"confidential implicit with none", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'none'", "response_types: ['id_token']", "grant_types: ['implicit']")}, nil},
		// The secret missing is reported where a confidential entry
		// writes it, beside public: false.
		{"confidential without secret", "", []string{client("public: false", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_basic'")},
			[]string{"authelia-confidential-secret-required@false"}},
		{"confidential without secret nor public", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_basic'")},
			[]string{"authelia-confidential-secret-required@client_id"}},
		{"default method needs a secret", "", []string{client("redirect_uris: ['https://x/cb']")},
			[]string{"authelia-confidential-secret-required@client_id"}},
		{"secret with private_key_jwt", "", []string{client(with(confidential, "token_endpoint_auth_method: 'private_key_jwt'", "token_endpoint_auth_signing_alg: 'RS256'", "jwks_uri: 'https://x/jwks'")...)},
			[]string{"authelia-secret-vs-key-method@'" + digest + "'"}},
		{"client_secret_jwt needs plaintext", "", []string{client(with(confidential, "token_endpoint_auth_method: 'client_secret_jwt'")...)},
			[]string{"authelia-secret-jwt-plaintext@'client_secret_jwt'"}},
		{"client_secret_jwt alg", "", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'client_secret_jwt'", "token_endpoint_auth_signing_alg: 'RS256'")},
			[]string{"authelia-secret-jwt-alg@'RS256'"}},
		{"private_key_jwt without alg or keys", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'private_key_jwt'")},
			[]string{"authelia-pkjwt-alg-required@'private_key_jwt'", "authelia-pkjwt-keys-required@'private_key_jwt'"}},
		{"private_key_jwt alg not in jwks", "", []string{client("redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'private_key_jwt'", "token_endpoint_auth_signing_alg: 'ES256'",
			"jwks:", "  - key_id: 'k1'", "    algorithm: 'RS256'", "    key: 'x'")},
			[]string{"authelia-pkjwt-keys-required@'ES256'"}},
		{"plaintext secret", "", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-secret-plaintext@'insecure_secret'"}},
		// A public option that is not a boolean is one type error: the
		// rules that depend on the client's type do not guess it.
		{"public not a boolean", "", []string{client("public: 'nope'", "redirect_uris: ['https://x/cb']", "token_endpoint_auth_method: 'none'")},
			[]string{"authelia-type@'nope'"}},
		{"plaintext secret exempt with HS256 from 4.39", "", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']", "id_token_signed_response_alg: 'HS256'")}, nil},
		// "Store a digest" would be wrong advice wherever the secret is a
		// key: Authelia refuses a digest there.
		{"plaintext secret exempt with secret-derived encryption", "", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']", "userinfo_signed_response_alg: 'RS256'", "userinfo_encrypted_response_alg: 'A128KW'")}, nil},
		{"plaintext secret exempt with HMAC request objects", "", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']", "request_object_signing_alg: 'HS256'")}, nil},
		{"plaintext secret not exempt with key encryption", "", []string{client("client_secret: 'insecure_secret'", "redirect_uris: ['https://x/cb']", "userinfo_signed_response_alg: 'RS256'", "userinfo_encrypted_response_alg: 'RSA-OAEP-256'", "jwks_uri: 'https://x/jwks'")},
			[]string{"authelia-secret-plaintext@'insecure_secret'"}},
		{"digest with secret-derived encryption", "", []string{client(with(confidential, "userinfo_signed_response_alg: 'RS256'", "userinfo_encrypted_response_alg: 'A128KW'")...)},
			[]string{"authelia-enc-needs-client-keys@'A128KW'"}},
		{"truncated digest", "", []string{client("client_secret: '$pbkdf2-sha512$310000$...'", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-secret-decodable@'$pbkdf2-sha512$310000$...'"}},
		{"base64 digest", "", []string{client("client_secret: '$base64$aW5zZWN1cmU='", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-secret-decodable@'$base64$aW5zZWN1cmU='"}},
		{"md5crypt digest", "", []string{client("client_secret: '$1$saltsalt$qjXMvbEw8oaL.CzflDugX/'", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-secret-decodable@'$1$saltsalt$qjXMvbEw8oaL.CzflDugX/'"}},
		{"corrupt digest", "", []string{client("client_secret: '$argon2id$v=19$m=65536,t=3,p=4$%%%$%%%'", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-secret-decodable@'$argon2id$v=19$m=65536,t=3,p=4$%%%$%%%'"}},
		{"plaintext digest form", "", []string{client("client_secret: '$plaintext$insecure_secret'", "redirect_uris: ['https://x/cb']")},
			[]string{"authelia-secret-plaintext@'$plaintext$insecure_secret'"}},
		{"HS256 with digest", "", []string{client(with(confidential, "id_token_signed_response_alg: 'HS256'")...)},
			[]string{"authelia-hmac-alg-plaintext@'HS256'"}},
	})
}

func TestReferenceRules(t *testing.T) {
	runCases(t, []ruleCase{
		{"authorization policy unknown", "", []string{client(with(confidential, "authorization_policy: 'admins'")...)},
			[]string{"authelia-authz-policy-known@'admins'"}},
		{"authorization policy defined in another block", "", []string{
			client(with(confidential, "authorization_policy: 'admins'")...),
			"identity_providers:\n  oidc:\n    authorization_policies:\n      admins:\n        rules:\n          - subject: 'group:admins'\n"}, nil},
		{"deny is not a client policy", "", []string{client(with(confidential, "authorization_policy: 'deny'")...)},
			[]string{"authelia-authz-policy-known@'deny'"}},
		{"client credentials policy", "", []string{client(with(confidential, "grant_types: ['client_credentials']", "scopes: ['groups']", "authorization_policy: 'two_factor'")...)},
			[]string{"authelia-ccg-policy@'two_factor'"}},
		{"client credentials public", "", []string{client("public: true", "redirect_uris: ['https://x/cb']", "grant_types: ['client_credentials']", "scopes: ['groups']")},
			[]string{"authelia-ccg-public@'client_credentials'"}},
		{"client credentials scopes", "", []string{client(with(confidential, "grant_types: ['client_credentials']", "scopes: ['openid']")...)},
			[]string{"authelia-ccg-scopes@'openid'"}},
		{"lifespan without custom lifespans", "", []string{client(with(confidential, "lifespan: 'long'")...)},
			[]string{"authelia-lifespan-known@'long'"}},
		{"lifespan defined", "", []string{client(with(confidential, "lifespan: 'long'")...),
			"identity_providers:\n  oidc:\n    lifespans:\n      custom:\n        long:\n          access_token: '2 hours'\n"}, nil},
		{"claims policy unknown", "", []string{client(with(confidential, "claims_policy: 'x'")...)},
			[]string{"authelia-claims-policy-known@'x'"}},
		{"claims policy from escape hatch style block", "", []string{client(confidential...),
			"identity_providers:\n  oidc:\n    claims_policies:\n      app:\n        id_token: ['email']\n    clients:\n      - client_id: 'app'\n        claims_policy: 'app'\n"}, nil},
		{"fragment without definition on a reference page illustrates an option", "", []string{
			"identity_providers:\n  oidc:\n    claims_policies:\n      app:\n        id_token: ['email']\n    clients:\n      - client_id: 'app'\n        claims_policy: 'app'\n"},
			nil},
		// A fragment whose client no block defines is one finding at its
		// client_id, not the rules of a client without its definition.
		{"fragment without definition", "4.39.9", []string{
			"identity_providers:\n  oidc:\n    claims_policies:\n      app:\n        id_token: ['email']\n    clients:\n      - client_id: 'app'\n        claims_policy: 'app'\n"},
			[]string{"authelia-client-fragment-orphan@'app'"}},
		{"fragment of another client", "4.39.9", []string{client(confidential...),
			"identity_providers:\n  oidc:\n    claims_policies:\n      other:\n        id_token: ['email']\n    clients:\n      - client_id: 'other'\n        claims_policy: 'other'\n"},
			[]string{"authelia-client-fragment-orphan@'other'"}},
		{"custom scope claims not provided", "", []string{client(with(confidential, "scopes: ['openid', 'roles']")...),
			"identity_providers:\n  oidc:\n    scopes:\n      roles:\n        claims: ['roles']\n    claims_policies:\n      other:\n        custom_claims:\n          roles:\n            attribute: 'groups'\n"},
			[]string{"authelia-scope-claims-provided@'roles'"}},
		{"unknown scope", "", []string{client(with(confidential, "scopes: ['openid', 'roles']")...)},
			[]string{"authelia-scope-unknown@'roles'"}},
		{"address is standard from 4.39", "4.38.16", []string{client(with(confidential, "scopes: ['openid', 'address']")...)},
			[]string{"authelia-scope-unknown@'address'"}},
		{"refresh needs offline access", "", []string{client(with(confidential, "grant_types: ['authorization_code', 'refresh_token']")...)},
			[]string{"authelia-refresh-needs-offline@'refresh_token'"}},
		{"refresh needs code", "", []string{client(with(confidential, "scopes: ['openid', 'offline_access']", "response_types: ['id_token']", "grant_types: ['implicit', 'refresh_token']")...)},
			[]string{"authelia-offline-needs-code@'offline_access'", "authelia-refresh-needs-code@'refresh_token'"}},
		{"authorization code needs code", "", []string{client("client_secret: '"+digest+"'", "response_types: ['id_token']", "grant_types: ['authorization_code', 'implicit']")},
			[]string{"authelia-authcode-needs-code@'authorization_code'"}},
		// With redirect URIs the application logs users in with the code
		// flow, which these response types refuse: one error, at them.
		{"login client without code", "", []string{client(with(confidential, "response_types: ['id_token']", "grant_types: ['authorization_code', 'implicit']")...)},
			[]string{"authelia-response-types-no-code@'id_token'"}},
		{"client_credentials on a login client", "", []string{client(with(confidential, "scopes: ['openid', 'profile']", "grant_types: ['authorization_code', 'client_credentials']")...)},
			[]string{"authelia-ccg-login-client@'client_credentials'"}},
		{"client_credentials beside a login grant, nothing refused", "", []string{client(with(confidential, "authorization_policy: 'one_factor'", "scopes: ['profile']", "grant_types: ['authorization_code', 'client_credentials']")...)},
			nil},
		{"plain PKCE, provider does not enable it", "", []string{client(with(confidential, "pkce_challenge_method: 'plain'")...)},
			[]string{"authelia-pkce-plain-disabled@'plain'"}},
		{"plain PKCE enabled on the provider", "", []string{client(with(confidential, "pkce_challenge_method: 'plain'")...), "identity_providers:\n  oidc:\n    enable_pkce_plain_challenge: true\n"},
			nil},
		{"public flag against a secret and a secret method", "", []string{client(with(confidential, "public: true", "token_endpoint_auth_method: 'client_secret_post'")...)},
			[]string{"authelia-public-no-secret@true"}},
		{"method none beside a secret", "", []string{client(with(confidential, "public: false", "token_endpoint_auth_method: 'none'")...)},
			[]string{"authelia-confidential-auth-not-none@'none'"}},
		{"implicit needs implicit response type", "", []string{client(with(confidential, "grant_types: ['authorization_code', 'implicit']")...)},
			[]string{"authelia-implicit-needs-rt@'implicit'"}},
		{"duplicates", "", []string{client(with(confidential, "scopes: ['openid', 'openid']")...)},
			[]string{"authelia-list-duplicates@'openid'"}},
	})
}

func TestURIAndAlgorithmRules(t *testing.T) {
	runCases(t, []ruleCase{
		{"redirect without scheme", "", []string{client("client_secret: '"+digest+"'", "redirect_uris: ['app.example.com/cb']")},
			[]string{"authelia-redirect-absolute@'app.example.com/cb'"}},
		{"redirect with a port and no scheme", "", []string{client("client_secret: '"+digest+"'", "redirect_uris: ['app.example.com:443/cb', 'com.example.app:/cb']")},
			[]string{"authelia-redirect-absolute@'app.example.com:443/cb'"}},
		{"empty redirect", "", []string{client("client_secret: '"+digest+"'", "redirect_uris:", "  - ''")},
			[]string{"authelia-redirect-absolute@''"}},
		{"placeholder redirect", "", []string{client("client_secret: '"+digest+"'", "redirect_uris: ['<provided by app>']")},
			[]string{"authelia-redirect-absolute@'<provided by app>'"}},
		{"custom scheme redirect", "", []string{client("public: true", "redirect_uris: ['com.example.app://callback/']")}, nil},
		{"oob on confidential", "", []string{client("client_secret: '"+digest+"'", "redirect_uris: ['urn:ietf:wg:oauth:2.0:oob']")},
			[]string{"authelia-redirect-oob-public@'urn:ietf:wg:oauth:2.0:oob'"}},
		{"request uri http", "", []string{client(with(confidential, "request_uris: ['http://x/r.jwt']")...)},
			[]string{"authelia-request-uri-https@'http://x/r.jwt'"}},
		{"jwks uri http and exclusive", "4.39.9", []string{client(with(confidential, "jwks_uri: 'http://x/jwks'", "jwks:", "  - key_id: 'k'", "    key: 'x'")...)},
			[]string{"authelia-jwks-exclusive@'http://x/jwks'", "authelia-jwks-uri-https@'http://x/jwks'"}},
		{"jwks and jwks_uri side by side on a reference page", "", []string{client(with(confidential, "jwks_uri: 'https://x/jwks'", "jwks:", "  - key_id: 'k'", "    key: 'x'")...)}, nil},
		{"sector identifier host in 4.39", "4.39.9", []string{client(with(confidential, "sector_identifier_uri: 'example.com'")...)},
			[]string{"authelia-sector-id@'example.com'"}},
		{"sector identifier URL in 4.38", "4.38.0", []string{client(with(confidential, "sector_identifier_uri: 'https://example.com/s.json'")...)},
			[]string{"authelia-sector-id@'https://example.com/s.json'"}},
		{"id token none", "", []string{client(with(confidential, "id_token_signed_response_alg: 'none'")...)},
			[]string{"authelia-sig-alg-not-none@'none'"}},
		{"authorization none allowed in 4.38", "4.38.0", []string{client(with(confidential, "authorization_signed_response_alg: 'none'")...)}, nil},
		{"alg without provider key", "", []string{client(with(confidential, "id_token_signed_response_alg: 'ES256'")...),
			"identity_providers:\n  oidc:\n    jwks:\n      - key_id: 'main'\n        algorithm: 'RS256'\n        key: 'x'\n"},
			[]string{"authelia-sig-alg-has-key@'ES256'"}},
		{"alg without shown provider keys", "", []string{client(with(confidential, "id_token_signed_response_alg: 'ES256'")...)}, nil},
		{"encryption needs signing", "", []string{client(with(confidential, "jwks_uri: 'https://x/jwks'", "userinfo_encrypted_response_alg: 'RSA-OAEP'")...)},
			[]string{"authelia-enc-needs-sig@'RSA-OAEP'"}},
		{"encryption needs client keys", "", []string{client(with(confidential, "id_token_encrypted_response_alg: 'RSA-OAEP'")...)},
			[]string{"authelia-enc-needs-client-keys@'RSA-OAEP'"}},
		{"encryption not validated before 4.39.2", "4.39.1", []string{client(with(confidential, "id_token_encrypted_response_alg: 'RSA-OAEP'")...)}, nil},
		{"request object alg not in client jwks", "", []string{client(with(confidential, "request_object_signing_alg: 'HS256'", "jwks:", "  - key_id: 'k'", "    algorithm: 'RS256'", "    key: 'x'")...)},
			[]string{"authelia-ro-alg-in-jwks@'HS256'"}},
		// A login client given the bearer scope: one finding, at the scope
		// that does not belong.
		{"bearer scope in a login client", "", []string{client(with(confidential, "scopes: ['openid', 'authelia.bearer.authz']")...)},
			[]string{"authelia-bearer-scopes@'authelia.bearer.authz'"}},
		{"bearer scope in a login client, block list", "", []string{client(with(confidential, "scopes:", "  - 'openid'", "  - 'profile'", "  - 'authelia.bearer.authz'", "  - 'groups'")...)},
			[]string{"authelia-bearer-scopes@'authelia.bearer.authz'"}},
		{"bearer scope in a login client with an audience", "", []string{client(with(confidential, "scopes: ['openid', 'authelia.bearer.authz']", "audience: ['https://api.example.com']")...)},
			[]string{"authelia-bearer-scopes@'authelia.bearer.authz'"}},
		// A client set up for bearer tokens (pushed authorization requests):
		// every requirement it misses, and the login scope in the wrong place.
		{"bearer client", "", []string{client(with(confidential, "scopes: ['openid', 'authelia.bearer.authz']", "require_pushed_authorization_requests: true")...)},
			[]string{"authelia-bearer-audience@client_id", "authelia-bearer-auth-method@client_id", "authelia-bearer-consent@client_id",
				"authelia-bearer-grant-types@client_id", "authelia-bearer-pkce@client_id",
				"authelia-bearer-response-modes@client_id", "authelia-bearer-response-types@client_id", "authelia-bearer-scopes@'openid'"}},
		{"bearer client without audience or login scope", "", []string{client(with(confidential, "scopes: ['offline_access', 'authelia.bearer.authz']")...)},
			[]string{"authelia-bearer-audience@client_id", "authelia-bearer-auth-method@client_id", "authelia-bearer-consent@client_id",
				"authelia-bearer-grant-types@client_id", "authelia-bearer-par@client_id", "authelia-bearer-pkce@client_id",
				"authelia-bearer-response-modes@client_id", "authelia-bearer-response-types@client_id", "authelia-offline-needs-code@'offline_access'"}},
		{"valid bearer client", "", []string{client(with(confidential, "scopes: ['offline_access', 'authelia.bearer.authz']", "audience: ['https://api.example.com']",
			"grant_types: ['authorization_code', 'refresh_token']", "require_pushed_authorization_requests: true", "require_pkce: true",
			"pkce_challenge_method: 'S256'", "consent_mode: 'explicit'", "response_types: ['code']", "response_modes: ['form_post']",
			"token_endpoint_auth_method: 'client_secret_basic'")...)}, nil},
	})
}

func TestProviderRules(t *testing.T) {
	runCases(t, []ruleCase{
		{"entropy", "", []string{"identity_providers:\n  oidc:\n    minimum_parameter_entropy: 4\n"},
			[]string{"authelia-parameter-entropy@4"}},
		{"cors origin with path", "", []string{"identity_providers:\n  oidc:\n    cors:\n      allowed_origins: ['https://app.example.com/x']\n"},
			[]string{"authelia-cors-origin@'https://app.example.com/x'"}},
		{"cors wildcard with clients", "", []string{"identity_providers:\n  oidc:\n    cors:\n      allowed_origins: ['*', 'https://a.example.com']\n      allowed_origins_from_client_redirect_uris: true\n"},
			[]string{"authelia-cors-origin@'*'", "authelia-cors-origin@'*'"}},
		{"policy named two_factor", "", []string{"identity_providers:\n  oidc:\n    authorization_policies:\n      two_factor:\n        rules:\n          - subject: 'group:a'\n"},
			[]string{"authelia-policy-name@two_factor"}},
		{"policy without rules", "", []string{"identity_providers:\n  oidc:\n    authorization_policies:\n      admins:\n        default_policy: 'deny'\n"},
			[]string{"authelia-policy-rules@admins"}},
		{"rule without subject", "", []string{"identity_providers:\n  oidc:\n    authorization_policies:\n      admins:\n        rules:\n          - policy: 'one_factor'\n"},
			[]string{"authelia-policy-rules@policy"}},
		{"bad subject", "", []string{"identity_providers:\n  oidc:\n    authorization_policies:\n      admins:\n        rules:\n          - subject: ['admins']\n"},
			[]string{"authelia-policy-subject@'admins'"}},
		{"claims policy claims", "", []string{"identity_providers:\n  oidc:\n    claims_policies:\n      p:\n        id_token: ['sub', 'emial']\n        access_token: ['updated_at']\n"},
			[]string{"authelia-claims-policy-claim@'sub'", "authelia-claims-policy-claim@'emial'", "authelia-claims-policy-claim@'updated_at'"}},
		{"rat reserved in 4.39.1", "4.39.1", []string{"identity_providers:\n  oidc:\n    claims_policies:\n      p:\n        id_token: ['rat']\n"},
			[]string{"authelia-claims-policy-claim@'rat'"}},
		{"custom claim attribute", "", []string{"authentication_backend:\n  file:\n    path: '/config/users.yml'\nidentity_providers:\n  oidc:\n    claims_policies:\n      p:\n        custom_claims:\n          roles:\n            attribute: 'rolez'\n"},
			[]string{"authelia-claims-policy-attribute@'rolez'"}},
		{"custom claim attribute defined", "", []string{"definitions:\n  user_attributes:\n    rolez:\n      expression: 'groups'\nidentity_providers:\n  oidc:\n    claims_policies:\n      p:\n        custom_claims:\n          roles:\n            attribute: 'rolez'\n"}, nil},
		{"custom claim duplicate name", "", []string{"identity_providers:\n  oidc:\n    claims_policies:\n      p:\n        custom_claims:\n          a:\n            name: 'x'\n            attribute: 'groups'\n          b:\n            name: 'x'\n            attribute: 'email'\n"},
			[]string{"authelia-claims-policy-duplicate@b"}},
		{"custom scope names", "", []string{"identity_providers:\n  oidc:\n    scopes:\n      profile:\n        claims: ['name']\n      authelia.x:\n        claims: ['nope']\n"},
			[]string{"authelia-scope-name@profile", "authelia-scope-name@authelia.x", "authelia-scope-claim@'nope'"}},
	})
}

// TestHostileSizes: inputs built to make the classifier and the masks
// quadratic finish quickly.
func TestHostileSizes(t *testing.T) {
	cases := map[string]string{
		"braces without end":     "server:\n  address: '" + strings.Repeat("{{", 200_000) + "'\n",
		"braces on many lines":   strings.Repeat("k: {{ x\n", 50_000),
		"many top-level keys":    strings.Repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1\n", 50_000),
		"many keys under server": "server:\n" + strings.Repeat("  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb: 1\n", 50_000),
		"elisions":               "server:\n" + strings.Repeat("  ...\n", 100_000),
	}
	for name, y := range cases {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				findings(t, "", y)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("took more than 10 s")
			}
		})
	}
}
