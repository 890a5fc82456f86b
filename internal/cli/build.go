package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/guidec/guidec"
	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
)

// common holds the flags build, check and serve share.
type common struct {
	source, site, shortcodes string
	drafts                   bool
	jobs                     int
	verbose                  bool
	prof                     profiling
}

func (c *common) register(fs *pflag.FlagSet) {
	fs.StringVar(&c.source, "source", "guides", "guides directory (each guide is NAME/index.md)")
	fs.BoolVar(&c.drafts, "drafts", false, "include guides with draft: true")
	fs.StringVar(&c.site, "site", "", "site directory (layouts, static, site.yaml); default ./site if present, else built in")
	fs.StringVar(&c.shortcodes, "shortcodes", "", "shortcode templates directory; default ./shortcodes if present, else built in")
	fs.IntVar(&c.jobs, "jobs", 0, "parallel workers (default: number of CPUs)")
	fs.BoolVarP(&c.verbose, "verbose", "v", false, "also print info diagnostics in text output")
	c.prof.register(fs)
}

// options resolves the directories into build options.
func (c *common) options(stderr io.Writer) (build.Options, error) {
	st, err := os.Stat(c.source)
	if err != nil {
		return build.Options{}, fmt.Errorf("--source: %w", err)
	}
	if !st.IsDir() {
		return build.Options{}, fmt.Errorf("--source: %s is not a directory", c.source)
	}
	site, err := templateDir(c.site, "site", guidec.Site)
	if err != nil {
		return build.Options{}, fmt.Errorf("--site: %w", err)
	}
	sc, err := templateDir(c.shortcodes, "shortcodes", guidec.Shortcodes)
	if err != nil {
		return build.Options{}, fmt.Errorf("--shortcodes: %w", err)
	}
	return build.Options{
		Source:     os.DirFS(c.source),
		SourceName: filepath.ToSlash(filepath.Clean(c.source)),
		Site:       site,
		Shortcodes: sc,
		Drafts:     c.drafts,
		Jobs:       c.jobs,
		Log:        stderr,
	}, nil
}

// templateDir picks an explicit directory, else ./def when it exists, else
// the embedded copy.
func templateDir(flag, def string, embedded func() fs.FS) (fs.FS, error) {
	if flag != "" {
		st, err := os.Stat(flag)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a directory", flag)
		}
		return os.DirFS(flag), nil
	}
	if st, err := os.Stat(def); err == nil && st.IsDir() {
		return os.DirFS(def), nil
	}
	return embedded(), nil
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [--source DIR] [--out DIR] [--drafts] [--base-url URL]", stderr)
	var c common
	c.register(fs)
	out := fs.String("out", "public", "output directory, replaced atomically on success")
	baseURL := fs.String("base-url", "", "absolute base URL of the published site (overrides site.yaml)")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "guidec build: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	limitMemory(c.source)
	opt.BaseURL = *baseURL
	dst, err := openOutput(*out, c.inputs())
	if err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	defer printOutputWarnings(dst, stderr)
	opt.Output = dst
	ctx, stop := interruptContext()
	defer stop()
	start := time.Now()
	if err := c.prof.start(); err != nil {
		dst.Abort()
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	res, err := build.Run(ctx, opt)
	c.prof.stop(stderr)
	if err != nil {
		dst.Abort()
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	printText(stderr, res.Diags.Shown(c.verbose), stderr)
	if res.Failed {
		dst.Abort()
		fmt.Fprintf(stderr, "guidec build: %s; %s left unchanged\n", res.Diags.Summary(), *out)
		return exitInput
	}
	if err := dst.Commit(); err != nil {
		fmt.Fprintf(stderr, "guidec build: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "guidec build: %d pages in %s → %s (%s)\n", res.Pages, time.Since(start).Round(time.Millisecond), *out, res.Diags.Summary())
	return exitOK
}

func printText(w io.Writer, l diag.List, term io.Writer) {
	diag.PrintText(w, l, diag.TextOptions{Color: colorEnabled(term), Context: true})
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}
