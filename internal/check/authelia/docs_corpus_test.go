package authelia

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/check"
)

// TestDocsCorpusExplore prints every finding on the Authelia docs tree.
func TestDocsCorpusExplore(t *testing.T) {
	root := sharedPath(t, filepath.Join("corpus", "authelia-docs", "content"))
	var b strings.Builder
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		content, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		g := scanGuide(rel, content)
		for _, s := range g.snippets {
			if c, ok := loadConfig(s); ok {
				n += len(c.docs)
			}
		}
		b.WriteString(format(g.run(check.TestedVersion(g.texts))))
		return nil
	})
	t.Logf("%d config documents\n%s", n, b.String())
}
