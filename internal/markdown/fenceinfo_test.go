package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// fmtInfo renders a parse result compactly: the language, each attribute as
// key=value@start-end, and each error as code@start-end.
func fmtInfo(info string, fi FenceInfo, errs []FenceError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "lang=%q", fi.Lang)
	for _, a := range fi.Attrs {
		fmt.Fprintf(&b, " %s=%q@%d-%d", a.Key, a.Value, a.Span.Start, a.Span.End)
	}
	for _, e := range errs {
		fmt.Fprintf(&b, " !%s@%d-%d", e.Code, e.Span.Start, e.Span.End)
		if e.Insert != "" {
			fmt.Fprintf(&b, "+%q@%d", e.Insert, e.InsertAt)
		}
	}
	return b.String()
}

func TestParseFenceInfo(t *testing.T) {
	tests := []struct {
		name, info, want string
	}{
		{"empty", ``, `lang=""`},
		{"lang only", `yaml`, `lang="yaml"`},
		{"lang lowercased", `YAML`, `lang="yaml"`},
		{"title", `yaml {title="configuration.yml"}`, `lang="yaml" title="configuration.yml"@6-31`},
		{"no space before brace", `yaml{title="a.yml"}`, `lang="yaml" title="a.yml"@5-18`},
		{"attrs only", `{title="a"}`, `lang="" title="a"@1-10`},
		{"several", `yaml {title="c.yml" linenos=true hl_lines=[2,"4-6"]}`,
			`lang="yaml" title="c.yml"@6-19 linenos="true"@20-32 hl_lines="[2,\"4-6\"]"@33-51`},
		{"commas", `go {linenos=table, hl_lines="2 4-6", linenostart=199}`,
			`lang="go" linenos="table"@4-17 hl_lines="2 4-6"@19-35 linenostart="199"@37-52`},
		{"class and id", `sh {.wide #run}`, `lang="sh" class="wide"@4-9 id="run"@10-14`},
		{"escapes", `{title="a \"b\" \\ c"}`, `lang="" title="a \"b\" \\ c"@1-21`},
		{"spaces around equals", `{title = "x"}`, `lang="" title="x"@1-12`},
		{"unicode value", `{title="größe.yml"}`, `lang="" title="größe.yml"@1-20`},
		{"unclosed brace", `yaml {title="a.yml"`, `lang="yaml" title="a.yml"@6-19 !fence-attr-unclosed@5-19+"}"@19`},
		{"unclosed brace inside quote", `yaml {title="httproute.yaml`,
			`lang="yaml" title="httproute.yaml"@6-27 !fence-attr-unclosed@5-27+"\"}"@27`},
		{"unterminated quote", `yaml {title="a.yml}`, `lang="yaml" title="a.yml"@6-18 !fence-attr-unterminated@12-19+"\""@18`},
		{"missing value", `yaml {linenos}`, `lang="yaml" !fence-attr-syntax@6-7`},
		{"bad start", `yaml {=x title="t"}`, `lang="yaml" title="t"@9-18 !fence-attr-syntax@6-7`},
		{"bad value", `yaml {title=}`, `lang="yaml" !fence-attr-syntax@12-13`},
		{"empty class", `yaml {. x=1}`, `lang="yaml" x="1"@8-11 !fence-attr-syntax@6-7`},
		{"unclosed list", `yaml {hl_lines=[1,2}`, `lang="yaml" hl_lines="[1,2}"@6-20 !fence-attr-unclosed@15-20 !fence-attr-unclosed@5-20+"}"@20`},
		{"text after language", `yaml title="x"`, `lang="yaml" !fence-info-ignored@5-14`},
		{"text after braces", `yaml {a=1} b`, `lang="yaml" a="1"@6-9 !fence-info-ignored@11-12`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fi, errs := ParseFenceInfo(tt.info)
			if got := fmtInfo(tt.info, fi, errs); got != tt.want {
				t.Errorf("ParseFenceInfo(%q)\n got %s\nwant %s", tt.info, got, tt.want)
			}
		})
	}
}

func TestParseLineRanges(t *testing.T) {
	tests := []struct {
		in   string
		want string
		bad  string
	}{
		{`[2,"4-6"]`, `[[2 2] [4 6]]`, ""},
		{`2 4-6`, `[[2 2] [4 6]]`, ""},
		{`3`, `[[3 3]]`, ""},
		{`[]`, `[]`, ""},
		{`[0, 2]`, `[[2 2]]`, "0"},
		{`5-2`, `[]`, "5-2"},
		{`a`, `[]`, "a"},
	}
	for _, tt := range tests {
		r, bad := parseLineRanges(tt.in)
		if got := fmt.Sprint(r); got != tt.want && !(len(r) == 0 && tt.want == "[]") || bad != tt.bad {
			t.Errorf("parseLineRanges(%q) = %v, %q; want %s, %q", tt.in, r, bad, tt.want, tt.bad)
		}
	}
}

// FuzzFenceInfo checks that ParseFenceInfo never panics and that every span
// it returns lies inside the info string.
func FuzzFenceInfo(f *testing.F) {
	for _, s := range []string{
		`yaml {title="configuration.yml"}`, `yaml {title="httproute.yaml`, `{a=[1,"2-3"] .c #i}`,
		`x {a="\"}`, `{`, `{"`, `{[`, `{a=[`, `{a="\`, `  php  `,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, info string) {
		fi, errs := ParseFenceInfo(info)
		in := func(start, end int) bool { return 0 <= start && start <= end && end <= len(info) }
		if !in(fi.LangSpan.Start, fi.LangSpan.End) {
			t.Fatalf("lang span %v out of bounds", fi.LangSpan)
		}
		prev := 0
		for _, a := range fi.Attrs {
			if !in(a.Span.Start, a.Span.End) || !in(a.ValueSpan.Start, a.ValueSpan.End) || a.Span.Start < prev {
				t.Fatalf("attr %+v out of bounds or order", a)
			}
			prev = a.Span.End
		}
		for _, e := range errs {
			if !in(e.Span.Start, e.Span.End) || e.InsertAt < 0 || e.InsertAt > len(info) {
				t.Fatalf("error %+v out of bounds", e)
			}
			if e.Message == "" || severityOf(e.Code) != severityOf(e.Code) || !registered(e.Code) {
				t.Fatalf("error %+v has no message or an unregistered code", e)
			}
		}
	})
}

func registered(code string) bool {
	for _, c := range Codes {
		if c.Code == code {
			return true
		}
	}
	return false
}
