package tests

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// The fifth blind battery, application side: mistakes in what the
// application is given (its .env, Compose environment in list and map
// form, JSON / TOML / INI / YAML files, Web GUI steps, prose), each
// measured against the Authelia client of the same guide and its
// Assumptions (shared/reference/authelia-oidc-clients.md): Authelia
// compares client_id and redirect_uri as exact strings and checks the
// application's secret against the client_secret digest, so a value cut
// short, doubled, given a trailing slash, a fragment or a period, a path
// segment dropped, a host or scheme misspelt is a failed login; a file
// the application cannot parse (a JSON key without quotes, a TOML key
// with a colon, an unclosed section header or flow list, a Compose
// environment mixing its list and map forms or missing a colon) is a
// failed start. It reuses the blind battery's parser, injections and
// judge.

// b5aRedirects are the application's statements of c's redirect URIs
// whose new value v(val) is no registered redirect URI.
func (g *bGuide) b5aRedirects(n int, change func(string) string) (bSite, string, bool) {
	c := g.mainClient()
	if c == nil || !g.uniqueClient(c) {
		return bSite{}, "", false
	}
	reg := map[string]bool{}
	for _, r := range c.lists["redirect_uris"] {
		reg[r.val] = true
	}
	var ss []bSite
	var vs []string
	for _, s := range g.redirectSites(c) {
		v := change(s.val)
		if v == "" || v == s.val || reg[v] {
			continue
		}
		ss = append(ss, s)
		vs = append(vs, v)
	}
	if len(ss) == 0 {
		return bSite{}, "", false
	}
	k := n % len(ss)
	return ss[k], vs[k], true
}

// b5aFenceLines are the lines of the application's fences of format kind
// (b4aFenceKind) that match re.
func (g *bGuide) b5aFenceLines(re *regexp.Regexp, kinds ...string) []int {
	var out []int
	for i := range g.lines {
		fi := g.fenceOf[i]
		if i < g.body || fi < 0 || g.fences[fi].authelia || i == g.fences[fi].open || i == g.fences[fi].close {
			continue
		}
		if !slices.Contains(kinds, g.b4aFenceKind(i)) && !slices.Contains(kinds, "lang:"+g.fences[fi].lang) {
			continue
		}
		if re.MatchString(g.lines[i]) && !strings.Contains(g.lines[i], "{{") {
			out = append(out, i)
		}
	}
	return out
}

// b5aEnvEntries are the entries of Compose `environment:` blocks: map
// form (KEY: value) when mapForm, else list form (- KEY=value).
func (g *bGuide) b5aEnvEntries(mapForm bool) []int {
	var out []int
	for i := range g.lines {
		k := g.b4aFenceKind(i)
		if k != "compose" && k != "yaml" || strings.TrimSpace(g.lines[i]) != "environment:" {
			continue
		}
		ind := len(g.lines[i]) - len(strings.TrimLeft(g.lines[i], " "))
		f := g.fences[g.fenceOf[i]]
		for j := i + 1; j < f.close; j++ {
			l := g.lines[j]
			t := strings.TrimLeft(l, " ")
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			if len(l)-len(t) <= ind {
				break
			}
			if strings.Contains(l, "{{") {
				continue
			}
			if mapForm && b5aMapEntry.MatchString(l) || !mapForm && b5aListEntry.MatchString(l) {
				out = append(out, j)
			}
		}
	}
	return out
}

