package authelia

import (
	"net/url"
	"slices"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"

	"gopkg.in/yaml.v3"
)

// guideContext is what the configuration snippets of one guide define
// together. Guides split Authelia's configuration over several blocks: a
// claims policy or custom scope in one, the client in another (reference
// §7.7), so references are resolved against all of them, like an overlay.
type guideContext struct {
	authzPolicies  map[string]bool
	lifespans      map[string]bool
	claimsPolicies map[string][]string // name → names of its custom claims
	scopes         map[string][]string // custom scope → its claims
	// nameDefs are where claims policies (policyDefs) and custom scopes
	// (scopeDefs) are defined: their keys and snippets, so that a name
	// misspelt where it is defined is reported there (see misspeltDef).
	policyDefs, scopeDefs []nameDef
	attributes            map[string]bool // definitions.user_attributes and backend extra attributes
	// backend is set when a snippet shows authentication_backend, which makes
	// "is this attribute known" decidable.
	backend bool
	// incomplete is set when a configuration block of the guide does not
	// parse (the syntax checker reports it): what it defines is unknown, so
	// an entry that adds options to a client defined nowhere else may be
	// adding them to the broken block, and is not reported.
	incomplete bool
	// illustrative is set for a page that names no tested version: a
	// reference page, whose blocks illustrate options ("contextual
	// examples") rather than a setup to copy. On such a page an entry that
	// adds options to a client nobody defines, and alternatives shown side
	// by side (jwks and jwks_uri, two notifiers), are illustrations, not
	// mistakes.
	illustrative bool
	ldap         *yaml.Node // authentication_backend.ldap, when shown
	// jwks lists the provider keys when a snippet shows them; guides usually
	// leave them out ("the other portions … go here"), and then rules that
	// need them are skipped.
	jwks      []jwkInfo
	jwksShown bool
	// definitions holds the non-fragment clients by client_id, for fragments
	// that add options to a client defined elsewhere in the guide.
	definitions map[string][]*Client
	// networks are the named networks the blocks define
	// (access_control.networks, definitions.network); networksShown says
	// whether any block defines some, which makes an unknown name decidable.
	networks      map[string]bool
	networksShown bool
	// autheliaRoot and appRoot are the Authelia Root URL and the
	// Application Root URL the guide's Assumptions state, or nil.
	autheliaRoot, appRoot *url.URL
	// pkcePlain is set when a block enables the plain PKCE challenge
	// (identity_providers.oidc.enable_pkce_plain_challenge: true).
	pkcePlain bool
	// facts are the spans of the guide where it states values: its code
	// blocks and list items (the Assumptions among them).
	facts []source.Span
}

// jwkInfo is what rules need of a provider or client key.
type jwkInfo struct {
	keyID, alg string
}

func newGuideContext(cfgs []*config) *guideContext {
	g := &guideContext{
		authzPolicies:  map[string]bool{},
		lifespans:      map[string]bool{},
		claimsPolicies: map[string][]string{},
		scopes:         map[string][]string{},
		attributes:     map[string]bool{},
		definitions:    map[string][]*Client{},
		networks:       map[string]bool{},
	}
	for _, cfg := range cfgs {
		for i, doc := range cfg.docs {
			g.addDocument(doc, cfg.snip)
			for j := range cfg.clients[i] {
				c := &cfg.clients[i][j]
				if c.ID.Text != "" && !isFragment(c) {
					g.definitions[c.ID.Text] = append(g.definitions[c.ID.Text], c)
				}
			}
		}
	}
	return g
}

func (g *guideContext) addDocument(doc *yaml.Node, snip *snippet.Snippet) {
	if p, ok := lookupPath(doc, "definitions", "network"); ok {
		g.networksShown = true
		addNames(g.networks, p.value)
	}
	if p, ok := lookupPath(doc, "access_control", "networks"); ok {
		g.networksShown = true
		for _, n := range items(p.value) {
			if s, ok := scalar(lookupValue(n, "name")); ok {
				g.networks[s] = true
			}
		}
	}
	if p, ok := lookupPath(doc, "definitions", "user_attributes"); ok {
		addNames(g.attributes, p.value)
	}
	if p, ok := lookup(doc, "authentication_backend"); ok {
		g.backend = true
		g.addBackend(p.value)
	}
	oidc, ok := lookupPath(doc, "identity_providers", "oidc")
	if !ok {
		return
	}
	if p, ok := lookup(oidc.value, "authorization_policies"); ok {
		addNames(g.authzPolicies, p.value)
	}
	if p, ok := lookup(oidc.value, "enable_pkce_plain_challenge"); ok {
		if s, ok := scalar(p.value); ok && trueText(s) {
			g.pkcePlain = true
		}
	}
	if p, ok := lookupPath(oidc.value, "lifespans", "custom"); ok {
		addNames(g.lifespans, p.value)
	}
	if p, ok := lookup(oidc.value, "claims_policies"); ok {
		for _, cp := range pairs(p.value) {
			g.claimsPolicies[cp.key.Value] = append(g.claimsPolicies[cp.key.Value], customClaimNames(cp.value)...)
			g.policyDefs = append(g.policyDefs, nameDef{cp.key, snip})
		}
	}
	if p, ok := lookup(oidc.value, "scopes"); ok {
		for _, sp := range pairs(p.value) {
			claims, _ := lookup(sp.value, "claims")
			g.scopes[sp.key.Value] = append(g.scopes[sp.key.Value], scalarTexts(claims.value)...)
			g.scopeDefs = append(g.scopeDefs, nameDef{sp.key, snip})
		}
	}
	if p, ok := lookup(oidc.value, "jwks"); ok {
		g.jwksShown = true
		g.jwks = append(g.jwks, jwkInfos(p.value)...)
	}
	if _, ok := lookup(oidc.value, "issuer_private_key"); ok {
		// Authelia turns the deprecated key into an RS256 jwks entry.
		g.jwksShown = true
		g.jwks = append(g.jwks, jwkInfo{alg: "RS256"})
	}
}

