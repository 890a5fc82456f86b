package tests

import (
	"encoding/json"
	"regexp"
	"strings"
	"unicode"
)

// The edits of the ninth blind battery. Each one applies to a few line
// classes and says, from what Authelia, the application or the Markdown
// renderer accept, whether its result is a defect or harmless.

// b9AutheliaKeys are the configuration keys Authelia expects under
// identity_providers.oidc (the reference's sections 1 and 4): a name
// outside this set is "configuration key not expected" (E).
var b9AutheliaKeys = b9Set(`identity_providers oidc hmac_secret jwks key_id algorithm use key certificate_chain
enforce_pkce enable_pkce_plain_challenge enable_client_debug_messages enable_jwt_access_token_stateless_introspection
require_pushed_authorization_requests minimum_parameter_entropy discovery_signed_response_alg discovery_signed_response_key_id
cors endpoints allowed_origins allowed_origins_from_client_redirect_uris authorization_policies default_policy rules policy
subject networks lifespans access_token refresh_token id_token authorize_code device_code jwt_secured_authorization custom
grants implicit client_credentials jwt_bearer claims_policies id_token_audience_mode custom_claims name attribute scopes claims
clients client_id client_name client_secret sector_identifier_uri public redirect_uris request_uris audience grant_types
response_types response_modes authorization_policy lifespan claims_policy requested_audience_mode consent_mode
pre_configured_consent_duration require_pkce pkce_challenge_method authorization_signed_response_alg
authorization_signed_response_key_id id_token_signed_response_alg id_token_signed_response_key_id
access_token_signed_response_alg access_token_signed_response_key_id userinfo_signed_response_alg
userinfo_signed_response_key_id introspection_signed_response_alg introspection_signed_response_key_id
request_object_signing_alg token_endpoint_auth_method token_endpoint_auth_signing_alg revocation_endpoint_auth_method
introspection_endpoint_auth_method pushed_authorization_request_endpoint_auth_method allow_multiple_auth_methods jwks_uri
id secret description sector_identifier userinfo_signing_algorithm access_control domain domain_regex resources methods query`)

// b9UserNamed are the Authelia maps whose keys the writer names (a
// policy, a scope, a claim, a lifespan): a renamed key there is a new
// name, not an unexpected key.
var b9UserNamed = b9Set(`authorization_policies claims_policies custom_claims custom user_attributes`)

// b9Synonyms are near synonyms a writer uses for an Authelia key; none
// is a key Authelia accepts (nor a deprecated name it maps).
var b9Synonyms = map[string]string{
	"client_id": "clientid", "client_name": "display_name", "client_secret": "client_password",
	"redirect_uris": "redirect_urls", "scopes": "scope", "grant_types": "grant_type", "response_types": "response_type",
	"response_modes": "response_mode", "authorization_policy": "policy_name", "token_endpoint_auth_method": "token_auth_method",
	"public": "is_public", "audience": "audiences", "require_pkce": "pkce_required", "pkce_challenge_method": "code_challenge_method",
	"userinfo_signed_response_alg": "userinfo_signing_alg", "access_token_signed_response_alg": "access_token_alg",
	"id_token_signed_response_alg": "id_token_signing_alg", "consent_mode": "consent",
	"pre_configured_consent_duration": "consent_duration", "clients": "client", "identity_providers": "identity_provider",
	"oidc": "openid_connect", "claims_policy": "claim_policy", "requested_audience_mode": "audience_mode",
	"require_pushed_authorization_requests": "require_par",
}

// b9Enums are the Authelia keys with a closed set of values: a value
// outside is refused (E; response_types only warns, W, still a hit).
var b9Enums = map[string]map[string]bool{
	"token_endpoint_auth_method":            b9Set("none client_secret_post client_secret_basic private_key_jwt client_secret_jwt"),
	"consent_mode":                          b9Set("auto explicit implicit pre-configured"),
	"requested_audience_mode":               b9Set("explicit implicit"),
	"pkce_challenge_method":                 b9Set("plain S256"),
	"authorization_policy":                  b9Set("one_factor two_factor"),
	"grant_types":                           b9Set("authorization_code implicit refresh_token client_credentials urn:ietf:params:oauth:grant-type:device_code"),
	"response_types":                        b9Set("code id_token token"),
	"response_modes":                        b9Set("form_post form_post.jwt query query.jwt fragment fragment.jwt jwt"),
	"id_token_signed_response_alg":          b9Set("RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 HS256 HS384 HS512"),
	"access_token_signed_response_alg":      b9Set("none RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 HS256 HS384 HS512"),
	"userinfo_signed_response_alg":          b9Set("none RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 HS256 HS384 HS512"),
	"authorization_signed_response_alg":     b9Set("none RS256 RS384 RS512 ES256 ES384 ES512 PS256 PS384 PS512 HS256 HS384 HS512"),
	"enforce_pkce":                          b9Set("public_clients_only never always"),
	"default_policy":                        b9Set("one_factor two_factor deny"),
	"policy":                                b9Set("one_factor two_factor deny bypass"),
	"endpoints":                             b9Set("authorization device-authorization pushed-authorization-request token introspection revocation userinfo"),
	"use":                                   b9Set("sig enc"),
	"public":                                b9Set("true false"),
	"require_pkce":                          b9Set("true false"),
	"require_pushed_authorization_requests": b9Set("true false"),
	"id_token_audience_mode":                b9Set("specification experimental-merged"),
}

