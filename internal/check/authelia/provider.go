package authelia

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
)

// providerCheck evaluates the rules on identity_providers.oidc itself
// (reference §4) that a snippet can decide.
type providerCheck struct {
	*reporter
	ver version
	g   *guideContext
}

func (pc *providerCheck) run(oidc *yaml.Node) {
	if isNull(oidc) || resolve(oidc).Kind != yaml.MappingNode {
		return
	}
	pc.clientsList(oidc)
	pc.entropy(oidc)
	pc.cors(oidc)
	pc.jwks(oidc)
	if p, ok := lookup(oidc, "authorization_policies"); ok {
		for _, pol := range pairs(p.value) {
			pc.authorizationPolicy(pol)
		}
	}
	if pc.ver.less(v4390) {
		return // claims policies and custom scopes are reported as too new
	}
	if p, ok := lookup(oidc, "claims_policies"); ok {
		for _, cp := range pairs(p.value) {
			pc.claimsPolicy(cp)
		}
	}
	if p, ok := lookup(oidc, "scopes"); ok {
		for _, sp := range pairs(p.value) {
			pc.customScope(sp)
		}
	}
}

// clientsList reports a clients key without clients. A block without the
// key is a partial configuration and fine.
func (pc *providerCheck) clientsList(oidc *yaml.Node) {
	p, ok := lookup(oidc, "clients")
	if !ok {
		return
	}
	if v := resolve(p.value); isNull(v) || v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		pc.reportf(p.key, diag.Error, "authelia-clients-nonempty", "add the client this guide configures",
			"identity_providers: oidc: option 'clients' must have one or more clients configured")
	}
}

// entropy warns about a minimum_parameter_entropy below the safe 8.
func (pc *providerCheck) entropy(oidc *yaml.Node) {
	p, ok := lookup(oidc, "minimum_parameter_entropy")
	if !ok {
		return
	}
	s, _ := scalar(p.value)
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
	case n == -1:
		pc.reportf(p.value, diag.Warning, "authelia-parameter-entropy", "remove the option to keep the default of 8",
			"identity_providers: oidc: option 'minimum_parameter_entropy' is -1 which disables the entropy check and is insecure")
	case n > 0 && n < 8:
		pc.reportf(p.value, diag.Warning, "authelia-parameter-entropy", "use 8 or more",
			"identity_providers: oidc: option 'minimum_parameter_entropy' is configured to an unsafe value, it should be above 8 but it's configured to %d", n)
	}
}

// cors checks the allowed origins: scheme, host and port only; the
// wildcard alone and not with origins taken from redirect URIs.
func (pc *providerCheck) cors(oidc *yaml.Node) {
	origins, ok := lookupPath(oidc, "cors", "allowed_origins")
	if !ok {
		return
	}
	fromClients := false
	if p, ok := lookupPath(oidc, "cors", "allowed_origins_from_client_redirect_uris"); ok {
		s, _ := scalar(p.value)
		fromClients = trueText(s)
	}
	list := scalarList(origins.value, false)
	for _, n := range list {
		s, _ := scalar(n)
		if s == "*" {
			if len(list) > 1 {
				pc.reportf(n, diag.Error, "authelia-cors-origin", "remove the other origins, or the wildcard",
					"identity_providers: oidc: cors: option 'allowed_origins' contains the wildcard origin '*' with more than one origin but the wildcard origin must be defined by itself")
			}
			if fromClients {
				pc.reportf(n, diag.Error, "authelia-cors-origin", "remove the wildcard, or disable allowed_origins_from_client_redirect_uris",
					"identity_providers: oidc: cors: option 'allowed_origins' contains the wildcard origin '*' which cannot be specified with option 'allowed_origins_from_client_redirect_uris' enabled")
			}
			continue
		}
		u, err := url.Parse(s)
		var part string
		switch {
		case err != nil || u.Scheme == "" || u.Host == "":
			part = "missing scheme or host"
		case u.Path != "":
			part = "path"
		case u.RawQuery != "":
			part = "query string"
		default:
			continue
		}
		pc.reportf(n, diag.Error, "authelia-cors-origin", "write the origin as scheme://host[:port], such as 'https://app.example.com'",
			"identity_providers: oidc: cors: option 'allowed_origins' contains an invalid value '%s' as it has a %s: origins must only be scheme, hostname, and an optional port", s, part)
	}
}

