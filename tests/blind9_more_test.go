package tests

import (
	"net/url"
	"regexp"
	"strings"
)

// More edits of the ninth blind battery: URLs changed in place, values
// whose case or quoting changed, a comment marker dropped, a list key
// given a scalar.

// b9URL finds the first absolute URL on the expanded line i: its span.
var b9URLRe = regexp.MustCompile("https?://[^\\s'\"`<>)\\]]+")

// b9URLEdit changes the first URL of a line with op. A URL's host is the
// fact both sides share (the application must reach Authelia there, and
// Authelia must see the application's redirect URI there), so a host or
// scheme change is a defect when the same host is stated on another line
// outside this snippet; a path is compared as an exact string, so a
// path change is a defect when the whole URL is stated elsewhere.
func b9URLEdit(name string, op func(string) (string, bool), whole bool) b9Edit {
	return b9Edit{name: name, classes: []string{"authelia-key", "authelia-item", "app-yaml-key", "app-yaml-item", "env-line", "json-line", "ini-line", "toml-line", "list-item", "table-row"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
		e := g.exp[i]
		m := b9URLRe.FindStringIndex(e)
		if m == nil {
			return b9Mut{}, false
		}
		u := strings.TrimRight(e[m[0]:m[1]], ".,;")
		if m[0] >= 2 && e[m[0]-2:m[0]] == "](" || len(b9StripComment(e)) <= m[0] {
			return b9Mut{}, false // a link to read, or a comment: not configuration
		}
		if g.fenceOf[i] < 0 && !b9InCode(b9CodeSpans(e), m[0]) {
			return b9Mut{}, false
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Hostname() == "" || strings.Contains(u, "{") {
			return b9Mut{}, false
		}
		nu, ok := op(u)
		if !ok || nu == u {
			return b9Mut{}, false
		}
		out, inlined := bEdit(g.lines[i], m[0], m[0]+len(u), nu)
		if inlined {
			return b9Mut{}, false
		}
		shared := g.b9SharedCfg(i, u)
		if !whole {
			shared = shared || g.b9SharedCfg(i, pu.Hostname())
		}
		if !shared {
			if g.class[i] == "authelia-item" && g.yamlListKey(i) == "redirect_uris" {
				return g.b9With(i, out, true, "the redirect URI the application sends no longer matches")
			}
			return b9Mut{}, false
		}
		return g.b9With(i, out, true, "the URL no longer matches its other statement")
	}}
}

// b9ValueCase changes the case of an Authelia value: enum values are
// compared exactly (a defect), while yaml.v3 reads True/False as the
// booleans true/false (harmless).
var b9ValueCase = b9Edit{name: "value-case-changed", classes: []string{"authelia-key", "authelia-item", "provider-key", "provider-item"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	vs, ve, v, key := g.b9Value(i)
	q, text := b9Unquote(v)
	en := b9Enums[key]
	if en == nil || !en[text] {
		return b9Mut{}, false
	}
	if q == "" && (text == "true" || text == "false") {
		out, _ := bEdit(g.lines[i], vs, ve, strings.ToUpper(text[:1])+text[1:])
		return g.b9With(i, out, false, "yaml.v3 reads "+strings.ToUpper(text[:1])+text[1:]+" as a boolean")
	}
	nt, ok := b8Case(text)
	if !ok || en[nt] {
		return b9Mut{}, false
	}
	out, _ := bEdit(g.lines[i], vs, ve, q+nt+q)
	return g.b9With(i, out, true, key+" values are case-sensitive")
}}

// b9QuoteStyle swaps single for double quotes around a plain value:
// YAML reads the same string (harmless).
var b9QuoteStyle = b9Edit{name: "quote-style-changed", classes: []string{"authelia-key", "authelia-item", "app-yaml-key", "app-yaml-item"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	vs, ve, v, _ := g.b9Value(i)
	q, text := b9Unquote(v)
	if q != "'" || strings.ContainsAny(text, `"\'`) {
		return b9Mut{}, false
	}
	out, inlined := bEdit(g.lines[i], vs, ve, `"`+text+`"`)
	if inlined {
		return b9Mut{}, false
	}
	return g.b9With(i, out, false, "YAML reads the same string in either quotes")
}}

// b9CommentMarker drops the # of a YAML comment: yaml.v3 decides (the
// text becomes part of the tree or a parse error).
var b9CommentMarker = b9Edit{name: "comment-marker-dropped", classes: []string{"fence-comment"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	fi := g.fenceOf[i]
	if k := g.b9FenceKind(fi); k != "authelia" && k != "yaml" {
		return b9Mut{}, false
	}
	l := g.lines[i]
	t := strings.TrimLeft(l, " ")
	s := l[:len(l)-len(t)] + strings.TrimLeft(strings.TrimLeft(t, "#"), " ")
	if strings.TrimSpace(s) == "" {
		return b9Mut{}, false
	}
	defect, note, ok := g.b9YAMLVerdict(fi, i, s, 'r')
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, s, defect, note)
}}

