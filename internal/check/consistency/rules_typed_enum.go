package consistency

import (
	"fmt"
	"strings"

	"github.com/hbollon/go-edlib"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// enumSet is an OAuth 2.0 / OpenID Connect parameter whose values are
// registered, case-sensitive names: an application passes its setting to
// the provider (or compares the provider's answer with it) as written.
type enumSet struct {
	what    string   // the parameter, for messages
	code    string   // the diagnostic
	spec    string   // where the names are registered
	members []string // the names
	list    bool     // a value may list several names (blanks, commas)
	// aliases are other names of a member (the hash's name for S256,
	// XML-DSig's for RS256), canonical (canon) → member.
	aliases map[string]string
	// digits: the names end in a digest size (RS256), and a name whose
	// letters are one edit from a member's, digits equal, is its typo.
	digits bool
}

var (
	responseTypes = &enumSet{what: "response type", code: "consistency-response-type", spec: "OAuth 2.0, RFC 6749 §3.1.1",
		members: []string{"code", "id_token", "token", "none"}, list: true,
		// The grant's name for the response type of its flow.
		aliases: map[string]string{"authorizationcode": "code", "idtokens": "id_token"}}
	grantTypes = &enumSet{what: "grant type", code: "consistency-grant-type", spec: "OAuth 2.0, RFC 6749 §4",
		members: []string{"authorization_code", "refresh_token", "client_credentials", "implicit", "password",
			"urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, list: true}
	authMethodSet = &enumSet{what: "token endpoint auth method", code: "consistency-auth-method", spec: "OpenID Connect Core §9, RFC 7591",
		members: []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none",
			"tls_client_auth", "self_signed_tls_client_auth"}}
	pkceMethods = &enumSet{what: "PKCE challenge method", code: "consistency-pkce", spec: "RFC 7636",
		members: []string{"S256", "plain"},
		// SHA-256 is the hash S256 names, not the method's name.
		aliases: map[string]string{"sha256": "S256"}}
	signingAlgs = &enumSet{what: "signing algorithm", code: "consistency-signing-alg", spec: "RFC 7518",
		members: jwsAlgs, digits: true, list: true, // Kubernetes' --oidc-signing-algs=RS256,ES256
		aliases: map[string]string{"rsasha256": "RS256", "rsasha384": "RS384", "rsasha512": "RS512",
			"sha256withrsa": "RS256", "sha384withrsa": "RS384", "sha512withrsa": "RS512",
			"hmacsha256": "HS256", "hmacsha384": "HS384", "hmacsha512": "HS512",
			"ecdsasha256": "ES256", "ecdsasha384": "ES384", "ecdsasha512": "ES512", "ed25519": "EdDSA"}}
)

// grantTypeSuffixes end the keys of a grant type (Spring's
// authorization-grant-type, grant_types).
var grantTypeSuffixes = []string{"granttype", "granttypes"}

// algSuffixes end keys of a JWS algorithm the keys table does not name
// (mozilla-django-oidc's OIDC_RP_SIGN_ALGO, id_token_alg).
var algSuffixes = []string{"signalgo", "signalg", "signalgorithm", "signingalgs", "signingalgorithms", "idtokenalg", "idtokenalgorithm",
	"jwsalg", "jwsalgorithm", "jwtalg", "jwtalgorithm"}

// authMethodSuffixes end keys of a token endpoint auth method the keys
// table does not name (mod_auth_openidc's OIDCProviderTokenEndpointAuth).
var authMethodSuffixes = []string{"tokenendpointauth"}

func hasAnySuffix(k string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(k, x) {
			return true
		}
	}
	return false
}

// enumOf returns the enum av's key names, or nil. A bare auth method key
// (AUTH_METHOD, authentication_method) names the OAuth enum only among
// OpenID Connect settings: elsewhere it is LDAP's or SMTP's.
func enumOf(av appValue, oidc map[int]bool) *enumSet {
	nk := av.normKey()
	switch {
	case av.Kind == kindResponseType:
		return responseTypes
	case hasAnySuffix(nk, grantTypeSuffixes):
		return grantTypes
	case hasAnySuffix(nk, authMethodSuffixes):
		return authMethodSet
	case av.Kind == kindAuthMethod:
		if strings.HasSuffix(nk, "authstyle") {
			return nil // golang.org/x/oauth2's AuthStyle: InParams, InHeader
		}
		if strings.Contains(nk, "token") || strings.Contains(nk, "client") || hasContext(nk) || oidc[av.Group] {
			return authMethodSet
		}
	case av.Kind == kindPKCEMethod:
		return pkceMethods
	case av.Kind == kindSigningAlg || hasAnySuffix(nk, algSuffixes) || hasAnySuffix(nk, genericAlgSuffixes) && (hasContext(nk) || oidc[av.Group]):
		// SAML and DKIM sign with XML-DSig's names (rsa-sha256):
		// JWS names count among OpenID Connect settings only.
		if !strings.Contains(nk, "saml") && (hasContext(nk) || oidc[av.Group] || strings.Contains(nk, "token") || strings.Contains(nk, "jw")) {
			return signingAlgs
		}
	case av.Kind == kindPKCE:
		// OIDC_PKCE=s256: the switch given the method.
		if _, ok := boolValue(av.Value.Text); !ok {
			return pkceMethods
		}
	}
	return byValue(av.Value.Text, nk)
}

// genericAlgSuffixes end keys of an algorithm that is the JWS one among
// OpenID Connect settings (OIDC_ALG, an oidc section's algorithm).
var genericAlgSuffixes = []string{"alg", "algs", "algo", "algorithm", "algorithms"}

// valueEnums are the names no other setting spells: a value that writes
// one with other separators or case (client-secret-post) is that enum's,
// under a key about authentication, a method, a grant or a flow.
var valueEnums = map[string]*enumSet{
	"clientsecretbasic": authMethodSet, "clientsecretpost": authMethodSet, "clientsecretjwt": authMethodSet,
	"privatekeyjwt": authMethodSet, "authorizationcode": grantTypes,
}

// byValue returns the enum of a value whose key names no enum: one of
// valueEnums in another spelling, under a key of a plausible setting.
func byValue(v, nk string) *enumSet {
	v = strings.Trim(v, `"'`)
	// Cheap tests first: most values (URLs, ids, secrets, words) are no
	// enum name, and canon copies the value.
	if len(v) > maxEnumLen || !hasSeparator(v) || strings.ContainsAny(v, "/=@") {
		return nil
	}
	e := valueEnums[canon(v)]
	if e == nil || e.member(v) {
		return nil
	}
	for _, w := range []string{"auth", "method", "grant", "flow", "type", "client"} {
		if strings.Contains(nk, w) {
			return e
		}
	}
	return nil
}

// maxEnumLen bounds the length of a value byValue looks up: longer than
// the longest name (urn:ietf:params:oauth:grant-type:device_code) with
// room for separators doubled.
const maxEnumLen = 64

// canon is s lowercased without separators: the spellings of one name
// (client-secret-post, Client_Secret_Post) share it.
func canon(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c == '-' || c == '_' || c == '.' || c == ' ' || c == ':':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// hasSeparator reports whether s joins words with one of - _ . or a blank.
func hasSeparator(s string) bool { return strings.ContainsAny(s, "-_. ") }

// nearMember returns the member of e that w misspells, or "" when w is a
// member or is far from every one (an application's own name: post,
// basic, AuthStyleInParams). A misspelling differs from its member in
// case or separators (s256, RS-256, client-secret-post), is its plural
// (codes), keeps its last word and abbreviates or drops others
// (client_post, auth_code), or is one or two edits from a long name
// (authorisation_code). A name run together in camel case
// (ClientSecretPost) is an application's own spelling of a name with
// separators, and left.
func (e *enumSet) nearMember(w string) string {
	for _, m := range e.members {
		if w == m {
			return ""
		}
	}
	cw := canon(w)
	if cw == "" {
		return ""
	}
	if m, ok := e.aliases[cw]; ok {
		return m
	}
	// The nearest member wins; two at the same distance leave w alone.
	found, best, tie := "", 3, false
	near := func(m string, d int) {
		switch {
		case d < best:
			found, best, tie = m, d, false
		case d == best && m != found:
			tie = true
		}
	}
	for _, m := range e.members {
		cm := canon(m)
		switch {
		case cw == cm:
			if hasSeparator(m) && !hasSeparator(w) {
				return "" // ClientSecretPost, clientsecretpost
			}
			return m
		case cw == cm+"s":
			near(m, 1)
		case dropsWords(w, m):
			near(m, 1)
		case e.digits && algTypo(cw, cm):
			near(m, 1)
		case len(cm) >= 8:
			if d := edlib.OSADamerauLevenshteinDistance(cw, cm); d <= 2 {
				near(m, d)
			}
		}
	}
	if tie {
		return ""
	}
	return found
}

// words splits a name at its separators.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' })
}

// dropsWords reports whether w is m with words dropped or abbreviated:
// at least two words, the last one m's last, each the start of a word of
// m in m's order (client_post, secret_basic, auth_code).
func dropsWords(w, m string) bool {
	ws, ms := words(w), words(m)
	if len(ws) < 2 || len(ws) > len(ms) {
		return false
	}
	if ws[len(ws)-1] != ms[len(ms)-1] {
		return false
	}
	j := 0
	for _, x := range ws {
		for j < len(ms) && !strings.HasPrefix(ms[j], x) {
			j++
		}
		if j == len(ms) {
			return false
		}
		j++
	}
	return canon(w) != canon(m)
}

// algTypo reports whether canonical w is canonical JWS name m with its
// letters one edit away and its digits equal (rsa256 for rs256).
func algTypo(w, m string) bool {
	lw, dw := splitDigits(w)
	lm, dm := splitDigits(m)
	return dw != "" && dw == dm && len(lw) >= 2 && edlib.OSADamerauLevenshteinDistance(lw, lm) == 1
}

// splitDigits splits s into its letters and the digits that end it.
func splitDigits(s string) (string, string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}

// misspelt returns the value v should be for e, or "" when it is right
// or not e's (a placeholder, an application's own name).
func (e *enumSet) misspelt(v string) string {
	v = strings.TrimSpace(strings.Trim(v, `"'`))
	if v == "" || strings.ContainsAny(v, "${}<>()*…") || strings.Contains(v, "...") {
		return ""
	}
	items := []string{v}
	if e.list {
		items = splitList(v) // a list is written with blanks, which isPlaceholder refuses
	}
	changed := false
	for i, w := range items {
		if isPlaceholder(w) {
			return ""
		}
		if m := e.nearMember(w); m != "" {
			items[i], changed = m, true
			continue
		}
		if !e.member(w) {
			return "" // not this enum's value: leave all of it
		}
	}
	if !changed {
		return ""
	}
	// The right spelling of each name, in the value as written (its
	// commas, its quotes).
	out := v
	for i, w := range splitList(v) {
		if w != items[i] {
			if !strings.Contains(out, w) {
				return strings.Join(items, " ")
			}
			out = strings.Replace(out, w, items[i], 1)
		}
	}
	return out
}

func (e *enumSet) member(w string) bool {
	for _, m := range e.members {
		if w == m {
			return true
		}
	}
	return false
}

// queryParamRE matches an OAuth parameter in a URL's query string.
var queryParamRE = lazyre.New(`[?&](response_type|grant_type|code_challenge_method|token_endpoint_auth_method)=([^&\s"'#<>\\]+)`)

// queryEnums maps the parameters queryParamRE finds to their enums.
var queryEnums = map[string]*enumSet{
	"response_type": responseTypes, "grant_type": grantTypes,
	"code_challenge_method": pkceMethods, "token_endpoint_auth_method": authMethodSet,
}

// checkEnums reports app-side OAuth 2.0 enum values in a spelling of
// their own: the provider compares them with its registered names, byte
// for byte (Authelia answers unsupported_response_type,
// invalid_client, unsupported_grant_type).
func checkEnums(m *model, r *reporter, snips map[int]*snippet.Snippet) {
	oidc := map[int]bool{}
	for _, av := range m.app {
		switch av.Kind {
		case kindIssuer, kindEndpoint, kindRedirect, kindScope, kindClientID:
			oidc[av.Group] = true
		}
	}
	for _, av := range m.app {
		if r.seen[av.Value.Span] {
			continue
		}
		// Values of instructions (Group -1) are a GUI's fields, labelled
		// as the setting ("Signing Algorithm: `rs256`").
		if s := snips[av.Group]; av.Group >= 0 && (s == nil || r.p.Broken(s)) {
			continue
		}
		e := enumOf(av, oidc)
		if e == nil {
			continue
		}
		if want := e.misspelt(av.Value.Text); want != "" {
			reportEnum(r, e, av.Value, describe(av), want)
		}
	}
	for _, s := range r.p.Snippets {
		if !appSnippet(r, s) {
			continue
		}
		checkEnumLists(r, s)
		queryEnumsIn(r, string(s.Text), where(s), func(sp source.Span) source.Span { return s.GuideSpan(sp) })
	}
	// An authorization URL in the prose ("open
	// `https://auth.example.com/api/oidc/authorization?response_type=code&…`").
	for _, t := range r.p.Texts {
		queryEnumsIn(r, t.Text, "the text", t.GuideSpan)
	}
}

// queryEnumsIn reports the misspelt OAuth parameters of the URLs in text,
// whose spans guide maps to the guide.
func queryEnumsIn(r *reporter, text, where string, guide func(source.Span) source.Span) {
	if !strings.Contains(text, "_type=") && !strings.Contains(text, "_method=") {
		return
	}
	for _, x := range queryParamRE.Re().FindAllStringSubmatchIndex(text, -1) {
		e := queryEnums[text[x[2]:x[3]]]
		raw := text[x[4]:x[5]]
		want := e.misspelt(raw)
		if want == "" {
			continue
		}
		v := value{Text: raw, Span: guide(source.Span{Start: x[4], End: x[5]})}
		if r.seen[v.Span] || v.Span.Len() != len(raw) {
			continue
		}
		reportEnum(r, e, v, fmt.Sprintf("the %s parameter of the URL in %s", text[x[2]:x[3]], where), strings.ReplaceAll(want, " ", "%20"))
	}
}

func reportEnum(r *reporter, e *enumSet, v value, what, want string) {
	r.report(v, diag.Error, e.code, "write the name as "+e.spec+" registers it: "+want,
		fmt.Sprintf("the %s is spelt '%s', case-sensitive, but %s is '%s', which Authelia neither sends nor accepts", e.what, want, what, strings.Trim(v.Text, `"'`)))
}

// listEnums are the enums whose values an application lists one per
// item (grant_types: [authorization_code, refresh_token]), which the model
// does not record.
func listEnum(nk string) *enumSet {
	switch {
	case strings.HasSuffix(nk, "granttypes"):
		return grantTypes
	case strings.HasSuffix(nk, "responsetypes"):
		return responseTypes
	}
	return nil
}

// checkEnumLists reports the misspelt items of grant and response type
// lists in an application's YAML or JSON snippet.
func checkEnumLists(r *reporter, s *snippet.Snippet) {
	if !isYAML(s) && !isJSON(s) {
		return
	}
	docs, ok := snippetYAML(s)
	if !ok {
		return
	}
	b := newYAMLBuf(s, 0, len(s.Text))
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		if n == nil || depth > maxDepth || n.Alias != nil {
			return
		}
		if n.Kind != yaml.MappingNode {
			for _, c := range n.Content {
				walk(c, depth+1)
			}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			e := listEnum(normalizeKey(k.Value))
			if e == nil || v.Kind != yaml.SequenceNode {
				walk(v, depth+1)
				continue
			}
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode {
					continue
				}
				want := e.misspelt(item.Value)
				val := b.value(item)
				if want == "" || r.seen[val.Span] || val.Span.Len() != len(item.Value) {
					continue
				}
				reportEnum(r, e, val, fmt.Sprintf("an item of %s in %s", k.Value, where(s)), want)
			}
		}
	}
	for _, d := range docs {
		walk(d, 0)
	}
}