// b9ListDup are the client lists where a duplicate item is refused or
// warned about (list-duplicates: W; audience must be unique).
var b9ListDup = b9Set("scopes redirect_uris grant_types response_types response_modes audience")

func b9Set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// yamlKey returns the key of a YAML line and where it is.
func (g *b9Guide) yamlKey(i int) (indent, key string, ks, ke int, ok bool) {
	m := b9YAMLKey.FindStringSubmatchIndex(g.lines[i])
	if m == nil {
		return "", "", 0, 0, false
	}
	return g.lines[i][:m[3]], g.lines[i][m[8]:m[9]], m[8], m[9], true
}

// yamlParent is the key of the nearest line above i, in the same fence,
// that is indented less than i's key (its parent in the tree).
func (g *b9Guide) yamlParent(i int) string {
	col := b9KeyCol(g.exp[i])
	for k := i - 1; k >= 0 && g.fenceOf[k] == g.fenceOf[i]; k-- {
		e := g.exp[k]
		if strings.TrimSpace(e) == "" || strings.HasPrefix(strings.TrimSpace(e), "#") {
			continue
		}
		if c := b9KeyCol(e); c < col {
			if m := b9YAMLKey.FindStringSubmatch(e); m != nil && len(m[1])+len(m[2]) == c {
				return m[4]
			}
			if m := b9YAMLKey.FindStringSubmatch(e); m != nil && m[2] != "" && c < col {
				// A list item's first key: the parent is above the dash.
				col = len(m[1])
				continue
			}
		}
	}
	return ""
}

// b9KeyCol is the column of a YAML line's key or item text.
func b9KeyCol(e string) int {
	m := b9YAMLKey.FindStringSubmatch(e)
	if m != nil {
		return len(m[1]) + len(m[2])
	}
	return len(e) - len(strings.TrimLeft(e, " "))
}

// yamlListKey is the key of the list item on line i.
func (g *b9Guide) yamlListKey(i int) string {
	col := len(g.exp[i]) - len(strings.TrimLeft(g.exp[i], " "))
	for k := i - 1; k >= 0 && g.fenceOf[k] == g.fenceOf[i]; k-- {
		e := g.exp[k]
		t := strings.TrimSpace(e)
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "- ") && len(e)-len(strings.TrimLeft(e, " ")) == col {
			continue
		}
		if m := b9YAMLKey.FindStringSubmatch(e); m != nil && len(m[1])+len(m[2]) <= col {
			return m[4]
		}
		return ""
	}
	return ""
}

// b9KeyValue is the value text after a YAML key on line i (expanded).
func (g *b9Guide) b9KeyValue(i int) (vs, ve int, v string) {
	e := g.exp[i]
	m := b9YAMLKey.FindStringSubmatchIndex(e)
	if m == nil {
		return 0, 0, ""
	}
	rest := e[m[1]:]
	v = b9StripComment(strings.TrimSpace(rest))
	vs = m[1] + strings.Index(rest, v)
	return vs, vs + len(v), v
}

// b9Client is the client entry line i is in (nil outside clients).
func (g *b9Guide) b9Client(i int) *bClient {
	for _, c := range g.clients {
		if c.id.line <= i && i <= c.last {
			return c
		}
	}
	return nil
}

// keyRename renames the key of a YAML line with op, deciding from the
// side: on Authelia's side every known key is exact (configuration key
// not expected), on the application's side a key the writer names
// (a Compose service, a volume) is free and a dotted label is left out.
func b9KeyRename(name string, op func(string) (string, bool), classes ...string) b9Edit {
	return b9Edit{name: name, classes: classes, apply: func(g *b9Guide, i int) (b9Mut, bool) {
		_, key, ks, ke, ok := g.yamlKey(i)
		if !ok {
			return b9Mut{}, false
		}
		nk, ok := op(key)
		if !ok || nk == key {
			return b9Mut{}, false
		}
		l := g.lines[i][:ks] + nk + g.lines[i][ke:]
		if g.class[i] == "authelia-key" || g.class[i] == "provider-key" {
			p := g.yamlParent(i)
			if !b9AutheliaKeys[key] || b9AutheliaKeys[nk] || b9UserNamed[p] || p == "scopes" && key != "scopes" {
				return b9Mut{}, false
			}
			return g.b9With(i, l, true, "Authelia: configuration key not expected: "+nk)
		}
		p := g.yamlParent(i)
		if b9FreeParents[p] || strings.Contains(key, ".") || p == "" && g.fenceTopFree(i) {
			return b9Mut{}, false
		}
		if strings.HasPrefix(name, "key-case") && strings.ToUpper(key) != key {
			return b9Mut{}, false // case sensitivity of an application's own keys is its parser's choice
		}
		return g.b9With(i, l, true, "the application reads "+key+", not "+nk)
	}}
}

// b9FreeParents hold keys the writer names (Compose services, volumes,
// networks; Kubernetes labels and annotations; Traefik routers).
var b9FreeParents = b9Set("services volumes networks configs secrets labels annotations routers middlewares http tls data stringData")

