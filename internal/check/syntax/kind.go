package syntax

import (
	"path"
	"strings"

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
)

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
	}
	return "none"
}

// langKinds maps fence languages to the format they always denote. `cfg`
// and `conf` are deliberately absent: guides use them for nginx, HAProxy
// and other non-INI formats.
var langKinds = map[string]kind{
	"yaml":   kindYAML,
	"yml":    kindYAML,
	"json":   kindJSON,
	"jsonc":  kindJSONC,
	"toml":   kindTOML,
	"ini":    kindINI,
	"dosini": kindINI,
	"env":    kindEnv,
	"dotenv": kindEnv,
	"xml":    kindXML,
}

// shellLangs are fence languages whose snippets are .env files only when
// the title says so or every line is an assignment; otherwise they hold
// commands and pass.
var shellLangs = map[string]bool{"shell": true, "sh": true, "bash": true, "zsh": true}

// plainLangs are fence languages that name no format, so the title decides.
var plainLangs = map[string]bool{"": true, "text": true, "txt": true, "plain": true, "plaintext": true}

// extKinds maps lowercase title extensions to formats.
var extKinds = map[string]kind{
	".yml":   kindYAML,
	".yaml":  kindYAML,
	".json":  kindJSON,
	".jsonc": kindJSONC,
	".toml":  kindTOML,
	".ini":   kindINI,
	".xml":   kindXML,
}

// kindOf decides how to validate s: by its language, else by its title.
func kindOf(s *snippet.Snippet) kind {
	if k, ok := langKinds[s.Lang]; ok {
		return k
	}
	name := strings.ToLower(s.FileName())
	switch {
	case shellLangs[s.Lang]:
		if isEnvName(name) || looksLikeEnv(s.Text) {
			return kindEnv
		}
	case plainLangs[s.Lang]:
		return nameKind(name)
	}
	return kindNone
}

// nameKind returns the format a lowercase file name denotes, or kindNone.
func nameKind(name string) kind {
	if isEnvName(name) {
		return kindEnv
	}
	return extKinds[path.Ext(name)]
}

// isEnvName reports whether a lowercase file name is a .env file: ".env",
// "app.env" or ".env.local".
func isEnvName(name string) bool {
	return name == ".env" || strings.HasSuffix(name, ".env") || strings.HasPrefix(name, ".env.")
}

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
