package testenv

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// updateSeeds is the flag that makes Seeds write the seed files instead of
// comparing them. It is not -update, which the golden-file tests of the
// same packages use: regenerating seeds should not rewrite goldens.
var updateSeeds = flag.Bool("update-seeds", false, "rewrite the fuzz seed corpora generated from guides/ under testdata/fuzz")

// Seeds keeps a fuzz target's stored seed corpus in step with the seeds
// a test derives from the guides. For each name, testdata/fuzz/<target>/<name>
// (below the package directory, where `go test` reads a target's corpus)
// must hold exactly the arguments, in Go's corpus file format; the
// supported argument types are string and []byte. Every name must start
// with SeedPrefix, and a file with that prefix but no seed is stale.
//
// Without -update-seeds, a missing, different or stale file is logged, and
// the test fails only when none of the target's seeds is current: the
// stored corpus is what `go test` and the fuzzer start from, and it must
// hold real guides, but a writer who edits a guide must not see the tests
// of a dozen unrelated packages fail for it (`make seeds` refreshes them).
// With -update-seeds, Seeds writes the files and removes the stale ones;
// files without the prefix (crash reproducers that `go test -fuzz` wrote,
// hand-written seeds) are never touched.
func Seeds(t testing.TB, target string, seeds map[string][]any) {
	t.Helper()
	pkg := "."
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(RepoRoot(t), wd); err == nil {
			pkg = "./" + filepath.ToSlash(rel)
		}
	}
	syncSeeds(t, filepath.Join("testdata", "fuzz", target), seeds, *updateSeeds, pkg)
}

// syncSeeds is Seeds for the corpus directory dir of package pkg (a
// directory for `go test`, named in the messages), writing when update.
func syncSeeds(t testing.TB, dir string, seeds map[string][]any, update bool, pkg string) {
	t.Helper()
	want := map[string][]byte{}
	for name, args := range seeds {
		if !strings.HasPrefix(name, SeedPrefix) || name != filepath.Base(name) || strings.ContainsAny(name, `/\`) {
			t.Fatalf("testenv: seed name %q must start with %q and be a plain file name", name, SeedPrefix)
		}
		b, err := encodeSeed(args)
		if err != nil {
			t.Fatalf("testenv: seed %s: %v", name, err)
		}
		want[name] = b
	}
	var stale []string
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("testenv: %v", err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok && strings.HasPrefix(e.Name(), SeedPrefix) && !e.IsDir() {
			stale = append(stale, e.Name())
		}
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	slices.Sort(names)
	how := "run go test " + pkg + " -run TestFuzzSeeds -update-seeds, or make seeds"
	current := 0
	defer func() {
		if !update && current == 0 && len(want) > 0 {
			t.Errorf("no seed file of %s is current: %s", dir, how)
		}
	}()
	for _, name := range names {
		p := filepath.Join(dir, name)
		got, err := os.ReadFile(p)
		switch {
		case err == nil && bytes.Equal(got, want[name]):
			current++
			continue
		case !update && errors.Is(err, fs.ErrNotExist):
			t.Logf("seed file %s is missing: %s", p, how)
			continue
		case !update && err == nil:
			t.Logf("seed file %s is out of date: %s", p, how)
			continue
		case !update:
			t.Errorf("seed file %s: %v", p, err)
			continue
		}
		current++
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("testenv: %v", err)
		}
		if err := os.WriteFile(p, want[name], 0o644); err != nil {
			t.Fatalf("testenv: %v", err)
		}
		t.Logf("wrote %s", p)
	}
	for _, name := range stale {
		p := filepath.Join(dir, name)
		if !update {
			t.Logf("seed file %s is stale (no guide yields it): %s", p, how)
			continue
		}
		if err := os.Remove(p); err != nil {
			t.Fatalf("testenv: %v", err)
		}
		t.Logf("removed %s", p)
	}
}

// encodeSeed encodes fuzz arguments as a corpus file, the way package
// testing's fuzzing engine does (internal/fuzz, marshalCorpusFile): a
// version line, then one Go expression per argument, quoted with %q.
func encodeSeed(args []any) ([]byte, error) {
	if len(args) == 0 {
		return nil, errors.New("no arguments")
	}
	b := bytes.NewBufferString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case string:
			fmt.Fprintf(b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(b, "[]byte(%q)\n", v)
		default:
			return nil, fmt.Errorf("argument of type %T; only string and []byte are supported", a)
		}
	}
	return b.Bytes(), nil
}
