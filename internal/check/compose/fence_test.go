package compose

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/snippet"
	"github.com/guidec/guidec/internal/testenv"
)

// corpusDocs returns the snippets of every Markdown file under dir (walked
// recursively), by path relative to dir; nil when dir is "".
func corpusDocs(tb testing.TB, dir string) map[string][]*snippet.Snippet {
	if dir == "" {
		return nil
	}
	out := map[string][]*snippet.Snippet{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(dir), p)
		_, out[filepath.ToSlash(rel)] = testenv.ScanGuide(filepath.ToSlash(rel), b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
