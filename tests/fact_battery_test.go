package tests

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/go-crypt/crypt/algorithm/pbkdf2"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/publish"
)

// The fact battery injects the mistakes a guide writer makes about the
// facts of an integration (client id, secret, redirect URIs, scopes, auth
// method, PKCE, URLs of the provider and of the application…) into every
// corpus guide where the fact is stated, on the provider's side and on the
// application's side in whatever form the guide states it. The sites are
// found by mechanism, not by name: a statement of the client id is any
// application-side key whose value is the client's client_id, a redirect
// URI statement any value equal to a registered redirect URI, and so on.
// Statements of facts a guide does not make (an auth method, PKCE, a
// signing algorithm) are inserted beside the application's client id, in
// its format and in its naming convention.

// site is one statement of a key and a value in a guide line.
type site struct {
	line   int    // 0-based line index
	key    string // the key or label as written
	val    string // the value's raw text (site variables unexpanded)
	vs, ve int    // byte offsets of val in the line
	format string // env, compose-map, compose-list, yaml, json, ini, code, gui, table, assume
	indent string // the line's leading blanks (and list marker for compose-list)
}

// tclient is one client of the guide's Authelia configuration.
type tclient struct {
	id, secret, public, authMethod, requirePKCE, pkceMethod, idAlg *site
	redirects, scopes, responseTypes                               []*site
	scopesKey                                                      int // line of "scopes:", -1
}

// gguide is a corpus guide as the battery sees it.
type gguide struct {
	name    string
	lines   []string
	clients []*tclient
	sites   []*site // application-side statements (fences of the application, Web GUI steps)
	assume  map[string]*site
	fences  map[int]string // first line of each fence → its info string
	// renamed is the last value replace changed, old and new: a finding
	// the unmutated guide already has, whose message names the value
	// (the client 'x' of an unrelated rule), is not new.
	renamed [2]string
	inFence []int // per line: the line of its fence's opening, or -1
}

var (
	fenceOpen      = regexp.MustCompile("^(\\s*)```+\\s*([A-Za-z0-9_+-]*)\\s*(\\{.*)?$")
	fenceTitleAttr = regexp.MustCompile(`title="([^"]*)"?`)
	cfgKey         = regexp.MustCompile(`^(\s*)(- )?([a-z_]+):\s*(.*)$`)
	cfgItem        = regexp.MustCompile(`^(\s*)- (.*)$`)
	envRE          = regexp.MustCompile(`^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.]*)=(.*)$`)
	yamlMapRE      = regexp.MustCompile(`^(\s*)(["']?)([A-Za-z_][\w.-]*)(["']?):(\s+)(.*)$`)
	yamlListRE     = regexp.MustCompile(`^(\s*- )([A-Za-z_][A-Za-z0-9_.]*)=(.*)$`)
	jsonRE         = regexp.MustCompile(`^(\s*)"([^"]+)"\s*:\s*(.*)$`)
	iniRE          = regexp.MustCompile(`^(\s*)([A-Za-z_][\w.-]*)\s*=\s*(.*)$`)
	phpRE          = regexp.MustCompile(`^(\s*)'([^']+)'\s*=>\s*(.*)$`)
	codeRE         = regexp.MustCompile(`^(\s*)([A-Za-z_][\w.]*)\s*[:=]\s*(.*)$`)
	bulletRE       = regexp.MustCompile("^(\\s*(?:[-*+]|\\d+\\.)\\s+)(?:__|\\*\\*)?`?([^`:]{1,60}?)`?(?:__|\\*\\*)?\\s*:\\s*(?:__|\\*\\*)?\\s*`([^`]+)`")
	mdHeadingRE    = regexp.MustCompile(`^#{1,6}\s+(.*)$`)
	sitevarHost    = regexp.MustCompile(`^[a-z][a-z0-9+.-]*://`)
)

// unquote returns the span of the value in s[i:] without quotes, a
// trailing comma, or a comment.
func unquote(s string, i int) (int, int, bool) {
	rest := s[i:]
	if rest == "" {
		return 0, 0, false
	}
	if q := rest[0]; q == '\'' || q == '"' || q == '`' {
		j := strings.IndexByte(rest[1:], q)
		if j < 0 {
			return 0, 0, false
		}
		return i + 1, i + 1 + j, true
	}
	end := len(rest)
	if c := strings.Index(rest, " #"); c >= 0 {
		end = c
	}
	v := strings.TrimRight(rest[:end], " \t,;")
	if v == "" || v == "{" || v == "[" || v == "|" || v == ">" {
		return 0, 0, false
	}
	return i, i + len(v), true
}

func parseGuide(name string, g []byte) *gguide {
	gg := &gguide{name: name, lines: strings.Split(string(g), "\n"), assume: map[string]*site{}, fences: map[int]string{}}
	gg.inFence = make([]int, len(gg.lines))
	fm, open, section := 0, -1, ""
	var cur *tclient
	listKey := ""
	for i, l := range gg.lines {
		gg.inFence[i] = -1
		if fm < 2 {
			if strings.TrimSpace(l) == "---" {
				fm++
			}
			gg.inFence[i] = -2
			continue
		}
		if open < 0 {
			if m := fenceOpen.FindStringSubmatch(l); m != nil {
				open = i
				gg.fences[i] = strings.TrimSpace(l)
				cur, listKey = nil, ""
				continue
			}
			if m := mdHeadingRE.FindStringSubmatch(l); m != nil {
				section = strings.ToLower(m[1])
			}
			if m := bulletRE.FindStringSubmatchIndex(l); m != nil {
				key := l[m[4]:m[5]]
				s := &site{line: i, key: strings.TrimSpace(key), val: l[m[6]:m[7]], vs: m[6], ve: m[7], format: "gui", indent: l[m[2]:m[3]]}
				if strings.Contains(section, "assumption") {
					s.format = "assume"
					if _, ok := gg.assume[strings.ToLower(s.key)]; !ok {
						gg.assume[strings.ToLower(s.key)] = s
					}
				} else {
					gg.sites = append(gg.sites, s)
				}
			}
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			open = -1
			continue
		}
		gg.inFence[i] = open
		info := gg.fences[open]
		lang, title := fenceLang(info)
		switch {
		case title == "configuration.yml" || strings.Contains(title, "configuration.y"):
			if m := cfgKey.FindStringSubmatchIndex(l); m != nil {
				key := l[m[6]:m[7]]
				vs, ve, ok := unquote(l, m[8])
				var s *site
				if ok {
					s = &site{line: i, key: key, val: l[vs:ve], vs: vs, ve: ve, format: "authelia"}
				}
				if m[4] >= 0 && (key == "client_id" || key == "id") && s != nil {
					cur = &tclient{id: s, scopesKey: -1}
					gg.clients = append(gg.clients, cur)
					listKey = ""
					continue
				}
				if cur == nil {
					continue
				}
				listKey = ""
				switch key {
				case "client_secret", "secret":
					cur.secret = s
				case "public":
					cur.public = s
				case "token_endpoint_auth_method":
					cur.authMethod = s
				case "require_pkce":
					cur.requirePKCE = s
				case "pkce_challenge_method":
					cur.pkceMethod = s
				case "id_token_signed_response_alg":
					cur.idAlg = s
				case "redirect_uris", "scopes", "response_types":
					listKey = key
					if key == "scopes" {
						cur.scopesKey = i
					}
				}
			} else if m := cfgItem.FindStringSubmatchIndex(l); m != nil && cur != nil && listKey != "" {
				vs, ve, ok := unquote(l, m[4])
				if !ok {
					continue
				}
				s := &site{line: i, key: listKey, val: l[vs:ve], vs: vs, ve: ve, format: "authelia"}
				switch listKey {
				case "redirect_uris":
					cur.redirects = append(cur.redirects, s)
				case "scopes":
					cur.scopes = append(cur.scopes, s)
				case "response_types":
					cur.responseTypes = append(cur.responseTypes, s)
				}
			}
		default:
			if s := appSite(l, lang, title); s != nil {
				s.line = i
				gg.sites = append(gg.sites, s)
			}
		}
	}
	return gg
}

