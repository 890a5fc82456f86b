package tests

import (
	"encoding/base64"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-crypt/crypt/algorithm/argon2"
	"github.com/go-crypt/crypt/algorithm/bcrypt"
	"github.com/go-crypt/crypt/algorithm/md5crypt"
	"github.com/go-crypt/crypt/algorithm/pbkdf2"
	"github.com/go-crypt/crypt/algorithm/scrypt"
	"github.com/go-crypt/crypt/algorithm/sha1crypt"
	"github.com/go-crypt/crypt/algorithm/shacrypt"

	"github.com/guidec/guidec/internal/diag"
)

// The fourth battery's provider side: mistakes in Authelia's own snippet
// (identity_providers.oidc and its clients) that none of the earlier
// batteries makes, each derived from a fact of the client reference
// (/work/shared/reference/authelia-oidc-clients.md: §1 keys and enums, §3
// cross-field rules, §4 provider keys, §5 digest formats), written without
// reading the checker. Every kind also rotates the layout of the client it
// edits (flow lists, double quotes and another key order, plain scalars
// with items at the key's column and a comment line), so a finding must
// not depend on the corpus's one block-and-single-quote style; a layout
// change is checked by a control with the same layout and no defect.
// It reuses the blind battery's page parser, edits and judge.

// b4pLine is one line of a rewritten guide and the baseline's line it
// comes from (-1: a new line).
type b4pLine struct {
	text string
	old  int
}

// b4pIns inserts lines after the baseline's line after.
type b4pIns struct {
	after int
	lines []string
}

// b4pApply rewrites g's raw lines: edits replace lines, dels drop them,
// ins adds lines after a line (in order).
func (g *bGuide) b4pApply(edits map[int]string, dels map[int]bool, ins []b4pIns) []b4pLine {
	var out []b4pLine
	for i, l := range g.lines {
		if !dels[i] {
			if e, ok := edits[i]; ok {
				l = e
			}
			out = append(out, b4pLine{l, i})
		}
		for _, in := range ins {
			if in.after == i {
				for _, a := range in.lines {
					out = append(out, b4pLine{a, -1})
				}
			}
		}
	}
	return out
}

func b4pJoin(ls []b4pLine) []byte {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = l.text
	}
	return []byte(strings.Join(s, "\n"))
}

func b4pOld(ls []b4pLine) func(int) int {
	return func(l int) int {
		if l < 0 || l >= len(ls) {
			return -1
		}
		return ls[l].old
	}
}

// b4pPair is a defect and its control of the same shape: the defect's
// line is the first line where they differ.
func b4pPair(bad, good []b4pLine, sev diag.Severity, form string) (bInjection, bool) {
	if len(bad) != len(good) {
		return bInjection{}, false
	}
	for i := range bad {
		if bad[i].text != good[i].text {
			return bInjection{out: b4pJoin(bad), control: b4pJoin(good), old: b4pOld(bad), want: []bWant{{line: i, sev: sev}}, form: form}, true
		}
	}
	return bInjection{}, false
}

// b4pClient is the client whose id names one client only: the main one.
func (g *bGuide) b4pClient() *bClient {
	c := g.mainClient()
	if c == nil || !g.uniqueClient(c) {
		return nil
	}
	return c
}

func b4pIndent(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " "))] }

// b4pOIDC finds the `oidc:` line above c and the indentation of its keys.
func (g *bGuide) b4pOIDC(c *bClient) (int, string, bool) {
	f := g.fences[c.fence]
	for i := f.open + 1; i < c.id.line; i++ {
		if strings.TrimSpace(g.exp[i]) != "oidc:" {
			continue
		}
		for j := i + 1; j < f.close; j++ {
			if strings.TrimSpace(g.exp[j]) != "" {
				ind := b4pIndent(g.exp[j])
				if len(ind) > len(b4pIndent(g.exp[i])) {
					return i, ind, true
				}
				return 0, "", false
			}
		}
	}
	return 0, "", false
}

// b4pHasKey reports whether an Authelia snippet of g sets key anywhere.
func (g *bGuide) b4pHasKey(key string) bool {
	for i, e := range g.exp {
		if fi := g.fenceOf[i]; fi >= 0 && g.fences[fi].authelia && strings.HasPrefix(strings.TrimLeft(strings.TrimSpace(e), "- "), key+":") {
			return true
		}
	}
	return false
}

// b4pOptionLine is where an option is added to c: after its
// authorization_policy line, else after its id.
func (g *bGuide) b4pOptionLine(c *bClient) int {
	if at, ok := c.keyAt["authorization_policy"]; ok && c.keys["authorization_policy"].line == at {
		return at
	}
	return c.id.line
}

// b4pConfidential reports whether c is a confidential client with a
// secret-based method (the default included) and a one-line secret.
func b4pConfidential(c *bClient) bool {
	if c == nil || isPublicClient(c) {
		return false
	}
	m := c.keys["token_endpoint_auth_method"].val
	s, ok := c.keys["client_secret"]
	return (m == "" || strings.HasPrefix(m, "client_secret_")) && ok && s.line == c.keyAt["client_secret"]
}

// b4pDigest is c's client_secret when it is a digest.
func b4pDigest(c *bClient) (bSite, bool) {
	if c == nil {
		return bSite{}, false
	}
	s, ok := c.keys["client_secret"]
	return s, ok && strings.HasPrefix(s.val, "$") && !strings.HasPrefix(s.val, "$plaintext$") && strings.Count(s.val, "$") >= 3
}

// b4pHost is the scheme and host of c's first redirect URI.
func b4pHost(c *bClient) (string, bool) {
	if c == nil || len(c.lists["redirect_uris"]) == 0 {
		return "", false
	}
	sch, host, _, ok := urlParts(c.lists["redirect_uris"][0].val)
	if !ok || sch != "https" && sch != "http" || host == "" {
		return "", false
	}
	return host, true
}

// b4pAddItem adds v as the last item of c's list key, written like the
// list: a new line for a block list, an item on the key's line for a flow
// list. It returns the rewritten guide.
func (g *bGuide) b4pAddItem(c *bClient, key, v string) ([]b4pLine, bool) {
	items := c.lists[key]
	if len(items) == 0 {
		return nil, false
	}
	last := items[len(items)-1]
	e := g.exp[last.line]
	if last.line == c.keyAt[key] {
		q, qc := last.end, "'"
		if q < len(e) && (e[q] == '\'' || e[q] == '"') {
			qc = e[q : q+1]
			q++
		} else if last.start > 0 && e[last.start-1] != '\'' && e[last.start-1] != '"' {
			qc = ""
		}
		raw, _ := bEdit(g.lines[last.line], q, q, ", "+qc+v+qc)
		return g.b4pApply(map[int]string{last.line: raw}, nil, nil), true
	}
	pre, post := e[:last.start], e[last.end:]
	if strings.Contains(pre, "{{") {
		return nil, false
	}
	if k := strings.Index(post, " #"); k >= 0 {
		post = strings.TrimRight(post[:k], " ")
	}
	return g.b4pApply(nil, nil, []b4pIns{{last.line, []string{pre + v + post}}}), true
}

// b4pAddOption adds `key: 'v'` to c's options.
func (g *bGuide) b4pAddOption(c *bClient, lines ...string) []b4pLine {
	ind := strings.Repeat(" ", c.indent)
	var add []string
	for _, l := range lines {
		add = append(add, ind+l)
	}
	return g.b4pApply(nil, nil, []b4pIns{{g.b4pOptionLine(c), add}})
}

