package ini

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

func render(f *File, errs []Error) (entries, errors []string) {
	for _, s := range f.Sections {
		entries = append(entries, fmt.Sprintf("[%s]@%d", s.Name, s.Span.Start))
	}
	for _, e := range f.Entries {
		entries = append(entries, fmt.Sprintf("%s.%s=%q@%d:%d-%d", e.Section, e.Key, e.Value, e.KeySpan.Start, e.ValueSpan.Start, e.ValueSpan.End))
	}
	for _, e := range errs {
		errors = append(errors, fmt.Sprintf("%d-%d %s", e.Span.Start, e.Span.End, e.Msg))
	}
	return entries, errors
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		entries []string
		errs    []string
	}{
		{"empty", "", nil, nil},
		{"comments", "; a\n# b\n  ; c\n", nil, nil},
		{"global key", "a = 1\n", []string{`.a="1"@0:4-5`}, nil},
		{"section", "[s]\nk=v\n", []string{`[s]@1`, `s.k="v"@4:6-7`}, nil},
		{"dotted section and colon", "[auth.generic_oauth]\nname: Authelia\n", []string{`[auth.generic_oauth]@1`, `auth.generic_oauth.name="Authelia"@21:27-35`}, nil},
		{"aligned", "[o]\nclient_id     = x\n", []string{`[o]@1`, `o.client_id="x"@4:20-21`}, nil},
		{"empty value", "[s]\nrole =\n", []string{`[s]@1`, `s.role=""@4:10-10`}, nil},
		{"value with equals and colon", "u = https://a/b?c=d\n", []string{`.u="https://a/b?c=d"@0:4-19`}, nil},
		{"continuation", "k = a\n  b\n\n  c\nn = 1\n", []string{`.k="a\nb\nc"@0:4-14`, `.n="1"@15:19-20`}, nil},
		{"lone CR and CRLF end lines", "[s]\rk = a\r\n  b\rn = 1", []string{`[s]@1`, `s.k="a\nb"@4:8-14`, `s.n="1"@15:19-20`}, nil},
		{"Unicode separators are text", "k = a\u2028b\n", []string{`.k="a\u2028b"@0:4-9`}, nil},
		{"continuation of empty value", "k =\n  b\n", []string{`.k="b"@0:6-7`}, nil},
		{"indented keys (git config)", "[user]\n\tname = a\n\temail = b\n", []string{`[user]@1`, `user.name="a"@8:15-16`, `user.email="b"@18:26-27`}, nil},
		{"header comment", "[s] ; c\n", []string{`[s]@1`}, nil},
		{"CRLF", "[s]\r\nk = v\r\n", []string{`[s]@1`, `s.k="v"@5:9-10`}, nil},

		{"no delimiter", "[s]\njust words\n", []string{`[s]@1`}, []string{"4-14 expected key = value, [section] or a comment"}},
		{"missing key", "= 1\n", nil, []string{`0-1 missing key before '='`}},
		{"unclosed header", "[s\nk=v\n", []string{`.k="v"@3:5-6`}, []string{"0-2 missing ']' in section header"}},
		{"empty header", "[ ]\n", nil, []string{"0-3 empty section name"}},
		{"text after header", "[s] x\n", []string{`[s]@1`}, []string{"4-5 unexpected text after section header"}},
		{"indented line before any key", "  just words\n", nil, []string{"2-12 expected key = value, [section] or a comment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Parse([]byte(tt.in))
			gotE, gotR := render(f, errs)
			if strings.Join(gotE, "\n") != strings.Join(tt.entries, "\n") {
				t.Errorf("entries:\n got %q\nwant %q", gotE, tt.entries)
			}
			if strings.Join(gotR, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errs:\n got %q\nwant %q", gotR, tt.errs)
			}
		})
	}
}

func FuzzINI(f *testing.F) {
	for _, s := range []string{"[s]\nk=v\n", "k: v\n  c\n", "[", "= x", "[a] b", "; c\n#d"} {
		f.Add([]byte(s))
	}
	for _, s := range corpusINIBlocks(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		file, errs := Parse(in)
		ok := func(start, end int) bool { return 0 <= start && start <= end && end <= len(in) }
		for _, s := range file.Sections {
			if !ok(s.Span.Start, s.Span.End) || string(in[s.Span.Start:s.Span.End]) != s.Name {
				t.Fatalf("bad section %+v", s)
			}
		}
		for _, e := range file.Entries {
			if !ok(e.KeySpan.Start, e.KeySpan.End) || !ok(e.ValueSpan.Start, e.ValueSpan.End) {
				t.Fatalf("bad entry spans %+v (len %d)", e, len(in))
			}
			if string(in[e.KeySpan.Start:e.KeySpan.End]) != e.Key || e.Key == "" {
				t.Fatalf("bad key %q at %v", e.Key, e.KeySpan)
			}
		}
		for _, e := range errs {
			if !ok(e.Span.Start, e.Span.End) || e.Msg == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}

// corpusINIBlocks returns the bodies of the corpus guides' ```ini blocks.
func corpusINIBlocks(tb testing.TB) []string {
	var out []string
	for _, f := range testenv.CorpusFences(tb) {
		if f.Lang == "ini" {
			out = append(out, f.Text)
		}
	}
	return out
}
