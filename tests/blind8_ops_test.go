package tests

import "testing"

// TestBlind8Ops pins the writer's slips the blind8 battery makes, so a
// kind's name says what its mutants are.
func TestBlind8Ops(t *testing.T) {
	for _, c := range []struct {
		name string
		op   func(string) (string, bool)
		in   string
		want string
		ok   bool
	}{
		{"case lower to title", b8Case, "grafana", "Grafana", true},
		{"case mixed to lower", b8Case, "Wikijs", "wikijs", true},
		{"case no letter", b8Case, "1234", "", false},
		{"drop middle letter", b8Drop, "grafana", "graana", true},
		{"drop too short", b8Drop, "abc", "", false},
		{"double middle letter", b8Double, "grafana", "grafana"[:4] + "f" + "ana", true},
		{"swap around middle", b8Swap, "grafana", "grfaana", true},
		{"suffix", b8Suffix, "grafana", "grafana-app", true},
		{"http", b8HTTP, "https://a.example.com/cb", "http://a.example.com/cb", true},
		{"http needs https", b8HTTP, "http://a.example.com/cb", "", false},
		{"port added", b8Port, "https://a.example.com/cb", "https://a.example.com:8443/cb", true},
		{"port changed", b8Port, "https://a.example.com:9000/cb", "https://a.example.com:8443/cb", true},
		{"first segment dropped", b8SegDropped, "https://a.example.com/api/oidc/callback", "https://a.example.com/oidc/callback", true},
		{"one segment kept", b8SegDropped, "https://a.example.com/callback", "", false},
		{"slash added", b8Slash, "https://a.example.com/cb", "https://a.example.com/cb/", true},
		{"slash removed", b8Slash, "https://a.example.com/", "https://a.example.com", true},
		{"slash with query", b8Slash, "https://a.example.com/cb?x=1", "", false},
		{"path case", b8PathCase, "https://a.example.com/oauth2/callback", "https://a.example.com/oauth2/Callback", true},
		{"host letter", b8HostDrop, "https://auth.example.com/api", "https://auh.example.com/api", true},
		{"other enum", b8Other(map[string]string{"S256": "plain"}), "S256", "plain", true},
		{"false", b8False, "True", "False", true},
	} {
		got, ok := c.op(c.in)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%s: %q -> %q, %v; want %q, %v", c.name, c.in, got, ok, c.want, c.ok)
		}
	}
}
