package markdown

import (
	"slices"
	"testing"
)

func TestShortRow(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		want      []string // positions of table-row-cells
	}{
		{"a pipe dropped", "| A | B |\n|---|---|\n| Client ID | `app` |\n| Client Secret `s` |\n", []string{"4:1"}},
		{"without outer pipes", "A | B | C\n--|--|--\n1 | 2 | 3\n4 | 5\n", []string{"4:1"}},
		{"an empty cell written", "| A | B |\n|---|---|\n| x | |\n", nil},
		{"every row whole", "| A | B |\n|---|---|\n| x | y |\n| z | w |\n", nil},
		{"an escaped pipe in code", "| A | B |\n|---|---|\n| `a\\|b` | y |\n", nil},
	} {
		got := positionsOf(t, c.doc, "table-row-cells")
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}
