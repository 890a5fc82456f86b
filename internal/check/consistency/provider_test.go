package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestProviderClientsAsAutheliaReads: the clients are the authelia
// package's reading of the configuration, so what Authelia reads counts.
// The second parser this package had lost the clients of a configuration
// with an elision line ("...", the rest of the configuration), which does
// not parse as YAML alone, so a wrong client id on the application's side
// went unreported.
func TestProviderClientsAsAutheliaReads(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		build func(f *fixture)
		want  []string
	}{
		{"a template action for the secret", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        client_secret: {{ secret \"/secrets/app\" }}\n        redirect_uris:\n          - 'https://app.example.com/cb'\n")
			f.code("shell", ".env", "APP_CLIENT_ID=apq\n")
		}, []string{"17:15 consistency-client-id"}},
		{"an elision line", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    ...\n    clients:\n      - client_id: 'app'\n        redirect_uris:\n          - 'https://app.example.com/cb'\n")
			f.code("shell", ".env", "APP_CLIENT_ID=apq\n")
		}, []string{"17:15 consistency-client-id"}},
		// The table of snippet formats names .env.production a .env
		// file, as check/syntax always did; this package read only
		// names ending in .env, and skipped the snippet.
		{"a .env file named for its environment", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("", ".env.production", "APP_CLIENT_ID=apq\n")
		}, []string{"16:15 consistency-client-id"}},
		{"an alias of a client is that client", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "x: &c\n  client_id: 'app'\n  redirect_uris: ['https://app.example.com/cb']\nidentity_providers:\n  oidc:\n    clients: [*c, *c]\n")
			f.code("shell", ".env", "APP_CLIENT_ID=app\n")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			tt.build(f)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestClientIDSpellings: when the statements of the client id are
// spellings of one id that differ in case and punctuation ('Wiki.js' in
// the Assumptions, 'wikijs' in the application) and the only client_id is
// none of them, the client_id is the odd one out, and the assumption's
// spelling is reported too.
func TestClientIDSpellings(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{}
	f.assumptions(appRoot, authRoot, "Wiki.js", "")
	f.code("yaml", "configuration.yml", clientYAML("wikijsx", "", "https://app.example.com/cb"))
	f.code("shell", ".env", "APP_CLIENT_ID=wikijs\n")
	want := []string{"5:14 consistency-client-id", "10:21 consistency-client-id"}
	if got := f.run(t, v); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFragmentCompletesClient: a block that only adds options to a client
// defined in another block completes that client and states its id; it is
// no client of its own. With the definition's client_id changed, the one
// finding is that client_id: the fragment's scopes still belong to it, so
// the application's scopes are not reported as not granted.
func TestFragmentCompletesClient(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id   string
		want []string
	}{
		{"app", nil},
		{"appx", []string{"10:21 consistency-client-id"}},
	} {
		f := &fixture{}
		f.assumptions(appRoot, authRoot, "app", "")
		f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: '"+tt.id+"'\n        public: true\n        redirect_uris: ['https://app.example.com/cb']\n        scopes: ['openid', 'email']\n")
		f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        scopes: ['custom']\n")
		f.code("shell", ".env", "APP_CLIENT_ID=app\nAPP_SCOPES=\"openid email custom\"\n")
		if got := f.run(t, v); !slices.Equal(got, tt.want) {
			t.Errorf("client_id %q: got %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestAlternativeBlockClientID: of two blocks that each define the client
// for one way of setting the application up, the one whose client_id the
// guide states nowhere, a typo of the id everything else states, is
// reported, and the application's settings are compared with it as the
// client they mean (no auth method finding against the other block).
func TestAlternativeBlockClientID(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	block := func(id, method string) string {
		return "identity_providers:\n  oidc:\n    clients:\n      - client_id: '" + id + "'\n        redirect_uris: ['https://app.example.com/cb']\n        token_endpoint_auth_method: '" + method + "'\n"
	}
	for _, tt := range []struct {
		id   string
		want []string
	}{
		{"app", nil},
		{"appx", []string{"19:21 consistency-client-id"}},
	} {
		f := &fixture{}
		f.assumptions(appRoot, authRoot, "app", "")
		f.code("yaml", "configuration.yml", block("app", "client_secret_basic"))
		f.code("yaml", "configuration.yml", block(tt.id, "client_secret_post"))
		f.code("php", "config.php", "'client_id' => 'app',\n'auth_method' => 'client_secret_post',\n")
		if got := f.run(t, v); !slices.Equal(got, tt.want) {
			t.Errorf("client_id %q: got %q, want %q", tt.id, got, tt.want)
		}
	}
}
