package serve

import (
	"net/http"
	"net/http/httptest"
	"net/url"
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
		req := httptest.NewRequest("GET", "/", nil)
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
