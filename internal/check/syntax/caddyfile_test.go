package syntax

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// caddyGood is a Caddyfile in the layout guides write.
const caddyGood = "{\n\tsecurity {\n\t\toauth identity provider authelia {\n\t\t\tclient_id caddy # {\n\t\t}\n\n" +
	"\t\tauthentication portal p {\n\t\t\ttransform user {\n\t\t\t\tmatch realm authelia\n\t\t\t}\n\t\t}\n\t}\n}\n\n" +
	"app.example.com {\n\theader_up X-Uri {uri}\n\trespond <<HTML\n\t\t}\n\t\tHTML 200\n\tredir \"/a {\" 302\n}\n"

func TestValidateCaddyfile(t *testing.T) {
	lines := strings.SplitAfter(caddyGood, "\n")
	without := func(n int) string { // caddyGood without its line n (from 1)
		return strings.Join(lines[:n-1], "") + strings.Join(lines[n:], "")
	}
	with := func(n int, l string) string { // caddyGood with l inserted before its line n
		return strings.Join(lines[:n-1], "") + l + strings.Join(lines[n-1:], "")
	}
	for _, tt := range []struct {
		name, in string
		want     string // line:col of each finding
	}{
		{"good", caddyGood, ""},
		{"inner block unclosed", without(5), "5:1"},
		{"innermost unclosed before outer close", without(10), "10:1"},
		{"outer unclosed before its parent's close", without(11), "11:1"},
		{"global unclosed", without(13), "13:1"},
		{"last block unclosed", without(21), "21:1"},
		{"last block unclosed in an excerpt", strings.Replace(without(21), "redir", "...\n\tredir", 1), ""},
		{"open brace dropped", strings.Replace(caddyGood, "authelia {", "authelia", 1), "3:3"},
		{"site open brace dropped", strings.Replace(caddyGood, "app.example.com {", "app.example.com", 1), "15:1"},
		{"brace doubled deeper", with(6, "\t\t}\n"), "6:3"},
		{"brace doubled at top", with(14, "}\n"), "14:1"},
		// Mixed blanks: only the end of the snippet tells.
		{"mixed indentation", strings.Replace(without(5), "\t\t\tclient_id", "      client_id", 1), "21:1"},
		{"quote across lines", "a \"b\n}\"\n", ""},
		{"quote never closed", "a {\n\tb \"c\n}\n", "2:4"},
		{"empty", "", ""},
		{"excerpt ending a block", "\treverse_proxy app:80\n\t# ...\n}\n", ""},
		{"ending a block", "\treverse_proxy app:80\n}\n", "2:1"},
	} {
		var got []string
		for _, f := range validateCaddyfile([]byte(tt.in)) {
			if f.code != "caddyfile-syntax" {
				t.Errorf("%s: code %s", tt.name, f.code)
			}
			line := bytes.Count([]byte(tt.in[:f.span.Start]), []byte("\n")) + 1
			col := f.span.Start - (strings.LastIndexByte(tt.in[:f.span.Start], '\n') + 1) + 1
			got = append(got, fmt.Sprintf("%d:%d", line, col))
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, g, tt.want)
		}
	}
}

// FuzzValidateCaddyfile: no panic, spans inside the text.
func FuzzValidateCaddyfile(f *testing.F) {
	for _, s := range []string{caddyGood, "}\n", "a {\n", "a\n\tb\n", "\"", "r <<E\n", "\t}\n  }\n", "a {\n\tb {\n}\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, fd := range validateCaddyfile([]byte(in)) {
			if fd.span.Start < 0 || fd.span.End > len(in) || fd.span.Start > fd.span.End {
				t.Fatalf("span %v out of %d", fd.span, len(in))
			}
		}
	})
}

// TestCaddyfileBraceMutations drops, in every Caddyfile of the corpus, the
// novel and pending guides and the Authelia documentation's Caddy page,
// each brace line in turn ('}' lines, and the '{' ending a line), and
// doubles each '}' line, and requires one caddyfile-syntax finding, on the
// line where the brace was (the line after a dropped '}' line's block
// for a dropped '}', since the finding marks where it belongs).
func TestCaddyfileBraceMutations(t *testing.T) {
	root := testenv.RepoRoot(t)
	var paths []string
	for _, g := range []string{filepath.Join(root, "tests", "testdata", "novel", "*", "index.md"), filepath.Join(root, "tests", "testdata", "novel-pending", "*", "index.md"),
		filepath.Join(testenv.Shared(t, "corpus", "authelia"), "*", "index.md"), testenv.Shared(t, "corpus", "authelia-docs", "content", "integration", "proxies", "caddy.md")} {
		m, _ := filepath.Glob(g)
		paths = append(paths, m...)
	}
	n, found, snippets := 0, 0, 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		_, snips := testenv.ScanGuide(filepath.Base(p), b)
		for _, s := range snips {
			if !isCaddyfileSnippet(s) || len(validateCaddyfile(s.Text)) > 0 {
				continue
			}
			snippets++
			lines := strings.SplitAfter(string(s.Text), "\n")
			for i, l := range lines {
				text := strings.TrimRight(l, "\r\n")
				var mutated string
				var want []int // acceptable lines (from 0) of the finding
				switch {
				case strings.TrimSpace(text) == "}":
					mutated = strings.Join(lines[:i], "") + strings.Join(lines[i+1:], "")
					// Where the '}' was: now the next line, or after the
					// last line at the end.
					want = []int{i}
				case strings.HasSuffix(text, " {") && !strings.HasPrefix(strings.TrimSpace(text), "#"):
					mutated = strings.Join(lines[:i], "") + strings.TrimSuffix(text, " {") + "\n" + strings.Join(lines[i+1:], "")
					want = []int{i}
				default:
					continue
				}
				n++
				fs := validateCaddyfile([]byte(mutated))
				var at []int
				for _, f := range fs {
					at = append(at, strings.Count(mutated[:f.span.Start], "\n"))
				}
				if len(at) == 1 && at[0] == want[0] {
					found++
				} else {
					t.Logf("MISS %s #%d line %d %q: findings at %v", filepath.Base(filepath.Dir(p)), s.Index, i+1, text, at)
				}
				if strings.TrimSpace(text) == "}" {
					doubled := strings.Join(lines[:i+1], "") + l + strings.Join(lines[i+1:], "")
					n++
					fs := validateCaddyfile([]byte(doubled))
					if len(fs) == 1 && strings.Count(doubled[:fs[0].span.Start], "\n") == i+1 {
						found++
					} else {
						t.Logf("MISS doubled %s #%d line %d: %d findings", filepath.Base(filepath.Dir(p)), s.Index, i+1, len(fs))
					}
				}
			}
		}
	}
	t.Logf("%d Caddyfiles, brace mutations found: %d of %d", snippets, found, n)
	if snippets < 3 || n < 30 || float64(found) < 0.9*float64(n) {
		t.Errorf("found %d of %d brace mutations in %d Caddyfiles, want 90%% of at least 30", found, n, snippets)
	}
}
