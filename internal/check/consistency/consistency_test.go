package consistency

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-crypt/crypt/algorithm/shacrypt"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// fixture builds a guide by hand: each list item and code block is appended
// to the file at a known offset, and Texts and Snippets map back to it with
// verbatim segments (and generated ones for sitevar calls), as the Markdown
// pipeline does.
type fixture struct {
	content []byte
	snips   []*snippet.Snippet
	texts   []check.Text
	section string
}

// heading starts a section; its id is the text lowercased with '-' for
// spaces.
func (f *fixture) heading(text string) {
	f.content = append(f.content, "## "+text+"\n\n"...)
	f.section = strings.ToLower(strings.ReplaceAll(text, " ", "-"))
}

// item appends "- text" and records the Text (markup already removed by the
// caller, as the reader sees it).
func (f *fixture) item(text string) {
	f.content = append(f.content, "- "...)
	start := len(f.content)
	f.content = append(f.content, text+"\n"...)
	var m source.Map
	vis := visible(nil, &m, f.content, start, start+len(text), false, nil)
	f.texts = append(f.texts, check.Text{Kind: check.Item, Level: 1, Section: f.section, Text: string(vis), Map: &m})
}

// codeItem appends "- md" and records its Text with the code spans of md
// (`…`), which the reader sees without their backticks.
func (f *fixture) codeItem(md string) {
	f.content = append(f.content, "- "...)
	start := len(f.content)
	f.content = append(f.content, md+"\n"...)
	var b strings.Builder
	var code []source.Span
	m := &source.Map{}
	for i := 0; i < len(md); {
		j := strings.IndexByte(md[i:], '`')
		if j < 0 {
			j = len(md) - i
		}
		m.AddVerbatim(b.Len(), start+i, j)
		b.WriteString(md[i : i+j])
		i += j
		if i >= len(md) {
			break
		}
		k := strings.IndexByte(md[i+1:], '`')
		if k < 0 {
			break
		}
		m.AddVerbatim(b.Len(), start+i+1, k)
		code = append(code, source.Span{Start: b.Len(), End: b.Len() + k})
		b.WriteString(md[i+1 : i+1+k])
		i += k + 2
	}
	f.texts = append(f.texts, check.Text{Kind: check.Item, Level: 1, Section: f.section, Text: b.String(), Map: m, Code: code})
}

// code appends a fenced block with the given info string and body.
func (f *fixture) code(lang, title, body string) {
	info := lang
	if title != "" {
		info += ` {title="` + title + `"}`
	}
	s := &snippet.Snippet{Lang: lang, Map: &source.Map{}, Index: len(f.snips)}
	if title != "" {
		s.Attrs = []snippet.Attr{{Key: "title", Value: title}}
	}
	open := len(f.content)
	f.content = append(f.content, "```"+info+"\n"...)
	start := len(f.content)
	f.content = append(f.content, body...)
	s.Text = visible(nil, s.Map, f.content, start, len(f.content), false, &s.Vars)
	f.content = append(f.content, "```\n\n"...)
	s.Span = source.Span{Start: open, End: len(f.content)}
	f.snips = append(f.snips, s)
}

// diags checks the guide and returns its findings, sorted.
func (f *fixture) diags(t *testing.T, v *digest.Verifier, ctx context.Context) diag.List {
	t.Helper()
	file := source.NewFile("guide.md", f.content)
	for _, s := range f.snips {
		s.File = file
	}
	var got diag.List
	New(v).Run(&check.Pass{File: file, Name: "guide", Snippets: f.snips, Texts: f.texts, Context: ctx, Report: got.Add})
	got.Sort()
	return got
}

// run checks the guide and returns "line:col code" for each finding.
func (f *fixture) run(t *testing.T, v *digest.Verifier) []string {
	t.Helper()
	got := f.diags(t, v, nil)
	var out []string
	for _, d := range got {
		p := d.Start()
		out = append(out, fmt.Sprintf("%d:%d %s", p.Line, p.Column, d.Code))
		if d.Message == "" || strings.HasSuffix(d.Message, ".") || d.Message[0] >= 'A' && d.Message[0] <= 'Z' {
			t.Errorf("message %q: want lowercase without a trailing period", d.Message)
		}
	}
	return out
}

const digestOfInsecure = "$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng"

// assumptions is the usual Assumptions list: lines 3–6 of the fixture.
func (f *fixture) assumptions(app, authelia, id, secret string) {
	f.heading("Assumptions")
	for _, kv := range [][2]string{{"Application Root URL", app}, {"Authelia Root URL", authelia}, {"Client ID", id}, {"Client Secret", secret}} {
		if kv[1] != "" {
			f.item(kv[0] + ": " + kv[1])
		}
	}
}

// clientYAML renders a minimal Authelia configuration with one client.
func clientYAML(id, secret string, redirects ...string) string {
	var b strings.Builder
	b.WriteString("identity_providers:\n  oidc:\n    clients:\n      - client_id: '" + id + "'\n")
	if secret != "" {
		b.WriteString("        client_secret: '" + secret + "'\n")
	}
	if len(redirects) > 0 {
		b.WriteString("        redirect_uris:\n")
		for _, r := range redirects {
			b.WriteString("          - '" + r + "'\n")
		}
	}
	return b.String()
}

