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
	"github.com/guidec/guidec/internal/memofs"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [flags] [PATH…]", stderr)
	var c common
	c.register(fs)
	fs.Lookup("drafts").Usage = "treat drafts as published, as build --drafts does: links to them are fine (drafts are checked either way)"
	format := fs.String("format", "text", "output format: text, json, github or sarif")
	fs.SetAnnotation("format", annotValues, []string{"text", "json", "github", "sarif"})
	sarif := fs.String("sarif", "", "also write the findings as a SARIF log to FILE (a new file, or one guidec wrote)")
	strict := fs.Bool("strict", false, "count warnings as errors")
	fix := fs.Bool("fix", false, "apply machine-applicable fixes to the guide files in place")
	since := fs.String("changed-since", "", "check only the guides changed since this git ref, and the links into them from every other guide (all guides when a template changed)")
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
	if err := c.validate(); err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	stdout, stderr = withColor(stdout, c.color), withColor(stderr, c.color)
	ctx, stop := interruptContext() // first: see its doc comment
	defer stop()
	c.dirs = memofs.New() // the tree is read once: see common.dirs
	c.dirs.Prefetch(c.source, prefetchDepth, prefetchWorkers)
	raiseHeapFloor(checkHeapFloor)
	prepareMemory(c.dirFS(c.source))
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	opt.Discovered = limitMemory
	opt.Check, opt.CheckDrafts = true, true
	if opt.Against, err = parseAgainst(*against); err != nil {
		fmt.Fprintf(stderr, "guidec check: --against: %v\n", err)
		return exitUsage
	}
	var sel selection
	if opt.Project != nil {
		sel, err = c.selectPages(opt.Project.Config, fs.Args(), *since)
	} else {
		sel, err = c.selectFor(fs.Args(), *since)
	}
	if err != nil {
		fmt.Fprintf(stderr, "guidec check: %v\n", err)
		return exitUsage
	}
	opt.Only, opt.Inbound = sel.only, sel.inbound
	v := c.openVerifier("guidec check", stderr)
	opt.Digests = v
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
	saveVerifier(v, "guidec check", stderr)
	diags := res.Diags
	if *fix {
		var fixed int
		diags, fixed, err = applyFixesWith(diags, stderr, &opt)
		if err != nil {
			fmt.Fprintf(stderr, "guidec check: --fix: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "guidec check: applied %d %s\n", fixed, map[bool]string{true: "fix", false: "fixes"}[fixed == 1])
	}
	shown := diags
	if *format == "text" {
		shown = c.shown(diags, *strict)
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
		unit := "guide"
		if opt.Project != nil {
			unit = "page" // a Hugo content tree: sections and leaf pages too
		}
		fmt.Fprintf(stderr, "guidec check: %d %s checked: %s%s\n", res.Checked, plural(res.Checked, unit), diags.Summary(), sel.note)
	}
	if diags.HasErrors(*strict) {
		return exitInput
	}
	return exitOK
}

// selection is what a check covers: the guides checked in full (nil for
// all) and the guides whose inbound links are checked everywhere.
type selection struct {
	only, inbound map[string]bool
	note          string // for the summary line, e.g. " (changed since main)"
}

// selectFor maps the PATH arguments and --changed-since to the guides to
// check. It fails when a PATH matches no guide.
func (c *common) selectFor(paths []string, since string) (selection, error) {
	only, err := selectGuides(c.source, paths)
	if err != nil {
		return selection{}, err
	}
	if since == "" {
		return selection{only: only}, nil
	}
	ch, err := changedGuides(c.source, []string{c.siteDir, c.shortcodesDir}, since)
	if err != nil {
		return selection{}, fmt.Errorf("--changed-since: %w", err)
	}
	if ch.all {
		return selection{only: only, note: " (a template changed since " + since + ")"}, nil
	}
	present := map[string]bool{}
	for n := range ch.guides {
		if only == nil || only[n] {
			if hasIndex(c.source, n) {
				present[n] = true
			}
		}
	}
	note := fmt.Sprintf(" (no guide changed since %s)", since)
	if len(ch.guides) > 0 {
		note = fmt.Sprintf(" (changed since %s, and the links into them from every guide)", since)
	}
	return selection{only: present, inbound: ch.guides, note: note}, nil
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

// selectGuides maps PATH arguments (relative to the working directory)
// to the guides under source they name: a guide's directory or any file
// in it, or a directory holding guides (source itself: all of them). nil
// means every guide. A PATH that matches no guide is an error that says
// where it looked.
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
		names, err := guidesAt(source, absSrc, p)
		if err != nil {
			return nil, err
		}
		if names == nil {
			return nil, nil // the whole source
		}
		for _, n := range names {
			only[n] = true
		}
	}
	return only, nil
}