var (
	b5aMapEntry  = regexp.MustCompile(`^(\s+)([A-Za-z_][A-Za-z0-9_]*):\s+(\S.*)$`)
	b5aListEntry = regexp.MustCompile(`^(\s+)-\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)
	b5aJSONKey   = regexp.MustCompile(`^(\s*)"([A-Za-z_][A-Za-z0-9_]*)"(\s*:\s*\S)`)
	b5aTOMLKey   = regexp.MustCompile(`^(\s*[A-Za-z_][A-Za-z0-9_\-]*)\s*=\s*(\S.*)$`)
	b5aSection   = regexp.MustCompile(`^(\s*\[[A-Za-z0-9_.\-" ]+)\]\s*$`)
	b5aFlowList  = regexp.MustCompile(`^\s*['"]?[A-Za-z_][A-Za-z0-9_.\-]*['"]?\s*(?::|=|=>)\s*\[[^\[\]]+\](\s*,?)\s*$`)
	b5aEnvAssign = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(\S.*)$`)
	b5aJSONPair  = regexp.MustCompile(`^(\s*"[A-Za-z_][A-Za-z0-9_]*")\s*:\s*(\S.*)$`)
	b5aS256      = regexp.MustCompile(`\bS256\b`)
	b5aQuotedEnd = regexp.MustCompile(`^(.*(?::|=|=>)\s*)(["'])([^"'\\]+)(["'])(\s*[,;]?\s*)$`)
)

var b5aKinds = []bKind{
	// client_id is compared as an exact string: the application's id cut
	// short by its last character names no client (invalid_client).
	{"b5App-id-truncated", func(g *bGuide, n int) (bInjection, bool) {
		_, s, ok := g.appIDSite(n, func(s bSite) bool { return len(s.val) >= 4 })
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, s.val[:len(s.val)-1], g.sevAt(s.line)), true
	}},
	// The application's secret must be the plaintext whose digest is the
	// client's client_secret: the secret pasted twice does not verify.
	{"b5App-secret-doubled", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		a, ok := g.assume["clientsecret"]
		if c == nil || !ok || isPublicClient(c) || len(a.val) < 4 {
			return bInjection{}, false
		}
		ss := g.secretSites(a.val)
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start, s.end, s.val+s.val, g.sevAt(s.line)), true
	}},
	// The same digest check: the application's secret missing its last
	// character (a short selection when copying) does not verify.
	{"b5App-secret-truncated", func(g *bGuide, n int) (bInjection, bool) {
		c := g.mainClient()
		a, ok := g.assume["clientsecret"]
		if c == nil || !ok || isPublicClient(c) || len(a.val) < 4 {
			return bInjection{}, false
		}
		ss := g.secretSites(a.val)
		if len(ss) == 0 {
			return bInjection{}, false
		}
		s := bPick(ss, n+1)
		return g.editSite(s.line, s.start, s.end, s.val[:len(s.val)-1], g.sevAt(s.line)), true
	}},
	// redirect_uri must equal a registered redirect URI character for
	// character: the application's redirect URI with a slash added.
	{"b5App-redirect-slash-added", func(g *bGuide, n int) (bInjection, bool) {
		s, v, ok := g.b5aRedirects(n, func(u string) string {
			if strings.HasSuffix(u, "/") || strings.ContainsAny(u, "?#") {
				return ""
			}
			return u + "/"
		})
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line)), true
	}},
	// A redirect URI carries no fragment (RFC 6749 3.1.2) and matches
	// exactly: the application's redirect URI with #fragment appended.
	{"b5App-redirect-fragment", func(g *bGuide, n int) (bInjection, bool) {
		s, v, ok := g.b5aRedirects(n, func(u string) string {
			if strings.Contains(u, "#") {
				return ""
			}
			return u + bPick([]string{"#callback", "#/login", "#oidc"}, n)
		})
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line)), true
	}},
	// Exact match again: a query string added to the application's
	// redirect URI (…/callback?next=/) is no registered redirect URI.
	{"b5App-redirect-query-added", func(g *bGuide, n int) (bInjection, bool) {
		s, v, ok := g.b5aRedirects(n, func(u string) string {
			if strings.ContainsAny(u, "?#") {
				return ""
			}
			return u + bPick([]string{"?next=/", "?redirect=1", "?state="}, n)
		})
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line)), true
	}},
	// Exact match again, and the browser returns to that host: the
	// application's own host misspelt in its redirect URI.
	{"b5App-redirect-host-typo", func(g *bGuide, n int) (bInjection, bool) {
		s, v, ok := g.b5aRedirects(n, func(u string) string {
			sch, host, rest, ok := urlParts(u)
			label, tail, _ := strings.Cut(host, ".")
			if !ok || len(label) < 3 || tail == "" || midSwap(label) == label {
				return ""
			}
			return sch + "://" + midSwap(label) + "." + tail + rest
		})
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line)), true
	}},
	// Exact match again: the last segment of the redirect path dropped
	// (…/oauth2/callback → …/oauth2).
	{"b5App-redirect-segment-dropped", func(g *bGuide, n int) (bInjection, bool) {
		s, v, ok := g.b5aRedirects(n, func(u string) string {
			_, _, rest, ok := urlParts(u)
			p := strings.Trim(rest, "/")
			if !ok || strings.ContainsAny(rest, "?#") || !strings.Contains(p, "/") {
				return ""
			}
			t := strings.TrimSuffix(u, "/")
			return t[:strings.LastIndex(t, "/")]
		})
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, v, g.sevAt(s.line)), true
	}},
	// The application reaches Authelia at the Authelia Root URL of the
	// Assumptions: its host misspelt (two letters swapped) is no server.
	{"b5App-authelia-host-typo", func(g *bGuide, n int) (bInjection, bool) {
		a, ok := g.assume["autheliarooturl"]
		if !ok {
			return bInjection{}, false
		}
		sch, host, _, ok := urlParts(a.val)
		if !ok {
			return bInjection{}, false
		}
		label, tail, _ := strings.Cut(host, ".")
		if len(label) < 3 || tail == "" {
			return bInjection{}, false
		}
		bad := sch + "://" + midSwap(label) + "." + tail
		var ss []bSite
		for _, s := range g.authSites() {
			if strings.HasPrefix(s.val, sch+"://"+host) && (g.fenceOf[s.line] >= 0 || s.key != "") {
				ss = append(ss, s)
			}
		}
		if len(ss) == 0 || midSwap(label) == label {
			return bInjection{}, false
		}
		s := bPick(ss, n)
		return g.editSite(s.line, s.start, s.end, bad+strings.TrimPrefix(s.val, sch+"://"+host), g.sevAt(s.line)), true
	}},
	// A URL's scheme is http or https: a misspelt scheme in the
	// application's Authelia URL or redirect URI is no URL a client uses.
	{"b5App-url-scheme-misspelt", func(g *bGuide, n int) (bInjection, bool) {
		var ss []bSite
		if n%2 == 0 {
			for _, s := range g.authSites() {
				if g.fenceOf[s.line] >= 0 || s.key != "" {
					ss = append(ss, s)
				}
			}
		} else if c := g.mainClient(); c != nil && g.uniqueClient(c) {
			ss = g.redirectSites(c)
		}
		var ok []bSite
		for _, s := range ss {
			if strings.HasPrefix(s.val, "https://") {
				ok = append(ok, s)
			}
		}
		if len(ok) == 0 {
			return bInjection{}, false
		}
		s := bPick(ok, n/2)
		bad := bPick([]string{"htps://", "htttps://", "hhttps://"}, n) + strings.TrimPrefix(s.val, "https://")
		return g.editSite(s.line, s.start, s.end, bad, g.sevAt(s.line)), true
	}},
	// A value a reader copies ends where its quotes or code span end: a
	// period typed inside them (`my-client.`) is part of the client id
	// or redirect URI, which then matches nothing.
	{"b5App-value-trailing-period", func(g *bGuide, n int) (bInjection, bool) {
		quoted := func(s bSite) bool {
			e := g.exp[s.line]
			return s.start > 0 && s.end < len(e) && strings.ContainsRune("'\"`", rune(e[s.end])) && e[s.start-1] == e[s.end]
		}
		var s bSite
		var ok bool
		if n%2 == 0 {
			_, s, ok = g.appIDSite(n/2, quoted)
		}
		if !ok {
			s, _, ok = g.b5aRedirects(n/2, func(u string) string { return u + "." })
			if ok && !quoted(s) {
				ok = false
			}
		}
		if !ok {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, s.val+".", g.sevAt(s.line)), true
	}},
	// PKCE's code_challenge_method is case-sensitive (RFC 7636 4.3): the
	// application's S256 written s256 is no method Authelia accepts.
	{"b5App-pkce-method-lowercase", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			if g.appLine(i) && b5aS256.MatchString(g.exp[i]) && !strings.Contains(g.lines[i], "{{") {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		out := b5aS256.ReplaceAllString(g.lines[i], bPick([]string{"s256", "sha256", "S-256"}, n))
		return bInjection{out: g.withLine(i, out), want: []bWant{{line: i, sev: g.sevAt(i)}}, form: g.form(i)}, true
	}},
	// JSON (RFC 8259) object keys are strings in double quotes: a key
	// written bare fails the application's parser.
	{"b5App-json-key-unquoted", func(g *bGuide, n int) (bInjection, bool) {
		ls := g.b5aFenceLines(b5aJSONKey, "json")
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		out := b5aJSONKey.ReplaceAllString(g.lines[i], "${1}${2}${3}")
		return bInjection{out: g.withLine(i, out), want: []bWant{{line: i, sev: diag.Error}}, form: g.form(i)}, true
	}},
	// JSON has no comments (RFC 8259): a `// …` line written into the
	// application's JSON file fails its parser. The control inserts a
	// blank line at the same place.
	{"b5App-json-comment-line", func(g *bGuide, n int) (bInjection, bool) {
		ls := g.b5aFenceLines(b5aJSONKey, "json")
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n) - 1
		ind := g.lines[i+1][:len(g.lines[i+1])-len(strings.TrimLeft(g.lines[i+1], " \t"))]
		out, old := g.insertAfter(i, ind+bPick([]string{"// Authelia client", "// from the Authelia snippet", "/* OIDC */"}, n))
		ctl, _ := g.insertAfter(i, "")
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: i + 1, alt: []int{i + 2}, sev: diag.Error}}, form: g.form(i + 1)}, true
	}},
	// Each format has one assignment operator: TOML and .env take `=`,
	// JSON takes `:` (a TOML `key: value`, a .env `KEY: value`, a JSON
	// `"key" = value` is a syntax error in the application's file).
	{"b5App-assign-operator-swapped", func(g *bGuide, n int) (bInjection, bool) {
		type cand struct {
			i   int
			out string
		}
		var cs []cand
		for _, i := range g.b5aFenceLines(b5aTOMLKey, "toml") {
			m := b5aTOMLKey.FindStringSubmatch(g.lines[i])
			cs = append(cs, cand{i, m[1] + ": " + m[2]})
		}
		for _, i := range g.b5aFenceLines(b5aEnvAssign, "env") {
			m := b5aEnvAssign.FindStringSubmatch(g.lines[i])
			cs = append(cs, cand{i, m[1] + ": " + m[2]})
		}
		for _, i := range g.b5aFenceLines(b5aJSONPair, "json") {
			m := b5aJSONPair.FindStringSubmatch(g.lines[i])
			cs = append(cs, cand{i, m[1] + " = " + m[2]})
		}
		if len(cs) == 0 {
			return bInjection{}, false
		}
		c := bPick(cs, n)
		return bInjection{out: g.withLine(c.i, c.out), want: []bWant{{line: c.i, sev: diag.Error}}, form: g.form(c.i)}, true
	}},
	// A TOML table / INI section header is closed by `]`: `[oidc` left
	// open is a syntax error.
	{"b5App-section-unclosed", func(g *bGuide, n int) (bInjection, bool) {
		ls := g.b5aFenceLines(b5aSection, "toml", "ini")
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		m := b5aSection.FindStringSubmatch(g.lines[i])
		return bInjection{out: g.withLine(i, m[1]), want: []bWant{{line: i, sev: diag.Error}}, form: g.form(i)}, true
	}},
	// A string literal ends at its closing quote (JSON, TOML, Python, JS,
	// PHP): the quote dropped after a value runs the string into the next
	// line, a syntax error where the application reads the file.
	{"b5App-string-unterminated", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for _, i := range g.b5aFenceLines(b5aQuotedEnd, "json", "toml", "lang:python", "lang:py", "lang:js", "lang:javascript", "lang:ts", "lang:php") {
			if m := b5aQuotedEnd.FindStringSubmatch(g.lines[i]); m[2] == m[4] && !(m[2] == "'" && g.b4aFenceKind(i) == "json") {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		m := b5aQuotedEnd.FindStringSubmatch(g.lines[i])
		return bInjection{out: g.withLine(i, m[1]+m[2]+m[3]+m[5]), want: []bWant{{line: i, alt: []int{i + 1}, sev: diag.Error}}, form: g.form(i)}, true
	}},
	// A flow sequence (YAML `[a, b]`, a JSON array) on one line must be
	// closed: the `]` dropped leaves the file unparsable.
	{"b5App-flow-list-unclosed", func(g *bGuide, n int) (bInjection, bool) {
		ls := g.b5aFenceLines(b5aFlowList, "yaml", "compose", "json", "toml", "lang:python", "lang:py", "lang:js", "lang:javascript", "lang:ts", "lang:php")
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		l := g.lines[i]
		k := strings.LastIndex(l, "]")
		return bInjection{out: g.withLine(i, l[:k]+l[k+1:]), want: []bWant{{line: i, alt: []int{i + 1, i + 2}, sev: diag.Error}}, form: g.form(i)}, true
	}},
	// A shell command split over lines needs a backslash at the end of
	// each but the last: one dropped ends the command there, and the
	// flags below it (the client id, secret, issuer) never reach the
	// application (the next line runs as a command of its own).
	{"b5App-shell-continuation-dropped", func(g *bGuide, n int) (bInjection, bool) {
		var ls []int
		for i := range g.lines {
			fi := g.fenceOf[i]
			if i < g.body || fi < 0 || g.fences[fi].authelia || i+1 >= g.fences[fi].close || i == g.fences[fi].open {
				continue
			}
			if strings.HasSuffix(g.lines[i], " \\") && strings.HasPrefix(strings.TrimSpace(g.lines[i+1]), "-") {
				ls = append(ls, i)
			}
		}
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n)
		out := strings.TrimSuffix(g.lines[i], " \\")
		return bInjection{out: g.withLine(i, out), want: []bWant{{line: i, alt: []int{i + 1}, sev: diag.Error}}, form: g.form(i)}, true
	}},
	// Compose's environment is a list of KEY=value or a map of KEY: value,
	// not both: one entry written in the other form is a YAML error.
	{"b5App-compose-env-forms-mixed", func(g *bGuide, n int) (bInjection, bool) {
		if ms := g.b5aEnvEntries(true); len(ms) > 0 && (n%2 == 0 || len(g.b5aEnvEntries(false)) == 0) {
			i := bPick(ms, n/2)
			m := b5aMapEntry.FindStringSubmatch(g.lines[i])
			out := m[1] + "- " + m[2] + "=" + strings.Trim(m[3], `"'`)
			return bInjection{out: g.withLine(i, out), want: []bWant{{line: i, alt: []int{i - 1, i + 1}, sev: diag.Error}}, form: g.form(i) + " map"}, true
		}
		ls := g.b5aEnvEntries(false)
		if len(ls) == 0 {
			return bInjection{}, false
		}
		i := bPick(ls, n/2)
		m := b5aListEntry.FindStringSubmatch(g.lines[i])
		out := m[1] + m[2] + ": " + m[3]
		return bInjection{out: g.withLine(i, out), want: []bWant{{line: i, alt: []int{i - 1, i + 1}, sev: diag.Error}}, form: g.form(i) + " list"}, true
	}},
	// A map-form Compose environment entry needs its `: `: `KEY value`
	// is a plain scalar where YAML wants a key (could not find ':').
	{"b5App-compose-map-colon-dropped", func(g *bGuide, n int) (bInjection, bool) {
		ms := g.b5aEnvEntries(true)
		if len(ms) == 0 {
			return bInjection{}, false
		}
		i := bPick(ms, n)
		m := b5aMapEntry.FindStringSubmatch(g.lines[i])
		return bInjection{out: g.withLine(i, m[1]+m[2]+" "+m[3]), want: []bWant{{line: i, alt: []int{i + 1}, sev: diag.Error}}, form: g.form(i)}, true
	}},
}

