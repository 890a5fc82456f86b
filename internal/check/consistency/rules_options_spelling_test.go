package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestRegistryNameSpelling covers an application's PKCE method and
// signing algorithm in another case than RFC 7636 and RFC 7518 name them:
// the names are case-sensitive, so s256 and rs256 are no method and no
// algorithm.
func TestRegistryNameSpelling(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	client := "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        require_pkce: true\n        pkce_challenge_method: 'S256'\n        redirect_uris:\n          - 'https://app.example.com/cb'\n"
	tests := []struct {
		name, env string
		want      []string
	}{
		{"pkce method lower case", "APP_CLIENT_ID=app\nOIDC_PKCE_METHOD=s256\n", []string{"19:18 consistency-pkce"}},
		{"pkce method as named", "APP_CLIENT_ID=app\nOIDC_PKCE_METHOD=S256\n", nil},
		{"signing algorithm lower case", "APP_CLIENT_ID=app\nOIDC_SIGNING_ALGORITHM=rs256\n", []string{"19:24 consistency-signing-alg"}},
		{"signing algorithm as named", "APP_CLIENT_ID=app\nOIDC_SIGNING_ALGORITHM=RS256\n", nil},
		{"another word is no algorithm", "APP_CLIENT_ID=app\nOIDC_SIGNING_ALGORITHM=sha256\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", client)
			f.code("shell", ".env", tt.env)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}
