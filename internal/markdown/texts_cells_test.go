package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// TestTextCellsAndCode checks that table cells carry their table, row and
// column, and that inline code spans are marked in Text and map back to
// the backticked text in the guide.
func TestTextCellsAndCode(t *testing.T) {
	content := "# Guide\n\n" +
		"| Setting | Value |\n" +
		"|---|---|\n" +
		"| **Client ID** | `myapp` |\n" +
		"|  | empty label |\n" +
		"| Redirect URI | `https://app.example.com/cb` |\n\n" +
		"Set the `Redirect URI` to `https://x.example.com/a` now.\n\n" +
		"| A |\n|---|\n| `b` |\n"
	f, exp := expand(t, "cells.md", content)
	res := New(WithLinkResolver(fakeResolver)).Render(f, exp, PageInfo{Name: "cells"})
	var got []string
	for _, x := range res.Texts {
		line := fmt.Sprintf("%d/%d/%d %q", x.Table, x.Row, x.Col, x.Text)
		for _, c := range x.Code {
			g := x.GuideSpan(c)
			line += fmt.Sprintf(" code=%q@%q", x.Text[c.Start:c.End], content[g.Start:g.End])
		}
		got = append(got, line)
	}
	want := []string{
		`0/0/0 "Guide"`,
		`1/0/1 "Setting"`,
		`1/0/2 "Value"`,
		`1/1/1 "Client ID"`,
		`1/1/2 "myapp" code="myapp"@"myapp"`,
		`1/2/2 "empty label"`,
		`1/3/1 "Redirect URI"`,
		`1/3/2 "https://app.example.com/cb" code="https://app.example.com/cb"@"https://app.example.com/cb"`,
		`0/0/0 "Set the Redirect URI to https://x.example.com/a now." code="Redirect URI"@"Redirect URI" code="https://x.example.com/a"@"https://x.example.com/a"`,
		`2/0/1 "A"`,
		`2/1/1 "b" code="b"@"b"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
