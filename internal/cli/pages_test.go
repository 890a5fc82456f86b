package cli

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/guidec/guidec/internal/hugo"
)

// TestPagesAt: a content path names the pages a PATH argument or a git
// change selects: a page's file, a file of its bundle, or a directory
// with every page below it.
func TestPagesAt(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, f := range []string{"_index.md", "s/_index.md", "s/leaf.md", "s/bundle/index.md", "s/bundle/shot.png", "s/bundle/part.md", "s/sub/deep.md", "t/page.md", "images/x.png"} {
		fsys[f] = &fstest.MapFile{Data: []byte("---\ntitle: x\n---\n")}
	}
	tree, err := hugo.Discover(fsys, ".", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rel  string
		dir  bool
		want string
	}{
		{"s/leaf.md", false, "s/leaf"},
		{"s/bundle/index.md", false, "s/bundle"},
		{"s/bundle/shot.png", false, "s/bundle"},
		{"s/bundle/part.md", false, "s/bundle"}, // a content file of a leaf bundle is its resource
		{"s/_index.md", false, "s"},
		{"_index.md", false, "."},
		{"s", true, "s s/bundle s/leaf s/sub/deep"},
		{"s/sub", true, "s/sub/deep"},
		{"images", true, ""},
		{"images/x.png", false, "."}, // a file of the home page's branch bundle
		{"s/gone.md", false, ""},
	}
	for _, tt := range tests {
		if got := strings.Join(pagesAt(tree, tt.rel, tt.dir), " "); got != tt.want {
			t.Errorf("pagesAt(%q) = %q, want %q", tt.rel, got, tt.want)
		}
	}
	if !slices.IsSorted(pagesAt(tree, "s", true)) {
		t.Error("pagesAt is not sorted")
	}
}