// b9ListScalar gives a list key a scalar value on its own line, the
// items still below: yaml.v3 refuses a key with both.
var b9ListScalar = b9Edit{name: "list-key-given-scalar", classes: []string{"authelia-key", "app-yaml-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	_, _, v := g.b9KeyValue(i)
	if v != "" || i+1 >= len(g.lines) || !strings.HasPrefix(strings.TrimSpace(g.exp[i+1]), "- ") {
		return b9Mut{}, false
	}
	_, text := b9Unquote(strings.TrimPrefix(strings.TrimSpace(g.exp[i+1]), "- "))
	if strings.Contains(text, ":") && !strings.Contains(text, "://") || strings.ContainsAny(text, "{}") {
		return b9Mut{}, false
	}
	s := strings.TrimRight(g.lines[i], " ") + " '" + text + "'"
	defect, note, ok := g.b9YAMLVerdict(g.fenceOf[i], i, s, 'r')
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, s, defect, note)
}}

func init() {
	b9Edits = append(b9Edits,
		b9URLEdit("url-host-letter-dropped", b8HostDrop, false),
		b9URLEdit("url-scheme-http", b8HTTP, false),
		b9URLEdit("url-path-case", b8PathCase, true),
		b9ValueCase, b9QuoteStyle, b9CommentMarker, b9ListScalar)
}

// b9SharedCfg is b9Shared counting only configuration statements: lines
// of snippets and code spans elsewhere, not links to read.
func (g *b9Guide) b9SharedCfg(i int, v string) bool {
	if len(v) < 4 || b9Common[strings.ToLower(v)] {
		return false
	}
	for k, e := range g.exp {
		if k == i || g.fenceOf[k] >= 0 && g.fenceOf[k] == g.fenceOf[i] || k < g.body {
			continue
		}
		for idx := strings.Index(e, v); idx >= 0; idx = b9Next(e, v, idx) {
			end := idx + len(v)
			if idx > 0 && bValueChar(rune(e[idx-1])) && e[idx-1] != '/' || end < len(e) && bValueChar(rune(e[end])) && !strings.ContainsRune("/:", rune(e[end])) {
				continue
			}
			if g.fenceOf[k] >= 0 && len(b9StripComment(e)) > idx || g.fenceOf[k] < 0 && b9InCode(b9CodeSpans(e), idx) {
				return true
			}
		}
	}
	return false
}

// b9DeleteAssign deletes an env, INI or TOML assignment whose value the
// guide states elsewhere (the client id, a URL, the secret): the
// application starts without it.
var b9DeleteAssign = b9Edit{name: "line-deleted", classes: []string{"env-line", "ini-line", "toml-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	_, _, v, key := g.b9Value(i)
	_, text := b9Unquote(v)
	if key == "" || strings.HasSuffix(strings.TrimSpace(g.lines[i]), `\`) || !g.b9SharedCfg(i, text) {
		return b9Mut{}, false
	}
	return g.b9Delete(i, true, "the application loses "+key+", a value the guide states elsewhere")
}}

func init() { b9Edits = append(b9Edits, b9DeleteAssign) }
