package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/source"
)

func sample() List {
	f := source.NewFile("guides/a/index.md", []byte("---\ntitle: x\n---\n\nkey: café value\n"))
	return List{
		{File: f, Span: source.Span{Start: 23, End: 28}, Severity: Error, Code: "yaml-syntax", Message: "bad thing", Hint: "fix it",
			Fix: &Fix{Message: "replace", Edits: []Edit{{Span: source.Span{Start: 23, End: 28}, NewText: "x"}}}},
		{File: f, Span: source.Span{Start: 4, End: 9}, Severity: Warning, Code: "frontmatter-unknown-key", Message: "w, with: specials\nand newline"},
		{Severity: Info, Code: "internal", Message: "no file"},
	}
}

func TestPrintText(t *testing.T) {
	var b bytes.Buffer
	PrintText(&b, sample(), TextOptions{Context: true})
	want := "guides/a/index.md:5:6: error[yaml-syntax]: bad thing\n" +
		"    5 | key: café value\n" +
		"      |      ^~~~\n" +
		"  = hint: fix it\n" +
		"  = fix: replace\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got\n%s\nwant prefix\n%s", b.String(), want)
	}
	b.Reset()
	PrintText(&b, sample()[:1], TextOptions{Color: true})
	if !strings.Contains(b.String(), "\x1b[1;31merror[yaml-syntax]") {
		t.Errorf("no colour: %q", b.String())
	}
}

func TestPrintJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	PrintJSON(&b, nil)
	if b.String() != "[]\n" {
		t.Errorf("empty JSON = %q", b.String())
	}
}

func TestPrintGitHub(t *testing.T) {
	var b bytes.Buffer
	PrintGitHub(&b, sample())
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d lines: %q", len(lines), b.String())
	}
	if lines[0] != "::error line=5,col=6,file=guides/a/index.md,title=yaml-syntax,endLine=5,endColumn=10::bad thing%0Afix it" {
		t.Errorf("line 0 = %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "::warning ") || !strings.Contains(lines[1], `w, with: specials\nand newline`) {
		t.Errorf("line 1 = %q", lines[1])
	}
	if lines[2] != "::notice title=internal::no file" {
		t.Errorf("line 2 = %q", lines[2])
	}
	if lines[3] != "guidec: 1 error, 1 warning, 1 notice" {
		t.Errorf("line 3 = %q", lines[3])
	}
}

// TestPrintSARIF checks the log against the shape SARIF 2.1.0 requires:
// version, runs with a tool driver and results whose ruleId, level,
// message and locations use the spec's property names and value ranges.
func TestPrintSARIF(t *testing.T) {
	reg := NewRegistry([]CodeInfo{{"yaml-syntax", Error, "bad yaml"}, {"frontmatter-unknown-key", Warning, "unknown"}, {"internal", Error, "bug"}})
	var b bytes.Buffer
	if err := PrintSARIF(&b, sample(), SARIFOptions{ToolName: "guidec", Version: "1", HelpURI: "https://x/docs", Registry: reg}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string         `json:"id"`
						ShortDescription map[string]any `json:"shortDescription"`
						HelpURI          string         `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string         `json:"ruleId"`
				RuleIndex *int           `json:"ruleIndex"`
				Level     string         `json:"level"`
				Message   map[string]any `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(&b)
	if err := dec.Decode(&log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("bad header: %+v", log)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "guidec" || len(run.Tool.Driver.Rules) != 3 {
		t.Fatalf("bad driver: %+v", run.Tool.Driver)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "" || r.ShortDescription["text"] == "" || !strings.HasPrefix(r.HelpURI, "https://x/docs#") {
			t.Errorf("bad rule %+v", r)
		}
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true, "none": true}
	for _, res := range run.Results {
		if !levels[res.Level] || res.Message["text"] == "" || res.RuleIndex == nil {
			t.Errorf("bad result %+v", res)
		}
		if run.Tool.Driver.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex does not point at ruleId %s", res.RuleID)
		}
		for _, l := range res.Locations {
			r := l.PhysicalLocation.Region
			if l.PhysicalLocation.ArtifactLocation.URI == "" || r.StartLine < 1 || r.StartColumn < 1 || r.EndLine < r.StartLine {
				t.Errorf("bad location %+v", l)
			}
		}
	}
	if got := run.Results[0].Locations[0].PhysicalLocation.Region; got.StartLine != 5 || got.StartColumn != 6 || got.EndColumn != 10 {
		t.Errorf("region = %+v", got)
	}
}

// TestPrintTextLongLine shows a window of a very long line around the
// column, so that output stays proportional to the number of diagnostics
// and not to the length of the line they are on.
func TestPrintTextLongLine(t *testing.T) {
	long := strings.Repeat("a", 100) + "é" + strings.Repeat("b", 1<<20) + "\n"
	short := "x\tyz\n"
	tests := []struct {
		name, content  string
		start, end     int
		excerpt, caret string
	}{
		{"short line keeps all", short, 2, 4, "x yz", "  ^~"},
		{"line of maxExcerpt keeps all", strings.Repeat("é", 160) + "\n", 200, 202, strings.Repeat("é", 160), strings.Repeat(" ", 100) + "^"},
		{"start of long line", long, 0, 3, strings.Repeat("a", 100) + "é" + strings.Repeat("b", 59) + "…", "^~~"},
		{"middle of long line", long, 100, 104, "…" + strings.Repeat("a", 40) + "é" + strings.Repeat("b", 119) + "…", strings.Repeat(" ", 41) + "^~~"},
		{"span past the window", long, 2000, 4000, "…" + strings.Repeat("b", 160) + "…", strings.Repeat(" ", 41) + "^" + strings.Repeat("~", 120)},
		{"end of long line", long, len(long) - 1, len(long) - 1, "…" + strings.Repeat("b", 40), strings.Repeat(" ", 41) + "^"},
		{"inside a character", "é" + strings.Repeat("b", 200) + "\n", 1, 3, "éb" + strings.Repeat("b", 158) + "…", "^~"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := source.NewFile("g.md", []byte(tt.content))
			var b bytes.Buffer
			PrintText(&b, List{{File: f, Span: source.Span{Start: tt.start, End: tt.end}, Severity: Error, Code: "c", Message: "m"}}, TextOptions{Context: true})
			lines := strings.Split(b.String(), "\n")
			if len(lines) < 3 {
				t.Fatalf("output %q", b.String())
			}
			if got := strings.TrimPrefix(lines[1], "    1 | "); got != tt.excerpt {
				t.Errorf("excerpt\n got %q\nwant %q", got, tt.excerpt)
			}
			if got := strings.TrimPrefix(lines[2], "      | "); got != tt.caret {
				t.Errorf("caret\n got %q\nwant %q", got, tt.caret)
			}
		})
	}
}
