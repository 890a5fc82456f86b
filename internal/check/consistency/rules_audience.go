package consistency

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkAudiences reports an audience the application requires in the
// tokens it receives (Incus's oidc.audience) that its client cannot be
// granted: Authelia grants a client only the audiences of its audience
// list (an ID Token's audience is the client id), so the application
// rejects every token. Only clients that list audiences are judged: a
// client without the option states nothing to compare with.
func checkAudiences(m *model, r *reporter) {
	for _, av := range m.app {
		if av.Kind != kindAudience || r.seen[av.Value.Span] || isPlaceholder(av.Value.Text) {
			continue
		}
		cs := m.clientsFor(av.Group, true)
		if len(cs) == 0 {
			continue
		}
		var lists []client
		granted := false
		for _, c := range cs {
			if c.ID.Text == av.Value.Text {
				granted = true
			}
			for _, a := range c.Audience {
				granted = granted || sameAudience(a.Text, av.Value.Text)
			}
			if len(c.Audience) > 0 {
				lists = append(lists, c)
			}
		}
		if granted || len(lists) != len(cs) {
			continue
		}
		c := lists[0]
		var rel []diag.Related
		for _, a := range c.Audience[:min(len(c.Audience), maxRelated)] {
			rel = append(rel, r.related(a, "audience of client '%s'", c.ID.Text))
		}
		r.report(av.Value, diag.Error, "consistency-audience", "require an audience the client lists, or add it to the client's audience",
			fmt.Sprintf("%s requires the audience '%s', which client '%s' does not list in its audience: the application rejects the tokens Authelia issues", describe(av), av.Value.Text, c.ID.Text),
			rel...)
	}
}

// sameAudience reports whether audiences a and b match as Authelia
// matches a requested audience: URLs by scheme, host (port included) and
// path without a trailing slash, other strings exactly.
func sameAudience(a, b string) bool {
	if a == b {
		return true
	}
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil || ua.Scheme == "" || ua.Host == "" || ub.Scheme == "" || ub.Host == "" {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimRight(ua.EscapedPath(), "/") == strings.TrimRight(ub.EscapedPath(), "/")
}
