package authelia

import (
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// references checks the names a client refers to: its authorization policy,
// lifespan and claims policy, against every configuration block of the guide.
func (k *clientCheck) references() {
	k.authorizationPolicy()
	if lifespan := k.opt("lifespan"); lifespan.Text != "" && !k.g.lifespans[lifespan.Text] {
		if len(k.g.lifespans) == 0 {
			k.onValue(lifespan, diag.Error, "authelia-lifespan-known",
				"define it under identity_providers.oidc.lifespans.custom, or remove the option",
				"option 'lifespan' must not be configured when no custom lifespans are configured but it's configured as '%s'", lifespan.Text)
		} else {
			k.onValue(lifespan, diag.Error, "authelia-lifespan-known", "define it under identity_providers.oidc.lifespans.custom",
				"option 'lifespan' must be one of %s but it's configured as '%s'", quoteList(sortedKeys(k.g.lifespans), "or"), lifespan.Text)
		}
	}
	cp := k.opt("claims_policy")
	if cp.Text == "" || k.ver.less(v4390) {
		return
	}
	if _, ok := k.g.claimsPolicies[cp.Text]; ok {
		return
	}
	if k.misspeltDef(k.g.policyDefs, cp, diag.Error, "authelia-claims-policy-known", "claims policy") {
		return
	}
	hint := "define it under identity_providers.oidc.claims_policies"
	if best, clear := suggest(cp.Text, sortedKeys(k.g.claimsPolicies)); clear {
		hint = "did you mean '" + best + "'? Otherwise " + hint
	}
	if len(k.g.claimsPolicies) == 0 {
		k.onValue(cp, diag.Error, "authelia-claims-policy-known", hint,
			"option 'claims_policy' must be the name of a claims policy but no claims policies are configured and it's configured as '%s'", cp.Text)
		return
	}
	k.onValue(cp, diag.Error, "authelia-claims-policy-known", hint,
		"option 'claims_policy' must be one of %s but it's configured as '%s'", quoteList(sortedKeys(k.g.claimsPolicies), "or"), cp.Text)
}

func (k *clientCheck) authorizationPolicy() {
	ap := k.opt("authorization_policy")
	if k.loginCCG() {
		return // reported once, at the grant (loginCCG)
	}
	if k.ccg {
		if ap.Text != "" && ap.Text != "one_factor" {
			k.onValue(ap, diag.Error, "authelia-ccg-policy", "clients using the client_credentials grant must use 'one_factor'",
				"option 'authorization_policy' must be one of 'one_factor' but it's configured as '%s'", ap.Text)
		}
		return
	}
	if ap.Text == "" || ap.Text == "one_factor" || ap.Text == "two_factor" || k.g.authzPolicies[ap.Text] {
		return
	}
	known := append([]string{"one_factor", "two_factor"}, sortedKeys(k.g.authzPolicies)...)
	hint := "use 'one_factor' or 'two_factor', or define the policy under identity_providers.oidc.authorization_policies"
	if best, clear := suggest(ap.Text, known); clear {
		hint = "did you mean '" + best + "'? Otherwise " + hint
	}
	k.onValue(ap, diag.Error, "authelia-authz-policy-known", hint,
		"option 'authorization_policy' must be one of %s but it's configured as '%s'", quoteList(known, "or"), ap.Text)
}

// scopeRules checks each scope: known (or defined), allowed with the
// client_credentials grant, and provided with its claims.
func (k *clientCheck) scopeRules() {
	scopes, _ := k.list("scopes")
	for _, s := range scopes {
		if k.ccg && k.loginCCG() {
			continue
		}
		if k.ccg {
			if s.Text == "openid" || s.Text == "offline" || s.Text == "offline_access" {
				k.onValue(s, diag.Error, "authelia-ccg-scopes", "remove it: the client_credentials grant acts for no user",
					"option 'scopes' has the value '%s' however when utilizing the 'client_credentials' value for the 'grant_types' the values 'openid', 'offline' and 'offline_access' are not allowed", s.Text)
			}
			continue
		}
		_, custom := k.g.scopes[s.Text]
		custom = custom && k.ver.atLeast(v4390)
		if !custom && !standardScopes.accepts(s.Text, k.ver) {
			if words, ok := k.joinedScopes(s.Text); ok {
				k.onValue(s, diag.Error, "authelia-scope-unknown", "write each scope as its own item: "+quoteList(words, "and"),
					"option 'scopes' has the value '%s', which is %d scopes in one item: Authelia reads it as one unknown scope, and the client grants none of %s, so the authorization requests that ask for them are refused",
					s.Text, len(words), quoteList(words, "or"))
				continue
			}
			k.unknownScope(s)
		}
		if custom {
			k.scopeClaims(s)
		}
	}
	if len(scopes) > 0 && k.mine(scopes[len(scopes)-1]) && k.base == nil && k.c.Has("redirect_uris") && !k.ccg && !k.bearer && len(k.loginGrants()) > 0 && !slices.ContainsFunc(k.scopes, func(s string) bool { return strings.Contains(s, "openid") }) {
		// A sign-in client whose scopes leave out openid: the
		// application's OpenID Connect request asks for it, and Authelia
		// refuses a scope the client does not grant. (An OAuth 2.0 client
		// for bearer tokens has authelia.bearer.authz; an entry without
		// redirect_uris may be a fragment that adds to a client defined
		// elsewhere; an item holding openid among other words is
		// reported as that.) Reported at the list's last item, where it would be
		// added.
		k.onValue(scopes[len(scopes)-1], diag.Error, "authelia-scopes-no-openid", "add 'openid' to the client's scopes",
			"client grants no 'openid' scope: an OpenID Connect sign-in asks for it, and Authelia refuses the authorization request (invalid_scope)")
	}
}

// joinedScopes splits a scope that is several scopes written as one item
// (the application's space- or comma-separated scope string pasted into
// the list): it returns them when every one is a scope the client may
// have, standard or defined.
func (k *clientCheck) joinedScopes(v string) ([]string, bool) {
	words := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '+' || r == '\t' })
	if len(words) < 2 {
		return nil, false
	}
	for _, w := range words {
		_, custom := k.g.scopes[w]
		if !standardScopes.accepts(w, k.ver) && !(custom && k.ver.atLeast(v4390)) {
			return nil, false
		}
	}
	return words, true
}