// b4pAddProvider adds lines (indented one level below oidc) after the
// oidc line, and optionally a client option.
func (g *bGuide) b4pAddProvider(c *bClient, clientOpt string, lines ...string) ([]b4pLine, bool) {
	at, ind, ok := g.b4pOIDC(c)
	if !ok {
		return nil, false
	}
	var add []string
	for _, l := range lines {
		add = append(add, ind+l)
	}
	ins := []b4pIns{{at, add}}
	edits := map[int]string{}
	if clientOpt != "" {
		k := clientOpt[:strings.Index(clientOpt, ":")]
		if s, has := c.keys[k]; has && s.line == c.keyAt[k] {
			// Replace the option's line.
			edits[s.line] = strings.Repeat(" ", c.indent) + clientOpt
			if strings.HasPrefix(strings.TrimSpace(g.exp[s.line]), "- ") {
				return nil, false
			}
		} else if has || c.keyAt[k] != 0 {
			return nil, false
		} else {
			ins = append(ins, b4pIns{g.b4pOptionLine(c), []string{strings.Repeat(" ", c.indent) + clientOpt}})
		}
	}
	return g.b4pApply(edits, nil, ins), true
}

// b4pAppStates reports whether a line outside the Authelia snippets
// matches re (the application states that setting).
func (g *bGuide) b4pAppStates(re *regexp.Regexp) bool {
	for i := range g.lines {
		if g.appLine(i) && re.MatchString(g.exp[i]) {
			return true
		}
	}
	return false
}

var b4pAppMethod = regexp.MustCompile(`(?i)client_secret_(basic|post|jwt)|auth_?method|authmethod|auth_?style|authstyle|token_?endpoint_?auth|InHeader|InParams`)

// b4pLayoutNames name the layouts of b4pRelayout.
var b4pLayoutNames = []string{"", "flow", "dquote-order", "plain-comment"}

var (
	b4pQuoted  = regexp.MustCompile(`^(\s*(?:- )?[a-z_]+: )'([^'"\\]*)'(\s*(?:#.*)?)$`)
	b4pItem    = regexp.MustCompile(`^(\s*)- '([^'"\\]*)'(\s*(?:#.*)?)$`)
	b4pPlain   = regexp.MustCompile(`^[A-Za-z0-9_$][A-Za-z0-9_$./+=-]*$`)
	b4pSpecial = regexp.MustCompile(`(?i)^(true|false|yes|no|on|off|y|n|null|~|[0-9._+-]+)$`)
)

// b4pRelayout rewrites the main client of g in layout v (1..3), with the
// same meaning: 1 turns block lists into flow lists; 2 double-quotes the
// scalars and puts client_name before client_id; 3 writes safe scalars
// plain, moves list items to their key's column and adds a comment line
// before redirect_uris.
func (g *bGuide) b4pRelayout(v int) ([]b4pLine, bool) {
	c := g.b4pClient()
	if c == nil {
		return nil, false
	}
	from, to := c.id.line, c.last
	edits, dels := map[int]string{}, map[int]bool{}
	var ins []b4pIns
	switch v {
	case 1:
		for key, items := range c.lists {
			kl := c.keyAt[key]
			if len(items) == 0 || items[0].line == kl || strings.Contains(g.exp[kl], "#") || !g.b4pCleanList(c, key) {
				continue
			}
			var vals []string
			ok := true
			for k, it := range items {
				raw := g.lines[it.line]
				t := strings.TrimSpace(raw)
				if it.line != kl+1+k || !strings.HasPrefix(t, "- ") || strings.Contains(g.exp[it.line], "#") {
					ok = false
					break
				}
				val := strings.TrimSpace(t[2:])
				if !strings.HasPrefix(val, "'") && !strings.HasPrefix(val, "\"") && strings.ContainsAny(g.exp[it.line], ",[]{}") {
					ok = false
					break
				}
				vals = append(vals, val)
			}
			if !ok {
				continue
			}
			edits[kl] = strings.TrimRight(g.lines[kl], " ") + " [" + strings.Join(vals, ", ") + "]"
			for _, it := range items {
				dels[it.line] = true
			}
		}
	case 2:
		for i := from; i <= to; i++ {
			if g.lines[i] != g.exp[i] {
				continue
			}
			if m := b4pQuoted.FindStringSubmatch(g.lines[i]); m != nil {
				edits[i] = m[1] + `"` + m[2] + `"` + m[3]
			} else if m := b4pItem.FindStringSubmatch(g.lines[i]); m != nil {
				edits[i] = m[1] + `- "` + m[2] + `"` + m[3]
			}
		}
		// client_name before client_id, when both are one-line options.
		nl, ok := c.keyAt["client_name"]
		if ok && nl == c.id.line+1 && c.keys["client_name"].line == nl && strings.HasPrefix(strings.TrimSpace(g.exp[c.id.line]), "- client_id:") {
			idl := g.lines[c.id.line]
			if e, ok := edits[c.id.line]; ok {
				idl = e
			}
			name := g.lines[nl]
			if e, ok := edits[nl]; ok {
				name = e
			}
			k := strings.Index(idl, "- ")
			edits[c.id.line] = idl[:k] + "- " + strings.TrimSpace(name)
			edits[nl] = idl[:k] + "  " + strings.TrimSpace(idl[k+2:])
		}
	case 3:
		for i := from; i <= to; i++ {
			if g.lines[i] != g.exp[i] {
				continue
			}
			if m := b4pQuoted.FindStringSubmatch(g.lines[i]); m != nil && b4pPlain.MatchString(m[2]) && !b4pSpecial.MatchString(m[2]) {
				edits[i] = m[1] + m[2] + m[3]
			} else if m := b4pItem.FindStringSubmatch(g.lines[i]); m != nil && b4pPlain.MatchString(m[2]) && !b4pSpecial.MatchString(m[2]) {
				edits[i] = m[1] + "- " + m[2] + m[3]
			}
		}
		for key, items := range c.lists {
			kl := c.keyAt[key]
			if len(items) == 0 || items[0].line == kl || strings.HasPrefix(strings.TrimSpace(g.exp[kl]), "- ") {
				continue
			}
			ind := b4pIndent(g.lines[kl])
			for _, it := range items {
				l := g.lines[it.line]
				if e, ok := edits[it.line]; ok {
					l = e
				}
				edits[it.line] = ind + strings.TrimLeft(l, " ")
			}
		}
		if rl, ok := c.keyAt["redirect_uris"]; ok && !strings.HasPrefix(strings.TrimSpace(g.exp[rl]), "- ") {
			ins = append(ins, b4pIns{rl - 1, []string{b4pIndent(g.lines[rl]) + "# Must be exactly the callback the application sends."}})
		}
	}
	if len(edits)+len(dels)+len(ins) == 0 {
		return nil, false
	}
	return g.b4pApply(edits, dels, ins), true
}

// b4pStdScopes are the scopes of §1 by release.
func (g *bGuide) b4pStdScopes() []string {
	s := []string{"openid", "offline_access", "offline", "groups", "email", "profile", "authelia.bearer.authz"}
	if g.versionAtLeast(39, 0) {
		s = append(s, "address", "phone")
	}
	return s
}

// b4pCleanList reports whether a list of c states only values the
// reference accepts without a warning (§1, §3), so that rewriting it as a
// flow list moves no finding the guide already has from an item's line to
// the key's line.
func (g *bGuide) b4pCleanList(c *bClient, key string) bool {
	sc := c.scopes()
	for _, it := range c.lists[key] {
		v := it.val
		if v == "" || strings.ContainsAny(g.exp[it.line], "<>") {
			return false
		}
		switch key {
		case "scopes":
			if !slices.Contains(g.b4pStdScopes(), v) {
				return false
			}
		case "grant_types":
			if v == "refresh_token" && !sc["offline_access"] && !sc["offline"] || v != "authorization_code" && v != "refresh_token" {
				return false
			}
		case "redirect_uris":
			if !strings.Contains(v, "://") {
				return false
			}
		case "response_types":
			if v != "code" {
				return false
			}
		default:
			return false
		}
	}
	return len(c.lists[key]) > 0
}