// fenceTopFree reports whether the fence of line i is a Compose file,
// whose top-level keys are fixed (services, volumes) but whose children
// are named by the writer.
func (g *b9Guide) fenceTopFree(i int) bool {
	return false
}

func b9Underscore(k string) (string, bool) {
	switch {
	case strings.Contains(k, "_"):
		return strings.Replace(k, "_", "-", 1), true
	case strings.Contains(k, "-"):
		return strings.Replace(k, "-", "_", 1), true
	}
	return "", false
}

func b9Synonym(k string) (string, bool) {
	s, ok := b9Synonyms[k]
	return s, ok
}

// b9Indent moves a YAML line by two spaces: yaml.v3 decides (a parse
// error or a moved key is a defect, the same tree harmless).
func b9Indent(name string, more bool, classes ...string) b9Edit {
	return b9Edit{name: name, classes: classes, apply: func(g *b9Guide, i int) (b9Mut, bool) {
		l := g.lines[i]
		var s string
		if more {
			s = "  " + l
		} else {
			if !strings.HasPrefix(l, "  ") {
				return b9Mut{}, false
			}
			s = l[2:]
		}
		defect, note, ok := g.b9YAMLVerdict(g.fenceOf[i], i, s, 'r')
		if !ok {
			return b9Mut{}, false
		}
		return g.b9With(i, s, defect, note)
	}}
}

// b9Defaults are Authelia client options whose deletion leaves the
// default in place (section 1): the same client.
var b9Defaults = map[string]string{
	"public": "false", "client_name": "*", "userinfo_signed_response_alg": "none", "access_token_signed_response_alg": "none",
	"id_token_signed_response_alg": "RS256", "authorization_policy": "two_factor", "require_pkce": "false",
	"pkce_challenge_method": "", "require_pushed_authorization_requests": "false", "requested_audience_mode": "explicit",
	"allow_multiple_auth_methods": "false",
}

// b9DeleteKey deletes a YAML key line, deciding from the facts.
var b9DeleteKey = b9Edit{name: "line-deleted", classes: []string{"authelia-key", "app-yaml-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	_, key, _, _, ok := g.yamlKey(i)
	if !ok || strings.HasPrefix(strings.TrimSpace(g.lines[i]), "- ") {
		return b9Mut{}, false
	}
	_, _, v := g.b9KeyValue(i)
	q, text := b9Unquote(v)
	_ = q
	fi := g.fenceOf[i]
	if v == "" || v == "|" || v == ">" {
		// A key with children: yaml.v3 decides where they go.
		defect, note, ok := g.b9YAMLVerdict(fi, i, "", 'd')
		if !ok || !defect {
			return b9Mut{}, false
		}
		return g.b9Delete(i, true, "the children of "+key+" "+note)
	}
	if g.class[i] == "app-yaml-key" {
		if g.b9Shared(i, text) {
			return g.b9Delete(i, true, "the application loses "+key+", a value the guide states elsewhere")
		}
		return b9Mut{}, false
	}
	c := g.b9Client(i)
	if c == nil {
		return b9Mut{}, false
	}
	method := c.keys["token_endpoint_auth_method"].val
	public := c.keys["public"].val == "true"
	switch key {
	case "client_id":
		return g.b9Delete(i, true, "client-id-required")
	case "client_secret":
		if !public && (method == "" || method == "client_secret_basic" || method == "client_secret_post" || method == "client_secret_jwt") {
			return g.b9Delete(i, true, "confidential-secret-required")
		}
		return b9Mut{}, false
	case "public":
		if text == "true" {
			return g.b9Delete(i, true, "the client becomes confidential: confidential-secret-required or confidential-auth-not-none")
		}
	case "token_endpoint_auth_method":
		if public && text == "none" || !public && text == "client_secret_basic" {
			return g.b9Delete(i, false, "the default method for the client")
		}
		if text == "client_secret_post" {
			return g.b9Delete(i, true, "the default becomes client_secret_basic while the application posts the secret")
		}
		return b9Mut{}, false
	case "consent_mode":
		if _, dur := c.keyAt["pre_configured_consent_duration"]; text == "explicit" && !dur {
			return g.b9Delete(i, false, "auto without a duration is explicit")
		}
		return b9Mut{}, false
	}
	if d, ok := b9Defaults[key]; ok && (d == "*" || d == text) {
		return g.b9Delete(i, false, key+" restates its default")
	}
	return b9Mut{}, false
}}

// b9DupLine repeats a line: a duplicate YAML key is a yaml.v3 error, a
// duplicate item of a client list is list-duplicates (W), a repeated env
// assignment sets the same value again (harmless).
var b9DupLine = b9Edit{name: "line-duplicated", classes: []string{"authelia-key", "authelia-item", "app-yaml-key", "env-line", "toml-line", "md-blank", "fence-blank"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	switch g.class[i] {
	case "env-line":
		return g.b9Dup(i, false, "the same assignment again")
	case "md-blank", "fence-blank":
		return g.b9Dup(i, false, "a second blank line")
	case "toml-line":
		if !b9INIKey.MatchString(g.exp[i]) {
			return b9Mut{}, false
		}
		return g.b9Dup(i, true, "TOML refuses a key defined twice")
	case "authelia-item":
		if !b9ListDup[g.yamlListKey(i)] {
			return b9Mut{}, false
		}
		return g.b9Dup(i, true, "list-duplicates in "+g.yamlListKey(i))
	}
	if strings.HasPrefix(strings.TrimSpace(g.lines[i]), "- ") {
		return b9Mut{}, false
	}
	defect, note, ok := g.b9YAMLVerdict(g.fenceOf[i], i, "", '2')
	if !ok || !defect {
		return b9Mut{}, false
	}
	return g.b9Dup(i, true, note)
}}

