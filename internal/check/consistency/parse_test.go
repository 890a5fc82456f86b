package consistency

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

func TestParseEnv(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		names  []string
		values []string
	}{
		{"A=1\nB=two\n", true, []string{"A", "B"}, []string{"1", "two"}},
		{"# comment\n\nexport A=1\n", true, []string{"A"}, []string{"1"}},
		{"A='x y' # c\nB=\"a\\\"b\"\n", true, []string{"A", "B"}, []string{"x y", `a"b`}},
		{"A=x # comment\nB=x#not-a-comment\n", true, []string{"A", "B"}, []string{"x", "x#not-a-comment"}},
		{"A=\nB=''\n", true, []string{"A", "B"}, []string{"", ""}},
		{"A=1\r\n", true, []string{"A"}, []string{"1"}},
		{"docker compose up -d\nA=1\n", false, []string{"A"}, []string{"1"}},
		{"A = 1\n", false, nil, nil},
		{"A='unterminated\n", false, nil, nil},
		{"A='x' trailing\n", false, nil, nil},
		{"1A=x\n", false, nil, nil},
		{"", false, nil, nil},
		// A quoted value may span lines, as docker compose reads it (a
		// PEM key): the old parser of this package took the snippet for
		// a shell script and lost every variable after it.
		{"A=1\nKEY=\"-----BEGIN\nx\n-----END\"\nB=2\n", true, []string{"A", "KEY", "B"}, []string{"1", "-----BEGIN\nx\n-----END", "2"}},
		{"A=\"\\$HOME\"\n", true, []string{"A"}, []string{"$HOME"}},
	}
	for _, tt := range tests {
		lines, ok := parseEnv([]byte(tt.in))
		if ok != tt.ok || len(lines) != len(tt.names) {
			t.Errorf("parseEnv(%q) = %+v, %v; want %d lines, %v", tt.in, lines, ok, len(tt.names), tt.ok)
			continue
		}
		for i, l := range lines {
			if l.Name != tt.names[i] || l.Value != tt.values[i] {
				t.Errorf("parseEnv(%q)[%d] = %s=%q, want %s=%q", tt.in, i, l.Name, l.Value, tt.names[i], tt.values[i])
			}
			if raw := tt.in[l.ValueSpan.Start:l.ValueSpan.End]; l.Raw != (raw == l.Value) {
				t.Errorf("parseEnv(%q)[%d]: Raw = %v but span holds %q", tt.in, i, l.Raw, raw)
			}
		}
	}
}

func TestScanAssignments(t *testing.T) {
	in := "[auth.generic_oauth]\n" +
		"client_id = grafana\n" +
		"  'oidc_login_client_id' => 'nextcloud',\n" +
		"clientSecret: \"s\\\"x\", // comment\n" +
		"url = 'https://' . $host,\n" +
		"issuer: System.get_env(\"X\")\n" +
		"[server]\n" +
		"name=\n" +
		"key: 'unterminated\n" +
		"oauth2.scopes=openid,profile,email\n"
	want := []assignment{
		{Section: "auth.generic_oauth", Key: "client_id", Value: "grafana", Raw: true},
		{Section: "auth.generic_oauth", Key: "oidc_login_client_id", Value: "nextcloud", Quoted: true, Raw: true},
		{Section: "auth.generic_oauth", Key: "clientSecret", Value: `s"x`, Quoted: true},
		{Section: "auth.generic_oauth", Key: "issuer", Value: "System.get_env(\"X\")", Raw: true},
		{Section: "server", Key: "name", Value: "", Raw: true}, // an empty INI value
		{Section: "server", Key: "oauth2.scopes", Value: "openid,profile,email", Raw: true},
	}
	got := scanAssignments([]byte(in))
	nested := scanAssignments([]byte("return [\n  'clients' => [\n    'oidc' => array(\n      'domain' => 'https://a',\n    ),\n  ],\n  'x' => 'y',\n];\nconst c = {\n  sso: {\n    host: \"h\",\n  },\n};\n"))
	var secs []string
	for _, a := range nested {
		secs = append(secs, a.Section+"/"+a.Key)
	}
	if strings.Join(secs, " ") != ".clients.oidc/domain /x .sso/host" {
		t.Errorf("nested sections: %q", secs)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d assignments %+v, want %d", len(got), got, len(want))
	}
	for i, a := range got {
		w := want[i]
		if a.Section != w.Section || a.Key != w.Key || a.Value != w.Value || a.Quoted != w.Quoted || a.Raw != w.Raw {
			t.Errorf("assignment %d = %+v, want %+v", i, a, w)
		}
		if a.Raw && in[a.ValueSpan.Start:a.ValueSpan.End] != a.Value {
			t.Errorf("assignment %d span holds %q", i, in[a.ValueSpan.Start:a.ValueSpan.End])
		}
	}
}

