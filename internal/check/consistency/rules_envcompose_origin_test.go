package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestEnvComposeOriginDecides covers a variable that .env and compose.yml
// give different values, one on the Authelia Root URL's origin and one on
// the Application Root URL's: the variable names Authelia, so the value on
// the application's origin is reported, in whichever file it is.
func TestEnvComposeOriginDecides(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, env, compose string
		want               []string
	}{
		{"app's host in .env", "APP_NAME=app\nOIDC_ISSUER=https://app.example.com\n", "services:\n  app:\n    environment:\n      OIDC_ISSUER: 'https://auth.example.com'\n", []string{"17:13 consistency-env-compose"}},
		// Beside the client id, the issuer on the application's host is
		// reported as such (TestIssuerBesideClient), at the same place.
		{"app's host in .env beside the client id", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://app.example.com\n", "services:\n  app:\n    environment:\n      OIDC_ISSUER: 'https://auth.example.com'\n", []string{"17:13 consistency-issuer"}},
		{"app's host in compose.yml", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n", "services:\n  app:\n    environment:\n      OIDC_ISSUER: 'https://app.example.com'\n", []string{"24:21 consistency-env-compose"}},
		{"same value", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n", "services:\n  app:\n    environment:\n      OIDC_ISSUER: 'https://auth.example.com'\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", tt.env)
			f.code("yaml", "compose.yml", tt.compose)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}
