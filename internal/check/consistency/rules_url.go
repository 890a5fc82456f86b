package consistency

import (
	"cmp"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// checkRedirects reports app-side redirect URIs that no relevant client
// registers. Authelia compares redirect URIs as exact strings (loopback
// ports aside), so a trailing slash matters.
func checkRedirects(m *model, r *reporter) {
	wild := redirectWildcards(m, r)
	x := m.index()
	values := map[int]int{} // redirect values per group
	for _, av := range m.app {
		if av.Kind == kindRedirect {
			values[av.Group]++
		}
	}
	indexes := map[int]*redirectIndex{}
	var unmatched []appValue
	for _, av := range m.app {
		if av.Kind != kindRedirect {
			continue
		}
		if _, ok := m.urls.literal(av.Value.Text); !ok && !brokenWebURL(av.Value.Text) {
			if reg, ok := withoutScheme(m, av.Value.Text); ok && !r.seen[av.Value.Span] {
				// app.example.com/cb for https://app.example.com/cb: the
				// application sends no absolute URI, which matches no
				// redirect_uris entry.
				r.report(av.Value, diag.Error, "consistency-redirect-uri", "write the redirect URI with its scheme: "+reg.Text,
					fmt.Sprintf("redirect URI '%s' (%s) has no scheme: it is not the registered '%s'", av.Value.Text, describe(av), reg.Text),
					r.related(reg, "registered redirect URI"))
			}
			continue
		}
		ri := indexes[av.Group]
		if ri == nil {
			ri = newRedirectIndex(x, m.set(av.Group, true), values[av.Group])
			indexes[av.Group] = ri
		}
		if ri.n == 0 || ri.matches(av.Value.Text) || schemelessRegistered(m, av.Value.Text) {
			continue
		}
		if slices.ContainsFunc(m.clientsFor(av.Group, true), func(c client) bool { return wild[c.ID.Text] || r.optionReported(c, kindRedirect) }) {
			// A registered URI the provider's checker reported wrong (on
			// Authelia's own host): the application's is the one meant.
			continue
		}
		unmatched = append(unmatched, av)
	}
	if oddRedirect(m, r, unmatched) {
		return
	}
	for _, av := range unmatched {
		if r.seen[av.Value.Span] {
			continue // its scheme is misspelt (checkSchemes)
		}
		ri := indexes[av.Group]
		var related []diag.Related
		for _, u := range ri.first {
			related = append(related, r.related(u, "registered redirect URI"))
		}
		sev := diag.Error
		if descriptive(av) {
			sev = diag.Warning
		}
		r.report(av.Value, sev, "consistency-redirect-uri", "register the URI in redirect_uris or use a registered one",
			fmt.Sprintf("redirect URI '%s' (%s) is not among the redirect_uris of client %s", av.Value.Text, describe(av), ri.names), related...)
	}
}

// redirectWildcards reports a client's redirect URI holding '*': Authelia
// compares redirect URIs as exact strings and has no wildcards, so the
// entry matches only a request that sends that '*' itself, which no
// application does. The application's redirect URI, which the entry
// was meant to cover, is then not reported again: the clients reported
// are returned.
func redirectWildcards(m *model, r *reporter) (clients map[string]bool) {
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			if !strings.Contains(v.Text, "*") || !strings.Contains(v.Text, "://") || r.seen[v.Span] || r.p.Reported(v.Span) {
				continue
			}
			r.report(v, diag.Error, "consistency-redirect-uri", "list each redirect URI the application uses in full",
				fmt.Sprintf("redirect URI '%s' of client '%s' holds '*': Authelia compares redirect URIs as exact strings and has no wildcards, so this entry matches no request the application sends", v.Text, c.ID.Text))
			if clients == nil {
				clients = map[string]bool{}
			}
			clients[c.ID.Text] = true
		}
	}
	return clients
}

// schemelessRegistered reports whether a client registers u without its
// scheme (app.example.com/cb for https://app.example.com/cb): Authelia
// refuses that entry, which the provider's checker reports; the
// application's URI is the one meant.
func schemelessRegistered(m *model, u string) bool {
	_, rest, ok := strings.Cut(u, "://")
	if !ok || rest == "" {
		return false
	}
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			if v.Text == rest {
				return true
			}
		}
	}
	return false
}

// withoutScheme returns the registered redirect URI that u is without its
// scheme and "://" (app.example.com/cb for https://app.example.com/cb).
func withoutScheme(m *model, u string) (value, bool) {
	if u == "" || strings.Contains(u, "://") || isPlaceholder(u) {
		return value{}, false
	}
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			if _, rest, ok := strings.Cut(v.Text, "://"); ok && rest == u {
				return v, true
			}
		}
	}
	return value{}, false
}

// brokenWebURL reports whether s is meant as an http(s) URL but does not
// parse (https://app.example.com:8006:8443): no client can register it.
func brokenWebURL(s string) bool {
	l := strings.ToLower(s)
	if isPlaceholder(s) {
		return false
	}
	if _, ok := slashesOff(s); ok {
		return true // https:/app.example.com/cb: no host at all
	}
	if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
		return false
	}
	_, err := url.Parse(s)
	return err != nil
}

// slashesOff returns, for a web URL written with other than two slashes
// after its scheme (https:/host, https:host, https:///host), the text
// after those slashes. Such a URL has no host (url.Parse reads the host
// as a path): no HTTP client reaches it, and no redirect URI equals it.
func slashesOff(s string) (string, bool) {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "http") {
		return "", false
	}
	after := strings.TrimLeft(rest, "/")
	n := len(rest) - len(after)
	if n == 2 || after == "" || after[0] == ' ' {
		return "", false
	}
	return after, true
}

