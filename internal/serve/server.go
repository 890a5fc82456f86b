package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
)

// Options configure a Server.
type Options struct {
	// Build configures the builds; Build.Source is the guides directory,
	// which SourceDir names on disk. Build.BaseURL defaults to the
	// listener's address.
	Build build.Options
	// SourceDir is watched for changes to the guides. ShortcodesDir and
	// SiteDir are watched when set: leave them empty for the copies
	// embedded in guidec, which never change.
	SourceDir, ShortcodesDir, SiteDir string
	// ProjectDirs are the directories of a Hugo project whose files the
	// shortcodes read (its layouts/ and data/, its themes' template
	// directories): a change in one reloads the templates and data and
	// renders again the pages they affect. They may be absent, or created
	// and deleted while the server runs.
	ProjectDirs []string
	// Log receives the diagnostics and progress of every build; nil
	// discards them.
	Log io.Writer
	// Color colours Log's diagnostics; Verbose includes info diagnostics
	// in Log and in the overlay.
	Color, Verbose bool
	// Debounce is how long the server waits for more file changes before
	// it rebuilds; 0 means DefaultDebounce.
	Debounce time.Duration
	// Ready, when set, is called with the site's URL once the first build
	// is served.
	Ready func(url string)
	// AllowedHosts are host names (or IP addresses) the server answers
	// for besides loopback ones and the address it listens on: a LAN
	// name by which other machines reach it. Requests for any other host
	// are refused, against DNS rebinding (see hostPolicy).
	AllowedHosts []string
}

// DefaultDebounce is the wait for more changes after one: an editor's save
// is a burst of events (write to a temporary file, rename, chmod) within a
// few milliseconds.
const DefaultDebounce = 30 * time.Millisecond

// Server serves the site of a build.Session over HTTP and rebuilds it when
// its inputs change. Requests are answered from immutable snapshots that
// each build swaps in whole, so no request sees a half-built site.
type Server struct {
	opt      Options
	instance string
	snap     atomic.Pointer[build.Snapshot]
	broker   *broker
	printed  map[string]bool // diagnostics already printed to Log

	hosts     atomic.Pointer[hostPolicy]
	refusedMu sync.Mutex
	refused   map[string]bool // hosts refused, named in Log once

	// missing names the watched directories that are gone (deleted or
	// moved away); no build runs until they are back.
	missing atomic.Pointer[[]string]
	held    build.Change // the changes seen while they are gone
}

// New returns a server for opt.
func New(opt Options) *Server {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	// Requests (refused hosts) and the watcher write to it too.
	opt.Log = &lockedWriter{w: opt.Log}
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	var id [8]byte
	rand.Read(id[:])
	s := &Server{opt: opt, instance: hex.EncodeToString(id[:]), broker: newBroker(), refused: map[string]bool{}}
	s.snap.Store(&build.Snapshot{Files: map[string][]byte{}})
	s.hosts.Store(loopbackPolicy())
	s.missing.Store(&[]string{})
	return s
}

// lockedWriter serialises the writes of several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// current returns the snapshot being served.
func (s *Server) current() *build.Snapshot { return s.snap.Load() }

// ErrAddrInUse is returned (wrapped) by Listen when another process holds
// the address.
var ErrAddrInUse = errors.New("address already in use")

// Listen opens the TCP listener for addr ("127.0.0.1:1313"), with a clear
// error when the port is taken.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%w: %s is taken (is another guidec serve running?); choose another port with --addr", ErrAddrInUse, addr)
	}
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve builds the site, serves it on ln and rebuilds it on every change
// until ctx is done, then shuts down cleanly. Problems in the guides never
// stop it; the error is for the watcher or listener failing, or for
// Options.AllowedHosts holding something that is no host name.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hosts, err := newHostPolicy(ln.Addr(), s.opt.AllowedHosts)
	if err != nil {
		return err
	}
	s.hosts.Store(hosts)
	bopt := s.opt.Build
	if bopt.BaseURL == "" {
		bopt.BaseURL = siteURL(ln.Addr())
	}
	session := build.NewSession(bopt, build.WithLiveReload())
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Watch before the first build, so that no change made during it is
	// lost.
	w, err := newWatcher(s.roots(), s.opt.Debounce, s.warn)
	if err != nil {
		return err
	}
	s.watched(batch{missing: w.missing()}) // gone already: say so
	go w.run(ctx)
	if err := s.rebuild(ctx, session, build.Change{All: true}); err != nil {
		return nil // cancelled during the first build
	}
	srv := s.httpServer()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if s.opt.Ready != nil {
		s.opt.Ready(bopt.BaseURL)
	}
	for {
		select {
		case <-ctx.Done():
			return s.shutdown(srv, errc)
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case b := <-w.out:
			ch, ok := s.watched(b)
			if !ok {
				continue
			}
			if err := s.rebuild(ctx, session, ch); err != nil {
				return s.shutdown(srv, errc)
			}
		}
	}
}

// siteURL is the URL of the site served on addr. A server bound to every
// address (0.0.0.0, ::) is named by localhost, which a browser can open
// and which the host policy answers.
func siteURL(addr net.Addr) string {
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("localhost", strconv.Itoa(ta.Port)) + "/"
	}
	return "http://" + addr.String() + "/"
}

