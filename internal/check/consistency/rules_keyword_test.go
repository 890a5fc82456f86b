package consistency

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// keyWordTypos returns "line:col word" of each consistency-key-word-typo
// of f.
func keyWordTypos(t *testing.T, f *fixture) []string {
	t.Helper()
	var got []string
	for _, d := range f.diags(t, nil, nil) {
		if d.Code == "consistency-key-word-typo" {
			p := d.Start()
			got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, f.content[d.Span.Start:d.Span.End]))
		}
	}
	return got
}

// at returns "line:col word" for the first occurrence of word in f's
// content (the tests write each misspelt word once).
func (f *fixture) at(word string) string {
	i := bytes.Index(f.content, []byte(word))
	if i < 0 {
		return "missing " + word
	}
	line := 1 + bytes.Count(f.content[:i], []byte("\n"))
	col := i - bytes.LastIndexByte(f.content[:i], '\n')
	return fmt.Sprintf("%d:%d %s", line, col, word)
}

func TestKeyWordTypos(t *testing.T) {
	for _, c := range []struct {
		name, lang, title, body string
		want                    string // the misspelt word, "" for no finding
	}{
		// Each format, each slip.
		{"yaml, a letter dropped at a word's head", "yaml", "config.yaml", "app:\n  server_ostname: 'https://x.example.com'\n", "ostname"},
		{"yaml mapping, a letter doubled", "yaml", "config.yaml", "securrity:\n  enabled: true\n", "securrity"},
		{"yaml, two letters swapped", "yaml", "config.yaml", "oidc:\n  enbaled: true\n", "enbaled"},
		{"yaml list key, a letter dropped", "yaml", "config.yaml", "attribute_rquirements:\n  - attribute: groups\n", "rquirements"},
		{"json mapping, camel case, swapped", "json", "config.json", "{\n  \"opneId\": {\n    \"issuer\": \"https://auth.example.com\"\n  }\n}\n", "opne"},
		{"json, a letter dropped", "json", "config.json", "{\n  \"Enale\": true,\n  \"Id\": \"app\"\n}\n", "Enale"},
		{"json, a capital doubled at a hump", "json", "config.json", "{\n  \"clientSSecret\": \"x\"\n}\n", "SSecret"},
		{"json, two words run together, one misspelt", "json", "config.json", "{\n  \"accessontrol\": {\n    \"enabled\": true\n  }\n}\n", "accessontrol"},
		{"json, swapped across the joint", "json", "config.json", "{\n  \"clienstecret\": \"x\"\n}\n", "clienstecret"},
		{".env, a letter dropped", "env", ".env", "ENABLE_FEATUE_AUTH_OIDC=true\n", "FEATUE"},
		{".env, two letters swapped", "env", ".env", "OAUTH_PRVOIDER_NAME=Authelia\n", "PRVOIDER"},
		{"compose environment", "yaml", "compose.yml", "services:\n  app:\n    environment:\n      APP_DISPALY_NAME: 'Authelia'\n", "DISPALY"},
		{"ini", "ini", "app.ini", "[auth]\nauto_loign = true\n", "loign"},
		{"toml", "toml", "config.toml", "[oidc]\nassume_emial_verified = false\n", "emial"},
		{"properties", "properties", "application.properties", "spring.security.oauth2.client.registration.authelia.client-nmae=Authelia\n", "nmae"},
		{"python", "python", "settings.py", "SOCIAL_AUTH_OIDC_BUTON_TEXT = 'Authelia'\n", "BUTON"},
		{"php", "php", "config.php", "<?php\n$CONFIG = array(\n  'oidc_login_buton_text' => 'Authelia',\n);\n", "buton"},
		{"four letters swapped", "yaml", "config.yaml", "auth:\n  - tpye: oidc\n", "tpye"},

		// Left alone.
		{"three letters", "yaml", "config.yaml", "auth:\n  - tye: oidc\n", ""},
		{"four letters, one dropped", "yaml", "config.yaml", "admiUser:\n  create: false\n", ""},
		{"a digit", "yaml", "config.yaml", "app:\n  sever2_url: x\n", ""},
		{"a word settings use", "yaml", "config.yaml", "app:\n  server_hostname: x\n", ""},
		{"an inflection", "yaml", "config.yaml", "app:\n  timeouts: 3\n", ""},
		{"a singular", "yaml", "config.yaml", "app:\n  asset_path: x\n", ""},
		{"no singular", "json", "config.json", "{\n  \"accesCsontrol\": {\n    \"x\": 1\n  }\n}\n", "acces"},
		{"no plural", "yaml", "config.yaml", "app:\n  usernam_claim: x\n", "usernam"},
		{"a word near another", "yaml", "config.yaml", "app:\n  form_post: true\n", ""},
		{"two words run together", "json", "config.json", "{\n  \"providername\": \"x\"\n}\n", ""},
		{"the key's first letter dropped", "yaml", "config.yaml", "app:\n  erver_url: x\n", ""},
		{"the key's last letter doubled", "yaml", "config.yaml", "app:\n  app_serverr: x\n", ""},
		{"an acronym's capitals", "json", "config.json", "{\n  \"XXSSecret\": \"x\"\n}\n", ""},
		{"a name the guide writes twice", "yaml", "config.yaml", "app:\n  secuity_mode: x\n  secuity_level: y\n", ""},
		{"a service's name", "yaml", "compose.yml", "services:\n  securrity:\n    image: 'x'\n", ""},
		{"authelia's configuration", "yaml", "configuration.yml", "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'app'\n        client_nmae: 'App'\n", ""},
		{"a key a shortcode writes", "yaml", "config.yaml", "app:\n  {{< sitevar name=\"k\" nojs=\"securrity\" >}}: true\n", ""},
	} {
		var f fixture
		f.code(c.lang, c.title, c.body)
		var want []string
		if c.want != "" {
			want = []string{f.at(c.want)}
		}
		if got := keyWordTypos(t, &f); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v\n%s", c.name, got, want, numbered(f.content))
		}
	}
}

