package consistency

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hbollon/go-edlib"

	"github.com/guidec/guidec/internal/diag"
)

// clientIDs returns the distinct literal client ids of the configuration,
// in order of appearance, with the first value of each.
func (m *model) clientIDs() (ids []string, first []value) {
	x := m.index()
	for _, id := range x.ids {
		if x.literals[id] {
			ids = append(ids, id)
			first = append(first, m.clients[x.byID[id].clients[0]].ID)
		}
	}
	return ids, first
}

// clientsFor returns the clients an app-side value of group g refers to:
// those named by a client id of the same snippet, else assumedClients; with
// anyClient, all clients rather than none. Several clients with one
// client_id are alternatives (two apps, two blocks), and each of them counts.
// The result is shared: callers must not modify it.
func (m *model) clientsFor(g int, anyClient bool) []client {
	x := m.index()
	k := setKey{g, anyClient}
	s := m.set(g, anyClient)
	if !s.built {
		s.clients, s.built = m.clientsOf(s), true
		x.sets[k] = s
	}
	return s.clients
}

// assumedClients returns the clients the assumptions describe: those with
// the Client ID assumption as client_id, else all clients when they share
// one client_id, else none.
func (m *model) assumedClients() []client {
	return m.clientsOf(m.assumedSet())
}

// idStatements returns the app-side statements of a client id: values of
// client id keys, the client ids of escape hatches, and values of other
// keys that name an id or a key ("OIDC Key", "App ID") and are a near miss
// of a client_id of the configuration.
func (m *model) idStatements(literals map[string]bool) []appValue {
	var out []appValue
	paired := pairedIDs(m.app)
	for i, av := range m.app {
		switch {
		case av.Kind == kindClientID:
			out = append(out, av)
		case paired[i]:
			av.Kind = kindClientID
			out = append(out, av)
		case av.Kind == kindNone && idLikeKey(av.normKey()) && literalID(av.Value.Text) && (literals[av.Value.Text] || nearMissOf(av.Value.Text, literals)):
			// An id-like key (AWX's "OIDC Key") holding a client_id
			// agrees with it: without it, a wrong assumption would
			// outvote the configuration.
			av.Kind = kindClientID
			out = append(out, av)
		}
	}
	for _, h := range m.hatches {
		out = append(out, appValue{Kind: kindClientID, Key: "client_id", Where: "the escape hatch", Group: -1, Value: h.ID})
	}
	for i := range out {
		// 'romm ' states romm with a stray blank, which checkStrayBlanks
		// reports: as a vote, it is romm.
		if t := strings.TrimSpace(out[i].Value.Text); t != out[i].Value.Text && literalID(t) {
			out[i].Value.Text = t
		}
		// A code span of the instructions with the id in quotes states
		// the id, with quotes checkUnfilled reports.
		if t := out[i].Value.Text; out[i].Group < 0 && len(t) > 2 && (t[0] == '\'' || t[0] == '"') && t[len(t)-1] == t[0] && literalID(t[1:len(t)-1]) {
			out[i].Value.Text = t[1 : len(t)-1]
		}
	}
	return out
}

// pairedIDs returns the indexes of app values that are a snippet's client
// id by their pairing with its secret: in a snippet that states a client
// secret and no client id, its only key that names an id or a key in an
// OpenID Connect context (Flower's oauth2_key beside oauth2_secret).
func pairedIDs(app []appValue) map[int]bool {
	type group struct {
		secret, id bool
		cands      []int
	}
	groups := map[int]*group{}
	for i, av := range app {
		if av.Group < 0 {
			continue // the instructions of the whole guide are no one snippet
		}
		g := groups[av.Group]
		if g == nil {
			g = &group{}
			groups[av.Group] = g
		}
		switch {
		case av.Kind == kindSecret:
			g.secret = true
		case av.Kind == kindClientID:
			g.id = true
		case av.Kind == kindNone && idLikeKey(av.normKey()) && hasContext(av.normKey()) && literalID(av.Value.Text):
			g.cands = append(g.cands, i)
		}
	}
	out := map[int]bool{}
	for _, g := range groups {
		if g.secret && !g.id && len(g.cands) == 1 {
			out[g.cands[0]] = true
		}
	}
	return out
}