// fenceLang returns the language and title of a fence's info string.
func fenceLang(info string) (lang, title string) {
	m := fenceOpen.FindStringSubmatch(info)
	if m == nil {
		return "", ""
	}
	if t := fenceTitleAttr.FindStringSubmatch(m[3]); t != nil {
		title = strings.ToLower(t[1])
	}
	return strings.ToLower(m[2]), title
}

// appSite reads one line of an application snippet.
func appSite(l, lang, title string) *site {
	mk := func(key, indent, format string, from int) *site {
		vs, ve, ok := unquote(l, from)
		if !ok {
			return nil
		}
		return &site{key: key, val: l[vs:ve], vs: vs, ve: ve, format: format, indent: indent}
	}
	isEnv := strings.HasSuffix(title, ".env") || lang == "env" || (lang == "shell" || lang == "sh" || lang == "bash") && title == ""
	yamlish := lang == "yaml" || lang == "yml" || strings.HasSuffix(title, ".yml") || strings.HasSuffix(title, ".yaml")
	switch {
	case isEnv:
		if m := envRE.FindStringSubmatchIndex(l); m != nil {
			return mk(l[m[6]:m[7]], l[m[2]:m[3]], "env", m[8])
		}
	case yamlish:
		// A JSON document in a block scalar (a compose variable holding a
		// provider definition): a quoted key and a value closed by a
		// comma is JSON, never block YAML.
		if m := jsonRE.FindStringSubmatchIndex(l); m != nil && strings.HasSuffix(strings.TrimSpace(l), ",") {
			return mk(l[m[4]:m[5]], l[m[2]:m[3]], "json", m[6])
		}
		if m := yamlListRE.FindStringSubmatchIndex(l); m != nil {
			return mk(l[m[4]:m[5]], l[m[2]:m[3]], "compose-list", m[6])
		}
		if m := yamlMapRE.FindStringSubmatchIndex(l); m != nil {
			f := "yaml"
			if strings.Contains(title, "compose") {
				f = "compose-map"
			}
			return mk(l[m[6]:m[7]], l[m[2]:m[3]], f, m[12])
		}
	case lang == "json" || strings.HasSuffix(title, ".json"):
		if m := jsonRE.FindStringSubmatchIndex(l); m != nil {
			return mk(l[m[4]:m[5]], l[m[2]:m[3]], "json", m[6])
		}
	case lang == "ini" || lang == "toml" || strings.HasSuffix(title, ".ini") || strings.HasSuffix(title, ".toml"):
		if m := iniRE.FindStringSubmatchIndex(l); m != nil {
			return mk(l[m[4]:m[5]], l[m[2]:m[3]], "ini", m[6])
		}
	case lang == "php":
		if m := phpRE.FindStringSubmatchIndex(l); m != nil {
			return mk(l[m[4]:m[5]], l[m[2]:m[3]], "php", m[6])
		}
	case lang == "python" || lang == "js" || lang == "exs":
		if m := codeRE.FindStringSubmatchIndex(l); m != nil {
			if i := m[6]; i < len(l) && (l[i] == '\'' || l[i] == '"') {
				return mk(l[m[4]:m[5]], l[m[2]:m[3]], "code", m[6])
			}
		}
	}
	return nil
}

