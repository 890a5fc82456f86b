package tests

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// The third battery is one more independent set of mistakes, written from
// the facts of an Authelia client (the reference's keys, enums, renames,
// cross-field rules and digest formats) and from what applications accept
// (.env loaders, Compose, JSON, TOML, XML and INI files, Web GUI steps),
// none of which the fact or the blind battery makes: a flag flipped that
// contradicts the rest of the client, an enum value in the application's
// spelling, a key in camelCase, a client pasted twice, a grant a login
// client must not have, the application given the digest, an empty or a
// placeholder value, two values swapped, a URL without its scheme, a file
// format the guide does not use yet (a TOML or XML restatement). It reuses
// the blind battery's page parser (bParse), injections and judge.

// b3InFence returns the statements among ss that are in fences.
func (g *bGuide) b3InFence(ss []bSite) []bSite {
	var out []bSite
	for _, s := range ss {
		if g.fenceOf[s.line] >= 0 {
			out = append(out, s)
		}
	}
	return out
}

// b3Client is the main client when its id names one client only.
func (g *bGuide) b3Client() *bClient {
	c := g.mainClient()
	if c == nil || !g.uniqueClient(c) {
		return nil
	}
	return c
}

// b3Secret is the application's plaintext secret (the Client Secret
// assumption of a confidential client), or "".
func (g *bGuide) b3Secret(c *bClient) string {
	a, ok := g.assume["clientsecret"]
	if !ok || c == nil || isPublicClient(c) || len(a.val) < 4 || strings.ContainsAny(a.val, "<>{} ") {
		return ""
	}
	return a.val
}

// b3InsertItem inserts, after the last item of a client's block list, an
// item with value v written like that item.
func (g *bGuide) b3InsertItem(c *bClient, key, v string) (bInjection, bool) {
	items := c.lists[key]
	if len(items) == 0 {
		return bInjection{}, false
	}
	last := items[len(items)-1]
	if last.line == c.keyAt[key] || g.lines[last.line] != g.exp[last.line] {
		return bInjection{}, false // a flow list, or site variables
	}
	raw := g.lines[last.line]
	line := raw[:last.start] + v + raw[last.end:]
	out, old := g.insertAfter(last.line, line)
	return bInjection{out: out, old: old, want: []bWant{{line: last.line + 1, sev: diag.Error}}, form: "configuration.yml"}, true
}

// b3Option edits the value of a client option.
func (g *bGuide) b3Option(c *bClient, key string, ok func(string) bool, to func(string) string, sev diag.Severity) (bInjection, bool) {
	if c == nil {
		return bInjection{}, false
	}
	s, has := c.keys[key]
	if !has || !ok(s.val) {
		return bInjection{}, false
	}
	v := to(s.val)
	if v == s.val {
		return bInjection{}, false
	}
	return g.editSite(s.line, s.start, s.end, v, sev), true
}

// b3InsertOption inserts an option after the client's id line with value
// bad; the control has the value good.
func (g *bGuide) b3InsertOption(c *bClient, key, bad, good string) (bInjection, bool) {
	if c == nil {
		return bInjection{}, false
	}
	if _, has := c.keyAt[key]; has {
		return bInjection{}, false
	}
	at := c.keyAt["authorization_policy"]
	if at == 0 {
		at = c.id.line
	}
	ind := strings.Repeat(" ", c.indent)
	out, old := g.insertAfter(at, ind+key+": '"+bad+"'")
	ctl, _ := g.insertAfter(at, ind+key+": '"+good+"'")
	return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: at + 1, sev: diag.Error}}, form: "configuration.yml"}, true
}

// b3Lookalike changes a character of an id for one that looks alike.
func b3Lookalike(id string, n int) string {
	swaps := [][2]string{{"-", "_"}, {"_", "-"}, {"l", "1"}, {"o", "0"}, {"i", "l"}, {"e", "3"}}
	for k := range swaps {
		s := swaps[(n+k)%len(swaps)]
		if i := strings.LastIndex(id, s[0]); i >= 0 {
			return id[:i] + s[1] + id[i+1:]
		}
	}
	return ""
}