// TestKeyWordTyposOwnWords: a word of the application's own, which no
// vocabulary knows, misspelt where the guide writes it right twice.
func TestKeyWordTyposOwnWords(t *testing.T) {
	for _, c := range []struct {
		name, key string
		want      string
	}{
		{"misspelt", "frobincator_mode", "frobincator"},
		{"spelt right", "frobnicator_mode", ""},
		{"the right word written once", "frobincator_mode", ""},
	} {
		var f fixture
		f.code("yaml", "config.yaml", "app:\n  "+c.key+": strict\n")
		f.heading("Application")
		f.codeItem("Set the `frobnicator` mode.")
		if c.name != "the right word written once" {
			f.codeItem("The frobnicator is strict by default.")
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

// TestKeyWordTyposReported: a key another rule reports (a misspelt word of
// OpenID Connect) gets that finding alone.
func TestKeyWordTyposReported(t *testing.T) {
	var f fixture
	f.code("env", ".env", "APP_CLINET_ID=app\n")
	got := f.run(t, nil)
	if slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, "consistency-key-word-typo") }) ||
		!slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, "consistency-key-spelling") }) {
		t.Errorf("got %v, want consistency-key-spelling alone", got)
	}
}

// TestKeyWordTyposMutation varies the slip (dropped, doubled, swapped),
// its place in the word, the word of the key (first, middle, last) and
// the format, and wants one finding on the misspelt word each time, and
// none for the key spelt right.
func TestKeyWordTyposMutation(t *testing.T) {
	type format struct {
		lang, title string
		render      func(words []string) string // the key
		body        func(key string) string
	}
	snake := func(ws []string) string { return strings.Join(ws, "_") }
	formats := []format{
		{"yaml", "config.yaml", snake, func(k string) string { return "app:\n  " + k + ": 'x'\n" }},
		{"json", "config.json", func(ws []string) string {
			k := ws[0]
			for _, w := range ws[1:] {
				k += strings.ToUpper(w[:1]) + w[1:]
			}
			return k
		}, func(k string) string { return "{\n  \"app\": {\n    \"" + k + "\": \"x\"\n  }\n}\n" }},
		{"env", ".env", func(ws []string) string { return "APP_" + strings.ToUpper(snake(ws)) }, func(k string) string { return k + "=x\n" }},
		{"ini", "app.ini", snake, func(k string) string { return "[app]\n" + k + " = x\n" }},
		{"toml", "config.toml", snake, func(k string) string { return "[app]\n" + k + " = \"x\"\n" }},
	}
	slips := map[string]func(w string, i int) string{
		"dropped": func(w string, i int) string { return w[:i] + w[i+1:] },
		"doubled": func(w string, i int) string { return w[:i+1] + w[i:] },
		"swapped": func(w string, i int) string { return w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:] },
	}
	keys := [][]string{{"session", "cookie", "domain"}, {"display", "template", "button"}}
	n := 0
	for _, fm := range formats {
		for _, words := range keys {
			var clean fixture
			clean.code(fm.lang, fm.title, fm.body(fm.render(words)))
			if got := keyWordTypos(t, &clean); len(got) > 0 {
				t.Errorf("%s %v spelt right: got %v", fm.lang, words, got)
			}
			for wi := range words {
				for name, slip := range slips {
					// Inside the word: its first and last letters are
					// the key's own or a hump's (see the unit tests).
					for i := 1; i+2 < len(words[wi]); i++ {
						mw := slip(words[wi], i)
						if mw == words[wi] {
							continue
						}
						ws := slices.Clone(words)
						ws[wi] = mw
						key := fm.render(ws)
						var f fixture
						f.code(fm.lang, fm.title, fm.body(key))
						// The word as the format writes it.
						var small [16]wordSpan
						kw := keyWords(key, small[:0])
						if fm.lang == "env" {
							kw = kw[1:]
						}
						bad := key[kw[wi].start:kw[wi].end]
						want := []string{shiftWord(f.at(key), kw[wi].start, bad)}
						n++
						if got := keyWordTypos(t, &f); !slices.Equal(got, want) {
							t.Errorf("%s, %s at %d of %q (%s): got %v, want %v", fm.lang, name, i, words[wi], key, got, want)
						}
					}
				}
			}
		}
	}
	if n < 300 {
		t.Errorf("only %d mutants", n)
	}
	t.Logf("%d mutants", n)
}

