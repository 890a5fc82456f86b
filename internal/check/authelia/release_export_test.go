package authelia

import (
	"bufio"
	"bytes"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
)

// Hooks for the tests of package authelia_test (docs_corpus_test.go),
// which run the whole pipeline and so cannot live in package authelia:
// internal/build imports it.

// Update is the -update flag of this package's tests.
var Update = update

// ConfigDocuments counts the Authelia configuration documents of a
// guide's blocks, as the checker finds them.
func ConfigDocuments(pass *check.Pass) int {
	gc := loadGuide(pass)
	if gc == nil {
		return 0
	}
	n := 0
	for _, c := range gc.cfgs {
		n += len(c.docs)
	}
	return n
}

// CompareReasons is compareReasons for the external tests.
func CompareReasons(t *testing.T, path string, got []string) { compareReasons(t, path, got) }

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
		b.WriteString("# Every finding of the authelia checker on ../shared/corpus/authelia-docs (guidec check --source, pages without Tested Versions checked as latest), with the reason it is real.\n")
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
