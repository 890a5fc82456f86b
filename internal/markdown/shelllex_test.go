package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/guidec/guidec/internal/testenv"
)

// shellCases are inputs lexShell must tokenise as chroma's Bash lexer
// does, covering every rule it models and the corners of their regular
// expressions (word boundaries, greedy and lazy runs, the $ anchor).
var shellCases = []string{
	"OIDC_CLIENT_ID=freshrss\nOIDC_SCOPES=openid groups email profile\n",
	"# SESSION_ENCRYPTION_SECRET=\nA=1\nB=1 # c\nC=12a\nD=3",
	"URL=https://a.b/c?d=1&e=2\n",
	"EBK='https://auth.example.com'\nA=\"x y\"\nB=\"$HOME/x\"\nC=\"a\\\"b\"\nD=$'a\\'b'\n",
	"export Y=2\nexport\n echo hi; echo\tthere)\nechoes x\n",
	"if [ -f x ]; then\n  done=1\nfi\n",
	"do\ndone\ndone=2 for x in a b; do echo $x; done\n",
	"while true; do sleep 1; done && exit 0 || exit 1\n",
	"a+=b\nc += d\ne\n=f\ng+h\n",
	"#!/bin/sh\necho $1 $# $? $$ $@ $* $- $_x $9x\n",
	"#!\n#\n# \n  #   \nx#y\n",
	"\\$x \\\n\"s\" \"$\" \"\\$\" \"a$b c\"$d\n",
	"mkdir authelia-example && cd authelia-example && npm init -y\n",
	"docker compose up -d\ncurl -X POST https://x/y -H 'Content-Type: application/json' -d '{\"a\": 1}'\n",
	"x=[a] {b} (c) <d >e 2>&1 | tee f; g&\n",
	"'unclosed\n",
	"\"unclosed $x\n",
	"x=\"open\\",
	"$ $$ $\"a\"",
	"typeset -x a\ntype a\ntimes\ntime x\nreadonly=1\n",
	"elif\telse\nesac\n",
	"",
}

func chromaShell(t testing.TB, text string) ([]piece, bool) {
	t.Helper()
	l := lexers.Get("shell")
	if l == nil || l.Config().Name != "Bash" {
		t.Fatal("chroma has no Bash lexer")
	}
	return chromaPieces(l, []byte(text), time.Now(), time.Hour, nil)
}

// compareShell checks that lexShell, when it accepts text, gives chroma's
// pieces. It reports whether lexShell accepted.
func compareShell(t testing.TB, text string) bool {
	t.Helper()
	var b pieceBuilder
	if !lexShell([]byte(text), b.add) {
		return false
	}
	want, ok := chromaShell(t, text)
	if !ok {
		t.Fatalf("lexShell accepted %q, whose chroma tokens do not spell it", text)
	}
	if got := fmt.Sprint(b.out); got != fmt.Sprint(want) {
		t.Errorf("lexShell(%q):\n got %s\nwant %s", text, showPieces(text, b.out), showPieces(text, want))
	}
	return true
}

func TestShellLexerMatchesChroma(t *testing.T) {
	declined := map[string]bool{}
	for _, text := range shellCases {
		if !compareShell(t, text) {
			declined[text] = true
		}
	}
	// What lexShell must decline: what it does not model, and text that
	// chroma marks as an error.
	want := []string{"'unclosed\n", "x=\"open\\"}
	for _, text := range append(want, "echo $(date)\n", "echo ${HOME}\n", "cat <<EOF\nx\nEOF\n", "echo `date`\n", "x=café\n", "a\r\n") {
		if !declined[text] && compareShell(t, text) {
			t.Errorf("lexShell accepted %q", text)
		}
	}
	if len(declined) != len(want) {
		t.Errorf("declined %d cases, want %d: %v", len(declined), len(want), declined)
	}
}

// TestShellLexerCorpus compares lexShell with chroma on every shell
// snippet of the corpus guides, and checks that it declines few.
func TestShellLexerCorpus(t *testing.T) {
	testenv.Corpus(t) // skips when the corpus is absent, outside CI
	total, declined := 0, 0
	for _, f := range testenv.CorpusFences(t) {
		if l := lexers.Get(f.Lang); l == nil || l.Config().Name != "Bash" {
			continue
		}
		total++
		if !compareShell(t, f.Text) {
			declined++
		}
	}
	t.Logf("%d shell snippets, %d declined", total, declined)
	if total < 20 || declined > total/4 {
		t.Errorf("%d shell snippets, %d declined", total, declined)
	}
}

// FuzzShellLexer checks that lexShell gives chroma's tokens for any text
// it accepts.
func FuzzShellLexer(f *testing.F) {
	for _, c := range shellCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1024 {
			return // chroma's backtracking makes long inputs slow
		}
		compareShell(t, text)
		compareShell(t, shellish(text))
	})
}

// shellAlphabet holds the bytes chroma's Bash rules turn on, and the
// starts of its keywords and builtins.
const shellAlphabet = "ab1 0=+#!\\\"'$;&|<>[]{}()\n\t_-?@*.:/xdoneiftchxprt"

// shellish maps each byte of s into shellAlphabet, so that the fuzzer's
// inputs are mostly ones lexShell accepts.
func shellish(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = shellAlphabet[int(c)%len(shellAlphabet)]
	}
	return strings.ReplaceAll(string(b), "<<", "< <")
}
