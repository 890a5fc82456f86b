package testenv

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEncodeSeed(t *testing.T) {
	got, err := encodeSeed([]any{"a\"\n\x00é\u2028", []byte("k: v\n\xff"), ""})
	want := "go test fuzz v1\nstring(\"a\\\"\\n\\x00é\\u2028\")\n[]byte(\"k: v\\n\\xff\")\nstring(\"\")\n"
	if err != nil || string(got) != want {
		t.Errorf("encodeSeed = %q, %v; want %q", got, err, want)
	}
	for _, args := range [][]any{nil, {1}, {"x", 2.5}} {
		if _, err := encodeSeed(args); err == nil {
			t.Errorf("encodeSeed(%v): no error", args)
		}
	}
}

// TestSyncSeeds runs the check and the update on a corpus directory that
// holds a current, an outdated, a stale and a hand-added file.
func TestSyncSeeds(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "testdata", "fuzz", "FuzzX")
	seeds := map[string][]any{
		"guide-a":       {"same"},
		"guide-b":       {[]byte("new"), "v"},
		"guide-missing": {"m"},
	}
	enc := func(args ...any) string {
		b, err := encodeSeed(args)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	writeFiles(t, dir, map[string]string{
		"guide-a":          enc("same"),
		"guide-b":          enc([]byte("old"), "v"),
		"guide-gone":       enc("gone"),
		"8f3a0c1b2d4e5f60": enc("crash"),
	})
	list := func() []string {
		var names []string
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}

	// Drift is reported, not failed, while one seed (guide-a) is current.
	r, _ := record(func(tb testing.TB) string { syncSeeds(tb, dir, seeds, false, "./pkg"); return "" })
	if r.ended != "" || len(r.errs) != 0 || len(r.logs) != 3 {
		t.Fatalf("check: ended %q (%q), errors %q, logs %q; want 3 logs", r.ended, r.msg, r.errs, r.logs)
	}
	for i, want := range []string{"guide-b is out of date", "guide-missing is missing", "guide-gone is stale"} {
		if !strings.Contains(r.logs[i], want) || !strings.Contains(r.logs[i], "go test ./pkg -run TestFuzzSeeds -update-seeds") {
			t.Errorf("log %d = %q, want it to say %q and how to fix it", i, r.logs[i], want)
		}
	}
	// With none current, the stored corpus no longer holds the guides.
	none := map[string][]any{"guide-b": {[]byte("newer"), "v"}}
	r, _ = record(func(tb testing.TB) string { syncSeeds(tb, dir, none, false, "./pkg"); return "" })
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "no seed file") {
		t.Errorf("check with no current seed: errors %q", r.errs)
	}
	if got := list(); !slices.Equal(got, []string{"8f3a0c1b2d4e5f60", "guide-a", "guide-b", "guide-gone"}) {
		t.Errorf("the check changed the directory: %v", got)
	}

	r, _ = record(func(tb testing.TB) string { syncSeeds(tb, dir, seeds, true, "./pkg"); return "" })
	if r.ended != "" || len(r.errs) != 0 || len(r.logs) != 3 {
		t.Fatalf("update: ended %q (%q), errors %q, logs %q", r.ended, r.msg, r.errs, r.logs)
	}
	if got := list(); !slices.Equal(got, []string{"8f3a0c1b2d4e5f60", "guide-a", "guide-b", "guide-missing"}) {
		t.Errorf("after the update: %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "guide-b")); string(b) != enc([]byte("new"), "v") {
		t.Errorf("guide-b = %q", b)
	}
	r, _ = record(func(tb testing.TB) string { syncSeeds(tb, dir, seeds, false, "./pkg"); return "" })
	if r.ended != "" || len(r.errs) != 0 {
		t.Errorf("check after the update: ended %q, errors %q", r.ended, r.errs)
	}
}

// TestSyncSeedsEmpty: no seeds and no directory is in step; with -update-seeds
// it creates nothing.
func TestSyncSeedsEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "FuzzX")
	for _, update := range []bool{false, true} {
		r, _ := record(func(tb testing.TB) string { syncSeeds(tb, dir, nil, update, "./pkg"); return "" })
		if r.ended != "" || len(r.errs) != 0 {
			t.Errorf("update=%v: ended %q (%q), errors %q", update, r.ended, r.msg, r.errs)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("directory created: %v", err)
	}
}

func TestSyncSeedsBadName(t *testing.T) {
	for _, name := range []string{"romm", "guide-a/b", `guide-a\b`, "x-guide-a"} {
		r, _ := record(func(tb testing.TB) string {
			syncSeeds(tb, t.TempDir(), map[string][]any{name: {"x"}}, true, "./pkg")
			return ""
		})
		if r.ended != "fatal" {
			t.Errorf("name %q: ended %q, want a failure", name, r.ended)
		}
	}
	r, _ := record(func(tb testing.TB) string {
		syncSeeds(tb, t.TempDir(), map[string][]any{"guide-a": {1}}, true, "./pkg")
		return ""
	})
	if r.ended != "fatal" || !strings.Contains(r.msg, "int") {
		t.Errorf("int argument: ended %q (%q), want a failure naming the type", r.ended, r.msg)
	}
}
