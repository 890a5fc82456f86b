package markdown

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

func TestRawHTMLPolicy(t *testing.T) {
	doc := "Some <b>bold</b> text.\n\n<div class=\"note\">A block with {{< sitevar name=\"domain\" nojs=\"example.com\" >}}.</div>\n\n{{% raw-html %}}\n"
	tests := []struct {
		name     string
		opts     []Option
		wantHTML []string
		notHTML  []string
		diags    int
	}{
		{"dropped by default", nil,
			[]string{`<p>Some bold text.</p>`, `<div class="generated">from a template</div>`},
			[]string{`<b>`, `class="note"`, `raw HTML omitted`}, 3},
		{"allowed", []Option{WithRawHTML(true)},
			[]string{`<p>Some <b>bold</b> text.</p>`, `<div class="note">A block with <span class="sitevar" data-sitevar="domain">example.com</span>.</div>`, `<div class="generated">from a template</div>`},
			nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, exp := expand(t, "raw.md", doc)
			res := New(tt.opts...).Render(f, exp, PageInfo{})
			for _, w := range tt.wantHTML {
				if !strings.Contains(res.HTML, w) {
					t.Errorf("HTML lacks %s:\n%s", w, res.HTML)
				}
			}
			for _, w := range tt.notHTML {
				if strings.Contains(res.HTML, w) {
					t.Errorf("HTML contains %s:\n%s", w, res.HTML)
				}
			}
			if len(res.Diags) != tt.diags {
				t.Errorf("got %d diagnostics, want %d: %v", len(res.Diags), tt.diags, res.Diags)
			}
			for _, d := range res.Diags {
				if d.Code != "markdown-raw-html" {
					t.Errorf("unexpected diagnostic %s: %s", d.Code, d.Message)
				}
			}
		})
	}
}

func TestTOCLevels(t *testing.T) {
	doc := "## A\n\n### B\n\n#### C\n\n##### D\n\n## E\n"
	tests := []struct {
		lo, hi int
		want   string
	}{
		{2, 4, "A B C E"},
		{2, 2, "A E"},
		{3, 6, "B C D"},
		{0, 9, "A B C D E"},
	}
	for _, tt := range tests {
		res := New(WithTOCLevels(tt.lo, tt.hi)).Render(source.NewFile("toc.md", []byte(doc)), nil, PageInfo{})
		var got []string
		for _, h := range res.TOC {
			got = append(got, h.Text)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("levels %d-%d: TOC %v, want %s", tt.lo, tt.hi, got, tt.want)
		}
		if opens, closes := bytes.Count(res.TOCHTML, []byte("<ul>")), bytes.Count(res.TOCHTML, []byte("</ul>")); opens != closes {
			t.Errorf("levels %d-%d: unbalanced TOC lists:\n%s", tt.lo, tt.hi, res.TOCHTML)
		}
	}
}

func TestHighlightCSS(t *testing.T) {
	css := string(HighlightCSS("github"))
	for _, want := range []string{".chroma", ".chroma .s1", "@media (prefers-color-scheme: dark)", "user-select: none"} {
		if !strings.Contains(css, want) {
			t.Errorf("CSS lacks %q", want)
		}
	}
	light, dark, _ := strings.Cut(css, "@media")
	if light == dark || !strings.Contains(dark, ".chroma") {
		t.Error("dark variant missing or identical to the light one")
	}
}

