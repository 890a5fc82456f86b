package consistency

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/source"
)

const (
	secretCode           = "consistency-secret"
	secretElidedCode     = "consistency-secret-elided"
	secretUnverifiedCode = "consistency-secret-unverified"
)

// secretClients filters clients to those that authenticate with a secret
// the guide states. Public clients and clients without client_secret have
// none to compare; placeholders neither, except an elided digest, which is
// a claim about a real one and is checked as such.
func secretClients(cs []client) []client {
	var out []client
	for _, c := range cs {
		if !c.Public && c.Secret != nil && (!isPlaceholder(c.Secret.Text) || elided(c.Secret.Text) != "") {
			out = append(out, c)
		}
	}
	return out
}

// elided returns the ellipsis in a client_secret digest ("..." or "…"), or
// "" when it has none. An excerpt such as '$pbkdf2-sha512$310000$c8p7…'
// decodes (the dots are valid digits of the digest's base64) yet matches
// no secret. A complete digest contains "..." by chance about once in a few
// thousand: the secret rules exempt an elided digest that a stated secret
// matches.
func elided(s string) string {
	if isPlaintext(s) {
		return ""
	}
	for _, mark := range []string{"...", "…"} {
		if strings.Contains(s, mark) {
			return mark
		}
	}
	return ""
}

// secretCheck is the state of the secret rules on one guide.
type secretCheck struct {
	ctx context.Context
	m   *model
	r   *reporter
	v   *digest.Verifier
	// matched holds the digests a stated secret matched.
	matched map[source.Span]bool
}

// checkSecrets verifies the Client Secret assumption against each relevant
// client_secret, then compares app-side secrets with the assumption or,
// when the guide states none, verifies them against the digests; last, it
// reports elided digests. Every digest that could not be verified carries a
// finding: Undecodable ones check/authelia's (authelia-secret-decodable,
// from the same decoder), the others one of ours.
func checkSecrets(ctx context.Context, m *model, r *reporter, v *digest.Verifier) {
	sc := &secretCheck{ctx: ctx, m: m, r: r, v: v, matched: map[source.Span]bool{}}
	s, hasS := m.assume.primary(labelClientSecret)
	hasS = hasS && literalSecret(s.Text)
	stmts := secretStatements(m, s, hasS)
	if hasS && sc.assumptionOdd(s, stmts) {
		hasS = false
	} else if hasS {
		sc.assumed(s)
	} else {
		sc.digestOdd(stmts)
	}
	for _, av := range stmts {
		if r.seen[av.Value.Span] {
			continue
		}
		switch {
		case hasS && av.Value.Text != s.Text && digestForm(av.Value.Text):
			r.report(av.Value, diag.Error, secretCode, "use the client secret itself, '"+s.Text+"'",
				fmt.Sprintf("client secret (%s) is a password digest: the application sends the secret itself, which Authelia checks against the client_secret digest", describe(av)),
				r.related(s, "the Client Secret assumption"))
		case hasS && av.Value.Text != s.Text:
			r.report(av.Value, diag.Error, secretCode, "use the client secret stated in the assumptions",
				fmt.Sprintf("client secret '%s' (%s) differs from the Client Secret assumption '%s'", av.Value.Text, describe(av), s.Text),
				r.related(s, "the Client Secret assumption"))
		case !hasS:
			sc.app(av)
		}
	}
	sc.elidedDigests()
}

// secretStatements returns the app-side statements of the client secret:
// values of secret keys, and values of other keys naming a secret or a
// password that are a near miss of the Client Secret assumption.
func secretStatements(m *model, s value, hasS bool) []appValue {
	var out []appValue
	for _, av := range m.app {
		if !literalSecret(av.Value.Text) {
			continue
		}
		k := av.normKey()
		switch {
		case av.Kind == kindSecret:
			out = append(out, av)
		case av.Kind == kindNone && hasS && (strings.Contains(k, "secret") || strings.Contains(k, "password")) && (nearMiss(av.Value.Text, s.Text) || digestForm(av.Value.Text)):
			av.Kind = kindSecret
			out = append(out, av)
		}
	}
	return out
}

