package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guidec/guidec/internal/build"
)

// testServer serves a small fixed snapshot.
func testServer() *Server {
	s := New(Options{})
	s.snap.Store(&build.Snapshot{Seq: 1, Files: map[string][]byte{
		"index.html":         []byte("<!DOCTYPE html><title>home</title>"),
		"romm/index.html":    []byte("<!DOCTYPE html><title>romm</title>"),
		"romm/shot.png":      []byte("\x89PNG\r\n\x1a\n"),
		"css/site.css":       []byte("body{}"),
		"js/site.js":         []byte("'use strict';"),
		"index.json":         []byte("[]"),
		"sitemap.xml":        []byte("<?xml version=\"1.0\"?><urlset></urlset>"),
		"favicon.svg":        []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
		"downloads/data.bin": []byte{0, 1, 2},
	}})
	return s
}

// localRequest returns a request for target as a browser on this machine
// sends it (httptest.NewRequest names example.com, which is refused).
func localRequest(method, target string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.Host = "localhost"
	return r
}

// TestContentTypes checks the headers of each kind of file.
func TestContentTypes(t *testing.T) {
	s := testServer()
	for _, c := range []struct{ path, ctype string }{
		{"/", "text/html; charset=utf-8"},
		{"/romm/", "text/html; charset=utf-8"},
		{"/romm/index.html", "text/html; charset=utf-8"},
		{"/romm/shot.png", "image/png"},
		{"/css/site.css", "text/css; charset=utf-8"},
		{"/js/site.js", "text/javascript; charset=utf-8"},
		{"/index.json", "application/json"},
		{"/sitemap.xml", "application/xml; charset=utf-8"},
		{"/favicon.svg", "image/svg+xml"},
		{"/downloads/data.bin", "application/octet-stream"},
		{pathScript, "text/javascript; charset=utf-8"},
		{pathDiagnostics, "application/json"},
	} {
		for _, method := range []string{"GET", "HEAD"} {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, localRequest(method, c.path))
			if rec.Code != http.StatusOK {
				t.Errorf("%s %s: status %d", method, c.path, rec.Code)
			}
			if got := rec.Header().Get("Content-Type"); got != c.ctype {
				t.Errorf("%s %s: Content-Type %q, want %q", method, c.path, got, c.ctype)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s %s: Cache-Control %q", method, c.path, got)
			}
			if st := rec.Header().Get("Server-Timing"); strings.HasPrefix(c.path, "/__") == (st != "") {
				t.Errorf("%s %s: Server-Timing %q", method, c.path, st)
			}
			if method == "HEAD" && rec.Body.Len() != 0 {
				t.Errorf("HEAD %s: a body", c.path)
			}
		}
	}
}

// TestNotFoundAndRedirects checks missing files, directories without a
// slash and the refusal of other methods and of directory listings.
func TestNotFoundAndRedirects(t *testing.T) {
	s := testServer()
	for _, c := range []struct {
		method, path string
		code         int
		location     string
	}{
		{"GET", "/romm", http.StatusMovedPermanently, "/romm/"},
		{"GET", "/romm?x=1", http.StatusMovedPermanently, "/romm/?x=1"},
		{"GET", "/nothing/", http.StatusNotFound, ""},
		{"GET", "/css/", http.StatusNotFound, ""}, // no listing
		{"GET", "/css", http.StatusNotFound, ""},
		{"GET", "/__guidec/other", http.StatusNotFound, ""},
		{"POST", "/", http.StatusMethodNotAllowed, ""},
		{"DELETE", "/romm/", http.StatusMethodNotAllowed, ""},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, localRequest(c.method, c.path))
		if rec.Code != c.code || rec.Header().Get("Location") != c.location {
			t.Errorf("%s %s: %d %q, want %d %q", c.method, c.path, rec.Code, rec.Header().Get("Location"), c.code, c.location)
		}
		if rec.Code == http.StatusNotFound && (!strings.Contains(rec.Body.String(), pathScript) || rec.Header().Get("Content-Type") != "text/html; charset=utf-8") {
			t.Errorf("%s: the 404 page lacks the live reload script", c.path)
		}
	}
}

// TestPathTraversal sends raw requests that try to leave the site and
// checks that they are refused and reveal nothing.
func TestPathTraversal(t *testing.T) {
	s := testServer()
	srv := httptest.NewServer(s)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, c := range []struct {
		target string
		code   int
	}{
		{"/../../../../etc/passwd", 400},
		{"/romm/../../go.mod", 400},
		{"/%2e%2e/%2e%2e/etc/passwd", 400},
		{"/%2E%2E/go.mod", 400},
		{"/romm/%2e%2e/index.html", 400},
		{"/romm%2findex.html", 400},
		{"/romm%2Findex.html", 400},
		{"/..%2f..%2fetc%2fpasswd", 400},
		{"/..\\..\\etc\\passwd", 400},
		{"/romm%5c..%5cindex.html", 400},
		{"/./index.html", 400},
		{"//etc/passwd", 400},
		{"/romm//index.html", 400},
		{"/%00", 400},
		{"/romm/%252e%252e/x", 404},
		{"/romm/index.md", 404},
		{"http://localhost/../etc/passwd", 400},
		{"http://example.com/romm/", 421}, // the absolute target names the host
		{"/romm/", 200},
	} {
		code, body := rawGet(t, addr, c.target)
		if code != c.code {
			t.Errorf("GET %s: %d, want %d", c.target, code, c.code)
		}
		if c.code != 200 && (strings.Contains(body, "root:") || strings.Contains(body, "module ")) {
			t.Errorf("GET %s: leaked %q", c.target, body)
		}
	}
}

// rawGet sends target as written, bypassing any client-side cleaning.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRequestPath is the table of accepted and refused paths.
func TestRequestPath(t *testing.T) {
	for _, c := range []struct {
		target string
		ok     bool
	}{
		{"/", true},
		{"/romm/", true},
		{"/romm/a%20b.png", true},
		{"/romm/..", false},
		{"/romm/.", false},
		{"/a//b", false},
		{"/a%2fb", false},
		{"/a%5Cb", false},
		{"/a\\b", false},
		{"/a%0ab", false},
		{"/a%7fb", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		var err error
		if r.URL, err = url.ParseRequestURI(c.target); err != nil {
			t.Fatal(err)
		}
		if _, ok := requestPath(r); ok != c.ok {
			t.Errorf("requestPath(%q) = %v, want %v", c.target, ok, c.ok)
		}
	}
}

// TestEventStreamOutlivesTimeouts checks that an event stream stays open
// beyond the server's read and write timeouts and still delivers events.
func TestEventStreamOutlivesTimeouts(t *testing.T) {
	s := testServer()
	srv := httptest.NewUnstartedServer(s)
	srv.Config.ReadTimeout = 100 * time.Millisecond
	srv.Config.WriteTimeout = 100 * time.Millisecond
	srv.Start()
	defer srv.Close()
	defer s.broker.close() // ends the stream, which Close waits for
	h := &harness{t: t, url: srv.URL}
	st := h.subscribe()
	time.Sleep(400 * time.Millisecond) // several timeouts
	s.broker.publish(sseMessage("build", event{Seq: 7, Changed: []string{}}))
	if ev := st.waitFor("the event after the timeouts", func(event) bool { return true }); ev.Seq != 7 {
		t.Errorf("event %+v", ev)
	}
}