// TestOverlayWriter checks the splitting of highlighted tokens around the
// HTML of shortcode calls.
func TestOverlayWriter(t *testing.T) {
	text := []byte("url: 'https://auth.example.com/x'\n")
	pieces := []piece{{"nt", 0, 3}, {"p", 3, 4}, {"", 4, 5}, {"s1", 5, 19}, {"s1", 19, 33}, {"", 33, 34}}
	tests := []struct {
		name     string
		overlays []Overlay
		want     string
	}{
		{"none", nil,
			`<span class="nt">url</span><span class="p">:</span> <span class="s1">'https://auth.</span><span class="s1">example.com/x'</span>` + "\n"},
		{"inside one token", []Overlay{{Start: 14, End: 18, HTML: "<v>auth</v>"}},
			`<span class="nt">url</span><span class="p">:</span> <span class="s1">'https://<v>auth</v>.</span><span class="s1">example.com/x'</span>` + "\n"},
		{"across tokens", []Overlay{{Start: 14, End: 30, HTML: "<v>H</v>"}},
			`<span class="nt">url</span><span class="p">:</span> <span class="s1">'https://<v>H</v></span><span class="s1">/x'</span>` + "\n"},
		{"covering a whole token", []Overlay{{Start: 5, End: 19, HTML: "<v/>"}},
			`<span class="nt">url</span><span class="p">:</span> <span class="s1"><v/></span><span class="s1">example.com/x'</span>` + "\n"},
		{"empty text", []Overlay{{Start: 19, End: 19, HTML: "<e/>"}},
			`<span class="nt">url</span><span class="p">:</span> <span class="s1">'https://auth.</span><span class="s1"><e/>example.com/x'</span>` + "\n"},
		{"two adjacent", []Overlay{{Start: 14, End: 18, HTML: "<a/>"}, {Start: 18, End: 19, HTML: "<b/>"}},
			`<span class="nt">url</span><span class="p">:</span> <span class="s1">'https://<a/><b/></span><span class="s1">example.com/x'</span>` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b []byte
			ov := overlayWriter{text: text, overlays: tt.overlays}
			for _, p := range pieces {
				b = ov.piece(b, p)
			}
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
}

// TestRenderWithoutExpansion renders a file that needs no shortcode
// expansion.
func TestRenderWithoutExpansion(t *testing.T) {
	f := source.NewFile("plain.md", []byte("## Hi\n\n```sh\necho [x]\n```\n"))
	res := New().Render(f, nil, PageInfo{})
	if len(res.Headings) != 1 || res.Headings[0].ID != "hi" || len(res.Snippets) != 1 || len(res.Diags) != 0 {
		t.Fatalf("unexpected result: %+v", res)
	}
	if got := span(f, res.Snippets[0].Span); got != "3:1-5:4" {
		t.Errorf("snippet span %s, want 3:1-5:4", got)
	}
}

func TestGitHubID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello-world"},
		{"a  b", "a--b"},
		{"A-B_c", "a-b_c"},
		{"Größe 日本", "größe-日本"},
		{"!!!", "heading"},
		{"", "heading"},
		{"tab\there", "tab-here"},
		{"v4.38.17", "v43817"},
	}
	for _, tt := range tests {
		if got := GitHubID(tt.in); got != tt.want {
			t.Errorf("GitHubID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCRLF renders a guide with Windows line endings: snippet text uses
// "\n" and positions stay exact.
func TestCRLF(t *testing.T) {
	f := source.NewFile("crlf.md", []byte("## Hi\r\n\r\n```yaml {title=\"a.yml\"}\r\na: 1\r\nb: 2\r\n```\r\n"))
	res := New().Render(f, nil, PageInfo{})
	if len(res.Headings) != 1 || res.Headings[0].ID != "hi" {
		t.Fatalf("headings %+v", res.Headings)
	}
	if len(res.Snippets) != 1 {
		t.Fatalf("got %d snippets", len(res.Snippets))
	}
	s := res.Snippets[0]
	if string(s.Text) != "a: 1\nb: 2\n" || s.Title() != "a.yml" {
		t.Errorf("snippet %q titled %q", s.Text, s.Title())
	}
	if got := span(f, s.Span); got != "3:1-6:4" {
		t.Errorf("span %s, want 3:1-6:4", got)
	}
	off := s.Lines(source.EditorBreaks).Offset(2, 4)
	if got := pos(f, s.GuideSpan(source.Span{Start: off, End: off + 1}).Start); got != "5:4" {
		t.Errorf("snippet 2:4 maps to %s, want 5:4", got)
	}
}

// TestDefaultCSS requires the style sheet of the default styles, made
// when guidec is built (highlight-github.css), to be the one highlightCSS
// makes with this chroma; -update rewrites it.
func TestDefaultCSS(t *testing.T) {
	want := highlightCSS(defaultStyle, "")
	if *update {
		if err := os.WriteFile("highlight-github.css", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, dark := range []string{"", defaultDarkStyle} {
		if got := HighlightCSSModes(defaultStyle, dark); !bytes.Equal(got, want) || !bytes.Equal(highlightCSS(defaultStyle, dark), want) {
			t.Errorf("dark style %q: highlight-github.css is not the style sheet of the default styles: run go test ./internal/markdown/ -update", dark)
		}
	}
	if got := HighlightCSSModes(defaultStyle, "monokai"); bytes.Equal(got, want) {
		t.Errorf("a dark style of its own gives the default style sheet")
	}
}
