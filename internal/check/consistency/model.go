package consistency

import (
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/check/authelia"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// value is one literal of the guide as a reader sees it (site variables
// replaced by their nojs values) and the span of its text in the guide file.
type value struct {
	Text string
	Span source.Span
}

// kind says what an app-side value is.
type kind int

const (
	kindNone         kind = iota
	kindClientID          // the client id the application sends
	kindSecret            // the client secret the application sends
	kindRedirect          // a redirect (callback) URI the application uses
	kindIssuer            // the issuer, discovery document or provider base URL
	kindEndpoint          // an Authelia endpoint (authorization, token, userinfo, jwks…)
	kindScope             // the scopes the application requests
	kindAuthMethod        // how the application authenticates at the token endpoint
	kindPKCE              // whether the application uses PKCE (a boolean)
	kindPKCEMethod        // the PKCE challenge method the application uses
	kindResponseType      // the response type the application requests
	kindSigningAlg        // the ID Token (or userinfo) signing algorithm the application expects
	kindAppURL            // the application's own root URL
	kindAudience          // the audience the application requires in the tokens it receives
)

func (k kind) String() string {
	return [...]string{"value", "client id", "client secret", "redirect URI", "issuer URL", "endpoint URL",
		"scope", "token endpoint auth method", "PKCE setting", "PKCE challenge method", "response type",
		"signing algorithm", "application URL", "audience"}[k]
}

// appValue is a value found on the application side: a key of an app
// configuration snippet, or a list item outside the Assumptions such as
// "Client ID: romm" in step-by-step UI instructions.
type appValue struct {
	Kind  kind
	Key   string // the key as written (OIDC_CLIENT_ID), or the item's label
	Where string // the snippet's file name or "the instructions", for messages
	Group int    // values of one snippet share a group; -1 for instructions
	// Parents is the normalised path of the mappings or sections the key
	// is in ("" at the top level and for instructions): keys with the
	// same Group and Parents configure the same thing.
	Parents string
	Value   value
	// Label is set for a value of the instructions given under a label
	// (a Web GUI step's item, a table row): its Key is the form field's
	// name as the guide spells it.
	Label bool
	// norm is Key normalised (normalizeKey), which most rules read: made
	// once with the value (see normKey).
	norm string
}

// normKey returns the normalised key of a. Values made without it (or
// whose key normalises to "") normalise it here; normalizeKey of a
// normalised key is that key, so callers may normalise it again.
func (a appValue) normKey() string {
	if a.norm == "" {
		return normalizeKey(a.Key)
	}
	return a.norm
}

// client is one entry of identity_providers.oidc.clients.
type client struct {
	ID           value
	Secret       *value // nil when absent or empty
	Public       bool
	RedirectURIs []value
	// Options the application must agree with; nil or empty when unset.
	Scopes        []value
	ScopesKey     *value // the scopes key, for clients without entries
	AuthMethod    *value
	MultiAuth     bool // allow_multiple_auth_methods
	RequirePKCE   bool
	PKCEMethod    *value
	ResponseTypes []value
	// CodeRefused: the client has the code grant but no response type
	// that issues a code, which the provider's checker reports.
	CodeRefused bool
	// PlainRefused: the client's PKCE method is plain, which no block of
	// the guide enables on the provider.
	PlainRefused bool
	Audience     []value // the audiences the client may be granted
	IDTokenAlg   *value
	UserinfoAlg  *value
	// Fragment: the entry only adds options to a client defined in
	// another block (the provider's package decides: no secret, public,
	// auth method or redirect URIs).
	Fragment bool
	// Hatch is set for a fragment that completes a client (a shortcode's
	// escape hatch, a block "combined with the configuration above"): a
	// statement of the client id, not a client of its own.
	Hatch bool
	// snippet is the Index of the snippet that holds the entry.
	snippet int
}

// envVar is one environment variable from a .env snippet or a compose
// file's services.*.environment.
type envVar struct {
	Name  string
	Where string // the snippet's file name
	Value value
	// Block tells the variables of one .env snippet or one compose
	// environment from those of another of the same kind: two .env
	// snippets may be two things to set (a tip beside the variant), and
	// a compose file's database service has an environment of its own.
	Block int
}

// model is what the rules need to know about one guide.
type model struct {
	assume  assumptions
	clients []client
	hatches []client // client entries of escape hatches (see client.Hatch)
	app     []appValue
	// providerTexts are the texts of the provider's snippets (Authelia's
	// configuration), where a guide defines its custom claims.
	providerTexts [][]byte
	// listKeys are the keys of YAML lists that no rule reads as values:
	// each with the key itself as its value.
	listKeys []appValue
	// mapKeys are the keys of YAML and JSON mappings (oidc:, "openId": {),
	// each with the key itself as its value: checkKeyWords reads their words.
	mapKeys []appValue
	dotenv  []envVar // from .env snippets
	compose []envVar // from compose environment sections
	// runEnv holds the environment a service runs with beside Compose's:
	// the {name, value} variables of Kubernetes container env lists and
	// Helm values, a systemd unit's Environment= lines. No variant of
	// .env: a Secret or an EnvironmentFile may hold the rest.
	runEnv []envVar
	// proseURLs are the URLs that code spans of the instructions give
	// without a label naming them (checkProseRedirects).
	proseURLs []value
	// visited and anchorVisits bound the walks of YAML trees through
	// aliases (see treeWalker.enter); composeEnvs holds the compose
	// environments recorded (see addComposeEnv).
	visited      map[visit]bool
	anchorVisits map[*yaml.Node]int
	composeEnvs  map[*yaml.Node]bool
	// keepsQuotes holds the values whose quotes are part of the value, as
	// the reader's application reads it (a Compose list entry KEY='v').
	keepsQuotes map[source.Span]bool
	idx         *clientIndex // see index
	urls        urlMemo      // see urlMemo
	// providerBroken: a provider snippet does not parse, or a client
	// option sits outside its client. The provider's facts are then
	// incomplete (a client missing, an option read as its default), and
	// comparing the application with them would report the consequences
	// of the mistake the syntax or authelia checker already reports.
	providerBroken bool
}

// build extracts the model of the guide in p.
func build(p *check.Pass) *model {
	m := &model{assume: findAssumptions(p.Texts), urls: urlMemo{}}
	var fragments []client
	plainEnabled := false // a block sets enable_pkce_plain_challenge
	m.app = append(m.app, instructionValues(m.assume)...)
	m.app = append(m.app, itemValues(p.Texts)...)
	m.app = append(m.app, tableValues(p.Texts)...)
	m.app = append(m.app, dedupe(m.app, proseValues(p.Texts))...)
	m.proseURLs = proseURLs(p.Texts)
	for _, s := range p.Snippets {
		if s == nil || len(s.Text) == 0 {
			continue
		}
		if authelia.ReadSnippet(s).PKCEPlain {
			plainEnabled = true
		}
		if clients, ok, misplaced := providerClients(s); ok {
			m.providerTexts = append(m.providerTexts, s.Text)
			if p.Broken(s) || misplaced {
				m.providerBroken = true
			}
			for _, c := range clients {
				c.snippet = s.Index
				switch {
				case c.Fragment && s.Shortcode != "":
					// A fragment a shortcode generates (the claims
					// hydration escape hatch) adds options to the
					// client of that id: it states the client id.
					c.Hatch = true
					m.hatches = append(m.hatches, c)
				case c.Fragment:
					fragments = append(fragments, c)
				default:
					m.clients = append(m.clients, c)
				}
			}
			continue
		}
		if p.Broken(s) && programCode(s) {
			// A program left broken (a string left open): its lines after
			// the break read inside out, and a value read from them would
			// be a second symptom of the one mistake reported.
			continue
		}
		m.addAppSnippet(s)
	}
	for i := range m.app {
		if m.app[i].norm == "" {
			m.app[i].norm = normalizeKey(m.app[i].Key)
		}
	}
	m.addFragments(fragments)
	m.dropForeignRedirects()
	m.pairKeys()
	m.appURLsByValue()
	for i := range m.clients {
		m.clients[i].PlainRefused = !plainEnabled
	}
	return m
}

// appURLsByValue reads a URL of no known key that is the Authelia Root
// URL's host (or a related one) alone as an issuer. It reads a snippet's
// URL that is the Application Root
// URL's host alone as the application's URL: one of no known key
// (Pomerium's authenticate_service_url), or an issuer (Dex's own issuer,
// when Dex is the application) not on the Authelia Root URL's host.
func (m *model) appURLsByValue() {
	roots := m.webURLs(m.assume.all(labelAppRoot))
	authelia := map[string]bool{}
	for _, r := range m.webURLs(m.assume.all(labelAutheliaRoot)) {
		authelia[lowerHost(r.URL)] = true
	}
	aroots := m.webURLs(m.assume.all(labelAutheliaRoot))
	for i, av := range m.app {
		if av.Kind == kindNone && !excludedKey(av.normKey()) {
			// The Authelia Root URL's host, or one related to it, alone
			// (Rocket.Chat's URL): the provider's base, an issuer.
			u, ok := m.urls.literal(av.Value.Text)
			if ok && isWeb(u) && strings.Trim(u.EscapedPath(), "/") == "" && u.RawQuery == "" && !slices.ContainsFunc(roots, func(r rootURL) bool { return lowerHost(r.URL) == lowerHost(u) }) &&
				(authelia[lowerHost(u)] || len(relatedRoots(aroots, u)) > 0 && len(relatedRoots(roots, u)) == 0) {
				m.app[i].Kind = kindIssuer
				continue
			}
		}
		if av.Kind != kindNone && av.Kind != kindIssuer || av.Group < 0 || excludedKey(av.normKey()) {
			continue
		}
		if av.Kind == kindIssuer && m.besideClient(av) {
			// The issuer of the provider the client settings beside it
			// are for, whatever its value: checkIssuers judges it.
			continue
		}
		u, ok := m.urls.literal(av.Value.Text)
		if !ok || !isWeb(u) || authelia[lowerHost(u)] || strings.Trim(u.EscapedPath(), "/") != "" || u.RawQuery != "" {
			continue
		}
		// The root's host, or a host related to it (a subdomain, a
		// typo), which consistency-app-url then judges.
		if slices.ContainsFunc(roots, func(r rootURL) bool { return lowerHost(r.URL) == lowerHost(u) }) || len(relatedRoots(roots, u)) > 0 {
			m.app[i].Kind = kindAppURL
		}
	}
}

// besideClient reports whether a client id or client secret sits beside
// av: in the same snippet and mapping or section, or in the instructions;
// or elsewhere in the snippet when av is the snippet's only issuer (Spring's
// provider.authelia.issuer-uri beside registration.authelia.client-id).
// An application's own issuer (Dex's top-level issuer, when Dex is the
// application) is neither: its client settings for another provider sit
// beside that provider's issuer (Dex's connectors[].config).
func (m *model) besideClient(av appValue) bool {
	client, issuers := false, 0
	for _, x := range m.app {
		if x.Group != av.Group {
			continue
		}
		switch x.Kind {
		case kindClientID, kindSecret:
			if x.Parents == av.Parents && x.Value.Span != av.Value.Span {
				return true
			}
			client = true
		case kindIssuer:
			issuers++
		}
	}
	return client && issuers == 1 && av.Group >= 0
}

// pairKeys reads the client credentials that some applications name a
// key and a secret: of the keys P+"key" and P+"secret" of one snippet
// (python-social-auth's SOCIAL_AUTH_OIDC_KEY and _SECRET, Gitea's --key
// and --secret), the key is the client id and the secret the client
// secret; beside a client id, a client key P+"clientkey" is the secret
// (Proxmox VE's --client-id and --client-key). It also reads a bare
// Identifier (below).
func (m *model) pairKeys() {
	type pos struct{ key, secret, clientKey []int }
	groups := map[int]map[string]*pos{}
	hasID := map[int]bool{}
	for i, av := range m.app {
		if av.Kind == kindClientID {
			hasID[av.Group] = true
		}
		k := av.normKey()
		var p string
		var slot func(*pos) *[]int
		switch {
		case strings.HasSuffix(k, "clientkey"):
			p, slot = strings.TrimSuffix(k, "clientkey"), func(x *pos) *[]int { return &x.clientKey }
		case strings.HasSuffix(k, "key") && av.Kind == kindNone:
			p, slot = strings.TrimSuffix(k, "key"), func(x *pos) *[]int { return &x.key }
		case k == "id" && av.Kind == kindNone:
			// A bare Id beside a bare Secret (Rocket.Chat's custom OAuth).
			p, slot = "", func(x *pos) *[]int { return &x.key }
		case strings.HasSuffix(k, "secret"):
			p, slot = strings.TrimSuffix(k, "secret"), func(x *pos) *[]int { return &x.secret }
		default:
			continue
		}
		if groups[av.Group] == nil {
			groups[av.Group] = map[string]*pos{}
		}
		x := groups[av.Group][p]
		if x == nil {
			x = &pos{}
			groups[av.Group][p] = x
		}
		*slot(x) = append(*slot(x), i)
	}
	// A key and a secret name the client's credentials only where the
	// pair's name or its snippet is about OpenID Connect (not an API key
	// and secret of another service).
	oidc := map[int]bool{}
	for _, av := range m.app {
		switch av.Kind {
		case kindIssuer, kindEndpoint, kindRedirect, kindScope:
			oidc[av.Group] = true
		}
	}
	named := map[int]bool{} // groups whose Identifier is the client id
	// A bare Identifier among OpenID Connect settings with no client id
	// is the client id (Zammad's OpenID Connect form); beside one it is
	// the provider's name (Nextcloud's user_oidc).
	for i, av := range m.app {
		if av.Kind == kindNone && av.normKey() == "identifier" && oidc[av.Group] && !hasID[av.Group] {
			m.app[i].Kind = kindClientID
			named[av.Group] = true
		}
	}
	for g, byPrefix := range groups {
		for p, x := range byPrefix {
			if !oidc[g] && !hasContext(p) {
				continue
			}
			if hasID[g] || named[g] {
				for _, i := range x.clientKey {
					m.app[i].Kind = kindSecret
				}
				// A bare secret beside an Identifier that is the
				// client id (OmniAuth's client_options: identifier,
				// secret) is its secret.
				for _, i := range x.secret {
					if p == "" && named[g] && m.app[i].Kind == kindNone {
						m.app[i].Kind = kindSecret
					}
				}
				continue
			}
			if len(x.secret) == 0 || len(x.key) != 1 {
				continue
			}
			m.app[x.key[0]].Kind = kindClientID
			for _, i := range x.secret {
				if m.app[i].Kind == kindNone {
					m.app[i].Kind = kindSecret
				}
			}
		}
	}
}

// dropForeignRedirects keeps, in a snippet whose redirect keys name
// OpenID Connect for some and not for others, only the former as redirect
// URIs: beside MINIO_IDENTITY_OPENID_REDIRECT_URI, MINIO_BROWSER_REDIRECT_URL
// is where the application sends the browser after its own login, not a
// redirect URI of the client.
func (m *model) dropForeignRedirects() {
	named := map[int]bool{}
	for _, av := range m.app {
		if av.Kind == kindRedirect && av.Group >= 0 && hasContext(av.normKey()) {
			named[av.Group] = true
		}
	}
	for i, av := range m.app {
		if av.Kind == kindRedirect && named[av.Group] && !hasContext(av.normKey()) {
			m.app[i].Kind = kindNone
		}
	}
}

// addFragments adds the fragments of the guide's blocks (entries that only
// add options to a client defined in another block, "combine with the
// configuration above") to the clients they complete: those of their
// client_id, else the guide's one client when its id is the only one (the
// fragment's id or the client's is then wrong, which checkClientIDs
// decides, and the options still belong to that client). A fragment
// states its client id, as an escape hatch does. Without a client to
// complete, a fragment is the guide's statement of a client.
func (m *model) addFragments(fragments []client) {
	defs := len(m.clients) // the definitions; fragments kept as clients follow
	if len(fragments) == 0 {
		return
	}
	byID := map[string][]int{}
	for i, c := range m.clients[:defs] {
		byID[c.ID.Text] = append(byID[c.ID.Text], i)
	}
	var one []int // the definitions, when they share one id
	if len(byID) == 1 {
		one = byID[m.clients[0].ID.Text]
	}
	for _, f := range fragments {
		var into []int
		for _, i := range byID[f.ID.Text] {
			if m.clients[i].snippet != f.snippet && len(into) < maxAlternatives {
				into = append(into, i)
			}
		}
		if len(into) == 0 {
			for _, i := range one[:min(len(one), maxAlternatives)] {
				if m.clients[i].snippet == f.snippet {
					into = nil
					break
				}
				into = append(into, i)
			}
		}
		if len(into) == 0 {
			m.clients = append(m.clients, f)
			continue
		}
		for _, i := range into {
			m.clients[i] = completed(m.clients[i], f)
		}
		f.Hatch = true
		m.hatches = append(m.hatches, f)
	}
}

// completed returns c with the options of fragment f it does not set.
// Each client's lists are its own (providerClients makes them), so they
// grow in place: many fragments of one client cost linear time.
func completed(c, f client) client {
	c.Scopes = append(c.Scopes, f.Scopes...)
	c.ResponseTypes = append(c.ResponseTypes, f.ResponseTypes...)
	c.Audience = append(c.Audience, f.Audience...)
	if c.ScopesKey == nil {
		c.ScopesKey = f.ScopesKey
	}
	for _, o := range []struct{ to, from **value }{{&c.PKCEMethod, &f.PKCEMethod}, {&c.IDTokenAlg, &f.IDTokenAlg}, {&c.UserinfoAlg, &f.UserinfoAlg}} {
		if *o.to == nil {
			*o.to = *o.from
		}
	}
	c.RequirePKCE = c.RequirePKCE || f.RequirePKCE
	c.MultiAuth = c.MultiAuth || f.MultiAuth
	return c
}

// snippetValue returns the value text whose source is the span sp of s.Text
// (text differs from the bytes of sp when quoting escapes were decoded).
func snippetValue(s *snippet.Snippet, sp source.Span, text string) value {
	return value{Text: text, Span: s.GuideSpan(sp)}
}

// where names a snippet in messages: its file name, else its language.
func where(s *snippet.Snippet) string {
	if n := s.FileName(); n != "" {
		return n
	}
	if s.Lang != "" {
		return "the " + s.Lang + " snippet"
	}
	return "the snippet"
}

// dedupe returns the values of more whose spans no value of have has: a
// list item "Client ID: `x`" is read by itemValues and by proseValues.
func dedupe(have, more []appValue) []appValue {
	seen := map[source.Span]bool{}
	for _, a := range have {
		seen[a.Value.Span] = true
	}
	var out []appValue
	for _, a := range more {
		if !seen[a.Value.Span] {
			out = append(out, a)
		}
	}
	return out
}

// programCode reports whether s is a snippet of a programming language
// (JavaScript, TypeScript, Python, PHP, Ruby, Lua).
func programCode(s *snippet.Snippet) bool {
	switch s.LangFormat() {
	case snippet.JS, snippet.TS, snippet.Python, snippet.PHP, snippet.Ruby, snippet.Lua:
		return true
	}
	return false
}
