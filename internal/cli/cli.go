// Package cli is guidec's command line: it parses flags (pflag), maps them to
// build options, picks the diagnostic printer and turns outcomes into exit
// codes. It is the only package that touches the process environment; the
// stages below it see fs.FS values and io.Writers.
package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// version is set at link time by the Makefile.
var version = "dev"

// Exit codes, a contract other tools rely on.
const (
	exitOK    = 0 // success
	exitInput = 1 // the input has errors
	exitUsage = 2 // usage error (bad flags, bad paths, I/O failure of guidec itself)
)

type command struct {
	name  string
	short string
	run   func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "compile guides into a static site", runBuild},
		{"check", "check guides and every snippet in them (the CI gate)", runCheck},
		{"serve", "preview the site with live reload", runServe},
		{"new", "create a new guide from the template", runNew},
		{"upgrade-report", "report which Authelia releases each guide's snippets are valid for", runUpgradeReport},
		{"version", "print the version", runVersion},
	}
}

// Main runs guidec with args (without the program name) and returns the
// process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	case "-v", "--version":
		return runVersion(nil, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "guidec: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("guidec compiles integration guides into a static site and proves every snippet right.\n\n")
	b.WriteString("Usage:\n  guidec <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.short)
	}
	b.WriteString("\nRun 'guidec <command> --help' for the flags of a command.\n")
	b.WriteString("Exit codes: 0 success, 1 the input has errors, 2 usage error.\n")
	io.WriteString(w, b.String())
}

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func newFlagSet(name, synopsis string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage:\n  guidec %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
	}
	return fs
}

// parse parses args and returns (done, code): done is true when the command
// must stop now (help was printed, or usage error).
//
// pflag prints the usage itself, on help and on errors alike; it is caught
// here so that help goes to stdout alone and errors to stderr alone.
func parse(fs *pflag.FlagSet, args []string, stdout io.Writer) (bool, int) {
	var printed bytes.Buffer
	stderr := fs.Output()
	fs.SetOutput(&printed)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		stdout.Write(printed.Bytes())
		return true, exitOK
	case err != nil:
		fmt.Fprintf(stderr, "guidec %s: %v\nRun 'guidec %s --help' for usage.\n", fs.Name(), err, fs.Name())
		return true, exitUsage
	}
	return false, exitOK
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("version", "version", stderr)
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	fmt.Fprintf(stdout, "guidec %s\n", version)
	return exitOK
}

// colorEnabled reports whether w is a terminal and NO_COLOR is unset.
func colorEnabled(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
