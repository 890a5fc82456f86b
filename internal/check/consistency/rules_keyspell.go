package consistency

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

// checkKeySpelling reports an application setting whose key misspells a
// word of the OpenID Connect vocabulary (CLINET_ID, auht_url, scops):
// no application reads the misspelt key, so the setting it meant keeps
// its default and the sign-in fails or silently goes without it. The
// rule is narrow on purpose, since guidec knows no application's list of
// keys: one word of the key is one edit from a word of that vocabulary
// and is no word itself, and the key with that word mended is one the
// checker recognises as an OpenID Connect setting (a client id, a
// secret, an endpoint…). The key as written may be one too: in
// OICD_CLIENT_ID the misspelt word is not the one that names the
// setting. It is an error when another snippet of the guide spells the
// mended key (the same setting stated right elsewhere), and a warning
// otherwise.
func checkKeySpelling(m *model, r *reporter) {
	for i := range len(m.app) + len(m.listKeys) {
		var av *appValue
		if i < len(m.app) {
			av = &m.app[i]
		} else {
			av = &m.listKeys[i-len(m.app)]
		}
		// Of the instructions, only the labels of Web GUI steps and
		// table rows: a form field's name (prose phrases are not keys).
		if av.Group < 0 && !av.Label || r.seen[av.Value.Span] || r.p.Reported(av.Value.Span) {
			continue
		}
		var fixed, bad, good string
		var stated bool
		for _, c := range respellings(av.Key) {
			if !settingKey(m, *av, c.fixed) {
				continue
			}
			if said := statedKey(m, c.fixed, c.good); fixed == "" || said && !stated {
				fixed, bad, good, stated = c.fixed, c.bad, c.good, said
			}
		}
		if fixed == "" {
			continue
		}
		sev, why := diag.Warning, "the application reads no such key, so the setting keeps its default"
		if av.Group < 0 {
			why = "the reader looks for a field of that name, which the application's form does not have"
		}
		if stated {
			sev, why = diag.Error, "another snippet of the guide spells the word right in the same setting"
		}
		at := keyValue(r.p.File.Content, *av)
		if r.seen[at.Span] {
			continue // the key of a list, reported at its first item
		}
		r.report(at, sev, "consistency-key-spelling", "write "+fixed,
			fmt.Sprintf("key %s (in %s) misspells '%s' as '%s': %s", av.Key, av.Where, good, bad, why))
	}
}

// keyValue returns the key of av as a value at its place in the guide:
// the last occurrence of the key before the value. When the key is not
// written there, the value itself stands for it.
// keySearchBack bounds how far before a value keyValue looks for its key.
const keySearchBack = 2048

func keyValue(guide []byte, av appValue) value {
	v := av.Value
	if v.Text == av.Key { // the key itself (listKeys)
		return v
	}
	if v.Span.Start <= 0 || v.Span.Start > len(guide) || av.Key == "" {
		return v
	}
	// The key is on the value's line, or above it for a block (a YAML
	// list under its key): the nearest occurrence before the value.
	from := max(0, v.Span.Start-keySearchBack)
	i := bytes.LastIndex(guide[from:v.Span.Start], []byte(av.Key))
	if i < 0 {
		return v
	}
	start := from + i
	return value{Text: av.Key, Span: source.Span{Start: start, End: start + len(av.Key)}}
}

// oidcWords are the words of OpenID Connect settings' keys that
// respellKey mends: the words of the key rules (keyRules) and of the
// protocols' names. Short, common words (id, url, uri, base) are left
// out: one edit of them is another word too often.
var oidcWords = []string{
	"client", "secret", "identifier", "redirect", "callback", "issuer", "authority", "provider",
	"metadata", "discovery", "endpoint", "document", "openid", "configuration", "authorize",
	"authorization", "token", "userinfo", "introspection", "jwks", "certificate", "revocation",
	"scope", "scopes", "method", "authentication", "challenge", "pkce", "response", "signing",
	"algorithm", "signature", "audience", "oauth", "oauth2", "oidc", "auth", "known", "well", "authelia",
	"base",
}

