package consistency

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

// env is a .env snippet of lines; compose a compose.yml whose service app
// has extra keys and the environment lines.
func env(lines ...string) string {
	return "```shell {title=\".env\"}\n" + strings.Join(lines, "\n") + "\n```\n\n"
}

func compose(extra string, lines ...string) string {
	return "```yaml {title=\"compose.yml\"}\nservices:\n  app:\n" + extra + "    environment:\n      " + strings.Join(lines, "\n      ") + "\n```\n"
}

func TestEnvMissing(t *testing.T) {
	for _, c := range []struct {
		name, guide string
		want        int // findings
	}{
		{"secret missing in .env", env("OIDC_ISSUER=https://auth.example.com", "OIDC_CLIENT_ID=app", "APP_URL=https://app.example.com") +
			compose("", "OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_ID: 'app'", "OIDC_CLIENT_SECRET: 'insecure_secret'", "APP_URL: 'https://app.example.com'"), 1},
		{"client id missing in compose.yml", env("OIDC_ISSUER=https://auth.example.com", "OIDC_CLIENT_ID=app", "OIDC_CLIENT_SECRET=insecure_secret", "APP_URL=https://app.example.com") +
			compose("", "OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_SECRET: 'insecure_secret'", "APP_URL: 'https://app.example.com'"), 1},
		{"same variables", env("OIDC_ISSUER=https://auth.example.com", "OIDC_CLIENT_ID=app", "OIDC_CLIENT_SECRET=insecure_secret") +
			compose("", "OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_ID: 'app'", "OIDC_CLIENT_SECRET: 'insecure_secret'"), 0},
		{"compose loads the .env", env("OIDC_ISSUER=https://auth.example.com", "OIDC_CLIENT_ID=app", "APP_URL=https://app.example.com") +
			compose("    env_file: '.env'\n", "OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_ID: 'app'", "OIDC_CLIENT_SECRET: 'insecure_secret'", "APP_URL: 'https://app.example.com'"), 0},
		{"few shared variables", env("OIDC_CLIENT_SECRET=insecure_secret") +
			compose("", "OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_ID: 'app'", "APP_URL: 'https://app.example.com'", "DB_HOST: 'db'"), 0},
		{"the secret under another name", env("OIDC_ISSUER=https://auth.example.com", "OIDC_CLIENT_ID=app", "APP_URL=https://app.example.com", "OAUTH_CLIENT_SECRET=insecure_secret") +
			compose("", "OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_ID: 'app'", "OIDC_CLIENT_SECRET: 'insecure_secret'", "APP_URL: 'https://app.example.com'"), 0},
	} {
		n := 0
		for _, d := range runChecker(t, "app", []byte(c.guide), nil) {
			if d.Code == "consistency-env-missing" {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%s: %d findings, want %d", c.name, n, c.want)
		}
	}
}

// TestEnvMissingMutations deletes, one at a time, each line of the
// corpus's and the novel guides' .env and compose environments that sets
// a client id, secret or issuer the other variant sets too, and requires
// a finding on the line that took its place, or the one before.
func TestEnvMissingMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		content := g.content
		if strings.Contains(string(content), "env_file") {
			continue
		}
		inEnv, inCompose := envNames(g.m.dotenv), envNames(g.m.compose)
		for _, side := range [][]envVar{g.m.dotenv, g.m.compose} {
			for _, e := range side {
				if missingKinds[classifyKey("", e.Name)] == "" || !inEnv[e.Name] || !inCompose[e.Name] {
					continue
				}
				start := strings.LastIndexByte(string(content[:e.Value.Span.Start]), '\n') + 1
				end := start + strings.IndexByte(string(content[start:]), '\n') + 1
				if end <= start {
					continue
				}
				mutated := append(append([]byte{}, content[:start]...), content[end:]...)
				line := strings.Count(string(content[:start]), "\n") + 1
				ok := false
				for _, d := range runChecker(t, g.name, mutated, v) {
					if d.Code == "consistency-env-missing" && (d.Start().Line == line || d.Start().Line == line-1) {
						ok = true
					}
				}
				c.add(ok, fmt.Sprintf("%s:%d: %s deleted", g.name, line, e.Name))
			}
		}
	}
	c.check(t, "deleted variables", 20, 0.95)
}

