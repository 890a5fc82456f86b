package consistency

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// The option rules compare what the application says it sends (scopes,
// token endpoint auth method, PKCE, response type, the signing algorithm it
// expects) with what the clients it belongs to accept, each option read
// with Authelia's default when the client leaves it unset (reference §1).

// defaultScopes are the scopes of a client without a scopes option.
var defaultScopes = []string{"openid", "groups", "profile", "email"}

// grantedScopes returns the scopes client c grants.
func grantedScopes(c client) []string {
	if len(c.Scopes) == 0 && c.ScopesKey == nil {
		return defaultScopes
	}
	out := make([]string, len(c.Scopes))
	for i, s := range c.Scopes {
		out[i] = s.Text
	}
	return out
}

// grants reports whether client c grants scope w: whether grantedScopes(c)
// holds it, without making the list for each word and client.
func grants(c client, w string) bool {
	if len(c.Scopes) == 0 && c.ScopesKey == nil {
		return slices.Contains(defaultScopes, w)
	}
	return slices.ContainsFunc(c.Scopes, func(s value) bool { return s.Text == w })
}

// splitList splits a list value written as one string: "openid profile",
// "openid,profile", "openid+profile", or a JSON/YAML flow list.
func splitList(s string) []string {
	if u, err := url.QueryUnescape(s); err == nil {
		s = u // scope=openid%20profile in a URL
	}
	s = strings.Trim(strings.TrimSpace(s), "[]")
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '+' || r == '"' || r == '\'' || r == '\t'
	})
}

// scopeWord reports whether s can be a scope name (no URL, no template).
func scopeWord(s string) bool {
	return s != "" && !isPlaceholder(s) && !strings.ContainsAny(s, ":/=$")
}

// checkOptions runs the option rules on every app-side value.
func checkOptions(m *model, r *reporter) {
	if len(m.clients) == 0 {
		return
	}
	fixed := checkProviderScopes(m, r)
	methods := methodVotes(m)
	// A snippet whose client id was reported wrong names its clients
	// wrongly: judging its options against a client it does not mean
	// would only repeat that one mistake (Argo CD's clientID beside
	// cliClientID of a public client).
	doubtful := doubtfulGroups(m, r)
	for _, av := range m.app {
		if r.seen[av.Value.Span] || doubtful[av.Group] {
			continue
		}
		cs := m.clientsFor(av.Group, true)
		if len(cs) == 0 || slices.ContainsFunc(cs, func(c client) bool { return r.optionReported(c, av.Kind) }) {
			// A client option the provider's checker reported wrong (a
			// scope item holding several scopes, alg none) is no
			// statement to compare the application's with.
			continue
		}
		switch av.Kind {
		case kindScope:
			checkScope(r, av, cs, fixed)
		case kindAuthMethod:
			checkAuthMethod(m, r, av, cs, methods)
		case kindPKCE:
			checkPKCE(r, av, cs)
		case kindPKCEMethod:
			checkPKCEMethod(r, av, cs)
		case kindResponseType:
			checkResponseType(r, av, cs)
		case kindSigningAlg:
			checkSigningAlg(r, av, cs)
		case kindSecret:
			checkPublicSecret(r, av, cs)
		}
	}
}

// optionReported reports whether an error was already reported on the
// client's option that app-side values of kind k are compared with.
func (r *reporter) optionReported(c client, k kind) bool {
	var vs []value
	add := func(v *value) {
		if v != nil {
			vs = append(vs, *v)
		}
	}
	switch k {
	case kindScope:
		vs = c.Scopes
	case kindAuthMethod:
		add(c.AuthMethod)
	case kindPKCEMethod:
		add(c.PKCEMethod)
	case kindResponseType:
		vs = c.ResponseTypes
	case kindSigningAlg:
		add(c.IDTokenAlg)
		add(c.UserinfoAlg)
	case kindRedirect:
		vs = c.RedirectURIs
	}
	return slices.ContainsFunc(vs, func(v value) bool { return v.Span.Len() > 0 && r.p.Reported(v.Span) })
}

// doubtfulGroups returns the snippets whose client id was reported wrong:
// they name their clients wrongly, and judging their options against a
// client they do not mean would only repeat that one mistake (Argo CD's
// clientID beside cliClientID of a public client).
func doubtfulGroups(m *model, r *reporter) map[int]bool {
	doubtful := map[int]bool{}
	for _, av := range m.app {
		if av.Kind == kindClientID && r.seen[av.Value.Span] {
			doubtful[av.Group] = true
		}
	}
	return doubtful
}

