package serve

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzServePath sends arbitrary request paths to the handler: it never
// panics, answers 200 only with a file of the snapshot (or its own script
// and reports), and never for a path with a dot segment or an encoded
// slash.
func FuzzServePath(f *testing.F) {
	for _, seed := range []string{
		"/", "/romm/", "/romm", "/romm/shot.png", "/../etc/passwd", "/%2e%2e/x", "/romm%2findex.html",
		"/a\\b", "//x", "/romm/./index.html", "/__guidec/livereload.js", "/__guidec/events/..", "/%00", "/css/",
	} {
		f.Add(seed)
	}
	s := testServer()
	files := s.current().Files
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil || strings.HasPrefix(target, pathEvents) {
			return // not a request line; the event stream never ends
		}
		req := localRequest("GET", "/")
		req.URL, req.RequestURI = u, target
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return
		}
		if strings.Contains(strings.ToLower(u.EscapedPath()), "%2f") {
			t.Fatalf("%q: 200 for an encoded slash", target)
		}
		for _, seg := range strings.Split(u.Path, "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("%q: 200 for a dot segment", target)
			}
		}
		if strings.HasPrefix(u.Path, prefix) {
			return
		}
		name := strings.TrimPrefix(u.Path, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if want, ok := files[name]; !ok || rec.Body.String() != string(want) {
			t.Fatalf("%q: 200 with a body that is not the file %q", target, name)
		}
	})
}

// FuzzHost sends arbitrary Host headers to the host policy of a loopback
// server: it never panics, and whatever it answers names this machine by
// an independent reading of the header (net.SplitHostPort, netip): the
// name localhost, or a loopback address.
func FuzzHost(f *testing.F) {
	for _, seed := range []string{
		"localhost:1313", "LocalHost.", "127.0.0.1", "[::1]:1313", "[::1%25lo]", "[::ffff:127.0.0.1]",
		"127.0.0.1.nip.io", "user@localhost", "localhost:1313:1", "::1", "[::1", "0x7f.1", "",
	} {
		f.Add(seed)
	}
	p := loopbackPolicy()
	f.Fuzz(func(t *testing.T, host string) {
		if !p.allows(host) {
			return
		}
		h := host
		if hh, port, err := net.SplitHostPort(host); err == nil {
			if n, err := strconv.Atoi(port); port != "" && (err != nil || n < 0 || n > 65535) {
				t.Fatalf("%q: allowed with port %q", host, port)
			}
			h = hh
		} else if strings.HasPrefix(host, "[") {
			h = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		}
		if i := strings.Index(h, "%25"); i >= 0 && strings.Contains(h, ":") {
			h = h[:i] // an IPv6 zone
		}
		h = strings.TrimSuffix(strings.ToLower(h), ".")
		if a, err := netip.ParseAddr(h); h != "localhost" && (err != nil || !a.Unmap().IsLoopback()) {
			t.Fatalf("%q: allowed, but names %q", host, h)
		}
	})
}