// TestEnvNameSideMutations misspells, one at a time, a word of each
// variable the corpus's and the novel guides' .env and compose.yml both
// set, on either side, and requires the finding on the misspelt line (not
// on its twin).
func TestEnvNameSideMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		content := g.content
		inEnv, inCompose := envNames(g.m.dotenv), envNames(g.m.compose)
		for _, side := range [][]envVar{g.m.dotenv, g.m.compose} {
			for _, e := range side {
				if !inEnv[e.Name] || !inCompose[e.Name] || len(e.Name) < 6 {
					continue
				}
				kv := keyValue(content, appValue{Key: e.Name, Value: e.Value})
				if kv.Span == e.Value.Span {
					continue
				}
				// The longest word, misspelt by a rotating typo.
				var word wordSpan
				for _, w := range keyWords(e.Name, nil) {
					if w.end-w.start > word.end-word.start {
						word = w
					}
				}
				if word.end-word.start < 4 {
					continue
				}
				typos := keyTypos(e.Name[word.start:word.end])
				bad := e.Name[:word.start] + typos[c.n%len(typos)] + e.Name[word.end:]
				if inEnv[bad] || inCompose[bad] || strings.Count(string(content), e.Name) != 2 {
					continue // a name also written elsewhere: which side is wrong is not certain
				}
				mutated := append(append(append([]byte{}, content[:kv.Span.Start]...), bad...), content[kv.Span.End:]...)
				line := strings.Count(string(content[:kv.Span.Start]), "\n") + 1
				ok := false
				for _, d := range runChecker(t, g.name, mutated, v) {
					if d.Start().Line == line && d.Severity == diag.Error {
						ok = true
					}
				}
				c.add(ok, fmt.Sprintf("%s:%d: %s → %s", g.name, line, e.Name, bad))
			}
		}
	}
	c.check(t, "misspelt variables on their side", 50, 0.9)
}

func TestEnvOneSide(t *testing.T) {
	base := []string{"OIDC_ISSUER=https://auth.example.com", "OIDC_CLIENT_ID=app", "OIDC_SCOPES=openid email", "APP_URL=https://app.example.com"}
	yml := []string{"OIDC_ISSUER: 'https://auth.example.com'", "OIDC_CLIENT_ID: 'app'", "OIDC_SCOPES: 'openid email'", "APP_URL: 'https://app.example.com'"}
	drop := func(ls []string, i int) []string { return append(append([]string{}, ls[:i]...), ls[i+1:]...) }
	wantLines(t, "consistency-env-one-side", []lineCase{
		{"scopes missing in compose.yml", env(base...) + compose("", drop(yml, 2)...), 14},
		{"scopes missing in .env", env(drop(base, 2)...) + compose("", yml...), 4},
		{"last variable missing in .env", env(drop(base, 3)...) + compose("", yml...), 4},
		{"same variables", env(base...) + compose("", yml...), 0},
		{"two differ", env(drop(base, 2)...) + compose("", drop(yml, 3)...), 0},
		{"too few shared", env(base[2:]...) + compose("", yml[1:]...), 0},
		{"compose loads the .env", env(base...) + compose("    env_file: '.env'\n", drop(yml, 2)...), 0},
		{"named in a comment", env(base...) + compose("", append(drop(yml, 2), "# OIDC_SCOPES: 'openid email'")...), 0},
		{"a tip in its own .env", env("OIDC_FORCE_USERINFO=true") + env(base...) + compose("", yml...), 0},
		{"a database service beside", env(base...) + compose("", yml...) + "```yaml {title=\"compose.yml\"}\nservices:\n  db:\n    environment:\n      POSTGRES_PASSWORD: 'x'\n```\n", 0},
	})
}

// TestEnvOneSideMutations deletes, one at a time, each line of the corpus's
// and the novel guides' .env snippets and compose environments that the
// other sets too, when the two share every variable, and requires an error
// or warning on the line that took its place or the one before (the
// client id, secret and issuer are consistency-env-missing's).
func TestEnvOneSideMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		content := g.content
		if strings.Contains(string(content), "env_file") {
			continue
		}
		for _, e := range envBlocks(g.m.dotenv) {
			for _, cm := range envBlocks(g.m.compose) {
				inE, inC := envNames(e), envNames(cm)
				if len(inE) != len(inC) || len(inE) < 4 {
					continue
				}
				same := true
				for n := range inE {
					same = same && inC[n]
				}
				if !same {
					continue
				}
				for _, side := range [][]envVar{e, cm} {
					for _, x := range side {
						if strings.Count(string(content), x.Name) != 2 {
							continue // also named elsewhere: the lacking file may still say it
						}
						start := strings.LastIndexByte(string(content[:x.Value.Span.Start]), '\n') + 1
						end := start + strings.IndexByte(string(content[start:]), '\n') + 1
						if end <= start {
							continue
						}
						mutated := append(append([]byte{}, content[:start]...), content[end:]...)
						line := strings.Count(string(content[:start]), "\n") + 1
						ok := false
						for _, d := range runChecker(t, g.name, mutated, v) {
							if l := d.Start().Line; (l == line || l == line-1) && d.Severity <= diag.Warning {
								ok = true
							}
						}
						c.add(ok, fmt.Sprintf("%s:%d: %s deleted from %s", g.name, line, x.Name, x.Where))
					}
				}
			}
		}
	}
	c.check(t, "deleted variables of twin environments", 100, 0.9)
}
