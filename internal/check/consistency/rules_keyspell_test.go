package consistency

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestRespellings(t *testing.T) {
	for _, c := range []struct {
		key  string
		want []string // the mended keys, in order
	}{
		{"clinet_id", []string{"client_id"}},
		{"OIDC_CLEINT_SECRET", []string{"OIDC_CLIENT_SECRET"}},
		{"GF_AUTH_GENERIC_OAUTH_CLIENT_SCERET", []string{"GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET"}},
		{"auht_url", []string{"auth_url"}},
		{"tokne_url", []string{"token_url"}},
		{"scops", []string{"scope", "scopes"}},
		{"clientSecert", []string{"clientSecret"}},
		{"OAuthClinetID", []string{"OAuthClientID"}},
		{"issuerr", []string{"issuer"}},
		{"isuer_url", []string{"issuer_url"}},
		{"redirct_uri", []string{"redirect_uri"}},
		{"userinf_url", []string{"userinfo_url"}},
		{"AUTH_OIDCC_ISSUER", []string{"AUTH_OIDC_ISSUER"}},
		{"PHOTOPRISM_OOIDC_SECRET", []string{"PHOTOPRISM_OIDC_SECRET"}},
		{"CMD_OAUTH2_OKEN_URL", []string{"CMD_OAUTH2_TOKEN_URL"}},
		{"FLOWER_OAUTH2_AUTTHELIA_BASE_URL", []string{"FLOWER_OAUTH2_AUTHELIA_BASE_URL"}},
		{"SSO_OIDC_ABSE_URL", []string{"SSO_OIDC_BASE_URL"}},
		// Words, inflections and words too short to tell stay.
		{"client_id", nil},
		{"issue_tracker_url", nil},
		{"auto_discover_url", nil},
		{"tokens", nil},
		{"scoped_token", nil},
		{"redirects", nil},
		{"path", nil},
		{"oath", nil},
		{"auto_login", nil},
		{"clientsecert", nil}, // one word: not split, not compared
		{"oauth1_key", nil},
		{"ur_id", nil},
		{"toke_path", nil}, // a word
		{"base_url", nil},
		{"database_url", nil},
	} {
		var got []string
		for _, r := range respellings(c.key) {
			got = append(got, r.fixed)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("respellings(%q) = %q, want %q", c.key, got, c.want)
		}
	}
}

func TestKeyWords(t *testing.T) {
	for _, c := range []struct {
		key  string
		want []string
	}{
		{"OIDC_CLIENT_ID", []string{"OIDC", "CLIENT", "ID"}},
		{"clientSecret", []string{"client", "Secret"}},
		{"OAuthClientID", []string{"O", "Auth", "Client", "ID"}},
		{"IDToken", []string{"ID", "Token"}},
		{"oauth2.client-id", []string{"oauth2", "client", "id"}},
		{"", nil},
	} {
		var got []string
		for _, w := range keyWords(c.key, nil) {
			got = append(got, c.key[w.start:w.end])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("keyWords(%q) = %q, want %q", c.key, got, c.want)
		}
	}
}

// TestKeySpellingOncePerKey: a list under a misspelt key is one
// finding, at the key, not one per item.
func TestKeySpellingOncePerKey(t *testing.T) {
	g := "```yaml {title=\"config.yml\"}\noidc:\n  oicd_scopes:\n    - openid\n    - profile\n  redirect_uris:\n    - https://a.example.com/cb\n```\n"
	var at []string
	for _, d := range runChecker(t, "app", []byte(g), nil) {
		if d.Code == "consistency-key-spelling" {
			at = append(at, fmt.Sprintf("%d:%d", d.Start().Line, d.Start().Column))
		}
	}
	if !slices.Equal(at, []string{"3:3"}) {
		t.Errorf("consistency-key-spelling at %v, want once at 3:3", at)
	}
}

// keyTypos are the misspellings of a word the mutation test rotates: two
// letters swapped, one dropped, one doubled, one changed.
func keyTypos(w string) []string {
	m := len(w) / 2
	swap := w[:m] + string(w[m+1]) + string(w[m]) + w[m+2:]
	if len(w) <= 4 {
		return []string{swap}
	}
	sub := byte('x')
	if w[m] == 'x' || w[m] == 'X' {
		sub = 'q'
	}
	if w[m] >= 'A' && w[m] <= 'Z' {
		sub -= 'a' - 'A'
	}
	return []string{swap, w[:m] + w[m+1:], w[:m] + string(w[m]) + w[m:], w[:m] + string(sub) + w[m+1:]}
}