// b9ValueEdit edits the value of a YAML key or list item, an env line,
// a JSON, INI or TOML line: a value the guide states elsewhere must
// agree (a defect); an enum value must stay in its enum; a free text
// value (a client name) is harmless.
func b9ValueEdit(name string, op func(string) (string, bool), classes ...string) b9Edit {
	return b9Edit{name: name, classes: classes, apply: func(g *b9Guide, i int) (b9Mut, bool) {
		vs, ve, v, key := g.b9Value(i)
		if v == "" {
			return b9Mut{}, false
		}
		q, text := b9Unquote(v)
		if text == "" || strings.Contains(text, "{{") || strings.Contains(text, "${") || strings.Contains(text, "<") {
			return b9Mut{}, false
		}
		nt, ok := op(text)
		if !ok || nt == text {
			return b9Mut{}, false
		}
		out, inlined := bEdit(g.lines[i], vs, ve, q+nt+q)
		if inlined {
			return b9Mut{}, false
		}
		if name == "value-enum-invalid" && b9Enums[key] == nil {
			return b9Mut{}, false
		}
		switch {
		case strings.HasPrefix(g.class[i], "authelia-") || strings.HasPrefix(g.class[i], "provider-"):
			if en, ok := b9Enums[key]; ok {
				if key == "response_types" {
					for _, w := range strings.Fields(nt) {
						if !en[w] {
							return g.b9With(i, out, true, "response-types-enum (W)")
						}
					}
					return b9Mut{}, false
				}
				if en[nt] {
					return b9Mut{}, false
				}
				return g.b9With(i, out, true, key+" outside its enum")
			}
			switch key {
			case "scopes":
				return g.b9With(i, out, true, "scope-unknown (W) or a scope the application asks for")
			case "client_secret":
				if strings.HasPrefix(text, "$") && !strings.Contains(text, "...") {
					return g.b9With(i, out, true, "the digest no longer decodes or no longer matches the secret")
				}
				return b9Mut{}, false
			case "client_name", "description":
				if !g.b9Shared(i, text) {
					return g.b9With(i, out, false, "client_name is free text")
				}
				return b9Mut{}, false
			case "redirect_uris":
				return g.b9With(i, out, true, "the application sends the URI it was given, which no longer matches")
			}
			if g.b9Shared(i, text) {
				return g.b9With(i, out, true, key+" no longer matches its other statement")
			}
			return b9Mut{}, false
		}
		if g.b9Shared(i, text) {
			return g.b9With(i, out, true, key+" no longer matches its other statement")
		}
		return b9Mut{}, false
	}}
}

// b9Value finds the value of line i by its class: its expanded span,
// the text, and the key naming it (a list item's list key).
func (g *b9Guide) b9Value(i int) (vs, ve int, v, key string) {
	e := g.exp[i]
	switch g.class[i] {
	case "authelia-key", "app-yaml-key", "provider-key":
		_, key, _, _, _ = g.yamlKey(i)
		vs, ve, v = g.b9KeyValue(i)
		if v == "|" || v == ">" || strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") {
			return 0, 0, "", ""
		}
		return vs, ve, v, key
	case "authelia-item", "app-yaml-item", "provider-item":
		m := b9YAMLItem.FindStringSubmatchIndex(e)
		if m == nil || b9YAMLKey.MatchString(e) {
			return 0, 0, "", ""
		}
		v = b9StripComment(e[m[4]:m[5]])
		return m[4], m[4] + len(v), v, g.yamlListKey(i)
	case "env-line":
		m := b9EnvLine.FindStringSubmatchIndex(e)
		v = e[m[8]:m[9]]
		if strings.Contains(v, " #") {
			return 0, 0, "", ""
		}
		return m[8], m[9], v, e[m[6]:m[7]]
	case "json-line":
		m := b9JSONKey.FindStringSubmatchIndex(e)
		if m == nil {
			return 0, 0, "", ""
		}
		v = strings.TrimSuffix(strings.TrimSpace(e[m[6]:m[7]]), ",")
		if !strings.HasPrefix(v, `"`) {
			return 0, 0, "", ""
		}
		return m[6], m[6] + len(v), v, e[m[4]:m[5]]
	case "ini-line", "toml-line", "hcl-line":
		m := b9INIKey.FindStringSubmatchIndex(e)
		if m == nil {
			return 0, 0, "", ""
		}
		v = b9StripComment(strings.TrimSpace(e[m[6]:m[7]]))
		return m[6], m[6] + len(v), v, e[m[4]:m[5]]
	}
	return 0, 0, "", ""
}

