package authelia

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/guide/yamlpos"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// Value is one scalar of a snippet's Authelia configuration, such as a
// client's client_id or one of its redirect_uris, with where it is written.
// The zero Value stands for an option that is absent or null.
type Value struct {
	Text     string      // the value without YAML quoting
	Set      bool        // the option is present with a non-null value
	Span     source.Span // the value token in the guide file, quotes included
	KeySpan  source.Span // the option's key in the guide file; zero for list entries
	TextSpan source.Span // the value token in Snippet.Text

	snip      *snippet.Snippet
	key, node *yaml.Node
	lines     *textLines
}

// Client is one entry of identity_providers.oidc.clients in a snippet. Its
// fields hold the options other checkers compare with the application's
// side; Option and Options give any other option. Renamed keys (id, secret,
// description, …) are read under their new names when the new key is absent,
// as Authelia maps them.
type Client struct {
	Snippet *snippet.Snippet
	Index   int         // position in the clients list, from 0
	Span    source.Span // the entry's first key in the guide file

	ID                      Value
	Name                    Value
	Secret                  Value
	Public                  Value
	AuthorizationPolicy     Value
	ClaimsPolicy            Value
	TokenEndpointAuthMethod Value
	PKCEChallengeMethod     Value
	RequirePKCE             Value
	MultipleAuthMethods     Value // allow_multiple_auth_methods
	IDTokenAlg              Value // id_token_signed_response_alg
	UserinfoAlg             Value // userinfo_signed_response_alg
	RedirectURIs            []Value
	Scopes                  []Value
	GrantTypes              []Value
	ResponseTypes           []Value
	Audience                []Value

	node    *yaml.Node // the entry's mapping
	entries []pair
	lines   *textLines
	// meant maps a client option to the misspelt key the entry writes in
	// its place ("toen_endpoint_auth_method"), when the misspelling is
	// clear and the option itself is absent: the walker reports the key,
	// and the rules read the option the writer meant rather than report
	// its absence too.
	meant map[string]pair
}

// renamedFrom maps a client option to the deprecated key Authelia reads in
// its place when it is absent (reference §2).
var renamedFrom = map[string]string{
	"client_id":                    "id",
	"client_secret":                "secret",
	"client_name":                  "description",
	"sector_identifier_uri":        "sector_identifier",
	"userinfo_signed_response_alg": "userinfo_signing_algorithm",
}

// IsPublic reports whether the client is configured as a public client.
func (c *Client) IsPublic() bool { return c.Public.Bool() }

// RefusesCodeFlow reports whether the client has the authorization_code
// grant and redirect URIs, but response types none of which issues a
// code: the application's code-flow login is refused, which the checker
// reports at the response types (authelia-response-types-no-code).
func (c *Client) RefusesCodeFlow() bool {
	rts, _ := c.Options("response_types")
	grants, _ := c.Options("grant_types")
	uris, _ := c.Options("redirect_uris")
	if len(rts) == 0 || len(uris) == 0 || !slices.ContainsFunc(grants, func(v Value) bool { return v.Text == "authorization_code" }) {
		return false
	}
	for _, rt := range rts {
		t := rt.Text
		if meant := caseVariant(t, codeResponseTypes); meant != "" {
			t = meant
		}
		if slices.Contains(codeResponseTypes, t) || slices.Contains(codeResponseTypes, strings.Join(strings.Fields(t), " ")) {
			return false
		}
	}
	return true
}

// Bool reports whether the value is true as Authelia's decoder reads a
// boolean option: YAML's true (True, TRUE), or a string strconv.ParseBool
// takes as true ('true', 1).
func (v Value) Bool() bool {
	b, err := strconv.ParseBool(v.Text)
	return v.Set && err == nil && b
}

// ValueSpan returns the span in the guide of the value's characters:
// inside the quotes of a quoted scalar when the text holds the value
// verbatim there (no escape), else as yamlpos.ValueSpanAt locates it. The
// zero Span for an absent option.
func (v Value) ValueSpan() source.Span {
	if !v.Set || v.lines == nil || v.node == nil {
		return source.Span{}
	}
	n := resolve(v.node)
	if n == nil || n.Line <= 0 {
		return source.Span{}
	}
	sp := yamlpos.ValueSpanAt(v.snip.Text, v.lines.offset(n.Line, n.Column), n)
	if v.Text != n.Value {
		sp = v.TextSpan // one part of a string split at commas
	}
	return v.snip.GuideSpan(sp)
}

