package tests

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/publish"
)

// factMutation injects one defect into a guide: it returns the mutated
// guide and the 1-based line of the defect, or ok false when the guide has
// no place for it. n varies the position and form between guides.
type factMutation struct {
	name   string
	code   string
	inject func(g []byte, n int) (out []byte, line int, ok bool)
}

// lines returns the body lines (outside front matter) and whether each is
// inside a fence, with the fence's info string.
func guideLines(g []byte) (ls []string, fence []string) {
	ls = strings.Split(string(g), "\n")
	fence = make([]string, len(ls))
	fm, in, info := 0, false, ""
	for i, l := range ls {
		if fm < 2 {
			if strings.TrimSpace(l) == "---" {
				fm++
			}
			fence[i] = "frontmatter"
			continue
		}
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") {
			if in {
				in = false
				fence[i] = "fence-end"
				continue
			}
			in, info = true, t
			fence[i] = "fence-start"
			continue
		}
		if in {
			fence[i] = info
		}
	}
	return ls, fence
}

// pick returns the index of the k-th (mod count) line satisfying ok.
func pick(ls []string, n int, ok func(i int) bool) (int, bool) {
	var idx []int
	for i := range ls {
		if ok(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return 0, false
	}
	return idx[n%len(idx)], true
}

var proseLine = regexp.MustCompile(`^[A-Za-z][^{}<>|` + "`" + `\[]* [a-z]+[^{}<>|\[]*$`)

// insertInProse puts text after the first blank of a plain prose line.
func insertInProse(text string) func([]byte, int) ([]byte, int, bool) {
	return func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		i, ok := pick(ls, n, func(i int) bool { return f[i] == "" && proseLine.MatchString(ls[i]) })
		if !ok {
			return nil, 0, false
		}
		j := strings.IndexByte(ls[i], ' ')
		if n%2 == 1 {
			j = strings.LastIndexByte(ls[i], ' ')
		}
		ls[i] = ls[i][:j+1] + text + ls[i][j+1:]
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}
}

var yamlValue = regexp.MustCompile(`^(\s*[a-z_]+: )'([a-z][a-z0-9_.-]*)'\s*$`)

// inSnippet changes a quoted YAML value of a yaml fence with edit.
func inSnippet(edit func(key, val string, n int) string) func([]byte, int) ([]byte, int, bool) {
	return func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		i, ok := pick(ls, n, func(i int) bool {
			return strings.HasPrefix(f[i], "```yaml") && yamlValue.MatchString(ls[i]) && !strings.Contains(ls[i], "{{")
		})
		if !ok {
			return nil, 0, false
		}
		m := yamlValue.FindStringSubmatch(ls[i])
		ls[i] = edit(m[1], m[2], n)
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}
}

var envLine = regexp.MustCompile(`^([A-Z][A-Z0-9_]*(?:CLIENT_ID|SECRET|URL|SCOPES?))=([^'"#\s{]+)$`)

var factMutations = []factMutation{
	{"mojibake-apostrophe", "source-mojibake", insertInProse("itâ€™s ")},
	{"mojibake-eacute", "source-mojibake", insertInProse("cafÃ© ")},
	{"mojibake-dash", "source-mojibake", insertInProse("â€” ")},
	{"replacement-char", "source-replacement-char", insertInProse("caf\uFFFD ")},
	{"control-vt", "source-control-char", insertInProse("\v")},
	{"control-c1", "source-control-char", insertInProse("\u0085x ")},
	{"smart-single", "snippet-smart-quote", inSnippet(func(k, v string, n int) string { return k + "\u2018" + v + "\u2019" })},
	{"smart-double", "snippet-smart-quote", inSnippet(func(k, v string, n int) string { return k + "\u201C" + v + "\u201D" })},
	{"nbsp", "snippet-nbsp", inSnippet(func(k, v string, n int) string { return strings.TrimRight(k, " ") + "\u00A0'" + v + "'" })},
	{"zero-width", "snippet-zero-width", inSnippet(func(k, v string, n int) string {
		zw := []string{"\u200B", "\u200C", "\u200D", "\u2060"}[n%4]
		return k + "'" + v[:1] + zw + v[1:] + "'"
	})},
	{"env-inline-comment", "env-inline-comment", func(g []byte, n int) ([]byte, int, bool) {
		ls, f := guideLines(g)
		i, ok := pick(ls, n, func(i int) bool { return strings.Contains(f[i], `".env"`) && envLine.MatchString(ls[i]) })
		if !ok {
			return nil, 0, false
		}
		ls[i] += " # set this " + []string{"first", "to the value above"}[n%2]
		return []byte(strings.Join(ls, "\n")), i + 1, true
	}},
	{"escape-hatch-undeclared", "authelia-escape-hatch-undeclared", func(g []byte, n int) ([]byte, int, bool) {
		i := bytes.Index(g, []byte(`bugs="`))
		j := bytes.Index(g, []byte("oidc-escape-hatch-claims-hydration"))
		if i < 0 || j < 0 {
			return nil, 0, false
		}
		out := bytes.Replace(g, []byte("claims-hydration\""), []byte("\""), 1)
		out = bytes.Replace(out, []byte(`bugs=",`), []byte(`bugs="`), 1)
		out = bytes.Replace(out, []byte(`,"`), []byte(`"`), 1)
		k := bytes.Index(out, []byte("oidc-escape-hatch-claims-hydration"))
		return out, bytes.Count(out[:k], []byte("\n")) + 1, true
	}},
}

