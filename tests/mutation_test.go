package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
)

// mutation injects one defect into a correct guide: each edit replaces the
// only occurrence of Old by New. The finding must carry Code and start at
// the first byte of At, a substring that occurs once in the mutated guide
// (or, when At is empty, at the start of the first edit's New text).
type mutation struct {
	name  string
	edits []edit
	code  string
	at    string
	also  []string // other codes the same defect rightly triggers
}

type edit struct{ old, new string }

var romMutations = []mutation{
	{"renamed key", []edit{{"      - client_id: 'romm'", "      - id: 'romm'"}}, "authelia-deprecated-key", "id: 'romm'", nil},
	{"unknown key", []edit{{"        client_name: 'ROM Manager'", "        client_nme: 'ROM Manager'"}}, "authelia-unknown-key", "client_nme", nil},
	{"bad enum", []edit{{"token_endpoint_auth_method: 'client_secret_basic'", "token_endpoint_auth_method: 'basic'"}}, "authelia-auth-method-enum", "'basic'", nil},
	// One root cause, one finding: the flag the writer flipped contradicts a
	// client that has a secret and sends it, so the error is on public.
	{"public client with secret", []edit{{"        public: false", "        public: true"}}, "authelia-public-no-secret", "true\n        authorization_policy", nil},
	{"client_id mismatch between sides", []edit{{"OIDC_CLIENT_ID=romm\n", "OIDC_CLIENT_ID=rom\n"}}, "consistency-client-id", "rom\nOIDC_CLIENT_SECRET", nil},
	{"redirect URI mismatch", []edit{{"OIDC_REDIRECT_URI=https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/api/oauth/openid", "OIDC_REDIRECT_URI=https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/api/oauth/callback"}}, "consistency-redirect-uri", "https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/api/oauth/callback", nil},
	{"wrong secret for the digest", []edit{
		{"- __Client Secret:__ `romm_secret_Qv4nT8xLp2Wd`", "- __Client Secret:__ `romm_secret_Qv4nT8xLp2Wx`"},
		{"OIDC_CLIENT_SECRET=romm_secret_Qv4nT8xLp2Wd", "OIDC_CLIENT_SECRET=romm_secret_Qv4nT8xLp2Wx"},
		{"OIDC_CLIENT_SECRET: 'romm_secret_Qv4nT8xLp2Wd'", "OIDC_CLIENT_SECRET: 'romm_secret_Qv4nT8xLp2Wx'"},
	}, "consistency-secret", "$pbkdf2", nil},
	{"broken YAML indentation", []edit{{"        client_name: 'ROM Manager'", "       client_name: 'ROM Manager'"}}, "yaml-syntax", "client_name: 'ROM", nil},
	{"bad .env line", []edit{{"OIDC_PROVIDER=authelia", "OIDC_PROVIDER authelia"}}, "env-syntax", "OIDC_PROVIDER authelia", nil},
	{".env/compose disagreement", []edit{{"      OIDC_PROVIDER: 'authelia'", "      OIDC_PROVIDER: 'keycloak'"}}, "consistency-env-compose", "keycloak", nil},
	{"unknown shortcode", []edit{{"{{< sitevar-preferences >}}", "{{< sitevar-preferencs >}}"}}, "shortcode-unknown", "sitevar-preferencs", nil},
	{"unclosed shortcode quote", []edit{{"OIDC_CLIENT_SECRET: 'romm_secret_Qv4nT8xLp2Wd'\n      OIDC_REDIRECT_URI: 'https://romm.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}", "OIDC_CLIENT_SECRET: 'romm_secret_Qv4nT8xLp2Wd'\n      OIDC_REDIRECT_URI: 'https://romm.{{< sitevar name=\"domain\" nojs=\"example.com >}}"}}, "shortcode-unterminated", "\"example.com >}}", nil},
	{"front matter wrong type", []edit{{"weight: 620", "weight: abc"}}, "frontmatter-type", "abc", nil},
	{"unclosed fence attribute", []edit{{"```shell {title=\".env\"}", "```shell {title=\".env\""}}, "fence-attr-unclosed", "{title=\".env\"\n", nil},
	{"missing anchor", []edit{{"(#environment-variables)", "(#environment-variable)"}}, "link-anchor-missing", "[Environment Variables](#environment-variable)", nil},
	{"undefined reference label", []edit{{"The\nclient sends", "The\n[client sends]"}}, "link-undefined-ref", "[client sends]", nil},
}

