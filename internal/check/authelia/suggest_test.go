package authelia

import (
	"math/rand/v2"
	"strings"
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

// TestDistanceWithin checks the bounded distance against the exact one:
// equal when the exact one is within the bound, bound+1 otherwise, on a
// word list, random strings and non-ASCII names.
func TestDistanceWithin(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "abc", "acb", "bca", "abcd", "badc", "aaaa", "Client_ID",
		"client_id", "cleint_id", "client_di", "clientid", "client_secret", "redirect_uris", "redirect_uri",
		"redirecturis", "scopes", "sopces", "authorization_policy", "authorisation_policy", "ünïcode", "unicode",
		"token_endpoint_auth_method", "token_endpoint_auth_methods", "pkce_challenge_method", strings.Repeat("x", 70)}
	check := func(a, b string, k int) {
		want := min(distance(a, b), k+1)
		if got := distanceWithin(a, b, k); got != want {
			t.Fatalf("distanceWithin(%q, %q, %d) = %d, want %d (distance %d)", a, b, k, got, want, distance(a, b))
		}
	}
	for _, a := range words {
		for _, b := range words {
			for k := range 5 {
				check(a, b, k)
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	word := func(alphabet string, n int) string {
		b := make([]byte, r.IntN(n+1))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for range 50000 {
		alphabet := []string{"ab", "abc", "abcd_", "abcdefghijklmnopqrstuvwxyz_"}[r.IntN(4)]
		check(word(alphabet, 14), word(alphabet, 14), r.IntN(5))
	}
}

// TestSuggestBounded checks that suggest, which compares within the
// suggestion limit only, picks what the exact distances pick, on random
// candidate lists.
func TestSuggestBounded(t *testing.T) {
	exact := func(word string, candidates []string) (string, bool) {
		bestD, second, best := -1, -1, ""
		for _, c := range candidates {
			d := distance(word, c)
			switch {
			case bestD < 0 || d < bestD:
				best, second, bestD = c, bestD, d
			case d < second || second < 0:
				second = d
			}
		}
		limit := 2
		if len(word) >= 12 {
			limit = 3
		}
		if bestD < 0 || bestD > limit {
			return "", false
		}
		return best, second < 0 || bestD < second
	}
	r := rand.New(rand.NewPCG(5, 6))
	word := func(n int) string {
		b := make([]byte, 1+r.IntN(n))
		for i := range b {
			b[i] = "abcde_"[r.IntN(6)]
		}
		return string(b)
	}
	for range 20000 {
		w := word(14)
		var cands []string
		for range r.IntN(8) {
			c := []byte(w)
			for range r.IntN(5) {
				if len(c) > 0 {
					c[r.IntN(len(c))] = "abcde_"[r.IntN(6)]
				}
			}
			if r.IntN(3) == 0 {
				c = []byte(word(14))
			}
			cands = append(cands, string(c))
		}
		gb, gc := suggest(w, cands)
		eb, ec := exact(w, cands)
		if gb != eb || gc != ec {
			t.Fatalf("suggest(%q, %q) = %q, %v; exact distances give %q, %v", w, cands, gb, gc, eb, ec)
		}
	}
}
