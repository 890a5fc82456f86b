package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records how a helper ended instead of
// ending the test: Skipf and Fatalf stop the goroutine as the real ones do.
// Any other method of the nil embedded TB panics, so a helper that calls
// something unexpected fails loudly.
type recorder struct {
	testing.TB
	ended string // "", "skip" or "fatal"
	msg   string
	logs  []string
	errs  []string // Errorf messages, which do not end the helper
}

func (r *recorder) Helper() {}

func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Skipf(format string, args ...any) { r.end("skip", fmt.Sprintf(format, args...)) }

func (r *recorder) Fatalf(format string, args ...any) { r.end("fatal", fmt.Sprintf(format, args...)) }

func (r *recorder) Fatal(args ...any) { r.end("fatal", fmt.Sprint(args...)) }

func (r *recorder) end(how, msg string) {
	r.ended, r.msg = how, msg
	runtime.Goexit()
}

// record runs f with a recorder on its own goroutine, so that Skipf and
// Fatalf can stop it, and returns the recorder and f's result.
func record(f func(testing.TB) string) (*recorder, string) {
	r := &recorder{}
	var got string
	done := make(chan struct{})
	go func() {
		defer close(done)
		got = f(r)
	}()
	<-done
	return r, got
}

// tree makes a temporary directory holding files (slash paths relative to
// it; a name ending in "/" is a directory) and returns its real path.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if strings.HasSuffix(f, "/") {
			err = os.MkdirAll(p, 0o755)
		} else if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, []byte("x\n"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestRepoRoot(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files []string
		wd    string // relative to the tree
		want  string // relative to the tree; "" means the helper fails
	}{
		{"package dir", []string{"repo/go.mod", "repo/internal/pkg/"}, "repo/internal/pkg", "repo"},
		{"root itself", []string{"repo/go.mod"}, "repo", "repo"},
		{"nearest go.mod", []string{"repo/go.mod", "repo/tools/go.mod", "repo/tools/x/"}, "repo/tools/x", "repo/tools"},
		{"none above", []string{"repo/go.mod", "other/pkg/"}, "other/pkg", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files...)
			t.Chdir(filepath.Join(root, filepath.FromSlash(tt.wd)))
			r, got := record(RepoRoot)
			if tt.want == "" {
				// Only a go.mod above the temporary directory (none is
				// expected) could make this find one.
				if r.ended != "fatal" || !strings.Contains(r.msg, "no go.mod") {
					t.Fatalf("ended %q (%q), root %q; want a failure", r.ended, r.msg, got)
				}
				return
			}
			if r.ended != "" {
				t.Fatalf("ended %q: %s", r.ended, r.msg)
			}
			if want := filepath.Join(root, filepath.FromSlash(tt.want)); got != want {
				t.Errorf("RepoRoot = %s, want %s", got, want)
			}
		})
	}
}

func TestShared(t *testing.T) {
	root := tree(t, "repo/go.mod", "repo/internal/pkg/", "shared/corpus/authelia/", "shared/seeds/g.md")
	t.Chdir(filepath.Join(root, "repo", "internal", "pkg"))
	shared := filepath.Join(root, "repo", "..", "shared")
	for _, tt := range []struct {
		name   string
		f      func(testing.TB) string
		ci     string
		want   string // path returned, relative to shared; "" for none
		ended  string
		logged bool
	}{
		{"present", func(t testing.TB) string { return Shared(t, "seeds", "g.md") }, "", "seeds/g.md", "", false},
		{"present in CI", func(t testing.TB) string { return Shared(t, "seeds", "g.md") }, "true", "seeds/g.md", "", false},
		{"slash path", func(t testing.TB) string { return Shared(t, "seeds/g.md") }, "", "seeds/g.md", "", false},
		{"corpus", Corpus, "", "corpus/authelia", "", false},
		{"absent skips", func(t testing.TB) string { return Shared(t, "bench", "replicate.sh") }, "", "", "skip", false},
		{"absent skips unless CI is true", func(t testing.TB) string { return Shared(t, "nope") }, "1", "", "skip", false},
		{"absent fails in CI", func(t testing.TB) string { return Shared(t, "nope") }, "true", "", "fatal", false},
		{"optional present", CorpusIfPresent, "", "corpus/authelia", "", false},
		{"optional absent", func(t testing.TB) string { return SharedIfPresent(t, "nope") }, "", "", "", true},
		{"optional absent in CI", func(t testing.TB) string { return SharedIfPresent(t, "nope") }, "true", "", "fatal", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			r, got := record(tt.f)
			if r.ended != tt.ended {
				t.Fatalf("ended %q (%q), want %q", r.ended, r.msg, tt.ended)
			}
			if r.ended != "" && !strings.Contains(r.msg, shared) {
				t.Errorf("message %q does not name the path", r.msg)
			}
			if (len(r.logs) > 0) != tt.logged {
				t.Errorf("logs %q, want logged = %v", r.logs, tt.logged)
			}
			want := ""
			if tt.want != "" {
				want = filepath.Join(shared, filepath.FromSlash(tt.want))
			}
			if r.ended == "" && got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
