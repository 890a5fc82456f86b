package syntax

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestZZRealMutations(t *testing.T) {
	root := os.Getenv("REALDIR")
	if root == "" {
		t.Skip()
	}
	exts := map[string]codeLang{".js": langJS, ".py": langPython, ".php": langPHP}
	keyRe := map[codeLang]*regexp.Regexp{
		langJS:     regexp.MustCompile(`^(?:[\w$]+|'[^']+'|"[^"]+")\s*:[^:]`),
		langPython: regexp.MustCompile(`^(?:'[^']+'|"[^"]+")\s*:`),
		langPHP:    regexp.MustCompile(`^(?:'[^']+'|"[^"]+")\s*=>`),
	}
	n, found, shown := 0, 0, 0
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || info.Size() > 200000 || n > 4000 {
			return nil
		}
		l, ok := exts[filepath.Ext(p)]
		if !ok {
			return nil
		}
		text, _ := os.ReadFile(p)
		base := len(validateCode(l, text))
		lines := bytes.SplitAfter(text, []byte("\n"))
		off := 0
		for i, ln := range lines {
			lineOff := off
			off += len(ln)
			body := bytes.TrimRight(ln, " \t\r\n")
			if !bytes.HasSuffix(body, []byte(",")) || i+1 >= len(lines) || !keyRe[l].Match(bytes.TrimSpace(lines[i+1])) {
				continue
			}
			at := lineOff + len(body) - 1
			mut := append(append([]byte{}, text[:at]...), text[at+1:]...)
			n++
			fs := validateCode(l, mut)
			ok := false
			for _, f := range fs {
				ok = ok || f.code == "code-missing-comma" && f.span.Start == at
			}
			if ok && len(fs) == base+1 {
				found++
			} else if shown < 25 {
				shown++
				t.Logf("MISS %s:%d %q / %q (%d findings)", p, i+1, body, bytes.TrimSpace(lines[i+1]), len(fs)-base)
			}
		}
		return nil
	})
	t.Logf("found %d/%d", found, n)
}
