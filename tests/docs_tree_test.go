package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/testenv"
)

// linkCodes are the findings of link resolution: what the conformance
// golden of the documentation tree lists, and all it may list.
var linkCodes = map[string]bool{"link-broken": true, "link-anchor-missing": true, "link-anchor-ambiguous": true, "link-malformed": true, "link-draft": true, "link-unsafe": true}

// checkDocsTree checks Authelia's documentation tree as `guidec check
// --source DIR` does, DIR being the project's root or its content/ (a
// path relative to the tree's parent), and returns the link findings as
// "FILE:LINE:COL code: message [hint]", FILE relative to content/.
func checkDocsTree(t *testing.T, root, dir string) ([]string, *build.Result) {
	t.Helper()
	parent := filepath.Dir(root)
	src, err := build.DetectSource(os.DirFS(parent), dir)
	if err != nil {
		t.Fatal(err)
	}
	if src.Project == nil {
		t.Fatalf("%s: not detected as a Hugo project (%v)", dir, src.Hugo.Layout)
	}
	content := path.Join(dir, src.ContentRel)
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests")))
	if err != nil {
		t.Fatal(err)
	}
	// The project's own shortcodes, partials and data, as the CLI passes them.
	shortcodes, partials, data := src.Templates(os.DirFS(parent), func(dir string) string { return dir })
	res, err := build.Run(context.Background(), build.Options{
		Source: os.DirFS(filepath.Join(parent, filepath.FromSlash(content))), SourceName: content,
		Project:    src.Project,
		Shortcodes: os.DirFS("../shortcodes"), Site: os.DirFS("../site"),
		ProjectShortcodes: shortcodes, Partials: partials, Data: data,
		Check: true, CheckDrafts: true, Digests: v,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		if !linkCodes[d.Code] {
			continue
		}
		p := d.Start()
		got = append(got, fmt.Sprintf("%s:%d:%d %s: %s [%s]", strings.TrimPrefix(p.Filename, content+"/"), p.Line, p.Column, d.Code, d.Message, d.Hint))
	}
	sort.Strings(got)
	return got, res
}

// contentPages counts the Markdown files of a content tree that are
// pages: every .md file except those below a leaf bundle's index.md.
func contentPages(t *testing.T, content string) int {
	t.Helper()
	leaf := map[string]bool{}
	var mds []string
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		mds = append(mds, p)
		if d.Name() == "index.md" {
			leaf[filepath.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range mds {
		inside := false
		for d := filepath.Dir(p); d != content && d != "."; d = filepath.Dir(d) {
			if leaf[d] && !(filepath.Base(p) == "index.md" && filepath.Dir(p) == d) {
				inside = true
			}
		}
		if !inside {
			n++
		}
	}
	return n
}

// TestDocsTreeConformance checks the whole of Authelia's documentation
// tree (../shared/corpus/authelia-docs) from its root and from its
// content directory: both find every page, and report exactly the link
// and anchor errors of testdata/docs-tree.golden, each with the reason it
// is real (a link .Page.GetPage cannot resolve from that page and that
// reaches no published file, or a fragment the target page does not
// have) — and no other link finding. Run with -update to rewrite the
// list; reasons of unchanged lines are kept, new lines say REVIEW.
func TestDocsTreeConformance(t *testing.T) {
	root := testenv.Shared(t, "corpus", "authelia-docs")
	name := filepath.Base(root)
	fromRoot, res := checkDocsTree(t, root, name)
	fromContent, res2 := checkDocsTree(t, root, name+"/content")
	if want := contentPages(t, filepath.Join(root, "content")); res.Checked != want || res2.Checked != want {
		t.Errorf("checked %d pages from the root and %d from content/, want %d (every Markdown page of the tree)", res.Checked, res2.Checked, want)
	}
	if strings.Join(fromRoot, "\n") != strings.Join(fromContent, "\n") {
		t.Errorf("the root and content/ give different link findings:\n%s", diffLines(fromRoot, fromContent))
	}
	checkReasoned(t, filepath.Join("testdata", "docs-tree.golden"),
		"Every link and anchor finding guidec reports on ../shared/corpus/authelia-docs (root or content/), with the reason it is real.", fromRoot)
}

// TestDocsTreePages builds Authelia's documentation tree and compares the
// heading ids of its 88 client guides, published at their Hugo URLs, with
// the ids Hugo gives them (../shared/reference/hugo-heading-ids.json), and
// requires a page for every page of the tree that Hugo writes.
func TestDocsTreePages(t *testing.T) {
	root := testenv.Shared(t, "corpus", "authelia-docs")
	oracle := map[string][]string{}
	data, err := os.ReadFile(filepath.Join(root, "..", "..", "reference", "hugo-heading-ids.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &oracle); err != nil {
		t.Fatal(err)
	}
	parent := filepath.Dir(root)
	src, err := build.DetectSource(os.DirFS(parent), filepath.Base(root))
	if err != nil {
		t.Fatal(err)
	}
	out := &publish.MemOutput{}
	res, err := build.Run(context.Background(), build.Options{
		Source: os.DirFS(filepath.Join(root, "content")), SourceName: "content", Project: src.Project,
		Shortcodes: os.DirFS("../shortcodes"), Site: os.DirFS("../site"), Output: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages < 400 {
		t.Errorf("%d pages written, want every published page of the tree", res.Pages)
	}
	for name, want := range oracle {
		page, ok := out.File("integration/openid-connect/clients/" + name + "/index.html")
		if !ok {
			t.Errorf("%s: no page at /integration/openid-connect/clients/%s/", name, name)
			continue
		}
		content := string(page)
		if i := strings.Index(content, `<div class="content">`); i >= 0 {
			content = content[i:]
		}
		if i := strings.Index(content, `<nav class="pager"`); i >= 0 {
			content = content[:i]
		}
		var got []string
		for _, m := range headingRE.FindAllStringSubmatch(asideRE.ReplaceAllString(tocRE.ReplaceAllString(content, ""), ""), -1) {
			if m[1] != "1" {
				got = append(got, m[2])
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: heading ids\n got %v\nwant %v", name, got, want)
		}
	}
}