// b4pKind wraps a provider kind: by n it first rewrites the main client in
// another layout (b4pRelayout), injects there, and checks the rewritten
// guide as the control of an in-place defect.
func b4pKind(name string, f func(g *bGuide, n int) (bInjection, bool)) bKind {
	return bKind{name: name, inject: func(g *bGuide, n int) (bInjection, bool) {
		v := (n + len(name)) % len(b4pLayoutNames)
		if v == 0 {
			return f(g, n)
		}
		ls, ok := g.b4pRelayout(v)
		if !ok {
			return f(g, n)
		}
		g2 := bParse(g.name, b4pJoin(ls))
		in, ok := f(g2, n)
		if !ok {
			return f(g, n)
		}
		if in.control == nil {
			in.control = g2.join(g2.lines)
		}
		inner, outer := in.old, b4pOld(ls)
		in.old = func(l int) int {
			if inner != nil {
				if l = inner(l); l < 0 {
					return -1
				}
			}
			return outer(l)
		}
		in.form += " " + b4pLayoutNames[v]
		if d := os.Getenv("B4P_DUMP"); d != "" {
			_ = os.MkdirAll(d, 0o755)
			_ = os.WriteFile(d+"/"+g.name+"-"+name+".md", in.out, 0o644)
			_ = os.WriteFile(d+"/"+g.name+"-"+name+".control.md", in.control, 0o644)
		}
		return in, true
	}}
}

// b4pEditValue rewrites the value of one of c's options in place.
func (g *bGuide) b4pEditValue(c *bClient, key, v string, sev diag.Severity) (bInjection, bool) {
	s, ok := c.keys[key]
	if !ok || s.val == v {
		return bInjection{}, false
	}
	in := g.editSite(s.line, s.start, s.end, v, sev)
	in.form = "configuration.yml"
	return in, true
}

// b4pOtherHash hashes the application's secret with an algorithm the
// JSON schema's pattern lets through but Authelia's decoder does not
// register (§5 "not accepted").
func b4pOtherHash(sec string, n int) string {
	switch n % 3 {
	case 0:
		return "$base64$" + base64.StdEncoding.EncodeToString([]byte(sec))
	case 1:
		h, _ := md5crypt.New()
		d, err := h.Hash(sec)
		if err != nil {
			panic(err)
		}
		return d.Encode()
	}
	h, _ := sha1crypt.New(sha1crypt.WithSaltLength(8))
	d, err := h.Hash(sec)
	if err != nil {
		panic(err)
	}
	return d.Encode()
}

