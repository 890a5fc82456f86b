package consistency

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/source"
)

func TestDoubledAssign(t *testing.T) {
	for _, c := range []struct {
		snippet string
		want    bool
	}{
		{"```shell {title=\".env\"}\nOIDC_ISSUER==https://auth.example.com\n```\n", true},
		{"```ini {title=\"app.ini\"}\n[oauth]\nclient_secret == insecure_secret\n```\n", true},
		{"```yaml {title=\"compose.yml\"}\nservices:\n  app:\n    environment:\n      - 'OIDC_CLIENT_ID==app'\n```\n", true},
		{"```shell {title=\".env\"}\nOIDC_ISSUER=https://auth.example.com\nSECRET=abc==\n```\n", false},
		{"```shell {title=\".env\"}\nFILTER===\n```\n", false},
	} {
		found := false
		for _, d := range runChecker(t, "app", []byte(c.snippet), nil) {
			if d.Code == "consistency-assign-doubled" {
				found = true
			}
		}
		if found != c.want {
			t.Errorf("%q: found = %v, want %v", c.snippet, found, c.want)
		}
	}
}

// TestDoubledAssignMutations doubles the '=' before every application
// value of the corpus and the novel guides written KEY=value or
// key = value, one at a time, and requires a finding on its line.
func TestDoubledAssignMutations(t *testing.T) {
	guides, v := mutationGuides(t)
	var c tally
	for _, g := range guides {
		content := g.content
		done := map[int]bool{}
		for _, av := range g.m.app {
			sp := av.Value.Span
			if av.Group < 0 || av.Kind == kindNone || sp.Len() == 0 || sp.Len() != len(av.Value.Text) || string(content[sp.Start:sp.End]) != av.Value.Text {
				continue
			}
			i := sp.Start - 1
			for i > 0 && (content[i] == ' ' || content[i] == '"' || content[i] == '\'') {
				i--
			}
			if content[i] != '=' || content[i-1] == '=' || done[i] {
				continue
			}
			done[i] = true
			mutated := append(append(append([]byte{}, content[:i]...), '='), content[i:]...)
			line := strings.Count(string(content[:i]), "\n") + 1
			ok := false
			for _, d := range runChecker(t, g.name, mutated, v) {
				if d.Start().Line == line && d.Severity == diag.Error {
					ok = true
				}
			}
			c.add(ok, fmt.Sprintf("%s:%d: %s", g.name, line, av.Key))
		}
	}
	c.check(t, "doubled '='", 100, 0.97)
}

// TestCodeCompareRealFiles runs the '==' line rule over the program
// files of this machine (Python's library, the Go module cache's JS,
// Lua, Ruby and PHP files), where a setting written with '==' is rare:
// it allows one finding in 1,000 files (a doctest line in a docstring reads as one). Set GUIDEC_REAL_FILES=1.
func TestCodeCompareRealFiles(t *testing.T) {
	if os.Getenv("GUIDEC_REAL_FILES") == "" {
		t.Skip("set GUIDEC_REAL_FILES=1 to run over the machine's program files")
	}
	files, hits := 0, 0
	for _, root := range []string{"/usr/lib/python3", "/usr/share", "/usr/lib/node_modules", filepath.Join(os.Getenv("HOME"), "go", "pkg", "mod")} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || files >= 50000 {
				return nil
			}
			switch filepath.Ext(p) {
			case ".py", ".js", ".lua", ".rb", ".php", ".ts", ".tf", ".hcl", ".ex", ".exs":
			default:
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			files++
			compares(b, func(_ source.Span, line []byte) {
				hits++
				if hits <= 20 {
					t.Logf("%s: %s", p, strings.TrimSpace(string(line)))
				}
			})
			return nil
		})
	}
	t.Logf("%d files, %d findings", files, hits)
	if files < 1000 || hits*1000 > files {
		t.Errorf("%d findings in %d files", hits, files)
	}
}
