package consistency

import (
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hbollon/go-edlib"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// The one-pass forms of the value tests (isPlaceholder, literalURL's
// scheme filter and memo, origin's default ports, loopbackKeyOf, bareWord's
// prefixes, the memoised normal keys) are
// compared here with the plain forms they replace, on the values and
// tokens of the corpus guides and on random texts.

// isPlaceholderPlain is isPlaceholder reading placeholderMarks one by one.
func isPlaceholderPlain(s string) bool {
	if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t\r\n") {
		return true
	}
	for _, p := range placeholderMarks {
		if strings.Contains(s, p) {
			return true
		}
	}
	return strings.Trim(s, "*") == "" || len(s) >= 3 && strings.Trim(s, "xX") == ""
}

// literalURLPlain is literalURL parsing every value.
func literalURLPlain(s string) (*url.URL, bool) {
	if isPlaceholderPlain(s) {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return nil, false
	}
	if isWeb(u) && u.Hostname() == "" {
		return nil, false
	}
	return u, true
}

// originPlain is origin with its table of default ports.
func originPlain(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// bareWordPlain is bareWord building its list of prefixes in each round.
func bareWordPlain(k string) string {
	for again := true; again; {
		again = false
		for _, w := range append([]string{"oauth2", "openidconnect"}, append(contextWords, "provider", "generic", "oid")...) {
			if rest, ok := strings.CutPrefix(k, w); ok && rest != "" {
				k, again = rest, true
			}
		}
	}
	return k
}

func compareValueTests(t *testing.T, s string) {
	t.Helper()
	if k := normalizeKey(s); bareWord(k) != bareWordPlain(k) {
		t.Errorf("bareWord(%q) = %q, want %q", k, bareWord(k), bareWordPlain(k))
	}
	if got, want := isPlaceholder(s), isPlaceholderPlain(s); got != want {
		t.Errorf("isPlaceholder(%q) = %v, want %v", s, got, want)
	}
	gu, gok := literalURL(s)
	wu, wok := literalURLPlain(s)
	if gok != wok || gok && gu.String() != wu.String() {
		t.Errorf("literalURL(%q) = %v, %v; want %v, %v", s, gu, gok, wu, wok)
	}
	memo := urlMemo{}
	for range 2 { // a parse, then the memo's answer
		mu, mok := memo.literal(s)
		if mok != wok || mok && mu.String() != wu.String() {
			t.Errorf("urlMemo.literal(%q) = %v, %v; want %v, %v", s, mu, mok, wu, wok)
		}
	}
	if wok {
		gk, gok := loopbackKeyOf(gu)
		if wk, wok := loopbackKey(s); gk != wk || gok != wok {
			t.Errorf("loopbackKeyOf(%q) = %q, %v; want %q, %v", s, gk, gok, wk, wok)
		}
	}
	if u, err := url.Parse(s); err == nil {
		if got, want := origin(u), originPlain(u); got != want {
			t.Errorf("origin(%q) = %q, want %q", s, got, want)
		}
		for _, ref := range originRefs {
			r, err := url.Parse(ref)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range [][2]*url.URL{{u, r}, {r, u}, {u, u}} {
				if got, want := sameOrigin(p[0], p[1]), origin(p[0]) == origin(p[1]); got != want {
					t.Errorf("sameOrigin(%q, %q) = %v, want %v", p[0], p[1], got, want)
				}
			}
		}
	}
	for _, ref := range originRefs {
		if got, want := lowerEqual(s, ref), strings.ToLower(s) == strings.ToLower(ref); got != want {
			t.Errorf("lowerEqual(%q, %q) = %v, want %v", s, ref, got, want)
		}
	}
}

// originRefs are URLs compared with every value for sameOrigin: default
// and explicit ports, cases, IPv6, other schemes, a Kelvin sign (which
// lowercases to ASCII 'k').
var originRefs = []string{
	"https://auth.example.com", "https://Auth.Example.com:443/x", "http://auth.example.com", "http://auth.example.com:80",
	"HTTPS://AUTH.EXAMPLE.COM:8443", "http://[::1]:80", "http://[::1]", "ftp://h", "ftp://h:21", "https://\u212aelvin.example",
	"https://kelvin.example", "http://localhost:8000/cb", "https://example.com", "",
}

// corpusValues returns the values the checker reads in the corpus guides
// (app-side values, keys, client values, .env and compose variables) and
// every token and line of their snippets and texts. It also checks that
// each app-side value keeps its key's normal form (appValue.norm).
func corpusValues(t *testing.T) []string {
	t.Helper()
	dir := sharedPath(t, filepath.Join("corpus", "authelia"))
	guides, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
	if err != nil || len(guides) == 0 {
		t.Fatalf("no guides in %s (%v)", dir, err)
	}
	var out []string
	for _, g := range guides {
		content, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		f, snips, texts := mdGuide(filepath.Base(filepath.Dir(g))+".md", content)
		m := build(&check.Pass{File: f, Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
		for _, av := range m.app {
			if want := normalizeKey(av.Key); av.norm != want {
				t.Errorf("%s: key %q of %s kept normal form %q, want %q", g, av.Key, av.Where, av.norm, want)
			}
			out = append(out, av.Value.Text, av.Key)
		}
		for _, c := range m.clients {
			out = append(out, c.ID.Text)
			if c.Secret != nil {
				out = append(out, c.Secret.Text)
			}
			for _, u := range c.RedirectURIs {
				out = append(out, u.Text)
			}
		}
		for _, e := range append(m.dotenv, m.compose...) {
			out = append(out, e.Name, e.Value.Text)
		}
		var raw []string
		for _, s := range snips {
			raw = append(raw, string(s.Text))
		}
		for _, x := range texts {
			raw = append(raw, x.Text)
		}
		for _, r := range raw {
			out = append(out, strings.Fields(r)...)
			out = append(out, strings.Split(r, "\n")...)
			for _, w := range strings.Fields(r) {
				out = append(out, strings.Trim(w, "'\"`,;()[]{}"))
			}
		}
	}
	return out
}

func TestValueTestsCorpus(t *testing.T) {
	vs := corpusValues(t)
	if len(vs) < 10000 {
		t.Fatalf("only %d corpus values", len(vs))
	}
	for _, s := range vs {
		compareValueTests(t, s)
	}
}

func TestValueTestsRandom(t *testing.T) {
	pieces := []string{
		"http", "https", "HTTP", "ftp", "x", "X", "*", "a", "0", "+", "-", ".", "..", ":", "://", "/", "//", "?", "#", "@",
		"${", "$", "{", "}", "{{", "<", ">", "%", "%(", "(", "env", "%env", "…", "\xe2\x80", "\xa6", "\xe2", " ", "\t",
		"\r", "\n", "\v", "\u00a0", "\u2028", "example.com", "Auth.Example.com", ":443", ":80", ":8080", "[::1]", "127.0.0.1",
		"localhost", "OIDC", "oauth2", "OpenID", "provider", "Generic", "oid", "sso", "_endpoint", "http://localhost:8000/cb", "http://127.0.0.1/x?y", "%zz", "%41", "\x7f", "\x00", "xX", "xxx",
	}
	randomTexts(13, 14, 60000, 10, pieces, func(s string) { compareValueTests(t, s) })
}

func FuzzValueTests(f *testing.F) {
	for _, s := range []string{"", "https://auth.example.com", "****", "xXx", "a…b", "%env(X)", "ht tp://x", "1http://x", "mailto:a@b", "…"} {
		f.Add(s)
	}
	f.Fuzz(compareValueTests)
}

// TestSameOriginRefs compares sameOrigin with the equality of origins on
// every pair of originRefs.
func TestSameOriginRefs(t *testing.T) {
	for _, a := range originRefs {
		for _, b := range originRefs {
			u, err1 := url.Parse(a)
			v, err2 := url.Parse(b)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if got, want := sameOrigin(u, v), origin(u) == origin(v); got != want {
				t.Errorf("sameOrigin(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestGrants compares grants with a search of grantedScopes: clients with
// the default scopes, an empty scopes option and listed scopes.
func TestGrants(t *testing.T) {
	key := &value{Text: "scopes"}
	clients := []client{
		{},
		{ScopesKey: key},
		{Scopes: []value{{Text: "openid"}, {Text: "offline_access"}}, ScopesKey: key},
		{Scopes: []value{{Text: "groups"}}},
	}
	for _, c := range clients {
		for _, w := range []string{"openid", "groups", "profile", "email", "offline_access", "", "OpenID", "x"} {
			if got, want := grants(c, w), slices.Contains(grantedScopes(c), w); got != want {
				t.Errorf("grants(%+v, %q) = %v, want %v", c, w, got, want)
			}
		}
	}
}

// nearMissPlain is nearMiss comparing copies with '_' replaced, as it was
// before equalDashed.
func nearMissPlain(a, b string) bool {
	if a == b {
		return false
	}
	if strings.EqualFold(a, b) || strings.ReplaceAll(a, "_", "-") == strings.ReplaceAll(b, "_", "-") {
		return true
	}
	limit := 1
	if min(len(a), len(b)) >= 8 {
		limit = 2
	}
	if d := len(a) - len(b); d > limit || -d > limit {
		return false
	}
	return edlib.LevenshteinDistance(a, b) <= limit
}

// TestNearMissDifferential compares nearMiss with nearMissPlain on pairs
// of corpus values and of random names of the bytes that matter to it.
func TestNearMissDifferential(t *testing.T) {
	vs := corpusValues(t)
	rng := rand.New(rand.NewPCG(15, 13))
	check := func(a, b string) {
		t.Helper()
		if got, want := nearMiss(a, b), nearMissPlain(a, b); got != want {
			t.Fatalf("nearMiss(%q, %q) = %v, want %v", a, b, got, want)
		}
	}
	for range 20000 {
		a := vs[rng.IntN(len(vs))]
		check(a, vs[rng.IntN(len(vs))])
		b := []byte(a)
		for n := rng.IntN(3); n > 0 && len(b) > 0; n-- {
			b[rng.IntN(len(b))] = "_-aAé"[rng.IntN(5)]
		}
		check(a, string(b))
	}
	const alpha = "_-aAbB"
	for range 50000 {
		var a, b []byte
		for n := rng.IntN(6); n > 0; n-- {
			a = append(a, alpha[rng.IntN(len(alpha))])
		}
		for n := rng.IntN(6); n > 0; n-- {
			b = append(b, alpha[rng.IntN(len(alpha))])
		}
		check(string(a), string(b))
	}
}

// TestMinExclusionLen checks that minExclusionLen is the length of the
// shortest key exclusion, which classifyNormal relies on.
func TestMinExclusionLen(t *testing.T) {
	shortest := len(keyExclusions[0])
	for _, x := range keyExclusions {
		shortest = min(shortest, len(x))
	}
	if shortest != minExclusionLen {
		t.Errorf("the shortest key exclusion has %d bytes, minExclusionLen says %d", shortest, minExclusionLen)
	}
}