// nkey normalises a key: lower case letters and digits only.
func nkey(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// injection is one mutated guide: the defect's line (1-based) and the lines
// where a finding also proves the defect found (the other statement of a
// fact stated exactly twice, when nothing says which of the two is wrong).
type injection struct {
	out  []byte
	line int
	alt  []int
	sev  diag.Severity
	form string
	// control, when set, is the guide with the same insertion and no
	// mistake: it must get no new finding at all.
	control []byte
}

type factKind struct {
	name   string
	inject func(g *gguide, n int) (injection, bool)
}

func (g *gguide) with(line int, text string) []byte {
	ls := slices.Clone(g.lines)
	ls[line] = text
	return []byte(strings.Join(ls, "\n"))
}

func (g *gguide) insert(after int, text string) []byte {
	ls := slices.Clone(g.lines)
	ls = slices.Insert(ls, after+1, text)
	return []byte(strings.Join(ls, "\n"))
}

func (g *gguide) replace(s *site, v string) []byte {
	l := g.lines[s.line]
	g.renamed = [2]string{expand(s.val), expand(v)}
	return g.with(s.line, l[:s.vs]+v+l[s.ve:])
}

func inj(out []byte, s *site, sev diag.Severity, form string, alt ...*site) (injection, bool) {
	in := injection{out: out, line: s.line + 1, sev: sev, form: form}
	for _, a := range alt {
		in.alt = append(in.alt, a.line+1)
	}
	return in, true
}

// literal reports whether a raw value is a literal the reader copies (not a
// placeholder or a reference).
func literal(v string) bool {
	v = expand(v)
	return v != "" && !strings.ContainsAny(v, "<>$ {}") && !strings.Contains(v, "...")
}

var sitevarCall = regexp.MustCompile(`\{\{<\s*sitevar\s[^>]*nojs="([^"]*)"[^>]*>\}\}`)

// expand replaces site variable calls by their nojs values.
func expand(v string) string { return sitevarCall.ReplaceAllString(v, "$1") }

// mainClient returns the client the guide's application side talks to: the
// one whose client_id the application states, else the only one.
func (g *gguide) mainClient(n int) (*tclient, []*site) {
	var best *tclient
	var refs []*site
	for _, c := range g.clients {
		if !literal(c.id.val) || strings.Contains(c.id.val, "{{") {
			continue
		}
		r := g.idSites(c.id.val)
		if len(r) > len(refs) || best == nil {
			best, refs = c, r
		}
	}
	if best == nil {
		return nil, nil
	}
	// Alternatives (several blocks with one client_id) are skipped: a
	// value is right when any of them accepts it.
	k := 0
	for _, c := range g.clients {
		if c.id.val == best.id.val {
			k++
		}
	}
	if k > 1 {
		return nil, nil
	}
	return best, refs
}

// idSites returns the application-side statements of client id id.
func (g *gguide) idSites(id string) []*site {
	var out []*site
	for _, s := range g.sites {
		k := nkey(s.key)
		if s.val == id && !strings.Contains(k, "secret") && !strings.Contains(k, "name") && (strings.Contains(k, "id") || strings.Contains(k, "key") || strings.Contains(k, "client")) {
			out = append(out, s)
		}
	}
	return out
}

func (g *gguide) valueSites(v string, keyOK func(string) bool) []*site {
	var out []*site
	for _, s := range g.sites {
		if s.val == v && keyOK(nkey(s.key)) {
			out = append(out, s)
		}
	}
	return out
}

// idEdits are the typos made in a client id.
func idEdit(id string, n int) string {
	if e := idEditForm(id, n); e != id {
		return e
	}
	// A form that changes nothing (the upper case of a digit) is no
	// defect: another one is.
	return idEditForm(id, n+1)
}

// idEditForm is idEdit's form n%5, which may leave id as it is.
func idEditForm(id string, n int) string {
	switch n % 5 {
	case 0:
		return id + "-app"
	case 1:
		if len(id) > 2 {
			return id[:len(id)-1]
		}
		return id + "x"
	case 2:
		if strings.Contains(id, "-") {
			return strings.Replace(id, "-", "_", 1)
		}
		return strings.ToUpper(id[:1]) + id[1:]
	case 3:
		return strings.ToUpper(id[:1]) + id[1:]
	}
	// Swapping two equal letters (peertube) changes nothing.
	if len(id) > 3 && id[1] != id[2] {
		return id[:1] + id[2:3] + id[1:2] + id[3:]
	}
	return "my" + id
}

// urlEdit changes a raw URL (site variables kept): path, host, scheme, port
// or trailing slash, by the form picked.
func urlEdit(u string, form string) (string, bool) {
	m := sitevarHost.FindString(u)
	if m == "" {
		return "", false
	}
	rest := u[len(m):]
	hostEnd := strings.IndexByte(rest, '/')
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	host, path := rest[:hostEnd], rest[hostEnd:]
	web := strings.HasPrefix(m, "http")
	switch form {
	case "scheme":
		if m != "https://" {
			return "", false
		}
		return "http://" + rest, true
	case "port":
		if !web || strings.Contains(host, ":") && !strings.Contains(host, "{{") {
			return "", false
		}
		return m + host + ":8443" + path, true
	case "host":
		if !web {
			return "", false
		}
		return m + "sso." + host + path, true
	case "slash":
		if strings.HasSuffix(u, "/") {
			return strings.TrimSuffix(u, "/"), true
		}
		return u + "/", true
	case "path":
		p := strings.TrimRight(path, "/")
		if p == "" {
			return m + host + "/oidc" + path, true
		}
		i := strings.LastIndexByte(p, '/')
		seg := p[i+1:]
		switch {
		case seg == "callback":
			seg = "oauth2/callback"
		case strings.HasSuffix(seg, "s"):
			seg = strings.TrimSuffix(seg, "s")
		default:
			seg += "s"
		}
		return m + host + p[:i+1] + seg + path[len(p):], true
	}
	return "", false
}

// appOnOrigin reports whether an application setting is a URL on root.
func (g *gguide) appOnOrigin(root string) bool {
	for _, s := range g.sites {
		if s.val == root || strings.HasPrefix(s.val, root+"/") {
			return true
		}
	}
	return false
}

var urlForms = []string{"path", "host", "scheme", "port", "slash"}

// convention renders words in the style of key: OIDC_CLIENT_ID →
// OIDC_TOKEN_ENDPOINT_AUTH_METHOD, clientId → tokenEndpointAuthMethod,
// "Client ID" → "Token Endpoint Auth Method".
func convention(key string, words []string) (string, bool) {
	k := key
	low := strings.ToLower(k)
	var prefix, style string
	switch {
	case strings.HasSuffix(low, "client_id"):
		prefix, style = k[:len(k)-len("client_id")], "snake"
	case strings.HasSuffix(low, "client-id"):
		prefix, style = k[:len(k)-len("client-id")], "kebab"
	case strings.HasSuffix(low, "clientid"):
		prefix, style = k[:len(k)-len("clientid")], "camel"
	case strings.HasSuffix(low, "client id"):
		prefix, style = k[:len(k)-len("client id")], "title"
	default:
		return "", false
	}
	upper := strings.ToUpper(k) == k && strings.ToLower(k) != k
	var b strings.Builder
	b.WriteString(prefix)
	for i, w := range words {
		switch style {
		case "snake":
			if i > 0 {
				b.WriteByte('_')
			}
			if upper {
				w = strings.ToUpper(w)
			}
		case "kebab":
			if i > 0 {
				b.WriteByte('-')
			}
		case "camel":
			if i > 0 || prefix != "" {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
		case "title":
			if i > 0 {
				b.WriteByte(' ')
			}
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
	}
	return b.String(), true
}

// sibling renders a statement of key and value in the format and indent of
// s, for insertion after it.
func sibling(s *site, key, val string, bare bool) string {
	switch s.format {
	case "env":
		if strings.Contains(val, " ") && !bare {
			// Words in a .env or on a command line are quoted.
			return s.indent + key + `="` + val + `"`
		}
		return s.indent + key + "=" + val
	case "compose-list":
		return s.indent + key + "=" + val
	case "compose-map", "yaml":
		if bare {
			return s.indent + key + ": " + val
		}
		return s.indent + key + ": '" + val + "'"
	case "json":
		if bare {
			return s.indent + `"` + key + `": ` + val + ","
		}
		return s.indent + `"` + key + `": "` + val + `",`
	case "ini":
		if bare {
			return s.indent + key + " = " + val
		}
		return s.indent + key + ` = "` + val + `"`
	case "php":
		return s.indent + "'" + key + "' => '" + val + "',"
	case "code":
		return s.indent + key + ": '" + val + "',"
	case "gui":
		return s.indent + key + ": `" + val + "`"
	}
	return ""
}

// insertBeside inserts a statement of words = val beside the n-th
// application-side client id statement of c, in its format.
func (g *gguide) insertBeside(refs []*site, n int, words []string, val string, bare bool) (injection, bool) {
	var ok []*site
	for _, s := range refs {
		if s.format == "assume" || s.format == "json" && !strings.HasSuffix(strings.TrimSpace(g.lines[s.line]), ",") {
			continue
		}
		if _, good := convention(s.key, words); good {
			ok = append(ok, s)
		}
	}
	if len(ok) == 0 {
		return injection{}, false
	}
	s := ok[n%len(ok)]
	key, _ := convention(s.key, words)
	// A snippet that already sets the key is edited, not given a second.
	for i, l := range g.lines {
		if g.inFence[i] == g.inFence[s.line] && s.format != "gui" && strings.Contains(nkey(l), nkey(words[len(words)-1])) {
			return injection{}, false
		}
	}
	line := sibling(s, key, val, bare)
	if line == "" {
		return injection{}, false
	}
	return injection{out: g.insert(s.line, line), line: s.line + 2, sev: diag.Error, form: s.format}, true
}

func isPublic(c *tclient) bool { return c.public != nil && c.public.val == "true" }

func clientMethod(c *tclient) string {
	if c.authMethod != nil && c.authMethod.val != "" {
		return c.authMethod.val
	}
	if isPublic(c) {
		return "none"
	}
	return "client_secret_basic"
}

func clientScopes(c *tclient) map[string]bool {
	out := map[string]bool{}
	if len(c.scopes) == 0 {
		for _, s := range []string{"openid", "groups", "profile", "email"} {
			out[s] = true
		}
	}
	for _, s := range c.scopes {
		out[s.val] = true
	}
	return out
}

// scopeSites returns the application-side scope lists: values of a key
// naming scopes whose words are all granted scopes of c.
func (g *gguide) scopeSites(c *tclient) []*site {
	granted := clientScopes(c)
	var out []*site
	for _, s := range g.sites {
		if !strings.Contains(nkey(s.key), "scope") {
			continue
		}
		ws := strings.FieldsFunc(s.val, func(r rune) bool { return r == ' ' || r == ',' || r == '+' })
		good := len(ws) > 0
		for _, w := range ws {
			good = good && granted[w]
		}
		if good {
			out = append(out, s)
		}
	}
	return out
}

// separator returns the separator of a scope list value.
func separator(v string) string {
	switch {
	case strings.Contains(v, ", "):
		return ", "
	case strings.Contains(v, ","):
		return ","
	case strings.Contains(v, "+"):
		return "+"
	}
	return " "
}

// autheliaRoot returns the Authelia Root URL assumption without its slash.
func (g *gguide) root(label string) (string, *site) {
	s := g.assume[label]
	if s == nil || !strings.HasPrefix(s.val, "http") {
		return "", nil
	}
	return strings.TrimSuffix(s.val, "/"), s
}

var endpointPaths = []string{"/api/oidc/authorization", "/api/oidc/token", "/api/oidc/userinfo", "/jwks.json", "/api/oidc/introspection", "/api/oidc/revocation"}

// providerURLSites returns the application-side URLs on the Authelia Root
// URL: issuer and discovery URLs (path "", "/" or the discovery document)
// when endpoints is false, else the endpoints.
func (g *gguide) providerURLSites(endpoints bool) []*site {
	root, _ := g.root("authelia root url")
	if root == "" {
		return nil
	}
	var out []*site
	for _, s := range g.sites {
		if !strings.HasPrefix(s.val, root) {
			continue
		}
		p := s.val[len(root):]
		isIssuer := p == "" || p == "/" || p == "/.well-known/openid-configuration"
		if !endpoints && isIssuer || endpoints && slices.Contains(endpointPaths, p) {
			out = append(out, s)
		}
	}
	return out
}

var endpointTypos = map[string][]string{
	"/api/oidc/authorization": {"/api/oidc/authorize", "/api/oidc/auth", "/oauth2/authorize"},
	"/api/oidc/token":         {"/api/oidc/tokens", "/oauth2/token", "/api/oauth/token"},
	"/api/oidc/userinfo":      {"/api/oidc/user-info", "/api/oidc/userInfo", "/oauth2/userinfo"},
	"/jwks.json":              {"/jwks", "/.well-known/jwks.json", "/api/oidc/jwks"},
	"/api/oidc/introspection": {"/api/oidc/introspect"},
	"/api/oidc/revocation":    {"/api/oidc/revoke"},
}

var issuerTypos = []string{"/oidc", "/api/oidc", "/.well-known/openid_configuration", "/.well-known/openid-configuration.json", "/auth"}

var otherSecretDigest = sync.OnceValue(func() string {
	h, err := pbkdf2.NewSHA512(pbkdf2.WithIterations(310000))
	if err != nil {
		panic(err)
	}
	d, err := h.HashWithSalt("a_different_secret", []byte("0123456789abcdef"))
	if err != nil {
		panic(err)
	}
	return d.Encode()
})

func secretKey(k string) bool {
	return strings.Contains(k, "secret") || strings.Contains(k, "password")
}

// restated is a fact a table or a sentence of the guide states again: its
// label, its value (raw, site variables kept) and how to get it wrong.
type restated struct {
	label, val string
	edit       func(n int) string
}

// restatable returns the facts of the main client a guide could state in
// a table or in prose: the client id, the Client Secret assumption (of a
// confidential client) and a registered redirect URI.
func (g *gguide) restatable(n int) []restated {
	c, _ := g.mainClient(n)
	if c == nil {
		return nil
	}
	out := []restated{{"Client ID", c.id.val, func(n int) string { return idEdit(c.id.val, n) }}}
	if a := g.assume["client secret"]; a != nil && !isPublic(c) && c.secret != nil && literal(a.val) {
		out = append(out, restated{"Client Secret", a.val, func(n int) string { return a.val + []string{"1", "_x", "2"}[n%3] }})
	}
	for _, r := range c.redirects {
		if !literal(r.val) || !strings.HasPrefix(r.val, "http") {
			continue
		}
		r := r
		out = append(out, restated{"Redirect URI", r.val, func(n int) string {
			for k := range urlForms {
				if v, ok := urlEdit(r.val, urlForms[(n+k)%len(urlForms)]); ok {
					return v
				}
			}
			return r.val + "x"
		}})
		break
	}
	if root, _ := g.root("authelia root url"); root != "" && literal(root) {
		out = append(out, restated{"Issuer URL", root, func(n int) string {
			v, _ := urlEdit(root, []string{"host", "scheme", "port"}[n%3])
			return v
		}})
	}
	if len(c.scopes) > 0 && !slices.ContainsFunc(c.scopes, func(s *site) bool { return !literal(s.val) }) {
		var granted []string
		for _, s := range c.scopes {
			granted = append(granted, s.val)
		}
		have := clientScopes(c)
		out = append(out, restated{"Scopes", strings.Join(granted, " "), func(n int) string {
			for k := range 4 {
				if x := []string{"offline_access", "address", "phone", "groups"}[(n+k)%4]; !have[x] {
					return strings.Join(granted, " ") + " " + x
				}
			}
			return strings.Join(granted, " ") + " profiles"
		}})
	}
	return out
}

// appHeading returns the line of the guide's "### Application" heading
// (where the application's settings are described), or -1.
func (g *gguide) appHeading() int {
	for i, l := range g.lines {
		if g.inFence[i] == -1 && strings.HasPrefix(l, "### Application") {
			return i
		}
	}
	return -1
}

// insertBlock inserts lines after line at, with a blank line before and
// after, and returns the guide and the 1-based line of block[i].
func (g *gguide) insertBlock(at int, block []string) ([]byte, func(i int) int) {
	ls := slices.Clone(g.lines)
	ins := append(append([]string{""}, block...), "")
	ls = slices.Insert(ls, at+1, ins...)
	return []byte(strings.Join(ls, "\n")), func(i int) int { return at + 3 + i }
}

// tableOf renders facts as a Markdown table in one of three forms: a
// two-column table of settings with code values (bold labels when n is
// odd), the same without code, or one row of values under a header of
// labels. It returns the lines and the index of each fact's line.
func tableOf(facts []restated, vals []string, form int, bold bool) ([]string, []int) {
	code := func(v string) string { return "`" + v + "`" }
	lbl := func(l string) string {
		if bold {
			return "**" + l + "**"
		}
		return l
	}
	switch form {
	case 0, 1:
		lines := []string{"The application needs the following settings:", "", "| Setting | Value |", "|:--|:--|"}
		var at []int
		for i, f := range facts {
			v := vals[i]
			if form == 0 {
				v = code(v)
			}
			at = append(at, len(lines))
			lines = append(lines, "| "+lbl(f.label)+" | "+v+" |")
		}
		return lines, at
	}
	head, sep, row := "|", "|", "|"
	var at []int
	for i, f := range facts {
		head += " " + f.label + " |"
		sep += "---|"
		row += " " + code(vals[i]) + " |"
		at = append(at, 3)
	}
	return []string{"Use these values:", "", head, sep, row}, at
}

var factKinds = []factKind{
	{"client-id/provider", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		a := g.assume["client id"]
		if c == nil {
			return injection{}, false
		}
		others := len(refs)
		if a != nil && a.val == c.id.val {
			others++
		}
		if others == 0 {
			return injection{}, false
		}
		in, _ := inj(g.replace(c.id, idEdit(c.id.val, n)), c.id, diag.Error, "")
		if others == 1 {
			in.alt = append(in.alt, append(refs, a)[0].line+1)
			if len(refs) == 1 {
				in.alt = []int{refs[0].line + 1}
			}
		}
		return in, true
	}},
	{"client-id/app", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil || len(refs) == 0 {
			return injection{}, false
		}
		s := refs[n%len(refs)]
		return inj(g.replace(s, idEdit(s.val, n)), s, diag.Error, s.format)
	}},
	{"client-id/assumption", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		a := g.assume["client id"]
		if c == nil || a == nil || a.val != c.id.val {
			return injection{}, false
		}
		in, _ := inj(g.replace(a, idEdit(a.val, n)), a, diag.Error, "")
		if len(refs) == 0 {
			in.alt = []int{c.id.line + 1}
		}
		return in, true
	}},
	{"redirect/provider", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		if c == nil {
			return injection{}, false
		}
		appRoot, _ := g.root("application root url")
		for k := range len(c.redirects) * len(urlForms) {
			r := c.redirects[(n+k)%len(c.redirects)]
			form := urlForms[(n+k/len(c.redirects))%len(urlForms)]
			v, ok := urlEdit(r.val, form)
			if !ok || !literal(r.val) {
				continue
			}
			refs := g.valueSites(r.val, func(string) bool { return true })
			switch {
			case len(refs) >= 2:
				return inj(g.replace(r, v), r, diag.Error, form)
			case len(refs) == 1:
				return inj(g.replace(r, v), r, diag.Error, form, refs[0])
			case appRoot != "" && strings.HasPrefix(r.val, appRoot) && form != "path" && form != "slash":
				if !g.appOnOrigin(appRoot) {
					return inj(g.replace(r, v), r, diag.Warning, form+"/root-tie", g.assume["application root url"])
				}
				return inj(g.replace(r, v), r, diag.Warning, form+"/root")
			}
		}
		return injection{}, false
	}},
	{"redirect/app", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		if c == nil {
			return injection{}, false
		}
		var refs []*site
		for _, r := range c.redirects {
			if literal(r.val) {
				refs = append(refs, g.valueSites(r.val, func(string) bool { return true })...)
			}
		}
		if len(refs) == 0 {
			return injection{}, false
		}
		s := refs[n%len(refs)]
		for k := range urlForms {
			form := urlForms[(n+k)%len(urlForms)]
			if v, ok := urlEdit(s.val, form); ok {
				return inj(g.replace(s, v), s, diag.Error, s.format+"/"+form)
			}
		}
		return injection{}, false
	}},
	{"secret/provider", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		if c == nil || c.secret == nil || isPublic(c) || !literal(c.secret.val) && !strings.HasPrefix(c.secret.val, "$pbkdf2") {
			return injection{}, false
		}
		a := g.assume["client secret"]
		refs := 0
		if a != nil && literal(a.val) {
			refs++
		}
		if a != nil {
			refs += len(g.valueSites(a.val, secretKey))
		}
		if refs == 0 {
			return injection{}, false
		}
		v := c.secret.val
		switch {
		case !strings.HasPrefix(v, "$"):
			v += "x"
		case n%2 == 0:
			v = otherSecretDigest()
		default:
			i := strings.LastIndexByte(v, '$') + 5
			ch := byte('A')
			if v[i] == 'A' {
				ch = 'B'
			}
			v = v[:i] + string(ch) + v[i+1:]
		}
		return inj(g.replace(c.secret, v), c.secret, diag.Error, "")
	}},
	{"secret/app", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		a := g.assume["client secret"]
		if c == nil || a == nil || isPublic(c) || !literal(a.val) {
			return injection{}, false
		}
		refs := g.valueSites(a.val, secretKey)
		if len(refs) == 0 {
			return injection{}, false
		}
		s := refs[n%len(refs)]
		v := []string{s.val + "1", strings.ToUpper(s.val[:1]) + s.val[1:], s.val[:len(s.val)-1]}[n%3]
		return inj(g.replace(s, v), s, diag.Error, s.format)
	}},
	{"secret/assumption", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		a := g.assume["client secret"]
		if c == nil || a == nil || isPublic(c) || !literal(a.val) || c.secret == nil {
			return injection{}, false
		}
		return inj(g.replace(a, a.val+"_2"), a, diag.Error, "")
	}},
	{"secret/public-client-app", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil || !isPublic(c) {
			return injection{}, false
		}
		return g.insertBeside(refs, n, []string{"client", "secret"}, "insecure_secret", false)
	}},
	{"scope/app-not-granted", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		if c == nil {
			return injection{}, false
		}
		granted := clientScopes(c)
		var extra string
		for k := range 5 {
			x := []string{"offline_access", "groups", "address", "phone", "profiles"}[(n+k)%5]
			if !granted[x] {
				extra = x
				break
			}
		}
		if sites := g.scopeSites(c); len(sites) > 0 {
			s := sites[n%len(sites)]
			return inj(g.replace(s, s.val+separator(s.val)+extra), s, diag.Error, s.format)
		}
		_, refs := g.mainClient(n)
		sc := "openid profile email " + extra
		return g.insertBeside(refs, n, []string{"scopes"}, sc, false)
	}},
	{"scope/provider-removed", func(g *gguide, n int) (injection, bool) {
		c, _ := g.mainClient(n)
		if c == nil || len(c.scopes) == 0 {
			return injection{}, false
		}
		sites := g.scopeSites(c)
		if len(sites) == 0 {
			return injection{}, false
		}
		s := sites[n%len(sites)]
		requested := strings.FieldsFunc(s.val, func(r rune) bool { return r == ' ' || r == ',' || r == '+' })
		for _, sc := range c.scopes {
			if sc.val != "openid" && slices.Contains(requested, sc.val) {
				in, _ := inj(g.replace(sc, sc.val+"s"), sc, diag.Error, "")
				for _, o := range sites {
					in.alt = append(in.alt, o.line+1)
				}
				return in, true
			}
		}
		return injection{}, false
	}},
	{"auth-method/app", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil || isPublic(c) {
			return injection{}, false
		}
		other := map[string]string{"client_secret_basic": "client_secret_post", "client_secret_post": "client_secret_basic"}[clientMethod(c)]
		if other == "" {
			return injection{}, false
		}
		words := [][]string{{"token", "endpoint", "auth", "method"}, {"client", "auth", "method"}, {"token", "auth", "method"}}[n%3]
		return g.insertBeside(refs, n, words, other, false)
	}},
	{"auth-method/provider", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil || isPublic(c) || c.authMethod == nil {
			return injection{}, false
		}
		// The application states the method twice (inserted beside two
		// statements of the client id), then the client's changes.
		var ok []*site
		for _, s := range refs {
			if _, good := convention(s.key, []string{"token", "endpoint", "auth", "method"}); good && s.format != "assume" && s.format != "json" {
				ok = append(ok, s)
			}
		}
		if len(ok) < 2 {
			return injection{}, false
		}
		m := clientMethod(c)
		other := map[string]string{"client_secret_basic": "client_secret_post", "client_secret_post": "client_secret_basic"}[m]
		if other == "" {
			return injection{}, false
		}
		ls := slices.Clone(g.lines)
		// Insert bottom-up so indices stay valid.
		sort.Slice(ok, func(i, j int) bool { return ok[i].line > ok[j].line })
		for _, s := range ok[:2] {
			key, _ := convention(s.key, []string{"token", "endpoint", "auth", "method"})
			ls = slices.Insert(ls, s.line+1, sibling(s, key, m, false))
		}
		line := c.authMethod.line
		l := ls[line]
		ls[line] = l[:c.authMethod.vs] + other + l[c.authMethod.ve:]
		return injection{out: []byte(strings.Join(ls, "\n")), line: line + 1, sev: diag.Error}, true
	}},
	{"pkce/app-disabled", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil || (c.requirePKCE == nil || c.requirePKCE.val != "true") && (c.pkceMethod == nil || c.pkceMethod.val == "") {
			return injection{}, false
		}
		for _, s := range g.sites {
			if k := nkey(s.key); strings.Contains(k, "pkce") && s.val == "true" {
				return inj(g.replace(s, "false"), s, diag.Error, s.format)
			}
		}
		words := [][]string{{"use", "pkce"}, {"pkce", "enabled"}}[n%2]
		return g.insertBeside(refs, n, words, "false", true)
	}},
	{"pkce/app-method", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil || c.pkceMethod == nil || c.pkceMethod.val != "S256" {
			return injection{}, false
		}
		words := [][]string{{"code", "challenge", "method"}, {"pkce", "method"}}[n%2]
		return g.insertBeside(refs, n, words, "plain", false)
	}},
	{"response-type/app", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil {
			return injection{}, false
		}
		for _, r := range c.responseTypes {
			if r.val != "code" {
				return injection{}, false
			}
		}
		v := []string{"id_token", "code id_token", "token"}[n%3]
		return g.insertBeside(refs, n, []string{"response", "type"}, v, false)
	}},
	{"signing-alg/app", func(g *gguide, n int) (injection, bool) {
		c, refs := g.mainClient(n)
		if c == nil {
			return injection{}, false
		}
		alg := "RS256"
		if c.idAlg != nil {
			alg = c.idAlg.val
		}
		other := []string{"ES256", "HS256", "PS256"}[n%3]
		if other == alg {
			other = "RS512"
		}
		words := [][]string{{"id", "token", "signing", "alg"}, {"signing", "algorithm"}}[n%2]
		return g.insertBeside(refs, n, words, other, false)
	}},
	{"issuer/app", func(g *gguide, n int) (injection, bool) {
		sites := g.providerURLSites(false)
		if len(sites) == 0 {
			return injection{}, false
		}
		s := sites[n%len(sites)]
		root, _ := g.root("authelia root url")
		var v, form string
		switch n % 4 {
		case 0:
			v, form = root+issuerTypos[(n/4)%len(issuerTypos)], "path"
			if strings.HasSuffix(s.val, "/.well-known/openid-configuration") {
				v = root + issuerTypos[(n/4)%len(issuerTypos)] + "/.well-known/openid-configuration"
				if strings.Contains(issuerTypos[(n/4)%len(issuerTypos)], "well-known") {
					v = root + issuerTypos[(n/4)%len(issuerTypos)]
				}
			}
		default:
			form = []string{"", "host", "scheme", "port"}[n%4]
			v, _ = urlEdit(s.val, form)
		}
		if v == "" {
			return injection{}, false
		}
		return inj(g.replace(s, v), s, diag.Error, s.format+"/"+form)
	}},
	{"endpoint/app", func(g *gguide, n int) (injection, bool) {
		sites := g.providerURLSites(true)
		if len(sites) == 0 {
			return injection{}, false
		}
		s := sites[n%len(sites)]
		root, _ := g.root("authelia root url")
		var v, form string
		switch n % 4 {
		case 0, 3:
			p := s.val[len(root):]
			ts := endpointTypos[p]
			v, form = root+ts[(n/4)%len(ts)], "path"
		default:
			form = []string{"", "host", "scheme", "port"}[(n/2)%4]
			if form == "" {
				form = "port"
			}
			v, _ = urlEdit(s.val, form)
		}
		if v == "" {
			return injection{}, false
		}
		return inj(g.replace(s, v), s, diag.Error, s.format+"/"+form)
	}},
	{"authelia-root/assumption", func(g *gguide, n int) (injection, bool) {
		_, a := g.root("authelia root url")
		if a == nil || len(g.providerURLSites(false))+len(g.providerURLSites(true)) == 0 {
			return injection{}, false
		}
		form := []string{"host", "scheme", "port"}[n%3]
		v, ok := urlEdit(a.val, form)
		if !ok {
			return injection{}, false
		}
		// Stated once on each side, nothing says which is wrong.
		urls := append(g.providerURLSites(false), g.providerURLSites(true)...)
		if len(urls) == 1 {
			return inj(g.replace(a, v), a, diag.Error, form+"/tie", urls[0])
		}
		return inj(g.replace(a, v), a, diag.Error, form)
	}},
	{"app-root/app", func(g *gguide, n int) (injection, bool) {
		root, _ := g.root("application root url")
		c, _ := g.mainClient(n)
		if root == "" || c == nil {
			return injection{}, false
		}
		var sites []*site
		for _, s := range g.sites {
			if (s.val == root || s.val == root+"/") && !strings.Contains(nkey(s.key), "redirect") {
				sites = append(sites, s)
			}
		}
		if len(sites) == 0 {
			return injection{}, false
		}
		s := sites[n%len(sites)]
		form := []string{"host", "scheme", "port"}[n%3]
		v, ok := urlEdit(s.val, form)
		if !ok {
			return injection{}, false
		}
		return inj(g.replace(s, v), s, diag.Error, s.format+"/"+form)
	}},
	{"app-root/assumption", func(g *gguide, n int) (injection, bool) {
		root, a := g.root("application root url")
		c, _ := g.mainClient(n)
		if a == nil || c == nil {
			return injection{}, false
		}
		under := false
		for _, r := range c.redirects {
			under = under || strings.HasPrefix(r.val, root+"/")
		}
		if !under {
			return injection{}, false
		}
		form := []string{"host", "scheme", "port"}[n%3]
		v, ok := urlEdit(a.val, form)
		if !ok {
			return injection{}, false
		}
		// With no application setting on the root's origin, the client's
		// redirect URIs and the assumption are one statement each.
		var alt []*site
		if !g.appOnOrigin(root) {
			for _, r := range c.redirects {
				alt = append(alt, r)
			}
		}
		return inj(g.replace(a, v), a, diag.Warning, form, alt...)
	}},
	{"env/near-miss-name", func(g *gguide, n int) (injection, bool) {
		byName := map[string][]*site{}
		for _, s := range g.sites {
			if s.format == "env" || strings.HasPrefix(s.format, "compose") {
				byName[s.key] = append(byName[s.key], s)
			}
		}
		var both []*site
		for _, ss := range byName {
			env, comp := false, false
			for _, s := range ss {
				env = env || s.format == "env"
				comp = comp || s.format != "env"
			}
			if env && comp && len(ss) == 2 && len(ss[0].key) > 6 {
				both = append(both, ss...)
			}
		}
		if len(both) == 0 {
			return injection{}, false
		}
		sort.Slice(both, func(i, j int) bool { return both[i].line < both[j].line })
		s := both[n%len(both)]
		var other *site
		for _, o := range byName[s.key] {
			if o != s {
				other = o
			}
		}
		k := s.key
		var nk string
		switch n % 3 {
		case 0:
			i := strings.LastIndexByte(k, '_')
			if i <= 0 {
				return injection{}, false
			}
			nk = k[:i] + k[i+1:]
		case 1:
			i := len(k) / 2
			nk = k[:i] + k[i+1:i+2] + k[i:i+1] + k[i+2:]
		default:
			nk = k[:len(k)-1]
		}
		l := g.lines[s.line]
		i := strings.Index(l, k)
		return inj(g.with(s.line, l[:i]+nk+l[i+len(k):]), s, diag.Error, s.format, other)
	}},
	{"compose/list-item-mapping", func(g *gguide, n int) (injection, bool) {
		var sites []*site
		for _, s := range g.sites {
			if s.format == "compose-list" {
				sites = append(sites, s)
			}
		}
		if len(sites) == 0 {
			return injection{}, false
		}
		s := sites[n%len(sites)]
		l := g.lines[s.line]
		i := strings.Index(l, s.key+"=")
		return inj(g.with(s.line, l[:i]+s.key+": "+l[i+len(s.key)+1:]), s, diag.Error, "")
	}},
	{"compose/mapping-item-equals", func(g *gguide, n int) (injection, bool) {
		var sites []*site
		for _, s := range g.sites {
			if s.format == "compose-map" && s.key == strings.ToUpper(s.key) {
				sites = append(sites, s)
			}
		}
		if len(sites) == 0 {
			return injection{}, false
		}
		s := sites[n%len(sites)]
		return inj(g.with(s.line, s.indent+"- "+s.key+": "+g.lines[s.line][s.vs:s.ve]), s, diag.Error, "")
	}},
	{"table/app", func(g *gguide, n int) (injection, bool) {
		h, facts := g.appHeading(), g.restatable(n)
		if h < 0 || len(facts) == 0 {
			return injection{}, false
		}
		form := n % 3
		k := (n / 3) % len(facts)
		vals := make([]string, len(facts))
		for i, f := range facts {
			vals[i] = f.val
		}
		good, _ := tableOf(facts, vals, form, n%2 == 1)
		vals[k] = facts[k].edit(n)
		bad, at := tableOf(facts, vals, form, n%2 == 1)
		control, _ := g.insertBlock(h, good)
		out, line := g.insertBlock(h, bad)
		return injection{out: out, line: line(at[k]), sev: diag.Error, form: []string{"code", "plain", "header"}[form] + "/" + facts[k].label, control: control}, true
	}},
	{"prose/app", func(g *gguide, n int) (injection, bool) {
		h, facts := g.appHeading(), g.restatable(n)
		if h < 0 || len(facts) == 0 {
			return injection{}, false
		}
		// Sentences of step-by-step instructions, one per fact, in
		// the forms guides use.
		forms := []func(label, v string) string{
			func(l, v string) string { return "Set the **" + l + "** to `" + v + "`." },
			func(l, v string) string { return "Enter `" + v + "` in the **" + l + "** field." },
			func(l, v string) string { return "The " + l + " is `" + v + "`." },
			func(l, v string) string { return "1. In the Web GUI, set " + l + " to `" + v + "`." },
			func(l, v string) string { return "Paste `" + v + "` into the " + l + " field and save." },
		}
		f := n % len(forms)
		k := (n / len(forms)) % len(facts)
		label := facts[k].label
		if label == "Redirect URI" && n%2 == 1 {
			label = "Callback URL"
		}
		good := []string{forms[f](label, facts[k].val)}
		bad := []string{forms[f](label, facts[k].edit(n))}
		control, _ := g.insertBlock(h, good)
		out, line := g.insertBlock(h, bad)
		return injection{out: out, line: line(0), sev: diag.Error, form: fmt.Sprint(f) + "/" + facts[k].label, control: control}, true
	}},
	{"fence/yaml-labelled-other", func(g *gguide, n int) (injection, bool) {
		var starts []int
		for i, info := range g.fences {
			if lang, title := fenceLang(info); lang == "yaml" && title != "" {
				starts = append(starts, i)
			}
		}
		if len(starts) == 0 {
			return injection{}, false
		}
		sort.Ints(starts)
		i := starts[n%len(starts)]
		other := []string{"toml", "json", "ini"}[n%3]
		return injection{out: g.with(i, strings.Replace(g.lines[i], "yaml", other, 1)), line: i + 1, sev: diag.Warning, form: other}, true
	}},
}

