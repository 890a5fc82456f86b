// Package tests holds guidec's end-to-end tests: testscript CLI scripts in
// testdata/script, and conformance tests over the real guides of the corpus.
package tests

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

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
	testscript.Run(t, withOutputCmds(testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
			"sigterm":  cmdSigterm,
			"elapsed":  cmdElapsed,
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("GUIDEC_ROOT", root)
			env.Setenv("GUIDEC_CACHE_DIR", filepath.Join(env.WorkDir, ".cache"))
			return nil
		},
	}))
}

// cmdExitCode runs `exitcode N command args…` and fails unless the command
// exits with status N: the CLI's exit codes are a contract (0, 1, 2).
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdSigterm runs `sigterm DELAY`: it waits DELAY, then sends SIGTERM to
// every command started in the background, as a service manager or CI
// runner stopping guidec does, and notes the time for elapsed.
func cmdSigterm(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sigterm DELAY")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
	cmds := ts.BackgroundCmds()
	if len(cmds) == 0 {
		ts.Fatalf("sigterm: no background command")
	}
	for _, c := range cmds {
		ts.Check(c.Process.Signal(syscall.SIGTERM))
	}
	ts.Setenv("SIGTERM_SENT", strconv.FormatInt(time.Now().UnixNano(), 10))
}

// cmdElapsed runs `elapsed MAX`: it fails unless less than MAX passed since
// the last sigterm. Put it after `wait`, to bound how long the signalled
// commands took to stop; MAX is a generous bound, not a benchmark.
func cmdElapsed(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: elapsed MAX")
	}
	max, err := time.ParseDuration(args[0])
	ts.Check(err)
	sent, err := strconv.ParseInt(ts.Getenv("SIGTERM_SENT"), 10, 64)
	if err != nil {
		ts.Fatalf("elapsed: no sigterm before")
	}
	if d := time.Since(time.Unix(0, sent)); d >= max {
		ts.Fatalf("the commands took %v to stop after SIGTERM, want less than %v", d.Round(time.Millisecond), max)
	}
}
