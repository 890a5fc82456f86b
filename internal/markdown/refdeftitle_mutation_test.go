package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/testenv"
)

// refDefLineRe is a reference definition line with a bare URL and nothing
// after it, the form the guides write them in.
var refDefLineRe = regexp.MustCompile(`^(\s*\[([^\]^][^\]]*)\]:[ \t]+)(\S+)[ \t]*$`)

// TestRefDefTitleMutations breaks, in every corpus and novel guide, each
// reference definition whose label the guide uses, one at a time, in the
// ways a title goes wrong: unquoted words (with a trailing period, after
// an angle-bracket URL), text after a quoted title, a period glued to an
// angle-bracket URL, the next definition joined to the line. Each must
// give one new finding, link-refdef-title on that line, and no
// link-undefined-ref at the uses; an unquoted title's fix must give back a
// page with the findings of the original. Quoting the title instead (the
// control) must give no new finding.
func TestRefDefTitleMutations(t *testing.T) {
	type guide struct{ name, content string }
	var guides []guide
	if dir := testenv.CorpusIfPresent(t); dir != "" {
		_, names := corpusGuides(t)
		for _, n := range names {
			b, err := os.ReadFile(filepath.Join(dir, n, "index.md"))
			if err != nil {
				t.Fatal(err)
			}
			guides = append(guides, guide{n, string(b)})
		}
	}
	paths, _ := filepath.Glob(filepath.Join(testenv.RepoRoot(t), "tests", "testdata", "novel", "*", "index.md"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		guides = append(guides, guide{"novel/" + filepath.Base(filepath.Dir(p)), string(b)})
	}
	if len(guides) == 0 {
		t.Skip("no guides")
	}
	render := func(name, doc string) diag.List {
		f, exp := expand(t, name+"/index.md", doc)
		return New().Render(f, exp, PageInfo{Name: name}).Diags
	}
	key := func(d diag.Diagnostic) string { return fmt.Sprintf("%d %s", d.Start().Line, d.Code) }
	variants := []struct {
		name  string
		make  func(lead, label, url string) string
		fixed bool // the finding has a fix
	}{
		{"words", func(l, lb, u string) string { return l + u + " " + lb + " website" }, true},
		{"sentence", func(l, lb, u string) string { return l + u + " The " + lb + " documentation." }, true},
		{"angle", func(l, lb, u string) string { return l + "<" + u + "> " + lb }, true},
		{"after title", func(l, lb, u string) string { return l + u + ` "` + lb + `" site` }, false},
		{"glued", func(l, lb, u string) string { return l + "<" + u + ">." }, false},
		{"joined", func(l, lb, u string) string { return l + u + " [other label]: https://example.com/" }, false},
	}
	total, found := map[string]int{}, map[string]int{}
	controls, dirty := 0, 0
	for gi, g := range guides {
		lines := strings.Split(g.content, "\n")
		base := map[string]int{}
		for _, d := range render(g.name, g.content) {
			base[key(d)]++
		}
		fresh := func(doc string) []diag.Diagnostic {
			seen := map[string]int{}
			var out []diag.Diagnostic
			for _, d := range render(g.name, doc) {
				k := key(d)
				if seen[k]++; seen[k] > base[k] {
					out = append(out, d)
				}
			}
			return out
		}
		inFence := false
		for i, l := range lines {
			if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
				inFence = !inFence
			}
			m := refDefLineRe.FindStringSubmatch(l)
			if inFence || m == nil || strings.HasPrefix(m[3], "<") || strings.Contains(m[3], "{{") {
				continue
			}
			used := false
			for j, o := range lines {
				used = used || j != i && strings.Contains(strings.ToLower(o), "["+strings.ToLower(m[2])+"]")
			}
			if !used {
				continue
			}
			with := func(s string) string {
				c := append([]string(nil), lines...)
				c[i] = s
				return strings.Join(c, "\n")
			}
			controls++
			if got := fresh(with(m[1] + m[3] + ` "` + m[2] + ` website"`)); len(got) > 0 {
				dirty++
				t.Errorf("control %s line %d: %s %s", g.name, i+1, key(got[0]), got[0].Message)
			}
			// Rotate the variants over the sites so that every guide
			// sees several and the test stays fast.
			for vi, v := range variants {
				if (i+gi+vi)%3 != 0 {
					continue
				}
				doc := with(v.make(m[1], m[2], m[3]))
				total[v.name]++
				got := fresh(doc)
				if len(got) != 1 || got[0].Code != "link-refdef-title" || got[0].Start().Line != i+1 || got[0].Severity != diag.Error {
					var s []string
					for _, d := range got {
						s = append(s, key(d))
					}
					t.Logf("MISS %s %s line %d %q: %v", v.name, g.name, i+1, lines[i], s)
					continue
				}
				if (got[0].Fix != nil) != v.fixed {
					t.Logf("MISS %s %s line %d: fix %v", v.name, g.name, i+1, got[0].Fix)
					continue
				}
				if v.fixed {
					out := []byte(doc)
					eds := got[0].Fix.Edits
					for k := len(eds) - 1; k >= 0; k-- {
						e := eds[k]
						out = append(out[:e.Span.Start:e.Span.Start], append([]byte(e.NewText), out[e.Span.End:]...)...)
					}
					if rest := fresh(string(out)); len(rest) > 0 {
						t.Logf("MISS fix %s %s line %d: %s", v.name, g.name, i+1, key(rest[0]))
						continue
					}
				}
				found[v.name]++
			}
		}
	}
	for _, v := range variants {
		t.Logf("%-12s %d/%d", v.name, found[v.name], total[v.name])
		if total[v.name] == 0 {
			t.Errorf("%s: no site", v.name)
		}
		if found[v.name] < total[v.name]*97/100 {
			t.Errorf("%s: found %d/%d, want 97%%", v.name, found[v.name], total[v.name])
		}
	}
	t.Logf("controls %d, %d with a new finding", controls, dirty)
}