// checkOne checks one guide alone and returns its errors and warnings.
func checkOne(t *testing.T, name string, g []byte, site, sc fstest.MapFS) diag.List {
	src := fstest.MapFS{name + "/index.md": {Data: g}}
	res, err := build.Run(context.Background(), build.Options{
		Source: src, SourceName: "corpus", Site: site, Shortcodes: sc,
		Check: true, CheckDrafts: true, Output: &publish.MemOutput{}, Jobs: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	var l diag.List
	for _, d := range res.Diags {
		if d.Severity != diag.Info {
			l = append(l, d)
		}
	}
	return l
}

// TestFactMutations injects each defect kind of factMutations into every
// applicable corpus guide and requires one new finding of the kind's code
// within 2 lines of the defect for at least 97% of them, and no finding of
// these codes on the unmutated guides.
func TestFactMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := corpusDir(t)
	site, sc := copyFS(t, os.DirFS("../site")), copyFS(t, os.DirFS("../shortcodes"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, m := range factMutations {
		codes[m.code] = true
	}
	total, found := 0, 0
	per := map[string][2]int{}
	for n, e := range entries {
		g, err := os.ReadFile(filepath.Join(dir, e.Name(), "index.md"))
		if err != nil {
			continue
		}
		base := map[string]bool{}
		for _, d := range checkOne(t, e.Name(), g, site, sc) {
			base[d.Code+d.Message] = true
			if codes[d.Code] && !knownFactFinding(e.Name(), d.Code) {
				t.Errorf("control %s: %s: %s", e.Name(), d.Code, d.Message)
			}
		}
		for _, m := range factMutations {
			out, line, ok := m.inject(g, n)
			if !ok {
				continue
			}
			total++
			c := per[m.name]
			c[0]++
			var fresh []diag.Diagnostic
			for _, d := range checkOne(t, e.Name(), out, site, sc) {
				if !base[d.Code+d.Message] {
					fresh = append(fresh, d)
				}
			}
			if hit(fresh, m.code, line) {
				found++
				c[1]++
			} else {
				var got []string
				for _, d := range fresh {
					got = append(got, fmt.Sprintf("%d %s: %s", d.Start().Line, d.Code, d.Message))
				}
				t.Logf("%s in %s at line %d: got %q", m.name, e.Name(), line, got)
			}
			per[m.name] = c
		}
	}
	t.Logf("found %d of %d injected defects; by kind (injected, found): %v", found, total, per)
	for _, m := range factMutations {
		if per[m.name][0] == 0 {
			t.Errorf("kind %s was injected nowhere", m.name)
		}
	}
	if total == 0 || float64(found) < 0.97*float64(total) {
		t.Errorf("found %d of %d injected defects, want at least 97%%", found, total)
	}
}

// hit reports whether fresh holds the finding of code within 2 lines of
// line, and nothing else: one defect, one finding (paste's characters
// included, which the later checkers see replaced).
func hit(fresh []diag.Diagnostic, code string, line int) bool {
	n := 0
	for _, d := range fresh {
		if d.Code == code && abs(d.Start().Line-line) <= 2 {
			n++
		}
	}
	return n == 1 && len(fresh) == 1
}

// knownFactFinding lists the corpus's own findings of these codes, which
// tests/testdata/corpus.golden explains.
func knownFactFinding(guide, code string) bool {
	return guide == "homebox" && code == "env-inline-comment" || guide == "technitium" && code == "authelia-escape-hatch-undeclared"
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
