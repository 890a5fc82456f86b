package consistency

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/check/authelia"
	"github.com/guidec/guidec/internal/snippet"
)

// isYAML reports whether s is YAML by its language or file name.
func isYAML(s *snippet.Snippet) bool {
	return s.LangFormat() == snippet.YAML || s.TitleFormat() == snippet.YAML
}

// providerClients returns the clients of s when s is the provider's
// configuration, as the provider's package reads them (ok == true even
// when it defines no clients or does not parse: such a snippet is not the
// application's either). misplaced reports a client option left outside
// its client by the writer's indentation (the provider's checker reports
// it).
func providerClients(s *snippet.Snippet) (clients []client, ok, misplaced bool) {
	ps := authelia.ReadSnippet(s)
	for i := range ps.Clients {
		if c, found := clientFacts(&ps.Clients[i]); found {
			clients = append(clients, c)
		}
	}
	return clients, ps.Config, ps.Misplaced
}

// clientFacts converts a client of the provider's package into the facts
// the rules compare; found is false for an entry without a client id.
func clientFacts(a *authelia.Client) (client, bool) {
	if !a.ID.Set {
		return client{}, false
	}
	c := client{ID: providerValue(a.ID), Public: a.IsPublic(), Fragment: a.IsFragment()}
	// 'romm ' is romm with a stray blank, which the provider's checker
	// reports (authelia-client-id-charset): the rules compare the id meant.
	if t := strings.TrimSpace(c.ID.Text); t != c.ID.Text && literalID(t) {
		c.ID.Text = t
	}
	if a.Secret.Set && a.Secret.Text != "" {
		v := providerValue(a.Secret)
		c.Secret = &v
	}
	c.RedirectURIs = providerValues(a.RedirectURIs)
	c.Scopes = providerValues(a.Scopes)
	if k := a.ScopesKey(); k.Len() > 0 {
		c.ScopesKey = &value{Text: "scopes", Span: k}
	}
	c.AuthMethod = optFact(a.TokenEndpointAuthMethod)
	c.PKCEMethod = optFact(a.PKCEChallengeMethod)
	c.IDTokenAlg = optFact(a.IDTokenAlg)
	c.UserinfoAlg = optFact(a.UserinfoAlg)
	c.ResponseTypes = providerValues(a.ResponseTypes)
	c.CodeRefused = a.RefusesCodeFlow()
	c.Audience = providerValues(a.Audience)
	c.RequirePKCE = a.RequirePKCE.Bool()
	c.MultiAuth = a.MultipleAuthMethods.Bool()
	return c, true
}

// providerValue is v as a value: its text, at its characters in the guide.
func providerValue(v authelia.Value) value { return value{Text: v.Text, Span: v.ValueSpan()} }

func providerValues(vs []authelia.Value) []value {
	var out []value
	for _, v := range vs {
		out = append(out, providerValue(v))
	}
	return out
}

// optFact is the value of a non-empty option, or nil.
func optFact(v authelia.Value) *value {
	if !v.Set || v.Text == "" {
		return nil
	}
	f := providerValue(v)
	return &f
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
