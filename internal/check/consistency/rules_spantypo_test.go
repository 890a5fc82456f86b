package consistency

import (
	"fmt"
	"slices"
	"testing"
)

func TestSpanTypos(t *testing.T) {
	for _, c := range []struct {
		name, item string
		want       []string // line:col of consistency-span-typo
	}{
		{"a group misspelt", "Map the `argocd-dmins` group to the admin role.", []string{"9:12"}},
		{"a key misspelt", "JSON path to the token: `access_oken`", []string{"9:28"}},
		{"spelt right", "Map the `argocd-admins` group.", nil},
		{"a word of its own", "Map the `argocd-admins2` group.", nil},
		{"a letter doubled", "Map the `argocd-addmins` group.", []string{"9:12"}},
		{"short", "Use `acess` here.", nil},
		{"two names one slip apart, each once", "Prefixes `authelia_at_` and `authelia_ac_`.", nil},
		{"the snippet's file misspelt", "Save it as `confg.yaml` and restart.", []string{"9:15"}},
		{"the snippet's file spelt right", "Save it as `config.yaml` and restart.", nil},
		{"another file", "Save it as `secrets.yaml` and restart.", nil},
	} {
		var f fixture
		f.code("yaml", "config.yaml", "oidc:\n  admin_group: 'argocd-admins'\n  token_key: 'access_token'\n")
		f.heading("Application")
		f.codeItem(c.item)
		if got := spanTypos(t, &f); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v\n%s", c.name, got, c.want, numbered(f.content))
		}
	}
}

func TestKeyTypos(t *testing.T) {
	for _, c := range []struct {
		name, ini string
		want      []string
	}{
		{"a key misspelt, the sentence spells it", "[auth.generic_oauth]\nrole_attrbute_path = groups\nname = x\n", []string{"17:1"}},
		{"spelt right", "[auth.generic_oauth]\nrole_attribute_path = groups\nname = x\n", nil},
		{"another format's spelling", "[auth.generic_oauth]\nroleattributepath = groups\nname = x\n", nil},
	} {
		var f fixture
		f.assumptions(appRoot, authRoot, "app", "")
		f.code("yaml", "configuration.yml", clientYAML("app", "", "https://app.example.com/cb"))
		f.code("ini", "grafana.ini", c.ini)
		f.heading("Application")
		f.codeItem("Omit the `role_attribute_path` option to keep the default role.")
		f.codeItem("See the `role_attribute_path` documentation.")
		if got := spanTypos(t, &f); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v\n%s", c.name, got, c.want, numbered(f.content))
		}
	}
}

// spanTypos returns the line:col of each consistency-span-typo of f.
func spanTypos(t *testing.T, f *fixture) []string {
	t.Helper()
	var got []string
	for _, d := range f.diags(t, nil, nil) {
		if d.Code == "consistency-span-typo" {
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d", p.Line, p.Column))
		}
	}
	return got
}
