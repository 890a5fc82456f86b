package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/markdown"
	"github.com/guidec/guidec/internal/shortcode"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/source"
)

// realSnippets extracts the snippets of a guide body as a build does: the
// shipped shortcode templates expand it, then package markdown parses it.
func realSnippets(t *testing.T, body string) []*snippet.Snippet {
	t.Helper()
	set, err := shortcode.LoadTemplates(guidec.Shortcodes(), ".")
	if err != nil {
		t.Fatal(err)
	}
	f := source.NewFile("g.md", []byte(body))
	exp, l := shortcode.Expand(set, f, source.Span{Start: 0, End: len(body)}, shortcode.Options{})
	if len(l) > 0 {
		t.Fatalf("expand: %v", l)
	}
	return markdown.New().Render(f, exp, markdown.PageInfo{Name: "g"}).Snippets
}

// TestLineBreaksPerParser puts each line break a guide or a parser may use
// before a mistake in a snippet of every language, and checks the line and
// column of the finding in the guide, as an editor shows them: an editor
// ends lines at LF, CRLF and CR, never at NEL, LS or PS. yaml.v3 ends lines
// at all six, go-toml at LF only, and the other validators report offsets;
// whatever the parser counted, the finding must land on the mistake.
func TestLineBreaksPerParser(t *testing.T) {
	const (
		ls, nel, ps = "\u2028", "\u0085", "\u2029"
	)
	// The fence opens on line 3: the snippet's first line is line 4.
	tests := []struct {
		lang, brk, text string
		want            string // "line:col code"
	}{
		{"yaml", "LS", "a: 1" + ls + "c: 2\nb: [x\n", "5:1 yaml-syntax"},
		{"yaml", "NEL", "a: 1" + nel + "c: 2\nb: [x\n", "5:1 yaml-syntax"},
		{"yaml", "PS", "a: 1" + ps + "c: 2\nb: [x\n", "5:1 yaml-syntax"},
		{"yaml", "CR", "a: 1\rc: 2\nb: [x\n", "6:1 yaml-syntax"},
		{"yaml", "CRLF", "a: 1\r\nc: 2\r\nb: [x\r\n", "6:1 yaml-syntax"},
		{"yaml", "LS key", "a: 1" + ls + "a: 2\n", "4:6 yaml-duplicate-key"},
		{"yaml", "NEL key", "a: 1" + nel + "é: 1\né: 2\n", "5:1 yaml-duplicate-key"},
		{"yaml", "CR key", "a: 1\ra: 2\n", "5:1 yaml-duplicate-key"},
		{"yaml", "LS tab", "a: 1" + ls + "b:\n\tc: 1\n", "5:1 yaml-tab"},
		{"json", "LS", "{\"a\": \"1" + ls + "2\",\n \"b\": ]}\n", "5:7 json-syntax"},
		{"json", "NEL", "{\"a\": \"1" + nel + "2\",\n \"b\": ]}\n", "5:7 json-syntax"},
		{"json", "PS", "{\"a\": \"1" + ps + "2\",\n \"b\": ]}\n", "5:7 json-syntax"},
		{"json", "CR", "{\"a\": 1,\r \"b\": ]}\n", "5:7 json-syntax"},
		{"json", "CR key", "{\"a\": 1,\r\"a\": 2}\n", "5:1 json-duplicate-key"},
		{"toml", "LS", "a = \"1" + ls + "2\"\nb = ]\n", "5:5 toml-syntax"},
		{"toml", "NEL", "a = \"1" + nel + "2\"\nb = ]\n", "5:5 toml-syntax"},
		{"toml", "CR", "a = 1\rb = ]\n", "5:5 toml-syntax"},
		{"toml", "LS key", "a = \"1" + ls + "2\"\na = 2\n", "5:1 toml-syntax"},
		{"ini", "LS", "a = 1" + ls + "x\nb\n", "5:1 ini-syntax"},
		{"ini", "NEL", "a = 1" + nel + "x\nb\n", "5:1 ini-syntax"},
		{"ini", "CR", "a = 1\rb\n", "5:1 ini-syntax"},
		{"ini", "CR key", "[s]\ra = 1\ra = 2\n", "6:1 ini-duplicate-key"},
		{"env", "LS", "A=1" + ls + "x\nB C\n", "5:1 env-syntax"},
		{"env", "PS", "A=1" + ps + "x\nB C\n", "5:1 env-syntax"},
		{"env", "CR", "A=1\rB C\n", "5:1 env-syntax"},
		{"env", "CR key", "A=1\rA=2\n", "5:1 env-duplicate-key"},
		{"xml", "LS", "<a x=\"1" + ls + "2\">\n<b></a>\n", "5:4 xml-syntax"},
		{"xml", "NEL", "<a x=\"1" + nel + "2\">\n<b></a>\n", "5:4 xml-syntax"},
		{"xml", "CR", "<a x=\"1\">\r<b></a>\n", "5:4 xml-syntax"},
		{"list", "CR", "# T\r\r- item\r\r  ```yaml\r  a: 1\r  a: 2\r  ```\r", "7:3 yaml-duplicate-key"},
		{"list", "CR LS", "# T\r\r- item\r\r  ```yaml\r  a: 1" + ls + "a: 2\r  ```\r", "6:8 yaml-duplicate-key"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.brk, func(t *testing.T) {
			body := "# T\n\n```" + tt.lang + "\n" + tt.text + "```\n"
			if tt.lang == "list" { // a fence indented in a list item, in a classic Mac file
				body = tt.text
			}
			snips := realSnippets(t, body)
			if len(snips) != 1 {
				t.Fatalf("%d snippets", len(snips))
			}
			var got []string
			for _, d := range runChecker(snips) {
				if d.Severity <= diag.Warning {
					p := d.Start()
					got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Column, d.Code))
				}
			}
			if !slices.Equal(got, []string{tt.want}) {
				t.Errorf("findings %v, want [%s]\nsnippet text %q", got, tt.want, snips[0].Text)
			}
		})
	}
}

// TestLineBreaksInText checks the validators on snippet text that still
// holds a lone CR (text that did not come through package shortcode, or
// that a template generated): each parser's own convention still lands on
// the mistake.
func TestLineBreaksInText(t *testing.T) {
	tests := []struct {
		lang, text string
		want       string // the text at the finding's start
	}{
		{"yaml", "a: 1\rc: 2\u2028b: [x\n", "b: [x"},
		{"yaml", "a: 1\r\u0085a: 2\n", "a: 2"},
		{"toml", "a = \"\u2028\"\rb = 1\n", "\rb = 1"},
		{"json", "{\"a\": 1,\r\u0085 \"b\": 2}\n", "\u0085 \"b\""},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+strings.ToValidUTF8(tt.text, "?"), func(t *testing.T) {
			f := source.NewFile("g.md", []byte(tt.text))
			var m source.Map
			m.AddVerbatim(0, 0, len(tt.text))
			s := &snippet.Snippet{File: f, Lang: tt.lang, Text: []byte(tt.text), Map: &m, Span: source.Span{End: len(tt.text)}}
			l := runChecker([]*snippet.Snippet{s})
			if len(l) == 0 {
				t.Fatal("no finding")
			}
			if got := tt.text[l[0].Span.Start:]; !strings.HasPrefix(got, tt.want) {
				t.Errorf("%s at %q, want at %q", l[0].Code, got, tt.want)
			}
		})
	}
}