// shiftWord turns "line:col key" into "line:col+off word".
func shiftWord(at string, off int, word string) string {
	var line, col int
	fmt.Sscanf(at, "%d:%d", &line, &col)
	return fmt.Sprintf("%d:%d %s", line, col+off, word)
}

// FuzzKeyWords: splitting any text into a key's words never panics and
// yields non-empty words of letters and digits.
func FuzzKeyWords(f *testing.F) {
	for _, s := range []string{"server_ostname", "opneId", "clientSSecret", "A", "", "__", "x.y-z", "ÄbcDef"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		eachKeyWord(s, 1, func(w string) {
			if w == "" || strings.IndexFunc(w, func(r rune) bool { return !(r < 128 && isAlnum(byte(r))) }) >= 0 {
				t.Fatalf("word %q of %q", w, s)
			}
		})
		var small [16]wordSpan
		for _, w := range keyWords(s, small[:0]) {
			mendKeyWord(s, w)
		}
		var buf [maxKeyWord]byte
		if len(s) <= maxKeyWord {
			mendCompound(lowerInto(buf[:0], s), true, true)
		}
	})
}

// TestConfigWords: the vocabulary is sorted, in lower-case letters, once
// each, and no word of it is also listed as a real word near one.
func TestConfigWords(t *testing.T) {
	if !slices.IsSorted(configWords) {
		t.Error("configWords is not sorted")
	}
	for i, w := range configWords {
		if strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") != "" || len(w) > maxKeyWord {
			t.Errorf("configWords: %q is not a lower-case word", w)
		}
		if i > 0 && configWords[i-1] == w {
			t.Errorf("configWords: %q twice", w)
		}
		if legitKeyWords[w] {
			t.Errorf("%q is in configWords and legitKeyWords", w)
		}
	}
	if len(configWords) < 300 {
		t.Errorf("configWords has %d words", len(configWords))
	}
}

// TestKeyWordKnown: the real words near settings' words that keys hold.
func TestKeyWordKnown(t *testing.T) {
	for _, c := range []struct {
		word  string
		known bool
	}{
		{"timeouts", true}, {"asset", true}, {"handle", true}, {"provides", true}, {"expire", true},
		{"shard", true}, {"provided", true}, {"acces", false}, {"usernam", false}, {"secuity", false}, {"useer", false}, {"provideer", false},
	} {
		if got := knownKeyWord([]byte(c.word)); got != c.known {
			t.Errorf("knownKeyWord(%q) = %v, want %v", c.word, got, c.known)
		}
	}
	for _, c := range []struct{ word, good string }{
		{"automation", ""}, {"confirmation", ""}, {"exportable", ""}, {"providername", ""}, {"systemessage", "systemmessage"},
		{"clientecret", "clientsecret"}, {"clinetid", "clientid"}, {"clietid", "clientid"}, {"rovidername", "providername"}, {"accessontrol", "accesscontrol"},
	} {
		if good, _, _ := mendCompound([]byte(c.word), true, true); good != c.good {
			t.Errorf("mendCompound(%q) = %q, want %q", c.word, good, c.good)
		}
	}
}
