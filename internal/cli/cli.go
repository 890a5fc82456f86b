// Package cli is guidec's command line: it parses flags (pflag), maps them to
// build options, picks the diagnostic printer and turns outcomes into exit
// codes. It is the only package that touches the process environment; the
// stages below it see fs.FS values and io.Writers.
package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/guidec/guidec/internal/stackgrow"
	"github.com/hbollon/go-edlib"
	"github.com/spf13/pflag"
)

// version is set at link time by the Makefile.
var version = "dev"

// Exit codes, a contract other tools rely on.
const (
	exitOK    = 0 // success
	exitInput = 1 // the input has errors
	exitUsage = 2 // usage error (bad flags, bad paths, nothing to check, I/O failure of guidec itself)
)

type command struct {
	name  string
	short string
	run   func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"build", "check the guides and compile them into a static site", runBuild},
		{"check", "check guides and every snippet in them (the CI gate)", runCheck},
		{"serve", "preview the site with live reload", runServe},
		{"new", "create a new guide from the template", runNew},
		{"upgrade-report", "report which Authelia releases each guide's snippets are valid for", runUpgradeReport},
		{"completion", "print a shell completion script (bash, zsh or fish)", runCompletion},
		{"version", "print the version", runVersion},
	}
}

// environment documents the variables guidec reads, in every help text
// that they affect.
const environment = `Environment:
  GUIDEC_CACHE_DIR  directory of the client secret digest cache and of the
                    highlighting cache (default: the user cache directory,
                    e.g. ~/.cache/guidec)
  NO_COLOR          when set and not empty, no colour (unless --color=always)
  TERM              "dumb" means no colour (unless --color=always)
  GOMEMLIMIT        replaces the memory limit of check and build
                    (default: 128 MiB + 16 KiB per page)
  GODEBUG           disablethp=1: no transparent huge pages for the heap
`

// Main runs guidec with args (without the program name) and returns the
// process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	stackgrow.Grow()
	deferFirstGC()
	var forward []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch a := args[0]; {
		case a == "-h" || a == "--help":
			usage(stdout)
			return exitOK
		case a == "--version":
			return runVersion(nil, stdout, stderr)
		case isGlobalFlag(a):
			forward = append(forward, a)
			if a == "--color" && len(args) > 1 {
				forward = append(forward, args[1])
				args = args[1:]
			}
		default:
			fmt.Fprintf(stderr, "guidec: unknown flag %s\nRun 'guidec --help' for usage.\n", a)
			return exitUsage
		}
		args = args[1:]
	}
	if len(args) == 0 {
		if len(forward) > 0 {
			fmt.Fprintf(stderr, "guidec: %s needs a command (the version is --version)\nRun 'guidec --help' for usage.\n", forward[0])
			return exitUsage
		}
		usage(stderr)
		return exitUsage
	}
	if args[0] == "help" {
		return runHelp(args[1:], stdout, stderr)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(append(forward, args[1:]...), stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "guidec: unknown command %q%s\nRun 'guidec --help' for usage.\n", args[0], suggestCommand(args[0]))
	return exitUsage
}

// isGlobalFlag reports whether a is a flag guidec takes before a command.
// Such a flag means what the command's flag of the same name means and is
// passed on to it: `guidec -v check` is `guidec check -v`.
func isGlobalFlag(a string) bool {
	switch a {
	case "-v", "--verbose", "-q", "--quiet", "--color":
		return true
	}
	return strings.HasPrefix(a, "--color=")
}

// runHelp prints the help of guidec or of one command.
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run([]string{"--help"}, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "guidec help: unknown command %q%s\nRun 'guidec --help' for usage.\n", args[0], suggestCommand(args[0]))
	return exitUsage
}

