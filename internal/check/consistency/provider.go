package consistency

import (
	"path"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/check/authelia"
	"github.com/guidec/guidec/internal/snippet"
	"gopkg.in/yaml.v3"
)

// autheliaRootKeys are the top-level keys of Authelia's configuration. A
// YAML snippet whose root keys are all among them is Authelia configuration
// (an overlay such as a claims policy or an access-control rule) and never
// the application's.
var autheliaRootKeys = map[string]bool{
	"identity_providers": true, "definitions": true, "authentication_backend": true, "access_control": true,
	"session": true, "storage": true, "notifier": true, "server": true, "totp": true, "webauthn": true,
	"duo_api": true, "identity_validation": true, "regulation": true, "ntp": true, "log": true,
	"theme": true, "password_policy": true, "privacy_policy": true, "telemetry": true,
	"certificates_directory": true, "default_2fa_method": true, "jwt_secret": true,
	"default_redirection_url": true,
}

// isYAML reports whether s is YAML by its language or file name.
func isYAML(s *snippet.Snippet) bool {
	switch s.Lang {
	case "yaml", "yml":
		return true
	}
	ext := strings.ToLower(path.Ext(s.FileName()))
	return ext == ".yml" || ext == ".yaml"
}

// isAutheliaConfigName reports whether s is titled like Authelia's
// configuration file.
func isAutheliaConfigName(s *snippet.Snippet) bool {
	switch strings.ToLower(s.FileName()) {
	case "configuration.yml", "configuration.yaml":
		return true
	}
	return false
}

// providerClients returns the clients of s when s is Authelia configuration
// (ok == true even when it defines no clients or does not parse: such a
// snippet is not the application's either). misplaced reports a client
// option directly under identity_providers.oidc, where the writer's
// indentation left it outside its client (the authelia checker reports it).
func providerClients(s *snippet.Snippet) (clients []client, ok, misplaced bool) {
	if !isYAML(s) && !isAutheliaConfigName(s) {
		return nil, false, false
	}
	docs, parsed := parseYAML(s.Text)
	if !parsed {
		return nil, isAutheliaConfigName(s), false
	}
	// A block titled configuration.yml is Authelia's unless none of its
	// documents is, by the authelia checker's judgement: Opengist's own
	// configuration.yml (external-url, oidc.secret) is the application's.
	ok = isAutheliaConfigName(s) && slices.ContainsFunc(docs, func(d *yaml.Node) bool {
		return d.Kind != yaml.MappingNode || authelia.IsConfigDocument(d, true)
	})
	b := newYAMLBuf(s, 0, len(s.Text))
	seen := map[*yaml.Node]bool{}
	for _, d := range docs {
		if !isAutheliaRoot(d) {
			continue
		}
		ok = true
		if oidc := dig(d, "identity_providers", "oidc"); oidc != nil && oidc.Kind == yaml.MappingNode {
			for i := 0; i < len(oidc.Content); i += 2 {
				misplaced = misplaced || authelia.ClientOnlyOption(oidc.Content[i].Value)
			}
		}
		list := dig(d, "identity_providers", "oidc", "clients")
		if list == nil || list.Kind != yaml.SequenceNode {
			continue
		}
		for _, c := range list.Content {
			// A client listed again through an alias is the same
			// client: reading it again would only repeat its values.
			if c = deref(c); seen[c] {
				continue
			}
			seen[c] = true
			if cl, found := parseClient(b, c); found {
				clients = append(clients, cl)
			}
		}
	}
	return clients, ok, misplaced
}

// isAutheliaRoot reports whether every top-level key of d is an Authelia
// configuration key.
func isAutheliaRoot(d *yaml.Node) bool {
	if d.Kind != yaml.MappingNode || len(d.Content) == 0 {
		return false
	}
	for i := 0; i < len(d.Content); i += 2 {
		if !autheliaRootKeys[d.Content[i].Value] {
			return false
		}
	}
	return true
}

// parseClient reads one client mapping. Authelia's deprecated names (id,
// secret) are auto-mapped by Authelia 4.38+, so they count too.
func parseClient(b *yamlBuf, n *yaml.Node) (client, bool) {
	if n == nil || n.Kind != yaml.MappingNode {
		return client{}, false
	}
	id := scalar(lookup(n, "client_id"), lookup(n, "id"))
	if id == nil {
		return client{}, false
	}
	c := client{ID: b.value(id)}
	if sec := scalar(lookup(n, "client_secret"), lookup(n, "secret")); sec != nil && sec.Value != "" {
		v := b.value(sec)
		c.Secret = &v
	}
	if pub := scalar(lookup(n, "public")); pub != nil {
		var b bool
		c.Public = pub.Decode(&b) == nil && b
	}
	c.RedirectURIs = stringList(b, lookup(n, "redirect_uris"))
	c.Scopes = stringList(b, lookup(n, "scopes"))
	if k := keyNode(n, "scopes"); k != nil {
		v := b.value(k)
		c.ScopesKey = &v
	}
	c.AuthMethod = optValue(b, n, "token_endpoint_auth_method")
	c.PKCEMethod = optValue(b, n, "pkce_challenge_method")
	c.IDTokenAlg = optValue(b, n, "id_token_signed_response_alg")
	c.UserinfoAlg = optValue(b, n, "userinfo_signed_response_alg")
	c.ResponseTypes = stringList(b, lookup(n, "response_types"))
	c.RequirePKCE = boolOpt(n, "require_pkce")
	c.MultiAuth = boolOpt(n, "allow_multiple_auth_methods")
	return c, true
}

// scalar returns the first of ns that is a scalar node.
func scalar(ns ...*yaml.Node) *yaml.Node {
	for _, n := range ns {
		if n = deref(n); n != nil && n.Kind == yaml.ScalarNode {
			return n
		}
	}
	return nil
}

// stringList returns the scalars of a sequence, or the scalar itself (the
// schema also accepts a single string).
func stringList(b *yamlBuf, n *yaml.Node) []value {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if n.Tag == "!!null" {
			return nil
		}
		return []value{b.value(n)}
	}
	var out []value
	if n.Kind == yaml.SequenceNode {
		for _, e := range n.Content {
			if e = deref(e); e.Kind == yaml.ScalarNode {
				out = append(out, b.value(e))
			}
		}
	}
	return out
}

// optValue returns the non-empty scalar value of key in n, or nil.
func optValue(b *yamlBuf, n *yaml.Node, key string) *value {
	if v := scalar(lookup(n, key)); v != nil && v.Value != "" && v.Tag != "!!null" {
		val := b.value(v)
		return &val
	}
	return nil
}

// boolOpt reports whether key is true in n.
func boolOpt(n *yaml.Node, key string) bool {
	var b bool
	v := scalar(lookup(n, key))
	return v != nil && v.Decode(&b) == nil && b
}

// keyNode returns the key node of key in mapping n, or nil.
func keyNode(n *yaml.Node, key string) *yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}
