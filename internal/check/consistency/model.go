package consistency

import (
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
	kindNone     kind = iota
	kindClientID      // the client id the application sends
	kindSecret        // the client secret the application sends
	kindRedirect      // a redirect (callback) URI the application uses
	kindIssuer        // the issuer, discovery document or provider base URL
	kindEndpoint      // an Authelia endpoint (authorization, token, userinfo, jwks…)
)

func (k kind) String() string {
	return [...]string{"value", "client id", "client secret", "redirect URI", "issuer URL", "endpoint URL"}[k]
}

// appValue is a value found on the application side: a key of an app
// configuration snippet, or a list item outside the Assumptions such as
// "Client ID: romm" in step-by-step UI instructions.
type appValue struct {
	Kind  kind
	Key   string // the key as written (OIDC_CLIENT_ID), or the item's label
	Where string // the snippet's file name or "the instructions", for messages
	Group int    // values of one snippet share a group; -1 for instructions
	Value value
}

// client is one entry of identity_providers.oidc.clients.
type client struct {
	ID           value
	Secret       *value // nil when absent or empty
	Public       bool
	RedirectURIs []value
}

// envVar is one environment variable from a .env snippet or a compose
// file's services.*.environment.
type envVar struct {
	Name  string
	Where string // the snippet's file name
	Value value
}

// model is what the rules need to know about one guide.
type model struct {
	assume  assumptions
	clients []client
	app     []appValue
	dotenv  []envVar // from .env snippets
	compose []envVar // from compose environment sections
	// visited and anchorVisits bound the walks of YAML trees through
	// aliases (see treeWalker.enter); composeEnvs holds the compose
	// environments recorded (see addComposeEnv).
	visited      map[visit]bool
	anchorVisits map[*yaml.Node]int
	composeEnvs  map[*yaml.Node]bool
	idx          *clientIndex // see index
}

// build extracts the model of the guide in p.
func build(p *check.Pass) *model {
	m := &model{assume: findAssumptions(p.Texts)}
	m.app = append(m.app, instructionValues(m.assume)...)
	for _, s := range p.Snippets {
		if s == nil || len(s.Text) == 0 {
			continue
		}
		if clients, ok := providerClients(s); ok {
			m.clients = append(m.clients, clients...)
			continue
		}
		m.addAppSnippet(s)
	}
	return m
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