// b9Invalid is a value outside every enum of the reference.
func b9Invalid(v string) (string, bool) {
	switch v {
	case "true":
		return "ture", true
	case "false":
		return "flase", true
	}
	return b8Swap(v)
}

// b9QuoteBroken drops the closing quote of a quoted value: yaml.v3,
// TOML and JSON refuse it; an env file keeps a stray quote in the value.
var b9QuoteBroken = b9Edit{name: "value-quote-broken", classes: []string{"authelia-key", "authelia-item", "provider-key", "provider-item", "app-yaml-key", "app-yaml-item", "env-line", "toml-line", "json-line", "fm-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	var vs, ve int
	var v string
	if g.class[i] == "fm-key" {
		m := regexp.MustCompile(`^[A-Za-z_]+:\s*(["'].*["'])\s*$`).FindStringSubmatchIndex(g.lines[i])
		if m == nil {
			return b9Mut{}, false
		}
		return g.b9With(i, g.lines[i][:m[3]-1]+g.lines[i][m[3]:], true, "the front matter no longer parses")
	}
	vs, ve, v, _ = g.b9Value(i)
	q, text := b9Unquote(v)
	if q == "" || text == "" {
		return b9Mut{}, false
	}
	out, inlined := bEdit(g.lines[i], vs, ve, q+text)
	if inlined {
		return b9Mut{}, false
	}
	switch g.class[i] {
	case "json-line":
		if !g.b9JSONValid(g.fenceOf[i]) {
			return b9Mut{}, false
		}
		return g.b9With(i, out, true, "JSON refuses the unclosed string")
	case "env-line", "toml-line":
		return g.b9With(i, out, true, "the value keeps a stray quote or does not parse")
	}
	defect, note, ok := g.b9YAMLVerdict(g.fenceOf[i], i, out, 'r')
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, out, defect, note)
}}

// b9JSONValid reports whether fence fi is valid JSON (a snippet with
// comments or ellipses is not checked as JSON by a reader either).
func (g *b9Guide) b9JSONValid(fi int) bool {
	return json.Valid([]byte(g.b9FenceText(fi, -1, "", 0)))
}

// b9CommaDropped removes the comma ending a JSON line of a valid document.
var b9CommaDropped = b9Edit{name: "json-comma-dropped", classes: []string{"json-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := strings.TrimRight(g.lines[i], " ")
	if !strings.HasSuffix(l, ",") || !g.b9JSONValid(g.fenceOf[i]) {
		return b9Mut{}, false
	}
	return g.b9With(i, strings.TrimSuffix(l, ","), true, "JSON refuses the missing comma")
}}

// b9EnvKey misspells the name of an environment variable: the
// application reads exact, case-sensitive names.
func b9EnvKey(name string, op func(string) (string, bool)) b9Edit {
	return b9Edit{name: name, classes: []string{"env-line", "json-line", "ini-line", "toml-line", "hcl-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
		l := g.lines[i]
		var ks, ke int
		switch g.class[i] {
		case "env-line":
			m := b9EnvLine.FindStringSubmatchIndex(l)
			if m == nil {
				return b9Mut{}, false
			}
			ks, ke = m[6], m[7]
		case "json-line":
			m := b9JSONKey.FindStringSubmatchIndex(l)
			if m == nil {
				return b9Mut{}, false
			}
			ks, ke = m[4], m[5]
		default:
			m := b9INIKey.FindStringSubmatchIndex(l)
			if m == nil {
				return b9Mut{}, false
			}
			ks, ke = m[4], m[5]
		}
		key := l[ks:ke]
		if strings.HasPrefix(name, "key-case") && g.class[i] != "env-line" {
			return b9Mut{}, false
		}
		nk, ok := op(key)
		if !ok || nk == key {
			return b9Mut{}, false
		}
		return g.b9With(i, l[:ks]+nk+l[ke:], true, "the application reads "+key+", not "+nk)
	}}
}

// b9Directive misspells the first word of a Caddy, nginx or Apache
// directive or an HCL argument: the server refuses an unknown directive.
var b9Directive = b9Edit{name: "directive-letter-dropped", classes: []string{"caddy-line", "nginx-line", "apache-line", "hcl-line", "shell-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	if g.class[i] == "shell-line" {
		m := regexp.MustCompile(`\s--([a-z][a-z-]{3,})`).FindStringSubmatchIndex(l)
		if m == nil {
			return b9Mut{}, false
		}
		nk, ok := b8Drop(l[m[2]:m[3]])
		if !ok {
			return b9Mut{}, false
		}
		return g.b9With(i, l[:m[2]]+nk+l[m[3]:], true, "the command refuses an unknown flag")
	}
	m := regexp.MustCompile(`^\s*([A-Za-z_][A-Za-z_]{3,})\b`).FindStringSubmatchIndex(l)
	if m == nil {
		return b9Mut{}, false
	}
	w := l[m[2]:m[3]]
	if g.class[i] == "caddy-line" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") {
		return b9Mut{}, false // a site address
	}
	nk, ok := b8Drop(w)
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+nk+l[m[3]:], true, "an unknown directive or argument")
}}

