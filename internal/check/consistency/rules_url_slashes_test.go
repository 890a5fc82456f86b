package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestURLWithoutTwoSlashes covers web URLs written with one slash (or
// three, or none) after the scheme: url.Parse reads the host as a path,
// so Authelia is unreachable and no registered redirect URI equals it.
func TestURLWithoutTwoSlashes(t *testing.T) {
	envCases(t, []envCase{
		{"issuer with one slash", "APP_CLIENT_ID=app\nOIDC_ISSUER=https:/auth.example.com\n", []string{"17:13 consistency-issuer"}},
		{"token endpoint with three slashes", "APP_CLIENT_ID=app\nOIDC_TOKEN_URL=https:///auth.example.com/api/oidc/token\n", []string{"17:16 consistency-issuer"}},
		{"discovery under a key of no known kind, no slash", "APP_CLIENT_ID=app\nMETADATA=https:auth.example.com/.well-known/openid-configuration\n", []string{"17:10 consistency-issuer"}},
		{"redirect URI with one slash", "APP_CLIENT_ID=app\nOIDC_REDIRECT_URI=https:/app.example.com/cb\n", []string{"17:19 consistency-redirect-uri"}},
		{"well-formed URLs", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\nOIDC_REDIRECT_URI=https://app.example.com/cb\n", nil},
		{"another host with one slash is not Authelia's", "APP_CLIENT_ID=app\nLOGO=https:/cdn.example.net/logo.png\n", nil},
	})
}

func TestSlashesOff(t *testing.T) {
	for s, want := range map[string]string{
		"https:/auth.example.com":   "auth.example.com",
		"HTTP:///auth.example.com":  "auth.example.com",
		"https:auth.example.com":    "auth.example.com",
		"https://auth.example.com":  "",
		"https:":                    "",
		"urn:ietf:wg:oauth:2.0:oob": "",
		"oc:/callback":              "",
	} {
		got, ok := slashesOff(s)
		if ok != (want != "") || got != want {
			t.Errorf("slashesOff(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}

// envCase is a .env snippet beside a client 'app' of the Application Root
// URL, and the findings it must give.
type envCase struct {
	name string
	env  string
	want []string
}

// envCases runs each case as a subtest.
func envCases(t *testing.T, cases []envCase) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", tt.env)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}