// oidcFirst and oidcLast list the indexes in oidcWords of the words
// beginning, and ending, with each letter.
var oidcFirst, oidcLast = func() (first, last [256][]uint8) {
	for i, w := range oidcWords {
		first[w[0]] = append(first[w[0]], uint8(i))
		last[w[len(w)-1]] = append(last[w[len(w)-1]], uint8(i))
	}
	return first, last
}()

// oidcWordSet holds oidcWords, and legitNearWords the real words one edit
// from one of them that keys use (issue_tracker, scoped_token, tokens).
var (
	oidcWordSet    = setOf(oidcWords)
	legitNearWords = setOf([]string{
		"issue", "issued", "issues", "tokens", "scoped", "secrets", "clients", "providers", "endpoints",
		"documents", "methods", "responses", "callbacks", "redirects", "signings", "audiences",
		"challenges", "certificates", "authors", "author", "signatures", "algorithms", "scoping",
		"redirected", "know", "knows", "wall", "tell", "sell", "cell", "spell", "scape", "scoop",
		"oath", "auto", "both", "path", "math", "bath", "tokenize", "tokenized", "clientele",
		"signin", "designing", "resigning", "signings", "discover", "discovers", "discovered",
		"discoverable", "authorise", "authorised", "authorisation", "oauth1", "scoper", "responder", "toke", "cope",
		"score", "scores", "scored", "scone", "slope", "taken", "secrete", "secreted",
	})
)

func setOf(ws []string) map[string]bool {
	s := make(map[string]bool, len(ws))
	for _, w := range ws {
		s[w] = true
	}
	return s
}

// respelling is one way to mend a key: the key mended, the misspelt word
// and the word it misspells.
type respelling struct{ fixed, bad, good string }

// respellings returns the ways to mend key (CLINET_ID → CLIENT_ID): a word
// of key one edit from a word of oidcWords that is neither such a word
// nor a known word near one, replaced with that word. Where one of the
// two words has four letters or fewer, only two letters swapped (auht), a
// letter doubled (oidcc) or one dropped from a longer word (oken) count:
// one other edit of a short word is too often another word.
func respellings(key string) []respelling {
	var rs []respelling
	var small [16]wordSpan
	var buf [32]byte
	for _, w := range keyWords(key, small[:0]) {
		word := key[w.start:w.end]
		if len(word) < 4 || len(word) > len(buf) {
			continue
		}
		lw := lowerInto(buf[:0], word)
		// One edit leaves the first or the last letter of a word of
		// three letters or more in place: only the words of oidcWords
		// that share one of them are candidates.
		first, last := oidcFirst[lw[0]], oidcLast[lw[len(lw)-1]]
		for j := range len(first) + len(last) {
			var t string
			if j < len(first) {
				t = oidcWords[first[j]]
			} else if t = oidcWords[last[j-len(first)]]; t[0] == lw[0] {
				continue // a candidate of first already
			}
			if d := len(t) - len(lw); d > 1 || d < -1 || !oneEdit(string(lw), t) {
				continue
			}
			if l := string(lw); oidcWordSet[l] || legitNearWords[l] || isInflection(l) {
				break
			}
			rs = append(rs, respelling{key[:w.start] + sameCase(word, t) + key[w.end:], word, t})
		}
	}
	return rs
}

// settingKey reports whether key, in the place of av, names an OpenID
// Connect setting a rule reads: by its words (classifyKey), or a bare
// secret beside a client id (Mattermost's Id and Secret).
func settingKey(m *model, av appValue, key string) bool {
	if classifyKey(av.Parents, key) != kindNone {
		return true
	}
	if !secretSiblingKeys[strings.ToLower(key)] {
		return false
	}
	return slices.ContainsFunc(m.app, func(o appValue) bool {
		return o.Group == av.Group && o.Parents == av.Parents && o.Kind == kindClientID
	})
}

// statedKey reports whether a setting of the guide that a rule reads has
// the key fixed, or ends with it or is its end once normalised
// (GF_AUTH_GENERIC_OAUTH_CLIENT_ID and client_id), with the mended word
// good in the part they share.
func statedKey(m *model, fixed, good string) bool {
	f := normalizeKey(fixed)
	for _, o := range m.app {
		if o.Kind == kindNone {
			continue
		}
		k := o.normKey()
		if strings.HasSuffix(k, f) && strings.Contains(f, good) || strings.HasSuffix(f, k) && strings.Contains(k, good) {
			return true
		}
	}
	return false
}