var b4pKinds = []bKind{
	// §5 rule 2 and `secret-plaintext` (W): the application's plaintext
	// secret pasted where the digest goes (bare, or as $plaintext$) is
	// deprecated; Authelia warns and starts.
	b4pKind("b4Provider-secret-plaintext-pasted", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		sec := g.b3Secret(c)
		if _, ok := b4pDigest(c); sec == "" || !ok || strings.ContainsAny(sec, "'\"#:") {
			return bInjection{}, false
		}
		return g.b4pEditValue(c, "client_secret", bPick([]string{sec, "$plaintext$" + sec}, n/4), diag.Warning)
	}),
	// §5 rule 3: a value starting with `$` must decode; a digest that lost
	// characters of its salt or key (adapted base64 of a length that
	// cannot be) fails the load.
	b4pKind("b4Provider-digest-truncated", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		s, ok := b4pDigest(c)
		if !ok {
			return bInjection{}, false
		}
		parts := strings.Split(s.val, "$")
		id := parts[1]
		if !strings.HasPrefix(id, "pbkdf2") && !strings.HasPrefix(id, "argon2") && id != "scrypt" {
			return bInjection{}, false
		}
		p := len(parts) - 1 - n%2 // the key, or the salt
		v := parts[p]
		d := 1
		for (len(v)-d)%4 != 1 {
			d++
		}
		if len(v) <= d+4 {
			return bInjection{}, false
		}
		if n%3 == 0 {
			parts[p] = v[:len(v)/2] + v[len(v)/2+d:] // lost in the middle
		} else {
			parts[p] = v[:len(v)-d]
		}
		return g.b4pEditValue(c, "client_secret", strings.Join(parts, "$"), diag.Error)
	}),
	// §5 rule 3 / PBKDF2 layout: the identifier is one of pbkdf2,
	// pbkdf2-sha1…sha512 exactly, and the iterations an integer; a
	// hand-edited header does not decode.
	b4pKind("b4Provider-digest-header-typo", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		s, ok := b4pDigest(c)
		if !ok {
			return bInjection{}, false
		}
		parts := strings.Split(s.val, "$")
		if !strings.HasPrefix(parts[1], "pbkdf2-sha") || len(parts) != 5 {
			return bInjection{}, false
		}
		sha := strings.TrimPrefix(parts[1], "pbkdf2-")
		switch n % 4 {
		case 0:
			parts[1] = "pbkdf2-" + sha[:3] + "-" + sha[3:]
		case 1:
			parts[1] = "pbkdf2_" + sha
		case 2:
			parts[1] = strings.ToUpper(parts[1])
		case 3:
			it := parts[2]
			if len(it) < 4 {
				return bInjection{}, false
			}
			parts[2] = it[:len(it)-3] + "," + it[len(it)-3:]
		}
		return g.b4pEditValue(c, "client_secret", strings.Join(parts, "$"), diag.Error)
	}),
	// §5 "not accepted": $base64$, md5crypt ($1$) and sha1crypt ($sha1$)
	// hashes of the right secret; the schema's pattern allows them, the
	// decoder Authelia builds does not register them.
	b4pKind("b4Provider-digest-unsupported-scheme", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		sec := g.b3Secret(c)
		if _, ok := b4pDigest(c); sec == "" || !ok {
			return bInjection{}, false
		}
		return g.b4pEditValue(c, "client_secret", b4pOtherHash(sec, n), diag.Error)
	}),
	// §3 `secret-jwt-plaintext`: client_secret_jwt signs with the secret
	// itself, so the secret must be plaintext, not a digest.
	b4pKind("b4Provider-secret-jwt-with-digest", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if _, ok := b4pDigest(c); !ok || !b4pConfidential(c) || g.b4pAppStates(b4pAppMethod) {
			return bInjection{}, false
		}
		return g.b4pEditValue(c, "token_endpoint_auth_method", "client_secret_jwt", diag.Error)
	}),
	// §3 `redirect-oob-public`: urn:ietf:wg:oauth:2.0:oob is a redirect
	// URI of public (native) clients only.
	b4pKind("b4Provider-oob-redirect-confidential", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if !b4pConfidential(c) {
			return bInjection{}, false
		}
		if _, ok := b4pHost(c); !ok {
			return bInjection{}, false
		}
		first := c.lists["redirect_uris"][0].val
		bad, ok1 := g.b4pAddItem(c, "redirect_uris", "urn:ietf:wg:oauth:2.0:oob")
		good, ok2 := g.b4pAddItem(c, "redirect_uris", strings.TrimSuffix(first, "/")+"/mobile")
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(bad, good, diag.Error, "configuration.yml")
	}),
	// §1 scopes: each item is one scope; the application's space-separated
	// scope string pasted as one item is an unknown scope, and the client
	// no longer has openid, which every login asks for.
	b4pKind("b4Provider-scopes-joined", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil {
			return bInjection{}, false
		}
		items := c.lists["scopes"]
		kl := c.keyAt["scopes"]
		oi := slices.IndexFunc(items, func(s bSite) bool { return s.val == "openid" })
		if len(items) < 2 || oi < 0 || strings.HasPrefix(strings.TrimSpace(g.exp[kl]), "- ") || !g.b4pCleanList(c, "scopes") {
			return bInjection{}, false
		}
		var vals []string
		for _, s := range items {
			if s.val == "" || strings.ContainsAny(s.val, " '\"") {
				return bInjection{}, false
			}
			vals = append(vals, s.val)
		}
		k := max(oi+1, 2)
		if n%2 == 0 {
			k = len(vals)
		}
		q := func(vs []string) string {
			var o []string
			for _, v := range vs {
				o = append(o, "'"+v+"'")
			}
			return strings.Join(o, ", ")
		}
		joined := []string{strings.Join(vals[:k], " ")}
		head := b4pIndent(g.lines[kl]) + "scopes: ["
		dels := map[int]bool{}
		for _, s := range items {
			if s.line != kl {
				dels[s.line] = true
			}
		}
		bad := g.b4pApply(map[int]string{kl: head + q(append(joined, vals[k:]...)) + "]"}, dels, nil)
		good := g.b4pApply(map[int]string{kl: head + q(vals) + "]"}, dels, nil)
		return b4pPair(bad, good, diag.Error, "configuration.yml")
	}),
	// §3 `bearer-*`: the scope authelia.bearer.authz turns a client into a
	// bearer-token client whose scopes may only be offline_access, offline
	// and itself (no openid), with an audience, PAR and PKCE S256.
	b4pKind("b4Provider-bearer-scope-on-login", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !c.scopes()["openid"] {
			return bInjection{}, false
		}
		ok := ""
		for _, s := range []string{"groups", "email", "profile"} {
			if !c.scopes()[s] {
				ok = s
			}
		}
		if ok == "" {
			return bInjection{}, false
		}
		bad, ok1 := g.b4pAddItem(c, "scopes", "authelia.bearer.authz")
		good, ok2 := g.b4pAddItem(c, "scopes", ok)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(bad, good, diag.Error, "configuration.yml")
	}),
	// §3 `sig-alg-not-none`: the ID token (and from 4.39 the JARM
	// authorization response) must be signed; the userinfo option's
	// 'none' moved to the wrong key.
	b4pKind("b4Provider-alg-none-wrong-object", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || c.keys["userinfo_signed_response_alg"].val != "none" {
			return bInjection{}, false
		}
		to := "id_token_signed_response_alg"
		if n%2 == 1 && g.versionAtLeast(39, 0) {
			to = "authorization_signed_response_alg"
		}
		if _, has := c.keyAt[to]; has {
			return bInjection{}, false
		}
		l := c.keyAt["userinfo_signed_response_alg"]
		raw := g.lines[l]
		k := strings.Index(raw, "userinfo_signed_response_alg")
		if k < 0 {
			return bInjection{}, false
		}
		return bInjection{out: g.withLine(l, raw[:k]+to+raw[k+len("userinfo_signed_response_alg"):]), want: []bWant{{line: l, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	// §1.1 SIG and §3 `hmac-alg-plaintext`: HS* signs with the client
	// secret, so it needs a plaintext secret (4.39.2+); before 4.39.2 the
	// runtime has no HS* at all. Either way a digest cannot sign.
	b4pKind("b4Provider-hmac-alg-with-digest", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if _, ok := b4pDigest(c); !ok || !b4pConfidential(c) {
			return bInjection{}, false
		}
		key := bPick([]string{"userinfo_signed_response_alg", "access_token_signed_response_alg"}, n)
		if c.keys[key].val != "none" {
			key = "userinfo_signed_response_alg"
		}
		if c.keys[key].val != "none" {
			return bInjection{}, false
		}
		return g.b4pEditValue(c, key, bPick([]string{"HS256", "HS512", "HS384"}, n/2), diag.Error)
	}),
	// §3 `enc-needs-client-keys` and §1.1 ENC-ALG (4.39.2+): an asymmetric
	// key-encryption alg needs the client's jwks or jwks_uri, a symmetric
	// one a plaintext secret; `dir` is not a client alg at all.
	b4pKind("b4Provider-enc-without-client-keys", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !g.versionAtLeast(39, 2) || c.keyAt["jwks"] != 0 || c.keyAt["jwks_uri"] != 0 {
			return bInjection{}, false
		}
		obj := bPick([]string{"id_token", "authorization"}, n)
		if c.keys[obj+"_signed_response_alg"].val == "none" || c.keyAt[obj+"_encrypted_response_alg"] != 0 {
			return bInjection{}, false
		}
		algs := []string{"RSA-OAEP", "ECDH-ES", "RSA-OAEP-256", "dir"}
		if _, ok := b4pDigest(c); ok {
			algs = append(algs, "A256KW")
		}
		key := obj + "_encrypted_response_alg: "
		bad := g.b4pAddOption(c, key+"'"+bPick(algs, n/2)+"'")
		good := g.b4pAddOption(c, key+"'none'")
		return b4pPair(bad, good, diag.Error, "configuration.yml")
	}),
	// §3 `request-uri-https` (request_uris since 4.38.7): each request URI
	// must be an absolute https URL.
	b4pKind("b4Provider-request-uri-http", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !g.versionAtLeast(38, 7) || c.keyAt["request_uris"] != 0 {
			return bInjection{}, false
		}
		host, ok := b4pHost(c)
		if !ok {
			return bInjection{}, false
		}
		path := bPick([]string{"/oidc/request.jwt", "/auth/request-object", "/.well-known/request.jwt"}, n)
		mk := func(sch string) []b4pLine {
			if n%2 == 0 {
				return g.b4pAddOption(c, "request_uris: ['"+sch+"://"+host+path+"']")
			}
			return g.b4pAddOption(c, "request_uris:", "  - '"+sch+"://"+host+path+"'")
		}
		return b4pPair(mk("http"), mk("https"), diag.Error, "configuration.yml")
	}),
	// §3 `jwks-uri-https`: the client's jwks_uri is https only.
	b4pKind("b4Provider-jwks-uri-http", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || c.keyAt["jwks_uri"] != 0 || c.keyAt["jwks"] != 0 {
			return bInjection{}, false
		}
		host, ok := b4pHost(c)
		if !ok {
			return bInjection{}, false
		}
		path := bPick([]string{"/.well-known/jwks.json", "/oauth/jwks", "/api/jwks"}, n)
		return b4pPair(g.b4pAddOption(c, "jwks_uri: 'http://"+host+path+"'"), g.b4pAddOption(c, "jwks_uri: 'https://"+host+path+"'"), diag.Error, "configuration.yml")
	}),
	// §1 client_id and §3 `client-id-charset`: the id is RFC 3986
	// unreserved characters only; an id with '/', ':' or '@', stated the
	// same on both sides, is refused by Authelia (the application takes it).
	b4pKind("b4Provider-id-charset", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || len(c.id.val) > 90 || c.scopes()[c.id.val] {
			return bInjection{}, false
		}
		id := c.id.val
		type span struct{ line, s, e int }
		spans := []span{{c.id.line, c.id.start, c.id.end}}
		// Every statement of the id outside the Authelia snippets, as a
		// whole value; not a guide where the id is part of a path or of a
		// shortcode (the claims escape hatch repeats it).
		for _, st := range g.valueSites(id, func(k string) bool { return !strings.Contains(k, "scope") }) {
			e := g.exp[st.line]
			if st.start > 0 && e[st.start-1] == '/' || st.end < len(e) && e[st.end] == '/' {
				return bInjection{}, false
			}
			if st.start > 0 && e[st.start-1] == '[' || st.end < len(e) && e[st.end] == ']' {
				continue // a Markdown link reference
			}
			spans = append(spans, span{st.line, st.start, st.end})
		}
		for i, l := range g.lines {
			if i >= g.body && strings.Contains(l, "{{%") && strings.Contains(l, id) {
				return bInjection{}, false
			}
		}
		if a, ok := g.assume["clientid"]; ok && a.val == id {
			spans = append(spans, span{a.line, a.start, a.end})
		}
		seen := map[int]bool{}
		for _, s := range spans {
			if seen[s.line] {
				return bInjection{}, false // two on a line: keep it simple
			}
			seen[s.line] = true
		}
		mk := func(sep string) []b4pLine {
			v := id + sep + bPick([]string{"sso", "prod", "oidc"}, n)
			edits := map[int]string{}
			for _, s := range spans {
				edits[s.line], _ = bEdit(g.lines[s.line], s.s, s.e, v)
			}
			return g.b4pApply(edits, nil, nil)
		}
		bad, good := mk(bPick([]string{"/", ":", "@"}, n/3)), mk(bPick([]string{".", "-", "_", "~"}, n))
		return bInjection{out: b4pJoin(bad), control: b4pJoin(good), want: []bWant{{line: c.id.line, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	// §3 `confidential-secret-required` and §5 rule 1: a confidential
	// client using client_secret_basic/post (or the default) needs a
	// secret; an empty value is no secret, and so is a commented-out line.
	b4pKind("b4Provider-secret-missing", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if !b4pConfidential(c) {
			return bInjection{}, false
		}
		s := c.keys["client_secret"]
		if strings.HasPrefix(strings.TrimSpace(g.exp[s.line]), "- ") {
			return bInjection{}, false
		}
		if n%2 == 0 {
			return g.b4pEditValue(c, "client_secret", "", diag.Error)
		}
		raw := g.lines[s.line]
		ind := b4pIndent(raw)
		return bInjection{out: g.withLine(s.line, ind+"# "+raw[len(ind):]), want: []bWant{{line: s.line, alt: []int{c.id.line}, sev: diag.Error}}, form: "configuration.yml"}, true
	}),
	// §1 claims_policy and §3 `claims-policy-known` (4.39): the client's
	// claims_policy must be a key of oidc.claims_policies.
	b4pKind("b4Provider-claims-policy-unknown-name", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !g.versionAtLeast(39, 2) {
			return bInjection{}, false
		}
		if s, ok := c.keys["claims_policy"]; ok && g.b4pHasKey("claims_policies") {
			if strings.Contains(s.val, "_") {
				return g.b4pEditValue(c, "claims_policy", strings.Replace(s.val, "_", "-", 1), diag.Error)
			}
			return g.b4pEditValue(c, "claims_policy", s.val+"_policy", diag.Error)
		}
		if g.b4pHasKey("claims_policies") || c.keyAt["claims_policy"] != 0 {
			return bInjection{}, false
		}
		name := bPick([]string{"app_claims", "legacy", "with_groups"}, n)
		bad := map[string]string{"app_claims": "app-claims", "legacy": "default", "with_groups": "with_group"}[name]
		def := []string{"claims_policies:", "  " + name + ":", "    id_token: ['email', 'groups', 'preferred_username']"}
		b, ok1 := g.b4pAddProvider(c, "claims_policy: '"+bad+"'", def...)
		gd, ok2 := g.b4pAddProvider(c, "claims_policy: '"+name+"'", def...)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §4 claims_policies (4.39): id_token/access_token entries are
	// standard claims or the policy's custom claims; a misspelt claim is
	// refused.
	b4pKind("b4Provider-claims-policy-claim-typo", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !g.versionAtLeast(39, 2) || g.b4pHasKey("claims_policies") || c.keyAt["claims_policy"] != 0 {
			return bInjection{}, false
		}
		std := []string{"preferred_username", "email", "groups", "name"}
		typo := map[string]string{"preferred_username": "preferred_user_name", "email": "mail", "groups": "group", "name": "display_name"}
		k := n % len(std)
		list := func(bad bool) string {
			var o []string
			for i, s := range std {
				if bad && i == k {
					s = typo[s]
				}
				o = append(o, s)
			}
			return o[0] + "', '" + strings.Join(o[1:], "', '")
		}
		target := bPick([]string{"id_token", "access_token"}, n/4)
		mk := func(bad bool) ([]b4pLine, bool) {
			if n%2 == 0 {
				return g.b4pAddProvider(c, "claims_policy: 'app_policy'", "claims_policies:", "  app_policy:", "    "+target+": ['"+list(bad)+"']")
			}
			lines := []string{"claims_policies:", "  app_policy:", "    " + target + ":"}
			for i, s := range std {
				if bad && i == k {
					s = typo[s]
				}
				lines = append(lines, "      - '"+s+"'")
			}
			return g.b4pAddProvider(c, "claims_policy: 'app_policy'", lines...)
		}
		b, ok1 := mk(true)
		gd, ok2 := mk(false)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §4 authorization_policies: default_policy and each rule's policy are
	// one_factor/two_factor/deny; a subject is `user:…` or `group:…`.
	b4pKind("b4Provider-authz-policy-rule", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("authorization_policies") || slices.ContainsFunc(c.lists["grant_types"], func(s bSite) bool { return s.val == "client_credentials" }) {
			return bInjection{}, false
		}
		if p := c.keys["authorization_policy"].val; p != "" && !strings.HasSuffix(p, "_factor") {
			return bInjection{}, false
		}
		name := bPick([]string{"app_users", "restricted", "admins_only"}, n)
		mk := func(bad bool) ([]b4pLine, bool) {
			def, pol, sub := "deny", "two_factor", "group:"+name
			if bad {
				switch n % 4 {
				case 0:
					def = bPick([]string{"bypass", "allow", "none"}, n/4)
				case 1:
					pol = bPick([]string{"allow", "two-factor", "2fa"}, n/4)
				case 2:
					sub = name
				case 3:
					sub = bPick([]string{"groups:", "role:", "group="}, n/4) + name
				}
			}
			return g.b4pAddProvider(c, "authorization_policy: '"+name+"'",
				"authorization_policies:", "  "+name+":", "    default_policy: '"+def+"'", "    rules:",
				"      - policy: '"+pol+"'", "        subject: '"+sub+"'")
		}
		b, ok1 := mk(true)
		gd, ok2 := mk(false)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §4 cors: endpoints are from a fixed list, and an allowed origin has
	// no path.
	b4pKind("b4Provider-cors-invalid", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("cors") {
			return bInjection{}, false
		}
		host, ok := b4pHost(c)
		if !ok {
			return bInjection{}, false
		}
		mk := func(bad bool) ([]b4pLine, bool) {
			eps := []string{"authorization", "token", "revocation", "introspection", "userinfo"}
			origin := "https://" + host
			if bad {
				if n%2 == 0 {
					k := (n / 2) % len(eps)
					eps[k] = map[string]string{"authorization": "authorize", "token": "tokens", "revocation": "revoke", "introspection": "introspect", "userinfo": "user_info"}[eps[k]]
				} else {
					origin += bPick([]string{"/", "/login", "/api/auth/callback"}, n/2)
				}
			}
			return g.b4pAddProvider(c, "", "cors:", "  endpoints: ['"+strings.Join(eps, "', '")+"']", "  allowed_origins:", "    - '"+origin+"'")
		}
		b, ok1 := mk(true)
		gd, ok2 := mk(false)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §4 enforce_pkce: public_clients_only, never or always.
	b4pKind("b4Provider-enforce-pkce-enum", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("enforce_pkce") {
			return bInjection{}, false
		}
		bad := bPick([]string{"public_clients", "'true'", "required", "public-clients-only", "Always"}, n)
		q := func(v string) string {
			if strings.HasPrefix(v, "'") {
				return v
			}
			return "'" + v + "'"
		}
		b, ok1 := g.b4pAddProvider(c, "", "enforce_pkce: "+q(bad))
		gd, ok2 := g.b4pAddProvider(c, "", "enforce_pkce: 'public_clients_only'")
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §1 redirect_uris: Authelia parses each URI and compares the
	// application's byte for byte; a blank pasted inside the quotes is
	// part of the URI and no request ever matches it.
	b4pKind("b4Provider-redirect-blank-inside", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil {
			return bInjection{}, false
		}
		rs := c.lists["redirect_uris"]
		if len(rs) == 0 {
			return bInjection{}, false
		}
		r := bPick(rs, n)
		e := g.exp[r.line]
		if r.start == 0 || r.end >= len(e) || e[r.start-1] != '\'' && e[r.start-1] != '"' || !strings.Contains(r.val, "://") {
			return bInjection{}, false
		}
		in := g.editSite(r.line, r.end, r.end, bPick([]string{" ", "  "}, n/2), diag.Error)
		if n%3 == 0 {
			in = g.editSite(r.line, r.start, r.start, " ", diag.Error)
		}
		in.form = "configuration.yml"
		return in, true
	}),
	// §5 rule 3: a digest wrapped onto a second line inside its quotes is
	// folded with a blank (YAML), which no digest format allows; the
	// control continues it as a folded block scalar, which joins nothing.
	b4pKind("b4Provider-digest-wrapped", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		s, ok := b4pDigest(c)
		if !ok || s.line != c.keyAt["client_secret"] || len(s.val) < 40 {
			return bInjection{}, false
		}
		e := g.exp[s.line]
		if s.start == 0 || e[s.start-1] != '\'' && e[s.start-1] != '"' || g.lines[s.line] != e {
			return bInjection{}, false
		}
		q := e[s.start-1 : s.start]
		cut := len(s.val) - 20 - n%10
		ind := strings.Repeat(" ", c.indent+2)
		head := e[:s.start-1]
		bad := g.b4pApply(map[int]string{s.line: head + q + s.val[:cut]}, nil, []b4pIns{{s.line, []string{ind + s.val[cut:] + q}}})
		good := g.b4pApply(map[int]string{s.line: head + ">-"}, nil, []b4pIns{{s.line, []string{ind + s.val}}})
		in, ok := b4pPair(bad, good, diag.Error, "configuration.yml")
		in.want[0].alt = []int{s.line + 1}
		return in, ok
	}),
	// YAML as Authelia loads it (yaml.v3 through koanf): a mapping key
	// given twice is a load error, such as an option added again at the
	// end of a client that already sets it. The control adds an option the
	// client does not set, with its default value.
	b4pKind("b4Provider-duplicate-option", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || c.keyAt["consent_mode"] != 0 || c.last <= c.id.line {
			return bInjection{}, false
		}
		var dup string
		switch n % 3 {
		case 0:
			if p := c.keys["authorization_policy"].val; p == "two_factor" || p == "one_factor" {
				dup = "authorization_policy: '" + map[string]string{"two_factor": "one_factor", "one_factor": "two_factor"}[p] + "'"
			}
		case 1:
			if c.keys["require_pkce"].val != "" {
				dup = "require_pkce: " + map[string]string{"true": "false", "false": "true"}[c.keys["require_pkce"].val]
			}
		case 2:
			if c.keyAt["scopes"] != 0 {
				dup = "scopes: ['openid', 'profile', 'email']"
			}
		}
		if dup == "" {
			dup = "client_name: 'Copy'"
			if c.keyAt["client_name"] == 0 {
				return bInjection{}, false
			}
		}
		ind := strings.Repeat(" ", c.indent)
		bad := g.b4pApply(nil, nil, []b4pIns{{c.last, []string{ind + dup}}})
		good := g.b4pApply(nil, nil, []b4pIns{{c.last, []string{ind + "consent_mode: 'auto'"}}})
		return b4pPair(bad, good, diag.Error, "configuration.yml")
	}),
	// §1 sector_identifier_uri and §3 `sector-id`: 4.38 takes a bare host
	// only (a URL is an error); 4.39 takes an https URL of a JSON document
	// (a bare host is a warning there).
	b4pKind("b4Provider-sector-identifier-version", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		host, ok := b4pHost(c)
		if !ok || c.keyAt["sector_identifier_uri"] != 0 || g.version[0] == 0 || !g.versionAtLeast(38, 0) {
			return bInjection{}, false
		}
		if k := strings.Index(host, ":"); k >= 0 {
			host = host[:k]
		}
		url := "https://" + host + bPick([]string{"/sector.json", "/.well-known/sector-identifier.json"}, n)
		bad, good, sev := url, host, diag.Error
		if g.versionAtLeast(39, 0) {
			bad, good, sev = host, url, diag.Warning
		}
		return b4pPair(g.b4pAddOption(c, "sector_identifier_uri: '"+bad+"'"), g.b4pAddOption(c, "sector_identifier_uri: '"+good+"'"), sev, "configuration.yml")
	}),
	// §1 redirect_uris: the client's redirect URI must be the one the
	// application sends, on the application's host; the Authelia URL
	// pasted as the host is accepted by Authelia and matches no request.
	b4pKind("b4Provider-redirect-on-authelia-host", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		a, ok := g.assume["autheliarooturl"]
		if c == nil || !ok || len(c.lists["redirect_uris"]) != 1 {
			return bInjection{}, false
		}
		_, ahost, _, ok1 := urlParts(a.val)
		r := c.lists["redirect_uris"][0]
		_, rhost, _, ok2 := urlParts(r.val)
		if !ok1 || !ok2 || ahost == rhost || ahost == "" {
			return bInjection{}, false
		}
		k := strings.Index(r.val, rhost)
		in := g.editSite(r.line, r.start+k, r.start+k+len(rhost), ahost, diag.Error)
		// Or written with the site variables, as the Authelia URL is.
		raw := g.lines[r.line]
		sub := regexp.MustCompile(`(https?://)([a-z0-9-]+)\.(\{\{< sitevar name="domain"[^>]*>\}\})`)
		if araw := g.lines[a.line]; n%2 == 1 && sub.MatchString(raw) && strings.Contains(araw, `sitevar name="subdomain-authelia"`) {
			m := regexp.MustCompile(`\{\{< sitevar name="subdomain-authelia"[^>]*>\}\}`).FindString(araw)
			out := sub.ReplaceAllString(raw, "${1}"+strings.ReplaceAll(m, "$", "$$")+".${3}")
			if out != raw {
				in = bInjection{out: g.withLine(r.line, out), want: []bWant{{line: r.line, sev: diag.Error}}}
				in.form = "configuration.yml sitevar"
				return in, true
			}
		}
		in.form = "configuration.yml"
		return in, true
	}),
	// §4 scopes (4.39): a custom scope's name is not a standard scope and
	// does not start with authelia. (authelia.pam excepted).
	b4pKind("b4Provider-custom-scope-name", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !g.versionAtLeast(39, 2) {
			return bInjection{}, false
		}
		_, oind, ok := g.b4pOIDC(c)
		if !ok {
			return bInjection{}, false
		}
		for _, f := range g.fences {
			if f.authelia {
				for i := f.open + 1; i < f.close; i++ {
					if strings.TrimSpace(g.exp[i]) == "scopes:" && b4pIndent(g.exp[i]) == oind {
						return bInjection{}, false // oidc.scopes already defined
					}
				}
			}
		}
		bad := bPick([]string{"profile", "authelia.roles", "groups", "email"}, n)
		mk := func(name string) ([]b4pLine, bool) {
			a, ok := g.b4pAddProvider(c, "", "scopes:", "  "+name+":", "    claims: ['groups']")
			if !ok {
				return nil, false
			}
			return a, true
		}
		b, ok1 := mk(bad)
		gd, ok2 := mk("app_roles")
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §4 claims_policies (4.39): a custom claim's attribute is a known user
	// attribute; a reserved claim (sub, iss, aud, …) is not allowed in a
	// policy's id_token list.
	b4pKind("b4Provider-claims-policy-attribute", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || !g.versionAtLeast(39, 5) || g.b4pHasKey("claims_policies") || c.keyAt["claims_policy"] != 0 {
			return bInjection{}, false
		}
		mk := func(bad bool) ([]b4pLine, bool) {
			attr, list := "groups", "['email', 'roles']"
			if bad {
				if n%2 == 0 {
					attr = bPick([]string{"group", "memberOf", "roles"}, n/2)
				} else {
					list = bPick([]string{"['sub', 'roles']", "['iss', 'roles']", "['aud', 'roles']", "['nonce', 'roles']"}, n/2)
				}
			}
			return g.b4pAddProvider(c, "claims_policy: 'app_policy'", "claims_policies:", "  app_policy:", "    id_token: "+list, "    custom_claims:", "      roles:", "        attribute: '"+attr+"'")
		}
		b, ok1 := mk(true)
		gd, ok2 := mk(false)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §4 authorization_policies: a policy's name is not one_factor,
	// two_factor or deny; its rules are required and each needs a subject
	// or networks.
	b4pKind("b4Provider-authz-policy-shape", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("authorization_policies") || slices.ContainsFunc(c.lists["grant_types"], func(s bSite) bool { return s.val == "client_credentials" }) {
			return bInjection{}, false
		}
		if p := c.keys["authorization_policy"].val; p != "" && !strings.HasSuffix(p, "_factor") {
			return bInjection{}, false
		}
		mk := func(bad bool) ([]b4pLine, bool) {
			name, rule := "staff", "      - subject: ['group:staff', 'user:admin']"
			if bad {
				switch n % 3 {
				case 0:
					name = bPick([]string{"deny", "one_factor", "two_factor"}, n/3)
				case 1:
					rule = "      - policy: 'one_factor'"
				case 2:
					// networks came with 4.39.
					rule = "      - policy: 'two_factor'"
					if g.versionAtLeast(39, 0) {
						rule = "      - networks: ['10.0.0.0/33']"
					}
				}
			}
			return g.b4pAddProvider(c, "authorization_policy: '"+name+"'", "authorization_policies:", "  "+name+":", "    default_policy: 'deny'", "    rules:", rule)
		}
		b, ok1 := mk(true)
		gd, ok2 := mk(false)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		in, ok := b4pPair(b, gd, diag.Error, "configuration.yml")
		if ok && n%3 == 0 {
			// The name stands on the policy's line and the client's.
			in.want[0].alt = []int{in.want[0].line + 4}
		}
		return in, ok
	}),
	// §4 cors: '*' must be alone and not with
	// allowed_origins_from_client_redirect_uris.
	b4pKind("b4Provider-cors-wildcard-combined", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		host, ok := b4pHost(c)
		if !ok || g.b4pHasKey("cors") {
			return bInjection{}, false
		}
		mk := func(bad bool) ([]b4pLine, bool) {
			origins, from := "['*']", "false"
			if bad {
				if n%2 == 0 {
					from = "true"
				} else {
					origins = "['*', 'https://" + host + "']"
				}
			}
			return g.b4pAddProvider(c, "", "cors:", "  endpoints: ['userinfo']", "  allowed_origins: "+origins, "  allowed_origins_from_client_redirect_uris: "+from)
		}
		b, ok1 := mk(true)
		gd, ok2 := mk(false)
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		in, ok := b4pPair(b, gd, diag.Error, "configuration.yml")
		if ok && n%2 == 0 {
			in.want[0].alt = []int{in.want[0].line - 1}
		}
		return in, ok
	}),
	// §4 minimum_parameter_entropy: below 8 (or -1) is a warning;
	// discovery_signed_response_alg is none/RS*/ES*/PS* only.
	b4pKind("b4Provider-provider-security-option", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("minimum_parameter_entropy") || g.b4pHasKey("discovery_signed_response_alg") {
			return bInjection{}, false
		}
		if n%2 == 0 {
			// 0 is the default (8); below 8, or -1 (off), warns.
			b, ok1 := g.b4pAddProvider(c, "", "minimum_parameter_entropy: "+bPick([]string{"4", "-1", "6"}, n/2))
			gd, ok2 := g.b4pAddProvider(c, "", "minimum_parameter_entropy: 8")
			if !ok1 || !ok2 {
				return bInjection{}, false
			}
			return b4pPair(b, gd, diag.Warning, "configuration.yml")
		}
		b, ok1 := g.b4pAddProvider(c, "", "discovery_signed_response_alg: '"+bPick([]string{"HS256", "RSA256", "EdDSA"}, n/2)+"'")
		gd, ok2 := g.b4pAddProvider(c, "", "discovery_signed_response_alg: 'none'")
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Error, "configuration.yml")
	}),
	// §2: oidc.*_lifespan were renamed to oidc.lifespans.* in 4.38 (W,
	// auto-mapped); the control writes the new key as a flow mapping.
	b4pKind("b4Provider-lifespan-deprecated-key", func(g *bGuide, n int) (bInjection, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("lifespans") || !g.versionAtLeast(38, 0) {
			return bInjection{}, false
		}
		k := bPick([]string{"access_token", "refresh_token", "id_token", "authorize_code"}, n)
		d := bPick([]string{"'1h'", "'90m'", "'2 hours'", "3600"}, n/4)
		b, ok1 := g.b4pAddProvider(c, "", k+"_lifespan: "+d)
		gd, ok2 := g.b4pAddProvider(c, "", "lifespans: { "+k+": "+d+" }")
		if !ok1 || !ok2 {
			return bInjection{}, false
		}
		return b4pPair(b, gd, diag.Warning, "configuration.yml")
	}),
}

