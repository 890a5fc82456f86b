package tests

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// The fourth blind battery, application side: mistakes a writer makes in
// what the application is given (its .env, its Compose environment in
// list and map form, its JSON / TOML / INI / YAML files, its Web GUI
// steps), derived from the facts of an Authelia client (the reference in
// shared/reference/authelia-oidc-clients.md) and from how each format is
// read, with edit operators the earlier batteries do not use: a doubled
// slash from joining a root URL and a path, a URL with one slash after its
// scheme, the other side's host, a path in another case, a misspelt
// well-known path, a discovery key given the bare issuer, a boolean
// misspelt or quoted where the format types it, an enum value in a
// spelling no OAuth 2.0 library accepts, openid left out of the scopes, a
// .env variable redefined further down, a JSON string without its quotes,
// a secret padded with a blank inside its quotes. It reuses the blind
// battery's page parser (bParse), injections and judge.

// b4aSites are the application's statements of c's redirect URIs, in
// fences or after a key (a sentence naming the URL is no setting).
func (g *bGuide) b4aRedirects(c *bClient, ok func(bSite) bool) []bSite {
	var out []bSite
	for _, s := range g.redirectSites(c) {
		if ok == nil || ok(s) {
			out = append(out, s)
		}
	}
	return out
}

// b4aHost is the host (with port) of an assumption's URL, or "".
func (g *bGuide) b4aHost(key string) string {
	a, ok := g.assume[key]
	if !ok {
		return ""
	}
	_, h, _, ok := urlParts(a.val)
	if !ok {
		return ""
	}
	return h
}

// b4aFenceKind names the format of the fence holding line i: env,
// compose, json, toml, ini, yaml or "".
func (g *bGuide) b4aFenceKind(i int) string {
	fi := g.fenceOf[i]
	if fi < 0 || g.fences[fi].authelia {
		return ""
	}
	f := g.fences[fi]
	t := strings.ToLower(f.title)
	switch {
	case g.envLike(i):
		return "env"
	case strings.Contains(t, "compose"):
		return "compose"
	case f.lang == "json" || strings.HasSuffix(t, ".json"):
		return "json"
	case f.lang == "toml" || strings.HasSuffix(t, ".toml"):
		return "toml"
	case f.lang == "ini" || strings.HasSuffix(t, ".ini") || strings.HasSuffix(t, ".conf") && f.lang == "ini":
		return "ini"
	case f.lang == "yaml" || f.lang == "yml" || strings.HasSuffix(t, ".yml") || strings.HasSuffix(t, ".yaml"):
		return "yaml"
	}
	return ""
}

// b4aInEnvBlock reports whether line i of a YAML fence lies under an
// `environment:` or `env:` key (values there are strings by definition).
func (g *bGuide) b4aInEnvBlock(i int) bool {
	f := g.fences[g.fenceOf[i]]
	for j := f.open + 1; j < i; j++ {
		t := strings.TrimSpace(g.exp[j])
		if t == "environment:" || t == "env:" || strings.HasPrefix(t, "- name:") {
			return true
		}
	}
	return false
}

