package consistency

import (
	"strings"
	"testing"
)

// TestSpellingBreaks covers each spelling two consumers read differently,
// on issuer and discovery variables, and values that are simply different.
func TestSpellingBreaks(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       string // substring of the reason; "" for none
	}{
		{"OIDC_DISCOVERY_URL", "https://auth.example.com", "https://auth.example.com/.well-known/openid-configuration", "appends"},
		{"OIDC_ISSUER", "https://auth.example.com/", "https://auth.example.com", "issuer"},
		{"OIDC_ISSUER_URL", "https://auth.example.com:443", "https://auth.example.com", "issuer"},
		{"OIDC_ISSUER_URL", "http://auth.example.com:80/", "http://auth.example.com", "issuer"},
		{"OIDC_ISSUER", "https://Auth.Example.com", "https://auth.example.com", "issuer"},
		{"OIDC_ISSUER", "https://auth.example.com/.well-known/openid-configuration/", "https://auth.example.com/", "appends"},
		{"OIDC_ISSUER", "https://auth.example.com", "https://auth.example.org", ""},
		{"OIDC_ISSUER", "https://auth.example.com:8443", "https://auth.example.com", ""},
		{"OIDC_ISSUER", "http://auth.example.com", "https://auth.example.com", ""},
		{"OIDC_CLIENT_ID", "app/", "app", ""},
		{"OIDC_ISSUER", "not a url", "not a url/", ""},
		{"SSO_BASE_URL", "https://auth.example.com/", "https://auth.example.com", "issuer"},
		{"SSO_BASE_URL", "https://app.example.com/", "https://app.example.com", ""},
	}
	for _, tt := range tests {
		got := spellingBreaks(tt.name, tt.a, tt.b, "https://auth.example.com/")
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("spellingBreaks(%s, %q, %q) = %q, want one containing %q", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}
