package guide

import (
	"fmt"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestLinearFrontMatter loads guides whose front matter repeats a
// construct n times, and requires the time to grow about linearly with n.
func TestLinearFrontMatter(t *testing.T) {
	keys := func(n int, f func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	tests := []struct {
		name string
		fm   func(n int) string
	}{
		{"unknown keys in one flow mapping", func(n int) string {
			return "---\n{title: T, " + keys(n, func(i int) string { return fmt.Sprintf("x%d: 1, ", i) }) + "}\n---\n"
		}},
		{"unknown keys in one flow mapping of multi-byte text", func(n int) string {
			return "---\n{title: T, " + keys(n, func(i int) string { return fmt.Sprintf("é%d: ü, ", i) }) + "}\n---\n"
		}},
		{"duplicate keys in one flow mapping", func(n int) string {
			return "---\n{title: T, " + strings.Repeat("x: 1, ", n) + "}\n---\n"
		}},
		{"duplicate keys", func(n int) string { return "---\ntitle: T\n" + strings.Repeat("x: 1\n", n) + "---\n" }},
		{"aliases of a long scalar", func(n int) string {
			return "---\ntitle: T\nx: &a " + strings.Repeat("y", n) + "\naliases: [" + strings.Repeat("*a, ", n) + "*a]\n---\n"
		}},
		{"unknown keys in a TOML inline table", func(n int) string {
			return "+++\ntitle = \"T\"\nseo = {" + keys(n, func(i int) string { return fmt.Sprintf("x%d = 1, ", i) }) + "y = 1}\n+++\n"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testenv.Linear(t, 500, func(n int) func() {
				content := tt.fm(n) + "\nText.\n"
				return func() { load(t, content) }
			})
		})
	}
}
