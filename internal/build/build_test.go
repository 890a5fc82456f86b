package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/publish"
	"github.com/guidec/guidec/internal/testenv"
)

// guideFS returns a source tree of guides: name → body after a front
// matter with title name (and draft: true for names starting with "wip").
func guideFS(guides map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range guides {
		fm := fmt.Sprintf("---\ntitle: %q\n", name)
		if strings.HasPrefix(name, "wip") {
			fm += "draft: true\n"
		}
		fsys[name+"/index.md"] = &fstest.MapFile{Data: []byte(fm + "---\n\n" + body), Mode: 0o644}
	}
	return fsys
}

// runOpts runs guides with the repository's templates, modified by set.
func runOpts(t *testing.T, guides map[string]string, set func(*Options)) (*Result, *publish.MemOutput, error) {
	t.Helper()
	repo := testenv.RepoRoot(t)
	opt := Options{
		Source: guideFS(guides), SourceName: "guides",
		Shortcodes: os.DirFS(filepath.Join(repo, "shortcodes")),
		Site:       os.DirFS(filepath.Join(repo, "site")),
		Check:      true, Jobs: 2,
	}
	var mem *publish.MemOutput
	if set != nil {
		set(&opt)
	}
	if m, ok := opt.Output.(*publish.MemOutput); ok {
		mem = m
	}
	res, err := Run(context.Background(), opt)
	return res, mem, err
}

// codes lists the diagnostics of res as "guide:code".
func codes(res *Result) []string {
	var out []string
	for _, d := range res.Diags {
		name := "-"
		if d.File != nil {
			name, _, _ = strings.Cut(strings.TrimPrefix(d.File.Name, "guides/"), "/")
		}
		out = append(out, name+":"+d.Code)
	}
	return out
}

func TestRunNoGuides(t *testing.T) {
	for _, guides := range []map[string]string{nil, {}} {
		_, _, err := runOpts(t, guides, nil)
		if !errors.Is(err, ErrNoGuides) || !strings.Contains(err.Error(), "guides/*/index.md") {
			t.Errorf("Run over no guides: %v, want ErrNoGuides saying where it looked", err)
		}
	}
	res, _, err := runOpts(t, map[string]string{"wip": "## W\n"}, nil)
	if err != nil || res.Checked != 0 {
		t.Errorf("a source of drafts only (not checked): %v, %d checked", err, res.Checked)
	}
}

// TestRunDrafts: with CheckDrafts, drafts are checked but not published,
// and links to them from published pages are link-draft errors, not
// link-broken; with Drafts they are pages.
func TestRunDrafts(t *testing.T) {
	guides := map[string]string{
		"pub":  "## P\n\nSee [w](../wip/#w) and [gone](../gone/).\n",
		"wip":  "## W\n\n```yaml {title=\"configuration.yml\"}\nkey: [\n```\n\nSee [v](../wip2/).\n",
		"wip2": "## V\n",
	}
	tests := []struct {
		name            string
		drafts, check   bool
		want            []string
		pages, checked  int
		published, hide []string
	}{
		{"build", false, true, []string{"pub:link-draft", "pub:link-broken", "wip:yaml-syntax", "wip:frontmatter-draft", "wip2:frontmatter-draft"}, 1, 3, []string{"pub/index.html"}, []string{"wip/index.html", "wip2/index.html"}},
		{"serve", false, false, []string{"pub:link-draft", "pub:link-broken"}, 1, 1, []string{"pub/index.html"}, []string{"wip/index.html"}},
		{"drafts", true, true, []string{"pub:link-broken", "wip:yaml-syntax"}, 3, 3, []string{"pub/index.html", "wip/index.html", "wip2/index.html"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, mem, err := runOpts(t, guides, func(o *Options) {
				o.Drafts, o.CheckDrafts, o.Output = tt.drafts, tt.check, &publish.MemOutput{}
			})
			if err != nil {
				t.Fatal(err)
			}
			got := codes(res)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("diagnostics %v, want %v", got, want)
			}
			if res.Pages != tt.pages || res.Checked != tt.checked || res.Failed {
				t.Errorf("pages %d, checked %d, failed %v; want %d, %d, false", res.Pages, res.Checked, res.Failed, tt.pages, tt.checked)
			}
			for _, f := range tt.published {
				if _, ok := mem.File(f); !ok {
					t.Errorf("%s not published", f)
				}
			}
			for _, f := range tt.hide {
				if _, ok := mem.File(f); ok {
					t.Errorf("%s published", f)
				}
			}
		})
	}
}

