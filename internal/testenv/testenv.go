// Package testenv locates the test data that lives beside the repository,
// in ../shared (the corpus of real guides, the seed guide, reference files,
// benchmark scripts). It is for tests only: production code never imports
// it.
//
// The data is not part of the module, so a checkout without it must still
// pass `go test`: tests that need it skip. In CI it must be there, so with
// the environment variable CI=true a missing path fails the test instead,
// and a lost corpus cannot turn the corpus tests into silent skips.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the directory holding go.mod, found by walking up from
// the working directory. `go test` runs each package in its own directory,
// so tests at any depth reach the same root this way; it fails the test
// when no go.mod is found.
func RepoRoot(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("testenv: working directory: %v", err)
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("testenv: no go.mod in %s or any directory above it", wd)
		}
		dir = parent
	}
}

// Shared returns filepath.Join(RepoRoot, "..", "shared", rel...). When that
// path does not exist it skips the test, or fails it under CI=true, where
// the data is required; the message names the path either way.
func Shared(t testing.TB, rel ...string) string {
	t.Helper()
	p, err := shared(t, rel)
	if err != nil {
		t.Skipf("test data %s is absent, skipping: %v", p, err)
	}
	return p
}

// SharedIfPresent is Shared for tests that still run without the data, such
// as fuzz targets that seed from it (skipping would also drop their
// built-in seeds): when the path is absent it logs that and returns "".
// Under CI=true it fails the test, as Shared does.
func SharedIfPresent(t testing.TB, rel ...string) string {
	t.Helper()
	p, err := shared(t, rel)
	if err != nil {
		t.Logf("test data %s is absent, going on without it: %v", p, err)
		return ""
	}
	return p
}

// Corpus returns the directory of real Authelia guides,
// ../shared/corpus/authelia, as Shared does (skipping when it is absent).
func Corpus(t testing.TB) string {
	t.Helper()
	return Shared(t, "corpus", "authelia")
}

// CorpusIfPresent returns the directory of real Authelia guides, or "" when
// it is absent, as SharedIfPresent does.
func CorpusIfPresent(t testing.TB) string {
	t.Helper()
	return SharedIfPresent(t, "corpus", "authelia")
}

// shared joins rel under ../shared and reports whether it exists, failing
// the test under CI=true when it does not.
func shared(t testing.TB, rel []string) (string, error) {
	t.Helper()
	p := filepath.Join(append([]string{RepoRoot(t), "..", "shared"}, rel...)...)
	_, err := os.Stat(p)
	if err != nil && os.Getenv("CI") == "true" {
		t.Fatalf("test data %s is required under CI=true: %v", p, err)
	}
	return p, err
}

// CorpusTexts returns the content of every Markdown file of the corpus of
// real guides, for differential tests that also run on random texts: when
// the corpus is absent it logs that and returns nil (failing under
// CI=true, as SharedIfPresent does).
func CorpusTexts(t testing.TB) [][]byte {
	t.Helper()
	dir := CorpusIfPresent(t)
	if dir == "" {
		return nil
	}
	var out [][]byte
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		b, err := os.ReadFile(path)
		out = append(out, b)
		return err
	})
	if err != nil {
		t.Fatalf("testenv: %v", err)
	}
	return out
}