// batteryFloor lowers, for the kinds the checker does not yet find 97% of,
// the share it must find, to today's figure: a regression fails, and each
// entry is a known gap (see the MISS lines of a -v run). Every other kind
// must reach 97%.
var batteryFloor = map[string]float64{}

// TestFactBattery injects every kind of factKinds into every applicable
// corpus guide and requires, for each injection, exactly one new finding
// of at least the kind's severity within 2 lines of the defect (or of the
// other statement of a fact stated only twice), and no other new error.
// It prints found/injected per kind.
func TestFactBattery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := factBattery(t, corpusDir(t))
	if os.Getenv("BATTERY_KIND") == "" {
		names := make([]string, len(factKinds))
		for i, k := range factKinds {
			names[i] = k.name
		}
		requireFloors(t, names, per, batteryFloor)
	}
}

// factBattery injects every kind of factKinds into every applicable guide
// of dir (each NAME/index.md) and returns the tally per kind and in all; a
// control with a new finding fails t.
func factBattery(t *testing.T, dir string) (per map[string]*tally, total, found int) {
	site, sc, v, guides := batteryInputs(t, dir, "guidec-battery-digests")
	only := os.Getenv("BATTERY_KIND")
	per = map[string]*tally{}
	forms := map[string]*tally{}
	for _, bg := range guides {
		n, name, raw, rs := bg.n, bg.name, bg.raw, bg.rs
		g := parseGuide(name, raw)
		base := map[string]bool{}
		for _, d := range checkOneWith(t, name, raw, rs, site, sc, v) {
			base[d.Code+d.Message] = true
		}
		for _, k := range factKinds {
			if only != "" && !strings.Contains(k.name, only) {
				continue
			}
			g.renamed = [2]string{}
			in, ok := k.inject(g, n)
			if !ok {
				continue
			}
			total++
			if per[k.name] == nil {
				per[k.name] = &tally{}
			}
			fk := k.name + " " + in.form
			if forms[fk] == nil {
				forms[fk] = &tally{}
			}
			per[k.name].injected++
			forms[fk].injected++
			if in.control != nil {
				for _, d := range checkOneWith(t, name, in.control, rs, site, sc, v) {
					if !base[d.Code+d.Message] {
						t.Errorf("control of %s [%s] in %s: new finding %d %s %s: %s", k.name, in.form, name, d.Start().Line, d.Severity, d.Code, d.Message)
					}
				}
			}
			var fresh []diag.Diagnostic
			for _, d := range checkOneWith(t, name, in.out, rs, site, sc, v) {
				old := d.Message
				if r := g.renamed; r[1] != "" && r[0] != "" {
					old = strings.ReplaceAll(old, "'"+r[1]+"'", "'"+r[0]+"'")
				}
				if !base[d.Code+d.Message] && (old == d.Message || !base[d.Code+old] || strings.HasPrefix(d.Code, "consistency-")) {
					fresh = append(fresh, d)
				}
			}
			if why := judge(fresh, in); why == "" {
				found++
				per[k.name].found++
				forms[fk].found++
			} else {
				var got []string
				for _, d := range fresh {
					got = append(got, fmt.Sprintf("%d %s %s: %s", d.Start().Line, d.Severity, d.Code, d.Message))
				}
				t.Logf("MISS %s [%s] in %s at line %d %q (%s): %q", k.name, in.form, name, in.line, lineOf(in.out, in.line), why, got)
				if d := os.Getenv("BATTERY_DUMP"); d != "" {
					// The mutated guide, to check by hand.
					_ = os.WriteFile(filepath.Join(d, name+"-"+strings.ReplaceAll(k.name, "/", "_")+".md"), in.out, 0o644)
				}
			}
		}
	}
	names := make([]string, 0, len(per))
	for k := range per {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		fmt.Fprintf(&b, "  %-28s %3d/%3d\n", k, per[k].found, per[k].injected)
	}
	fnames := make([]string, 0, len(forms))
	for k := range forms {
		fnames = append(fnames, k)
	}
	sort.Strings(fnames)
	b.WriteString(" by form:\n")
	for _, k := range fnames {
		fmt.Fprintf(&b, "  %-44s %3d/%3d\n", k, forms[k].found, forms[k].injected)
	}
	t.Logf("fact battery: found %d of %d\n%s", found, total, b.String())
	return per, total, found
}

