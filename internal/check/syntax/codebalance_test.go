package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const (
	su = "code-string-unterminated"
	bm = "code-bracket-mismatch"
)

// TestCodeBalance covers strings left open and brackets closed by another
// bracket or left open at the end of a whole file, per language, with
// the constructs that must stay silent.
func TestCodeBalance(t *testing.T) {
	tests := []struct {
		name  string
		lang  codeLang
		whole bool // the snippet names its file
		text  string
		want  []string
	}{
		// Strings that end on their line.
		{"python assignment", langPython, false, "A = 'x'\nB = \"insecure_secret\nC = 3\n", []string{"2:5 " + su}},
		{"python dict value", langPython, false, "d = {\n    'a': 'b,\n    'c': 'd',\n}\n", []string{"2:10 " + su}},
		{"python last line", langPython, false, "A = 1\nB = 'x\n", []string{"2:5 " + su}},
		{"python prefixed", langPython, false, "A = f'{x}\nB = 1\n", []string{"1:6 " + su}},
		{"js object value", langJS, false, "module.exports = {\n  a: {\n    response_type: 'code,\n    b: 'x',\n  },\n}\n", []string{"3:20 " + su}},
		{"ts", langTS, false, "const a: string = \"x\nconst b = 1\n", []string{"1:19 " + su}},
		{"lua table", langLua, false, "local opts = {\n  discovery = \"https://x/.well-known,\n  a = 1,\n}\n", []string{"2:15 " + su}},
		{"php glued name", langPHP, false, "<?php\n$c = [\n  'a' => 'userinfo,\n  'b' => 'x',\n];\n", []string{"3:10 " + su}},
		{"php to the end", langPHP, false, "<?php\n$c = [\n  'a' => 'openid profile,\n];\n", []string{"3:10 " + su}},
		{"ruby glued name", langRuby, false, "h = {\n  a: 'x,\n  b: 'y',\n}\n", []string{"2:6 " + su}},
		// Strings that may span lines, and what only looks open.
		{"python continued", langPython, false, "A = 'a\\\nb'\n", nil},
		{"python triple", langPython, false, "A = '''a\nb'''\n", nil},
		{"python comment apostrophe", langPython, false, "# don't\nA = 1\n", nil},
		{"python session", langPython, false, ">>> print('it')\nit's\n", nil},
		{"js template", langJS, false, "const a = `x\ny`\n", nil},
		{"js jsx text", langJS, false, "const A = () => (\n  <p>Don't</p>\n)\n", nil},
		{"js jsx tag before", langJS, false, "return <div>\n  it's\n</div>\n", nil},
		{"lua long string", langLua, false, "local a = [[x\ny's]]\n", nil},
		{"php string over lines", langPHP, false, "<?php\n$q = 'SELECT *\n  FROM t';\n", nil},
		{"ruby string over lines", langRuby, false, "a = 'x\ny'\nb = 1\n", nil},
		{"prose apostrophe", langPython, false, "Don't forget to set:\nA = 1\n", nil},
		{"php inside html", langPHP, false, "<p>It's here</p>\n<?php echo 1; ?>\n", nil},
		{"python return", langPython, false, "def f():\n    return 'x\n", []string{"2:12 " + su}},
		{"rest not code", langPython, false, "A = 'x\n{% if y %}\n", nil},

		// Brackets closed by another bracket.
		{"js list closed by brace", langJS, false, "module.exports = {\n  a: {\n    scope: ['openid', 'email',\n    b: 'x',\n  },\n}\n", []string{"3:12 " + bm}},
		{"python list in dict", langPython, false, "A = {\n    'x': ['a',\n    'y': ['b'],\n}\n", []string{"2:10 " + bm}},
		{"python call closed by bracket", langPython, false, "x = [f(1, 2]\n", []string{"1:7 " + bm}},
		{"nested dict left open", langPython, false, "A = [\n    {\n        'a': {\n            'b': 1,\n\n        'c': 2,\n    },\n]\n", []string{"3:14 " + bm}},
		{"ruby hash", langRuby, false, "h = {\n  a: [1, 2,\n}\n", []string{"2:6 " + bm}},
		// Silent: balanced, elided, keyword blocks, orphan closers.
		{"balanced", langPython, false, "A = {'a': [1, (2, 3)]}\n", nil},
		{"elision between", langPython, false, "A = {\n    'a': [1,\n    # ...\n}\n", nil},
		{"lua block end", langLua, false, "function f()\n  return {1}\nend\n", nil},
		{"excerpt closer", langJS, false, "  a: 1,\n},\n", nil},
		{"loose indentation", langPHP, false, "return [\n    'a' => [\n        'b' => [\n          'c' => [\n            'd' => 1,\n         ],\n       ],\n    ]\n];\n", nil},

		// Brackets left open at the end of a whole file.
		{"python flow list", langPython, true, "A = ['a', 'b'\nB = 2\n", []string{"1:5 " + bm}},
		{"python entry and comma", langPython, true, "A = {\n    'g': ['Admin',\n    'h': 1,\n", []string{"2:10 " + bm}},
		{"python last line", langPython, true, "A = 1\nB = ['a', 'b'\n", []string{"2:5 " + bm}},
		{"not a whole file", langPython, false, "A = ['a', 'b'\nB = 2\n", nil},
		{"opener then deeper line", langPython, true, "A = [\n    'a',\n", nil},
		{"whole file with elision", langPython, true, "A = ['a', 'b'\n...\n", nil},
		{"php closing tag", langPHP, true, "<?php if ($a) { ?>\n<p>x</p>\n<?php } ?>\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range validateCodeFile(tt.lang, []byte(tt.text), tt.whole) {
				line := 1 + strings.Count(tt.text[:f.span.Start], "\n")
				col := f.span.Start - strings.LastIndexByte(tt.text[:f.span.Start], '\n')
				got = append(got, fmt.Sprintf("%d:%d %s", line, col, f.code))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