// assumptionOdd reports, once, a Client Secret assumption that is the odd
// one out: every app-side statement agrees on another secret, which the
// client_secret of the assumed clients matches (or, with no digest to
// verify, is stated at least twice).
func (sc *secretCheck) assumptionOdd(s value, stmts []appValue) bool {
	t, n := "", 0
	for _, av := range stmts {
		switch {
		case t == "":
			t = av.Value.Text
		case av.Value.Text != t:
			return false
		}
		n++
	}
	if t == "" || t == s.Text {
		return false
	}
	clients := secretClients(sc.m.assumedClients())
	pairs := make([]digest.Pair, len(clients))
	for i, c := range clients {
		pairs[i] = digest.Pair{Digest: c.Secret.Text, Secret: t}
	}
	matched := false
	for i, res := range verifyAll(sc.ctx, sc.v, pairs) {
		switch res.Outcome {
		case digest.Match:
			matched = true
			sc.matched[clients[i].Secret.Span] = true
		case digest.Mismatch:
			return false
		}
	}
	if !matched && (len(clients) > 0 || n < 2) {
		return false
	}
	rel := []diag.Related{}
	for _, av := range stmts[:min(len(stmts), maxRelated)] {
		rel = append(rel, sc.r.related(av.Value, "%s", describe(av)))
	}
	sc.r.report(s, diag.Error, secretCode, "state the secret the guide uses",
		fmt.Sprintf("the Client Secret assumption '%s' differs from the secret '%s' that the application uses and the client_secret matches", s.Text, t), rel...)
	for _, av := range stmts {
		sc.r.seen[av.Value.Span] = true
	}
	return true
}

// digestCommentName finds the comment a guide writes beside a digest to
// say which secret it is the digest of (# The digest of
// 'insecure_secret') in line, which holds no '\n', and returns the span
// of the secret's name in it. It matches as the expression
// #[^\n]*\bdigest of\s+['"]([^'"\n]+)['"] would (the test's oracle):
// after the line's first '#', the last "digest of" at a word boundary
// that a quoted name follows. The expression cost a backtracking search
// per client_secret of every guide.
func digestCommentName(line []byte) (start, end int, ok bool) {
	h := bytes.IndexByte(line, '#')
	if h < 0 {
		return 0, 0, false
	}
	const marker = "digest of"
	for limit := len(line); ; {
		i := bytes.LastIndex(line[h+1:limit], []byte(marker))
		if i < 0 {
			return 0, 0, false
		}
		i += h + 1
		limit = i + len(marker) - 1 // the next candidate starts before i
		if isWordByte(line[i-1]) {
			continue
		}
		j := i + len(marker)
		k := j
		for k < len(line) && isRESpace(line[k]) {
			k++
		}
		if k == j || k == len(line) || line[k] != '\'' && line[k] != '"' {
			continue
		}
		n := k + 1
		for n < len(line) && line[n] != '\'' && line[n] != '"' && line[n] != '\n' {
			n++
		}
		if n == k+1 || n == len(line) || line[n] == '\n' {
			continue
		}
		return k + 1, n, true
	}
}

// isWordByte reports whether c is an ASCII word character, as \b sees
// it.
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isRESpace reports whether c is in \s: [\t\n\f\r ].
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// digestComment returns the secret the comment on the line of a
// client_secret names, or "".
func (sc *secretCheck) digestComment(sec value) string {
	return sc.digestCommentAt(sec).Text
}