// idLikeKey reports whether a key names an identifier: its last word is
// id or key (or it ends in "oidc client"), and it is no secret or name.
func idLikeKey(key string) bool {
	k := normalizeKey(key)
	// PHOTOPRISM_OIDC_CLIENT names the client by its id.
	client := strings.HasSuffix(k, "oidcclient") || strings.HasSuffix(k, "oauthclient") || strings.HasSuffix(k, "oauth2client")
	if !strings.HasSuffix(k, "id") && !strings.HasSuffix(k, "key") && !client {
		return false
	}
	for _, w := range notIDWords {
		if strings.Contains(k, w) {
			return false
		}
	}
	return true
}

// notIDWords mark a key that names a secret, a name or a cryptographic key
// (FreshRSS's OIDC_CLIENT_CRYPTO_KEY), never the client's identifier.
var notIDWords = []string{"secret", "name", "kid", "crypto", "encrypt", "signing", "private", "cookie", "session", "hmac", "jwk", "password", "token"}

// nearMissOf reports whether s differs from one of set only as a typo
// does: in case, '-' for '_', or by at most two edits (one for short
// values).
func nearMissOf(s string, set map[string]bool) bool {
	for w := range set {
		if nearMiss(s, w) {
			return true
		}
	}
	return false
}

func nearMiss(a, b string) bool {
	if a == b {
		return false
	}
	if strings.EqualFold(a, b) || equalDashed(a, b) {
		return true
	}
	limit := 1
	if min(len(a), len(b)) >= 8 {
		limit = 2
	}
	if d := len(a) - len(b); d > limit || -d > limit {
		return false
	}
	return edlib.LevenshteinDistance(a, b) <= limit
}

// equalDashed reports whether a and b are equal once every '_' is read as
// '-' (strings.ReplaceAll of both, compared), without making the copies:
// nearMiss runs for pairs of names, most of which have underscores.
func equalDashed(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == '_' {
			x = '-'
		}
		if y == '_' {
			y = '-'
		}
		if x != y {
			return false
		}
	}
	return true
}

// checkClientIDs compares the client ids the guide states (the Client ID
// assumption, the application's settings, escape hatches) with the
// configuration's client_id values. One wrong statement is reported where
// it is; when the configuration's only client_id is the odd one out (every
// other statement agrees on another id), the client_id is reported once.
func checkClientIDs(m *model, r *reporter) {
	checkStrayBlanks(m, r)
	ids, first := m.clientIDs()
	if len(ids) == 0 {
		return
	}
	related := make([]diag.Related, min(len(first), maxRelated))
	for i, v := range first[:len(related)] {
		related[i] = r.related(v, "client_id in the Authelia configuration")
	}
	literals := m.index().literals
	stmts := m.idStatements(literals)
	a, hasA := m.assume.primary(labelClientID)
	hasA = hasA && literalID(a.Text)
	if len(ids) == 1 {
		if y, ok := oddProvider(ids[0], stmts, a, hasA); ok {
			for _, c := range m.clients {
				if c.ID.Text == ids[0] {
					r.report(c.ID, diag.Error, "consistency-client-id", "use the client id the rest of the guide uses",
						fmt.Sprintf("client_id '%s' differs from the client id '%s' that the rest of the guide uses", ids[0], y),
						statementsRelated(r, stmts, a, hasA, y)...)
					break
				}
			}
			if hasA && a.Text != y && literalID(a.Text) {
				// Another spelling of y (see oddProvider): the
				// assumption is wrong too.
				r.report(a, diag.Error, "consistency-client-id", "state the client_id the guide uses",
					fmt.Sprintf("the Client ID assumption '%s' differs from the client id '%s' that the application uses", a.Text, y))
			}
			return
		}
	}
	if len(ids) > 1 {
		oddAmong(m, r, ids, stmts, a, hasA)
		oddAlternative(m, r, ids, stmts, a, hasA)
	}
	if hasA && !literals[a.Text] && !r.seen[a.Span] {
		agree := 0
		for _, av := range stmts {
			if literals[av.Value.Text] {
				agree++
			}
		}
		msg := fmt.Sprintf("the Client ID assumption '%s' matches no client_id of the Authelia configuration (%s)", a.Text, quoteFew(ids))
		if len(ids) == 1 {
			msg = fmt.Sprintf("the Client ID assumption '%s' differs from the client_id '%s' of the Authelia configuration", a.Text, ids[0])
			if agree > 0 {
				msg = fmt.Sprintf("the Client ID assumption '%s' differs from the client_id '%s' that the configuration and the application use", a.Text, ids[0])
			}
		}
		r.report(a, diag.Error, "consistency-client-id", "state the client_id the guide uses", msg, related...)
	}
	for _, av := range stmts {
		t := av.Value.Text
		odd := pastedID(t)
		if !literalID(t) && odd == "" || literals[t] || r.seen[av.Value.Span] {
			continue
		}
		msg := fmt.Sprintf("client id '%s' (%s) matches no client_id of the Authelia configuration (%s)", t, describe(av), quoteFew(ids))
		if len(ids) == 1 {
			msg = fmt.Sprintf("client id '%s' (%s) differs from the client_id '%s' of the Authelia configuration", t, describe(av), ids[0])
		}
		if odd != "" {
			msg += fmt.Sprintf(": it holds %s, which no client_id can hold", odd)
		}
		r.report(av.Value, diag.Error, "consistency-client-id", "use the client_id of the Authelia client", msg, related...)
	}
}

