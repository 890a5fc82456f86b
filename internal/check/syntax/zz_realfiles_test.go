package syntax

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZRealFiles(t *testing.T) {
	root := os.Getenv("REALDIR")
	if root == "" {
		t.Skip()
	}
	exts := map[string]codeLang{".js": langJS, ".cjs": langJS, ".mjs": langJS, ".ts": langTS, ".py": langPython, ".php": langPHP, ".rb": langRuby, ".lua": langLua}
	files, bad, total, walkBad := 0, 0, 0, 0
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || info.Size() > 400000 {
			return nil
		}
		l, ok := exts[filepath.Ext(p)]
		if !ok {
			return nil
		}
		b, _ := os.ReadFile(p)
		files++
		toks, ok := lexCode(l, b)
		_ = toks
		if !ok {
			bad++
		} else {
			c := &codeChecker{lang: l, src: b, toks: toks, defined: map[string]bool{}}
			if len(toks) > 0 && !c.walk() {
				walkBad++
				if os.Getenv("SHOWBAD") != "" {
					t.Logf("walk failed: %s", p)
				}
			}
		}
		for _, f := range validateCode(l, b) {
			total++
			line := 1 + strings.Count(string(b[:f.span.Start]), "\n")
			ls := strings.LastIndexByte(string(b[:f.span.Start]), '\n') + 1
			le := strings.IndexByte(string(b[f.span.Start:]), '\n')
			if le < 0 {
				le = len(b) - f.span.Start
			}
			t.Logf("%s:%d %s %s | %s", p, line, f.code, f.msg[:min(len(f.msg), 90)], strings.TrimSpace(string(b[ls:f.span.Start+le])))
		}
		return nil
	})
	t.Logf("files %d, lexer gave up on %d, walk on %d, findings %d", files, bad, walkBad, total)
}