// addBackend records the extra attributes of the file or LDAP backend.
func (g *guideContext) addBackend(b *yaml.Node) {
	if p, ok := lookupPath(b, "file", "extra_attributes"); ok {
		addNames(g.attributes, p.value)
	}
	if p, ok := lookup(b, "ldap"); ok {
		g.ldap = p.value
		if ex, ok := lookupPath(p.value, "attributes", "extra"); ok {
			for _, e := range pairs(ex.value) {
				name := e.key.Value
				if n, ok := lookup(e.value, "name"); ok {
					if s, ok := scalar(n.value); ok && s != "" {
						name = s
					}
				}
				g.attributes[name] = true
			}
		}
	}
}

// attributeKnown reports whether a custom claim may map attribute name, as
// isUserAttributeValid does: a definition, an extra attribute, or a
// built-in attribute (with LDAP, only those with a configured mapping,
// except the five every LDAP configuration has).
func (g *guideContext) attributeKnown(name string) bool {
	if g.attributes[name] {
		return true
	}
	if !slices.Contains(builtinAttributes, name) {
		return false
	}
	if g.ldap == nil {
		return true
	}
	switch name {
	case "username", "display_name", "groups", "email", "emails":
		return true
	}
	p, ok := lookupPath(g.ldap, "attributes", name)
	if !ok {
		return false
	}
	s, _ := scalar(p.value)
	return s != ""
}

// customClaimNames returns the claim names a claims policy defines: each
// custom claim's name, or its key when it has none.
func customClaimNames(policy *yaml.Node) []string {
	cc, ok := lookup(policy, "custom_claims")
	if !ok {
		return nil
	}
	var names []string
	for _, p := range pairs(cc.value) {
		names = append(names, customClaimName(p))
	}
	return names
}

// customClaimName is the claim name of custom claim entry p.
func customClaimName(p pair) string {
	if n, ok := lookup(p.value, "name"); ok {
		if s, ok := scalar(n.value); ok && s != "" {
			return s
		}
	}
	return p.key.Value
}

func jwkInfos(list *yaml.Node) []jwkInfo {
	var out []jwkInfo
	for _, it := range items(list) {
		var k jwkInfo
		if p, ok := lookup(it, "key_id"); ok {
			k.keyID, _ = scalar(p.value)
		}
		if p, ok := lookup(it, "algorithm"); ok {
			k.alg, _ = scalar(p.value)
		}
		out = append(out, k)
	}
	return out
}

// jwksAlgs returns the algorithms of keys and whether every key names one
// (a key without algorithm gets one from its type at run time, which a
// snippet with placeholder keys cannot tell).
func jwksAlgs(keys []jwkInfo) ([]string, bool) {
	var algs []string
	for _, k := range keys {
		if k.alg == "" {
			return nil, false
		}
		if !slices.Contains(algs, k.alg) {
			algs = append(algs, k.alg)
		}
	}
	return algs, true
}

// jwksKeyIDs returns the key ids of keys and whether every key has one.
func jwksKeyIDs(keys []jwkInfo) ([]string, bool) {
	var ids []string
	for _, k := range keys {
		if k.keyID == "" {
			return nil, false
		}
		ids = append(ids, k.keyID)
	}
	return ids, true
}

func addNames(set map[string]bool, m *yaml.Node) {
	for _, p := range pairs(m) {
		set[p.key.Value] = true
	}
}

func scalarTexts(n *yaml.Node) []string {
	var out []string
	for _, it := range scalarList(n, false) {
		s, _ := scalar(it)
		out = append(out, s)
	}
	return out
}

// sortedKeys returns the keys of set, sorted, for messages.
func sortedKeys[V any](set map[string]V) []string {
	ks := make([]string, 0, len(set))
	for k := range set {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// fragmentKeys are the options that define a client's type and endpoints.
// An entry with none of them cannot work alone: guides use such entries to
// add options to a client defined in another block ("combine the following
// with the configuration above", the claims-hydration escape hatch).
var fragmentKeys = []string{"client_secret", "secret", "public", "token_endpoint_auth_method", "redirect_uris"}

// isFragment reports whether c only adds options to a client defined
// elsewhere.
func isFragment(c *Client) bool {
	for _, k := range fragmentKeys {
		for _, p := range c.entries {
			if p.key.Value == k {
				return false
			}
		}
	}
	return true
}

// baseOf returns the definition that fragment c adds options to: a client
// with the same client_id in another snippet of the guide.
func (g *guideContext) baseOf(c *Client) *Client {
	if c.ID.Text == "" || !isFragment(c) {
		return nil
	}
	for _, d := range g.definitions[c.ID.Text] {
		if d.Snippet != c.Snippet {
			return d
		}
	}
	return nil
}