// Has reports whether option key is written in the entry (a renamed key
// counts for its new name), even with a null value.
func (c *Client) Has(key string) bool {
	_, ok := c.entry(key)
	return ok
}

// Option returns the scalar option key; the zero Value when it is absent,
// null or not a scalar.
func (c *Client) Option(key string) Value {
	p, ok := c.entry(key)
	if !ok {
		return Value{}
	}
	v := c.value(p.value)
	v.key = p.key
	v.KeySpan = c.lines.guideSpan(p.key)
	return v
}

// Options returns the entries of list option key, and whether the option is
// present with a non-null value. A single string is a list too: Authelia
// splits it at commas (a value without commas, such as one redirect URI,
// yields one entry, whose span is the whole string). Entries that are not
// scalars are left out.
func (c *Client) Options(key string) ([]Value, bool) {
	p, ok := c.entry(key)
	if !ok || isNull(p.value) {
		return nil, false
	}
	if r := resolve(p.value); r.Kind == yaml.ScalarNode {
		whole := c.value(p.value)
		if r.Tag != "!!str" || !strings.Contains(r.Value, ",") {
			return []Value{whole}, true
		}
		var out []Value
		for _, part := range strings.Split(r.Value, ",") {
			v := whole
			v.Text = part
			out = append(out, v)
		}
		return out, true
	}
	// The scalars of the list (scalarList), without a slice of them.
	its := items(p.value)
	n := 0
	for _, it := range its {
		if _, ok := scalar(it); ok {
			n++
		}
	}
	out := make([]Value, 0, n)
	for _, it := range its {
		if _, ok := scalar(it); ok {
			out = append(out, c.value(it))
		}
	}
	return out, true
}

func (c *Client) entry(key string) (pair, bool) {
	for _, p := range c.entries {
		if p.key.Value == key {
			return p, true
		}
	}
	if old, ok := renamedFrom[key]; ok {
		for _, p := range c.entries {
			if p.key.Value == old {
				return p, true
			}
		}
	}
	if p, ok := c.meant[key]; ok {
		return p, true
	}
	return pair{}, false
}

// clientOptionNames lists the options of a client, for suggestions.
var clientOptionNames = sync.OnceValue(func() []string {
	fs := clientObject.fields()
	names := make([]string, 0, len(fs))
	for _, f := range fs {
		names = append(names, f.name)
	}
	return names
})

// maxMisspelt bounds the unknown keys of a client looked at as
// misspellings: an entry with more is not a misspelt client (a mapping of
// other keys merged in, say), and each costs an edit distance per option.
const maxMisspelt = 4

// misspelt returns the options the unknown keys of entries clearly
// misspell, when those options are absent (see Client.meant).
func misspelt(entries []pair) map[string]pair {
	var out map[string]pair
	unknown := 0
	for _, p := range entries {
		if _, ok := clientObject.lookup(p.key.Value); ok {
			continue
		}
		if unknown++; unknown > maxMisspelt {
			return nil
		}
		best, clear := suggest(p.key.Value, clientOptionNames())
		if snake := snakeCase(p.key.Value); snake != p.key.Value {
			// tokenEndpointAuthMethod: the option in the application's
			// naming convention.
			if _, ok := clientObject.lookup(snake); ok {
				best, clear = snake, true
			}
		}
		if !clear || hasKey(entries, best) {
			continue
		}
		if _, renamed := renamedFrom[best]; renamed {
			if old := renamedFrom[best]; hasKey(entries, old) {
				continue
			}
		}
		if out == nil {
			out = map[string]pair{}
		}
		if _, twice := out[best]; !twice {
			out[best] = p
		}
	}
	return out
}

// snakeCase writes a camelCase name in snake_case (tokenEndpointAuthMethod
// → token_endpoint_auth_method); other names are returned as they are.
func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// value makes a Value of scalar node n.
func (c *Client) value(n *yaml.Node) Value {
	s, ok := scalar(n)
	if !ok {
		return Value{snip: c.Snippet, node: n}
	}
	ts := c.lines.tokenSpan(n)
	return Value{Text: s, Set: true, Span: c.Snippet.GuideSpan(ts), TextSpan: ts, snip: c.Snippet, node: n, lines: c.lines}
}

