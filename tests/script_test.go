// Package tests holds guidec's end-to-end tests: testscript CLI scripts in
// testdata/script, and conformance tests over the real guides of the corpus.
package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/guidec/guidec/internal/cli"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"guidec": func() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs every testdata/script/*.txtar. Run with -update to rewrite
// the expected output files inside the scripts.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("GUIDEC_ROOT", root)
			env.Setenv("GUIDEC_CACHE_DIR", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
	})
}