func (k *clientCheck) unknownScope(s Value) {
	if k.ver.atLeast(v4390) && k.misspeltDef(k.g.scopeDefs, s, diag.Warning, "authelia-scope-unknown", "scope") {
		return
	}
	std := standardScopes.allowed(k.ver)
	hint := "define the scope under identity_providers.oidc.scopes"
	if k.ver.less(v4390) {
		hint = "custom scopes need Authelia 4.39 or later"
	}
	if since, ok := standardScopes.since(s.Text); ok && k.ver.less(since) {
		hint = "the scope is standard from Authelia " + since.String()
	} else if best, clear := suggest(s.Text, std); clear {
		hint = "did you mean '" + best + "'?"
	}
	k.onValue(s, diag.Warning, "authelia-scope-unknown", hint,
		"option 'scopes' only expects the values %s or scopes defined under identity_providers.oidc.scopes but the unknown value '%s' is present",
		quoteList(std, "or"), s.Text)
}

// scopeClaims checks that the client's claims policy provides the claims of
// custom scope s.
func (k *clientCheck) scopeClaims(s Value) {
	policy := k.opt("claims_policy").Text
	provided, hasPolicy := k.g.claimsPolicies[policy]
	if policy != "" && !hasPolicy {
		// The policy is unknown (authelia-claims-policy-known): the claims
		// it is meant to provide cannot be told.
		return
	}
	for _, claim := range k.g.scopes[s.Text] {
		if standardClaims.accepts(claim, k.ver) || slices.Contains(provided, claim) {
			continue
		}
		if hasPolicy {
			k.onValue(s, diag.Error, "authelia-scope-claims-provided", "add a custom claim '"+claim+"' to the claims policy '"+policy+"'",
				"option 'scopes' has the custom scope '%s' with the claim '%s' which is neither a standard claim nor a custom claim of the claims policy '%s'", s.Text, claim, policy)
		} else {
			k.onValue(s, diag.Error, "authelia-scope-claims-provided", "set claims_policy to a policy with a custom claim '"+claim+"'",
				"option 'scopes' has the custom scope '%s' with the claim '%s' which is not a standard claim, and the client has no claims policy to provide it", s.Text, claim)
		}
	}
}