// oddRedirect reports the client's registered redirect URI, instead of
// the application's, when it is the odd one out: every redirect URI the
// application states that no client registers is one URI y, stated at
// least twice, or once under the Application Root URL where x is not, or
// once where x's own words stand nowhere else (slipSide); and exactly one
// registered URI x, stated nowhere else, differs from y in its origin
// alone or in its path alone (a typo of the same URI). The application
// sends y, so x is the mistake: one finding, at x.
func oddRedirect(m *model, r *reporter, unmatched []appValue) bool {
	if len(unmatched) == 0 {
		return false
	}
	y := unmatched[0].Value.Text
	for _, av := range unmatched[1:] {
		if av.Value.Text != y {
			return false
		}
	}
	yu, ok := m.urls.literal(y)
	if !ok || !isWeb(yu) {
		return false
	}
	stated := map[string]bool{}
	for _, av := range m.app {
		if av.Kind == kindRedirect {
			stated[av.Value.Text] = true
		}
	}
	var x value
	var xu *url.URL
	var id string
	n := 0
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			u, ok := m.urls.literal(v.Text)
			if !ok || !isWeb(u) || stated[v.Text] {
				continue
			}
			samePath := u.EscapedPath() == yu.EscapedPath() && u.RawQuery == yu.RawQuery
			if samePath != sameOrigin(u, yu) {
				x, xu, id = v, u, c.ID.Text
				n++
			}
		}
	}
	if n != 1 {
		return false
	}
	if len(unmatched) < 2 {
		roots := m.webURLs(m.assume.all(labelAppRoot))
		underAny := func(u *url.URL) bool {
			return slices.ContainsFunc(roots, func(root rootURL) bool { return under(u, root.URL) })
		}
		// The application's URI is under the Application Root URL and the
		// entry is not, or the entry's own words (calback for callback)
		// stand nowhere else in the guide while the URI's do (slipSide).
		if (!underAny(yu) || underAny(xu)) && slipSide(r.p.File.Content, x.Text, y) <= 0 {
			return false
		}
	}
	var related []diag.Related
	for _, av := range unmatched[:min(len(unmatched), maxRelated)] {
		related = append(related, r.related(av.Value, "%s", describe(av)))
	}
	for _, av := range unmatched {
		r.seen[av.Value.Span] = true
	}
	r.report(x, diag.Error, "consistency-redirect-uri", "register the redirect URI the application sends",
		fmt.Sprintf("redirect URI '%s' of client '%s' is not the one the application sends ('%s')", x.Text, id, y), related...)
	return true
}

// originNearMiss reports whether the origins of u and root differ as a
// typo does: the same host on another scheme or port, or the host
// misspelt.
func originNearMiss(u, root *url.URL) bool {
	h, want := lowerHost(u), lowerHost(root)
	return h == want || hostTypo(h, want) || nearMiss(h, want)
}

// autheliaPort is the port Authelia listens on by default: behind its
// proxy, never the public origin.
const autheliaPort = "9091"

// portalHostNames are the first labels Authelia's portal is commonly
// served under (Authelia's own examples use auth).
var portalHostNames = []string{"auth", "authelia", "sso", "login", "id", "idp", "identity", "account", "accounts", "oidc", "openid"}

// portalHostWord reports whether u's host starts with one of
// portalHostNames as its whole first label.
func portalHostWord(u *url.URL) bool {
	label, _, _ := strings.Cut(lowerHost(u), ".")
	return slices.Contains(portalHostNames, label)
}

// checkRedirectRoots warns about web redirect URIs on the Application Root
// URL's host, or a host related to it (a subdomain, a typo), that are not
// under it (another host, scheme, port or path). When every such redirect
// URI lies on one origin that the application's own settings use more
// often than the root's, the assumption is the odd one out and is reported
// once instead.
func checkRedirectRoots(m *model, r *reporter) {
	roots := m.webURLs(m.assume.all(labelAppRoot))
	if len(roots) == 0 {
		return
	}
	byHost := rootsByHost(roots)
	type off struct {
		v    value
		u    *url.URL
		root rootURL
	}
	var offs []off
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			u, ok := m.urls.literal(v.Text)
			if !ok || !isWeb(u) || r.seen[v.Span] {
				continue
			}
			same := byHost[lowerHost(u)]
			if len(same) == 0 {
				same = relatedRoots(roots, u)
			}
			if len(same) == 0 || slices.ContainsFunc(same, func(root rootURL) bool { return under(u, root.URL) }) {
				continue
			}
			offs = append(offs, off{v, u, same[0]})
		}
	}
	if len(offs) == 0 {
		return
	}
	if len(roots) == 1 && !anyUnder(m, roots[0]) {
		agree := !slices.ContainsFunc(offs, func(x off) bool { return !sameOrigin(x.u, offs[0].u) })
		// The redirect URIs vote too: two of them on one origin outvote
		// the one assumption (audiobookshelf's callback and mobile
		// redirect), as do the application's settings on that origin.
		rv, ov := originVotes(m, roots[0].URL)+1, originVotes(m, offs[0].u)+len(offs)
		// On a tie, an http root whose redirect URIs are the same host
		// over https is the odd one out: the application is reached over
		// https (every guide's root is), and its redirect URIs say so.
		upgrade := roots[0].URL.Scheme == "http" && offs[0].u.Scheme == "https" && lowerHost(roots[0].URL) == lowerHost(offs[0].u)
		if agree && (ov > rv || upgrade && ov == rv) {
			r.report(roots[0].Value, diag.Warning, "consistency-redirect-uri-root", "state the Application Root URL the guide uses",
				fmt.Sprintf("the Application Root URL '%s' is not the origin of the client's redirect URIs and of the application's settings (%s)", roots[0].Value.Text, strings.TrimSuffix(strings.TrimSuffix(origin(offs[0].u), ":443"), ":80")),
				r.related(offs[0].v, "redirect URI"))
			return
		}
		// On the root's own origin, a path of the root's that no
		// redirect URI and no setting of the application is under is
		// the assumption's mistake.
		if root := roots[0]; agree && sameOrigin(offs[0].u, root.URL) && strings.Trim(root.URL.EscapedPath(), "/") != "" && !appUnder(m, root) {
			r.report(root.Value, diag.Warning, "consistency-redirect-uri-root", "state the Application Root URL the guide uses",
				fmt.Sprintf("the Application Root URL '%s' has the path '%s', which neither the client's redirect URIs nor the application's settings are under", root.Value.Text, strings.TrimRight(root.URL.EscapedPath(), "/")),
				r.related(offs[0].v, "redirect URI"))
			return
		}
	}
	for _, x := range offs {
		r.report(x.v, diag.Warning, "consistency-redirect-uri-root", "use a redirect URI under the Application Root URL, or correct the assumption",
			fmt.Sprintf("redirect URI '%s' is not under the Application Root URL '%s'", x.v.Text, x.root.Value.Text),
			r.related(x.root.Value, "the Application Root URL assumption"))
	}
}

// relatedRoots returns the roots whose host is related to u's: one a
// subdomain of the other, or a near miss.
func relatedRoots(roots []rootURL, u *url.URL) []rootURL {
	h := lowerHost(u)
	var out []rootURL
	for _, root := range roots {
		rh := lowerHost(root.URL)
		// A subdomain of the root's host is related when that host is
		// itself a subdomain (sso.app.example.com, app.example.com): every
		// host of a site is a subdomain of its registrable domain.
		// So is one of localhost (RFC 6761: app.localhost is loopback).
		sub := strings.HasSuffix(h, "."+rh) && (strings.Count(rh, ".") >= 2 || rh == "localhost") || strings.HasSuffix(rh, "."+h) && (strings.Count(h, ".") >= 2 || h == "localhost")
		if sub || nearMiss(h, rh) {
			out = append(out, root)
		}
	}
	return out
}