// jwks checks the key ids of the provider's keys.
func (pc *providerCheck) jwks(oidc *yaml.Node) {
	p, ok := lookup(oidc, "jwks")
	if !ok {
		return
	}
	for i, it := range items(p.value) {
		if kid, ok := lookup(it, "key_id"); ok {
			pc.keyID(kid.value, "identity_providers: oidc: jwks: key #"+strconv.Itoa(i+1)+": ")
		}
	}
}

// keyID reports a key_id Authelia rejects: longer than 100 characters, or
// not RFC 3986 unreserved characters starting and ending alphanumerically.
func (r *reporter) keyID(n *yaml.Node, prefix string) {
	s, ok := scalar(n)
	if !ok {
		return
	}
	if utf8.RuneCountInString(s) > 100 {
		r.reportf(n, diag.Error, "authelia-jwk-key-id", "use a key id of at most 100 characters",
			"%soption 'key_id' must be 100 characters or less", prefix)
		return
	}
	if s != "" && (!unreserved(s) || !alnum(s[0]) || !alnum(s[len(s)-1])) {
		r.reportf(n, diag.Error, "authelia-jwk-key-id", "use letters, digits, '-', '.', '_' and '~', starting and ending with a letter or digit",
			"%soption 'key_id' must only contain RFC3986 unreserved characters and must only start and end with alphanumeric characters but it's configured as '%s'", prefix, s)
	}
}

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// authorizationPolicy checks one entry of authorization_policies.
func (pc *providerCheck) authorizationPolicy(pol pair) {
	name := pol.key.Value
	prefix := "identity_providers: oidc: authorization_policies: " + name + ": "
	switch name {
	case "", "one_factor", "two_factor", "deny":
		pc.reportf(pol.key, diag.Error, "authelia-policy-name", "choose another name, such as the application's",
			"identity_providers: oidc: authorization_policies: policy names can't be '', 'one_factor', 'two_factor' or 'deny' but it's named '%s'", name)
	}
	if isNull(pol.value) || resolve(pol.value).Kind != yaml.MappingNode {
		return
	}
	rules, ok := lookup(pol.value, "rules")
	if !ok || len(items(rules.value)) == 0 {
		at := pol.key
		if ok {
			at = rules.key
		}
		pc.reportf(at, diag.Error, "authelia-policy-rules", "add at least one rule with a subject or networks",
			"%soption 'rules' is required", prefix)
		return
	}
	for i, rule := range items(rules.value) {
		pc.policyRule(rule, i, prefix)
	}
}

func (pc *providerCheck) policyRule(rule *yaml.Node, i int, prefix string) {
	r := resolve(rule)
	if r == nil || r.Kind != yaml.MappingNode {
		return
	}
	subject, hasSubject := lookup(r, "subject")
	networks, hasNetworks := lookup(r, "networks")
	hasSubject = hasSubject && !isNull(subject.value)
	hasNetworks = hasNetworks && !isNull(networks.value) && pc.ver.atLeast(v4390)
	if !hasSubject && !hasNetworks {
		at := rule
		if ps := pairs(r); len(ps) > 0 {
			at = ps[0].key
		}
		pc.reportf(at, diag.Error, "authelia-policy-rules", "add a subject such as 'group:admins'",
			"%srules: rule #%d: option 'subject' or 'networks' is required", prefix, i+1)
		return
	}
	for _, n := range subjectScalars(subject.value) {
		s, _ := scalar(n)
		if !strings.HasPrefix(s, "user:") && !strings.HasPrefix(s, "group:") {
			pc.reportf(n, diag.Error, "authelia-policy-subject", "write 'user:<username>' or 'group:<group name>'",
				"%srules: rule #%d: option 'subject' has an invalid value '%s': subjects must begin with 'user:' or 'group:'", prefix, i+1, s)
		}
	}
	if hasNetworks {
		pc.policyNetworks(networks.value, fmt.Sprintf("%srules: rule #%d: ", prefix, i+1))
	}
}