var (
	b3EnvLine    = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=([^'"\s#$][^'"\s#$]*)$`)
	b3JSONValue  = regexp.MustCompile(`^(\s*"[^"]+"\s*:\s*)"([^"'\\]*)"(,?)\s*$`)
	b3YAMLIndent = regexp.MustCompile(`^( {2,})[A-Za-z_"'-]`)
	b3Comment    = regexp.MustCompile(`#[^']*'([^']+)'`)
)

// b3Restate restates the simple KEY=value lines of the guide's .env as a
// file of another format after its fence: one of them (the client id's
// or the secret's) carries the defect.
func (g *bGuide) b3Restate(n int, format string) (bInjection, bool) {
	c := g.b3Client()
	if c == nil {
		return bInjection{}, false
	}
	sec := g.b3Secret(c)
	for _, f := range g.fences {
		if !strings.HasSuffix(f.title, ".env") {
			continue
		}
		type kv struct{ k, v string }
		var kvs []kv
		idAt, secAt := -1, -1
		for i := f.open + 1; i < f.close; i++ {
			m := b3EnvLine.FindStringSubmatch(g.lines[i])
			if m == nil {
				continue
			}
			k := bNorm(m[1])
			if strings.Contains(k, "clientid") && m[2] == c.id.val {
				idAt = len(kvs)
			}
			if strings.Contains(k, "secret") && sec != "" && m[2] == sec {
				secAt = len(kvs)
			}
			kvs = append(kvs, kv{m[1], m[2]})
		}
		at := idAt
		if n%2 == 1 && secAt >= 0 || at < 0 {
			at = secAt
		}
		if at < 0 || len(kvs) < 2 {
			continue
		}
		render := func(bad bool) []string {
			var ls []string
			switch format {
			case "toml":
				ls = []string{"", "Or, in the application's `config.toml`:", "", "```toml {title=\"config.toml\"}", "[oidc]"}
			case "xml":
				ls = []string{"", "Or, in the application's `config.xml`:", "", "```xml {title=\"config.xml\"}", "<configuration>"}
			}
			for i, x := range kvs {
				v := x.v
				if bad && i == at {
					v = midSwap(v)
				}
				switch format {
				case "toml":
					ls = append(ls, strings.ToLower(x.k)+" = \""+v+"\"")
				case "xml":
					ls = append(ls, "  <"+x.k+">"+v+"</"+x.k+">")
				}
			}
			if format == "xml" {
				ls = append(ls, "</configuration>")
			}
			return append(ls, "```")
		}
		out, old := g.insertAfter(f.close, render(true)...)
		ctl, _ := g.insertAfter(f.close, render(false)...)
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: f.close + 6 + at, sev: diag.Error}}, form: "config." + format}, true
	}
	return bInjection{}, false
}

// b3AppHeading returns the line of the guide's "### Application"
// heading, or -1.
func (g *bGuide) b3AppHeading() int {
	for i, l := range g.lines {
		if g.fenceOf[i] < 0 && strings.HasPrefix(l, "### Application") {
			return i
		}
	}
	return -1
}