func TestClassifyKey(t *testing.T) {
	tests := []struct {
		parents, key string
		want         kind
	}{
		{"", "OIDC_CLIENT_ID", kindClientID},
		{"", "Client Secret Key", kindSecret},
		{"oidc", "Secret Key", kindSecret},
		{"", "SECRET_KEY", kindNone},
		{"", "OID Secret", kindSecret},
		{"openidconnect", "App ID", kindClientID},
		{"", "APP_ID", kindNone},
		{"oidc", "APP_ID_TOKEN", kindNone},
		{"", "clientId", kindClientID},
		{"", "client-id", kindClientID},
		{"", "'oidc_login_client_id'", kindClientID},
		{"", "oidc.client.id", kindClientID},
		{"", "OIDC_CLIENT_SECRET", kindSecret},
		{"", "OIDC_CLIENT_SECRET_FILE", kindNone},
		{"", "PHOTOPRISM_OIDC_SECRET", kindSecret},
		{"", "SESSION_SECRET", kindNone},
		{"", "secret", kindNone},
		{"", "OIDC_REDIRECT_URI", kindRedirect},
		{"", "KOMODO_OIDC_PROVIDER", kindIssuer},
		{"", "oidc_provider", kindIssuer},
		{"", "PROVIDER", kindNone},
		{"", "AUTH_PROVIDERS", kindNone},
		{"", "logoutFromOpenidProvider", kindNone},
		{"", "PENPOT_OIDC_BASE_URI", kindIssuer},
		{"", "BASE_URL", kindAppURL},
		{"", "REDIRECT_BASE_URL", kindNone},
		{"", "SOCIAL_AUTH_OIDC_KEY", kindNone},
		{"", "Client Identifier", kindClientID},
		{"OidConfigs", "OidEndpoint", kindIssuer},
		{"", "callbackURL", kindRedirect},
		{"", "POST_LOGOUT_REDIRECT_URI", kindNone},
		{"", "AUTH_SILENT_REDIRECT_URI", kindNone},
		{"", "REDIRECT_BASE_URL", kindNone},
		{"", "OIDC_ISSUER", kindIssuer},
		{"", "TRILIUM_OAUTH_ISSUER_NAME", kindNone},
		{"", "SSO_AUTHORITY", kindIssuer},
		{"", "OG_OIDC_DISCOVERY_URL", kindIssuer},
		{"", "server_url", kindAppURL}, // outside an OpenID Connect section: the application's own,
		{"openidconnectapps", "server_url", kindIssuer},
		{"", "OAUTH2_SERVER_URL", kindIssuer},
		{"", "JELLYSWEEP_SERVER_URL", kindAppURL},
		{"appconfigauthoidc", "endpoint", kindIssuer},
		{"", "OIDC Provider Endpoint", kindIssuer},
		{"", "endpoint", kindNone},
		{"oauthgeneric", "host", kindIssuer},
		{"", "host", kindNone},
		{"oauth", "callback_host", kindAppURL},
		{"oidc", "token_endpoint", kindEndpoint},
		{"clientsoidc", "domain", kindIssuer},
		{"", "cookie_domain", kindNone},
		{"", "PHOTOPRISM_OIDC_URI", kindIssuer},
		{"oidc", "cookie_domain", kindNone},
		{"oidc", "JWKS Endpoint", kindNone},
		{"oidc", "Token Keys Endpoint", kindNone},
		{"", "OAUTH2_GENERIC_HOST", kindIssuer},
		{"", "OIDC_SERVER_APPLICATION_URL", kindIssuer},
		{"", "FLOWER_OAUTH2_AUTHELIA_BASE_URL", kindIssuer},
		{"", "GF_AUTH_GENERIC_OAUTH_AUTH_URL", kindEndpoint},
		{"", "NEXTAUTH_URL", kindNone},
		{"", "tokenEndpoint", kindEndpoint},
		{"", "api_url", kindNone},
	}
	for _, tt := range tests {
		if got := classifyKey(tt.parents, tt.key); got != tt.want {
			t.Errorf("classifyKey(%q, %q) = %v, want %v", tt.parents, tt.key, got, tt.want)
		}
	}
}

