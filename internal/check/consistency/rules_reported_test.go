package consistency

import (
	"bytes"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/source"
)

// TestReportedOptionNotCompared covers a client option that an earlier
// checker (the provider's) reported wrong: the application's value is not
// compared with it, where it would repeat the one mistake; without that
// report, the same guide gets the comparison's finding.
func TestReportedOptionNotCompared(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, client, app, wrong string
		want                     []string // without the earlier report
	}{
		{"scopes joined in one item", "        scopes: ['openid email', 'profile']\n", "OIDC_SCOPES=openid email profile\n", "'openid email'", []string{"consistency-scope"}},
		{"redirect URI on Authelia's host", "        redirect_uris: ['https://auth.example.com/cb']\n", "OIDC_REDIRECT_URI=https://app.example.com/cb\n", "'https://auth.example.com/cb'", []string{"consistency-redirect-uri"}},
		{"alg none", "        id_token_signed_response_alg: 'none'\n", "OIDC_ID_TOKEN_SIGNING_ALG=RS256\n", "'none'", []string{"consistency-signing-alg"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, earlier := range []bool{false, true} {
				f := &fixture{}
				f.assumptions(appRoot, authRoot, "app", "")
				f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n"+tt.client)
				f.code("shell", ".env", "OIDC_CLIENT_ID=app\n"+tt.app)
				file := source.NewFile("guide.md", f.content)
				for _, s := range f.snips {
					s.File = file
				}
				i := bytes.Index(f.content, []byte(tt.wrong))
				provider := &check.Checker{Name: "provider", Run: func(p *check.Pass) {
					if earlier {
						p.Report(diag.Diagnostic{File: file, Span: source.Span{Start: i, End: i + len(tt.wrong)}, Severity: diag.Error, Code: "provider"})
					}
				}}
				var got diag.List
				p := &check.Pass{File: file, Name: "guide", Snippets: f.snips, Texts: f.texts, Report: got.Add}
				p.Run([]*check.Checker{provider, New(v)})
				var codes []string
				for _, d := range got {
					if d.Code != "provider" {
						codes = append(codes, d.Code)
					}
				}
				want := tt.want
				if earlier {
					want = nil
				}
				if !slices.Equal(codes, want) {
					t.Errorf("earlier report %v: got %q, want %q\n%s", earlier, codes, want, numbered(f.content))
				}
			}
		})
	}
}
