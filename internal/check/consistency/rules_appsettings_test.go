package consistency

import (
	"fmt"
	"strings"
	"testing"
)

// appSetting is one setting of an application's OIDC configuration, with
// the role it plays (-1: none).
type appSetting struct {
	role       role
	key, value string
}

// appSettings are the settings the generated guides write: the three roles
// and two settings of no role.
var appSettings = []appSetting{
	{-1, "display_name", "Authelia"},
	{roleIssuer, "issuer_url", "https://auth.example.com"},
	{roleID, "client_id", "app"},
	{roleSecret, "client_secret", "insecure_secret"},
	{-1, "scopes", "openid profile email"},
}

// appFormats render settings as the snippet of one format: its language,
// its title and its body.
var appFormats = map[string]func([]appSetting) (lang, title, body string){
	"env": func(ss []appSetting) (string, string, string) {
		var b strings.Builder
		for _, s := range ss {
			fmt.Fprintf(&b, "OIDC_%s=%s\n", strings.ToUpper(s.key), s.value)
		}
		return "shell", ".env", b.String()
	},
	"shell": func(ss []appSetting) (string, string, string) {
		b := strings.Builder{}
		b.WriteString("app serve")
		for _, s := range ss {
			fmt.Fprintf(&b, " --oidc-%s=%s", strings.ReplaceAll(s.key, "_", "-"), s.value)
		}
		return "shell", "", b.String() + "\n"
	},
	"compose": func(ss []appSetting) (string, string, string) {
		b := strings.Builder{}
		b.WriteString("services:\n  app:\n    image: 'app'\n    environment:\n")
		for _, s := range ss {
			fmt.Fprintf(&b, "      OIDC_%s: '%s'\n", strings.ToUpper(s.key), s.value)
		}
		return "yaml", "compose.yml", b.String()
	},
	"yaml": func(ss []appSetting) (string, string, string) {
		b := strings.Builder{}
		b.WriteString("oidc:\n")
		for _, s := range ss {
			fmt.Fprintf(&b, "  %s: '%s'\n", s.key, s.value)
		}
		return "yaml", "config.yml", b.String()
	},
	"ini": func(ss []appSetting) (string, string, string) {
		b := strings.Builder{}
		b.WriteString("[auth.oidc]\n")
		for _, s := range ss {
			fmt.Fprintf(&b, "%s = %s\n", s.key, s.value)
		}
		return "ini", "app.ini", b.String()
	},
	"toml": func(ss []appSetting) (string, string, string) {
		b := strings.Builder{}
		b.WriteString("[oidc]\n")
		for _, s := range ss {
			fmt.Fprintf(&b, "%s = \"%s\"\n", s.key, s.value)
		}
		return "toml", "config.toml", b.String()
	},
	"json": func(ss []appSetting) (string, string, string) {
		var kv []string
		for _, s := range ss {
			kv = append(kv, fmt.Sprintf("    %q: %q", toCamel(s.key), s.value))
		}
		return "json", "config.json", "{\n  \"oidc\": {\n" + strings.Join(kv, ",\n") + "\n  }\n}\n"
	},
}

