package consistency

import (
	"fmt"
	"strings"
	"testing"
)

func TestMixedKeySeparators(t *testing.T) {
	wantLines(t, "consistency-key-separator", []lineCase{
		{"three siblings", ymlFence("config.yaml", "oidc:", "  only-start_if_oidc_is_available: true", "  client_id: 'app'", "  client_secret: 'x'", "  redirect_uri: 'y'"), 3},
		{"two siblings are too few", ymlFence("config.yaml", "oidc:", "  only-start_if_oidc_is_available: true", "  client_id: 'app'", "  client_secret: 'x'"), 0},
		{"dash siblings", ymlFence("config.yaml", "auth:", "  client-id: 'app'", "  client-secret: 'x'", "  issuer_uri-path: '/'", "  redirect-url: 'y'"), 5},
		{"a lone key: the file's other keys tell", ymlFence("application.yml", "komga:", "  oauth2_account-creation: true", "spring:", "  client:", "    client-id: 'a'", "    client-secret: 'b'", "    issuer-uri: 'c'"), 3},
		{"compose environment in capitals", ymlFence("compose.yml", "services:", "  app:", "    environment:", "      APP_OIDC_CLIENT_ID: 'a'", "      APP-OIDC_CLIENT_SECRET: 'b'", "      APP_OIDC_ISSUER: 'c'", "      APP_URL: 'd'"), 6},
		{"compose environment beside an x- extension", ymlFence("compose.yml", "x-flags: &f", "  APP_FLAGS: 'x'", "services:", "  app:", "    environment:", "      APP_URL: 'a'", "      APP-OIDC_CLIENT_ID: 'b'", "      APP_OIDC_SECRET: 'c'"), 8},
		{".env: env-syntax's", fenceLines(`env {title=".env"}`, "APP_OIDC_CLIENT_ID=a", "APP-OIDC_SECRET=b", "APP_ISSUER_URL=c"), 0},
		{"JSON", fenceLines(`json {title="config.json"}`, `{"client_id": "a", "client_secret": "b", "redirect-url_path": "c", "issuer_url": "d"}`), 2},
		{"TOML", fenceLines(`toml {title="config.toml"}`, "[oidc]", "client_id = 'a'", "client_secret = 'b'", "issuer-url_x = 'c'", "redirect_uri = 'd'"), 5},
		{"INI", fenceLines(`ini {title="app.ini"}`, "[oidc]", "client_id = a", "client_secret = b", "issuer-url_x = c", "redirect_uri = d"), 5},
		// Quiet: keys that mix on purpose or whose convention is unclear.
		{"siblings disagree", ymlFence("config.yaml", "oidc:", "  only-start_if_oidc: true", "  client_id: 'app'", "  client-secret: 'x'"), 0},
		{"two mixed keys", ymlFence("config.yaml", "oidc:", "  a-b_c: 1", "  d-e_f: 2", "  client_id: 'app'", "  client_secret: 'x'"), 0},
		{"one sibling only", ymlFence("config.yaml", "oidc:", "  a-b_c: 1", "  client_id: 'app'"), 0},
		{"an x- extension", ymlFence("compose.yml", "x-my_ext: &e {}", "services:", "  app:", "    container_name: 'a'", "    depends_on: []", "    stop_signal: 'x'"), 0},
		{"names the writer chose", ymlFence("compose.yml", "services:", "  some-service_1:", "    image: 'a'", "  db_main:", "    image: 'b'", "  web_proxy:", "    image: 'c'"), 0},
		{"dotted labels", ymlFence("compose.yml", "services:", "  app:", "    labels:", "      traefik.http.routers.x-y.rule: 'a'", "      traefik_enable: 'b'", "      com_example: 'c'"), 0},
		{"a command line", fenceLines("shell", "app --client_id a --client_secret b --only-start_if x"), 0},
	})
}

// TestMixedKeySeparatorMutations swaps one separator (the first, then the
// last) of each key of two or more separators in the corpus's and the
// novel guides' application files (YAML, JSON, TOML, INI, compose
// environments) whose sibling keys (two or more) all join their words
// one way, and requires a finding on the key's line; the clean guides
// give none (TestCorpus).
func TestMixedKeySeparatorMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		content := string(g.content)
		// A .env's name with '-' is no assignment at all: env-syntax
		// reports it, before this rule could.
		for _, avs := range siblingKeys(g, func(av appValue) bool { return plainWords(av.Key) }) {
			under, dash := 0, 0
			keys := map[string]bool{}
			for _, av := range avs {
				keys[av.Key] = true
			}
			for k := range keys {
				u, d := strings.Contains(k, "_"), strings.Contains(k, "-")
				switch {
				case u && d:
					under, dash = 1, 1 // a mixed key already: no convention
				case u:
					under++
				case d:
					dash++
				}
			}
			if under > 0 && dash > 0 || under+dash < 3 {
				continue
			}
			from, to := "_", "-"
			if dash > 0 {
				from, to = "-", "_"
			}
			for _, av := range avs {
				if strings.Count(av.Key, from) < 2 || strings.Count(content, av.Key) != 1 {
					continue
				}
				kv := keyValue(g.content, av)
				if kv.Text != av.Key {
					continue
				}
				for _, last := range []bool{false, true} {
					i := strings.Index(av.Key, from)
					if last {
						i = strings.LastIndex(av.Key, from)
					}
					bad := av.Key[:i] + to + av.Key[i+1:]
					line, ok := respelledKey(t, g, v, kv, bad)
					c.add(ok, fmt.Sprintf("%s:%d: %s → %s", g.name, line, av.Key, bad))
				}
			}
		}
	}
	c.check(t, "keys given both separators", 60, 0.9)
}
