package hugo

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// describePages lists a tree's pages one per line: key, kind, bundle,
// file, parent key and resources.
func describePages(t *Tree) string {
	var lines []string
	for _, p := range t.Pages {
		parent := "-"
		if p.Parent != nil {
			parent = p.Parent.Key
		}
		line := fmt.Sprintf("%s %s/%s file=%q parent=%s", p.Key, p.Kind, p.Bundle, p.File, parent)
		if len(p.Resources) > 0 {
			line += " res=" + strings.Join(p.Resources, ",")
		}
		lines = append(lines, line)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func describeProblems(t *Tree) string {
	var lines []string
	for _, p := range t.Problems {
		lines = append(lines, p.Code+" "+p.File)
	}
	for _, f := range t.Skipped {
		lines = append(lines, "skipped "+f)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name     string
		files    []string
		want     string
		problems string
	}{
		{
			name:  "flat guides folder",
			files: []string{"romm/index.md", "grafana/index.md", "grafana/login.png"},
			want: `/ home/none file="" parent=-
/grafana page/leaf file="grafana/index.md" parent=/ res=grafana/login.png
/romm page/leaf file="romm/index.md" parent=/`,
		},
		{
			name: "sections, leaves and bundles at any depth",
			files: []string{
				"_index.md", "a/_index.md", "a/leaf.md", "a/b/_index.md", "a/b/c/deep.md",
				"a/b/bundle/index.md", "a/b/bundle/img/x.png", "a/b/bundle/part.md", "a/b/bundle/inner/index.md",
				"a/logo.png", "a/b/c/chart.svg", "about.md", "notes.txt",
			},
			want: `/ home/branch file="_index.md" parent=- res=notes.txt
/a section/branch file="a/_index.md" parent=/ res=a/logo.png
/a/b section/branch file="a/b/_index.md" parent=/a res=a/b/c/chart.svg
/a/b/bundle page/leaf file="a/b/bundle/index.md" parent=/a/b res=a/b/bundle/img/x.png,a/b/bundle/inner/index.md,a/b/bundle/part.md
/a/b/c/deep page/single file="a/b/c/deep.md" parent=/a/b
/a/leaf page/single file="a/leaf.md" parent=/a
/about page/single file="about.md" parent=/`,
		},
		{
			name:  "top-level directory without _index.md is a section; nested ones are not",
			files: []string{"docs/x/y.md", "docs/z.md"},
			want: `/ home/none file="" parent=-
/docs section/none file="" parent=/
/docs/x/y page/single file="docs/x/y.md" parent=/docs
/docs/z page/single file="docs/z.md" parent=/docs`,
		},
		{
			name:  "case is not significant in index names",
			files: []string{"A/Index.md", "b/_Index.MD", "b/Page.Markdown", "c/page.html"},
			want: `/ home/none file="" parent=-
/a page/leaf file="A/Index.md" parent=/
/b section/branch file="b/_Index.MD" parent=/
/b/page page/single file="b/Page.Markdown" parent=/b
/c section/none file="" parent=/
/c/page page/single file="c/page.html" parent=/c`,
		},
		{
			name:  "duplicates, both indexes, other languages",
			files: []string{"x.md", "x/index.md", "y/index.md", "y/_index.md", "z.md", "Z.md", "w.fr.md", "w.md", "v/index.md", "v/index.html", "u/_index.fr.md", "u/index.fr.md"},
			want: `/ home/none file="" parent=-
/v page/leaf file="v/index.html" parent=/
/w page/single file="w.md" parent=/
/x page/single file="x.md" parent=/
/y section/branch file="y/_index.md" parent=/
/z page/single file="Z.md" parent=/`,
			problems: `content-both-indexes y/index.md
content-duplicate v/index.md
content-duplicate x/index.md
content-duplicate z.md
skipped u/_index.fr.md
skipped u/index.fr.md
skipped w.fr.md`,
		},
		{
			name:  "index.md at the root is the home page",
			files: []string{"index.md", "logo.png", "a/b.md"},
			want: `/ home/branch file="index.md" parent=- res=logo.png
/a section/none file="" parent=/
/a/b page/single file="a/b.md" parent=/a`,
		},
		{
			name:  "hidden, ignored and language files",
			files: []string{".git/config.md", "a/.draft.md", "a/b.md", "a/b.md~", "a/skip-me.md"},
			want: `/ home/none file="" parent=-
/a section/none file="" parent=/ res=a/b.md~
/a/b page/single file="a/b.md" parent=/a`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for _, f := range tt.files {
				files["content/"+f] = ""
			}
			cfg := DefaultConfig()
			cfg.Languages = []string{"en", "fr"}
			cfg.IgnoreFiles = []*regexp.Regexp{regexp.MustCompile(`skip-me`)}
			tree, err := Discover(mapFS(files), "content", cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := describePages(tree); got != tt.want {
				t.Errorf("pages:\n%s\nwant:\n%s", got, tt.want)
			}
			if got := describeProblems(tree); got != tt.problems {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.problems)
			}
		})
	}
}

func TestDiscoverNoPages(t *testing.T) {
	for _, files := range []map[string]string{
		{"content/img.png": "", "content/a/b.txt": ""},
		{"content/.hidden.md": ""},
	} {
		_, err := Discover(mapFS(files), "content", nil)
		var np *NoPagesError
		if !errors.As(err, &np) || np.Dir != "content" {
			t.Fatalf("Discover(%v) = %v, want a NoPagesError naming content", files, err)
		}
		if !strings.Contains(err.Error(), "content") {
			t.Errorf("message %q does not say where it looked", err)
		}
	}
	fsys := fstest.MapFS{"content": &fstest.MapFile{Mode: 0o755 | fs.ModeDir}}
	if _, err := Discover(fsys, "content", nil); err == nil {
		t.Error("an empty tree must be an error")
	}
}

func TestDiscoverSymlink(t *testing.T) {
	fsys := mapFS(map[string]string{"content/a.md": ""})
	fsys["content/link.md"] = &fstest.MapFile{Data: []byte("a.md"), Mode: 0o777 | fs.ModeSymlink}
	tree, err := Discover(fsys, "content", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := describeProblems(tree); got != "content-symlink link.md" {
		t.Errorf("problems = %q", got)
	}
	if tree.Pages[0].File != "a.md" || len(tree.Pages) != 2 {
		t.Errorf("pages:\n%s", describePages(tree))
	}
}

// TestDiscoverRoot discovers a tree at the root of its fs.FS, as for
// `--source guides` with the FS rooted there, and a directory given with a
// trailing slash.
func TestDiscoverRoot(t *testing.T) {
	fsys := mapFS(map[string]string{"romm/index.md": "", "romm/a.png": "", ".hidden/x.md": ""})
	for _, dir := range []string{".", "./"} {
		tree, err := Discover(fsys, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := "/ home/none file=\"\" parent=-\n/romm page/leaf file=\"romm/index.md\" parent=/ res=romm/a.png"
		if got := describePages(tree); got != want {
			t.Errorf("Discover(%q):\n%s\nwant:\n%s", dir, got, want)
		}
	}
	if _, err := Discover(mapFS(map[string]string{"content/a.md": ""}), "content/", nil); err != nil {
		t.Errorf("trailing slash: %v", err)
	}
}