// policyNetworks checks the networks of an authorization policy rule as
// Authelia does those of access control (checkNetworks). A value written
// as an address (digits with dots, colons or a slash) that does not parse
// is no name anyone defines: an error even when the guide does not show
// the definitions.
func (pc *providerCheck) policyNetworks(n *yaml.Node, desc string) {
	pc.checkNetworks(pc.g, n, desc, true, "write an IP address or a CIDR range such as '192.168.1.0/24'")
}

// looksLikeAddress reports whether s is written as an IP address or a
// CIDR range: hexadecimal digits with dots, colons or a slash, and a
// decimal digit.
func looksLikeAddress(s string) bool {
	digit, sep := false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r == '.' || r == ':' || r == '/':
			sep = true
		case r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F':
		default:
			return false
		}
	}
	return digit && sep
}

// subjectScalars flattens a subject (string, list or list of lists).
func subjectScalars(n *yaml.Node) []*yaml.Node {
	r := resolve(n)
	if r == nil {
		return nil
	}
	if r.Kind == yaml.ScalarNode {
		if _, ok := scalar(r); ok {
			return []*yaml.Node{n}
		}
		return nil
	}
	var out []*yaml.Node
	for _, it := range items(r) {
		ri := resolve(it)
		if ri != nil && ri.Kind == yaml.SequenceNode {
			out = append(out, scalarList(ri, false)...)
		} else if _, ok := scalar(ri); ok {
			out = append(out, it)
		}
	}
	return out
}

// claimsPolicy checks one entry of claims_policies: custom claims (name,
// attribute, uniqueness) and the claims listed for each token.
func (pc *providerCheck) claimsPolicy(cp pair) {
	prefix := "identity_providers: oidc: claims_policies: " + cp.key.Value + ": "
	var names []string
	if cc, ok := lookup(cp.value, "custom_claims"); ok {
		names = pc.customClaims(cc.value, prefix)
	}
	for _, token := range []string{"id_token", "access_token"} {
		p, ok := lookup(cp.value, token)
		if !ok {
			continue
		}
		reserved := reservedClaims
		if token == "id_token" {
			reserved = reservedIDTokenClaims
		}
		for _, n := range scalarList(p.value, false) {
			claim, _ := scalar(n)
			switch {
			case slices.Contains(reserved, claim):
				pc.reportf(n, diag.Error, "authelia-claims-policy-claim", "remove it: Authelia always sets this claim itself",
					"%s%s: claim with name '%s' can't be used in a claims policy as it's a standard claim", prefix, token, claim)
			case !slices.Contains(names, claim) && !standardClaims.accepts(claim, pc.ver):
				pc.reportf(n, diag.Error, "authelia-claims-policy-claim", pc.claimHint(claim, names),
					"%s%s: claim with name '%s' is not known", prefix, token, claim)
			}
		}
	}
}

// claimHint says how to make claim known.
func (pc *providerCheck) claimHint(claim string, custom []string) string {
	if since, ok := standardClaims.since(claim); ok && pc.ver.less(since) {
		return "the claim is known from Authelia " + since.String() + " on"
	}
	if best, clear := suggest(claim, append(standardClaims.allowed(pc.ver), custom...)); clear {
		return "did you mean '" + best + "'?"
	}
	return "define it under custom_claims, or use a standard claim"
}