// blind4ProviderFloor holds the kinds found less often than 97%, at the
// measured share on the corpus and the novel guides, whichever is lower (a
// regression fails); see the MISS lines of a -v run and b4-Provider-misses.md.
var blind4ProviderFloor = map[string]float64{
	// An unknown attribute of a custom claim is a warning when the guide
	// shows no authentication backend (the reader's may define it), an
	// error when it is a near miss of a built-in one (group for groups).
	// The joined scopes and the redirect URI on Authelia's host, 100 %
	// and 97–100 % since the consistency checker no longer compares a
	// client option already reported wrong (27/42, 12/21 with the
	// eleven guides of novel2).
	"b4Provider-claims-policy-attribute": 0.47, // 10/21 as errors; the rest warnings: an attribute may be defined outside the snippet (definitions.user_attributes, LDAP extra attributes)
}

// blind4ProviderMinInjected is how many corpus guides each kind must at
// least inject into, so that none passes on a handful.
const blind4ProviderMinInjected = 10

func TestBlind4Provider(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, corpusDir(t), "blind4-provider", b4pKinds, os.Getenv("BLIND4P_KIND"))
	if os.Getenv("BLIND4P_KIND") != "" {
		return
	}
	kinds := bKindNames(b4pKinds)
	for _, k := range kinds {
		if c := per[k]; c != nil && c.injected < blind4ProviderMinInjected {
			t.Errorf("kind %s injected into %d guides only", k, c.injected)
		}
	}
	requireFloors(t, kinds, per, blind4ProviderFloor)
}