// newClient reads the entry m at position i of a clients list.
func newClient(t *textLines, m *yaml.Node, i int) Client {
	c := Client{Snippet: t.s, Index: i, node: m, entries: pairs(m), lines: t}
	c.meant = misspelt(c.entries)
	if len(c.entries) > 0 {
		c.Span = t.guideSpan(c.entries[0].key)
	}
	c.ID = c.Option("client_id")
	c.Name = c.Option("client_name")
	c.Secret = c.Option("client_secret")
	c.Public = c.Option("public")
	c.AuthorizationPolicy = c.Option("authorization_policy")
	c.ClaimsPolicy = c.Option("claims_policy")
	c.TokenEndpointAuthMethod = c.Option("token_endpoint_auth_method")
	c.PKCEChallengeMethod = c.Option("pkce_challenge_method")
	c.RequirePKCE = c.Option("require_pkce")
	c.MultipleAuthMethods = c.Option("allow_multiple_auth_methods")
	c.IDTokenAlg = c.Option("id_token_signed_response_alg")
	c.UserinfoAlg = c.Option("userinfo_signed_response_alg")
	c.RedirectURIs, _ = c.Options("redirect_uris")
	c.Scopes, _ = c.Options("scopes")
	c.GrantTypes, _ = c.Options("grant_types")
	c.ResponseTypes, _ = c.Options("response_types")
	c.Audience, _ = c.Options("audience")
	return c
}

// anchor is the node client-level findings are reported at: the client_id
// key, else the entry's first key.
func (c *Client) anchor() *yaml.Node {
	if c.ID.key != nil {
		return c.ID.key
	}
	if len(c.entries) > 0 {
		return c.entries[0].key
	}
	return c.node
}

// config is a snippet that holds Authelia configuration: its parsed
// documents and the clients of each.
type config struct {
	snip    *snippet.Snippet
	lines   *textLines
	docs    []*yaml.Node // document root mappings
	clients [][]Client   // per document
	hasIdP  bool         // a document has a top-level identity_providers key
	// lostClients is set when a document has a clients list two levels
	// down under other keys than identity_providers.oidc (a misspelt
	// parent, reported as unknown): the clients it defines are unread.
	lostClients bool
	// moved holds the keys written one level out of the entry they belong
	// to, which parseConfig put back there (see reattach).
	moved map[*yaml.Node]misplaced
}

// isConfigSnippet reports whether s may hold Authelia configuration: a YAML
// fence, or a block titled configuration.yml.
func isConfigSnippet(s *snippet.Snippet) bool {
	return s.LangFormat() == snippet.YAML || isConfigTitle(s)
}

// loadConfig parses s when it may hold Authelia configuration: the YAML
// documents of s that are Authelia's configuration file, whole or in part
// (isAutheliaDocument). Elision lines ("...") and template actions are
// masked first (maskElisions, maskTemplates): Authelia's template filter
// expands the actions before it parses the file.
func loadConfig(s *snippet.Snippet) (*config, bool) {
	if !mayBeConfig(s) {
		return nil, false
	}
	return parseConfig(s)
}

// configKey is the key of a snippet's config among its memos.
type configKey struct{}

type configResult struct {
	cfg *config
	ok  bool
	// foreign is a snippet that parses and none of whose documents is
	// Authelia's configuration (see ReadSnippet).
	foreign bool
}

// parseConfig is loadConfig after its cheap test. The config is read once
// per snippet (snippet.Memo) for the checkers that read it: reattach moves
// misplaced keys in the parse they share, so a second reading would no
// longer see them where the guide writes them.
func parseConfig(s *snippet.Snippet) (*config, bool) {
	r := configOf(s)
	return r.cfg, r.ok
}

// configOf is readConfig, once per snippet.
func configOf(s *snippet.Snippet) configResult {
	return s.Memo(configKey{}, func() any {
		cfg, ok, foreign := readConfig(s)
		return configResult{cfg, ok, foreign}
	}).(configResult)
}

