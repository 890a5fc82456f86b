package authelia

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// FuzzAuthelia feeds random YAML to the checker: it must never panic, and
// every finding must have a registered code, a message and a span inside
// the file.
func FuzzAuthelia(f *testing.F) {
	f.Add([]byte(client(confidential...)), "")
	f.Add([]byte(client(with(confidential, "scopes: ['openid', 'authelia.bearer.authz']", "jwks: [{key_id: k, algorithm: RS256}]")...)), "4.38.17")
	f.Add([]byte("identity_providers:\n  oidc:\n    claims_policies:\n      p: {id_token: [rat], custom_claims: {a: {name: x}, b: {name: x}}}\n    scopes: {s: {claims: [x]}}\n"), "4.39.1")
	f.Add([]byte("a: &a [*a]\nidentity_providers: {oidc: {clients: [<<: *a]}}\n"), "4.39")
	f.Add([]byte("identity_providers:\n  oidc:\n    clients:\n      - &c {client_id: x, public: true}\n      - *c\n    authorization_policies: {deny: {rules: [{subject: [[a, b]]}]}}\n"), "")
	// The whole configuration: templates, elisions, addresses, durations,
	// cross-field rules; a version ending in "!" also checks against every
	// release.
	f.Add([]byte("server:\n  address: 'tcp://:9091/auth/'\n  endpoints:\n    authz:\n      legacy: {implementation: ExtAuthz, authn_strategies: [{name: CookieSession, schemes: [basic]}]}\n"+
		"session:\n  domain: x\n  cookies:\n    - {domain: '*.example.com', authelia_url: 'http://a.b', default_redirection_url: 'http://a.b'}\n"+
		"storage:\n  encryption_key: {{ secret \"/k\" }}\n  local: {}\n  mysql: {host: db, address: 'unix://x'}\n"), "4.38.0!")
	f.Add([]byte("access_control:\n  default_policy: bypass\n  rules:\n    - domain_regex: '^(?P<User>'\n      policy: bypass\n      subject: [[admins]]\n      networks: [x, 10.0.0.0/33]\n      methods: 'GET,GET, POST'\n      query: [[{key: a, operator: pattern, value: '('}], [{value: 5}]]\n  ...\n"+
		"authentication_backend:\n  ldap:\n    users_filter: 'uid={0}'\n    groups_filter: '{memberof:dn}'\n    group_search_mode: memberof\n    permit_unauthenticated_bind: 'true'\n    password: x\n  file: {path: /x}\n"+
		"totp: {period: 5, digits: '7', allowed_digits: '6,8,9'}\nregulation: {find_time: 10y, ban_time: 1 and 2}\n"), "4.39.5!")
	f.Fuzz(func(t *testing.T, data []byte, version string) {
		if len(data) > 1<<16 {
			return
		}
		text := append([]byte(nil), data...)
		if len(text) == 0 || text[len(text)-1] != '\n' {
			text = append(text, '\n')
		}
		file := source.NewFile("fuzz.md", text)
		m := &source.Map{}
		m.AddVerbatim(0, 0, len(text))
		s := &snippet.Snippet{File: file, Lang: "yaml", Text: text, Map: m, Span: source.Span{End: len(text)}}
		var got diag.List
		var against []string
		if v, ok := strings.CutSuffix(version, "!"); ok {
			version, against = v, []string{"all"}
		}
		Checker.Run(&check.Pass{File: file, Snippets: []*snippet.Snippet{s}, Version: version, Against: against,
			Report: func(d diag.Diagnostic) { got.Add(d) }})
		for _, d := range got {
			if d.Span.Start < 0 || d.Span.End > len(text) || d.Span.End < d.Span.Start {
				t.Fatalf("%s: span %v outside the file", d.Code, d.Span)
			}
			if !knownCode(d.Code) || d.Message == "" {
				t.Fatalf("bad finding %+v", d)
			}
		}
	})
}

// TestCodesRegistered checks that Codes lists exactly the codes the
// package's source can report.
func TestCodesRegistered(t *testing.T) {
	used := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "codes.go" {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "authelia-") && !strings.ContainsAny(s, " .") {
					used[s] = true
				}
			}
			return true
		})
	}
	seen := map[string]bool{}
	for _, c := range Codes {
		if seen[c.Code] {
			t.Errorf("code %s registered twice", c.Code)
		}
		seen[c.Code] = true
		if !used[c.Code] {
			t.Errorf("code %s is registered but never reported", c.Code)
		}
		if c.Summary == "" || strings.HasSuffix(c.Summary, ".") {
			t.Errorf("code %s: summary must be set, without a trailing period", c.Code)
		}
	}
	for c := range used {
		if !seen[c] {
			t.Errorf("code %s is reported but not registered in Codes", c)
		}
	}
	diag.NewRegistry(Codes) // panics on duplicates
}
