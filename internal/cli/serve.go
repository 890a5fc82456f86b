package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/publish"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--source DIR] [--addr HOST:PORT] [--drafts]", stderr)
	var c common
	c.register(fs)
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on (loopback by default)")
	if done, code := parse(fs, args, stdout); done {
		return code
	}
	opt, err := c.options(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: --addr: %v\n", err)
		return exitUsage
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "guidec serve: warning: listening on %s exposes drafts and previews beyond this machine\n", host)
	}
	mem := &publish.MemOutput{}
	opt.Output = mem
	opt.BaseURL = "http://" + *addr + "/"
	res, err := build.Run(context.Background(), opt)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	printText(stderr, res.Diags, stderr)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "guidec serve: %v (is another server using the port?)\n", err)
		return exitUsage
	}
	srv := &http.Server{
		Handler:           noStore(http.FileServerFS(mem.FS())),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(stderr, "guidec serve: %d pages at http://%s/ (Ctrl-C to stop)\n", res.Pages, ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "guidec serve: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}
