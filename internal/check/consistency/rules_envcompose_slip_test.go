package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestSlipSide: the side whose own words the guide writes nowhere else is
// the slip.
func TestSlipSide(t *testing.T) {
	content := []byte("openid openid Forwarded Forwarded users name name userinfo userinfo logo\n")
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"/oauth/opend/callback", "/oauth/openid/callback", 1},
		{"/oauth/openid/callback", "/oauth/opend/callback", -1},
		{"X-Forwarded-Host X-Forwared-Port", "X-Forwarded-Host X-Forwarded-Port", 1},
		{"https://www.example.com:8443/x", "https://www.example.com/x", 1}, // an added port
		{"/api/oidc/serinfo", "/api/oidc/userinfo", 1},
		{"zebra", "Zebra", 0},     // both written once: no telling
		{"logo", "Logo", 0},       // a change of case alone: no telling, though logo stands elsewhere
		{"same", "same", 0},       // no word of its own
		{"a b c d", "e f g h", 0}, // no slip: everything differs
		{"https://d.example.com/doku.php", "https://d.example.com/login", 0},                       // two names, not a slip
		{"https://d.example.com/oidc/Callback", "https://d.example.com/oidc/callback callback", 0}, // a change of case alone: no telling
		{"X-Forwarded beta", "X-Forwarded", 0},                                                     // a word added that is no number
	} {
		// The guide holds both values, and other text.
		got := slipSide(append([]byte(c.a+" "+c.b+" "), content...), c.a, c.b)
		if got != c.want {
			t.Errorf("slipSide(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestEnvComposeSlipSide drops a letter from a word of one side's value
// (the .env's, then compose.yml's), the word being one the guide writes
// elsewhere too, and requires the finding on the side with the slip.
func TestEnvComposeSlipSide(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	values := []struct{ name, good, bad string }{
		{"OPENID_CALLBACK_URL", "/oauth/openid/callback", "/oauth/opend/callback"},
		{"OAUTH2_USERINFO_ENDPOINT", "/api/oidc/userinfo", "/api/oidc/serinfo"},
		{"OIDC_USER_GROUP", "app-users", "app-sers"},
		{"OIDC_FORWARDED_HEADERS", "X-Forwarded-Host X-Forwarded-Port", "X-Forwared-Host X-Forwarded-Port"},
		{"OIDC_LOGO_URL", "https://www.example.com/logo.png", "https://www.example.com:8443/logo.png"},
	}
	for _, val := range values {
		for _, badEnv := range []bool{true, false} {
			envVal, composeVal := val.good, val.bad
			if badEnv {
				envVal, composeVal = val.bad, val.good
			}
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			// The good spelling's words stand elsewhere in the guide too.
			f.item(fmt.Sprintf("The application reads %s from its openid userinfo settings for its users (X-Forwarded headers, logo).", val.name))
			f.code("shell", ".env", "APP_NAME=app\n"+val.name+"="+envVal+"\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      "+val.name+": '"+composeVal+"'\n")
			want := lineOf(string(f.content), val.name+"="+envVal)
			if !badEnv {
				want = lineOf(string(f.content), val.name+": '"+composeVal)
			}
			got := f.run(t, v)
			found := false
			for _, g := range got {
				found = found || strings.HasPrefix(g, fmt.Sprintf("%d:", want)) && strings.HasSuffix(g, " consistency-env-compose")
			}
			if !found {
				t.Errorf("%s with the slip in .env=%v: got %q, want consistency-env-compose on line %d\n%s", val.name, badEnv, got, want, numbered(f.content))
			}
		}
	}
}

// lineOf returns the 1-based line of the first occurrence of s in content.
func lineOf(content, s string) int {
	i := strings.Index(content, s)
	if i < 0 {
		return 0
	}
	return strings.Count(content[:i], "\n") + 1
}
