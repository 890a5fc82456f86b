package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
)

const secretCode = "consistency-secret"

// secretClients filters clients to those that authenticate with a secret
// the guide states. Public clients and clients without client_secret have
// none to compare.
func secretClients(cs []client) []client {
	var out []client
	for _, c := range cs {
		if !c.Public && c.Secret != nil && !isPlaceholder(c.Secret.Text) {
			out = append(out, c)
		}
	}
	return out
}

// checkSecrets verifies the Client Secret assumption against each relevant
// client_secret, then compares app-side secrets with the assumption or,
// when the guide states none, verifies them against the digests.
// Undecodable digests are check/authelia's to report and are skipped.
func checkSecrets(m *model, r *reporter, v *digest.Verifier) {
	s, hasS := m.assume.primary(labelClientSecret)
	hasS = hasS && literalSecret(s.Text)
	if hasS {
		checkAssumedSecret(m, r, v, s)
	}
	for _, av := range m.app {
		if av.Kind != kindSecret || !literalSecret(av.Value.Text) {
			continue
		}
		switch {
		case hasS && av.Value.Text != s.Text:
			r.report(av.Value, diag.Error, secretCode, "use the client secret stated in the assumptions",
				fmt.Sprintf("client secret '%s' (%s) differs from the Client Secret assumption '%s'", av.Value.Text, describe(av), s.Text),
				r.related(s, "the Client Secret assumption"))
		case !hasS:
			checkAppSecret(m, r, v, av)
		}
	}
}

// checkAssumedSecret verifies the assumption against the client_secret of
// the clients the assumptions describe.
func checkAssumedSecret(m *model, r *reporter, v *digest.Verifier, s value) {
	clients := secretClients(m.assumedClients())
	pairs := make([]digest.Pair, len(clients))
	for i, c := range clients {
		pairs[i] = digest.Pair{Digest: c.Secret.Text, Secret: s.Text}
	}
	for i, res := range verifyAll(v, pairs) {
		if res.Outcome != digest.Mismatch {
			continue
		}
		sec := clients[i].Secret
		msg := fmt.Sprintf("client_secret digest of client '%s' does not match the Client Secret assumption '%s'", clients[i].ID.Text, s.Text)
		hint := "generate the digest of the stated secret with 'authelia crypto hash generate'"
		if isPlaintext(sec.Text) {
			msg = fmt.Sprintf("plaintext client_secret '%s' differs from the Client Secret assumption '%s'", strings.TrimPrefix(sec.Text, "$plaintext$"), s.Text)
			hint = "use the same secret in the Authelia configuration and in the assumptions"
		}
		r.report(*sec, diag.Error, secretCode, hint, msg, r.related(s, "the Client Secret assumption"))
	}
}

// checkAppSecret verifies an app-side secret against the digests of the
// clients it belongs to; it is wrong when it matches none of them.
func checkAppSecret(m *model, r *reporter, v *digest.Verifier, av appValue) {
	clients := secretClients(m.clientsFor(av.Group, false))
	pairs := make([]digest.Pair, len(clients))
	for i, c := range clients {
		pairs[i] = digest.Pair{Digest: c.Secret.Text, Secret: av.Value.Text}
	}
	var mismatched []client
	for i, res := range verifyAll(v, pairs) {
		switch res.Outcome {
		case digest.Match:
			return
		case digest.Mismatch:
			mismatched = append(mismatched, clients[i])
		}
	}
	if len(mismatched) == 0 {
		return
	}
	c := mismatched[0]
	r.report(av.Value, diag.Error, secretCode, "use the secret whose digest is the client_secret",
		fmt.Sprintf("client secret '%s' (%s) does not match the client_secret of client '%s'", av.Value.Text, describe(av), c.ID.Text),
		r.related(*c.Secret, "client_secret in the Authelia configuration"))
}

// isPlaintext reports whether Authelia reads a client_secret as plaintext.
func isPlaintext(s string) bool {
	return !strings.HasPrefix(s, "$") || strings.HasPrefix(s, "$plaintext$")
}

// verifyAll verifies pairs. Plaintext secrets are compared here, without
// the Verifier; real digests need v, and without one they are skipped
// (reported as Costly, which no rule reports).
func verifyAll(v *digest.Verifier, pairs []digest.Pair) []digest.Result {
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
			res[i] = digest.Result{Outcome: digest.Costly, Detail: "no verifier"}
		default:
			hard, at = append(hard, p), append(at, i)
		}
	}
	if len(hard) > 0 {
		for j, r := range v.VerifyAll(hard) {
			res[at[j]] = r
		}
	}
	return res
}