// misspells reports whether name is other with one word of the OpenID
// Connect vocabulary misspelt (respellings).
func misspells(name, other string) bool {
	for _, c := range respellings(name) {
		if strings.EqualFold(c.fixed, other) {
			return true
		}
	}
	return false
}

// isInflection reports whether w is a word of oidcWords with an ending
// (plural, past, agent).
func isInflection(w string) bool {
	for _, suf := range []string{"s", "es", "d", "ed", "er", "ers", "ing"} {
		if stem, ok := strings.CutSuffix(w, suf); ok && oidcWordSet[stem] {
			return true
		}
	}
	return false
}

// oneEdit reports whether a is one edit from b (Damerau: a letter
// changed, added, dropped, or two neighbours swapped), with the
// restrictions of respellings on words of four letters or fewer.
func oneEdit(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) <= 4 || len(b) <= 4 {
		// Short words: two letters swapped (auht), a letter doubled
		// (oidcc), or one dropped from a longer word (oken).
		switch len(a) - len(b) {
		case 0:
			return swapped(a, b)
		case 1:
			return len(b) >= 3 && doubledOne(a, b)
		case -1:
			return len(b) >= 5 && dropsOne(b, a)
		}
		return false
	}
	switch len(a) - len(b) {
	case 0:
		if swapped(a, b) {
			return true
		}
		diff := 0
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				diff++
			}
		}
		return diff == 1
	case 1:
		return dropsOne(a, b)
	case -1:
		return dropsOne(b, a)
	}
	return false
}

