package cli

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [--source DIR] [--format text|json|github|sarif] [--sarif FILE] [--strict] [--fix] [--changed-since REF] [--against RELEASE]… [PATH…]", stderr)
	var c common
	c.register(fs)
	format := fs.String("format", "text", "output format: text, json, github or sarif")
	sarif := fs.String("sarif", "", "also write the findings as a SARIF log to FILE (a new file, or one guidec wrote)")
	strict := fs.Bool("strict", false, "count warnings as errors")
	fix := fs.Bool("fix", false, "apply machine-applicable fixes to the guide files in place")
	since := fs.String("changed-since", "", "check only guides changed since this git ref (all when a template changed)")
	against := fs.StringArray("against", nil, "also check Authelia snippets as if run on `RELEASE` (4.39, 4.39.2, latest or all; repeatable)")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	switch *format {
	case "text", "json", "github", "sarif":
	default:
		fmt.Fprintf(stderr, "guidec check: unknown --format %q (text, json, github, sarif)\n", *format)
		return exitUsage
	}
	if *sarif != "" {
		if err := checkSARIFPath(*sarif); err != nil {
			fmt.Fprintf(stderr, "guidec check: --sarif: %v\n", err)
			return exitUsage
		}
	}
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	limitMemory(c.source)
	opt.Check = true
	if opt.Against, err = parseAgainst(*against); err != nil {
		fmt.Fprintf(stderr, "guidec check: --against: %v\n", err)
		return exitUsage
	}
	only, err := selectGuides(c.source, fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	if *since != "" {
		changed, all, err := changedGuides(c.source, *since)
		if err != nil {
			fmt.Fprintf(stderr, "guidec check: --changed-since: %v\n", err)
			return exitUsage
		}
		if !all {
			only = intersect(only, changed)
		}
	}
	opt.Only = only
	v, err := newVerifier()
	if err != nil {
		fmt.Fprintf(stderr, "guidec check: digest cache: %v (continuing without it)\n", err)
		v, _ = digest.NewVerifier(digest.WithCacheFile(""))
	}
	opt.Digests = v
	ctx, stop := interruptContext()
	defer stop()
	if err := c.prof.start(); err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	res, err := build.Run(ctx, opt)
	c.prof.stop(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	if err := v.Save(); err != nil {
		fmt.Fprintf(stderr, "guidec check: saving digest cache: %v\n", err)
	}
	diags := res.Diags
	if *fix {
		var fixed int
		diags, fixed, err = applyFixes(diags, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "guidec check: --fix: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "guidec check: applied %d %s\n", fixed, map[bool]string{true: "fix", false: "fixes"}[fixed == 1])
	}
	shown := diags
	if *format == "text" {
		shown = diags.Shown(c.verbose)
	}
	if err := printDiags(stdout, stderr, *format, shown); err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	if *sarif != "" {
		if err := writeSARIFFile(*sarif, diags); err != nil {
			fmt.Fprintf(stderr, "guidec check: --sarif: %v\n", err)
			return exitUsage
		}
	}
	if *format == "text" {
		fmt.Fprintf(stderr, "guidec check: %d %s checked: %s\n", res.Pages, plural(res.Pages, "guide"), diags.Summary())
	}
	if diags.HasErrors(*strict) {
		return exitInput
	}
	return exitOK
}

func newVerifier() (*digest.Verifier, error) {
	path := os.Getenv("GUIDEC_CACHE_DIR")
	if path != "" {
		path = filepath.Join(path, "digests")
	} else {
		p, err := digest.DefaultCachePath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return digest.NewVerifier(digest.WithCacheFile(path))
}

func printDiags(stdout, stderr io.Writer, format string, l diag.List) error {
	switch format {
	case "json":
		return diag.PrintJSON(stdout, l)
	case "github":
		if err := diag.PrintGitHub(stdout, l); err != nil {
			return err
		}
		return writeStepSummary(l, stderr)
	case "sarif":
		return diag.PrintSARIF(stdout, l, sarifOptions())
	}
	return diag.PrintText(stdout, l, diag.TextOptions{Color: colorEnabled(stdout), Context: true})
}

// selectGuides maps PATH arguments (guide directories or their index.md,
// relative to the working directory) to guide names under source. nil
// means every guide.
func selectGuides(source string, paths []string) (map[string]bool, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	absSrc, err := filepath.Abs(source)
	if err != nil {
		return nil, err
	}
	only := map[string]bool{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(absSrc, abs)
		if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("%s is not a guide inside %s", p, source)
		}
		name := strings.Split(filepath.ToSlash(rel), "/")[0]
		if _, err := os.Stat(filepath.Join(absSrc, name, "index.md")); err != nil {
			return nil, fmt.Errorf("%s is not a guide: %v", p, err)
		}
		only[name] = true
	}
	return only, nil
}

// changedGuides asks git which files changed since ref (committed, staged
// and in the work tree) and maps them to guide names. all is true when a
// shortcode template or site file changed, since that can affect any guide.
func changedGuides(source, ref string) (map[string]bool, bool, error) {
	if strings.HasPrefix(ref, "-") {
		return nil, false, fmt.Errorf("invalid ref %q", ref)
	}
	out, err := exec.Command("git", "diff", "--name-only", "--relative", ref, "--").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return nil, false, fmt.Errorf("git diff %s: %s", ref, strings.TrimSpace(string(ee.Stderr)))
		}
		return nil, false, err
	}
	untracked, _ := exec.Command("git", "ls-files", "--others", "--exclude-standard").Output()
	src := filepath.ToSlash(filepath.Clean(source))
	changed := map[string]bool{}
	for _, f := range strings.Split(string(out)+string(untracked), "\n") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
		case strings.HasPrefix(f, "shortcodes/"), strings.HasPrefix(f, "site/"):
			return nil, true, nil
		case strings.HasPrefix(f, src+"/"):
			name := strings.Split(strings.TrimPrefix(f, src+"/"), "/")[0]
			if _, err := os.Stat(filepath.Join(source, name, "index.md")); err == nil {
				changed[name] = true
			}
		}
	}
	return changed, false, nil
}

func intersect(only, changed map[string]bool) map[string]bool {
	if only == nil {
		return changed
	}
	out := map[string]bool{}
	for k := range only {
		if changed[k] {
			out[k] = true
		}
	}
	return out
}
