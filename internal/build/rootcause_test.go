package build

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

func TestOneRoot(t *testing.T) {
	f := source.NewFile("g/index.md", []byte("line one\nline two\nline three\n"))
	g := source.NewFile("other.md", []byte("x\n"))
	cs := []*check.Checker{
		{Name: "first", Codes: []diag.CodeInfo{{Code: "a-one"}, {Code: "a-two"}}},
		{Name: "second", Codes: []diag.CodeInfo{{Code: "b-one"}}},
	}
	at := func(file *source.File, start, end int, sev diag.Severity, code, msg string) diag.Diagnostic {
		return diag.Diagnostic{File: file, Span: source.Span{Start: start, End: end}, Severity: sev, Code: code, Message: msg}
	}
	linked := func(d diag.Diagnostic, file *source.File, start, end int) diag.Diagnostic {
		d.Related = append(d.Related, diag.Related{File: file, Span: source.Span{Start: start, End: end}, Message: "the other side"})
		return d
	}
	cases := []struct {
		name string
		in   diag.List
		want []string // "line code notes"
	}{
		{"a template's key twice is one finding", diag.List{
			at(f, 0, 4, diag.Error, "a-one", "key 'x' requires 4.39"),
			at(f, 0, 4, diag.Error, "a-one", "key 'y' requires 4.39"),
		}, []string{"1 a-one 1"}},
		{"the same finding twice", diag.List{
			at(f, 0, 4, diag.Error, "a-one", "m"), at(f, 0, 4, diag.Error, "a-one", "m"),
		}, []string{"1 a-one 0"}},
		{"a later checker's error on the line is a note", diag.List{
			at(f, 0, 4, diag.Error, "a-one", "root"), at(f, 5, 8, diag.Error, "b-one", "symptom"),
		}, []string{"1 a-one 1"}},
		{"the earlier checker wins whatever the report order", diag.List{
			at(f, 5, 8, diag.Error, "b-one", "symptom"), at(f, 0, 4, diag.Error, "a-one", "root"),
		}, []string{"1 a-one 1"}},
		{"one checker's two errors on a line stay", diag.List{
			at(f, 0, 4, diag.Error, "a-one", "x"), at(f, 5, 8, diag.Error, "a-two", "y"),
		}, []string{"1 a-one 0", "1 a-two 0"}},
		{"other lines stay", diag.List{
			at(f, 0, 4, diag.Error, "a-one", "x"), at(f, 9, 12, diag.Error, "b-one", "y"),
		}, []string{"1 a-one 0", "2 b-one 0"}},
		{"a warning on an error's line stays", diag.List{
			at(f, 0, 4, diag.Error, "a-one", "x"), at(f, 5, 8, diag.Warning, "b-one", "y"),
		}, []string{"1 a-one 0", "1 b-one 0"}},
		{"a later checker's error on a warning's text takes its place", diag.List{
			at(f, 0, 6, diag.Warning, "a-one", "unknown scope"), at(f, 1, 5, diag.Error, "b-one", "the app does not get its scope"),
		}, []string{"1 b-one 1"}},
		{"an earlier checker's error on a warning's text absorbs it", diag.List{
			at(f, 1, 5, diag.Error, "a-one", "x"), at(f, 0, 6, diag.Warning, "b-one", "y"),
		}, []string{"1 a-one 1"}},
		{"one checker's warning and error on one text stay", diag.List{
			at(f, 0, 4, diag.Warning, "a-one", "x"), at(f, 0, 4, diag.Error, "a-two", "y"),
		}, []string{"1 a-one 0", "1 a-two 0"}},
		{"a warning on a text another error of the line absorbs joins that error", diag.List{
			at(f, 0, 2, diag.Error, "a-one", "x"), at(f, 3, 8, diag.Warning, "a-two", "w"), at(f, 4, 6, diag.Error, "b-one", "y"),
		}, []string{"1 a-one 2"}},
		{"errors of two checkers that point at each other are one", diag.List{
			linked(at(f, 0, 4, diag.Error, "a-one", "client option"), f, 9, 12), linked(at(f, 9, 12, diag.Error, "b-one", "app setting"), f, 0, 4),
		}, []string{"1 a-one 2"}},
		{"the earlier checker's finding is kept, whatever the order", diag.List{
			linked(at(f, 9, 12, diag.Error, "b-one", "app setting"), f, 0, 4), linked(at(f, 0, 4, diag.Error, "a-one", "client option"), f, 9, 12),
		}, []string{"1 a-one 2"}},
		{"a one-way link is no proof of one root", diag.List{
			linked(at(f, 0, 4, diag.Error, "a-one", "client option"), f, 9, 12), at(f, 9, 12, diag.Error, "b-one", "app setting"),
		}, []string{"1 a-one 1", "2 b-one 0"}},
		{"one checker's two linked errors stay", diag.List{
			linked(at(f, 0, 4, diag.Error, "a-one", "x"), f, 9, 12), linked(at(f, 9, 12, diag.Error, "a-two", "y"), f, 0, 4),
		}, []string{"1 a-one 1", "2 a-two 1"}},
		{"other files stay", diag.List{
			at(f, 0, 1, diag.Error, "a-one", "x"), at(g, 0, 1, diag.Error, "b-one", "y"),
		}, []string{"1 a-one 0", "1 b-one 0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range oneRoot(tc.in, cs) {
				got = append(got, strings.Join([]string{strconv.Itoa(d.Start().Line), d.Code, strconv.Itoa(len(d.Related))}, " "))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRegistry checks the order and dependencies the checker registry
// states, which the one-root-cause behaviour rests on.
func TestRegistry(t *testing.T) {
	cs := checkers(nil)
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
		if len(c.Codes) == 0 || c.Run == nil || c.Doc == "" {
			t.Errorf("checker %s lacks codes, Run or Doc", c.Name)
		}
	}
	if names[0] != "paste" || names[1] != "syntax" {
		t.Errorf("paste must run first and syntax second (the others see their repairs and broken marks): %q", names)
	}
	for _, c := range cs {
		if c.Name == "consistency" && !c.Whole || c.Name == "compose" && !c.SkipBroken {
			t.Errorf("checker %s lost its dependency fields: %+v", c.Name, c)
		}
	}
	for _, tab := range allCodes() {
		for _, c := range tab {
			prefixed := strings.HasPrefix(c.Code, "frontmatter-") || strings.HasPrefix(c.Code, "shortcode-") || c.Code == "internal"
			if prefixed && !blockingCodes[c.Code] {
				t.Errorf("%s must block a page", c.Code)
			}
			if strings.HasPrefix(c.Code, "alias-") && blockingCodes[c.Code] {
				t.Errorf("%s must not block a page", c.Code)
			}
		}
	}
}
