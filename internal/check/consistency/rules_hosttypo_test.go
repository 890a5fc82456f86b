package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestHostTypo covers the test of a misspelt Authelia host: two
// neighbouring letters swapped or one replaced in the first label, the
// parent domain kept; other servers are controls.
func TestHostTypo(t *testing.T) {
	tests := []struct {
		host, want string
		typo       bool
	}{
		{"atuh.example.com", "auth.example.com", true},
		{"aurh.example.com", "auth.example.com", true},
		{"autehlia.example.com", "authelia.example.com", true},
		{"auth.example.com", "auth.example.com", false},
		{"oauth.example.com", "auth.example.com", false}, // a letter added: another server
		{"aut.example.com", "auth.example.com", false},
		{"auth2.example.com", "auth1.example.com", false}, // digits: numbered servers
		{"atuh.example.org", "auth.example.com", false},   // another domain
		{"tuah.example.com", "auth.example.com", false},   // two swaps
		{"app.example.com", "auth.example.com", false},
		{"10.0.0.1", "10.0.0.2", false},
		{"localhost", "localhost", false},
		{"ab.example.com", "ba.example.com", false}, // too short to tell
	}
	for _, tt := range tests {
		if got := hostTypo(tt.host, tt.want); got != tt.typo {
			t.Errorf("hostTypo(%q, %q) = %v, want %v", tt.host, tt.want, got, tt.typo)
		}
	}
}

// TestHostTypoAnyKey: a URL on the Authelia host misspelt is reported
// whatever its key says the value is (an API base URL, read as the
// application's own URL; a logout URL; a key of no known kind), in .env
// files and in Python dicts and Lua tables alike.
func TestHostTypoAnyKey(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, title, body string
		want                    []string
	}{
		{"env api base", "shell", ".env", "APP_CLIENT_ID=app\nOAUTH2_API_BASE_URL=https://atuh.example.com/\n", []string{"17:21 consistency-issuer"}},
		{"env logout", "shell", ".env", "APP_CLIENT_ID=app\nLOGOUT_URL=https://atuh.example.com/logout\n", []string{"17:12 consistency-issuer"}},
		{"python dict", "python", "config_local.py", "OAUTH2_CONFIG = [{\n    'OAUTH2_CLIENT_ID': 'app',\n    'OAUTH2_API_BASE_URL': 'https://atuh.example.com/',\n}]\n", []string{"18:29 consistency-issuer"}},
		{"python api base under a path", "python", "webserver_config.py", "OAUTH_PROVIDERS = [{\n    \"remote_app\": {\n        \"client_id\": \"app\",\n        \"api_base_url\": \"https://atuh.example.com/api/oidc/\",\n    },\n}]\n", []string{"19:26 consistency-issuer"}},
		{"lua table", "lua", "nginx.conf", "local opts = {\n    client_id = \"app\",\n    redirect_after_logout_uri = \"https://atuh.example.com/logout\",\n}\n", []string{"18:34 consistency-issuer"}},
		{"controls: right host, app host, another server", "shell", ".env", "APP_CLIENT_ID=app\nOAUTH2_API_BASE_URL=https://auth.example.com/\nLOGOUT_URL=https://auth.example.com/logout\nAPP_URL=https://app.example.com\nAPP_PUBLIC_URL=https://oauth.example.com/\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code(tt.lang, tt.title, tt.body)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}
