package markdown

import (
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/source"
)

// TestHostileBounded renders inputs that made a stage superlinear before it
// was bounded: each must finish quickly, keep its text, and leave the
// page's HTML well formed enough to hold it.
func TestHostileBounded(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		limit time.Duration
		want  string // a substring of the HTML
	}{
		// chroma's YAML lexer backtracks over nested flow brackets:
		// seconds for a few KB before the highlighting budget.
		{"nested YAML flow in a code block", "```yaml\na: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n```\n", highlightBudget + 3*time.Second, "[[[[]]]]"},
		{"many hostile code blocks share one budget", strings.Repeat("```yaml\na: "+strings.Repeat("[", 3000)+strings.Repeat("]", 3000)+"\n```\n\n", 10), highlightBudget + 5*time.Second, "[[[[]]]]"},
		{"code block beyond the highlighting size", "```yaml\n" + strings.Repeat("key: 'value'\n", maxHighlightBytes/12+10) + "```\n", 5 * time.Second, "<span class=\"cl\">key: 'value'\n</span>"},
		// Each link's text walks its subtree: nested images were quadratic.
		// goldmark rescans a line per container it opens on it.
		{"list markers nested on one line", strings.Repeat("- ", 1<<20) + "x\n", 5 * time.Second, "<li>"},
		{"block quotes nested on one line", strings.Repeat(">", 1<<21) + " x\n", 5 * time.Second, "<blockquote>"},
		{"nested list items on many lines", nestedLines(2500), 5 * time.Second, "<li>"},
		// goldmark walks the nodes after a label's '[' at each ']'.
		{"nested brackets", strings.Repeat("[", 1<<21) + "x" + strings.Repeat("]", 1<<21) + "\n", 5 * time.Second, "[[[[x]]]]"},
		{"nested links", strings.Repeat("[", 1<<20) + "x" + strings.Repeat("](y)", 1<<20) + "\n", 5 * time.Second, `<a href="y">`},
		{"deeply nested images", strings.Repeat("![", 100000) + "x" + strings.Repeat("](y)", 100000) + "\n", 10 * time.Second, `<img src="y" alt="`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := tt.body
			start := time.Now()
			res := New().Render(source.NewFile("g.md", []byte(content)), nil, PageInfo{})
			if d := time.Since(start); d > tt.limit {
				t.Errorf("took %v, limit %v", d, tt.limit)
			}
			if !strings.Contains(string(res.HTML), tt.want) {
				t.Errorf("HTML lacks %q", tt.want)
			}
			for _, d := range res.Diags {
				if d.Code == "internal" {
					t.Errorf("internal diagnostic: %s", d.Message)
				}
			}
		})
	}
}

// nestedLines returns n list items, each indented under the previous one.
func nestedLines(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- x\n")
	}
	return b.String()
}

// TestNestingLimits checks what the bounds keep: nesting up to the limits
// renders as CommonMark says, deeper nesting renders as text, and no text
// is lost either way.
func TestNestingLimits(t *testing.T) {
	tests := []struct {
		name, body, tag string
		want            int // occurrences of tag
	}{
		{"quotes under the limit", strings.Repeat(">", 10) + " x\n", "<blockquote>", 10},
		{"quotes over the limit", strings.Repeat(">", 100) + " x\n", "<blockquote>", maxBlockDepth - 1},
		{"lists under the limit", strings.Repeat("- ", 5) + "x\n", "<li>", 5},
		{"links under the label limit", strings.Repeat("[", 3) + "x" + strings.Repeat("](y)", 3) + "\n", "<a ", 1},
		{"image in image under the limit", "![a ![b](c) d](e)\n", "<img ", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New().Render(source.NewFile("g.md", []byte(tt.body)), nil, PageInfo{})
			html := string(res.HTML)
			if got := strings.Count(html, tt.tag); got != tt.want {
				t.Errorf("%d × %s, want %d\n%s", got, tt.tag, tt.want, html)
			}
			if !strings.Contains(html, "x") && !strings.Contains(html, "alt=") {
				t.Errorf("text lost: %s", html)
			}
		})
	}
}

