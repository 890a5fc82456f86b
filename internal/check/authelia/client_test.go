package authelia

import (
	"strings"
	"testing"
)

func TestParseClients(t *testing.T) {
	guide := "# Guide\n\n- item\n\n  ```yaml {title=\"configuration.yml\"}\n" +
		"  identity_providers:\n" +
		"    oidc:\n" +
		"      clients:\n" +
		"        - id: 'legacy'\n" +
		"          secret: \"insecure_secret\"\n" +
		"          public: true\n" +
		"          redirect_uris: 'https://app.{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/cb'\n" +
		"        - client_id: 'app'\n" +
		"          scopes: ['openid', 'it''s']\n" +
		"  ---\n" +
		"  identity_providers:\n" +
		"    oidc:\n" +
		"      clients:\n" +
		"        - client_id: second\n" +
		"  ```\n"
	g := scanGuide("guide.md", []byte(guide))
	cs, ok := ParseClients(g.snippets[0])
	if !ok || len(cs) != 3 {
		t.Fatalf("ParseClients = %d clients, %v; want 3, true", len(cs), ok)
	}
	text := func(v Value) string { return guide[v.Span.Start:v.Span.End] }
	legacy := cs[0]
	if legacy.ID.Text != "legacy" || text(legacy.ID) != "'legacy'" || guide[legacy.ID.KeySpan.Start:legacy.ID.KeySpan.End] != "id" {
		t.Errorf("deprecated id: %+v", legacy.ID)
	}
	if legacy.Secret.Text != "insecure_secret" || text(legacy.Secret) != `"insecure_secret"` {
		t.Errorf("secret: %q at %q", legacy.Secret.Text, text(legacy.Secret))
	}
	if !legacy.IsPublic() {
		t.Error("IsPublic() = false")
	}
	if len(legacy.RedirectURIs) != 1 || legacy.RedirectURIs[0].Text != "https://app.example.com/cb" {
		t.Fatalf("single redirect uri: %+v", legacy.RedirectURIs)
	}
	// The span covers the token in the guide, shortcode call included.
	if got := text(legacy.RedirectURIs[0]); !strings.HasPrefix(got, "'https://app.{{< sitevar") || !strings.HasSuffix(got, "/cb'") {
		t.Errorf("redirect uri span covers %q", got)
	}
	app := cs[1]
	if len(app.Scopes) != 2 || app.Scopes[1].Text != "it's" || text(app.Scopes[1]) != "'it''s'" {
		t.Errorf("scopes: %+v", app.Scopes)
	}
	if app.Secret.Set || app.IsPublic() {
		t.Errorf("absent options must be zero: %+v %+v", app.Secret, app.Public)
	}
	if cs[2].ID.Text != "second" || text(cs[2].ID) != "second" || cs[2].Index != 0 {
		t.Errorf("second document client: %+v", cs[2].ID)
	}
	if p := g.file.Position(app.ID.Span.Start); p.Line != 13 || p.Column != 22 {
		t.Errorf("client_id position %d:%d, want 13:22", p.Line, p.Column)
	}
}

func TestParseClientsNotConfig(t *testing.T) {
	for _, src := range []string{
		"```yaml\nservices:\n  app: {}\n```\n",
		"```yaml\nidentity_providers: [\n```\n",
		"```json\n{\"identity_providers\": {}}\n```\n",
	} {
		g := scanGuide("g.md", []byte(src))
		if _, ok := ParseClients(g.snippets[0]); ok {
			t.Errorf("ParseClients(%q) ok = true", src)
		}
	}
}

func TestTokenSpan(t *testing.T) {
	src := "a: &anchor 'x''y' # c\nb: \"q\\\"r\"\nc: plain value # c\nd: [1, 'two', {k: v}]\ne: *anchor\nf: |\n  lit\n"
	g := scanGuide("g.md", []byte("```yaml\n"+src+"```\n"))
	s := g.snippets[0]
	docs, ok := parseDocuments(s.Text)
	if !ok {
		t.Fatal("does not parse")
	}
	want := map[string]string{"a": "'x''y'", "b": `"q\"r"`, "c": "plain value", "d": "[1, 'two', {k: v}]", "e": "*anchor", "f": "|"}
	for _, p := range pairs(docs[0].Content[0]) {
		sp := newTextLines(s).tokenSpan(p.value)
		if got := string(s.Text[sp.Start:sp.End]); got != want[p.key.Value] {
			t.Errorf("%s: span covers %q, want %q", p.key.Value, got, want[p.key.Value])
		}
	}
}

