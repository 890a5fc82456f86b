package authelia

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/diag"
)

// docsPage is one Markdown page of Authelia's documentation tree with the
// configuration blocks the test-only scanner finds in it.
type docsPage struct {
	rel     string
	guide   *testGuide
	version string
}

// releaseNotes matches the release notes pages, which document the
// release of their name.
var releaseNotes = regexp.MustCompile(`^blog/release-notes-(\d+\.\d+)/`)

// docsPages reads every page of ../shared/corpus/authelia-docs/content. The
// version a page is checked for is the one it documents: its Tested
// Versions, the release of a release notes page, else the newest rules
// (the tree is the documentation of the current release).
func docsPages(t testing.TB) []docsPage {
	root := sharedPath(t, filepath.Join("corpus", "authelia-docs", "content"))
	var pages []docsPage
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		g := scanGuide(rel, content)
		v := check.TestedVersion(g.texts)
		if m := releaseNotes.FindStringSubmatch(rel); v == "" && m != nil {
			v = m[1]
		}
		pages = append(pages, docsPage{rel: rel, guide: g, version: v})
		return nil
	})
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages under %s: %v", root, err)
	}
	return pages
}

// TestDocsCorpus checks the Authelia blocks of every page of Authelia's own
// documentation with the whole-configuration rules and compares the
// findings with testdata/docs.golden, where each line carries the reason
// it is real (after "  # "). Run with -update to rewrite it: reasons of
// unchanged lines are kept, new lines say REVIEW until explained. None of
// the configuration reference's examples (content/configuration/**) may be
// reported as invalid (an error) for the release it documents.
func TestDocsCorpus(t *testing.T) {
	var got []string
	blocks := 0
	for _, p := range docsPages(t) {
		for _, s := range p.guide.snippets {
			if c, ok := loadConfig(s); ok {
				blocks += len(c.docs)
			}
		}
		for _, d := range p.guide.run(p.version) {
			pos := d.Start()
			got = append(got, fmt.Sprintf("%s:%d:%d %s %s: %s", p.rel, pos.Line, pos.Column, d.Severity, d.Code, d.Message))
			if d.Severity == diag.Error && strings.HasPrefix(p.rel, "configuration/") {
				t.Errorf("a reference example is reported as invalid: %s:%d: %s", p.rel, pos.Line, d.Message)
			}
		}
	}
	t.Logf("%d Authelia configuration documents checked", blocks)
	if blocks < 200 {
		t.Errorf("only %d configuration documents found: the classifier misses Authelia's blocks", blocks)
	}
	compareReasons(t, filepath.Join("testdata", "docs.golden"), got)
}

// compareReasons compares findings with a golden file of "finding  # reason"
// lines, or rewrites it with -update keeping the reasons it has.
func compareReasons(t *testing.T, path string, got []string) {
	t.Helper()
	reasons := map[string]string{}
	if data, err := os.ReadFile(path); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			line := sc.Text()
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, r, _ := strings.Cut(line, "  # ")
			reasons[k] = r
		}
	} else if !*update {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if *update {
		var b strings.Builder
		b.WriteString("# Every finding of the authelia checker on ../shared/corpus/authelia-docs/content, with the reason it is real.\n")
		for _, k := range got {
			r := reasons[k]
			if r == "" {
				r = "REVIEW"
			}
			b.WriteString(k + "  # " + r + "\n")
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var want []string
	for k, r := range reasons {
		want = append(want, k)
		if r == "" || r == "REVIEW" {
			t.Errorf("%s: no reason given in %s", k, path)
		}
	}
	sort.Strings(want)
	sorted := append([]string(nil), got...)
	sort.Strings(sorted)
	if strings.Join(sorted, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings differ from %s (run go test -update and review):\n%s", path, lineDiff(strings.Join(want, "\n"), strings.Join(sorted, "\n")))
	}
}
