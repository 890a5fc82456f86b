package snippet

import (
	"path"
	"strings"
)

// Format is a file format a snippet may hold, as its fence language or its
// title names it. This file is the one table of formats that every stage
// reads (the syntax checker's validators and title checks, the checkers
// that pick the snippets they read): a language or extension is added
// here, once.
type Format int

// Formats. Text is the fence languages that name no format (none, text,
// plain…), so that the title decides.
const (
	None Format = iota
	Text
	YAML
	JSON
	JSONC
	JSON5
	TOML
	INI
	Env
	XML
	Shell
	JS
	TS
	Python
	PHP
	Go
	Conf // nginx, HAProxy, an INI dialect…: .conf and .cfg are shared by many formats
	Properties
	Elixir
	Ruby
	Lua
	HCL
)

// formatInfo describes one Format.
type formatInfo struct {
	name   string   // lowercase name
	noun   string   // what a file of the format is, for messages
	family Format   // the format a title of this one agrees with (JSONC is JSON); itself when zero
	langs  []string // fence languages that always denote it
	exts   []string // lowercase title extensions
	// vague: the format's names are shared by several formats, so that
	// neither its languages nor its extensions contradict another's.
	vague bool
}

var formats = [...]formatInfo{
	None:       {name: "none"},
	Text:       {name: "text", langs: []string{"", "text", "txt", "plain", "plaintext"}, vague: true},
	YAML:       {name: "yaml", noun: "a YAML file", langs: []string{"yaml", "yml"}, exts: []string{".yml", ".yaml"}},
	JSON:       {name: "json", noun: "a JSON file", langs: []string{"json"}, exts: []string{".json"}},
	JSONC:      {name: "jsonc", noun: "a JSON file", family: JSON, langs: []string{"jsonc"}, exts: []string{".jsonc"}},
	JSON5:      {name: "json5", noun: "a JSON file", family: JSON, langs: []string{"json5"}, exts: []string{".json5"}},
	TOML:       {name: "toml", noun: "a TOML file", langs: []string{"toml"}, exts: []string{".toml"}},
	INI:        {name: "ini", noun: "an INI file", langs: []string{"ini", "dosini"}, exts: []string{".ini"}},
	Env:        {name: "env", noun: "a .env file", langs: []string{"env", "dotenv"}}, // its names: isEnvName
	XML:        {name: "xml", noun: "an XML file", langs: []string{"xml"}, exts: []string{".xml"}},
	Shell:      {name: "shell", noun: "a shell script", langs: []string{"shell", "sh", "bash", "zsh"}, exts: []string{".sh", ".bash"}},
	JS:         {name: "js", noun: "a JavaScript file", langs: []string{"js", "javascript"}, exts: []string{".js", ".mjs", ".cjs"}},
	TS:         {name: "ts", noun: "a TypeScript file", langs: []string{"ts", "typescript"}, exts: []string{".ts"}},
	Python:     {name: "python", noun: "a Python file", langs: []string{"python", "py"}, exts: []string{".py"}},
	PHP:        {name: "php", noun: "a PHP file", langs: []string{"php"}, exts: []string{".php"}},
	Go:         {name: "go", noun: "a Go file", langs: []string{"go"}, exts: []string{".go"}},
	Conf:       {name: "conf", langs: []string{"conf", "cfg", "apache", "apacheconf", "nginx"}, exts: []string{".conf", ".cfg"}, vague: true},
	Properties: {name: "properties", langs: []string{"properties"}, exts: []string{".properties"}, vague: true},
	Elixir:     {name: "elixir", langs: []string{"elixir", "exs", "ex"}, exts: []string{".exs", ".ex"}, vague: true},
	Ruby:       {name: "ruby", langs: []string{"ruby", "rb"}, exts: []string{".rb"}, vague: true},
	Lua:        {name: "lua", langs: []string{"lua"}, exts: []string{".lua"}, vague: true},
	HCL:        {name: "hcl", langs: []string{"hcl", "terraform", "tf"}, exts: []string{".hcl", ".tf"}, vague: true},
}

// byLang and byExt index formats.
var byLang, byExt = func() (map[string]Format, map[string]Format) {
	l, e := map[string]Format{}, map[string]Format{}
	for f, info := range formats {
		for _, n := range info.langs {
			l[n] = Format(f)
		}
		for _, x := range info.exts {
			e[x] = Format(f)
		}
	}
	return l, e
}()

// String returns the format's lowercase name.
func (f Format) String() string { return formats[f].name }

// Noun says what a file of the format is ("a YAML file"), or "".
func (f Format) Noun() string { return formats[f.Family()].noun }

// Family returns the format a title of f agrees with: JSON for JSONC and
// JSON5, f itself otherwise.
func (f Format) Family() Format {
	if fam := formats[f].family; fam != None {
		return fam
	}
	return f
}

// Vague reports whether f's names are shared by several formats (conf,
// cfg, text…): a label or title of it contradicts no other.
func (f Format) Vague() bool { return formats[f].vague }

// ShownAs reports whether a file of format f (a title's) may be shown in a
// fence of format lang: the same family, or a .env file highlighted as
// shell, as guides do.
func (f Format) ShownAs(lang Format) bool {
	return f.Family() == lang.Family() || f == Env && lang == Shell
}

// LangFormat returns the format a fence language denotes; None for a
// language the table does not know, Text for one that names no format.
func LangFormat(lang string) Format {
	return byLang[strings.ToLower(lang)]
}

// NameFormat returns the format a file name denotes, by its extension
// (".env" files by their name: see IsEnvName), or None.
func NameFormat(name string) Format {
	name = strings.ToLower(name)
	if IsEnvName(name) {
		return Env
	}
	return byExt[path.Ext(name)]
}

// IsEnvName reports whether a lowercase file name is a .env file: ".env",
// "app.env" or ".env.local".
func IsEnvName(name string) bool {
	return name == ".env" || strings.HasSuffix(name, ".env") || strings.HasPrefix(name, ".env.")
}

// LangFormat returns the format s's fence language denotes (see the
// function LangFormat).
func (s *Snippet) LangFormat() Format { return LangFormat(s.Lang) }

// TitleFormat returns the format s's title names (see NameFormat), or None.
func (s *Snippet) TitleFormat() Format { return NameFormat(s.FileName()) }