func TestFactValue(t *testing.T) {
	tests := []struct {
		text string
		want string // "" = no value
		l    label
	}{
		{"Client ID: romm", "romm", labelClientID},
		{"__Client ID:__ `romm`", "romm", labelClientID},
		{"**Client Secret:** `insecure_secret`", "insecure_secret", labelClientSecret},
		{"Client ID (Key): forgejo", "forgejo", labelClientID},
		{"client id: wallos.", "wallos", labelClientID},
		{"Client Secret: the secret you generated", "", labelClientSecret},
		{"Authelia Root URL: https://auth.example.com/", "https://auth.example.com/", labelAutheliaRoot},
		{"Application Root URL:", "", labelAppRoot},
		{"OIDC Client ID: x", "", labelClientID},
		{"CLI Client ID: x", "", labelClientID},
	}
	for _, tt := range tests {
		var m source.Map
		m.AddVerbatim(0, 100, len(tt.text))
		f, ok := parseFact(check.Text{Kind: check.Item, Text: tt.text, Map: &m})
		if got := f.Value.Text; ok != (tt.want != "") || got != tt.want || ok && f.Label != tt.l {
			t.Errorf("parseFact(%q) = %q (label %d), %v; want %q (label %d)", tt.text, got, f.Label, ok, tt.want, tt.l)
			continue
		}
		if ok {
			i := strings.Index(tt.text, tt.want)
			if f.Value.Span != (source.Span{Start: 100 + i, End: 100 + i + len(tt.want)}) {
				t.Errorf("parseFact(%q) span = %v", tt.text, f.Value.Span)
			}
		}
	}
}

func TestURLs(t *testing.T) {
	for _, tt := range []struct {
		got, want string
		match     bool
	}{
		{"https://a/cb", "https://a/cb", true},
		{"https://a/cb/", "https://a/cb", false},
		{"http://127.0.0.1:9/cb", "http://127.0.0.1:8/cb", true},
		{"http://localhost:9/cb", "http://localhost/cb", true},
		{"http://127.0.0.1:9/cb", "http://127.0.0.1:8/other", false},
		{"http://localhost:9/cb#x", "http://localhost:8/cb", false}, // a fragment is no port
		{"https://127.0.0.1:9/cb", "https://127.0.0.1:8/cb", false},
		{"app://cb", "app://cb", true},
	} {
		if got := redirectMatches(tt.got, tt.want); got != tt.match {
			t.Errorf("redirectMatches(%q, %q) = %v", tt.got, tt.want, got)
		}
	}
	for _, tt := range []struct {
		u, root string
		under   bool
	}{
		{"https://a.example/x", "https://a.example/", true},
		{"https://a.example", "https://a.example/", true},
		{"https://A.example:443/app/x", "https://a.example/app", true},
		{"https://a.example/application", "https://a.example/app", false},
		{"http://a.example/x", "https://a.example/", false},
		{"https://a.example:8443/x", "https://a.example/", false},
	} {
		u, _ := literalURL(tt.u)
		r, _ := literalURL(tt.root)
		if got := under(u, r); got != tt.under {
			t.Errorf("under(%q, %q) = %v", tt.u, tt.root, got)
		}
	}
	for s, want := range map[string]bool{"": true, "<id>": true, "${X}": true, "a b": true, "***": true, "x": false, "$pbkdf2-sha512$310000$...": true} {
		if got := isPlaceholder(s); got != want {
			t.Errorf("isPlaceholder(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"insecure_secret": true, "$SECRET": false, "${S}": false, "/run/secrets/x": false, "$$x": true} {
		if got := literalSecret(s); got != want {
			t.Errorf("literalSecret(%q) = %v", s, got)
		}
	}
}

func TestExcerpts(t *testing.T) {
	a := strings.Repeat("x", 100) + "AAA" + strings.Repeat("y", 100)
	b := strings.Repeat("x", 100) + "BBB" + strings.Repeat("y", 100)
	ea, eb := excerpts(a, b)
	if !strings.Contains(ea, "AAA") || !strings.Contains(eb, "BBB") || len(ea) > excerptLen+8 || !strings.HasPrefix(ea, "…") || !strings.HasSuffix(ea, "…") {
		t.Errorf("excerpts = %q, %q", ea, eb)
	}
	if ea, eb := excerpts("short", "other"); ea != "short" || eb != "other" {
		t.Errorf("short excerpts = %q, %q", ea, eb)
	}
	ea, _ = excerpts(strings.Repeat("é", 80), strings.Repeat("é", 79)+"e")
	if !utf8.ValidString(ea) {
		t.Errorf("excerpt splits a rune: %q", ea)
	}
}

func FuzzParseEnv(f *testing.F) {
	for _, s := range []string{"A=1\n", "export B='x' # c\n", "C=\"a\\\"b\"\r\n", "D=x #y\n", "E='\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		lines, _ := parseEnv([]byte(in))
		for _, l := range lines {
			sp := l.ValueSpan
			if sp.Start < 0 || sp.End > len(in) || sp.Start > sp.End {
				t.Fatalf("span %v out of %d bytes", sp, len(in))
			}
			if l.Raw && in[sp.Start:sp.End] != l.Value {
				t.Fatalf("raw value %q but span holds %q", l.Value, in[sp.Start:sp.End])
			}
		}
	})
}

func FuzzScanAssignments(f *testing.F) {
	for _, s := range []string{"[s]\nk = v\n", "'k' => 'v',\n", "k: \"v\\\"\", // c\n", "k = 'v' . $x\n",
		"scopes = openid profile email ; c\n", "scope: ['openid', \"email\"],\n", "k = a b, c\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, a := range scanAssignments([]byte(in)) {
			sp := a.ValueSpan
			if sp.Start < 0 || sp.End > len(in) || sp.Start > sp.End {
				t.Fatalf("span %v out of %d bytes", sp, len(in))
			}
			if a.Raw && in[sp.Start:sp.End] != a.Value {
				t.Fatalf("raw value %q but span holds %q", a.Value, in[sp.Start:sp.End])
			}
		}
	})
}

