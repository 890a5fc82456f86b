package tests

import (
	"hash/fnv"
	"regexp"
	"sort"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// The seventh blind battery, written from the facts (the Authelia client
// reference, the parsers a reader's tools use, Hugo's shortcode and
// heading syntax) without reading the checker. It varies what earlier
// batteries held fixed: the side of a fact (Authelia's configuration.yml
// or the application's snippet, in each format the guide has), the
// release a value belongs to (4.38 against 4.39), the characters a word
// processor or a web page slips in (curly quotes, a non-breaking or
// zero-width space, an en dash, a tab), and structural edits (two lines
// swapped or joined, a block moved a level, a list folded into a flow
// that is never closed). Each kind is gated on the guide having the site
// and picks among sites with a hash of the guide's name, so the picks do
// not move when a guide is added to the folder. Edits that reshape a line
// carry a control: the same reshaping made valid, which must bring no
// new finding.

// b7N is the number a guide's sites are picked by: a hash of its name.
func b7N(name string) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % 1000003)
}

// b7Kind wraps an injector so that it picks with b7N, not the guide's
// place in the folder.
func b7Kind(name string, f func(g *bGuide, n int) (bInjection, bool)) bKind {
	return bKind{name: name, inject: func(g *bGuide, _ int) (bInjection, bool) { return f(g, b7N(g.name)) }}
}

// b7Replace replaces lines [from, to] of the guide with repl.
func (g *bGuide) b7Replace(from, to int, repl ...string) ([]byte, func(int) int) {
	ls := append(bClone(g.lines[:from]), repl...)
	ls = append(ls, g.lines[to+1:]...)
	n, gone := len(repl), to-from+1
	return g.join(ls), func(l int) int {
		switch {
		case l < from:
			return l
		case l < from+n:
			// A replacing line stands for the replaced line it lies on.
			return from + min(l-from, gone-1)
		}
		return l - n + gone
	}
}

// b7FenceYAMLOK reports whether fence fi parses as YAML with its lines
// replaced by lines (raw guide lines, from the fence's first body line).
func (g *bGuide) b7FenceYAMLOK(lines []string) bool {
	var b strings.Builder
	for _, l := range lines {
		e, _ := bExpand(l)
		b.WriteString(e)
		b.WriteByte('\n')
	}
	return b6YAMLOK(b.String())
}

// b7FenceLines returns the body of fence fi as it reads in out (a guide
// whose lines before the fence are unchanged), up to its closing fence.
func b7FenceLines(out []byte, open int) []string {
	ls := strings.Split(string(out), "\n")
	var body []string
	for i := open + 1; i < len(ls); i++ {
		if strings.HasPrefix(strings.TrimSpace(ls[i]), "```") {
			break
		}
		body = append(body, ls[i])
	}
	return body
}

// b7Client is the guide's main client when one client alone has its id.
func (g *bGuide) b7Client() *bClient {
	c := g.mainClient()
	if c == nil || !g.uniqueClient(c) {
		return nil
	}
	return c
}

// b7Indent is the leading blanks of a raw line.
func b7Indent(l string) string { return l[:len(l)-len(strings.TrimLeft(l, " \t"))] }

// b7ScalarLines are the lines of c's single-line options, in order.
func (c *bClient) b7ScalarLines() []int {
	var out []int
	for k, s := range c.keys {
		if s.line == c.keyAt[k] {
			out = append(out, s.line)
		}
	}
	sort.Ints(out)
	return out
}

// b7Quoted reports whether the value [s, t) of the expanded line e is
// enclosed in a pair of the same ASCII quote.
func b7Quoted(e string, s, t int) bool {
	return s > 0 && t < len(e) && (e[s-1] == '\'' || e[s-1] == '"') && e[t] == e[s-1]
}

// b7Insert inserts add after line at, with a control that inserts ctl
// there instead; want is the first inserted line.
func (g *bGuide) b7Insert(at int, sev diag.Severity, form string, add, ctl []string, alt ...int) bInjection {
	out, old := g.insertAfter(at, add...)
	in := bInjection{out: out, old: old, want: []bWant{{line: at + 1, alt: alt, sev: sev}}, form: form}
	if ctl != nil {
		in.control, _ = g.insertAfter(at, ctl...)
	}
	return in
}