// TestKeySpellingMutations misspells one OpenID Connect word in the key of
// every client id, secret, issuer, endpoint, redirect URI and scope
// setting of the corpus and the novel guides, one at a time with rotating
// typos, and requires a finding on the key's line.
func TestKeySpellingMutations(t *testing.T) {
	keySpellingMutations(t, false, "key misspellings", 300, 0.97)
}

// TestLabelSpellingMutations does the same to the labels of the Web GUI
// steps' items (Client ID: `…`), whose values the reader types into a
// form.
func TestLabelSpellingMutations(t *testing.T) {
	keySpellingMutations(t, true, "label misspellings", 100, 0.9) // 101/111: a bare Secret or Key label needs a client id beside it
}

// keySpellingMutations runs the key (or, with labels, the GUI label)
// misspelling mutations and checks their tally.
func keySpellingMutations(t *testing.T, labels bool, what string, minN int, share float64) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		done := map[int]bool{}
		for _, av := range g.m.app {
			switch av.Kind {
			case kindClientID, kindSecret, kindIssuer, kindEndpoint, kindRedirect, kindScope:
			default:
				continue
			}
			if (av.Group < 0) != labels || labels && !av.Label {
				continue
			}
			kv := keyValue(g.content, av)
			if kv.Span == av.Value.Span || done[kv.Span.Start] || strings.Count(string(g.content[kv.Span.Start:av.Value.Span.Start]), "\n") > 0 {
				continue // a key on another line than its value (lists) is left to the unit tests
			}
			done[kv.Span.Start] = true
			var word wordSpan
			for _, w := range keyWords(av.Key, nil) {
				if lw := strings.ToLower(av.Key[w.start:w.end]); oidcWordSet[lw] && len(lw) >= 4 {
					word = w
					break
				}
			}
			if word.end == 0 {
				continue
			}
			typos := keyTypos(av.Key[word.start:word.end])
			bad := av.Key[:word.start] + typos[c.n%len(typos)] + av.Key[word.end:]
			if len(respellings(bad)) == 0 {
				continue // the typo made another word
			}
			mutated := append(append(append([]byte{}, g.content[:kv.Span.Start]...), bad...), g.content[kv.Span.End:]...)
			line := strings.Count(string(g.content[:kv.Span.Start]), "\n") + 1
			ok := false
			for _, d := range runChecker(t, g.name, mutated, v) {
				if (d.Code == "consistency-key-spelling" || d.Code == "consistency-env-name" || d.Code == "consistency-unknown-key") && d.Start().Line == line {
					ok = true
				}
			}
			c.add(ok, fmt.Sprintf("%s:%d: %s → %s", g.name, line, av.Key, bad))
		}
	}
	c.check(t, what, minN, share)
}

// FuzzRespellings checks that every mending of any key changes one word
// of it into a word of the vocabulary, and that nothing panics.
func FuzzRespellings(f *testing.F) {
	for _, k := range []string{"clinet_id", "OAuthClinetID", "auht", "scops", "ÄuhT_ürl", "a", ""} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		for _, r := range respellings(key) {
			if !oidcWordSet[strings.ToLower(r.good)] || r.fixed == key || !strings.Contains(key, r.bad) {
				t.Fatalf("respellings(%q) gave %+v", key, r)
			}
		}
	})
}

func TestKnownWordOf(t *testing.T) {
	tests := []struct {
		name, other string
		want        bool
	}{
		{"OAUTH2_SERVER_URL", "OAUTH2_SERRVER_URL", true},
		{"OAUTH2_SERRVER_URL", "OAUTH2_SERVER_URL", false},
		{"APP_DISPLAY_NAME", "APP_DISPLY_NAME", true},
		{"USER_INFO_URL", "USERINFO_URL", false}, // word counts differ
		{"SAME_NAME", "SAME_NAME", false},
	}
	for _, tt := range tests {
		if got := knownWordOf(tt.name, tt.other); got != tt.want {
			t.Errorf("knownWordOf(%q, %q) = %v, want %v", tt.name, tt.other, got, tt.want)
		}
	}
}
