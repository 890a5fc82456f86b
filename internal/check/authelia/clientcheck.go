package authelia

import (
	"slices"

	"github.com/guidec/guidec/internal/diag"
)

// clientCheck evaluates the cross-field rules (reference §3) for one client.
type clientCheck struct {
	*reporter
	ver     version
	verText string
	g       *guideContext
	c       *Client // the entry being checked
	// base is the definition c adds options to when c is a fragment; options
	// c leaves out are read from it, and findings on its nodes are left to
	// the check of its own snippet.
	base *Client
	// orphanBase says base is the closest definition of a fragment whose
	// client_id no block defines, not its own (see orphan).
	orphanBase bool
	prefix     string // "client 'app': "

	// Effective values, with Authelia's defaults filled in.
	public        bool
	typeUnknown   bool     // the public option is not a boolean (see newClientCheck)
	bearer        bool     // scopes include authelia.bearer.authz
	ccg           bool     // grant_types include client_credentials
	scopes        []string // as configured, or the default scopes
	responseTypes []string
	grantTypes    []string
	secret        Value
	methods       []authMethod
	lists         []listAnswer // the answers of list so far
}

// authMethod is one endpoint's client authentication method.
type authMethod struct {
	endpoint string // "token", "revocation", …
	method   Value  // as configured
	name     string // effective: configured, else the default
	alg      Value  // <endpoint>_endpoint_auth_signing_alg
}

func (k *clientCheck) opt(key string) Value {
	if k.c.Has(key) || k.base == nil {
		return k.c.Option(key)
	}
	return k.base.Option(key)
}

// list returns the values of list option key (Client.Options), of the
// client or of its base. The rules ask for the same few lists many times,
// and each answer locates its values in the guide, so the answers are
// kept; the callers only read them.
func (k *clientCheck) list(key string) ([]Value, bool) {
	for _, l := range k.lists {
		if l.key == key {
			return l.values, l.ok
		}
	}
	var vs []Value
	var ok bool
	if k.c.Has(key) || k.base == nil {
		vs, ok = k.c.Options(key)
	} else {
		vs, ok = k.base.Options(key)
	}
	if k.lists == nil {
		k.lists = make([]listAnswer, 0, 8)
	}
	k.lists = append(k.lists, listAnswer{key: key, values: vs, ok: ok})
	return vs, ok
}

// listAnswer is a list option's values, as clientCheck.list found them.
type listAnswer struct {
	key    string
	values []Value
	ok     bool
}

func (k *clientCheck) has(key string) bool {
	return k.c.Has(key) || k.base != nil && k.base.Has(key)
}

// texts returns the configured values of list option key.
func (k *clientCheck) texts(key string) ([]string, bool) {
	vs, ok := k.list(key)
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, v.Text)
	}
	return out, ok && len(vs) > 0
}

// mine reports whether v is written in the snippet being checked.
func (k *clientCheck) mine(v Value) bool { return v.snip == k.snip && v.node != nil }

// onValue reports at option value v, unless it belongs to another snippet.
func (k *clientCheck) onValue(v Value, sev diag.Severity, code, hint, format string, args ...any) {
	if !k.mine(v) {
		return
	}
	k.reportf(v.node, sev, code, hint, k.prefix+format, args...)
}

// onKey reports at the key of option v.
func (k *clientCheck) onKey(v Value, sev diag.Severity, code, hint, format string, args ...any) {
	if !k.mine(v) || v.key == nil {
		return
	}
	k.reportf(v.key, sev, code, hint, k.prefix+format, args...)
}

// onClient reports at the client's client_id key (or first key).
func (k *clientCheck) onClient(sev diag.Severity, code, hint, format string, args ...any) {
	k.reportf(k.c.anchor(), sev, code, hint, k.prefix+format, args...)
}

// onOption reports at option v when it is written, else at the client.
func (k *clientCheck) onOption(v Value, sev diag.Severity, code, hint, format string, args ...any) {
	if v.node != nil || v.key != nil {
		if !k.mine(v) {
			return
		}
		n := v.node
		if n == nil || isNull(n) {
			n = v.key
		}
		k.reportf(n, sev, code, hint, k.prefix+format, args...)
		return
	}
	k.onClient(sev, code, hint, format, args...)
}

