package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/memofs"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [flags]", stderr)
	var c common
	c.register(fs)
	out := fs.String("out", "public", "output directory, replaced atomically on success")
	fs.SetAnnotation("out", annotDir, []string{"true"})
	baseURL := fs.String("base-url", "", "absolute base URL of the published site (overrides site.yaml)")
	strict := fs.Bool("strict", false, "count warnings as errors: they stop the publish too")
	keepGoing := fs.Bool("keep-going", false, "publish even when the checks find errors (the exit code is still 1)")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	if err := c.validate(); err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	stderr = withColor(stderr, c.color)
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "guidec build: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	ctx, stop := interruptContext() // first: see its doc comment
	defer stop()
	c.dirs = memofs.New() // the tree is read once: see common.dirs
	c.dirs.Prefetch(c.source, prefetchDepth, prefetchWorkers)
	prepareMemory(c.dirFS(c.source))
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	opt.Discovered = limitMemory
	opt.BaseURL = *baseURL
	// A build runs every check `guidec check` runs: what check would
	// reject is not published (see the publish decision below).
	opt.Check, opt.CheckDrafts = true, true
	opt.KeepGoing = *keepGoing
	v := c.openVerifier("guidec build", stderr)
	opt.Digests = v
	opt.Highlights = openHighlights()
	pending := openOutputAsync(*out, c.inputs())
	opt.Output = pending
	start := time.Now()
	if err := c.prof.start(); err != nil {
		if dst, err := pending.wait(); err == nil {
			dst.Abort()
		}
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	res, err := build.Run(ctx, opt)
	c.prof.stop(stderr)
	// An output folder that cannot be used is the run's error, whatever
	// the build met meanwhile (its writes failed with it).
	dst, oerr := pending.wait()
	if oerr != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", oerr)
		return exitUsage
	}
	defer printOutputWarnings(dst, stderr)
	if err != nil {
		dst.Abort()
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	saveVerifier(v, "guidec build", stderr)
	if err := opt.Highlights.Save(); err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
	}
	printText(stderr, c.shown(res.Diags, *strict), stderr)
	failed := res.Diags.HasErrors(*strict)
	if stop, why := publishDecision(res, failed, *keepGoing); stop {
		dst.Abort()
		fmt.Fprintf(stderr, "guidec build: %s; %s, %s left unchanged\n", res.Diags.Summary(), why, *out)
		return exitInput
	}
	if err := dst.Commit(); err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "guidec build: %d %s in %s → %s (%s)\n", res.Pages, plural(res.Pages, "page"), time.Since(start).Round(time.Millisecond), *out, res.Diags.Summary())
	if res.Failed {
		fmt.Fprintf(stderr, "guidec build: published with pages that could not be built correctly: the calls that failed are left out (--keep-going)\n")
	}
	if failed {
		fmt.Fprintf(stderr, "guidec build: published with errors (--keep-going)\n")
		return exitInput
	}
	return exitOK
}

// publishDecision says whether a build must not publish, and why: a page
// that could not be built stops it unless --keep-going (which publishes
// the site with that page as far as it was built (the calls that failed
// left out), when the site's own files were written);
// errors found by the checks (and warnings, with --strict) stop it unless
// --keep-going.
func publishDecision(res *build.Result, failed, keepGoing bool) (bool, string) {
	switch {
	case res.Failed && (!keepGoing || !res.Finished || res.Pages == 0):
		return true, "a page could not be built"
	case failed && !keepGoing:
		return true, "not published (--keep-going publishes anyway)"
	}
	return false, ""
}

func printText(w io.Writer, l diag.List, term io.Writer) {
	diag.PrintText(w, l, diag.TextOptions{Color: colorEnabled(term), Context: true})
}

// openVerifier returns the client secret verifier of a run with the
// digest limits of the flags (validated by common.validate) and its cache
// on disk, or without a cache when it cannot be opened.
func (c *common) openVerifier(cmd string, stderr io.Writer) *digest.Verifier {
	opts, _ := c.digest.options()
	v, err := newVerifier(opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: digest cache: %v (continuing without it)\n", cmd, err)
	}
	if v == nil {
		v, _ = digest.NewVerifier(append(opts, digest.WithCacheFile(""))...)
	}
	return v
}

func saveVerifier(v *digest.Verifier, cmd string, stderr io.Writer) {
	if err := v.Save(); err != nil {
		fmt.Fprintf(stderr, "%s: saving digest cache: %v\n", cmd, err)
	}
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