// oddAmong reports, in a configuration of several clients, a client_id
// that is the odd one out: no statement names it, and the guide states a
// near miss of it that no client has at least twice (the assumption
// counts), as ocis's 'oics' against the 'ocis' of .env and compose.yml.
// The statements of that id are then not reported again.
func oddAmong(m *model, r *reporter, ids []string, stmts []appValue, a value, hasA bool) {
	count := map[string]int{}
	if hasA {
		count[a.Text]++
	}
	for _, av := range stmts {
		count[av.Value.Text]++
	}
	for y, n := range count {
		if n < 2 || !literalID(y) || slices.Contains(ids, y) {
			continue
		}
		var odd []string
		for _, id := range ids {
			if count[id] == 0 && renamed(id, y) {
				odd = append(odd, id)
			}
		}
		if len(odd) != 1 {
			continue
		}
		for _, c := range m.clients {
			if c.ID.Text != odd[0] {
				continue
			}
			r.report(c.ID, diag.Error, "consistency-client-id", "use the client id the rest of the guide uses",
				fmt.Sprintf("client_id '%s' differs from the client id '%s' that the rest of the guide uses", odd[0], y),
				statementsRelated(r, stmts, a, hasA, y)...)
			break
		}
		if hasA && a.Text == y {
			r.seen[a.Span] = true
		}
		for _, av := range stmts {
			if av.Value.Text == y {
				r.seen[av.Value.Span] = true
			}
		}
	}
}

// oddAlternative reports, among blocks that are alternatives (each
// defines the client for one way of setting the application up), a
// client_id the guide states nowhere that is a typo of the id y that
// another block's client has and the guide states at least twice: the
// block meant y. Its client is then read as y's, so that the
// application's options are compared with the block that matches them,
// not reported against another.
func oddAlternative(m *model, r *reporter, ids []string, stmts []appValue, a value, hasA bool) {
	if len(ids) > maxAlternatives {
		return // no guide shows that many ways; each pair costs an edit distance
	}
	count := map[string]int{}
	if hasA {
		count[a.Text]++
	}
	for _, av := range stmts {
		count[av.Value.Text]++
	}
	renamed := false
	for _, x := range ids {
		if count[x] > 0 || !literalID(x) {
			continue
		}
		var ys []string
		for _, y := range ids {
			if y != x && count[y] >= 2 && nearMiss(x, y) {
				ys = append(ys, y)
			}
		}
		if len(ys) != 1 {
			continue
		}
		y := ys[0]
		for i, c := range m.clients {
			if c.ID.Text != x || r.seen[c.ID.Span] || sharesSnippet(m, c, y) {
				continue
			}
			r.report(c.ID, diag.Error, "consistency-client-id", "use the client id the rest of the guide uses",
				fmt.Sprintf("client_id '%s' differs from the client id '%s' that the rest of the guide uses", x, y),
				statementsRelated(r, stmts, a, hasA, y)...)
			m.clients[i].ID.Text = y
			renamed = true
		}
	}
	if renamed {
		m.idx = nil // the clients' ids changed: index them again
	}
}

// maxAlternatives bounds the client ids oddAlternative compares pairwise.
const maxAlternatives = 16

