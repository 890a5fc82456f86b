package authelia

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// seedGuide reads the seed guide (the RomM guide, tested with 4.38.17).
func seedGuide(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(sharedPath(t, filepath.Join("seeds", "romm-guide.md")))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkGuide runs the checker on a guide with the version its Tested
// Versions section names, and renders findings as "line:col code".
func checkGuide(content string) ([]string, diag.List) {
	g := scanGuide("romm/index.md", []byte(content))
	l := g.run(check.TestedVersion(g.texts))
	var out []string
	for _, d := range l {
		p := d.Start()
		out = append(out, fmt.Sprintf("%d:%d %s", p.Line, p.Column, d.Code))
	}
	return out, l
}

// TestSeedMutations injects one defect at a time into the seed guide's
// configuration and checks that exactly the expected findings appear, at
// the exact guide position of the offending key or value.
func TestSeedMutations(t *testing.T) {
	seed := seedGuide(t)
	baseline, _ := checkGuide(seed)
	// The seed's escape hatch block uses claims policies, which its tested
	// version (4.38.17) does not know: one warning on the shared template's
	// call; everything else is clean.
	if want := []string{"82:1 authelia-template-version"}; !slices.Equal(baseline, want) {
		t.Fatalf("seed baseline: got %q, want %q", baseline, want)
	}
	cases := []struct {
		name     string
		old, new string // one replacement in the guide
		want     []string
	}{
		{"renamed key id", "      - client_id: 'romm'", "      - id: 'romm'",
			[]string{"58:9 authelia-deprecated-key"}},
		{"bad enum", "pkce_challenge_method: ''", "pkce_challenge_method: 'sha256'",
			[]string{"64:32 authelia-pkce-method-enum"}},
		{"public client with secret", "public: false", "public: true",
			// the client has a secret and a secret-based auth method: the
			// flag is the one mistake
			[]string{"61:17 authelia-public-no-secret"}},
		{"redirect uri without scheme", "- 'https://romm.{{<", "- 'romm.{{<",
			[]string{"66:13 authelia-redirect-absolute"}},
		{"refresh_token grant without offline_access", "- 'authorization_code'", "- 'refresh_token'",
			[]string{"74:13 authelia-refresh-needs-offline"}},
		{"bad client_id charset", "client_id: 'romm'", "client_id: 'rom m'",
			// the escape hatch now adds to a client the guide does not
			// define: one root, reported once, by the id rule
			[]string{"58:20 authelia-client-id-charset"}},
		{"client_id changed", "client_id: 'romm'", "client_id: 'rommx'",
			// the guide names 'romm' elsewhere: the changed id is the
			// odd one out, not the escape hatch that names the client
			[]string{"58:20 authelia-client-fragment-orphan"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Count(seed, tc.old) != 1 {
				t.Fatalf("%q must occur once in the seed", tc.old)
			}
			got, _ := checkGuide(strings.Replace(seed, tc.old, tc.new, 1))
			got = without(got, baseline)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOrphanVotesAreValues: a client_id changed to the product's name
// ('RomM') is the odd one out even where the guide's blocks name the
// product more often than they state the id: a word inside brackets or
// parentheses states no client id, so the votes are the places where an
// id is a whole value.
func TestOrphanVotesAreValues(t *testing.T) {
	seed := seedGuide(t)
	items := "```text\n" + strings.Repeat("[RomM] (RomM)\n", 40) + "```\n\n"
	i := strings.Index(seed, "\n## ")
	seed = seed[:i+1] + items + seed[i+1:]
	baseline, _ := checkGuide(seed)
	got, _ := checkGuide(strings.Replace(seed, "client_id: 'romm'", "client_id: 'RomM'", 1))
	got = without(got, baseline)
	if want := []string{"101:20 authelia-client-fragment-orphan"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSeedMutationUnknownClaimsPolicy needs 4.39, where claims_policy exists.
func TestSeedMutationUnknownClaimsPolicy(t *testing.T) {
	seed := strings.Replace(seedGuide(t), "[v4.38.17]", "[v4.39.9]", 1)
	baseline, _ := checkGuide(seed)
	if len(baseline) != 0 {
		t.Fatalf("seed tested with 4.39.9 should be clean, got %q", baseline)
	}
	got, _ := checkGuide(strings.Replace(seed, "authorization_policy: 'two_factor'", "claims_policy: 'unknown'", 1))
	if want := []string{"62:24 authelia-claims-policy-known"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// without returns the entries of got that are not in base (as a multiset).
func without(got, base []string) []string {
	rest := slices.Clone(base)
	var out []string
	for _, g := range got {
		if i := slices.Index(rest, g); i >= 0 {
			rest = slices.Delete(rest, i, i+1)
			continue
		}
		out = append(out, g)
	}
	return out
}

// lifespan returns a provider configuration with entry (whose continuation
// lines are indented for the provider's keys) before its clients.
func lifespan(entry string) string {
	return "identity_providers:\n  oidc:\n    " + entry + "\n    clients:\n      - client_id: 'app'\n        client_secret: '" + digest + "'\n        redirect_uris: ['https://x/cb']\n"
}

// TestFixes applies each machine fix and checks that the finding is gone
// and nothing new appears.
func TestFixes(t *testing.T) {
	cases := []struct {
		name, guide, code string
	}{
		{"deprecated client key", string(guideOf("identity_providers:\n  oidc:\n    clients:\n      - id: 'app'\n        secret: '" + digest + "'\n        redirect_uris: ['https://x/cb']\n")), "authelia-deprecated-key"},
		{"unknown key typo", string(guideOf(client(with(confidential, "redirect_uri: ['https://y/cb']")...))), "authelia-unknown-key"},
		{"deprecated lifespan moves into lifespans", string(guideOf(lifespan("access_token_lifespan: '1h'"))), "authelia-deprecated-key"},
		{"lifespan value on the next line", string(guideOf(lifespan("access_token_lifespan:\n      '1h'"))), "authelia-deprecated-key"},
		{"lifespan value after a blank line", string(guideOf(lifespan("access_token_lifespan:\n\n      1h"))), "authelia-deprecated-key"},
		{"lifespan block scalar", string(guideOf(lifespan("access_token_lifespan: >-\n      1h\n\n    # a comment"))), "authelia-deprecated-key"},
		{"lifespan literal with a comment", string(guideOf(lifespan("id_token_lifespan: |-  # why\n        1h"))), "authelia-deprecated-key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := scanGuide("guide.md", []byte(tc.guide))
			content := tc.guide
			fixes := 0
			// Apply from the end so earlier offsets stay valid.
			l := g.run("")
			for i := len(l) - 1; i >= 0; i-- {
				d := l[i]
				if d.Code != tc.code {
					continue
				}
				if d.Fix == nil {
					t.Fatalf("%s: no fix: %s", d.Code, d.Message)
				}
				edits := slices.Clone(d.Fix.Edits)
				slices.SortStableFunc(edits, func(a, b diag.Edit) int { return b.Span.Start - a.Span.Start })
				for _, e := range edits {
					content = content[:e.Span.Start] + e.NewText + content[e.Span.End:]
				}
				fixes++
			}
			if fixes == 0 {
				t.Fatalf("no %s finding", tc.code)
			}
			after := scanGuide("guide.md", []byte(content)).run("")
			if len(after) != 0 {
				t.Errorf("after the fix:\n%s\n%s", content, format(after))
			}
		})
	}
}
