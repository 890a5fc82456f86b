package markdown

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
	"github.com/guidec/guidec/internal/testenv"
)

// TestSnippetPositionsSeed maps line:col positions inside the seed guide's
// configuration.yml snippet, as a YAML parser reports them, back to the
// guide.
func TestSnippetPositionsSeed(t *testing.T) {
	f, exp := expand(t, "romm/index.md", readShared(t, "seeds/romm-guide.md"))
	res := New().Render(f, exp, PageInfo{Name: "romm"})
	if len(res.Snippets) != 3 {
		t.Fatalf("got %d snippets, want 3", len(res.Snippets))
	}
	s := res.Snippets[0]
	if s.Title() != "configuration.yml" || s.Lang != "yaml" {
		t.Fatalf("snippet 0 is %q (%s), want configuration.yml (yaml)", s.Title(), s.Lang)
	}
	tests := []struct {
		name      string
		line, col int    // in the snippet text (runes)
		want      string // guide line:col
	}{
		{"first key", 1, 1, "53:1"},
		{"nested key", 6, 9, "58:9"},
		{"after a sitevar", 14, 38, "66:75"},
		{"inside a sitevar's text", 14, 27, "66:27"},
		{"before a sitevar", 14, 26, "66:26"},
		{"last line end (the newline)", 25, 58, "77:58"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off := s.Lines(source.EditorBreaks).Offset(tt.line, tt.col)
			g := s.GuideSpan(source.Span{Start: off, End: off + 1})
			if got := pos(f, g.Start); got != tt.want {
				t.Errorf("snippet %d:%d maps to %s, want %s", tt.line, tt.col, got, tt.want)
			}
		})
	}
	if got := s.Text[s.Lines(source.EditorBreaks).Offset(14, 38):s.Lines(source.EditorBreaks).Offset(14, 42)]; string(got) != "/api" {
		t.Errorf("snippet 14:38 is %q, want /api", got)
	}
	if got := span(f, s.Span); got != "52:1-78:4" {
		t.Errorf("snippet span %s, want 52:1-78:4", got)
	}
	if got := span(f, s.InfoSpan); got != "52:4-52:36" {
		t.Errorf("info span %s, want 52:4-52:36", got)
	}
}

// TestSnippetPositionsListItem checks the map of a fence indented inside a
// list item, with a sitevar and non-ASCII text before the target column.
func TestSnippetPositionsListItem(t *testing.T) {
	doc := "1. Configure:\n" +
		"\n" +
		"   ```yaml {title=\"client.yml\"}\n" +
		"   client_id: 'app'\n" +
		"   redirect: 'https://{{< sitevar name=\"domain\" nojs=\"example.com\" >}}/cb'\n" +
		"   name: 'Größe {{< sitevar name=\"domain\" nojs=\"example.com\" >}} ü'\n" +
		"   ```\n"
	f, exp := expand(t, "list.md", doc)
	res := New().Render(f, exp, PageInfo{})
	if len(res.Snippets) != 1 {
		t.Fatalf("got %d snippets, want 1", len(res.Snippets))
	}
	s := res.Snippets[0]
	want := "client_id: 'app'\nredirect: 'https://example.com/cb'\nname: 'Größe example.com ü'\n"
	if string(s.Text) != want {
		t.Fatalf("text %q, want %q", s.Text, want)
	}
	tests := []struct {
		line, col int
		want      string
	}{
		{1, 1, "4:4"},
		{2, 1, "5:4"},
		{2, 20, "5:23"},
		{2, 31, "5:71"},
		{3, 15, "6:17"}, // inside the sitevar: the call
		{3, 26, "6:66"}, // ü, after a sitevar and non-ASCII text
	}
	for _, tt := range tests {
		off := s.Lines(source.EditorBreaks).Offset(tt.line, tt.col)
		if got := pos(f, s.GuideSpan(source.Span{Start: off, End: off}).Start); got != tt.want {
			t.Errorf("snippet %d:%d maps to %s, want %s", tt.line, tt.col, got, tt.want)
		}
	}
	if got := span(f, s.Span); got != "3:4-7:7" {
		t.Errorf("span %s, want 3:4-7:7", got)
	}
	if len(s.Vars) != 2 || s.Vars[0].Name != "domain" || string(s.Text[s.Vars[0].Span.Start:s.Vars[0].Span.End]) != "example.com" {
		t.Errorf("vars %+v", s.Vars)
	}
}

// TestFenceAttrPositionsCorpus checks that the unclosed attribute lists of
// the real corpus are reported at their '{'.
func TestFenceAttrPositionsCorpus(t *testing.T) {
	dir := testenv.Corpus(t)
	b, err := os.ReadFile(filepath.Join(dir, "envoy-gateway", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	f, exp := expand(t, "envoy-gateway/index.md", string(b))
	res := New().Render(f, exp, PageInfo{Name: "envoy-gateway"})
	var got []string
	for _, d := range res.Diags {
		if d.Code == "fence-attr-unclosed" {
			got = append(got, pos(f, d.Span.Start))
			if c := f.Content[d.Span.Start]; c != '{' {
				t.Errorf("diagnostic at %s starts at %q, want '{'", pos(f, d.Span.Start), c)
			}
		}
	}
	if strings.Join(got, " ") != "104:9 172:9" {
		t.Errorf("fence-attr-unclosed at %v, want [104:9 172:9]", got)
	}
	for _, s := range res.Snippets {
		if s.Title() == "httproute.yaml" {
			return
		}
	}
	t.Error("no snippet recovered the title httproute.yaml")
}

// TestLinkPositionsSeed checks link spans in the seed guide.
func TestLinkPositionsSeed(t *testing.T) {
	f, exp := expand(t, "romm/index.md", readShared(t, "seeds/romm-guide.md"))
	res := New().Render(f, exp, PageInfo{Name: "romm"})
	want := map[string]string{
		"#environment-variables":                                     "86:59-86:106",
		"https://github.com/authelia/authelia/releases/tag/v4.38.17": "26:5-26:75",
		"../../introduction.md":                                      "90:54-90:74",
	}
	for _, l := range res.Links {
		if w, ok := want[l.Dest]; ok {
			if got := span(f, l.Span); got != w {
				t.Errorf("link %s at %s, want %s", l.Dest, got, w)
			}
			delete(want, l.Dest)
		}
	}
	for d := range want {
		t.Errorf("link %s not found", d)
	}
}

func span(f *source.File, sp source.Span) string {
	return pos(f, sp.Start) + "-" + pos(f, sp.End)
}
