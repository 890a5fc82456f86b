package testenv

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCorpusFences checks the scanner against the real guides: each block
// starts at an opening fence line with its info string, its text is the
// guide's lines that follow, and, the corpus being well formed, a closing
// fence follows the text.
func TestCorpusFences(t *testing.T) {
	dir := Corpus(t)
	fences := CorpusFences(t)
	if len(fences) == 0 {
		t.Fatal("no fenced blocks in the corpus")
	}
	lines := map[string][]string{}
	for _, f := range fences {
		l, ok := lines[f.File]
		if !ok {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.File)))
			if err != nil {
				t.Fatal(err)
			}
			l = strings.Split(string(b), "\n")
			lines[f.File] = l
		}
		open := strings.TrimSpace(l[f.Line-1])
		if !strings.HasPrefix(open, "```") && !strings.HasPrefix(open, "~~~") || !strings.HasSuffix(open, f.Info) {
			t.Errorf("%s:%d: %q is not an opening fence with info %q", f.File, f.Line, open, f.Info)
			continue
		}
		text := strings.Split(strings.TrimSuffix(f.Text, "\n"), "\n")
		if f.Text == "" {
			text = nil
		}
		for i, s := range text {
			if !strings.HasSuffix(l[f.Line+i], s) {
				t.Errorf("%s:%d: text line %q is not the guide's %q", f.File, f.Line+1+i, s, l[f.Line+i])
			}
		}
		end := f.Line + len(text)
		if end >= len(l) || !closing(strings.TrimSpace(l[end]), open[0], 3) {
			t.Errorf("%s:%d: block is not closed", f.File, f.Line)
		}
	}
	t.Logf("%d fenced blocks in %d guides", len(fences), len(lines))
}

// TestScanFences pins the naive scanner to the CommonMark fence rules it
// claims: fence kinds and lengths, info strings, indentation, open ends.
func TestScanFences(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []Fence
	}{
		{"none", "text\n``inline``\n", nil},
		{"plain", "a\n```\nx\n```\n", []Fence{{Line: 2, Text: "x\n"}}},
		{"lang and attributes", "```shell {title=\".env\"}\nA=1\n\nB=2\n```\n",
			[]Fence{{Line: 1, Info: `shell {title=".env"}`, Lang: "shell", Text: "A=1\n\nB=2\n"}}},
		{"space before lang", "``` php\n<?php\n```\n", []Fence{{Line: 1, Info: "php", Lang: "php", Text: "<?php\n"}}},
		{"attributes without space", "```yaml{a=b}\nk: v\n```", []Fence{{Line: 1, Info: "yaml{a=b}", Lang: "yaml", Text: "k: v\n"}}},
		{"tildes", "~~~ini\n```\n~~~\n", []Fence{{Line: 1, Info: "ini", Lang: "ini", Text: "```\n"}}},
		{"longer closing fence", "```yaml\nk: v\n````\nafter\n", []Fence{{Line: 1, Info: "yaml", Lang: "yaml", Text: "k: v\n"}}},
		{"shorter fence inside", "````md\n```yaml\n```\n````\n", []Fence{{Line: 1, Info: "md", Lang: "md", Text: "```yaml\n```\n"}}},
		{"closing fence with info does not close", "```\n``` yaml\n```\n", []Fence{{Line: 1, Text: "``` yaml\n"}}},
		{"backtick in info is no fence", "``` a`b\n```ini\nk=v\n```\n", []Fence{{Line: 2, Info: "ini", Lang: "ini", Text: "k=v\n"}}},
		{"indented fence strips its indentation only", "1. item\n\n   ```ini\n   k=v\n     c\n  d\n   ```\n",
			[]Fence{{Line: 3, Info: "ini", Lang: "ini", Text: "k=v\n  c\nd\n"}}},
		{"open at end", "```json\n{}\n\n", []Fence{{Line: 1, Info: "json", Lang: "json", Text: "{}\n\n"}}},
		{"open at end without newline", "```json\n{}", []Fence{{Line: 1, Info: "json", Lang: "json", Text: "{}\n"}}},
		{"empty block", "```\n```\n", []Fence{{Line: 1}}},
		{"two blocks", "```a\n1\n```\ntext\n~~~b\n2\n~~~\n",
			[]Fence{{Line: 1, Info: "a", Lang: "a", Text: "1\n"}, {Line: 5, Info: "b", Lang: "b", Text: "2\n"}}},
		{"CRLF", "```ini\r\nk=v\r\n```\r\n", []Fence{{Line: 1, Info: "ini", Lang: "ini", Text: "k=v\r\n"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.want {
				tt.want[i].File = "g/index.md"
			}
			if got := scanFences("g/index.md", tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCorpusFencesTree reads a corpus in a temporary tree: guide names,
// file order, and nil (logged) when the corpus is absent.
func TestCorpusFencesTree(t *testing.T) {
	root := tree(t, "repo/go.mod", "shared/corpus/authelia/")
	t.Chdir(filepath.Join(root, "repo"))
	t.Setenv("CI", "")
	corpus := filepath.Join(root, "shared", "corpus", "authelia")
	for name, body := range map[string]string{"b": "```ini\nk=v\n```\n", "a": "x\n\n```yaml\nk: v\n```\n", "c": "no fences\n"} {
		if err := os.MkdirAll(filepath.Join(corpus, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(corpus, name, "index.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []Fence{
		{File: "a/index.md", Line: 3, Info: "yaml", Lang: "yaml", Text: "k: v\n"},
		{File: "b/index.md", Line: 1, Info: "ini", Lang: "ini", Text: "k=v\n"},
	}
	if got := CorpusFences(t); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	if err := os.RemoveAll(filepath.Join(root, "shared")); err != nil {
		t.Fatal(err)
	}
	var got []Fence
	r, _ := record(func(tb testing.TB) string { got = CorpusFences(tb); return "" })
	if r.ended != "" || got != nil || len(r.logs) != 1 {
		t.Errorf("absent corpus: ended %q, fences %v, logs %q; want nil and one log line", r.ended, got, r.logs)
	}
}
