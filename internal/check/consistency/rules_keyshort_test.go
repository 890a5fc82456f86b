package consistency

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestShortKeyWords covers checkShortKeyWords: each format, each place of
// the lost letter, and what it leaves alone. Every guide writes the word
// meant once more in a sentence, as guides do, unless the case says not.
func TestShortKeyWords(t *testing.T) {
	for _, c := range []struct {
		name, lang, title, body string
		prose                   string // a sentence of the guide
		want                    string // the misspelt word, "" for no finding
	}{
		{"yaml, inner letter", "yaml", "config.yaml", "auth:\n  oic:\n    enabled: true\n", "Configure `oidc` here.", "oic"},
		{"yaml list item", "yaml", "config.yaml", "providers:\n  - tye: 'oidc'\n    name: 'Authelia'\n", "Set the type of the provider.", "tye"},
		{"four letters", "yaml", "config.yaml", "vars:\n  - name: 'A'\n    vaue: 'x'\n", "The value is read.", "vaue"},
		{".env, inside the key", "env", ".env", "APP_OIC_ENABLED=true\nAPP_NAME=x\n", "Enable `oidc`.", "OIC"},
		{".env, first letter inside the key", "env", ".env", "CONCOURSE_IDC_ISSUER=https://auth.example.com\nCONCOURSE_OIDC_CLIENT_ID=x\n", "", "IDC"},
		{"json, last letter of a hump", "json", "config.json", "{\n  \"admiUser\": \"x\",\n  \"adminGroup\": \"y\"\n}\n", "", "admi"},
		{"json, last letter of the key's last hump", "json", "config.json", "{\n  \"userAdmi\": \"x\",\n  \"adminGroup\": \"y\"\n}\n", "", ""},
		{"yaml, last letter inside the key", "yaml", "config.yaml", "app:\n  default_admi_user: x\n  admin_group: y\n", "", "admi"},
		{"ini, dotted key", "ini", "app.ini", "[oidc]\nsecurity.user.oidc.laim.user=email\nsecurity.user.oidc.claim.groups=groups\n", "", "laim"},
		{"toml", "toml", "config.toml", "[auth]\nroes_claim = 'groups'\n", "The roles come from the groups claim.", "roes"},

		// Left alone.
		{"the word meant written nowhere else", "yaml", "config.yaml", "auth:\n  - tye: oidc\n", "", ""},
		{"a word meant that is no word of settings", "yaml", "config.yaml", "app:\n  frb_mode: x\n", "The frob is set.", ""},
		{"an abbreviation", "yaml", "config.yaml", "app:\n  tmp_dir: /tmp\n  usr_name: x\n", "The temp folder of the user.", ""},
		{"min and max", "json", "config.json", "{\n  \"minLength\": 3,\n  \"maxLength\": 9\n}\n", "The main length.", ""},
		{"a word of keys", "yaml", "config.yaml", "app:\n  key_type: x\n", "The keys.", ""},
		{"the first letter at the key's start", "yaml", "config.yaml", "uth:\n  enabled: true\n", "Enable auth.", ""},
		{"the first letter, the word meant in no key", "env", ".env", "APP_UTH_MODE=x\n", "Enable auth.", ""},
		{"written twice", "yaml", "config.yaml", "app:\n  oic: x\n  oic_mode: y\n", "Configure `oidc`.", ""},
		{"two words meant", "yaml", "config.yaml", "app:\n  rle: x\n", "The role and the rule.", ""},
		{"a service's name", "yaml", "compose.yml", "services:\n  oic:\n    image: 'x'\n", "Configure `oidc`.", ""},
		{"authelia's configuration", "yaml", "configuration.yml", "identity_providers:\n  oic:\n    clients: []\n", "Configure `oidc`.", ""},
	} {
		var f fixture
		f.code(c.lang, c.title, c.body)
		if c.prose != "" {
			f.heading("Application")
			f.codeItem(c.prose)
		}
		var want []string
		if c.want != "" {
			want = []string{f.at(c.want)}
		}
		if got := keyWordTypos(t, &f); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v\n%s", c.name, got, want, numbered(f.content))
		}
	}
}

// TestShortKeyWordsMutation drops each inner letter of short words of
// configWords in keys of several formats, the word first, inside or last
// in the key, with the word written once more in the guide, and wants
// the misspelt word found where only one word of configWords and the
// guide is meant; and no finding for the key spelt right.
func TestShortKeyWordsMutation(t *testing.T) {
	formats := []struct {
		lang, title string
		render      func(key string) string
	}{
		{"yaml", "config.yaml", func(k string) string { return "app:\n  " + k + ": x\n" }},
		{"env", ".env", func(k string) string { return strings.ToUpper(k) + "=x\n" }},
		{"json", "config.json", func(k string) string { return "{\n  \"" + k + "\": \"x\"\n}\n" }},
		{"ini", "app.ini", func(k string) string { return "[app]\n" + k + " = x\n" }},
	}
	words := []string{"auth", "oidc", "type", "name", "role", "user", "host", "port", "mode", "claim", "scope", "value", "alias", "group", "token", "admin", "label"}
	applied, found := 0, 0
	for _, w := range words {
		for at := 1; at < len(w)-1; at++ {
			bad := w[:at] + w[at+1:]
			if knownKeyWord([]byte(bad)) || shortAbbrevs[bad] || len(bad) < minShortKeyWord {
				continue
			}
			for _, key := range []string{bad + "_url", "app_" + bad + "_id", "app_" + bad} {
				for _, fm := range formats {
					var f fixture
					f.code(fm.lang, fm.title, fm.render(key))
					f.heading("Application")
					f.codeItem(fmt.Sprintf("Set the %s here.", w))
					got := keyWordTypos(t, &f)
					if len(got) == 0 && slices.ContainsFunc(f.run(t, nil), func(s string) bool { return strings.HasSuffix(s, "consistency-key-spelling") }) {
						got = []string{"- " + bad} // an OpenID Connect setting's word: keyspell's finding
					}
					applied++
					if len(got) == 1 && strings.EqualFold(strings.Fields(got[0])[1], bad) {
						found++
					} else if len(got) == 0 && testing.Verbose() {
						t.Logf("missed %s in %s (%s)", bad, key, fm.lang)
					} else if len(got) > 1 {
						t.Errorf("%s in %s (%s): %v", bad, key, fm.lang, got)
					}
					var r fixture
					r.code(fm.lang, fm.title, fm.render(strings.Replace(key, bad, w, 1)))
					r.heading("Application")
					r.codeItem(fmt.Sprintf("Set the %s here.", w))
					if got := keyWordTypos(t, &r); len(got) != 0 {
						t.Errorf("%s spelt right in %s (%s): %v", w, key, fm.lang, got)
					}
				}
			}
		}
	}
	t.Logf("found %d of %d", found, applied)
	if applied < 200 || found*100 < applied*90 {
		t.Errorf("found %d of %d mutants, want 90 %%", found, applied)
	}
}
