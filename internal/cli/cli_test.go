package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// flagTableT returns every command's flags, failing the test on error.
func flagTableT(t *testing.T) map[string][]flagInfo {
	t.Helper()
	table, err := flagTable()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if _, ok := table[c.name]; !ok {
			t.Fatalf("no flags described for %s", c.name)
		}
	}
	return table
}

// TestHelpListsEveryFlag walks each command's flag set: every flag, with
// its shorthand, appears in the command's --help, and none is hidden.
func TestHelpListsEveryFlag(t *testing.T) {
	table := flagTableT(t)
	for _, c := range commands() {
		var out, errs bytes.Buffer
		if code := Main([]string{c.name, "--help"}, &out, &errs); code != exitOK {
			t.Fatalf("%s --help: exit %d: %s", c.name, code, errs.String())
		}
		help := out.String()
		for _, f := range table[c.name] {
			if f.Hidden {
				t.Errorf("%s --%s is hidden from --help", c.name, f.Name)
			}
			want := "--" + f.Name
			if f.Shorthand != "" {
				want = "-" + f.Shorthand + ", --" + f.Name
			}
			if !regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(want) + `\b`).MatchString(help) {
				t.Errorf("%s --help does not list %s:\n%s", c.name, want, help)
			}
		}
	}
	var out bytes.Buffer
	Main([]string{"--help"}, &out, &out)
	for _, c := range commands() {
		if !strings.Contains(out.String(), "  "+c.name+" ") {
			t.Errorf("guidec --help does not list the command %s", c.name)
		}
	}
	for _, want := range []string{"GUIDEC_CACHE_DIR", "NO_COLOR", "--version", "--verbose", "--quiet", "--color"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("guidec --help does not mention %s", want)
		}
	}
}

// TestREADMECommands: the README's synopsis of each command names every
// flag the command takes (COMMON standing for the shared ones).
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "## Commands\n")
	if start < 0 {
		t.Fatal("README has no Commands section")
	}
	block := readme[start:]
	block = block[strings.Index(block, "```")+3:]
	block = block[:strings.Index(block, "```")]
	lines := map[string]string{}
	common := ""
	for _, l := range strings.Split(block, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) > 1 && f[0] == "guidec":
			lines[f[1]] = l
		case strings.HasPrefix(l, "COMMON:") || strings.HasPrefix(l, "        "):
			common += l
		}
	}
	table := flagTableT(t)
	for _, c := range commands() {
		l, ok := lines[c.name]
		if !ok {
			t.Errorf("README Commands has no line for guidec %s", c.name)
			continue
		}
		if strings.Contains(l, "COMMON") {
			l += common
		}
		for _, f := range table[c.name] {
			if !regexp.MustCompile(`(^|[\[| ])--` + regexp.QuoteMeta(f.Name) + `\b`).MatchString(l) {
				t.Errorf("README Commands: guidec %s does not show --%s", c.name, f.Name)
			}
		}
	}
	if !strings.Contains(readme, "GUIDEC_CACHE_DIR") {
		t.Error("README does not document GUIDEC_CACHE_DIR")
	}
}

// TestCompletion: each script names every command and every flag of each
// command, and the shell accepts its syntax (when the shell is installed;
// bash always is where the tests run).
func TestCompletion(t *testing.T) {
	table := flagTableT(t)
	for _, sh := range shells {
		t.Run(sh, func(t *testing.T) {
			var out, errs bytes.Buffer
			if code := Main([]string{"completion", sh}, &out, &errs); code != exitOK {
				t.Fatalf("exit %d: %s", code, errs.String())
			}
			script := out.String()
			for _, c := range commands() {
				if !strings.Contains(script, c.name) {
					t.Errorf("%s script does not name the command %s", sh, c.name)
				}
				for _, f := range table[c.name] {
					if !strings.Contains(script, "--"+f.Name) && !strings.Contains(script, "-l "+f.Name) {
						t.Errorf("%s script does not complete %s --%s", sh, c.name, f.Name)
					}
				}
			}
			syntaxCheck(t, sh, script)
		})
	}
	var out, errs bytes.Buffer
	if code := Main([]string{"completion", "tcsh"}, &out, &errs); code != exitUsage || out.Len() > 0 {
		t.Errorf("completion tcsh: exit %d, stdout %q", code, out.String())
	}
}