// newClientCheck computes the effective options of c, as Authelia does
// before validating (reference §3: defaults are filled in first, except
// with authelia.bearer.authz).
func newClientCheck(r *reporter, ver version, verText string, g *guideContext, c *Client) *clientCheck {
	k := &clientCheck{reporter: r, ver: ver, verText: verText, g: g, c: c, base: g.baseOf(c)}
	if k.base == nil && k.orphaned() {
		// The fragment's client_id matches no definition: it is checked
		// with the definition it was meant for (its id or the
		// definition's is wrong, which orphan reports once).
		k.base = g.closestDefinition(c.ID.Text)
		k.orphanBase = true
	}
	k.prefix = "client '" + c.ID.Text + "': "
	if c.ID.Text == "" {
		k.prefix = clientPrefix(c.node, c.Index)
	}
	pub := k.opt("public")
	k.public = trueText(pub.Text)
	// A public option that is not a boolean is reported as a type error;
	// the client's type is then unknown, and the rules that depend on it
	// would report what the reader meant as mistakes.
	k.typeUnknown = pub.node != nil && pub.Set && !weakBool(resolve(pub.node))
	k.secret = k.opt("client_secret")
	scopes, ok := k.texts("scopes")
	k.scopes = scopes
	k.bearer = slices.Contains(scopes, "authelia.bearer.authz")
	// Several scopes written as one item are reported once, where they
	// are written (scopeRules); the other rules read the scopes meant.
	for i, s := range scopes {
		if words, joined := k.joinedScopes(s); joined {
			k.scopes = append(slices.Clone(scopes[:i]), words...)
			for _, rest := range scopes[i+1:] {
				if more, j := k.joinedScopes(rest); j {
					k.scopes = append(k.scopes, more...)
				} else {
					k.scopes = append(k.scopes, rest)
				}
			}
			break
		}
	}
	grants, _ := k.texts("grant_types")
	k.ccg = slices.Contains(grants, "client_credentials")
	if !ok && !k.ccg {
		k.scopes = []string{"openid", "groups", "profile", "email"}
	}
	k.responseTypes, ok = k.texts("response_types")
	if !ok && !k.bearer {
		k.responseTypes = []string{"code"}
	}
	// A response type in another case ('Code') is reported once, where it
	// is written; the flow rules read the one meant.
	for i, rt := range k.responseTypes {
		if meant := caseVariant(rt, enumResponseTypes.allowed(k.ver)); meant != "" {
			k.responseTypes = slices.Clone(k.responseTypes)
			k.responseTypes[i] = meant
		}
	}
	k.grantTypes = grants
	if len(grants) == 0 && !k.bearer {
		k.grantTypes = defaultGrantTypes(k.responseTypes)
	}
	k.methods = k.authMethods()
	return k
}

// authMethods returns the configured endpoint auth methods; the token
// endpoint's defaults to none (public) or client_secret_basic.
func (k *clientCheck) authMethods() []authMethod {
	var out []authMethod
	for _, e := range authEndpoints {
		if e != "token" && k.ver.less(v4390) {
			break // the other endpoints' options came with 4.39 (reported as too new)
		}
		m := authMethod{endpoint: e, method: k.opt(e + "_endpoint_auth_method"), alg: k.opt(e + "_endpoint_auth_signing_alg")}
		m.name = m.method.Text
		if m.name == "" && e != "token" {
			continue
		}
		if m.name == "" {
			m.name = "client_secret_basic"
			if k.public {
				m.name = "none"
			}
		}
		out = append(out, m)
	}
	return out
}

// tokenMethod is the token endpoint's effective auth method.
func (k *clientCheck) tokenMethod() authMethod { return k.methods[0] }

// defaultGrantTypes derives grant types from response types as Authelia
// does when grant_types is not configured.
func defaultGrantTypes(responseTypes []string) []string {
	var out []string
	add := func(g string) {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	for _, rt := range responseTypes {
		switch {
		case rt == "code":
			add("authorization_code")
		case slices.Contains(implicitResponseTypes, rt):
			add("implicit")
		case slices.Contains(hybridResponseTypes, rt):
			add("authorization_code")
			add("implicit")
		}
	}
	return out
}

var (
	implicitResponseTypes = []string{"id_token", "token", "id_token token"}
	hybridResponseTypes   = []string{"code id_token", "code token", "code id_token token"}
	// codeResponseTypes issue an authorization code, which refresh tokens
	// and offline access need.
	codeResponseTypes = []string{"code", "code id_token", "code token", "code id_token token"}
)

func containsAny(list, wanted []string) bool {
	for _, w := range wanted {
		if slices.Contains(list, w) {
			return true
		}
	}
	return false
}

// run evaluates every client rule. A fragment whose client no block
// defines is one finding (orphan), not the rules of a client checked
// without its definition: it is checked with the definition it was meant
// for, or not at all when the guide has none.
func (k *clientCheck) run() {
	if k.orphan() {
		return
	}
	k.identity()
	if !k.typeUnknown {
		k.clientType()
		k.secretRules()
		k.endpointAuth()
	}
	k.references()
	k.scopeRules()
	k.flows()
	k.codeFlow()
	k.pkcePlain()
	k.duplicates()
	k.uris()
	k.signing()
	k.encryption()
	k.keys()
	if k.bearer && !k.typeUnknown {
		k.bearerRules()
	}
}