// anyUnder reports whether some redirect URI lies under root.
func anyUnder(m *model, root rootURL) bool {
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			if u, ok := m.urls.literal(v.Text); ok && isWeb(u) && under(u, root.URL) {
				return true
			}
		}
	}
	return false
}

// appUnder reports whether an app-side URL lies under root.
func appUnder(m *model, root rootURL) bool {
	for _, av := range m.app {
		if u, ok := m.urls.literal(av.Value.Text); ok && isWeb(u) && under(u, root.URL) {
			return true
		}
	}
	return false
}

// originVotes counts the app-side URLs on the origin of o.
func originVotes(m *model, o *url.URL) int {
	n := 0
	for _, av := range m.app {
		if u, ok := m.urls.literal(av.Value.Text); ok && isWeb(u) && sameOrigin(u, o) {
			n++
		}
	}
	return n
}

// Authelia's endpoints, relative to its root URL (reference: the
// provider's discovery document), by the kind of key that names them.
var (
	issuerPaths   = []string{"", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"}
	endpointPaths = map[string]string{
		"/api/oidc/authorization": "auth", "/api/oidc/token": "token", "/api/oidc/userinfo": "userinfo",
		"/jwks.json": "jwks", "/api/oidc/introspection": "introspection", "/api/oidc/revocation": "revocation",
		"/api/oidc/pushed-authorization-request": "par", "/api/oidc/device-authorization": "device",
	}
)

// providerURL is an app-side URL that names the provider: by its key
// (issuer or endpoint kinds), or by its value (on the Authelia Root URL's
// origin, or with a path of Authelia's).
type providerURL struct {
	av   appValue
	u    *url.URL
	path string // relative to the Authelia Root URL's path
	// portal: a page of Authelia's portal (/logout) named by value, on
	// the Authelia Root URL's host: only its origin is compared.
	portal bool
}

// providerURLs returns the provider URLs of the application side.
func providerURLs(m *model, root *url.URL) []providerURL {
	var out []providerURL
	rootPath := strings.TrimRight(root.EscapedPath(), "/")
	appHosts := map[string]bool{}
	for _, a := range m.webURLs(m.assume.all(labelAppRoot)) {
		appHosts[lowerHost(a.URL)] = true
	}
	for _, av := range m.app {
		switch av.Kind {
		case kindIssuer, kindEndpoint, kindNone, kindAppURL:
		default:
			continue
		}
		u, lit := m.urls.literal(av.Value.Text)
		if !lit || !isWeb(u) || u.RawQuery != "" {
			continue
		}
		p := strings.TrimRight(u.EscapedPath(), "/")
		if strings.HasSuffix(u.EscapedPath(), "//") {
			p = u.EscapedPath()
		}
		rel, under := strings.CutPrefix(p, rootPath)
		// By value: on the Authelia Root URL's host (whatever the scheme
		// and port, which checkIssuers then compares: http:// or :9091 is
		// the mistake to report, not a reason not to look), or with one of
		// Authelia's paths.
		byValue := lowerHost(u) == lowerHost(root) && under || under && (endpointPaths[rel] != "" || strings.HasPrefix(rel, "/api/oidc/") || strings.HasPrefix(rel, "/.well-known/openid"))
		portal := false
		if hostTypo(lowerHost(u), lowerHost(root)) && !appHosts[lowerHost(u)] {
			// The Authelia host misspelt (atuh.example.com), whatever the
			// key (an API base URL, a logout URL): no such server, so only
			// the origin is compared, and found wrong.
			if av.Kind == kindNone || av.Kind == kindAppURL {
				portal = true
			}
			out = append(out, providerURL{av: av, u: u, path: p, portal: portal})
			continue
		}
		if av.Kind == kindNone || av.Kind == kindAppURL {
			// A URL of Authelia's portal (/logout, /settings) is no
			// OpenID Connect endpoint: only paths that look like one are;
			// on the Authelia Root URL's host it still must be on its
			// origin (a logout redirect to http:// or :9091 fails).
			if !byValue {
				continue
			}
			if excludedKey(av.normKey()) || !oidcPath(rel) {
				if lowerHost(u) != lowerHost(root) || !under || rel == "" {
					continue
				}
				portal = true
			}
		}
		if !under {
			rel = p
		}
		out = append(out, providerURL{av: av, u: u, path: rel, portal: portal})
	}
	return out
}

// checkIssuers reports issuer, discovery and endpoint URLs that are not
// Authelia's: on another origin than the Authelia Root URL's (internal
// hosts such as container names and IPs are back-channel addresses and
// skipped, so are URLs on the Application Root URL's origin), or with a
// path that is none of Authelia's endpoints, or another endpoint than the
// key names. When every such URL agrees on another origin, the Authelia
// Root URL assumption is the odd one out and is reported instead, and so
// it is against one URL when its own words are the slip (rootOdd).
func checkIssuers(m *model, r *reporter) {
	roots := m.webURLs(m.assume.all(labelAutheliaRoot))
	if len(roots) == 0 {
		return
	}
	provider, app := map[string]bool{}, map[string]bool{}
	for _, root := range roots {
		provider[origin(root.URL)] = true
	}
	for _, a := range m.webURLs(m.assume.all(labelAppRoot)) {
		app[origin(a.URL)] = true
	}
	schemeless(m, r, roots[0])
	if rootPathOdd(m, r, roots[0]) {
		return
	}
	urls := providerURLs(m, roots[0].URL)
	if rootHTTP(r, roots[0], urls) || rootOdd(r, roots[0], urls, provider, app) {
		return
	}
	for _, pu := range urls {
		av, u := pu.av, pu.u
		if r.seen[av.Value.Span] {
			continue
		}
		o := origin(u)
		if !isInternalHost(u) && !provider[o] && !app[o] {
			msg := fmt.Sprintf("%s '%s' (%s) is not on the Authelia Root URL '%s'", urlKind(av), av.Value.Text, describe(av), roots[0].Value.Text)
			if h, want := lowerHost(u), lowerHost(roots[0].URL); hostTypo(h, want) {
				msg += fmt.Sprintf(": its host '%s' misspells '%s', a server that does not exist", h, want)
			}
			r.report(av.Value, diag.Error, "consistency-issuer", "use a URL on the Authelia Root URL", msg,
				r.related(roots[0].Value, "the Authelia Root URL assumption"))
			continue
		}
		if app[o] && !provider[o] {
			// The application's own origin is no address of Authelia's
			// API: the issuer there never equals the iss claim, and the
			// application serves none of Authelia's endpoint paths.
			if onAppOrigin(av, pu.path) || clientIssuer(m, av, pu.path) {
				r.report(av.Value, diag.Error, "consistency-issuer", "use a URL on the Authelia Root URL",
					fmt.Sprintf("%s '%s' (%s) is on the Application Root URL, not on the Authelia Root URL '%s'", urlKind(av), av.Value.Text, describe(av), roots[0].Value.Text),
					r.related(roots[0].Value, "the Authelia Root URL assumption"))
			}
			continue
		}
		if pu.portal {
			continue
		}
		if why := pathProblem(av, pu.path); why != "" {
			r.report(av.Value, diag.Error, "consistency-issuer", "use the URL Authelia's discovery document lists",
				fmt.Sprintf("%s '%s' (%s) %s", urlKind(av), av.Value.Text, describe(av), why))
			continue
		}
		issuerDiscovery(r, av, pu.path)
	}
}

// issuerDiscovery notes an issuer key given the discovery document's URL.
// Applications differ: many compare the issuer they are given with the ID
// Token's iss claim (OpenID Connect Core §3.1.3.7) or append
// /.well-known/openid-configuration themselves, but some accept either
// (LibreChat documents its issuer as the discovery URL). Hence
// information, not an error. The other way round, a discovery key given
// the bare issuer, is common and right (Vault's oidc_discovery_url,
// Miniflux's discovery endpoint) and is left alone.
func issuerDiscovery(r *reporter, av appValue, path string) {
	k := av.normKey()
	if av.Kind != kindIssuer || path != "/.well-known/openid-configuration" || !strings.Contains(k, "issuer") ||
		strings.Contains(k, "discovery") || strings.Contains(k, "wellknown") || strings.Contains(k, "metadata") || strings.Contains(k, "config") {
		return
	}
	r.report(av.Value, diag.Info, "consistency-issuer", "give the issuer without /.well-known/openid-configuration, unless the application asks for the discovery URL",
		fmt.Sprintf("issuer '%s' (%s) is the discovery document's URL: an application that compares it with the ID Token's iss claim, or appends /.well-known/openid-configuration itself, fails", av.Value.Text, describe(av)))
}

// onAppOrigin reports whether a provider URL on the Application Root URL's
// origin is one of Authelia's by its path: a path of Authelia's API
// (/api/oidc/token, /jwks.json), which no application serves, or the
// discovery document (not under a key of the application's own URL). A
// bare origin under an issuer key is left alone: that is the own issuer of
// an application that is itself a provider, Dex (appURLsByValue).
func onAppOrigin(av appValue, path string) bool {
	if endpointPaths[path] != "" || strings.HasPrefix(path, "/api/oidc/") {
		return true
	}
	return av.Kind != kindAppURL && strings.HasPrefix(path, "/.well-known/openid-configuration")
}

// clientIssuer reports whether av, an issuer or an endpoint that is the
// Application Root URL's bare origin, configures the application as a
// client (besideClient): the application's own URL is then no address of
// its provider (Vikunja's authurl, the provider's base URL).
func clientIssuer(m *model, av appValue, path string) bool {
	return (av.Kind == kindIssuer || av.Kind == kindEndpoint) && path == "" && m.besideClient(av)
}

// oidcPath reports whether a path looks like an OpenID Connect endpoint's.
func oidcPath(p string) bool {
	p = strings.ToLower(p)
	for _, w := range []string{"oidc", "oauth", "openid", "well-known", "jwks", "token", "userinfo", "authoriz"} {
		if strings.Contains(p, w) {
			return true
		}
	}
	return p == ""
}

// urlKind names what a provider URL is for messages.
func urlKind(av appValue) string {
	if av.Kind == kindIssuer || av.Kind == kindEndpoint {
		return av.Kind.String()
	}
	return "provider URL"
}

// pathProblem says why path (relative to Authelia's root) is not what the
// key asks for, or "".
func pathProblem(av appValue, path string) string {
	ep := endpointPaths[path]
	isIssuer := slices.Contains(issuerPaths, path)
	switch {
	case !isIssuer && ep == "" && strings.Contains(av.normKey(), "base") && endpointDir(path):
		// A base URL that the application joins with relative paths
		// (Flask-AppBuilder's api_base_url: …/api/oidc/ + userinfo).
		return ""
	case !isIssuer && ep == "":
		return fmt.Sprintf("has the path '%s', which is no endpoint of Authelia: the request finds nothing there", path)
	case av.Kind == kindIssuer && ep != "":
		return "is an endpoint, not the issuer: discovery finds no document under it"
	case av.Kind == kindEndpoint || av.Kind == kindNone && urlNamed(av.normKey()) && endpointOfKey(av.normKey()) != "":
		want := endpointOfKey(av.normKey())
		// auth_url is the authorization endpoint to one application
		// (Grafana) and the issuer to another (Vikunja's authurl): only
		// another endpoint is a mistake there.
		if isIssuer && want != "" && !authWord(av.normKey()) {
			return "is the issuer, not the " + want + " endpoint"
		}
		if want != "" && ep != "" && want != ep {
			return fmt.Sprintf("is Authelia's %s endpoint, but the key names the %s endpoint", ep, want)
		}
	}
	return ""
}

// urlNamed reports whether a key names a URL (OIDC_AUTH_URI, token_url).
func urlNamed(key string) bool {
	k := normalizeKey(key)
	return strings.HasSuffix(k, "url") || strings.HasSuffix(k, "uri") || strings.HasSuffix(k, "endpoint")
}

// authWord reports whether key names the authorization endpoint only by
// "auth" (auth_url, AUTH_URI), not by "authoriz".
func authWord(key string) bool {
	k := normalizeKey(key)
	return endpointOfKey(key) == "auth" && !strings.Contains(k, "authoriz")
}

// endpointDir reports whether path, as a directory, holds one of
// Authelia's endpoints (/api/oidc).
func endpointDir(path string) bool {
	dir := strings.TrimRight(path, "/") + "/"
	for p := range endpointPaths {
		if strings.HasPrefix(p, dir) {
			return true
		}
	}
	return false
}

// endpointOfKey returns the endpoint a key of kindEndpoint names.
func endpointOfKey(key string) string {
	k := normalizeKey(key)
	found := ""
	for _, e := range []struct{ word, ep string }{
		{"userinfo", "userinfo"}, {"token", "token"}, {"jwk", "jwks"}, {"certificate", "jwks"}, {"keys", "jwks"}, {"introspect", "introspection"},
		{"revoc", "revocation"}, {"authoriz", "auth"},
		// auth_url, AUTH_URI, authEndpoint: the authorization endpoint
		// (not oauth_url, a base URL).
		{"authurl", "auth"}, {"authuri", "auth"}, {"authendpoint", "auth"},
	} {
		if i := strings.Index(k, e.word); i > 0 && k[i-1] == 'o' && e.ep == "auth" && e.word != "authoriz" {
			continue
		}
		if strings.Contains(k, e.word) {
			if found != "" && found != e.ep {
				return "" // tokenIntrospectionEndpoint, "Authorization Token Endpoint": ambiguous
			}
			found = e.ep
		}
	}
	return found
}

// schemeless reports the application's URLs of Authelia written without
// a scheme (auth.example.com/api/oidc/token) under a key that names an
// issuer, an endpoint or a URL: the application cannot reach Authelia, or
// discovery fails. A key that names a host or a domain takes a bare host.
func schemeless(m *model, r *reporter, root rootURL) {
	host := lowerHost(root.URL)
	for _, av := range m.app {
		t := av.Value.Text
		k := av.normKey()
		if rest, ok := slashesOff(t); ok && !r.seen[av.Value.Span] && av.Kind != kindRedirect && len(rest) >= len(host) && strings.EqualFold(rest[:len(host)], host) {
			// https:/auth.example.com: Authelia's URL with one slash.
			r.report(av.Value, diag.Error, "consistency-issuer", "write the URL with two slashes after its scheme: "+root.URL.Scheme+"://"+rest,
				fmt.Sprintf("%s '%s' (%s) has no host: the application cannot reach Authelia with it", urlKind(av), t, describe(av)),
				r.related(root.Value, "the Authelia Root URL assumption"))
			continue
		}
		if r.seen[av.Value.Span] || strings.Contains(t, "://") || len(t) < len(host) || !strings.EqualFold(t[:len(host)], host) {
			continue
		}
		rest := t[len(host):]
		if rest != "" && rest[0] != '/' && rest[0] != ':' || strings.Contains(k, "host") || strings.Contains(k, "domain") {
			continue
		}
		slash := strings.Contains(rest, "/")
		if i := strings.IndexAny(rest, "/"); i >= 0 {
			rest = rest[i:]
		} else {
			rest = ""
		}
		p := strings.TrimRight(rest, "/")
		// A path of Authelia's makes any key's value a URL of Authelia; so
		// does a key that names an issuer or an endpoint, or a URL when
		// the value has a path (a list of trusted URIs takes bare hosts).
		autheliaPath := endpointPaths[p] != "" || p != "" && slices.Contains(issuerPaths, p) || strings.HasPrefix(p, "/api/oidc/")
		urlKey := av.Kind == kindIssuer || av.Kind == kindEndpoint || strings.HasSuffix(k, "endpoint") || slash && (strings.Contains(k, "url") || strings.Contains(k, "uri"))
		if !autheliaPath && !urlKey {
			continue
		}
		r.report(av.Value, diag.Error, "consistency-issuer", "write the URL with its scheme: "+root.URL.Scheme+"://"+t,
			fmt.Sprintf("%s '%s' (%s) has no scheme: the application cannot reach Authelia with it", urlKind(av), t, describe(av)),
			r.related(root.Value, "the Authelia Root URL assumption"))
	}
}

// rootPathOdd reports, once, an Authelia Root URL assumption with a path
// (https://auth.example.com/authelia/) when the application's URLs on its
// host are Authelia's at the host's root (/api/oidc/token, the discovery
// document) and none is under that path: the assumption is the odd one
// out. The URLs are then not reported again.
func rootPathOdd(m *model, r *reporter, root rootURL) bool {
	rp := strings.TrimRight(root.URL.EscapedPath(), "/")
	if rp == "" {
		return false
	}
	var votes []appValue
	for _, av := range m.app {
		u, lit := m.urls.literal(av.Value.Text)
		if !lit || !isWeb(u) || lowerHost(u) != lowerHost(root.URL) || r.seen[av.Value.Span] {
			continue
		}
		p := strings.TrimRight(u.EscapedPath(), "/")
		if p == rp || strings.HasPrefix(p, rp+"/") {
			return false // a URL under the path: the path is the one used
		}
		if endpointPaths[p] != "" || slices.Contains(issuerPaths, p) {
			votes = append(votes, av)
		}
	}
	if len(votes) == 0 {
		return false
	}
	r.report(root.Value, diag.Error, "consistency-issuer", "state the Authelia Root URL the guide uses",
		fmt.Sprintf("the Authelia Root URL assumption '%s' has the path '%s', but the provider URLs the application uses are at the root of its host", root.Value.Text, rp),
		r.related(votes[0].Value, "%s", describe(votes[0])))
	for _, av := range votes {
		r.seen[av.Value.Span] = true
	}
	return true
}

// rootOdd reports the Authelia Root URL assumption when at least two
// provider URLs of the application agree on one public origin and none is
// on the assumption's; it then reports nothing else.
// rootHTTP reports an Authelia Root URL assumption with the http scheme
// when a provider URL of the application is the same host over https:
// Authelia's URL must use https (session.cookies[].authelia_url), so the
// assumption is the mistake, not the application's URLs.
func rootHTTP(r *reporter, root rootURL, urls []providerURL) bool {
	if !strings.EqualFold(root.URL.Scheme, "http") {
		return false
	}
	for _, pu := range urls {
		if strings.EqualFold(pu.u.Scheme, "https") && strings.EqualFold(pu.u.Hostname(), root.URL.Hostname()) {
			r.report(root.Value, diag.Error, "consistency-issuer", "write the Authelia Root URL with https://",
				fmt.Sprintf("the Authelia Root URL assumption '%s' uses http: Authelia's URL must use https (session.cookies authelia_url), as %s does", root.Value.Text, describe(pu.av)),
				r.related(pu.av.Value, "%s", describe(pu.av)))
			return true
		}
	}
	return false
}

func rootOdd(r *reporter, root rootURL, urls []providerURL, provider, app map[string]bool) bool {
	o, n := "", 0
	var first providerURL
	for _, pu := range urls {
		if isInternalHost(pu.u) {
			continue
		}
		uo := origin(pu.u)
		if app[uo] {
			continue
		}
		switch {
		case provider[uo]:
			return false
		case o == "":
			o, first = uo, pu
		case uo != o:
			return false
		}
		n++
	}
	if n == 1 && originNearMiss(first.u, root.URL) {
		// One provider URL against the assumption, a typo apart: when the
		// URL's host is one of the names Authelia's portal is served
		// under (auth, sso) and the assumption's is not, the assumption
		// is the odd one out. Otherwise the URL is reported
		// (checkIssuers): one root cause, one finding.
		if portalHostWord(first.u) && !portalHostWord(root.URL) && first.u.Port() != autheliaPort {
			n = 2 // the assumption is the typo: reported alone, below
		}
		// So is an assumption whose own words (a port added, a letter
		// dropped) the guide writes nowhere else, where the URL's stand
		// elsewhere too (slipSide).
		if slipSide(r.p.File.Content, root.Value.Text, first.av.Value.Text) > 0 {
			n = 2
		}
	}
	if n < 2 {
		return false
	}
	r.report(root.Value, diag.Error, "consistency-issuer", "state the Authelia Root URL the guide uses",
		fmt.Sprintf("the Authelia Root URL assumption '%s' is not the origin of the provider URLs the application uses (%s)", root.Value.Text, strings.TrimSuffix(o, ":443")),
		r.related(first.av.Value, "%s", describe(first.av)))
	return true
}

// maxRootsPerHost bounds the distinct root URLs on one host that a
// redirect URI is compared with: the assumptions state one Application
// Root URL, and comparing every redirect URI with thousands of them was
// quadratic.
const maxRootsPerHost = 16

// rootsByHost groups roots by lower-cased host name, in order, without
// repeating a URL, at most maxRootsPerHost per host.
func rootsByHost(roots []rootURL) map[string][]rootURL {
	byHost, seen := map[string][]rootURL{}, map[string]bool{}
	for _, root := range roots {
		h := lowerHost(root.URL)
		if seen[root.URL.String()] || len(byHost[h]) >= maxRootsPerHost {
			continue
		}
		seen[root.URL.String()] = true
		byHost[h] = append(byHost[h], root)
	}
	return byHost
}

// rootURL is a parsed root URL assumption.
type rootURL struct {
	URL   *url.URL
	Value value
}

// webURLs returns the http(s) URLs among vs.
func (m *model) webURLs(vs []value) []rootURL {
	var out []rootURL
	for _, v := range vs {
		if u, ok := m.urls.literal(v.Text); ok && isWeb(u) {
			out = append(out, rootURL{URL: u, Value: v})
		}
	}
	return out
}

// checkEnvCompose reports compose environment values that differ from the
// .env value of the same variable. Values with '$' (interpolation) are
// skipped, and so are variables whose value was already reported by another
// rule: one mistake, one diagnostic.
func checkEnvCompose(m *model, r *reporter) {
	if len(m.compose) == 0 || len(m.dotenv) == 0 {
		return // no variable is in both files
	}
	byName := map[string][]envVar{}
	for _, e := range m.dotenv {
		byName[e.Name] = append(byName[e.Name], e)
	}
	// The findings' spans, the supporter and the issuers are made when
	// a variable of both files first needs them: most guides have none.
	// The spans are still taken before the rule reports, since the first
	// need comes before the first report.
	var spans []source.Span
	var sup supporter
	var issuers []string
	prepared := false
	for _, c := range m.compose {
		envs := byName[c.Name]
		if len(envs) == 0 {
			continue
		}
		if !prepared {
			prepared = true
			spans = make([]source.Span, 0, len(r.seen))
			for sp := range r.seen {
				spans = append(spans, sp)
			}
			slices.SortFunc(spans, func(a, b source.Span) int { return cmp.Compare(a.Start, b.Start) })
			sup = newSupporter(m)
			for _, a := range m.assume.all(labelAutheliaRoot) {
				issuers = append(issuers, a.Text)
			}
		}
		if reportedIn(r, spans, c.Value) || strings.Contains(c.Value.Text, "$") {
			continue
		}
		if slices.ContainsFunc(envs, func(e envVar) bool {
			return e.Value.Text == c.Value.Text || reportedIn(r, spans, e.Value) || strings.Contains(e.Value.Text, "$") ||
				sameScopes(c.Name, e.Value.Text, c.Value.Text)
		}) {
			continue
		}
		e := envs[0]
		// The side the rest of the guide contradicts is the mistake: an
		// http:// in .env against the https:// of compose.yml and of the
		// Authelia Root URL is reported in .env. On a tie, the side
		// whose own words the guide writes nowhere else (slipSide), else
		// compose.yml.
		at, other := c, e
		switch sc, se := sup.of(c.Value), sup.of(e.Value); {
		case sc > se:
			at, other = e, c
		case sc == se && slipSide(r.p.File.Content, e.Value.Text, c.Value.Text) > 0:
			at, other = e, c
		}
		// A variable whose one value is on the Authelia Root URL's origin
		// names Authelia: the value on the application's own origin is
		// the mistake, though the Application Root URL seems to back it.
		if onAuthelia(m, c.Value.Text) && onApp(m, e.Value.Text) {
			at, other = e, c
		} else if onAuthelia(m, e.Value.Text) && onApp(m, c.Value.Text) {
			at, other = c, e
		}
		// Two scope lists, one with openid: the other one dropped it
		// (checkOpenIDScopes says why that breaks the login).
		if lacksOpenID(e.Value.Text) && hasOpenID(c.Value.Text) {
			at, other = e, c
		} else if lacksOpenID(c.Value.Text) && hasOpenID(e.Value.Text) {
			at, other = c, e
		}
		if why := spellingBreaks(c.Name, other.Value.Text, at.Value.Text, issuers...); why != "" {
			r.report(at.Value, diag.Warning, "consistency-env-compose-spelling", "write the value the same way in both files",
				fmt.Sprintf("variable %s is '%s' in %s but '%s' in %s: %s", c.Name, at.Value.Text, at.Where, other.Value.Text, other.Where, why),
				r.related(other.Value, "the value in %s", other.Where))
			continue
		}
		av, ov := excerpts(at.Value.Text, other.Value.Text)
		r.report(at.Value, diag.Error, "consistency-env-compose", "give the variable the same value in both files",
			fmt.Sprintf("variable %s is '%s' in %s but '%s' in %s", c.Name, av, at.Where, ov, other.Where),
			r.related(other.Value, "the value in %s", other.Where))
	}
}

// slipSide tells which of two values of one setting holds the slip, from
// the words only one of them has (split at anything but letters and
// digits), when they make a slip (slipWords): the side whose own words the
// guide writes nowhere but there (opend, X-Forwared, a port 8443 added)
// against the other's, which it writes elsewhere too (openid, Forwarded),
// or which has none, is the mistake. It answers 1 for a, -1 for b, and 0
// when the words do not tell (both sides' words written once, or words
// that are no slip of each other).
func slipSide(content []byte, a, b string) int {
	aOnly, bOnly := wordsOnlyIn(a, b), wordsOnlyIn(b, a)
	if len(aOnly)+len(bOnly) == 0 || len(aOnly) > 2 || len(bOnly) > 2 || !slipWords(aOnly, bOnly) {
		return 0
	}
	once := func(ws []string, want func(n int) bool) bool {
		for _, w := range ws {
			// wordCount reads content as it is: w in the case written.
			if !want(wordCount(content, w)) {
				return false
			}
		}
		return true
	}
	single := func(n int) bool { return n == 1 }
	repeated := func(n int) bool { return n > 1 }
	switch {
	case len(aOnly) > 0 && once(aOnly, single) && once(bOnly, repeated):
		return 1
	case len(bOnly) > 0 && once(bOnly, single) && once(aOnly, repeated):
		return -1
	}
	return 0
}

// slipWords reports whether the words only one side has make a slip: each
// of a's one edit from b's in turn, not in case alone (opend for openid),
// or, on one side only, numbers (a port added). Whole words replaced
// (login for doku.php) are two names, not a slip.
func slipWords(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		for _, w := range append(a, b...) {
			if strings.Trim(w, "0123456789") != "" {
				return false
			}
		}
		return true
	}
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		// A change of case alone is left undecided: prose capitalises
		// the words URLs write in lower case (Oauth at a sentence's
		// start against /oauth-callback), so counts prove nothing.
		if strings.EqualFold(a[i], b[i]) || edlib.OSADamerauLevenshteinDistance(a[i], b[i]) != 1 {
			return false
		}
	}
	return true
}

