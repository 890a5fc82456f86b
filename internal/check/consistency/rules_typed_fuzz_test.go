package consistency

import "testing"

// FuzzTypedValues feeds arbitrary values and keys to the typed-value
// readers: no panic, and what they propose is a boolean or names only
// members of the enum.
func FuzzTypedValues(f *testing.F) {
	for _, s := range []string{"ture", "Flase", "tree", "client-secret-post", "code id-token", "s256", "RSA-SHA256", "authorization_code,refresh-token", "", "\xff", "a_b_c_d"} {
		f.Add(s, "enable_x")
	}
	f.Fuzz(func(t *testing.T, v, key string) {
		if b := boolTypo(v, key); b != "" && b != "true" && b != "false" {
			t.Fatalf("boolTypo(%q) = %q", v, b)
		}
		for _, e := range []*enumSet{responseTypes, grantTypes, authMethodSet, pkceMethods, signingAlgs} {
			want := e.misspelt(v)
			if want == "" {
				continue
			}
			for _, w := range splitList(want) {
				if !e.member(w) {
					t.Fatalf("%s: misspelt(%q) = %q, not a member", e.what, v, want)
				}
			}
		}
	})
}
