package tests

import (
	"encoding/base64"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/guidec/guidec/internal/diag"
)

// The seventh blind battery, application and page side: the same slips of
// characters and structure as on the provider side (blind7_provider_test.go)
// made in the application's snippets of every format and in the page's
// Markdown and Hugo syntax.

// b7Secret is the plaintext secret the application is given.
func (g *bGuide) b7Secret() string {
	if a, ok := g.assume["clientsecret"]; ok && a.val != "" {
		return a.val
	}
	return "insecure_secret"
}

// b7AppValues are the application's statements of the main client's id
// and secret and of its redirect URIs, on lines inside snippets.
func (g *bGuide) b7AppValues(inFence bool) []bSite {
	c := g.b7Client()
	if c == nil {
		return nil
	}
	all := append(g.idSites(c.id.val), g.secretSites(g.b7Secret())...)
	all = append(all, g.redirectSites(c)...)
	var out []bSite
	for _, s := range all {
		if (g.fenceOf[s.line] >= 0) == inFence {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].line < out[j].line || out[i].line == out[j].line && out[i].start < out[j].start
	})
	return out
}

// b7Anchor is the id Hugo (goldmark, GitHub style) gives a heading.
func b7Anchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

var (
	b7KeyLine   = regexp.MustCompile(`^(\s*)(- )?[A-Za-z_][A-Za-z0-9_.]*\s*[:=]\s*\S`)
	b7InPage    = regexp.MustCompile(`\]\(#([^)\s]+)\)`)
	b7RefDef    = regexp.MustCompile(`^\[([^\]]+)\]:\s+(\S+)\s*$`)
	b7HatchID   = regexp.MustCompile(`oidc-escape-hatch-claims-hydration[^}]*\bclient_id="([^"]*)"`)
	b7LastParam = regexp.MustCompile(`\b[a-z_]+="([^"]*)"\s*[%>]\}\}`)
	b7HatchClms = regexp.MustCompile(`oidc-escape-hatch-claims-hydration[^}]*\bclaims="([^"]*)"`)
)

