// Package browser tests the published site as readers use it: the site of
// guides/ (plus the fixture guide in testdata/guides) is built with
// internal/build into a temporary directory, served with net/http on
// 127.0.0.1, and driven in headless chromium through chromedp. The page
// budget test needs no browser.
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/guidec/guidec/internal/build"
	"github.com/guidec/guidec/internal/diag"
	"github.com/guidec/guidec/internal/publish"
)

// site is a built site being served.
type site struct {
	root  string   // the repository
	src   string   // the guides built: guides/ and testdata/guides
	dir   string   // the built files
	url   string   // "http://127.0.0.1:PORT/", also the build's base URL
	index []record // index.json, in home page order
	cfg   *publish.Config
}

// record is one entry of index.json.
type record struct {
	Name        string `json:"name"`
	URL         string `json:"url"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Support     string `json:"support"`
	Weight      int    `json:"weight"`
}

// fixture is the guide of testdata/guides that shows what guides/ lacks:
// formats, line numbers, every callout and a figure.
const fixture = "browser-fixture"

// shared is the one site every test uses: building it once keeps the
// suite fast, and nothing a test does in the browser changes it.
var shared struct {
	once    sync.Once
	site    *site
	err     error
	cleanup func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.cleanup != nil {
		shared.cleanup()
	}
	os.Exit(code)
}

// servedSite builds and serves the site on first use.
func servedSite(t testing.TB) *site {
	t.Helper()
	shared.once.Do(func() { shared.site, shared.cleanup, shared.err = buildAndServe() })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.site
}

// repoRoot walks up from the working directory to the one holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func buildAndServe() (s *site, cleanup func(), err error) {
	root, err := repoRoot()
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "guidec-browser-")
	if err != nil {
		return nil, nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	defer func() {
		if err != nil {
			cleanup()
		}
	}()
	src := filepath.Join(tmp, "guides")
	for _, dir := range []string{filepath.Join(root, "guides"), filepath.Join(root, "tests", "browser", "testdata", "guides")} {
		if err := os.CopyFS(src, os.DirFS(dir)); err != nil {
			return nil, nil, fmt.Errorf("copy %s: %w", dir, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	s = &site{root: root, src: src, dir: filepath.Join(tmp, "public"), url: "http://" + ln.Addr().String() + "/"}
	if err := s.build(src); err != nil {
		ln.Close()
		return nil, nil, err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(s.dir)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	rm := cleanup
	cleanup = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		rm()
	}
	return s, cleanup, nil
}

// build publishes the guides in src with the repository's shortcodes and
// site directory.
func (s *site) build(src string) error {
	out, err := publish.NewDirOutput(s.dir)
	if err != nil {
		return err
	}
	siteDir := os.DirFS(filepath.Join(s.root, "site"))
	res, err := build.Run(context.Background(), build.Options{
		Source: os.DirFS(src), SourceName: "guides",
		Shortcodes: os.DirFS(filepath.Join(s.root, "shortcodes")), Site: siteDir,
		BaseURL: s.url, Output: out,
	})
	if err != nil {
		out.Abort()
		return err
	}
	if res.Failed || res.Diags.Count(diag.Error) > 0 {
		out.Abort()
		var b bytes.Buffer
		diag.PrintText(&b, res.Diags, diag.TextOptions{})
		return fmt.Errorf("build failed:\n%s", b.String())
	}
	if err := out.Commit(); err != nil {
		return err
	}
	idx, err := os.ReadFile(filepath.Join(s.dir, "index.json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(idx, &s.index); err != nil {
		return fmt.Errorf("index.json: %w", err)
	}
	cfg, l := publish.LoadConfig(siteDir, "site.yaml")
	if l.Count(diag.Error) > 0 {
		return fmt.Errorf("site.yaml: %v", l)
	}
	s.cfg = cfg
	return nil
}

// page returns the URL of the guide called name ("" for the home page).
func (s *site) page(name string) string {
	if name == "" {
		return s.url
	}
	return s.url + name + "/"
}

// parse reads and parses a built file.
func (s *site) parse(t testing.TB, name string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// HTML helpers over golang.org/x/net/html: the tests' expectations come
// from the built files, independently of the page's script.

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	for _, c := range strings.Fields(v) {
		if c == class {
			return true
		}
	}
	return false
}

// findAll returns the elements under n, in document order, for which ok
// holds.
func findAll(n *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && ok(c) {
			out = append(out, c)
		}
	}
	return out
}

func inside(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

// visibleText is the text of n as a reader personalised it: line numbers
// (.ln, .lnt) left out, and each site variable with a value in values
// shown in its format.
func visibleText(n *html.Node, values map[string]string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type == html.ElementNode && (hasClass(n, "ln") || hasClass(n, "lnt")):
			return
		case n.Type == html.ElementNode && hasClass(n, "sitevar"):
			name, _ := attr(n, "data-sitevar")
			if v, ok := values[name]; ok {
				f, _ := attr(n, "data-format")
				b.WriteString(format(v, f))
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// format is what the sitevar formats mean (the sitevar shortcode's
// documentation): regex escapes the characters a regular expression reads
// as syntax, dn turns a domain into an LDAP DN.
func format(v, f string) string {
	switch f {
	case "regex":
		var b strings.Builder
		for _, r := range v {
			if strings.ContainsRune(`\^$.*+?()[]{}|`, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		return b.String()
	case "dn":
		var parts []string
		for _, p := range strings.Split(v, ".") {
			if p != "" {
				parts = append(parts, "DC="+p)
			}
		}
		return strings.Join(parts, ",")
	}
	return v
}
