package authelia

import (
	"slices"

	"github.com/guidec/guidec/internal/diag"
)

const scopeBearer = "authelia.bearer.authz"

var (
	bearerScopes        = []string{"offline_access", "offline", scopeBearer}
	bearerGrantTypes    = []string{"authorization_code", "refresh_token", "client_credentials"}
	bearerResponseModes = []string{"form_post", "form_post.jwt"}
	bearerConfidential  = []string{"client_secret_basic", "client_secret_jwt", "private_key_jwt"}
)

// bearerRules checks the requirements of the authelia.bearer.authz scope.
// Authelia fills in no defaults for such clients, so options that are left
// out fail these rules as they do at run time.
func (k *clientCheck) bearerRules() {
	scopes, _ := k.list("scopes")
	if k.bearerIntruder(scopes) {
		return
	}
	for _, s := range scopes {
		if !slices.Contains(bearerScopes, s.Text) {
			k.onValue(s, diag.Error, "authelia-bearer-scopes", "remove it, or use a separate client for it",
				"option 'scopes' must only have the values %s when configured with the '%s' scope but '%s' is present",
				quoteList(bearerScopes, "and"), scopeBearer, s.Text)
		}
	}
	if aud, _ := k.list("audience"); len(aud) == 0 {
		k.onClient(diag.Error, "authelia-bearer-audience", "add the audience (the resource servers) the tokens are for",
			"option 'audience' is required when configured with the '%s' scope", scopeBearer)
	}
	k.bearerGrants()
	if !k.ccg {
		k.bearerInteractive()
	}
	k.bearerAuthMethod()
}

func (k *clientCheck) bearerGrants() {
	grants, _ := k.list("grant_types")
	if len(grants) == 0 {
		k.onOption(k.opt("grant_types"), diag.Error, "authelia-bearer-grant-types", "list the grant types explicitly",
			"option 'grant_types' must have at least one of the values %s when configured with the '%s' scope",
			quoteList(bearerGrantTypes, "or"), scopeBearer)
	}
	for _, g := range grants {
		if !slices.Contains(bearerGrantTypes, g.Text) {
			k.onValue(g, diag.Error, "authelia-bearer-grant-types", "remove it",
				"option 'grant_types' must only have the values %s when configured with the '%s' scope but '%s' is present",
				quoteList(bearerGrantTypes, "and"), scopeBearer, g.Text)
		}
	}
}

// bearerInteractive checks the options of a bearer client that users
// authorize interactively (without the client_credentials grant).
func (k *clientCheck) bearerInteractive() {
	if par := k.opt("require_pushed_authorization_requests"); par.Text != "true" {
		k.onOption(par, diag.Error, "authelia-bearer-par", "set require_pushed_authorization_requests to true",
			"option 'require_pushed_authorization_requests' must be 'true' when configured with the '%s' scope", scopeBearer)
	}
	if pkce := k.opt("require_pkce"); pkce.Text != "true" {
		k.onOption(pkce, diag.Error, "authelia-bearer-pkce", "set require_pkce to true and pkce_challenge_method to 'S256'",
			"option 'require_pkce' must be 'true' when configured with the '%s' scope", scopeBearer)
	} else if m := k.opt("pkce_challenge_method"); m.Text != "S256" {
		k.onOption(m, diag.Error, "authelia-bearer-pkce", "set pkce_challenge_method to 'S256'",
			"option 'pkce_challenge_method' must be 'S256' when configured with the '%s' scope but it's configured as '%s'", scopeBearer, m.Text)
	}
	if cm := k.opt("consent_mode"); cm.Text != "explicit" {
		k.onOption(cm, diag.Error, "authelia-bearer-consent", "set consent_mode to 'explicit'",
			"option 'consent_mode' must be 'explicit' when configured with the '%s' scope but it's configured as '%s'", scopeBearer, cm.Text)
	}
	rts, _ := k.list("response_types")
	if len(rts) != 1 || rts[0].Text != "code" {
		k.onOption(k.opt("response_types"), diag.Error, "authelia-bearer-response-types", "set response_types to ['code']",
			"option 'response_types' must only have the value 'code' when configured with the '%s' scope", scopeBearer)
	}
	modes, _ := k.list("response_modes")
	if len(modes) == 0 {
		k.onOption(k.opt("response_modes"), diag.Error, "authelia-bearer-response-modes", "set response_modes to ['form_post']",
			"option 'response_modes' must have at least one of the values %s when configured with the '%s' scope",
			quoteList(bearerResponseModes, "or"), scopeBearer)
	}
	for _, m := range modes {
		if !slices.Contains(bearerResponseModes, m.Text) {
			k.onValue(m, diag.Error, "authelia-bearer-response-modes", "use 'form_post' or 'form_post.jwt'",
				"option 'response_modes' must only have the values %s when configured with the '%s' scope but '%s' is present",
				quoteList(bearerResponseModes, "and"), scopeBearer, m.Text)
		}
	}
}