// checkScope reports the scopes an application requests that none of its
// clients grants.
func checkScope(r *reporter, av appValue, cs []client, fixed map[string]bool) {
	words := splitList(av.Value.Text)
	// A value names scopes when one of its words is a standard scope:
	// EMPTY_SCOPES=false and SCOPE_DELIMITER=, do not.
	if !slices.ContainsFunc(words, func(w string) bool { return slices.Contains(knownScopes, w) }) {
		return
	}
	var missing []string
	for _, w := range words {
		if !scopeWord(w) {
			return
		}
		if fixed[w] || slices.ContainsFunc(cs, func(c client) bool { return grants(c, w) }) {
			continue
		}
		missing = append(missing, w)
	}
	if len(missing) == 0 {
		return
	}
	c := cs[0]
	var rel []diag.Related
	if c.ScopesKey != nil {
		rel = append(rel, r.related(*c.ScopesKey, "the scopes of client '%s'", c.ID.Text))
	}
	r.report(av.Value, diag.Error, "consistency-scope", "grant the scope to the client, or do not request it",
		fmt.Sprintf("%s %s, which %s requests, %s not granted by client '%s' (%s): Authelia rejects the authorization request",
			plural(len(missing), "scope", "scopes"), quoteList(missing), describe(av), plural(len(missing), "is", "are"), c.ID.Text, strings.Join(grantedScopes(c), " ")), rel...)
}

// checkOpenIDScopes reports a scope list without openid when the clients
// grant it: without openid the request is an OAuth 2.0 one, Authelia
// returns no ID Token, and an application that logs users in with OpenID
// Connect fails, unless it adds openid itself, as some do (Vaultwarden,
// Envoy Gateway, Gitea, Argo Workflows). So it is a warning where another
// snippet's list of the application's scopes has openid (the guide itself
// says the application wants it listed), and information otherwise. The items
// of one list (a YAML or JSON sequence, a repeated flag) are the values of
// one key in one snippet and mapping.
func checkOpenIDScopes(m *model, r *reporter) {
	if len(m.clients) == 0 {
		return
	}
	// A guide that calls an application's scopes extra or additional
	// anywhere (Gitea's "Additional Scopes" field) says the application
	// requests openid itself: its other lists of scopes are additions too
	// (Gitea's --scopes).
	if slices.ContainsFunc(m.app, func(av appValue) bool { return av.Kind == kindScope && extraScopes(av.normKey()) }) {
		return
	}
	doubtful := doubtfulGroups(m, r)
	type list struct {
		first appValue
		words []string
	}
	var lists []*list
	byKey := map[[3]string]*list{}
	for _, av := range m.app {
		if av.Kind != kindScope || doubtful[av.Group] {
			continue
		}
		k := [3]string{strconv.Itoa(av.Group), av.Parents, av.normKey()}
		l := byKey[k]
		if l == nil {
			l = &list{first: av}
			byKey[k] = l
			lists = append(lists, l)
		}
		l.words = append(l.words, splitList(av.Value.Text)...)
	}
	// A list with openid in a configuration snippet: a table or a list
	// of the instructions may state the client's scopes rather than the
	// application's.
	var listed *list
	for _, l := range lists {
		if l.first.Group >= 0 && slices.Contains(l.words, "openid") && !slices.ContainsFunc(l.words, func(w string) bool { return !scopeWord(w) }) {
			listed = l
			break
		}
	}
	for _, l := range lists {
		av := l.first
		if r.seen[av.Value.Span] || !lacksOpenIDWords(l.words) {
			continue
		}
		cs := m.clientsFor(av.Group, true)
		if len(cs) == 0 || !slices.ContainsFunc(cs, func(c client) bool { return grants(c, "openid") }) ||
			slices.ContainsFunc(cs, func(c client) bool { return r.optionReported(c, kindScope) }) {
			continue
		}
		msg := fmt.Sprintf("openid is missing from %s: without it the authorization request is no OpenID Connect one and Authelia returns no ID Token", describe(av))
		if listed == nil {
			r.report(av.Value, diag.Info, "consistency-scope", "add openid to the scopes the application requests, unless the application adds it itself", msg)
			continue
		}
		r.report(av.Value, diag.Warning, "consistency-scope", "add openid to the scopes the application requests",
			msg+fmt.Sprintf(", and %s lists it", describe(listed.first)), r.related(listed.first.Value, "%s", describe(listed.first)))
	}
}