// readConfig is parseConfig without the memo.
func readConfig(s *snippet.Snippet) (_ *config, ok, foreign bool) {
	text, elided := maskElisions(s.Text)
	text, templated := maskTemplates(text)
	var docs []*yaml.Node
	if elided || templated {
		docs, ok = parseDocuments(text)
	} else {
		docs, ok = sharedDocuments(s) // the parse the other checkers use
	}
	if !ok {
		return nil, false, false
	}
	foreign = true
	cfg := &config{snip: s, lines: newTextLines(s), moved: map[*yaml.Node]misplaced{}}
	titled := isConfigTitle(s)
	budget := maxReattach
	for _, d := range docs {
		root := resolve(d)
		if root == nil || root.Kind != yaml.MappingNode {
			foreign = false // not a mapping: not clearly another program's
			continue
		}
		_, idp := lookup(root, "identity_providers")
		if !idp && !isAutheliaDocument(root, titled) {
			continue
		}
		reattach(root, rootObject, "", cfg.moved, &budget)
		cfg.docs = append(cfg.docs, root)
		cfg.lostClients = cfg.lostClients || lostClients(root)
		var cs []Client
		if p, ok := lookup(root, "identity_providers"); ok {
			cfg.hasIdP = true
			if cl, ok := lookupPath(p.value, "oidc", "clients"); ok {
				// An entry listed again through an alias is read once:
				// reading each of n aliases of an entry of n options
				// cost the square of the snippet.
				// made holds the index in cs of each entry's first
				// client; cs has room for every entry.
				made := map[*yaml.Node]int{}
				its := items(cl.value)
				cs = make([]Client, 0, len(its))
				for i, it := range its {
					m := resolve(it)
					if m == nil || m.Kind != yaml.MappingNode {
						continue
					}
					if j, ok := made[m]; ok {
						again := cs[j]
						again.Index = i
						cs = append(cs, again)
						continue
					}
					made[m] = len(cs)
					cs = append(cs, newClient(cfg.lines, m, i))
				}
				if len(cs) == 0 {
					cs = nil // as before any client: no list
				}
			}
		}
		cfg.clients = append(cfg.clients, cs)
	}
	return cfg, len(cfg.docs) > 0, foreign && len(cfg.docs) == 0
}

// lostClients reports whether root has a clients key under two other keys
// than identity_providers and oidc.
func lostClients(root *yaml.Node) bool {
	for _, p := range pairs(root) {
		for _, q := range pairs(p.value) {
			if _, ok := lookup(q.value, "clients"); ok && (p.key.Value != "identity_providers" || q.key.Value != "oidc") {
				return true
			}
		}
	}
	return false
}

// mayBeConfig is the cheap test before parsing: a YAML block titled as
// Authelia's configuration file, or one whose top-level keys look like it.
func mayBeConfig(s *snippet.Snippet) bool {
	return isConfigSnippet(s) && (isConfigTitle(s) || mentionsConfig(s.Text))
}

// isConfigTitle reports whether s is titled as Authelia's configuration file.
func isConfigTitle(s *snippet.Snippet) bool {
	switch strings.ToLower(s.FileName()) {
	case "configuration.yml", "configuration.yaml":
		return true
	}
	return false
}

// mentionsConfig is a cheap test, before parsing, for a top-level key of
// Authelia's configuration, or a near miss of one (a misspelt section is
// still a configuration to check): it looks at the keys written at the
// start of a line only.
func mentionsConfig(text []byte) bool {
	if bytes.Contains(text, []byte("identity_providers")) {
		return true
	}
	for keys := 0; len(text) > 0 && keys < maxRootKeys; {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		if key, ok := topLevelKey(line); ok {
			if rootKeyLike(key) {
				return true
			}
			keys++
		}
	}
	return false
}

// maxRootKeys bounds the top-level keys mentionsConfig compares with the
// root keys (an edit distance each), so that a huge file of other keys costs
// bounded time: Authelia's configuration shows a root key among its first.
const maxRootKeys = 64

// topLevelKey returns the key a line starts when it is a block mapping
// key at column 0 ("server:").
func topLevelKey(line []byte) (string, bool) {
	i := 0
	for i < len(line) && (line[i] == '_' || line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z' || i > 0 && line[i] >= '0' && line[i] <= '9') {
		i++
	}
	if i == 0 || i == len(line) || line[i] != ':' || i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' && line[i+1] != '\r' {
		return "", false
	}
	return string(line[:i]), true
}

// ParseClients returns the clients of the identity_providers.oidc.clients
// lists in s (every YAML document), and whether s is an Authelia
// configuration snippet: a YAML block (or one titled configuration.yml) that
// parses and has a top-level identity_providers key.
func ParseClients(s *snippet.Snippet) ([]Client, bool) {
	cfg, ok := loadConfig(s)
	if !ok || !cfg.hasIdP {
		return nil, false
	}
	var out []Client
	for _, cs := range cfg.clients {
		out = append(out, cs...)
	}
	return out, true
}