// sharesSnippet reports whether a client with id y is in c's block: two
// clients of one block are two clients, not alternatives.
func sharesSnippet(m *model, c client, y string) bool {
	for _, d := range m.clients {
		if d.ID.Text == y && d.snippet == c.snippet {
			return true
		}
	}
	return false
}

// renamed reports whether client ids a and b are one id misspelt or
// renamed: a near miss, two letters swapped (oics, ocis), or one with a
// suffix the other lacks (opencloud-app, opencloud).
func renamed(a, b string) bool {
	return nearMiss(a, b) || edlib.OSADamerauLevenshteinDistance(a, b) == 1 ||
		strings.HasPrefix(a, b+"-") || strings.HasPrefix(b, a+"-") || strings.HasPrefix(a, b+"_") || strings.HasPrefix(b, a+"_")
}

// oddProvider reports whether the configuration's only client_id x is the
// odd one out: no statement agrees with it, and the statements agree on
// another id y, stated at least twice (or once, with nothing else).
func oddProvider(x string, stmts []appValue, a value, hasA bool) (string, bool) {
	counts := map[string]int{}
	var order []string
	add := func(t string) {
		if !literalID(t) {
			return
		}
		if counts[t] == 0 {
			order = append(order, t)
		}
		counts[t]++
	}
	if hasA {
		add(a.Text)
	}
	for _, av := range stmts {
		add(av.Value.Text)
	}
	if counts[x] > 0 || len(order) == 0 {
		return "", false
	}
	if len(order) == 1 {
		return order[0], counts[order[0]] >= 2 || hasA && counts[order[0]] == 1
	}
	// Spellings that differ only in case and punctuation ('Wiki.js',
	// 'wikijs') state one id loosely: when every statement is one of
	// them and x is none, x is the odd one out, and the spelling the
	// application states (its statements come after the assumption)
	// most often is the id.
	k := foldID(order[0])
	for _, t := range order[1:] {
		if foldID(t) != k {
			return "", false
		}
	}
	if foldID(x) == k {
		return "", false
	}
	y := ""
	for _, t := range order {
		if hasA && t == a.Text && counts[t] == 1 {
			continue
		}
		if y == "" || counts[t] > counts[y] {
			y = t
		}
	}
	return y, y != ""
}

// foldID is a client id without case and punctuation, for comparing
// spellings of one id (never for deciding that two ids are equal).
func foldID(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// statementsRelated points at the statements of id y.
func statementsRelated(r *reporter, stmts []appValue, a value, hasA bool, y string) []diag.Related {
	var out []diag.Related
	if hasA && a.Text == y {
		out = append(out, r.related(a, "the Client ID assumption"))
	}
	for _, av := range stmts {
		if av.Value.Text == y && len(out) < maxRelated {
			out = append(out, r.related(av.Value, "%s", describe(av)))
		}
	}
	return out
}

// strayBlankCodes are the codes of the facts a blank inside the value
// breaks: the application sends the value with the blank.
var strayBlankCodes = map[kind]string{
	kindClientID: "consistency-client-id", kindSecret: "consistency-secret", kindRedirect: "consistency-redirect-uri",
	kindIssuer: "consistency-issuer", kindEndpoint: "consistency-issuer", kindAppURL: "consistency-app-url",
}

// checkStrayBlanks reports an id, secret or URL of the application with a
// blank before or after one token ('romm ', `insecure_secret `): a quoted
// YAML, JSON or Compose value keeps the blank, and so does a form field a
// reader pastes it into, so the application sends a value no client has.
// Values with blanks are otherwise placeholders and never compared; this
// one is a literal with a stray character.
func checkStrayBlanks(m *model, r *reporter) {
	for _, av := range m.app {
		code, ok := strayBlankCodes[av.Kind]
		t := av.Value.Text
		trimmed := strings.TrimSpace(t)
		if !ok || t == trimmed || trimmed == "" || isPlaceholder(trimmed) || r.seen[av.Value.Span] {
			continue
		}
		where := "after"
		if strings.TrimLeft(t, " \t") != t {
			where = "before"
		}
		r.report(av.Value, diag.Error, code, "remove the blank",
			fmt.Sprintf("the %s '%s' (%s) has a blank %s it, which the application sends as part of the value", av.Kind, t, describe(av), where))
	}
}
