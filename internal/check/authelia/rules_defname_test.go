package authelia

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestMisspeltDefinition: a claims policy or custom scope defined one slip
// away from the name the client uses is reported at the definition when
// the definition's name is written once and the client's more than once,
// and at the client otherwise.
func TestMisspeltDefinition(t *testing.T) {
	cfg := func(policy, scope, usePolicy, useScope string) string {
		return "identity_providers:\n  oidc:\n    claims_policies:\n      " + policy + ":\n        id_token: ['email']\n" +
			"    scopes:\n      " + scope + ":\n        claims: ['email']\n" +
			"    clients:\n      - client_id: 'forgejo'\n        client_name: 'Forgejo'\n        client_secret: '$plaintext$x'\n" +
			"        redirect_uris: ['https://forgejo.example.com/user/oauth2/authelia/callback']\n" +
			"        claims_policy: '" + usePolicy + "'\n        scopes: ['openid', '" + useScope + "']\n"
	}
	for _, c := range []struct {
		name, block string
		want        []string
	}{
		{"right", cfg("forgejo", "forgejo", "forgejo", "forgejo"), nil},
		{"policy misspelt where defined", cfg("forejo", "forgejo", "forgejo", "forgejo"), []string{"authelia-claims-policy-known@forejo"}},
		{"scope misspelt where defined", cfg("forgejo", "forgjeo", "forgejo", "forgejo"), []string{"authelia-scope-unknown@forgjeo"}},
		{"policy misspelt where used: the name written once is the client's", cfg("forgejo", "forgejo", "forgjeo", "forgejo"), []string{"authelia-claims-policy-known@'forgjeo'"}},
		{"both written once: at the client", cfg("mypolicy", "forgejo", "mypolcy", "forgejo"), []string{"authelia-claims-policy-known@'mypolcy'"}},
		{"not a slip: at the client", cfg("other", "forgejo", "forgejo", "forgejo"), []string{"authelia-claims-policy-known@'forgejo'"}},
	} {
		got := slices.DeleteFunc(findings(t, "4.39.0", c.block), func(f string) bool {
			return !strings.HasPrefix(f, "authelia-claims-policy-known@") && !strings.HasPrefix(f, "authelia-scope-unknown@")
		})
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

// TestMisspeltDefinitionMutations drops a middle letter from, or swaps two
// letters of, each claims policy and custom scope that the corpus's and
// the novel guides' clients use, one at a time, and requires a finding on
// the definition's line.
func TestMisspeltDefinitionMutations(t *testing.T) {
	head := regexp.MustCompile(`^(\s*)(claims_policies|scopes):\s*$`)
	name := regexp.MustCompile(`^(\s*)([a-z][a-z0-9_-]{4,}):\s*$`)
	var found, total int
	for _, dir := range []string{testenv.Corpus(t), filepath.Join("..", "..", "..", "tests", "testdata", "novel")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			content := string(b)
			if !strings.Contains(content, "claims_policy:") {
				continue
			}
			lines := strings.SplitAfter(content, "\n")
			off := 0
			base := -1 // the indentation of the claims_policies or scopes key
			for i, l := range lines {
				at := off
				off += len(l)
				text := strings.TrimRight(l, "\n")
				if m := head.FindStringSubmatch(text); m != nil {
					base = len(m[1])
					continue
				}
				ind := len(text) - len(strings.TrimLeft(text, " "))
				if base < 0 || strings.TrimSpace(text) == "" {
					continue
				}
				if ind <= base {
					base = -1
					continue
				}
				m := name.FindStringSubmatchIndex(text)
				if m == nil || m[3]-m[2] != base+2 {
					continue
				}
				nm := text[m[4]:m[5]]
				if strings.Count(content, nm) < 3 || strings.ContainsAny(nm, "0123456789") {
					continue // named once more only: which side is wrong is not certain
				}
				for _, bad := range []string{nm[:2] + nm[3:], nm[:1] + nm[2:3] + nm[1:2] + nm[3:]} {
					if strings.Contains(content, bad) {
						continue
					}
					p := at + m[4]
					mutated := content[:p] + bad + content[p+len(nm):]
					_, l := checkGuide(mutated)
					ok := false
					for _, d := range l {
						if d.Start().Line == i+1 {
							ok = true
						}
					}
					total++
					if ok {
						found++
					} else {
						t.Logf("MISS %s:%d: %s → %s", filepath.Base(filepath.Dir(f)), i+1, nm, bad)
					}
				}
			}
		}
	}
	t.Logf("misspelt definitions found on their line: %d of %d", found, total)
	if total < 10 || found*10 < total*9 {
		t.Errorf("found %d of %d, want at least 90%% of at least 10", found, total)
	}
}
