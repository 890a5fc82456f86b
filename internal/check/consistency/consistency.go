package consistency

import (
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/source"
)

// Codes reported by the consistency checker.
var Codes = []diag.CodeInfo{
	{Code: "consistency-client-id", Severity: diag.Error, Summary: "a client id differs between the assumptions, the Authelia client and the application configuration"},
	{Code: "consistency-secret", Severity: diag.Error, Summary: "a client secret does not match the Client Secret assumption or the client_secret digest"},
	{Code: "consistency-digest-comment", Severity: diag.Warning, Summary: "the comment beside a client_secret digest names another secret than the one the digest matches"},
	{Code: "consistency-secret-elided", Severity: diag.Error, Summary: "a client_secret digest is an excerpt ('...') that matches no secret"},
	{Code: "consistency-secret-unverified", Severity: diag.Warning, Summary: "a client secret was not verified against its client_secret digest: too costly to verify, or beyond guidec's budget"},
	{Code: "consistency-redirect-uri", Severity: diag.Error, Summary: "a redirect URI the application uses is not among the client's redirect_uris"},
	{Code: "consistency-redirect-uri-root", Severity: diag.Warning, Summary: "a client redirect URI on the application's host is not under the Application Root URL"},
	{Code: "consistency-app-url", Severity: diag.Error, Summary: "the application's own URL is on another scheme, host or port than the Application Root URL and its redirect URIs"},
	{Code: "consistency-span-typo", Severity: diag.Warning, Summary: "a code span in a sentence, list or table is one slip from a word the guide writes elsewhere, and is itself written nowhere else"},
	{Code: "consistency-key-separator", Severity: diag.Warning, Summary: "the one key of an application's mapping that joins its words with '-' where three or more siblings use '_', or the reverse"},
	{Code: "consistency-env-one-side", Severity: diag.Warning, Summary: "a .env snippet and a compose environment that share every variable but one, which the other lacks"},
	{Code: "consistency-env-case", Severity: diag.Warning, Summary: "a variable not in capitals among the capitalised variables of one .env file or Compose environment"},
	{Code: "consistency-key-case", Severity: diag.Warning, Summary: "a capitalised or capitals key among the lower-case keys of one mapping, table or command line"},
	{Code: "consistency-issuer", Severity: diag.Error, Summary: "an issuer or endpoint URL the application uses is not on the Authelia Root URL"},
	{Code: "consistency-env-compose", Severity: diag.Error, Summary: "a variable has different values in the guide's .env and compose.yml"},
	{Code: "consistency-scope", Severity: diag.Error, Summary: "the application requests a scope its Authelia client does not grant"},
	{Code: "consistency-auth-method", Severity: diag.Error, Summary: "the application authenticates at the token endpoint with another method than its client's token_endpoint_auth_method"},
	{Code: "consistency-pkce", Severity: diag.Error, Summary: "the application's PKCE setting contradicts the client's require_pkce or pkce_challenge_method"},
	{Code: "consistency-audience", Severity: diag.Error, Summary: "the application requires an audience its client's audience list does not grant"},
	{Code: "consistency-response-type", Severity: diag.Error, Summary: "the application requests a response type its client does not accept"},
	{Code: "consistency-signing-alg", Severity: diag.Error, Summary: "the application expects tokens signed with another algorithm than its client's"},
	{Code: "consistency-public-secret", Severity: diag.Error, Summary: "the application is given a client secret for a public client"},
	{Code: "consistency-claim-spelling", Severity: diag.Error, Summary: "an application setting names a misspelt claim (preferred_usernme, emial), which no token carries"},
	{Code: "consistency-env-missing", Severity: diag.Error, Summary: "the guide's .env and compose.yml variants differ in whether they set the client id, the secret or the issuer"},
	{Code: "consistency-assign-doubled", Severity: diag.Error, Summary: "an application setting is written KEY==value: the application reads a value starting with '='"},
	{Code: "consistency-lines-joined", Severity: diag.Error, Summary: "an environment variable's value runs into the next assignment: two lines were joined"},
	{Code: "consistency-scope-separators", Severity: diag.Warning, Summary: "a list of scopes in one string mixes commas and blanks as separators, so two scopes reach Authelia as one"},
	{Code: "consistency-protocol-spelling", Severity: diag.Error, Summary: "an application setting's value misspells oidc, openid or oauth2 (odic, opneid): the application knows no such provider type"},
	{Code: "consistency-key-spelling", Severity: diag.Error, Summary: "an application setting's key misspells a word of OpenID Connect (CLINET_ID, auht_url), so the application never reads it"},
	{Code: "consistency-unknown-key", Severity: diag.Error, Summary: "a directive or argument of the application's configuration is misspelt (OIDCClientlD, oidc_clent_id): the application or Terraform refuses the configuration"},
	{Code: "consistency-env-name", Severity: diag.Error, Summary: "a variable of .env and one of compose.yml have names that differ by a typo"},
	{Code: "consistency-bool-spelling", Severity: diag.Error, Summary: "an application setting is a misspelt boolean (ture, flase)"},
	{Code: "consistency-bool-quoted", Severity: diag.Error, Summary: "an application setting is the string \"true\" or \"false\" where its format types booleans (JSON, TOML, a YAML mapping whose other booleans are bare)"},
	{Code: "consistency-grant-type", Severity: diag.Error, Summary: "the application's grant type is not spelt as OAuth 2.0 registers it (authorization-code)"},
	{Code: "consistency-url-scheme", Severity: diag.Error, Summary: "an application setting or an Assumptions URL has a misspelt scheme (htps://, htttps://)"},
	{Code: "consistency-key-word-typo", Severity: diag.Warning, Summary: "a word of an application setting's key is no word but one slip from a word settings are named with, or one the guide writes elsewhere (server_ostname, secuity)"},
	{Code: "consistency-app-setting-missing", Severity: diag.Warning, Summary: "the application's OIDC settings set two of the client id, the client secret and the provider's location but never the third, which no other snippet sets"},
	{Code: "consistency-key-emptied", Severity: diag.Warning, Summary: "a key of an application's YAML has no value and its next line is a sibling at its indentation: a child lost its indentation, or a first child gained some"},
	{Code: "consistency-indent-skipped", Severity: diag.Warning, Summary: "one block of an application's YAML is indented twice as deep under its key as every other block: the line of a key between them was lost"},
	{Code: "consistency-item-folded", Severity: diag.Warning, Summary: "a list item of an application's YAML is indented deeper than the plain value above it, so YAML reads it as more words of that value"},
	{Code: "consistency-env-compose-spelling", Severity: diag.Warning, Summary: "an issuer or discovery URL is spelt differently in the guide's .env and compose.yml, which some applications accept and others do not"},
}

