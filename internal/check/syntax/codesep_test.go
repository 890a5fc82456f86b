package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const (
	cd = "code-comma-doubled"
	sm = "code-separator-missing"
)

// TestCodeCommaDoubled covers ",," in every language, and the literals
// where an empty entry is legal.
func TestCodeCommaDoubled(t *testing.T) {
	tests := []struct {
		name string
		lang codeLang
		text string
		want []string
	}{
		{"python dict", langPython, "X = {\n    'a': 'x',,\n    'b': 1,\n}\n", []string{"2:14 " + cd}},
		{"python call", langPython, "f(a=1,, b=2)\n", []string{"1:7 " + cd}},
		{"python list", langPython, "X = ['a',, 'b']\n", []string{"1:10 " + cd}},
		{"python tuple value", langPython, "X = {\n    'oidc': ('Login', None),,\n}\n", []string{"2:29 " + cd}},
		{"python comment between", langPython, "X = [\n    'a', # one\n    , 'b',\n]\n", []string{"3:5 " + cd}},
		{"php array", langPHP, "$CONFIG = array(\n  'a' => true,,\n);\n", []string{"2:15 " + cd}},
		{"php short array", langPHP, "$a = [\n  'a' => 'x',,\n];\n", []string{"2:14 " + cd}},
		{"php list skips", langPHP, "list($a, , $c) = $x;\n", nil},
		{"php destructuring skips", langPHP, "[$a, , $c] = $x;\n", nil},
		{"js object", langJS, "const o = {\n  clientID: process.env.X || 'y',,\n  b: 1,\n};\n", []string{"2:34 " + cd}},
		{"js call", langJS, "f(a,, b);\n", []string{"1:5 " + cd}},
		{"js array holes", langJS, "const a = [1,, 2];\nconst [x, , y] = a;\n", nil},
		{"js excerpt", langJS, "issuer: 'a',,\nclientID: 'b',\n", nil},
		{"ts object", langTS, "const o: T = {\n  a: 1,,\n};\n", []string{"2:8 " + cd}},
		{"ruby hash", langRuby, "x = [\n  {\n    name: \"oidc\",,\n    label: \"A\",\n  }\n]\n", []string{"3:18 " + cd}},
		{"lua table", langLua, "local opts = {\n  client_id = \"openresty\",,\n}\n", []string{"2:27 " + cd}},
		{"one comma", langPython, "X = {\n    'a': 'x',\n}\n", nil},
		{"in strings and comments", langPython, "X = {\n    'a': 'x,,y', # ,,\n}\n", nil},
		{"statement level", langPython, "a = 1,,\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codeFindings(tt.lang, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestElixirCommaDoubled covers ",," in Elixir, at any depth, and the
// text the lexer leaves alone.
func TestElixirCommaDoubled(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"call without parentheses", "config :ueberauth,,\n  Ueberauth,\n  providers: [oidc: {Ueberauth.Strategy.OIDC, []}]\n", []string{"1:19 " + cd}},
		{"keyword list", "config :app, Mod,\n  client_id: \"x\",,\n  secret: \"y\"\n", []string{"2:18 " + cd}},
		{"map", "%{a: 1,, b: 2}\n", []string{"1:8 " + cd}},
		{"strings and comments", "x = \"a,,b\" # ,,\ny = 'c,,d'\nz = \"#{f(1, 2)},,\"\n", nil},
		{"heredoc", "x = \"\"\"\n,,\n\"\"\"\n", nil},
		{"sigil", "r = ~r/a,,b/\n", nil},
		{"character literal", "c = [?,, ?a]\n", nil},
		{"predicate", "if valid?(x), do: f(a, b)\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range validateElixir([]byte(tt.text)) {
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

// TestCodeSeparatorMissing covers a key and its value with no separator
// in each language, and the look-alikes that are legal.
func TestCodeSeparatorMissing(t *testing.T) {
	tests := []struct {
		name string
		lang codeLang
		text string
		want []string
	}{
		{"python two strings", langPython, "X = {\n    'a': 1,\n    \"icon\" \"fa-key\",\n}\n", []string{"3:5 " + sm}},
		{"python call value", langPython, "X = {\n    \"sub\" (True, \"uid\"),\n    \"email\": \"e\",\n}\n", []string{"2:5 " + sm}},
		{"python last entry", langPython, "X = {\n    'a': 1,\n    'b' 2\n}\n", []string{"3:5 " + sm}},
		{"python keyword argument", langPython, "f(\n    a=1,\n    b \"x\",\n)\n", []string{"3:5 " + sm}},
		{"python concatenated key", langPython, "X = {\n    'a': 1,\n    'b' 'c': 2,\n}\n", nil},
		{"python set", langPython, "X = {\n    'a' 'b',\n    'c',\n}\n", nil},
		{"python conditional", langPython, "X = {\n    'a': 1,\n    'b' if x else 'c',\n}\n", nil},
		{"python split string", langPython, "X = {\n    'a':\n        'a long '\n        'string',\n}\n", nil},
		{"php two strings", langPHP, "$a = array(\n  'id' => 'u',\n  'is_admin'  'is_nextcloud_admin',\n);\n", []string{"3:3 " + sm}},
		{"php unkeyed entries", langPHP, "$a = [\n  'id' => 'u',\n  'plain',\n  $x,\n];\n", nil},
		{"php keyword operator", langPHP, "$a = [\n  'id' => 'u',\n  'b' OR $c,\n  'd' instanceof E,\n];\n", nil},
		{"php concatenation", langPHP, "$a = [\n  'id' => 'u',\n  'b' . 'c',\n];\n", nil},
		{"js string value", langJS, "x = {\n  issuer: 'a',\n  userInfoURL 'https://a/b',\n};\n", []string{"3:3 " + sm}},
		{"js member value", langJS, "x = {\n  a: 1,\n  refreshToken req.oidc.refreshToken,\n};\n", []string{"3:3 " + sm}},
		{"js method and accessors", langJS, "x = {\n  a: 1,\n  get b() { return 1 },\n  async c(x) { return x },\n  d,\n};\n", nil},
		{"js no keyed entry", langJS, "x = {\n  a b,\n};\n", nil},
		{"js array", langJS, "x = [\n  a: 1,\n  b c,\n];\n", nil},
		{"js block", langJS, "if (x) {\n  a: 1\n  foo bar\n}\n", nil},
		{"ruby label", langRuby, "x = [\n  {\n    name: \"oidc\",\n    label \"Authelia\",\n  }\n]\n", []string{"4:5 " + sm}},
		{"ruby rocket", langRuby, "x = {\n  'a' => 1,\n  'b' 2,\n}\n", []string{"3:3 " + sm}},
		{"ruby method call", langRuby, "label \"Authelia\"\nfoo 'a', b: 1\n", nil},
		{"ruby block", langRuby, "list.each { |x|\n  puts x\n}\n", nil},
		{"lua name value", langLua, "local t = {\n  a = 1,\n  client_id openresty,\n}\n", []string{"3:3 " + sm}},
		{"lua call entries", langLua, "local t = {\n  a = 1,\n  require \"x\",\n  f {1},\n}\n", nil},
		{"lua operator", langLua, "local t = {\n  a = 1,\n  b or c,\n}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codeFindings(tt.lang, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