// blind5AppFloor holds the kinds found less often than 97%, at the
// measured share (a regression fails); see the MISS lines of a -v run.
var blind5AppFloor = map[string]float64{
	"b5App-url-scheme-misspelt": 0.97, // 45/46 since the battery picks by a hash of the name: a misspelt scheme in the Assumptions is an error, not the warning the battery expects of prose
}

// blind5AppNovelFloor is the same on the novel guides.
var blind5AppNovelFloor = map[string]float64{
	// A redirect URI given a #fragment where it is not compared: a
	// Terraform list item (apache-mod-auth-openidc's OIDCRedirectURI
	// since the hash picks), and a URI a prose sentence only mentions
	// (KitchenOwl's "Some providers reject the RFC 8252 form …").
	"b5App-redirect-fragment":       0.95, // novel grew by 16 guides (2026-12-05): 44/46 measured (28/29 before)
	"b5App-assign-operator-swapped": 0.90, // 10/11: Directus, IDENTIFIER_KEY read as the client id once CLIENT_ID's line breaks (a second, wrong finding)
	// A PKCE method in a prose sentence is not read (Home Assistant's
	// `s256`, step-ca's `S-256`).
	"b5App-pkce-method-lowercase": 0.60, // novel grew by 16 guides (2026-12-05): 3/5 measured (3/4 before)
	// A misspelt scheme in the Assumptions' redirect URI is an error,
	// not the warning the battery expects of prose (Headplane,
	// MediaWiki, Traccar; the corpus floor says the same); an issuer a
	// GUI step only asks to check is not read (Tailscale's "Check that
	// the issuer shown is …"); opkssh's `opkssh add` argument is not read.
	"b5App-url-scheme-misspelt": 0.92, // novel grew by 16 guides (2026-12-05): 62/67 measured
}

func TestBlind5App(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, corpusDir(t), "blind5-app", b5aKinds, os.Getenv("BLIND5_KIND"))
	if os.Getenv("BLIND5_KIND") != "" {
		return
	}
	// The corpus writes no shell command over several lines: the
	// continuation kind is required on the novel guides only.
	var kinds []string
	for _, k := range bKindNames(b5aKinds) {
		if k != "b5App-shell-continuation-dropped" {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, blind5AppFloor)
}

func TestBlind5AppNovel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, novelDir, "blind5-app-novel", b5aKinds, os.Getenv("BLIND5_KIND"))
	if os.Getenv("BLIND5_KIND") != "" {
		return
	}
	// A kind that applies to none of the novel guides is not required
	// here: the corpus run requires every kind.
	var kinds []string
	for _, k := range bKindNames(b5aKinds) {
		if per[k] != nil {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, blind5AppNovelFloor)
}