// customClaims checks the custom claims of a policy and returns their names.
func (pc *providerCheck) customClaims(m *yaml.Node, prefix string) []string {
	var names []string
	seen := map[string]string{}
	for _, p := range pairs(m) {
		name := p.key.Value
		if pc.ver.atLeast(v4395) {
			name = customClaimName(p)
		}
		names = append(names, name)
		if slices.Contains(reservedClaims, name) {
			pc.reportf(p.key, diag.Error, "authelia-claims-policy-claim", "choose another claim name",
				"%scustom_claims: claim with name '%s' can't be used in a claims policy as it's a standard claim", prefix, name)
		}
		if first, dup := seen[name]; dup && pc.ver.atLeast(v4395) {
			pc.reportf(p.key, diag.Error, "authelia-claims-policy-duplicate", "map each claim name once",
				"%scustom_claims: claim with name '%s' is mapped in both '%s' and the '%s' claim configurations", prefix, name, p.key.Value, first)
		} else {
			seen[name] = p.key.Value
		}
		pc.claimAttribute(p, name, prefix)
	}
	return names
}

// claimAttribute checks that a custom claim's attribute is known. Without
// an authentication backend in the guide, an unknown name may still be an
// extra attribute of the reader's backend, so it is only a warning then,
// unless it is a near miss of a built-in attribute.
func (pc *providerCheck) claimAttribute(p pair, name, prefix string) {
	if v := resolve(p.value); v != nil && v.Kind != yaml.MappingNode && !isNull(v) {
		return // not a claim definition: its type is reported, not its attribute
	}
	attr, at := p.key.Value, p.key
	if a, ok := lookup(p.value, "attribute"); ok {
		if s, ok := scalar(a.value); ok && s != "" {
			attr, at = s, a.value
		}
	}
	if pc.g.attributeKnown(attr) {
		return
	}
	sev := diag.Error
	hint := "define it under definitions.user_attributes, or as an extra attribute of the authentication backend"
	if !pc.g.backend {
		sev = diag.Warning
		hint = "unless the reader's authentication backend has an extra attribute of this name, define it under definitions.user_attributes"
	}
	if best, clear := suggest(attr, builtinAttributes); clear {
		// A near miss of a built-in attribute (group for groups) is a
		// typo, not a backend's extra attribute, whatever the guide
		// shows of the backend.
		sev = diag.Error
		hint = "did you mean '" + best + "'? Otherwise " + hint
	}
	pc.reportf(at, sev, "authelia-claims-policy-attribute", hint,
		"%sclaim with name '%s' has an attribute name '%s' which is not a known attribute", prefix, name, attr)
}

// customScope checks one entry of scopes: its name and its claims.
func (pc *providerCheck) customScope(sp pair) {
	name := sp.key.Value
	customizable := name == "authelia.pam" && pc.ver.atLeast(v43920)
	switch {
	case customizable:
	case standardScopes.accepts(name, pc.ver):
		pc.reportf(sp.key, diag.Error, "authelia-scope-name", "choose another name, such as the application's",
			"identity_providers: oidc: scopes: scope with name '%s' can't be used as a custom scope because it's a standard scope", name)
	case strings.HasPrefix(name, "authelia."):
		pc.reportf(sp.key, diag.Error, "authelia-scope-name", "choose a name without the 'authelia.' prefix",
			"identity_providers: oidc: scopes: scope with name '%s' can't be used as a custom scope because all scopes prefixed with 'authelia.' are reserved", name)
	}
	claims, ok := lookup(sp.value, "claims")
	if !ok {
		return
	}
	var known []string
	for _, cs := range pc.g.claimsPolicies {
		known = append(known, cs...)
	}
	for _, n := range scalarList(claims.value, false) {
		claim, _ := scalar(n)
		switch {
		case slices.Contains(reservedClaims, claim):
			pc.reportf(n, diag.Error, "authelia-scope-claim", "remove it: Authelia always sets this claim itself",
				"identity_providers: oidc: scopes: %s: claim with name '%s' can't be used in a custom scope as it's a standard claim", name, claim)
		case !slices.Contains(known, claim) && !standardClaims.accepts(claim, pc.ver):
			pc.reportf(n, diag.Error, "authelia-scope-claim", pc.claimHint(claim, known),
				"identity_providers: oidc: scopes: %s: claim with name '%s' is not a known claim", name, claim)
		}
	}
}