// TestMutations injects each defect into our own correct RomM guide and
// requires the right code at the right line and column, in text and JSON.
func TestMutations(t *testing.T) {
	orig, err := os.ReadFile("../guides/romm/index.md")
	if err != nil {
		t.Fatal(err)
	}
	if diags := checkGuide(t, orig); len(errorsAndWarnings(diags)) != 0 {
		t.Fatalf("the unmodified guide has findings:\n%s", textOf(diags))
	}
	for _, m := range romMutations {
		t.Run(m.name, func(t *testing.T) {
			src := string(orig)
			for _, e := range m.edits {
				if strings.Count(src, e.old) != 1 {
					t.Fatalf("edit %q does not match exactly once", e.old)
				}
				src = strings.Replace(src, e.old, e.new, 1)
			}
			first := m.edits[0]
			off := strings.Index(src, first.new) + len(first.new) - len(strings.TrimLeft(first.new, " "))
			if m.at != "" {
				if strings.Count(src, m.at) != 1 {
					t.Fatalf("position marker %q does not occur exactly once", m.at)
				}
				off = strings.Index(src, m.at)
			}
			wantLine := strings.Count(src[:off], "\n") + 1
			wantCol := len([]rune(src[strings.LastIndex(src[:off], "\n")+1:off])) + 1
			diags := checkGuide(t, []byte(src))
			var found bool
			for _, d := range diags {
				p := d.Start()
				if d.Code == m.code && p.Line == wantLine && p.Column == wantCol {
					found = true
				}
			}
			if !found {
				t.Fatalf("want %s at %d:%d; got:\n%s", m.code, wantLine, wantCol, textOf(diags))
			}
			// One defect, one error: cascades make a reader hunt for problems
			// that are not there.
			for _, d := range diags {
				if d.Severity == diag.Error && d.Code != m.code && !slices.Contains(m.also, d.Code) {
					t.Errorf("unexpected extra error:\n%s", textOf(diag.List{d}))
				}
			}
			var js bytes.Buffer
			diag.PrintJSON(&js, diags)
			var arr []map[string]any
			if err := json.Unmarshal(js.Bytes(), &arr); err != nil {
				t.Fatal(err)
			}
			found = false
			for _, o := range arr {
				if o["code"] == m.code && o["line"] == float64(wantLine) && o["column"] == float64(wantCol) {
					found = true
				}
			}
			if !found {
				t.Errorf("JSON output lacks %s at %d:%d", m.code, wantLine, wantCol)
			}
		})
	}
}

// checkGuide checks one guide as guides/romm in a fresh source tree (with
// the other guides it links to) and returns every diagnostic.
func checkGuide(t *testing.T, src []byte) diag.List {
	t.Helper()
	dir := t.TempDir()
	for _, g := range []string{"romm", "miniflux"} {
		if err := os.MkdirAll(filepath.Join(dir, g), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mini, err := os.ReadFile("../guides/miniflux/index.md")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "miniflux", "index.md"), mini, 0o644)
	os.WriteFile(filepath.Join(dir, "romm", "index.md"), src, 0o644)
	v, _ := digest.NewVerifier(digest.WithCacheFile(filepath.Join(os.TempDir(), "guidec-test-digests")))
	res, err := build.Run(context.Background(), build.Options{
		Source: os.DirFS(dir), SourceName: "guides", Shortcodes: os.DirFS("../shortcodes"), Site: os.DirFS("../site"),
		Check: true, Only: map[string]bool{"romm": true}, Digests: v,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res.Diags
}

func errorsAndWarnings(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity != diag.Info {
			out = append(out, d)
		}
	}
	return out
}

func textOf(l diag.List) string {
	var b bytes.Buffer
	diag.PrintText(&b, l, diag.TextOptions{})
	return b.String()
}
