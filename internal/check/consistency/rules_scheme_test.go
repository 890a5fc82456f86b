package consistency

import (
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestMisspeltScheme covers URLs whose scheme is a near miss of http or
// https, in application values of any kind (issuer, redirect URI, a key of
// no known kind) and in the Assumptions; other protocols' schemes and the
// right ones are controls.
func TestMisspeltScheme(t *testing.T) {
	envCases(t, []envCase{
		{"issuer, letter dropped", "APP_CLIENT_ID=app\nOIDC_ISSUER=htps://auth.example.com\n", []string{"17:13 consistency-url-scheme"}},
		{"issuer, letter doubled", "APP_CLIENT_ID=app\nOIDC_ISSUER=htttps://auth.example.com\n", []string{"17:13 consistency-url-scheme"}},
		{"redirect URI: one finding", "APP_CLIENT_ID=app\nOIDC_REDIRECT_URI=hhttps://app.example.com/cb\n", []string{"17:19 consistency-url-scheme"}},
		{"a key of no known kind", "APP_CLIENT_ID=app\nLOGOUT_PAGE=htp://auth.example.com/logout\n", []string{"17:13 consistency-url-scheme"}},
		{"other schemes: controls", "APP_CLIENT_ID=app\nLDAP_URL=ldaps://ldap.example.com\nWS=wss://app.example.com/ws\nFTP=ftp://files.example.com\nREDIS=redis://cache:6379\n", nil},
		{"right schemes: controls", "APP_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\nINTERNAL=http://authelia:9091\n", nil},
	})
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{}
	f.assumptions(appRoot, "htps://auth.example.com/", "app", "")
	f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
	if got, want := f.run(t, v), []string{"4:22 consistency-url-scheme"}; !slices.Equal(got, want) {
		t.Errorf("assumption: got %q, want %q\n%s", got, want, numbered(f.content))
	}
}
