package consistency

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/hbollon/go-edlib"
)

// proseURLs returns the absolute URLs that code spans of paragraphs, list
// items and table cells give, outside the Assumptions: the unlabelled
// statements checkProseRedirects compares with the registered redirect
// URIs ("[App] expects them back at `https://app.example.com/cb`").
func proseURLs(texts []check.Text) []value {
	var out []value
	for _, t := range texts {
		if t.Kind == check.Heading || inAssumptions(t.Section) {
			continue
		}
		for _, c := range t.Code {
			v := t.Text[c.Start:c.End]
			if !strings.Contains(v, "://") || strings.ContainsAny(v, " \t") || len(v) > 300 || isPlaceholder(v) {
				continue
			}
			out = append(out, value{Text: v, Span: t.GuideSpan(c)})
		}
	}
	return out
}

// checkProseRedirects reports a URL the instructions give without a label
// that is a near miss of a client's registered redirect URI: the same
// origin and a path that differs by a slash, a letter, the case, a
// segment, a query or a fragment, or the same path on another origin. A
// reader who sees where the application sends users back is told a URI
// Authelia refuses, or the guide registers the wrong one. A URL that a
// client registers exactly, or that another rule reported, is left alone.
func checkProseRedirects(m *model, r *reporter) {
	if len(m.proseURLs) == 0 {
		return
	}
	// A URL an application setting states too is checkRedirects' (which
	// also knows which side is odd); a client whose redirect URIs another
	// rule reported is the mistake already.
	stated := map[string]bool{}
	for _, av := range m.app {
		if av.Kind == kindRedirect {
			stated[av.Value.Text] = true
		}
	}
	var regs []value
	var names []string
	for _, c := range m.clients {
		if r.optionReported(c, kindRedirect) || slices.ContainsFunc(c.RedirectURIs, func(v value) bool { return r.seen[v.Span] }) {
			continue
		}
		for _, v := range c.RedirectURIs {
			regs = append(regs, v)
			names = append(names, c.ID.Text)
		}
	}
	if len(regs) == 0 {
		return
	}
	for _, pv := range m.proseURLs {
		if r.seen[pv.Span] || r.p.Reported(pv.Span) || stated[pv.Text] {
			continue
		}
		exact, near := false, -1
		for i, reg := range regs {
			if reg.Text == pv.Text || redirectMatches(pv.Text, reg.Text) {
				exact = true
				break
			}
			if near < 0 && nearRedirect(pv.Text, reg.Text) {
				near = i
			}
		}
		if exact || near < 0 {
			continue
		}
		r.report(pv, diag.Error, "consistency-redirect-uri", "write the registered redirect URI: "+regs[near].Text,
			fmt.Sprintf("redirect URI '%s' (in the instructions) is not among the redirect_uris of client '%s': it is close to the registered '%s', which Authelia compares exactly", pv.Text, names[near], regs[near].Text),
			r.related(regs[near], "registered redirect URI"))
	}
}

// nearRedirect reports whether got looks like a slip of the registered
// redirect URI want (see checkProseRedirects).
func nearRedirect(got, want string) bool {
	g, err1 := url.Parse(got)
	w, err2 := url.Parse(want)
	if err1 != nil || err2 != nil || g.Host == "" || w.Host == "" || w.Scheme != "http" && w.Scheme != "https" {
		return false
	}
	gp, wp := normalPath(g.Path), normalPath(w.Path)
	if len(wp) < 4 || len(gp) < 4 {
		return false // a bare origin: the application's, not a redirect URI
	}
	if strings.EqualFold(g.Host, w.Host) {
		if gp == wp {
			return true // a slash, a case, a query or a fragment more
		}
		if edlib.LevenshteinDistance(gp, wp) <= 2 {
			return true
		}
		// One segment more or less at the end, of a path of two
		// segments or more (the application's base path is not one).
		gs, ws := strings.Count(gp, "/"), strings.Count(wp, "/")
		return gs >= 2 && ws == gs+1 && strings.HasPrefix(wp, gp+"/") || ws >= 2 && gs == ws+1 && strings.HasPrefix(gp, wp+"/")
	}
	// Another origin with the registered path: the host or the scheme
	// slipped (auth.example.com, an internal address, a misspelt host).
	return g.Path == w.Path
}

// normalPath lowercases p and drops its doubled and final slashes and a
// final period, for comparing the slips nearRedirect allows.
func normalPath(p string) string {
	p = strings.ToLower(p)
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return strings.TrimRight(p, "/.")
}
