package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

func TestJoinedName(t *testing.T) {
	names := map[string]bool{"SECRET_KEY": true}
	for _, tt := range []struct {
		key, v string
		at     int
		name   string
	}{
		{"APP_CLIENT_ID", "appAPP_CLIENT_SECRET=s", 3, "APP_CLIENT_SECRET"},
		{"APP_CLIENT_ID", "app2APP_CLIENT_SECRET=s", 4, "APP_CLIENT_SECRET"},
		{"OIDC_ENABLED", "false      - OIDC_SCOPE=openid", 13, "OIDC_SCOPE"},
		{"X_ID", "idSECRET_KEY=s", 2, "SECRET_KEY"},                  // a name the guide sets
		{"APP_URL", "https://a/?APP_MODE=x", -1, ""},                 // a URL's query
		{"APP_OPTS", "--APP_MODE=x", -1, ""},                         // a flag
		{"APP_A", "template APP_B=/c", -1, ""},                       // a shell line's next variable
		{"APP_ID", "idOTHER_NAME=x", -1, ""},                         // unknown, another first word
		{"APP_ID", "ABCAPP_SECRET=x", -1, ""},                        // glued to upper case: no start
		{"APP_ID", "app", -1, ""},                                    // nothing joined
		{"APP_ID", "appApp_Secret=x", -1, ""},                        // not an upper-case name
		{"GF_AUTH_GENERIC_OAUTH_ID", "gGF_AUTH_X=1", 1, "GF_AUTH_X"}, // first word GF
	} {
		at, name := joinedName(tt.key, tt.v, names)
		if at != tt.at || name != tt.name {
			t.Errorf("joinedName(%q, %q) = %d %q, want %d %q", tt.key, tt.v, at, name, tt.at, tt.name)
		}
	}
}

// TestJoinedLinesMutations joins each .env or Compose list variable's line
// with the next variable's line of its snippet, in the corpus and novel
// guides, and expects an error at the joined line.
func TestJoinedLinesMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		lines := strings.Split(string(g.content), "\n")
		vars := map[int]string{} // line index → name, of .env and Compose list variables
		for _, vs := range [][]envVar{g.m.dotenv, g.m.compose} {
			for _, e := range vs {
				i := strings.Count(string(g.content[:e.Value.Span.Start]), "\n")
				if i < len(lines) && strings.Contains(lines[i], e.Name+"=") {
					vars[i] = e.Name
				}
			}
		}
		for i, name := range vars {
			next, ok := vars[i+1]
			if !ok || strings.HasSuffix(lines[i], "\\") {
				continue
			}
			if _, val, _ := strings.Cut(lines[i], "="); strings.HasPrefix(val, "'") || strings.HasPrefix(val, "\"") {
				continue // text after a closing quote: env-syntax, the syntax checker's
			}
			t2 := strings.TrimLeft(lines[i+1], " \t")
			if strings.HasPrefix(t2, "- ") {
				if strings.HasPrefix(t2, "- '") || strings.HasPrefix(t2, "- \"") {
					continue // quoted items joined are a YAML syntax error, the syntax checker's
				}
				t2 = "      " + t2 // a Compose list item keeps its marker
			}
			mutated := strings.Join(append(append(append([]string{}, lines[:i]...), lines[i]+t2), lines[i+2:]...), "\n")
			ok = false
			for _, d := range runChecker(t, g.name, []byte(mutated), v) {
				if d.Start().Line == i+1 && d.Severity == diag.Error {
					ok = true
				}
			}
			c.add(ok, fmt.Sprintf("%s:%d: %s + %s", g.name, i+1, name, next))
		}
	}
	c.check(t, "joined lines", 100, 0.97)
}