// b9Terminator drops the `;` of an nginx directive, the `{` opening a
// block, or the `\` continuing a shell command.
var b9Terminator = b9Edit{name: "terminator-dropped", classes: []string{"nginx-line", "caddy-line", "hcl-line", "shell-line", "apache-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := strings.TrimRight(g.lines[i], " \t")
	switch {
	case g.class[i] == "nginx-line" && strings.HasSuffix(l, ";"):
		return g.b9With(i, strings.TrimSuffix(l, ";"), true, "nginx needs the ;")
	case strings.HasSuffix(l, "{") && g.class[i] != "shell-line":
		return g.b9With(i, strings.TrimRight(strings.TrimSuffix(l, "{"), " "), true, "the block loses its opening brace")
	case g.class[i] == "shell-line" && strings.HasSuffix(l, `\`) && i+1 < len(g.lines) && strings.TrimSpace(g.lines[i+1]) != "" && g.fenceOf[i+1] == g.fenceOf[i]:
		return g.b9With(i, strings.TrimRight(strings.TrimSuffix(l, `\`), " "), true, "the next line runs as its own command")
	}
	return b9Mut{}, false
}}

// b9XMLClose misspells a closing tag: the XML is no longer well formed.
var b9XMLClose = b9Edit{name: "xml-close-tag-typo", classes: []string{"xml-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	m := regexp.MustCompile(`</([A-Za-z][\w.-]{2,})>`).FindStringSubmatchIndex(l)
	if m == nil {
		return b9Mut{}, false
	}
	nk, ok := b8Drop(l[m[2]:m[3]])
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+nk+l[m[3]:], true, "the closing tag no longer matches")
}}

// b9SectionTypo misspells an INI or TOML section header: the keys under
// it go to a section the application does not read.
var b9SectionTypo = b9Edit{name: "section-letter-dropped", classes: []string{"ini-line", "toml-line"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9Section.FindStringSubmatchIndex(g.lines[i])
	if m == nil {
		return b9Mut{}, false
	}
	l := g.lines[i]
	nk, ok := b8Drop(l[m[2]:m[3]])
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+nk+l[m[3]:], true, "the application reads no section by that name")
}}

// Markdown edits.

// b9CodeSpans are the [start, end) spans of inline code on a line.
func b9CodeSpans(l string) [][2]int {
	var out [][2]int
	for k := 0; k < len(l); k++ {
		if l[k] != '`' {
			continue
		}
		j := strings.IndexByte(l[k+1:], '`')
		if j < 0 {
			break
		}
		out = append(out, [2]int{k, k + j + 2})
		k += j + 1
	}
	return out
}

func b9InCode(spans [][2]int, p int) bool {
	for _, s := range spans {
		if s[0] <= p && p < s[1] {
			return true
		}
	}
	return false
}

// b9LinkBroken puts a space between a link's text and its target: the
// link no longer renders (CommonMark needs `](` together).
var b9LinkBroken = b9Edit{name: "link-paren-spaced", classes: []string{"prose", "list-item", "table-row"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	sp := b9CodeSpans(l)
	for k := strings.Index(l, "]("); k >= 0; k = b9Next(l, "](", k) {
		if !b9InCode(sp, k) && !strings.Contains(l[:k], "{{<") {
			return g.b9With(i, l[:k+1]+" "+l[k+1:], true, "the link no longer renders")
		}
	}
	return b9Mut{}, false
}}

func b9Next(l, s string, k int) int {
	j := strings.Index(l[k+1:], s)
	if j < 0 {
		return -1
	}
	return k + 1 + j
}

// b9CodeUnclosed drops the closing backtick of the last code span: the
// rest of the line renders as code and the value loses its markup.
var b9CodeUnclosed = b9Edit{name: "code-span-unclosed", classes: []string{"prose", "list-item", "table-row"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	sp := b9CodeSpans(l)
	if len(sp) == 0 || strings.Count(l, "`")%2 != 0 {
		return b9Mut{}, false
	}
	e := sp[len(sp)-1][1] - 1
	return g.b9With(i, l[:e]+l[e+1:], true, "an unclosed code span")
}}

// b9WordTypo misspells an ordinary word of prose or a comment: no
// reader or tool fails on it.
var b9WordTypo = b9Edit{name: "word-typo", classes: []string{"prose", "fence-comment"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	if strings.Contains(l, "](") || strings.Contains(l, "{{") {
		return b9Mut{}, false // a word there may be a link target or a parameter
	}
	sp := b9CodeSpans(l)
	for _, m := range regexp.MustCompile(`\b[a-z]{6,}\b`).FindAllStringIndex(l, -1) {
		w := l[m[0]:m[1]]
		if b9InCode(sp, m[0]) || strings.Contains(l[:m[0]], "[") && !strings.Contains(l[:m[0]], "]") || strings.Contains(l, "'"+w) || strings.Contains(l, "{{") || strings.Contains(l, "http") {
			continue
		}
		if g.class[i] == "fence-comment" && (strings.Contains(l, "=") || strings.Contains(l, ":")) {
			return b9Mut{}, false // a commented-out option, not prose
		}
		nw, ok := b8Swap(w)
		if !ok {
			continue
		}
		return g.b9With(i, l[:m[0]]+nw+l[m[1]:], false, "a spelling slip in prose")
	}
	return b9Mut{}, false
}}

// b9ListValue misspells a code span in a list item or table row whose
// value the guide states elsewhere (an Assumption, a GUI step's value).
var b9ListValue = b9Edit{name: "value-letter-dropped", classes: []string{"list-item", "table-row", "prose"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	for _, s := range b9CodeSpans(l) {
		v := l[s[0]+1 : s[1]-1]
		if strings.Contains(v, "{{") || !g.b9Shared(i, v) || strings.ContainsAny(v, " ") {
			continue
		}
		nv, ok := b8Drop(v)
		if !ok {
			continue
		}
		return g.b9With(i, l[:s[0]+1]+nv+l[s[1]-1:], true, "the value no longer matches its other statement")
	}
	return b9Mut{}, false
}}

// b9CellMerged drops an inner pipe of a table body row: the row has one
// cell fewer than the header.
var b9CellMerged = b9Edit{name: "table-pipe-dropped", classes: []string{"table-row"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	if i == 0 || !strings.HasPrefix(strings.TrimSpace(g.lines[i-1]), "|") {
		return b9Mut{}, false // the header
	}
	l := g.lines[i]
	t := strings.TrimSpace(l)
	inner := strings.Index(t[1:], "|")
	if inner < 0 || inner+2 >= len(t) {
		return b9Mut{}, false
	}
	k := strings.Index(l, "|") + 1 + inner
	return g.b9With(i, l[:k]+l[k+1:], true, "a row with fewer cells than the header")
}}

// Headings.
var b9HeadingNoSpace = b9Edit{name: "heading-space-dropped", classes: []string{"heading"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9Heading.FindStringSubmatch(g.lines[i])
	return g.b9With(i, m[1]+m[2], true, "no longer a heading (CommonMark needs the space)")
}}

var b9HeadingSkip = b9Edit{name: "heading-level-skipped", classes: []string{"heading"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9Heading.FindStringSubmatch(g.lines[i])
	prev := 1 // the page title
	for k := i - 1; k >= g.body; k-- {
		if p := b9Heading.FindStringSubmatch(g.lines[k]); p != nil && g.class[k] == "heading" {
			prev = len(p[1])
			break
		}
	}
	if len(m[1])+2 > 6 || len(m[1])+2 <= prev+1 {
		return b9Mut{}, false
	}
	return g.b9With(i, m[1]+"##"+" "+m[2], true, "a heading that skips a level below the one before it")
}}

var b9HeadingCase = b9Edit{name: "heading-case-changed", classes: []string{"heading"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9Heading.FindStringSubmatch(g.lines[i])
	t := m[2]
	for k, r := range t {
		if k > 0 && unicode.IsUpper(r) && t[k-1] == ' ' {
			return g.b9With(i, m[1]+" "+t[:k]+strings.ToLower(string(r))+t[k+1:], false, "the anchor is lower-cased, the text is free")
		}
	}
	return b9Mut{}, false
}}

// Shortcodes.
var b9ShortcodeClose = b9Edit{name: "shortcode-close-broken", classes: []string{"shortcode"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	for _, c := range []string{">}}", "%}}"} {
		if k := strings.LastIndex(l, c); k >= 0 {
			return g.b9With(i, l[:k+2]+l[k+3:], true, "the shortcode is not closed")
		}
	}
	return b9Mut{}, false
}}

var b9ShortcodeName = b9Edit{name: "shortcode-name-typo", classes: []string{"shortcode"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	m := regexp.MustCompile(`\{\{[<%]\s*/?([a-z][\w-]{3,})`).FindStringSubmatchIndex(l)
	if m == nil {
		return b9Mut{}, false
	}
	nk, ok := b8Drop(l[m[2]:m[3]])
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+nk+l[m[3]:], true, "Hugo finds no such shortcode")
}}

