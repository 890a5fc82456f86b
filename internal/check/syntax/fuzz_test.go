package syntax

import (
	"testing"

	"github.com/guidec/guidec/internal/source"
)

// Fuzz targets for the validator entry points. Each is seeded with the
// corpus snippets of its kind (when the corpus is present) and with small
// hand-written cases, and checks that any input yields findings with valid
// spans, registered codes and messages, never a panic.

func seed(f *testing.F, k kind, extra ...string) {
	for _, s := range extra {
		f.Add([]byte(s))
	}
	for _, snips := range corpusGuides(f) {
		for _, s := range snips {
			if kindOf(s) == k {
				f.Add(s.Text)
			}
		}
	}
}

func fuzzValidator(f *testing.F, v func([]byte) []finding) {
	codes := map[string]bool{}
	for _, c := range Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, fd := range v(text) {
			checkFinding(t, text, fd, codes)
		}
	})
}

func checkFinding(t *testing.T, text []byte, fd finding, codes map[string]bool) {
	t.Helper()
	ok := func(sp source.Span) bool { return 0 <= sp.Start && sp.Start <= sp.End && sp.End <= len(text) }
	if !codes[fd.code] || fd.msg == "" || !ok(fd.span) {
		t.Fatalf("bad finding %+v (len %d)", fd, len(text))
	}
	for _, r := range fd.related {
		if !ok(r.span) {
			t.Fatalf("bad related span %+v", r)
		}
	}
	if fd.fix != nil {
		for _, e := range fd.fix.edits {
			if !ok(e.Span) {
				t.Fatalf("bad edit %+v", e)
			}
		}
	}
}

func FuzzYAML(f *testing.F) {
	seed(f, kindYAML, "a: 1\na: 2\n", "a:\n\tb: 1\n", "x: 'abc\n", "a: &x [*x]\n", "---\n- [\n", "k: !!binary x\n", "? [a]\n: b\n", "data:\n  sso: |\n    a: 1\n    -b\n    c\n", "x: |\n  k: [\n  v: 2\n", "rules:\n  -matches:\n    - a\n   b: 1\n")
	fuzzValidator(f, validateYAML)
}

func FuzzJSON(f *testing.F) {
	seed(f, kindJSON, `{"a":1,"a":2}`, `[1,]`, `{"a":`, `{"\u0061":1,"a":2}`, "\"\\\"\"", "")
	fuzzValidator(f, func(b []byte) []finding { return validateJSON(b, false) })
}

func FuzzJSONC(f *testing.F) {
	seed(f, kindJSON, `// c`+"\n"+`{"a":1 /* x */}`, `{"a": "/*"}`, `/* open`, `{"a":1,}`)
	fuzzValidator(f, func(b []byte) []finding { return validateJSON(b, true) })
}

func FuzzTOML(f *testing.F) {
	seed(f, kindTOML, "a = 1\na = 2\n", "[t]\nx = https://x\n", "a = [1,\n", "[[a]]\n[a]\n", "a.b = 1\na = 2\n")
	fuzzValidator(f, validateTOML)
}

func FuzzXML(f *testing.F) {
	seed(f, kindXML, "<a><b></a>", "<a x='1' x='2'/>", "<a>", "<?xml version='1.0' encoding='latin1'?><a/>", "<a>&nbsp;</a>", "</a>")
	fuzzValidator(f, validateXML)
}

func FuzzEnv(f *testing.F) {
	seed(f, kindEnv, "A = 1\nA=2\n", "docker run\n", "A='\n", "export A=\"x\ny\"\n")
	fuzzValidator(f, validateEnv)
}

func FuzzINI(f *testing.F) {
	seed(f, kindINI, "[s]\nk=1\nk=2\n", "[s\n", "words\n", "k=\n  c\n")
	fuzzValidator(f, validateINI)
}

// FuzzCode runs the checks of every program language (and of nginx's Lua
// blocks) on the same text: an excerpt in any of them, or in none.
func FuzzCode(f *testing.F) {
	for k := range codeLangs {
		seed(f, k)
	}
	for _, s := range []string{
		"x = {\n  a: 'b'\n  c: `${d}`,\n};\n", "D = {\n 'a': true\n 'b': \"\"\"x\"\"\",\n}\n",
		"$a = array(\n 'a' => 1\n 'b' => <<<E\nx\nE\n);\n", "h = {\n a: %w[x]\n b: :c,\n}\n",
		"access_by_lua_block {\n local t = {\n a = [[x]]\n b = True,\n }\n}\n", "}\n)\n]\nend\n", "`${`${'", "--[==[", "/[/]/",
		"A = ['a', 'b'\nB = 2\n", "x = {\n  a: [1,\n}\n", "<?php\n$c = [\n  'a' => 'b,\n  'c' => 1,\n];\n", "if (a &&\n    b) {\n  {\n}\n",
		"X = {\n  'a': 1,,\n  'b' 'c',\n  \"d\" (e, f)\n}\n", "[$a, , $b] = [\n 'k' => 1,\n 'l'  'm',\n];\n", "{\n  a: 1,\n  b c[0],,\n}\n",
		"config :ueberauth,, Ueberauth,\n  providers: [oidc: {Ueberauth.Strategy.OIDC, [\"#{x,,}\", ?,, ~r/,,/]}]\n",
	} {
		f.Add([]byte(s))
	}
	codes := map[string]bool{}
	for _, c := range Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, l := range []codeLang{langJS, langTS, langPython, langPHP, langRuby, langLua} {
			for _, fd := range checkCode(l, text) {
				checkFinding(t, text, fd, codes)
			}
			for _, fd := range checkCodeFile(l, text, true) {
				checkFinding(t, text, fd, codes)
			}
		}
		for _, fd := range checkNginxLua(text) {
			checkFinding(t, text, fd, codes)
		}
		for _, fd := range checkElixir(text) {
			checkFinding(t, text, fd, codes)
		}
	})
}

func FuzzShell(f *testing.F) {
	for _, s := range []string{
		"cmd \\\n  --a\n  --b\n", "cat <<EOF\n--x\nEOF\n", "case $1 in\n -h)\n ;;\nesac\n", "x=$(a\n--b)\n",
		"echo \"a\n-b\"\n", "cat <<-'E'\n\t-x\n\tE\n", "a <<< b\n-c\n", "$ a\n-b\n", "{\n-a\n}\n",
	} {
		f.Add([]byte(s))
	}
	codes := map[string]bool{}
	for _, c := range Codes {
		codes[c.Code] = true
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		for _, fd := range checkShell(text) {
			checkFinding(t, text, fd, codes)
		}
	})
}
