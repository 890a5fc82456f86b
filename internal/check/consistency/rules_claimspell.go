package consistency

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/guidec/guidec/internal/diag"
)

// checkClaimSpelling reports an application setting that names a claim
// (a key about a claim, an attribute, a field, a JSON path or a mapping:
// login_attribute_path, OIDC_USERNAME_CLAIM, "Email Claim" in a Web GUI
// step) whose value misspells a claim Authelia issues (preferred_usernme,
// emial, gruops): the ID Token and the userinfo response never carry
// that claim, so the application finds no username, email or groups and
// refuses the login or makes a user without them. A value the guide's
// Authelia configuration writes (a custom claim of a claims policy) is
// the guide's own claim and is left alone.
func checkClaimSpelling(m *model, r *reporter) {
	for _, av := range m.app {
		if r.seen[av.Value.Span] || !claimKey(av.normKey()) {
			continue
		}
		name, ok := claimName(av.Value.Text)
		if !ok || issuedClaims[name] {
			continue
		}
		want := ""
		for _, c := range claimWords {
			if len(c) >= 5 && claimEdit(name, c) {
				want = c
				break
			}
		}
		if want == "" || customClaim(m, name) {
			continue
		}
		r.report(av.Value, diag.Error, "consistency-claim-spelling", "write "+want,
			fmt.Sprintf("claim '%s' (%s) is a misspelling of '%s': Authelia issues no claim '%s', so the application never finds the value it looks for", name, describe(av), want, name))
	}
}

// issuedClaimScopes are the claims Authelia issues in ID Tokens and
// userinfo responses (OpenID Connect Core §5.1, and groups), each with the
// standard scope that brings it (§5.4), in the order checkClaimSpelling
// proposes them.
var issuedClaimScopes = [][2]string{
	{"preferred_username", "profile"}, {"email", "email"}, {"email_verified", "email"}, {"groups", "groups"},
	{"name", "profile"}, {"given_name", "profile"}, {"family_name", "profile"}, {"middle_name", "profile"},
	{"nickname", "profile"}, {"profile", "profile"}, {"picture", "profile"}, {"website", "profile"},
	{"gender", "profile"}, {"birthdate", "profile"}, {"zoneinfo", "profile"}, {"locale", "profile"},
	{"phone_number", "phone"}, {"phone_number_verified", "phone"}, {"address", "address"},
	{"updated_at", "profile"}, {"alt_emails", "email"}, {"sub", "openid"},
}

// claimWords are the claims of issuedClaimScopes in their order, and
// scopeOfClaim maps each to its scope.
var claimWords, scopeOfClaim = func() ([]string, map[string]string) {
	words, scopes := make([]string, len(issuedClaimScopes)), map[string]string{}
	for i, c := range issuedClaimScopes {
		words[i], scopes[c[0]] = c[0], c[1]
	}
	return words, scopes
}()

// issuedClaims holds claimWords, and words one edit from one of them that
// are other claims or common attribute names (emails, username, names).
var issuedClaims = setOf(append([]string{"emails", "username", "usernames", "names", "nicknames", "pictures",
	"websites", "profiles", "locales", "addresses", "mail", "uid", "role", "roles"}, claimWords...))

// claimEdit reports whether name is one edit from claim (oneEdit), a
// letter dropped from a five-letter claim included (emil).
func claimEdit(name, claim string) bool {
	if len(name) == 4 && len(claim) == 5 {
		return dropsOne(claim, name)
	}
	return oneEdit(name, claim)
}

// claimKey reports whether a normalised key names the claim its value
// is: a claim, an attribute, a field, a path into the claims, a mapping.
func claimKey(k string) bool {
	for _, w := range []string{"claim", "attribute", "attr", "field", "path", "mapping"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// claimName returns the claim a value names: the value itself when it is
// one name (letters, digits, underscores), lower case, or with a JSON
// path's [*] or [0] after it (groups[*]).
func claimName(v string) (string, bool) {
	v = strings.TrimSuffix(strings.TrimSuffix(v, "[*]"), "[0]")
	if len(v) < 4 || len(v) > 40 {
		return "", false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(c >= 'a' && c <= 'z' || c == '_') {
			return "", false
		}
	}
	return v, true
}

// customClaim reports whether the guide's Authelia configuration writes
// name (a custom claim, or an attribute of one).
func customClaim(m *model, name string) bool {
	for _, t := range m.providerTexts {
		if bytes.Contains(t, []byte(name)) {
			return true
		}
	}
	return false
}
