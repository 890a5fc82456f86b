package tomlsize

import (
	"fmt"
	"strings"
	"testing"
)

// TestComparisons counts the comparisons of documents whose tables have
// known widths: n keys in one table make n(n-1)/2.
func TestComparisons(t *testing.T) {
	keys := func(n int, f string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, f, i)
		}
		return b.String()
	}
	tests := []struct {
		name, text string
		want       int
	}{
		{"empty", "", 0},
		{"root keys", keys(5, "k%d = 1\n"), 10},
		{"tables at the root", keys(7, "[t%d]\nx = 1\n"), 21},
		{"keys of one table", "[a]\n" + keys(6, "k%d = 1\n") + "[b]\nx = 1\n", 15 + 1},
		{"a table defined twice", "[a]\n" + keys(3, "k%d = 1\n") + "[b]\n[a]\n" + keys(3, "j%d = 1\n"), 15 + 1 + 2},
		{"dotted keys", keys(4, "a.k%d = 1\n"), 6 + 6},
		{"inline table", "x = {" + strings.TrimSuffix(keys(9, "k%d = 1, "), ", ") + "}\n", 36},
		{"array of inline tables", "x = [" + strings.TrimSuffix(keys(3, "{a = %d, b = 1}, "), ", ") + "]\n", 3},
		{"array tables", keys(5, "[[x]]\nk = %d\n"), 10},
		{"a syntax error", "a = 1\nb = \n", 0},
	}
	for _, tt := range tests {
		if got := Comparisons([]byte(tt.text)); got != tt.want {
			t.Errorf("%s: Comparisons = %d, want %d", tt.name, got, tt.want)
		}
	}
}