const doc = `check that the snippets and assumptions of one guide agree

The consistency checker reads the guide's Assumptions (Application Root URL,
Authelia Root URL, Client ID, Client Secret), the clients of its Authelia
configuration snippets and the obvious keys of its application snippets
(.env, compose environment, YAML, JSON, INI, PHP…), and reports values that
cannot all be right: client ids, secrets (verified against the client_secret
digest), redirect URIs, issuer URLs, and .env versus compose.yml.`

// New returns the consistency checker. Client secret digests are verified
// with v, which the build shares between all guides of a run so that each
// (digest, secret) pair is verified once; nil skips digest verification
// (plaintext secrets are still compared, and elided digests reported).
// Verification stops waiting when the pass's Context ends.
func New(v *digest.Verifier) *check.Checker {
	return &check.Checker{
		Name:  "consistency",
		Doc:   doc,
		Codes: Codes,
		Run:   func(p *check.Pass) { run(p, v) },
	}
}

func run(p *check.Pass, v *digest.Verifier) {
	m := build(p)
	r := &reporter{p: p, seen: map[source.Span]bool{}}
	checkSchemes(m, r)
	checkDoubledAssign(m, r)
	checkJoinedLines(m, r)
	checkCodeCompare(r)
	checkScopeSeparators(m, r)
	checkProtocolSpelling(m, r)
	if !m.providerBroken {
		checkClientIDs(m, r)
		checkSecrets(p.Ctx(), m, r, v)
		checkUnfilled(m, r)
		checkRedirects(m, r)
		checkCaddyCallbacks(m, r)
		checkRedirectRoots(m, r)
		checkProseRedirects(m, r)
	}
	checkTyped(m, r)
	checkIssuers(m, r)
	checkDiscoveryForms(m, r)
	checkAppURLs(m, r)
	if !m.providerBroken {
		checkOptions(m, r)
		checkAudiences(m, r)
	}
	checkEnvCompose(m, r)
	checkEnvNames(m, r)
	checkEnvMissing(m, r)
	checkAppSettings(m, r)
	checkEnvCase(m, r)
	checkKeyCase(m, r)
	checkUnknownKeys(m, r) // before checkKeySpelling: one finding per misspelt key
	checkKeySpelling(m, r)
	checkClaimSpelling(m, r)
	if !m.providerBroken {
		// Last: a scope list another rule found wrong (a conflict of
		// .env and compose.yml) is reported there, as an error.
		checkOpenIDScopes(m, r)
	}
	// After every rule that reads values: a span they reported is theirs.
	checkSpanTypos(m, p, r)
	checkKeyWords(m, p, r)
	checkKeySeparators(m, r)
	checkEmptiedKeys(m, r)
}

// reporter sends diagnostics to the pass and remembers which values carry
// one, so that a later rule does not report the same mistake again.
type reporter struct {
	p    *check.Pass
	seen map[source.Span]bool
}

func (r *reporter) report(at value, sev diag.Severity, code, hint, msg string, related ...diag.Related) {
	r.seen[at.Span] = true
	r.p.Report(diag.Diagnostic{
		File:     r.p.File,
		Span:     at.Span,
		Severity: sev,
		Code:     code,
		Message:  msg,
		Hint:     hint,
		Related:  related,
	})
}

// related points at v in the guide.
func (r *reporter) related(v value, format string, args ...any) diag.Related {
	return diag.Related{File: r.p.File, Span: v.Span, Message: fmt.Sprintf(format, args...)}
}

// describe names an app-side value in messages: "OIDC_CLIENT_ID in .env".
func describe(a appValue) string {
	return a.Key + " in " + a.Where
}

// quoteList renders values as 'a', 'b'.
func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "'" + v + "'"
	}
	return strings.Join(q, ", ")
}
