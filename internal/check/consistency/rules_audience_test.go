package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

func TestAudience(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	const client = "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'incus'\n        public: true\n        redirect_uris: ['https://incus.example.com/oidc/callback']\n"
	withAudience := client + "        audience:\n          - 'https://incus.example.com'\n"
	tests := []struct {
		name, provider, app string
		want                []string
	}{
		{"another port", withAudience, "config:\n  oidc.client.id: incus\n  oidc.audience: https://incus.example.com:8443\n", []string{"15:18 consistency-audience"}},
		{"another host", withAudience, "config:\n  oidc.client.id: incus\n  oidc.audience: https://incus.example.net\n", []string{"15:18 consistency-audience"}},
		{"listed, a trailing slash aside", withAudience, "config:\n  oidc.client.id: incus\n  oidc.audience: https://incus.example.com/\n", nil},
		{"the client id, an ID Token's audience", withAudience, "config:\n  oidc.client.id: incus\n  oidc.audience: incus\n", nil},
		{"a client without an audience list", client, "config:\n  oidc.client.id: incus\n  oidc.audience: https://incus.example.net\n", nil},
		{"an audience key outside OpenID Connect", withAudience, "config:\n  client_id: incus\n  metrics_audience: https://incus.example.net\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.code("yaml", "configuration.yml", tt.provider)
			f.code("yaml", "", tt.app)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
