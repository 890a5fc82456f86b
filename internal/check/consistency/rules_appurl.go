package consistency

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkAppURLs reports an application URL (ROOT_URL, BASE_URL, PUBLIC_URL,
// APP_URL… in any format) whose origin is none of the origins the rest of
// the guide gives the application. An application builds the redirect URI
// it sends from its own URL, so a scheme, host or port that differs from
// the Application Root URL and from the client's redirect URIs makes it
// send a redirect URI Authelia refuses (or, for the scheme, mixed cookies
// and a refused callback).
//
// The expected origins are the Application Root URL assumptions' and those
// of the redirect URIs (registered, and those the application states):
// when one of them is the odd one out, checkRedirectRoots or
// checkRedirects reports it and the application URL agrees with the rest.
// Only application URLs on a host related to an expected one are judged
// (the same host, a subdomain, a near miss): an unrelated URL is some other
// service's.
func checkAppURLs(m *model, r *reporter) {
	expected := map[string]value{} // origin → a statement of it
	var hosts []*url.URL
	add := func(v value) {
		u, ok := m.urls.literal(v.Text)
		if !ok || !isWeb(u) {
			return
		}
		o := origin(u)
		if _, dup := expected[o]; !dup {
			expected[o] = v
			hosts = append(hosts, u)
		}
	}
	roots := m.assume.all(labelAppRoot)
	for _, v := range roots {
		add(v)
	}
	if len(roots) == 0 {
		return
	}
	for _, c := range m.clients {
		for _, v := range c.RedirectURIs {
			add(v)
		}
	}
	for _, av := range m.app {
		if av.Kind == kindRedirect {
			add(av.Value)
		}
	}
	for _, av := range m.app {
		if av.Kind != kindAppURL || r.seen[av.Value.Span] {
			continue
		}
		u, ok := m.urls.literal(av.Value.Text)
		if !ok || !isWeb(u) || u.RawQuery != "" {
			continue
		}
		if _, ok := expected[origin(u)]; ok {
			continue
		}
		want := relatedOrigin(u, hosts)
		if want == nil {
			continue
		}
		w := expected[origin(want)]
		r.report(av.Value, diag.Error, "consistency-app-url", "use the Application Root URL's scheme, host and port",
			fmt.Sprintf("application URL '%s' (%s) is not on %s: the application builds its redirect URI from it, and Authelia accepts only the registered ones", av.Value.Text, describe(av), strings.TrimSuffix(strings.TrimSuffix(origin(want), ":443"), ":80")),
			r.related(w, "the origin the rest of the guide uses"))
	}
}

// relatedOrigin returns the first of us whose host is u's, a subdomain of
// it or the other way round, or a near miss; nil when none is.
func relatedOrigin(u *url.URL, us []*url.URL) *url.URL {
	h := lowerHost(u)
	for _, o := range us {
		if lowerHost(o) == h {
			return o
		}
	}
	for _, o := range us {
		oh := lowerHost(o)
		// As in relatedRoots: every host of a site is a subdomain of its
		// registrable domain, so only a subdomain of a subdomain counts.
		sub := strings.HasSuffix(h, "."+oh) && strings.Count(oh, ".") >= 2 || strings.HasSuffix(oh, "."+h) && strings.Count(h, ".") >= 2
		if sub || nearMiss(h, oh) {
			return o
		}
	}
	return nil
}
