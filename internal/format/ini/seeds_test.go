package ini

import (
	"path"
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzINI in step with our
// own guides: the reader-visible text of each fence that is an INI file by
// its language (ini, dosini) or its title ("app.ini").
func TestFuzzSeeds(t *testing.T) {
	testenv.Seeds(t, "FuzzINI", testenv.FenceSeeds(testenv.Guides(t), func(_ testenv.Guide, f testenv.Fence) []any {
		if s := f.Snippet(); s.Lang == "ini" || s.Lang == "dosini" || strings.ToLower(path.Ext(s.FileName())) == ".ini" {
			return []any{s.Text}
		}
		return nil
	}))
}