// watched takes in a batch of the watcher and returns the change to build,
// if one can be built. While a watched directory is gone nothing can
// (the site would lose every guide, or fail on the missing templates), so
// the changes are held and the pages told why the site does not change;
// the watcher reports a directory that comes back as replaced, with a
// change that rebuilds everything.
func (s *Server) watched(b batch) (build.Change, bool) {
	was := *s.missing.Load()
	for _, n := range b.replaced {
		if slices.Contains(was, n) {
			fmt.Fprintf(s.opt.Log, "guidec serve: %s is back; rebuilding everything\n", n)
		} else {
			fmt.Fprintf(s.opt.Log, "guidec serve: %s was replaced; watching the new one and rebuilding everything\n", n)
		}
	}
	for _, n := range b.missing {
		if !slices.Contains(was, n) || slices.Contains(b.replaced, n) {
			fmt.Fprintf(s.opt.Log, "guidec serve: %s is gone (deleted or moved away); serving the last site built until it is back\n", n)
		}
	}
	missing := slices.Clone(b.missing)
	s.missing.Store(&missing)
	s.held = mergeChange(s.held, b.change)
	if len(missing) > 0 {
		if !slices.Equal(was, missing) {
			// No build: tell the pages to redraw their overlay.
			ev := newEvent(s.current())
			ev.Changed, ev.All, ev.CSS = []string{}, false, false
			ev.Missing = missing
			s.broker.publish(sseMessage("build", ev))
		}
		return build.Change{}, false
	}
	ch := s.held
	s.held = build.Change{}
	return ch, true
}

// mergeChange returns the union of a and b.
func mergeChange(a, b build.Change) build.Change {
	return build.Change{
		Guides:     append(a.Guides[:len(a.Guides):len(a.Guides)], b.Guides...),
		Shortcodes: a.Shortcodes || b.Shortcodes,
		Site:       a.Site || b.Site,
		All:        a.All || b.All,
	}
}

// httpServer returns the HTTP server, with timeouts so that no client can
// hold a connection by sending slowly.
func (s *Server) httpServer() *http.Server {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second, // the event stream lifts it for itself
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	// Event streams never go idle: end them, or Shutdown waits for them.
	srv.RegisterOnShutdown(s.broker.close)
	return srv
}

// shutdown stops the HTTP server: requests in flight get a grace period,
// then every connection is closed (an accepted connection on which no
// request ever came, as HTTP clients open in advance, would otherwise hold
// Shutdown for seconds).
func (s *Server) shutdown(srv *http.Server, errc chan error) error {
	grace, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// shutdownGrace is how long requests in flight may take at shutdown.
const shutdownGrace = 2 * time.Second

// rebuild builds ch, swaps the snapshot in, reports it and tells the
// pages. The error is only for a cancelled ctx.
func (s *Server) rebuild(ctx context.Context, session *build.Session, ch build.Change) error {
	start := time.Now()
	snap, err := session.Build(ctx, ch)
	if err != nil {
		return err
	}
	s.snap.Store(snap)
	s.printBuild(s.opt.Log, snap, time.Since(start).Round(100*time.Microsecond).String())
	s.broker.publish(sseMessage("build", newEvent(snap)))
	return nil
}

// newEvent summarises a build for the pages.
func newEvent(snap *build.Snapshot) event {
	ev := event{Seq: snap.Seq, Changed: []string{}, Stale: snap.Stale, Failed: snap.Err != nil, Missing: []string{}}
	if ev.Stale == nil {
		ev.Stale = []string{}
	}
	ev.Errors, ev.Warnings = snap.Diags.Count(diag.Error), snap.Diags.Count(diag.Warning)
	if len(snap.Changed) > maxChanged {
		ev.All = true
		return ev
	}
	ev.Changed = append(ev.Changed, snap.Changed...)
	ev.CSS = len(ev.Changed) > 0
	for _, n := range ev.Changed {
		ev.CSS = ev.CSS && strings.HasSuffix(n, ".css")
	}
	return ev
}

// roots lists the directories to watch.
func (s *Server) roots() []root {
	var rs []root
	for _, r := range []struct {
		dir  string
		kind rootKind
	}{{s.opt.SourceDir, rootSource}, {s.opt.ShortcodesDir, rootShortcodes}, {s.opt.SiteDir, rootSite}} {
		if r.dir == "" {
			continue
		}
		abs, err := filepath.Abs(r.dir)
		if err != nil {
			abs = r.dir
		}
		rs = append(rs, root{dir: filepath.Clean(abs), kind: r.kind, name: r.dir})
	}
	for _, d := range s.opt.ProjectDirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			abs = d
		}
		abs = filepath.Clean(abs)
		if slices.ContainsFunc(rs, func(r root) bool { return r.dir == abs }) {
			continue
		}
		rs = append(rs, root{dir: abs, kind: rootShortcodes, name: d, optional: true})
	}
	return rs
}

func (s *Server) warn(format string, args ...any) {
	fmt.Fprintf(s.opt.Log, "guidec serve: warning: "+format+"\n", args...)
}