// extraScopes reports whether a normalised key names scopes added to
// those the application requests anyway (EXTRA_SCOPES, additionalScopes).
func extraScopes(k string) bool {
	for _, w := range []string{"extra", "additional", "custom"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// lacksOpenID reports whether s is a scope list (a standard scope in it,
// nothing but scope names) without openid; hasOpenID whether it is one
// with openid.
func lacksOpenID(s string) bool { return lacksOpenIDWords(splitList(s)) }

func hasOpenID(s string) bool {
	words := splitList(s)
	return slices.Contains(words, "openid") && !slices.ContainsFunc(words, func(w string) bool { return !scopeWord(w) })
}

func lacksOpenIDWords(words []string) bool {
	return !slices.Contains(words, "openid") && slices.ContainsFunc(words, func(w string) bool { return slices.Contains(knownScopes, w) }) &&
		!slices.ContainsFunc(words, func(w string) bool { return !scopeWord(w) })
}

// checkProviderScopes reports a client scope that is a near miss of a
// scope every application statement requests and the client lacks (a typo
// on the provider's side): one finding there rather than one at each
// request. It returns the requested scopes so accounted for.
func checkProviderScopes(m *model, r *reporter) map[string]bool {
	fixed := map[string]bool{}
	for _, c := range m.clients {
		granted := grantedScopes(c)
		for _, s := range c.Scopes {
			if slices.Contains(knownScopes, s.Text) {
				continue
			}
			for _, av := range m.app {
				if av.Kind != kindScope {
					continue
				}
				for _, w := range splitList(av.Value.Text) {
					if !slices.Contains(granted, w) && slices.Contains(knownScopes, w) && nearMiss(w, s.Text) && !fixed[w] {
						fixed[w] = true
						r.report(s, diag.Error, "consistency-scope", "grant the scope the application requests",
							fmt.Sprintf("client '%s' grants scope '%s', but %s requests '%s'", c.ID.Text, s.Text, describe(av), w),
							r.related(av.Value, "%s", describe(av)))
					}
				}
			}
		}
	}
	droppedScopes(m, r, fixed)
	return fixed
}

// oneClient returns the client cs names when they are one client (a
// definition and the fragments an escape hatch adds to it share its id)
// that lists its scopes.
func oneClient(cs []client) (client, bool) {
	var one client
	found := false
	for _, c := range cs {
		if found && c.ID.Text != one.ID.Text {
			return client{}, false
		}
		if !found || one.ScopesKey == nil && c.ScopesKey != nil {
			one, found = c, true
		}
	}
	return one, found && one.ScopesKey != nil
}

// claimOfScopeRead reports whether an application setting about a claim
// (claimKey) names one that scope brings, and the guide's Authelia
// configuration does not write that claim itself (a claims policy could
// bring it another way).
func claimOfScopeRead(m *model, scope string) bool {
	for _, av := range m.app {
		if !claimKey(av.normKey()) {
			continue
		}
		if c, ok := claimName(av.Value.Text); ok && scopeOfClaim[c] == scope && !policyClaim(m, c) {
			return true
		}
	}
	return false
}

// policyClaim reports whether the guide's Authelia configuration defines
// custom claims that may name claim (a custom scope may then bring it). A
// claims policy's id_token list only moves the claims a granted scope
// brings into the ID Token.
func policyClaim(m *model, claim string) bool {
	for _, t := range m.providerTexts {
		if bytes.Contains(t, []byte("custom_claims")) && bytes.Contains(t, []byte(claim)) {
			return true
		}
	}
	return false
}

// droppedScopes reports, once on the client's scopes, a standard scope
// that at least two statements of the application request and the client,
// whose scopes the guide lists, does not grant: .env and compose.yml both
// asking for email is one fact, and the client's list is the odd one out.
func droppedScopes(m *model, r *reporter, fixed map[string]bool) {
	// One statement is enough where the application also reads a claim
	// that only the scope brings: its setting and its request agree, and
	// the client is the odd one out.
	type request struct {
		c     client
		stmts []appValue
	}
	byScope := map[string]*request{}
	var order []string
	for _, av := range m.app {
		if av.Kind != kindScope {
			continue
		}
		c, ok := oneClient(m.clientsFor(av.Group, true))
		if !ok {
			continue
		}
		granted := grantedScopes(c)
		words := splitList(av.Value.Text)
		if slices.ContainsFunc(words, func(w string) bool { return !scopeWord(w) }) {
			continue
		}
		for _, w := range words {
			if !slices.Contains(knownScopes, w) || slices.Contains(granted, w) || fixed[w] {
				continue
			}
			k := c.ID.Text + "\x00" + w
			q := byScope[k]
			if q == nil {
				q = &request{c: c}
				byScope[k] = q
				order = append(order, k)
			}
			q.stmts = append(q.stmts, av)
		}
	}
	for _, k := range order {
		q := byScope[k]
		w := k[strings.IndexByte(k, 0)+1:]
		if fixed[w] {
			continue
		}
		if len(q.stmts) < 2 && !claimOfScopeRead(m, w) {
			continue // one request against the list: checkScope reports the request
		}
		fixed[w] = true
		var rel []diag.Related
		var where []string
		for _, av := range q.stmts[:min(len(q.stmts), maxRelated)] {
			rel = append(rel, r.related(av.Value, "%s", describe(av)))
			where = append(where, describe(av))
		}
		verb := "request"
		if len(where) == 1 {
			verb = "requests"
		}
		at := *q.c.ScopesKey
		if n := len(q.c.Scopes); n > 0 {
			// At the list's last item, where the scope would be added.
			at = q.c.Scopes[n-1]
		}
		r.report(at, diag.Error, "consistency-scope", "grant the scope the application requests",
			fmt.Sprintf("client '%s' does not grant scope '%s', which %s %s: Authelia rejects the authorization request", q.c.ID.Text, w, strings.Join(where, " and "), verb), rel...)
	}
}

// knownScopes are Authelia's standard scopes.
var knownScopes = []string{"openid", "offline_access", "offline", "profile", "email", "address", "phone", "groups", "authelia.bearer.authz"}

// authMethods maps the spellings applications use for a token endpoint
// auth method to Authelia's name.
var authMethods = map[string]string{
	"clientsecretbasic": "client_secret_basic", "basic": "client_secret_basic", "inheader": "client_secret_basic", "header": "client_secret_basic", "clientsecret_basic": "client_secret_basic",
	"clientsecretpost": "client_secret_post", "post": "client_secret_post", "inparams": "client_secret_post", "body": "client_secret_post", "form": "client_secret_post",
	"clientsecretjwt": "client_secret_jwt", "privatekeyjwt": "private_key_jwt", "none": "none",
}

// clientMethod returns the token endpoint auth method of c, with Authelia's
// default.
func clientMethod(c client) string {
	if c.AuthMethod != nil {
		return c.AuthMethod.Text
	}
	if c.Public {
		return "none"
	}
	return "client_secret_basic"
}

// methodVotes returns, for each client index, the auth method the
// application states at least twice when every statement agrees on it and
// the client's explicit method differs: that client_id line is then the
// odd one out.
func methodVotes(m *model) map[string]string {
	votes := map[string]map[string]int{}
	for _, av := range m.app {
		if av.Kind != kindAuthMethod {
			continue
		}
		meth := authMethods[normalizeKey(av.Value.Text)]
		if meth == "" {
			continue
		}
		for _, c := range m.clientsFor(av.Group, true) {
			if votes[c.ID.Text] == nil {
				votes[c.ID.Text] = map[string]int{}
			}
			votes[c.ID.Text][meth]++
		}
	}
	out := map[string]string{}
	for id, v := range votes {
		if len(v) != 1 {
			continue
		}
		for meth, n := range v {
			if n >= 2 {
				out[id] = meth
			}
		}
	}
	return out
}

// methodStatements counts the application's statements of a token
// endpoint auth method that apply to client c.
func methodStatements(m *model, c client) int {
	n := 0
	for _, av := range m.app {
		if av.Kind != kindAuthMethod || authMethods[normalizeKey(av.Value.Text)] == "" {
			continue
		}
		if slices.ContainsFunc(m.clientsFor(av.Group, true), func(o client) bool { return o.ID.Text == c.ID.Text }) {
			n++
		}
	}
	return n
}

// checkAuthMethod reports an application whose token endpoint auth method
// is not its client's.
func checkAuthMethod(m *model, r *reporter, av appValue, cs []client, votes map[string]string) {
	meth := authMethods[normalizeKey(av.Value.Text)]
	if meth == "" {
		return
	}
	for _, c := range cs {
		if c.MultiAuth || clientMethod(c) == meth {
			return
		}
		if t := c.AuthMethod; t != nil && t.Text == "none" && !c.Public {
			// Authelia refuses none on a confidential client
			// (authelia-confidential-auth-not-none): the client's
			// method is the mistake, reported there.
			return
		}
		if t := c.AuthMethod; t != nil && authMethods[normalizeKey(t.Text)] != t.Text {
			// Not a method Authelia knows (authelia-auth-method-enum
			// reports it): what the client means is unknown.
			return
		}
	}
	c := cs[0]
	if v := votes[c.ID.Text]; v == meth && c.AuthMethod != nil && len(cs) == 1 {
		if !r.seen[c.AuthMethod.Span] {
			r.report(*c.AuthMethod, diag.Error, "consistency-auth-method", "use the method the application uses",
				fmt.Sprintf("client '%s' authenticates with '%s', but the application uses '%s' (%s)", c.ID.Text, c.AuthMethod.Text, meth, describe(av)),
				r.related(av.Value, "%s", describe(av)))
		}
		return
	}
	if c.AuthMethod != nil && len(cs) == 1 && av.Key == proseMethodKey && methodStatements(m, c) == 1 {
		// A sentence that says how the application authenticates states
		// a fact of the application, which no setting of it changes: the
		// client's explicit method is the one to mend.
		if !r.seen[c.AuthMethod.Span] {
			r.report(*c.AuthMethod, diag.Error, "consistency-auth-method", "use the method the application uses",
				fmt.Sprintf("client '%s' authenticates with '%s', but the guide says the application uses '%s' (%s)", c.ID.Text, c.AuthMethod.Text, meth, describe(av)),
				r.related(av.Value, "%s", describe(av)))
		}
		return
	}
	var rel []diag.Related
	if c.AuthMethod != nil {
		rel = append(rel, r.related(*c.AuthMethod, "token_endpoint_auth_method of client '%s'", c.ID.Text))
	}
	r.report(av.Value, diag.Error, "consistency-auth-method", "use the client's token_endpoint_auth_method",
		fmt.Sprintf("%s is '%s' (%s), but client '%s' authenticates with '%s': Authelia rejects the token request",
			describe(av), av.Value.Text, meth, c.ID.Text, clientMethod(c)), rel...)
}

// boolValue reads a boolean as applications spell it.
func boolValue(s string) (b, ok bool) {
	switch strings.ToLower(strings.Trim(s, `"'`)) {
	case "true", "yes", "on", "1", "enabled", "enable":
		return true, true
	case "false", "no", "off", "0", "disabled", "disable":
		return false, true
	}
	return false, false
}

// pkceRequired reports whether Authelia requires PKCE of c, and how.
func pkceRequired(c client) (bool, string) {
	meth := ""
	if c.PKCEMethod != nil {
		meth = c.PKCEMethod.Text
	}
	return c.RequirePKCE || meth != "", meth
}

// checkPKCE reports an application that disables PKCE for a client that
// requires it.
func checkPKCE(r *reporter, av appValue, cs []client) {
	on, ok := boolValue(av.Value.Text)
	if !ok || on {
		return
	}
	for _, c := range cs {
		if req, _ := pkceRequired(c); !req {
			return
		}
	}
	c := cs[0]
	r.report(av.Value, diag.Error, "consistency-pkce", "enable PKCE in the application, or do not require it of the client",
		fmt.Sprintf("%s disables PKCE, but client '%s' requires it (require_pkce / pkce_challenge_method): Authelia rejects the authorization request", describe(av), c.ID.Text),
		pkceRelated(r, c)...)
}

func pkceRelated(r *reporter, c client) []diag.Related {
	if c.PKCEMethod != nil {
		return []diag.Related{r.related(*c.PKCEMethod, "pkce_challenge_method of client '%s'", c.ID.Text)}
	}
	return nil
}

// checkPKCEMethod reports a PKCE challenge method that is not the client's.
func checkPKCEMethod(r *reporter, av appValue, cs []client) {
	got := strings.Trim(av.Value.Text, `"'`)
	var norm string
	switch strings.ToLower(got) {
	case "s256":
		norm = "S256"
	case "plain":
		norm = "plain"
	default:
		return
	}
	if got != norm {
		return // another case than RFC 7636's: checkEnums reports it
	}
	for _, c := range cs {
		// A method Authelia does not know ('s256') is the provider
		// checker's finding (authelia-pkce-method-enum), not the
		// application's.
		if _, meth := pkceRequired(c); meth == "" || meth == norm || meth != "S256" && meth != "plain" || meth == "plain" && c.PlainRefused {
			// plain, which the provider refuses unless the guide
			// enables it, is the client's mistake
			// (authelia-pkce-plain-disabled).
			return
		}
	}
	c := cs[0]
	r.report(av.Value, diag.Error, "consistency-pkce", "use the client's pkce_challenge_method",
		fmt.Sprintf("%s is '%s', but client '%s' requires the PKCE challenge method '%s'", describe(av), got, c.ID.Text, c.PKCEMethod.Text),
		pkceRelated(r, c)...)
}

// checkResponseType reports a response type the client does not accept.
func checkResponseType(r *reporter, av appValue, cs []client) {
	got := strings.Join(splitList(av.Value.Text), " ")
	if got == "" {
		return
	}
	for _, w := range splitList(av.Value.Text) {
		if w != "code" && w != "id_token" && w != "token" {
			return
		}
	}
	for _, c := range cs {
		if c.CodeRefused && got == "code" {
			return // the client's own response types are at odds with its grant
		}
		types := []string{"code"}
		if len(c.ResponseTypes) > 0 {
			types = types[:0]
			for _, t := range c.ResponseTypes {
				types = append(types, strings.Join(strings.Fields(t.Text), " "))
			}
		}
		// 'Code' for 'code' is the client's misspelling, which the
		// Authelia checker reports where it is written.
		if slices.ContainsFunc(types, func(t string) bool { return strings.EqualFold(t, got) }) {
			return
		}
	}
	c := cs[0]
	r.report(av.Value, diag.Error, "consistency-response-type", "request a response type of the client's response_types",
		fmt.Sprintf("%s requests the response type '%s', which client '%s' does not accept", describe(av), got, c.ID.Text))
}

// jwsAlgs are the signing algorithms an application may name.
var jwsAlgs = []string{"none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"}

// checkSigningAlg reports an application that expects ID Tokens (or
// userinfo responses) signed with another algorithm than its client's.
func checkSigningAlg(r *reporter, av appValue, cs []client) {
	got := strings.Trim(av.Value.Text, `"'`)
	if !slices.Contains(jwsAlgs, got) {
		return // no algorithm, or one in another case (checkEnums)
	}
	// The userinfo response is the user's profile to some applications
	// (Immich's profileSigningAlgorithm).
	nk := av.normKey()
	userinfo := strings.Contains(nk, "userinfo") || strings.Contains(nk, "profile")
	for _, c := range cs {
		want, opt := "RS256", c.IDTokenAlg
		if userinfo {
			want, opt = "none", c.UserinfoAlg
		}
		if opt != nil {
			want = opt.Text
		}
		if want == got {
			return
		}
	}
	c := cs[0]
	name, want, opt := "id_token_signed_response_alg", "RS256", c.IDTokenAlg
	if userinfo {
		name, want, opt = "userinfo_signed_response_alg", "none", c.UserinfoAlg
	}
	var rel []diag.Related
	if opt != nil {
		want = opt.Text
		rel = append(rel, r.related(*opt, "%s of client '%s'", name, c.ID.Text))
	}
	r.report(av.Value, diag.Error, "consistency-signing-alg", "use the client's algorithm in both places",
		fmt.Sprintf("%s is '%s', but client '%s' signs with '%s' (%s): the application rejects what Authelia sends", describe(av), got, c.ID.Text, want, name), rel...)
}

// checkPublicSecret reports a client secret given to the application of a
// public client: Authelia's public clients have none, and an application
// that sends one is refused (client_secret_basic against method none).
func checkPublicSecret(r *reporter, av appValue, cs []client) {
	if !literalSecret(av.Value.Text) {
		return
	}
	for _, c := range cs {
		// A public client with a client_secret contradicts itself:
		// Authelia refuses it (authelia-public-no-secret), which is the
		// root cause, not the application's secret.
		if !c.Public && clientMethod(c) != "none" || c.Secret != nil {
			return
		}
	}
	c := cs[0]
	r.report(av.Value, diag.Error, "consistency-public-secret", "leave the secret out for a public client, or make the client confidential",
		fmt.Sprintf("%s gives a client secret, but client '%s' is public and has none: the application authenticates with a secret Authelia does not accept", describe(av), c.ID.Text),
		r.related(c.ID, "client '%s'", c.ID.Text))
}

// plural returns one when n is 1 and many otherwise.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