// suggestCommand returns "; did you mean …?" for a likely typo of a
// command name, else "".
func suggestCommand(s string) string {
	best, bestD := "", len(s)/3+2
	for _, c := range commands() {
		if d := edlib.LevenshteinDistance(s, c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("guidec compiles integration guides into a static site and proves every snippet right.\n\n")
	b.WriteString("Usage:\n  guidec [-v|-q] [--color WHEN] <command> [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.short)
	}
	b.WriteString("\nFlags:\n")
	b.WriteString("  -h, --help         this help\n")
	b.WriteString("      --version      print the version\n")
	b.WriteString("  -v, --verbose      passed on to the command: also print info diagnostics\n")
	b.WriteString("  -q, --quiet        passed on to the command: print only errors and the summary\n")
	b.WriteString("      --color WHEN   passed on to the command: auto, always or never\n")
	b.WriteString("\nRun 'guidec <command> --help' for the flags of a command.\n")
	b.WriteString("Exit codes: 0 success, 1 the input has errors, 2 usage error or nothing to check.\n\n")
	b.WriteString(environment)
	io.WriteString(w, b.String())
}

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func newFlagSet(name, synopsis string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage:\n  guidec %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
		if fs.Lookup("source") != nil && name != "new" {
			fmt.Fprintf(fs.Output(), "\n%s", environment)
		}
	}
	return fs
}

// describeArg, as a command's only argument, makes parse print the
// command's flags as JSON instead of running it (see flagTable). No
// command line can pass it: an argument cannot hold a NUL byte.
const describeArg = "\x00flags"

// flagInfo describes one flag for completion scripts and tests.
type flagInfo struct {
	Name      string   `json:"name"`
	Shorthand string   `json:"shorthand,omitempty"`
	Type      string   `json:"type"` // pflag's: "bool", "string", "int"…
	Usage     string   `json:"usage"`
	Hidden    bool     `json:"hidden,omitempty"`
	Values    []string `json:"values,omitempty"` // the values it takes, when a fixed set
	Dir       bool     `json:"dir,omitempty"`    // it names a directory
}

// Flag annotations read by describe: the values a flag takes, and that it
// names a directory.
const (
	annotValues = "guidec-values"
	annotDir    = "guidec-dir"
)

func describe(fs *pflag.FlagSet, w io.Writer) error {
	var out []flagInfo
	fs.VisitAll(func(f *pflag.Flag) {
		out = append(out, flagInfo{Name: f.Name, Shorthand: f.Shorthand, Type: f.Value.Type(), Usage: f.Usage,
			Hidden: f.Hidden, Values: f.Annotations[annotValues], Dir: f.Annotations[annotDir] != nil})
	})
	return json.NewEncoder(w).Encode(out)
}

// flagTable returns the flags of every command, as each command's own
// flag set defines them.
func flagTable() (map[string][]flagInfo, error) {
	t := map[string][]flagInfo{}
	for _, c := range commands() {
		var out bytes.Buffer
		if code := c.run([]string{describeArg}, &out, io.Discard); code != exitOK {
			return nil, fmt.Errorf("describe %s: exit %d", c.name, code)
		}
		var fl []flagInfo
		if err := json.Unmarshal(out.Bytes(), &fl); err != nil {
			return nil, fmt.Errorf("describe %s: %w", c.name, err)
		}
		t[c.name] = fl
	}
	return t, nil
}

// parse parses args and returns (done, code): done is true when the command
// must stop now (help was printed, or usage error).
//
// pflag prints the usage itself, on help and on errors alike; it is caught
// here so that help goes to stdout alone and errors to stderr alone.
func parse(fs *pflag.FlagSet, args []string, stdout io.Writer) (bool, int) {
	if len(args) == 1 && args[0] == describeArg {
		if err := describe(fs, stdout); err != nil {
			return true, exitUsage
		}
		return true, exitOK
	}
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
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "guidec version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	fmt.Fprintf(stdout, "guidec %s\n", version)
	return exitOK
}

// colorWriter is an output whose colour was decided by --color, which
// overrides what the environment and the terminal say.
type colorWriter struct {
	io.Writer
	color bool
}

// colorEnabled reports whether text written to w gets colour: what --color
// said for it (colorWriter), else auto.
func colorEnabled(w io.Writer) bool {
	if cw, ok := w.(colorWriter); ok {
		return cw.color
	}
	return autoColor(isTerminal(w), os.Getenv)
}

// autoColor is --color=auto: colour on a terminal, unless NO_COLOR is set
// to a non-empty value (no-color.org: an empty one does not count) or the
// terminal is "dumb".
func autoColor(terminal bool, getenv func(string) string) bool {
	return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// withColor applies a --color value to an output.
func withColor(w io.Writer, when string) io.Writer {
	switch when {
	case "always":
		return colorWriter{w, true}
	case "never":
		return colorWriter{w, false}
	}
	return w
}