// TestBlind4ProviderNovel runs the provider kinds over the novel guides;
// a kind that applies to none of them is not required there.
func TestBlind4ProviderNovel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, novelDir, "blind4-provider-novel", b4pKinds, os.Getenv("BLIND4P_KIND"))
	if os.Getenv("BLIND4P_KIND") != "" {
		return
	}
	var kinds []string
	for _, k := range bKindNames(b4pKinds) {
		if per[k] != nil {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, blind4ProviderFloor)
}

// b4pValid is a rewrite of a guide's Authelia snippet that the reference
// says Authelia accepts as it is: it must bring no new finding at all.
type b4pValid struct {
	name string
	// fact names the reference's section that makes it valid.
	fact  string
	apply func(g *bGuide, n int) ([]b4pLine, bool)
}

// b4pSameSecret hashes the application's secret in another algorithm
// Authelia decodes.
func b4pSameSecret(sec string, n int) string {
	var d interface{ Encode() string }
	var err error
	switch n % 5 {
	case 0:
		h, _ := argon2.New(argon2.WithProfileRFC9106LowMemory())
		d, err = h.Hash(sec)
	case 1:
		h, _ := scrypt.New()
		d, err = h.Hash(sec)
	case 2:
		h, _ := bcrypt.New(bcrypt.WithCost(10))
		d, err = h.Hash(sec)
	case 3:
		h, _ := shacrypt.NewSHA512()
		d, err = h.Hash(sec)
	default:
		h, _ := pbkdf2.NewSHA256()
		d, err = h.Hash(sec)
	}
	if err != nil {
		panic(err)
	}
	return d.Encode()
}

