package serve

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/guidec/guidec/internal/publish"
)

// Paths of the server's own endpoints. No guide can be published under
// them: guide names start with a letter or digit.
const (
	prefix          = "/__guidec/"
	pathEvents      = prefix + "events"
	pathScript      = prefix + "livereload.js"
	pathDiagnostics = prefix + "diagnostics.json"
)

//go:embed livereload.js
var liveReloadJS []byte

// ServeHTTP serves the current snapshot and the live reload endpoints.
// Only the snapshot in memory is served, so no request path can reach the
// file system; paths that try to leave the site (dot segments, encoded
// slashes or backslashes) are refused all the same, with 400.
//
// A request for a host the server is not meant to be reached by (see
// hostPolicy) is refused first, with 421, whatever it asks for; the
// endpoints that hold data (events, diagnostics) also refuse requests from
// other origins, with 403.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if !s.hosts.Load().allows(r.Host) {
		s.misdirected(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p, ok := requestPath(r)
	if !ok {
		http.Error(w, "bad request path", http.StatusBadRequest)
		return
	}
	if (p == pathEvents || p == pathDiagnostics) && !sameOrigin(r) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	switch p {
	case pathEvents:
		s.serveEvents(w, r)
		return
	case pathScript:
		serveBytes(w, r, "livereload.js", liveReloadJS)
		return
	case pathDiagnostics:
		s.serveDiagnostics(w, r)
		return
	}
	if strings.HasPrefix(p, prefix) {
		s.notFound(w, r)
		return
	}
	s.serveFile(w, r, p)
}

// requestPath returns the decoded path of r when it is a plain site path:
// absolute, without dot segments, empty segments, backslashes, control
// characters, or slashes and backslashes that were percent-encoded (which
// would otherwise hide a segment boundary).
func requestPath(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return "", false
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\") ||
		strings.ContainsFunc(p, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
		return "", false
	}
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		if seg == "." || seg == ".." || seg == "" && i != len(segs)-1 {
			return "", false
		}
	}
	return p, true
}

// serveFile serves p ("/", "/romm/", "/css/site.css") from the snapshot.
// A directory is served by its index.html; without the trailing slash it
// redirects, so that relative links in the page resolve.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, p string) {
	snap := s.current()
	files := snap.Files
	s.setBuild(w, snap.Seq)
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if publish.CheckPath(name) != nil {
		s.notFound(w, r)
		return
	}
	if data, ok := files[name]; ok {
		serveBytes(w, r, name, data)
		return
	}
	if _, ok := files[name+"/index.html"]; ok {
		u := *r.URL
		u.Path = p + "/"
		u.RawPath = ""
		http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
		return
	}
	s.notFound(w, r)
}

// serveBytes writes one file with its content type (HEAD and ranges
// included).
func serveBytes(w http.ResponseWriter, r *http.Request, name string, data []byte) {
	w.Header().Set("Content-Type", contentType(name))
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// contentTypes are the types of the files a site holds. A fixed table
// rather than the system's MIME database, so that every machine serves
// the same headers.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/plain; charset=utf-8",
	".yml":   "text/plain; charset=utf-8",
	".yaml":  "text/plain; charset=utf-8",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".svg":   "image/svg+xml",
	".ico":   "image/vnd.microsoft.icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
	".mp4":   "video/mp4",
	".webm":  "video/webm",
}

func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// notFoundPage is served for every missing path. It loads the live reload
// script, so that a page being created appears as soon as it builds. It is
// parsed on first use, not in the init of every guidec process.
var notFoundPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("404").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found</title>
<script src="{{ .Script }}" defer></script>
</head>
<body>
<h1>Not found</h1>
<p>Nothing is published at <code>{{ .Path }}</code> (yet). This page reloads when it is.</p>
<p><a href="/">Home</a></p>
</body>
</html>
`))
})

// buildTiming is the Server-Timing metric that tells a page which build it
// shows, so that its script notices builds it missed while loading.
const buildTiming = "guidec-build"

// setBuild names the build a response comes from: the live reload script
// reads it from the page's navigation timing entry.
func (s *Server) setBuild(w http.ResponseWriter, seq int) {
	w.Header().Set("Server-Timing", fmt.Sprintf("%s;desc=\"%s:%d\"", buildTiming, s.instance, seq))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.setBuild(w, s.current().Seq)
	var buf bytes.Buffer
	notFoundPage().Execute(&buf, struct{ Script, Path string }{pathScript, r.URL.Path})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// maxRefusedLogged caps the refused hosts named in the log, which a page
// trying names in a loop would otherwise fill.
const maxRefusedLogged = 10

// misdirected refuses a request for a host the server does not answer,
// and says so in the log once per host: the writer reaching the preview
// by a LAN name learns which flag allows it.
func (s *Server) misdirected(w http.ResponseWriter, r *http.Request) {
	s.refusedMu.Lock()
	n := len(s.refused)
	first := !s.refused[r.Host] && n <= maxRefusedLogged
	if first {
		s.refused[r.Host] = true
	}
	s.refusedMu.Unlock()
	switch {
	case first && n < maxRefusedLogged:
		s.warn("refused a request for host %q, which is not an address of this server (a DNS rebinding attempt, or a name to allow with --allowed-host)", r.Host)
	case first:
		s.warn("refused requests for more hosts; no longer naming them")
	}
	http.Error(w, fmt.Sprintf("misdirected request: guidec serve does not answer for host %q", r.Host), http.StatusMisdirectedRequest)
}
