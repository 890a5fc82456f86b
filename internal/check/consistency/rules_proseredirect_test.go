package consistency

import "testing"

func TestNearRedirect(t *testing.T) {
	const reg = "https://app.example.com/auth/oidc/callback"
	for _, tt := range []struct {
		got  string
		want bool
	}{
		{"https://app.example.com/auth/oidc/callback/", true},      // a slash
		{"https://app.example.com/auth/oidc/Callback", true},       // the case
		{"https://app.example.com//auth/oidc/callback", true},      // a doubled slash
		{"https://app.example.com/auth/oidc/callback?x=1", true},   // a query
		{"https://app.example.com/auth/oidc/callback#a", true},     // a fragment
		{"https://app.example.com/auth/oidc/calback", true},        // a letter
		{"https://app.example.com/auth/oidc", true},                // a segment dropped
		{"https://auth.example.com/auth/oidc/callback", true},      // another origin, the path
		{"http://127.0.0.1:3000/auth/oidc/callback", true},         // an internal origin
		{"https://app.example.com", false},                         // the application's root
		{"https://app.example.com/", false},                        // the same
		{"https://app.example.com/auth", false},                    // its base path
		{"https://app.example.com/login", false},                   // another page
		{"https://auth.example.com/api/oidc/authorization", false}, // Authelia's endpoint
	} {
		if got := nearRedirect(tt.got, reg); got != tt.want {
			t.Errorf("nearRedirect(%q) = %v, want %v", tt.got, got, tt.want)
		}
	}
}