var (
	// b4aBool is a boolean value after a key, in any format: KEY=true,
	// key: 'false', "key": true, key = false.
	b4aBool = regexp.MustCompile(`^(\s*(?:-\s+)?["']?[A-Za-z_][A-Za-z0-9_.\-]*["']?\s*(?:=|:)\s*)(["']?)(true|false)(["']?)(\s*,?\s*(?:#.*)?)$`)
	// b4aEnvKV is a simple dotenv or Compose list assignment.
	b4aEnvKV = regexp.MustCompile(`^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	// b4aJSONString is a "key": "value" pair of a JSON object.
	b4aJSONString = regexp.MustCompile(`^(\s*"[^"]+"\s*:\s*)"([^"\\]+)"(\s*,?\s*)$`)
)

// b4aBoolSites are the boolean settings of the application's files:
// line, the span of the value (quotes included) and its parts.
type b4aBoolSite struct {
	line         int
	pre, q1, val string
	q2, post     string
	format       string
}

func (g *bGuide) b4aBools() []b4aBoolSite {
	var out []b4aBoolSite
	for i := range g.lines {
		if !g.appLine(i) || g.lines[i] != g.exp[i] {
			continue
		}
		f := g.b4aFenceKind(i)
		if f == "" {
			continue
		}
		m := b4aBool.FindStringSubmatch(g.lines[i])
		if m == nil || m[2] != m[4] {
			continue
		}
		out = append(out, b4aBoolSite{line: i, pre: m[1], q1: m[2], val: m[3], q2: m[4], post: m[5], format: f})
	}
	return out
}

// b4aLang names the programming or data language of a fence whose
// booleans are spelt one way only, or "".
func (g *bGuide) b4aLang(i int) string {
	fi := g.fenceOf[i]
	if fi < 0 || g.fences[fi].authelia {
		return ""
	}
	f := g.fences[fi]
	t := strings.ToLower(f.title)
	ext := t[strings.LastIndex(t, ".")+1:]
	switch {
	case f.lang == "python" || f.lang == "py" || ext == "py":
		return "python"
	case f.lang == "json" || ext == "json":
		return "json"
	case f.lang == "toml" || ext == "toml":
		return "toml"
	case f.lang == "hcl" || f.lang == "terraform" || ext == "tf":
		return "hcl"
	case f.lang == "ruby" || f.lang == "rb" || ext == "rb":
		return "ruby"
	case f.lang == "lua" || ext == "lua":
		return "lua"
	case f.lang == "js" || f.lang == "javascript" || f.lang == "ts" || f.lang == "typescript" || ext == "js" || ext == "ts":
		return "js"
	}
	return ""
}

// b4aLangBoolRe is a boolean literal after = or : (or =>), ending its
// statement or item.
var b4aLangBoolRe = regexp.MustCompile(`(?:=|:|=>)\s*(True|False|true|false)\s*[,;]?\s*(?:(?:#|//|--).*)?$`)

// b4aYAMLKey is a line of a block mapping: an indented plain key.
var b4aYAMLKey = regexp.MustCompile(`^\s+[A-Za-z_][A-Za-z0-9_.\-]*:\s`)

type b4aLangBool struct {
	line, s, e int
	val        string
}

var b4aKinds = []bKind{
	// Redirect URIs. Authelia compares the redirect_uri the application
	// sends with the client's redirect_uris byte for byte (§3
	// redirect-absolute; the match is exact): every change below is an
	// "invalid redirect URI" at login.
	{"b4App-redirect-double-slash", func(g *bGuide, n int) (bInjection, bool) {
		// A root URL with its trailing slash joined to a path: host//path.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		ss := g.b4aRedirects(c, func(s bSite) bool {
			_, _, rest, ok := urlParts(s.val)
			return ok && strings.HasPrefix(rest, "/") && len(rest) > 1 && !strings.HasPrefix(rest, "//")
		})
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		_, h, _, _ := urlParts(s.val)
		at := s.start + strings.Index(s.val, "://") + 3 + len(h)
		return g.editSite(s.line, at, at, "/", g.sevAt(s.line)), true
	}},
	{"b4App-redirect-schemeless", func(g *bGuide, n int) (bInjection, bool) {
		// The application given host/path: a relative redirect_uri.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		ss := g.b4aRedirects(c, func(s bSite) bool {
			return strings.HasPrefix(s.val, "https://") && (g.fenceOf[s.line] >= 0 || s.key != "")
		})
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start, s.start+len("https://"), "", g.sevAt(s.line)), true
	}},
	{"b4App-redirect-host-authelia", func(g *bGuide, n int) (bInjection, bool) {
		// Authelia's host pasted where the application's belongs.
		c := g.b3Client()
		ah := g.b4aHost("autheliarooturl")
		if c == nil || ah == "" {
			return bInjection{}, false
		}
		ss := g.b4aRedirects(c, func(s bSite) bool {
			_, h, _, ok := urlParts(s.val)
			return ok && h != ah && !strings.HasPrefix(h, "localhost") && !strings.HasPrefix(h, "127.")
		})
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		_, h, _, _ := urlParts(s.val)
		at := s.start + strings.Index(s.val, "://") + 3
		return g.editSite(s.line, at, at+len(h), ah, g.sevAt(s.line)), true
	}},
	{"b4App-redirect-path-case", func(g *bGuide, n int) (bInjection, bool) {
		// URL paths are case-sensitive: /login is not /Login.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		ss := g.b4aRedirects(c, func(s bSite) bool {
			_, _, rest, ok := urlParts(s.val)
			return ok && strings.ContainsAny(strings.TrimLeft(rest, "/"), "abcdefghijklmnopqrstuvwxyz")
		})
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		_, _, rest, _ := urlParts(s.val)
		p := strings.TrimRight(rest, "/")
		k := strings.LastIndex(p, "/") + 1
		seg := p[k:]
		if strings.IndexFunc(seg, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) < 0 {
			return bInjection{}, false
		}
		at := s.end - len(rest) + k
		return g.editSite(s.line, at, at+len(seg), caseFlip(seg), g.sevAt(s.line)), true
	}},

	// URLs of Authelia and of the application.
	{"b4App-url-single-slash", func(g *bGuide, n int) (bInjection, bool) {
		// https:/host has no authority: no HTTP client reaches the host.
		var ss []bSite
		for _, s := range g.authSites() {
			if g.fenceOf[s.line] >= 0 || s.key != "" {
				ss = append(ss, s)
			}
		}
		if c := g.b3Client(); c != nil && n%2 == 1 {
			ss = append(g.b4aRedirects(c, func(s bSite) bool { return g.fenceOf[s.line] >= 0 || s.key != "" }), ss...)
		}
		var cand []bSite
		for _, s := range ss {
			if strings.HasPrefix(s.val, "https://") || strings.HasPrefix(s.val, "http://") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		at := s.start + strings.Index(s.val, "://") + 2
		return g.editSite(s.line, at, at+1, "", g.sevAt(s.line)), true
	}},
	{"b4App-wellknown-misspelt", func(g *bGuide, n int) (bInjection, bool) {
		// Authelia serves discovery at /.well-known/openid-configuration
		// (and oauth-authorization-server) only.
		var cand []bSite
		for _, s := range g.authSites() {
			if _, _, rest, ok := urlParts(s.val); ok && rest == "/.well-known/openid-configuration" {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		wrong := bPick([]string{"/well-known/openid-configuration", "/.well-known/openid-configuraton", "/.wellknown/openid-configuration", "/.well-known/openid-connect-configuration"}, n)
		at := s.end - len("/.well-known/openid-configuration")
		return g.editSite(s.line, at, s.end, wrong, g.sevAt(s.line)), true
	}},
	{"b4App-discovery-url-is-issuer", func(g *bGuide, n int) (bInjection, bool) {
		// A key that takes the discovery document's URL, given the bare
		// issuer: the application fetches Authelia's portal page.
		var cand []bSite
		for _, s := range g.authSites() {
			_, _, rest, ok := urlParts(s.val)
			k := bNorm(s.key)
			if ok && rest == "/.well-known/openid-configuration" && !strings.Contains(k, "issuer") && (strings.Contains(k, "configuration") || strings.Contains(k, "discovery") || strings.Contains(k, "wellknown") || strings.Contains(k, "metadata") || strings.Contains(k, "openidconfig")) {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		at := s.end - len("/.well-known/openid-configuration")
		return g.editSite(s.line, at, s.end, "", g.sevAt(s.line)), true
	}},
	{"b4App-issuer-given-discovery", func(g *bGuide, n int) (bInjection, bool) {
		// An issuer setting takes the issuer (Authelia's root URL): the
		// library appends /.well-known/openid-configuration itself, so the
		// discovery URL there is fetched twice suffixed (404), and the
		// iss claim never equals it.
		var cand []bSite
		for _, s := range g.authSites() {
			_, _, rest, ok := urlParts(s.val)
			k := bNorm(s.key)
			if ok && (rest == "" || rest == "/") && (strings.Contains(k, "issuer") || strings.Contains(k, "authority")) {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		add := "/.well-known/openid-configuration"
		if strings.HasSuffix(s.val, "/") {
			add = add[1:]
		}
		return g.editSite(s.line, s.end, s.end, add, g.sevAt(s.line)), true
	}},
	{"b4App-authelia-host-is-app", func(g *bGuide, n int) (bInjection, bool) {
		// The application's own host pasted into an issuer or endpoint URL.
		apph, ah := g.b4aHost("applicationrooturl"), g.b4aHost("autheliarooturl")
		if apph == "" || ah == "" || apph == ah {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range g.authSites() {
			if _, h, _, ok := urlParts(s.val); ok && h == ah && (g.fenceOf[s.line] >= 0 || s.key != "") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		at := s.start + strings.Index(s.val, "://") + 3
		return g.editSite(s.line, at, at+len(ah), apph, g.sevAt(s.line)), true
	}},

	// Values a reader pastes that the application's loader rejects.
	{"b4App-bool-typo", func(g *bGuide, n int) (bInjection, bool) {
		// No loader reads ture/flase as a boolean.
		bs := g.b4aBools()
		if len(bs) == 0 {
			return bInjection{}, false
		}
		b := bPick(bs, n)
		var v string
		switch {
		case b.val == "true":
			v = bPick([]string{"ture", "treu", "tru"}, n)
		default:
			v = bPick([]string{"flase", "fasle", "fals"}, n)
		}
		return bInjection{out: g.withLine(b.line, b.pre+b.q1+v+b.q2+b.post), want: []bWant{{line: b.line, sev: g.sevAt(b.line)}}, form: g.form(b.line)}, true
	}},
	{"b4App-bool-foreign-case", func(g *bGuide, n int) (bInjection, bool) {
		// A boolean in another language's spelling: Python has only
		// True/False (true is a NameError); JSON, TOML, HCL, JavaScript,
		// Ruby and Lua have only true/false (True is a syntax error, an
		// undefined name, or nil).
		var cand []b4aLangBool
		for i := range g.lines {
			if !g.appLine(i) || g.lines[i] != g.exp[i] {
				continue
			}
			lang := g.b4aLang(i)
			if lang == "" {
				continue
			}
			m := b4aLangBoolRe.FindStringSubmatchIndex(g.lines[i])
			if m == nil {
				continue
			}
			v := g.lines[i][m[2]:m[3]]
			if (lang == "python") != (v == "True" || v == "False") {
				continue
			}
			cand = append(cand, b4aLangBool{line: i, s: m[2], e: m[3], val: v})
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		b := bPick(cand, n)
		v := strings.ToLower(b.val)
		if v == b.val {
			v = strings.ToUpper(v[:1]) + v[1:]
		}
		l := g.lines[b.line]
		return bInjection{out: g.withLine(b.line, l[:b.s]+v+l[b.e:]), want: []bWant{{line: b.line, sev: g.sevAt(b.line)}}, form: g.form(b.line)}, true
	}},
	{"b4App-typed-bool-quoted", func(g *bGuide, n int) (bInjection, bool) {
		// Where the format types its values (JSON, TOML, an application's
		// YAML outside an environment block), "false" is a string: a
		// typed decoder rejects it, a dynamic one reads it as true.
		var cand []b4aBoolSite
		for _, b := range g.b4aBools() {
			if b.q1 != "" {
				continue
			}
			switch b.format {
			case "json", "toml":
				cand = append(cand, b)
			case "yaml":
				// Only false: a dynamic reader takes the string "true" for
				// true by luck, "false" never.
				if !g.b4aInEnvBlock(b.line) && b.val == "false" {
					cand = append(cand, b)
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		b := bPick(cand, n)
		q := `"`
		if b.format == "yaml" && n%2 == 1 {
			q = "'"
		}
		return bInjection{out: g.withLine(b.line, b.pre+q+b.val+q+b.post), want: []bWant{{line: b.line, sev: g.sevAt(b.line)}}, form: g.form(b.line)}, true
	}},
	{"b4App-enum-spelling", func(g *bGuide, n int) (bInjection, bool) {
		// Protocol enum values are case-sensitive registry names: PKCE
		// plain/S256 (RFC 7636), token_endpoint_auth_method
		// client_secret_basic/client_secret_post (RFC 7591, underscores),
		// JWS alg RS256 (RFC 7518), grant type authorization_code,
		// response type code (not the grant's name). The
		// application's spelling of another is sent to (or compared with
		// what) Authelia, whose enums are the same names.
		wrong := map[string][]string{
			"S256":                {"s256", "SHA256", "SHA-256", "S-256"},
			"client_secret_basic": {"client-secret-basic", "secret_basic", "client_basic", "ClientSecretBasic"},
			"client_secret_post":  {"client-secret-post", "secret_post", "client_post", "ClientSecretPost"},
			"RS256":               {"rs256", "RSA256", "RS-256", "RSA-SHA256"},
			"authorization_code":  {"authorization-code", "authorisation_code", "auth_code", "AuthorizationCode"},
			"code":                {"authorization_code", "Code", "codes"},
		}
		var cand []bSite
		for _, v := range []string{"S256", "client_secret_basic", "client_secret_post", "RS256", "authorization_code"} {
			for _, s := range g.valueSites(v, func(string) bool { return true }) {
				if !strings.Contains(g.exp[s.line], "<") && s.key != "" {
					cand = append(cand, s)
				}
			}
		}
		for _, s := range g.valueSites("code", func(k string) bool { return strings.Contains(k, "responsetype") }) {
			cand = append(cand, s)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, bPick(wrong[s.val], n/len(cand)+n), g.sevAt(s.line)), true
	}},
	{"b4App-scope-openid-dropped", func(g *bGuide, n int) (bInjection, bool) {
		// OpenID Connect needs the openid scope: without it Authelia
		// issues no ID token and the login of an OIDC client fails.
		ss := g.scopeSites()
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		v := s.val
		k := strings.Index(v, "openid")
		if k < 0 || strings.HasPrefix(v[k:], "openid_") || strings.Count(v, "openid") != 1 {
			return bInjection{}, false
		}
		// Take openid and the separator after it (or before it, last).
		e := k + len("openid")
		for e < len(v) && strings.ContainsRune(" ,+", rune(v[e])) {
			e++
		}
		b := k
		if e == len(v) {
			for b > 0 && strings.ContainsRune(" ,+", rune(v[b-1])) {
				b--
			}
		}
		if b == 0 && e == len(v) {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start+b, s.start+e, "", g.sevAt(s.line)), true
	}},
	{"b4App-env-key-redefined", func(g *bGuide, n int) (bInjection, bool) {
		// dotenv and Compose keep the last assignment of a variable: a
		// second OIDC_CLIENT_ID further down wins over the right one.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		sec := g.b3Secret(c)
		type cand struct {
			line, last int
			pre, k, v  string
		}
		var cs []cand
		for _, f := range g.fences {
			if f.authelia || f.open+1 >= f.close {
				continue
			}
			kind := g.b4aFenceKind(f.open + 1)
			if kind != "env" && kind != "compose" {
				continue
			}
			last := -1
			var here []cand
			for i := f.open + 1; i < f.close; i++ {
				m := b4aEnvKV.FindStringSubmatch(g.lines[i])
				if m == nil || (kind == "compose") != strings.HasPrefix(strings.TrimSpace(m[1]), "-") {
					continue
				}
				last = i
				k, v := bNorm(m[2]), strings.Trim(m[3], `"'`)
				if strings.Contains(k, "clientid") && v == c.id.val || strings.Contains(k, "secret") && sec != "" && v == sec {
					here = append(here, cand{line: i, pre: m[1], k: m[2], v: m[3]})
				}
			}
			for _, h := range here {
				h.last = last
				cs = append(cs, h)
			}
		}
		if len(cs) == 0 {
			return bInjection{}, false
		}
		x := bPick(cs, n)
		bad := strings.Replace(x.v, strings.Trim(x.v, `"'`), midSwap(strings.Trim(x.v, `"'`)), 1)
		out, old := g.insertAfter(x.last, x.pre+x.k+"="+bad)
		// The control inserts the same line commented out: same shape,
		// nothing assigned.
		ind := x.pre[:len(x.pre)-len(strings.TrimLeft(x.pre, " "))]
		ctl, _ := g.insertAfter(x.last, ind+"# "+strings.TrimLeft(x.pre, " ")+x.k+"="+x.v)
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: x.last + 1, alt: []int{x.line}, sev: g.sevAt(x.line)}}, form: g.form(x.line)}, true
	}},
	{"b4App-map-key-duplicated", func(g *bGuide, n int) (bInjection, bool) {
		// A key given twice in one mapping, the second time wrong: YAML
		// (a Compose environment map, an application's YAML) and TOML
		// reject the file; a lax YAML reader keeps the last value. (JSON
		// is left out: it has no comment for the control.)
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range append(g.idSites(c.id.val), g.secretSites(g.b3Secret(c))...) {
			f := g.b4aFenceKind(s.line)
			l := g.lines[s.line]
			if l != g.exp[s.line] || strings.HasPrefix(strings.TrimSpace(l), "-") || strings.Count(l, s.val) != 1 {
				continue
			}
			switch f {
			case "compose", "yaml":
				if strings.Contains(l[:s.start], ": ") {
					cand = append(cand, s)
				}
			case "toml":
				if strings.Contains(l[:s.start], "=") {
					cand = append(cand, s)
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		l := g.lines[s.line]
		bad := l[:s.start] + midSwap(s.val) + l[s.end:]
		ind := l[:len(l)-len(strings.TrimLeft(l, " "))]
		out, old := g.insertAfter(s.line, bad)
		ctl, _ := g.insertAfter(s.line, ind+"# "+strings.TrimLeft(l, " "))
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: s.line + 1, alt: []int{s.line}, sev: g.sevAt(s.line)}}, form: g.form(s.line)}, true
	}},
	{"b4App-yaml-key-dedented", func(g *bGuide, n int) (bInjection, bool) {
		// Indentation is structure in YAML: the client id or secret moved
		// two columns left leaves its mapping (a Compose service key
		// Compose rejects, an application key in the wrong section) or
		// breaks the lines after it.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []int
		for _, s := range append(g.idSites(c.id.val), g.secretSites(g.b3Secret(c))...) {
			f := g.b4aFenceKind(s.line)
			l := g.lines[s.line]
			ind := len(l) - len(strings.TrimLeft(l, " "))
			if (f == "compose" || f == "yaml") && ind >= 4 && b4aYAMLKey.MatchString(l) && strings.Contains(l[:s.start], ": ") {
				cand = append(cand, s.line)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		return bInjection{out: g.withLine(i, g.lines[i][2:]), want: []bWant{{line: i, alt: []int{i + 1}, sev: g.sevAt(i)}}, form: g.form(i)}, true
	}},
	{"b4App-yaml-dash-no-space", func(g *bGuide, n int) (bInjection, bool) {
		// A YAML sequence item is "- " and a value: "-KEY=value" is a
		// plain scalar, not an item, so a Compose environment list (or an
		// application's list of URLs) stops parsing there.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []int
		for i := range g.lines {
			f := g.b4aFenceKind(i)
			if !g.appLine(i) || f != "compose" && f != "yaml" {
				continue
			}
			t := strings.TrimLeft(g.lines[i], " ")
			if !strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "- -") || strings.HasPrefix(t, "- --") {
				continue
			}
			// An item of a list of two or more, so the rest still parses
			// as a list.
			prev, next := strings.TrimLeft(g.lines[i-1], " "), strings.TrimLeft(g.lines[i+1], " ")
			if strings.HasPrefix(prev, "- ") || strings.HasPrefix(next, "- ") {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		k := strings.Index(g.lines[i], "- ")
		return bInjection{out: g.withLine(i, g.lines[i][:k+1]+g.lines[i][k+2:]), want: []bWant{{line: i, alt: []int{i - 1, i + 1}, sev: diag.Error}}, form: g.form(i)}, true
	}},
	{"b4App-comma-dropped", func(g *bGuide, n int) (bInjection, bool) {
		// JSON, JavaScript, Python, PHP and Lua separate the members of an
		// object with commas: one dropped is a syntax error (in Python two
		// string literals in a row are even joined into one).
		var cand []int
		for i := range g.lines {
			if !g.appLine(i) || i+1 >= len(g.lines) || g.fenceOf[i+1] != g.fenceOf[i] {
				continue
			}
			lang := g.b4aLang(i)
			fi := g.fenceOf[i]
			if fi >= 0 && (g.fences[fi].lang == "php" || strings.HasSuffix(g.fences[fi].title, ".php")) {
				lang = "php"
			}
			if lang != "json" && lang != "js" && lang != "python" && lang != "php" && lang != "lua" {
				continue
			}
			l := strings.TrimRight(g.lines[i], " ")
			next := strings.TrimSpace(g.lines[i+1])
			if !strings.HasSuffix(l, ",") || next == "" || strings.ContainsAny(next[:1], "}])") || strings.HasPrefix(next, "#") || strings.HasPrefix(next, "//") {
				continue
			}
			if !strings.Contains(l, ":") && !strings.Contains(l, "=") {
				continue
			}
			cand = append(cand, i)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		l := strings.TrimRight(g.lines[i], " ")
		return bInjection{out: g.withLine(i, l[:len(l)-1]), want: []bWant{{line: i, alt: []int{i + 1}, sev: diag.Error}}, form: g.form(i)}, true
	}},
	{"b4App-json-value-unquoted", func(g *bGuide, n int) (bInjection, bool) {
		// A JSON string needs its double quotes, a key too: "client_id":
		// app and client_id: "app" are no JSON at all.
		var cand []int
		for i := range g.lines {
			if g.appLine(i) && g.b4aFenceKind(i) == "json" && b4aJSONString.MatchString(g.lines[i]) {
				m := b4aJSONString.FindStringSubmatch(g.lines[i])
				if strings.ContainsAny(m[2], " ") {
					continue
				}
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		m := b4aJSONString.FindStringSubmatch(g.lines[i])
		out := m[1] + m[2] + m[3]
		if n%2 == 1 {
			// The key without its quotes, JavaScript style.
			k := strings.Index(m[1], `"`)
			e := strings.Index(m[1][k+1:], `"`) + k + 1
			out = m[1][:k] + m[1][k+1:e] + m[1][e+1:] + `"` + m[2] + `"` + m[3]
		}
		return bInjection{out: g.withLine(i, out), want: []bWant{{line: i, sev: diag.Error}}, form: g.form(i)}, true
	}},
	{"b4App-gui-field-swapped", func(g *bGuide, n int) (bInjection, bool) {
		// A Web GUI step names the field the reader types the value into:
		// the client id under the Client Secret label (or the secret under
		// Client ID) is typed into the wrong field.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		sec := g.b3Secret(c)
		type cand struct {
			s        bSite
			from, to string
		}
		var cs []cand
		add := func(ss []bSite, want, other string) {
			for _, s := range ss {
				if g.fenceOf[s.line] >= 0 || g.form(s.line) != "gui step" {
					continue
				}
				pre := g.exp[s.line][:s.start]
				for _, f := range []string{strings.ToUpper(want[:1]) + want[1:], want, strings.ToLower(want)} {
					if k := strings.LastIndex(pre, f); k >= 0 && strings.Count(g.exp[s.line], f) == 1 {
						cs = append(cs, cand{s, f, caseLike(f[:1]+"x", other)})
						break
					}
				}
			}
		}
		add(g.idSites(c.id.val), "Client ID", "Client Secret")
		if sec != "" {
			add(g.secretSites(sec), "Client Secret", "Client ID")
		}
		if len(cs) == 0 {
			return bInjection{}, false
		}
		x := bPick(cs, n)
		k := strings.LastIndex(g.exp[x.s.line][:x.s.start], x.from)
		to := x.to
		if strings.ToLower(x.from) == x.from {
			to = strings.ToLower(to)
		}
		return g.editSite(x.s.line, k, k+len(x.from), to, g.sevAt(x.s.line)), true
	}},
	{"b4App-redirect-internal-origin", func(g *bGuide, n int) (bInjection, bool) {
		// The application builds its redirect URI from the address it
		// listens on when its external URL is not set: the origin becomes
		// http://localhost:PORT, which the client does not register.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		ss := g.b4aRedirects(c, func(s bSite) bool {
			_, h, _, ok := urlParts(s.val)
			return ok && strings.HasPrefix(s.val, "https://") && !strings.HasPrefix(h, "localhost") && !strings.HasPrefix(h, "127.")
		})
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		_, h, _, _ := urlParts(s.val)
		end := s.start + len("https://") + len(h)
		return g.editSite(s.line, s.start, end, bPick([]string{"http://localhost:8080", "http://127.0.0.1:3000", "http://localhost"}, n), g.sevAt(s.line)), true
	}},
	{"b4App-secret-padded", func(g *bGuide, n int) (bInjection, bool) {
		// A blank inside quotes is part of the value every loader keeps
		// (dotenv, Compose, YAML, JSON, TOML): the secret no longer
		// matches the client's digest.
		c := g.b3Client()
		sec := g.b3Secret(c)
		if sec == "" {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range g.secretSites(sec) {
			e := g.exp[s.line]
			if g.fenceOf[s.line] >= 0 && s.start > 0 && s.end < len(e) && strings.ContainsRune(`"'`, rune(e[s.end])) && e[s.start-1] == e[s.end] {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		if n%2 == 0 {
			return g.editSite(s.line, s.end, s.end, " ", g.sevAt(s.line)), true
		}
		return g.editSite(s.line, s.start, s.start, " ", g.sevAt(s.line)), true
	}},
	{"b4App-prose-contradicts", func(g *bGuide, n int) (bInjection, bool) {
		// A sentence or a Web GUI step of the application's instructions
		// states a client fact other than the snippets do: the PKCE
		// method (S256 → plain: Authelia refuses plain unless the provider
		// enables it), the token endpoint auth method (basic ↔ post), the
		// redirect URI with a doubled slash.
		c := g.b3Client()
		h := g.b3AppHeading()
		if c == nil || h < 0 {
			return bInjection{}, false
		}
		type fact struct{ label, good, bad string }
		var fs []fact
		if c.keys["pkce_challenge_method"].val == "S256" {
			fs = append(fs, fact{"PKCE Challenge Method", "S256", "plain"})
		}
		if m := c.keys["token_endpoint_auth_method"].val; bMethodFlip[m] != "" {
			fs = append(fs, fact{"Token Endpoint Authentication Method", m, bMethodFlip[m]})
		}
		if rs := c.lists["redirect_uris"]; len(rs) == 1 && g.lines[rs[0].line] == g.exp[rs[0].line] {
			if sch, host, rest, ok := urlParts(rs[0].val); ok && strings.HasPrefix(rest, "/") && len(rest) > 1 {
				fs = append(fs, fact{"Redirect URI", rs[0].val, sch + "://" + host + "/" + rest})
			}
		}
		if len(fs) == 0 {
			return bInjection{}, false
		}
		f := bPick(fs, n)
		form := bPick([]func(l, v string) string{
			func(l, v string) string { return "Set the **" + l + "** to `" + v + "`." },
			func(l, v string) string { return "1. Enter `" + v + "` in the **" + l + "** field." },
			func(l, v string) string { return "- " + l + ": `" + v + "`" },
		}, n/len(fs))
		out, old := g.insertAfter(h, "", form(f.label, f.bad), "")
		ctl, _ := g.insertAfter(h, "", form(f.label, f.good), "")
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: h + 2, sev: diag.Error}}, form: "prose"}, true
	}},
}

// blind4AppFloor holds the kinds found less often than 97%, at the
// measured share (a regression fails); see the MISS lines of a -v run.
var blind4AppFloor = map[string]float64{
	"b4App-authelia-host-is-app":    0.95, // 80/84: an issuer on the application's host with no client settings beside it and another issuer in the snippet (NetBird), a URL of no issuer key
	"b4App-discovery-url-is-issuer": 0.00, // 0/16: a discovery key holding the bare issuer is right for many applications (Vault, Miniflux)
	"b4App-gui-field-swapped":       0.96, // 30/31: wikijs, the id's only application statement moved to the secret's label, then the display name is taken for the id (a cascade)
	"b4App-issuer-given-discovery":  0.00, // 0/32: found as information only: some applications take the discovery URL as their issuer (LibreChat)
	"b4App-wellknown-misspelt":      0.95, // 21/22: a discovery URL in a shell command inside a Web GUI step's code span (Nextcloud's occ)
	"b4App-scope-openid-dropped":    0.28, // 11/38 as errors (a .env/compose.yml conflict); the others are found as a warning or information, since some applications add openid themselves (Vaultwarden, Concourse, Argo Workflows do)
}

// blind4AppNovelFloor is the same on the novel guides.
var blind4AppNovelFloor = map[string]float64{
	"b4App-authelia-host-is-app":     0.84, // 42/50 since the battery picks by a hash of the name: an issuer in a ConfigMap block beside a client id that is a secret reference (Argo Workflows)
	"b4App-discovery-url-is-issuer":  0.00, // 0/7
	"b4App-redirect-internal-origin": 0.95, // 21/22: a Terraform list item (vault.tf)
	"b4App-issuer-given-discovery":   0.00, // 0/16
	"b4App-typed-bool-quoted":        0.88, // 8/9: a quoted boolean alone in chart values (values.yaml), which charts may quote
	"b4App-scope-openid-dropped":     0.00, // 0/23 as errors; each found at its line as a warning or information
	// An enum value misspelt in a prose sentence is not read: a PKCE
	// method (Home Assistant's `s256`) and, among the 16 guides that
	// joined, a token endpoint auth method the sentence says the
	// application uses (`client-secret-post` in KitchenOwl and Xen
	// Orchestra, `client_basic` in MediaWiki and Weblate, `client_post`
	// in step-ca).
	"b4App-enum-spelling": 0.72, // novel grew by 16 guides (2026-12-05): 16/22 measured (14/15 before)
}

func TestBlind4App(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, corpusDir(t), "blind4-app", b4aKinds, os.Getenv("BLIND4_KIND"))
	if os.Getenv("BLIND4_KIND") != "" {
		return
	}
	requireFloors(t, bKindNames(b4aKinds), per, blind4AppFloor)
}

func TestBlind4AppNovel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, novelDir, "blind4-app-novel", b4aKinds, os.Getenv("BLIND4_KIND"))
	if os.Getenv("BLIND4_KIND") != "" {
		return
	}
	// A kind that applies to none of the novel guides is not required
	// here: the corpus run requires every kind.
	var kinds []string
	for _, k := range bKindNames(b4aKinds) {
		if per[k] != nil {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, blind4AppNovelFloor)
}