// FuzzChecker runs the whole checker on one arbitrary snippet beside a
// fixed Authelia client: whatever the text, it must not panic and every
// diagnostic must lie inside the guide.
func FuzzChecker(f *testing.F) {
	f.Add("yaml", "compose.yml", "services:\n  a:\n    environment:\n      - OIDC_CLIENT_ID=x\n")
	f.Add("shell", ".env", "PROVIDERS={\"client_id\":\"x\",\"secret\":\"y\",\"redirect_uri\":\"https://a/b\"}\n")
	f.Add("json", "", "{\"issuer\": \"https://x.example/\", \"a\": [[[{\"clientId\": 1}]]]}")
	f.Add("ini", "", "[oidc]\nserver_url = https://x.example\n")
	f.Add("yaml", "configuration.yml", "identity_providers: {oidc: {clients: [{client_id: a, redirect_uris: b}]}}\n")
	f.Add("yaml", "cm.yaml", "a: |\n  b: |-\n\n    issuer: https://x.example\n    client_id: y\n  c: d\n")
	f.Add("yaml", "s.yaml", "a: |\n    X_CLIENT_ID=y\n    X_REDIRECT_URI=\"https://a\\\"b\"\n")
	f.Fuzz(func(t *testing.T, lang, title, body string) {
		var fx fixture
		fx.assumptions("https://app.example.com/", "https://auth.example.com/", "app", "insecure_secret")
		fx.code("yaml", "configuration.yml", clientYAML("app", "insecure_secret", "https://app.example.com/cb"))
		fx.code(strings.ToLower(lang), strings.ReplaceAll(title, `"`, ""), body)
		file := source.NewFile("guide.md", fx.content)
		p := &check.Pass{File: file, Snippets: fx.snips, Texts: fx.texts, Report: func(d diag.Diagnostic) {
			if d.Span.Start < 0 || d.Span.End > len(fx.content) || d.Span.Start > d.Span.End {
				t.Fatalf("diagnostic span %v outside the %d-byte guide: %s", d.Span, len(fx.content), d.Message)
			}
		}}
		for _, s := range fx.snips {
			s.File = file
		}
		New(nil).Run(p)
	})
}

func TestPastedID(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"temporal–ui", "'–' (U+2013)"},
		{"1pas\u200bsword", "U+200B"},
		{"app\u00a0", "U+00A0"},
		{"app", ""},           // a plain id
		{"ü", "'ü' (U+00FC)"}, // only non-ASCII
		{"app id–x", ""},      // a blank: prose or a placeholder
		{"a@b–c", ""},         // '@' is no id character either way
		{"${ID}–x", ""},
	} {
		if got := pastedID(tt.in); got != tt.want {
			t.Errorf("pastedID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSameScopes(t *testing.T) {
	for _, tt := range []struct {
		name, a, b string
		want       bool
	}{
		{"OIDC_SCOPES", "openid profile email", "email openid profile", true},
		{"OIDC_SCOPES", "openid,profile", "profile,openid", true},
		{"OIDC_SCOPES", "openid profile", "openid,profile", false}, // another separator
		{"OIDC_SCOPES", "openid profile", "openid email", false},
		{"OIDC_SCOPES", "openid profile", "openid profile profile", false},
		{"OIDC_CLIENT_ID", "a b", "b a", false}, // no scope list
	} {
		if got := sameScopes(tt.name, tt.a, tt.b); got != tt.want {
			t.Errorf("sameScopes(%q, %q, %q) = %v, want %v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}