var b4pValids = []b4pValid{
	{"digest-other-algorithm", "§5: argon2, scrypt, bcrypt, SHA-crypt and PBKDF2 digests all decode", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		sec := g.b3Secret(c)
		s, ok := b4pDigest(c)
		if sec == "" || !ok {
			return nil, false
		}
		raw, _ := bEdit(g.lines[s.line], s.start, s.end, b4pSameSecret(sec, n))
		return g.b4pApply(map[int]string{s.line: raw}, nil, nil), true
	}},
	{"consent-pre-configured", "§1: consent_mode pre-configured with a duration string or int seconds", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil || c.keyAt["consent_mode"] != 0 || c.keyAt["pre_configured_consent_duration"] != 0 {
			return nil, false
		}
		return g.b4pAddOption(c, "consent_mode: 'pre-configured'", "pre_configured_consent_duration: "+bPick([]string{"'1 week'", "604800", "'7d'", "'1y'"}, n)), true
	}},
	{"audience-implicit", "§1: audience list and requested_audience_mode implicit", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		host, ok := b4pHost(c)
		if c == nil || !ok || c.keyAt["audience"] != 0 {
			return nil, false
		}
		return g.b4pAddOption(c, "audience:", "  - 'https://"+host+"'", "requested_audience_mode: 'implicit'"), true
	}},
	{"response-modes", "§1: response_modes form_post and query with code", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil || c.keyAt["response_modes"] != 0 || len(c.lists["response_types"]) != 1 || c.lists["response_types"][0].val != "code" {
			return nil, false
		}
		return g.b4pAddOption(c, "response_modes: ['form_post', 'query']"), true
	}},
	{"jwt-access-token", "§1: access_token_signed_response_alg RS256 needs no key of its own", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil {
			return nil, false
		}
		if s, ok := c.keys["access_token_signed_response_alg"]; ok && s.val == "none" {
			raw, _ := bEdit(g.lines[s.line], s.start, s.end, "RS256")
			return g.b4pApply(map[int]string{s.line: raw}, nil, nil), true
		}
		return nil, false
	}},
	{"custom-lifespan", "§1 lifespan and §4 lifespans.custom", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil || g.b4pHasKey("lifespans") || c.keyAt["lifespan"] != 0 {
			return nil, false
		}
		return g.b4pAddProvider(c, "lifespan: 'short'", "lifespans:", "  custom:", "    short:", "      access_token: '30m'", "      refresh_token: '2 hours'")
	}},
	{"offline-refresh", "§3: refresh_token with offline_access and code is the consistent set", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil || c.scopes()["offline_access"] || len(c.lists["grant_types"]) != 1 || c.lists["grant_types"][0].val != "authorization_code" || !c.scopes()["openid"] {
			return nil, false
		}
		a, ok1 := g.b4pAddItem(c, "scopes", "offline_access")
		if !ok1 {
			return nil, false
		}
		g2 := bParse(g.name, b4pJoin(a))
		c2 := g2.b4pClient()
		if c2 == nil {
			return nil, false
		}
		b, ok2 := g2.b4pAddItem(c2, "grant_types", "refresh_token")
		if !ok2 {
			return nil, false
		}
		for i := range b {
			if o := b[i].old; o >= 0 {
				b[i].old = a[o].old
			}
		}
		return b, true
	}},
	{"defaults-removed", "§1: public false and client_secret_basic are the defaults of a confidential client", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		// Not a bearer client: its defaults are not filled in (§3).
		if !b4pConfidential(c) || c.keys["public"].val != "false" || c.keys["token_endpoint_auth_method"].val != "client_secret_basic" || c.scopes()["authelia.bearer.authz"] {
			return nil, false
		}
		if g.b4pAppStates(b4pAppMethod) {
			return nil, false
		}
		return g.b4pApply(nil, map[int]bool{c.keyAt["public"]: true, c.keyAt["token_endpoint_auth_method"]: true}, nil), true
	}},
	{"secret-last", "YAML: the order of a client's keys does not matter", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if !b4pConfidential(c) {
			return nil, false
		}
		sl := c.keyAt["client_secret"]
		if strings.HasPrefix(strings.TrimSpace(g.exp[sl]), "- ") || c.last <= sl {
			return nil, false
		}
		ls := g.b4pApply(nil, map[int]bool{sl: true}, []b4pIns{{c.last, []string{g.lines[sl]}}})
		for i := range ls {
			if ls[i].old < 0 {
				ls[i].old = sl // the moved line keeps its findings
			}
		}
		return ls, true
	}},
	{"second-client", "§1: several clients with distinct ids; a public native client with a localhost redirect", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil || !c.isLast || !strings.HasPrefix(strings.TrimSpace(g.exp[c.id.line]), "- client_id:") {
			return nil, false
		}
		ind := strings.Repeat(" ", c.indent-2)
		in := strings.Repeat(" ", c.indent)
		return g.b4pApply(nil, nil, []b4pIns{{c.last, []string{
			ind + "- client_id: '" + c.id.val + "-cli'",
			in + "client_name: 'Command line'",
			in + "public: true",
			in + "authorization_policy: 'two_factor'",
			in + "require_pkce: true",
			in + "pkce_challenge_method: 'S256'",
			in + "redirect_uris:",
			in + "  - 'http://127.0.0.1:" + bPick([]string{"8080", "33418", "53682"}, n) + "/callback'",
			in + "scopes: ['openid', 'profile', 'email']",
			in + "token_endpoint_auth_method: 'none'",
		}}}), true
	}},
	{"one-factor", "§1: authorization_policy one_factor", func(g *bGuide, n int) ([]b4pLine, bool) {
		c := g.b4pClient()
		if c == nil {
			return nil, false
		}
		s, ok := c.keys["authorization_policy"]
		if !ok || s.val != "two_factor" {
			return nil, false
		}
		raw, _ := bEdit(g.lines[s.line], s.start, s.end, "one_factor")
		return g.b4pApply(map[int]string{s.line: raw}, nil, nil), true
	}},
}

