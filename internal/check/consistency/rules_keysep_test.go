package consistency

import (
	"fmt"
	"strings"
	"testing"
)

func TestKeySeparators(t *testing.T) {
	wantLines(t, "consistency-key-separator", []lineCase{
		{"a dash among underscores", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  client-secret: 'x'", "  issuer_url: 'https://auth.example.com'", "  redirect_url: 'https://app.example.com/cb'"), 4},
		{"an underscore among dashes", ymlFence("config.yml", "csp:", "  script-src: 'self'", "  style-src: 'self'", "  object_src: 'none'", "  img-src: 'self'"), 5},
		{"both in one key", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  only-start_if_oidc_is_available: true", "  issuer_url: 'https://auth.example.com'", "  redirect_url: 'https://app.example.com/cb'"), 4},
		{"all alike", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  client_secret: 'x'", "  issuer_url: 'https://auth.example.com'"), 0},
		{"two agree, and the odd key is the twin of one", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  client-secret: 'x'", "  issuer_url: 'https://auth.example.com'"), 4},
		{"two dashes agree, the twin in underscores", ymlFence("config.yml", "oidc:", "  client-id: 'app'", "  issuer-url: 'https://auth.example.com'", "  client_secret: 'x'"), 5},
		{"a twin in JSON", "```json {title=\"config.json\"}\n{\"oidc\": {\"client_id\": \"app\", \"client-secret\": \"x\", \"issuer_url\": \"https://a\"}}\n```\n", 2},
		{"too few siblings agree, no twin", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  token-url: 'x'", "  issuer_url: 'https://auth.example.com'"), 0},
		{"a twin alone is no convention", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  client-secret: 'x'", "  issuer: 'https://auth.example.com'"), 0},
		{"a one-letter first word is no twin", ymlFence("config.yml", "m:", "  x_id: 'app'", "  x-secret: 'x'", "  issuer_url: 'https://auth.example.com'"), 0},
		{"two odd keys: a convention of its own", ymlFence("config.yml", "oidc:", "  client_id: 'app'", "  client-secret: 'x'", "  issuer-url: 'https://auth.example.com'", "  redirect_url: 'https://app.example.com/cb'", "  scope_list: 'openid'"), 0},
		{"siblings in other mappings do not count", ymlFence("config.yml", "a:", "  client_id: 'app'", "  issuer_url: 'x'", "  redirect_url: 'y'", "b:", "  client-secret: 'x'"), 0},
		{"keys the writer names", ymlFence("compose.yml", "services:", "  my_app:", "    image: 'a'", "  my_db:", "    image: 'b'", "  my_cache:", "    image: 'c'", "  web-proxy:", "    image: 'd'"), 0},
		{"a command line's flags", "```shell\napp --client_id app --issuer_url x --redirect_url y --client-secret z\n```\n", 0},
		{"JSON", "```json {title=\"config.json\"}\n{\"oidc\": {\"client_id\": \"app\", \"client-secret\": \"x\", \"issuer_url\": \"https://a\", \"redirect_url\": \"https://b\"}}\n```\n", 2},
	})
}

// TestKeySeparatorMutations swaps, one at a time, the separator of each
// key of the corpus's and the novel guides' application mappings (files
// of keys: mappingFile) whose
// siblings (four or more) all join their words one way, and requires a
// finding on the key's line; the clean guides give none (TestCorpus).
func TestKeySeparatorMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		content := string(g.content)
		for _, avs := range siblingKeys(g, func(av appValue) bool { return !upperName(av.Key) }) {
			under, dash, mixed := 0, 0, 0
			keys := map[string]bool{}
			for _, av := range avs {
				keys[av.Key] = true
			}
			for k := range keys {
				u, d := strings.Contains(k, "_"), strings.Contains(k, "-")
				switch {
				case u && !d:
					under++
				case d && !u:
					dash++
				case u && d:
					mixed++
				}
			}
			// Three keys of one convention: only a twin's mutation is
			// told (client_id, client_secret, issuer_url).
			twins := under+dash == 3 && mixed == 0 && (under == 0 || dash == 0)
			if !twins && (len(keys) < 4 || under > 0 && dash > 0 || under+dash < 4) {
				continue
			}
			for _, av := range avs {
				from, to := "_", "-"
				if dash > 0 {
					from, to = "-", "_"
				}
				if !strings.Contains(av.Key, from) || strings.Count(content, av.Key) != 1 {
					continue
				}
				if twins && !twinOf(keys, av.Key, from) {
					continue
				}
				kv := keyValue(g.content, av)
				if kv.Text != av.Key {
					continue
				}
				bad := strings.Replace(av.Key, from, to, 1)
				line, ok := respelledKey(t, g, v, kv, bad)
				c.add(ok, fmt.Sprintf("%s:%d: %s → %s", g.name, line, av.Key, bad))
			}
		}
	}
	c.check(t, "keys given the other separator", 30, 0.9)
}

// twinOf reports whether another key of keys starts with key's first word
// (of two letters or more) followed by sep.
func twinOf(keys map[string]bool, key, sep string) bool {
	first, _, ok := strings.Cut(key, sep)
	if !ok || len(first) < 2 {
		return false
	}
	for k := range keys {
		if k != key && strings.HasPrefix(strings.ToLower(k), strings.ToLower(first)+sep) {
			return true
		}
	}
	return false
}
