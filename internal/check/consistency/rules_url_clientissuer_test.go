package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestIssuerBesideClient covers an issuer that is the application's own
// origin: beside the client settings it configures (same snippet and
// mapping, or the instructions) it is Authelia's issuer pasted with the
// wrong host, an error in every format; an application's own issuer away
// from them (Dex's top-level issuer, its connector's settings below) is
// not.
func TestIssuerBesideClient(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, lang, title, body string
		items                   []string
		want                    []string
	}{
		{name: ".env", lang: "shell", title: ".env",
			body: "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://app.example.com\n",
			want: []string{"17:13 consistency-issuer"}},
		{name: ".env, only the secret beside it", lang: "shell", title: ".env",
			body: "OIDC_ISSUER_URL=https://app.example.com/\nOIDC_CLIENT_SECRET=insecure_secret\n",
			want: []string{"16:17 consistency-issuer"}},
		{name: "yaml, same mapping", lang: "yaml", title: "config.yaml",
			body: "oidc:\n  issuer: 'https://app.example.com'\n  client_id: 'app'\n",
			want: []string{"17:12 consistency-issuer"}},
		{name: "json object", lang: "json", title: "config.json",
			body: `{"oidc": {"issuerUrl": "https://app.example.com", "clientId": "app"}}` + "\n",
			want: []string{"16:25 consistency-issuer"}},
		{name: "gui steps", items: []string{"Issuer URL: https://app.example.com", "Client ID: app"},
			want: []string{"17:15 consistency-issuer"}},
		{name: "yaml, the snippet's only issuer, client settings in another mapping", lang: "yaml", title: "application.yml",
			body: "provider:\n  authelia:\n    issuer-uri: 'https://app.example.com'\nregistration:\n  authelia:\n    client-id: 'app'\n",
			want: []string{"18:18 consistency-issuer"}},
		{name: "Authelia's issuer beside the client: control", lang: "shell", title: ".env",
			body: "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n"},
		{name: "own issuer above the connector's client settings: control", lang: "yaml", title: "config.yaml",
			body: "issuer: https://app.example.com\nconnectors:\n  - type: oidc\n    config:\n      issuer: https://auth.example.com\n      clientID: app\n"},
		{name: "own issuer in another snippet: control", lang: "yaml", title: "server.yaml",
			body: "issuer: https://app.example.com\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			if tt.body != "" {
				f.code(tt.lang, tt.title, tt.body)
			}
			if tt.items != nil {
				f.heading("Application")
				for _, it := range tt.items {
					f.item(it)
				}
			}
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}

// TestIssuerGivenDiscovery covers an issuer key given the discovery
// document's URL: information (some applications take it), in any format;
// a discovery key given either spelling is left alone.
func TestIssuerGivenDiscovery(t *testing.T) {
	envCases(t, []envCase{
		{"issuer with the discovery path", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com/.well-known/openid-configuration\n", []string{"17:13 consistency-issuer"}},
		{"issuer url with the discovery path", "APP_CLIENT_ID=app\nOIDC_ISSUER_URL=https://auth.example.com/.well-known/openid-configuration\n", []string{"17:17 consistency-issuer"}},
		{"bare issuer: control", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n", nil},
		{"discovery key with the path: control", "APP_CLIENT_ID=app\nOIDC_DISCOVERY_URL=https://auth.example.com/.well-known/openid-configuration\n", nil},
		{"discovery key with the bare issuer: control", "APP_CLIENT_ID=app\nOIDC_DISCOVERY_URL=https://auth.example.com\n", nil},
		{"issuer discovery key with the path: control", "APP_CLIENT_ID=app\nOIDC_ISSUER_DISCOVERY_URL=https://auth.example.com/.well-known/openid-configuration\n", nil},
	})
}

// TestIssuerProviderKey covers a provider key of an OpenID Connect
// setting (KOMODO_OIDC_PROVIDER): a URL or host there is the issuer's and
// is checked as one; the provider's name (PHOTOPRISM_OIDC_PROVIDER=authelia)
// is no URL and is left alone.
func TestIssuerProviderKey(t *testing.T) {
	envCases(t, []envCase{
		{"provider without a scheme", "APP_CLIENT_ID=app\nAPP_OIDC_PROVIDER=auth.example.com\n", []string{"17:19 consistency-issuer"}},
		{"provider url: control", "APP_CLIENT_ID=app\nAPP_OIDC_PROVIDER=https://auth.example.com\n", nil},
		{"provider name: control", "APP_CLIENT_ID=app\nAPP_OIDC_PROVIDER=authelia\n", nil},
		{"provider outside oidc: control", "APP_CLIENT_ID=app\nMAIL_PROVIDER=smtp.example.com\n", nil},
	})
}
