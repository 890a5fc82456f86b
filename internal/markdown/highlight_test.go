package markdown

import (
	"regexp"
	"strings"
	"testing"
)

// TestWithHighlighting renders the seed guide with and without
// highlighting: the pages differ only by the token spans inside code, and
// everything else Render reports is the same.
func TestWithHighlighting(t *testing.T) {
	f, exp := expand(t, "romm/index.md", readShared(t, "seeds/romm-guide.md"))
	on := New().Render(f, exp, PageInfo{Name: "romm"})
	off := New(WithHighlighting(false)).Render(f, exp, PageInfo{Name: "romm"})
	token := regexp.MustCompile(`<span class="[a-z0-9]{1,4}">|</span>`)
	strip := func(s string) string {
		// Keep the line structure, drop every token span.
		s = strings.ReplaceAll(s, `<span class="line">`, "\x00L")
		s = strings.ReplaceAll(s, `<span class="cl">`, "\x00C")
		return token.ReplaceAllString(s, "")
	}
	if on.HTML == off.HTML {
		t.Fatal("highlighting made no difference: the seed guide has code")
	}
	if strings.Contains(off.HTML, `<span class="nt">`) {
		t.Error("WithHighlighting(false) still highlights")
	}
	if a, b := strip(on.HTML), strip(off.HTML); a != b {
		t.Errorf("pages differ beyond token spans")
	}
	if len(on.Snippets) != len(off.Snippets) || len(on.Links) != len(off.Links) || len(on.Diags) != len(off.Diags) {
		t.Errorf("results differ: %d/%d snippets, %d/%d links, %d/%d diagnostics",
			len(on.Snippets), len(off.Snippets), len(on.Links), len(off.Links), len(on.Diags), len(off.Diags))
	}
}