const (
	appRoot  = "https://app.example.com/"
	authRoot = "https://auth.example.com/"
	sv       = `{{< sitevar name="domain" nojs="example.com" >}}`
)

func TestChecker(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		build func(f *fixture)
		want  []string
	}{
		{"clean", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("shell", ".env", "APP_CLIENT_ID=app\nAPP_CLIENT_SECRET=\"insecure_secret\"\nAPP_REDIRECT_URI=https://app.example.com/cb\nAPP_ISSUER=https://auth.example.com\n")
		}, nil},
		{"app URL on another scheme", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "APP_CLIENT_ID=app\nROOT_URL=http://app.example.com\n")
		}, []string{"17:10 consistency-app-url"}},
		{"app URL on another port, camelCase in JSON", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("json", "config.json", "{\"clientId\": \"app\", \"publicUrl\": \"https://app.example.com:8443/\"}\n")
		}, []string{"16:35 consistency-app-url"}},
		{"app URL on a subdomain of the root", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "app.yml", "app:\n  base_url: https://www.app.example.com\n")
		}, []string{"17:13 consistency-app-url"}},
		{"app URL agrees with the redirect URIs, the assumption is the odd one", func(f *fixture) {
			f.assumptions("https://app.example.com:8443/", authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "APP_URL=https://app.example.com\n")
		}, []string{"3:25 consistency-redirect-uri-root"}},
		{"app URL with a path under the root, default port spelt", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "BASE_URL=https://APP.example.com:443/wiki\n")
		}, nil},
		{"app URL of an unrelated or internal host", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "PUBLIC_URL=https://cdn.example.net\nAPP_URL=http://localhost:3000\n")
		}, nil},
		{"provider's own URL keys are not the app's", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OAUTH_PROVIDER_BASE_URL=https://auth.example.com\nREDIRECT_BASE_URL=https://app.example.com\n")
		}, nil},
		{"issuer in a YAML document held in a literal block", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "argocd-cm.yaml", "data:\n  oidc.config: |\n    name: 'Authelia'\n    issuer: 'https://sso.example.com'\n    clientID: 'app'\n")
		}, []string{"19:14 consistency-issuer"}},
		{"client id in a block inside a block, after a blank line", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "values.yaml", "configs:\n  cm:\n    config.yaml: |-\n\n      oidc:\n        setting: |\n          client_id: apq\n          issuer: https://auth.example.com\n      name: x\n")
		}, []string{"22:22 consistency-client-id"}},
		{".env held in a literal block", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "secret.yaml", "stringData:\n  app.env: |\n    OIDC_CLIENT_ID=app\n    OIDC_REDIRECT_URI=\"https://app.example.com/cb/\"\n")
		}, []string{"19:24 consistency-redirect-uri"}},
		{"folded blocks and prose blocks are not documents", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "values.yaml", "a: >\n  issuer: https://sso.example.com\n  client_id: x\nb: |\n  Set the issuer: https://sso.example.com\n")
		}, nil},
		{"an id-like key equal to the client_id outvotes a wrong assumption", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "Awx", "")
			f.code("yaml", "configuration.yml", clientYAML("awx", "", "https://app.example.com/cb"))
			f.heading("Application")
			f.item("OIDC Key: awx")
		}, []string{"5:14 consistency-client-id"}},
		{"an OIDC_CLIENT variable equal to the client_id outvotes a wrong assumption", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "photoprism-app", "")
			f.code("yaml", "configuration.yml", clientYAML("photoprism", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "PHOTOPRISM_OIDC_CLIENT=photoprism\n")
		}, []string{"5:14 consistency-client-id"}},
		{"registered redirect URI is the odd one out: stated twice by the application", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/oauth/cb"))
			f.code("shell", ".env", "APP_REDIRECT_URI=https://app.example.com/api/oauth/cb\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      APP_REDIRECT_URI: https://app.example.com/api/oauth/cb\n")
		}, []string{"12:14 consistency-redirect-uri"}},
		{"registered redirect URI is the odd one out: off the Application Root URL", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com:8443/cb"))
			f.code("json", "config.json", "{\"redirect_url\": \"https://app.example.com/cb\"}\n")
		}, []string{"12:14 consistency-redirect-uri"}},
		{"a redirect URI stated once, both under the root: the application's is reported", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "APP_REDIRECT_URI=https://app.example.com/cbs\n")
		}, []string{"16:18 consistency-redirect-uri"}},
		{"two registered near misses: the application's is reported", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/a", "https://app.example.com/b"))
			f.code("shell", ".env", "APP_REDIRECT_URI=https://app.example.com/c\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      APP_REDIRECT_URI: https://app.example.com/c\n")
		}, []string{"17:18 consistency-redirect-uri", "24:25 consistency-redirect-uri"}},
		{"YAML configuration in a shell fence", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", "", "oidc-enabled: true\noidc-client-id: 'apps'\noidc-issuer: 'https://auth.example.com'\n")
		}, []string{"17:18 consistency-client-id"}},
		{"options of a command in a shell fence", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("bash", "", "docker run -e OIDC_CLIENT_ID=app \\\n  --oidc-redirect-uri='https://app.example.com/cb/' image\n")
		}, []string{"17:24 consistency-redirect-uri"}},
		{"a bare Id beside a bare Secret is a client id", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("json", "config.json", "{\"GitLabSettings\": {\"Id\": \"app-app\", \"Secret\": \"s\"}}\n")
		}, []string{"16:28 consistency-client-id"}},
		{"an oauth2 key beside an oauth2 secret is a client id", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("python", "flowerconfig.py", "oauth2_key = 'flower'\noauth2_secret = 's'\n")
		}, []string{"16:15 consistency-client-id"}},
		{"a key beside a secret and a client id is not another client id", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("python", "config.py", "oidc_client_id = 'app'\noidc_client_secret = 's'\noidc_signing_key = 'k123'\n")
		}, nil},
		{"a snippet with a wrong client id gets no option findings", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb")+"      - client_id: 'app-cli'\n        public: true\n")
			f.code("yaml", "cm.yaml", "clientID: 'app-x'\nclientSecret: 'insecure_secret'\ncliClientID: 'app-cli'\n")
		}, []string{"19:12 consistency-client-id"}},
		{"one of several client_ids is the odd one out", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "", "")
			f.code("yaml", "configuration.yml", clientYAML("oics", "")+"      - client_id: 'other'\n")
			f.code("shell", ".env", "WEB_CLIENT_ID=ocis\n")
			f.code("yaml", "compose.yml", "services:\n  ocis:\n    environment:\n      WEB_CLIENT_ID: 'ocis'\n")
		}, []string{"9:21 consistency-client-id"}},
		{"one of several client_ids renamed, stated once: the statement is reported", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "", "")
			f.code("yaml", "configuration.yml", clientYAML("app-web", "")+"      - client_id: 'other'\n")
			f.code("shell", ".env", "WEB_CLIENT_ID=app\n")
		}, []string{"14:15 consistency-client-id"}},
		{"two redirect URIs on one origin outvote the Application Root URL", func(f *fixture) {
			f.assumptions("https://sso.app.example.com/", authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb", "https://app.example.com/mobile"))
		}, []string{"3:25 consistency-redirect-uri-root"}},
		{"one redirect URI off the Application Root URL is the one reported", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://sso.app.example.com/cb"))
		}, []string{"12:14 consistency-redirect-uri-root"}},
		{"sitevar values compare as the reader sees them", func(f *fixture) {
			f.assumptions("https://app."+sv+"/", "https://auth."+sv+"/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app."+sv+"/cb"))
			f.code("shell", ".env", "APP_REDIRECT_URI=https://app.example.com/cb\nAPP_ISSUER=https://auth."+sv+"\n")
		}, nil},
		{"sitevar with another value", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app."+sv+"/cb"))
			f.code("shell", ".env", "APP_REDIRECT_URI=https://app.example.org/cb\n")
		}, []string{"14:18 consistency-redirect-uri"}},
		{"plaintext secret differs from the assumption", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", "other_secret"))
		}, []string{"10:25 consistency-secret"}},
		{"undecodable digest is check/authelia's", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", "$pbkdf2-sha512$310000$c8p7!!$JNRB"))
		}, nil},
		{"placeholder digest", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", "$pbkdf2-sha512$310000$..."))
		}, nil},
		{"elided digest", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure[:60]+"..."))
		}, []string{"10:25 consistency-secret-elided"}},
		{"elided in the middle, no secret stated", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure[:50]+"..."+digestOfInsecure[100:]))
		}, []string{"9:25 consistency-secret-elided"}},
		{"elided with an ellipsis character", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", "$6$rounds=5000$cV5iDMUNrHC624/j$uA4.9Ecj/wCohxQMyS/hi.0qBxVlj9f/CZ.6OA…"))
		}, []string{"10:25 consistency-secret-elided"}},
		{"elided digest the app-side secret is checked against", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure[:60]+"..."))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_CLIENT_SECRET=insecure_secret\n")
		}, []string{"9:25 consistency-secret-elided"}},
		{"complete digest with dots in it", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", dottedDigest(t)))
		}, nil},
		{"complete digest with dots in it, wrong secret", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret2")
			f.code("yaml", "configuration.yml", clientYAML("app", dottedDigest(t)))
		}, []string{"10:25 consistency-secret-elided"}},
		{"digest too costly to verify", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", "$2y$31$I2BhWFvUq/bxkKlob4XWPebZCoMxF/UI5Y1SGuOcfc3mWB1UiHIGG"))
		}, []string{"10:25 consistency-secret-unverified"}},
		{"app secret against a costly digest and a wrong one", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "$argon2id$v=19$m=4194304,t=3,p=4$VXg0yrirjZ0crxmCdCe8DA$iQ8hSj3BQc45DXofwfLCwRC")+
				"      - client_id: 'app'\n        client_secret: '$plaintext$other'\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_CLIENT_SECRET=insecure_secret\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_CLIENT_ID: app\n      OIDC_CLIENT_SECRET: insecure_secret\n")
		}, []string{"9:25 consistency-secret-unverified"}},
		{"public client has no secret to compare", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        client_secret: 'x'\n")
		}, nil},
		{"several clients and an assumption that names none", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("web", "")+"      - client_id: 'cli'\n")
		}, []string{"3:14 consistency-client-id"}},
		{"an app id of a second client is fine", func(f *fixture) {
			f.assumptions("", "", "web", "")
			f.code("yaml", "configuration.yml", clientYAML("web", "")+"      - client_id: 'cli'\n")
			f.code("shell", ".env", "WEB_CLIENT_ID=web\nCLI_CLIENT_ID=cli\nOTHER_CLIENT_ID=desktop\n")
		}, []string{"15:17 consistency-client-id"}},
		{"alternatives share a client_id", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/one"))
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/two"))
			f.code("php", "config.php", "'oidc_redirect_uri' => 'https://app.example.com/two',\n")
		}, nil},
		{"redirect checked against the snippet's own client", func(f *fixture) {
			f.assumptions("", "", "web", "")
			f.code("yaml", "configuration.yml", clientYAML("web", "", "https://app.example.com/web")+"      - client_id: 'cli'\n        redirect_uris: ['http://127.0.0.1:8080/cb']\n")
			f.code("json", "", "{\n  \"client_id\": \"cli\",\n  \"redirect_uri\": \"https://app.example.com/web\",\n  \"loopback_redirect_url\": \"http://127.0.0.1:9999/cb\"\n}\n")
		}, []string{"18:20 consistency-redirect-uri"}},
		{"trailing slash matters for redirect URIs", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "config.yaml", "oidc:\n  callback_url: 'https://app.example.com/cb/'\n")
		}, []string{"15:18 consistency-redirect-uri"}},
		{"logout redirects are not redirect_uris", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "POST_LOGOUT_REDIRECT_URI=https://app.example.com/\nNEXTAUTH_URL=https://app.example.com\n")
		}, nil},
		{"redirect under another root path", func(f *fixture) {
			f.assumptions("https://example.com/app/", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://example.com/app/cb", "http://example.com/app/cb", "https://example.com/other/cb", "https://elsewhere.example.com/cb", "app://cb"))
		}, []string{"12:14 consistency-redirect-uri-root", "13:14 consistency-redirect-uri-root"}},
		{"issuer on another host", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("ini", "app.ini", "[auth.generic_oauth]\nclient_id = app\nauth_url = https://login.example.com/api/oidc/authorization\ntoken_url = http://authelia:9091/api/oidc/token\napi_url = https://elsewhere.example.com/\n")
		}, []string{"9:12 consistency-issuer"}},
		{"discovery URL, scheme and port", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "config.yml", "oidc:\n  discovery_url: 'https://auth.example.com:443/.well-known/openid-configuration'\n  issuer: 'http://auth.example.com'\n  server_url: 'https://app.example.com'\n")
		}, []string{"9:12 consistency-issuer"}},
		{"an endpoint on the application's own origin beside its client id", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "config.yml", "openid:\n  providers:\n    - name: authelia\n      authurl: 'https://app.example.com'\n      clientid: app\n")
		}, []string{"10:17 consistency-issuer"}},
		{"a Kubernetes env list and .env name one variable two ways", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "APP_OIDC_CLIENT_ID=app\nAPP_OIDC_PROVIDER_URL=https://auth.example.com\n")
			f.code("yaml", "values.yaml", "env:\n  - name: 'APP_OIDC_CLIENT_ID'\n    value: 'app'\n  - name: 'APP_OIDC_PROVIDER_URI'\n    value: 'https://auth.example.com'\n")
		}, []string{"16:13 consistency-env-name"}},
		{"a systemd unit's Environment= lines are the service's variables", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "APP_OIDC_CLIENT_ID=app\nAPP_OIDC_PROVIDER_URL=https://auth.example.com\n")
			f.code("ini", "/etc/systemd/system/app.service.d/oidc.conf", "[Service]\nEnvironment=\"APP_OIDC_CLIENT_ID=ap\"\nEnvironment=APP_OIDC_PROVIDR_URL=https://auth.example.com X=1\n")
		}, []string{"22:33 consistency-client-id", "23:34 consistency-env-name"}},
		{"a systemd drop-in and compose.yml name one variable two ways", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      APP_OIDC_CLIENT_ID: 'app'\n      APP_OIDC_PROVIDR_URL: 'https://auth.example.com'\n")
			f.code("ini", "app.service", "[Service]\nEnvironment=APP_OIDC_CLIENT_ID=app\nEnvironment=APP_OIDC_PROVIDER_URL=https://auth.example.com\n")
		}, []string{"11:30 consistency-env-name"}},
		{"a .env variable in lower case against compose.yml's capitals", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "APP_OIDC_CLIENT_ID=app\napp_oidc_provider_url=https://auth.example.com\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      APP_OIDC_CLIENT_ID: 'app'\n      APP_OIDC_PROVIDER_URL: 'https://auth.example.com'\n")
		}, []string{"8:23 consistency-env-name"}},
		{"a .env variable in lower case among capitals", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "APP_OIDC_CLIENT_ID=app\nAPP_OIDC_ISSUER=https://auth.example.com\napp_oidc_button_text=Authelia\nAPP_URL=https://app.example.com\n")
		}, []string{"9:1 consistency-env-case"}},
		{"a .env variable of one word in lower case among capitals", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "url=https://app.example.com\nOIDC_CLIENT_ID=app\nOIDC_CLIENT_SECRET=s\nOIDC_AUTH_URI=https://auth.example.com/api/oidc/authorization\n")
		}, []string{"7:1 consistency-env-case"}},
		{"a .env variable in lower case beside two capitals of its prefix", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "AUTH_OIDC_METADATA_URL=https://auth.example.com\nauth_oidc_client_id=app\nAUTH_OIDC_CLIENT_SECRET=s\n")
		}, []string{"8:1 consistency-env-case"}},
		{"a .env variable in lower case beside two capitals of other prefixes", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "PUID=1000\ntz_name=UTC\nAPP_URL=https://app.example.com\n")
		}, nil},
		{"a command's key=value argument capitalised among lower-case ones", func(f *fixture) {
			f.code("shell", "", "mc idp openid add myminio authelia \\\n  config_url=\"https://auth.example.com/.well-known/openid-configuration\" \\\n  Client_id=\"minio\" \\\n  client_secret=\"s\" \\\n  scopes=\"openid\"\n")
		}, []string{"4:3 consistency-key-case"}},
		{"a YAML key in capitals among lower-case ones", func(f *fixture) {
			f.code("yaml", "config.yml", "oidc:\n  client_id: app\n  CLIENT_SECRET: s\n  issuer: https://auth.example.com\n  scope: openid\n")
		}, []string{"4:3 consistency-key-case"}},
		{"camelCase among lower-case keys is a convention", func(f *fixture) {
			f.code("yaml", "config.yml", "oidc:\n  issuer: x\n  redirectUrl: y\n  scopes: z\n  enabled: true\n")
		}, nil},
		{"an INI key capitalised: INI readers take keys in any case", func(f *fixture) {
			f.code("ini", "app.ini", "[oidc]\nissuer = x\nClient_id = y\nscopes = z\nenabled = true\n")
		}, nil},
		{"two capitalised keys are on purpose", func(f *fixture) {
			f.code("yaml", "config.yml", "oidc:\n  Issuer: x\n  Client_id: y\n  scopes: z\n  enabled: true\n  name: n\n")
		}, nil},
		{"a capitalised key beside two lower-case ones", func(f *fixture) {
			f.code("yaml", "config.yml", "oidc:\n  Issuer: x\n  scopes: z\n  enabled: true\n")
		}, nil},
		{"a .env of lower-case names on purpose", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "APP_OIDC_CLIENT_ID=app\nAPP_OIDC_ISSUER=https://auth.example.com\nhttp_proxy=http://proxy:3128\nno_proxy=localhost\nAPP_URL=https://app.example.com\n")
		}, nil},
		{"docker run -e variables and compose.yml name one variable two ways", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      APP_OIDC_CLIENT_ID: 'app'\n      APP_OIDC_PROVIDER_URL: 'https://auth.example.com'\n")
			f.code("shell", "", "docker run -d \\\n  -e APP_OIDC_CLIENT_ID=app \\\n  --env APP_OIDC_PROVIDR_URL=https://auth.example.com \\\n  app:latest\n")
		}, []string{"17:30 consistency-env-name"}},
		{"a Compose label's boolean, as a mapping and as a list", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "compose.yml", "services:\n  traefik:\n    labels:\n      traefik.http.middlewares.oidc.plugin.oidc-auth.Provider.UsePkce: 'fals'\n  app:\n    labels:\n      - 'traefik.http.middlewares.o.plugin.oidc-auth.Provider.UsePkce=ture'\n      - 'traefik.enable=true'\n")
		}, []string{"10:73 consistency-bool-spelling", "13:71 consistency-bool-spelling"}},
		{"a systemd Environment= with its '=' doubled", func(f *fixture) {
			f.code("ini", "app.service", "[Service]\nEnvironment==\"APP_OIDC_CLIENT_ID=app\"\n")
		}, []string{"3:13 consistency-assign-doubled"}},
		{"a Caddyfile directive with its value lost", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "s3cret")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("caddyfile", "Caddyfile", "{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\tclient_id\n\t\t\tclient_secret s3cret\n\t\t}\n\t}\n}\n")
		}, []string{"20:13 consistency-client-id"}},
		{"a scope the client dropped whose claim the application reads", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        scopes:\n          - 'openid'\n          - 'profile'\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=openid profile email\nOIDC_EMAIL_CLAIM=email\n")
		}, []string{"13:14 consistency-scope"}},
		{"an Authelia Root URL assumption over http", func(f *fixture) {
			f.assumptions(appRoot, "http://auth.example.com/", "app", "")
			f.code("ini", "app.ini", "[auth.generic_oauth]\nclient_id = app\nauth_url = https://auth.example.com/api/oidc/authorization\n")
		}, []string{"4:22 consistency-issuer"}},
		{"a misspelt label of a Web GUI step", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.heading("Web GUI")
			f.item("Cleint ID: `app`")
		}, []string{"8:3 consistency-key-spelling"}},
		{"a client's redirect URI with a wildcard", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/*"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_REDIRECT_URI=https://app.example.com/cb\n")
		}, []string{"12:14 consistency-redirect-uri"}},
		{"generic keys need an oidc context", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("shell", ".env", "APP_SERVER_URL=https://cdn.example.net\nOIDC_SERVER_URL=https://sso.example.net\n")
		}, []string{"8:17 consistency-issuer"}},
		{"env and compose disagree", func(f *fixture) {
			f.assumptions("", "", "", "")
			f.code("shell", ".env", "A=1\nB='two'\nC=${HOST}\nD=x # comment\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      - A=1\n      - B=three\n      - C=other\n      - D=x\n      - E=only-here\n")
		}, []string{"15:11 consistency-env-compose"}},
		{"compose interpolation is not a value", func(f *fixture) {
			f.assumptions("", "", "", "")
			f.code("shell", ".env", "A=1\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      A: '${A}'\n")
		}, nil},
		{"one mistake, one diagnostic", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_CLIENT_SECRET=insecure_secret\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_CLIENT_ID: 'ap'\n      OIDC_CLIENT_SECRET: 'insecure'\n")
		}, []string{"22:24 consistency-client-id", "23:28 consistency-secret"}},
		{"php, json and js keys", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", ""))
			f.code("php", "config.php", "$CONFIG = array (\n  'oidc_login_client_id' => 'app2',\n  'oidc_login_client_secret' => getenv('X'),\n);\n")
			f.code("json", "settings.json", "{\"openid\": {\"clientId\": \"app\", \"clientSecret\": \"bad\"}}\n")
			f.code("js", "settings.js", "  clientID: process.env.ID,\n  clientSecret: 'insecure_secret',\n")
		}, []string{"14:30 consistency-client-id", "20:49 consistency-secret"}},
		{"bare secret beside a client id, inside a JSON variable", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("shell", ".env", `PROVIDERS={"apps":[{"client_id":"app","secret":"wrong"}]}`+"\nOTHER={\"secret\":\"not-a-client\"}\n")
		}, []string{"6:49 consistency-secret"}},
		{"kubernetes env lists", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", ""))
			f.code("yaml", "deployment.yaml", "env:\n  - name: OIDC_CLIENT_ID\n    value: 'other'\n  - name: OIDC_CLIENT_SECRET\n    valueFrom: {secretKeyRef: {name: x}}\n")
		}, []string{"14:13 consistency-client-id"}},
		{"kubernetes secret data is base64", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "secret.yaml", "kind: Secret\ndata:\n  oidc-secret: 'aW5zZWN1cmVfc2VjcmV0'\nstringData:\n  oidc-secret: 'insecure_secret'\n")
		}, nil},
		{"placeholders are not values", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "A_CLIENT_ID=<client id>\nB_CLIENT_ID=${ID}\nA_CLIENT_SECRET=$SECRET\nB_CLIENT_SECRET=/run/secrets/oidc\nC_CLIENT_SECRET=********\nA_REDIRECT_URI=/relative/cb\nB_REDIRECT_URI=https://app.example.com/<tenant>/cb\nA_DOMAIN=auth.example.com\nA_TRUSTED_URIS=auth.example.com\n")
		}, nil},
		// An issuer or endpoint without its scheme is no placeholder: the
		// application cannot reach Authelia with it.
		{"provider URLs without a scheme", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "A_ISSUER=auth.example.com\nA_TOKEN_URL=auth.example.com/api/oidc/token\n")
		}, []string{"16:10 consistency-issuer", "17:13 consistency-issuer"}},
		{"an empty secret, a name for an id, an id in quotes", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("ini", "app.ini", "[oauth]\nclient_id = app\nclient_secret =\n")
			f.heading("Web GUI")
			f.item("Client ID: `My App`")
			f.item("Client ID: `'app'`")
		}, []string{"20:16 consistency-secret", "25:15 consistency-client-id", "26:15 consistency-client-id"}},
		{"a digest comment that names another secret", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        client_secret: '"+digestOfInsecure+"'  # The digest of 'other_secret'.\n")
		}, []string{"12:176 consistency-digest-comment"}},
		{"the application given the digest", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_CLIENT_ID: 'app'\n      OIDC_CLIENT_SECRET: '"+digestOfInsecure+"'\n      OIDC_TOKEN: '$TOKEN'\n")
		}, []string{"22:28 consistency-secret"}},
		{"an Authelia Root URL with a path the application's URLs are not under", func(f *fixture) {
			f.assumptions(appRoot, "https://auth.example.com/authelia/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\nOIDC_TOKEN_URL=https://auth.example.com/api/oidc/token\n")
		}, []string{"4:22 consistency-issuer"}},
		{"an Authelia Root URL with a path the application uses", func(f *fixture) {
			f.assumptions(appRoot, "https://auth.example.com/authelia/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com/authelia\n")
		}, nil},
		{"an Application Root URL with a path nothing is under", func(f *fixture) {
			f.assumptions("https://app.example.com/sso/", authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/oauth/callback"))
		}, []string{"3:25 consistency-redirect-uri-root"}},
		{"an XML configuration file", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("xml", "config.xml", "<config>\n  <oidc>\n    <ClientId>app</ClientId>\n    <ClientSecret>insecure-secret</ClientSecret>\n  </oidc>\n</config>\n")
		}, []string{"21:19 consistency-secret"}},
		{"authorization and token endpoints swapped", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_AUTH_URI=https://auth.example.com/api/oidc/token\nOIDC_TOKEN_URI=https://auth.example.com/api/oidc/authorization\nVIKUNJA_AUTHURL=https://auth.example.com\n")
		}, []string{"17:15 consistency-issuer", "18:16 consistency-issuer"}},
		{"a JSON object typed into a field", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.heading("Web GUI")
			f.item(`Settings: ` + "`" + `{"server_url":"auth.example.com/.well-known/openid-configuration"}` + "`")
		}, []string{"17:29 consistency-issuer"}},
		{"quotes inside a Compose list entry are part of the value", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      - OIDC_CLIENT_ID='app'\n")
		}, []string{"19:24 consistency-client-id"}},
		{"an option given an empty value on a command line", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("shell", "", "app serve \\\n  --client-id=app \\\n  --client-secret= \\\n  --verbose\n")
		}, []string{"20:19 consistency-secret"}},
		{"the client's refused values are the provider's findings", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: false\n        token_endpoint_auth_method: 'none'\n        pkce_challenge_method: 'plain'\n        redirect_uris:\n          - 'app.example.com/cb'\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_TOKEN_AUTH_METHOD=client_secret_basic\nOIDC_PKCE_METHOD=S256\nOIDC_REDIRECT_URI=https://app.example.com/cb\n")
		}, nil},
		{"a keyword list inside an Elixir tuple", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("elixir", "config.exs", "config :ueberauth, Ueberauth,\n  providers: [\n    keycloak: {Ueberauth.Strategy.Keycloak, [default_scope: \"openid e-mail profile\"]}\n  ]\n")
		}, []string{"18:62 consistency-scope"}},
		{"docker run -e with an empty value", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("shell", "", "docker run \\\n  -e OIDC_CLIENT_ID=app \\\n  -e OIDC_CLIENT_SECRET= \\\n  app:latest\n")
		}, []string{"20:25 consistency-secret"}},
		{"instructions are app-side values", func(f *fixture) {
			f.assumptions("", "", "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure))
			f.heading("Web GUI")
			f.item("Client ID (Key): app.")
			f.item("Client Secret: the secret you generated")
			f.item("Client secret: insecure-secret")
		}, []string{"17:18 consistency-secret"}},
		{"malformed configuration is skipped", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'x\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=y\n")
		}, nil},
		{"malformed app YAML is skipped", func(f *fixture) {
			f.assumptions("", "", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", ""))
			f.code("yaml", "app.yml", "client_id: [x\n")
		}, nil},
		{"a stray blank inside a quoted client id and a secret in a code span", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "insecure_secret")
			f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure, "https://app.example.com/cb"))
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_CLIENT_ID: 'app '\n")
			f.heading("Web GUI")
			f.item("Client Secret: ` insecure_secret`")
		}, []string{"21:24 consistency-client-id", "26:19 consistency-secret"}},
		{"a scope both .env and compose.yml request is one finding on the client", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        scopes:\n          - 'openid'\n          - 'profile'\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=openid profile email\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_CLIENT_ID: 'app'\n      OIDC_SCOPES: 'openid profile email'\n")
		}, []string{"14:14 consistency-scope"}},
		{"an INI scope list is the whole line", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        scopes: ['openid', 'profile']\n")
			f.code("ini", "app.ini", "[auth.generic_oauth]\nclient_id = app\nscopes = openid profile email ; the claims\n")
		}, []string{"18:10 consistency-scope"}},
		{"an http Authelia URL in .env against https in compose.yml and the assumption", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_BASE_URL=http://auth.example.com\n")
			f.code("yaml", "compose.yml", "services:\n  app:\n    environment:\n      OIDC_CLIENT_ID: 'app'\n      OIDC_BASE_URL: 'https://auth.example.com'\n")
		}, []string{"17:15 consistency-issuer"}},
		{"a scope of a YAML list the client does not grant", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        scopes: ['openid', 'profile']\n")
			f.code("yaml", "config.yaml", "oidc:\n  client-id: 'app'\n  scopes: ['openid', 'profile', 'email']\n")
		}, []string{"18:34 consistency-scope"}},
		{"a digest of another secret than .env, compose.yml and its comment state", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        client_secret: '"+digestOfInsecure+"'  # The digest of 'other_secret'.\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_CLIENT_SECRET=other_secret\n")
		}, []string{"11:25 consistency-secret"}},
		{"an application's own configuration.yml is the application's", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("yaml", "configuration.yml", "external-url: https://app.example.com\noidc.client-key: apq\n")
		}, []string{"17:18 consistency-client-id"}},
		{"a scope of a JavaScript array the client does not grant", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        scopes: ['openid', 'email']\n")
			f.code("js", "settings.js", "module.exports = {\n  clientID: 'app',\n  scope: ['openid', \"email\", 'groups'],\n}\n")
		}, []string{"18:11 consistency-scope"}},
		{"an Authelia Root URL with a port written nowhere else against one issuer: the assumption", func(f *fixture) {
			f.assumptions(appRoot, "https://auth.example.com:8443/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n")
		}, []string{"4:22 consistency-issuer"}},
		{"an Authelia Root URL with a port the guide writes elsewhere against one issuer: one root cause, the issuer", func(f *fixture) {
			f.assumptions(appRoot, "https://auth.example.com:8443/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n")
			f.code("shell", "", "curl https://auth.example.com:8443/api/health\n")
		}, []string{"17:13 consistency-issuer"}},
		{"an Authelia Root URL whose host misspells auth against one issuer: the assumption alone", func(f *fixture) {
			f.assumptions(appRoot, "https://atuh.example.com/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://auth.example.com\n")
		}, []string{"4:22 consistency-issuer"}},
		{"an issuer whose host misspells sso against the assumption: the issuer alone", func(f *fixture) {
			f.assumptions(appRoot, "https://sso.example.com/", "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_ISSUER=https://ssso.example.com\n")
		}, []string{"17:13 consistency-issuer"}},
		{"a client scope list against one request: one root cause, the request", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        public: true\n        scopes:\n          - 'openid'\n          - 'profile'\n")
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nOIDC_SCOPES=openid profile email\n")
		}, []string{"19:13 consistency-scope"}},
		{"a sentence names the auth method the application uses: the client's explicit method is mended", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        token_endpoint_auth_method: 'client_secret_basic'\n")
			f.heading("Application")
			f.codeItem("The app authenticates to the token endpoint with `client_secret_post`.")
		}, []string{"11:38 consistency-auth-method"}},
		{"a sentence weighing two auth methods states neither", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        token_endpoint_auth_method: 'client_secret_basic'\n")
			f.heading("Application")
			f.codeItem("The app supports `client_secret_post` as well.")
		}, nil},
		{"Authelia's host on another port", func(f *fixture) {
			f.assumptions(appRoot, authRoot, "app", "")
			f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
			f.code("shell", ".env", "OIDC_CLIENT_ID=app\nSETTINGS_URL=https://auth.example.com:9091/.well-known/openid-configuration\n")
		}, []string{"17:14 consistency-issuer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fixture
			tt.build(&f)
			if got := f.run(t, v); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q\n%s", got, tt.want, numbered(f.content))
			}
		})
	}
}

// numbered renders content with line numbers, to read failures.
func numbered(content []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(content), "\n") {
		fmt.Fprintf(&b, "%3d %s\n", i+1, l)
	}
	return b.String()
}

// dottedDigest is a complete sha256crypt digest of insecure_secret whose
// salt holds "...", as one in a few thousand generated digests does.
func dottedDigest(t *testing.T) string {
	h, err := shacrypt.New(shacrypt.WithSHA256(), shacrypt.WithIterations(1000))
	if err != nil {
		t.Fatal(err)
	}
	d, err := h.HashWithSalt("insecure_secret", []byte("ab...cdefgh"))
	if err != nil {
		t.Fatal(err)
	}
	return d.Encode()
}

// TestCheckerBudget checks that a digest left unverified for want of
// budget is reported, with a hint to raise it.
func TestCheckerBudget(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""), digest.WithBudget(0))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	f.assumptions("", "", "app", "insecure_secret")
	f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure))
	l := f.diags(t, v, nil)
	if len(l) != 1 || l[0].Code != "consistency-secret-unverified" || l[0].Severity != diag.Warning || !strings.Contains(l[0].Hint, "--digest-budget") ||
		!strings.Contains(l[0].Message, "budget of 0s") {
		t.Errorf("got %v", l)
	}
}

// TestCheckerCanceled checks that an abandoned run does not wait for a
// verification, and reports nothing it did not verify.
func TestCheckerCanceled(t *testing.T) {
	v, err := digest.NewVerifier(digest.WithCacheFile(""))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var f fixture
	f.assumptions("", "", "app", "insecure_secret2")
	f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure))
	if l := f.diags(t, v, ctx); len(l) != 0 {
		t.Errorf("got %v", l)
	}
}

// TestCheckerWithoutVerifier checks that a nil Verifier skips digests but
// still compares plaintext secrets.
func TestCheckerWithoutVerifier(t *testing.T) {
	var f fixture
	f.assumptions("", "", "app", "insecure_secret")
	f.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure)+"      - client_id: 'app'\n        client_secret: '$plaintext$other'\n      - client_id: 'app'\n        client_secret: '$plaintext$'\n")
	f.code("shell", ".env", "OIDC_CLIENT_SECRET=wrong\n")
	want := []string{"12:25 consistency-secret", "18:20 consistency-secret"}
	if got := f.run(t, nil); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q\n%s", got, want, numbered(f.content))
	}
}