// flows checks that grant types, response types and scopes fit together.
func (k *clientCheck) flows() {
	grants, _ := k.list("grant_types")
	for _, g := range grants {
		switch g.Text {
		case "authorization_code":
			if k.noCodeLogin() {
				continue // reported at the response types (noCodeLogin)
			}
			if !slices.Contains(k.responseTypes, "code") && !containsAny(k.responseTypes, hybridResponseTypes) {
				k.onValue(g, diag.Warning, "authelia-authcode-needs-code", "add 'code' to response_types, or remove the grant",
					"option 'grant_types' has 'authorization_code' which expects a response type for either the authorization code or hybrid flow such as %s but the response types are %s",
					quoteList(codeResponseTypes, "or"), quoteList(k.responseTypes, "and"))
			}
		case "implicit":
			if !containsAny(k.responseTypes, implicitResponseTypes) && !containsAny(k.responseTypes, hybridResponseTypes) {
				k.onValue(g, diag.Warning, "authelia-implicit-needs-rt", "add an implicit response type, or remove the grant",
					"option 'grant_types' has 'implicit' which expects a response type for either the implicit or hybrid flow but the response types are %s",
					quoteList(k.responseTypes, "and"))
			}
		case "client_credentials":
			if k.loginCCG() {
				k.onValue(g, diag.Error, "authelia-ccg-login-client",
					"remove 'client_credentials': a client that logs users in uses 'authorization_code'; register another client for machine access",
					"option 'grant_types' has 'client_credentials' beside %s, but the client logs users in: Authelia refuses the grant with %s",
					quoteList(k.loginGrants(), "and"), k.ccgConflicts())
				continue
			}
			if k.public {
				k.onValue(g, diag.Error, "authelia-ccg-public", "set public to false, or remove the grant",
					"option 'grant_types' should only have the 'client_credentials' value if it is of the confidential client type but it's of the public client type")
			}
		case "refresh_token":
			k.refreshToken(g)
		}
	}
	if containsAny(k.scopes, []string{"offline_access", "offline"}) && !containsAny(k.responseTypes, codeResponseTypes) && !k.noCodeLogin() {
		scopes, _ := k.list("scopes")
		for _, s := range scopes {
			if s.Text == "offline_access" || s.Text == "offline" {
				k.onValue(s, diag.Warning, "authelia-offline-needs-code", "add 'code' to response_types",
					"option 'scopes' should only have the 'offline_access' or 'offline' value if the client is also configured with a 'response_types' value of %s",
					quoteList(codeResponseTypes, "or"))
				break
			}
		}
	}
}

// loginGrants are the client's grants that log a user in.
func (k *clientCheck) loginGrants() []string {
	var out []string
	for _, g := range k.grantTypes {
		if g == "authorization_code" || g == "implicit" {
			out = append(out, g)
		}
	}
	return out
}

// ccgConflicts names what Authelia refuses the client_credentials grant
// with on this client: a public client, a policy other than one_factor,
// the scopes of a user login; "" when nothing.
func (k *clientCheck) ccgConflicts() string {
	var out []string
	if k.public {
		out = append(out, "a public client")
	}
	if ap := k.opt("authorization_policy").Text; ap != "" && ap != "one_factor" {
		out = append(out, "the policy '"+ap+"'")
	}
	for _, s := range k.scopes {
		if s == "openid" || s == "offline" || s == "offline_access" {
			out = append(out, "the scope '"+s+"'")
			break
		}
	}
	return strings.Join(out, ", ")
}

