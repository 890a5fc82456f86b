package snippet

import "testing"

func TestFormatTable(t *testing.T) {
	langs := []struct {
		lang string
		want Format
	}{
		{"yaml", YAML}, {"YML", YAML}, {"json", JSON}, {"jsonc", JSONC}, {"json5", JSON5},
		{"toml", TOML}, {"dosini", INI}, {"dotenv", Env}, {"xml", XML}, {"bash", Shell},
		{"", Text}, {"plaintext", Text}, {"cfg", Conf}, {"terraform", HCL}, {"console", None},
	}
	for _, tt := range langs {
		if got := LangFormat(tt.lang); got != tt.want {
			t.Errorf("LangFormat(%q) = %v, want %v", tt.lang, got, tt.want)
		}
	}
	names := []struct {
		name string
		want Format
	}{
		{"compose.yml", YAML}, {"Config.YAML", YAML}, {".env", Env}, {"app.env", Env}, {".env.local", Env},
		{"settings.jsonc", JSONC}, {"app.ini", INI}, {"nginx.conf", Conf}, {"main.tf", HCL},
		{"README", None}, {"notes.txt", None}, {"environment", None},
	}
	for _, tt := range names {
		if got := NameFormat(tt.name); got != tt.want {
			t.Errorf("NameFormat(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	shown := []struct {
		file, lang Format
		want       bool
	}{
		{JSONC, JSON, true}, {JSON, JSON5, true}, {Env, Shell, true}, {Shell, Env, false},
		{YAML, TOML, false}, {JS, TS, false},
	}
	for _, tt := range shown {
		if got := tt.file.ShownAs(tt.lang); got != tt.want {
			t.Errorf("%v.ShownAs(%v) = %v, want %v", tt.file, tt.lang, got, tt.want)
		}
	}
	if JSONC.Noun() != "a JSON file" || Env.Noun() != "a .env file" || Conf.Noun() != "" {
		t.Errorf("nouns: %q %q %q", JSONC.Noun(), Env.Noun(), Conf.Noun())
	}
	for f := range formats {
		if formats[f].name == "" {
			t.Errorf("format %d has no name", f)
		}
	}
}
