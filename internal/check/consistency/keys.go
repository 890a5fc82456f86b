package consistency

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// keyRule recognises one kind of app-side key. Keys are compared normalised:
// lowercased with everything but letters and digits removed, so that
// client_id, clientId, client-id, CLIENT_ID, oidc.client.id and
// 'oidc_login_client_id' all end in "clientid".
type keyRule struct {
	Kind   kind
	Suffix string // the normalised key must end with this
	// Context, when set, requires the normalised key path (parent keys,
	// INI section, and the key itself) to name OpenID Connect: a generic key
	// such as server_url means the provider only inside an oidc section.
	Context bool
	// Bare, for a generic word, requires the key to be that word alone
	// once context words and "provider" are removed from its front
	// (endpoint, oidc_endpoint, OIDC Provider Endpoint; not jwks_endpoint).
	Bare bool
}

// keyRules is the table of app-side keys (documented in doc.go). Order
// matters only for readability: a key matches the first rule whose suffix
// it ends with, after the exclusions below.
var keyRules = []keyRule{
	{Kind: kindClientID, Suffix: "clientid"},
	{Kind: kindClientID, Suffix: "clientidentifier"},
	// Some forms call the client id the App ID (Cloudflare Zero Trust's
	// generic OIDC): bare, in an OpenID Connect section only.
	{Kind: kindClientID, Suffix: "appid", Context: true, Bare: true},

	{Kind: kindSecret, Suffix: "clientsecret"},
	// A trailing "key" names the form field, not another value
	// (WordPress's Client Secret Key); bare, and in an OpenID Connect
	// section only, since a lone SECRET_KEY is most often the
	// application's own (Django's): django-allauth's Secret key.
	{Kind: kindSecret, Suffix: "clientsecretkey"},
	{Kind: kindSecret, Suffix: "secretkey", Context: true, Bare: true},
	{Kind: kindSecret, Suffix: "oidsecret"}, // the Jellyfin SSO plugin's OID Secret
	{Kind: kindSecret, Suffix: "oidcsecret"},
	{Kind: kindSecret, Suffix: "oauthsecret"},
	{Kind: kindSecret, Suffix: "oauth2secret"},

	{Kind: kindRedirect, Suffix: "redirecturi"},
	{Kind: kindRedirect, Suffix: "redirecturis"},
	{Kind: kindRedirect, Suffix: "redirecturl"},
	{Kind: kindRedirect, Suffix: "redirecturls"},
	{Kind: kindRedirect, Suffix: "callbackurl"},
	{Kind: kindRedirect, Suffix: "callbackuri"},

	{Kind: kindIssuer, Suffix: "issuer"},
	{Kind: kindIssuer, Suffix: "issuerurl"},
	{Kind: kindIssuer, Suffix: "issueruri"},
	{Kind: kindIssuer, Suffix: "issuerbaseurl"},
	{Kind: kindIssuer, Suffix: "authority"},
	{Kind: kindIssuer, Suffix: "providerurl"},
	{Kind: kindIssuer, Suffix: "providerbaseurl"},
	{Kind: kindIssuer, Suffix: "providermetadataurl"},
	{Kind: kindIssuer, Suffix: "discoveryurl"},
	{Kind: kindIssuer, Suffix: "discoveryuri"},
	{Kind: kindIssuer, Suffix: "discoveryendpoint"},
	{Kind: kindIssuer, Suffix: "discoverydocument"}, // Discourse's openid connect discovery document
	{Kind: kindIssuer, Suffix: "discoverydocumenturl"},
	{Kind: kindIssuer, Suffix: "wellknown"},
	{Kind: kindIssuer, Suffix: "wellknownurl"},
	{Kind: kindIssuer, Suffix: "openidconfigurationurl"},
	{Kind: kindIssuer, Suffix: "oidcuri"}, // PHOTOPRISM_OIDC_URI
	{Kind: kindIssuer, Suffix: "oidcurl"},
	{Kind: kindIssuer, Suffix: "oidcendpoint"}, // python-social-auth's SOCIAL_AUTH_OIDC_OIDC_ENDPOINT
	{Kind: kindIssuer, Suffix: "configurationurl", Context: true},
	{Kind: kindIssuer, Suffix: "configendpoint", Context: true},
	{Kind: kindIssuer, Suffix: "configurl", Context: true},
	{Kind: kindIssuer, Suffix: "serverurl", Context: true},
	{Kind: kindIssuer, Suffix: "serverapplicationurl", Context: true},

	{Kind: kindEndpoint, Suffix: "authurl"},
	{Kind: kindEndpoint, Suffix: "authorizeurl"},
	{Kind: kindEndpoint, Suffix: "authorizationurl"},
	{Kind: kindEndpoint, Suffix: "authendpoint"},
	{Kind: kindEndpoint, Suffix: "authorizeendpoint"},
	{Kind: kindEndpoint, Suffix: "authorizationendpoint"},
	{Kind: kindEndpoint, Suffix: "tokenurl"},
	{Kind: kindEndpoint, Suffix: "tokenendpoint"},
	{Kind: kindEndpoint, Suffix: "userinfourl"},
	{Kind: kindEndpoint, Suffix: "userinfoendpoint"},
	{Kind: kindEndpoint, Suffix: "introspectionendpoint"},
	{Kind: kindEndpoint, Suffix: "jwksurl"},
	{Kind: kindEndpoint, Suffix: "jwksuri"},
	{Kind: kindEndpoint, Suffix: "jwkurl"},
	{Kind: kindEndpoint, Suffix: "certificateurl"},
	{Kind: kindEndpoint, Suffix: "revocationendpoint"},

	{Kind: kindScope, Suffix: "scope"},
	{Kind: kindScope, Suffix: "scopes"},

	{Kind: kindAuthMethod, Suffix: "authmethod"},
	{Kind: kindAuthMethod, Suffix: "authenticationmethod"},
	{Kind: kindAuthMethod, Suffix: "authstyle"},
	{Kind: kindAuthMethod, Suffix: "tokenendpointauth"}, // mod_auth_openidc's OIDCProviderTokenEndpointAuth

	{Kind: kindPKCEMethod, Suffix: "challengemethod"},
	{Kind: kindPKCEMethod, Suffix: "pkcemethod"},

	{Kind: kindResponseType, Suffix: "responsetype"},
	{Kind: kindResponseType, Suffix: "responsetypes"},

	{Kind: kindSigningAlg, Suffix: "signingalg"},
	{Kind: kindSigningAlg, Suffix: "signingalgorithm"},
	{Kind: kindSigningAlg, Suffix: "signaturealgorithm"},
	{Kind: kindSigningAlg, Suffix: "signedresponsealg"},

	// The audience an application validates in its tokens (Incus's
	// oidc.audience); a generic word outside an OpenID Connect section.
	{Kind: kindAudience, Suffix: "audience", Context: true},

	{Kind: kindAppURL, Suffix: "rooturl"},
	{Kind: kindAppURL, Suffix: "appurl"},
	{Kind: kindAppURL, Suffix: "applicationurl"},
	{Kind: kindAppURL, Suffix: "publicurl"},
	{Kind: kindAppURL, Suffix: "externalurl"},
	{Kind: kindAppURL, Suffix: "siteurl"},
	{Kind: kindAppURL, Suffix: "serverhostname"},
	{Kind: kindAppURL, Suffix: "platformurl"},
	{Kind: kindAppURL, Suffix: "baseurl"},
	{Kind: kindAppURL, Suffix: "rooturi"},
	{Kind: kindAppURL, Suffix: "baseuri"},
	{Kind: kindAppURL, Suffix: "publicuri"},
	{Kind: kindAppURL, Suffix: "externaluri"},
	{Kind: kindAppURL, Suffix: "frontendurl"},
	{Kind: kindAppURL, Suffix: "weburl"},
	{Kind: kindAppURL, Suffix: "hosturl"},
	{Kind: kindAppURL, Suffix: "homeurl"}, // Grist's APP_HOME_URL
	{Kind: kindAppURL, Suffix: "callbackhost"},
	// Outside an OpenID Connect section (see the issuer rule above) a
	// server URL is the application's own: JELLYSWEEP_SERVER_URL.
	{Kind: kindAppURL, Suffix: "serverurl"},

	// Generic words that name the provider inside an OpenID Connect
	// section only (dashy's oidc.endpoint, HumHub's 'oidc' => ['domain'
	// => …], WriteFreely's [oauth.generic] host). Last, so that
	// token_endpoint and callback_host keep their kinds.
	{Kind: kindIssuer, Suffix: "endpoint", Context: true, Bare: true},
	{Kind: kindIssuer, Suffix: "domain", Context: true, Bare: true},
	{Kind: kindIssuer, Suffix: "host", Context: true, Bare: true},
	// KOMODO_OIDC_PROVIDER, oidc_provider: the provider's URL; the rules
	// of the issuer read only a value that is a URL or a host, not the
	// provider's name (PHOTOPRISM_OIDC_PROVIDER=authelia).
	{Kind: kindIssuer, Suffix: "provider", Context: true},
}

