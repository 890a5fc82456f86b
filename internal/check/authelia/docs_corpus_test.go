package authelia_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/check/authelia"
	"github.com/guidec/guidec/internal/cli"
	"github.com/guidec/guidec/internal/testenv"
)

// TestDocsCorpus runs `guidec check --source ../shared/corpus/authelia-docs
// --format json` (the command itself, so the pages, their Tested Versions
// and their blocks are what the pipeline finds: Hugo discovery, the
// project's shortcodes, front matter) and compares the findings of the
// authelia checker with testdata/docs.golden, where each line carries the
// reason it is real (after "  # "). Run with -update to rewrite it:
// reasons of unchanged lines are kept, new lines say REVIEW until
// explained. Pages without a Tested Versions section, the reference pages
// of the tree, are checked as documenting the latest release; none of the
// configuration reference's examples (content/configuration/**) may be
// reported as invalid (an error) for it.
func TestDocsCorpus(t *testing.T) {
	root := testenv.Shared(t, "corpus", "authelia-docs")
	t.Setenv("GUIDEC_CACHE_DIR", t.TempDir())
	var out, errb bytes.Buffer
	code := cli.Main([]string{"check", "--source", root, "--format", "json", "--site", "../../../site", "--shortcodes", "../../../shortcodes"}, &out, &errb)
	if code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var diags []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal(out.Bytes(), &diags); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	ours := map[string]bool{}
	for _, c := range authelia.Codes {
		ours[c.Code] = true
	}
	var got []string
	for _, d := range diags {
		if !ours[d.Code] {
			continue
		}
		_, rel, ok := strings.Cut(filepath.ToSlash(d.File), "/content/")
		if !ok {
			t.Errorf("%s: a finding outside the content tree", d.File)
		}
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s: %s", rel, d.Line, d.Column, d.Severity, d.Code, d.Message))
		if d.Severity == "error" && strings.HasPrefix(rel, "configuration/") {
			t.Errorf("a reference example is reported as invalid: %s:%d: %s", rel, d.Line, d.Message)
		}
	}
	if docs := configDocuments(t, root); docs < 200 {
		t.Errorf("only %d configuration documents found: the classifier misses Authelia's blocks", docs)
	} else {
		t.Logf("%d Authelia configuration documents checked", docs)
	}
	authelia.CompareReasons(t, filepath.Join("testdata", "docs.golden"), got)
}

// configDocuments counts the Authelia configuration documents of the tree
// as the pipeline hands them to the checker (the source detected as the
// command line detects it, with the project's templates).
func configDocuments(t *testing.T, root string) int {
	t.Helper()
	parent, name := filepath.Dir(root), filepath.Base(root)
	src, err := build.DetectSource(os.DirFS(parent), name)
	if err != nil || src.Project == nil {
		t.Fatalf("%s: not detected as a Hugo project: %v", root, err)
	}
	shortcodes, partials, data := src.Templates(os.DirFS(parent), func(dir string) string { return dir })
	var n atomic.Int64
	counter := &check.Checker{Name: "count", Doc: "counts Authelia configuration documents", Run: func(pass *check.Pass) {
		n.Add(int64(authelia.ConfigDocuments(pass)))
	}}
	content := filepath.Join(parent, filepath.FromSlash(name+"/"+src.ContentRel))
	_, err = build.Run(context.Background(), build.Options{
		Source: os.DirFS(content), SourceName: content, Project: src.Project,
		Shortcodes: os.DirFS("../../../shortcodes"), Site: os.DirFS("../../../site"),
		ProjectShortcodes: shortcodes, Partials: partials, Data: data,
		Check: true, CheckDrafts: true, Checkers: []*check.Checker{counter},
	})
	if err != nil {
		t.Fatal(err)
	}
	return int(n.Load())
}
