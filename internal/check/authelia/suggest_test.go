package authelia

import (
	"math/rand/v2"
	"testing"

	"github.com/hbollon/go-edlib"
)

// TestOSAASCII checks the ASCII path of distance against the library on
// every pair of a list of words (near misses, transpositions, empty and
// repeated letters) and on random strings over small alphabets, where
// transpositions and repeats are frequent.
func TestOSAASCII(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "abc", "acb", "bca", "ca", "abcd", "badc", "aaaa", "aab", "aba",
		"client_id", "cleint_id", "client_di", "clientid", "client_secret", "redirect_uris", "redirect_uri",
		"redirecturis", "scopes", "scope", "sopces", "authorization_policy", "authorisation_policy",
		"token_endpoint_auth_method", "token_endpoint_auth_methods", "userinfo_signed_response_alg",
		"pkce_challenge_method", "consent_mode", "consnet_mode", "public", "pubilc", "x", "xy", "yx"}
	check := func(a, b string) {
		if got, want := osaASCII(a, b), edlib.OSADamerauLevenshteinDistance(a, b); got != want {
			t.Fatalf("osaASCII(%q, %q) = %d, the library says %d", a, b, got, want)
		}
	}
	for _, a := range words {
		for _, b := range words {
			check(a, b)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	word := func(alphabet string, n int) string {
		b := make([]byte, r.IntN(n+1))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 20000 {
		alphabet := []string{"ab", "abc", "abcd_", "abcdefghijklmnopqrstuvwxyz_"}[r.IntN(4)]
		check(word(alphabet, 12), word(alphabet, 12))
	}
	for range 200 {
		check(word("abc", 64), word("abc", 64))
	}
}
