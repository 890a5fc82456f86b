package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPlace places the output everywhere it must not go, by every
// spelling (relative, absolute, through "..", through a symbolic link),
// and where it may.
func TestCheckPlace(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	for _, d := range []string{"repo/.git", "repo/guides/romm", "repo/site", "repo/public", "elsewhere/src", "other"} {
		must(t, os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755))
	}
	must(t, os.Symlink(filepath.Join(repo, "guides"), filepath.Join(root, "link-to-guides")))
	must(t, os.Symlink(repo, filepath.Join(root, "link-to-repo")))
	t.Chdir(repo)
	inputs := []Input{{Name: "the source folder", Dir: "guides"}, {Name: "the site folder", Dir: "site"}, {Name: "the shortcodes folder", Dir: ""}}
	for _, tc := range []struct {
		out  string
		want string // "" when allowed
	}{
		{"public", ""},
		{"new/public", ""},
		{"../other", ""},
		{filepath.Join(root, "other", "site"), ""},
		{"guides", "it is the source folder"},
		{"guides/", "it is the source folder"},
		{"./guides/../guides", "it is the source folder"},
		{filepath.Join(repo, "guides"), "it is the source folder"},
		{filepath.Join(root, "link-to-guides"), "it is the source folder"},
		{"guides/public", "it is inside the source folder"},
		{"guides/romm", "it is inside the source folder"},
		{filepath.Join(root, "link-to-guides", "new", "deeper"), "it is inside the source folder"},
		{"site", "it is the site folder"},
		{"site/x", "it is inside the site folder"},
		{".", "contains the source folder"},
		{"..", "contains the source folder"},
		{"/", "contains the source folder"},
		{filepath.Join(root, "link-to-repo"), "contains the source folder"},
		{".git", "the Git directory"},
		{".git/public", "the Git directory"},
	} {
		err := CheckPlace(tc.out, inputs...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckPlace(%q) = %v, want nil", tc.out, err)
		case tc.want != "" && (!errors.Is(err, ErrPlace) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckPlace(%q) = %v, want ErrPlace saying %q", tc.out, err, tc.want)
		}
	}

	// With the source elsewhere, the working directory and the repository
	// still cannot be the output.
	elsewhere := []Input{{Name: "the source folder", Dir: filepath.Join(root, "elsewhere", "src")}}
	must(t, os.MkdirAll(filepath.Join(repo, "guides", "sub"), 0o755))
	for _, tc := range []struct{ dir, out, want string }{
		{repo, ".", "it is the current directory"},
		{repo, "..", "contains the source folder"},
		{repo, filepath.Join(root, "link-to-repo"), "it is the current directory"},
		{filepath.Join(repo, "guides", "sub"), "../..", "it is the Git repository"},
		{filepath.Join(repo, "guides", "sub"), "..", "contains the current directory"},
		{filepath.Join(repo, "guides", "sub"), "../../public", ""},
		{filepath.Join(root, "other"), "../repo", "contains the source folder"},
		{filepath.Join(root, "other"), ".", "it is the current directory"},
	} {
		t.Chdir(tc.dir)
		in := elsewhere
		if tc.dir == filepath.Join(root, "other") {
			in = []Input{{Name: "the source folder", Dir: filepath.Join(repo, "guides")}}
		}
		err := CheckPlace(tc.out, in...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("in %s: CheckPlace(%q) = %v, want nil", tc.dir, tc.out, err)
		case tc.want != "" && (!errors.Is(err, ErrPlace) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("in %s: CheckPlace(%q) = %v, want ErrPlace saying %q", tc.dir, tc.out, err, tc.want)
		}
	}
}