// loginCCG reports whether the client_credentials grant was added to a
// client that logs users in (an authorization_code or implicit grant),
// where Authelia refuses it with what a login client needs (its policy,
// the openid scope, a public client): the grant is the one mistake.
func (k *clientCheck) loginCCG() bool {
	return k.ccg && !k.bearer && len(k.loginGrants()) > 0 && k.ccgConflicts() != ""
}

// noCodeLogin reports whether the client has the authorization_code
// grant and redirect URIs (the application logs users in with the code
// flow) but response types none of which issues a code: the
// application's request for response_type=code is refused.
func (k *clientCheck) noCodeLogin() bool {
	rts, ok := k.list("response_types")
	uris, _ := k.list("redirect_uris")
	if !ok || len(rts) == 0 || len(uris) == 0 || k.bearer {
		return false
	}
	grants, _ := k.texts("grant_types")
	return slices.Contains(grants, "authorization_code") && !containsAny(k.responseTypes, codeResponseTypes)
}

// codeFlow reports a login client's response types that issue no
// code (noCodeLogin), once, at the first of them.
func (k *clientCheck) codeFlow() {
	if !k.noCodeLogin() {
		return
	}
	rts, _ := k.list("response_types")
	k.onValue(rts[0], diag.Error, "authelia-response-types-no-code",
		"add 'code' to response_types: the application asks for an authorization code",
		"option 'response_types' is %s, none of which issues an authorization code, but the client has the 'authorization_code' grant and redirect URIs: the application's login is refused",
		quoteList(k.responseTypes, "and"))
}

// pkcePlain reports the plain PKCE challenge method when no block of the
// guide enables it on the provider (enable_pkce_plain_challenge, false
// by default): Authelia refuses the application's plain challenges.
func (k *clientCheck) pkcePlain() {
	m := k.opt("pkce_challenge_method")
	if m.Text != "plain" || k.g.pkcePlain {
		return
	}
	k.onValue(m, diag.Error, "authelia-pkce-plain-disabled",
		"use 'S256', or set identity_providers.oidc.enable_pkce_plain_challenge to true in the guide's configuration",
		"option 'pkce_challenge_method' is 'plain', but the provider refuses plain challenges unless 'enable_pkce_plain_challenge' is true, which the guide does not set")
}

func (k *clientCheck) refreshToken(g Value) {
	if !containsAny(k.scopes, []string{"offline_access", "offline"}) {
		k.onValue(g, diag.Warning, "authelia-refresh-needs-offline", "add 'offline_access' to scopes",
			"option 'grant_types' should only have the 'refresh_token' value if the client is also configured with the 'offline_access' scope")
	}
	if !containsAny(k.responseTypes, codeResponseTypes) && !k.noCodeLogin() {
		k.onValue(g, diag.Warning, "authelia-refresh-needs-code", "add 'code' to response_types",
			"option 'grant_types' should only have the 'refresh_token' value if the client is also configured with a 'response_types' value of %s",
			quoteList(codeResponseTypes, "or"))
	}
}

// duplicateLists are the list options whose entries must be unique; a
// duplicate is an error only in request_uris.
var duplicateLists = []string{"scopes", "response_types", "response_modes", "grant_types", "redirect_uris", "request_uris"}

func (k *clientCheck) duplicates() {
	for _, key := range duplicateLists {
		vs, _ := k.list(key)
		for i, v := range vs {
			for _, w := range vs[:i] {
				if w.Text != v.Text {
					continue
				}
				sev := diag.Warning
				if key == "request_uris" {
					sev = diag.Error
				}
				k.onValue(v, sev, "authelia-list-duplicates", "remove the repeated entry",
					"option '%s' must have unique values but the value '%s' is duplicated", key, v.Text)
				break
			}
		}
	}
}
