package consistency

import (
	"fmt"
	"slices"
	"testing"

	"github.com/guidec/guidec/internal/digest"
)

// TestOpenIDScope covers an application's scope list without openid while
// its client grants it (Authelia's default scopes do): information in
// every format, once per list (a YAML sequence or a repeated flag is one
// list), a warning when another list of the guide has openid;
// where .env and compose.yml disagree only on openid, the list without it
// is the error; a guide that calls the application's scopes additional
// says the application adds openid itself.
func TestOpenIDScope(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	type snip struct{ lang, title, body string }
	for _, tt := range []struct {
		name  string
		snips []snip
		items []string
		want  []string
	}{
		{name: ".env, space separated", snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=profile email groups\n"}},
			want: []string{"17:13 info consistency-scope"}},
		{name: "ini, comma separated", snips: []snip{{"ini", "app.ini", "[oidc]\nclient_id = app\nscopes = email,profile\n"}},
			want: []string{"18:10 info consistency-scope"}},
		{name: "yaml sequence: one finding", snips: []snip{{"yaml", "config.yaml", "oidc:\n  client_id: app\n  scopes:\n    - profile\n    - email\n"}},
			want: []string{"19:7 info consistency-scope"}},
		{name: "yaml sequence with openid: control", snips: []snip{{"yaml", "config.yaml", "oidc:\n  client_id: app\n  scopes:\n    - profile\n    - openid\n"}}},
		{name: "repeated flag with openid: control", snips: []snip{{"shell", "", "app login \\\n  --client-id=app \\\n  --scope=openid \\\n  --scope=profile\n"}}},
		{name: "json array", snips: []snip{{"json", "config.json", `{"clientId": "app", "scope": "email profile"}` + "\n"}},
			want: []string{"16:31 info consistency-scope"}},
		{name: "gui step", items: []string{"Client ID: app", "Scopes: profile email"},
			want: []string{"18:11 info consistency-scope"}},
		{name: "another snippet's list has openid: a warning", snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=profile email\n"}, {"ini", "app.ini", "[oidc]\nscopes = openid profile email\n"}},
			want: []string{"17:13 warning consistency-scope"}},
		{name: "the instructions list openid: still information", snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=profile email\n"}},
			items: []string{"Scopes: openid profile email"},
			want:  []string{"17:13 info consistency-scope"}},
		{name: "openid present: control", snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=openid profile email\n"}}},
		{name: "not a scope list: control", snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES_DELIMITER=,\nOIDC_SCOPE_CLAIM=groups:read\n"}}},
		{name: "the guide calls the scopes additional: control", snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=profile email\n"}},
			items: []string{"Additional Scopes: profile email"}},
		{name: ".env and compose.yml differ in openid: the error is in the list without it",
			snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=profile email\n"}, {"yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_SCOPES: 'openid profile email'\n"}},
			want:  []string{"17:13 error consistency-env-compose"}},
		{name: "compose.yml without it",
			snips: []snip{{"shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=openid profile email\n"}, {"yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_SCOPES: 'profile email'\n"}},
			want:  []string{"24:21 error consistency-env-compose"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fixture{}
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			for _, s := range tt.snips {
				f.code(s.lang, s.title, s.body)
			}
			if tt.items != nil {
				f.heading("Application")
				for _, it := range tt.items {
					f.item(it)
				}
			}
			var got []string
			for _, d := range f.diags(t, v, nil) {
				p := d.Start()
				got = append(got, fmt.Sprintf("%d:%d %s %s", p.Line, p.Column, d.Severity, d.Code))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}
