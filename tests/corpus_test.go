package tests

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/publish"
)

// runCorpus builds (and checks) the corpus into memory with the repository's
// own templates.
func runCorpus(t *testing.T, check bool, jobs int) (*build.Result, *publish.MemOutput) {
	t.Helper()
	dir := corpusDir(t)
	out := &publish.MemOutput{}
	v, err := digest.NewVerifier(digest.WithCacheFile(filepath.Join(t.TempDir(), "digests")))
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Run(context.Background(), build.Options{
		Source:     os.DirFS(dir),
		SourceName: "corpus",
		Shortcodes: os.DirFS("../shortcodes"),
		Site:       os.DirFS("../site"),
		Check:      check,
		Jobs:       jobs,
		Output:     out,
		Digests:    v,
	})
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

// TestCorpusConformance builds and checks every corpus guide and compares
// the complete list of errors and warnings with testdata/corpus.golden,
// where each line carries the reason the finding is real (after '#').
// Run with -update to rewrite the list; reasons of unchanged lines are
// kept and new lines are marked "REVIEW" until a person explains them.
func TestCorpusConformance(t *testing.T) {
	res, _ := runCorpus(t, true, 0)
	if res.Failed {
		t.Errorf("corpus build failed")
	}
	var got []string
	for _, d := range res.Diags {
		if d.Severity == diag.Info {
			continue
		}
		p := d.Start()
		got = append(got, fmt.Sprintf("%s:%d:%d %s %s: %s", strings.TrimPrefix(p.Filename, "corpus/"), p.Line, p.Column, d.Severity, d.Code, d.Message))
	}
	checkReasoned(t, filepath.Join("testdata", "corpus.golden"),
		"Every error and warning guidec reports on ../shared/corpus/authelia, with the reason it is real.", got)
}

// checkReasoned compares findings got with the golden file at path, whose
// lines are "finding  # reason it is real": -update rewrites it, keeping
// known reasons and marking new findings REVIEW; a finding without a
// reason fails.
func checkReasoned(t *testing.T, path, header string, got []string) {
	t.Helper()
	got = slices.Sorted(slices.Values(got))
	reasons := readReasons(t, path)
	if *update {
		var b bytes.Buffer
		b.WriteString("# " + header + "\n")
		for _, k := range got {
			r := reasons[k]
			if r == "" {
				r = "REVIEW"
			}
			fmt.Fprintf(&b, "%s  # %s\n", k, r)
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
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
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings differ from %s (run with -update and review):\n%s", path, diffLines(want, got))
	}
}

func readReasons(t *testing.T, path string) map[string]string {
	m := map[string]string{}
	data, err := os.ReadFile(path)
	if err != nil {
		if *update {
			return m
		}
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, r, _ := strings.Cut(line, "  # ")
		m[strings.TrimSpace(k)] = strings.TrimSpace(r)
	}
	return m
}

func diffLines(want, got []string) string {
	w, g := map[string]bool{}, map[string]bool{}
	for _, s := range want {
		w[s] = true
	}
	for _, s := range got {
		g[s] = true
	}
	var b strings.Builder
	for _, s := range want {
		if !g[s] {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	for _, s := range got {
		if !w[s] {
			fmt.Fprintf(&b, "+ %s\n", s)
		}
	}
	return b.String()
}

var (
	headingRE = regexp.MustCompile(`<h([1-6])[^>]* id="([^"]*)"`)
	tocRE     = regexp.MustCompile(`(?s)<nav class="toc".*?</nav>`)
	asideRE   = regexp.MustCompile(`(?s)<aside.*?</aside>`)
)

// TestCorpusPages asserts what a reader of the built corpus must see: every
// page, no unexpanded shortcode outside escapes, site variables as live
// elements showing their nojs text, oidc-common's sections with ids in the
// table of contents, code titles, and heading ids equal to Hugo's.
func TestCorpusPages(t *testing.T) {
	res, out := runCorpus(t, false, 0)
	dir := corpusDir(t)
	entries, _ := os.ReadDir(dir)
	oracle := map[string][]string{}
	data, err := os.ReadFile(filepath.Join(dir, "..", "..", "reference", "hugo-heading-ids.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &oracle); err != nil {
		t.Fatal(err)
	}
	if res.Pages != len(entries) {
		t.Errorf("built %d pages, want %d", res.Pages, len(entries))
	}
	for _, e := range entries {
		name := e.Name()
		src, _ := os.ReadFile(filepath.Join(dir, name, "index.md"))
		page, ok := out.File(name + "/index.html")
		if !ok {
			t.Errorf("%s: no page", name)
			continue
		}
		checkPage(t, name, string(src), string(page), oracle[name])
	}
}

func checkPage(t *testing.T, name, src, page string, wantIDs []string) {
	t.Helper()
	// The guide's own content sits in div.content; the layout around it
	// (header, table of contents, pager) is not part of the comparison.
	content := page
	if i := strings.Index(content, `<div class="content">`); i >= 0 {
		content = content[i:]
	}
	if i := strings.Index(content, `<nav class="pager"`); i >= 0 {
		content = content[:i]
	}
	// An escaped call shows literally, except inside a callout: the
	// callout renders its inner content with markdownify, which expands
	// the calls in it (Hugo's RenderString does since 0.100), so the
	// escape is how a guide keeps a site variable live there.
	escapes := 0
	for _, part := range strings.Split(src, "{{< /callout >}}") {
		if i := strings.Index(part, "{{< callout"); i >= 0 {
			part = part[:i]
		}
		escapes += strings.Count(part, "{{</*") + strings.Count(part, "{{%/*")
	}
	if n := strings.Count(content, "{{&lt;") + strings.Count(content, "{{%") + strings.Count(content, "{{<"); n != escapes {
		t.Errorf("%s: %d literal shortcode openings in the page, want %d (escaped calls outside callouts)", name, n, escapes)
	}
	calls := strings.Count(src, "{{< sitevar ")
	if n := strings.Count(content, `class="sitevar"`); n < calls-strings.Count(src, "{{</* sitevar") {
		t.Errorf("%s: %d sitevar elements, want at least %d", name, n, calls)
	}
	for _, m := range regexp.MustCompile(`nojs=\\?"([^"\\]*)\\?"`).FindAllStringSubmatch(src, -1) {
		if !strings.Contains(content, ">"+htmlEscape(m[1])+"</span>") {
			t.Errorf("%s: nojs text %q not shown inside an element", name, m[1])
		}
	}
	if strings.Contains(src, "{{% oidc-common") {
		toc := tocRE.FindString(page) // the layout's table of contents
		for _, id := range []string{"before-you-begin", "common-notes"} {
			if !strings.Contains(content, `id="`+id+`"`) || !strings.Contains(toc, `href="#`+id+`"`) {
				t.Errorf("%s: section %s missing from the page or its TOC", name, id)
			}
		}
	}
	for _, m := range regexp.MustCompile(`\{title="([^"\n]*)"\}`).FindAllStringSubmatch(src, -1) {
		if !strings.Contains(content, ">"+htmlEscape(m[1])+"</figcaption>") {
			t.Errorf("%s: code title %q not shown", name, m[1])
		}
	}
	var got []string
	// The page's own chrome (table of contents, asides) is not guide content.
	body := asideRE.ReplaceAllString(tocRE.ReplaceAllString(content, ""), "")
	for _, m := range headingRE.FindAllStringSubmatch(body, -1) {
		if m[1] == "1" {
			continue // the page title, not a Markdown heading
		}
		got = append(got, m[2])
	}
	if strings.Join(got, " ") != strings.Join(wantIDs, " ") {
		t.Errorf("%s: heading ids\n got %v\nwant %v", name, got, wantIDs)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestDeterministicParallel builds the corpus with one worker and with
// several and requires byte-identical output and diagnostics.
func TestDeterministicParallel(t *testing.T) {
	r1, o1 := runCorpus(t, true, 1)
	r4, o4 := runCorpus(t, true, 4)
	n1, n4 := o1.Names(), o4.Names()
	if strings.Join(n1, "\n") != strings.Join(n4, "\n") {
		t.Fatalf("file lists differ")
	}
	for _, n := range n1 {
		a, _ := o1.File(n)
		b, _ := o4.File(n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between --jobs 1 and --jobs 4", n)
		}
	}
	var j1, j4 bytes.Buffer
	diag.PrintJSON(&j1, r1.Diags)
	diag.PrintJSON(&j4, r4.Diags)
	if j1.String() != j4.String() {
		t.Errorf("diagnostics differ between --jobs 1 and --jobs 4")
	}
}

var _ = guidec.Site