var b9ShortcodeQuote = b9Edit{name: "shortcode-quote-dropped", classes: []string{"shortcode"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	m := regexp.MustCompile(`\s[a-z_]+="[^"]*(")`).FindStringSubmatchIndex(l)
	if m == nil {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+l[m[3]:], true, "a parameter's value is not closed")
}}

// Link reference definitions.
var b9RefLabel = b9Edit{name: "refdef-label-typo", classes: []string{"refdef"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9RefDef.FindStringSubmatchIndex(g.lines[i])
	l := g.lines[i]
	label := l[m[2]:m[3]]
	used := false
	for k, o := range g.lines {
		if k != i && g.fenceOf[k] < 0 && strings.Contains(strings.ToLower(o), "["+strings.ToLower(label)+"]") && !b9RefDef.MatchString(o) {
			used = true
		}
	}
	nl, ok := b8Drop(label)
	if !used || !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[2]]+nl+l[m[3]:], true, "the references to ["+label+"] no longer resolve")
}}

var b9RefURL = b9Edit{name: "refdef-target-typo", classes: []string{"refdef"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9RefDef.FindStringSubmatchIndex(g.lines[i])
	l := g.lines[i]
	u := l[m[4]:m[5]]
	var nu string
	var ok bool
	switch {
	case strings.HasPrefix(u, "http"):
		nu, ok = b8HostDrop(u)
	case strings.HasSuffix(u, ".md") || strings.Contains(u, ".md#"):
		k := strings.LastIndex(u, "/") + 1
		var seg string
		seg, ok = b8Drop(strings.SplitN(u[k:], ".md", 2)[0])
		nu = u[:k] + seg + u[k+len(strings.SplitN(u[k:], ".md", 2)[0]):]
	}
	if !ok {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[4]]+nu+l[m[5]:], true, "the link's target does not exist")
}}

