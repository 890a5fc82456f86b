package syntax

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/format/nginx"
	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// nginxSnippets returns every nginx snippet of the corpus, the novel
// guides and the Hugo docs tree next to the corpus, by "guide#index".
func nginxSnippets(t *testing.T) map[string]*snippet.Snippet {
	out := snippetsWhere(t, func(k kind) bool { return k == kindNginx })
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		docs := filepath.Join(filepath.Dir(dir), "authelia-docs")
		_ = filepath.WalkDir(docs, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || !bytes.Contains(b, []byte("proxy_pass")) && !bytes.Contains(b, []byte("nginx")) {
				return nil
			}
			rel, _ := filepath.Rel(docs, p)
			_, snips := testenv.ScanGuide("docs/"+rel, b)
			for _, s := range snips {
				if kindOf(s) == kindNginx {
					out["docs/"+rel+"#"+itoa(s.Index)] = s
				}
			}
			return nil
		})
	}
	return out
}

// TestNginxMutations injects, one at a time, into every nginx snippet
// that has no finding of its own: (a) a directive's ';' dropped, (b) a
// directive's name misspelt (a letter dropped, doubled, or swapped with
// its neighbour), (c) a block's '}' dropped; and counts the mutations
// found at the right line (the line that lost its ';', the misspelt
// name's, the block's opening line) and the findings at any other line.
// A dropped '}' is only certain in a snippet that elides nothing, and a
// misspelling only when it is no directive itself.
func TestNginxMutations(t *testing.T) {
	snips := nginxSnippets(t)
	if len(snips) == 0 {
		t.Skip("no corpus")
	}
	names := slices.Sorted(maps.Keys(snips))
	type count struct{ injected, found, wrong int }
	counts := map[string]*count{"semicolon": {}, "misspelt": {}, "brace": {}}
	lineOf := func(text []byte, off int) int { return bytes.Count(text[:off], []byte("\n")) }
	clean := 0
	for _, n := range names {
		text := snips[n].Text
		if len(checkNginx(text)) > 0 {
			t.Logf("has findings: %s", n)
			continue
		}
		clean++
		f := nginx.Parse(text)
		judge := func(what, code string, mutated []byte, want int) {
			c := counts[what]
			c.injected++
			hit := false
			for _, fd := range checkNginx(mutated) {
				if fd.code != code {
					continue
				}
				if l := lineOf(mutated, fd.span.Start); l == want {
					hit = true
				} else {
					c.wrong++
					t.Logf("WRONG %s %s line %d (want %d): %s", what, n, l+1, want+1, fd.msg)
				}
			}
			if hit {
				c.found++
			} else if testing.Verbose() {
				t.Logf("MISS %s %s line %d", what, n, want+1)
			}
		}
		nginx.Walk(f.Directives, func(d *nginx.Directive) {
			if d.Term == ';' {
				m := append(append([]byte{}, text[:d.End.Start]...), text[d.End.End:]...)
				judge("semicolon", "nginx-syntax", m, lineOf(text, d.End.Start))
			}
			if d.Term == '{' && d.Body == nil && !d.Close.Open && !f.Elided {
				m := append(append([]byte{}, text[:d.Close.Start]...), text[d.Close.End:]...)
				judge("brace", "nginx-syntax", m, lineOf(text, d.Name.Start))
			}
			name := string(d.Name.Text(text))
			if !nginx.Known(name) || len(name) < 5 {
				return
			}
			for _, v := range misspellings(name) {
				if nginx.Known(v) {
					continue
				}
				m := append(append(append([]byte{}, text[:d.Name.Start]...), v...), text[d.Name.End:]...)
				judge("misspelt", "nginx-directive", m, lineOf(text, d.Name.Start))
			}
		})
	}
	t.Logf("%d nginx snippets, %d without findings", len(snips), clean)
	for _, k := range []string{"semicolon", "misspelt", "brace"} {
		c := counts[k]
		t.Logf("%s: found %d/%d at the line, %d elsewhere", k, c.found, c.injected, c.wrong)
		if c.wrong > 0 {
			t.Errorf("%s: %d findings at a wrong line", k, c.wrong)
		}
	}
}

// misspellings returns name with its middle letter dropped, its second
// letter doubled and its last two letters swapped: three slips at three
// places.
func misspellings(name string) []string {
	mid := len(name) / 2
	out := []string{name[:mid] + name[mid+1:], name[:2] + name[1:]}
	if l := len(name); name[l-1] != name[l-2] {
		out = append(out, name[:l-2]+name[l-1:]+name[l-2:l-1])
	}
	return out
}
