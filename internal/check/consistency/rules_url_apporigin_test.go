package consistency

import "testing"

// TestAutheliaURLOnAppOrigin covers URLs of Authelia's API written on the
// Application Root URL's origin (the reader pasted the application's host):
// an endpoint path or the discovery document there is an error; the bare
// origin under an issuer key with no client settings beside it (an
// application that is itself a provider; TestIssuerBesideClient) and the
// application's own URLs are not.
func TestAutheliaURLOnAppOrigin(t *testing.T) {
	envCases(t, []envCase{
		{"token endpoint on the app's host", "APP_CLIENT_ID=app\nOIDC_TOKEN_URL=https://app.example.com/api/oidc/token\n", []string{"17:16 consistency-issuer"}},
		{"jwks on the app's host", "APP_CLIENT_ID=app\nJWKS_URL=https://app.example.com/jwks.json\n", []string{"17:10 consistency-issuer"}},
		{"discovery document on the app's host", "APP_CLIENT_ID=app\nOIDC_DISCOVERY_URL=https://app.example.com/.well-known/openid-configuration\n", []string{"17:20 consistency-issuer"}},
		{"discovery document under a label of no known key", "APP_CLIENT_ID=app\nMETADATA_ADDRESS=https://app.example.com/.well-known/openid-configuration\n", []string{"17:18 consistency-issuer"}},
		{"the same URLs on Authelia's host", "APP_CLIENT_ID=app\nOIDC_TOKEN_URL=https://auth.example.com/api/oidc/token\nOIDC_DISCOVERY_URL=https://auth.example.com/.well-known/openid-configuration\n", nil},
		{"an application's own URL", "APP_CLIENT_ID=app\nAPP_URL=https://app.example.com/\n", nil},
		{"an application's own issuer, alone", "ISSUER=https://app.example.com\nAPP_URL=https://app.example.com/\n", nil},
	})
}
