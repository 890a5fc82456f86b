package markdown

import (
	"slices"
	"testing"
)

func TestFenceCloseBroken(t *testing.T) {
	const next = "\nSee [the rest](#rest).\n\n## Rest\n\n```yaml\nb: 2\n```\n"
	for _, c := range []struct {
		name, doc string
		want      []string // positions of fence-close-broken
		unclosed  int      // fence-unclosed findings
	}{
		{"two backticks", "```yaml\na: 1\n``\n" + next, []string{"3:1"}, 0},
		{"indented four", "```yaml\na: 1\n    ```\n" + next, []string{"3:5"}, 0},
		{"tildes", "~~~~yaml\na: 1\n~~~\n" + next, []string{"3:1"}, 0},
		{"closed", "```yaml\na: 1\n```\n" + next, nil, 0},
		{"indented three closes", "```yaml\na: 1\n   ```\n" + next, nil, 0},
		{"a longer fence closes", "```yaml\na: 1\n`````\n" + next, nil, 0},
		{"markdown shows fences", "````markdown\n```yaml\na: 1\n``\n````\n" + next, nil, 0},
		{"unclosed to the end", "```yaml\na: 1\n", nil, 1},
	} {
		if got := positionsOf(t, c.doc, "fence-close-broken"); !slices.Equal(got, c.want) {
			t.Errorf("%s: fence-close-broken at %v, want %v", c.name, got, c.want)
		}
		if n := len(positionsOf(t, c.doc, "fence-unclosed")); n != c.unclosed {
			t.Errorf("%s: %d fence-unclosed, want %d", c.name, n, c.unclosed)
		}
		if n := len(positionsOf(t, c.doc, "link-anchor-missing")); n != 0 {
			t.Errorf("%s: %d link-anchor-missing, want none (the heading is the mistake's)", c.name, n)
		}
	}
}
