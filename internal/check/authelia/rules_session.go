package authelia

import (
	"net"
	"net/url"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/lazyre"
)

// reCookieDomain is the shape of a cookie domain (reDomainCharacters):
// lowercase labels joined by dots.
var reCookieDomain = lazyre.New(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$`)

// session checks the session cookies (validator/session.go): the legacy
// single-domain form beside cookies, and each cookie's domain and URLs.
func (cc *configCheck) session(doc *yaml.Node) {
	sess, ok := lookup(doc, "session")
	if !ok || !isMapping(sess.value) {
		return
	}
	cookies, hasCookies := lookup(sess.value, "cookies")
	if d, ok := lookup(sess.value, "domain"); ok && hasCookies && !isNull(d.value) {
		cc.reportf(d.key, diag.Error, "authelia-session-legacy", "move the domain into an entry of 'cookies'",
			"session: option 'domain' and option 'cookies' can't be specified at the same time")
	}
	if r, ok := lookup(doc, "default_redirection_url"); ok && hasCookies && !isNull(r.value) {
		cc.reportf(r.key, diag.Error, "authelia-session-legacy", "set default_redirection_url in each entry of session.cookies",
			"session: option 'cookies' must be configured with the per cookie option 'default_redirection_url' but the global one is configured which is not supported")
	}
	var seen []string
	for i, it := range items(cookies.value) {
		if m := resolve(it); m != nil && m.Kind == yaml.MappingNode {
			seen = cc.cookie(i, m, seen)
		}
	}
}

// cookie checks one entry of session.cookies; seen holds the domains of
// the entries before it.
func (cc *configCheck) cookie(i int, m *yaml.Node, seen []string) []string {
	domain, dn, hasDomain := text(m, "domain")
	desc := "session: domain config " + ordinal(i) + " (domain '" + domain + "'): "
	if hasDomain && domain != "" {
		cc.cookieDomain(desc, domain, dn, seen)
		seen = append(seen, domain)
	}
	au, an, hasURL := text(m, "authelia_url")
	if hasDomain && domain != "" && an == nil && !cc.partial(m) {
		cc.reportf(dn, diag.Error, "authelia-required", "add the URL Authelia is served at for this domain, such as 'https://auth."+domain+"'",
			"%soption 'authelia_url' is required", desc)
	}
	if hasURL {
		cc.cookieURL(desc, "authelia_url", au, an, domain)
	}
	if ru, rn, ok := text(m, "default_redirection_url"); ok {
		cc.cookieURL(desc, "default_redirection_url", ru, rn, domain)
		if hasURL && equalURLs(au, ru) {
			cc.reportf(rn, diag.Error, "authelia-session-url", "redirect to a page of the protected application instead",
				"%soption 'default_redirection_url' with value '%s' is effectively equal to option 'authelia_url' with value '%s' which is not permitted", desc, ru, au)
		}
	}
	return seen
}

// cookieDomain applies validateSessionDomainName and the uniqueness rule.
func (cc *configCheck) cookieDomain(desc, domain string, n *yaml.Node, seen []string) {
	switch {
	case strings.HasPrefix(domain, "*."):
		cc.reportf(n, diag.Error, "authelia-session-domain", "write the domain itself: '"+domain[2:]+"'",
			"%soption 'domain' must be the domain you wish to protect not a wildcard domain but it's configured as '%s'", desc, domain)
		return
	case strings.HasPrefix(domain, "."):
		cc.reportf(n, diag.Warning, "authelia-session-domain", "remove the leading '.'",
			"%soption 'domain' has a prefix of '.' which is not supported or intended behaviour", desc)
	case net.ParseIP(domain) != nil:
		return
	case !strings.Contains(domain, "."):
		cc.reportf(n, diag.Error, "authelia-session-domain", "use a domain with at least one '.', or an IP address",
			"%soption 'domain' is not a valid cookie domain: must have at least a single period or be an ip address", desc)
		return
	case !reCookieDomain.MatchString(domain) && !placeholder(domain):
		cc.reportf(n, diag.Error, "authelia-session-domain", "use a lowercase domain name",
			"%soption 'domain' does not appear to be a valid cookie domain or an ip address", desc)
		return
	}
	for _, d := range seen {
		if d == domain {
			cc.reportf(n, diag.Error, "authelia-session-domain", "configure each domain once",
				"%soption 'domain' is a duplicate value for another configured session domain", desc)
			return
		}
		if hasDomainSuffix(domain, d) || hasDomainSuffix(d, domain) {
			cc.reportf(n, diag.Error, "authelia-session-domain", "one cookie for the parent domain covers its subdomains",
				"%soption 'domain' shares the same cookie domain scope as another configured session domain", desc)
			return
		}
	}
}

// cookieURL checks authelia_url or default_redirection_url of a cookie:
// absolute, https, and inside the cookie's domain.
func (cc *configCheck) cookieURL(desc, key, raw string, n *yaml.Node, domain string) {
	if raw == "" || placeholder(raw) {
		return
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs():
		cc.reportf(n, diag.Error, "authelia-session-url", "write the whole URL: 'https://…'",
			"%soption '%s' is not absolute with a value of '%s'", desc, key, raw)
		return
	case u.Scheme != "https" && u.Scheme != "wss":
		cc.reportf(n, diag.Error, "authelia-session-url", "use https: Authelia's cookies are secure cookies",
			"%soption '%s' does not have a secure scheme with a value of '%s'", desc, key, raw)
	}
	if domain != "" && !hasDomainSuffix(strings.ToLower(u.Hostname()), strings.TrimPrefix(domain, ".")) {
		cc.reportf(n, diag.Error, "authelia-session-url", "use a URL on "+domain+" or one of its subdomains",
			"%soption '%s' does not share a cookie scope with domain '%s' with a value of '%s'", desc, key, domain, raw)
	}
}

// hasDomainSuffix reports whether host is domain or a subdomain of it.
func hasDomainSuffix(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// equalURLs compares two URLs as Authelia's utils.EqualURLs does: scheme
// and host without case, the path with a trailing slash ignored.
func equalURLs(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimSuffix(ua.Path, "/") == strings.TrimSuffix(ub.Path, "/") && ua.RawQuery == ub.RawQuery
}
