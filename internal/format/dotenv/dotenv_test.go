package dotenv

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// v renders a Var as KEY=VALUE@keyStart:valueStart-valueEnd for compact
// expectations.
func v(x Var) string {
	ex := ""
	if x.Export {
		ex = "export "
	}
	return fmt.Sprintf("%s%s=%q@%d:%d-%d", ex, x.Key, x.Value, x.KeySpan.Start, x.ValueSpan.Start, x.ValueSpan.End)
}

func e(x Error) string {
	return fmt.Sprintf("%d:%d-%d %s", x.Kind, x.Span.Start, x.Span.End, x.Msg)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		vars []string
		errs []string
	}{
		{"empty", "", nil, nil},
		{"blank and comments", "\n  \n# x=1\n   # y\n", nil, nil},
		{"plain", "A=1\nB_2=two\n", []string{`A="1"@0:2-3`, `B_2="two"@4:8-11`}, nil},
		{"no trailing newline", "A=1", []string{`A="1"@0:2-3`}, nil},
		{"empty value", "A=\n", []string{`A=""@0:2-2`}, nil},
		{"dot in name", "a.b=c\n", []string{`a.b="c"@0:4-5`}, nil},
		{"inner blanks kept", "S=openid profile email\n", []string{`S="openid profile email"@0:2-22`}, nil},
		{"inline comment", "A=x # c\nB=y#z\n", []string{`A="x"@0:2-3`, `B="y#z"@8:10-13`}, nil},
		{"trailing blanks and CR", "A=x  \r\n", []string{`A="x"@0:2-3`}, nil},
		{"lone CR ends a line", "A=x\rB=y\r\rC=\"1\r2\"\rD", []string{`A="x"@0:2-3`, `B="y"@4:6-7`, `C="1\r2"@9:11-16`}, []string{"1:17-18 missing '=' after D"}},
		{"Unicode separators are text", "A=x\u2028B=y\u0085\n", []string{`A="x\u2028B=y\u0085"@0:2-11`}, nil},
		{"indented", "  A=1\n", []string{`A="1"@2:4-5`}, nil},
		{"export", "export A=1\n", []string{`export A="1"@7:9-10`}, nil},
		{"single quotes literal", `A='a\nb #c'` + "\n", []string{`A="a\\nb #c"@0:2-11`}, nil},
		{"double quote escapes", `A="a\nb\"c\\d\$e\qf"` + "\n", []string{`A="a\nb\"c\\d$e\\qf"@0:2-20`}, nil},
		{"quote then comment", `A="x" # c` + "\n", []string{`A="x"@0:2-5`}, nil},
		{"multi-line quoted", "A=\"x\ny\"\nB=1\n", []string{`A="x\ny"@0:2-7`, `B="1"@8:10-11`}, nil},
		{"empty quotes", `A=''` + "\n" + `B=""`, []string{`A=""@0:2-4`, `B=""@5:7-9`}, nil},
		{"duplicates kept", "A=1\nA=2\n", []string{`A="1"@0:2-3`, `A="2"@4:6-7`}, nil},
		{"url value", "U=https://a.b/c?d=e&f#g\n", []string{`U="https://a.b/c?d=e&f#g"@0:2-23`}, nil},

		{"spaces around equals", "A = 1\n", []string{`A="1"@0:4-5`}, []string{"3:1-4 blank around '=' in A="}},
		{"space before equals, empty value", "A =\n", []string{`A=""@0:3-3`}, []string{"3:1-3 blank around '=' in A="}},
		{"export with spaces", "export A = 1\n", []string{`export A="1"@7:11-12`}, []string{"3:8-11 blank around '=' in A="}},
		{"space after equals", "A= 1\n", []string{`A="1"@0:3-4`}, []string{"3:1-3 blank after '=' in A="}},
		{"space after equals then comment", "A= # c\n", []string{`A=""@0:2-2`}, nil},
		{"lone name", "A\n", nil, []string{"1:0-1 missing '=' after A"}},
		{"lone name with comment", "A # c\n", nil, []string{"1:0-1 missing '=' after A"}},
		{"yaml style", "A: 1\n", nil, []string{"1:1-2 expected '=' after A, found ':'"}},
		{"command", "docker run -e A=1 img\n", nil, []string{"0:0-21 expected KEY=value"}},
		{"invalid name", "MY-VAR=1\n", nil, []string{`2:0-6 invalid variable name "MY-VAR"`}},
		{"digit first", "1A=1\n", nil, []string{`2:0-2 invalid variable name "1A"`}},
		{"missing name", "=1\n", nil, []string{"2:0-1 missing variable name before '='"}},
		{"unterminated", "A='x\nB=2\n", []string{`A="x"@0:2-4`, `B="2"@5:7-8`}, []string{"4:2-4 unterminated single-quoted value"}},
		{"unterminated double", "A=\"x \n", []string{`A="x"@0:2-4`}, []string{"4:2-4 unterminated double-quoted value"}},
		{"text after quote", "A='x'y\n", []string{`A="x"@0:2-5`}, []string{"5:5-6 unexpected text after the closing quote"}},
		{"text after multi-line quote", "A='x\ny'z\nB=1\n", []string{`A="x\ny"@0:2-7`, `B="1"@9:11-12`}, []string{"5:7-8 unexpected text after the closing quote"}},
		{"invalid name with multi-line quote", "A-B='x\ny'\nC=1\n", []string{`C="1"@10:12-13`}, []string{`2:0-3 invalid variable name "A-B"`}},
		{"export alone", "export\n", nil, []string{"1:0-6 missing '=' after export"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars, errs := Parse([]byte(tt.in))
			var gotV, gotE []string
			for _, x := range vars {
				gotV = append(gotV, v(x))
			}
			for _, x := range errs {
				gotE = append(gotE, e(x))
			}
			if strings.Join(gotV, "\n") != strings.Join(tt.vars, "\n") {
				t.Errorf("vars:\n got %q\nwant %q", gotV, tt.vars)
			}
			if strings.Join(gotE, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errs:\n got %q\nwant %q", gotE, tt.errs)
			}
		})
	}
}

