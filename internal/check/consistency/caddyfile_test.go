package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// caddyRender renders directives as blocks/name=args, checking that each
// raw token's span holds it.
func caddyRender(t *testing.T, in string, ds []caddyDirective) string {
	t.Helper()
	var out []string
	for _, d := range ds {
		toks := append([]caddyToken{d.Name}, d.Args...)
		var words []string
		for _, tok := range toks {
			if tok.Raw && in[tok.Span.Start:tok.Span.End] != tok.Text {
				t.Errorf("%s: span holds %q, token %q", d.Name.Text, in[tok.Span.Start:tok.Span.End], tok.Text)
			}
			words = append(words, tok.Text)
		}
		open := ""
		if d.Opens {
			open = "{"
		}
		out = append(out, fmt.Sprintf("%s/%s%s", strings.Join(d.Blocks, ">"), strings.Join(words, ","), open))
	}
	return strings.Join(out, " | ")
}

func TestScanCaddyfile(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"caddy-security", "{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\tclient_id caddy # the id\n\t\t\tscopes openid email\n\t\t}\n\t}\n}\n",
			"/security{ | >security/oauth,identity,provider,authelia{ | >security>oauth identity provider authelia/client_id,caddy | >security>oauth identity provider authelia/scopes,openid,email"},
		{"site and forward_auth", "# c\napp.example.com {\n  forward_auth authelia:9091 {\n    uri /api/authz/forward-auth\n  }\n  reverse_proxy app:80\n}\n",
			"/app.example.com{ | app.example.com/forward_auth,authelia:9091{ | app.example.com>forward_auth authelia:9091/uri,/api/authz/forward-auth | app.example.com/reverse_proxy,app:80"},
		{"quotes", "header_up Cookie \"a=[^;]+\" `b c`\nrespond \"say \\\"hi\\\"\"\n",
			"/header_up,Cookie,a=[^;]+,b c | /respond,say \"hi\""},
		{"continuation and heredoc", "reverse_proxy a \\\n  b\nrespond <<HTML\n  <p>{x}</p>\n  HTML 200\n",
			"/reverse_proxy,a,b | /respond,  <p>{x}</p>\n,200"},
		{"comment inside token is not", "redir /a#b\n", "/redir,/a#b"},
		{"unbalanced close", "}\n}\na b\n", "/a,b"},
		{"open quote", "a \"b\nc", "/a,b\nc"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		if got := caddyRender(t, tt.in, scanCaddyfile([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: scanCaddyfile(%q)\ngot  %s\nwant %s", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestCaddyfileValues: the directives of caddy-security's identity
// provider block are read as the settings they are, placeholders and
// directives of several arguments (but the scopes) are not read.
func TestCaddyfileValues(t *testing.T) {
	guide := "# G\n\n```caddyfile\n{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\tclient_id caddy\n" +
		"\t\t\tclient_secret {env.SECRET}\n\t\t\tscopes openid email\n\t\t\tbase_auth_url https://auth.example.com\n" +
		"\t\t\tmetadata_url https://auth.example.com/.well-known/openid-configuration\n\t\t\tenable accept header\n" +
		"\t\t\ttoken_url {$TOKEN_URL}\n\t\t\tdriver generic\n\t\t}\n\t}\n}\napp.example.com {\n\tredir https://auth.example.com/x\n}\n```\n"
	f, snips, texts := mdGuide("g", []byte(guide))
	m := build(&check.Pass{File: f, Name: "g", Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
	var got []string
	for _, a := range m.app {
		if string(f.Content[a.Value.Span.Start:a.Value.Span.End]) != a.Value.Text {
			t.Errorf("%s: span holds %q", a.Key, f.Content[a.Value.Span.Start:a.Value.Span.End])
		}
		got = append(got, fmt.Sprintf("%s:%s=%s", a.Kind, a.Key, a.Value.Text))
	}
	want := "client id:client_id=caddy scope:scopes=openid email issuer URL:base_auth_url=https://auth.example.com " +
		"issuer URL:metadata_url=https://auth.example.com/.well-known/openid-configuration value:driver=generic"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got  %s\nwant %s", g, want)
	}
}

func TestIsCaddyfile(t *testing.T) {
	for _, tt := range []struct {
		fence string
		want  bool
	}{
		{"```caddyfile", true}, {"```Caddyfile", true}, {"```caddy", true},
		{"```text {title=\"Caddyfile\"}", true}, {"``` {title=\"/etc/caddy/Caddyfile\"}", true},
		{"```nginx", false}, {"```text {title=\"caddy.json\"}", false},
	} {
		_, snips, _ := mdGuide("g", []byte(tt.fence+"\na b\n```\n"))
		if len(snips) != 1 {
			t.Fatalf("%s: %d snippets", tt.fence, len(snips))
		}
		if got := isCaddyfile(snips[0]); got != tt.want {
			t.Errorf("isCaddyfile(%s) = %v, want %v", tt.fence, got, tt.want)
		}
	}
}

// FuzzScanCaddyfile: no panic, spans inside the text, raw tokens equal
// to their spans, and every directive has a name.
func FuzzScanCaddyfile(f *testing.F) {
	for _, s := range []string{"a {\n b c\n}\n", "x \"y\\\"z\" `w`\n", "r <<EOF\nq\nEOF\n", "a \\\n b", "\"", "`", "<<", "<<A", "}\n}\n{", "# c\n a#b", "\\\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, d := range scanCaddyfile([]byte(in)) {
			for _, tok := range append([]caddyToken{d.Name}, d.Args...) {
				if tok.Span.Start < 0 || tok.Span.End > len(in) || tok.Span.Start > tok.Span.End {
					t.Fatalf("span %v out of %d", tok.Span, len(in))
				}
				if tok.Raw && in[tok.Span.Start:tok.Span.End] != tok.Text {
					t.Fatalf("raw token %q at %v holds %q", tok.Text, tok.Span, in[tok.Span.Start:tok.Span.End])
				}
			}
			if len(d.Blocks) > maxCaddyDepth {
				t.Fatalf("%d blocks", len(d.Blocks))
			}
		}
	})
}

// TestCaddyCallbacks: the identity provider's name is part of the
// redirect URI caddy-security sends; a name that differs from the
// registered one is reported where the guide disagrees with itself.
func TestCaddyCallbacks(t *testing.T) {
	guide := func(registered, block, enabled, authURL string) string {
		return "# G\n\n```yaml {title=\"configuration.yml\"}\nidentity_providers:\n  oidc:\n    clients:\n      - client_id: 'caddy'\n" +
			"        public: true\n        redirect_uris:\n          - 'https://portal.example.com/oauth2/" + registered + "/authorization-code-callback'\n```\n\n" +
			"```caddyfile\n{\n\tsecurity {\n\t\toauth identity provider " + block + " {\n\t\t\tclient_id caddy\n\t\t}\n" +
			"\t\tauthentication portal p {\n\t\t\tenable identity provider " + enabled + "\n\t\t}\n" +
			"\t\tauthorization policy q {\n\t\t\tset auth url https://portal.example.com/oauth2/" + authURL + "\n\t\t}\n\t}\n}\n```\n"
	}
	for _, tt := range []struct {
		name, registered, block, enabled, authURL string
		want                                      string
	}{
		{"agree", "authelia", "authelia", "authelia", "authelia", ""},
		{"block", "authelia", "autheila", "authelia", "authelia", "16:27 consistency-redirect-uri"},
		{"registered", "autelia", "authelia", "authelia", "authelia", "10:14 consistency-redirect-uri"},
		{"enabled", "authelia", "authelia", "authelai", "authelia", "20:29 consistency-unknown-key"},
		{"auth url", "authelia", "authelia", "authelia", "authlia", "23:51 consistency-unknown-key"},
		{"another name entirely", "authelia", "authelia", "authelia", "github", ""},
	} {
		var got []string
		for _, d := range runChecker(t, "g", []byte(guide(tt.registered, tt.block, tt.enabled, tt.authURL)), nil) {
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, d.Code))
		}
		if g := strings.Join(got, " | "); g != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, g, tt.want)
		}
	}
}