// TestHighlightCoalesces checks that tokens merges runs of one token type
// as chroma.Coalesce does, so that bounding the lexer changed no output.
func TestHighlightCoalesces(t *testing.T) {
	c := newCodeRenderer()
	text := []byte("a: [1, 2]\nb: 'x'   # comment\n" + strings.Repeat(" ", coalesceMax+10) + "\n")
	got := c.tokens("yaml", text)
	for i := 1; i < len(got); i++ {
		if got[i].start != got[i-1].end {
			t.Fatalf("piece %d starts at %d, previous ends at %d", i, got[i].start, got[i-1].end)
		}
	}
	if got[len(got)-1].end != len(text) {
		t.Fatalf("pieces end at %d, text is %d bytes", got[len(got)-1].end, len(text))
	}
	for _, p := range got {
		if p.end-p.start > coalesceMax+16 {
			t.Errorf("piece of %d bytes: runs are split at %d", p.end-p.start, coalesceMax)
		}
	}
	if len(got) < 5 {
		t.Errorf("only %d pieces: text was not highlighted", len(got))
	}
}

// TestLimits renders a paragraph and a table just within and just beyond
// their bounds: within, goldmark's rendering; beyond, text and one
// markdown-limit warning at the first marker (or row) past the bound.
func TestLimits(t *testing.T) {
	pairs := func(n int) string { return strings.Repeat("*a* ", n) + "\n" }
	row := func(n int) string { return strings.Repeat("|a", n) + "|\n" + strings.Repeat("|-", n) + "|\n" }
	tests := []struct {
		name     string
		body     string
		want     string // a substring of the HTML
		warnings int
		at       int // offset of the warning
	}{
		{"emphasis within the bound", pairs(maxDelimiterRuns / 2), "<em>a</em></p>", 0, 0},
		{"emphasis beyond the bound", pairs(maxDelimiterRuns/2 + 2), "<em>a</em> *a* *a*", 1, maxDelimiterRuns / 2 * len("*a* ")},
		{"emphasis bound per paragraph", pairs(maxDelimiterRuns/2) + "\n" + pairs(maxDelimiterRuns/2), "<em>a</em></p>", 0, 0},
		{"table within the bound", row(maxTableColumns), "<table>", 0, 0},
		{"table beyond the bound", row(maxTableColumns + 1), "<p>|a|a", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New().Render(source.NewFile("g.md", []byte(tt.body)), nil, PageInfo{})
			if !strings.Contains(res.HTML, tt.want) {
				t.Errorf("HTML lacks %q", tt.want)
			}
			var limits []int
			for _, d := range res.Diags {
				if d.Code == "markdown-limit" {
					limits = append(limits, d.Span.Start)
				}
			}
			if len(limits) != tt.warnings || tt.warnings > 0 && limits[0] != tt.at {
				t.Errorf("markdown-limit at %v, want %d at %d", limits, tt.warnings, tt.at)
			}
		})
	}
}

// TestFragmentBounded renders markdownify fragments at and beyond their
// bound: the one beyond is an error (the template's call reports it), not
// seconds of parsing.
func TestFragmentBounded(t *testing.T) {
	r := New()
	for _, tt := range []struct {
		src  string
		fail bool
	}{
		{"**bold** and [a link](https://example.com)", false},
		{strings.Repeat("a", maxFragmentBytes), false},
		{strings.Repeat("- ", maxFragmentBytes/2+1), true},
	} {
		html, err := r.Fragment([]byte(tt.src))
		if (err != nil) != tt.fail {
			t.Errorf("Fragment(%d bytes) error %v, want failure %v", len(tt.src), err, tt.fail)
		}
		if !tt.fail && html == "" {
			t.Errorf("Fragment(%d bytes) rendered nothing", len(tt.src))
		}
	}
}