// keyExclusions are fragments that disqualify a key whatever its suffix:
// logout and silent-renew redirects need not be redirect_uris, and NextAuth's
// NEXTAUTH_URL is the application's own URL.
var keyExclusions = []string{"logout", "signout", "endsession", "silent", "nextauth"}

// minExclusionLen is the length of the shortest of keyExclusions
// (TestMinExclusionLen keeps them in step).
const minExclusionLen = 6

// contextWords make a key path name OpenID Connect (for Context rules);
// so does a key that starts with "oid", OpenID's abbreviation (the
// Jellyfin SSO plugin's OidEndpoint).
var contextWords = []string{"oidc", "oauth", "openid", "sso", "authelia"}

// secretSiblingKeys are bare keys that are the client secret when their
// mapping also holds a client id (django-allauth's APPS entry: client_id +
// secret).
var secretSiblingKeys = map[string]bool{"secret": true}

// normalizeKey lowercases k and keeps only ASCII letters and digits. It
// runs for every key the checker reads, several times: an ASCII key costs
// one allocation, or none when it is already normal.
func normalizeKey(k string) string {
	normal := true
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= utf8.RuneSelf {
			return normalizeRunes(k)
		}
		normal = normal && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
	}
	if normal {
		return k
	}
	var b strings.Builder
	b.Grow(len(k))
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// normalizeRunes is normalizeKey for a key with non-ASCII runes, some of
// which lowercase to ASCII letters (K U+212A to k).
func normalizeRunes(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// excludedKey reports whether key holds one of keyExclusions.
func excludedKey(key string) bool {
	k := normalizeKey(key)
	for _, x := range keyExclusions {
		if strings.Contains(k, x) {
			return true
		}
	}
	return false
}

// rulesByLast lists, for each byte, the indexes in keyRules of the rules
// whose suffix ends with it, in keyRules' order: a key is compared with
// those only.
var rulesByLast = func() (t [256][]int) {
	for i, r := range keyRules {
		c := r.Suffix[len(r.Suffix)-1]
		t[c] = append(t[c], i)
	}
	return t
}()

// classifyKey returns the kind of key, given the normalised path of its
// parents (section names, parent keys).
func classifyKey(parents, key string) kind {
	return classifyNormal(parents, normalizeKey(key))
}

// classifyNormal is classifyKey for a key already normalised.
func classifyNormal(parents, k string) kind {
	// A qualifier after the name says how the value is stored, not what
	// it is (SonarQube's sonar.auth.oidc.clientId.secured).
	k = strings.TrimSuffix(k, "secured")
	// A key shorter than every exclusion holds none: most tails of prose
	// labels ("id", "url") are.
	for _, x := range keyExclusions {
		if len(k) >= minExclusionLen && strings.Contains(k, x) {
			return kindNone
		}
	}
	if k == "" {
		return kindNone
	}
	for _, i := range rulesByLast[k[len(k)-1]] {
		r := &keyRules[i]
		if !strings.HasSuffix(k, r.Suffix) {
			continue
		}
		if r.Context && !hasContext(parents+k) && !strings.HasPrefix(k, "oid") || r.Bare && bareWord(k) != r.Suffix {
			continue
		}
		if r.Kind == kindAppURL && (strings.Contains(k, "authelia") || strings.Contains(k, "provider") || strings.Contains(k, "issuer") || strings.Contains(k, "idp") || strings.Contains(k, "redirect")) {
			// OAUTH_PROVIDER_ROOT_URL is the provider's, REDIRECT_BASE_URL
			// the base of a redirect URI.
			continue
		}
		if r.Kind == kindRedirect && strings.Contains(k, "base") {
			// The base a redirect URI is built on (OpenSearch's
			// base_redirect_url): the application's URL.
			return kindAppURL
		}
		if r.Kind == kindAppURL && strings.HasPrefix(r.Suffix, "base") && (strings.Contains(k, "oidc") || strings.Contains(k, "openid")) {
			// The base URL of OpenID Connect is the provider's
			// (PENPOT_OIDC_BASE_URI, SSO_OIDC_BASE_URL); an SSO_BASE_URL
			// or an OAUTH_BASE_URL may be the application's own
			// (Trilium's).
			return kindIssuer
		}
		return r.Kind
	}
	if strings.Contains(k, "authelia") && strings.HasSuffix(k, "url") {
		return kindIssuer // FLOWER_OAUTH2_AUTHELIA_BASE_URL
	}
	if strings.Contains(k, "scope") {
		return kindScope // AUTH_OIDC_SCOPE_OVERWRITE; checkScope reads only lists of scopes
	}
	if k == "method" && strings.HasSuffix(parents, "pkce") {
		return kindPKCEMethod // Headscale's pkce: {enabled, method}
	}
	if strings.Contains(k, "pkce") {
		return kindPKCE // USE_PKCE, PKCE_ENABLED, OAUTH_PKCE_ENABLED
	}
	return kindNone
}

func hasContext(p string) bool {
	for _, w := range contextWords {
		if strings.Contains(p, w) {
			return true
		}
	}
	return false
}

// bareWordPrefixes are the words bareWord removes, in the order it tries
// them.
var bareWordPrefixes = append([]string{"oauth2", "openidconnect"}, append(slices.Clone(contextWords), "provider", "generic", "oid")...)

// bareWord returns k without the context words and "provider" at its
// front.
func bareWord(k string) string {
	for again := true; again; {
		again = false
		for _, w := range bareWordPrefixes {
			if rest, ok := strings.CutPrefix(k, w); ok && rest != "" {
				k, again = rest, true
			}
		}
	}
	return k
}