// digestCommentAt returns the secret the comment on the line of a
// client_secret names, at its place in the guide; a zero value when the
// line has no such comment.
func (sc *secretCheck) digestCommentAt(sec value) value {
	content := sc.r.p.File.Content
	if sec.Span.End > len(content) {
		return value{}
	}
	rest := content[sec.Span.End:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if start, end, ok := digestCommentName(rest); ok {
		return value{Text: string(rest[start:end]), Span: source.Span{Start: sec.Span.End + start, End: sec.Span.End + end}}
	}
	return value{}
}

// commentOther reports, as a warning, the comment beside a client_secret
// digest that names another secret than the one the digest matches
// (# The digest of 'other'): the setup works, but a reader who trusts the
// comment configures the application with the wrong secret.
func (sc *secretCheck) commentOther(c client, matched string) {
	cm := sc.digestCommentAt(*c.Secret)
	if cm.Text == "" || cm.Text == matched || sc.r.seen[cm.Span] {
		return
	}
	sc.r.report(cm, diag.Warning, "consistency-digest-comment", "name the secret the digest is made of: '"+matched+"'",
		fmt.Sprintf("the comment says the client_secret of client '%s' is the digest of '%s', but it is the digest of '%s'", c.ID.Text, cm.Text, matched))
}

// digestOdd reports, once, a client_secret digest that is the odd one out
// when the guide states no Client Secret assumption: every statement of the
// application agrees on one secret, stated at least twice (the comment
// beside the digest, "The digest of '…'", counts), and the only digest of
// the clients it belongs to does not match it. The application's
// statements are then not reported again.
func (sc *secretCheck) digestOdd(stmts []appValue) {
	t, n := "", 0
	group := 0
	for _, av := range stmts {
		switch {
		case sc.r.seen[av.Value.Span]:
			continue
		case t == "":
			t, group = av.Value.Text, av.Group
		case av.Value.Text != t:
			return
		}
		n++
	}
	if t == "" {
		return
	}
	clients := secretClients(sc.m.clientsFor(group, false))
	if len(clients) != 1 || elided(clients[0].Secret.Text) != "" {
		return
	}
	c := clients[0]
	for _, av := range stmts {
		if cs := secretClients(sc.m.clientsFor(av.Group, false)); len(cs) != 1 || cs[0].Secret.Span != c.Secret.Span {
			return // statements of several clients: each is judged alone
		}
	}
	if sc.digestComment(*c.Secret) == t {
		n++
	}
	if n < 2 {
		return
	}
	res := verifyAll(sc.ctx, sc.v, []digest.Pair{{Digest: c.Secret.Text, Secret: t}})
	if res[0].Outcome != digest.Mismatch {
		return
	}
	var rel []diag.Related
	for _, av := range stmts[:min(len(stmts), maxRelated)] {
		rel = append(rel, sc.r.related(av.Value, "%s", describe(av)))
	}
	hint := "generate the digest of the secret the application uses with 'authelia crypto hash generate'"
	if isPlaintext(c.Secret.Text) {
		hint = "use the secret the application uses"
	}
	sc.r.report(*c.Secret, diag.Error, secretCode, hint,
		fmt.Sprintf("client_secret of client '%s' does not match '%s', the secret the rest of the guide uses", c.ID.Text, t), rel...)
	for _, av := range stmts {
		sc.r.seen[av.Value.Span] = true
	}
}

// assumed verifies the assumption against the client_secret of the clients
// the assumptions describe.
func (sc *secretCheck) assumed(s value) {
	clients := secretClients(sc.m.assumedClients())
	pairs := make([]digest.Pair, len(clients))
	for i, c := range clients {
		pairs[i] = digest.Pair{Digest: c.Secret.Text, Secret: s.Text}
	}
	for i, res := range verifyAll(sc.ctx, sc.v, pairs) {
		c := clients[i]
		sec := c.Secret
		switch {
		case res.Outcome == digest.Match:
			sc.matched[sec.Span] = true
			sc.commentOther(c, s.Text)
		case elided(sec.Text) != "":
			// Reported as elided, whatever the outcome.
		case res.Outcome == digest.Mismatch:
			msg := fmt.Sprintf("client_secret digest of client '%s' does not match the Client Secret assumption '%s'", c.ID.Text, s.Text)
			hint := "generate the digest of the stated secret with 'authelia crypto hash generate'"
			switch {
			case isPlaintext(sec.Text):
				msg = fmt.Sprintf("plaintext client_secret '%s' differs from the Client Secret assumption '%s'", strings.TrimPrefix(sec.Text, "$plaintext$"), s.Text)
				hint = "use the same secret in the Authelia configuration and in the assumptions"
			case clientMethod(c) == "client_secret_jwt":
				// Authelia signs with the secret itself: a digest is
				// no fix (the authelia checker reports the digest).
				hint = "client_secret_jwt needs the secret itself: write the stated secret as client_secret (a $plaintext$ value)"
			}
			sc.r.report(*sec, diag.Error, secretCode, hint, msg, sc.r.related(s, "the Client Secret assumption"))
		default:
			sc.unverified(c, res, sc.r.related(s, "the Client Secret assumption"))
		}
	}
}

// app verifies an app-side secret against the digests of the clients it
// belongs to; it is wrong when it matches none of them and all of them were
// verified.
func (sc *secretCheck) app(av appValue) {
	clients := secretClients(sc.m.clientsFor(av.Group, false))
	pairs := make([]digest.Pair, len(clients))
	for i, c := range clients {
		pairs[i] = digest.Pair{Digest: c.Secret.Text, Secret: av.Value.Text}
	}
	results := verifyAll(sc.ctx, sc.v, pairs)
	var mismatched []client
	unverified := false
	for i, res := range results {
		switch {
		case res.Outcome == digest.Match:
			sc.matched[clients[i].Secret.Span] = true
			sc.commentOther(clients[i], av.Value.Text)
			return
		case elided(clients[i].Secret.Text) != "":
		case res.Outcome == digest.Mismatch:
			mismatched = append(mismatched, clients[i])
		case res.Outcome != digest.Undecodable && res.Outcome != digest.Canceled:
			unverified = true
		}
	}
	if unverified {
		// A digest not verified might be the one the secret matches: say
		// so rather than call the secret wrong.
		for i, res := range results {
			if elided(clients[i].Secret.Text) == "" && !res.Outcome.Verified() {
				sc.unverified(clients[i], res, sc.r.related(av.Value, "client secret (%s)", describe(av)))
			}
		}
		return
	}
	if len(mismatched) == 0 {
		return
	}
	c := mismatched[0]
	sc.r.report(av.Value, diag.Error, secretCode, "use the secret whose digest is the client_secret",
		fmt.Sprintf("client secret '%s' (%s) does not match the client_secret of client '%s'", av.Value.Text, describe(av), c.ID.Text),
		sc.r.related(*c.Secret, "client_secret in the Authelia configuration"))
}

// unverified reports, once per digest, that a stated secret could not be
// verified against client c's digest. Undecodable digests are
// check/authelia's to report, and a Canceled verification belongs to a run
// that is being abandoned (the build returns the context's error).
func (sc *secretCheck) unverified(c client, res digest.Result, against diag.Related) {
	var hint string
	switch res.Outcome {
	case digest.Costly:
		hint = "Authelia would spend as much on every token request: generate the digest with 'authelia crypto hash generate' and its default parameters"
	case digest.Unsupported:
		hint = "use pbkdf2, argon2, scrypt, bcrypt or sha-crypt, whose cost guidec can bound"
	case digest.OverBudget:
		hint = "raise --digest-budget, or run again: verdicts are cached, so the budget then goes to the other digests"
	default:
		return
	}
	if sc.r.seen[c.Secret.Span] {
		return
	}
	sc.r.report(*c.Secret, diag.Warning, secretUnverifiedCode, hint,
		fmt.Sprintf("the client secret was not verified against the client_secret digest of client '%s': %s", c.ID.Text, res.Detail),
		against)
}

// elidedDigests reports the client_secret digests that are excerpts, unless
// a stated secret matched them or they carry a finding already. One that
// does not decode is check/authelia's (authelia-secret-decodable).
func (sc *secretCheck) elidedDigests() {
	for _, c := range sc.m.clients {
		if c.Public || c.Secret == nil {
			continue
		}
		sec := c.Secret
		mark := elided(sec.Text)
		if mark == "" || sc.matched[sec.Span] || sc.r.seen[sec.Span] || digest.Decodable(sec.Text) != nil {
			continue
		}
		sc.r.report(*sec, diag.Error, secretElidedCode,
			"paste the complete digest that 'authelia crypto hash generate' printed",
			fmt.Sprintf("client_secret digest of client '%s' is elided ('%s'): Authelia decodes it, but a reader who copies it gets a digest that matches no secret", c.ID.Text, mark))
	}
}

// isPlaintext reports whether Authelia reads a client_secret as plaintext.
func isPlaintext(s string) bool {
	return !strings.HasPrefix(s, "$") || strings.HasPrefix(s, "$plaintext$")
}

// verifyAll verifies pairs. Plaintext secrets are compared here, without
// the Verifier; real digests need v, and without one (digest verification
// disabled) they are Canceled, which no rule reports.
func verifyAll(ctx context.Context, v *digest.Verifier, pairs []digest.Pair) []digest.Result {
	res := make([]digest.Result, len(pairs))
	var hard []digest.Pair
	var at []int
	for i, p := range pairs {
		switch {
		case isPlaintext(p.Digest):
			plain := strings.TrimPrefix(p.Digest, "$plaintext$")
			switch {
			case plain == "":
				res[i] = digest.Result{Outcome: digest.Undecodable, Detail: "empty plaintext secret"}
			case plain == p.Secret:
				res[i] = digest.Result{Outcome: digest.Match}
			default:
				res[i] = digest.Result{Outcome: digest.Mismatch}
			}
		case v == nil:
			res[i] = digest.Result{Outcome: digest.Canceled, Detail: "digest verification is disabled"}
		default:
			hard, at = append(hard, p), append(at, i)
		}
	}
	if len(hard) > 0 {
		for j, r := range v.VerifyAll(ctx, hard) {
			res[at[j]] = r
		}
	}
	return res
}
