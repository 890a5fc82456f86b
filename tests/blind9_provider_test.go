package tests

import (
	"regexp"
	"strings"
)

// Edits on the parts of Authelia's configuration beyond the client that
// guides show (authorization_policies, claims_policies, custom scopes,
// cors, lifespans, jwks, access_control), each decided from what
// Authelia refuses there (the reference's section 4).

// b9ProvRename misspells the name of a policy, claims policy, custom
// scope or custom lifespan where it is defined: a client that names it
// now names nothing (authz-policy-known, claims-policy-known,
// lifespan-known: E; an unknown scope: W). An unreferenced name is free.
var b9ProvRename = b9Edit{name: "defined-name-letter-dropped", classes: []string{"provider-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	_, key, ks, ke, ok := g.yamlKey(i)
	a := g.b9Ancestors(i)
	if !ok || len(a) == 0 {
		return b9Mut{}, false
	}
	ref := map[string]string{"authorization_policies": "authorization_policy", "claims_policies": "claims_policy", "custom": "lifespan", "scopes": "scopes"}[a[0]]
	if ref == "" || a[0] == "custom" && (len(a) < 2 || a[1] != "lifespans") || a[0] == "scopes" && (len(a) < 2 || a[1] != "oidc") {
		return b9Mut{}, false
	}
	used := false
	for _, c := range g.clients {
		if c.keys[ref].val == key {
			used = true
		}
		for _, s := range c.lists[ref] {
			if s.val == key {
				used = true
			}
		}
	}
	nk, ok := b8Drop(key)
	if !ok {
		return b9Mut{}, false
	}
	l := g.lines[i][:ks] + nk + g.lines[i][ke:]
	if !used {
		return g.b9With(i, l, false, "no client names "+key)
	}
	return g.b9With(i, l, true, "a client's "+ref+" names "+key+", now undefined")
}}

// b9ProvSubject breaks the prefix of a rule's subject: each must start
// with user: or group: (oauth2:client: in access_control), else E.
var b9ProvSubject = b9Edit{name: "subject-prefix-typo", classes: []string{"provider-key", "provider-item"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	m := regexp.MustCompile(`(['"]?)(user|group|oauth2:client):`).FindStringSubmatchIndex(l)
	if m == nil || !strings.Contains(l, "subject") && g.yamlListKey(i) != "subject" {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[5]]+"s"+l[m[5]:], true, "a subject must start with user: or group:")
}}

// b9ProvClaim misspells a claim of a custom scope or a claims policy's
// token list: Authelia knows no such claim (E).
var b9ProvClaim = b9Edit{name: "claim-letter-dropped", classes: []string{"provider-item"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	lk := g.yamlListKey(i)
	if lk != "claims" && lk != "id_token" && lk != "access_token" {
		return b9Mut{}, false
	}
	vs, ve, v, _ := g.b9Value(i)
	q, text := b9Unquote(v)
	nt, ok := b8Drop(text)
	if !ok {
		return b9Mut{}, false
	}
	out, inlined := bEdit(g.lines[i], vs, ve, q+nt+q)
	if inlined {
		return b9Mut{}, false
	}
	return g.b9With(i, out, true, "an unknown claim in "+lk)
}}

// b9ProvAttribute misspells a custom claim's attribute: not a known user
// attribute (E).
var b9ProvAttribute = b9Edit{name: "attribute-letter-dropped", classes: []string{"provider-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	_, key, _, _, ok := g.yamlKey(i)
	if !ok || key != "attribute" {
		return b9Mut{}, false
	}
	vs, ve, v, _ := g.b9Value(i)
	q, text := b9Unquote(v)
	nt, ok := b8Drop(text)
	if !ok {
		return b9Mut{}, false
	}
	out, _ := bEdit(g.lines[i], vs, ve, q+nt+q)
	return g.b9With(i, out, true, "the attribute is not a known user attribute")
}}

// b9ProvDuration breaks a lifespan's duration: Authelia cannot parse it.
var b9ProvDuration = b9Edit{name: "duration-unit-typo", classes: []string{"provider-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	if !slicesContains(g.b9Ancestors(i), "lifespans") {
		return b9Mut{}, false
	}
	l := g.lines[i]
	m := regexp.MustCompile(`\d+\s*(days?|hours?|minutes?|weeks?|[hmsdwy])\b`).FindStringSubmatchIndex(l)
	if m == nil {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+"x"+l[m[3]:], true, "not a duration")
}}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// b9ProvOrigin adds a path to a CORS allowed origin: E (no path).
var b9ProvOrigin = b9Edit{name: "origin-path-added", classes: []string{"provider-item"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	if g.yamlListKey(i) != "allowed_origins" {
		return b9Mut{}, false
	}
	vs, ve, v, _ := g.b9Value(i)
	q, text := b9Unquote(v)
	if !strings.HasPrefix(text, "http") {
		return b9Mut{}, false
	}
	out, _ := bEdit(g.lines[i], vs, ve, q+strings.TrimSuffix(text, "/")+"/app"+q)
	return g.b9With(i, out, true, "a CORS origin has no path")
}}

// b9ProvDelete deletes a rule's only criterion or a policy's rules: each
// rule needs a subject or networks, each policy non-empty rules (E).
var b9ProvDelete = b9Edit{name: "required-line-deleted", classes: []string{"provider-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	_, key, _, _, ok := g.yamlKey(i)
	if !ok || strings.HasPrefix(strings.TrimSpace(g.lines[i]), "- ") {
		return b9Mut{}, false
	}
	a := g.b9Ancestors(i)
	if key == "subject" && len(a) > 0 && a[0] == "rules" && slicesContains(a, "authorization_policies") {
		for k := i - 3; k <= i+3; k++ {
			if k >= 0 && k < len(g.lines) && k != i && strings.Contains(g.lines[k], "networks:") {
				return b9Mut{}, false
			}
		}
		return g.b9Delete(i, true, "a rule with neither subject nor networks")
	}
	return b9Mut{}, false
}}

func init() {
	b9Edits = append(b9Edits, b9ProvRename, b9ProvSubject, b9ProvClaim, b9ProvAttribute, b9ProvDuration, b9ProvOrigin, b9ProvDelete)
}