// bearerAuthMethod checks the token endpoint method; Authelia checks it
// before filling in the default, so it must be written out.
func (k *clientCheck) bearerAuthMethod() {
	m := k.opt("token_endpoint_auth_method")
	if m.Text != "" && !enumAuthMethod.accepts(m.Text, k.ver) {
		return // Authelia stops at the invalid method (reported as such)
	}
	if k.public {
		if m.Text != "none" {
			k.onOption(m, diag.Error, "authelia-bearer-auth-method", "set token_endpoint_auth_method to 'none'",
				"option 'token_endpoint_auth_method' must be 'none' when configured with the '%s' scope and the public client type but it's configured as '%s'",
				scopeBearer, m.Text)
		}
		return
	}
	if m.Text == "none" && k.noneRefused() {
		return // authelia-confidential-auth-not-none, at the same value
	}
	if !slices.Contains(bearerConfidential, m.Text) {
		k.onOption(m, diag.Error, "authelia-bearer-auth-method", "use 'client_secret_basic', 'client_secret_jwt' or 'private_key_jwt'",
			"option 'token_endpoint_auth_method' must be one of %s when configured with the '%s' scope and the confidential client type but it's configured as '%s'",
			quoteList(bearerConfidential, "or"), scopeBearer, m.Text)
	}
}

// loginScopes are the scopes of a client that logs users in, which a
// bearer client may not have.
var loginScopes = []string{"openid", "profile", "email", "groups", "address", "phone"}

// bearerIntruder reports, as one finding at the scope, the bearer scope in
// a client set up for logging users in: it asks for a login scope and shows
// none of the set-up a bearer client must have (pushed authorization
// requests, or the client_credentials grant). Authelia then fails on each
// bearer requirement the client does not meet (audience, PAR, PKCE,
// consent, response modes, method, every other scope), but all of them
// come from the one scope that does not belong, which the fix removes. A
// client set up for bearer tokens gets the full rules, and its login scopes
// are the values in the wrong place. (An audience says nothing either way:
// some applications want one on their login client.)
func (k *clientCheck) bearerIntruder(scopes []Value) bool {
	if k.ccg || trueText(k.opt("require_pushed_authorization_requests").Text) {
		return false
	}
	var bearer, login *Value
	for i := range scopes {
		switch {
		case scopes[i].Text == scopeBearer && bearer == nil:
			bearer = &scopes[i]
		case slices.Contains(loginScopes, scopes[i].Text) && login == nil:
			login = &scopes[i]
		}
	}
	if bearer == nil || login == nil {
		return false
	}
	k.onValue(*bearer, diag.Error, "authelia-bearer-scopes", "remove it, or use a separate client for bearer tokens",
		"option 'scopes' must only have the values %s when configured with the '%s' scope but '%s' is present: this client logs users in, and the '%s' scope belongs to a client of its own",
		quoteList(bearerScopes, "and"), scopeBearer, login.Text, scopeBearer)
	return true
}