// Front matter.
var b9FMCase = b9Edit{name: "key-case-changed", classes: []string{"fm-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	return g.b9With(i, strings.ToUpper(l[:1])+l[1:], false, "Hugo reads front matter keys case-insensitively")
}}

var b9FMDrop = b9Edit{name: "key-letter-dropped", classes: []string{"fm-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	m := b9FMKey.FindStringSubmatchIndex(g.lines[i])
	l := g.lines[i]
	key := l[m[2]:m[3]]
	nk, ok := b8Drop(key)
	if !ok {
		return b9Mut{}, false
	}
	// Hugo ignores a key it does not know: the page loses the setting,
	// and even a default restated (draft: false) is then a misspelt key
	// the writer meant to set, which a judge counts.
	return g.b9With(i, l[:m[2]]+nk+l[m[3]:], true, "Hugo ignores the misspelt key and the page loses its "+key)
}}

var b9FMDate = b9Edit{name: "date-invalid", classes: []string{"fm-key"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	m := regexp.MustCompile(`^(date|lastmod|publishDate):\s*["']?\d{4}-(\d\d)-`).FindStringSubmatchIndex(l)
	if m == nil {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:m[4]]+"13"+l[m[5]:], true, "month 13: Hugo cannot parse the date")
}}

// Fences.
var b9FenceBacktick = b9Edit{name: "fence-backtick-dropped", classes: []string{"fence-open", "fence-close"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	l := g.lines[i]
	k := strings.Index(l, "```")
	if k < 0 || strings.HasPrefix(l[k:], "````") {
		return b9Mut{}, false
	}
	return g.b9With(i, l[:k]+l[k+1:], true, "the fence no longer opens or closes")
}}

// b9Blank deletes a blank line inside a fence: harmless in every format
// the guides show, except where it ends a heredoc or a block scalar
// (those are left out).
var b9BlankDeleted = b9Edit{name: "line-deleted", classes: []string{"fence-blank"}, apply: func(g *b9Guide, i int) (b9Mut, bool) {
	fi := g.fenceOf[i]
	if k := g.b9FenceKind(fi); k == "authelia" || k == "yaml" {
		if defect, _, ok := g.b9YAMLVerdict(fi, i, "", 'd'); !ok || defect {
			return b9Mut{}, false
		}
	} else if k != "json" && k != "env" && k != "ini" && k != "toml" {
		return b9Mut{}, false
	}
	return g.b9Delete(i, false, "a blank line is not part of the data")
}}

// b9Edits is every edit of the battery.
var b9Edits = []b9Edit{
	b9KeyRename("key-letter-dropped", b8Drop, "authelia-key", "app-yaml-key", "provider-key"),
	b9KeyRename("key-letter-doubled", b8Double, "authelia-key", "app-yaml-key"),
	b9KeyRename("key-letters-swapped", b8Swap, "authelia-key", "app-yaml-key"),
	b9KeyRename("key-case-changed", b8Case, "authelia-key", "app-yaml-key", "provider-key"),
	b9KeyRename("key-underscore-dash", b9Underscore, "authelia-key", "app-yaml-key"),
	b9KeyRename("key-synonym", b9Synonym, "authelia-key"),
	b9EnvKey("key-letter-dropped", b8Drop),
	b9EnvKey("key-letters-swapped", b8Swap),
	b9EnvKey("key-case-changed", b8Case),
	b9Indent("line-indent-more", true, "authelia-key", "authelia-item", "provider-key", "provider-item", "app-yaml-key", "app-yaml-item"),
	b9Indent("line-indent-less", false, "authelia-key", "authelia-item", "app-yaml-key", "app-yaml-item"),
	b9DeleteKey,
	b9DupLine,
	b9ValueEdit("value-letter-dropped", b8Drop, "authelia-key", "authelia-item", "app-yaml-key", "app-yaml-item", "env-line", "json-line", "ini-line", "toml-line", "hcl-line"),
	b9ValueEdit("value-enum-invalid", b9Invalid, "authelia-key", "authelia-item", "provider-key", "provider-item"),
	b9URLEdit("url-port-added", b8Port, false),
	b9QuoteBroken,
	b9CommaDropped,
	b9Directive,
	b9Terminator,
	b9XMLClose,
	b9SectionTypo,
	b9LinkBroken,
	b9CodeUnclosed,
	b9WordTypo,
	b9ListValue,
	b9CellMerged,
	b9HeadingNoSpace,
	b9HeadingSkip,
	b9HeadingCase,
	b9ShortcodeClose,
	b9ShortcodeName,
	b9ShortcodeQuote,
	b9RefLabel,
	b9RefURL,
	b9FMCase,
	b9FMDrop,
	b9FMDate,
	b9FenceBacktick,
	b9BlankDeleted,
}