// TestKeySpan checks that every KeySpan slices out exactly the Key.
func TestKeySpan(t *testing.T) {
	in := []byte("export A=1\n  B.c='x'\nD=\"y\nz\"\n")
	vars, errs := Parse(in)
	if len(errs) != 0 {
		t.Fatalf("errs: %v", errs)
	}
	for _, x := range vars {
		if got := string(in[x.KeySpan.Start:x.KeySpan.End]); got != x.Key {
			t.Errorf("KeySpan of %s slices %q", x.Key, got)
		}
	}
}

func FuzzDotenv(f *testing.F) {
	for _, s := range []string{"A=1\n", "export A='x'\n", "A=\"x\ny\"", "A = 1", "A: 1", "docker run", "A='", "=", "A-B=\"\\"} {
		f.Add([]byte(s))
	}
	for _, s := range corpusEnvBlocks(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		vars, errs := Parse(in)
		for _, x := range vars {
			if !inside(x.KeySpan.Start, x.KeySpan.End, len(in)) || !inside(x.ValueSpan.Start, x.ValueSpan.End, len(in)) {
				t.Fatalf("span out of range: %+v (len %d)", x, len(in))
			}
			if string(in[x.KeySpan.Start:x.KeySpan.End]) != x.Key || !validName(x.Key) {
				t.Fatalf("bad key %q at %v", x.Key, x.KeySpan)
			}
		}
		for _, x := range errs {
			if !inside(x.Span.Start, x.Span.End, len(in)) || x.Msg == "" {
				t.Fatalf("bad error %+v (len %d)", x, len(in))
			}
		}
	})
}

func inside(start, end, n int) bool { return 0 <= start && start <= end && end <= n }

// corpusEnvBlocks returns the bodies of the corpus guides' ```shell
// {title=".env"} blocks, to seed the fuzzer with real files.
func corpusEnvBlocks(tb testing.TB) []string {
	var out []string
	for _, f := range testenv.CorpusFences(tb) {
		if strings.Contains(f.Info, `title=".env"`) {
			out = append(out, f.Text)
		}
	}
	return out
}
