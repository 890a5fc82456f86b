package nginx

import (
	"strings"
	"testing"
)

// TestLex pins the token rules of nginx's reader: what ends a word, what
// a quote and a comment are, ${var}, and a Lua block's body.
func TestLex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // kinds and texts, "|"-separated
	}{
		{"proxy_pass http://a;", "w:proxy_pass|w:http://a|;"},
		{"a b{c;}", "w:a|w:b|{|w:c|;|}"},
		{"set $x ${host}x;", "w:set|w:$x|w:${host}x|;"},
		{"return 200 a}b;", "w:return|w:200|w:a}b|;"},
		{`add_header X "a b; c" always;`, `w:add_header|w:X|q:"a b; c"|w:always|;`},
		{`x 'a\'b';`, `w:x|q:'a\'b'|;`},
		{"x a#b; # c\ny;", "w:x|w:a#b|;|c:# c|w:y|;"},
		{"x don't;", "w:x|w:don't|;"},
		{"x ...;\n…", "w:x|e:...|;|e:…"},
		{"[...] <…> (..) [a]", "e:[...]|e:<…>|e:(..)|w:[a]"},
		{"content_by_lua_block { local t = {a = '}'} -- }\n ngx.say(t) }\nx;", "w:content_by_lua_block|{|l: local t = {a = '}'} -- }\n ngx.say(t) |}|w:x|;"},
		{"access_by_lua_block { s = [[ } ]] }", "w:access_by_lua_block|{|l: s = [[ } ]] |}"},
		{"access_by_lua_blokc { s = '}' }", "w:access_by_lua_blokc|{|l: s = '}' |}"},
	} {
		var got []string
		for _, tk := range Lex([]byte(tc.in)) {
			p := map[Kind]string{Word: "w:", Quoted: "q:", Comment: "c:", Ellipsis: "e:", LuaBody: "l:"}[tk.Kind]
			got = append(got, p+tc.in[tk.Start:tk.End])
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("Lex(%q)\n got %s\nwant %s", tc.in, g, tc.want)
		}
	}
}

// TestLexQuotes pins the open and glued strings, which nginx refuses.
func TestLexQuotes(t *testing.T) {
	for _, tc := range []struct {
		in          string
		open, glued bool
	}{
		{`x "a";`, false, false},
		{`x "a`, true, false},
		{`x "a"b;`, false, true},
		{`x "a"}`, false, true},
		{`if ($a = "b") {}`, false, false},
	} {
		var open, glued bool
		for _, tk := range Lex([]byte(tc.in)) {
			if tk.Kind == Quoted {
				open, glued = open || tk.Open, glued || tk.Glued
			}
		}
		if open != tc.open || glued != tc.glued {
			t.Errorf("Lex(%q): open %v glued %v, want %v %v", tc.in, open, glued, tc.open, tc.glued)
		}
	}
}

// TestParse pins the directives, their ends and blocks, and the errors
// nginx -t would report.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in     string
		tree   string // name(args)term[children]
		errs   []ErrorKind
		elided bool
	}{
		{"a 1;\nb {\n c 2;\n}\n", "a(1); b{c(2);}", nil, false},
		{"a 1\n}", "a(1)", []ErrorKind{ErrUnterminated, ErrUnexpectedBrace}, false},
		{"b {\n c 2;\n", "b{c(2);", []ErrorKind{ErrUnexpectedEnd}, false},
		{"a 1", "a(1)", []ErrorKind{ErrUnterminated}, false},
		{"b { c 2 }", "b{c(2)}", []ErrorKind{ErrUnterminated}, false},
		{"b {\n ...\n}", "b{}", nil, true},
		{"b {\n # ...\n c;\n}", "b{c;}", nil, true},
		{"x_by_lua_block { if a then t = {} end }\ny;", "x_by_lua_block{} y;", nil, false},
		{"x_by_lua_block { if a then", "x_by_lua_block{", []ErrorKind{ErrOpenLua}, false},
		{`a "b`, "a(\"b)", []ErrorKind{ErrOpenQuote, ErrUnterminated}, false},
		{"{ a; }", "{a;}", nil, false},
	} {
		f := Parse([]byte(tc.in))
		if g := tree(tc.in, f.Directives); g != tc.tree {
			t.Errorf("Parse(%q) tree %q, want %q", tc.in, g, tc.tree)
		}
		var kinds []ErrorKind
		for _, e := range f.Errors {
			kinds = append(kinds, e.Kind)
		}
		if len(kinds) != len(tc.errs) {
			t.Errorf("Parse(%q) errors %v, want %v", tc.in, kinds, tc.errs)
		} else {
			for i := range kinds {
				if kinds[i] != tc.errs[i] {
					t.Errorf("Parse(%q) errors %v, want %v", tc.in, kinds, tc.errs)
				}
			}
		}
		if f.Elided != tc.elided {
			t.Errorf("Parse(%q) elided %v", tc.in, f.Elided)
		}
	}
}

// tree renders ds compactly for TestParse.
func tree(text string, ds []*Directive) string {
	var parts []string
	for _, d := range ds {
		s := text[d.Name.Start:d.Name.End]
		var args []string
		for _, a := range d.Args {
			if a.Kind != Ellipsis {
				args = append(args, text[a.Start:a.End])
			}
		}
		if len(args) > 0 {
			s += "(" + strings.Join(args, " ") + ")"
		}
		switch d.Term {
		case ';':
			s += ";"
		case '{':
			s += "{" + tree(text, d.Block)
			if !d.Close.Open {
				s += "}"
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// TestNear pins the misspellings Near recognises and the names it leaves
// alone: directives, third-party names near none, ties.
func TestNear(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"proxy_pas", "proxy_pass"},
		{"auth_requets", "auth_request"},
		{"proxy_set_heder", "proxy_set_header"},
		{"proxy_set_headerr", "proxy_set_header"},
		{"lisen", "listen"},
		{"server_nmae", "server_name"},
		{"proxy_pass", ""},
		{"vhost_traffic_status_zone", ""},
		{"subs_filter", ""},
		{"ssi", ""},
		{"abc", ""},
		{"proxy_buffesr", "proxy_buffers"},
	} {
		got, _ := Near(tc.in)
		if got != tc.want {
			t.Errorf("Near(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, d := range []string{"proxy_pass", "auth_request", "auth_request_set", "proxy_set_header", "http2", "content_by_lua_block", "lua_shared_dict", "ssl_certificate", "limit_req_zone", "sub_filter", "gzip_types", "real_ip_header", "set_real_ip_from", "map", "upstream", "stream", "js_import", "more_set_headers"} {
		if !Known(d) {
			t.Errorf("Known(%q) = false", d)
		}
	}
}

// FuzzParse checks that Parse never panics and keeps its offsets in the
// text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a b;", "b { c; }", "x_by_lua_block { [[ ]] }", `a "b`, "a 'b'c", "}", "{", "# …\n...", "set ${x} 1;"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		p := Parse(text)
		Walk(p.Directives, func(d *Directive) {
			if d.Name.Start < 0 || d.Name.End > len(text) || d.Name.Start > d.Name.End || d.End.End > len(text) {
				t.Fatalf("bad offsets in %q", text)
			}
		})
		for _, e := range p.Errors {
			if e.Offset < 0 || e.Offset > len(text) {
				t.Fatalf("bad error offset %d in %q", e.Offset, text)
			}
		}
	})
}
