package consistency

import "testing"

func TestIndexedKey(t *testing.T) {
	for _, c := range []struct {
		line, key string
		ok        bool
	}{
		{"$config['oauth_client_id'] = 'roundcube';", "oauth_client_id", true},
		{"gitlab_rails['omniauth_enabled'] = true", "omniauth_enabled", true},
		{`settings["OIDC_CLIENT_ID"] = "app"`, "OIDC_CLIENT_ID", true},
		{"$CONFIG['a']['client_id'] = 'x';", "client_id", true},
		{"if ($config['x'] == 'y') {", "", false},
		{"$config['x'] => 'y',", "", false},
		{"$config[$k] = 'y';", "", false},
		{"client_id = 'x'", "", false},
	} {
		k, _, ok := indexedKey(c.line, 0)
		if k != c.key || ok != c.ok {
			t.Errorf("indexedKey(%q) = %q, %v; want %q, %v", c.line, k, ok, c.key, c.ok)
		}
	}
}
