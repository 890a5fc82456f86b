package consistency

import (
	"fmt"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkScopeSeparators reports a list of scopes written as one string
// that separates its scopes with commas in one place and blanks alone in
// another ("openid,profile groups"): an application splits such a string
// at one of the two, or passes it as it is to the authorization request,
// where scopes are separated by blanks (RFC 6749 §3.3), so the scopes
// joined by a comma reach Authelia as one scope ("openid,profile"), which
// it refuses. Some applications split at both (Grafana), hence a warning.
// Commas followed by blanks ("openid, profile") are one separator.
func checkScopeSeparators(m *model, r *reporter) {
	for _, av := range m.app {
		v := av.Value
		if av.Kind != kindScope || r.seen[v.Span] || strings.ContainsAny(v.Text, "[]\"'+%{}$") {
			continue
		}
		comma, blank := false, false
		for _, sep := range scopeSeparators(strings.TrimSpace(v.Text)) {
			if strings.Contains(sep, ",") {
				comma = true
			} else {
				blank = true
			}
		}
		if !comma || !blank {
			continue
		}
		r.report(v, diag.Warning, "consistency-scope-separators", "separate every scope the same way, with blanks or with commas as the application documents",
			fmt.Sprintf("the scopes '%s' (%s) are separated by commas in one place and by blanks alone in another: unless the application splits them at both, Authelia gets the scopes joined by a comma as one, and refuses it", v.Text, describe(av)))
	}
}

// scopeSeparators returns the runs of blanks and commas between the words
// of s.
func scopeSeparators(s string) []string {
	var seps []string
	start := -1
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\t' || c == ',' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			seps = append(seps, s[start:i])
			start = -1
		}
	}
	return seps
}

// protocolNames are the names applications take for the kind of sign-in
// (a provider type, a driver, a strategy): OpenID Connect and OAuth 2.0.
// They are compared without '-' and '_', which applications spell as they
// like (openid-connect, openid_connect, openidConnect).
var protocolNames = []string{"oidc", "openid", "oauth2", "openidconnect"}

// dropSeparators removes '-' and '_'. One replacer for the process: a
// strings.Replacer builds a 256-entry table on first use (6 KB), which
// building one per value made the largest allocation of a check.
var dropSeparators = strings.NewReplacer("-", "", "_", "")

// checkProtocolSpelling reports an application setting whose whole value
// is one edit from the name of OpenID Connect or OAuth 2.0 (odic, oicd,
// opneid, oauht2; respellings' edits): no application knows that provider
// type, so it refuses to start or offers no sign-in with Authelia.
func checkProtocolSpelling(m *model, r *reporter) {
	for _, av := range m.app {
		v := av.Value
		if av.Group < 0 || r.seen[v.Span] || len(v.Text) < 4 || len(v.Text) > 16 {
			continue
		}
		lw := strings.ToLower(v.Text)
		if legitNearWords[lw] || oidcWordSet[lw] || strings.Trim(lw, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			continue
		}
		lw = dropSeparators.Replace(lw)
		if slices.Contains(protocolNames, lw) {
			continue
		}
		for _, p := range protocolNames {
			if oneEdit(lw, p) {
				r.report(v, diag.Error, "consistency-protocol-spelling", "write "+p,
					fmt.Sprintf("'%s' (%s) is a misspelling of %s: the application knows no such kind of sign-in", v.Text, describe(av), p))
				break
			}
		}
	}
}