var b7Guide = []bKind{
	b7Kind("b7App-smart-quotes", func(g *bGuide, n int) (bInjection, bool) {
		// The application's id, secret or redirect URI with curly quotes
		// from a word processor: in JSON, Python, PHP or JavaScript a
		// syntax error; in YAML, .env or INI part of the value, which no
		// longer matches the client.
		var cand []bSite
		for _, s := range g.b7AppValues(true) {
			if g.fences[g.fenceOf[s.line]].authelia {
				continue
			}
			cand = append(cand, s)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		e := g.exp[s.line]
		if b7Quoted(e, s.start, s.end) {
			l, r := "‘", "’"
			if e[s.start-1] == '"' {
				l, r = "“", "”"
			}
			return g.editSite(s.line, s.start-1, s.end+1, l+s.val+r, g.sevAt(s.line)), true
		}
		if s.start > 0 && strings.ContainsRune("`'\"", rune(e[s.start-1])) {
			return bInjection{}, false
		}
		return g.editSite(s.line, s.start, s.end, "“"+s.val+"”", g.sevAt(s.line)), true
	}),
	b7Kind("b7App-zero-width-space", func(g *bGuide, n int) (bInjection, bool) {
		// A zero-width space pasted inside the application's id, secret,
		// redirect URI or Authelia URL, in a snippet or a Web GUI step:
		// invisible, and no parser strips it.
		cand := append(g.b7AppValues(true), g.b7AppValues(false)...)
		for _, s := range g.authSites() {
			if g.fenceOf[s.line] >= 0 {
				cand = append(cand, s)
			}
		}
		var ok []bSite
		for _, s := range cand {
			if len(s.val) >= 4 && g.form(s.line) != "prose" && g.form(s.line) != "table" {
				ok = append(ok, s)
			}
		}
		if len(ok) == 0 {
			return bInjection{}, false
		}
		sort.Slice(ok, func(i, j int) bool {
			return ok[i].line < ok[j].line || ok[i].line == ok[j].line && ok[i].start < ok[j].start
		})
		s := bPick(ok, n)
		at := s.start + len(s.val)/2
		for at < s.end && !unicode.IsLetter(rune(g.exp[s.line][at])) {
			at++
		}
		return g.editSite(s.line, at, at, "\u200b", g.sevAt(s.line)), true
	}),
	b7Kind("b7App-hyphen-en-dash", func(g *bGuide, n int) (bInjection, bool) {
		// Autocorrect turned a hyphen of the application's client id or
		// redirect URI into an en dash: the value no longer matches the
		// client's.
		var cand []bSite
		for _, s := range append(g.b7AppValues(true), g.b7AppValues(false)...) {
			if strings.Contains(s.val, "-") && g.form(s.line) != "prose" && g.form(s.line) != "table" {
				cand = append(cand, s)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Slice(cand, func(i, j int) bool { return cand[i].line < cand[j].line })
		s := bPick(cand, n)
		k := strings.LastIndex(s.val, "-")
		return g.editSite(s.line, s.start+k, s.start+k+1, "–", g.sevAt(s.line)), true
	}),
	b7Kind("b7App-lines-joined", func(g *bGuide, n int) (bInjection, bool) {
		// A newline deleted between two settings of the application's
		// .env, Compose, INI or YAML snippet: the first value swallows the
		// second setting (a YAML syntax error; elsewhere a wrong value and
		// a lost setting).
		var cand []int
		for i := g.body; i+1 < len(g.lines); i++ {
			fi := g.fenceOf[i]
			if fi < 0 || g.fenceOf[i+1] != fi || g.fences[fi].authelia || i == g.fences[fi].open {
				continue
			}
			f := g.fences[fi]
			if !strings.HasSuffix(f.title, ".env") && !strings.Contains(f.title, "compose") && f.lang != "ini" && f.lang != "yaml" && f.lang != "env" {
				continue
			}
			a, b := b7KeyLine.FindStringSubmatch(g.lines[i]), b7KeyLine.FindStringSubmatch(g.lines[i+1])
			if a == nil || b == nil || a[1] != b[1] || a[2] != b[2] || strings.HasSuffix(strings.TrimSpace(g.lines[i]), ":") || strings.HasSuffix(g.lines[i], "\\") {
				continue
			}
			cand = append(cand, i)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		out, old := g.b7Replace(i, i+1, g.lines[i]+g.lines[i+1])
		return bInjection{out: out, old: old, want: []bWant{{line: i, sev: diag.Error}}, form: g.form(i)}, true
	}),
	b7Kind("b7App-compose-environment-dedented", func(g *bGuide, n int) (bInjection, bool) {
		// A service's environment block moved one level out: Compose
		// reads `environment` as a service of its own, or the file stops
		// parsing.
		var cand []int
		for i := g.body; i < len(g.lines); i++ {
			if !g.composeLike(i) || strings.TrimSpace(g.lines[i]) != "environment:" || len(b7Indent(g.lines[i])) < 4 {
				continue
			}
			cand = append(cand, i)
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		ind := len(b7Indent(g.lines[i]))
		ls := bClone(g.lines)
		ls[i] = ls[i][2:]
		j := i + 1
		for ; j < len(ls) && g.fenceOf[j] == g.fenceOf[i] && (strings.TrimSpace(ls[j]) == "" || len(b7Indent(ls[j])) > ind); j++ {
			if strings.TrimSpace(ls[j]) != "" {
				ls[j] = ls[j][2:]
			}
		}
		if j == i+1 {
			return bInjection{}, false
		}
		return bInjection{out: g.join(ls), want: []bWant{{line: i, alt: []int{i + 1}, sev: diag.Error}}, form: g.form(i)}, true
	}),
	b7Kind("b7App-k8s-stringdata-as-data", func(g *bGuide, n int) (bInjection, bool) {
		// A Kubernetes Secret's stringData renamed data: the values of
		// data must be base64, and a plain secret is not.
		for fi, f := range g.fences {
			isSecret := false
			sd := -1
			for i := f.open + 1; i < f.close; i++ {
				t := strings.TrimSpace(g.exp[i])
				isSecret = isSecret || t == "kind: Secret" || t == "kind: 'Secret'"
				if t == "stringData:" {
					sd = i
				}
			}
			if !isSecret || sd < 0 {
				continue
			}
			plain := 0
			for i := sd + 1; i < f.close && len(b7Indent(g.exp[i])) > len(b7Indent(g.exp[sd])); i++ {
				k := strings.Index(g.exp[i], ":")
				if k < 0 {
					continue
				}
				v := strings.Trim(strings.TrimSpace(g.exp[i][k+1:]), `'"`)
				if _, err := base64.StdEncoding.DecodeString(v); err != nil {
					plain++
				} else {
					plain = -1000
				}
			}
			if plain <= 0 {
				continue
			}
			_ = fi
			l := strings.Replace(g.lines[sd], "stringData:", "data:", 1)
			return bInjection{out: g.withLine(sd, l), want: []bWant{{line: sd, alt: []int{sd + 1}, sev: diag.Error}}, form: g.form(sd)}, true
		}
		return bInjection{}, false
	}),
	b7Kind("b7App-nbsp-indent", func(g *bGuide, n int) (bInjection, bool) {
		// The application's YAML (Compose, Helm values, a manifest) copied
		// from a web page with a no-break space in a line's indentation:
		// YAML counts only spaces, so the line breaks the file or names a
		// key that starts with U+00A0.
		var cand []int
		for i := g.body; i < len(g.lines); i++ {
			fi := g.fenceOf[i]
			if fi < 0 || g.fences[fi].authelia || g.fences[fi].lang != "yaml" || i == g.fences[fi].open {
				continue
			}
			l := g.lines[i]
			if ind := b7Indent(l); len(ind) >= 2 && !strings.Contains(ind, "\t") && b7KeyLine.MatchString(l) && !strings.HasPrefix(strings.TrimSpace(l), "-") {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		l := g.lines[i]
		k := len(b7Indent(l))
		return bInjection{out: g.withLine(i, l[:k-1]+"\u00a0"+l[k:]), want: []bWant{{line: i, sev: diag.Error}}, form: g.form(i)}, true
	}),
	b7Kind("b7App-block-scalar-line-dedented", func(g *bGuide, n int) (bInjection, bool) {
		// A line of an embedded document (a `key: |` block, such as Argo
		// CD's oidc.config) dedented to its parent's column: the block
		// ends there, the setting leaves the embedded document, and the
		// lines after it no longer parse.
		var cand [][2]int
		for i := g.body; i < len(g.lines); i++ {
			fi := g.fenceOf[i]
			if fi < 0 || g.fences[fi].authelia || g.fences[fi].lang != "yaml" {
				continue
			}
			t := strings.TrimSpace(g.lines[i])
			if !strings.HasSuffix(t, ": |") && !strings.HasSuffix(t, ": |-") {
				continue
			}
			ind := len(b7Indent(g.lines[i]))
			for j := i + 1; j < len(g.lines) && g.fenceOf[j] == fi && j != g.fences[fi].close; j++ {
				if strings.TrimSpace(g.lines[j]) == "" {
					continue
				}
				if len(b7Indent(g.lines[j])) <= ind {
					break
				}
				if j > i+1 && b7KeyLine.MatchString(g.lines[j]) && !strings.HasPrefix(strings.TrimSpace(g.lines[j]), "-") {
					cand = append(cand, [2]int{j, ind})
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		p := bPick(cand, n)
		l := strings.Repeat(" ", p[1]) + strings.TrimLeft(g.lines[p[0]], " ")
		return bInjection{out: g.withLine(p[0], l), want: []bWant{{line: p[0], sev: diag.Error}}, form: g.form(p[0])}, true
	}),
	b7Kind("b7Md-oidc-common-bug-typo", func(g *bGuide, n int) (bInjection, bool) {
		// A known bug named with an underscore or a letter off: the
		// oidc-common shortcode stops the build on a bug it does not know.
		for i := g.body; i < len(g.lines); i++ {
			l := g.lines[i]
			k := strings.Index(l, "oidc-common")
			if k < 0 || !strings.HasPrefix(strings.TrimSpace(l), "{{%") {
				continue
			}
			if m := regexp.MustCompile(`bugs="([^"]*)"`).FindStringSubmatchIndex(l); m != nil {
				bugs := strings.Split(l[m[2]:m[3]], ",")
				j := n % len(bugs)
				bugs[j] = strings.Replace(bugs[j], "-", "_", 1)
				return bInjection{out: g.withLine(i, l[:m[2]]+strings.Join(bugs, ",")+l[m[3]:]), want: []bWant{{line: i, sev: diag.Error}}, form: "shortcode"}, true
			}
			bad := bPick([]string{"claim_binding", "claims-hydation", "client-credential-encoding"}, n)
			good := map[string]string{"claim_binding": "claim-binding", "claims-hydation": "claim-binding", "client-credential-encoding": "client-credentials-encoding"}[bad]
			add := func(b string) []byte {
				return g.withLine(i, l[:k+len("oidc-common")]+` bugs="`+b+`"`+l[k+len("oidc-common"):])
			}
			return bInjection{out: add(bad), control: add(good), want: []bWant{{line: i, sev: diag.Error}}, form: "shortcode"}, true
		}
		return bInjection{}, false
	}),
	b7Kind("b7Md-hydration-bug-without-hatch", func(g *bGuide, n int) (bInjection, bool) {
		// The claims-hydration bug declared in a guide with no
		// Configuration Escape Hatch section: the shortcode's link to
		// #configuration-escape-hatch dangles. The control declares a bug
		// whose text links nowhere.
		for i := g.body; i < len(g.lines); i++ {
			if g.fenceOf[i] < 0 && strings.HasPrefix(g.lines[i], "#") && b7Anchor(strings.TrimLeft(g.lines[i], "#")) == "configuration-escape-hatch" {
				return bInjection{}, false
			}
		}
		for i := g.body; i < len(g.lines); i++ {
			l := g.lines[i]
			k := strings.Index(l, "oidc-common")
			if k < 0 || !strings.HasPrefix(strings.TrimSpace(l), "{{%") || strings.Contains(l, "bugs=") {
				continue
			}
			add := func(b string) []byte {
				return g.withLine(i, l[:k+len("oidc-common")]+` bugs="`+b+`"`+l[k+len("oidc-common"):])
			}
			return bInjection{out: add("claims-hydration"), control: add("claim-binding"), want: []bWant{{line: i, sev: diag.Error}}, form: "shortcode"}, true
		}
		return bInjection{}, false
	}),
	b7Kind("b7App-shell-flag-em-dash", func(g *bGuide, n int) (bInjection, bool) {
		// Autocorrect turned the `--` of a command-line option into an em
		// dash: the program sees an argument it does not know (or a
		// positional one) instead of the option.
		var cand [][2]int
		for i := g.body; i < len(g.lines); i++ {
			fi := g.fenceOf[i]
			if fi < 0 || g.fences[fi].authelia || i == g.fences[fi].open {
				continue
			}
			if lang := g.fences[fi].lang; lang != "shell" && lang != "bash" && lang != "sh" && lang != "console" {
				continue
			}
			l := g.lines[i]
			for k := strings.Index(l, "--"); k >= 0; {
				if (k == 0 || l[k-1] == ' ') && k+2 < len(l) && l[k+2] >= 'a' && l[k+2] <= 'z' {
					cand = append(cand, [2]int{i, k})
				}
				j := strings.Index(l[k+2:], "--")
				if j < 0 {
					break
				}
				k += 2 + j
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		p := bPick(cand, n)
		l := g.lines[p[0]]
		return bInjection{out: g.withLine(p[0], l[:p[1]]+"—"+l[p[1]+2:]), want: []bWant{{line: p[0], sev: diag.Error}}, form: g.form(p[0])}, true
	}),
	b7Kind("b7Md-reflink-nbsp", func(g *bGuide, n int) (bInjection, bool) {
		// A use of a two-word reference label retyped with a no-break
		// space: CommonMark folds spaces, tabs and line endings in labels,
		// not U+00A0, so the link matches no definition and prints as
		// text.
		defs := map[string]bool{}
		for i := g.body; i < len(g.lines); i++ {
			if m := b7RefDef.FindStringSubmatch(g.lines[i]); m != nil && g.fenceOf[i] < 0 && strings.Contains(m[1], " ") {
				defs[m[1]] = true
			}
		}
		type site struct{ line, at int }
		var cand []site
		for i := g.body; i < len(g.lines); i++ {
			if g.fenceOf[i] >= 0 || b7RefDef.MatchString(g.lines[i]) {
				continue
			}
			l := g.lines[i]
			for d := range defs {
				k := strings.Index(l, "["+d+"]")
				if k < 0 || k+len(d)+2 < len(l) && (l[k+len(d)+2] == '(' || l[k+len(d)+2] == '[' || l[k+len(d)+2] == ':') {
					continue
				}
				cand = append(cand, site{i, k + 1 + strings.Index(d, " ")})
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		sort.Slice(cand, func(a, b int) bool {
			return cand[a].line < cand[b].line || cand[a].line == cand[b].line && cand[a].at < cand[b].at
		})
		s := bPick(cand, n)
		l := g.lines[s.line]
		return bInjection{out: g.withLine(s.line, l[:s.at]+"\u00a0"+l[s.at+1:]), want: []bWant{{line: s.line, sev: diag.Error}}, form: g.form(s.line)}, true
	}),
	b7Kind("b7Md-shortcode-param-unquoted", func(g *bGuide, n int) (bInjection, bool) {
		// The last parameter of a call, a value with a space, loses its
		// quotes. Current Hugo reads an unquoted value to the next space,
		// and the word after it is a positional parameter, which a call
		// with named ones may not have; older Hugo reads it to the next
		// straight quote, and with none left on the line the string is
		// unterminated. (An earlier parameter is left alone: older Hugo
		// then gives it the next parameter's value and builds on.)
		type site struct{ line, s, e int }
		var cand []site
		for i := g.body; i < len(g.lines); i++ {
			if g.fenceOf[i] >= 0 {
				continue
			}
			l := g.lines[i]
			for _, m := range b7LastParam.FindAllStringSubmatchIndex(l, -1) {
				if strings.Contains(l[m[2]:m[3]], " ") && !strings.Contains(l[m[3]+1:], `"`) {
					cand = append(cand, site{i, m[2] - 1, m[3] + 1})
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		l := g.lines[s.line]
		l = l[:s.s] + l[s.s+1:s.e-1] + l[s.e:]
		return bInjection{out: g.withLine(s.line, l), want: []bWant{{line: s.line, sev: diag.Error}}, form: "shortcode"}, true
	}),
	b7Kind("b7Md-shortcode-smart-quotes", func(g *bGuide, n int) (bInjection, bool) {
		// A shortcode call retyped in a word processor, curly quotes
		// around its first parameter. Hugo's lexer takes a value after
		// `=` that starts with no straight quote either up to the next
		// space (current Hugo: the value keeps its curly quotes) or up to
		// the next straight quote (older Hugo: the value is the next
		// parameter's, or unterminated at the end of the line). Either way
		// a callout's context, an oidc-common bug, a hatch client_id or a
		// figure's src is then a value the shortcode stops the build on.
		// Sitevars are left out: current Hugo renders an unknown name with
		// its nojs value, a warning at most.
		type site struct{ line, s, e int }
		var cand []site
		for i := g.body; i < len(g.lines); i++ {
			for _, m := range b7ShortcodeParam.FindAllStringSubmatchIndex(g.lines[i], -1) {
				if !strings.Contains(g.lines[i][m[0]:m[2]], "sitevar") {
					cand = append(cand, site{i, m[4] - 1, m[5] + 1})
				}
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		l := g.lines[s.line]
		l = l[:s.s] + "“" + l[s.s+1:s.e-1] + "”" + l[s.e:]
		return bInjection{out: g.withLine(s.line, l), want: []bWant{{line: s.line, sev: diag.Error}}, form: "shortcode"}, true
	}),
	b7Kind("b7Md-hatch-client-id-typo", func(g *bGuide, n int) (bInjection, bool) {
		// The escape hatch's client_id names no client of the guide: the
		// snippet it renders adds a client with no secret and no redirect
		// URI instead of giving the guide's client the claims policy.
		for i := g.body; i < len(g.lines); i++ {
			m := b7HatchID.FindStringSubmatchIndex(g.lines[i])
			if m == nil {
				continue
			}
			id := g.lines[i][m[2]:m[3]]
			known := false
			for _, c := range g.clients {
				known = known || c.id.val == id
			}
			if !known || len(id) < 3 {
				continue
			}
			l := g.lines[i][:m[2]] + midSwap(id) + g.lines[i][m[3]:]
			return bInjection{out: g.withLine(i, l), want: []bWant{{line: i, sev: diag.Error}}, form: "shortcode"}, true
		}
		return bInjection{}, false
	}),
	b7Kind("b7Md-hatch-claim-typo", func(g *bGuide, n int) (bInjection, bool) {
		// A claim of the escape hatch's list misspelt: a claims policy's
		// id_token entries must be standard claims (4.39 refuses others).
		if !g.versionAtLeast(39, 2) {
			return bInjection{}, false
		}
		std := map[string]bool{}
		for _, c := range strings.Fields(`name given_name family_name middle_name nickname preferred_username profile picture website email email_verified gender birthdate zoneinfo locale phone_number phone_number_verified address groups alt_emails rat updated_at`) {
			std[c] = true
		}
		for i := g.body; i < len(g.lines); i++ {
			m := b7HatchClms.FindStringSubmatchIndex(g.lines[i])
			if m == nil {
				continue
			}
			claims := strings.Split(g.lines[i][m[2]:m[3]], ",")
			var cand []int
			for k, c := range claims {
				if std[strings.TrimSpace(c)] && len(strings.TrimSpace(c)) >= 4 {
					cand = append(cand, k)
				}
			}
			if len(cand) == 0 {
				return bInjection{}, false
			}
			k := bPick(cand, n)
			bad := midSwap(strings.TrimSpace(claims[k]))
			if std[bad] {
				return bInjection{}, false
			}
			claims[k] = bad
			l := g.lines[i][:m[2]] + strings.Join(claims, ",") + g.lines[i][m[3]:]
			return bInjection{out: g.withLine(i, l), want: []bWant{{line: i, sev: diag.Error}}, form: "shortcode"}, true
		}
		return bInjection{}, false
	}),
	b7Kind("b7Md-fm-title-colon-unquoted", func(g *bGuide, n int) (bInjection, bool) {
		// The title's quotes dropped and a subtitle added after a colon:
		// `: ` inside a plain YAML scalar is a syntax error.
		for i := 1; i < g.body-1; i++ {
			l := g.lines[i]
			if !strings.HasPrefix(l, `title: "`) || !strings.HasSuffix(l, `"`) || strings.Contains(l[8:len(l)-1], `"`) {
				continue
			}
			nl := "title: " + l[8:len(l)-1] + ": OpenID Connect 1.0"
			out := g.withLine(i, nl)
			fm := strings.Split(string(out), "\n")[1 : g.body-1]
			if b6YAMLOK(strings.Join(fm, "\n")) {
				return bInjection{}, false
			}
			return bInjection{out: out, want: []bWant{{line: i, sev: diag.Error}}, form: "front matter"}, true
		}
		return bInjection{}, false
	}),
	b7Kind("b7Md-heading-explicit-id", func(g *bGuide, n int) (bInjection, bool) {
		// A heading given a short custom id ({#id}, which Hugo's goldmark
		// honours): the page's one link to its old anchor dangles.
		links := map[string][]int{}
		for i := g.body; i < len(g.lines); i++ {
			if g.fenceOf[i] >= 0 {
				continue
			}
			for _, m := range b7InPage.FindAllStringSubmatch(g.lines[i], -1) {
				links[m[1]] = append(links[m[1]], i)
			}
		}
		type site struct{ h, link int }
		var cand []site
		for i := g.body; i < len(g.lines); i++ {
			l := g.lines[i]
			if g.fenceOf[i] >= 0 || !strings.HasPrefix(l, "#") || strings.Contains(l, "{#") {
				continue
			}
			a := b7Anchor(strings.TrimLeft(l, "#"))
			if len(links[a]) == 1 && links[a][0] != i {
				cand = append(cand, site{i, links[a][0]})
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		s := bPick(cand, n)
		a := b7Anchor(strings.TrimLeft(g.lines[s.h], "#"))
		id := strings.Split(a, "-")[0]
		if id == a {
			id = a + "-section"
		}
		return bInjection{out: g.withLine(s.h, strings.TrimRight(g.lines[s.h], " ")+" {#"+id+"}"), want: []bWant{{line: s.link, alt: []int{s.h}, sev: diag.Error}}, form: "heading"}, true
	}),
	b7Kind("b7Md-refdef-title-unquoted", func(g *bGuide, n int) (bInjection, bool) {
		// A reference definition given a title without quotes: CommonMark
		// then reads no definition at all, and every [Label] of the page
		// prints as text. The control quotes the title.
		var cand []int
		for i := g.body; i < len(g.lines); i++ {
			if g.fenceOf[i] >= 0 {
				continue
			}
			m := b7RefDef.FindStringSubmatch(g.lines[i])
			if m == nil {
				continue
			}
			used := false
			for j := g.body; j < len(g.lines) && !used; j++ {
				used = j != i && g.fenceOf[j] < 0 && strings.Contains(strings.ToLower(g.lines[j]), "["+strings.ToLower(m[1])+"]")
			}
			if used {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return bInjection{}, false
		}
		i := bPick(cand, n)
		m := b7RefDef.FindStringSubmatch(g.lines[i])
		l := strings.TrimRight(g.lines[i], " ")
		return bInjection{out: g.withLine(i, l+" "+m[1]+" website"), control: g.withLine(i, l+` "`+m[1]+` website"`), want: []bWant{{line: i, sev: diag.Error}}, form: "reference definition"}, true
	}),
}

// b7Kinds is the whole seventh battery.
var b7Kinds = append(append([]bKind(nil), b7Prov...), b7Guide...)

// b7Floor holds the kinds found less often than 97% on the corpus, at the
// measured share (a regression fails; raise as gaps close). Each comment
// names the fact that makes the edit a defect and what guidec said.
var b7Floor = map[string]float64{
	// A line of `oidc.config: |` dedented leaves Argo CD's embedded
	// document (valid YAML, the setting is lost): not seen.
	"b7App-block-scalar-line-dedented": 0.00, // 0/1
	// Compose has no service `environment`; jellysweep: yaml-syntax at
	// the `ports` line 10 lines below.
	"b7App-compose-environment-dedented": 0.96, // 32/33
	// A newline lost between two settings: consistency-lines-joined
	// since 2026-12-05 (38/44 before); an INI line joined is not seen.
	"b7App-lines-joined": 0.95, // 42/44
	// A curly-quoted first parameter is a value the shortcode's errorf
	// refuses: found, but where the errorf'd call's output is checked
	// as well (the hatch's snippet with client '“passbolt”'), two errors
	// on the line.
	"b7Md-shortcode-smart-quotes": 0.93, // 46/49
	// The clients block moved beside oidc: found, but the escape hatch's
	// client fragment is then also an orphan (a second error, 9 of 9).
	"b7Prov-clients-block-dedented": 0.89, // 77/86
	// An en dash in a redirect URI: reported on the application's
	// statement instead of the entry.
	"b7Prov-hyphen-en-dash": 0.75, // 6/8
	// Found in full since 2026-12-05 (before: en dash
	// 3/6, em dash 0/1, Secret data 0/1, zero-width space 71/87, refdef
	// title 0/88, list items dedented 60/86, redirect wildcard 3/14).
}

// b7NovelFloor is the same on the novel guides.
var b7NovelFloor = map[string]float64{
	"b7App-lines-joined": 0.94, // 37/39: a YAML list item joined (opkssh)
	// An en dash in a redirect path of the client's entry: the
	// application side is not read (opkssh), or disagrees and is blamed
	// (EspoCRM, Immich), or is only the Assumptions, reported there as a
	// warning (Gokapi).
	"b7Prov-hyphen-en-dash": 0.73, // novel grew by 16 guides (2026-12-05): 11/15 measured (9/12 before)
	// KitchenOwl: compose.yml's environment: dedented over a list of
	// '- ' entries is reported where the parser stops, at volumes: six
	// lines below (yaml-syntax), not at environment:.
	"b7App-compose-environment-dedented": 0.95, // novel grew by 16 guides (2026-12-05): 20/21 measured
}

func TestBlind7(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, corpusDir(t), "blind7", b7Kinds, os.Getenv("BLIND7_KIND"))
	if os.Getenv("BLIND7_KIND") != "" {
		return
	}
	requireFloors(t, bKindNames(b7Kinds), per, b7Floor)
}

func TestBlind7Novel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	per, _, _ := runBKinds(t, novelDir, "blind7-novel", b7Kinds, os.Getenv("BLIND7_KIND"))
	if os.Getenv("BLIND7_KIND") != "" {
		return
	}
	// A kind no novel guide has a site for is required by the corpus run.
	var kinds []string
	for _, k := range bKindNames(b7Kinds) {
		if per[k] != nil {
			kinds = append(kinds, k)
		}
	}
	requireFloors(t, kinds, per, b7NovelFloor)
}