// TestRunDryPublish: without an Output, Run applies the rules of
// publishing and reports what a build would; with Only, what involves a
// selected guide.
func TestRunDryPublish(t *testing.T) {
	guides := map[string]string{
		"a": "## A\n",
		"b": "## B\n",
		"c": "## C\n",
	}
	src := guideFS(guides)
	src["b/index.md"].Data = []byte("---\ntitle: B\naliases: ['/a/', '/x/']\n---\n\n## B\n")
	src["a/index.md"].Data = []byte("---\ntitle: A\naliases: ['/x/']\n---\n\n## A\n")
	for _, tt := range []struct {
		name string
		out  bool
		only map[string]bool
		want []string
	}{
		{"build", true, nil, []string{"b:alias-collision", "b:alias-collision"}},
		{"check", false, nil, []string{"b:alias-collision", "b:alias-collision"}},
		{"check b", false, map[string]bool{"b": true}, []string{"b:alias-collision", "b:alias-collision"}},
		{"check a", false, map[string]bool{"a": true}, []string{"b:alias-collision", "b:alias-collision"}}, // both name a
		{"check c", false, map[string]bool{"c": true}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, _, err := runOpts(t, nil, func(o *Options) {
				o.Source, o.Only = src, tt.only
				if tt.out {
					o.Output = &publish.MemOutput{}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(res); !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRunInbound: with Only and Inbound, the links into the Inbound guides
// are checked in every guide, and nothing else of the others is reported;
// anchors of the selected guides are checked against every guide's ids.
func TestRunInbound(t *testing.T) {
	guides := map[string]string{
		"a": "## A\n\nSee [b](../b/#old), [c](../c/) and [gone](../gone/).\n\n#### skipped level\n",
		"b": "## New\n\nSee [a](../a/#nope).\n",
		"c": "## C\n\nSee [gone](../gone/#x) and [b](../b/#new).\n",
	}
	for _, tt := range []struct {
		name          string
		only, inbound map[string]bool
		want          []string
	}{
		{"all", nil, nil, []string{"a:link-anchor-missing", "a:link-broken", "a:heading-skip", "b:link-anchor-missing", "c:link-broken"}},
		{"b changed", map[string]bool{"b": true}, map[string]bool{"b": true}, []string{"a:link-anchor-missing", "b:link-anchor-missing"}},
		{"gone deleted", map[string]bool{}, map[string]bool{"gone": true}, []string{"a:link-broken", "c:link-broken"}},
		{"path b", map[string]bool{"b": true}, nil, []string{"b:link-anchor-missing"}},
		{"nothing changed", map[string]bool{}, map[string]bool{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, _, err := runOpts(t, guides, func(o *Options) { o.Only, o.Inbound = tt.only, tt.inbound })
			if err != nil {
				t.Fatal(err)
			}
			got := codes(res)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("diagnostics %v, want %v", got, want)
			}
			if res.Checked != len(tt.only) && tt.only != nil {
				t.Errorf("%d checked, want %d", res.Checked, len(tt.only))
			}
		})
	}
}

// TestRunDiscovered: Run tells Options.Discovered how many pages it found
// (drafts included, since they are loaded and checked), once, for a folder
// of guides and for a Hugo tree, whose top level holds few entries.
func TestRunDiscovered(t *testing.T) {
	for _, tt := range []struct {
		name  string
		set   func(*Options)
		pages int
	}{
		{"guides", func(*Options) {}, 3},
		// hugoTree's pages: the home and integration sections, the two
		// introductions, romm's bundle, the draft and the headless bundle;
		// romm's extra.md is a resource of its bundle.
		{"hugo", hugoOpts(hugoTree), 7},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var calls []int
			res, _, err := runOpts(t, map[string]string{"a": "## A\n", "b": "## B\n", "wip": "## W\n"}, func(o *Options) {
				tt.set(o)
				o.Discovered = func(n int) { calls = append(calls, n) }
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) != 1 || calls[0] != tt.pages {
				t.Errorf("Discovered called with %v, want once with %d (%d published)", calls, tt.pages, res.Pages)
			}
		})
	}
}

// TestNojsOutliers covers a sitevar whose nojs text differs from the
// guide's other calls of its variable: by majority, by the site's default
// on a tie, and neither on a tie without the default.
func TestNojsOutliers(t *testing.T) {
	sv := func(name, nojs string) string { return `{{< sitevar name="` + name + `" nojs="` + nojs + `" >}}` }
	guides := map[string]string{
		"majority": "A " + sv("domain", "example.com") + " B " + sv("domain", "example.com") + " C " + sv("domain", "exmple.com") + "\n",
		"default":  "A " + sv("subdomain-authelia", "auth") + " B " + sv("subdomain-authelia", "auh") + "\n",
		"tie":      "A " + sv("subdomain-authelia", "sso") + " B " + sv("subdomain-authelia", "login") + "\n",
		"same":     "A " + sv("port", "9091") + " B " + sv("port", "9091") + "\n",
	}
	res, _, err := runOpts(t, guides, func(o *Options) { o.Output = &publish.MemOutput{} })
	if err != nil {
		t.Fatal(err)
	}
	got := codes(res)
	slices.Sort(got)
	if want := []string{"default:sitevar-nojs-differs", "majority:sitevar-nojs-differs"}; !slices.Equal(got, want) {
		t.Errorf("diagnostics %v, want %v", got, want)
	}
}