// syntaxCheck runs the shell's parser over script without running it.
func syntaxCheck(t *testing.T, shell, script string) {
	t.Helper()
	path, err := exec.LookPath(shell)
	if err != nil {
		if shell == "bash" {
			t.Fatal("bash is not installed")
		}
		t.Logf("%s is not installed: syntax not checked", shell)
		return
	}
	f := filepath.Join(t.TempDir(), "guidec."+shell)
	if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(path, "-n", f).CombinedOutput(); err != nil {
		t.Errorf("%s -n: %v\n%s\n%s", shell, err, out, script)
	}
}

// TestBashCompletionWorks runs the bash function for a few command lines.
func TestBashCompletionWorks(t *testing.T) {
	var out bytes.Buffer
	Main([]string{"completion", "bash"}, &out, &out)
	f := filepath.Join(t.TempDir(), "guidec.bash")
	if err := os.WriteFile(f, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		line string // the words typed; the last one is being completed
		want []string
	}{
		{"guidec ch", []string{"check"}},
		{"guidec -v bu", []string{"build"}},
		{"guidec build --keep", []string{"--keep-going"}},
		{"guidec check --format s", []string{"sarif"}},
		{"guidec --color n", []string{"never"}},
		{"guidec check --color a", []string{"auto", "always"}},
		{"guidec completion f", []string{"fish"}},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.line)
		script := "source " + f + "\nCOMP_WORDS=(" + strings.Join(words, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "\n_guidec\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		got, err := exec.Command("bash", "-c", script).Output()
		if err != nil {
			t.Fatalf("%q: %v", tt.line, err)
		}
		if g := strings.Fields(string(got)); strings.Join(g, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%q completes to %q, want %q", tt.line, g, tt.want)
		}
	}
}

// TestAutoColor: --color=auto colours a terminal unless NO_COLOR is set to
// something (no-color.org: an empty value does not count) or TERM=dumb.
func TestAutoColor(t *testing.T) {
	tests := []struct {
		terminal bool
		env      map[string]string
		want     bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": ""}, true},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"NO_COLOR": "0"}, false},
		{true, map[string]string{"TERM": "dumb"}, false},
		{true, map[string]string{"TERM": "xterm-256color"}, true},
		{false, map[string]string{"TERM": "xterm-256color"}, false},
	}
	for _, tt := range tests {
		if got := autoColor(tt.terminal, func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("autoColor(%v, %v) = %v, want %v", tt.terminal, tt.env, got, tt.want)
		}
	}
	var b bytes.Buffer
	for when, want := range map[string]bool{"always": true, "never": false, "auto": false} {
		if got := colorEnabled(withColor(&b, when)); got != want {
			t.Errorf("--color=%s on a buffer: %v, want %v", when, got, want)
		}
	}
}

// TestGlobalFlags: flags before the command are the command's, -v is
// --verbose everywhere, and the version is --version.
func TestGlobalFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{[]string{"--version"}, exitOK, "guidec ", ""},
		{[]string{"-v"}, exitUsage, "", "-v needs a command"},
		{[]string{"-q", "version"}, exitUsage, "", "unknown shorthand flag: 'q'"},
		{[]string{"--color", "never", "check", "--help"}, exitOK, "--changed-since", ""},
		{[]string{"--color=sometimes", "check", "--source", "."}, exitUsage, "", "--color must be auto, always or never"},
		{[]string{"-v", "-q", "check"}, exitUsage, "", "cannot be used together"},
		{[]string{"--frob", "check"}, exitUsage, "", "unknown flag --frob"},
		{[]string{"chek"}, exitUsage, "", `did you mean "check"?`},
		{[]string{"help", "build"}, exitOK, "--keep-going", ""},
	}
	for _, tt := range tests {
		var out, errs bytes.Buffer
		code := Main(tt.args, &out, &errs)
		if code != tt.code || !strings.Contains(out.String(), tt.out) || !strings.Contains(errs.String(), tt.err) {
			t.Errorf("guidec %v: exit %d\nstdout %q\nstderr %q\nwant exit %d, %q, %q", tt.args, code, out.String(), errs.String(), tt.code, tt.out, tt.err)
		}
	}
	// An unknown command prints one line and the usage hint, not the help.
	var out, errs bytes.Buffer
	Main([]string{"frobnicate"}, &out, &errs)
	if n := strings.Count(errs.String(), "\n"); n != 2 || out.Len() > 0 {
		t.Errorf("unknown command printed %d lines:\n%s", n, errs.String())
	}
}
