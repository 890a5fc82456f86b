package consistency

import (
	"os"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestSeedMutations breaks the seed guide in one place at a time and checks
// the exact findings, positions included. The unmodified guide must be
// clean.
func TestSeedMutations(t *testing.T) {
	seed, err := os.ReadFile(sharedPath(t, "seeds/romm-guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		old, new string // replaced once; old must occur exactly once
		all      bool   // replace every occurrence instead
		old2     string // a second replacement, if any
		new2     string
		want     string // format() of the findings
	}{
		{name: "unchanged"},
		{
			name: "provider client_id",
			old:  "- client_id: 'romm'", new: "- client_id: 'romm2'",
			want: "58:21 error consistency-client-id: client_id 'romm2' differs from the client id 'romm' that the rest of the guide uses\n\trelated 38:19 the Client ID assumption\n\trelated 97:16 OIDC_CLIENT_ID in .env\n\trelated 111:24 OIDC_CLIENT_ID in compose.yml\n",
		},
		{
			name: "env client id",
			old:  "OIDC_CLIENT_ID=romm\n", new: "OIDC_CLIENT_ID=rom\n",
			want: "97:16 error consistency-client-id: client id 'rom' (OIDC_CLIENT_ID in .env) differs from the client_id 'romm' of the Authelia configuration\n\trelated 58:21 client_id in the Authelia configuration\n",
		},
		{
			name: "compose client id",
			old:  "OIDC_CLIENT_ID: 'romm'", new: "OIDC_CLIENT_ID: 'ROMM'",
			want: "111:24 error consistency-client-id: client id 'ROMM' (OIDC_CLIENT_ID in compose.yml) differs from the client_id 'romm' of the Authelia configuration\n\trelated 58:21 client_id in the Authelia configuration\n",
		},
		{
			name: "assumed client id",
			old:  "__Client ID:__ `romm`", new: "__Client ID:__ `rom-manager`",
			want: "38:19 error consistency-client-id: the Client ID assumption 'rom-manager' differs from the client_id 'romm' that the configuration and the application use\n\trelated 58:21 client_id in the Authelia configuration\n",
		},
		{
			name: "env redirect uri",
			old:  "OIDC_REDIRECT_URI=https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/api/oauth/openid", new: "OIDC_REDIRECT_URI=https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/api/oauth/openid/",
			want: "99:19 error consistency-redirect-uri: redirect URI 'https://romm.example.com/api/oauth/openid/' (OIDC_REDIRECT_URI in .env) is not among the redirect_uris of client 'romm'\n\trelated 66:14 registered redirect URI\n",
		},
		{
			name: "provider redirect uri",
			old:  "          - 'https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/api/oauth/openid'", new: "          - 'https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/oauth/openid'",
			// The application states its redirect URI twice (.env and
			// compose.yml): the registered one is the odd one out, and
			// is the one finding.
			want: "66:14 error consistency-redirect-uri: redirect URI 'https://romm.example.com/oauth/openid' of client 'romm' is not the one the application sends ('https://romm.example.com/api/oauth/openid')\n\trelated 99:19 OIDC_REDIRECT_URI in .env\n\trelated 113:27 OIDC_REDIRECT_URI in compose.yml\n",
		},
		{
			name: "every secret but the digest",
			old:  "insecure_secret", new: "secure_secret", all: true,
			want: "60:25 error consistency-secret: client_secret digest of client 'romm' does not match the Client Secret assumption 'secure_secret'\n\trelated 39:23 the Client Secret assumption\n",
		},
		{
			name: "env secret",
			old:  "OIDC_CLIENT_SECRET=insecure_secret", new: "OIDC_CLIENT_SECRET=insecure-secret",
			want: "98:20 error consistency-secret: client secret 'insecure-secret' (OIDC_CLIENT_SECRET in .env) differs from the Client Secret assumption 'insecure_secret'\n\trelated 39:23 the Client Secret assumption\n",
		},
		{
			name: "app secret without assumption",
			old:  "- __Client Secret:__ `insecure_secret`\n", new: "",
			want: "",
		},
		{
			name: "wrong app secret without assumption",
			old:  "- __Client Secret:__ `insecure_secret`\n", new: "",
			old2: "OIDC_CLIENT_SECRET: 'insecure_secret'", new2: "OIDC_CLIENT_SECRET: 'insecure_secret2'",
			want: "111:28 error consistency-secret: client secret 'insecure_secret2' (OIDC_CLIENT_SECRET in compose.yml) does not match the client_secret of client 'romm'\n\trelated 59:25 client_secret in the Authelia configuration\n",
		},
		{
			name: "compose value",
			old:  "OIDC_ENABLED: 'true'", new: "OIDC_ENABLED: 'false'",
			want: "109:22 error consistency-env-compose: variable OIDC_ENABLED is 'false' in compose.yml but 'true' in .env\n\trelated 95:14 the value in .env\n",
		},
		{
			name: "issuer host",
			old:  "OIDC_SERVER_APPLICATION_URL: 'https://{{< sitevar name=\"subdomain-authelia\" nojs=\"auth\" >}}.", new: "OIDC_SERVER_APPLICATION_URL: 'https://login.",
			want: "114:37 error consistency-issuer: issuer URL 'https://login.example.com' (OIDC_SERVER_APPLICATION_URL in compose.yml) is not on the Authelia Root URL 'https://auth.example.com/'\n\trelated 37:27 the Authelia Root URL assumption\n",
		},
		{
			name: "application root path",
			old:  "__Application Root URL:__ `https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/`", new: "__Application Root URL:__ `https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/romm/`",
			// The path is the assumption's alone: reported there.
			want: "36:30 warning consistency-redirect-uri-root: the Application Root URL 'https://romm.example.com/romm/' has the path '/romm', which neither the client's redirect URIs nor the application's settings are under\n\trelated 66:14 redirect URI\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := string(seed)
			content = replace(t, content, tt.old, tt.new, tt.all)
			content = replace(t, content, tt.old2, tt.new2, false)
			got := format(runChecker(t, "romm/index.md", []byte(content), v))
			if got != tt.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// replace substitutes new for old in s: once, and old must then occur
// exactly once, or everywhere when all.
func replace(t *testing.T, s, old, new string, all bool) string {
	t.Helper()
	if old == "" {
		return s
	}
	n := strings.Count(s, old)
	if n == 0 || n > 1 && !all {
		t.Fatalf("%q occurs %d times in the seed", old, n)
	}
	if all {
		return strings.ReplaceAll(s, old, new)
	}
	return strings.Replace(s, old, new, 1)
}

// TestSecretDigestHint checks the hint of a digest that does not match the
// stated secret: regenerate the digest, except for client_secret_jwt,
// which signs with the secret itself, so that a digest is no fix.
func TestSecretDigestHint(t *testing.T) {
	seed, err := os.ReadFile(sharedPath(t, "seeds/romm-guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ method, want, not string }{
		{"client_secret_basic", "generate the digest", "plaintext"},
		{"client_secret_jwt", "$plaintext$", "generate the digest"},
	} {
		content := strings.ReplaceAll(string(seed), "insecure_secret", "secure_secret")
		content = strings.Replace(content, "token_endpoint_auth_method: 'client_secret_basic'", "token_endpoint_auth_method: '"+tt.method+"'", 1)
		found := false
		for _, d := range runChecker(t, "romm/index.md", []byte(content), v) {
			if d.Code != "consistency-secret" {
				continue
			}
			found = true
			if !strings.Contains(d.Hint, tt.want) || strings.Contains(d.Hint, tt.not) {
				t.Errorf("%s: hint %q, want it to say %q and not %q", tt.method, d.Hint, tt.want, tt.not)
			}
		}
		if !found {
			t.Errorf("%s: no consistency-secret finding", tt.method)
		}
	}
}
