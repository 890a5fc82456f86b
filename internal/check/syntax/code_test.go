package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// codeFindings runs validateCode and returns "line:col code" for each
// finding (1-based, in the snippet), in order.
func codeFindings(lang codeLang, text string) []string {
	var out []string
	for _, f := range validateCode(lang, []byte(text)) {
		line := 1 + strings.Count(text[:f.span.Start], "\n")
		col := f.span.Start - strings.LastIndexByte(text[:f.span.Start], '\n')
		out = append(out, fmt.Sprintf("%d:%d %s", line, col, f.code))
	}
	return out
}

const (
	mc = "code-missing-comma"
	fl = "code-foreign-literal"
)

// TestCodeMissingComma covers every dropped-comma variant per language
// and the constructs that must stay silent.
func TestCodeMissingComma(t *testing.T) {
	tests := []struct {
		name string
		lang codeLang
		text string
		want []string
	}{
		// JavaScript: dropped commas after every kind of value.
		{"js after string", langJS, "module.exports = {\n  a: 'x'\n  b: 'y',\n};\n", []string{"2:9 " + mc}},
		{"js after number", langJS, "const o = {\n  port: 3000\n  host: 'h',\n};\n", []string{"2:13 " + mc}},
		{"js after boolean", langJS, "f({\n  proxy: true\n  scope: 'openid',\n});\n", []string{"2:14 " + mc}},
		{"js after identifier", langJS, "const o = {\n  a: foo\n  b: 1\n};\n", []string{"2:9 " + mc}},
		{"js after closing bracket", langJS, "x = {\n  scope: ['a', 'b']\n  b: 1,\n};\n", []string{"2:20 " + mc}},
		{"js after call", langJS, "x = {\n  s: require('p').Strategy\n  b: 1,\n};\n", []string{"2:27 " + mc}},
		{"js after or-default", langJS, "auth({\n  id: process.env.X || 'y'\n  secret: 's',\n})\n", []string{"2:27 " + mc}},
		{"js after function value", langJS, "x = {\n  verify: function (a) {\n    done(a)\n  }\n  users: 1,\n};\n", []string{"4:4 " + mc}},
		{"js before quoted key", langJS, "x = {\n  a: 1\n  'b-c': 2,\n};\n", []string{"2:7 " + mc}},
		{"js before computed key", langJS, "x = {\n  a: 1\n  [k]: 2,\n};\n", []string{"2:7 " + mc}},
		{"js before method", langJS, "x = {\n  a: 1,\n  b: 2\n  profile(p) {\n    return p\n  },\n};\n", []string{"3:7 " + mc}},
		{"js before spread", langJS, "x = {\n  a: 1\n  ...rest,\n};\n", []string{"2:7 " + mc}},
		{"js two strings", langJS, "x = {\n  scope: [\n    'openid',\n    'profile'\n    'email'\n  ],\n};\n", []string{"4:14 " + mc}},
		{"js two-item array", langJS, "x = [\n  'openid'\n  'profile'\n];\n", []string{"2:11 " + mc}},
		{"js string then template", langJS, "x = [\n  'a'\n  `b`\n];\n", nil},
		{"php two strings", langPHP, "$a = [\n    'a'\n    'b'\n];\n", []string{"2:8 " + mc}},
		{"lua two strings", langLua, "local t = {\n  \"a\"\n  \"b\"\n}\n", []string{"2:6 " + mc}},
		{"js array of values", langJS, "x = [\n  'a',\n  'b'\n  'c',\n];\n", []string{"3:6 " + mc}},
		{"js excerpt of an object", langJS, "adminAuth: {\n  type: 'strategy'\n  label: 'x',\n},\n", []string{"2:19 " + mc}},
		{"js excerpt top level", langJS, "issuer: 'a'\nclientID: 'b',\n", []string{"1:12 " + mc}},
		{"js excerpt after elision", langJS, "// ...\nissuer: 'a'\nclientID: 'b',\n", []string{"2:12 " + mc}},
		{"yaml in a js fence", langJS, "issuer: a\nclientID: b\n", nil},
		{"js object after elision", langJS, "// ...\n{\n  a: 1\n  b: 2,\n}\n", []string{"3:7 " + mc}},
		{"js return object", langJS, "function f() {\n  return {\n    a: 1\n    b: 2,\n  };\n}\n", []string{"3:9 " + mc}},
		{"js export default", langJS, "export default {\n  a: 1\n  b: 2,\n}\n", []string{"2:7 " + mc}},
		{"js comment after value", langJS, "x = {\n  a: 1 // one\n  b: 2,\n};\n", []string{"2:7 " + mc}},
		// JavaScript: silent.
		{"js trailing comma", langJS, "x = {\n  a: 1,\n  b: 2,\n};\n", nil},
		{"js last entry", langJS, "x = {\n  a: 1,\n  b: 2\n};\n", nil},
		{"js function body", langJS, "function f() {\n  const a = 1\n  const b = 2\n  return a\n}\n", nil},
		{"js arrow body", langJS, "app.get('/', (req, res) => {\n  res.send('x')\n  done: 1\n});\n", nil},
		{"js statements", langJS, "const a = f(1)\nconst b = {\n  x: 1,\n}\nlet c = 2\n", nil},
		{"js multi-line value", langJS, "x = {\n  a: cond\n    ? 1\n    : 2,\n  b: c\n    || d,\n};\n", nil},
		{"js template spanning lines", langJS, "x = {\n  a: `x\n  b: ${y}\n  c: z`,\n  d: 1,\n};\n", nil},
		{"js strings with commas and braces", langJS, "x = {\n  a: 'b: {c, d}',\n  e: \"f: g\",\n};\n", nil},
		{"js switch cases", langJS, "switch (v) {\n  case 'a':\n    return true\n  case 'b':\n    return false\n}\n", nil},
		{"js block label", langJS, "if (x) {\n  foo()\n  bar: 1\n}\n", nil},
		{"js elision", langJS, "x = {\n  a: 1\n  ...\n  b: 2,\n};\n", nil},
		{"js elision comment", langJS, "x = {\n  a: 1\n  // ...\n  b: 2,\n};\n", nil},
		{"js ellipsis", langJS, "x = {\n  a: 1\n  …\n  b: 2,\n};\n", nil},
		{"js tagged template", langJS, "x = [\n  a,\n  tag\n  `t`,\n];\n", nil},
		{"js call continued", langJS, "x = [\n  a,\n  b\n  (c),\n];\n", nil},
		{"js destructuring", langJS, "const { a, b } = require('x');\nconst c = 1\n", nil},
		{"js class body", langJS, "class A {\n  x = 1\n  y = 2\n  m() {}\n}\n", nil},
		{"js regexp with braces", langJS, "x = {\n  r: /a{1,2}\\//g,\n  b: 1,\n};\n", nil},
		{"js unterminated string", langJS, "x = {\n  a: 'b\n  c: 1\n};\n", []string{"2:6 code-string-unterminated"}}, // the string, not a comma
		{"js no commas at all", langJS, "x = {\n  a: 1\n  b: 2\n  c: 3\n};\n", nil},
		{"ts type literal", langTS, "type O = {\n  a: string\n  b: number\n};\n", nil},
		{"ts interface", langTS, "interface O {\n  a: string\n  b: number\n}\n", nil},
		{"ts annotation", langTS, "function f(o: {\n  a: string\n  b: number\n}) {}\n", nil},
		{"ts optional member", langTS, "x = {\n  a: 1,\n};\ninterface I {\n  o?: {\n    a: string\n    b: string\n  }\n}\n", nil},
		{"ts type argument", langTS, "const m: Record<string, {\n  a: string\n  b: number\n}> = {};\n", nil},
		{"ts return type", langTS, "function f(): {\n  a: string\n  b: number\n} {\n  return x\n}\n", nil},
		{"ts object", langTS, "const o: Opts = {\n  a: 'x'\n  b: 'y',\n};\n", []string{"2:9 " + mc}},
		{"js template syntax", langJS, "x = {\n  a: {{ .A }}\n  b: 1,\n};\n", nil},

		// Every value kind, in every language.
		{"py after number", langPython, "D = {\n    'port': 8080\n    'host': 'h',\n}\n", []string{"2:17 " + mc}},
		{"py after boolean", langPython, "D = {\n    'a': True\n    'b': 1,\n}\n", []string{"2:14 " + mc}},
		{"py after name", langPython, "D = {\n    'a': AUTH_OAUTH\n    'b': 1,\n}\n", []string{"2:20 " + mc}},
		{"py after list", langPython, "D = {\n    'a': ['x', 'y']\n    'b': 1,\n}\n", []string{"2:20 " + mc}},
		{"py after environ", langPython, "D = {\n    'a': os.environ.get('X', 'y')\n    'b': 1,\n}\n", []string{"2:34 " + mc}},
		{"php after number", langPHP, "$a = [\n    'a' => 86400\n    'b' => 1,\n];\n", []string{"2:17 " + mc}},
		{"php after constant", langPHP, "$a = [\n    'a' => PHP_EOL\n    'b' => 1,\n];\n", []string{"2:19 " + mc}},
		{"php after call", langPHP, "$a = [\n    'a' => getenv('X')\n    'b' => 1,\n];\n", []string{"2:23 " + mc}},
		{"php after variable", langPHP, "$a = [\n    'a' => $x\n    'b' => 1,\n];\n", []string{"2:14 " + mc}},
		{"rb after number", langRuby, "h = {\n  port: 443\n  scheme: 'https',\n}\n", []string{"2:12 " + mc}},
		{"rb after symbol", langRuby, "h = {\n  name: :authelia\n  x: 1,\n}\n", []string{"2:18 " + mc}},
		{"rb after call", langRuby, "h = {\n  id: ENV.fetch('X', 'y')\n  x: 1,\n}\n", []string{"2:26 " + mc}},
		{"rb after nil", langRuby, "h = {\n  'icon' => nil\n  'x' => 1,\n}\n", []string{"2:16 " + mc}},
		{"lua after number", langLua, "local t = {\n  leeway = 60\n  b = 1,\n}\n", []string{"2:14 " + mc}},
		{"lua after boolean", langLua, "local t = {\n  use_pkce = true\n  b = 1,\n}\n", []string{"2:18 " + mc}},
		{"lua after name", langLua, "local t = {\n  a = ngx.var.x\n  b = 1,\n}\n", []string{"2:16 " + mc}},
		{"lua after nested table", langLua, "local t = {\n  a = { x = 1 }\n  b = 1,\n}\n", []string{"2:16 " + mc}},
		{"lua function body", langLua, "local t = {\n  f = function()\n    local a = 1\n    b = 2\n  end,\n}\n", nil},
		{"lua strings with separators", langLua, "local t = {\n  a = 'x, y = {z}',\n  b = \"c: d\",\n}\n", nil},
		{"rb strings with separators", langRuby, "h = {\n  a: 'x, y: {z}',\n  b: \"c => #{d}\",\n}\n", nil},
		{"php strings with separators", langPHP, "$a = [\n    'a' => 'x, y => [z]',\n    'b' => \"c {$d}\",\n];\n", nil},

		// Python.
		{"py dict", langPython, "D = {\n    'a': 'x'\n    'b': 'y',\n}\n", []string{"2:13 " + mc}},
		{"py dict after None", langPython, "D = {\n    \"icon\": None\n    \"id\": \"z\",\n}\n", []string{"2:17 " + mc}},
		{"py dict after tuple", langPython, "M = {\n    \"sub\": (True, \"uid\")\n    \"name\": (False, \"name\"),\n}\n", []string{"2:25 " + mc}},
		{"py dict after call", langPython, "D = {\n    'a': get('x')\n    'b': 1,\n}\n", []string{"2:18 " + mc}},
		{"py nested", langPython, "P = [\n    {\n        'a': 1,\n        'b': {\n            'c': 2,\n        }\n        'd': 3,\n    }\n]\n", []string{"6:10 " + mc}},
		{"py call kwargs", langPython, "x = OAuth(\n    client_id='a'\n    client_secret='b',\n)\n", []string{"2:18 " + mc}},
		{"py list of names", langPython, "L = [\n    AUTH_A,\n    AUTH_B\n    AUTH_C,\n]\n", []string{"3:11 " + mc}},
		{"py implicit concatenation", langPython, "L = [\n    'a',\n    'long '\n    'string',\n]\n", nil},
		{"py split url", langPython, "L = [\n    'a',\n    'https://x.example.com'\n    '/callback',\n]\n", nil},
		{"py split name", langPython, "L = [\n    'a',\n    'zproject.backends.'\n    'Email',\n]\n", nil},
		{"py split base64 in a call", langPython, "f('ETag',\n  '4oSrbmdzdHLDtm3ihKtuZ3N0csO2beKEq25nc3Ryw7Zt'\n  '4oSrbmdzdHLDtm0')\n", nil},
		{"py split key without commas", langPython, "K = (\n    'AAAAB3Nza'\n    'C1yc2EAAA'\n)\n", nil},
		{"py two words joined", langPython, "S = [\n    'openid',\n    'profile'\n    'email',\n]\n", []string{"3:14 " + mc}},
		{"py tuple of words", langPython, "B = (\n    \"x.A\",\n    \"x.B\"\n    \"x.C\",\n)\n", []string{"3:10 " + mc}},
		{"py words in a call", langPython, "f(\n    'a',\n    'b'\n    'c',\n)\n", []string{"3:8 " + mc}},
		{"rb two words joined", langRuby, "s = [\n  'openid',\n  'profile'\n  'email',\n]\n", []string{"3:12 " + mc}},
		{"py string value continued", langPython, "D = {\n    'a': 'long '\n         'text',\n    'b': 1,\n}\n", nil},
		{"py statements", langPython, "A = True\nB = 'x'\nC = ['a', 'b']\n", nil},
		{"py comprehension", langPython, "D = {\n    k: v\n    for k, v in x\n}\n", nil},
		{"py conditional", langPython, "D = {\n    'a': x\n    if y else z,\n    'b': 1,\n}\n", nil},
		{"py comment with key", langPython, "D = {\n    'a': 1,\n    # 'b': 2\n    'c': 3,\n}\n", nil},
		{"py triple quoted", langPython, "D = {\n    'a': '''x\n    'b': y''',\n    'c': 1,\n}\n", nil},
		{"py excerpt", langPython, "'a': 1\n'b': 2,\n", []string{"1:7 " + mc}},
		{"py subscript", langPython, "x = a[\n    1\n    :2\n]\n", nil},

		// PHP.
		{"php array()", langPHP, "$CONFIG = array (\n    'a' => false\n    'b' => 'x',\n);\n", []string{"2:17 " + mc}},
		{"php short array", langPHP, "return [\n    'c' => [\n        'x' => 'y'\n        'z' => 1,\n    ],\n];\n", []string{"3:19 " + mc}},
		{"php list values", langPHP, "$a = [\n    'a',\n    'b'\n    'c',\n];\n", []string{"3:8 " + mc}},
		{"php after nested array", langPHP, "$a = [\n    'x' => [1, 2]\n    'y' => 1,\n];\n", []string{"2:18 " + mc}},
		{"php function body", langPHP, "function f() {\n    $a = 1;\n    $b = 2;\n}\n", nil},
		{"php hash comment", langPHP, "$a = [\n    'a' => 1, # one\n    'b' => 2,\n];\n", nil},
		{"php heredoc skipped", langPHP, "$a = <<<EOT\nx\nEOT;\n$b = [\n 'a' => 1\n 'b' => 2,\n];\n", nil},
		{"php closing tag", langPHP, "<?php\n$a = [\n    'a' => 1\n    'b' => 2,\n];\n?>\n<p>don't</p>\n", []string{"3:13 " + mc}},
		{"php trailing comma", langPHP, "$a = [\n    'a' => 1,\n    'b' => 2,\n];\n", nil},

		// Ruby.
		{"rb hash labels", langRuby, "x = {\n  name: \"a\"\n  label: \"b\",\n}\n", []string{"2:12 " + mc}},
		{"rb in array", langRuby, "p = [\n  {\n    name: \"a\",\n    args: {\n      x: true\n      y: 1,\n    }\n  }\n]\n", []string{"5:14 " + mc}},
		{"rb rocket", langRuby, "h = {\n  'a' => 1\n  'b' => 2,\n}\n", []string{"2:11 " + mc}},
		{"rb after array", langRuby, "h = {\n  scope: [\"a\", \"b\"]\n  x: 1,\n}\n", []string{"2:20 " + mc}},
		{"rb do block", langRuby, "foo(1, bar do |x|\n  a = 1\n  b = 2\nend)\n", nil},
		{"rb brace block", langRuby, "items.each { |x|\n  puts x\n  y\n}\n", nil},
		{"rb lambda", langRuby, "f = -> {\n  a\n  b: 1\n}\n", nil},
		{"rb statements", langRuby, "gitlab_rails['a'] = true\ngitlab_rails['b'] = ['x']\n", nil},
		{"rb method with if", langRuby, "def f\n  if x\n    1\n  end\nend\nh = {\n  a: 1,\n}\n", nil},
		{"rb percent words", langRuby, "h = {\n  s: %w[a b]\n  x: 1,\n}\n", []string{"2:13 " + mc}},
		{"rb heredoc skipped", langRuby, "x = <<~EOS\n  a\nEOS\nh = {\n  a: 1\n  b: 2,\n}\n", nil},

		// Lua.
		{"lua table", langLua, "local opts = {\n  a = \"x\"\n  b = \"y\",\n}\n", []string{"2:10 " + mc}},
		{"lua bracket key", langLua, "local t = {\n  a = 1\n  [\"b\"] = 2,\n}\n", []string{"2:8 " + mc}},
		{"lua semicolons", langLua, "local t = {\n  a = 1;\n  b = 2;\n}\n", nil},
		{"lua function value", langLua, "local t = {\n  f = function(x)\n    local y = x\n    return y\n  end\n  g = 1,\n}\n", []string{"5:6 " + mc}},
		{"lua statements", langLua, "local a = 1\nlocal b = 2\nngx.say(a)\nif a then\n  b = 3\nend\n", nil},
		{"lua nginx block", langLua, "access_by_lua_block {\n  local opts = {\n    a = \"x\"\n    b = 1,\n  }\n  local r = f(opts)\n}\n", []string{"3:12 " + mc}},
		{"lua call with table", langLua, "local t = {\n  x,\n  f\n  {1},\n}\n", nil},
		{"lua long string", langLua, "local t = {\n  a = [[x\n  b = y]],\n  c = 1,\n}\n", nil},
		{"lua comment", langLua, "local t = {\n  a = 1, -- one\n  --[[ b = 2\n  c = 3 ]]\n  d = 4,\n}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codeFindings(tt.lang, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCodeMissingSemicolon covers PHP statements that lost their ';'
// and the lines that need none.
func TestCodeMissingSemicolon(t *testing.T) {
	const ms = "code-missing-semicolon"
	tests := []struct {
		name, text string
		want       []string
	}{
		{"assignment", "$config['a'] = 'x'\n$config['b'] = 'y';\n", []string{"1:19 " + ms}},
		{"after array", "$a = [\n    'x' => 1,\n]\n$b = 2;\n", []string{"3:2 " + ms}},
		{"before define", "$a = 1\ndefine('X', 'y');\n", []string{"1:7 " + ms}},
		{"after call", "wfLoadExtension( 'A' )\n$wgX = true;\n", []string{"1:23 " + ms}},
		{"all fine", "<?php\n$a = 1;\n$b = [\n    'x' => 1,\n];\ndefine('X', 'y');\n", nil},
		{"control structures", "if ($a)\n    $b = 1;\nforeach ($x as $y)\n    $z = $y;\nwhile ($c)\n{\n    $d = 1;\n}\n", nil},
		{"blocks", "function f($a)\n{\n    return $a;\n}\n$b = f(1);\nif ($a) {\n    $c = 1;\n}\n$d = 2;\n", nil},
		{"continued expression", "$a = $b\n    . $c;\n$d = $e\n    ->f();\n$g = $h ?\n    1 : 2;\n", nil},
		{"last statement", "$a = 1;\n$b = 2\n", nil},
		{"array excerpt", "'a' => 1,\n'b' => 2,\n", nil},
		{"else", "if ($a) $b = 1;\nelse\n    $b = 2;\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codeFindings(langPHP, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCodeForeignLiteral covers booleans and nulls spelt as another
// language spells them, and the places where such a name is no literal.
func TestCodeForeignLiteral(t *testing.T) {
	tests := []struct {
		name string
		lang codeLang
		text string
		want []string
	}{
		{"py assignment", langPython, "ENABLE = true\n", []string{"1:10 " + fl}},
		{"py dict value", langPython, "D = {\n    'a': false,\n    'b': null,\n}\n", []string{"2:10 " + fl, "3:10 " + fl}},
		{"py argument", langPython, "f(x=true, y=nil)\n", []string{"1:5 " + fl, "1:13 " + fl}},
		{"py list item", langPython, "L = [true, False]\n", []string{"1:6 " + fl}},
		{"py return", langPython, "def f():\n    return false\n", []string{"2:12 " + fl}},
		{"py right spelling", langPython, "A = True\nB = None\n", nil},
		{"py in string and comment", langPython, "A = 'true'  # true\n", nil},
		{"py defined name", langPython, "true = True\nA = true\n", nil},
		{"py unpacking target", langPython, "nil, x, nil = f()\ny = nil\n", nil},
		{"py imported", langPython, "from m import (a,\n    null)\nx = null\n", nil},
		{"py member", langPython, "A = x.true\n", nil},
		{"py longer name", langPython, "A = true_value\nB = falsey\n", nil},
		{"py boolean expression", langPython, "B = true or x\n", []string{"1:5 " + fl}},
		{"js object", langJS, "x = {\n  proxy: True,\n  a: None\n};\n", []string{"2:10 " + fl, "3:6 " + fl}},
		{"js assignment", langJS, "const a = False;\n", []string{"1:11 " + fl}},
		{"js argument", langJS, "f(True)\n", []string{"1:3 " + fl}},
		{"js right spelling", langJS, "x = {\n  a: true,\n  b: null,\n};\n", nil},
		{"js case value", langJS, "switch (x) {\n  case 1: True\n}\n", []string{"2:11 " + fl}},
		{"js ternary", langJS, "a = b ? True : c\nd = e ? f : False\n", []string{"1:9 " + fl, "2:13 " + fl}},
		{"ts ternary", langTS, "let a: boolean = b ? c : False\n", []string{"1:26 " + fl}},
		{"py conditional", langPython, "A = x if y else false\n", []string{"1:17 " + fl}},
		{"lua and or", langLua, "local a = x and True or false\n", []string{"1:17 " + fl}},
		{"js member", langJS, "a = Answer.True;\n", nil},
		{"ts type annotation", langTS, "let a: True = b;\n", nil},
		{"ts type argument", langTS, "const m: Record<string, {\n  a: string\n  b: number\n}> = {};\n", nil},
		{"ts return type", langTS, "function f(): {\n  a: string\n  b: number\n} {\n  return x\n}\n", nil},
		{"ts object", langTS, "const o = {\n  a: False,\n};\n", []string{"2:6 " + fl}},
		{"ts type alias", langTS, "type T = True\n", nil},
		{"ruby label", langRuby, "h = {\n  pkce: True,\n  x: None\n}\n", []string{"2:9 " + fl, "3:6 " + fl}},
		{"ruby assignment", langRuby, "gitlab_rails['a'] = False\n", []string{"1:21 " + fl}},
		{"ruby right spelling", langRuby, "x = { a: true, b: nil }\n", nil},
		{"lua table", langLua, "local t = {\n  use_pkce = True,\n}\n", []string{"2:14 " + fl}},
		{"lua comparison", langLua, "if x == False then end\n", []string{"1:9 " + fl}},
		{"lua none is nil anyway", langLua, "local a = None\n", nil},
		{"php case-insensitive", langPHP, "$a = ['x' => True, 'y' => FALSE];\n", nil},
		{"key not value", langPython, "D = {true: 1}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codeFindings(tt.lang, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNginxLua checks the Lua of nginx *_by_lua_block blocks, at the
// file's offsets, and nothing of the nginx around them.
func TestNginxLua(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"in block", "location / {\n  access_by_lua_block {\n    local o = {\n      a = \"x\"\n      b = True,\n    }\n  }\n  proxy_pass http://x;\n}\n", []string{"4:14 " + mc, "5:11 " + fl}},
		{"nginx outside", "server {\n  listen 80\n  server_name x;\n  set $a True;\n}\n", nil},
		{"clean block", "content_by_lua_block {\n  local t = { a = 1, b = 2 }\n  ngx.say(t.a)\n}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range validateNginxLua([]byte(tt.text)) {
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
