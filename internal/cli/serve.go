package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"runtime"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [flags]", stderr)
	var c common
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on (loopback by default)")
	open := fs.Bool("open", false, "open the site in the default browser")
	check := fs.Bool("check", true, "also run the snippet checkers, as guidec check does")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	if err := c.validate(); err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	stderr = withColor(stderr, c.color)
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "guidec serve: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	opt.Log = nil // progress comes from the server, once per build
	if err := checkLoopback(*addr, stderr); err != nil {
		fmt.Fprintf(stderr, "guidec serve: --addr: %v\n", err)
		return exitUsage
	}
	ln, err := serve.Listen(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	var verifier *digest.Verifier
	if *check {
		opt.Check = true
		verifier = c.openVerifier("guidec serve", stderr)
		opt.Digests = verifier
	}
	srv := serve.New(serveOptions(&c, opt, *open, stderr))
	ctx, stop := interruptContext()
	defer stop()
	err = srv.Serve(ctx, ln)
	if verifier != nil {
		saveVerifier(verifier, "guidec serve", stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(stderr, "guidec serve: stopped")
	return exitOK
}

// serveOptions maps the flags to the server's options.
func serveOptions(c *common, opt build.Options, open bool, stderr io.Writer) serve.Options {
	return serve.Options{
		Build:         opt,
		SourceDir:     c.source,
		ShortcodesDir: c.shortcodesDir,
		SiteDir:       c.siteDir,
		Log:           stderr,
		Color:         colorEnabled(stderr),
		Verbose:       c.verbose,
		Ready: func(url string) {
			fmt.Fprintf(stderr, "guidec serve: serving %s (Ctrl-C to stop)\n", url)
			if open {
				openBrowser(url, stderr)
			}
		},
	}
}

// checkLoopback validates addr and warns when it is not a loopback
// address: the preview shows drafts and diagnostics to whoever connects.
func checkLoopback(addr string, stderr io.Writer) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "guidec serve: warning: listening on %q exposes drafts and diagnostics beyond this machine\n", host)
	}
	return nil
}

// openBrowser opens url in the desktop's browser, without waiting for it.
func openBrowser(url string, stderr io.Writer) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "guidec serve: --open: %v\n", err)
		return
	}
	go func() {
		if err := cmd.Wait(); err != nil && !errors.Is(err, exec.ErrNotFound) {
			fmt.Fprintf(stderr, "guidec serve: --open: %v\n", err)
		}
	}()
}
