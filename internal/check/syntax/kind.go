package syntax

import (
	"github.com/guidec/guidec/internal/format/dotenv"
	"github.com/guidec/guidec/internal/snippet"
)

// kind is a format this package can validate.
type kind int

const (
	kindNone  kind = iota // not validated
	kindYAML              // YAML 1.2 stream (yaml.v3)
	kindJSON              // strict JSON (encoding/json)
	kindJSONC             // JSON with // and /* */ comments
	kindTOML              // TOML 1.0 (go-toml/v2)
	kindINI               // INI (package format/ini)
	kindEnv               // .env file (package format/dotenv)
	kindXML               // well-formed XML (encoding/xml)
	// Program languages: only dropped separators and foreign literals
	// are checked (see code.go).
	kindJS
	kindTS
	kindPython
	kindPHP
	kindRuby
	kindLua
	kindNginx     // an nginx file: its syntax, directive names and the Lua of its *_by_lua_block blocks (see nginx.go)
	kindElixir    // Elixir: only doubled commas are checked (see codeelixir.go)
	kindCaddyfile // a Caddyfile: only its braces are checked (see caddyfile.go)
	kindApache    // an Apache configuration: only its section tags are checked (see apache.go)
	kindHCL       // HCL (Terraform): strings, brackets, list commas and '=' (see hcl.go)
)

// codeLangs maps the program-language kinds to their languages.
var codeLangs = map[kind]codeLang{
	kindJS: langJS, kindTS: langTS, kindPython: langPython, kindPHP: langPHP, kindRuby: langRuby, kindLua: langLua,
	kindNginx: langLua,
}

// isCode reports whether k is a program language, which is checked but
// not parsed.
func (k kind) isCode() bool { _, ok := codeLangs[k]; return ok }

// String returns the lowercase format name, which is also the prefix of the
// kind's diagnostic codes.
func (k kind) String() string {
	switch k {
	case kindYAML:
		return "yaml"
	case kindJSON, kindJSONC:
		return "json"
	case kindTOML:
		return "toml"
	case kindINI:
		return "ini"
	case kindEnv:
		return "env"
	case kindXML:
		return "xml"
	case kindJS:
		return "js"
	case kindTS:
		return "ts"
	case kindPython:
		return "python"
	case kindPHP:
		return "php"
	case kindRuby:
		return "ruby"
	case kindLua:
		return "lua"
	case kindNginx:
		return "nginx"
	case kindElixir:
		return "elixir"
	case kindCaddyfile:
		return "caddyfile"
	case kindApache:
		return "apache"
	case kindHCL:
		return "hcl"
	}
	return "none"
}

// formatKinds maps the formats of the table of snippet formats
// (snippet.Format) to the validator of each; the others are not validated.
// JSON5 is not JSON, and the conf/cfg languages are vague: guides use them
// for nginx, HAProxy and other non-INI formats.
var formatKinds = map[snippet.Format]kind{
	snippet.YAML:   kindYAML,
	snippet.JSON:   kindJSON,
	snippet.JSONC:  kindJSONC,
	snippet.TOML:   kindTOML,
	snippet.INI:    kindINI,
	snippet.Env:    kindEnv,
	snippet.XML:    kindXML,
	snippet.JS:     kindJS,
	snippet.TS:     kindTS,
	snippet.Python: kindPython,
	snippet.PHP:    kindPHP,
	snippet.Ruby:   kindRuby,
	snippet.Lua:    kindLua,
	snippet.Elixir: kindElixir,
	snippet.HCL:    kindHCL,
}

// langKind returns the format a fence language always denotes.
func langKind(lang string) kind { return formatKinds[snippet.LangFormat(lang)] }

// kindOf decides how to validate s: by its language, else by its title.
// A shell fence holds a .env file when its title says so or every line
// is an assignment; otherwise it holds commands and passes. A fence whose
// language names no format is validated by its title.
func kindOf(s *snippet.Snippet) kind {
	if isCaddyfileSnippet(s) {
		return kindCaddyfile
	}
	if isApacheSnippet(s) {
		return kindApache
	}
	lf := s.LangFormat()
	if k, ok := formatKinds[lf]; ok {
		return k
	}
	switch lf {
	case snippet.Shell:
		if s.TitleFormat() == snippet.Env || looksLikeEnv(s.Text) {
			return kindEnv
		}
	case snippet.Text:
		if isNginxSnippet(s) {
			return kindNginx
		}
		return nameKind(s.FileName())
	case snippet.Conf:
		if isNginxSnippet(s) {
			return kindNginx
		}
	}
	return kindNone
}

// nameKind returns the format a file name denotes, or kindNone.
func nameKind(name string) kind { return formatKinds[snippet.NameFormat(name)] }

// looksLikeEnv reports whether text is a list of shell assignments: at
// least one, and no line that is anything else. Only an unterminated quote
// is tolerated (it is wrong for shells too, so it is worth reporting).
func looksLikeEnv(text []byte) bool {
	vars, errs := dotenv.Parse(text)
	for _, e := range errs {
		if e.Kind != dotenv.ErrUnterminatedQuote {
			return false
		}
	}
	return len(vars) > 0
}