// judge returns "" when fresh proves the injection found: exactly one new
// finding of at least its severity near the defect (or an alternative
// line), and no new error elsewhere; else what went wrong.
func judge(fresh []diag.Diagnostic, in injection) string {
	return judgeNear(fresh, append([]int{in.line}, in.alt...), in.sev, nil)
}

// judgeNear is the judge of every battery: exactly one new finding of at
// least severity sev within two lines of one of lines, that fits (any
// finding when fits is nil), and no new error elsewhere; else what went
// wrong.
func judgeNear(fresh []diag.Diagnostic, lines []int, sev diag.Severity, fits func(diag.Diagnostic) bool) string {
	near, others := 0, 0
	for _, d := range fresh {
		close := slices.ContainsFunc(lines, func(l int) bool { return abs(d.Start().Line-l) <= 2 })
		switch {
		case close && d.Severity <= sev && (fits == nil || fits(d)):
			near++
		case d.Severity == diag.Error:
			others++
		}
	}
	switch {
	case near == 0 && others == 0:
		return "missed"
	case near == 0:
		return "wrong line or code"
	case near > 1:
		return "several findings"
	case others > 0:
		return "cascade"
	}
	return ""
}

// checkOneWith checks one guide alone, verifying digests with v.
func checkOneWith(t *testing.T, name string, g []byte, res fstest.MapFS, site, sc fstest.MapFS, v *digest.Verifier) diag.List {
	src := fstest.MapFS{name + "/index.md": {Data: g}}
	for k, f := range res {
		src[k] = f
	}
	out, err := build.Run(context.Background(), build.Options{
		Source: src, SourceName: "corpus", Site: site, Shortcodes: sc,
		Check: true, CheckDrafts: true, Output: &publish.MemOutput{}, Jobs: 1, Digests: v,
	})
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	for _, d := range out.Diags {
		if d.Severity != diag.Info {
			l = append(l, d)
		}
	}
	return l
}

