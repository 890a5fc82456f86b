package syntax

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// TestLinearInputs validates snippets made of n repetitions of a construct
// that made a validator super-linear, and requires the time to grow about
// linearly with n.
func TestLinearInputs(t *testing.T) {
	tests := []struct {
		name, lang string
		text       func(n int) string
	}{
		{"duplicate keys", "yaml", func(n int) string { return strings.Repeat("k: v\n", n) }},
		{"duplicate quoted keys", "yaml", func(n int) string { return strings.Repeat("'k': \"v\"\n", n) }},
		{"duplicate keys on one line", "yaml", func(n int) string { return "{" + strings.Repeat("k: v, ", n) + "}\n" }},
		{"duplicate keys on one line of multi-byte text", "yaml", func(n int) string { return "{" + strings.Repeat("ké: vé, ", n) + "}\n" }},
		{"duplicate keys in nested mappings", "yaml", func(n int) string { return strings.Repeat("a:\n  k: 1\n  k: 2\n", n) }},
		{"aliases of a mapping with duplicate keys", "yaml", func(n int) string {
			return "x: &x {k: 1, k: 2}\ny: [" + strings.Repeat("*x, ", n) + "]\n"
		}},
		{"a YAML error after long lines", "yaml", func(n int) string {
			return "a: 1\n" + strings.Repeat("b"+strings.Repeat("x", 200)+": 1\n", n) + "c: [\n"
		}},
		{"duplicate JSON keys", "json", func(n int) string { return "{" + strings.Repeat(`"k": 1, `, n) + `"k": 1}` }},
		{"duplicate .env keys", "env", func(n int) string { return strings.Repeat("K=v\n", n) }},
		{"duplicate INI keys", "ini", func(n int) string { return "[s]\n" + strings.Repeat("k = v\n", n) }},
		{"TOML keys", "toml", func(n int) string { return strings.Repeat("k = 1\n", n) }},
		// Past maxTOMLComparisons (about 5800 keys in one table), go-toml's
		// decoder, quadratic in the keys of a table, is not run.
		{"distinct TOML keys", "toml", func(n int) string {
			var b strings.Builder
			for i := range 8192 + n {
				fmt.Fprintf(&b, "k%d = 1\n", i)
			}
			return b.String()
		}},
		{"JavaScript objects on one line", "js", func(n int) string { return "x = [" + strings.Repeat("{a: True},", n) + "]\n" }},
		{"JavaScript entries without commas", "js", func(n int) string { return "x = {\n" + strings.Repeat("a: 1\n", n) + "}\n" }},
		{"Python foreign names on one line", "python", func(n int) string {
			return "x = [" + strings.Repeat("true, ", n) + "]\n" + strings.Repeat("import ", n) + "\n"
		}},
		{"Python names before an assignment", "python", func(n int) string { return strings.Repeat("nil, ", n) + "= f()\n" }},
		{"Ruby do blocks", "ruby", func(n int) string { return strings.Repeat("a do ", n) + "\n" + strings.Repeat("end\n", n) }},
		{"Lua keys in brackets", "lua", func(n int) string {
			return "t = {\n" + strings.Repeat("a = 1\n["+strings.Repeat("[", 20)+"\n", n) + "}\n"
		}},
		{"nginx Lua blocks", "nginx", func(n int) string { return strings.Repeat("content_by_lua_block {\n a = { b = 1 }\n}\n", n) }},
		{"XML elements", "xml", func(n int) string { return "<a>" + strings.Repeat("<b/>", n) + "</a>" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := langKind(tt.lang)
			if tt.lang == "nginx" {
				k = kindNginx
			}
			testenv.Linear(t, 200, func(n int) func() {
				text := []byte(tt.text(n))
				return func() { validate(k, text, newBudget()) }
			})
		})
	}
}

// TestPrefixBudget locates the same YAML error with an ample budget and
// with none: with none it falls back to the line yaml.v3 names, and either
// way the budget is never overdrawn.
func TestPrefixBudget(t *testing.T) {
	text := []byte("a: 1\nb: [\nc: 2\nd: 3\n")
	ample, none := newBudget(), &budget{}
	fs := validateYAMLWithin(text, ample)
	if len(fs) != 1 || ample.left == maxPrefixBytes || ample.left < 0 {
		t.Fatalf("with an ample budget: %v, %d bytes left", fs, ample.left)
	}
	fsNone := validateYAMLWithin(text, none)
	_, err := decodeYAML(text)
	if line := messageLine(err); len(fsNone) != 1 || fsNone[0].span.Start != lineStarts(text, source.YAMLBreaks)[line-1] || none.left != 0 {
		t.Errorf("without budget: %v, want a finding on yaml.v3's line %d", fsNone, line)
	}
}
