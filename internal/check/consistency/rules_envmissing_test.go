package consistency

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
)

func TestEnvMissing(t *testing.T) {
	env := func(lines ...string) string {
		return "```shell {title=\".env\"}\n" + strings.Join(lines, "\n") + "\n```\n\n"
	}
	compose := func(extra string, lines ...string) string {
		return "```yaml {title=\"compose.yml\"}\nservices:\n  app:\n" + extra + "    environment:\n      " + strings.Join(lines, "\n      ") + "\n```\n"
	}
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
	if testing.Short() {
		t.Skip("slow")
	}
	var guides []string
	for _, dir := range []string{sharedPath(t, filepath.Join("corpus", "authelia")), filepath.Join("..", "..", "..", "tests", "testdata", "novel")} {
		g, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		guides = append(guides, g...)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests.json")))
	if err != nil {
		t.Fatal(err)
	}
	n, found := 0, 0
	var misses []string
	for _, g := range guides {
		content, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(g))
		f, snips, texts := mdGuide(name, content)
		m := build(&check.Pass{File: f, Name: name, Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
		if strings.Contains(string(content), "env_file") {
			continue
		}
		inEnv, inCompose := envNames(m.dotenv), envNames(m.compose)
		for _, side := range [][]envVar{m.dotenv, m.compose} {
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
				n++
				ok := false
				for _, d := range runChecker(t, name, mutated, v) {
					if d.Code == "consistency-env-missing" && (d.Start().Line == line || d.Start().Line == line-1) {
						ok = true
					}
				}
				if ok {
					found++
				} else {
					misses = append(misses, fmt.Sprintf("%s:%d: %s deleted", name, line, e.Name))
				}
			}
		}
	}
	t.Logf("deleted variables found: %d of %d", found, n)
	for _, m := range misses {
		t.Logf("MISS %s", m)
	}
	if n < 20 {
		t.Errorf("only %d variables deleted: the sites are not read", n)
	}
	if float64(found) < 0.95*float64(n) {
		t.Errorf("found %d of %d deleted variables, want at least 95%%", found, n)
	}
}

// TestEnvNameSideMutations misspells, one at a time, a word of each
// variable the corpus's and the novel guides' .env and compose.yml both
// set, on either side, and requires the finding on the misspelt line (not
// on its twin).
func TestEnvNameSideMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var guides []string
	for _, dir := range []string{sharedPath(t, filepath.Join("corpus", "authelia")), filepath.Join("..", "..", "..", "tests", "testdata", "novel")} {
		g, err := filepath.Glob(filepath.Join(dir, "*", "index.md"))
		if err != nil {
			t.Fatal(err)
		}
		guides = append(guides, g...)
	}
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests.json")))
	if err != nil {
		t.Fatal(err)
	}
	n, found := 0, 0
	var misses []string
	for _, g := range guides {
		content, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(g))
		f, snips, texts := mdGuide(name, content)
		m := build(&check.Pass{File: f, Name: name, Snippets: snips, Texts: texts, Report: func(diag.Diagnostic) {}})
		inEnv, inCompose := envNames(m.dotenv), envNames(m.compose)
		for _, side := range [][]envVar{m.dotenv, m.compose} {
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
				bad := e.Name[:word.start] + typos[n%len(typos)] + e.Name[word.end:]
				if inEnv[bad] || inCompose[bad] || strings.Count(string(content), e.Name) != 2 {
					continue // a name also written elsewhere: which side is wrong is not certain
				}
				n++
				mutated := append(append(append([]byte{}, content[:kv.Span.Start]...), bad...), content[kv.Span.End:]...)
				line := strings.Count(string(content[:kv.Span.Start]), "\n") + 1
				ok := false
				for _, d := range runChecker(t, name, mutated, v) {
					if d.Start().Line == line && d.Severity == diag.Error {
						ok = true
					}
				}
				if ok {
					found++
				} else {
					misses = append(misses, fmt.Sprintf("%s:%d: %s → %s", name, line, e.Name, bad))
				}
			}
		}
	}
	t.Logf("misspelt variables found on their side: %d of %d", found, n)
	for _, m := range misses {
		t.Logf("MISS %s", m)
	}
	if n < 50 || float64(found) < 0.9*float64(n) {
		t.Errorf("found %d of %d misspelt variables on their side, want at least 90%% of at least 50", found, n)
	}
}