// resources returns the files of a guide's folder other than index.md (the
// figures its shortcodes need), read once.
func resources(t *testing.T, dir, name string) fstest.MapFS {
	out := fstest.MapFS{}
	es, _ := os.ReadDir(filepath.Join(dir, name))
	for _, e := range es {
		if e.IsDir() || e.Name() == "index.md" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[name+"/"+e.Name()] = &fstest.MapFile{Data: b}
	}
	return out
}

// batteryGuide is one guide of a battery's folder and the resources beside
// it.
type batteryGuide struct {
	n    int // a hash of the guide's name, which picks among sites
	name string
	raw  []byte
	rs   fstest.MapFS
}

// guidePick is the number a battery picks a guide's sites and variants
// by: a hash of its name, not its place in the folder, so that adding a
// guide leaves every other guide's picks where they were.
func guidePick(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % 1000003)
}

// batteryInputs returns what every mutation battery checks with: the
// built-in site and shortcodes, a digest verifier caching in cache (a file
// name under the temporary directory), and the guides of dir (each
// NAME/index.md).
func batteryInputs(t *testing.T, dir, cache string) (site, sc fstest.MapFS, v *digest.Verifier, guides []batteryGuide) {
	t.Helper()
	site, sc = copyFS(t, os.DirFS("../site")), copyFS(t, os.DirFS("../shortcodes"))
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(os.TempDir(), cache)))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		raw, err := os.ReadFile(filepath.Join(dir, e.Name(), "index.md"))
		if err != nil {
			continue
		}
		guides = append(guides, batteryGuide{n: guidePick(e.Name()), name: e.Name(), raw: raw, rs: resources(t, dir, e.Name())})
	}
	return site, sc, v, guides
}