var b3Kinds = []bKind{
	// The provider's client block.
	{"prov-public-flip-with-secret", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil || c.keys["client_secret"].val == "" {
			return bInjection{}, false
		}
		return g.b3Option(c, "public", func(v string) bool { return v == "false" }, func(string) string { return "true" }, diag.Error)
	}},
	{"prov-method-none-with-secret", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil || isPublicClient(c) || c.keys["client_secret"].val == "" {
			return bInjection{}, false
		}
		return g.b3Option(c, "token_endpoint_auth_method", func(v string) bool { return strings.HasPrefix(v, "client_secret_") }, func(string) string { return "none" }, diag.Error)
	}},
	{"prov-public-method-basic", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil || c.keys["public"].val != "true" {
			return bInjection{}, false
		}
		return g.b3Option(c, "token_endpoint_auth_method", func(v string) bool { return v == "none" }, func(string) string { return "client_secret_basic" }, diag.Error)
	}},
	{"prov-client-pasted-twice", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil || !strings.HasPrefix(strings.TrimSpace(g.exp[c.id.line]), "- ") || c.last <= c.id.line {
			return bInjection{}, false
		}
		out, old := g.insertAfter(c.last, g.lines[c.id.line:c.last+1]...)
		return bInjection{out: out, old: old, want: []bWant{{line: c.last + 1, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-ccg-on-login-client", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil || len(c.lists["redirect_uris"]) == 0 {
			return bInjection{}, false
		}
		code := false
		for _, s := range c.lists["grant_types"] {
			code = code || s.val == "authorization_code"
		}
		if !code {
			return bInjection{}, false
		}
		return g.b3InsertItem(c, "grant_types", "client_credentials")
	}},
	{"prov-refresh-no-offline", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		for _, s := range c.lists["grant_types"] {
			if s.val == "refresh_token" {
				return bInjection{}, false
			}
		}
		for _, s := range c.lists["response_types"] {
			if !strings.Contains(s.val, "code") {
				return bInjection{}, false
			}
		}
		sc := c.scopes()
		// Without response types a bearer client has none (Authelia
		// fills in no defaults): refresh_token also lacks a code there.
		if sc["offline_access"] || sc["offline"] || sc["authelia.bearer.authz"] {
			return bInjection{}, false
		}
		in, ok := g.b3InsertItem(c, "grant_types", "refresh_token")
		if ok {
			in.want[0].sev = diag.Warning
			if l, has := c.keyAt["scopes"]; has {
				in.want[0].alt = []int{l}
			}
		}
		return in, ok
	}},
	{"prov-response-types-no-code", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil || len(c.lists["redirect_uris"]) == 0 {
			return bInjection{}, false
		}
		for _, s := range c.lists["response_types"] {
			if s.val == "code" {
				return g.editSite(s.line, s.start, s.end, bPick([]string{"id_token", "token", "id_token token"}, n), diag.Error), true
			}
		}
		return bInjection{}, false
	}},
	{"prov-pkce-plain", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || strings.Contains(strings.Join(g.exp[g.fences[c.fence].open:g.fences[c.fence].close], "\n"), "enable_pkce_plain_challenge: true") {
			return bInjection{}, false
		}
		return g.b3Option(c, "pkce_challenge_method", func(v string) bool { return v == "S256" }, func(string) string { return "plain" }, diag.Error)
	}},
	{"prov-digest-comment-other", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		s, ok := c.keys["client_secret"]
		if !ok || !strings.HasPrefix(s.val, "$") {
			return bInjection{}, false
		}
		e := g.exp[s.line]
		m := b3Comment.FindStringSubmatchIndex(e[s.end:])
		if m == nil {
			return bInjection{}, false
		}
		old := e[s.end+m[2] : s.end+m[3]]
		other := bPick([]string{"my_client_secret", old + "2", strings.ToUpper(old)}, n)
		if other == old {
			other = old + "_2"
		}
		return g.editSite(s.line, s.end+m[2], s.end+m[3], other, diag.Warning), true
	}},
	{"prov-redirect-schemeless", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []bSite
		for _, r := range c.lists["redirect_uris"] {
			if strings.HasPrefix(r.val, "https://") {
				cand = append(cand, r)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		r := bPick(cand, n)
		return g.editSite(r.line, r.start, r.start+len("https://"), "", diag.Error), true
	}},
	{"prov-policy-hyphen", func(g *bGuide, n int) (bInjection, bool) {
		return g.b3Option(g.mainClient(), "authorization_policy", func(v string) bool { return strings.HasSuffix(v, "_factor") }, func(v string) string { return strings.Replace(v, "_", "-", 1) }, diag.Error)
	}},
	{"prov-policy-undefined", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil || strings.Contains(strings.Join(g.exp[g.fences[c.fence].open:g.fences[c.fence].close], "\n"), "authorization_policies:") {
			return bInjection{}, false
		}
		return g.b3Option(c, "authorization_policy", func(v string) bool { return strings.HasSuffix(v, "_factor") }, func(string) string { return bPick([]string{"deny", "admins", "2fa"}, n) }, diag.Error)
	}},
	{"prov-consent-mode-underscore", func(g *bGuide, n int) (bInjection, bool) {
		good := bPick([]string{"pre-configured", "explicit", "implicit"}, n)
		bad := map[string]string{"pre-configured": "pre_configured", "explicit": "explicitly", "implicit": "Implicit"}[good]
		return g.b3InsertOption(g.mainClient(), "consent_mode", bad, good)
	}},
	{"prov-duration-typo", func(g *bGuide, n int) (bInjection, bool) {
		good := bPick([]string{"1 week", "7 days", "1 month"}, n)
		bad := map[string]string{"1 week": "1 weak", "7 days": "7 dayz", "1 month": "1 mnth"}[good]
		return g.b3InsertOption(g.mainClient(), "pre_configured_consent_duration", bad, good)
	}},
	{"prov-alg-case", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		var keys []string
		for k, s := range c.keys {
			if strings.HasSuffix(k, "_signed_response_alg") && (s.val == "RS256" || s.val == "none") {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			return bInjection{}, false
		}
		sort.Strings(keys)
		k := bPick(keys, n)
		return g.b3Option(c, k, func(string) bool { return true }, func(v string) string {
			return map[string]string{"RS256": "rs256", "none": "None"}[v]
		}, diag.Error)
	}},
	{"prov-key-camelcase", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		var cand []string
		for _, k := range []string{"authorization_policy", "require_pkce", "pkce_challenge_method", "token_endpoint_auth_method", "redirect_uris", "client_name", "userinfo_signed_response_alg", "access_token_signed_response_alg", "grant_types"} {
			if _, ok := c.keyAt[k]; ok {
				cand = append(cand, k)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		k := bPick(cand, n)
		parts := strings.Split(k, "_")
		camel := parts[0]
		for _, p := range parts[1:] {
			camel += strings.ToUpper(p[:1]) + p[1:]
		}
		l := c.keyAt[k]
		at := strings.Index(g.exp[l], k+":")
		if at < 0 {
			return bInjection{}, false
		}
		return g.editSite(l, at, at+len(k), camel, diag.Error), true
	}},
	{"prov-parent-key-typo", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		f := g.fences[c.fence]
		for i := f.open + 1; i < f.close; i++ {
			t := strings.TrimSpace(g.exp[i])
			if n%2 == 0 && t == "identity_providers:" || n%2 == 1 && t == "oidc:" {
				k := strings.Index(g.exp[i], t)
				bad := map[string]string{"identity_providers:": "identity_provider", "oidc:": "openid_connect"}[t]
				return g.editSite(i, k, k+len(t)-1, bad, diag.Error), true
			}
		}
		return bInjection{}, false
	}},
	{"prov-redirect-duplicated", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		rs := c.lists["redirect_uris"]
		if len(rs) == 0 {
			return bInjection{}, false
		}
		r := bPick(rs, n)
		if r.line == c.keyAt["redirect_uris"] || !strings.Contains(r.val, "://") {
			return bInjection{}, false
		}
		out, old := g.insertAfter(r.line, g.lines[r.line])
		return bInjection{out: out, old: old, want: []bWant{{line: r.line + 1, alt: []int{r.line}, sev: diag.Warning}}, form: "configuration.yml"}, true
	}},
	{"prov-secret-dollar-dropped", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		sec := g.b3Secret(c)
		if sec == "" {
			return bInjection{}, false
		}
		s, ok := c.keys["client_secret"]
		if !ok || !strings.HasPrefix(s.val, "$pbkdf2") && !strings.HasPrefix(s.val, "$argon2") || strings.Contains(s.val, "...") {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.start+1, "", diag.Error), true
	}},

	{"prov-id-stray-blank", func(g *bGuide, n int) (bInjection, bool) {
		// A blank typed inside the client's quoted client_id.
		c := g.b3Client()
		if c == nil || !g.stated(c) {
			return bInjection{}, false
		}
		e := g.exp[c.id.line]
		if c.id.end >= len(e) || e[c.id.end] != '\'' && e[c.id.end] != '"' {
			return bInjection{}, false
		}
		if n%2 == 0 {
			return g.editSite(c.id.line, c.id.end, c.id.end, " ", diag.Error), true
		}
		return g.editSite(c.id.line, c.id.start, c.id.start, " ", diag.Error), true
	}},
	{"prov-lifespan-undefined", func(g *bGuide, n int) (bInjection, bool) {
		// A lifespan named that no block of the guide defines.
		c := g.mainClient()
		if c == nil || strings.Contains(strings.Join(g.exp, "\n"), "lifespans:") || !g.versionAtLeast(38, 0) {
			return bInjection{}, false
		}
		if _, has := c.keyAt["lifespan"]; has {
			return bInjection{}, false
		}
		at := c.keyAt["authorization_policy"]
		if at == 0 {
			at = c.id.line
		}
		out, old := g.insertAfter(at, strings.Repeat(" ", c.indent)+"lifespan: '"+bPick([]string{"long", "1d", "default"}, n)+"'")
		return bInjection{out: out, old: old, want: []bWant{{line: at + 1, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-response-mode-hyphen", func(g *bGuide, n int) (bInjection, bool) {
		// response_modes written in the spelling of the request
		// parameter's documentation (form-post), not Authelia's.
		good := bPick([]string{"form_post", "query", "form_post"}, n)
		bad := map[string]string{"form_post": "form-post", "query": "querry"}[good]
		c := g.mainClient()
		if c == nil {
			return bInjection{}, false
		}
		if _, has := c.keyAt["response_modes"]; has {
			return bInjection{}, false
		}
		at := c.keyAt["authorization_policy"]
		if at == 0 {
			at = c.id.line
		}
		ind := strings.Repeat(" ", c.indent)
		out, old := g.insertAfter(at, ind+"response_modes:", ind+"  - '"+bad+"'")
		ctl, _ := g.insertAfter(at, ind+"response_modes:", ind+"  - '"+good+"'")
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: at + 2, sev: diag.Error}}, form: "configuration.yml"}, true
	}},
	{"prov-policy-case", func(g *bGuide, n int) (bInjection, bool) {
		return g.b3Option(g.mainClient(), "authorization_policy", func(v string) bool { return strings.HasSuffix(v, "_factor") }, func(v string) string {
			return bPick([]string{strings.ToUpper(v[:1]) + v[1:], strings.ToUpper(v)}, n)
		}, diag.Error)
	}},
	// The application's side.
	{"app-id-lookalike", func(g *bGuide, n int) (bInjection, bool) {
		_, s, ok := g.appIDSite(n, nil)
		if !ok {
			return bInjection{}, false
		}
		v := b3Lookalike(s.val, n)
		if v == "" {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line)), true
	}},
	{"app-id-display-name", func(g *bGuide, n int) (bInjection, bool) {
		c, s, ok := g.appIDSite(n, nil)
		if !ok {
			return bInjection{}, false
		}
		name := c.keys["client_name"].val
		if name == "" || name == c.id.val || strings.ContainsAny(name, "'\"`") {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, name, g.sevAt(s.line)), true
	}},
	{"app-id-placeholder", func(g *bGuide, n int) (bInjection, bool) {
		_, s, ok := g.appIDSite(n, func(s bSite) bool { return g.fenceOf[s.line] >= 0 })
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, bPick([]string{"client_id", "your-client-id", "CLIENT_ID"}, n), diag.Error), true
	}},
	{"app-secret-empty", func(g *bGuide, n int) (bInjection, bool) {
		sec := g.b3Secret(g.b3Client())
		if sec == "" {
			return bInjection{}, false
		}
		ss := g.b3InFence(g.secretSites(sec))
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start, s.end, "", diag.Error), true
	}},
	{"app-secret-placeholder", func(g *bGuide, n int) (bInjection, bool) {
		sec := g.b3Secret(g.b3Client())
		if sec == "" {
			return bInjection{}, false
		}
		ss := g.b3InFence(g.secretSites(sec))
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start, s.end, bPick([]string{"client_secret", "changeme", "your-client-secret"}, n), diag.Error), true
	}},
	{"app-secret-digest", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		sec := g.b3Secret(c)
		if sec == "" {
			return bInjection{}, false
		}
		d := c.keys["client_secret"].val
		if !strings.HasPrefix(d, "$") {
			return bInjection{}, false
		}
		var ss []bSite
		for _, s := range g.secretSites(sec) {
			// A digest in an unquoted .env value would be interpolated:
			// a writer who pastes it there quotes it.
			if !g.envLike(s.line) {
				ss = append(ss, s)
			}
		}
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start, s.end, d, g.sevAt(s.line)), true
	}},
	{"app-id-secret-swapped", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		sec := g.b3Secret(c)
		if sec == "" {
			return bInjection{}, false
		}
		for _, i := range g.b3InFence(g.idSites(c.id.val)) {
			for _, s := range g.b3InFence(g.secretSites(sec)) {
				if g.fenceOf[i.line] != g.fenceOf[s.line] || i.line == s.line || g.lines[i.line] != g.exp[i.line] || g.lines[s.line] != g.exp[s.line] {
					continue
				}
				ls := bClone(g.lines)
				ls[i.line] = ls[i.line][:i.start] + sec + ls[i.line][i.end:]
				ls[s.line] = ls[s.line][:s.start] + c.id.val + ls[s.line][s.end:]
				return bInjection{out: g.join(ls), want: []bWant{{line: i.line, sev: diag.Error}, {line: s.line, sev: diag.Error}}, form: g.form(i.line)}, true
			}
		}
		return bInjection{}, false
	}},
	{"app-endpoints-swapped", func(g *bGuide, n int) (bInjection, bool) {
		var az, tk []bSite
		for _, s := range g.authSites() {
			if g.fenceOf[s.line] < 0 {
				continue
			}
			switch {
			case strings.HasSuffix(s.val, "/api/oidc/authorization"):
				az = append(az, s)
			case strings.HasSuffix(s.val, "/api/oidc/token"):
				tk = append(tk, s)
			}
		}
		for _, a := range az {
			for _, t := range tk {
				if g.fenceOf[a.line] != g.fenceOf[t.line] || a.line == t.line {
					continue
				}
				ls := bClone(g.lines)
				ls[a.line], _ = bEdit(ls[a.line], a.end-len("authorization"), a.end, "token")
				ls[t.line], _ = bEdit(ls[t.line], t.end-len("token"), t.end, "authorization")
				return bInjection{out: g.join(ls), want: []bWant{{line: a.line, sev: diag.Error}, {line: t.line, sev: diag.Error}}, form: g.form(a.line)}, true
			}
		}
		return bInjection{}, false
	}},
	{"app-issuer-no-scheme", func(g *bGuide, n int) (bInjection, bool) {
		var cand []bSite
		for _, s := range g.authSites() {
			if strings.HasPrefix(s.val, "https://") && (g.fenceOf[s.line] >= 0 || s.key != "") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.start+len("https://"), "", g.sevAt(s.line)), true
	}},
	{"app-issuer-is-endpoint", func(g *bGuide, n int) (bInjection, bool) {
		var cand []bSite
		for _, s := range g.authSites() {
			_, _, rest, ok := urlParts(s.val)
			if ok && (rest == "" || rest == "/") && strings.Contains(bNorm(s.key), "issuer") {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		add := bPick([]string{"/api/oidc/authorization", "/api/oidc/token"}, n)
		if strings.HasSuffix(s.val, "/") {
			add = add[1:]
		}
		return g.editSite(s.line, s.end, s.end, add, g.sevAt(s.line)), true
	}},
	{"app-scope-typo", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		typo := map[string]string{"profile": "profil", "email": "e-mail", "groups": "group"}
		var cand []bSite
		for _, s := range g.scopeSites() {
			for _, w := range bScopeSplit.Split(s.val, -1) {
				if typo[w] != "" {
					k := strings.Index(" "+s.val+" ", " "+w+" ")
					if k < 0 {
						k = strings.Index(s.val, w)
					}
					cand = append(cand, bSite{line: s.line, start: s.start + k, end: s.start + k + len(w), val: w})
					break
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, typo[s.val], diag.Error), true
	}},
	{"gui-id-quoted", func(g *bGuide, n int) (bInjection, bool) {
		_, s, ok := g.appIDSite(n, func(s bSite) bool {
			e := g.exp[s.line]
			return g.fenceOf[s.line] < 0 && s.start > 0 && s.end < len(e) && e[s.start-1] == '`' && e[s.end] == '`'
		})
		if !ok {
			return bInjection{}, false
		}
		// Quote both ends: the end first, so the start offset holds.
		q := bPick([]string{"'", "\""}, n)
		raw, _ := bEdit(g.lines[s.line], s.end, s.end, q)
		raw, _ = bEdit(raw, s.start, s.start, q)
		return bInjection{out: g.withLine(s.line, raw), want: []bWant{{line: s.line, sev: g.sevAt(s.line)}}, form: g.form(s.line)}, true
	}},

	// Files and formats of the application.
	{"compose-list-inner-quotes", func(g *bGuide, n int) (bInjection, bool) {
		// A Compose environment list item with the value quoted inside
		// it: Compose keeps the quotes as part of the value.
		c := g.b3Client()
		if c == nil {
			return bInjection{}, false
		}
		sec := g.b3Secret(c)
		re := regexp.MustCompile(`^(\s*- )([A-Za-z0-9_]+)=([^'"\s]+)\s*$`)
		var cand []int
		for i := range g.lines {
			m := re.FindStringSubmatch(g.exp[i])
			if !g.composeLike(i) || m == nil || g.lines[i] != g.exp[i] {
				continue
			}
			k := bNorm(m[2])
			if strings.Contains(k, "clientid") && m[3] == c.id.val || sec != "" && strings.Contains(k, "secret") && m[3] == sec {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		m := re.FindStringSubmatch(g.lines[l])
		q := bPick([]string{"'", "\""}, n)
		line := m[1] + m[2] + "=" + q + m[3] + q
		if q == "\"" {
			line = m[1] + "'" + m[2] + "=\"" + m[3] + "\"'"
		}
		return bInjection{out: g.withLine(l, line), want: []bWant{{line: l, sev: diag.Error}}, form: "compose.yml"}, true
	}},
	{"app-redirect-is-authorization", func(g *bGuide, n int) (bInjection, bool) {
		// The application's redirect URI given Authelia's authorization
		// endpoint (the two URL fields confused).
		c := g.b3Client()
		a, ok := g.assume["autheliarooturl"]
		if c == nil || !ok || !strings.HasPrefix(a.val, "https://") {
			return bInjection{}, false
		}
		var cand []bSite
		for _, s := range g.redirectSites(c) {
			if g.fenceOf[s.line] >= 0 && s.key != "" {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, strings.TrimSuffix(a.val, "/")+"/api/oidc/authorization", diag.Error), true
	}},
	{"toml-value-unquoted", func(g *bGuide, n int) (bInjection, bool) {
		// The .env restated as TOML, one string left without quotes.
		in, ok := g.b3Restate(n, "toml")
		if !ok {
			return in, false
		}
		ls := strings.Split(string(in.control), "\n")
		l := in.want[0].line
		i := strings.Index(ls[l], " = \"")
		if i < 0 {
			return bInjection{}, false
		}
		ls[l] = ls[l][:i+3] + strings.Trim(ls[l][i+3:], "\"")
		in.out = []byte(strings.Join(ls, "\n"))
		return in, true
	}},
	{"env-quote-unbalanced", func(g *bGuide, n int) (bInjection, bool) {
		var cand []int
		for i := range g.lines {
			if g.envLike(i) && b3EnvLine.MatchString(g.lines[i]) {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		k := strings.IndexByte(g.lines[l], '=')
		return bInjection{out: g.withLine(l, g.lines[l][:k+1]+bPick([]string{"'", "\""}, n)+g.lines[l][k+1:]), want: []bWant{{line: l, sev: diag.Error}}, form: ".env"}, true
	}},
	{"compose-var-case", func(g *bGuide, n int) (bInjection, bool) {
		envNames := map[string]bool{}
		re := regexp.MustCompile(`^\s*(?:- )?([A-Z][A-Z0-9_]*_[A-Z0-9_]+)\s*[:=]`)
		entry := regexp.MustCompile(`^\s*(?:- [A-Za-z0-9_]+=|[A-Za-z0-9_]+:)`)
		for i := range g.lines {
			if g.envLike(i) {
				if m := re.FindStringSubmatch(g.exp[i]); m != nil {
					envNames[m[1]] = true
				}
			}
		}
		var cand []bSite
		for i := range g.lines {
			if !g.composeLike(i) || !entry.MatchString(g.exp[i]) {
				continue
			}
			if m := re.FindStringSubmatchIndex(g.exp[i]); m != nil && envNames[g.exp[i][m[2]:m[3]]] {
				cand = append(cand, bSite{line: i, start: m[2], end: m[3], val: g.exp[i][m[2]:m[3]]})
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start, s.end, strings.ToLower(s.val), diag.Error), true
	}},
	{"compose-secret-twice", func(g *bGuide, n int) (bInjection, bool) {
		sec := g.b3Secret(g.b3Client())
		if sec == "" {
			return bInjection{}, false
		}
		entry := regexp.MustCompile(`^\s*(?:- [A-Za-z0-9_]+=|[A-Za-z0-9_]+:)`)
		for _, s := range g.secretSites(sec) {
			if !g.composeLike(s.line) || g.lines[s.line] != g.exp[s.line] || !entry.MatchString(g.exp[s.line]) {
				continue
			}
			raw := g.lines[s.line]
			dup := raw[:s.start] + midSwap(sec) + raw[s.end:]
			out, old := g.insertAfter(s.line, dup)
			return bInjection{out: out, old: old, want: []bWant{{line: s.line + 1, alt: []int{s.line}, sev: diag.Error}}, form: "compose.yml"}, true
		}
		return bInjection{}, false
	}},
	{"json-trailing-comma", func(g *bGuide, n int) (bInjection, bool) {
		var cand []int
		for i := range g.lines {
			fi := g.fenceOf[i]
			if fi < 0 || g.fences[fi].lang != "json" || i+1 >= g.fences[fi].close {
				continue
			}
			t, next := strings.TrimSpace(g.lines[i]), strings.TrimSpace(g.lines[i+1])
			if t != "" && !strings.HasSuffix(t, ",") && !strings.HasSuffix(t, "{") && !strings.HasSuffix(t, "[") && (strings.HasPrefix(next, "}") || strings.HasPrefix(next, "]")) {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		return bInjection{out: g.withLine(l, g.lines[l]+","), want: []bWant{{line: l, alt: []int{l + 1}, sev: diag.Error}}, form: g.form(l)}, true
	}},
	{"json-single-quoted", func(g *bGuide, n int) (bInjection, bool) {
		var cand []int
		for i := range g.lines {
			fi := g.fenceOf[i]
			if fi >= 0 && g.fences[fi].lang == "json" && b3JSONValue.MatchString(g.lines[i]) {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		m := b3JSONValue.FindStringSubmatch(g.lines[l])
		return bInjection{out: g.withLine(l, m[1]+"'"+m[2]+"'"+m[3]), want: []bWant{{line: l, sev: diag.Error}}, form: g.form(l)}, true
	}},
	{"app-yaml-tab-indent", func(g *bGuide, n int) (bInjection, bool) {
		var cand []int
		for i := range g.lines {
			fi := g.fenceOf[i]
			if fi < 0 || g.fences[fi].authelia || g.fences[fi].lang != "yaml" || i == g.fences[fi].open+1 {
				continue
			}
			if b3YAMLIndent.MatchString(g.lines[i]) {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		l := bPick(cand, n)
		t := strings.TrimLeft(g.lines[l], " ")
		ind := len(g.lines[l]) - len(t)
		return bInjection{out: g.withLine(l, "\t"+strings.Repeat(" ", ind-2)+t), want: []bWant{{line: l, sev: diag.Error}}, form: g.form(l)}, true
	}},
	{"toml-restated", func(g *bGuide, n int) (bInjection, bool) { return g.b3Restate(n, "toml") }},
	{"xml-restated", func(g *bGuide, n int) (bInjection, bool) { return g.b3Restate(n, "xml") }},

	// Tables, prose and other files restating the facts.
	{"table-secret-digest", func(g *bGuide, n int) (bInjection, bool) {
		// A table of the application's settings gives the client_secret
		// digest where the application needs the secret itself.
		c := g.b3Client()
		sec := g.b3Secret(c)
		h := g.b3AppHeading()
		if sec == "" || h < 0 || !strings.HasPrefix(c.keys["client_secret"].val, "$") || strings.Contains(c.keys["client_secret"].val, "...") {
			return bInjection{}, false
		}
		table := func(v string) []string {
			return []string{"", "| Setting | Value |", "|:--|:--|", "| Client ID | `" + c.id.val + "` |", "| Client Secret | `" + v + "` |", ""}
		}
		out, old := g.insertAfter(h, table(c.keys["client_secret"].val)...)
		ctl, _ := g.insertAfter(h, table(sec)...)
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: h + 5, sev: diag.Error}}, form: "table"}, true
	}},
	{"prose-issuer-endpoint", func(g *bGuide, n int) (bInjection, bool) {
		// A sentence of the instructions gives an endpoint as the issuer.
		a, ok := g.assume["autheliarooturl"]
		h := g.b3AppHeading()
		if !ok || h < 0 || !strings.HasPrefix(a.val, "https://") || strings.ContainsAny(a.val, "<>{} ") {
			return bInjection{}, false
		}
		root := strings.TrimSuffix(a.val, "/")
		form := bPick([]func(v string) string{
			func(v string) string { return "Set the **Issuer URL** to `" + v + "`." },
			func(v string) string { return "1. Enter `" + v + "` in the **Issuer** field." },
			func(v string) string { return "- OpenID Connect Issuer: `" + v + "`" },
		}, n)
		bad := root + bPick([]string{"/api/oidc/authorization", "/api/oidc/token", "/api/oidc/userinfo"}, n/3)
		out, old := g.insertAfter(h, "", form(bad), "")
		ctl, _ := g.insertAfter(h, "", form(root), "")
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: h + 2, sev: diag.Error}}, form: "prose"}, true
	}},
	{"k8s-secret-restated", func(g *bGuide, n int) (bInjection, bool) {
		// The .env restated as a Kubernetes Secret's stringData, with the
		// secret (or the client id) mistyped there only.
		c := g.b3Client()
		sec := g.b3Secret(c)
		if c == nil || sec == "" {
			return bInjection{}, false
		}
		for _, f := range g.fences {
			if !strings.HasSuffix(f.title, ".env") {
				continue
			}
			var keys, vals []string
			at := -1
			for i := f.open + 1; i < f.close; i++ {
				m := b3EnvLine.FindStringSubmatch(g.lines[i])
				if m == nil {
					continue
				}
				k := bNorm(m[1])
				if strings.Contains(k, "secret") && m[2] == sec && (at < 0 || n%2 == 0) || strings.Contains(k, "clientid") && m[2] == c.id.val && (at < 0 || n%2 == 1) {
					at = len(keys)
				}
				keys, vals = append(keys, m[1]), append(vals, m[2])
			}
			if at < 0 || len(keys) < 2 {
				continue
			}
			render := func(bad bool) []string {
				ls := []string{"", "On Kubernetes, the same variables as a Secret:", "", "```yaml {title=\"secret.yaml\"}", "apiVersion: v1", "kind: Secret", "metadata:", "  name: app-oidc", "stringData:"}
				for i, k := range keys {
					v := vals[i]
					if bad && i == at {
						v = midSwap(v)
					}
					ls = append(ls, "  "+k+": '"+v+"'")
				}
				return append(ls, "```")
			}
			out, old := g.insertAfter(f.close, render(true)...)
			ctl, _ := g.insertAfter(f.close, render(false)...)
			return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: f.close + 10 + at, sev: diag.Error}}, form: "secret.yaml"}, true
		}
		return bInjection{}, false
	}},
	// The Assumptions.
	{"assume-root-url-path", func(g *bGuide, n int) (bInjection, bool) {
		a, ok := g.assume["applicationrooturl"]
		c := g.b3Client()
		if !ok || c == nil || !strings.HasPrefix(a.val, "https://") {
			return bInjection{}, false
		}
		root := strings.TrimSuffix(a.val, "/")
		seg := bPick([]string{"app", "oauth", "sso"}, n)
		var under []bSite
		for _, r := range c.lists["redirect_uris"] {
			if strings.HasPrefix(r.val, root+"/") && !strings.HasPrefix(r.val, root+"/"+seg) {
				under = append(under, r)
			}
		}
		if len(under) == 0 || len(under) != len(c.lists["redirect_uris"]) {
			return bInjection{}, false
		}
		restated := false
		for i := range g.lines {
			restated = restated || g.appLine(i) && strings.Contains(g.exp[i], root)
		}
		var alt []int
		if !restated && len(under) == 1 {
			alt = append(alt, under[0].line)
		}
		add := "/" + seg
		if strings.HasSuffix(a.val, "/") {
			add = seg + "/"
		}
		return g.editSite(a.line, a.end, a.end, add, diag.Warning, alt...), true
	}},
	{"assume-authelia-root-path", func(g *bGuide, n int) (bInjection, bool) {
		a, ok := g.assume["autheliarooturl"]
		if !ok || !strings.HasPrefix(a.val, "https://") {
			return bInjection{}, false
		}
		ss := g.authSites()
		if len(ss) == 0 {
			return bInjection{}, false
		}
		var alt []int
		if len(ss) == 1 {
			alt = append(alt, ss[0].line)
		}
		add := "/authelia"
		if strings.HasSuffix(a.val, "/") {
			add = "authelia/"
		}
		return g.editSite(a.line, a.end, a.end, add, diag.Error, alt...), true
	}},
}

// blind3Floor holds the kinds found less often than 97%, at today's share
// (a regression fails); see the MISS lines of a -v run. Every kind reaches
// 97%; the two misses left are a URL of Authelia without its scheme under
// a key named domain or host (humhub, writefreely), which some
// applications fill with a bare host.
var blind3Floor = map[string]float64{
	"app-issuer-no-scheme": 0.95, // 84/88 since the battery picks by a hash of the name: keys some applications read as a bare host (HumHub's 'domain', WriteFreely's host, Mobilizon's site, a CSP source)
}

func TestBlind3Battery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := blind3Battery(t, corpusDir(t))
	if os.Getenv("BLIND3_KIND") != "" {
		return
	}
	kinds := bKindNames(b3Kinds)
	requireFloors(t, kinds, per, blind3Floor)
}

// blind3Battery injects every kind of b3Kinds into every applicable guide
// of dir (each NAME/index.md) and returns the tally per kind and in all; a
// control with a new finding fails t.
func blind3Battery(t *testing.T, dir string) (per map[string]*tally, total, found int) {
	return runBKinds(t, dir, "blind3", b3Kinds, os.Getenv("BLIND3_KIND"))
}
