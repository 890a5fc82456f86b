package authelia

import (
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Snippet is what one snippet states as Authelia's configuration, for the
// checkers that compare the provider's side with the rest of the guide
// (check/consistency): the package that knows Authelia's keys reads them,
// so that another provider would be another package with the same answer.
type Snippet struct {
	// Config says the snippet is Authelia's configuration, even when it
	// defines no client or does not parse: a snippet titled as Authelia's
	// configuration file, or a YAML document that is Authelia's, whole
	// or in part. Such a snippet is never the application's.
	Config bool
	// Clients are the entries of identity_providers.oidc.clients, each
	// once (an alias of an entry listed before is the same client).
	Clients []Client
	// Misplaced says a client option is written directly under
	// identity_providers.oidc, where the writer's indentation left it
	// outside its client: a client's facts are then not what Authelia
	// reads (the authelia checker reports it). It is also set when a
	// clients list sits under a misspelt parent (identity_provider,
	// openid_connect), whose clients are not read at all.
	Misplaced bool
	// PKCEPlain says a document enables the plain PKCE challenge
	// (identity_providers.oidc.enable_pkce_plain_challenge: true).
	PKCEPlain bool
}

// ReadSnippet returns what s states as Authelia's configuration. It reads
// YAML snippets (by their language or their title's extension) and
// snippets titled as Authelia's configuration file, from the parse the
// authelia checker makes (read once per snippet).
//
// The answer is kept with the snippet's parse (snippet.Memo): three of the
// consistency checker's readings ask for it, and a Client is large. Its
// Clients are shared, never to be modified.
func ReadSnippet(s *snippet.Snippet) Snippet {
	if !yamlByLangOrTitle(s) && !isConfigTitle(s) {
		return Snippet{} // before the memo, which parses the snippet
	}
	// The configuration's own memo first: Memo holds the snippet's lock
	// while it computes, so readSnippet must not ask for it.
	r := configOf(s)
	return s.Memo(readKey{}, func() any { return readSnippet(s, r) }).(Snippet)
}

// readKey names ReadSnippet's answer among a snippet's memos.
type readKey struct{}

// readSnippet is ReadSnippet without the memo, from r, s's configOf.
func readSnippet(s *snippet.Snippet, r configResult) Snippet {
	out := Snippet{Config: isConfigTitle(s)}
	cfg, ok := r.cfg, r.ok
	if !ok {
		// A block titled configuration.yml none of whose documents is
		// Authelia's is another program's: Opengist's configuration.yml
		// (external-url, oidc.secret) is the application's.
		out.Config = out.Config && !r.foreign
		return out
	}
	out.Config = true
	out.Misplaced = cfg.lostClients
	for k, m := range cfg.moved {
		if m.from == "identity_providers.oidc" && ClientOnlyOption(k.Value) {
			out.Misplaced = true
		}
	}
	seen := map[*yaml.Node]bool{}
	n := 0
	for _, cs := range cfg.clients {
		n += len(cs)
	}
	if n > 0 {
		// Room for every client: a Client is large, and growing the list
		// copied them again and again.
		out.Clients = make([]Client, 0, n)
	}
	for i, doc := range cfg.docs {
		if p, ok := lookupPath(doc, "identity_providers", "oidc"); ok {
			for _, q := range pairs(p.value) {
				out.Misplaced = out.Misplaced || ClientOnlyOption(q.key.Value)
			}
			if e, ok := lookup(p.value, "enable_pkce_plain_challenge"); ok {
				if v, ok := scalar(e.value); ok && trueText(v) {
					out.PKCEPlain = true
				}
			}
		}
		for _, c := range cfg.clients[i] {
			if !seen[c.node] {
				seen[c.node] = true
				out.Clients = append(out.Clients, c)
			}
		}
	}
	return out
}

// yamlByLangOrTitle reports whether s is YAML by its language, or by its
// title whatever its language (a fence labelled with another format that
// holds the YAML its title names).
func yamlByLangOrTitle(s *snippet.Snippet) bool {
	return s.LangFormat() == snippet.YAML || s.TitleFormat() == snippet.YAML
}

// ScopesKey returns the span in the guide of the client's scopes key, or
// the zero Span when it has none: where a finding about a client's scopes
// goes when the list holds no entry to point at.
func (c *Client) ScopesKey() source.Span { return c.Option("scopes").KeySpan }

// IsFragment reports whether the entry only adds options to a client
// defined in another block ("combine with the configuration above", the
// claims-hydration escape hatch): it sets none of a client's secret,
// public, token_endpoint_auth_method and redirect_uris.
func (c *Client) IsFragment() bool { return isFragment(c) }
