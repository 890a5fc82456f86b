package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

func TestScopeSeparatorsAndProtocol(t *testing.T) {
	for _, c := range []struct {
		snippet, code string
		want          bool
	}{
		{"```shell {title=\".env\"}\nOIDC_SCOPES=openid,profile email\n```\n", "consistency-scope-separators", true},
		{"```shell {title=\".env\"}\nOIDC_SCOPES=openid, profile, email\n```\n", "consistency-scope-separators", false},
		{"```shell {title=\".env\"}\nOIDC_SCOPES=openid profile email\n```\n", "consistency-scope-separators", false},
		{"```shell {title=\".env\"}\nOIDC_SCOPES=openid,profile,email\n```\n", "consistency-scope-separators", false},
		{"```shell {title=\".env\"}\nAUTH_PROVIDER=odic\n```\n", "consistency-protocol-spelling", true},
		{"```shell {title=\".env\"}\nAUTH_TYPE=opneid\n```\n", "consistency-protocol-spelling", true},
		{"```shell {title=\".env\"}\nAUTH_TYPE=openid_connect\nAUTH_PROVIDER=OIDC\nMODE=oauth2\n```\n", "consistency-protocol-spelling", false},
		{"```shell {title=\".env\"}\nAUTH_TYPE=oath\nNAME=oidc2\n```\n", "consistency-protocol-spelling", false},
	} {
		found := false
		for _, d := range runChecker(t, "app", []byte(c.snippet), nil) {
			if d.Code == c.code {
				found = true
			}
		}
		if found != c.want {
			t.Errorf("%q: %s found = %v, want %v", c.snippet, c.code, found, c.want)
		}
	}
}

// TestScopeSeparatorMutations replaces, one at a time, the first blank of
// every list of scopes written as one blank-separated string in the
// corpus and the novel guides with a comma, and requires a finding on its
// line.
func TestScopeSeparatorMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		for _, av := range g.m.app {
			sp := av.Value.Span
			if av.Kind != kindScope || av.Group < 0 || strings.Count(av.Value.Text, " ") < 2 || strings.ContainsAny(av.Value.Text, ",[]\"'+%{}$") ||
				sp.Len() != len(av.Value.Text) || string(g.content[sp.Start:sp.End]) != av.Value.Text {
				continue
			}
			i := sp.Start + strings.IndexByte(av.Value.Text, ' ')
			mutated := append(append(append([]byte{}, g.content[:i]...), ','), g.content[i+1:]...)
			line := strings.Count(string(g.content[:i]), "\n") + 1
			ok := false
			for _, d := range runChecker(t, g.name, mutated, v) {
				if d.Start().Line == line && d.Severity <= diag.Warning {
					ok = true
				}
			}
			c.add(ok, fmt.Sprintf("%s:%d: %s", g.name, line, av.Value.Text))
		}
	}
	c.check(t, "mixed scope separators", 40, 0.9) // 57 of 62: in INI, properties and Python the list is read item by item
}

// TestProtocolSpellingMutations misspells every application value that
// names OpenID Connect or OAuth 2.0 in the corpus and the novel guides,
// one at a time with rotating typos, and requires a finding on its line.
func TestProtocolSpellingMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		for _, av := range g.m.app {
			sp := av.Value.Span
			lw := strings.ToLower(av.Value.Text)
			if av.Group < 0 || (lw != "oidc" && lw != "openid" && lw != "oauth2") || sp.Len() != len(av.Value.Text) || string(g.content[sp.Start:sp.End]) != av.Value.Text {
				continue
			}
			typos := keyTypos(av.Value.Text)
			bad := typos[c.n%len(typos)]
			mutated := append(append(append([]byte{}, g.content[:sp.Start]...), bad...), g.content[sp.End:]...)
			line := strings.Count(string(g.content[:sp.Start]), "\n") + 1
			ok := false
			for _, d := range runChecker(t, g.name, mutated, v) {
				if d.Start().Line == line && d.Severity <= diag.Warning {
					ok = true
				}
			}
			c.add(ok, fmt.Sprintf("%s:%d: %s → %s", g.name, line, av.Value.Text, bad))
		}
	}
	c.check(t, "misspelt protocol names", 30, 0.9)
}
