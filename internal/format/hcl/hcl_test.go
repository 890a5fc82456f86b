package hcl

import (
	"fmt"
	"strings"
	"testing"
)

// render writes each token as kind:text, with ! for an open string.
func render(text string, toks []Token) string {
	var out []string
	for _, t := range toks {
		s := fmt.Sprintf("%c:%q", t.Kind, text[t.Span.Start:t.Span.End])
		if t.Kind == Newline {
			s = "nl"
		}
		if t.Open {
			s += "!"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

var settings = Options{DottedNames: true, NoNumbers: true, FlatTemplates: true, LooseHeredoc: true}

func TestLex(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		in   string
		want string
		open int
	}{
		{"empty", Options{}, "", "", -1},
		{"argument", Options{}, "client_id = \"vault\"\n", `i:"client_id" =:"=" s:"\"vault\"" nl`, -1},
		{"block", Options{}, "resource \"a\" \"b\" {\r\n}", `i:"resource" s:"\"a\"" s:"\"b\"" {:"{" nl }:"}"`, -1},
		{"comments", Options{}, "# a\n// b\n/* c\n */ x", `nl nl i:"x"`, -1},
		{"unclosed block comment stops", Options{}, "a /* b\nc", `i:"a"`, -1},
		{"names, traversals, numbers", Options{}, "var.x-y 1.5e3 _a", `i:"var" .:"." i:"x-y" n:"1.5e3" i:"_a"`, -1},
		{"template with a string and braces", Options{}, `"${f({a = "}"})}" x`, `s:"\"${f({a = \"}\"})}\"" i:"x"`, -1},
		{"template escape", Options{}, `"$${a" x`, `s:"\"$${a\"" i:"x"`, -1},
		{"escaped quote", Options{}, `"a\"b" x`, `s:"\"a\\\"b\"" i:"x"`, -1},
		{"string open at line end", Options{}, "a = \"b\nc \"d", `i:"a" =:"="`, 4},
		{"heredoc", Options{}, "a = <<-EOT\n  {\n  EOT\nb", `i:"a" =:"=" h:"<<-EOT\n  {\n  EOT" nl i:"b"`, -1},
		{"heredoc never closed", Options{}, "a = <<EOT\n{\n", `i:"a" =:"=" <:"<<" i:"EOT" nl {:"{" nl`, -1},
		{"no heredoc marker", Options{}, "a << b", `i:"a" <:"<<" i:"b"`, -1},
		{"punctuation bytes", Options{}, "[a, b]\u00e9", "[:\"[\" i:\"a\" ,:\",\" i:\"b\" ]:\"]\" \u00c3:\"\\xc3\" \u00a9:\"\\xa9\"", -1},

		{"dotted names", Options{DottedNames: true}, "var.x", `i:"var.x"`, -1},
		{"no numbers", Options{NoNumbers: true}, "1e5", `1:"1" i:"e5"`, -1},
		{"flat templates", Options{FlatTemplates: true}, `"${"}" x"`, `s:"\"${\"}\"" i:"x"`, 8},
		{"loose heredoc", settings, "a = <<E.F\n{\nE.F x\n", `i:"a" =:"=" h:"<<E.F\n{\nE.F" i:"x" nl`, -1},
		{"loose heredoc never closed", settings, "a = <<E\n{\n", `i:"a" =:"=" h:"<<E\n{\n"`, -1},
	}
	for _, tt := range tests {
		toks, open := tt.o.Lex([]byte(tt.in))
		if got := render(tt.in, toks); got != tt.want || open != tt.open {
			t.Errorf("%s: Lex(%q)\ngot  %s (open %d)\nwant %s (open %d)", tt.name, tt.in, got, open, tt.want, tt.open)
		}
		if tt.open < 0 {
			continue
		}
		var all []Token
		for tok := range tt.o.Tokens([]byte(tt.in)) {
			all = append(all, tok)
		}
		if len(all) <= len(toks) || !all[len(toks)].Open || all[len(toks)].Span.Start != open {
			t.Errorf("%s: Tokens(%q) does not go on with the open string: %s", tt.name, tt.in, render(tt.in, all))
		}
	}
}

// FuzzLex: no panic; under each set of Options, tokens in order, inside
// the text and not empty; Lex gives the tokens before the first open
// string and its offset.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"resource \"a\" \"b\" {\n  x = [\"${a}\", 1]\n}\n", "\"${\"}\"", "a = <<E\n", "/*", "<<-E\r\nE", "\"\\"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		for opts := range 16 {
			o := Options{DottedNames: opts&1 != 0, NoNumbers: opts&2 != 0, FlatTemplates: opts&4 != 0, LooseHeredoc: opts&8 != 0}
			toks, open := o.Lex(text)
			prev, first, before := 0, -1, 0
			for tok := range o.Tokens(text) {
				if s := tok.Span; s.Start < prev || s.End > len(text) || s.Start >= s.End {
					t.Fatalf("%+v: %q: token %+v after %d", o, text, tok, prev)
				}
				if tok.Open && first < 0 {
					first = tok.Span.Start
				}
				if first < 0 {
					before++
				}
				prev = tok.Span.End
			}
			if open != first || len(toks) != before {
				t.Fatalf("%+v: %q: Lex gives %d tokens and open %d; %d tokens before the first open one at %d", o, text, len(toks), open, before, first)
			}
		}
	})
}