// swapped reports whether a is b with two neighbouring letters swapped.
func swapped(a, b string) bool {
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// doubledOne reports whether long is b with one of its letters doubled.
func doubledOne(long, b string) bool {
	i := 0
	for i < len(b) && long[i] == b[i] {
		i++
	}
	return i > 0 && long[i] == long[i-1] && long[i+1:] == b[i:] || i+1 < len(long) && long[i] == long[i+1] && long[i+1:] == b[i:]
}

// dropsOne reports whether b is long with one letter left out.
func dropsOne(long, b string) bool {
	i := 0
	for i < len(b) && long[i] == b[i] {
		i++
	}
	return long[i+1:] == b[i:]
}

// sameCase returns t in the case of w: upper, capitalised or lower.
func sameCase(w, t string) string {
	switch {
	case strings.ToUpper(w) == w:
		return strings.ToUpper(t)
	case w[0] >= 'A' && w[0] <= 'Z':
		return strings.ToUpper(t[:1]) + t[1:]
	}
	return t
}

// wordSpan is a word of a key, by byte offsets.
type wordSpan struct{ start, end int }

// keyWords appends to ws the words of key: runs of letters and digits
// separated by anything else, and camel-case humps (clientSecret,
// OAuthClientID: O, Auth, Client, ID).
func keyWords(key string, ws []wordSpan) []wordSpan {
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	start := -1
	for i := 0; i <= len(key); i++ {
		if i == len(key) || !(isLower(key[i]) || isUpper(key[i])) {
			if start >= 0 {
				ws = append(ws, wordSpan{start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		// A hump starts at an upper-case letter after a lower-case one,
		// or at the last upper-case letter of a run followed by a
		// lower-case one (IDToken: ID, Token).
		if isUpper(key[i]) && (isLower(key[i-1]) || i+1 < len(key) && isUpper(key[i-1]) && key[i+1] >= 'a' && key[i+1] <= 'z') {
			ws = append(ws, wordSpan{start, i})
			start = i
		}
	}
	return ws
}

// settingWords are words that settings' names are made of beyond
// oidcWords: the part of a variable's name that says what it holds. A
// name pair that differs in one word, one a word of these and the other
// none, has the other misspelt (OAUTH2_SERRVER_URL beside
// OAUTH2_SERVER_URL).
var settingWords = setOf([]string{
	"server", "url", "uri", "urls", "uris", "host", "hostname", "port", "name", "user", "users",
	"username", "group", "groups", "email", "mail", "key", "enabled", "enable", "disable",
	"disabled", "display", "button", "text", "label", "admin", "admins", "role", "roles", "claim",
	"claims", "path", "public", "external", "internal", "api", "domain", "id", "mode", "type",
	"allow", "allowed", "auto", "create", "signup", "register", "registration", "login", "logout",
	"password", "verify", "tls", "ssl", "insecure", "skip", "default", "attribute", "attributes",
	"field", "map", "mapping", "sync", "only", "require", "required", "trust", "trusted", "proxy",
	"header", "headers", "cookie", "session", "timeout", "secure", "http", "https", "address",
	"level", "log", "debug", "app", "application", "service", "root", "web", "site", "home",
	"title", "icon", "logo", "access", "refresh", "expire", "expiry", "prefix", "suffix",
	"format", "version", "new", "account", "accounts", "profile", "picture", "nickname",
	"given", "family", "locale", "phone", "verified", "subject", "preferred", "state", "nonce",
	"prompt", "consent", "grant", "code", "flow", "sign", "signin", "in", "out", "on", "off",
	"use", "enforce", "local", "remote", "global", "client", "secret", "redirect", "callback",
	"issuer", "provider", "endpoint", "scope", "scopes", "token", "userinfo", "auth", "oauth",
	"oauth2", "oidc", "openid", "sso", "discovery", "authority", "audience", "method",
	"identifier", "metadata", "configuration", "config", "well", "known", "jwks", "base",
	"authorize", "authorization", "authentication", "generic", "custom", "match", "strategy",
	"team", "teams", "org", "organization", "tenant", "realm", "friendly", "hint", "value",
	"list", "whitelist", "allowlist", "blocklist", "file", "dir", "directory", "data",
	"link", "links", "image", "style", "mapper", "identity", "idp", "saml", "ldap", "policy",
})

// knownWordOf reports whether the first word of name that other lacks is
// a word of settings' names (settingWords), when the two have as many
// words.
func knownWordOf(name, other string) bool {
	return sameWordCount(name, other) && settingWords[distinctWord(name, other)]
}

// sameWordCount reports whether name and other have as many words: where
// the words differ in number (USER_INFO, USERINFO) the split tells nothing
// of which word is spelt two ways.
func sameWordCount(name, other string) bool {
	var a, b [16]wordSpan
	return len(keyWords(name, a[:0])) == len(keyWords(other, b[:0]))
}

// unheardWord reports whether name has a word that other lacks and that
// the guide writes nowhere but in name, while the word of other in its
// place is written elsewhere in the guide: of two spellings of one
// variable, the one with a word of its own is the misspelt one.
func unheardWord(r *reporter, name, other string) bool {
	if !sameWordCount(name, other) {
		return false
	}
	mine, theirs := distinctWord(name, other), distinctWord(other, name)
	if mine == "" || theirs == "" {
		return false
	}
	content := r.p.File.Content
	lower := bytes.ToLower(content)
	return wordCount(lower, mine) <= 1 && wordCount(lower, theirs) > 1
}

// distinctWord returns the first word of name (lower case) that is no
// word of other, or "".
func distinctWord(name, other string) string {
	var a, b [16]wordSpan
	theirs := map[string]bool{}
	for _, w := range keyWords(other, b[:0]) {
		theirs[strings.ToLower(other[w.start:w.end])] = true
	}
	for _, w := range keyWords(name, a[:0]) {
		if lw := strings.ToLower(name[w.start:w.end]); !theirs[lw] {
			return lw
		}
	}
	return ""
}

// wordCount counts the occurrences of the word w in lower as a whole word
// (no letter or digit on either side), in the case w is written: lower is
// a text in lower case for a count without case.
func wordCount(lower []byte, w string) int {
	n := 0
	for i := 0; ; {
		j := bytes.Index(lower[i:], []byte(w))
		if j < 0 {
			return n
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isAlnum(lower[j-1])) && (end == len(lower) || !isAlnum(lower[end])) {
			n++
		}
		i = j + 1
	}
}

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
