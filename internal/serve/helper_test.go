package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/testenv"
)

// wait bounds every wait for the server in tests; events normally arrive
// within milliseconds.
const wait = 20 * time.Second

// syncBuffer is a log that tests read while the server writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// harness runs a server on a copy of the repository's guides, shortcodes
// and site, on a free loopback port.
type harness struct {
	t      testing.TB
	root   string
	url    string
	log    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// copyInputs copies the test guides (testdata/guides) and the
// repository's shortcodes and site under root.
func copyInputs(t testing.TB, root string) {
	t.Helper()
	repo := testenv.RepoRoot(t)
	for dst, src := range map[string]string{
		"guides":     "testdata/guides",
		"shortcodes": filepath.Join(repo, "shortcodes"),
		"site":       filepath.Join(repo, "site"),
	} {
		if err := os.CopyFS(filepath.Join(root, dst), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
}

// start serves the inputs under root (which copyInputs filled, unless
// they are there already), rebuilding 10 ms after changes.
func start(t testing.TB, root string, check bool) *harness {
	t.Helper()
	return startWith(t, root, check, 10*time.Millisecond)
}

func startWith(t testing.TB, root string, check bool, debounce time.Duration) *harness {
	t.Helper()
	guides, sc, site := filepath.Join(root, "guides"), filepath.Join(root, "shortcodes"), filepath.Join(root, "site")
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, root: root, log: &syncBuffer{}, done: make(chan error, 1)}
	ready := make(chan string, 1)
	s := New(Options{
		Build: build.Options{
			Source: os.DirFS(guides), SourceName: "guides",
			Shortcodes: os.DirFS(sc), Site: os.DirFS(site), Check: check,
		},
		SourceDir: guides, ShortcodesDir: sc, SiteDir: site,
		Log: h.log, Debounce: debounce,
		Ready: func(u string) { ready <- u },
	})
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- s.Serve(ctx, ln) }()
	select {
	case h.url = <-ready:
	case err := <-h.done:
		t.Fatalf("serve returned before the first build: %v", err)
	case <-time.After(wait):
		t.Fatal("no first build")
	}
	h.url = strings.TrimSuffix(h.url, "/")
	t.Cleanup(h.stop)
	return h
}

// stop shuts the server down and checks that it returns cleanly.
func (h *harness) stop() {
	h.t.Helper()
	if h.cancel == nil {
		return
	}
	// Connections the client opened in advance and never used would make
	// the server wait out its grace period.
	http.DefaultClient.CloseIdleConnections()
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("serve: %v", err)
		}
	case <-time.After(wait):
		h.t.Error("serve did not shut down")
	}
}

func (h *harness) path(rel string) string { return filepath.Join(h.root, filepath.FromSlash(rel)) }

func (h *harness) read(rel string) string {
	h.t.Helper()
	b, err := os.ReadFile(h.path(rel))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

func (h *harness) write(rel, content string) {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Dir(h.path(rel)), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(h.path(rel), []byte(content), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// get fetches a site path and returns the status and body.
func (h *harness) get(p string) (int, string, http.Header) {
	h.t.Helper()
	resp, err := http.Get(h.url + p)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// diagnostics fetches the overlay's report for a page.
func (h *harness) diagnostics(page string) diagReport {
	h.t.Helper()
	_, body, _ := h.get(pathDiagnostics + "?page=" + page)
	var rep diagReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		h.t.Fatalf("diagnostics.json: %v\n%s", err, body)
	}
	return rep
}

// stream is a test client of the event stream.
type stream struct {
	t      testing.TB
	resp   *http.Response
	hello  hello
	events chan event
}

// subscribe opens the event stream and waits for its hello.
func (h *harness) subscribe() *stream {
	h.t.Helper()
	resp, err := http.Get(h.url + pathEvents)
	if err != nil {
		h.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		h.t.Fatalf("event stream content type %q", ct)
	}
	s := &stream{t: h.t, resp: resp, events: make(chan event, 64)}
	hellos := make(chan hello, 1)
	go s.read(hellos)
	select {
	case s.hello = <-hellos:
	case <-time.After(wait):
		h.t.Fatal("no hello on the event stream")
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	return s
}

// read parses the stream until it ends.
func (s *stream) read(hellos chan<- hello) {
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	var name, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "":
			switch name {
			case "hello":
				var h hello
				if json.Unmarshal([]byte(data), &h) == nil {
					hellos <- h
				}
			case "build":
				var ev event
				if json.Unmarshal([]byte(data), &ev) == nil {
					s.events <- ev
				}
			}
			name, data = "", ""
		}
	}
}

// waitFor returns the first build event that satisfies ok.
func (s *stream) waitFor(what string, ok func(event) bool) event {
	s.t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case ev, open := <-s.events:
			if !open {
				s.t.Fatalf("event stream closed while waiting for %s", what)
			}
			if ok(ev) {
				return ev
			}
		case <-timeout:
			s.t.Fatalf("no build event with %s", what)
		}
	}
}

// changes returns a predicate: the event lists every file of names.
func changes(names ...string) func(event) bool {
	return func(ev event) bool {
		for _, n := range names {
			if !slices.Contains(ev.Changed, n) {
				return false
			}
		}
		return true
	}
}