func TestMergeKeys(t *testing.T) {
	y := "base: &b\n  public: true\n  redirect_uris: ['https://x/cb']\nidentity_providers:\n  oidc:\n    clients:\n      - <<: *b\n        client_id: 'app'\n        public: false\n"
	g := scanGuide("g.md", guideOf(y))
	cs, _ := ParseClients(g.snippets[0])
	if len(cs) != 1 || cs[0].IsPublic() || len(cs[0].RedirectURIs) != 1 {
		t.Fatalf("merged client: %+v", cs)
	}
}

func TestVersions(t *testing.T) {
	cases := []struct {
		in   string
		want version
	}{
		{"4.38.17", version{4, 38, 17}},
		{"v4.39.9", version{4, 39, 9}},
		{"4.39", version{4, 39, anyPatch}},
		{"4.37.5", v4380},
		{"", newest},
		{"garbage", newest},
		{"5.0.0", version{5, 0, 0}},
	}
	for _, tc := range cases {
		if got := effectiveVersion(tc.in); got != tc.want {
			t.Errorf("effectiveVersion(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if !v4392.less(v43920) || v43920.less(v4392) || !(version{4, 39, anyPatch}).atLeast(v43920) {
		t.Error("version order is wrong")
	}
	if v4390.String() != "4.39" || v4387.String() != "4.38.7" {
		t.Errorf("String: %s %s", v4390, v4387)
	}
}

func TestDurations(t *testing.T) {
	for s, want := range map[string]bool{
		"1h": true, "1h30m": true, "1 week": true, "2 days 3 hours": true, "90": true, "10ms": true,
		"1M": true, "1h and 30m": true, "": false, "h": false, "1 fortnight": false, "1.5h": false, "-1h": false,
	} {
		if got := validDuration(s, newest); got != want {
			t.Errorf("validDuration(%q) = %v, want %v", s, got, want)
		}
	}
	if validDuration("1h and 30m", v4380) {
		t.Error("'and' accepted before 4.39")
	}
}

func TestSuggest(t *testing.T) {
	keys := clientObject.keys(newest)
	for in, want := range map[string]string{
		"redirect_uri": "redirect_uris", "client_secert": "client_secret", "Public": "public", "scope": "scopes",
	} {
		if got, clear := suggest(in, keys); got != want || !clear {
			t.Errorf("suggest(%q) = %q, %v; want %q, true", in, got, clear, want)
		}
	}
	if got, _ := suggest("completely_unrelated", keys); got != "" {
		t.Errorf("suggest for an unrelated word = %q", got)
	}
}

func TestDecodeSecret(t *testing.T) {
	for s, ok := range map[string]bool{
		digest:                               true,
		"$plaintext$insecure_secret":         true,
		"$pbkdf2-sha512$310000$...":          false,
		"$base64$aW5zZWN1cmVfc2VjcmV0":       false,
		"$1$saltsalt$qjXMvbEw8oaL.CzflDugX/": false,
		"$argon2id$v=19$m=65536,t=3,p=4$BpLnfgDsc2WD8F2q$o/vzA4myCqZZ36bUGsDY//8mKUYNZZaR0t4MFFSs+iM": true,
		"$unknown$x$y": false,
		"$2b$10$GzsMXAEEyQNJMpJFvh7vT.OU9Cq.hk0wZu4cBYkuJVqWNA6JCguDa":                                                           true,
		"$6$rounds=1000$gVB4zG5.eDgndQrf$42lvo0.McjIozp.wtisCaianbPpwzYGxdJx0zoV9iG42Oi8li0Dt/G4WyHPGQHnMJwIFFUN6WGtkog21jR7xZ.": true,
		yescrypt: true,
	} {
		if err := decodeSecret(s, newest); (err == nil) != ok {
			t.Errorf("decodeSecret(%q) = %v, want ok=%v", s, err, ok)
		}
	}
	// yescrypt came with the crypt version of Authelia 4.39.2.
	if decodeSecret(yescrypt, v4390) == nil {
		t.Error("yescrypt accepted before 4.39.2")
	}
}

const yescrypt = "$y$j75$4HoqjopVDM3.GUaz.cms/0$4tx7gF4F0KgIh1GAZu9Cxiau6otedvOAbBrJ4CrDZ41"
