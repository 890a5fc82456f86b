package tests

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/guidec/guidec/internal/cli"
)

// lintWorkflow runs actionlint (without shellcheck and pyflakes, which
// would make the result depend on the machine) on one workflow file.
func lintWorkflow(t *testing.T, path string) []*actionlint.Error {
	t.Helper()
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint(path, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return errs
}

// TestWorkflows lints our workflows with actionlint and fails on any
// finding.
func TestWorkflows(t *testing.T) {
	paths, err := filepath.Glob("../.github/workflows/*.y*ml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no workflow found: %v", err)
	}
	for _, p := range paths {
		for _, e := range lintWorkflow(t, p) {
			t.Errorf("%s:%d:%d: %s [%s]", p, e.Line, e.Column, e.Message, e.Kind)
		}
	}
}

// TestWorkflowLintFinds lints testdata/workflows/*.yml, each with a
// mistake of several kinds, and requires each expected finding (a
// "# want: KIND" comment names the kind of the line below it).
func TestWorkflowLintFinds(t *testing.T) {
	paths, _ := filepath.Glob("testdata/workflows/*.yml")
	if len(paths) == 0 {
		t.Fatal("no workflow in testdata/workflows")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range lintWorkflow(t, p) {
			got[strconv.Itoa(e.Line)+" "+e.Kind] = true
		}
		n := 0
		for i, line := range strings.Split(string(data), "\n") {
			kind, ok := strings.CutPrefix(strings.TrimSpace(line), "# want: ")
			if !ok {
				continue
			}
			n++
			if want := strconv.Itoa(i+2) + " " + kind; !got[want] {
				t.Errorf("%s:%d: actionlint reports no %s error; it reports %v", p, i+2, kind, got)
			}
		}
		if n == 0 {
			t.Errorf("%s: no want comment", p)
		}
	}
}

// guidesWorkflow is the part of .github/workflows/guides.yml that
// TestGuidesWorkflow checks.
type guidesWorkflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]struct {
		If          string            `yaml:"if"`
		Needs       any               `yaml:"needs"`
		Permissions map[string]string `yaml:"permissions"`
		Steps       []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestGuidesWorkflow checks what the example workflow promises: it runs
// on pull requests (forks included) and pushes, checks once with
// --strict, --format github, --sarif and --changed-since the base branch,
// with flags guidec accepts, and only the job that uploads SARIF may write
// security events, and it runs only where the token can.
func TestGuidesWorkflow(t *testing.T) {
	data, err := os.ReadFile("../.github/workflows/guides.yml")
	if err != nil {
		t.Fatal(err)
	}
	var w guidesWorkflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	for _, event := range []string{"pull_request", "push"} {
		if _, ok := w.On[event]; !ok {
			t.Errorf("the workflow does not run on %s", event)
		}
	}
	if _, ok := w.On["pull_request_target"]; ok {
		t.Errorf("pull_request_target runs a fork's guides with a writing token")
	}
	if w.Permissions["security-events"] != "" || w.Permissions["contents"] != "read" || len(w.Permissions) != 1 {
		t.Errorf("workflow permissions %v, want contents: read only", w.Permissions)
	}
	var runs []string
	writers := 0
	for name, job := range w.Jobs {
		for _, s := range job.Steps {
			if strings.Contains(s.Run, "guidec check") {
				runs = append(runs, s.Run)
				if !strings.Contains(s.Env["BASE"], "github.base_ref") {
					t.Errorf("BASE = %q, want the base branch of the pull request", s.Env["BASE"])
				}
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") && job.Permissions["security-events"] != "write" {
				t.Errorf("job %s uploads SARIF without security-events: write", name)
			}
		}
		if job.Permissions["security-events"] == "write" {
			writers++
			if !strings.Contains(job.If, "github.event.pull_request.head.repo.full_name == github.repository") || !strings.Contains(job.If, "github.event_name == 'push'") {
				t.Errorf("job %s may write security events on a fork's pull request: if %q", name, job.If)
			}
			if job.Steps[len(job.Steps)-1].Uses == "" || !strings.HasPrefix(job.Steps[len(job.Steps)-1].Uses, "github/codeql-action/upload-sarif@") {
				t.Errorf("job %s writes security events but does not end by uploading SARIF", name)
			}
			for _, s := range job.Steps {
				if s.Run != "" {
					t.Errorf("job %s, which may write security events, runs %q", name, s.Run)
				}
			}
		}
	}
	if writers != 1 {
		t.Errorf("%d jobs may write security events, want 1", writers)
	}
	if len(runs) != 1 {
		t.Fatalf("guidec check runs %d times, want once: %q", len(runs), runs)
	}
	args := strings.Fields(strings.ReplaceAll(runs[0], `${BASE:+--changed-since "$BASE"}`, "--changed-since origin/main"))
	for _, flag := range []string{"--strict", "--format", "github", "--sarif", "--changed-since"} {
		if !slices.Contains(args, flag) {
			t.Errorf("guidec check runs without %s: %s", flag, runs[0])
		}
	}
	// The flags parse: guidec stops at --help after reading them all.
	i := slices.Index(args, "check")
	var stdout, stderr bytes.Buffer
	if code := cli.Main(append(slices.Clone(args[i:]), "--help"), &stdout, &stderr); code != 0 {
		t.Errorf("guidec %s: exit %d\n%s", strings.Join(args[i:], " "), code, stderr.String())
	}
}
