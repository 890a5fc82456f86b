package dotenv

import (
	"strings"
	"testing"

	"github.com/guidec/guidec/internal/testenv"
)

// TestFuzzSeeds keeps the stored seed corpus of FuzzDotenv in step with our
// own guides: the reader-visible text of each fence that is a .env file by
// its language (env, dotenv) or its title (".env", "app.env", ".env.local").
func TestFuzzSeeds(t *testing.T) {
	testenv.Seeds(t, "FuzzDotenv", testenv.FenceSeeds(testenv.Guides(t), func(_ testenv.Guide, f testenv.Fence) []any {
		s := f.Snippet()
		name := strings.ToLower(s.FileName())
		if s.Lang == "env" || s.Lang == "dotenv" || strings.HasSuffix(name, ".env") || strings.HasPrefix(name, ".env.") {
			return []any{s.Text}
		}
		return nil
	}))
}