var b7ListKeys = []string{"redirect_uris", "scopes", "grant_types", "response_types"}

var b7Prov = []bKind{
	b7Kind("b7Prov-smart-quotes", func(g *bGuide, n int) (bInjection, bool) {
		// A value of the client pasted from a word processor keeps its
		// curly quotes: YAML takes them as part of a plain scalar, so the
		// id breaks the RFC 3986 charset, the redirect URI has no scheme,
		// the policy names no policy, the digest no longer starts with $
		// (a plaintext secret the application's secret does not match).
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []bSite
		for _, k := range []string{"client_id", "authorization_policy", "client_secret"} {
			if s, ok := c.keys[k]; ok && b7Quoted(g.exp[s.line], s.start, s.end) && g.exp[s.line][s.start-1] == '\'' {
				cand = append(cand, s)
			}
		}
		for _, s := range c.lists["redirect_uris"] {
			if b7Quoted(g.exp[s.line], s.start, s.end) && g.exp[s.line][s.start-1] == '\'' {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		return g.editSite(s.line, s.start-1, s.end+1, "‘"+s.val+"’", diag.Error), true
	}),
	b7Kind("b7Prov-id-zero-width-space", func(g *bGuide, n int) (bInjection, bool) {
		// A zero-width space copied from a chat message into the client
		// id: invisible, and outside the RFC 3986 unreserved charset.
		c := g.b7Client()
		if c == nil || len(c.id.val) < 2 {
			return bInjection{}, false
		}
		at := c.id.start + len(c.id.val)/2
		return g.editSite(c.id.line, at, at, "\u200b", diag.Error), true
	}),
	b7Kind("b7Prov-tab-indent", func(g *bGuide, n int) (bInjection, bool) {
		// An editor set to tabs turns eight spaces of a client option's
		// indentation into one tab: YAML forbids tabs in indentation.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []int
		for _, i := range c.keyAt {
			l := g.lines[i]
			if strings.HasPrefix(l, "        ") && !strings.HasPrefix(strings.TrimSpace(l), "-") {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Ints(cand)
		i := bPick(cand, n)
		l := "\t" + g.lines[i][8:]
		out := g.withLine(i, l)
		if g.b7FenceYAMLOK(b7FenceLines(out, g.fences[c.fence].open)) {
			return bInjection{}, false
		}
		return bInjection{out: out, want: []bWant{{line: i, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-nbsp-indent", func(g *bGuide, n int) (bInjection, bool) {
		// The snippet copied from a web page: the last space of an
		// option's indentation is a no-break space, which YAML does not
		// count as white space (a syntax error, or a key that starts
		// with U+00A0 and names no option).
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []int
		for _, i := range c.keyAt {
			l := g.lines[i]
			if ind := b7Indent(l); len(ind) >= 2 && !strings.HasPrefix(strings.TrimSpace(l), "-") && !strings.Contains(ind, "\t") {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Ints(cand)
		i := bPick(cand, n)
		l := g.lines[i]
		k := len(b7Indent(l))
		return bInjection{out: g.withLine(i, l[:k-1]+"\u00a0"+l[k:]), want: []bWant{{line: i, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-list-key-item-swapped", func(g *bGuide, n int) (bInjection, bool) {
		// A list's key and its first item swapped by a careless move:
		// the item then hangs under the option before, the key has no
		// value. yaml.v3 refuses the result.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []int
		for _, k := range b7ListKeys {
			if it := c.lists[k]; len(it) > 0 && it[0].line == c.keyAt[k]+1 {
				cand = append(cand, c.keyAt[k])
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Ints(cand)
		i := bPick(cand, n)
		ls := bClone(g.lines)
		ls[i], ls[i+1] = ls[i+1], ls[i]
		out := g.join(ls)
		if g.b7FenceYAMLOK(b7FenceLines(out, g.fences[c.fence].open)) {
			return bInjection{}, false
		}
		return bInjection{out: out, want: []bWant{{line: i, alt: []int{i + 1}, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-tail-indented", func(g *bGuide, n int) (bInjection, bool) {
		// The client's options from one key to its end indented two more
		// spaces (a block pasted one level too deep). The control indents
		// the whole client, which YAML reads the same.
		c := g.b7Client()
		if c == nil || len(g.clients) != 1 {
			return bInjection{}, false
		}
		var keys []int
		for _, l := range c.keyAt {
			keys = append(keys, l)
		}
		sort.Ints(keys)
		if len(keys) < 3 {
			return bInjection{}, false
		}
		first := keys[0]
		i := bPick(keys[1:], n)
		shift := func(from int) []string {
			var r []string
			for k := from; k <= c.last; k++ {
				if strings.TrimSpace(g.lines[k]) == "" {
					r = append(r, g.lines[k])
				} else {
					r = append(r, "  "+g.lines[k])
				}
			}
			return r
		}
		out, old := g.b7Replace(i, c.last, shift(i)...)
		ctl, _ := g.b7Replace(first, c.last, shift(first)...)
		open := g.fences[c.fence].open
		if g.b7FenceYAMLOK(b7FenceLines(out, open)) || !g.b7FenceYAMLOK(b7FenceLines(ctl, open)) {
			return bInjection{}, false
		}
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: i, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-policy-deny", func(g *bGuide, n int) (bInjection, bool) {
		// `deny` is a policy of the access control rules and of a custom
		// authorization policy's default, never a client's own policy.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		s, ok := c.keys["authorization_policy"]
		if !ok || s.val != "one_factor" && s.val != "two_factor" {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, "deny", diag.Error), true
	}),
	b7Kind("b7Prov-old-and-new-key", func(g *bGuide, n int) (bInjection, bool) {
		// A line of an old guide pasted beside its 4.38 replacement: with
		// both the deprecated and the new key set, Authelia maps neither
		// and warns.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		pairs := [][2]string{{"client_name", "description"}, {"client_secret", "secret"}, {"userinfo_signed_response_alg", "userinfo_signing_algorithm"}, {"sector_identifier_uri", "sector_identifier"}}
		var cand [][2]string
		for _, p := range pairs {
			if s, ok := c.keys[p[0]]; ok && s.line == c.keyAt[p[0]] && !strings.HasPrefix(strings.TrimSpace(g.lines[s.line]), "-") {
				if _, dup := c.keyAt[p[1]]; !dup {
					cand = append(cand, p)
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		p := bPick(cand, n)
		i := c.keyAt[p[0]]
		l := g.lines[i]
		k := strings.Index(l, p[0]+":")
		if k < 0 {
			return bInjection{}, false
		}
		add := l[:k] + p[1] + l[k+len(p[0]):]
		return g.b7Insert(i, diag.Warning, "configuration.yml", []string{add}, []string{l[:k] + "# " + strings.TrimSpace(add)}, i), true
	}),
	b7Kind("b7Prov-device-code-grant-438", func(g *bGuide, n int) (bInjection, bool) {
		// The device code grant type arrived in 4.39: a guide tested on
		// 4.38 that lists it is refused at start.
		c := g.b7Client()
		if c == nil || c.scopes()["authelia.bearer.authz"] || g.version != [3]int{4, 38, g.version[2]} {
			return bInjection{}, false
		}
		it := c.lists["grant_types"]
		if len(it) == 0 {
			return bInjection{}, false
		}
		last := it[len(it)-1].line
		l := g.lines[last]
		ind := b7Indent(l)
		q := "'"
		if strings.Contains(l, `"`) {
			q = `"`
		}
		add := ind + "- " + q + "urn:ietf:params:oauth:grant-type:device_code" + q
		return g.b7Insert(last, diag.Error, "configuration.yml", []string{add}, []string{ind + "# " + strings.TrimSpace(add)}), true
	}),
	b7Kind("b7Prov-scope-newer-438", func(g *bGuide, n int) (bInjection, bool) {
		// The address and phone scopes are standard from 4.39; a 4.38
		// Authelia warns that the scope is unknown.
		c := g.b7Client()
		if c == nil || c.scopes()["authelia.bearer.authz"] || g.version != [3]int{4, 38, g.version[2]} {
			return bInjection{}, false
		}
		it := c.lists["scopes"]
		if len(it) == 0 {
			return bInjection{}, false
		}
		sc := bPick([]string{"address", "phone"}, n)
		if c.scopes()[sc] {
			return bInjection{}, false
		}
		last := it[len(it)-1].line
		l := g.lines[last]
		ind := b7Indent(l)
		add := ind + "- '" + sc + "'"
		return g.b7Insert(last, diag.Warning, "configuration.yml", []string{add}, []string{ind + "# " + strings.TrimSpace(add)}), true
	}),
	b7Kind("b7Prov-authorization-alg-none-439", func(g *bGuide, n int) (bInjection, bool) {
		// `none` was the 4.38 default of the authorization response's
		// signing alg; from 4.39 it is refused. The control sets RS256.
		c := g.b7Client()
		if c == nil || !g.versionAtLeast(39, 0) {
			return bInjection{}, false
		}
		if _, ok := c.keyAt["authorization_signed_response_alg"]; ok {
			return bInjection{}, false
		}
		ls := c.b7ScalarLines()
		if len(ls) == 0 {
			return bInjection{}, false
		}
		at := ls[len(ls)-1]
		ind := strings.Repeat(" ", c.indent)
		return g.b7Insert(at, diag.Error, "configuration.yml", []string{ind + "authorization_signed_response_alg: 'none'"}, []string{ind + "authorization_signed_response_alg: 'RS256'"}), true
	}),
	b7Kind("b7Prov-duration-newer-438", func(g *bGuide, n int) (bInjection, bool) {
		// A consent duration copied from the 4.39 docs: `1h and 30m` is a
		// duration only from 4.39; 4.38 cannot parse it. The control gives
		// a duration 4.38 reads.
		c := g.b7Client()
		if c == nil || g.version != [3]int{4, 38, g.version[2]} {
			return bInjection{}, false
		}
		if _, ok := c.keyAt["pre_configured_consent_duration"]; ok {
			return bInjection{}, false
		}
		if m, ok := c.keys["consent_mode"]; ok && m.val != "auto" && m.val != "pre-configured" {
			return bInjection{}, false
		}
		ls := c.b7ScalarLines()
		if len(ls) == 0 {
			return bInjection{}, false
		}
		at := ls[len(ls)-1]
		ind := strings.Repeat(" ", c.indent)
		return g.b7Insert(at, diag.Error, "configuration.yml", []string{ind + "pre_configured_consent_duration: '1h and 30m'"}, []string{ind + "pre_configured_consent_duration: '1 week'"}), true
	}),
	b7Kind("b7Prov-digest-trailing-space", func(g *bGuide, n int) (bInjection, bool) {
		// A blank typed before the closing quote of the digest: the key
		// part no longer decodes (a space is outside every digest's
		// alphabet), and Authelia fails to load the configuration.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		s, ok := c.keys["client_secret"]
		if !ok || !strings.HasPrefix(s.val, "$") || strings.Count(s.val, "$") < 4 || !b7Quoted(g.exp[s.line], s.start, s.end) {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.end, s.end, " ", diag.Error), true
	}),
	b7Kind("b7Prov-clients-block-dedented", func(g *bGuide, n int) (bInjection, bool) {
		// The clients block moved one level out, beside oidc instead of
		// in it: identity_providers has no key clients, and oidc is left
		// without clients.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		f := g.fences[c.fence]
		at := -1
		for i := f.open + 1; i < f.close; i++ {
			if strings.TrimSpace(g.lines[i]) == "clients:" {
				at = i
				break
			}
		}
		if at < 0 || len(b7Indent(g.lines[at])) < 4 {
			return bInjection{}, false
		}
		ind := len(b7Indent(g.lines[at]))
		ls := bClone(g.lines)
		ls[at] = ls[at][2:]
		for j := at + 1; j < f.close && (strings.TrimSpace(ls[j]) == "" || len(b7Indent(ls[j])) > ind || strings.HasPrefix(strings.TrimSpace(ls[j]), "- ") && len(b7Indent(ls[j])) == ind); j++ {
			if strings.TrimSpace(ls[j]) != "" {
				ls[j] = ls[j][2:]
			}
		}
		return bInjection{out: g.join(ls), want: []bWant{{line: at, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-client-name-colon", func(g *bGuide, n int) (bInjection, bool) {
		// The client's display name unquoted and given a subtitle after a
		// colon: `: ` inside a plain YAML scalar is a syntax error. The
		// control keeps the quotes.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		s, ok := c.keys["client_name"]
		if !ok || !b7Quoted(g.exp[s.line], s.start, s.end) || g.lines[s.line] != g.exp[s.line] || strings.ContainsAny(s.val, "'\"#:") {
			return bInjection{}, false
		}
		l := g.lines[s.line]
		bad := l[:s.start-1] + s.val + ": Single Sign-On" + l[s.end+1:]
		ctl := l[:s.start] + s.val + ": Single Sign-On" + l[s.end:]
		return bInjection{out: g.withLine(s.line, bad), control: g.withLine(s.line, ctl), want: []bWant{{line: s.line, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-encryption-alg-dir", func(g *bGuide, n int) (bInjection, bool) {
		// `dir` is in the 4.39 schema's list of key management algs, but
		// the validator (from 4.39.2) has no `dir` for clients.
		c := g.b7Client()
		if c == nil || !g.versionAtLeast(39, 2) {
			return bInjection{}, false
		}
		if _, ok := c.keyAt["id_token_encrypted_response_alg"]; ok {
			return bInjection{}, false
		}
		ls := c.b7ScalarLines()
		if len(ls) == 0 {
			return bInjection{}, false
		}
		at := ls[len(ls)-1]
		ind := strings.Repeat(" ", c.indent)
		return g.b7Insert(at, diag.Error, "configuration.yml", []string{ind + "id_token_encrypted_response_alg: 'dir'"}, []string{ind + "id_token_encrypted_response_alg: 'none'"}), true
	}),
	b7Kind("b7Prov-second-client-same-id", func(g *bGuide, n int) (bInjection, bool) {
		// A public client for the mobile app added beside the web one,
		// its id left as the web client's: client ids must be unique. The
		// control gives it its own id.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		dash := g.lines[c.id.line]
		k := strings.Index(dash, "- ")
		if k < 0 || strings.TrimSpace(dash[:k]) != "" || c.indent < 2 {
			return bInjection{}, false
		}
		ind := strings.Repeat(" ", c.indent)
		block := func(id string) []string {
			return []string{
				ind[:len(ind)-2] + "- client_id: '" + id + "'",
				ind + "client_name: 'Mobile App'",
				ind + "public: true",
				ind + "authorization_policy: 'two_factor'",
				ind + "require_pkce: true",
				ind + "pkce_challenge_method: 'S256'",
				ind + "redirect_uris:",
				ind + "  - 'app.example.mobile://oauth/callback'",
				ind + "scopes:",
				ind + "  - 'openid'",
				ind + "  - 'profile'",
				ind + "token_endpoint_auth_method: 'none'",
			}
		}
		return g.b7Insert(c.last, diag.Error, "configuration.yml", block(c.id.val), block(c.id.val+"-mobile")), true
	}),
	b7Kind("b7Prov-redirect-wildcard", func(g *bGuide, n int) (bInjection, bool) {
		// A redirect URI written as a pattern: Authelia compares redirect
		// URIs as exact strings, so the path the application sends (stated
		// in its own snippet) never matches `/*`.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []bSite
		for _, r := range c.lists["redirect_uris"] {
			_, _, rest, ok := urlParts(r.val)
			if ok && len(rest) > 1 && len(g.valueSites(r.val, func(string) bool { return true })) > 0 {
				cand = append(cand, r)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		r := bPick(cand, n)
		_, _, rest, _ := urlParts(r.val)
		return g.editSite(r.line, r.end-len(rest), r.end, "/*", diag.Error), true
	}),
	b7Kind("b7Prov-flow-list-unclosed", func(g *bGuide, n int) (bInjection, bool) {
		// A block list folded into a flow list on one line, its closing
		// bracket forgotten. The control closes it.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []string
		for _, k := range b7ListKeys {
			it := c.lists[k]
			if len(it) < 2 || it[0].line != c.keyAt[k]+1 || it[len(it)-1].line != c.keyAt[k]+len(it) {
				continue
			}
			cand = append(cand, k)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Strings(cand)
		k := bPick(cand, n)
		it := c.lists[k]
		var vals []string
		for _, s := range it {
			v := strings.TrimSpace(g.lines[s.line])
			v = strings.TrimSpace(strings.TrimPrefix(v, "-"))
			if strings.Contains(v, "#") && !strings.Contains(v, "{{") || !b7KnownItem(g, k, s.val) {
				return bInjection{}, false
			}
			vals = append(vals, v)
		}
		key := g.lines[c.keyAt[k]]
		key = strings.TrimRight(key, " ")
		line := key + " [" + strings.Join(vals, ", ")
		from, to := c.keyAt[k], it[len(it)-1].line
		out, old := g.b7Replace(from, to, line)
		ctl, _ := g.b7Replace(from, to, line+"]")
		return bInjection{out: out, control: ctl, old: old, want: []bWant{{line: from, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	b7Kind("b7Prov-hyphen-en-dash", func(g *bGuide, n int) (bInjection, bool) {
		// A word processor's autocorrect turned a hyphen of the client id
		// or of a redirect URI the application states into an en dash:
		// the id leaves the RFC 3986 charset, the URI no longer matches.
		c := g.b7Client()
		if c == nil {
			return bInjection{}, false
		}
		var cand []bSite
		if strings.Contains(c.id.val, "-") {
			cand = append(cand, c.id)
		}
		for _, r := range c.lists["redirect_uris"] {
			_, _, rest, ok := urlParts(r.val)
			if ok && strings.Contains(rest, "-") && len(g.valueSites(r.val, func(string) bool { return true })) > 0 {
				cand = append(cand, r)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		k := strings.LastIndex(s.val, "-")
		return g.editSite(s.line, s.start+k, s.start+k+1, "–", diag.Error), true
	}),
	b7Kind("b7Prov-list-items-dedented", func(g *bGuide, n int) (bInjection, bool) {
		// A list's items dedented to the client's dash column: they
		// become entries of `clients` (strings, not clients) and the key
		// is left with no value.
		c := g.b7Client()
		if c == nil || c.indent < 2 {
			return bInjection{}, false
		}
		var cand []string
		for _, k := range b7ListKeys {
			it := c.lists[k]
			if len(it) > 0 && it[0].line == c.keyAt[k]+1 && it[len(it)-1].line == c.keyAt[k]+len(it) {
				cand = append(cand, k)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Strings(cand)
		k := bPick(cand, n)
		it := c.lists[k]
		dash := strings.Repeat(" ", c.indent-2)
		var repl []string
		for _, s := range it {
			repl = append(repl, dash+strings.TrimLeft(g.lines[s.line], " "))
		}
		out, _ := g.b7Replace(it[0].line, it[len(it)-1].line, repl...)
		return bInjection{out: out, want: []bWant{{line: it[0].line, alt: []int{c.keyAt[k]}, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
}

// b7ShortcodeParam is a quoted named parameter of a shortcode call.
var b7ShortcodeParam = regexp.MustCompile(`\{\{[<%]\s*[a-z][a-z0-9-]*\s[^}]*?\b([a-z_]+)="([^"]*)"`)

// b7KnownItem reports whether v is a value of list option k that the
// guide's release accepts without a word: an edit that moves the item
// must not carry a finding the guide already had over to a new line.
func b7KnownItem(g *bGuide, k, v string) bool {
	switch k {
	case "scopes":
		ok := map[string]bool{"openid": true, "offline_access": true, "profile": true, "email": true, "groups": true}
		return ok[v] || g.versionAtLeast(39, 0) && (v == "address" || v == "phone")
	case "grant_types":
		return v == "authorization_code" || v == "refresh_token"
	case "response_types":
		return v == "code"
	case "redirect_uris":
		return strings.HasPrefix(v, "https://")
	}
	return false
}
