package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestRedirectWithoutScheme covers an application's redirect URI written
// without its scheme: it matches no redirect_uris entry (Authelia compares
// them as strings), whatever format states it.
func TestRedirectWithoutScheme(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang, title, body string
		want                    []string
	}{
		{".env", "shell", ".env", "APP_CLIENT_ID=app\nOIDC_REDIRECT_URI=app.example.com/cb\n", []string{"17:19 consistency-redirect-uri"}},
		{"YAML", "yaml", "config.yaml", "oidc:\n  client_id: app\n  redirect_url: 'app.example.com/cb'\n", []string{"18:18 consistency-redirect-uri"}},
		{"with its scheme", "shell", ".env", "APP_CLIENT_ID=app\nOIDC_REDIRECT_URI=https://app.example.com/cb\n", nil},
		{"a host of another key", "shell", ".env", "APP_CLIENT_ID=app\nAPP_HOST=app.example.com\n", nil},
		{"a placeholder", "shell", ".env", "APP_CLIENT_ID=app\nOIDC_REDIRECT_URI=<your redirect>\n", nil},
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