// toCamel writes snake_case as camelCase (client_id: clientId).
func toCamel(k string) string {
	parts := strings.Split(k, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// without returns the settings but those of role rl.
func without(ss []appSetting, rl role) []appSetting {
	var out []appSetting
	for _, s := range ss {
		if s.role != rl || rl < 0 {
			out = append(out, s)
		}
	}
	return out
}

// appGuide builds a guide with an Authelia client (public or not) and the
// application's snippets, each in the format given and with its settings.
func appGuide(public bool, snippets ...any) *fixture {
	f := &fixture{}
	f.assumptions(appRoot, authRoot, "app", "insecure_secret")
	f.heading("Authelia")
	cfg := clientYAML("app", digestOfInsecure, "https://app.example.com/callback")
	if public {
		cfg = clientYAML("app", "", "https://app.example.com/callback") + "        public: true\n        token_endpoint_auth_method: 'none'\n"
	}
	f.code("yaml", "configuration.yml", cfg)
	f.heading("Application")
	for i := 0; i+1 < len(snippets); i += 2 {
		lang, title, body := appFormats[snippets[i].(string)](snippets[i+1].([]appSetting))
		f.code(lang, title, body)
	}
	return f
}

// countCode counts the findings of code among got ("line:col code").
func countCode(got []string, code string) int {
	n := 0
	for _, g := range got {
		if strings.HasSuffix(g, " "+code) {
			n++
		}
	}
	return n
}

func TestAppSettingMissing(t *testing.T) {
	const code = "consistency-app-setting-missing"
	type tc struct {
		name string
		f    *fixture
		want int
	}
	var cases []tc
	for format := range appFormats {
		if format == "shell" {
			continue // a command line is no group of settings
		}
		cases = append(cases, tc{format + " complete", appGuide(false, format, appSettings), 0})
		for rl := range numRoles {
			cases = append(cases, tc{fmt.Sprintf("%s without the %s", format, roleNames[rl]), appGuide(false, format, without(appSettings, role(rl))), 1})
		}
		// A public client needs no secret.
		cases = append(cases, tc{format + " public client without a secret", appGuide(true, format, without(appSettings, roleSecret)), 0})
		// An excerpt: two keys are no whole configuration.
		cases = append(cases, tc{format + " excerpt", appGuide(false, format, []appSetting{appSettings[1], appSettings[2]}), 0})
	}
	ini, secretFile := without(appSettings, roleSecret), appSetting{-1, "client_secret_file", "/run/secrets/oidc"}
	cases = append(cases,
		tc{"secret file", appGuide(false, "env", append(ini, secretFile)), 0},
		tc{"secret in a second snippet", appGuide(false, "yaml", without(appSettings, roleSecret), "env", []appSetting{appSettings[3]}), 0},
		tc{"issuer on a command line", appGuide(false, "yaml", without(appSettings, roleIssuer), "shell", []appSetting{{roleIssuer, "issuer", "https://auth.example.com"}}), 0},
		tc{"empty client id is another rule's", appGuide(false, "env", append(without(appSettings, roleID), appSetting{roleID, "client_id", ""})), 0},
		tc{"a second snippet of all the settings sets it", appGuide(false, "ini", without(appSettings, roleID), "env", appSettings), 0},
		tc{"gui only", appGuide(false, "env", []appSetting{{-1, "log_level", "debug"}, {-1, "port", "8080"}, {-1, "host", "0.0.0.0"}}), 0},
		tc{"another provider's settings", appGuide(false, "yaml", []appSetting{{roleIssuer, "issuer_url", "https://login.other.org"}, {roleID, "client_id", "other"}, {-1, "scopes", "openid"}}), 0},
	)
	// The secret kept apart, in a Kubernetes Secret: the settings of one
	// role still lack the third, which nothing sets.
	apart := func(settings string) *fixture {
		f := appGuide(false)
		f.code("yaml", "values.yaml", settings)
		f.code("yaml", "secret.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  oidc-client-secret: 'insecure_secret'\n")
		return f
	}
	cases = append(cases,
		tc{"secret apart, issuer missing", apart("auth:\n  openid:\n    client_id: 'app'\n    scopes: 'openid'\n    username_claim: 'email'\n"), 1},
		tc{"secret apart, issuer set", apart("auth:\n  openid:\n    client_id: 'app'\n    issuer_uri: 'https://auth.example.com'\n    username_claim: 'email'\n"), 0},
		tc{"secret apart, no OpenID Connect context", apart("app:\n  client_id: 'app'\n  scopes: 'openid'\n  username_claim: 'email'\n"), 0},
	)
	// A Kubernetes env entry read from a Secret sets the variable.
	k8s := appGuide(false)
	k8s.code("yaml", "deployment.yml", "spec:\n  containers:\n    - name: 'app'\n      env:\n        - name: 'OIDC_ISSUER'\n          value: 'https://auth.example.com'\n"+
		"        - name: 'OIDC_CLIENT_ID'\n          value: 'app'\n        - name: 'OIDC_SCOPES'\n          value: 'openid'\n"+
		"        - name: 'OIDC_CLIENT_SECRET'\n          valueFrom:\n            secretKeyRef:\n              name: 'app-oidc'\n              key: 'OIDC_CLIENT_SECRET'\n")
	cases = append(cases, tc{"secret from a secretKeyRef", k8s, 0})
	for _, c := range cases {
		got := c.f.run(t, nil)
		if n := countCode(got, code); n != c.want {
			t.Errorf("%s: %d findings, want %d: %v\n%s", c.name, n, c.want, got, c.f.content)
		}
	}
}

// FuzzAppSettingMissing runs the checker over an application snippet of
// any text beside a client: writtenRole's line scan and the groups must
// never panic.
func FuzzAppSettingMissing(f *testing.F) {
	f.Add("ini", "[oidc]\nclient_id = app\nissuer = https://auth.example.com\nscopes = openid\n")
	f.Add("shell", "app --oidc-client-secret=x \"'-- =\n# client_id: app\n")
	f.Add("yaml", "oidc:\n  clientID: 'app'\n  clientSecret:\n  - '\n")
	f.Fuzz(func(t *testing.T, lang, body string) {
		g := &fixture{}
		g.assumptions(appRoot, authRoot, "app", "insecure_secret")
		g.code("yaml", "configuration.yml", clientYAML("app", digestOfInsecure))
		g.code(lang, "", body)
		g.diags(t, nil, nil)
	})
}
