package syntax

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// TestShellContinuation covers a flag line after a command that ended,
// and the line breaks that do not end a command or are not commands.
func TestShellContinuation(t *testing.T) {
	const sc = "shell-continuation-missing"
	tests := []struct {
		name, text string
		want       []string // line:col code
	}{
		{"double dash", "gitea admin auth add-oauth \\\n  --name=authelia\n  --key=gitea \\\n  --secret=x\n", []string{"2:18 " + sc}},
		{"single dash", "headlamp-server \\\n  -in-cluster\n  -oidc-client-id=headlamp\n", []string{"2:14 " + sc}},
		{"first line", "oauth2-proxy\n  --provider=oidc \\\n  --client-id=x\n", []string{"1:13 " + sc}},
		{"docker env", "docker run -d \\\n  -e A=1\n  -e B=2 \\\n  image\n", []string{"2:9 " + sc}},
		{"trailing blanks", "cmd --a  \n  --b\n", []string{"1:8 " + sc}},
		// Line breaks that do not end the command.
		{"all continued", "cmd \\\n  --a \\\n  --b\n", nil},
		{"pipe", "cmd |\n  -x\n", nil},
		{"and", "cmd &&\n  -x\n", nil},
		{"open quote", "echo \"a\n--b\"\n", nil},
		{"subshell", "x=$(cmd\n  --flag)\n", nil},
		{"heredoc", "cat <<EOF\nkey: 1\n--x\n- a\nEOF\n", nil},
		{"heredoc quoted", "cat <<-'EOF' > f.yml\n\t--x\n\tEOF\n", nil},
		{"here-string", "cat <<< 'a'\nls\n", nil},
		// Lines that are not commands.
		{"comment above", "# --a below\n--b\n", nil},
		{"trailing comment", "cmd --a # note\n  --b\n", nil},
		{"case patterns", "case \"$1\" in\n  -h|--help)\n    usage\n    ;;\n  --version)\n    v\n    ;;\nesac\n", nil},
		{"blank line", "cmd --a\n\n--b\n", nil},
		{"ls output", "ls -l\n-rw-r--r-- 1 root root 0 a\n", nil},
		{"session output", "$ cmd --version\n--help for help\n", nil},
		{"list item", "cmd\n- item\n", nil},
		{"yaml in heredoc", "cat > c.yml <<EOF\nargs:\n  - --x\nEOF\n", nil},
		{"help output", "authelia --help\n  -c, --config strings   configuration files\n", nil},
		{"help text comma", "tool\n-v, --verbose  more output\n", nil},
		{"after fi", "if a; then\n  b\nfi\n--x\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range validateShell([]byte(tt.text)) {
				line := 1 + strings.Count(tt.text[:f.span.Start], "\n")
				col := f.span.Start - strings.LastIndexByte(tt.text[:f.span.Start], '\n')
				got = append(got, fmt.Sprintf("%d:%d %s", line, col, f.code))
				if f.fix == nil || string(applyEdits([]byte(tt.text), f.fix.edits)) == tt.text {
					t.Errorf("no fix")
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestShellContinuationMutations removes, in every shell snippet of the
// corpus and the novel guides, one at a time, each " \" that ends a line
// followed by a flag line, and requires one new finding, at that line,
// whose fix restores the snippet.
func TestShellContinuationMutations(t *testing.T) {
	var all []*snippet.Snippet
	for _, snips := range corpusGuides(t) {
		all = append(all, snips...)
	}
	paths, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel", "*", "index.md"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, snips := testenv.ScanGuide(p, b)
		all = append(all, snips...)
	}
	injected, found := 0, 0
	for _, s := range all {
		if kindOf(s) != kindNone || s.LangFormat() != snippet.Shell && s.Lang != "console" {
			continue
		}
		text := s.Text
		base := len(validateShell(text))
		lines := bytes.SplitAfter(text, []byte("\n"))
		off := 0
		for i, l := range lines {
			body := bytes.TrimRight(l, "\r\n")
			end := off + len(body)
			off += len(l)
			if !bytes.HasSuffix(body, []byte(" \\")) || i+1 >= len(lines) || !flagLineRe.Match(lines[i+1]) {
				continue
			}
			mutated := append(append([]byte{}, text[:end-2]...), text[end:]...)
			injected++
			fs := validateShell(mutated)
			hit := false
			for _, f := range fs {
				hit = hit || f.span.Start == end-2 && bytes.Equal(applyEdits(mutated, f.fix.edits), text)
			}
			if hit && len(fs) == base+1 {
				found++
			} else {
				t.Logf("MISS %s line %d: %q", s.File.Name, i+1, body)
			}
		}
	}
	t.Logf("dropped continuations found %d/%d", found, injected)
	if injected == 0 || found < injected*95/100 {
		t.Errorf("dropped continuations found %d/%d, want 95%%", found, injected)
	}
}
