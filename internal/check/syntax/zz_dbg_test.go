package syntax

import (
	"os"
	"testing"
)

func TestZZDbg(t *testing.T) {
	b, _ := os.ReadFile(os.Getenv("F"))
	l := map[string]codeLang{"js": langJS, "py": langPython, "php": langPHP, "rb": langRuby, "lua": langLua, "ts": langTS}[os.Getenv("L")]
	t.Logf("%q", codeFindings(l, string(b)))
}
