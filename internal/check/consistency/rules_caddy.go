package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/snippet"
)

// caddyCallback is the path under which caddy-security's portal receives
// the authorization code of its OAuth identity provider NAME:
// /oauth2/NAME/authorization-code-callback, under the portal's URL. The
// redirect URI the client registers must end with it, so the provider's
// name in the Caddyfile is part of the redirect URI.
const caddyCallback = "/authorization-code-callback"

// caddyProvider is one "oauth identity provider NAME {" block of a
// Caddyfile, with its client_id directive's value ("" when none).
type caddyProvider struct {
	name     caddyToken
	clientID string
}

// caddyProviders returns the OAuth identity provider blocks of a
// Caddyfile, and the names its portals enable (enable identity provider
// NAME).
func caddyProviders(ds []caddyDirective) (providers []caddyProvider, enabled map[string]bool) {
	enabled = map[string]bool{}
	for _, d := range ds {
		a := d.Args
		switch {
		case d.Opens && d.Name.Text == "oauth" && len(a) == 3 && a[0].Text == "identity" && a[1].Text == "provider":
			providers = append(providers, caddyProvider{name: a[2]})
		case !d.Opens && d.Name.Text == "enable" && len(a) == 3 && a[0].Text == "identity" && a[1].Text == "provider":
			enabled[a[2].Text] = true
		case !d.Opens && d.Name.Text == "client_id" && len(a) == 1 && len(providers) > 0 && len(d.Blocks) > 0 &&
			d.Blocks[len(d.Blocks)-1] == "oauth identity provider "+providers[len(providers)-1].name.Text:
			providers[len(providers)-1].clientID = a[0].Text
		}
	}
	return providers, enabled
}

// callbackProvider returns the provider name in a caddy-security redirect
// URI (https://portal/oauth2/NAME/authorization-code-callback), or false.
func callbackProvider(uri string) (string, bool) {
	rest, ok := strings.CutSuffix(uri, caddyCallback)
	if !ok {
		return "", false
	}
	i := strings.LastIndexByte(rest, '/')
	if i < 0 || !strings.HasSuffix(rest[:i], "/oauth2") {
		return "", false
	}
	return rest[i+1:], rest[i+1:] != ""
}

// checkCaddyCallbacks reports a caddy-security identity provider whose
// name is not the one in its client's redirect URIs: the portal sends
// /oauth2/NAME/authorization-code-callback as the redirect URI, which
// Authelia then rejects. The mistake is where the guide disagrees with
// itself: at the redirect_uris entry when the portal enables the block's
// name (the Caddyfile agrees with itself), else at the block's name.
// Clients without such a redirect URI are not caddy-security's, and say
// nothing.
func checkCaddyCallbacks(m *model, r *reporter) {
	for _, s := range r.p.Snippets {
		if s == nil || !isCaddyfile(s) || !strings.Contains(string(s.Text), "identity provider") {
			continue
		}
		providers, enabled := caddyProviders(scanCaddyfile(s.Text))
		for _, p := range providers {
			checkCaddyCallback(m, r, s, p, enabled[p.name.Text])
		}
	}
}

// checkCaddyCallback checks one provider block p of s; enabled: a portal
// of the Caddyfile enables p by its name.
func checkCaddyCallback(m *model, r *reporter, s *snippet.Snippet, p caddyProvider, enabled bool) {
	var wrong []value
	clientID := ""
	for _, c := range m.clients {
		if p.clientID != "" && c.ID.Text != p.clientID {
			continue
		}
		for _, u := range c.RedirectURIs {
			name, ok := callbackProvider(u.Text)
			if !ok {
				continue
			}
			if name == p.name.Text {
				return
			}
			wrong, clientID = append(wrong, u), c.ID.Text
		}
	}
	if len(wrong) == 0 {
		return
	}
	path := "/oauth2/" + p.name.Text + caddyCallback
	if enabled {
		u := wrong[0]
		if r.seen[u.Span] || r.p.Reported(u.Span) {
			return
		}
		r.report(u, diag.Error, "consistency-redirect-uri", "register the redirect URI ending in "+path,
			fmt.Sprintf("redirect URI '%s' of client '%s' is not the one caddy-security sends for its identity provider '%s' (…%s): Authelia rejects the authorization request",
				u.Text, clientID, p.name.Text, path),
			r.related(snippetValue(s, p.name.Span, p.name.Text), "the identity provider in %s", where(s)))
		return
	}
	at := snippetValue(s, p.name.Span, p.name.Text)
	if r.seen[at.Span] || r.p.Reported(at.Span) {
		return
	}
	want, _ := callbackProvider(wrong[0].Text)
	r.report(at, diag.Error, "consistency-redirect-uri", "name the identity provider "+want,
		fmt.Sprintf("caddy-security sends the redirect URI …%s for its identity provider '%s', which client '%s' does not register ('%s'): Authelia rejects the authorization request",
			path, p.name.Text, clientID, wrong[0].Text),
		r.related(wrong[0], "registered redirect URI"))
}
