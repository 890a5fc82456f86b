package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/check"
	"github.com/guidec/guidec/internal/check/authelia"
)

// defaultHeadline are the releases of the upgrade report's summary
// columns: the last 4.38, the first 4.39 and the newest release known.
var defaultHeadline = []string{"4.38", "4.39.0", "latest"}

func runUpgradeReport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("upgrade-report", "upgrade-report [--source DIR] [--format md|json] [--release RELEASE]…", stderr)
	var c common
	c.register(fs)
	format := fs.String("format", "md", "output format: md or json")
	releases := fs.StringArray("release", nil, "a release of the summary columns (default 4.38, 4.39.0 and latest; repeatable)")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	if *format != "md" && *format != "json" {
		fmt.Fprintf(stderr, "guidec upgrade-report: unknown --format %q (md, json)\n", *format)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "guidec upgrade-report: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	headline := *releases
	if len(headline) == 0 {
		headline = defaultHeadline
	}
	report, err := authelia.NewUpgradeReport(headline)
	if err != nil {
		fmt.Fprintf(stderr, "guidec upgrade-report: --release: %v\n", err)
		return exitUsage
	}
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec upgrade-report: %v\n", err)
		return exitUsage
	}
	opt.Check = true
	opt.Checkers = []*check.Checker{report.Checker()}
	ctx, stop := interruptContext()
	defer stop()
	// The profile covers the run and the report's writing: the report is
	// computed by the run's checker and written after it.
	if err := c.prof.start(); err != nil {
		fmt.Fprintf(stderr, "guidec upgrade-report: %v\n", err)
		return exitUsage
	}
	defer c.prof.stop(stderr)
	res, err := build.Run(ctx, opt)
	if err != nil {
		fmt.Fprintf(stderr, "guidec upgrade-report: %v\n", err)
		return exitUsage
	}
	report.Sort()
	if *format == "json" {
		err = report.WriteJSON(stdout)
	} else {
		err = report.WriteMarkdown(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "guidec upgrade-report: %v\n", err)
		return exitUsage
	}
	if res.Failed {
		// The report covers the guides that loaded; the others cannot be
		// judged and their problems are `guidec check`'s to show.
		fmt.Fprintf(stderr, "guidec upgrade-report: %s; run guidec check for them\n", res.Diags.Summary())
	}
	return exitOK
}

// parseAgainst validates and normalises --against releases.
func parseAgainst(names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	var all []string
	for _, n := range names {
		all = append(all, strings.Split(n, ",")...)
	}
	return authelia.ParseReleases(all)
}