// wordsOnlyIn returns the words of a (runs of letters and digits) that b
// does not have as many times.
func wordsOnlyIn(a, b string) []string {
	count := map[string]int{}
	eachAlnumWord(b, func(w string) { count[w]++ })
	var out []string
	eachAlnumWord(a, func(w string) {
		if count[w] > 0 {
			count[w]--
		} else {
			out = append(out, w)
		}
	})
	return out
}

// eachAlnumWord calls f with each run of ASCII letters and digits of s.
func eachAlnumWord(s string, f func(string)) {
	for i := 0; i < len(s); {
		for i < len(s) && !isAlnum(s[i]) {
			i++
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		if j > i {
			f(s[i:j])
		}
		i = j
	}
}

// onAuthelia reports whether s is a web URL on an Authelia Root URL's
// origin, onApp whether it is one on an Application Root URL's (and not
// on Authelia's).
func onAuthelia(m *model, s string) bool { return onRootOrigin(m, s, labelAutheliaRoot) }

func onApp(m *model, s string) bool {
	return onRootOrigin(m, s, labelAppRoot) && !onRootOrigin(m, s, labelAutheliaRoot)
}

func onRootOrigin(m *model, s string, l label) bool {
	u, ok := m.urls.literal(s)
	if !ok || !isWeb(u) {
		return false
	}
	for _, root := range m.webURLs(m.assume.all(l)) {
		if sameOrigin(u, root.URL) {
			return true
		}
	}
	return false
}

// reportedIn reports whether a finding is already on v or inside it (a
// client id in a JSON document held in the variable); spans are the
// findings' spans sorted by start, taken before the rule reports.
func reportedIn(r *reporter, spans []source.Span, v value) bool {
	if r.seen[v.Span] {
		return true
	}
	i, _ := slices.BinarySearchFunc(spans, v.Span.Start, func(sp source.Span, start int) int { return cmp.Compare(sp.Start, start) })
	for ; i < len(spans) && spans[i].Start < v.Span.End; i++ {
		if spans[i].End <= v.Span.End {
			return true
		}
	}
	return false
}

// supporter counts, for a value, the other statements of the guide that
// agree with it: the snippets (each once: a key a snippet repeats is not a
// second witness) and texts of the application with its text, and the root
// URL assumptions, client ids and redirect URIs it spells (with or without
// the trailing slash).
type supporter struct {
	groups map[string]map[int]int // text → group → values
	group  map[source.Span]int
	roots  map[string]int
}

func newSupporter(m *model) supporter {
	s := supporter{groups: make(map[string]map[int]int, len(m.app)), group: make(map[source.Span]int, len(m.app)), roots: map[string]int{}}
	for _, av := range m.app {
		g := s.groups[av.Value.Text]
		if g == nil {
			g = map[int]int{}
			s.groups[av.Value.Text] = g
		}
		g[av.Group]++
		s.group[av.Value.Span] = av.Group
	}
	for _, l := range []label{labelAppRoot, labelAutheliaRoot} {
		for _, a := range m.assume.all(l) {
			s.roots[strings.TrimSuffix(a.Text, "/")]++
		}
	}
	// The provider's client ids and redirect URIs state what the
	// application's variables hold.
	for _, c := range m.clients {
		s.roots[c.ID.Text]++
		for _, u := range c.RedirectURIs {
			s.roots[strings.TrimSuffix(u.Text, "/")]++
		}
	}
	return s
}

func (s supporter) of(v value) int {
	own, in := s.group[v.Span]
	n := s.roots[strings.TrimSuffix(v.Text, "/")]
	for g, k := range s.groups[v.Text] {
		switch {
		case in && g == own:
		case g < 0:
			n += k // texts of the guide: each its own statement
		default:
			n++
		}
	}
	return n
}

// spellingBreaks returns why two different spellings of an issuer or
// discovery URL are not interchangeable, or "" when they name different
// URLs (or the variable is not one). Values are compared exactly; this
// only explains a difference. The spellings differ in what each consumer
// accepts:
//   - a trailing slash, a default port or an upper-case host: discovery
//     still finds the document, but a client that checks the ID Token's
//     iss claim (OpenID Connect Core §3.1.3.7) against the configured
//     issuer compares strings, and Authelia's issuer has none of these;
//   - /.well-known/openid-configuration: a client that fetches the URL as
//     given finds no document at the bare issuer, and one that appends the
//     path itself fetches …/openid-configuration/.well-known/… (only some,
//     such as openid-client's discover, accept both).
func spellingBreaks(name, a, b string, issuers ...string) string {
	ca, wa := canonicalIssuer(a)
	cb, wb := canonicalIssuer(b)
	if ca == "" || ca != cb {
		return ""
	}
	// The variable names the issuer, or its value is Authelia's issuer
	// (the Authelia Root URL) whatever the key calls it (SSO_OIDC_BASE_URL).
	if classifyKey("", name) != kindIssuer && !slices.ContainsFunc(issuers, func(i string) bool {
		ci, _ := canonicalIssuer(i)
		return ci == ca
	}) {
		return ""
	}
	if wa != wb {
		return "an application that appends /.well-known/openid-configuration itself fails with the suffixed spelling, one that fetches the URL as given fails with the bare one"
	}
	return "discovery works with both, but an application that compares the ID Token's issuer with this value rejects every login unless it is spelt exactly as Authelia's issuer"
}

// canonicalIssuer returns the issuer s names, lower-cased host, default
// port and trailing slashes removed, and whether s carried the discovery
// suffix; "" when s is not an absolute http(s) URL.
func canonicalIssuer(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	host := strings.ToLower(u.Host)
	if h, p, ok := strings.Cut(host, ":"); ok && (u.Scheme == "https" && p == "443" || u.Scheme == "http" && p == "80") {
		host = h
	}
	p := strings.TrimRight(u.Path, "/")
	wk := strings.HasSuffix(p, "/.well-known/openid-configuration")
	p = strings.TrimRight(strings.TrimSuffix(p, "/.well-known/openid-configuration"), "/")
	return strings.ToLower(u.Scheme) + "://" + host + p, wk
}

// excerptLen is the length beyond which values are shown around their
// first difference rather than whole.
const excerptLen = 60

// excerpts shortens two long values to windows around where they first
// differ, so that a message about a 400-character JSON value still shows
// the difference.
func excerpts(a, b string) (string, string) {
	if len(a) <= excerptLen && len(b) <= excerptLen {
		return a, b
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return window(a, i), window(b, i)
}

// window returns about excerptLen bytes of s starting a little before i,
// with ellipses where it was cut, never splitting a UTF-8 sequence.
func window(s string, i int) string {
	start := max(0, i-excerptLen/3)
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	end := min(len(s), start+excerptLen)
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	w := s[start:end]
	if start > 0 {
		w = "…" + w
	}
	if end < len(s) {
		w += "…"
	}
	return w
}

// checkEnvNames reports a variable set in only one of the guide's .env and
// compose.yml whose name is a near miss of a variable set only in the
// other: the application reads one name, so one of the two files sets
// nothing it reads. A Kubernetes env list or a systemd unit's Environment=
// lines count as compose.yml. The
// misspelt one is the name with a misspelt word of OpenID Connect
// (CLEINT), else the one whose distinct word is no word of settings' names
// while the other's is (SERRVER, SERVER), else the name with a word the
// rest of the guide never writes while the other's word is written
// elsewhere (AUTTHELIA, ABSE), else the name stated fewer times in the
// guide's snippets (the compose one on a tie).
func checkEnvNames(m *model, r *reporter) {
	// A Kubernetes env list or a systemd unit's Environment= is a
	// service's environment as a Compose service's is: each two of the
	// three sources are compared (a drop-in beside a compose.yml states
	// the same variables).
	done := map[string]bool{}
	envNamePairs(m, r, m.dotenv, m.compose, done)
	envNamePairs(m, r, m.dotenv, m.runEnv, done)
	envNamePairs(m, r, m.runEnv, m.compose, done)
}

// envNamePairs reports the near misses between the names of envs and of
// containers, two sources of variables (see checkEnvNames; on a tie the
// one in containers is reported); done holds the names already reported.
func envNamePairs(m *model, r *reporter, envs, containers []envVar, done map[string]bool) {
	inEnv, inCompose := map[string]bool{}, map[string]bool{}
	for _, e := range envs {
		inEnv[e.Name] = true
	}
	for _, c := range containers {
		inCompose[c.Name] = true
	}
	if len(inEnv) == 0 || len(inCompose) == 0 {
		return
	}
	var count map[string]int // statements of each key, once a pair needs them
	for _, c := range containers {
		if inEnv[c.Name] || done[c.Name] || len(c.Name) < 6 {
			continue
		}
		for _, e := range envs {
			if inCompose[e.Name] || done[e.Name] || !nearMiss(c.Name, e.Name) {
				continue
			}
			done[c.Name], done[e.Name] = true, true
			if count == nil {
				count = map[string]int{}
				for _, av := range m.app {
					count[av.Key]++
				}
			}
			bad, good := c, e
			switch {
			case strings.EqualFold(c.Name, e.Name) && upperName(c.Name) != upperName(e.Name):
				// The same name in another case: variables are named in
				// capitals, which is what applications read.
				if upperName(e.Name) {
					bad, good = c, e
				} else {
					bad, good = e, c
				}
			case misspells(e.Name, c.Name) && !misspells(c.Name, e.Name):
				bad, good = e, c
			case misspells(c.Name, e.Name):
			case knownWordOf(c.Name, e.Name) && !knownWordOf(e.Name, c.Name):
				bad, good = e, c
			case knownWordOf(e.Name, c.Name) && !knownWordOf(c.Name, e.Name):
			case unheardWord(r, e.Name, c.Name):
				bad, good = e, c
			case unheardWord(r, c.Name, e.Name):
			case count[e.Name] < count[c.Name]:
				bad, good = e, c
			}
			r.report(bad.Value, diag.Error, "consistency-env-name", "spell the variable as the application reads it in both files",
				fmt.Sprintf("variable %s is set in %s, and %s in %s: one of the two names is misspelt, so that file sets nothing the application reads", bad.Name, bad.Where, good.Name, good.Where),
				r.related(good.Value, "%s in %s", good.Name, good.Where))
			break
		}
	}
}

// sameScopes reports whether a and b, values of the variable name, are
// one list of scopes in two orders with the same separators: a scope
// parameter is a set (RFC 6749 §3.3), so the order means nothing.
func sameScopes(name, a, b string) bool {
	if classifyKey("", name) != kindScope || strings.Contains(a, ",") != strings.Contains(b, ",") {
		return false
	}
	x, y := splitList(a), splitList(b)
	if len(x) != len(y) || len(x) < 2 {
		return false
	}
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// hostTypo reports whether host is want misspelt: the same parent domain,
// and a first label of the same length that differs from want's by two
// neighbouring letters swapped or one letter replaced (atuh, aurh for
// auth). A letter added or dropped is not counted (oauth is another
// server than auth), nor are digits (auth2).
func hostTypo(host, want string) bool {
	if host == want || isIP(host) || isIP(want) {
		return false
	}
	hl, hp, ok1 := strings.Cut(host, ".")
	wl, wp, ok2 := strings.Cut(want, ".")
	if !ok1 || !ok2 || hp != wp || len(wl) < 3 || strings.ContainsAny(hl+wl, "0123456789") {
		return false
	}
	if len(hl) != len(wl) {
		return false
	}
	var diff []int
	for i := range hl {
		if hl[i] != wl[i] {
			diff = append(diff, i)
		}
	}
	return len(diff) == 1 || len(diff) == 2 && diff[1] == diff[0]+1 && hl[diff[0]] == wl[diff[1]] && hl[diff[1]] == wl[diff[0]]
}

// isIP reports whether host is an IP address.
func isIP(host string) bool { return net.ParseIP(host) != nil }