// TestBlind4ProviderValid rewrites the corpus's and the novel guides'
// Authelia snippets in ways the reference says Authelia accepts (each in
// every layout of b4pRelayout): none may bring a new finding.
func TestBlind4ProviderValid(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, dir := range []string{corpusDir(t), novelDir} {
		site, sc, v, guides := batteryInputs(t, dir, "guidec-blind4p-digests")
		ran, dirty := map[string]int{}, 0
		for _, bg := range guides {
			g := bParse(bg.name, bg.raw)
			base := map[string]int{}
			for _, d := range checkOneWith(t, bg.name, bg.raw, bg.rs, site, sc, v) {
				base[fmt.Sprintf("%d %s", d.Start().Line, d.Code)]++
			}
			for k, val := range b4pValids {
				lay := (bg.n + k) % len(b4pLayoutNames)
				gg, outer := g, []b4pLine(nil)
				if lay > 0 {
					if ls, ok := g.b4pRelayout(lay); ok {
						outer = ls
						gg = bParse(g.name, b4pJoin(ls))
					}
				}
				ls, ok := val.apply(gg, bg.n)
				if !ok {
					continue
				}
				ran[val.name]++
				out := b4pJoin(ls)
				seen := map[string]int{}
				for _, d := range checkOneWith(t, bg.name, out, bg.rs, site, sc, v) {
					l := d.Start().Line - 1
					o := -1
					if l >= 0 && l < len(ls) {
						o = ls[l].old
					}
					if o >= 0 && outer != nil {
						o = outer[o].old
					}
					key := fmt.Sprintf("%d %s", o+1, d.Code)
					if o < 0 {
						key = fmt.Sprintf("new %s", d.Code)
					}
					seen[key]++
					if seen[key] > base[key] {
						dirty++
						t.Errorf("valid %s (%s) [%s] in %s: new finding %d %s %s: %s", val.name, val.fact, b4pLayoutNames[lay], bg.name, d.Start().Line, d.Severity, d.Code, d.Message)
					}
				}
			}
		}
		t.Logf("%s: valid rewrites per kind %v; %d new findings", dir, ran, dirty)
		for _, val := range b4pValids {
			if ran[val.name] == 0 && dir != novelDir {
				t.Errorf("valid rewrite %s applied to no guide", val.name)
			}
		}
	}
}
