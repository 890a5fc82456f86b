package cli

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"runtime"
	"slices"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/digest"
	"github.com/guidec/guidec/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [flags]", stderr)
	var c common
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on (loopback by default)")
	allowed := fs.StringArray("allowed-host", nil, "also answer requests for this host `NAME` (a LAN name by which other machines reach --addr); repeatable.\nOther names are refused, against DNS rebinding")
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
	hosts, err := allowedHosts(*addr, *allowed)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: --allowed-host: %v\n", err)
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
	sopt := serveOptions(&c, opt, *open, stderr)
	sopt.AllowedHosts = hosts
	srv := serve.New(sopt)
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
		ProjectDirs:   c.projectDirs,
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
		where := fmt.Sprintf("%q", host)
		if host == "" || ip != nil && ip.IsUnspecified() {
			where = "every address of this machine"
		}
		fmt.Fprintf(stderr, "guidec serve: warning: listening on %s exposes drafts and diagnostics beyond this machine\n", where)
	}
	return nil
}

// allowedHosts returns the host names the server answers besides loopback
// ones and the address it listens on: the --allowed-host flags, and the
// host of --addr when it is a name (which the listener resolves to an
// address), since the writer will open the site by it.
func allowedHosts(addr string, flags []string) ([]string, error) {
	hosts := slices.Clone(flags)
	for _, h := range hosts {
		if err := serve.CheckAllowedHost(h); err != nil {
			return nil, err
		}
	}
	if host, _, err := net.SplitHostPort(addr); err == nil && host != "" && net.ParseIP(host) == nil {
		if serve.CheckAllowedHost(host) == nil {
			hosts = append(hosts, host)
		}
	}
	return hosts, nil
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