// guidesAt returns the guides that PATH p names (nil for all of them).
func guidesAt(source, absSrc, p string) ([]string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(abs); err != nil {
		hint := ""
		if _, err := os.Stat(filepath.Join(source, p)); err == nil {
			hint = fmt.Sprintf(" (a PATH is relative to the working directory: did you mean %s?)", filepath.Join(source, p))
		}
		return nil, fmt.Errorf("%s: no such file or directory%s", p, hint)
	}
	rel, err := filepath.Rel(absSrc, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s is not inside --source %s, where the guides are", p, source)
	}
	if rel == "." {
		return nil, nil
	}
	name, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if !hasIndex(source, name) {
		return nil, fmt.Errorf("%s matches no guide (looked for %s)", p, filepath.Join(source, name, "index.md"))
	}
	return []string{name}, nil
}

// hasIndex reports whether source/name is a guide.
func hasIndex(source, name string) bool {
	st, err := os.Stat(filepath.Join(source, name, "index.md"))
	return err == nil && st.Mode().IsRegular()
}

// changes is what changed since a git ref.
type changes struct {
	guides map[string]bool // guides added, modified, deleted or renamed (both names)
	all    bool            // a template changed: every guide may have
}

// changedGuides asks git what changed since ref in the source tree
// (committed, staged, in the work tree, or untracked) and maps it to
// guides: a deleted guide, or both names of a renamed one, count as
// changed, so that the links into them are checked. A change in one of the
// template directories (the ones in use; "" is the embedded copy, which
// does not change) makes every guide changed.
func changedGuides(source string, templates []string, ref string) (changes, error) {
	if strings.HasPrefix(ref, "-") {
		return changes{}, fmt.Errorf("invalid ref %q", ref)
	}
	for _, dir := range templates {
		if dir == "" {
			continue
		}
		paths, err := gitChanges(dir, ref)
		if err != nil {
			return changes{}, err
		}
		if len(paths) > 0 {
			return changes{all: true}, nil
		}
	}
	paths, err := gitChanges(source, ref)
	if err != nil {
		return changes{}, err
	}
	ch := changes{guides: map[string]bool{}}
	for _, p := range paths {
		if name, rest, ok := strings.Cut(p, "/"); ok && name != "" && rest != "" {
			ch.guides[name] = true
		}
	}
	return ch, nil
}

// gitChanges returns the paths, relative to dir, of the files under dir
// that differ from ref: both sides of a rename (git diff -M), deleted files,
// and untracked files that git does not ignore.
func gitChanges(dir, ref string) ([]string, error) {
	return gitChangesOf(dir, ref, ".")
}

// gitChangesOf is gitChanges restricted to the pathspec spec (relative to
// dir).
func gitChangesOf(dir, ref, spec string) ([]string, error) {
	out, err := git(dir, "diff", "--name-status", "-z", "-M", "--relative", ref, "--", spec)
	if err != nil {
		return nil, err
	}
	var paths []string
	fields := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	for i := 0; i < len(fields); i++ {
		status := fields[i]
		if status == "" {
			continue
		}
		n := 1 // one path, or two for a rename or copy (R100, C075)
		if status[0] == 'R' || status[0] == 'C' {
			n = 2
		}
		for k := 0; k < n && i+1 < len(fields); k++ {
			i++
			paths = append(paths, fields[i])
		}
	}
	untracked, err := git(dir, "ls-files", "-z", "--others", "--exclude-standard", "--", spec)
	if err != nil {
		return nil, err
	}
	for _, f := range strings.Split(untracked, "\x00") {
		if f != "" {
			paths = append(paths, f)
		}
	}
	return paths, nil
}

// git runs git in dir and returns its output.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("git %s in %s: %s", args[0], dir, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", err
	}
	return string(out), nil
}
