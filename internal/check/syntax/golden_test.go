package syntax

import (
	"flag"
	"fmt"
	"github.com/guidec/guidec/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden runs the checker over each testdata/*.md guide and compares
// every detail of its findings (span, severity, message, hint, related
// locations, fix edits) with testdata/*.golden. Run with -update to
// rewrite the golden files after a deliberate change.
func TestGolden(t *testing.T) {
	guides, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil || len(guides) == 0 {
		t.Fatalf("no testdata guides: %v", err)
	}
	for _, path := range guides {
		t.Run(filepath.Base(path), func(t *testing.T) {
			content, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, snips := testenv.ScanGuide(filepath.Base(path), content)
			got := renderGolden(runChecker(snips))
			golden := strings.TrimSuffix(path, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

func renderGolden(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		s, e := d.Start(), d.End()
		fmt.Fprintf(&b, "%s:%d:%d-%d:%d %s %s: %s\n", s.Filename, s.Line, s.Column, e.Line, e.Column, d.Severity, d.Code, d.Message)
		fmt.Fprintf(&b, "\tspan: %q\n", d.File.Content[d.Span.Start:d.Span.End])
		if d.Hint != "" {
			fmt.Fprintf(&b, "\thint: %s\n", d.Hint)
		}
		for _, r := range d.Related {
			p := r.File.Position(r.Span.Start)
			fmt.Fprintf(&b, "\trelated: %d:%d %q %s\n", p.Line, p.Column, r.File.Content[r.Span.Start:r.Span.End], r.Message)
		}
		if d.Fix != nil {
			fmt.Fprintf(&b, "\tfix: %s\n", d.Fix.Message)
			for _, ed := range d.Fix.Edits {
				p := d.File.Position(ed.Span.Start)
				fmt.Fprintf(&b, "\t\t%d:%d replace %q with %q\n", p.Line, p.Column, d.File.Content[ed.Span.Start:ed.Span.End], ed.NewText)
			}
		}
	}
	return b.String()
}
