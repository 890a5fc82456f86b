package consistency

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/guidec/guidec/internal/diag"
)

// checkRedirects reports app-side redirect URIs that no relevant client
// registers. Authelia compares redirect URIs as exact strings (loopback
// ports aside), so a trailing slash matters.
func checkRedirects(m *model, r *reporter) {
	for _, av := range m.app {
		if av.Kind != kindRedirect {
			continue
		}
		if _, ok := literalURL(av.Value.Text); !ok {
			continue
		}
		clients := m.clientsFor(av.Group, true)
		var regs []value
		var ids []string
		for _, c := range clients {
			for _, u := range c.RedirectURIs {
				if _, ok := literalURL(u.Text); ok {
					regs = append(regs, u)
				}
			}
			if !slices.Contains(ids, c.ID.Text) {
				ids = append(ids, c.ID.Text)
			}
		}
		if len(regs) == 0 || slices.ContainsFunc(regs, func(u value) bool { return redirectMatches(av.Value.Text, u.Text) }) {
			continue
		}
		var related []diag.Related
		for _, u := range regs[:min(len(regs), 5)] {
			related = append(related, r.related(u, "registered redirect URI"))
		}
		r.report(av.Value, diag.Error, "consistency-redirect-uri", "register the URI in redirect_uris or use a registered one",
			fmt.Sprintf("redirect URI '%s' (%s) is not among the redirect_uris of client %s", av.Value.Text, describe(av), quoteList(ids)), related...)
	}
}

// checkRedirectRoots warns about web redirect URIs on the Application Root
// URL's host that are not under it (another scheme, port or path).
func checkRedirectRoots(m *model, r *reporter) {
	roots := webURLs(m.assume.all(labelAppRoot))
	if len(roots) == 0 {
		return
	}
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			u, ok := literalURL(v.Text)
			if !ok || !isWeb(u) {
				continue
			}
			var same []rootURL
			for _, root := range roots {
				if strings.EqualFold(root.URL.Hostname(), u.Hostname()) {
					same = append(same, root)
				}
			}
			if len(same) == 0 || slices.ContainsFunc(same, func(root rootURL) bool { return under(u, root.URL) }) {
				continue
			}
			r.report(v, diag.Warning, "consistency-redirect-uri-root", "use a redirect URI under the Application Root URL, or correct the assumption",
				fmt.Sprintf("redirect URI '%s' is not under the Application Root URL '%s'", v.Text, same[0].Value.Text),
				r.related(same[0].Value, "the Application Root URL assumption"))
		}
	}
}

// checkIssuers reports issuer, discovery and endpoint URLs whose origin is
// not the Authelia Root URL's. Internal hosts (container names, IPs) and
// URLs on the application's own origin are skipped: the first are
// legitimate back-channel addresses, the second mean the key was not the
// provider's after all.
func checkIssuers(m *model, r *reporter) {
	roots := webURLs(m.assume.all(labelAutheliaRoot))
	if len(roots) == 0 {
		return
	}
	provider, app := map[string]bool{}, map[string]bool{}
	for _, root := range roots {
		provider[origin(root.URL)] = true
	}
	for _, a := range webURLs(m.assume.all(labelAppRoot)) {
		app[origin(a.URL)] = true
	}
	for _, av := range m.app {
		if av.Kind != kindIssuer && av.Kind != kindEndpoint {
			continue
		}
		u, lit := literalURL(av.Value.Text)
		if !lit || !isWeb(u) || isInternalHost(u) || provider[origin(u)] || app[origin(u)] {
			continue
		}
		r.report(av.Value, diag.Error, "consistency-issuer", "use a URL on the Authelia Root URL",
			fmt.Sprintf("%s '%s' (%s) is not on the Authelia Root URL '%s'", av.Kind, av.Value.Text, describe(av), roots[0].Value.Text),
			r.related(roots[0].Value, "the Authelia Root URL assumption"))
	}
}

// rootURL is a parsed root URL assumption.
type rootURL struct {
	URL   *url.URL
	Value value
}

func webURLs(vs []value) []rootURL {
	var out []rootURL
	for _, v := range vs {
		if u, ok := literalURL(v.Text); ok && isWeb(u) {
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
	byName := map[string][]envVar{}
	for _, e := range m.dotenv {
		byName[e.Name] = append(byName[e.Name], e)
	}
	for _, c := range m.compose {
		envs := byName[c.Name]
		if len(envs) == 0 || r.seen[c.Value.Span] || strings.Contains(c.Value.Text, "$") {
			continue
		}
		if slices.ContainsFunc(envs, func(e envVar) bool {
			return sameEnvValue(c.Name, e.Value.Text, c.Value.Text) || r.seen[e.Value.Span] || strings.Contains(e.Value.Text, "$")
		}) {
			continue
		}
		e := envs[0]
		cv, ev := excerpts(c.Value.Text, e.Value.Text)
		r.report(c.Value, diag.Error, "consistency-env-compose", "give the variable the same value in both files",
			fmt.Sprintf("variable %s is '%s' in %s but '%s' in %s", c.Name, cv, c.Where, ev, e.Where),
			r.related(e.Value, "the value in %s", e.Where))
	}
}

// sameEnvValue compares two values of variable name. Issuer and discovery
// URLs are equal when they name the same issuer: with or without a
// trailing slash or the /.well-known/openid-configuration suffix, which
// OpenID Connect discovery appends itself.
func sameEnvValue(name, a, b string) bool {
	if a == b {
		return true
	}
	if classifyKey("", name) != kindIssuer {
		return false
	}
	return issuerBase(a) == issuerBase(b)
}

func issuerBase(s string) string {
	s = strings.TrimSuffix(s, "/")
	s = strings.TrimSuffix(s, "/.well-known/openid-configuration")
	return strings.TrimSuffix(s, "/")
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
