package caddyfile

import (
	"fmt"
	"strings"
	"testing"
)

// render writes each token as kind:body, with ! for an open one.
func render(text string, toks []Token) string {
	names := map[Kind]string{Word: "w", Quoted: "q", Backquoted: "b", Heredoc: "h", Comment: "c", Newline: "nl"}
	var out []string
	for _, t := range toks {
		s := fmt.Sprintf("%s:%q", names[t.Kind], text[t.Body.Start:t.Body.End])
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

func TestLex(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		in   string
		want string
	}{
		{"empty", Options{}, "", ""},
		{"words and braces", Options{}, "a.example.com {\n\treverse_proxy app:80\n}", `w:"a.example.com" w:"{" nl w:"reverse_proxy" w:"app:80" nl w:"}"`},
		{"comment starts a token only", Options{}, "redir /a#b # c\n", `w:"redir" w:"/a#b" c:"# c" nl`},
		{"CR is a blank", Options{}, "a\r\nb", `w:"a" nl w:"b"`},
		{"quoted with escapes", Options{}, `respond "say \"hi\"" x`, `w:"respond" q:"say \\\"hi\\\"" w:"x"`},
		{"backslash escapes a backslash", Options{}, `a "b\\" c`, `w:"a" q:"b\\\\" w:"c"`},
		{"quoted spans lines", Options{}, "a \"b\nc\" d", `w:"a" q:"b\nc" w:"d"`},
		{"quote inside a word", Options{}, `a"b c`, `w:"a\"b" w:"c"`},
		{"word after a closing quote", Options{}, `"a"b`, `q:"a" w:"b"`},
		{"backquoted has no escapes", Options{}, "`a\\` b", "b:\"a\\\\\" w:\"b\""},
		{"open quote", Options{}, "a \"b\nc", `w:"a" q:"b\nc"!`},
		{"continuation is a word", Options{}, "a \\\n b", `w:"a" w:"\\" nl w:"b"`},
		{"heredoc", Options{}, "respond <<HTML\n  <p>{</p>\n  HTML 200\n", `w:"respond" h:"  <p>{</p>\n" w:"200" nl`},
		{"heredoc CRLF", Options{}, "r <<E\r\nx\r\nE\r\n", `w:"r" h:"x\r\n" nl`},
		{"heredoc marker is a prefix", Options{}, "r <<E\nx\nEF\n", `w:"r" h:"x\n" w:"F" nl`},
		{"heredoc open", Options{}, "r <<E\nx\n", `w:"r" h:"x\n"!`},
		{"heredoc needs the line break", Options{}, "r <<E \nx\n", `w:"r" w:"<<E" nl w:"x" nl`},
		{"heredoc marker characters", Options{}, "r <<E.F\nx\n", `w:"r" w:"<<E.F" nl w:"x" nl`},
		{"no marker", Options{}, "r <<\nx", `w:"r" w:"<<" nl w:"x"`},

		{"loose heredoc: blanks and comment", Options{LooseHeredoc: true}, "r <<E.F # c\n{\nE.F {\nx\n", `w:"r" h:"{\n" nl w:"x" nl`},
		{"loose heredoc: not last", Options{LooseHeredoc: true}, "r <<E x\n", `w:"r" w:"<<E" w:"x" nl`},
		{"whole marker", Options{WholeMarker: true}, "r <<E\nEF\nE 2\n", `w:"r" h:"EF\n" w:"2" nl`},
		{"quote only escape", Options{QuoteOnlyEscape: true}, `a "b\\" c"`, `w:"a" q:"b\\\\\" c"`},
	}
	for _, tt := range tests {
		if got := render(tt.in, tt.o.Lex([]byte(tt.in))); got != tt.want {
			t.Errorf("%s: Lex(%q)\ngot  %s\nwant %s", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		raw      bool
	}{
		{`"a b"`, "a b", true},
		{`"say \"hi\""`, `say "hi"`, false},
		{`"a\nb"`, `a\nb`, true},
		{"`a\\\"`", `a\"`, true},
		{`w\"`, `w\"`, true},
	} {
		toks := Lex([]byte(tt.in))
		if len(toks) != 1 {
			t.Fatalf("%q: %d tokens", tt.in, len(toks))
		}
		if got, raw := toks[0].Text([]byte(tt.in)); got != tt.want || raw != tt.raw {
			t.Errorf("Text(%q) = %q, %v; want %q, %v", tt.in, got, raw, tt.want, tt.raw)
		}
	}
}

// FuzzLex: no panic; tokens in order, inside the text, bodies inside
// their tokens (a heredoc's body may be empty past a lone '\r'), and
// every byte outside them a blank; under each set of Options.
func FuzzLex(f *testing.F) {
	for _, s := range []string{"a {\n\tb \"c\" `d`\n}\n", "r <<E\r\nx\nE 2\n", "a \\\n b # c", "\"\\", "r <<E\rE", "<<E #\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		for opts := range 8 {
			o := Options{LooseHeredoc: opts&1 != 0, WholeMarker: opts&2 != 0, QuoteOnlyEscape: opts&4 != 0}
			lexes(t, o, text)
		}
	})
}

func lexes(t *testing.T, o Options, text []byte) {
	in := string(text)
	prev := 0
	for _, tok := range o.Lex(text) {
		s, b := tok.Span, tok.Body
		if s.Start < prev || s.End > len(in) || s.Start >= s.End || b.Start > b.End || b.End > len(in) {
			t.Fatalf("%q: token %+v after %d", in, tok, prev)
		}
		if tok.Kind != Heredoc && (b.Start < s.Start || b.End > s.End) {
			t.Fatalf("%q: body outside its token %+v", in, tok)
		}
		for _, c := range text[prev:s.Start] {
			if !isBlank(c) {
				t.Fatalf("%q: byte %q before %+v in no token", in, c, tok)
			}
		}
		tok.Text(text)
		prev = s.End
	}
}
